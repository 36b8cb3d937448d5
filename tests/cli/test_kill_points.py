"""SIGKILL at many points of import, index and scan: the case converges.

Case A: import (an Enron custodian folder and a mailing-list mbox), index, scan with the
final phrase library; nothing interrupted. Case B: the same, but every run is killed with
SIGKILL at a seeded pseudo-random moment until at least 50 runs died while working:
  * imports (with scans of whatever is imported so far in between), until an import finishes
    or 40 were killed;
  * `index --rebuild`, killed part-way through;
  * scans under a new rule-set version each time (the policy gains a term that matches
    nothing, so the version changes and every message is scanned again), killed part-way;
then one run of each to the end. The store (as test_resume_kill compares it), the flags of
the final version, its scan records, notifications, holds, the search results and the index
document count must be the same as A's.
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
from test_resume_kill import dump  # noqa: E402

SEED = 20261127
MIN_KILLS = 50
QUERIES = ["*", "custodian:allen-p", "folder:inbox", "price", "usrp", "date:2001"]

POLICY = """[policy]
id = "killtest"
name = "Kill-point test library"
description = "Unscoped terms that hit Enron and list mail often"

[[rule]]
id = "money"
tier = "approval"
category = "pricing"
terms = ["price", "guarantee", "confidential", "discount"]
actions = ["notify", "retain"]

[[rule]]
id = "meeting"
tier = "allowed"
category = "misc"
terms = ["meeting"]

[[rule]]
id = "marker"
tier = "approval"
category = "misc"
terms = [{terms}]
"""


def policy_file(folder, n):
    """Version n of the library: the marker rule's terms never occur in the mail."""
    terms = ", ".join('"zqxjv%dkq"' % i for i in range(n + 1))
    path = os.path.join(folder, "killtest-%d.toml" % n)
    with open(path, "w") as f:
        f.write(POLICY.replace("{terms}", terms))
    return path


def sources():
    enron = os.path.join(mstest.corpus("enron"), "maildir")
    mbox = mstest.corpus("mbox")
    return [os.path.join(enron, "allen-p"),
            os.path.join(mbox, "usrp-users.lists.ettus.com.2025-2026.mbox")]


def scan_state(case, version):
    db = sqlite3.connect(os.path.join(case, "case.db"))
    try:
        flags = sorted(db.execute(
            "SELECT message_id, policy, rule, tier, category, field, start, end, matched, "
            "snippet, status, fp_score, likely_fp FROM flags WHERE version=?", (version,)))
        other = db.execute("SELECT count(*) FROM flags WHERE version!=?", (version,)).fetchone()[0]
        scans = sorted(db.execute("SELECT message_id, personal, flags FROM scans WHERE version=?",
                                  (version,)))
        notes = sorted(db.execute("SELECT f.message_id, f.rule, f.start FROM notifications n "
                                  "JOIN flags f ON f.id = n.flag_id"))
        held = sorted(db.execute("SELECT message_id, policy, rule FROM retained"))
        return dict(flags=flags, other_versions=other, scans=scans, notifications=notes,
                    retained=held)
    finally:
        db.close()


def version_of(case):
    """The case's current rule-set version, from the flags a (no-op) scan prints."""
    r = mstest.ms("scan", "--format", "json", case=case, check=None)
    assert r.code in (0, 1), repr(r)
    versions = {o["version"] for o in r.json()}
    assert len(versions) == 1, versions
    return versions.pop()


class KillPoints(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        work = mstest.scratch("kill_points")
        cls.a = os.path.join(work, "a")
        cls.b = os.path.join(work, "b")
        cls.src = sources()
        rnd = random.Random(SEED)
        versions = 12
        cls.final_policy = policy_file(work, versions)

        # A: uninterrupted, timed per phase (the kill moments are shares of these times).
        t0 = time.monotonic()
        mstest.ms("import", "--quiet", "--no-index", "--batch", "50", *cls.src, case=cls.a, check=0)
        t_import = time.monotonic() - t0
        t0 = time.monotonic()
        mstest.ms("index", "--quiet", case=cls.a, check=0)
        t_index = time.monotonic() - t0
        mstest.ms("policy", "add", cls.final_policy, case=cls.a, check=0)
        t0 = time.monotonic()
        r = mstest.ms("scan", "--quiet", "--batch", "50", case=cls.a)
        assert r.code in (0, 1), repr(r)
        t_scan = time.monotonic() - t0
        cls.times = (t_import, t_index, t_scan)

        cls.kills = {"import": 0, "index": 0, "scan": 0}
        cls.log = []
        # B, phase 1: imports killed early and often, a killed scan now and then (once an
        # import got far enough to create the case and the library is in it).
        have_policy = False
        for attempt in range(40):
            done = cls.run_and_kill(["import", "--batch", "50", *cls.src], "import",
                                    rnd.uniform(0.03, 0.3) * t_import)
            if done:
                break
            if not have_policy and os.path.exists(os.path.join(cls.b, "case.db")):
                have_policy = mstest.ms("policy", "add", policy_file(work, 0),
                                        case=cls.b).code == 0
            if have_policy and attempt % 3 == 2:
                cls.run_and_kill(["scan", "--batch", "50"], "scan",
                                 rnd.uniform(0.1, 0.9) * t_scan)
        # Phase 2: index rebuilds killed part-way.
        for _ in range(8):
            cls.run_and_kill(["index", "--rebuild", "--batch", "200"], "index",
                             rnd.uniform(0.1, 0.9) * t_index)
        # Phase 3: a new rule-set version each time, its full rescan killed part-way.
        for n in range(1, versions):
            mstest.ms("policy", "add", policy_file(work, n), case=cls.b, check=0)
            for _ in range(3):
                cls.run_and_kill(["scan", "--batch", "50"], "scan",
                                 rnd.uniform(0.15, 0.85) * t_scan)
        # Top up with more rebuild kills until the minimum is reached.
        for _ in range(60):
            if sum(cls.kills.values()) >= MIN_KILLS:
                break
            cls.run_and_kill(["index", "--rebuild", "--batch", "200"], "index",
                             rnd.uniform(0.1, 0.9) * t_index)
        # Then everything to the end.
        cls.final_b = [
            mstest.ms("import", "--quiet", "--batch", "50", *cls.src, case=cls.b),
            mstest.ms("index", "--quiet", case=cls.b),
            mstest.ms("policy", "add", cls.final_policy, case=cls.b),
            mstest.ms("scan", "--quiet", "--batch", "50", case=cls.b),
        ]

    @classmethod
    def run_and_kill(cls, args, kind, delay):
        """Runs a command on case B; SIGKILLs it after `delay` s. True when it finished."""
        argv = [mstest.BIN, args[0], "--case", cls.b, "--quiet"] + args[1:]
        env = dict(os.environ)
        env.pop("MAILSCOPE_CASE", None)
        env.pop("MAILSCOPE_AS", None)
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=delay)
            cls.log.append(f"{kind}: finished (exit {proc.returncode}) before {delay:.2f} s")
            if proc.returncode not in (0, 1):
                cls.log.append(f"  stderr: {err.decode(errors='replace')[:300]}")
            return True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            cls.kills[kind] += 1
            cls.log.append(f"{kind}: SIGKILL after {delay:.2f} s")
            return False

    def test_1_enough_kill_points(self):
        print("\n  A: import %.2f s, index %.2f s, scan %.2f s" % self.times, file=sys.stderr)
        print("  kills: %s (%d in all)" % (self.kills, sum(self.kills.values())), file=sys.stderr)
        self.assertGreaterEqual(sum(self.kills.values()), MIN_KILLS, "\n".join(self.log))
        for kind in ("import", "index", "scan"):
            self.assertGreaterEqual(self.kills[kind], 5, (kind, "\n".join(self.log)))
        for r in self.final_b:
            self.assertIn(r.code, (0, 1), repr(r))
        errors = [l for l in self.log if "stderr" in l]
        self.assertEqual(errors, [], "runs that finished with an error")

    def test_2_store_converges(self):
        a, b = dump(self.a), dump(self.b)
        self.assertGreater(len(a["messages"]), 2000)
        self.assertEqual(b["pending_index"], 0)
        for table in a:
            with self.subTest(table=table):
                self.assertEqual(a[table] == b[table], True,
                                 f"{table} differs" if isinstance(a[table], int) else
                                 f"{table}: only in A {[r for r in a[table] if r not in b[table]][:3]}"
                                 f" only in B {[r for r in b[table] if r not in a[table]][:3]}")

    def test_3_flags_converge(self):
        va, vb = version_of(self.a), version_of(self.b)
        self.assertEqual(va, vb, "the final rule-set versions differ")
        a, b = scan_state(self.a, va), scan_state(self.b, vb)
        self.assertGreater(len(a["flags"]), 100)
        self.assertEqual(b["other_versions"], 0, "flags of killed older versions were left")
        for key in a:
            with self.subTest(part=key):
                self.assertEqual(len(a[key]) if isinstance(a[key], list) else a[key],
                                 len(b[key]) if isinstance(b[key], list) else b[key])
                self.assertEqual(a[key], b[key])

    def test_4_index_consistent_with_store(self):
        for q in QUERIES:
            with self.subTest(query=q):
                ca = mstest.ms("search", "--count", q, case=self.a)
                cb = mstest.ms("search", "--count", q, case=self.b)
                self.assertEqual((cb.code, cb.out), (ca.code, ca.out))
        n = int(mstest.ms("search", "--count", "*", case=self.b, check=0).out)
        self.assertEqual(n, len(dump(self.b)["messages"]))
        la = mstest.ms("search", "--format", "json", "*", case=self.a, check=0).out.splitlines()
        lb = mstest.ms("search", "--format", "json", "*", case=self.b, check=0).out.splitlines()
        self.assertEqual(la, lb)


if __name__ == "__main__":
    mstest.main()
