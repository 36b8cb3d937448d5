#!/usr/bin/env python3
"""Writes the dedup fixtures (tests/cli/test_dedup.py). Deterministic; run it after a change
and commit the output. `build()` returns {relative path: bytes}.

same-message/        one message stored three times: in an mbox (Status: RO, X-Status: F,
                     LF), in a maildir (cur/...:2,RS, CRLF line ends) and as .eml (LF, trailing
                     blank lines). The copies differ only in transport headers (Received,
                     Return-Path, Delivered-To, X-Folder, Status, X-Status), line ends and
                     trailing blank lines -> one message, 3 locations, flags seen+replied+starred.
                     The mbox also holds one unrelated message.
shared-message-id/   two DIFFERENT messages with the same Message-ID -> two messages.
different-message-id/ one message copied with a different Message-ID (identity headers and body
                     identical) -> one message found by both Message-IDs.
grow-dir/            three .eml files; the test imports a folder with 1 and 2, then adds 3.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The message of same-message/, without transport headers (LF line ends).
CORE_HEADERS = [
    "From: Alice Wong <alice.wong@example.com>",
    "To: Bob Smith <bob.smith@example.org>",
    "Cc: Carol Diaz <carol.diaz@example.org>",
    "Subject: Q3 forecast review",
    "Date: Tue, 04 Feb 2025 10:15:00 +0100",
    "Message-ID: <q3-forecast-1@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=us-ascii",
    "Content-Transfer-Encoding: 7bit",
]
CORE_BODY = [
    "Bob,",
    "",
    "the Q3 forecast is attached to the shared drive; the zebrafish numbers",
    "need a second look before Friday.",
    "",
    "Alice",
]


def lines(*parts):
    out = []
    for p in parts:
        out.extend(p)
    return out


def lf(ls):
    return ("\n".join(ls) + "\n").encode()


def crlf(ls):
    return ("\r\n".join(ls) + "\r\n").encode()


def same_message():
    files = {}
    other = [
        "From: Dave Lee <dave.lee@example.com>",
        "To: Alice Wong <alice.wong@example.com>",
        "Subject: Parking permits",
        "Date: Mon, 03 Feb 2025 08:00:00 +0100",
        "Message-ID: <parking-7@example.com>",
        "",
        "Permits for February are at the front desk.",
    ]
    mbox_copy = lines(
        ["Return-Path: <alice.wong@example.com>",
         "Received: from mx1.example.org by mbox-host.example.org; Tue, 04 Feb 2025 10:15:09 +0100"],
        CORE_HEADERS,
        ["Status: RO", "X-Status: F", ""],
        CORE_BODY)
    files["same-message/archive.mbox"] = (
        b"From dave.lee@example.com Mon Feb  3 07:00:00 2025\n" + lf(other) + b"\n" +
        b"From alice.wong@example.com Tue Feb  4 09:15:00 2025\n" + lf(mbox_copy) + b"\n")
    maildir_copy = lines(
        ["Return-Path: <alice.wong@example.com>",
         "Delivered-To: bob.smith@example.org",
         "Received: from mx2.example.org by imap.example.org; Tue, 04 Feb 2025 10:15:11 +0100"],
        CORE_HEADERS, [""], CORE_BODY)
    files["same-message/maildir/cur/1738660511.M1P42.imap:2,RS"] = crlf(maildir_copy)
    eml_copy = lines(
        ["X-Folder: Archive/2025",
         "Received: from relay.example.net by export-tool; Wed, 05 Feb 2025 12:00:00 +0000"],
        CORE_HEADERS, [""], CORE_BODY, ["", "", ""])
    files["same-message/copy.eml"] = lf(eml_copy)
    return files


def shared_message_id():
    a = [
        "From: Build Bot <bot@ci.example.com>",
        "To: dev@example.com",
        "Subject: Nightly build passed",
        "Date: Wed, 05 Feb 2025 02:00:00 +0000",
        "Message-ID: <reused-id@broken-mailer.example>",
        "",
        "All 412 tests passed.",
    ]
    b = [
        "From: Build Bot <bot@ci.example.com>",
        "To: dev@example.com",
        "Subject: Nightly build FAILED",
        "Date: Thu, 06 Feb 2025 02:00:00 +0000",
        "Message-ID: <reused-id@broken-mailer.example>",
        "",
        "3 of 412 tests failed: see the log.",
    ]
    return {"shared-message-id/one.eml": lf(a), "shared-message-id/two.eml": lf(b)}


def different_message_id():
    def msg(mid, received):
        return lf([
            "Received: " + received,
            "From: Erin Park <erin.park@example.com>",
            "To: Frank Ode <frank.ode@example.net>",
            "Subject: Contract draft v2",
            "Date: Fri, 07 Feb 2025 16:45:00 +0900",
            "Message-ID: " + mid,
            "",
            "Frank, the second draft of the contract is below the signature line.",
            "Erin",
        ])
    return {
        "different-message-id/first.eml":
            msg("<draft-v2-original@example.com>", "from a by b; Fri, 07 Feb 2025 16:45:02 +0900"),
        "different-message-id/second.eml":
            msg("<ARCHIVE-0001@archiver.example.net>", "from c by d; Sat, 08 Feb 2025 01:00:00 +0000"),
    }


def grow_dir():
    files = {}
    days = ["Mon, 10", "Tue, 11", "Wed, 12"]
    for i, subj in enumerate(["Inventory count", "Inventory recount", "Inventory final"], 1):
        files["grow-dir/%d.eml" % i] = lf([
            "From: Gina Roy <gina.roy@example.com>",
            "To: stock@example.com",
            "Subject: " + subj,
            "Date: %s Feb 2025 09:00:00 +0000" % days[i - 1],
            "Message-ID: <inventory-%d@example.com>" % i,
            "",
            "Count number %d." % i,
        ])
    return files


def build():
    files = {}
    files.update(same_message())
    files.update(shared_message_id())
    files.update(different_message_id())
    files.update(grow_dir())
    return files


def main():
    for rel, data in build().items():
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print("wrote %d files under %s" % (len(build()), HERE), file=sys.stderr)


if __name__ == "__main__":
    main()
