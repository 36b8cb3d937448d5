#!/usr/bin/env python3
"""Communication analytics end to end: `mailscope stats customers|departments|cc`,
`mailscope timeline` and `mailscope report trends` on three kinds of mail.

(a) tests/data/analytics/: 47 messages written for this test by make_corpus.py, with a
    directory (mailscope.toml) and a policy (policy.toml). Every number checked here is a
    literal worked out by hand in tests/data/analytics/EXPECTED.md (the section is named
    beside each check), never copied from mailscope's output.
(b) The demo case: the facts of examples/demo/SCENARIOS.md scenario 4 (Yunfan left
    unanswered three times, answered by Z26) and scenario 5 (the CC storm); dates and
    Message-IDs are read from SCENARIOS.md's tables.
(c) Enron (two custodians of the CMU maildir): `stats customers --work-domain enron.com` against
    an independent Python computation over the same files (Python's email package for dates
    and addresses; the case's ids only to know which files it holds and to order mail of
    the same second).
"""
import csv
import datetime
import email
import email.policy
import email.utils
import importlib.util
import io
import math
import os
import re
import sys
import tomllib
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402
from mstest import AS_OWNER, DEMO, ms  # noqa: E402

# The fixture's compliance officer; other roles act with env=as_(login).
mstest.ACT_AS = "zoe.ma"

FIX = mstest.fixture("analytics")
MAIL = os.path.join(FIX, "mail")
DIRECTORY = os.path.join(FIX, "mailscope.toml")
POLICY = os.path.join(FIX, "policy.toml")
DEMO_DIRECTORY = os.path.join(os.path.dirname(DEMO), "mailscope.toml")
SCENARIOS = os.path.join(os.path.dirname(DEMO), "SCENARIOS.md")

ALICE, BOB, CAROL = "alice.wang@acme-trade.com", "bob.li@acme-trade.com", "carol.chen@acme-trade.com"
DAN, ERIN = "dan.zhou@acme-trade.com", "erin.xu@acme-trade.com"
MINGDA, NORDIC = "Mingda Electronics", "Nordic Home AB"
GLOBEX, TOM, KIM = "globex.com", "tom.buyer@gmail.com", "kim.lee@gmail.com"
PHONE = "13812345678"


def as_(login):
    return {"MAILSCOPE_AS": login}


def load_make():
    spec = importlib.util.spec_from_file_location("analytics_make_corpus",
                                                  os.path.join(FIX, "make_corpus.py"))
    mod = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.dont_write_bytecode = saved
    return mod


MAKE = load_make()


def summary(count, median=None, mean=None):
    return {"count": count, "median_s": median, "mean_s": mean}


# --- EXPECTED.md, "Customers (compliance, as of the last message)" ---------------------------
CUSTOMERS = {
    MINGDA: dict(inbound=5, outbound=4, first="2025-03-03T01:00:00Z", last="2025-05-29T02:00:00Z",
                 our_reply=summary(3, 50400, 76500), their_reply=summary(3, 2218500, 2430300),
                 current_run=1, current_run_since="2025-05-29T02:00:00Z", longest_run=2,
                 churn_risk=False, contacts=[ALICE, DAN, ERIN],
                 months={"2025-03": {"inbound": 3, "outbound": 2},
                         "2025-04": {"inbound": 1, "outbound": 2},
                         "2025-05": {"inbound": 1, "outbound": 0}}),
    NORDIC: dict(inbound=4, outbound=2, first="2025-03-10T02:00:00Z", last="2025-05-29T14:00:00Z",
                 our_reply=summary(1, 3600, 3600), their_reply=summary(2, 3074400, 3074400),
                 current_run=3, current_run_since="2025-05-20T07:00:00Z", longest_run=3,
                 churn_risk=True, contacts=[BOB],
                 months={"2025-03": {"inbound": 1, "outbound": 2},
                         "2025-05": {"inbound": 3, "outbound": 0}}),
    GLOBEX: dict(inbound=2, outbound=2, first="2025-04-15T01:30:00Z", last="2025-04-22T02:00:00Z",
                 our_reply=summary(2, 232200, 232200), their_reply=summary(1, 142200, 142200),
                 current_run=0, current_run_since=None, longest_run=1, churn_risk=False,
                 contacts=[CAROL, DAN], months={"2025-04": {"inbound": 2, "outbound": 2}}),
    KIM: dict(inbound=1, outbound=1, first="2025-05-12T03:00:00Z", last="2025-05-12T03:45:00Z",
              our_reply=summary(1, 2700, 2700), their_reply=summary(0),
              current_run=0, current_run_since=None, longest_run=1, churn_risk=False,
              contacts=[CAROL], months={"2025-05": {"inbound": 1, "outbound": 1}}),
    TOM: dict(inbound=4, outbound=2, first="2025-03-17T02:00:00Z", last="2025-03-21T02:20:00Z",
              our_reply=summary(2, 138600, 138600), their_reply=summary(1, 69600, 69600),
              current_run=0, current_run_since=None, longest_run=3, churn_risk=False,
              contacts=[ALICE, BOB], months={"2025-03": {"inbound": 4, "outbound": 2}}),
}

# --- EXPECTED.md, "Departments" --------------------------------------------------------------
DEPARTMENTS = [
    ("finance", "sales", 1, 14400, 14400),
    ("sales", "finance", 2, 19800, 19800),
    ("sales", "sales", 1, 1200, 1200),
    ("sales", "support", 3, 21600, 37200),
    ("support", "sales", 2, 33300, 33300),
    ("support", "support", 1, 7200, 7200),
]

# --- EXPECTED.md, "CC" -----------------------------------------------------------------------
CC_BUCKETS = [
    ("0", 36, 16, summary(16, 23400, 65231)),
    ("1-2", 7, 3, summary(3, 69300, 51300)),
    ("3-5", 0, 0, summary(0)),
    ("6-10", 2, 1, summary(1, 7200, 7200)),
    ("11+", 1, 1, summary(1, 28800, 28800)),
]

# --- EXPECTED.md, "Trends" -------------------------------------------------------------------
MONTHS = ["2025-03", "2025-04", "2025-05"]
TREND_COUNTS = {  # (kind, name, tier): counts per month
    ("category", "payments", "approval"): [0, 0, 2],
    ("category", "pricing", "forbidden"): [3, 1, 3],
    ("rule", "lowest-price", "approval"): [2, 1, 3],
    ("rule", "rebate", "approval"): [0, 0, 2],
    ("rule", "side-deal", "forbidden"): [1, 0, 0],
}


class Fixture(unittest.TestCase):
    """(a): the fixture case, imported, with the directory and the policy, scanned."""

    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("analytics"), "case")
        mstest.import_ok(cls.case, MAIL)
        ms("org", "set", DIRECTORY, case=cls.case, check=0, env=AS_OWNER)
        ms("policy", "add", POLICY, case=cls.case, check=0)
        ms("scan", case=cls.case, check=0)
        cls.seen = {}  # who sees what: search '*' as compliance and as alice
        for login in ("zoe.ma", "alice.wang"):
            recs = ms("search", "*", "--format", "json", case=cls.case, check=0,
                      env=as_(login)).json()
            cls.seen[login] = {r["message_id"].split(".", 1)[0]: r["id"] for r in recs}
        cls.id = dict(cls.seen["zoe.ma"], **cls.seen["alice.wang"])
        cls.key = {i: k for k, i in cls.id.items()}

    # -- helpers -----------------------------------------------------------------------------

    def run_ms(self, *args, check=0, env=None):
        return ms(*args, case=self.case, check=check, env=env)

    def records(self, *args, check=0, env=None):
        return self.run_ms(*args, "--format", "json", check=check, env=env).json()

    def customers(self, *args, env=None, check=0):
        recs = self.records("stats", "customers", *args, env=env, check=check)
        cust = {r["customer"]: r for r in recs if r["record"] == "customer"}
        esc = [r for r in recs if r["record"] == "escalation"]
        return cust, esc

    def keys(self, recs):
        return [self.key[r["id"]] for r in recs]

    def check_customer(self, rec, want):
        got = {k: rec[k] for k in want}
        self.assertEqual(got, want, rec["customer"])

    def check_thread_grouping(self, recs):
        """Each thread's mail together and by date; threads by their first mail's date."""
        starts, seen = [], []
        for r in recs:
            if not seen or seen[-1] != r["thread"]:
                self.assertNotIn(r["thread"], seen, "thread split: %r" % self.keys(recs))
                seen.append(r["thread"])
                starts.append(r["date"])
            else:
                self.assertLessEqual(prev["date"], r["date"])
            prev = r
        self.assertEqual(starts, sorted(starts))

    # -- the fixture itself -------------------------------------------------------------------

    def test_generator_reproduces_bytes(self):
        bad = []
        for rel, data in sorted(MAKE.build().items()):
            with open(os.path.join(FIX, rel), "rb") as f:
                if f.read() != data:
                    bad.append(rel)
        self.assertEqual(bad, [])
        self.assertEqual(sorted(os.listdir(MAIL)), sorted(os.path.basename(r) for r in MAKE.build()))

    def test_every_message_imported_and_one_personal(self):
        self.assertEqual(len(MAKE.MESSAGES), 47)
        self.assertEqual(sorted(self.id), sorted(row[0] for row in MAKE.MESSAGES))
        # P01 (Saturday 22:00, to a private address) is personal mail: compliance does not see
        # it, its sender does (EXPECTED.md, "Scene filter").
        self.assertEqual(sorted(set(self.id) - set(self.seen["zoe.ma"])), ["p01"])
        self.assertEqual(sorted(self.seen["alice.wang"]),
                         ["d01", "d05", "h01", "m02", "m07", "p01", "s01", "t07"])

    # -- stats customers ----------------------------------------------------------------------

    def test_customers_json(self):
        cust, esc = self.customers()
        self.assertEqual(list(cust), [MINGDA, NORDIC, GLOBEX, KIM, TOM])  # by name
        for name, want in CUSTOMERS.items():
            self.check_customer(cust[name], want)
        # EXPECTED.md, "Escalations": N04 waited 882000 s, N05 343800 s; N06 and M08 not 48 h.
        self.assertEqual([(self.key[e["message"]], e["customer"], e["date"], e["waiting_h"],
                           e["from"], e["owner"], e["owner_name"], e["owner_department"])
                          for e in esc],
                         [("n04", NORDIC, "2025-05-20T07:00:00Z", 245.0,
                           "erik.lindqvist@nordichome.se", ALICE, "Alice Wang", "sales"),
                          ("n05", NORDIC, "2025-05-26T12:30:00Z", 95.5,
                           "sofia.berg@nordichome.se", CAROL, "Carol Chen", "support")])
        self.assertEqual(esc[0]["subject"], "Terms for the second half-year")

    def test_customers_csv(self):
        out = self.run_ms("stats", "customers", "--format", "csv").out
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual([r["customer"] for r in rows], [MINGDA, NORDIC, GLOBEX, KIM, TOM])
        by = {r["customer"]: r for r in rows}
        # Hours with one decimal (EXPECTED.md, "Customers", the hours column).
        hours = {MINGDA: ("3", "14.0", "21.2", "3", "616.2", "675.1"),
                 NORDIC: ("1", "1.0", "1.0", "2", "854.0", "854.0"),
                 GLOBEX: ("2", "64.5", "64.5", "1", "39.5", "39.5"),
                 KIM: ("1", "0.8", "0.8", "0", "", ""),
                 TOM: ("2", "38.5", "38.5", "1", "19.3", "19.3")}
        for name, h in hours.items():
            r = by[name]
            self.assertEqual((r["our_reply_count"], r["our_reply_median_h"], r["our_reply_mean_h"],
                              r["their_reply_count"], r["their_reply_median_h"],
                              r["their_reply_mean_h"]), h, name)
            want = CUSTOMERS[name]
            self.assertEqual((int(r["inbound"]), int(r["outbound"]), int(r["current_run"]),
                              int(r["longest_run"]), r["churn_risk"], r["contacts"],
                              r["current_run_since"]),
                             (want["inbound"], want["outbound"], want["current_run"],
                              want["longest_run"], "true" if want["churn_risk"] else "false",
                              ";".join(want["contacts"]), want["current_run_since"] or ""))
        esc = list(csv.DictReader(io.StringIO(self.run_ms(
            "stats", "customers", "--escalations", "--format", "csv").out)))
        self.assertEqual([(self.key[int(e["message"])], e["waiting_h"], e["owner"]) for e in esc],
                         [("n04", "245.0", ALICE), ("n05", "95.5", CAROL)])

    def test_customers_text(self):
        out = self.run_ms("stats", "customers").out
        self.assertIn("customers as of 2025-05-30T12:00:00Z", out)
        lines = {name: l for l in out.splitlines() for name in CUSTOMERS if l.endswith("  " + name)}
        self.assertEqual(set(lines), set(CUSTOMERS))
        self.assertEqual([n for n, l in lines.items() if "CHURN" in l], [NORDIC])
        self.assertRegex(lines[NORDIC], r"^\s+4 in\s+2 out\s+us 1 h 0 min\s+them 35 d 14 h\s+run\s+3 CHURN")
        self.assertRegex(lines[KIM], r"us 45 min\s+them -\s")
        self.assertIn("escalations: 2 mails unanswered for more than 48 h", out)
        self.assertRegex(out, r"\n  %d  2025-05-20T07:00  waiting 10 d 5 h  Nordic Home AB -> Alice Wang  "
                              r"Terms for the second half-year\n" % self.id["n04"])

    def test_as_of_escalation_boundary(self):
        # EXPECTED.md, "As of 2025-04-19": G03 (2025-04-17T00:00:00Z) has waited exactly 48 h.
        for when in ("2025-04-19T00:00:00", "2025-04-19T00:00:00Z", "2025-04-19T08:00:00+08:00",
                     "2025-04-18T20:00:00-0400"):
            cust, esc = self.customers("--as-of", when)
            self.assertEqual(esc, [], when)
            self.assertEqual(list(cust), [MINGDA, NORDIC, GLOBEX, TOM], when)  # Kim writes in May
            g = cust[GLOBEX]
            self.assertEqual((g["inbound"], g["outbound"], g["current_run"], g["current_run_since"],
                              g["our_reply"], g["their_reply"]),
                             (2, 1, 1, "2025-04-17T00:00:00Z", summary(1, 25200, 25200),
                              summary(1, 142200, 142200)), when)
            m = cust[MINGDA]
            self.assertEqual((m["inbound"], m["outbound"], m["current_run"], m["their_reply"]),
                             (4, 3, 0, summary(2, 1149750, 1149750)), when)
        for when in ("2025-04-19T00:00:01", "2025-04-19T08:00:01+08:00"):
            _, esc = self.customers("--as-of", when)
            self.assertEqual([(self.key[e["message"]], e["customer"], e["waiting_h"], e["owner"],
                               e["from"]) for e in esc],
                             [("g03", GLOBEX, 48.0, CAROL, "raj@globex.com")], when)
        self.run_ms("stats", "customers", "--escalations", "--as-of", "2025-04-19T00:00:00",
                    check=1)
        self.run_ms("stats", "customers", "--as-of", "2025-04-19T00:00:00+24:00", check=2)
        self.run_ms("stats", "customers", "--as-of", "yesterday-ish", check=2)

    def test_as_of_in_the_middle_of_a_run(self):
        # EXPECTED.md, "As of 2025-03-20": Tom's T01 and T03, T01 has waited 70 h.
        cust, esc = self.customers("--as-of", "2025-03-20T00:00:00")
        self.assertEqual(list(cust), [MINGDA, NORDIC, TOM])
        t = cust[TOM]
        self.assertEqual((t["inbound"], t["outbound"], t["current_run"], t["current_run_since"],
                          t["longest_run"], t["churn_risk"]),
                         (2, 0, 2, "2025-03-17T02:00:00Z", 2, False))
        m = cust[MINGDA]
        self.assertEqual((m["inbound"], m["outbound"], m["our_reply"], m["their_reply"]),
                         (3, 2, summary(2, 89550, 89550), summary(1, 81000, 81000)))
        self.assertEqual([(self.key[e["message"]], e["waiting_h"], e["owner"]) for e in esc],
                         [("t01", 70.0, ALICE)])
        churn, _ = self.customers("--as-of", "2025-03-20T00:00:00", "--churn", "--churn-run", "2")
        self.assertEqual(list(churn), [TOM])

    def test_churn(self):
        cust, esc = self.customers("--churn")
        self.assertEqual(list(cust), [NORDIC])
        self.assertEqual(esc, [])
        self.run_ms("stats", "customers", "--churn", "--as-of", "2025-04-19T00:00:00", check=1)
        text = self.run_ms("stats", "customers", "--churn").out
        self.assertEqual([l for l in text.splitlines() if l.strip()],
                         [l for l in text.splitlines() if "CHURN" in l])
        # Nordic's run is 3: with --churn-run 4 nobody.
        self.run_ms("stats", "customers", "--churn", "--churn-run", "4", check=1)

    def test_escalate_after(self):
        # N05 waited 95.5 h, N04 245 h.
        _, esc = self.customers("--escalate-after", "96")
        self.assertEqual([self.key[e["message"]] for e in esc], ["n04"])
        _, esc = self.customers("--escalate-after", "95.4")
        self.assertEqual([self.key[e["message"]] for e in esc], ["n04", "n05"])
        # N06 waited 22 h, M08 34 h (EXPECTED.md, "Escalations").
        _, esc = self.customers("--escalate-after", "21.9")
        self.assertEqual([self.key[e["message"]] for e in esc], ["n04", "n05", "m08", "n06"])

    def test_customer_option(self):
        for name in ("nordichome.se", "Nordic", "NORDIC HOME AB", "erik.lindqvist@nordichome.se"):
            cust, esc = self.customers("--customer", name)
            self.assertEqual(list(cust), [NORDIC], name)
            self.assertEqual([self.key[e["message"]] for e in esc], ["n04", "n05"], name)
        cust, esc = self.customers("--customer", "globex.com")
        self.assertEqual((list(cust), esc), ([GLOBEX], []))
        cust, _ = self.customers("--customer", "Tom.Buyer@gmail.com")
        self.assertEqual(list(cust), [TOM])
        # A free-mail domain is no customer: both gmail customers contain it.
        r = self.run_ms("stats", "customers", "--customer", "gmail.com", check=2)
        self.assertIn("names 2 customers", r.err)
        self.assertIn(KIM, r.err)
        self.assertIn(TOM, r.err)

    # -- stats departments and cc --------------------------------------------------------------

    def test_departments(self):
        recs = self.records("stats", "departments")
        self.assertEqual([(r["from_department"], r["to_department"], r["replies"], r["median_s"],
                           r["mean_s"]) for r in recs], DEPARTMENTS)
        rows = list(csv.DictReader(io.StringIO(self.run_ms("stats", "departments", "--format",
                                                           "csv").out)))
        self.assertEqual([(r["from_department"], r["to_department"], r["median_h"]) for r in rows],
                         [("finance", "sales", "4.0"), ("sales", "finance", "5.5"),
                          ("sales", "sales", "0.3"), ("sales", "support", "6.0"),
                          ("support", "sales", "9.2"), ("support", "support", "2.0")])
        text = self.run_ms("stats", "departments").out
        self.assertRegex(text, r"sales\s+-> support\s+3 replies  median 6 h 0 min\s+mean 10 h 20 min")

    def test_cc(self):
        recs = self.records("stats", "cc")
        senders = [(r["sender"], r["name"], r["messages"], r["cc_total"])
                   for r in recs if r["record"] == "sender"]
        self.assertEqual(senders, [(DAN, "Dan Zhou", 2, 12), (BOB, "Bob Li", 1, 12)])
        buckets = [(r["cc"], r["messages"], r["answered"], r["reply"])
                   for r in recs if r["record"] == "cc_bucket"]
        self.assertEqual(buckets, CC_BUCKETS)
        heavy = self.records("stats", "cc", "--messages")
        self.assertEqual([(self.key[r["message"]], r["cc"], r["to"], r["from"]) for r in heavy],
                         [("c01", 6, 1, DAN), ("c05", 6, 1, DAN), ("c03", 12, 1, BOB)])
        heavy = self.records("stats", "cc", "--messages", "--min-cc", "6")
        self.assertEqual([self.key[r["message"]] for r in heavy], ["c03"])
        self.run_ms("stats", "cc", "--messages", "--min-cc", "12", check=1)
        text = self.run_ms("stats", "cc").out
        self.assertIn("3 mails with more than 5 recipients in CC", text)
        self.assertRegex(text, r"CC 1-2\s+7 mails\s+3 answered  median 19 h 15 min")

    # -- timeline -------------------------------------------------------------------------------

    def test_timeline_customer_grouped_by_thread(self):
        recs = self.records("timeline", "--customer", "Mingda")
        # EXPECTED.md, "Timeline": threads in the order of their first mail to/from Mingda.
        self.assertEqual(self.keys(recs), ["m01", "m02", "m03", "m06", "m07", "m04", "m05", "g04",
                                           "m08"])
        self.check_thread_grouping(recs)
        self.assertEqual(len({r["thread"] for r in recs}), 4)
        by = {self.key[r["id"]]: r for r in recs}
        self.assertEqual(by["m01"]["thread"], self.id["m01"])
        self.assertEqual(by["g04"]["thread"], self.id["g01"])
        self.assertEqual({k: r["direction"] for k, r in by.items()},
                         {"m01": "inbound", "m02": "outbound", "m03": "inbound", "m06": "inbound",
                          "m07": "outbound", "m04": "inbound", "m05": "outbound",
                          "g04": "outbound", "m08": "inbound"})
        # Excerpts: greetings, quotes, "On ... wrote:", "发件人:" and signatures left out.
        self.assertEqual(by["m01"]["excerpt"],
                         "We would like a quote for 500 SP-10 smart plugs (order MD-301). / "
                         "Please call me at %s if anything is unclear. / Best regards," % PHONE)
        self.assertEqual(by["m02"]["excerpt"],
                         "Our lowest price for 500 units is USD 7.80 per unit, see the attached "
                         "quote. / Delivery within 20 days of the deposit.")
        self.assertEqual(by["m03"]["excerpt"],
                         "Can you make it 15 days? / We need the plugs before the trade fair.")
        self.assertEqual(by["m05"]["excerpt"], "发票已经重新开具，请查收。 / 如有问题请随时联系。")
        self.assertEqual(by["m02"]["attachments"], ["quote.csv"])
        self.assertEqual({k: r["flags"] for k, r in by.items() if r["flags"]},
                         {"m02": ["lowest-price (approval)"], "m06": ["lowest-price (approval)"],
                          "m08": ["lowest-price (approval)"]})
        self.assertEqual((by["m04"]["to"], by["m04"]["cc"]), ([ALICE], [ERIN, BOB]))
        # The same customer by domain and by an address.
        for name in ("mingda.cn", "qian.fang@mingda.cn", "MINGDA ELECTRONICS"):
            self.assertEqual(self.keys(self.records("timeline", "--customer", name)),
                             self.keys(recs), name)

    def test_timeline_lines_signature_and_history(self):
        by = {self.key[r["id"]]: r for r in self.records("timeline", "--customer", "Mingda",
                                                        "--lines", "5")}
        # The fifth line would be the signature: "-- " ends the text.
        self.assertEqual(by["m01"]["excerpt"],
                         "We would like a quote for 500 SP-10 smart plugs (order MD-301). / "
                         "Please call me at %s if anything is unclear. / Best regards, / Li Lei"
                         % PHONE)
        by = {self.key[r["id"]]: r for r in self.records("timeline", "--customer", NORDIC)}
        self.assertEqual(self.keys(by.values()), ["n01", "n02", "n03", "n04", "n06", "n05"])
        self.assertEqual(by["n02"]["excerpt"],
                         "Quarterly orders work for us; 45 days payment terms would be better.")
        self.assertEqual(by["n02"]["from"], "erik.lindqvist@nordichome.se")  # lower-cased
        self.assertEqual(by["n04"]["flags"], ["rebate (approval)"])

    def test_timeline_employee(self):
        recs = self.records("timeline", "--employee", "carol.chen")
        self.assertEqual(sorted(self.keys(recs)),
                         sorted(["d01", "d02", "d05", "g01", "g02", "g03", "c01", "c02", "c05",
                                 "h01", "h02", "k01", "k02", "c03", "n05", "z01"]))
        self.check_thread_grouping(recs)
        # By name as well.
        self.assertEqual(self.keys(self.records("timeline", "--employee", "Carol Chen")),
                         self.keys(recs))

    def test_timeline_thread(self):
        recs = self.records("timeline", "--thread", self.id["d03"])
        self.assertEqual(self.keys(recs), ["d01", "d02", "d05", "d03", "d04"])
        self.assertEqual({r["thread"] for r in recs}, {self.id["d01"]})
        self.assertEqual({r["direction"] for r in recs}, {"internal"})
        text = self.run_ms("timeline", "--thread", self.id["d01"]).out
        self.assertTrue(text.startswith("== thread %d: Extended warranty for Mingda\n" % self.id["d01"]))
        self.assertEqual(text.count("== thread"), 1)
        self.assertIn("2025-03-12T05:00  #%d  -- erin.xu@acme-trade.com to alice.wang@acme-trade.com"
                      % self.id["d03"], text)

    def test_timeline_formats(self):
        rows = list(csv.DictReader(io.StringIO(self.run_ms("timeline", "--customer", "Mingda",
                                                           "--format", "csv").out)))
        self.assertEqual([self.key[int(r["id"])] for r in rows],
                         ["m01", "m02", "m03", "m06", "m07", "m04", "m05", "g04", "m08"])
        m04 = rows[5]
        self.assertEqual((m04["to"], m04["cc"]), (ALICE, "%s; %s" % (ERIN, BOB)))
        self.assertEqual((rows[1]["attachments"], rows[1]["flags"]),
                         ("quote.csv", "lowest-price (approval)"))
        html = self.run_ms("timeline", "--customer", "Mingda", "--format", "html").out
        self.assertEqual(html.count('<h2 class="thread">'), 4)
        self.assertIn("<p>9 messages</p>", html)
        text = self.run_ms("timeline", "--customer", "Mingda").out
        self.assertEqual(text.count("== thread"), 4)
        self.assertIn("    attachments: quote.csv\n    flags: lowest-price (approval)\n", text)

    def test_timeline_usage(self):
        self.run_ms("timeline", check=2)
        self.run_ms("timeline", "--customer", "unknown.org", check=1)
        self.run_ms("timeline", "--thread", "9999", check=2)
        self.run_ms("timeline", "--employee", "nobody.here", check=2)
        r = self.run_ms("timeline", "--customer", "gmail.com", check=2)
        self.assertIn(TOM, r.err)

    # -- report trends --------------------------------------------------------------------------

    def test_trends_csv(self):
        rows = list(csv.DictReader(io.StringIO(self.run_ms("report", "trends", "--format",
                                                           "csv").out)))
        want = []
        for (kind, name, tier), counts in TREND_COUNTS.items():
            prev = 0
            for i, (month, n) in enumerate(zip(MONTHS, counts)):
                jump = i > 0 and n >= 3 and n >= 2 * prev
                want.append([kind, name, tier, month, str(n), str(prev), str(n - prev),
                             "true" if jump else "false"])
                prev = n
        self.assertEqual([[r["kind"], r["name"], r["tier"], r["month"], r["count"], r["previous"],
                           r["change"], r["jump"]] for r in rows], want)
        # EXPECTED.md, "Trends": the jumps are May for pricing and lowest-price only.
        self.assertEqual([(r[1], r[3]) for r in want if r[7] == "true"],
                         [("pricing", "2025-05"), ("lowest-price", "2025-05")])

    def test_trends_jumps(self):
        jumps = self.records("report", "trends", "--jumps")
        self.assertEqual([(j["kind"], j["name"], j["month"], j["count"], j["previous"], j["change"])
                          for j in jumps],
                         [("category", "pricing", "2025-05", 3, 1, 2),
                          ("rule", "lowest-price", "2025-05", 3, 1, 2)])
        jumps = self.records("report", "trends", "--jumps", "--jump-min", "2")
        self.assertEqual([(j["name"], j["month"]) for j in jumps],
                         [("payments", "2025-05"), ("pricing", "2025-05"),
                          ("lowest-price", "2025-05"), ("rebate", "2025-05")])
        self.assertEqual(self.records("report", "trends", "--jumps", "--jump-factor", "4"), [])
        # The first month of the period never jumps.
        recs = self.records("report", "trends", "--since", "2025-05")
        self.assertEqual({r["month"] for r in recs}, {"2025-05"})
        self.assertFalse(any(r["jump"] for r in recs))
        recs = self.records("report", "trends", "--since", "2025-04", "--until", "2025-04")
        self.assertEqual([(r["name"], r["count"], r["previous"]) for r in recs],
                         [("pricing", 1, 0), ("lowest-price", 1, 0)])
        self.run_ms("report", "trends", "--since", "2025-13", check=2)
        text = self.run_ms("report", "trends").out
        self.assertIn("jumps (at least 3 flags and 2x the month before): 2", text)
        self.assertRegex(text, r"\npricing\s+3\s+1\s+3\s+7\n")
        html = self.run_ms("report", "trends", "--format", "html").out
        for chart in ("flags-chart", "reply-chart", "runs-chart"):
            self.assertIn('<svg id="%s"' % chart, html)
        self.assertEqual(html.count("</td></tr>", html.index('id="jumps"'),
                                    html.index('id="trends"')), 2)

    # -- roles ----------------------------------------------------------------------------------

    def test_employee_sees_only_own_sent_mail(self):
        cust, esc = self.customers(env=as_("alice.wang"))
        # EXPECTED.md, "Roles": alice sent M02, M07 (Mingda), T07 (Tom), P01 (jo.friend, personal).
        self.assertEqual({n: (c["inbound"], c["outbound"], c["current_run"], c["our_reply"]["count"])
                          for n, c in cust.items()},
                         {MINGDA: (0, 2, 0, 0), TOM: (0, 1, 0, 0), "jo.friend@gmail.com": (0, 1, 0, 0)})
        self.assertEqual(esc, [])
        recs = self.records("timeline", "--customer", "Mingda", env=as_("alice.wang"))
        self.assertEqual(self.keys(recs), ["m02", "m07"])
        recs = self.records("timeline", "--employee", "bob.li", env=as_("alice.wang"))
        self.assertEqual(self.keys(recs), ["m02", "s01"])
        # Her own mail answers nothing of hers: no department cells (D05 references D01, her
        # own mail, which is no reply).
        self.run_ms("stats", "departments", env=as_("alice.wang"), check=1)
        trends = self.records("report", "trends", env=as_("alice.wang"))
        self.assertEqual([(r["name"], r["month"], r["count"]) for r in trends
                          if r["kind"] == "category"],
                         [("pricing", "2025-03", 2), ("pricing", "2025-04", 0),
                          ("pricing", "2025-05", 1)])
        # Carol sent nothing flagged.
        self.run_ms("report", "trends", env=as_("carol.chen"), check=1)

    def test_personal_mail_is_hidden_from_compliance(self):
        cust, _ = self.customers()
        self.assertNotIn("jo.friend@gmail.com", cust)
        self.run_ms("timeline", "--thread", self.id["p01"], check=2)

    def test_manager_sees_department_masked(self):
        bob = as_("bob.li")
        cust, esc = self.customers(env=bob)
        # EXPECTED.md, "Roles": M05 and G04 are not sales mail, so M03, M04, M06 are one run.
        self.check_customer(cust[MINGDA], dict(
            inbound=5, outbound=2, our_reply=summary(2, 1224000, 1224000),
            their_reply=summary(2, 2536200, 2536200), current_run=1, longest_run=3,
            contacts=[ALICE]))
        self.check_customer(cust[NORDIC], dict(inbound=3, outbound=2, current_run=2,
                                               churn_risk=False, longest_run=2))
        self.assertNotIn(GLOBEX, cust)
        self.assertNotIn(KIM, cust)
        self.assertNotIn(TOM, cust)  # a free-mail customer is personal data: masked
        masked = [n for n in cust if n not in (MINGDA, NORDIC)]
        self.assertEqual(len(masked), 1)
        self.assertEqual(cust[masked[0]]["inbound"], 4)
        self.assertNotIn("tom.buyer", masked[0])
        self.assertEqual([(self.key[e["message"]], e["waiting_h"]) for e in esc], [("n04", 223.0)])
        # Departments: everything with a sales party; support's own C01/C02 is not.
        recs = self.records("stats", "departments", env=bob)
        self.assertEqual([(r["from_department"], r["to_department"], r["replies"], r["median_s"],
                           r["mean_s"]) for r in recs], DEPARTMENTS[:5])
        # Timeline: masked phone number in the excerpt, masked free-mail sender.
        recs = self.records("timeline", "--customer", "Mingda", env=bob)
        self.assertEqual(self.keys(recs), ["m01", "m02", "m03", "m06", "m07", "m04", "m08"])
        m01 = recs[0]
        self.assertNotIn(PHONE, m01["excerpt"])
        self.assertTrue(m01["excerpt"].startswith("We would like a quote for 500 SP-10 smart plugs"))
        self.assertIn("if anything is unclear.", m01["excerpt"])
        recs = self.records("timeline", "--customer", TOM, env=bob)
        self.assertEqual(self.keys(recs), ["t01", "t03", "t05", "t06", "t07", "t04"])
        for r in recs:
            self.assertNotIn("tom.buyer", str(r))
        self.run_ms("timeline", "--customer", "globex.com", env=bob, check=1)
        # Compliance sees the number.
        recs = self.records("timeline", "--customer", "Mingda")
        self.assertIn(PHONE, recs[0]["excerpt"])

    def test_auditor_and_admin_are_refused(self):
        for who in ("max.audit", "ada.admin"):
            for args in (["stats", "customers"], ["stats", "departments"], ["stats", "cc"],
                         ["timeline", "--customer", "Mingda"], ["report", "trends"],
                         ["report", "trends", "--format", "html"]):
                r = self.run_ms(*args, env=as_(who), check=4)
                self.assertIn("permission denied", r.err)
                self.assertEqual(r.out, "")


class Audit(unittest.TestCase):
    """Every analytics run is in the audit trail, with who, as what, what and the options."""

    def test_every_run_is_audited(self):
        case = os.path.join(mstest.scratch("analytics-audit"), "case")
        mstest.import_ok(case, MAIL)
        ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
        ms("policy", "add", POLICY, case=case, check=0)
        ms("scan", case=case, check=0)

        def trail():
            return ms("audit", "log", "--format", "json", case=case, check=0,
                      env=as_("max.audit")).json()

        mid = {r["message_id"].split(".", 1)[0]: i for i, r in mstest.all_messages(case).items()}
        runs = [  # (acting login, arguments, exit, expected record)
            ("zoe.ma", ["stats", "customers", "--as-of", "2025-04-19T00:00:00"], 0,
             dict(person="zoe.ma@acme-trade.com", role="compliance", action="stats-customers",
                  target="", outcome="ok", detail={"as": True, "as_of": "2025-04-19T00:00:00"})),
            ("zoe.ma", ["stats", "customers", "--customer", "nordichome.se"], 0,
             dict(action="stats-customers", target=NORDIC, outcome="ok",
                  detail={"as": True, "customer": "nordichome.se"})),
            ("zoe.ma", ["stats", "departments", "--since", "2025-04-01"], 0,
             dict(action="stats-departments", outcome="ok",
                  detail={"as": True, "since": "2025-04-01"})),
            ("zoe.ma", ["stats", "cc", "--min-cc", "6"], 0,
             dict(action="stats-cc", outcome="ok", detail={"as": True, "min_cc": 6})),
            ("zoe.ma", ["timeline", "--customer", "Mingda"], 0,
             dict(action="timeline", target="customer:" + MINGDA, outcome="ok",
                  detail={"as": True, "messages": 9})),
            ("zoe.ma", ["timeline", "--thread", str(mid["d03"])], 0,
             dict(action="timeline", target="thread:%d" % mid["d03"],
                  detail={"as": True, "messages": 5})),
            ("zoe.ma", ["report", "trends", "--format", "csv", "--since", "2025-04"], 0,
             dict(action="report-trends", outcome="ok",
                  detail={"as": True, "format": "csv", "since": "2025-04"})),
            ("alice.wang", ["timeline", "--employee", "bob.li"], 0,
             dict(person=ALICE, role="employee", action="timeline", target="employee:" + BOB,
                  detail={"as": True, "messages": 2})),
            ("bob.li", ["stats", "customers"], 0,
             dict(person=BOB, role="manager", action="stats-customers", outcome="ok")),
            ("max.audit", ["stats", "customers"], 4,
             dict(person="max.audit@acme-trade.com", role="auditor", action="stats",
                  outcome="denied")),
            ("ada.admin", ["timeline", "--customer", "Mingda"], 4,
             dict(person="ada.admin@acme-trade.com", role="admin", action="timeline",
                  outcome="denied")),
            ("ada.admin", ["report", "trends"], 4,
             dict(role="admin", action="report", outcome="denied")),
        ]
        for login, args, code, _ in runs:
            ms(*args, case=case, check=code, env=as_(login))
        # A usage error (a bad --as-of, an ambiguous customer) shows nothing and logs nothing.
        ms("stats", "customers", "--as-of", "someday", case=case, check=2)
        ms("stats", "customers", "--customer", "gmail.com", case=case, check=2)
        # The listing's own record comes last (it is written before the listing).
        got = trail()[-(len(runs) + 1):]
        for rec, (login, args, _, want) in zip(got, runs):
            self.assertEqual({k: rec[k] for k in want}, want, args)
        # The auditor's own listing comes last: nothing was logged for the usage errors.
        self.assertEqual(got[-1]["action"], "audit-log")
        ms("audit", "verify", case=case, check=0, env=as_("max.audit"))


# --- (b) The demo case -------------------------------------------------------------------------

def scenario_rows():
    """Key -> (UTC datetime, Message-ID, row text) from the tables of SCENARIOS.md."""
    rows = {}
    with open(SCENARIOS, encoding="utf-8") as f:
        for m in re.finditer(r"^\| (\w+) \| (\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d{4}) \| ([^|]*) \| "
                             r"[^|]* \| `<([^`]+)>` \|", f.read(), re.M):
            when = datetime.datetime.strptime(m.group(2), "%Y-%m-%d %H:%M %z")
            rows.setdefault(m.group(1), (when.astimezone(datetime.timezone.utc), m.group(4),
                                         m.group(3)))
    return rows


class Demo(unittest.TestCase):
    """(b) SCENARIOS.md scenario 4 (Yunfan) and 5 (CC storm) in the demo case."""

    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("analytics-demo"), "case")
        mstest.import_ok(cls.case, DEMO)
        ms("org", "set", DEMO_DIRECTORY, case=cls.case, check=0, env=AS_OWNER)
        cls.env = as_("zhao.min")  # compliance in the demo directory
        cls.rows = scenario_rows()
        recs = ms("search", "*", "--format", "json", case=cls.case, check=0, env=cls.env).json()
        cls.id = {r["message_id"]: r["id"] for r in recs}
        with open(DEMO_DIRECTORY, "rb") as f:
            directory = tomllib.load(f)
        cls.yunfan = next(c["name"] for c in directory["customer"]
                          if "yunfan-fashion.cn" in c["domains"])

    def customers(self, *args):
        recs = ms("stats", "customers", "--format", "json", *args, case=self.case, check=0,
                  env=self.env).json()
        return ({r["customer"]: r for r in recs if r["record"] == "customer"},
                [r for r in recs if r["record"] == "escalation"])

    def ids(self, *keys):
        return [self.id[self.rows[k][1]] for k in keys]

    def test_yunfan_churn_risk_as_of_2025_02_24(self):
        cust, esc = self.customers("--as-of", "2025-02-24")
        y = cust[self.yunfan]
        self.assertEqual((y["current_run"], y["churn_risk"]), (3, True))
        z17 = self.rows["Z17"][0]
        self.assertEqual(y["current_run_since"][:16], z17.strftime("%Y-%m-%dT%H:%M"))
        # Z17 and Z21 have waited more than 48 h at the end of 2025-02-24 (UTC); Z24 (08:45 UTC)
        # has not. Their owner is zhang.wei, the one they were written to.
        mine = [e for e in esc if e["customer"] == self.yunfan]
        self.assertEqual([e["message"] for e in mine], self.ids("Z17", "Z21"))
        self.assertEqual({e["owner"] for e in mine}, {"zhang.wei@haina-trade.com"})
        end = datetime.datetime(2025, 2, 24, 23, 59, 59, tzinfo=datetime.timezone.utc)
        for e, key in zip(mine, ("Z17", "Z21")):
            waited = (end - self.rows[key][0]).total_seconds() / 3600
            self.assertLess(abs(e["waiting_h"] - waited), 1 / 60 + 0.05, key)  # minutes in the table
        churn, _ = self.customers("--as-of", "2025-02-24", "--churn")
        self.assertIn(self.yunfan, churn)

    def test_yunfan_answered_by_z26(self):
        z26 = self.rows["Z26"][0]
        self.assertIn("zhang.wei@haina-trade.com → he.jing@yunfan-fashion.cn", self.rows["Z26"][2])
        # The minute after Z26, and until her next mail E10 (2025-05-06), nothing is open.
        after = (z26 + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        e10 = self.rows["E10"][0] - datetime.timedelta(minutes=1)
        for when in (after, e10.strftime("%Y-%m-%dT%H:%M:%SZ")):
            cust, esc = self.customers("--as-of", when)
            y = cust[self.yunfan]
            self.assertEqual((y["current_run"], y["churn_risk"], y["current_run_since"]),
                             (0, False, None), when)
            self.assertEqual([e for e in esc if e["customer"] == self.yunfan], [], when)
            self.assertGreaterEqual(y["longest_run"], 3)
        # Just before Z26 the run of three is still open.
        before = (z26 - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        cust, _ = self.customers("--as-of", before)
        self.assertEqual(cust[self.yunfan]["current_run"], 3)

    def test_cc_storm(self):
        recs = ms("stats", "cc", "--messages", "--format", "json", case=self.case, check=0,
                  env=self.env).json()
        heavy = {r["message"]: r for r in recs}
        for key in ("ST1", "ST2", "ST3", "ST4", "ST5", "ST6", "ST7"):
            n = int(re.search(r"\(\+(\d+) Cc\)", self.rows[key][2]).group(1))
            i = self.id[self.rows[key][1]]
            self.assertIn(i, heavy, key)
            self.assertEqual(heavy[i]["cc"], n, key)
        senders = {r["sender"]: r for r in ms("stats", "cc", "--format", "json", case=self.case,
                                              check=0, env=self.env).json()
                   if r["record"] == "sender"}
        self.assertGreaterEqual(senders["sun.qiang@haina-trade.com"]["messages"], 2)  # ST1, ST7


# --- (c) Enron: stats customers against an independent computation ---------------------------

ENRON_CUSTODIANS = ("allen-p", "lokay-m")
# The free-mail domains of mailscope-analytics(7): each address is its own customer.
FREE_MAIL = set("""gmail.com googlemail.com qq.com foxmail.com 163.com 126.com yeah.net sina.com
sina.cn sohu.com 139.com 189.cn wo.cn aliyun.com hotmail.com outlook.com live.com msn.com
yahoo.com yahoo.com.cn yahoo.co.uk ymail.com aol.com icloud.com me.com mac.com gmx.de gmx.net
web.de mail.ru yandex.ru proton.me protonmail.com zoho.com tom.com 21cn.com vip.qq.com
vip.163.com vip.sina.com hanmail.net naver.com comcast.net earthlink.net juno.com netzero.net
""".split())


def domain(a):
    return a.rsplit("@", 1)[1] if "@" in a else ""


def is_work(a):
    d = domain(a)
    return d == "enron.com" or d.endswith(".enron.com")


def customer_of(a):
    d = domain(a)
    return a if not d or d in FREE_MAIL else d


def llround(x):
    return int(math.floor(x + 0.5))


def py_summary(values):
    if not values:
        return summary(0)
    v = sorted(values)
    n = len(v)
    med = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return summary(n, llround(med), llround(sum(v) / n))


def python_customer_stats(messages, as_of=None):
    """The definitions of mailscope-analytics(7) over [(date, id, from, [to+cc])]."""
    messages = sorted(messages)
    if as_of is None:
        as_of = messages[-1][0]
    st = {}
    for date, _id, frm, rcpts in messages:
        if date > as_of:
            break
        if is_work(frm):
            outside = [a for a in rcpts if not is_work(a)]
            if not outside:
                continue
            names = []
            for a in outside:
                if customer_of(a) not in names:
                    names.append(customer_of(a))
            inbound = False
        elif any(is_work(a) for a in rcpts):
            names, inbound = [customer_of(frm)], True
        else:
            continue
        for c in names:
            s = st.setdefault(c, dict(inbound=0, outbound=0, run=0, longest=0, run_start=None,
                                      out_start=None, ours=[], theirs=[]))
            if inbound:
                s["inbound"] += 1
                if s["out_start"] is not None:
                    s["theirs"].append(date - s["out_start"])
                    s["out_start"] = None
                if s["run_start"] is None:
                    s["run_start"] = date
                s["run"] += 1
                s["longest"] = max(s["longest"], s["run"])
            else:
                s["outbound"] += 1
                if s["run_start"] is not None:
                    s["ours"].append(date - s["run_start"])
                    s["run_start"] = None
                    s["run"] = 0
                if s["out_start"] is None:
                    s["out_start"] = date
    return {c: dict(inbound=s["inbound"], outbound=s["outbound"], longest_run=s["longest"],
                    current_run=s["run"], our_reply=py_summary(s["ours"]),
                    their_reply=py_summary(s["theirs"]))
            for c, s in st.items()}


class Enron(unittest.TestCase):
    """(c) Two custodians of the Enron maildir, without a directory (--work-domain enron.com)."""

    @classmethod
    def setUpClass(cls):
        root = os.path.join(mstest.corpus("enron"), "maildir")
        cls.case = os.path.join(mstest.scratch("analytics-enron"), "case")
        mstest.import_ok(cls.case, *[os.path.join(root, c) for c in ENRON_CUSTODIANS])
        # Which files the case holds (one per distinct message); everything else is Python's.
        cls.messages = []
        cls.held = mstest.all_messages(cls.case)
        for i, rec in cls.held.items():
            loc = rec["locations"][0]
            with open(os.path.join(loc["evidence"], loc["locator"]), "rb") as f:
                msg = email.message_from_bytes(f.read(), policy=email.policy.compat32)
            try:
                when = email.utils.parsedate_to_datetime(msg["Date"])
            except (TypeError, ValueError):
                continue  # no usable date: left out of analytics
            if when.tzinfo is None:  # "-0000": UTC, offset unknown
                when = when.replace(tzinfo=datetime.timezone.utc)
            date = int(when.timestamp())
            frm = [a.lower() for _, a in email.utils.getaddresses(msg.get_all("From", [])) if a]
            rcpts = [a.lower() for _, a in email.utils.getaddresses(
                msg.get_all("To", []) + msg.get_all("Cc", [])) if a]
            cls.messages.append((date, i, frm[0] if frm else "", rcpts))
        cls.files = []
        for c in ENRON_CUSTODIANS:
            cls.files += [os.path.join(root, c, rel) for rel in mstest.corpus_files(os.path.join(root, c))]

    def stats(self, *args):
        recs = ms("stats", "customers", "--work-domain", "enron.com", "--format", "json", *args,
                  case=self.case, check=0).json()
        return {r["customer"]: r for r in recs if r["record"] == "customer"}

    def compare(self, got, want):
        self.assertEqual(sorted(got), sorted(want))
        bad = []
        for c, w in want.items():
            g = {k: got[c][k] for k in w}
            if g != w:
                bad.append((c, g, w))
        self.assertEqual(bad[:5], [], "%d of %d customers differ" % (len(bad), len(want)))

    def test_the_case_holds_each_distinct_message_once(self):
        keys = set()
        for p in self.files:
            with open(p, "rb") as f:
                keys.add(mstest.content_key(f.read()))
        self.assertEqual(len(self.held), len(keys))

    def test_customers_match_independent_computation(self):
        want = python_customer_stats(self.messages)
        self.assertGreater(len(want), 100)
        self.compare(self.stats(), want)
        # A few customers named: the busiest by volume have reply times on both sides.
        busiest = sorted(want, key=lambda c: -(want[c]["inbound"] + want[c]["outbound"]))[:5]
        got = self.stats()
        for c in busiest:
            self.assertEqual(got[c]["longest_run"], want[c]["longest_run"], c)
            self.assertEqual(got[c]["our_reply"], want[c]["our_reply"], c)

    def test_customers_as_of_match_independent_computation(self):
        as_of = datetime.datetime(2001, 6, 30, 23, 59, 59, tzinfo=datetime.timezone.utc)
        want = python_customer_stats(self.messages, int(as_of.timestamp()))
        self.compare(self.stats("--as-of", "2001-06-30"), want)
        self.assertGreater(sum(1 for w in want.values() if w["current_run"] >= 3), 0)


if __name__ == "__main__":
    mstest.main()
