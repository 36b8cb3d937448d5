"""Sharded and remote indexes on the Enron corpus: the same answers as one index.

The expectation of every search is the unsharded case's answer to it, for the 20 queries of
bench/queries.txt: the same ids in the same order by date and reverse date (also from an
offset), the same set by relevance. The shard layouts are checked against the corpus itself: by custodian, every
custodian folder of the Enron tree is in exactly one shard; by date, each shard's message
count equals the number of case messages whose date lies in its range. The remote shards are
served by `mailscope serve-shard` (xapian-tcpsrv) on loopback.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402


def queries():
    path = os.path.join(mstest.SOURCE, "bench", "queries.txt")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                out.append(line.rstrip("\n").split("\t")[1])
    return out


def answers(case):
    """Every query's ids in four orders/windows, and its total."""
    got = {}
    for q in queries():
        for extra in ((), ("--sort", "-date"), ("--sort", "-date", "--offset", "7", "--limit", "25"),
                      ("--sort", "relevance")):
            r = mstest.ms("search", q, "--format", "json", *extra, case=case)
            if r.code not in (0, 1):
                raise AssertionError(repr(r))
            ids = [o["id"] for o in r.json()]
            # Relevance: Xapian estimates some statistics per shard (wildcard expansions,
            # phrases), so equally relevant messages may change places; the set is the same.
            got[(q,) + extra] = sorted(ids) if "relevance" in extra else ids
    return got


def import_more(case):
    """Mail of another custodian and other years (the demo's 2025 mbox) into a case."""
    return mstest.ms("import", "--quiet", "--custodian", "zhang.wei",
                     os.path.join(mstest.DEMO, "zhang.wei.mbox"), case=case)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`mailscope serve-shard DIR` on a free loopback port, until stopped."""

    def __init__(self, folder, writable=False):
        self.port = free_port()
        args = [mstest.BIN, "serve-shard", folder, "--port", str(self.port)]
        if writable:
            args.append("--writable")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, start_new_session=True)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise AssertionError("serve-shard ended: " + self.proc.stderr.read())
                time.sleep(0.1)
        raise AssertionError("serve-shard did not listen on port %d" % self.port)

    def server_pid(self):
        """The xapian-tcpsrv child of serve-shard."""
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True)
        return int(out.stdout.split()[0])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()


class Shards(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(mstest.corpus("enron"), "maildir")
        cls.work = mstest.scratch("shards")
        cls.one = os.path.join(cls.work, "one")
        mstest.ms("import", "--custodians-from-subdirs", "--quiet", cls.root, case=cls.one,
                  check=0, timeout=1500)
        cls.expected = answers(cls.one)
        cls.custodians = sorted(d for d in os.listdir(cls.root)
                                if os.path.isdir(os.path.join(cls.root, d)))
        cls.all = mstest.all_messages(cls.one)

    def copy(self, name):
        dest = os.path.join(self.work, name)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(self.one, dest, symlinks=True)
        return dest

    def shards(self, case):
        r = mstest.ms("shards", "--format", "json", case=case, check=0)
        return r.json()

    def assert_same_answers(self, case):
        got = answers(case)
        for key, ids in self.expected.items():
            self.assertEqual(got[key], ids, key)

    def test_by_custodian(self):
        case = self.copy("by-custodian")
        r = mstest.ms("index", "--shards", "3", case=case, check=0)
        self.assertIn("index laid out in 3 shards by custodian", r.out)
        self.assertIn("indexed %d messages" % len(self.all), r.out)
        rows = self.shards(case)
        self.assertEqual([row["shard"] for row in rows], [0, 1, 2])
        # Every custodian folder in exactly one shard, none invented.
        listed = sorted(c for row in rows for c in row["custodians"])
        self.assertEqual(listed, self.custodians)
        # Each shard holds the messages first found in its custodians' folders.
        first = [m["locations"][0]["custodian"] for m in self.all.values()]
        for row in rows:
            want = sum(1 for c in first if c in row["custodians"])
            self.assertEqual(row["messages"], want, row)
        self.assertEqual(sum(row["messages"] for row in rows), len(self.all))
        self.assert_same_answers(case)
        # Xapian's own tools read the stub database that lists the shards.
        delve = subprocess.run(["xapian-delve", "-1", os.path.join(case, "shards")],
                               capture_output=True, text=True)
        self.assertEqual(delve.returncode, 0, delve.stderr)
        self.assertIn("number of documents = %d" % len(self.all), delve.stdout)

    def test_by_date_then_back_to_one(self):
        case = self.copy("by-date")
        mstest.ms("index", "--shards", "4", "--shard-by", "date", case=case, check=0)
        rows = self.shards(case)
        self.assertEqual(len(rows), 4)
        dates = sorted((m["date"] or "") for m in self.all.values())
        for row in rows:
            lo, hi = row["date_from"], row["date_to"]
            want = sum(1 for d in dates
                       if (lo is None or (d and d >= lo)) and (hi is None or (d and d < hi))
                       or (lo is None and not d))
            self.assertEqual(row["messages"], want, row)
        self.assert_same_answers(case)
        # New mail goes to its date's shard: import more, search finds it as one index does.
        one = self.copy("by-date-reference")
        self.assertEqual(import_more(case).code, 0)
        self.assertEqual(import_more(one).code, 0)
        self.assertEqual(mstest.search_ids(case, "*"), mstest.search_ids(one, "*"))
        self.assertEqual(self.shards(case)[3]["messages"], rows[3]["messages"] +
                         len(mstest.search_ids(one, "custodian:zhang.wei")))
        # Back to one database.
        r = mstest.ms("index", "--shards", "1", case=case, check=0)
        self.assertIn("index laid out in 1 database", r.out)
        self.assertFalse(os.path.exists(os.path.join(case, "shards")))
        self.assertEqual(answers(case), answers(one))

    def test_demo_scan_timeline_stats_read_all_shards(self):
        """The demo case, once with one index and once in 3 date shards: the same flags,
        timeline, statistics and trends, read as the compliance officer."""
        demo = os.path.join(mstest.SOURCE, "examples", "demo")
        policies = os.path.join(mstest.SOURCE, "examples", "policies")
        out = {}
        for name, shards in (("demo-one", None), ("demo-sharded", "3")):
            case = os.path.join(self.work, name)
            shutil.rmtree(case, ignore_errors=True)
            mstest.import_demo(case, "--no-index")
            if shards:
                mstest.ms("index", "--shards", shards, "--shard-by", "date", case=case, check=0)
                self.assertEqual(len(self.shards(case)), 3)
            else:
                mstest.ms("index", case=case, check=0)
            mstest.ms("org", "set", os.path.join(demo, "mailscope.toml"), case=case, check=0,
                      env=mstest.AS_OWNER)
            mstest.ms("policy", "add", *[os.path.join(policies, p) for p in
                                         ("sales-zh.toml", "finance-zh.toml", "english.toml")],
                      case=case, check=0, env=mstest.AS_OWNER)
            env = {"MAILSCOPE_AS": "zhao.min"}
            mstest.ms("scan", "--quiet", case=case, env=env)
            got = {}
            for args in (("flags", "--format", "json"),
                         ("search", "最低价 OR 个人账户 OR flexible", "--format", "json"),
                         ("timeline", "--customer", "yunfan-fashion.cn", "--format", "json"),
                         ("stats", "customers", "--format", "json", "--as-of", "2025-04-01"),
                         ("report", "trends", "--format", "json")):
                r = mstest.ms(*args, case=case, env=env)
                self.assertIn(r.code, (0, 1), r)
                got[args[0]] = r.out
            out[name] = got
        for what in out["demo-one"]:
            self.assertTrue(out["demo-one"][what].strip(), what)
            self.assertEqual(out["demo-sharded"][what], out["demo-one"][what], what)

    def test_shard_options_are_checked(self):
        case = self.copy("options")
        r = mstest.ms("index", "--shard-by", "date", case=case, check=2)
        self.assertIn("--shard-by needs --shards N", r.err)
        r = mstest.ms("index", "--shards", "10", case=case, check=2)
        self.assertIn("the case has 9 custodian(s)", r.err)
        self.assertIn("--shard-by date", r.err)
        r = mstest.ms("shards", "--remote", "0=127.0.0.1:8100", case=case, check=2)
        self.assertIn("no shard 0", r.err)
        mstest.ms("index", "--shards", "2", case=case, check=0)
        r = mstest.ms("shards", "--remote", "1=nowhere", case=case, check=2)
        self.assertIn("'nowhere': no host:port", r.err)
        r = mstest.ms("shards", "--remote", "1=h:99999", case=case, check=2)
        self.assertIn("between 1 and 65535", r.err)
        r = mstest.ms("serve-shard", os.path.join(case, "nothing"), "--port", "1", check=2)
        self.assertIn("not a shard", r.err)

    def test_remote_shards(self):
        case = self.copy("remote")
        mstest.ms("index", "--shards", "2", case=case, check=0)
        servers = [Server(os.path.join(case, "shards", "%02d" % i), writable=True)
                   for i in (0, 1)]
        try:
            for i, s in enumerate(servers):
                r = mstest.ms("shards", "--remote", "%d=127.0.0.1:%d" % (i, s.port),
                              "--timeout", "5", case=case, check=0)
            rows = self.shards(case)
            self.assertEqual([row["remote"] for row in rows],
                             ["127.0.0.1:%d" % s.port for s in servers])
            self.assertEqual(sum(row["messages"] for row in rows), len(self.all))
            self.assert_same_answers(case)

            # New mail is written to the remote shards through their servers.
            self.assertEqual(import_more(case).code, 0)
            one = self.copy("remote-reference")
            self.assertEqual(import_more(one).code, 0)
            self.assertEqual(mstest.search_ids(case, "*"), mstest.search_ids(one, "*"))
            self.assertEqual(mstest.search_ids(case, "california", "--sort", "-date"),
                             mstest.search_ids(one, "california", "--sort", "-date"))

            # A server that stops answering: the search gives up after --timeout (5 s).
            pid = servers[1].server_pid()
            os.kill(pid, signal.SIGSTOP)
            t0 = time.time()
            search = subprocess.Popen([mstest.BIN, "search", "--case", case, "california"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(1.0)
            self.assertIsNone(search.poll(), "the search should be waiting for the server")
            # ...and one that goes away mid-search: the waiting search fails at once.
            os.kill(pid, signal.SIGKILL)
            out, err = search.communicate(timeout=30)
            elapsed = time.time() - t0
            self.assertEqual(search.returncode, 2, err)
            self.assertLess(elapsed, 5.0, err)
            self.assertIn("shard", err)
            self.assertIn("NetworkError", err)
            self.assertIn("serve-shard", err)
            self.assertEqual(out, "")

            # Nobody listening at all: a clear error, no hang.
            t0 = time.time()
            r = mstest.ms("search", "california", case=case, check=2, timeout=60)
            self.assertLess(time.time() - t0, 10)
            self.assertIn("shard 1 (remote 127.0.0.1:%d)" % servers[1].port, r.err)
            r = mstest.ms("shards", "--format", "json", case=case, check=0)
            rows = r.json()
            self.assertIsNone(rows[1]["messages"])
            self.assertIn("NetworkError", rows[1]["error"])

            # Read locally again; the folder was written to through the server.
            mstest.ms("shards", "--local", "1", case=case, check=0)
            self.assertEqual(mstest.search_ids(case, "*"), mstest.search_ids(one, "*"))
        finally:
            for s in servers:
                s.stop()

    def test_stopped_server_times_out(self):
        case = self.copy("timeout")
        mstest.ms("index", "--shards", "2", case=case, check=0)
        server = Server(os.path.join(case, "shards", "01"))
        try:
            mstest.ms("shards", "--remote", "1=127.0.0.1:%d" % server.port, "--timeout", "2",
                      case=case, check=0)
            self.assertEqual(mstest.search_ids(case, "raptor"),
                             self.expected[("raptor",)])
            os.kill(server.server_pid(), signal.SIGSTOP)
            t0 = time.time()
            r = mstest.ms("search", "raptor", case=case, check=2, timeout=60)
            self.assertLess(time.time() - t0, 15)
            self.assertIn("shard 1", r.err)
            self.assertIn("Timeout", r.err)
            os.kill(server.server_pid(), signal.SIGCONT)
            # A read-only server refuses the index's writes, with a hint.
            r = import_more(case)
            self.assertEqual(r.code, 2, r)
            self.assertIn("--writable", r.err)
        finally:
            server.stop()


if __name__ == "__main__":
    mstest.main()
