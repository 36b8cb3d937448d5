"""Crash isolation inside a PST: when libpst crashes on one item, that item is recorded as
failed and a new reader goes on with the rest of the file.

The damaged file is test_corpus_pst's "flip-random-2" copy of slinger-r.pst (seed 11), on
which libpst segfaults part-way (before isolation, the import stopped there after 47
messages). Expectations are derived from the healthy file: its walk order is the order of
its locations in a case that imported it alone.
"""
import json
import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402
import test_corpus_pst  # noqa: E402  (not its classes: unittest would run them here)


def locators(case):
    db = sqlite3.connect(os.path.join(case, "case.db"))
    try:
        return [r[0] for r in db.execute("SELECT locator FROM locations ORDER BY id")]
    finally:
        db.close()


class PstCrashIsolation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = mstest.scratch("pst_isolation")
        root = mstest.corpus("pst")
        helper = test_corpus_pst.DamagedPst("test_damaged_copies")
        helper.root = root
        data = helper.damaged_copies(test_corpus_pst.SLINGER, 11)["flip-random-2"]
        cls.damaged = os.path.join(work, "damaged.pst")
        with open(cls.damaged, "wb") as f:
            f.write(data)
        cls.healthy_case = os.path.join(work, "healthy")
        mstest.ms("import", "--quiet", os.path.join(root, test_corpus_pst.SLINGER), case=cls.healthy_case)
        cls.case = os.path.join(work, "case")
        cls.run_ = mstest.ms("import", "--output-format", "json", cls.damaged, case=cls.case)
        cls.records = [json.loads(l) for l in cls.run_.out.splitlines()]

    def test_the_crash_costs_one_item(self):
        self.assertEqual(self.run_.code, 3, repr(self.run_))
        crashes = [r for r in self.records if r["record"] == "failure" and
                   "crashed" in r["reason"]]
        self.assertEqual(len(crashes), 1, self.records)
        crash = crashes[0]
        self.assertTrue(crash["locator"].startswith("node:"), crash)
        self.assertIn("on this item; it was skipped and the rest of the file read",
                      crash["reason"])
        got = locators(self.case)
        self.assertNotIn(crash["locator"], got)
        healthy = locators(self.healthy_case)
        self.assertIn(crash["locator"], healthy, "the crashing item is a message of the file")
        # Items after the crashing one in the file's own order were read.
        after = healthy[healthy.index(crash["locator"]) + 1:]
        read_after = [l for l in got if l in after]
        self.assertGreater(len(read_after), 50, (len(after), len(read_after)))
        # Nothing was delivered twice by the restarted reader.
        self.assertEqual(len(got), len(set(got)))
        summary = [r for r in self.records if r["record"] == "summary"][0]
        self.assertEqual(summary["messages"], len(got))
        n = int(mstest.ms("search", "--count", "*", case=self.case, check=0).out)
        self.assertEqual(n, summary["new_messages"])

    def test_limits_are_options(self):
        # Out-of-range limits are usage errors; limits a healthy file stays within change
        # nothing (the same messages as the default run of the healthy file).
        for opt, bad in (("--pst-timeout", "0"), ("--pst-memory", "0"),
                         ("--pst-timeout", "x")):
            r = mstest.ms("import", opt, bad, self.damaged,
                          case=os.path.join(mstest.WORK, "scratch", "pst_isolation", "bad"))
            self.assertEqual(r.code, 2, repr(r))
            self.assertIn(opt, r.err)
        case = os.path.join(mstest.WORK, "scratch", "pst_isolation", "limits")
        r = mstest.ms("import", "--quiet", "--pst-timeout", "60", "--pst-memory", "512",
                      os.path.join(mstest.corpus("pst"), test_corpus_pst.SLINGER), case=case)
        self.assertEqual(r.code, 0, repr(r))
        self.assertEqual(sorted(locators(case)), sorted(locators(self.healthy_case)))


if __name__ == "__main__":
    mstest.main()
