"""Outlook PST/OST corpus: message counts against readpst, failures, detection by content,
and robustness against damaged files.

Expectations come from readpst (pst-utils, installed by scripts/install-deps.sh), run here at
test time with the options PROVENANCE.md used, from Python's mailbox module and from the files'
magic numbers; never from mailscope's output.
"""
import os
import random
import shutil
import subprocess
import sys
import unittest
import email
import email.policy
import email.utils
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402

READPST = shutil.which("readpst")
UNREADABLE = {  # readpst: "Could not get root record" (PROVENANCE.md)
    "aspose-email-net/CSharp__Outlook__Data__Outlook.0f69be7.pst",
    "aspose-email-net/Data__Outlook__AddingBulkMessagesWithImprovedPerformance.108e6e4.pst",
}
MISNAMED_MBOX = "aspose-email-net/Data__SMTP__Outlook.82f5cb9.pst"
SLINGER = "opf-hack-enron-edrm/slinger-r.pst"


def magic(path):
    with open(path, "rb") as f:
        return f.read(5)


def readpst(path, out):
    """(exit code, stderr, list of .eml files) of `readpst -j 0 -D -e -q -o out path`."""
    os.makedirs(out, exist_ok=True)
    p = subprocess.run([READPST, "-j", "0", "-D", "-e", "-q", "-o", out, path],
                       capture_output=True, timeout=300)
    emls = sorted(os.path.join(d, f) for d, _s, fs in os.walk(out) for f in fs
                  if f.endswith(".eml"))
    return p.returncode, p.stdout + p.stderr, emls


class PstCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = mstest.corpus("pst")
        work = mstest.scratch("corpus_pst")
        cls.work = work
        cls.case = os.path.join(work, "case")
        cls.run_ = mstest.ms("import", "--output-format", "json", cls.root, case=cls.case,
                             timeout=900)
        cls.records = cls.run_.json() if cls.run_.code in (0, 3) else []
        cls.files = mstest.corpus_files(cls.root)
        cls.pst_files = [f for f in cls.files if f.endswith((".pst", ".ost"))]
        cls.messages = mstest.all_messages(cls.case) if cls.records else {}
        cls.locs = Counter()
        cls.subjects = {}
        for m in cls.messages.values():
            for l in m["locations"]:
                rel, inner = mstest.locator_file(cls.root, l["locator"])
                cls.locs[(rel, inner[:1])] += 1
        cls.failures = [r for r in cls.records if r["record"] == "failure"]
        cls.skipped = [r for r in cls.records if r["record"] == "skipped"]
        cls.readpst = {}
        if READPST:
            for rel in cls.pst_files:
                if magic(os.path.join(cls.root, rel))[:4] == b"!BDN":
                    cls.readpst[rel] = readpst(os.path.join(cls.root, rel),
                                               os.path.join(work, "readpst", rel))

    def need_readpst(self):
        if not READPST:
            self.skipTest("readpst is missing (scripts/install-deps.sh installs pst-utils)")

    def test_exit_code_is_partial(self):
        self.assertEqual(self.run_.code, 3, repr(self.run_))
        s = [r for r in self.records if r["record"] == "summary"][0]
        self.assertEqual(s["failures"], len(self.failures))

    def test_files_readpst_cannot_open_are_named_failures(self):
        failed = {r["locator"]: r["reason"] for r in self.failures}
        for rel in sorted(UNREADABLE):
            with self.subTest(rel=rel):
                self.assertIn(rel, failed)
                self.assertTrue(failed[rel].strip())
                self.assertEqual(self.locs[(rel, "#")], 0)
        if READPST:
            # Independently: exactly the PST-magic files readpst fails on.
            bad = {rel for rel, (code, _e, _m) in self.readpst.items() if code != 0}
            self.assertEqual(bad, UNREADABLE)
        # No other PST is a failure; the only other failure is the .olm archive.
        others = set(failed) - UNREADABLE
        self.assertEqual({os.path.splitext(r)[1] for r in others}, {".olm"}, failed)

    def test_olm_archive_is_reported_unsupported(self):
        olms = [f for f in self.files if f.endswith(".olm")]
        self.assertEqual(len(olms), 1)
        self.assertEqual(magic(os.path.join(self.root, olms[0]))[:4], b"PK\x03\x04")
        recs = [r for r in self.failures + self.skipped if r["locator"] == olms[0]]
        self.assertEqual(len(recs), 1, self.records)
        self.assertIn("not supported", recs[0]["reason"])

    def test_misnamed_mbox_is_read_as_mbox(self):
        path = os.path.join(self.root, MISNAMED_MBOX)
        self.assertEqual(magic(path), b"From ")
        n = mstest.mbox_count(path)
        self.assertGreaterEqual(n, 1)
        self.assertEqual(self.locs[(MISNAMED_MBOX, "@")], n)
        self.assertEqual(self.locs[(MISNAMED_MBOX, "#")], 0)
        self.assertNotIn(MISNAMED_MBOX, {r["locator"] for r in self.failures})

    def test_message_count_of_every_pst_equals_readpst(self):
        self.need_readpst()
        self.assertGreaterEqual(len(self.readpst), 50)
        diff = {}
        for rel, (code, _err, emls) in sorted(self.readpst.items()):
            if rel in UNREADABLE:
                continue
            if self.locs[(rel, "#")] != len(emls):
                diff[rel] = (len(emls), self.locs[(rel, "#")])
        self.assertEqual(diff, {}, "file: (readpst .eml count, mailscope locations)")
        self.assertEqual(len(self.readpst[SLINGER][2]), 132)

    def test_every_file_is_accounted_for(self):
        reported = {r["locator"] for r in self.failures + self.skipped}
        silent = []
        for rel in self.files:
            if rel == "PROVENANCE.md" or rel in reported:
                continue
            if any(self.locs[(rel, k)] for k in ("", "@", "#")):
                continue
            # A PST with no message in it (readpst writes no .eml either) has nothing to list.
            if rel in self.readpst and not self.readpst[rel][2] and self.readpst[rel][0] == 0:
                continue
            silent.append(rel)
        if not READPST:
            silent = [r for r in silent if magic(os.path.join(self.root, r))[:4] != b"!BDN"]
        self.assertEqual(silent, [])

    def test_slinger_subjects_and_senders_match_readpst(self):
        self.need_readpst()
        want_subj, want_from = Counter(), Counter()
        for path in self.readpst[SLINGER][2]:
            with open(path, "rb") as f:
                m = email.message_from_bytes(f.read(), policy=email.policy.compat32)
            want_subj[" ".join(mstest.decode_words(
                (m.get("Subject") or "").encode("utf-8", "surrogateescape")).split())] += 1
            want_from[email.utils.parseaddr(m.get("From") or "")[1].lower()] += 1
        got_subj, got_from = Counter(), Counter()
        for m in self.messages.values():
            n = sum(1 for l in m["locations"] if l["locator"].startswith(SLINGER + "#"))
            if n:
                got_subj[" ".join(m["subject"].split())] += n
                got_from[m["from"]] += n
        self.assertEqual(sum(want_subj.values()), 132)
        self.assertGreater(want_from["ryan.slinger@enron.com"], 10)
        self.assertEqual((want_subj - got_subj, got_subj - want_subj), (Counter(), Counter()),
                         "subjects (readpst only, mailscope only)")
        # Regression test; this used to fail: "v..porter@enron.com" is not read as an address
        # (mailscope's `from` is empty, the address lands in from_name).
        self.assertEqual((want_from - got_from, got_from - want_from), (Counter(), Counter()),
                         "From addresses (readpst only, mailscope only)")

    def test_show_raw_of_misnamed_mbox_message(self):
        import mailbox
        box = mailbox.mbox(os.path.join(self.root, MISNAMED_MBOX), create=False)
        want = [box.get_bytes(k) for k in box.keys()]
        box.close()
        ids = [mid for mid, m in self.messages.items()
               if any(l["locator"].startswith(MISNAMED_MBOX + "@") for l in m["locations"])]
        self.assertTrue(ids)
        for mid in ids:
            raw = mstest.ms_bytes("show", "--raw", mid, case=self.case, check=0).stdout
            self.assertIn(raw.rstrip(b"\n"), [w.rstrip(b"\n") for w in want])


class DamagedPst(unittest.TestCase):
    """Damaged copies of real PSTs: mailscope must neither crash nor hang, must exit 0 or 3,
    and a damaged file that yields a failure must be named with a reason."""

    VARIANTS = 6

    @classmethod
    def setUpClass(cls):
        cls.root = mstest.corpus("pst")
        cls.work = mstest.scratch("corpus_pst_damaged")

    def damaged_copies(self, rel, seed):
        with open(os.path.join(self.root, rel), "rb") as f:
            data = f.read()
        rnd = random.Random(seed)
        out = {}

        def flip(buf, count, lo, hi=None):
            b = bytearray(buf)
            for _ in range(count):
                i = rnd.randrange(lo, hi or len(b))
                b[i] ^= 1 << rnd.randrange(8)
            return bytes(b)

        out["flip-few"] = flip(data, 16, 512)
        out["flip-many"] = flip(data, 2000, 512)
        out["flip-header"] = flip(data, 8, 0, 512)
        block = rnd.randrange(512, len(data) - 8192)
        out["zero-block"] = data[:block] + bytes(8192) + data[block + 8192:]
        out["truncated-half"] = data[:len(data) // 2]
        out["truncated-header"] = data[:700]
        for n in range(self.VARIANTS):
            out[f"flip-random-{n}"] = flip(data, rnd.choice((4, 64, 512)), 0)
        return out

    def check_file(self, name, data):
        d = os.path.join(self.work, name.replace("/", "_"))
        os.makedirs(d)
        path = os.path.join(d, "damaged.pst")
        with open(path, "wb") as f:
            f.write(data)
        # A healthy PST goes along: with nothing readable at all mailscope exits 2 by design
        # (cmd_import: no message read and failures -> error); with it, damage is "partial".
        healthy = os.path.join(self.root, "pst-exp-pstsdk", "sample1.pst")
        case = os.path.join(d, "case")
        try:
            r = mstest.ms("import", "--output-format", "json", path, healthy, case=case,
                          timeout=120)
        except subprocess.TimeoutExpired:
            self.fail(f"{name}: mailscope import did not finish within 120 s (hang)")
        self.assertGreaterEqual(r.code, 0, f"{name}: killed by signal {-r.code}\n{r!r}")
        self.assertIn(r.code, (0, 3), f"{name}: {r!r}")
        recs = r.json()
        fails = [x for x in recs if x["record"] == "failure"]
        summary = [x for x in recs if x["record"] == "summary"]
        self.assertEqual(len(summary), 1, f"{name}: {r!r}")
        self.assertGreaterEqual(summary[0]["messages"], 1, f"{name}: {r!r}")
        if r.code == 3:
            self.assertTrue(fails, f"{name}: exit 3 without a failure record\n{r!r}")
        else:
            self.assertEqual(fails, [])
        for x in fails:
            self.assertTrue(x["evidence"] == path or "damaged.pst" in x["locator"],
                            f"{name}: failure does not name the damaged file: {x}")
            self.assertTrue(x["reason"].strip(), f"{name}: failure without a reason: {x}")
        # The case stays usable and holds exactly what the import reported.
        s = mstest.ms("search", "--count", "*", case=case)
        self.assertIn(s.code, (0, 1), f"{name}: {s!r}")
        self.assertEqual(int(s.out.strip() or 0), summary[0]["new_messages"])
        # Alone, the damaged file must still be handled cleanly: 0, 3, or 2 with the file
        # named in a failure record (nothing readable at all) -- never a signal.
        try:
            r2 = mstest.ms("import", "--output-format", "json", path,
                           case=os.path.join(d, "case-alone"), timeout=120)
        except subprocess.TimeoutExpired:
            self.fail(f"{name}: mailscope import (alone) did not finish within 120 s")
        self.assertIn(r2.code, (0, 2, 3), f"{name}: {r2!r}")
        if r2.code == 2:
            fails2 = [x for x in r2.json() if x["record"] == "failure"]
            self.assertTrue(fails2 and all(x["evidence"] == path and x["reason"]
                                           for x in fails2), f"{name}: {r2!r}")

    def test_damaged_copies(self):
        for rel, seed in (("java-libpst/dist-list.pst", 7), (SLINGER, 11),
                          ("pst-exp-pstsdk/sample2.pst", 13)):
            for name, data in self.damaged_copies(rel, seed).items():
                with self.subTest(pst=rel, variant=name):
                    self.check_file(f"{os.path.basename(rel)}-{name}", data)


if __name__ == "__main__":
    mstest.main()
