"""Appeals and review: `mailscope appeal FLAG --reason` (the sender of the flagged mail,
employees and managers) and `mailscope review` (compliance: the queue, one flag with its
history, --confirm/--dismiss/--escalate --note), under each role of the demo directory.

Expectations are derived here, never copied from mailscope's output:
  * who is who comes from examples/demo/mailscope.toml (tomllib);
  * the fixture is four messages written below, each sent by a known person on a Tuesday
    morning to a customer, with phrases of the sales-zh / finance-zh / english libraries, so
    which (message, rule) flags exist is known by construction;
  * flag ids, statuses, tiers and the review rows are read from CASE/case.db with Python's
    sqlite3; the audit records from `audit log --format json` run as the auditor;
  * the queue order is computed here from the flags table: appealed, escalated, open, then
    the higher tier first (forbidden > approval).
"""
import csv
import datetime
import email.utils
import io
import json
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
DOMAIN = "haina-trade.com"
with open(DIRECTORY, "rb") as _f:
    PEOPLE = {p["login"]: p for p in tomllib.load(_f)["person"]}

ZHANG, WANG, SUN, ZHAO, MA, XU = ("zhang.wei", "wang.fang", "sun.qiang", "zhao.min",
                                  "ma.xiaodong", "xu.ting")
SH = datetime.timezone(datetime.timedelta(hours=8))

# key -> (sender login, subject, body); the (policy, rule) flags each must carry.
FIXTURE = {
    "w1": (WANG, "报价 B-201", "赵先生您好：\n这个价格我私下给你，请别告诉别人。\n"),
    "z1": (ZHANG, "报价 A-101", "张先生您好：\n这个型号我私下给您打九折，别的客户没有。\n"),
    "z2": (ZHANG, "报价 A-102", "李经理您好：\n请把货款转到我个人账户，卡号见附件。\n"
                               "I can offer you a special discount on this order.\n"),
    "z3": (ZHANG, "报价 A-103", "王总您好：\n这已经是全网最低价了。\n"),
}
EXPECTED_FLAGS = {
    ("w1", "sales-zh", "private-discount"), ("w1", "sales-zh", "secrecy"),
    ("z1", "sales-zh", "private-discount"),
    ("z2", "finance-zh", "personal-account-payment"),
    ("z3", "sales-zh", "lowest-price"),
}
TIER_RANK = {"forbidden": 2, "approval": 1, "allowed": 0}
QUEUE_RANK = {"appealed": 0, "escalated": 1, "open": 2}

BASE = None
WORK = None


def as_(login):
    return {"MAILSCOPE_AS": PEOPLE[login]["email"]}


def write_fixture(folder):
    for i, (key, (who, subject, body)) in enumerate(sorted(FIXTURE.items())):
        m = EmailMessage()
        m["From"] = email.utils.formataddr((PEOPLE[who]["name"], PEOPLE[who]["email"]))
        m["To"] = "buyer@mingda-elec.com"
        m["Subject"] = subject
        m["Message-ID"] = "<%s@fixture.example>" % key
        m["Date"] = email.utils.format_datetime(datetime.datetime(2025, 6, 10, 10, i, tzinfo=SH))
        m.set_content(body)
        with open(os.path.join(folder, key + ".eml"), "wb") as f:
            f.write(bytes(m))


def setUpModule():
    global BASE, WORK
    WORK = mstest.scratch("appeal_review")
    mail = os.path.join(WORK, "mail")
    os.makedirs(mail)
    write_fixture(mail)
    BASE = os.path.join(WORK, "base")
    mstest.import_ok(BASE, mail)
    ms("org", "set", DIRECTORY, case=BASE, check=0, env=mstest.AS_OWNER)
    ms("policy", "add", os.path.join(POLICY_DIR, "sales-zh.toml"),
       os.path.join(POLICY_DIR, "finance-zh.toml"), case=BASE, check=0, env=mstest.AS_OWNER)
    ms("scan", case=BASE, check=0, env=as_(ZHAO))


def db(case):
    con = sqlite3.connect(os.path.join(case, "case.db"))
    con.row_factory = sqlite3.Row
    return con


def flags(case):
    """flag id -> dict(key, policy, rule, tier, status, version) from the flags table."""
    with db(case) as con:
        rows = con.execute("SELECT f.id, m.message_id AS mid, f.policy, f.rule, f.tier, "
                           "f.status, f.version FROM flags f JOIN messages m "
                           "ON m.id = f.message_id").fetchall()
    return {r["id"]: dict(key=r["mid"].split("@")[0], policy=r["policy"], rule=r["rule"],
                          tier=r["tier"], status=r["status"], version=r["version"])
            for r in rows}


def flag_id(case, key, rule):
    ids = [i for i, f in flags(case).items() if f["key"] == key and f["rule"] == rule]
    assert len(ids) == 1, (key, rule, ids)
    return ids[0]


def reviews(case, fid=None):
    with db(case) as con:
        sql = "SELECT flag_id, person, role, action, note, status FROM reviews"
        rows = con.execute(sql + (" WHERE flag_id=? ORDER BY id" if fid else " ORDER BY id"),
                           (fid,) if fid else ()).fetchall()
    return [dict(r) for r in rows]


def audit(case):
    return ms("audit", "log", "--format", "json", case=case, check=0, env=as_(MA)).json()


def new_audit(case, before):
    """The records written since `before` (a list from audit()), without audit-log reads."""
    return [r for r in audit(case)[len(before):] if r["action"] != "audit-log"]


class AppealReview(unittest.TestCase):
    def setUp(self):
        self.case = os.path.join(WORK, self.id().rsplit(".", 1)[-1])
        shutil.rmtree(self.case, ignore_errors=True)
        shutil.copytree(BASE, self.case)

    def ms(self, *args, who=None, check=None):
        return ms(*args, case=self.case, check=check, env=as_(who) if who else mstest.AS_OWNER)

    def test_fixture_flags(self):
        got = {(f["key"], f["policy"], f["rule"]) for f in flags(self.case).values()}
        self.assertEqual(got, EXPECTED_FLAGS)
        self.assertTrue(all(f["status"] == "open" for f in flags(self.case).values()))

    def test_sender_appeals_own_flag(self):
        fid = flag_id(self.case, "z1", "private-discount")
        before = audit(self.case)
        reason = "我是在引用客户的原话"
        r = self.ms("appeal", fid, "--reason", "  我是在引用客户的原话 ", "--format", "json",
                    who=ZHANG, check=0)
        self.assertEqual(r.json()[0]["status"], "appealed")
        self.assertEqual(flags(self.case)[fid]["status"], "appealed")
        self.assertEqual(reviews(self.case), [dict(flag_id=fid, person=PEOPLE[ZHANG]["email"],
                                                   role="employee", action="appeal", note=reason,
                                                   status="appealed")])
        recs = new_audit(self.case, before)
        self.assertEqual([(x["action"], x["target"], x["reason"], x["outcome"], x["person"])
                          for x in recs],
                         [("appeal", "flag:%d" % fid, reason, "ok", PEOPLE[ZHANG]["email"])])
        # Appealing it again: exit 2, says it is appealed; nothing changes.
        r = self.ms("appeal", fid, "--reason", "once more please", who=ZHANG, check=2)
        self.assertIn("appealed", r.err)
        self.assertEqual(len(reviews(self.case)), 1)

    def test_others_cannot_appeal(self):
        fid = flag_id(self.case, "z1", "private-discount")  # sent by zhang.wei
        snapshot = flags(self.case)
        before = audit(self.case)
        r = self.ms("appeal", fid, "--reason", "not my mail but still", who=WANG, check=4)
        self.assertIn("is not a flag on mail you sent", r.err)
        self.ms("appeal", fid, "--reason", "my department's mail", who=SUN, check=4)
        for who in (ZHAO, MA, XU):
            self.ms("appeal", fid, "--reason", "a reason here", who=who, check=4)
        self.ms("appeal", fid, "--reason", "a reason here", check=4)  # the owner (admin)
        self.assertEqual(flags(self.case), snapshot)
        self.assertEqual(reviews(self.case), [])
        recs = new_audit(self.case, before)
        self.assertEqual([(x["person"], x["action"], x["outcome"]) for x in recs],
                         [(PEOPLE[w]["email"], "appeal", "denied") for w in (WANG, SUN, ZHAO, MA, XU)]
                         + [("", "appeal", "denied")])
        self.assertEqual(recs[0]["target"], "flag:%d" % fid)
        self.assertEqual(recs[0]["reason"], "not my mail but still")

    def test_manager_appeals_own_mail_only(self):
        # sun.qiang sent none of the fixture: appealing wang.fang's flag is refused.
        fid = flag_id(self.case, "w1", "secrecy")
        self.ms("appeal", fid, "--reason", "as her manager", who=SUN, check=4)
        self.assertEqual(flags(self.case)[fid]["status"], "open")

    def test_appeal_errors(self):
        fid = flag_id(self.case, "z3", "lowest-price")
        r = self.ms("appeal", fid, "--reason", "ab ", who=ZHANG, check=2)
        self.assertIn("at least four characters", r.err)
        # A flag that does not exist gets the same refusal as someone else's: an employee
        # cannot probe which flags exist on other people's mail.
        missing = max(flags(self.case)) + 100
        r = self.ms("appeal", missing, "--reason", "quoting them", who=ZHANG, check=4)
        self.assertIn("flag %d is not a flag on mail you sent" % missing, r.err)
        self.ms("appeal", fid, who=ZHANG, check=2)  # --reason is required
        self.assertEqual(reviews(self.case), [])
        # Decided flags cannot be appealed; an escalated one can.
        other = flag_id(self.case, "z2", "personal-account-payment")
        self.ms("review", fid, "--confirm", "--note", "a real promise", who=ZHAO, check=0)
        self.ms("review", other, "--dismiss", "--note", "customer's own account", who=ZHAO, check=0)
        for f, st in ((fid, "confirmed"), (other, "dismissed")):
            r = self.ms("appeal", f, "--reason", "please reconsider", who=ZHANG, check=2)
            self.assertIn(st, r.err)
        z1 = flag_id(self.case, "z1", "private-discount")
        self.ms("review", z1, "--escalate", "--note", "ask legal first", who=ZHAO, check=0)
        self.ms("appeal", z1, "--reason", "quoting the customer", who=ZHANG, check=0)
        self.assertEqual(flags(self.case)[z1]["status"], "appealed")

    def expected_queue(self, status=None):
        fl = flags(self.case)
        ids = [i for i, f in fl.items() if (f["status"] == status if status
                                             else f["status"] in QUEUE_RANK)]
        return sorted(ids, key=lambda i: (QUEUE_RANK.get(fl[i]["status"], 0),
                                          -TIER_RANK[fl[i]["tier"]]))

    def test_queue_order_and_formats(self):
        self.ms("appeal", flag_id(self.case, "z3", "lowest-price"), "--reason", "quoting",
                who=ZHANG, check=0)
        self.ms("review", flag_id(self.case, "w1", "secrecy"), "--escalate", "--note",
                "ask legal", who=ZHAO, check=0)
        self.ms("review", flag_id(self.case, "w1", "private-discount"), "--confirm", "--note",
                "a real promise", who=ZHAO, check=0)
        expected = self.expected_queue()
        self.assertEqual(len(expected), 4)
        got = [o["id"] for o in self.ms("review", "--format", "json", who=ZHAO, check=0).json()]
        self.assertEqual(got, expected)
        rows = list(csv.DictReader(io.StringIO(
            self.ms("review", "--format", "csv", who=ZHAO, check=0).out)))
        self.assertEqual([int(x["id"]) for x in rows], expected)
        self.assertEqual([x["status"] for x in rows],
                         [flags(self.case)[i]["status"] for i in expected])
        text = self.ms("review", who=ZHAO, check=0).out.splitlines()
        self.assertEqual([int(line.split()[0]) for line in text], expected)
        # --status filters; an empty queue exits 1.
        got = [o["id"] for o in self.ms("review", "--status", "confirmed", "--format", "json",
                                        who=ZHAO, check=0).json()]
        self.assertEqual(got, self.expected_queue("confirmed"))
        self.ms("review", "--status", "dismissed", who=ZHAO, check=1)
        recs = [x for x in audit(self.case) if x["action"] == "review-queue"]
        self.assertEqual(len(recs), 5)

    def test_decisions_and_history(self):
        fid = flag_id(self.case, "z1", "private-discount")
        r = self.ms("review", fid, who=ZHAO, check=0)
        self.assertIn("no appeal or decision yet", r.out)
        self.ms("appeal", fid, "--reason", "quoting the customer", who=ZHANG, check=0)
        before = audit(self.case)
        steps = [("--escalate", "escalated", "ask legal first"),
                 ("--dismiss", "dismissed", "customer's words"),
                 ("--confirm", "confirmed", "on second look, a promise")]
        for opt, st, note in steps:
            r = self.ms("review", fid, opt, "--note", note, "--format", "json", who=ZHAO, check=0)
            self.assertEqual(r.json()[0]["status"], st)
            self.assertEqual(flags(self.case)[fid]["status"], st)
        want = [dict(flag_id=fid, person=PEOPLE[ZHANG]["email"], role="employee",
                     action="appeal", note="quoting the customer", status="appealed")]
        want += [dict(flag_id=fid, person=PEOPLE[ZHAO]["email"], role="compliance",
                      action=o[2:], note=n, status=s) for o, s, n in steps]
        self.assertEqual(reviews(self.case, fid), want)
        recs = new_audit(self.case, before)
        self.assertEqual([(x["action"], x["target"], x["reason"], x["outcome"]) for x in recs],
                         [("review-" + o[2:], "flag:%d" % fid, n, "ok") for o, s, n in steps])
        self.assertEqual([x["detail"]["now"] for x in recs], [s for _o, s, _n in steps])
        # review FLAG: the history, oldest first, in JSON and text.
        shown = self.ms("review", fid, "--format", "json", who=ZHAO, check=0).json()
        self.assertEqual(len(shown), 1)
        self.assertEqual(shown[0]["id"], fid)
        self.assertEqual(shown[0]["status"], "confirmed")
        self.assertEqual([(h["person"], h["role"], h["action"], h["note"], h["status"])
                          for h in shown[0]["history"]],
                         [(w["person"], w["role"], w["action"], w["note"], w["status"])
                          for w in want])
        text = self.ms("review", fid, who=ZHAO, check=0).out
        pos = [text.index(w["note"]) for w in want]
        self.assertEqual(pos, sorted(pos))
        self.assertEqual(audit(self.case)[-2]["action"], "review-show")

    def test_review_usage_errors(self):
        fid = flag_id(self.case, "z3", "lowest-price")
        r = self.ms("review", fid, "--confirm", who=ZHAO, check=2)
        self.assertIn("--note", r.err)
        self.ms("review", fid, "--confirm", "--note", "ab", who=ZHAO, check=2)
        self.ms("review", fid, "--confirm", "--dismiss", "--note", "a fine note", who=ZHAO,
                check=2)
        self.ms("review", fid, "--dismiss", "--escalate", "--note", "a fine note", who=ZHAO,
                check=2)
        self.ms("review", fid, "--note", "a note without decision", who=ZHAO, check=2)
        self.ms("review", "--confirm", "--note", "no flag given", who=ZHAO, check=2)
        r = self.ms("review", max(flags(self.case)) + 100, who=ZHAO, check=2)
        self.assertIn("not in the case", r.err)
        self.assertEqual(reviews(self.case), [])
        self.assertEqual(flags(self.case)[fid]["status"], "open")

    def test_only_compliance_reviews(self):
        fid = flag_id(self.case, "z3", "lowest-price")
        before = audit(self.case)
        for who in (ZHANG, SUN, MA, XU):
            self.ms("review", who=who, check=4)
            self.ms("review", fid, who=who, check=4)
            self.ms("review", fid, "--dismiss", "--note", "not a promise", who=who, check=4)
        self.ms("review", check=4)  # the owner
        self.assertEqual(reviews(self.case), [])
        self.assertEqual(flags(self.case)[fid]["status"], "open")
        recs = new_audit(self.case, before)
        self.assertEqual(len(recs), 13)
        self.assertTrue(all(x["action"] == "review" and x["outcome"] == "denied" for x in recs))

    def test_flags_mine_shows_status_not_reviewer(self):
        z1 = flag_id(self.case, "z1", "private-discount")
        z3 = flag_id(self.case, "z3", "lowest-price")
        self.ms("appeal", z1, "--reason", "quoting the customer", who=ZHANG, check=0)
        self.ms("review", z1, "--dismiss", "--note", "the customer's own words", who=ZHAO,
                check=0)
        self.ms("review", z3, "--escalate", "--note", "ask the sales director", who=ZHAO,
                check=0)
        mine = {o["id"]: o for o in self.ms("flags", "--mine", "--format", "json",
                                            who=ZHANG, check=0).json()}
        own = {i for i, f in flags(self.case).items() if FIXTURE[f["key"]][0] == ZHANG}
        self.assertEqual(set(mine), own)
        self.assertEqual(mine[z1]["status"], "dismissed")
        self.assertEqual(mine[z3]["status"], "escalated")
        zhao = PEOPLE[ZHAO]
        for fmt in ("text", "json", "csv"):
            out = self.ms("flags", "--mine", "--format", fmt, who=ZHANG, check=0).out
            for secret in (zhao["email"], zhao["email"].split("@")[0], zhao["name"], "compliance",
                           "the customer's own words", "ask the sales director"):
                self.assertNotIn(secret, out, (fmt, secret))
        # wang.fang sees only her own flags.
        theirs = {o["id"] for o in self.ms("flags", "--mine", "--format", "json", who=WANG,
                                           check=0).json()}
        self.assertEqual(theirs, {i for i, f in flags(self.case).items() if f["key"] == "w1"})

    def test_rescan_keeps_reviews(self):
        z1 = flag_id(self.case, "z1", "private-discount")
        z2 = flag_id(self.case, "z2", "personal-account-payment")
        z3 = flag_id(self.case, "z3", "lowest-price")
        self.ms("appeal", z1, "--reason", "quoting the customer", who=ZHANG, check=0)
        self.ms("review", z2, "--escalate", "--note", "ask legal first", who=ZHAO, check=0)
        self.ms("appeal", z3, "--reason", "quoting the customer", who=ZHANG, check=0)
        self.ms("review", z3, "--dismiss", "--note", "customer's words", who=ZHAO, check=0)
        want = {z1: "appealed", z2: "escalated", z3: "dismissed"}
        review_rows = reviews(self.case)
        r = self.ms("scan", who=ZHAO)
        self.assertIn(r.code, (0, 1), r)
        self.assertEqual({i: flags(self.case)[i]["status"] for i in want}, want)
        # A new rule-set version (an extra policy): the reviewed flags stay, with their status,
        # and the same findings do not come back as second, open flags.
        ms("policy", "add", os.path.join(POLICY_DIR, "english.toml"), case=self.case, check=0,
           env=mstest.AS_OWNER)
        r = self.ms("scan", who=ZHAO)
        self.assertIn(r.code, (0, 1), r)
        fl = flags(self.case)
        self.assertEqual({i: fl[i]["status"] for i in want}, want)
        findings = [(f["key"], f["policy"], f["rule"]) for f in fl.values()]
        self.assertEqual(sorted(set(findings)), sorted(findings), "a finding flagged twice")
        self.assertEqual(set(findings), EXPECTED_FLAGS | {("z2", "english", "private-discount")})
        self.assertEqual(reviews(self.case), review_rows)
        queue = [o["id"] for o in self.ms("review", "--format", "json", who=ZHAO,
                                          check=0).json()]
        self.assertNotIn(z3, queue)
        self.assertEqual(queue[:2], [z1, z2])

    def test_schema_3_upgraded(self):
        with db(self.case) as con:
            # Back to version 3: no reviews (4), no learning or proposals (5), no custody (6),
            # no shards (7).
            for sql in ("DROP TABLE shard_custodians", "DROP TABLE shards", "DROP TABLE custody", "DROP TABLE reviews", "DROP TABLE context_models", "DROP TABLE votes",
                        "DROP TABLE proposals", "ALTER TABLE flags DROP COLUMN fp_score",
                        "ALTER TABLE flags DROP COLUMN likely_fp",
                        "UPDATE meta SET value='3' WHERE key='schema_version'"):
                con.execute(sql)
        con.close()
        fid = flag_id(self.case, "z1", "private-discount")
        self.ms("appeal", fid, "--reason", "quoting the customer", who=ZHANG, check=0)
        with db(self.case) as con:
            v = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        con.close()
        self.assertEqual(v, "7")
        self.assertEqual([r["action"] for r in reviews(self.case)], ["appeal"])
        self.assertEqual(flags(self.case)[fid]["status"], "appealed")


if __name__ == "__main__":
    mstest.main()
