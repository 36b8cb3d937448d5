"""`mailscope policy learn` and `mailscope policy suggest` under each role of the demo directory.

The fixture is eight messages from 张伟 (sales) to a customer, each with one hit of
english/lowest-price: four promises and four look-alikes that report what someone else
"mentioned". Compliance confirms three promises and dismisses three look-alikes; the fourth
of each stays open. Expectations are derived here:
  * which flag is which comes from the subject keys written below;
  * after learning, the open look-alike carries the reported-speech cue the dismissals share
    and is marked, the open promise has no cue and is not (a hit is never marked on word
    statistics alone);
  * the phrase "quoted the" stands before the three dismissed hits (within the rule's
    20-character exception window) and before no confirmed hit or seeded example, so it is
    suggested first (three flags); "mentioned that" is too far from the hit to be an exception;
  * stored state is read from CASE/case.db with sqlite3, audit records as the auditor.
"""
import datetime
import email.utils
import os
import shutil
import sqlite3
import tomllib
import unittest
from email.message import EmailMessage

import mstest
from mstest import SOURCE, ms

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
with open(DIRECTORY, "rb") as _f:
    PEOPLE = {p["login"]: p for p in tomllib.load(_f)["person"]}
ZHANG, ZHAO, MA, XU, SUN = "zhang.wei", "zhao.min", "ma.xiaodong", "xu.ting", "sun.qiang"
SH = datetime.timezone(datetime.timedelta(hours=8))

PROMISES = {
    "P1": "Hi Tom,\n\nFor the March order we will give you the lowest price on the TWS-X3 "
          "headsets.\n\nRegards,\nDavid\n",
    "P2": "Dear Ms Chen,\n\nI can promise you our lowest price for 5000 units of the "
          "charger.\n\nBest,\nDavid\n",
    "P3": "Hello Erik,\n\nYou get the lowest price in the region on this batch, as agreed on "
          "the phone.\n\nDavid\n",
    "P4": "Hi Anna,\n\nWe are giving your team the lowest price this quarter.\n\nDavid\n",
}
LOOKALIKES = {
    "L1": "Hi Tom,\n\nYour buyer mentioned that Acme quoted the lowest price for resin.\n\n"
          "David\n",
    "L2": "Dear Ms Chen,\n\nYour manager mentioned that Delta quoted the lowest price in "
          "Shenzhen.\n\nDavid\n",
    "L3": "Hello Erik,\n\nLars mentioned that Nordic Parts quoted the lowest price on "
          "cables.\n\nDavid\n",
    "L4": "Hi Anna,\n\nYour colleague mentioned that Acme quoted the lowest price again.\n\n"
          "David\n",
}
CONFIRM, DISMISS = ("P1", "P2", "P3"), ("L1", "L2", "L3")
RULE = "english/lowest-price"

BASE = None


def as_(login):
    return {"MAILSCOPE_AS": PEOPLE[login]["email"]}


def setUpModule():
    global BASE
    work = mstest.scratch("policy_learn")
    mail = os.path.join(work, "mail")
    os.makedirs(mail)
    for i, (key, body) in enumerate(sorted({**PROMISES, **LOOKALIKES}.items())):
        m = EmailMessage()
        m["From"] = email.utils.formataddr((PEOPLE[ZHANG]["name"], PEOPLE[ZHANG]["email"]))
        m["To"] = "buyer@nordichome.se"
        m["Subject"] = "Quote " + key
        m["Message-ID"] = "<%s@learn.example>" % key
        m["Date"] = email.utils.format_datetime(datetime.datetime(2025, 6, 10, 10, i, tzinfo=SH))
        m.set_content(body)
        with open(os.path.join(mail, key + ".eml"), "wb") as f:
            f.write(bytes(m))
    BASE = os.path.join(work, "base")
    mstest.import_ok(BASE, mail)
    ms("org", "set", DIRECTORY, case=BASE, check=0, env=mstest.AS_OWNER)
    ms("policy", "add", os.path.join(POLICY_DIR, "english.toml"), case=BASE, check=0,
       env=mstest.AS_OWNER)
    ms("scan", case=BASE, check=0, env=as_(ZHAO))
    ids = flag_ids(BASE)
    for key in CONFIRM:
        ms("review", ids[key], "--confirm", "--note", "a promise", case=BASE, check=0,
           env=as_(ZHAO))
    for key in DISMISS:
        ms("review", ids[key], "--dismiss", "--note", "reports what someone else said",
           case=BASE, check=0, env=as_(ZHAO))


def db(case):
    con = sqlite3.connect(os.path.join(case, "case.db"))
    con.row_factory = sqlite3.Row
    return con


def flag_rows(case):
    """subject key -> the row of its english/lowest-price flag."""
    con = db(case)
    rows = con.execute("SELECT f.*, m.subject FROM flags f JOIN messages m ON m.id = f.message_id "
                       "WHERE f.policy='english' AND f.rule='lowest-price'").fetchall()
    con.close()
    out = {}
    for r in rows:
        key = r["subject"].split()[-1]
        assert key not in out, key
        out[key] = dict(r)
    return out


def flag_ids(case):
    return {k: r["id"] for k, r in flag_rows(case).items()}


def audit(case):
    return ms("audit", "log", "--format", "json", case=case, check=0, env=as_(MA)).json()


class PolicyLearn(unittest.TestCase):
    def setUp(self):
        self.case = os.path.join(mstest.WORK, "scratch", "policy_learn", self._testMethodName)
        shutil.rmtree(self.case, ignore_errors=True)
        shutil.copytree(BASE, self.case)

    def ms(self, *args, who=ZHAO, check=None):
        return ms(*args, case=self.case, check=check, env=as_(who))

    def test_fixture(self):
        rows = flag_rows(self.case)
        self.assertEqual(sorted(rows), sorted({**PROMISES, **LOOKALIKES}))
        want = {k: "confirmed" for k in CONFIRM} | {k: "dismissed" for k in DISMISS}
        want |= {"P4": "open", "L4": "open"}
        self.assertEqual({k: r["status"] for k, r in rows.items()}, want)
        self.assertTrue(all(r["fp_score"] is None and r["likely_fp"] == 0 for r in rows.values()))

    def test_only_compliance_learns_and_suggests(self):
        before = audit(self.case)
        for who in (ZHANG, SUN, MA, XU):
            for args in (("policy", "learn"), ("policy", "suggest")):
                r = self.ms(*args, who=who)
                self.assertEqual(r.code, 4, (who, args, r))
        with db(self.case) as con:
            self.assertEqual(con.execute("SELECT count(*) FROM context_models").fetchone()[0], 0)
        refused = [x for x in audit(self.case)[len(before):] if x["outcome"] != "ok"]
        self.assertEqual(len(refused), 8)

    def test_dry_run_stores_nothing(self):
        r = self.ms("policy", "learn", "--dry-run", "--format", "json", check=0)
        rec = {o["rule"]: o for o in r.json()}[RULE]
        self.assertEqual((rec["confirmed"], rec["dismissed"], rec["dismissed_caught"]), (3, 3, 3))
        self.assertTrue(rec["used"], rec)
        with db(self.case) as con:
            self.assertEqual(con.execute("SELECT count(*) FROM context_models").fetchone()[0], 0)
        self.assertTrue(all(x["fp_score"] is None for x in flag_rows(self.case).values()))

    def test_learn_marks_the_open_lookalike_and_orders_the_queue(self):
        before = audit(self.case)
        r = self.ms("policy", "learn", check=0)
        self.assertIn("3 confirmed, 3 dismissed", r.out)
        self.assertIn("queue: 2 flags scored, 1 marked likely false positives", r.out)
        rows = flag_rows(self.case)
        self.assertEqual(rows["L4"]["likely_fp"], 1)
        self.assertGreaterEqual(rows["L4"]["fp_score"], 0.9)
        self.assertEqual(rows["P4"]["likely_fp"], 0)
        self.assertLessEqual(rows["P4"]["fp_score"], 0.5)
        # Decided flags keep their status and are not re-scored.
        for k in CONFIRM + DISMISS:
            self.assertIsNone(rows[k]["fp_score"])
        with db(self.case) as con:
            stored = {r[0]: (r[1], r[2], r[3]) for r in con.execute(
                "SELECT key, confirmed, dismissed, used FROM context_models")}
        self.assertEqual(stored["*"], (3, 3, 1))
        self.assertEqual(stored[RULE], (3, 3, 1))
        # flags shows the mark; the queue lists the marked flag last.
        fl = {o["id"]: o for o in self.ms("flags", "--format", "json", check=0).json()}
        self.assertTrue(fl[rows["L4"]["id"]]["likely_false_positive"])
        self.assertFalse(fl[rows["P4"]["id"]]["likely_false_positive"])
        text = self.ms("flags", check=0).out
        self.assertEqual(text.count("likely false positive"), 1)
        queue = [o["id"] for o in self.ms("review", "--format", "json", check=0).json()]
        self.assertEqual(queue[-1], rows["L4"]["id"])
        self.assertIn(rows["P4"]["id"], queue)
        # Nothing was deleted.
        self.assertEqual(len(flag_rows(self.case)), 8)
        recs = [x for x in audit(self.case)[len(before):] if x["action"] == "policy-learn"]
        self.assertEqual(len(recs), 1)
        # policy test: seeded examples keep recall; the decisions per rule are counted.
        t = self.ms("policy", "test", "--format", "json", check=0)
        self.assertEqual(t.code, 0, t)
        rec = {(o["policy"], o["rule"]): o for o in t.json()}[("english", "lowest-price")]
        self.assertEqual(rec["model"], "used")
        self.assertEqual(rec["recall_after"], 1.0)
        self.assertEqual((rec["confirmed"], rec["confirmed_kept"], rec["dismissed"],
                          rec["dismissed_caught"]), (3, 3, 3, 3))

    def test_new_scan_scores_new_hits(self):
        self.ms("policy", "learn", check=0)
        mail = os.path.join(self.case + "-new")
        shutil.rmtree(mail, ignore_errors=True)
        os.makedirs(mail)
        m = EmailMessage()
        m["From"] = PEOPLE[ZHANG]["email"]
        m["To"] = "buyer@nordichome.se"
        m["Subject"] = "Quote L5"
        m["Message-ID"] = "<L5@learn.example>"
        m["Date"] = "Wed, 11 Jun 2025 10:00:00 +0800"
        m.set_content("Hi Bo,\n\nYour buyer mentioned that Kappa quoted the lowest price.\n")
        with open(os.path.join(mail, "L5.eml"), "wb") as f:
            f.write(bytes(m))
        ms("import", mail, case=self.case, check=0, env=mstest.AS_OWNER)
        r = self.ms("scan", check=0)
        self.assertIn("1 scored likely false positives by the context model", r.out)
        self.assertEqual(flag_rows(self.case)["L5"]["likely_fp"], 1)

    def test_not_enough_decisions(self):
        with db(self.case) as con:
            con.execute("UPDATE flags SET status='open' WHERE status='dismissed'")
        con.close()
        r = self.ms("policy", "learn", check=0)
        self.assertIn("not enough to learn from", r.out)
        self.assertIn("queue: 0 flags scored, 0 marked", r.out)

    def test_suggest_and_accept(self):
        ids = flag_ids(self.case)
        r = self.ms("policy", "suggest", "--format", "json", check=0)
        self.assertEqual(r.code, 0, r)
        top = r.json()[0]
        self.assertEqual((top["n"], top["rule"], top["exception"], top["dismissed"]),
                         (1, RULE, "quoted the", 3))
        self.assertEqual(top["flags"], ", ".join(str(ids[k]) for k in sorted(DISMISS)))
        for s in r.json():
            self.assertEqual(s["rule"], RULE)
            self.assertGreaterEqual(s["dismissed"], 2)
        # --accept needs a note; a number beyond the list is refused.
        self.assertEqual(self.ms("policy", "suggest", "--accept", "1").code, 2)
        self.assertEqual(self.ms("policy", "suggest", "--note", "x y z").code, 2)
        self.assertEqual(self.ms("policy", "suggest", "--accept", "999", "--note",
                                 "reported speech").code, 2)
        path = os.path.join(self.case, "policies", "english.toml")
        with open(path, encoding="utf-8") as f:
            old = f.read()
        before = audit(self.case)
        r = self.ms("policy", "suggest", "--accept", "1", "--note", "reported speech", check=0)
        self.assertIn('added exception "quoted the" to english/lowest-price', r.out)
        with open(path, encoding="utf-8") as f:
            new = f.read()
        with open(path, "rb") as f:
            rules = {x["id"]: x for x in tomllib.load(f)["rule"]}
        with open(os.path.join(POLICY_DIR, "english.toml"), "rb") as f:
            orig = {x["id"]: x for x in tomllib.load(f)["rule"]}
        self.assertEqual(rules["lowest-price"]["exceptions"],
                         orig["lowest-price"]["exceptions"] + ["quoted the"])
        added = [l for l in new.splitlines() if l not in old.splitlines()]
        self.assertTrue(any(l.lstrip().startswith("#") and "quoted the" in l and
                            "reported speech" in l and PEOPLE[ZHAO]["email"] in l
                            for l in added), added)
        recs = [x for x in audit(self.case)[len(before):]
                if x["action"] == "policy-suggest-accept"]
        self.assertEqual(len(recs), 1)
        self.assertEqual(recs[0]["reason"], "reported speech")
        # The examples still pass; a new scan no longer flags the open look-alike, the
        # decided flags stay as they were, and the open promise is still flagged.
        self.assertEqual(self.ms("policy", "test", check=0).code, 0)
        self.ms("scan", check=0)
        rows = flag_rows(self.case)
        self.assertNotIn("L4", rows)
        self.assertEqual({k: rows[k]["status"] for k in CONFIRM + DISMISS},
                         {k: "confirmed" if k in CONFIRM else "dismissed"
                          for k in CONFIRM + DISMISS})
        self.assertIn("P4", rows)
        # The same phrase is not suggested again.
        again = self.ms("policy", "suggest", "--format", "json", check=0)
        self.assertNotIn("quoted the", [s["exception"] for s in again.json()])


if __name__ == "__main__":
    mstest.main()
