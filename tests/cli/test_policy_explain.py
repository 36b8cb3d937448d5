"""`mailscope policy explain [--for PERSON]`: the plain-language notice of what is monitored
for one person, under each role of the demo directory.

Expectations are derived here, never copied from mailscope's output:
  * who is who, the departments and the working hours come from examples/demo/mailscope.toml
    (tomllib);
  * the rules come from the policy files (examples/policies/*.toml and a policy written below
    with finance-only, manager-only and sales-internal rules), read with tomllib; which apply
    to a person is worked out here from mailscope-policy(5): a [defaults] scope key is
    replaced by the rule's own, an empty roles or departments list means anyone, the sender's
    role and department must be listed otherwise, and no direction means all four;
  * who may explain whom is the issue's rule: employees themselves, managers their
    department, compliance, auditors and administrators anyone;
  * audit records are read with `audit log --format json` as the auditor.
"""
import csv
import io
import json
import os
import re
import tomllib
import unittest

import mstest
from mstest import SOURCE, ms

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
DEMO_POLICIES = [os.path.join(POLICY_DIR, p) for p in ("sales-zh.toml", "finance-zh.toml",
                                                       "english.toml")]
with open(DIRECTORY, "rb") as _f:
    DIR = tomllib.load(_f)
PEOPLE = {p["login"]: p for p in DIR["person"]}
DEPARTMENTS = {d["id"]: d["name"] for d in DIR["department"]}
ZHANG, WANG, SUN, LI, ZHOU, CHEN, WU, ZHAO, MA, XU = (
    "zhang.wei", "wang.fang", "sun.qiang", "li.na", "zhou.jie", "chen.jing", "wu.lei",
    "zhao.min", "ma.xiaodong", "xu.ting")
DIRECTIONS = ["outbound", "internal", "inbound", "external"]
TIERS = ["forbidden", "approval", "allowed"]
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
             "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
# What each role may do besides reading (mailscope(1), the permission matrix).
MAY = {"employee": ["appeal", "propose", "vote"], "manager": ["appeal", "propose", "vote"],
       "compliance": ["propose"], "auditor": [], "admin": []}

# Rules scoped in ways the demo policies are not: another department only, managers only,
# and sales employees' internal mail only (which also counts quoted lines).
SCOPED_POLICY = """
[policy]
id = "explain-test"
name = "Scopes for the explain test"

[[rule]]
id = "finance-only"
tier = "forbidden"
category = "ledger"
description = "Off-book ledgers"
terms = ["账外账", "小金库", "两套账", "假发票", "虚开发票", "阴阳合同"]
scope = { departments = ["finance"] }
actions = ["notify", "retain"]

[[rule]]
id = "managers-only"
tier = "approval"
category = "authority"
description = "Approving one's own exception"
terms = ["I approve my own exception"]
scope = { roles = ["manager"], direction = ["internal", "outbound"] }

[[rule]]
id = "sales-internal"
tier = "approval"
category = "authority"
description = "Side deals discussed internally"
terms = ["side deal", "off the books"]
scope = { departments = ["sales"], roles = ["employee"], direction = ["internal"] }
skip_quoted = false
"""

WORK = CASE = None
POLICIES = []  # (id, parsed TOML) in the case's order: by file name, ID.toml


def as_(login):
    return {"MAILSCOPE_AS": PEOPLE[login]["email"]}


def setUpModule():
    global WORK, CASE
    WORK = mstest.scratch("policy_explain")
    mail = os.path.join(WORK, "mail")
    os.makedirs(mail)
    with open(os.path.join(mail, "one.eml"), "w") as f:
        f.write("From: zhang.wei@haina-trade.com\nTo: buyer@mingda-elec.com\nSubject: hello\n"
                "Date: Tue, 10 Jun 2025 10:00:00 +0800\nMessage-ID: <one@fixture.example>\n\n"
                "hello\n")
    scoped = os.path.join(WORK, "explain-test.toml")
    with open(scoped, "w") as f:
        f.write(SCOPED_POLICY)
    CASE = os.path.join(WORK, "case")
    mstest.import_ok(CASE, mail)
    ms("org", "set", DIRECTORY, case=CASE, check=0, env=mstest.AS_OWNER)
    ms("policy", "add", *DEMO_POLICIES, scoped, case=CASE, check=0, env=mstest.AS_OWNER)
    parsed = {}
    for path in DEMO_POLICIES + [scoped]:
        with open(path, "rb") as f:
            t = tomllib.load(f)
        parsed[t["policy"]["id"]] = t
    POLICIES.extend(sorted(parsed.items(), key=lambda kv: kv[0] + ".toml"))


# --- Independent expectations ----------------------------------------------------------------

def rules():
    """Every rule as a dict with its effective scope, in the case's order."""
    out = []
    for pid, t in POLICIES:
        defaults = t.get("defaults", {})
        for r in t["rule"]:
            scope = dict(defaults.get("scope", {}))
            scope.update(r.get("scope", {}))
            out.append(dict(policy=pid, id=r["id"], tier=r["tier"],
                            category=r.get("category", ""),
                            description=r.get("description", ""), terms=r.get("terms", []),
                            patterns=len(r.get("regex", [])), roles=scope.get("roles", []),
                            departments=scope.get("departments", []),
                            directions=scope.get("direction", []) or DIRECTIONS,
                            actions=[a for a in ("notify", "retain") if a in r.get("actions", [])],
                            quoted=not r.get("skip_quoted", defaults.get("skip_quoted", True)),
                            examples=[e for e in t.get("example", [])
                                      if r["id"] in e.get("expect", [])]))
    return out


def covers(rule, person):
    return ((not rule["roles"] or person["role"] in rule["roles"]) and
            (not rule["departments"] or person["department"] in rule["departments"]))


def applying(login):
    return [r for r in rules() if covers(r, PEOPLE[login])]


def not_applying(login):
    return [r for r in rules() if not covers(r, PEOPLE[login])]


def categories(login):
    """(tier, category) -> dict(rules, terms, patterns), tiers strictest first, categories in
    order of first appearance."""
    out = {}
    for tier in TIERS:
        for r in applying(login):
            if r["tier"] != tier:
                continue
            c = out.setdefault((tier, r["category"]), dict(rules=[], terms=[], patterns=0,
                                                            examples=[]))
            c["rules"].append(r["policy"] + "/" + r["id"])
            c["terms"] += [t for t in r["terms"] if t not in c["terms"]]
            c["patterns"] += r["patterns"]
            c["examples"] += [e["text"] for e in r["examples"]]
    return out


def managers_of(login):
    p = PEOPLE[login]
    return [q["email"] for q in DIR["person"]
            if q["role"] == "manager" and q["department"] == p["department"] and q is not p]


def holders(role, login):
    return [q["email"] for q in DIR["person"] if q["role"] == role and q["login"] != login]


def flat(text):
    return " ".join(text.split())


def audit():
    return ms("audit", "log", "--format", "json", case=CASE, check=0, env=as_(MA)).json()


def new_audit(before):
    return [r for r in audit()[len(before):] if r["action"] != "audit-log"]


def explain(who, *args, check=None, fmt=None):
    extra = ["--format", fmt] if fmt else []
    env = as_(who) if who else mstest.AS_OWNER
    return ms("policy", "explain", *args, *extra, case=CASE, check=check, env=env)


class PolicyExplain(unittest.TestCase):
    def json_for(self, who, *args):
        out = explain(who, *args, check=0, fmt="json").json()
        self.assertEqual(len(out), 1, "one JSON object")
        self.assertEqual(out[0]["format_version"], 1)
        return out[0]

    def check_content(self, doc, login):
        """The whole JSON notice of `login`, against the expectations derived above."""
        p = PEOPLE[login]
        self.assertEqual(doc["person"], dict(
            name=p["name"], address=p["email"], also=p.get("also", []), login=p["login"],
            department=p["department"], department_name=DEPARTMENTS[p["department"]],
            role=p["role"], title=p.get("title", "")))
        self.assertEqual(doc["organisation"], DIR["organisation"]["name"])
        self.assertEqual(doc["work_domains"], DIR["organisation"]["work_domains"])
        wh = DIR["working_hours"]
        self.assertEqual(doc["working_hours"], dict(days=wh["days"], start=wh["start"],
                                                    end=wh["end"],
                                                    time_zone=DIR["organisation"]["time_zone"]))
        self.assertEqual(doc["scene_filter"]["customers"], len(DIR["customer"]))
        self.assertEqual(doc["policies"], [dict(id=pid, name=t["policy"].get("name", ""))
                                           for pid, t in POLICIES])
        want = applying(login)
        self.assertEqual([(r["policy"], r["rule"]) for r in doc["rules"]],
                         [(r["policy"], r["id"]) for r in want])
        for got, exp in zip(doc["rules"], want):
            self.assertEqual((got["tier"], got["category"], got["description"], got["terms"],
                              got["patterns"], got["directions"], got["actions"],
                              got["counts_quoted_lines"]),
                             (exp["tier"], exp["category"], exp["description"], exp["terms"],
                              exp["patterns"], [d for d in DIRECTIONS if d in exp["directions"]],
                              exp["actions"], exp["quoted"]), exp["id"])
        self.assertEqual(
            [(r["policy"], r["rule"], r["roles"], r["departments"]) for r in doc["other_rules"]],
            [(r["policy"], r["id"],
              r["roles"] if r["roles"] and p["role"] not in r["roles"] else [],
              r["departments"] if r["departments"] and p["department"] not in r["departments"]
              else []) for r in not_applying(login)])
        cats = categories(login)
        self.assertEqual([(c["tier"], c["category"]) for c in doc["categories"]], list(cats))
        for c in doc["categories"]:
            exp = cats[(c["tier"], c["category"])]
            self.assertEqual(c["rules"], exp["rules"])
            self.assertEqual(c["terms"], len(exp["terms"]))
            self.assertEqual(c["example_terms"], exp["terms"][:4])
            self.assertEqual(c["more_terms"], max(0, len(exp["terms"]) - 4))
            self.assertEqual(c["patterns"], exp["patterns"])
            self.assertEqual(c["example"], exp["examples"][0]
                             if not exp["terms"] and exp["examples"] else None)
        see = {e["who"]: e for e in doc["who_can_see"]}
        self.assertEqual([x["address"] for x in see["managers"]["people"]], managers_of(login))
        self.assertTrue(see["managers"]["masked"])
        self.assertEqual([x["address"] for x in see["compliance"]["people"]],
                         holders("compliance", login))
        self.assertFalse(see["compliance"]["masked"])
        self.assertEqual([x["address"] for x in see["auditors"]["people"]],
                         holders("auditor", login))
        self.assertEqual([x["address"] for x in see["admins"]["people"]], holders("admin", login))
        self.assertEqual(doc["person_may"], MAY[p["role"]])

    # --- Content ---------------------------------------------------------------------------

    def test_employee_explains_himself(self):
        doc = self.json_for(ZHANG)  # --for defaults to the viewer
        self.check_content(doc, ZHANG)
        ids = {(r["policy"], r["rule"]) for r in doc["rules"]}
        # Sales-only rules apply to him, finance-only and manager-only rules do not.
        self.assertIn(("sales-zh", "lowest-price"), ids)
        self.assertIn(("explain-test", "sales-internal"), ids)
        self.assertNotIn(("explain-test", "finance-only"), ids)
        self.assertNotIn(("explain-test", "managers-only"), ids)
        self.assertEqual([x["name"] for x in doc["who_can_see"][0]["people"]],
                         [PEOPLE[SUN]["name"]])

    def test_every_person_as_compliance(self):
        for login in PEOPLE:
            with self.subTest(login=login):
                self.check_content(self.json_for(ZHAO, "--for", login), login)

    def test_text_notice(self):
        r = explain(ZHANG, check=0)
        text, one = r.out, flat(r.out)
        p = PEOPLE[ZHANG]
        self.assertTrue(text.startswith("What mailscope monitors for " + p["name"] + "\n"))
        for h in ("Who you are", "Which mail is checked", "Working hours",
                  "Personal mail (the scene filter)", "Rules that apply to you (%d)"
                  % len(applying(ZHANG)), "Who can see your mail", "What you can do"):
            self.assertIn("\n" + h + "\n", text)
        wh = DIR["working_hours"]
        days = [DAY_NAMES[d] for d in wh["days"]]
        self.assertIn("%s to %s, %s to %s, time zone %s." % (
            days[0], days[-1], wh["start"], wh["end"], DIR["organisation"]["time_zone"]), one)
        self.assertIn(DEPARTMENTS[p["department"]], one)
        self.assertIn(p["title"], one)
        sun = PEOPLE[SUN]
        self.assertIn("The manager of %s, %s <%s>, sees the department's mail"
                      % (DEPARTMENTS["sales"], sun["name"], sun["email"]), one)
        zhao = PEOPLE[ZHAO]
        self.assertIn("The compliance officer %s <%s> sees all your mail except personal mail"
                      % (zhao["name"], zhao["email"]), one)
        self.assertIn("%d are in the directory" % len(DIR["customer"]), one)
        self.assertIn("mailscope appeal FLAG --reason TEXT", one)
        self.assertIn("mailscope policy propose", one)
        # The rule lines of the applying rules, and no other.
        section = text.split("\nRules that apply to you")[1].split("\nWho can see your mail")[0]
        listed = re.findall(r"^      - (\S+?)(?::|$)", section, re.M)
        self.assertEqual(sorted(listed),
                         sorted(r["policy"] + "/" + r["id"] for r in applying(ZHANG)))
        # The others are named once, with the department or role they are for.
        others = flat(section.split("for other people")[1])
        self.assertIn("only for the department finance: explain-test/finance-only.", others)
        self.assertIn("only for the role manager: explain-test/managers-only.", others)
        # Every category of his, with its first terms.
        for (tier, cat), c in categories(ZHANG).items():
            self.assertIn(cat + " (%d rule" % len(c["rules"]), one)
            for t in c["terms"][:4]:
                self.assertIn(t, one)
        # The quoted-lines exception names the rule that counts them.
        self.assertIn('Lines quoted with ">" do not count (except for '
                      'explain-test/sales-internal)', one)

    def test_private_address_and_other_departments(self):
        r = explain(CHEN, check=0)
        one = flat(r.out)
        also = PEOPLE[CHEN]["also"][0]
        self.assertIn("Mail you send from %s or %s" % (PEOPLE[CHEN]["email"], also), one)
        self.assertIn("Mail from %s counts as yours, but it is not company mail" % also, one)
        doc = self.json_for(CHEN)
        ids = {(r["policy"], r["rule"]) for r in doc["rules"]}
        self.assertIn(("sales-zh", "lifetime-warranty"), ids)      # sales, support, consulting
        self.assertNotIn(("sales-zh", "private-discount"), ids)    # sales only
        self.assertEqual([x["address"] for x in doc["who_can_see"][0]["people"]],
                         [PEOPLE[WU]["email"]])

    def test_manager_sees_the_manager_rule(self):
        doc = self.json_for(SUN)
        rule = [r for r in doc["rules"] if r["rule"] == "managers-only"]
        self.assertEqual([r["directions"] for r in rule], [["outbound", "internal"]])
        self.assertNotIn("sales-internal", [r["rule"] for r in doc["rules"]])
        self.assertEqual(doc["who_can_see"][0]["people"], [])  # no other sales manager
        self.assertIn("No other manager of %s is in the directory." % DEPARTMENTS["sales"],
                      flat(explain(SUN, check=0).out))

    def test_csv_rows(self):
        r = explain(ZHAO, "--for", LI, check=0, fmt="csv")
        rows = list(csv.DictReader(io.StringIO(r.out)))
        self.assertEqual([(x["policy"], x["rule"], x["applies"]) for x in rows],
                         [(x["policy"], x["id"], "true") for x in applying(LI)] +
                         [(x["policy"], x["id"], "false") for x in not_applying(LI)])
        self.assertTrue(all(x["person"] == PEOPLE[LI]["email"] for x in rows))
        finance = [x for x in rows if x["rule"] == "finance-only"]
        self.assertEqual(finance[0]["actions"], "notify;retain")

    def test_for_takes_address_login_and_name(self):
        for value, login in ((PEOPLE[LI]["email"], LI), (LI, LI), ("Li Na", LI), ("李娜", LI),
                             (PEOPLE[CHEN]["also"][0], CHEN)):
            with self.subTest(value=value):
                doc = self.json_for(MA, "--for", value)
                self.assertEqual(doc["person"]["address"], PEOPLE[login]["email"])

    # --- Who may explain whom -----------------------------------------------------------

    def test_employee_only_himself(self):
        before = audit()
        self.json_for(ZHANG, "--for", ZHANG)
        for other in (LI, WANG, SUN):
            r = explain(ZHANG, "--for", other, check=4)
            self.assertIn("permission denied", r.err)
            self.assertIn(PEOPLE[other]["email"], r.err)
            self.assertEqual(r.out, "")
        recs = new_audit(before)
        self.assertEqual([(x["action"], x["person"], x["target"], x["outcome"]) for x in recs],
                         [("policy-explain", PEOPLE[ZHANG]["email"], PEOPLE[ZHANG]["email"], "ok")]
                         + [("policy-explain", PEOPLE[ZHANG]["email"], PEOPLE[o]["email"],
                             "denied") for o in (LI, WANG, SUN)])

    def test_manager_his_department_only(self):
        before = audit()
        for who, target, code in ((SUN, WANG, 0), (SUN, ZHANG, 0), (SUN, SUN, 0), (SUN, LI, 4),
                                  (SUN, CHEN, 4), (WU, CHEN, 0), (WU, ZHANG, 4), (ZHOU, LI, 0),
                                  (ZHOU, ZHAO, 4)):
            with self.subTest(who=who, target=target):
                explain(who, "--for", target, check=code)
        recs = new_audit(before)
        self.assertEqual([(x["person"], x["target"], x["outcome"]) for x in recs],
                         [(PEOPLE[w]["email"], PEOPLE[t]["email"], "ok" if c == 0 else "denied")
                          for w, t, c in ((SUN, WANG, 0), (SUN, ZHANG, 0), (SUN, SUN, 0),
                                          (SUN, LI, 4), (SUN, CHEN, 4), (WU, CHEN, 0),
                                          (WU, ZHANG, 4), (ZHOU, LI, 0), (ZHOU, ZHAO, 4))])

    def test_compliance_auditor_admin_owner_anyone(self):
        before = audit()
        for who in (ZHAO, MA, XU, None):
            for target in (ZHANG, LI, ZHAO, XU):
                with self.subTest(who=who, target=target):
                    doc = self.json_for(who, "--for", target)
                    self.assertEqual(doc["person"]["address"], PEOPLE[target]["email"])
        recs = new_audit(before)
        self.assertEqual(len(recs), 16)
        self.assertTrue(all(x["action"] == "policy-explain" and x["outcome"] == "ok"
                            for x in recs))
        self.assertEqual(recs[-1]["person"], "")      # the owner, nobody in the directory
        self.assertEqual(recs[-1]["role"], "admin")

    def test_errors(self):
        r = explain(ZHAO, "--for", "nobody@nowhere.example", check=2)
        self.assertIn("nobody@nowhere.example", r.err)
        # The owner is nobody in the directory: whom to explain must be said.
        r = explain(None, check=2)
        self.assertIn("--for", r.err)
        # An unknown format is a usage error.
        explain(ZHAO, "--for", LI, check=2, fmt="yaml")

    # --- Previews of files --------------------------------------------------------------

    def test_preview_files(self):
        doc = self.json_for(ZHAO, "--for", ZHANG, "--directory", DIRECTORY, DEMO_POLICIES[0])
        self.assertEqual([p["id"] for p in doc["policies"]], ["sales-zh"])
        self.assertEqual({r["policy"] for r in doc["rules"]}, {"sales-zh"})
        r = explain(ZHANG, "--directory", DIRECTORY, check=4)
        self.assertIn("preview", r.err)

    def test_case_without_directory(self):
        bare = os.path.join(WORK, "bare")
        mstest.import_ok(bare, os.path.join(WORK, "mail"))
        r = ms("policy", "explain", "--for", ZHANG, case=bare, check=2, env=mstest.AS_OWNER)
        self.assertIn("no directory", r.err)
        r = ms("policy", "explain", "--for", ZHANG, "--directory", DIRECTORY, "--format",
               "json", case=bare, check=0, env=mstest.AS_OWNER)
        doc = r.json()[0]
        self.assertEqual(doc["person"]["address"], PEOPLE[ZHANG]["email"])
        self.assertEqual(doc["policies"], [])
        self.assertEqual(doc["rules"], [])
        self.assertIn("The case has no policies yet",
                      ms("policy", "explain", "--for", ZHANG, "--directory", DIRECTORY,
                         case=bare, check=0, env=mstest.AS_OWNER).out)


if __name__ == "__main__":
    mstest.main()
