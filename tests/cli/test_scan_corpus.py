#!/usr/bin/env python3
"""The case scan on real corpora, held to an independent Python implementation.

A policy of more than 1,000 literal terms is generated here with a fixed seed: English words
and two-word phrases from the Enron text, Chinese terms from the trec06c text (written in mixed
case; some overlapping others of the same rule, such as a phrase and its first word, or a
Chinese term and its first two characters; some in two rules). The Enron custodians
and trec06c's data/normal are imported into a fresh case and scanned with it. For every message
the flags (rule, field, start, end, matched text) must be exactly what reference_matcher.py
finds in the message's texts as `mailscope export --json` gives them. Then: a second scan
changes nothing; after importing the demo's misc/ folder a scan checks only those messages and
leaves the old flags alone; the scan's peak memory stays under 50 MB.
"""
import bisect
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402
import reference_matcher as ref  # noqa: E402
from mstest import ms, scratch  # noqa: E402

SEED = 20250314
MAX_RSS_KB = 50 * 1024
TIME = "/usr/bin/time"  # GNU time (scripts/install-deps.sh installs it)


def export_json(case, path):
    ms("export", "*", "--json", path, "--force", case=case, check=0)
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def occurrence_counter(vocab):
    """A function: term -> occurrences in all runs of `vocab` (a Counter of runs)."""
    toks = list(vocab)
    joined = "\n".join(toks)
    starts, p = [], 0
    for t in toks:
        starts.append(p)
        p += len(t) + 1

    def count(term):
        n, at = 0, joined.find(term)
        while at >= 0:
            n += vocab[toks[bisect.bisect_right(starts, at) - 1]]
            at = joined.find(term, at + 1)
        return n
    return count


def make_rules(enron, chinese):
    """[(rule id, [term, ...])]: 8 rules of English words, one of phrases (with some of their
    words, so a phrase and its first word hit at one start), two of Chinese terms."""
    rng = random.Random(SEED)
    tokens = collections.Counter()
    for m in enron:
        for f in m["fields"]:
            tokens.update(ref._TOKEN.findall(ref.normalize(f["text"])))
    han = collections.Counter()
    for m in chinese:
        for f in m["fields"]:
            n = ref.normalize(f["text"])
            if not n.isascii():
                han.update(ref._HAN_RUN.findall(n))

    # English words of 4-12 letters found at most 150 times as whole words (or inflected).
    def uses(w):
        return tokens[w] + sum(tokens[w + s] for s in ref._INFLECTIONS if w + s in tokens)
    candidates = sorted(w for w in tokens
                        if 4 <= len(w) <= 12 and w.isalpha() and w.isascii() and uses(w) <= 150)
    rng.shuffle(candidates)
    picked = candidates[:800]

    # Two-word phrases, as written (one space between), from Enron bodies.
    phrases, seen = [], set()
    bodies = [f["text"] for m in enron for f in m["fields"] if f["name"] == "body"]
    rng.shuffle(bodies)
    pair = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z]{4,}) ([A-Za-z]{4,})(?![A-Za-z0-9_])")
    for b in bodies:
        if len(phrases) == 100:
            break
        found = pair.findall(b[:4000])
        if found:
            p = " ".join(found[rng.randrange(len(found))])
            if p.lower() not in seen:
                seen.add(p.lower())
                phrases.append(p)
    parts = []
    for p in phrases[:40]:
        for w in p.lower().split():
            if uses(w) <= 300 and w not in parts:
                parts.append(w)

    # Chinese terms of 2-4 characters cut from the normalised trec06c text (so some span
    # punctuation or line breaks in the original), found 1-200 times.
    count = occurrence_counter(han)
    runs = sorted(r for r in han if len(r) >= 2)
    rng.shuffle(runs)
    chinese_terms, seen = [], set()
    for r in runs:
        if len(chinese_terms) == 100:
            break
        n = rng.randint(2, min(4, len(r)))
        i = rng.randint(0, len(r) - n)
        t = r[i:i + n]
        if t not in seen and 1 <= count(t) <= 200:
            seen.add(t)
            chinese_terms.append(t)

    rules = []
    per = len(picked) // 8
    for k in range(8):
        ws = picked[k * per:(k + 1) * per]
        # Written in all three cases.
        terms = [w.upper() if i % 5 == 0 else w.capitalize() if i % 5 == 1 else w
                 for i, w in enumerate(ws)]
        if k == 1:
            terms += picked[:20]  # the same words as en-0: both rules flag them
        rules.append((f"en-{k}", terms))
    rules.append(("en-phrases", phrases + parts))
    # Chinese terms overlap often (a term inside another, or sharing characters).
    rules.append(("zh-0", chinese_terms[:50]))
    rules.append(("zh-1", chinese_terms[50:] + [t[:2] for t in chinese_terms[50:70]
                                                 if len(t) > 2 and count(t[:2]) <= 500]))
    return rules


def tier_of(index):
    return "forbidden" if index % 2 else "approval"


def write_policy(path, rules):
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    with open(path, "w", encoding="utf-8") as f:
        f.write('# Generated by tests/cli/test_scan_corpus.py\n[policy]\nid = "big"\n\n'
                "[defaults]\nskip_quoted = false\nskip_forwarded = false\n")
        for k, (rid, terms) in enumerate(rules):
            f.write(f'\n[[rule]]\nid = "{rid}"\ntier = "{tier_of(k)}"\ncategory = "{rid[:2]}"\n'
                    "terms = [\n")
            for t in terms:
                f.write("  " + q(t) + ",\n")
            f.write("]\n")


def expected_findings(matcher, messages):
    """message id -> {(field, rule, start, end, matched)}."""
    out = {}
    for m in messages:
        for f in m["fields"]:
            for rule, start, end, matched in matcher.findings(f["text"]):
                out.setdefault(m["id"], set()).add((f["name"], rule, start, end, matched))
    return out


def actual_findings(flag_lines):
    out = {}
    for line in flag_lines:
        o = json.loads(line)
        out.setdefault(o["message"], set()).add(
            (o["field"], o["rule"], o["start"], o["end"], o["matched"]))
    return out


def scan_measured(case, *args):
    """Runs `mailscope scan` under GNU time; returns (exit code, stdout, stderr, peak RSS in KB).

    Not os.wait4 on a child of this process: a child's ru_maxrss starts from the resident size
    of the (large) Python process it was forked from.
    """
    mstest.require_binary()
    env = dict(os.environ)
    env.pop("MAILSCOPE_CASE", None)
    if not os.access(TIME, os.X_OK):
        p = subprocess.run([mstest.BIN, "scan", "--case", case, *args], capture_output=True,
                           text=True, env=env, errors="replace")
        return p.returncode, p.stdout, p.stderr, None
    with tempfile.NamedTemporaryFile("r") as rss:
        p = subprocess.run([TIME, "-f", "%M", "-o", rss.name, mstest.BIN, "scan", "--case", case,
                            *args], capture_output=True, text=True, env=env, errors="replace")
        return p.returncode, p.stdout, p.stderr, int(rss.read().split()[-1])


class ScanCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t0 = time.time()
        work = scratch("scan-corpus")
        case = cls.case = os.path.join(work, "case")
        enron_root = os.path.join(mstest.corpus("enron"), "maildir")
        trec_root = os.path.join(mstest.corpus("trec06c"), "data", "normal")
        ms("import", "--quiet", "--custodians-from-subdirs", enron_root, case=case, check=0)
        enron = export_json(case, os.path.join(work, "enron.jsonl"))
        ms("import", "--quiet", trec_root, case=case, check=0)
        cls.messages = export_json(case, os.path.join(work, "all.jsonl"))
        enron_ids = {m["id"] for m in enron}
        chinese = [m for m in cls.messages if m["id"] not in enron_ids]
        cls.imported = time.time() - t0

        cls.rules = make_rules(enron, chinese)
        cls.policy = os.path.join(work, "big.toml")
        write_policy(cls.policy, cls.rules)
        cls.matcher = ref.Matcher(cls.rules)
        cls.expected = expected_findings(cls.matcher, cls.messages)

        t1 = time.time()
        cls.first = scan_measured(case, "--policy", cls.policy)
        cls.scan_seconds = time.time() - t1
        cls.flags1 = ms("flags", "--format", "json", case=case).out.splitlines()
        cls.second = ms("scan", "--policy", cls.policy, case=case)
        cls.flags2 = ms("flags", "--format", "json", case=case).out.splitlines()

        # One more source: the demo case's misc/ folder, five messages new to this case.
        misc = os.path.join(mstest.DEMO, "misc")
        cls.misc_files = len([f for f in os.listdir(misc) if f.endswith(".eml")])
        ms("import", "--quiet", misc, case=case, check=0)
        old_ids = {m["id"] for m in cls.messages}
        cls.new_messages = [m for m in export_json(case, os.path.join(work, "all2.jsonl"))
                            if m["id"] not in old_ids]
        cls.third = ms("scan", "--policy", cls.policy, case=case)
        cls.flags3 = ms("flags", "--format", "json", case=case).out.splitlines()
        sys.stderr.write(f"\n[scan corpus: {len(cls.messages)} messages, import+export "
                         f"{cls.imported:.0f} s, scan {cls.scan_seconds:.1f} s, "
                         f"{len(cls.flags1)} flags, peak RSS {cls.first[3]} KB, "
                         f"total {time.time() - t0:.0f} s]\n")

    def test_policy_has_over_1000_terms(self):
        self.assertGreaterEqual(sum(len(t) for _r, t in self.rules), 1000)
        self.assertEqual(len(self.rules), 11)
        for rid, terms in self.rules:
            self.assertTrue(terms, rid)
        # The corpus exercises every rule.
        found = {r for fs in self.expected.values() for _f, r, *_x in fs}
        self.assertEqual(found, {r for r, _t in self.rules})

    def test_first_scan(self):
        code, out, err, _rss = self.first
        self.assertEqual(code, 0, err)
        total = sum(len(v) for v in self.expected.values())
        self.assertRegex(out, rf"\nscanned {len(self.messages)} messages in [0-9.]+ s "
                              rf"\(0 personal, not checked\); {total} new flags\n")
        self.assertGreater(total, 10000)

    def test_every_message_has_the_reference_findings(self):
        actual = actual_findings(self.flags1)
        bad = sorted(k for k in set(actual) | set(self.expected)
                     if actual.get(k, set()) != self.expected.get(k, set()))
        detail = []
        for k in bad[:10]:
            want, got = self.expected.get(k, set()), actual.get(k, set())
            detail.append(f"message {k}: missing {sorted(want - got)[:4]} "
                          f"extra {sorted(got - want)[:4]}")
        self.assertEqual(len(bad), 0, f"{len(bad)} messages differ:\n" + "\n".join(detail))

    def test_flag_attributes_follow_the_rules(self):
        tiers = {rid: tier_of(k) for k, (rid, _t) in enumerate(self.rules)}
        for line in self.flags1:
            o = json.loads(line)
            self.assertEqual(o["policy"], "big")
            self.assertEqual(o["tier"], tiers[o["rule"]])
            self.assertEqual(o["category"], o["rule"][:2])
            self.assertEqual(o["status"], "open")
            self.assertFalse(o["notified"] or o["retained"])

    def test_second_scan_changes_nothing(self):
        self.assertEqual(self.second.code, 0, repr(self.second))
        self.assertRegex(self.second.out, r"\nscanned 0 messages in [0-9.]+ s \(0 personal, "
                                          r"not checked\); 0 new flags\n")
        self.assertEqual(self.flags2, self.flags1)

    def test_incremental_scan_checks_only_the_new_messages(self):
        self.assertEqual(len(self.new_messages), self.misc_files)
        self.assertIn(self.third.code, (0, 1), repr(self.third))
        want = expected_findings(self.matcher, self.new_messages)
        total = sum(len(v) for v in want.values())
        self.assertRegex(self.third.out, rf"\nscanned {self.misc_files} messages in [0-9.]+ s "
                                         rf"\(0 personal, not checked\); {total} new flags\n")
        new_ids = {m["id"] for m in self.new_messages}
        old = [l for l in self.flags3 if json.loads(l)["message"] not in new_ids]
        self.assertEqual(old, self.flags1)
        got = actual_findings(l for l in self.flags3 if json.loads(l)["message"] in new_ids)
        self.assertEqual(got, want)

    @unittest.skipIf(mstest.SANITIZED, "peak memory is measured on the normal build")
    def test_scan_peak_memory(self):
        if self.first[3] is None:
            self.skipTest(f"{TIME} (GNU time) is needed to measure the scan's memory")
        self.assertLess(self.first[3], MAX_RSS_KB, f"peak RSS {self.first[3]} KB")


if __name__ == "__main__":
    mstest.main()
