"""Proposed terms: `mailscope policy propose / vote / proposals / adopt / reject` under each role
of the demo directory, from the proposal to the scan that applies the adopted term.

Expectations are derived here, never copied from mailscope's output:
  * who is who comes from examples/demo/mailscope.toml (tomllib);
  * the fixture is three messages written below, sent by sales people to a customer on a
    Tuesday morning; t1 says 十年包换 (no rule of sales-zh has it), t2 says 底价 (a term of
    sales-zh/lowest-price), so which flags exist before and after an edit is known;
  * the policy file expected after an adoption is computed from examples/policies/sales-zh.toml
    with Python string operations (the history line above the key, the term at the end of
    the array); proposals and votes are read from CASE/case.db with sqlite3; the audit
    records from `audit log --format json` run as the auditor.
"""
import csv
import datetime
import email.utils
import hashlib
import io
import os
import shutil
import sqlite3
import tomllib
import unittest
from email.message import EmailMessage

import mstest
from mstest import SOURCE, ms

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
SALES = os.path.join(SOURCE, "examples", "policies", "sales-zh.toml")
with open(DIRECTORY, "rb") as _f:
    PEOPLE = {p["login"]: p for p in tomllib.load(_f)["person"]}

ZHANG, WANG, LIU, SUN, ZHAO, MA, XU = ("zhang.wei", "wang.fang", "liu.yang", "sun.qiang",
                                       "zhao.min", "ma.xiaodong", "xu.ting")
SH = datetime.timezone(datetime.timedelta(hours=8))
NEW_TERM = "十年包换"
RULE = "sales-zh/lifetime-warranty"

FIXTURE = {
    "t1": (ZHANG, "质保 A-301", "张先生您好：\n这台设备我们十年包换，请放心下单。\n"),
    "t2": (WANG, "报价 B-302", "赵先生您好：\n这已经是底价了。\n"),
    "t3": (ZHANG, "发货 A-303", "王总您好：\n货已发出，请查收。\n"),
}

BASE = None
WORK = None


def email_of(login):
    return PEOPLE[login]["email"]


def as_(login):
    return {"MAILSCOPE_AS": email_of(login)}


def write_fixture(folder):
    for i, (key, (who, subject, body)) in enumerate(sorted(FIXTURE.items())):
        m = EmailMessage()
        m["From"] = email.utils.formataddr((PEOPLE[who]["name"], email_of(who)))
        m["To"] = "buyer@mingda-elec.com"
        m["Subject"] = subject
        m["Message-ID"] = "<%s@proposals.example>" % key
        m["Date"] = email.utils.format_datetime(datetime.datetime(2025, 6, 10, 10, i, tzinfo=SH))
        m.set_content(body)
        with open(os.path.join(folder, key + ".eml"), "wb") as f:
            f.write(bytes(m))


def setUpModule():
    global BASE, WORK
    WORK = mstest.scratch("policy_proposals")
    mail = os.path.join(WORK, "mail")
    os.makedirs(mail)
    write_fixture(mail)
    BASE = os.path.join(WORK, "base")
    mstest.import_ok(BASE, mail)
    ms("org", "set", DIRECTORY, case=BASE, check=0, env=mstest.AS_OWNER)
    ms("policy", "add", SALES, case=BASE, check=0, env=mstest.AS_OWNER)
    ms("scan", case=BASE, check=0, env=as_(ZHAO))


def db(case):
    con = sqlite3.connect(os.path.join(case, "case.db"))
    con.row_factory = sqlite3.Row
    return con


def proposals(case):
    with db(case) as con:
        rows = con.execute("SELECT id, kind, term, policy, rule, reason, proposed_by, status, "
                           "decided_by, note FROM proposals ORDER BY id").fetchall()
    return [dict(r) for r in rows]


def votes(case, pid):
    """person -> "for" / "against" from the votes table."""
    with db(case) as con:
        rows = con.execute("SELECT person, vote FROM votes WHERE proposal_id=?", (pid,)).fetchall()
    return {r["person"]: "for" if r["vote"] > 0 else "against" for r in rows}


def flag_rules(case, key):
    """(rule, matched) of every flag on fixture message `key`."""
    with db(case) as con:
        rows = con.execute("SELECT f.rule, f.matched FROM flags f JOIN messages m ON "
                           "m.id = f.message_id WHERE m.message_id = ?",
                           (key + "@proposals.example",)).fetchall()
    return sorted((r["rule"], r["matched"]) for r in rows)


def policy_bytes(case):
    with open(os.path.join(case, "policies", "sales-zh.toml"), "rb") as f:
        return f.read()


def audit(case):
    return ms("audit", "log", "--format", "json", case=case, check=0, env=as_(MA)).json()


def new_audit(case, before):
    return [r for r in audit(case)[len(before):] if r["action"] != "audit-log"]


def today_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")


def expected_after(original, rule_id, old_tail, new_tail, history):
    """The policy text with the rule's terms line edited: `old_tail` (the end of the terms
    array, unique within the rule) becomes `new_tail`, and `# history` goes on a line of
    its own above the `terms = [` line of that rule."""
    start = original.index('id = "%s"' % rule_id)
    terms = original.index("terms = [", start)
    end = original.index(old_tail, terms)
    assert original.find("[[rule]]", start, end) == -1
    text = original[:end] + new_tail + original[end + len(old_tail):]
    return text[:terms] + "# " + history + "\n" + text[terms:]


class Proposals(unittest.TestCase):
    def setUp(self):
        self.case = os.path.join(WORK, self.id().rsplit(".", 1)[-1])
        shutil.rmtree(self.case, ignore_errors=True)
        shutil.copytree(BASE, self.case)

    def ms(self, *args, who=None, check=None):
        return ms(*args, case=self.case, check=check, env=as_(who) if who else mstest.AS_OWNER)

    def propose(self, term, rule, reason, who, *extra, check=0):
        return self.ms("policy", "propose", term, "--rule", rule, "--reason", reason,
                       "--format", "json", *extra, who=who, check=check)

    def vote(self, pid, how, who, *extra, check=0):
        return self.ms("policy", "vote", pid, "--" + how, "--format", "json", *extra, who=who,
                       check=check)

    def listing(self, who, *extra, check=0):
        return self.ms("policy", "proposals", "--format", "json", *extra, who=who, check=check)

    def test_propose_vote_adopt_scan(self):
        before_audit = audit(self.case)
        original = policy_bytes(self.case).decode()
        self.assertEqual(flag_rules(self.case, "t1"), [])
        reason = "客户会把“十年包换”理解为超出标准的保修承诺"

        # The proposer's own vote counts at once.
        r = self.propose(NEW_TERM, RULE, reason, ZHANG).json()
        self.assertEqual(len(r), 1)
        p = r[0]
        self.assertEqual((p["id"], p["status"], p["kind"], p["term"], p["policy"], p["rule"],
                          p["for"], p["against"], p["proposed_by"], p["reason"], p["my_vote"]),
                         (1, "open", "add", NEW_TERM, "sales-zh", "lifetime-warranty", 1, 0,
                          email_of(ZHANG), reason, "for"))
        self.assertEqual(proposals(self.case), [dict(
            id=1, kind="add", term=NEW_TERM, policy="sales-zh", rule="lifetime-warranty",
            reason=reason, proposed_by=email_of(ZHANG), status="open", decided_by="", note="")])
        self.assertEqual(votes(self.case, 1), {email_of(ZHANG): "for"})

        # Votes, and a re-vote that changes the tally both ways.
        steps = [(WANG, "for", None, 2, 0), (SUN, "against", None, 2, 1),
                 (LIU, "for", None, 3, 1), (WANG, "against", "for", 2, 2),
                 (WANG, "for", "against", 3, 1)]
        for who, how, was, n_for, n_against in steps:
            extra = ("--comment", "范围太宽") if who == SUN else ()
            out = self.vote(1, how, who, *extra).json()
            self.assertEqual([(o["proposal"], o["vote"], o["was"], o["status"], o["for"],
                               o["against"]) for o in out],
                             [(1, how, was, "open", n_for, n_against)])
        self.assertEqual(votes(self.case, 1), {email_of(ZHANG): "for", email_of(WANG): "for",
                                               email_of(SUN): "against", email_of(LIU): "for"})
        text = self.ms("policy", "vote", 1, "--against", who=LIU, check=0).out
        self.assertEqual(text, "proposal 1 (add \"%s\" to %s): your vote changed from for to "
                               "against; now 2 for, 2 against\n" % (NEW_TERM, RULE))
        text = self.ms("policy", "vote", 1, "--for", who=LIU, check=0).out
        self.assertTrue(text.endswith("now 3 for, 1 against\n"), text)

        # Everyone who may see proposals sees the tally; only compliance sees who voted how.
        for who, mine in ((ZHANG, "for"), (SUN, "against"), (ZHAO, None), (MA, None)):
            rec = self.listing(who).json()
            self.assertEqual([(o["id"], o["for"], o["against"], o["my_vote"]) for o in rec],
                             [(1, 3, 1, mine)], who)
            self.assertNotIn("votes", rec[0])
        shown = self.listing(ZHAO, "1").json()[0]
        self.assertEqual({v["person"]: v["vote"] for v in shown["votes"]},
                         votes(self.case, 1))
        self.assertEqual([v["comment"] for v in shown["votes"] if v["person"] == email_of(SUN)],
                         ["范围太宽"])
        voters = [email_of(w) for w in (WANG, SUN, LIU)]
        for who in (ZHANG, WANG, SUN, MA):
            for fmt in ("text", "json", "csv"):
                out = self.ms("policy", "proposals", "1", "--format", fmt, who=who, check=0).out
                for secret in voters + ["范围太宽"]:
                    if who != ZHANG and secret == email_of(who):
                        continue
                    self.assertNotIn(secret, out, (who, fmt, secret))
            self.assertIn("votes:     secret (compliance sees who voted how)",
                          self.ms("policy", "proposals", "1", who=who, check=0).out)
        text = self.ms("policy", "proposals", "1", who=ZHAO, check=0).out
        for w in (ZHANG, WANG, SUN, LIU):
            self.assertIn(email_of(w), text)

        # Adoption: the policy file gets the term and its history, and nothing else changes.
        note = "客户确实会理解为承诺，纳入监控"
        day = today_utc()
        out = self.ms("policy", "adopt", 1, "--note", note, "--format", "json", who=ZHAO,
                      check=0).json()
        days = {day, today_utc()}
        self.assertEqual([(o["id"], o["status"], o["decided_by"], o["note"], o["for"],
                           o["against"], o["file"]) for o in out],
                         [(1, "adopted", email_of(ZHAO), note, 3, 1,
                           os.path.join(self.case, "policies", "sales-zh.toml"))])
        got = policy_bytes(self.case).decode()
        wanted = [expected_after(original, "lifetime-warranty", '"保修一辈子"]',
                                 '"保修一辈子", "%s"]' % NEW_TERM,
                                 '%s: "%s" added by proposal 1 (proposed by %s, 3 for, 1 against), '
                                 'adopted by %s: %s' % (d, NEW_TERM, email_of(ZHANG),
                                                       email_of(ZHAO), note))
                  for d in sorted(days)]
        self.assertIn(got, wanted)
        added_lines = sorted(set(got.splitlines()) - set(original.splitlines()))
        self.assertEqual(len(added_lines), 2, added_lines)
        with open(SALES, "rb") as f:
            self.assertEqual(tomllib.loads(got)["rule"][2]["terms"],
                             tomllib.load(f)["rule"][2]["terms"] + [NEW_TERM])
        row = proposals(self.case)[0]
        self.assertEqual((row["status"], row["decided_by"], row["note"]),
                         ("adopted", email_of(ZHAO), note))
        listed = ms("policy", "list", "--format", "json", case=self.case, check=0).json()
        self.assertEqual([o["terms"] for o in listed if o["rule"] == "lifetime-warranty"], [11])

        # Closed: no more votes, no second decision; the file stays as adopted.
        r = self.vote(1, "against", ZHANG, check=2)
        self.assertIn("proposal 1 is adopted: only an open proposal takes votes", r.err)
        self.assertEqual(votes(self.case, 1)[email_of(ZHANG)], "for")
        self.ms("policy", "adopt", 1, "--note", "once more", who=ZHAO, check=2)
        r = self.ms("policy", "reject", 1, "--note", "changed my mind", who=ZHAO, check=2)
        self.assertIn("already adopted", r.err)
        self.assertEqual(policy_bytes(self.case).decode(), got)

        # The next scan runs under the new rule-set version and finds the term.
        r = self.ms("scan", who=ZHAO)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(flag_rules(self.case, "t1"), [("lifetime-warranty", NEW_TERM)])
        self.assertEqual(flag_rules(self.case, "t3"), [])

        # The audit trail, as the auditor reads it.
        recs = new_audit(self.case, before_audit)
        got_actions = [(x["action"], x["target"], x["person"], x["outcome"]) for x in recs
                       if x["action"] != "scan"]
        want = ([("policy-propose", "proposal:1", email_of(ZHANG), "ok")]
                + [("policy-vote", "proposal:1", email_of(w), "ok") for w, *_ in steps]
                + [("policy-vote", "proposal:1", email_of(LIU), "ok")] * 2
                + [("policy-proposals", "", email_of(w), "ok") for w in (ZHANG, SUN, ZHAO, MA)]
                + [("policy-proposal", "proposal:1", email_of(ZHAO), "ok")]
                + [("policy-proposal", "proposal:1", email_of(w), "ok")
                   for w in (ZHANG, WANG, SUN, MA) for _ in range(4)]
                + [("policy-proposal", "proposal:1", email_of(ZHAO), "ok")]
                + [("policy-adopt", "proposal:1", email_of(ZHAO), "ok")])
        self.assertEqual(got_actions, want)
        self.assertEqual(recs[0]["reason"], reason)
        self.assertEqual(recs[0]["detail"]["term"], NEW_TERM)
        self.assertEqual(recs[0]["detail"]["rule"], RULE)
        # A vote's record says that the person voted, not how.
        for x in recs[1:8]:
            self.assertEqual(set(x["detail"]) - {"as"}, {"revote"})
        self.assertEqual([x["detail"]["revote"] for x in recs[1:8]],
                         [False, False, False, True, True, True, True])
        adopt = next(x for x in recs if x["action"] == "policy-adopt")
        self.assertEqual(adopt["reason"], note)
        self.assertEqual((adopt["detail"]["for"], adopt["detail"]["against"],
                          adopt["detail"]["term"], adopt["detail"]["kind"]),
                         (3, 1, NEW_TERM, "add"))
        self.assertEqual(adopt["detail"]["file_sha256"], hashlib.sha256(got.encode()).hexdigest())

    def test_reject_leaves_the_file_byte_identical(self):
        original = policy_bytes(self.case)
        st = os.stat(os.path.join(self.case, "policies", "sales-zh.toml"))
        self.propose("包您满意", "sales-zh/lowest-price", "听起来像价格承诺", WANG)
        self.vote(1, "against", ZHANG)
        note = "不是价格承诺，属于正常的服务用语"
        out = self.ms("policy", "reject", 1, "--note", note, "--format", "json", who=ZHAO,
                      check=0).json()
        self.assertEqual([(o["status"], o["decided_by"], o["note"], o["for"], o["against"])
                          for o in out], [("rejected", email_of(ZHAO), note, 1, 1)])
        text = self.ms("policy", "reject", 1, "--note", note, who=ZHAO, check=2)
        self.assertIn("already rejected", text.err)
        self.assertEqual(policy_bytes(self.case), original)
        self.assertEqual(os.stat(os.path.join(self.case, "policies", "sales-zh.toml")).st_mtime_ns,
                         st.st_mtime_ns)
        self.vote(1, "for", SUN, check=2)
        self.assertEqual(votes(self.case, 1), {email_of(WANG): "for", email_of(ZHANG): "against"})
        # Everyone sees the outcome and its note; who decided is for compliance and auditors.
        for who, sees in ((ZHANG, False), (SUN, False), (ZHAO, True), (MA, True)):
            rec = self.listing(who, "--status", "rejected").json()
            self.assertEqual([(o["id"], o["status"], o["note"]) for o in rec],
                             [(1, "rejected", note)])
            self.assertEqual("decided_by" in rec[0], sees, who)
            self.assertEqual(rec[0].get("decided_by", email_of(ZHAO)), email_of(ZHAO))
            out = self.ms("policy", "proposals", who=who, check=0).out
            self.assertEqual(email_of(ZHAO) in out, sees, (who, out))
        r = self.ms("policy", "proposals", "--status", "open", who=ZHANG, check=1)
        self.assertEqual(r.out, "")
        self.assertEqual(self.listing(ZHANG, "--status", "adopted", check=1).out, "")

    def test_adopting_a_removal(self):
        original = policy_bytes(self.case).decode()
        self.assertEqual(flag_rules(self.case, "t2"), [("lowest-price", "底价")])
        reason = "“底价”在内部报价沟通中很常用，误报太多"
        p = self.propose("底价", "sales-zh/lowest-price", reason, SUN, "--remove").json()[0]
        self.assertEqual((p["kind"], p["term"], p["for"], p["my_vote"]), ("remove", "底价", 1, "for"))
        self.vote(1, "for", WANG)
        note = "改为审批流程中的人工抽查"
        day = today_utc()
        self.ms("policy", "adopt", 1, "--note", note, who=ZHAO, check=0)
        days = {day, today_utc()}
        got = policy_bytes(self.case).decode()
        wanted = [expected_after(original, "lowest-price", ', "底价"]', "]",
                                 '%s: "底价" removed by proposal 1 (proposed by %s, 2 for, '
                                 '0 against), adopted by %s: %s'
                                 % (d, email_of(SUN), email_of(ZHAO), note))
                  for d in sorted(days)]
        self.assertIn(got, wanted)
        r = self.ms("scan", who=ZHAO)
        self.assertIn(r.code, (0, 1), r)
        self.assertEqual(flag_rules(self.case, "t2"), [])

    def test_text_and_csv_listings(self):
        reason = "客户会理解为保修承诺"
        self.propose(NEW_TERM, RULE, reason, ZHANG)
        self.propose("全网底价", "sales-zh/lowest-price", "也是最低价承诺", ZHAO)
        self.vote(1, "against", SUN)
        self.ms("policy", "reject", 2, "--note", "与现有词重复", who=ZHAO, check=0)
        out = self.ms("policy", "proposals", who=ZHANG, check=0).out
        self.assertEqual(out.splitlines(), [
            '1  open  add "%s"  %s  1 for, 1 against  by %s: %s  (you voted for)'
            % (NEW_TERM, RULE, email_of(ZHANG), reason),
            '2  rejected  add "全网底价"  sales-zh/lowest-price  0 for, 0 against  by %s: 也是最低价承诺'
            % email_of(ZHAO),
            "    rejected %s: 与现有词重复" % today_utc(),
        ])
        rows = list(csv.DictReader(io.StringIO(
            self.ms("policy", "proposals", "1", "--format", "csv", who=ZHAO, check=0).out)))
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["id"], rows[0]["status"], rows[0]["term"], rows[0]["for"],
                          rows[0]["against"], rows[0]["proposed_by"]),
                         ("1", "open", NEW_TERM, "1", "1", email_of(ZHANG)))
        self.assertEqual(sorted(rows[0]["votes"].split(";")),
                         sorted(["%s=for" % email_of(ZHANG), "%s=against" % email_of(SUN)]))
        header = self.ms("policy", "proposals", "--format", "csv", who=MA, check=0).out.splitlines()[0]
        self.assertEqual(header, "id,status,kind,term,policy,rule,for,against,proposed_by,"
                                 "proposed_at,reason,decided_by,decided_at,note,my_vote,votes")
        text = self.ms("policy", "propose", "保证十年", "--rule", RULE, "--reason", "同样是承诺",
                       who=WANG, check=0).out
        self.assertEqual(text.splitlines()[0],
                         'proposal 3: add "保证十年" to %s (open, 1 for, 0 against)' % RULE)

    def test_compliance_proposes_without_a_vote(self):
        p = self.propose(NEW_TERM, RULE, "合规部补充", ZHAO).json()[0]
        self.assertEqual((p["for"], p["against"], p["my_vote"]), (0, 0, None))
        self.assertEqual(votes(self.case, 1), {})

    def test_propose_refusals(self):
        cases = [
            (("十年包换", "sales-zh/no-such-rule"), "no rule 'no-such-rule' in policy 'sales-zh'"),
            (("十年包换", "finance-zh/kickback"), "no policy 'finance-zh' in the case"),
            (("十年包换", "lifetime-warranty"), "--rule takes POLICY/RULE"),
            (("   ", RULE), "the term is empty"),
            (("终身质保", RULE), '"终身质保" is already a term of %s' % RULE),
            (("终 身 质 保", RULE), 'is already a term of %s (as "终身质保")' % RULE),
            (("x" * 101, RULE), "at most 100"),
        ]
        for (term, rule), msg in cases:
            r = self.propose(term, rule, "a good reason", ZHANG, check=2)
            self.assertIn(msg, r.err, (term, rule))
        r = self.propose("十年包换", RULE, "a good reason", ZHANG, "--remove", check=2)
        self.assertIn('"十年包换" is not a term of %s' % RULE, r.err)
        r = self.propose("十年包换", RULE, "ab", ZHANG, check=2)
        self.assertIn("--reason must say why", r.err)
        self.ms("policy", "propose", "十年包换", "--rule", RULE, who=ZHANG, check=2)
        # The same open change twice: vote on the first instead.
        self.propose(NEW_TERM, RULE, "a good reason", ZHANG)
        r = self.propose(NEW_TERM, RULE, "another reason", WANG, check=2)
        self.assertIn("proposal 1 already proposes to add", r.err)
        self.assertIn("mailscope policy vote 1 --for", r.err)
        self.assertEqual(len(proposals(self.case)), 1)
        # Vote and decision usage.
        self.ms("policy", "vote", 1, who=WANG, check=2)
        self.ms("policy", "vote", 1, "--for", "--against", who=WANG, check=2)
        r = self.vote(7, "for", WANG, check=2)
        self.assertIn("no proposal 7", r.err)
        self.ms("policy", "adopt", 1, who=ZHAO, check=2)
        self.ms("policy", "adopt", 1, "--note", "ok", who=ZHAO, check=2)
        r = self.ms("policy", "reject", 7, "--note", "no such one", who=ZHAO, check=2)
        self.assertIn("no proposal 7", r.err)
        self.assertEqual(votes(self.case, 1), {email_of(ZHANG): "for"})
        self.assertEqual(proposals(self.case)[0]["status"], "open")

    def test_adopting_what_the_file_already_has(self):
        # Someone added the term by hand meanwhile: adoption fails, the proposal stays open.
        self.propose(NEW_TERM, RULE, "a good reason", ZHANG)
        path = os.path.join(self.case, "policies", "sales-zh.toml")
        with open(path, encoding="utf-8") as f:
            text = f.read().replace('"保修一辈子"]', '"保修一辈子", "%s"]' % NEW_TERM)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        r = self.ms("policy", "adopt", 1, "--note", "adopt it", who=ZHAO, check=2)
        self.assertIn('"%s" is already in \'terms\' of rule \'lifetime-warranty\'' % NEW_TERM, r.err)
        self.assertIn("proposal 1 stays open", r.err)
        self.assertIn("mailscope policy reject 1", r.err)
        self.assertEqual(policy_bytes(self.case).decode(), text)
        self.assertEqual(proposals(self.case)[0]["status"], "open")

    def test_permissions(self):
        before = audit(self.case)
        self.propose(NEW_TERM, RULE, "a good reason", ZHANG)
        denied = [
            (["policy", "propose", "保证十年", "--rule", RULE, "--reason", "a good reason"],
             "policy propose", (MA, XU, None)),
            (["policy", "vote", "1", "--for"], "policy vote", (ZHAO, MA, XU, None)),
            (["policy", "proposals"], "policy proposals", (XU, None)),
            (["policy", "proposals", "1"], "policy proposals", (XU, None)),
            (["policy", "adopt", "1", "--note", "a good note"], "policy adopt",
             (ZHANG, SUN, MA, XU, None)),
            (["policy", "reject", "1", "--note", "a good note"], "policy reject",
             (ZHANG, SUN, MA, XU, None)),
        ]
        want = []
        for args, name, who_list in denied:
            for who in who_list:
                r = self.ms(*args, who=who, check=4)
                role = PEOPLE[who]["role"] if who else "admin"
                self.assertIn("permission denied: %ss may not run `mailscope %s`" % (role, name),
                              r.err)
                self.assertEqual(r.out, "")
                want.append((name, email_of(who) if who else "", "denied"))
        self.assertEqual(len(proposals(self.case)), 1)
        self.assertEqual(votes(self.case, 1), {email_of(ZHANG): "for"})
        self.assertEqual(proposals(self.case)[0]["status"], "open")
        recs = new_audit(self.case, before)
        self.assertEqual([(x["action"], x["person"], x["outcome"]) for x in recs[1:]], want)
        # Those allowed: managers and compliance propose, managers vote, all but admins list.
        self.propose("保证十年", RULE, "a good reason", SUN)
        self.propose("十年保换", RULE, "a good reason", ZHAO)
        self.vote(1, "for", SUN)
        for who in (ZHANG, SUN, ZHAO, MA):
            self.assertEqual(len(self.listing(who).json()), 3)


if __name__ == "__main__":
    mstest.main()
