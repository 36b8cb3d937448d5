"""Deduplication: one message found in several places is one message with several locations;
different messages that share a Message-ID stay apart; re-imports read nothing twice.

Fixtures: tests/data/dedup/ (written by its make.py; the expectations below follow from the
fixture design described there and are checked against Python's email/mailbox packages).
"""
import email
import email.policy
import mailbox
import os
import shutil
import unittest

import mstest
from mstest import fixture, import_ok, ms, search_ids, show_json

DEDUP = fixture("dedup")
SAME = os.path.join(DEDUP, "same-message")
MBOX = os.path.join(SAME, "archive.mbox")
MAILDIR = os.path.join(SAME, "maildir")
EML = os.path.join(SAME, "copy.eml")
MAILDIR_FILE = "cur/1738660511.M1P42.imap:2,RS"
TARGET_MID = "q3-forecast-1@example.com"
OTHER_MID = "parking-7@example.com"


def parse(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.compat32)


class FixtureSanity(unittest.TestCase):
    """The fixture is what its design says (so the expectations below are sound)."""

    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(DEDUP), [])

    def test_copies_differ_only_in_transport_headers_and_line_ends(self):
        box = mailbox.mbox(MBOX)
        self.assertEqual(len(box), 2)
        mbox_copy = [m for m in box if m["Message-ID"] == "<%s>" % TARGET_MID]
        self.assertEqual(len(mbox_copy), 1)
        copies = [mbox_copy[0], parse(os.path.join(MAILDIR, MAILDIR_FILE)), parse(EML)]
        transport = {"received", "return-path", "delivered-to", "x-folder", "status", "x-status"}
        idents = []
        for m in copies:
            idents.append(([(k.lower(), v) for k, v in m.items() if k.lower() not in transport],
                           m.get_payload().replace("\r\n", "\n").rstrip("\n")))
        self.assertEqual(idents[0], idents[1])
        self.assertEqual(idents[0], idents[2])
        with open(os.path.join(MAILDIR, MAILDIR_FILE), "rb") as f:
            self.assertIn(b"\r\n", f.read())
        with open(EML, "rb") as f:
            self.assertTrue(f.read().endswith(b"\n\n\n\n"))


class SameMessageThreePlaces(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("dedup-same"), "case")
        cls.imp = ms("import", "--output-format", "json", MBOX, MAILDIR, EML, case=cls.case,
                     check=0)

    def target(self):
        ids = search_ids(self.case, "id:<%s>" % TARGET_MID)
        self.assertEqual(len(ids), 1, ids)
        recs = show_json(self.case, ids[0])
        self.assertEqual(len(recs), 1)
        return recs[0]

    def test_two_distinct_messages(self):
        # archive.mbox holds 2 messages, the maildir and the .eml one each: 4 copies, 2 messages.
        self.assertEqual(ms("search", "--count", "*", case=self.case, check=0).out, "2\n")
        summary = [r for r in self.imp.json() if r["record"] == "summary"][0]
        self.assertEqual((summary["messages"], summary["new_messages"], summary["duplicates"]),
                         (4, 2, 2))

    def test_one_message_three_locations(self):
        rec = self.target()
        self.assertEqual(rec["message_id"], TARGET_MID)
        locs = sorted((l["format"], l["evidence"], l["locator"], l["custodian"])
                      for l in rec["locations"])
        with open(MBOX, "rb") as f:
            offset = f.read().index(b"From alice.wong@example.com ")
        self.assertEqual(locs, sorted([
            ("mbox", MBOX, "@%d" % offset, "archive"),
            ("maildir", MAILDIR, MAILDIR_FILE, "maildir"),
            ("eml", EML, "copy.eml", "copy"),
        ]))

    def test_flags_are_merged(self):
        # mbox Status: RO + X-Status: F -> seen, starred; maildir :2,RS -> replied, seen.
        self.assertEqual(sorted(self.target()["flags"]), ["replied", "seen", "starred"])
        tid = self.target()["id"]
        for flag in ("starred", "replied", "seen"):
            self.assertEqual(search_ids(self.case, "is:" + flag), [tid], flag)
        self.assertEqual(search_ids(self.case, "is:unread"), [])

    def test_every_custodian_finds_it(self):
        tid = self.target()["id"]
        for cust in ("archive", "maildir", "copy"):
            self.assertIn(tid, search_ids(self.case, "custodian:" + cust), cust)
        self.assertEqual(search_ids(self.case, "zebrafish"), [tid])

    def test_raw_is_one_of_the_copies(self):
        raw = ms("show", "--raw", TARGET_MID, case=self.case, check=0).out
        self.assertIn("Subject: Q3 forecast review", raw)
        self.assertIn("zebrafish", raw)


class SharedMessageId(unittest.TestCase):
    MID = "reused-id@broken-mailer.example"

    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("dedup-shared-mid"), "case")
        d = os.path.join(DEDUP, "shared-message-id")
        import_ok(cls.case, os.path.join(d, "one.eml"), os.path.join(d, "two.eml"))

    def test_two_messages(self):
        self.assertEqual(ms("search", "--count", "*", case=self.case, check=0).out, "2\n")

    def test_id_and_mid_find_both(self):
        both = search_ids(self.case, "*")
        self.assertEqual(len(both), 2)
        self.assertEqual(sorted(search_ids(self.case, "id:<%s>" % self.MID)), sorted(both))
        self.assertEqual(sorted(search_ids(self.case, "mid:" + self.MID)), sorted(both))

    def test_show_by_message_id_shows_both(self):
        recs = show_json(self.case, "<%s>" % self.MID)
        self.assertEqual(sorted(r["subject"] for r in recs),
                         ["Nightly build FAILED", "Nightly build passed"])


class DifferentMessageIdSameContent(unittest.TestCase):
    FIRST = "draft-v2-original@example.com"
    SECOND = "ARCHIVE-0001@archiver.example.net"

    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("dedup-diff-mid"), "case")
        d = os.path.join(DEDUP, "different-message-id")
        import_ok(cls.case, os.path.join(d, "first.eml"), os.path.join(d, "second.eml"))

    def test_one_message_two_locations(self):
        ids = search_ids(self.case, "*")
        self.assertEqual(len(ids), 1)
        rec = show_json(self.case, ids[0])[0]
        self.assertEqual(sorted(l["locator"] for l in rec["locations"]),
                         ["first.eml", "second.eml"])

    def test_both_message_ids_find_it(self):
        ids = search_ids(self.case, "*")
        for mid in (self.FIRST, self.SECOND):
            self.assertEqual(search_ids(self.case, "id:<%s>" % mid), ids, mid)
            self.assertEqual(search_ids(self.case, "mid:" + mid), ids, mid)

    def test_show_accepts_either_message_id(self):
        ids = search_ids(self.case, "*")
        for mid in (self.FIRST, self.SECOND):
            r = ms("show", "<%s>" % mid, "--format", "json", case=self.case)
            self.assertEqual(r.code, 0, r)
            self.assertEqual([o["id"] for o in r.json()], ids, mid)


class ReimportSameFile(unittest.TestCase):
    def test_second_import_reads_nothing(self):
        case = os.path.join(mstest.scratch("dedup-reimport"), "case")
        src = os.path.join(DEDUP, "shared-message-id", "one.eml")
        import_ok(case, src)
        r = ms("import", src, case=case, check=0)
        self.assertIn("already imported", r.out)
        r = ms("import", "--output-format", "json", src, case=case, check=0)
        recs = r.json()
        ev = [o for o in recs if o["record"] == "evidence"]
        self.assertEqual([(e["evidence"], e["status"]) for e in ev], [(src, "already-imported")])
        summary = [o for o in recs if o["record"] == "summary"][0]
        self.assertEqual((summary["messages"], summary["new_messages"]), (0, 0))
        self.assertEqual(ms("search", "--count", "*", case=case, check=0).out, "1\n")


class GrowingDirectory(unittest.TestCase):
    def test_only_the_new_file_is_read(self):
        work = mstest.scratch("dedup-grow")
        case = os.path.join(work, "case")
        mail = os.path.join(work, "mail")
        os.makedirs(mail)
        for n in ("1.eml", "2.eml"):
            shutil.copy(os.path.join(DEDUP, "grow-dir", n), mail)
        r = ms("import", "--output-format", "json", mail, case=case, check=0)
        summary = [o for o in r.json() if o["record"] == "summary"][0]
        self.assertEqual((summary["messages"], summary["new_messages"]), (2, 2))
        shutil.copy(os.path.join(DEDUP, "grow-dir", "3.eml"), mail)
        r = ms("import", "--output-format", "json", mail, case=case, check=0)
        recs = r.json()
        ev = [o for o in recs if o["record"] == "evidence"]
        self.assertEqual(len(ev), 1)
        self.assertEqual((ev[0]["messages"], ev[0]["new_messages"], ev[0]["duplicates"]),
                         (1, 1, 0))
        summary = [o for o in recs if o["record"] == "summary"][0]
        self.assertEqual((summary["messages"], summary["new_messages"]), (1, 1))
        self.assertEqual(ms("search", "--count", "*", case=case, check=0).out, "3\n")
        self.assertEqual(len(search_ids(case, "mid:inventory-3@example.com")), 1)


if __name__ == "__main__":
    mstest.main()
