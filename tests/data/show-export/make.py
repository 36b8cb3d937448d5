#!/usr/bin/env python3
"""Writes the show/export fixtures (tests/cli/test_show_export.py). Deterministic; run it after
a change and commit the output. `build()` returns {relative path: bytes}.

mail/from-lines.eml       body lines starting "From ", ">From " and ">>From " (mboxrd must
                          escape each once more and a reader must get them back unchanged)
mail/no-final-newline.eml the file does not end in a newline
mail/crlf.eml             CRLF line ends, 8-bit UTF-8 body
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def build():
    from_lines = "\n".join([
        "From: Hana Ito <hana.ito@example.com>",
        "To: Ivan Kos <ivan.kos@example.com>",
        "Subject: Quoting a quote",
        "Date: Tue, 14 Jan 2025 08:00:00 +0000",
        "Message-ID: <from-lines@show-export.test>",
        "",
        "Ivan,",
        "",
        "From what you wrote yesterday:",
        ">From the archive: nothing changed.",
        ">>From the older thread: still open.",
        "From 2024 onwards we use the new form.",
        "",
        "Hana",
        "",
    ]).encode()
    no_newline = "\n".join([
        "From: Jon Lu <jon.lu@example.com>",
        "To: Kai Mo <kai.mo@example.com>",
        "Subject: Last line without newline",
        "Date: Wed, 15 Jan 2025 09:00:00 +0000",
        "Message-ID: <no-final-newline@show-export.test>",
        "",
        "This message ends without a line break.",
    ]).encode()
    crlf = "\r\n".join([
        "From: Lena Paz <lena.paz@example.com>",
        "To: Mo Qi <mo.qi@example.com>",
        "Subject: CRLF message",
        "Date: Thu, 16 Jan 2025 10:00:00 +0000",
        "Message-ID: <crlf@show-export.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Grüße, this file uses CRLF line ends.",
        "",
    ]).encode("utf-8")
    return {"mail/from-lines.eml": from_lines, "mail/no-final-newline.eml": no_newline,
            "mail/crlf.eml": crlf}


def main():
    files = build()
    for rel, data in files.items():
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print("wrote %d files under %s" % (len(files), HERE), file=sys.stderr)


if __name__ == "__main__":
    main()
