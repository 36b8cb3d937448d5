"""Hostile messages for tests/cli/test_hostile.py and the golden errors, made at test time
(the large ones are never committed). Each function returns the message's bytes."""
import base64
import gzip
import io
import os
import zipfile

ESCAPING_NAMES = ["../../etc/passwd", "/tmp/x", "..\\..\\win.ini", "con",
                  "报" * 100 + ".txt", "nul\x00byte.txt", "new\nline.txt", "..", "-rf"]


def head(key, subject, extra=()):
    lines = ["From: alice@example.com", "To: bob@example.com", "Subject: " + subject,
             "Date: Mon, 06 Jan 2025 09:12:00 +0000", "Message-ID: <%s@hostile.test>" % key]
    return "\n".join(lines + list(extra)) + "\n"


def nested(levels=40):
    """`levels` multiparts inside each other, the text at the bottom."""
    body = "Content-Type: text/plain; charset=us-ascii\n\nthe bottom of the nest\n"
    for i in reversed(range(levels)):
        b = "lvl%d" % i
        body = ('Content-Type: multipart/mixed; boundary="%s"\n\n--%s\n%s\n--%s--\n'
                % (b, b, body, b))
    return (head("nested-%d" % levels, "Nested %d levels" % levels, ["MIME-Version: 1.0"])
            + body).encode()


def header_flood(n=10000):
    flood = ["X-Flood-%d: value %d" % (i, i) for i in range(n)]
    return (head("flood", "Ten thousand headers", flood) + "\nUnder the flood.\n").encode()


def long_header(size=1 << 20):
    return (head("long-header", "One long header line", ["X-Long: " + "a" * size])
            + "\nAfter the long line.\n").encode()


def _with_attachments(key, subject, parts):
    """parts: (filename, content type, bytes) each, base64-encoded."""
    out = [head(key, subject, ["MIME-Version: 1.0",
                               'Content-Type: multipart/mixed; boundary="att"']),
           "\n--att\nContent-Type: text/plain; charset=us-ascii\n\nSee attached.\n"]
    for name, ctype, data in parts:
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        out.append('--att\nContent-Type: %s\nContent-Disposition: attachment; filename="%s"\n'
                   "Content-Transfer-Encoding: base64\n\n" % (ctype, quoted))
        out.append(base64.encodebytes(data).decode())
    out.append("--att--\n")
    return "".join(out).encode("utf-8", "surrogateescape")


def big_attachment(mb=50):
    """An attachment whose base64 is about `mb` megabytes."""
    data = os.urandom(mb * 3 * 1024 * 1024 // 4)
    return _with_attachments("big", "A %d MB attachment" % mb,
                             [("big.bin", "application/octet-stream", data)])


def bomb():
    """A gzip and a zip of 200 MB of zeros: never to be inflated."""
    zeros = b"\0" * (200 << 20)
    gz = gzip.compress(zeros, compresslevel=9, mtime=0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("zeros.bin", date_time=(2025, 1, 6, 9, 0, 0)), zeros,
                   compress_type=zipfile.ZIP_DEFLATED)
    return _with_attachments("bomb", "Compression bombs",
                             [("bomb.gz", "application/gzip", gz),
                              ("bomb.zip", "application/zip", buf.getvalue())])


def escaping_names():
    return _with_attachments("names", "Attachments named to escape",
                             [(n, "application/octet-stream", ("file %d\n" % i).encode())
                              for i, n in enumerate(ESCAPING_NAMES)])


def from_line_trick():
    """An mbox whose body hides a From_ line and a forged message after a blank line."""
    return (b"From alice@example.com Mon Jan  6 09:12:00 2025\n" +
            head("trick-1", "Harmless").encode() +
            b"\nNothing to see.\n\nFrom ceo@example.com Mon Jan  6 09:13:00 2025\n"
            b"From: ceo@example.com\nSubject: forged\n\nPay now.\n\n")


def big_text_attachment(mb=17):
    """A text attachment of `mb` MiB: more than is decoded for its text."""
    line = "the same line of a very long log file, over and over again\n"
    text = (line * ((mb << 20) // len(line) + 1))[:mb << 20]
    return (head("big-text", "A %d MiB log" % mb, [
        "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="t"']) +
        "\n--t\nContent-Type: text/plain\n\nThe log is attached.\n"
        '--t\nContent-Type: text/plain; name="app.log"\n'
        'Content-Disposition: attachment; filename="app.log"\n\n' + text + "\n--t--\n").encode()


def oversized_mbox(path, size):
    """Writes an mbox whose first message is `size` bytes (sparse: no disk), then a small one."""
    with open(path, "wb") as f:
        f.write(b"From alice@example.com Mon Jan  6 09:12:00 2025\n" +
                head("huge", "Huge").encode() + b"\n")
        f.seek(size)
        f.write(b"\n\nFrom bob@example.com Mon Jan  6 10:00:00 2025\n" +
                head("after-huge", "After the huge one").encode() + b"\nStill read.\n")
