#!/usr/bin/env python3
"""Writes the source-format fixtures (tests/cli/test_formats.py). Deterministic; run it after a
change and commit the output. `build()` returns {relative path: bytes}.

mbox-named-eml/archive.eml          an mbox of 3 messages with a .eml name
single-message-named-mbox/one.mbox  one message (no "From " line) with a .mbox name
maildir-with-tmp/                   cur/ (2), new/ (1) and tmp/ (1, a delivery in progress)
maildirpp/                          Maildir++: INBOX, .Projects, .Projects.Alpha with flags
mbox-status/flags.mbox              Status/X-Status combinations
mbox-no-trailing-newline/last.mbox  2 messages, the file ends in the middle of a line
crlf-mbox/crlf.mbox                 2 messages, CRLF line ends throughout
odd-headers/odd.eml                 a message detection cannot recognise (only unknown header
                                    names before From), read with --format eml
custodians/                         first-level folders are custodians (alice, bob, carol)
tree-with-mbox/                     a tree holding .eml files and an mbox (archive/old.mbox)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def msg(key, subject, day, sender="sam@example.com", extra=(), body=None):
    lines = ["From: %s" % sender, "To: team@example.com", "Subject: %s" % subject,
             "Date: %s Jan 2025 12:00:00 +0000" % day,
             "Message-ID: <%s@formats.test>" % key]
    lines += list(extra)
    lines += ["", body if body is not None else "Body of %s." % key, ""]
    return "\n".join(lines)


def envelope(day):
    return "From sam@example.com %s Jan %2d 12:00:00 2025\n" % (
        day.split(",")[0], int(day.split(",")[1]))


DAYS = ["Mon, 06", "Tue, 07", "Wed, 08", "Thu, 09", "Fri, 10", "Sat, 11", "Sun, 12",
        "Mon, 13", "Tue, 14", "Wed, 15"]


def mbox(entries):
    """entries: (day, message text); mboxrd with a blank line after each message."""
    return "".join(envelope(d) + m + "\n" for d, m in entries)


def build():
    f = {}
    f["mbox-named-eml/archive.eml"] = mbox([
        (DAYS[0], msg("mbox-eml-1", "Mbox named eml one", DAYS[0])),
        (DAYS[1], msg("mbox-eml-2", "Mbox named eml two", DAYS[1])),
        (DAYS[2], msg("mbox-eml-3", "Mbox named eml three", DAYS[2])),
    ]).encode()
    f["single-message-named-mbox/one.mbox"] = msg("single", "Single message named mbox",
                                                  DAYS[3]).encode()

    f["maildir-with-tmp/cur/1736510000.M1P1.host:2,S"] = msg("md-cur-1", "Maildir cur one",
                                                             DAYS[4]).encode()
    f["maildir-with-tmp/cur/1736520000.M2P1.host:2,FS"] = msg("md-cur-2", "Maildir cur two",
                                                              DAYS[5]).encode()
    f["maildir-with-tmp/new/1736530000.M3P1.host"] = msg("md-new-1", "Maildir new one",
                                                         DAYS[6]).encode()
    f["maildir-with-tmp/tmp/1736540000.M4P1.host"] = msg("md-tmp-1", "Maildir tmp delivery",
                                                         DAYS[7]).encode()

    pp = "maildirpp/"
    f[pp + "cur/1736600000.M1P2.host:2,FRS"] = msg("pp-inbox-frs", "Inbox flagged replied seen",
                                                   DAYS[0]).encode()
    f[pp + "cur/1736600100.M2P2.host:2,S"] = msg("pp-inbox-s", "Inbox seen", DAYS[1]).encode()
    f[pp + "new/1736600200.M3P2.host"] = msg("pp-inbox-new", "Inbox new", DAYS[2]).encode()
    f[pp + ".Projects/maildirfolder"] = b""
    f[pp + ".Projects/cur/1736600300.M4P2.host:2,PS"] = msg("pp-projects-ps",
                                                            "Projects forwarded seen",
                                                            DAYS[3]).encode()
    f[pp + ".Projects/cur/1736600400.M5P2.host:2,DS"] = msg("pp-projects-ds",
                                                            "Projects draft", DAYS[4]).encode()
    f[pp + ".Projects.Alpha/maildirfolder"] = b""
    f[pp + ".Projects.Alpha/cur/1736600500.M6P2.host:2,RST"] = msg(
        "pp-alpha-rst", "Alpha replied seen trashed", DAYS[5]).encode()
    f[pp + ".Projects.Alpha/cur/1736600600.M7P2.host:2,"] = msg("pp-alpha-none",
                                                                "Alpha no flags",
                                                                DAYS[6]).encode()

    f["mbox-status/flags.mbox"] = mbox([
        (DAYS[0], msg("st-ro", "Status RO", DAYS[0], extra=["Status: RO"])),
        (DAYS[1], msg("st-o", "Status O", DAYS[1], extra=["Status: O"])),
        (DAYS[2], msg("st-ro-a", "Status RO X-Status A", DAYS[2],
                      extra=["Status: RO", "X-Status: A"])),
        (DAYS[3], msg("st-ro-f", "Status RO X-Status F", DAYS[3],
                      extra=["Status: RO", "X-Status: F"])),
        (DAYS[4], msg("st-o-af", "Status O X-Status AF", DAYS[4],
                      extra=["Status: O", "X-Status: AF"])),
    ]).encode()

    last = mbox([
        (DAYS[0], msg("nonl-1", "No trailing newline one", DAYS[0])),
    ]) + envelope(DAYS[1]) + msg("nonl-2", "No trailing newline two", DAYS[1],
                                 body="The file ends right after this sentence.")
    f["mbox-no-trailing-newline/last.mbox"] = last.rstrip("\n").encode()

    crlf = mbox([
        (DAYS[0], msg("crlf-1", "CRLF mbox one", DAYS[0])),
        (DAYS[1], msg("crlf-2", "CRLF mbox two", DAYS[1])),
    ])
    f["crlf-mbox/crlf.mbox"] = crlf.replace("\n", "\r\n").encode()

    f["odd-headers/odd.eml"] = "\n".join([
        "X-Archive-Batch: 7",
        "X-Archive-Item: 12",
        "X-Scanner: none",
        "From: sam@example.com",
        "",
        "A message whose header starts with unusual fields.",
        "",
    ]).encode()

    f["custodians/alice/inbox/1.eml"] = msg("cust-alice-1", "Alice inbox", DAYS[0]).encode()
    f["custodians/alice/sent/2.eml"] = msg("cust-alice-2", "Alice sent", DAYS[1],
                                           sender="alice@example.com").encode()
    f["custodians/bob/3.eml"] = msg("cust-bob-3", "Bob top level", DAYS[2]).encode()
    f["custodians/carol/cur/1736700000.M1P3.host:2,S"] = msg("cust-carol-4",
                                                             "Carol maildir inbox",
                                                             DAYS[3]).encode()

    f["tree-with-mbox/notes/1.eml"] = msg("tree-note-1", "Tree note", DAYS[0]).encode()
    old = mbox([
        (DAYS[1], msg("tree-mbox-1", "Tree mbox one", DAYS[1])),
        (DAYS[2], msg("tree-mbox-2", "Tree mbox two", DAYS[2])),
    ])
    f["tree-with-mbox/archive/old.mbox"] = old.encode()
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
