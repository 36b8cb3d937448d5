"""The threaded paths (the indexer's writer threads, one per shard; scan's reader thread) on
real mail: the same answers in every layout.

The demo mailboxes and two Enron custodians are imported once without an index; copies are
indexed as one database, in 4 date shards and in 3 custodian shards, then scanned with the
demo's policies. Every layout must give the one database's ids for the queries of
bench/queries.txt, for custodian filters (each Enron custodian alone in its shard: Xapian
1.4.22 fails a bare filter on a term in every document of such a shard, mailscope works
around it) and its flags, byte for byte; each date shard must hold the messages whose date
lies in its range, counted from the case's stored dates.
"""
import calendar
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402
from test_shards import queries  # noqa: E402

ENRON = ("allen-p", "buy-r")
# The demo directory makes role checks apply: search and scan as the compliance officer.
mstest.ACT_AS = "zhao.min"


def db_rows(case, sql):
    db = sqlite3.connect(os.path.join(case, "case.db"))
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def epoch(iso):
    return None if iso is None else calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def answers(case):
    got = {}
    for q in ["*", "custodian:allen-p", "custodian:buy-r", "custodian:allen-p OR energy",
              "custodian:buy-r NOT energy", "最低价 OR 个人账户 OR flexible"] + queries():
        got[q] = mstest.search_ids(case, q, "--sort", "-date")
    return got


class IndexThreads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = mstest.scratch("index_threads")
        cls.base = os.path.join(cls.work, "base")
        mstest.import_demo(cls.base, "--no-index")
        enron = os.path.join(mstest.corpus("enron"), "maildir")
        for who in ENRON:
            mstest.ms("import", "--quiet", "--no-index", "--custodian", who,
                      os.path.join(enron, who), case=cls.base, check=0)
        demo = os.path.join(mstest.SOURCE, "examples", "demo")
        policies = os.path.join(mstest.SOURCE, "examples", "policies")
        mstest.ms("org", "set", os.path.join(demo, "mailscope.toml"), case=cls.base, check=0,
                  env=mstest.AS_OWNER)
        mstest.ms("policy", "add", *[os.path.join(policies, p) for p in
                                     ("sales-zh.toml", "finance-zh.toml", "english.toml")],
                  case=cls.base, check=0, env=mstest.AS_OWNER)
        cls.one = cls.layout("one", [])
        cls.expected = answers(cls.one)
        cls.flags = cls.scan(cls.one)

    @classmethod
    def layout(cls, name, index_args):
        case = os.path.join(cls.work, name)
        shutil.rmtree(case, ignore_errors=True)
        shutil.copytree(cls.base, case, symlinks=True)
        mstest.ms("index", *index_args, case=case, check=0)
        return case

    @staticmethod
    def scan(case):
        mstest.ms("scan", "--quiet", case=case, check=0)  # 0: flags found, like grep
        return mstest.ms("flags", "--format", "json", case=case, check=0).out

    def shards(self, case):
        return mstest.ms("shards", "--format", "json", case=case, check=0).json()

    def test_one_index_has_every_message(self):
        # The reference itself: every stored message is in the index; compliance searches all
        # but the personal mail the scan left out of monitoring; the scan flagged some.
        total = db_rows(self.one, "SELECT count(*) FROM messages")[0][0]
        personal = db_rows(self.one, "SELECT count(*) FROM scans WHERE personal=1")[0][0]
        delve = subprocess.run(["xapian-delve", "-1", os.path.join(self.one, "index")],
                               capture_output=True, text=True)
        self.assertIn("number of documents = %d\n" % total, delve.stdout)
        self.assertGreater(personal, 0)
        self.assertEqual(len(self.expected["*"]), total - personal)
        self.assertGreater(len(self.expected["custodian:allen-p"]), 1000)
        self.assertTrue(self.flags.strip())

    def test_date_shards(self):
        case = self.layout("date", ["--shards", "4", "--shard-by", "date"])
        rows = self.shards(case)
        self.assertEqual(len(rows), 4)
        dates = [d for (d,) in db_rows(case, "SELECT date FROM messages")]
        for row in rows:
            lo, hi = epoch(row["date_from"]), epoch(row["date_to"])
            want = sum(1 for d in dates
                       if (d is not None and (lo is None or d >= lo) and (hi is None or d < hi))
                       or (d is None and lo is None))
            self.assertEqual(row["messages"], want, row)
        self.assertEqual(answers(case), self.expected)
        self.assertEqual(self.scan(case), self.flags)

    def test_custodian_shards_then_one_again(self):
        case = self.layout("custodian", ["--shards", "3"])
        rows = self.shards(case)
        listed = sorted(c for row in rows for c in row["custodians"])
        self.assertEqual(listed, sorted([w for w, _s in mstest.DEMO_CUSTODIANS] + list(ENRON)))
        self.assertEqual(answers(case), self.expected)
        self.assertEqual(self.scan(case), self.flags)
        mstest.ms("index", "--shards", "1", case=case, check=0)
        mstest.ms("index", "--rebuild", case=case, check=0)
        self.assertEqual(answers(case), self.expected)


if __name__ == "__main__":
    mstest.main()
