#!/usr/bin/env python3
"""Writes the broken inputs of the golden error tests (tests/cli/test_golden_errors.py).
Deterministic; run it after a change and commit the output. `build()` returns
{relative path: bytes}. Each folder is one failure mode; its `cmd` (the commands) and
`expected` (exit codes and output) are written by hand / by the test's --regen mode, not here.
"""
import base64
import hashlib
import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def msg(key, subject, day="Mon, 06 Jan 2025", sender="alice@example.com", body="Hello.\n",
        extra=()):
    head = ["From: %s" % sender, "To: bob@example.com", "Subject: %s" % subject,
            "Date: %s 09:12:00 +0000" % day, "Message-ID: <%s@errors.test>" % key]
    return ("\n".join(head + list(extra)) + "\n\n" + body).encode()


def garbage(n, seed):
    out, h = b"", seed.encode()
    while len(out) < n:
        h = hashlib.sha256(h).digest()
        out += h
    return out[:n]


def zip_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name in ("inbox/1.eml", "inbox/2.eml"):
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 6, 9, 0, 0))
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, msg(name.replace("/", "-"), "Zipped " + name))
    return buf.getvalue()


def truncated_mbox():
    first = (b"From alice@example.com Mon Jan  6 09:12:00 2025\n" +
             msg("trunc-1", "First of two", body="The first message is complete.\n") + b"\n")
    att = base64.encodebytes(garbage(1024, "attachment"))
    second = (b"From bob@example.com Mon Jan  6 10:00:00 2025\n" + msg(
        "trunc-2", "Second, cut off", sender="bob@example.com",
        extra=["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b1"'],
        body=("--b1\nContent-Type: text/plain; charset=us-ascii\n\n"
              "The attachment below was cut in the middle.\n\n"
              '--b1\nContent-Type: application/octet-stream; name="data.bin"\n'
              'Content-Disposition: attachment; filename="data.bin"\n'
              "Content-Transfer-Encoding: base64\n\n")) + att[:300])
    return first + second


def truncated_multipart():
    return msg("trunc-multipart", "Report with two parts, cut off",
               extra=["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="XYZ"'],
               body=("This is a multi-part message in MIME format.\n\n"
                     "--XYZ\nContent-Type: text/plain; charset=utf-8\n\n"
                     "Quarterly report attached.\n\n"
                     "--XYZ\nContent-Type: text/csv; name=\"q1.csv\"\n"
                     "Content-Disposition: attachment; filename=\"q1.csv\"\n\n"
                     "region,revenue\nnorth,1200\nsouth,13"))


def no_separator():
    return (b"From: Alice <alice@example.com>\nTo: Bob <bob@example.com>\n"
            b"Subject: No blank line\nDate: Mon, 06 Jan 2025 09:12:00 +0000\n"
            b"Message-ID: <no-separator@errors.test>\n"
            b"This line should have been preceded by a blank line.\n"
            b"Second body line.\n")


def from_line_no_date():
    return (b"From alice@example.com Mon Jan  6 09:12:00 2025\n" +
            msg("from-no-date", "Travel notes",
                body="Notes for the trip.\n\n"
                     "From here on the road is unpaved, so plan for delays.\n"
                     "That line starts with \"From \" but is not a separator.\n") + b"\n")


def unescaped_separator():
    return (b"From alice@example.com Mon Jan  6 09:12:00 2025\n" +
            msg("pasted-log", "Pasted log",
                body="Here is the log you asked for:\n\n"
                     "From carol@example.com Tue Jan  7 10:00:00 2025\n"
                     "the line above was pasted from a mail log and not escaped.\n") + b"\n")


def build():
    f = {}
    f["empty-file/empty.eml"] = b""
    f["binary-garbage/garbage.eml"] = garbage(512, "binary-garbage")
    f["zip-archive/mail.zip"] = zip_bytes()
    f["truncated-mbox/truncated.mbox"] = truncated_mbox()
    f["truncated-multipart/truncated.eml"] = truncated_multipart()
    f["no-header-separator/no-blank-line.eml"] = no_separator()
    f["mbox-from-line-no-date/travel.mbox"] = from_line_no_date()
    f["mbox-unescaped-separator/log.mbox"] = unescaped_separator()
    f["mixed-good-bad/good.eml"] = msg("mixed-good", "A good message")
    f["mixed-good-bad/good.mbox"] = b"".join(
        b"From alice@example.com Tue Jan  7 09:12:00 2025\n" +
        msg("mixed-mbox-%d" % i, "Mbox message %d" % i, day="Tue, 07 Jan 2025") + b"\n"
        for i in (1, 2))
    f["mixed-good-bad/bad.eml"] = garbage(256, "mixed-bad")
    for d in ("truncated-pst", "truncated-pst-dist-list", "bad-query", "show-not-found",
              "no-index"):
        f[d + "/good.eml"] = msg(d + "-good", "Good message beside " + d)
    f["unreadable-file/mail/a.eml"] = msg("readable", "Readable")
    f["unreadable-file/mail/b.eml"] = msg("unreadable", "Unreadable", day="Tue, 07 Jan 2025")
    return f


def main():
    files = build()
    for rel, data in files.items():
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    print("wrote %d files under %s" % (len(files), HERE), file=sys.stderr)


if __name__ == "__main__":
    main()
