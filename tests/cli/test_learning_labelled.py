#!/usr/bin/env python3
"""Learning from compliance's decisions on a labelled set (issue 7).

The set (tests/cli/learning_set.py, fixed seed): mail from a salesperson to customers, real
Enron and trec06c paragraphs around one labelled sentence each, for english/lowest-price,
english/lifetime-warranty, sales-zh/lowest-price and sales-zh/lifetime-warranty:
the sender's own promises (true positives) and look-alikes that the rules flag although they
are no promise (the customer's or a competitor's words reported, negations the exception
lists lack, taglines in a signature, the customer's unquoted text below an "... wrote:"
line). Labels come from construction; each (rule, kind) is split 50/50 into a training part
and a test part.

The case is scanned as the compliance officer; every item must carry exactly one flag of its
target rule (the set is well formed: every look-alike is a false positive before learning).
The training part's flags are confirmed or dismissed with `mailscope review`, then
`mailscope policy learn` trains the context model. On the test part:

  FP rate  = look-alikes flagged and not marked likely false positive / look-alikes
  recall   = promises flagged and not marked likely false positive / promises

before and after learning are printed (stderr) with their counts, per kind too. Learning must
at least halve the FP rate, keep recall at 98% or more, and keep 100% recall on the
policies' seeded examples. Marks only reorder the queue (`mailscope review` lists every
likely false positive after the unmarked flags) and no flag is deleted. New mail imported and
scanned after learning is scored at scan time, with the same scores `policy learn` gives.
"""
import json
import os
import re
import sys
import time
import tomllib
import unittest
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import learning_set  # noqa: E402
import mstest  # noqa: E402
from mstest import AS_OWNER, SOURCE, ms  # noqa: E402

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
POLICIES = [os.path.join(POLICY_DIR, "english.toml"), os.path.join(POLICY_DIR, "sales-zh.toml")]
TARGETS = {(p, r) for p, r, _lang in learning_set.RULES}
with open(DIRECTORY, "rb") as _f:
    _PEOPLE = {p["login"]: p for p in tomllib.load(_f)["person"]}
COMPLIANCE = {"MAILSCOPE_AS": _PEOPLE["zhao.min"]["email"]}

FP_REDUCTION = 0.5   # after <= before * 0.5
RECALL_MIN = 0.98
KEY = re.compile(r"\bLS-\d{4}\b")

S = {}  # what setUpModule found, by name


def note(msg):
    print(msg, file=sys.stderr, flush=True)


SPENT = Counter()  # seconds per mailscope command, for the runtime note


def run(*args, case, env=COMPLIANCE, ok=(0,)):
    t = time.time()
    r = ms(*args, case=case, env=env)
    label = " ".join(a for a in map(str, args[:2]) if not a.startswith("-") and not a.isdigit())
    SPENT[label] += time.time() - t
    if r.code not in ok:
        raise AssertionError(repr(r))
    return r


def flags_json(case):
    """flag id -> `flags --format json` record (compliance sees every flag)."""
    r = run("flags", "--format", "json", case=case, ok=(0, 1))
    return {f["id"]: f for f in r.json()}


def target_flags(items, flags):
    """item key -> the flags of its target rule on its message (by the subject's key)."""
    by_key = defaultdict(list)
    for f in flags.values():
        m = KEY.search(f.get("subject") or "")
        if m:
            by_key[m.group(0)].append(f)
    return {it.key: [f for f in by_key[it.key]
                     if (f["policy"], f["rule"]) == (it.policy, it.rule)] for it in items}


def kept(flag):
    """Still counts as a finding after learning: not marked a likely false positive."""
    return not flag["likely_false_positive"]


def setUpModule():
    t0 = time.time()
    work = mstest.scratch("learning_labelled")
    en, zh = mstest.corpus("enron"), mstest.corpus("trec06c")
    items = learning_set.build(en, zh, POLICY_DIR, "main")
    fresh = learning_set.build(en, zh, POLICY_DIR, "fresh")
    SPENT["(generating the set)"] = time.time() - t0
    for sub, its in (("mail", items), ("fresh", fresh)):
        os.makedirs(os.path.join(work, sub))
        learning_set.write_mbox(its, os.path.join(work, sub, "learning.mbox"))
    case = os.path.join(work, "case")
    run("import", "--quiet", os.path.join(work, "mail"), case=case, env=AS_OWNER)
    run("org", "set", DIRECTORY, case=case, env=AS_OWNER)
    run("policy", "add", *POLICIES, case=case, env=AS_OWNER)
    run("scan", case=case)
    before = flags_json(case)
    tf_before = target_flags(items, before)

    # The training decisions, on well-formed training items (one flag of the target rule).
    decided = 0
    for it in items:
        fl = tf_before[it.key]
        if it.split != "train" or len(fl) != 1:
            continue
        if it.positive:
            args = ("--confirm", "--note", "labelled set: the sender's own promise")
        else:
            args = ("--dismiss", "--note", f"labelled set: look-alike ({it.kind}), not a promise")
        run("review", fl[0]["id"], *args, case=case)
        decided += 1
    learn = run("policy", "learn", "--format", "json", case=case).json()
    after = flags_json(case)
    ptest = run("policy", "test", "--format", "json", case=case, ok=(0, 1))
    queue = run("review", "--format", "json", case=case, ok=(0, 1)).json()

    # New mail after learning: imported and scanned, scored by the scan.
    run("import", "--quiet", os.path.join(work, "fresh"), case=case)
    run("scan", case=case)
    with_fresh = flags_json(case)
    # The same decisions again: the model is the same, so re-scoring must not change a score.
    relearn = run("policy", "learn", "--format", "json", case=case).json()
    rescored = flags_json(case)
    S.update(items=items, fresh=fresh, case=case, before=before, tf_before=tf_before,
             decided=decided, learn=learn, after=after, tf_after=target_flags(items, after),
             ptest=ptest, queue=queue, with_fresh=with_fresh,
             tf_fresh=target_flags(fresh, with_fresh), relearn=relearn, rescored=rescored)
    counts = Counter((it.lang, it.kind, it.split) for it in items)
    note("learning set: %d items (%d promises, %d look-alikes), %d fresh; %d training "
         "decisions; setup %.1f s" % (len(items), sum(it.positive for it in items),
                                     sum(not it.positive for it in items), len(fresh), decided,
                                     time.time() - t0))
    note("  time: " + ", ".join("%s %.1f s" % kv for kv in SPENT.most_common()))
    for lang in ("en", "zh"):
        note("  %s: " % lang + ", ".join(
            "%s %d/%d" % (k, counts[lang, k, "train"], counts[lang, k, "test"])
            for k in learning_set.KINDS) + "  (train/test)")


def figures(items, tf, split):
    """Counts on one part: look-alikes and promises, flagged before / kept after, per kind."""
    per = defaultdict(lambda: [0, 0, 0])   # kind -> [items, flagged, kept]
    for it in items:
        if it.split != split:
            continue
        fl = tf[it.key]
        p = per[it.kind]
        p[0] += 1
        p[1] += bool(fl)
        p[2] += any(kept(f) for f in fl)
    neg = [sum(per[k][i] for k in learning_set.LOOKALIKES) for i in range(3)]
    pos = per["promise"]
    return per, neg, pos


class LearningLabelled(unittest.TestCase):
    maxDiff = None

    def test_1_set_is_well_formed(self):
        """Before learning every item carries exactly one flag of its target rule, on the
        labelled phrase, and nothing is scored yet."""
        bad = []
        for it in S["items"]:
            fl = S["tf_before"][it.key]
            if len(fl) != 1:
                bad.append((it.key, it.kind, it.sentence, len(fl)))
                continue
            f = fl[0]
            if f["matched"].lower() not in it.sentence.lower() or f["fp_score"] is not None:
                bad.append((it.key, it.kind, it.sentence, f["matched"], f["fp_score"]))
        self.assertEqual(bad, [], "items without exactly one unscored flag of their rule")
        self.assertEqual(S["decided"], sum(it.split == "train" for it in S["items"]))

    def test_2_learn_uses_the_model(self):
        rows = {r["rule"]: r for r in S["learn"]}
        for p, r in sorted(TARGETS):
            row = rows.get(f"{p}/{r}")
            self.assertIsNotNone(row, f"{p}/{r} missing from policy learn")
            self.assertTrue(row["used"], row)
            n_conf = sum(it.positive and it.split == "train" and (it.policy, it.rule) == (p, r)
                         for it in S["items"])
            self.assertEqual((row["confirmed"], row["dismissed"]),
                             (n_conf, sum(it.split == "train" and (it.policy, it.rule) == (p, r)
                                          for it in S["items"]) - n_conf), row)

    def test_3_false_positives_halved_recall_kept(self):
        items, tf_b, tf_a = S["items"], S["tf_before"], S["tf_after"]
        per_b, neg_b, pos_b = figures(items, tf_b, "test")
        per_a, neg_a, pos_a = figures(items, tf_a, "test")
        fp_before = neg_b[1] / neg_b[0]
        fp_after = neg_a[2] / neg_a[0]
        rec_before = pos_b[1] / pos_b[0]
        rec_after = pos_a[2] / pos_a[0]
        note("test part: FP rate before %.3f (%d/%d look-alikes flagged), after %.3f (%d/%d "
             "not marked likely FP)" % (fp_before, neg_b[1], neg_b[0], fp_after, neg_a[2],
                                        neg_a[0]))
        note("test part: recall before %.3f (%d/%d promises flagged), after %.3f (%d/%d not "
             "marked likely FP)" % (rec_before, pos_b[1], pos_b[0], rec_after, pos_a[2],
                                    pos_a[0]))
        for k in learning_set.KINDS:
            n, flagged, k_after = per_a[k]
            note("  %-11s %3d items: still unmarked after learning %3d" % (k, n, k_after))
        by_lang = defaultdict(lambda: [0, 0])
        for it in items:
            if it.split == "test":
                f = tf_a[it.key]
                by_lang[it.lang, it.policy, it.rule, it.kind][0] += 1
                by_lang[it.lang, it.policy, it.rule, it.kind][1] += any(kept(x) for x in f)
        note("  per rule and kind (unmarked/items): " + "; ".join(
            "%s/%s %s %d/%d" % (p, r, k, v[1], v[0])
            for (_l, p, r, k), v in sorted(by_lang.items())))
        leaks = [(it.key, it.kind, it.sentence, [f["fp_score"] for f in tf_a[it.key]])
                 for it in items if it.split == "test" and not it.positive
                 and any(kept(f) for f in tf_a[it.key])]
        lost = [(it.key, it.sentence, [f["fp_score"] for f in tf_a[it.key]])
                for it in items if it.split == "test" and it.positive
                and not any(kept(f) for f in tf_a[it.key])]
        for k, kind, s, sc in leaks:
            note(f"  leak {k} {kind}: fp_score {sc}: {s}")
        for k, s, sc in lost:
            note(f"  lost {k} promise: fp_score {sc}: {s}")
        self.assertEqual(fp_before, 1.0)
        self.assertEqual(rec_before, 1.0)
        self.assertLessEqual(fp_after, fp_before * FP_REDUCTION,
                             f"look-alikes not marked: {leaks}")
        self.assertGreaterEqual(rec_after, RECALL_MIN, f"promises marked likely FP: {lost}")

    def test_4_seeded_examples_keep_recall(self):
        """100% recall on the policies' seeded examples after learning: the recall guard of
        policy learn (must_find kept) and `policy test`'s after-learning columns when it has
        them."""
        rows = S["learn"]
        self.assertTrue(any(r["must_find"] > 0 for r in rows))
        for r in rows:
            if r["used"]:
                self.assertEqual(r["must_find_kept"], r["must_find"], r)
        for p, rule in TARGETS:
            row = next(r for r in rows if r["rule"] == f"{p}/{rule}")
            self.assertGreater(row["must_find"], 0, row)
        recs = S["ptest"].json()
        self.assertTrue(recs, S["ptest"])
        shown = []
        if "recall_after" in recs[0]:
            for rec in recs:
                if rec["tier"] == "allowed" or rec["recall"] is None:
                    continue
                shown.append("%s/%s %.2f->%.2f" % (rec["policy"], rec["rule"], rec["recall"],
                                                    rec["recall_after"]))
                self.assertEqual(rec["recall_after"], 1.0, rec)
            note("seeded examples, recall before->after learning (policy test): " +
                 ", ".join(shown))
        kept_n = sum(r["must_find_kept"] for r in rows if r["used"])
        all_n = sum(r["must_find"] for r in rows if r["used"])
        note("seeded examples + confirmed flags kept by the recall guard: %d/%d (rules using "
             "the model: %d)" % (kept_n, all_n, sum(r["used"] for r in rows)))

    def test_5_queue_puts_likely_false_positives_last(self):
        queue = S["queue"]
        marks = [f["likely_false_positive"] for f in queue]
        first = marks.index(True) if True in marks else len(marks)
        self.assertNotIn(False, marks[first:], "an unmarked flag after a likely FP")
        open_likely = {i for i, f in S["after"].items()
                       if f["likely_false_positive"] and f["status"] in ("open", "appealed",
                                                                         "escalated")}
        self.assertTrue(open_likely)
        self.assertEqual({f["id"] for f in queue if f["likely_false_positive"]}, open_likely)
        queued_open = {i for i, f in S["after"].items()
                       if f["status"] in ("open", "appealed", "escalated")}
        self.assertEqual({f["id"] for f in queue}, queued_open)

    def test_6_no_flag_deleted(self):
        before, after = S["before"], S["after"]
        self.assertEqual(len(before), len(after))
        self.assertEqual(set(before), set(after))
        self.assertTrue(set(after) <= set(S["with_fresh"]))
        for i, f in after.items():
            self.assertEqual((f["policy"], f["rule"], f["start"], f["end"]),
                             (before[i]["policy"], before[i]["rule"], before[i]["start"],
                              before[i]["end"]))

    def test_7_new_mail_is_scored_at_scan_time(self):
        fresh, tf = S["fresh"], S["tf_fresh"]
        bad = [(it.key, len(tf[it.key])) for it in fresh if len(tf[it.key]) != 1]
        self.assertEqual(bad, [], "fresh items without exactly one flag of their rule")
        used = {r["rule"] for r in S["learn"] if r["used"]}
        unscored = [it.key for it in fresh if f"{it.policy}/{it.rule}" in used
                    and tf[it.key][0]["fp_score"] is None]
        self.assertEqual(unscored, [], "new flags of rules using the model come out unscored")
        scored = [it.key for it in fresh if f"{it.policy}/{it.rule}" not in used
                  and tf[it.key][0]["fp_score"] is not None]
        self.assertEqual(scored, [], "new flags of rules not using the model come out scored")
        neg = [it for it in fresh if not it.positive]
        pos = [it for it in fresh if it.positive]
        marked = [it for it in neg if tf[it.key][0]["likely_false_positive"]]
        lost = [it for it in pos if tf[it.key][0]["likely_false_positive"]]
        note("fresh mail scanned after learning: %d/%d look-alikes marked likely FP, %d/%d "
             "promises marked" % (len(marked), len(neg), len(lost), len(pos)))
        for it in neg:
            if it not in marked:
                note(f"  fresh leak {it.key} {it.kind}: fp_score {tf[it.key][0]['fp_score']}: "
                     f"{it.sentence}")
        self.assertGreaterEqual(len(marked), len(neg) * FP_REDUCTION)
        self.assertGreaterEqual(len(pos) - len(lost), RECALL_MIN * len(pos))
        # Scan-time scores are the model's: learning again on the same decisions keeps them.
        changed = [(i, f["fp_score"], S["rescored"][i]["fp_score"])
                   for i, f in S["with_fresh"].items()
                   if f["status"] == "open" and S["rescored"][i]["fp_score"] != f["fp_score"]]
        self.assertEqual(changed, [])
        self.assertEqual(json.dumps(S["learn"], sort_keys=True),
                         json.dumps(S["relearn"], sort_keys=True))


if __name__ == "__main__":
    mstest.main()
