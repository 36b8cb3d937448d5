"""kill -9 and resume: an interrupted import or index converges to the uninterrupted state.

Case A imports a mixed set of sources (two Enron custodian folders, an mboxrd list archive,
a PST, a folder of small mboxes) in one uninterrupted run with small batches. Case B gets
the same import, SIGKILLed four times at seeded pseudo-random moments (an import with --no-index,
two imports that go on to index, a `mailscope index`; the moments are shares of case A's
run time, so they fall into the import and the indexing phases), then one import run to
the end. The stored state (case.db, minus timestamps) and the search results must be
identical, with nothing left waiting for the index.
"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402

SEED = 20240611
BATCH = "50"
QUERIES = ["*", "custodian:allen-p", "custodian:whalley-g", "folder:inbox",
           'from:"phillip.allen@enron.com"', 'subject:"california"', "usrp", "has:attachment",
           "date:2001", "ryan"]


def sources():
    enron = os.path.join(mstest.corpus("enron"), "maildir")
    mbox = mstest.corpus("mbox")
    pst = mstest.corpus("pst")
    return [os.path.join(enron, "allen-p"), os.path.join(enron, "whalley-g"),
            os.path.join(mbox, "usrp-users.lists.ettus.com.2025-2026.mbox"),
            os.path.join(pst, "opf-hack-enron-edrm", "slinger-r.pst"),
            os.path.join(mbox, "perceval-testdata")]


def dump(case):
    """Everything the case stores, minus timestamps and row ids that carry no meaning."""
    db = sqlite3.connect(os.path.join(case, "case.db"))
    try:
        def cols(table, drop=()):
            return [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] not in drop]

        def rows(table, drop=(), order=None):
            c = cols(table, drop)
            got = db.execute(f"SELECT {', '.join(c)} FROM {table}"
                             + (f" ORDER BY {order}" if order else "")).fetchall()
            return [tuple(zip(c, r)) for r in (got if order else sorted(got, key=repr))]

        return {
            "evidence": rows("evidence", ("started_at", "finished_at"), "id"),
            "messages": rows("messages", ("imported_at",), "id"),
            "recipients": rows("recipients"),
            "attachments": rows("attachments"),
            "locations": rows("locations", ("id",)),
            "blobs": sorted(db.execute("SELECT hex(sha256), size FROM blobs").fetchall()),
            "problems": rows("problems", ("id",)),
            "pending_index": db.execute("SELECT count(*) FROM pending_index").fetchone()[0],
        }
    finally:
        db.close()


def state(case):
    """A one-line picture of a case after a kill, for the test log."""
    try:
        db = sqlite3.connect(os.path.join(case, "case.db"), timeout=10)
        try:
            ev = db.execute("SELECT group_concat(status, ',') FROM evidence").fetchone()[0]
            n = db.execute("SELECT count(*) FROM messages").fetchone()[0]
            p = db.execute("SELECT count(*) FROM pending_index").fetchone()[0]
            return f"evidence [{ev}], {n} messages, {p} pending index"
        finally:
            db.close()
    except sqlite3.Error as e:
        return f"no readable case.db yet ({e})"


class ResumeAfterKill(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        work = mstest.scratch("resume_kill")
        cls.a = os.path.join(work, "a")
        cls.b = os.path.join(work, "b")
        cls.src = sources()
        t0 = time.monotonic()
        cls.run_a = mstest.ms("import", "--quiet", "--batch", BATCH, *cls.src, case=cls.a)
        cls.t_a = time.monotonic() - t0
        cls.log = []
        cls.kills = 0
        rnd = random.Random(SEED)
        plan = [  # (arguments, kill after this share of case A's import time)
            (["import", "--no-index", "--batch", BATCH, *cls.src], rnd.uniform(0.04, 0.12)),
            (["import", "--batch", BATCH, *cls.src], rnd.uniform(0.1, 0.2)),
            (["import", "--batch", BATCH, *cls.src], rnd.uniform(0.3, 0.5)),
            (["index"], rnd.uniform(0.05, 0.2)),
        ]
        for args, share in plan:
            cls.kill_after(args, share * cls.t_a)
        cls.run_b = mstest.ms("import", "--quiet", "--batch", BATCH, *cls.src, case=cls.b)
        cls.log.append(f"final import: exit {cls.run_b.code}; {state(cls.b)}")

    @classmethod
    def kill_after(cls, args, delay):
        argv = [mstest.BIN, args[0], "--case", cls.b, "--quiet"] + args[1:]
        env = dict(os.environ)
        env.pop("MAILSCOPE_CASE", None)
        # Own process group: a PST reader child dies with the importer.
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env, start_new_session=True)
        try:
            proc.wait(timeout=delay)
            cls.log.append(f"{args[:2]}: finished (exit {proc.returncode}) before the kill at "
                           f"{delay:.1f} s; {state(cls.b)}")
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            cls.kills += 1
            cls.log.append(f"{args[:2]}: SIGKILL after {delay:.1f} s; {state(cls.b)}")

    def test_runs_completed_and_were_interrupted(self):
        print("\n  case A: %.1f s\n  " % self.t_a + "\n  ".join(self.log), file=sys.stderr)
        self.assertEqual(self.run_a.code, 0, repr(self.run_a))
        self.assertEqual(self.run_b.code, 0, repr(self.run_b))
        self.assertGreaterEqual(self.kills, 3, "too few runs were still going when killed")

    def test_case_db_converges(self):
        # Regression test; this used to fail: after a resumed import (directory or file source),
        # evidence.new_messages counts only the last run's new messages (importer.cpp adds
        # this run's count to the value stored before the kill, which is still 0).
        a, b = dump(self.a), dump(self.b)
        self.assertGreater(len(a["messages"]), 3000)
        self.assertEqual(a["pending_index"], 0)
        self.assertEqual(b["pending_index"], 0, "messages left waiting for the index")
        for table in a:
            with self.subTest(table=table):
                if a[table] == b[table]:
                    continue
                if isinstance(a[table], int):
                    self.fail(f"{table}: A {a[table]} B {b[table]}")
                only_a = [r for r in a[table] if r not in set(b[table])][:5]
                only_b = [r for r in b[table] if r not in set(a[table])][:5]
                self.fail(f"{table}: A has {len(a[table])} rows, B {len(b[table])}\n"
                          f"only in A: {only_a}\nonly in B: {only_b}")

    def test_search_results_converge(self):
        ra = mstest.ms("search", "--format", "json", "*", case=self.a, check=0)
        rb = mstest.ms("search", "--format", "json", "*", case=self.b, check=0)
        la, lb = ra.out.splitlines(), rb.out.splitlines()
        self.assertEqual(len(la), len(lb))
        diff = [(x[:200], y[:200]) for x, y in zip(la, lb) if x != y][:3]
        self.assertEqual(diff, [])
        for q in QUERIES:
            with self.subTest(query=q):
                ca = mstest.ms("search", "--count", q, case=self.a)
                cb = mstest.ms("search", "--count", q, case=self.b)
                self.assertIn(ca.code, (0, 1), repr(ca))
                self.assertEqual((cb.code, cb.out), (ca.code, ca.out))
        n = int(mstest.ms("search", "--count", "*", case=self.b, check=0).out)
        self.assertEqual(n, len(dump(self.b)["messages"]), "index and store disagree")


if __name__ == "__main__":
    mstest.main()
