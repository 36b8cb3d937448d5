#!/usr/bin/env python3
"""End-to-end tests of org, policy, scan and flags on the fixtures in tests/data/scan/.

The fixtures (written by tests/data/scan/make.py): a directory (mailscope.toml: Shanghai time,
sales and finance, one customer), a policy (pricing.toml), eight messages dated inside and
outside working hours (mail/), two drafts, and broken files. Every expected flag, offset, count and line number is worked out
here from the fixture files themselves (Python's str.encode().find, line counting), never
copied from mailscope's output.
"""
import csv
import hashlib
import io
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402
from mstest import AS_OWNER, ms, scratch  # noqa: E402

# The fixture directory makes roles apply: scans and searches act as its compliance officer.
mstest.ACT_AS = "zhao.min@fixture-trade.com"

SCAN = mstest.fixture("scan")
MAIL = os.path.join(SCAN, "mail")
DIRECTORY = os.path.join(SCAN, "mailscope.toml")
PRICING = os.path.join(SCAN, "pricing.toml")
NOWHERE = "/nonexistent/mailscope-case"  # a case that does not exist: no case config


def path(name):
    return os.path.join(SCAN, name)


def read(p):
    with open(p, "rb") as f:
        return f.read()


def line_of(p, needle):
    """1-based line of the first line of file p that contains needle."""
    for i, line in enumerate(read(p).decode().split("\n"), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {p}")


def body_of(name):
    """The body of fixture message `name` (everything after the blank line), as text."""
    return read(os.path.join(MAIL, name + ".eml")).decode().split("\n\n", 1)[1]


def offsets(text, term, nth=0):
    """(start, end) UTF-8 byte offsets of the nth occurrence of term in text."""
    b, t = text.encode(), term.encode()
    at = -1
    for _ in range(nth + 1):
        at = b.find(t, at + 1)
        assert at >= 0, (term, text)
    return at, at + len(t)


def new_case(name, directory=True, policy=True):
    """A case holding the eight fixture messages, with the directory and policy installed."""
    case = os.path.join(scratch(name), "case")
    mstest.import_ok(case, MAIL)
    if directory:
        ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
    if policy:
        ms("policy", "add", PRICING, case=case, check=0)
    return case


def ids_by_name(case):
    """Fixture message name ("01-quote") -> case id, through the Message-IDs."""
    out = {}
    for mid, recs in mstest.by_message_id(case).items():
        assert len(recs) == 1
        out[mid.split("@")[0]] = recs[0]["id"]
    return out


def snapshot(folder):
    """Every file below folder with its size, mtime and SHA-256."""
    out = {}
    for d, _dirs, files in os.walk(folder):
        for f in files:
            p = os.path.join(d, f)
            st = os.stat(p)
            out[os.path.relpath(p, folder)] = (st.st_size, st.st_mtime_ns,
                                               hashlib.sha256(read(p)).hexdigest())
    return out


# The flags the fixture mail must get, worked out by hand from mail/*.eml, pricing.toml and
# mailscope.toml: (message, rule, field, term, nth occurrence, status, notified, retained).
#  01: zhang.wei (sales) to the customer, Tuesday 10:15 Shanghai: outbound. 最低价 is flagged;
#      官网最低价 is allowed and cancels the 最低价 inside it.
#  02: zhang.wei to a colleague: internal, so lowest-price (outbound only) does not apply.
#  03: two private-discount hits; the message is on hold, so both show it retained.
#  04: li.na to a private address on Saturday 21:30 Shanghai: personal, not checked.
#  05: Saturday 22:00, but to a customer: not personal.
#  06: li.na to a private address at 04:30 UTC = Tuesday 12:30 Shanghai: working hours.
#  07: nothing to find.
#  08: li.na to a private address at 11:00 UTC = Monday 19:00 Shanghai: personal.
EXPECTED = [
    ("01-quote", "lowest-price", "body", "最低价", 0, "open", False, False),
    ("01-quote", "published-price", "body", "官网最低价", 0, "allowed", False, False),
    ("02-internal", "rebate", "body", "rebate", 0, "open", True, False),
    ("03-private", "private-discount", "body", "私下给您", 0, "open", True, True),
    ("03-private", "private-discount", "body", "just between us", 0, "open", True, True),
    ("05-evening-customer", "rebate", "body", "返点", 0, "open", True, False),
    ("06-lunch-utc", "private-discount", "body", "私下给您", 0, "open", True, True),
]
TIERS = {"lowest-price": "approval", "private-discount": "forbidden",
         "published-price": "allowed", "rebate": "approval"}
CATEGORIES = {"lowest-price": "pricing", "private-discount": "pricing",
              "published-price": "pricing", "rebate": "payments"}
FLAG_COLUMNS = ["id", "message", "date", "from", "subject", "policy", "rule", "tier", "category",
                "field", "start", "end", "matched", "snippet", "status", "notified", "retained",
                "version", "fp_score", "likely_false_positive"]


def expected_flags(ids):
    out = []
    for name, rule, field, term, nth, status, notified, retained in EXPECTED:
        start, end = offsets(body_of(name), term, nth)
        out.append((ids[name], rule, field, start, end, term, status, notified, retained))
    return sorted(out)


def flag_key(o):
    return (o["message"], o["rule"], o["field"], o["start"], o["end"], o["matched"],
            o["status"], o["notified"], o["retained"])


class Fixtures(unittest.TestCase):
    def test_fixtures_are_what_make_py_writes(self):
        self.assertEqual(mstest.generated_files_differ(SCAN), [])


class OrgCommand(unittest.TestCase):
    def test_check_good_file(self):
        r = ms("org", "check", DIRECTORY, check=0)
        # 4 [[person]] (one manager), 2 [[department]], 1 [[customer]], 1 work domain.
        self.assertEqual(r.out, f"{DIRECTORY}: ok: 4 people (1 managers), 2 departments, "
                                "1 customers, 1 work domains, time zone Asia/Shanghai\n")

    def test_check_bad_file_lists_every_problem_with_its_line(self):
        bad = path("bad-directory.toml")
        r = ms("org", "check", bad, check=2)
        self.assertEqual(r.out, "")
        want = [
            (line_of(bad, "time_zone"), "unknown time zone 'Asia/Shanghia'"),
            (line_of(bad, "start ="), "'9:00' is not a time of day"),
            (line_of(bad, "boss"), "unknown role 'boss'"),
            (line_of(bad, "marketing"), "no department 'marketing'"),
        ]
        lines = [l for l in r.err.splitlines() if l.startswith(bad + ":")]
        self.assertEqual(len(lines), len(want), r.err)
        for line, message in want:
            self.assertTrue(any(l.startswith(f"{bad}:{line}: ") and message in l for l in lines),
                            f"{line}: {message}\n{r.err}")
        self.assertIn("4 problem(s)", r.err)

    def test_check_syntax_error(self):
        d = scratch("scan-cli-org-syntax")
        bad = os.path.join(d, "broken.toml")
        with open(bad, "w") as f:
            f.write("[organisation]\nwork_domains = [\"a.example\"\n\n[[person]]\n")
        r = ms("org", "check", bad, check=2)
        self.assertRegex(r.err, "^" + re.escape(bad) + r":[0-9]+: ")

    def test_set_installs_the_file_and_refuses_a_bad_one(self):
        case = new_case("scan-cli-org-set", directory=False, policy=False)
        r = ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
        installed = os.path.join(case, "mailscope.toml")
        self.assertIn(f"directory set: {installed}", r.out)
        self.assertEqual(read(installed), read(DIRECTORY))
        self.assertEqual(os.stat(installed).st_mode & 0o777, 0o600)
        # Without FILE, org check reads the case's directory.
        self.assertIn("4 people", ms("org", "check", case=case, check=0).out)
        # A bad file is not installed: the good one stays.
        ms("org", "set", path("bad-directory.toml"), case=case, check=2, env=AS_OWNER)
        self.assertEqual(read(installed), read(DIRECTORY))


class PolicyCommand(unittest.TestCase):
    def test_add_and_list(self):
        case = new_case("scan-cli-policy-add", directory=False, policy=False)
        r = ms("policy", "add", PRICING, case=case, check=0)
        dest = os.path.join(case, "policies", "pricing.toml")
        self.assertEqual(r.out, f"added policy pricing (4 rules) as {dest}\n")
        self.assertEqual(read(dest), read(PRICING))
        self.assertEqual(os.stat(dest).st_mode & 0o777, 0o600)
        recs = ms("policy", "list", "--format", "json", case=case, check=0).json()
        got = [(o["policy"], o["rule"], o["tier"], o["category"], o["terms"], o["regexes"],
                o["scope"], o["actions"]) for o in recs]
        self.assertEqual(got, [
            ("pricing", "lowest-price", "approval", "pricing", 2, 0, "sales,outbound", []),
            ("pricing", "private-discount", "forbidden", "pricing", 2, 0, "everyone",
             ["notify", "retain"]),
            ("pricing", "published-price", "allowed", "pricing", 1, 0, "everyone", []),
            ("pricing", "rebate", "approval", "payments", 2, 0, "everyone", ["notify"]),
        ])
        text = ms("policy", "list", case=case, check=0).out.splitlines()
        self.assertEqual(len(text), 4)
        self.assertTrue(text[0].startswith("pricing/lowest-price  approval  pricing  2 terms, "
                                           "0 regexes  sales,outbound"), text[0])

    def test_add_broken_file_adds_nothing(self):
        case = new_case("scan-cli-policy-broken", directory=False, policy=False)
        bad = path("broken-policy.toml")
        r = ms("policy", "add", bad, case=case, check=2)
        want = [
            (line_of(bad, "mandatory"), "unknown tier 'mandatory'"),
            (line_of(bad, "termz"), "unknown key 'termz'"),
            (line_of(bad, 'id = "b"') - 1, "rule 'b' has neither terms nor regex"),
        ]
        for line, message in want:
            self.assertIn(f"{bad}:{line}: {message}", r.err)
        self.assertFalse(os.path.exists(os.path.join(case, "policies", "broken.toml")))

    def test_precision_and_recall_of_designed_examples(self):
        ex = path("examples.toml")
        r = ms("policy", "test", "--directory", DIRECTORY, "--format", "json", ex, check=1)
        got = {o["rule"]: (o["examples"], o["true_positives"], o["false_positives"],
                           o["false_negatives"], o["precision"], o["recall"]) for o in r.json()}
        # See the comment at the top of examples.toml.
        self.assertEqual(got, {
            "cash": (3, 1, 1, 1, 0.5, 0.5),
            "refund": (2, 2, 0, 0, 1.0, 1.0),
            "wire": (0, 0, 0, 0, None, None),
            "sales-only": (1, 1, 0, 0, 1.0, 1.0),
        })
        cashed = line_of(ex, "we cashed the cheque") - 1
        money = line_of(ex, "send the money") - 1
        self.assertIn(f"FAIL {ex}:{cashed}: expected nothing, got cash", r.err)
        self.assertIn(f"FAIL {ex}:{money}: expected cash, got nothing", r.err)
        self.assertEqual(r.err.count("FAIL "), 2, r.err)

        text = ms("policy", "test", "--directory", DIRECTORY, ex, check=1).out
        self.assertRegex(text, r"\n  cash +forbidden +0\.50 +0\.50 +3\n")
        self.assertRegex(text, r"\n  refund +approval +1\.00 +1\.00 +2\n")
        self.assertRegex(text, r"\n  wire +approval +- +- +0\n")

        # Without a directory the sales sender has no department: the scoped rule misses.
        r = ms("policy", "test", "--format", "json", ex, case=NOWHERE, check=1)
        so = [o for o in r.json() if o["rule"] == "sales-only"][0]
        self.assertEqual((so["true_positives"], so["false_negatives"], so["precision"],
                          so["recall"]), (0, 1, None, 0.0))

    def test_examples_all_passing_exit_0(self):
        d = scratch("scan-cli-policy-pass")
        p = os.path.join(d, "ok.toml")
        with open(p, "w") as f:
            f.write('[policy]\nid = "ok"\n[[rule]]\nid = "r"\ntier = "approval"\n'
                    'terms = ["最低价"]\n[[example]]\ntext = "最 低 价"\nexpect = ["r"]\n'
                    '[[example]]\ntext = "价格"\n')
        r = ms("policy", "test", p, case=NOWHERE, check=0)
        self.assertIn("2 examples, all as expected", r.out)
        self.assertRegex(r.out, r"\n  r +approval +1\.00 +1\.00 +1\n")


class ScanTheCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.case = new_case("scan-cli-case")
        cls.ids = ids_by_name(cls.case)
        cls.first = ms("scan", case=cls.case)

    def flags(self, *args, check=0):
        return ms("flags", "--format", "json", *args, case=self.case, check=check).json()

    def test_first_scan_summary_and_exit_code(self):
        r = self.first
        self.assertEqual(r.code, 0, repr(r))
        lines = r.out.splitlines()
        self.assertRegex(lines[0], r"^policies pricing \(version [0-9a-f]{16}, 4 rules, "
                                   r"7 patterns\)$")
        self.assertRegex(lines[1], r"^scanned 8 messages in [0-9.]+ s \(2 personal, not "
                                   r"checked\); 7 new flags$")
        self.assertEqual(lines[2], "case: 8 messages scanned with this version, 2 personal, "
                                   "5 flagged")
        self.assertEqual(lines[3], "  forbidden 3 flags:  pricing 3")
        self.assertEqual(lines[4], "  approval  3 flags:  payments 2  pricing 1")
        self.assertEqual(lines[5], "  allowed   1 flags:  pricing 1")

    def test_flags_are_the_expected_ones(self):
        got = sorted(flag_key(o) for o in self.flags())
        self.assertEqual(got, expected_flags(self.ids))

    def test_flag_json_members(self):
        recs = self.flags()
        version = re.search(r"version ([0-9a-f]{16})", self.first.out).group(1)
        for o in recs:
            self.assertEqual(list(o), ["format_version"] + FLAG_COLUMNS)
            self.assertEqual(o["format_version"], 1)
            self.assertEqual(o["policy"], "pricing")
            self.assertEqual(o["tier"], TIERS[o["rule"]])
            self.assertEqual(o["category"], CATEGORIES[o["rule"]])
            self.assertEqual(o["version"], version)
            self.assertIn("«" + o["matched"] + "»", o["snippet"])
        q = [o for o in recs if o["message"] == self.ids["01-quote"]][0]
        # Tuesday 10:15 +0800 is 02:15 UTC.
        self.assertEqual(q["date"], "2025-03-18T02:15:00Z")
        self.assertEqual(q["from"], "zhang.wei@fixture-trade.com")
        self.assertEqual(q["subject"], "Quote")
        self.assertEqual(q["snippet"], "黄经理您好，这绝对是«最低价»了。官网最低价是179元。")
        # Flags are listed by message, field, offset.
        keys = [(o["message"], o["field"], o["start"]) for o in recs]
        self.assertEqual(keys, sorted(keys))

    def test_flag_csv_columns(self):
        r = ms("flags", "--format", "csv", case=self.case, check=0)
        rows = list(csv.reader(io.StringIO(r.out)))
        self.assertEqual(rows[0], FLAG_COLUMNS)
        self.assertEqual(len(rows), 1 + len(EXPECTED))
        by_json = {str(o["id"]): o for o in self.flags()}
        for row in rows[1:]:
            o = by_json[row[0]]
            self.assertEqual(row[FLAG_COLUMNS.index("rule")], o["rule"])
            self.assertEqual(row[FLAG_COLUMNS.index("start")], str(o["start"]))
            self.assertEqual(row[FLAG_COLUMNS.index("matched")], o["matched"])
            self.assertEqual(row[FLAG_COLUMNS.index("notified")], str(o["notified"]).lower())

    def test_flag_text_lines(self):
        r = ms("flags", case=self.case, check=0)
        lines = r.out.splitlines()
        self.assertEqual(len(lines), len(EXPECTED))
        retained = [l for l in lines if l.endswith("(open, notified, retained)")]
        self.assertEqual(len(retained), 3)
        self.assertTrue(any(l.endswith("(allowed)") and "pricing/published-price" in l
                            for l in lines))

    def test_flags_filters(self):
        n = lambda *a: len(self.flags(*a))  # noqa: E731
        self.assertEqual(n("--status", "open"), 6)
        self.assertEqual([o["rule"] for o in self.flags("--status", "allowed")],
                         ["published-price"])
        self.assertEqual(n("--tier", "forbidden"), 3)
        self.assertEqual(n("--tier", "approval"), 6)
        self.assertEqual(n("--tier", "allowed"), 7)
        self.assertEqual(sorted(o["message"] for o in self.flags("--rule", "rebate")),
                         sorted([self.ids["02-internal"], self.ids["05-evening-customer"]]))
        self.assertEqual(n("--category", "payments"), 2)
        self.assertEqual(n("--category", "pricing"), 5)
        self.assertEqual(n("--message", self.ids["03-private"]), 2)
        self.assertEqual(n("--rule", "private-discount", "--message", self.ids["06-lunch-utc"]), 1)
        self.assertEqual(n("--status", "open", "--tier", "forbidden", "--category", "pricing"), 3)
        r = ms("flags", "--rule", "no-such-rule", case=self.case, check=1)
        self.assertEqual(r.out, "")
        ms("flags", "--tier", "severe", case=self.case, check=2)

    def test_personal_mail_is_counted_and_not_flagged(self):
        # Compliance does not even see personal mail (mailscope(1), ACCESS); no flag of the
        # case is on it.
        for name in ("04-personal", "08-evening-utc"):
            self.assertNotIn(name, self.ids)
        fixtures = sorted(f[:-4] for f in os.listdir(MAIL) if f.endswith(".eml"))
        self.assertEqual(sorted(self.ids), [f for f in fixtures
                                            if f not in ("04-personal", "08-evening-utc")])
        flagged = {o["message"] for o in ms("flags", "--format", "json", case=self.case).json()}
        self.assertLessEqual(flagged, set(self.ids.values()))
        self.assertIn("(2 personal, not checked)", self.first.out)

    def test_scan_again_changes_nothing(self):
        before = ms("flags", "--format", "json", case=self.case, check=0).out
        r = ms("scan", case=self.case, check=0)
        self.assertRegex(r.out, r"\nscanned 0 messages in [0-9.]+ s \(0 personal, not "
                                r"checked\); 0 new flags\n")
        self.assertIn("case: 8 messages scanned with this version, 2 personal, 5 flagged", r.out)
        self.assertEqual(ms("flags", "--format", "json", case=self.case, check=0).out, before)

    def test_scan_json_prints_the_flags_of_this_version(self):
        r = ms("scan", "--format", "json", case=self.case, check=0)
        self.assertEqual(sorted(flag_key(o) for o in r.json()), expected_flags(self.ids))
        r = ms("scan", "--format", "csv", case=self.case, check=0)
        self.assertEqual(next(csv.reader(io.StringIO(r.out))), FLAG_COLUMNS)


class ScanExitCodes(unittest.TestCase):
    """Exit 0 when a flag at or above --fail-on (default approval) exists, 1 when none, 2 on
    errors. Each policy gets its own case so that versions do not mix."""

    cases = {}

    def scan(self, policy, *args, check):
        """Scans a case of its own for each policy file (the same version each time)."""
        if policy not in self.cases:
            self.cases[policy] = new_case("scan-cli-exit-" + policy.split(".")[0], policy=False)
        return ms("scan", "--policy", path(policy), *args, case=self.cases[policy], check=check)

    def test_exit_codes(self):
        self.scan("pricing.toml", check=0)
        self.scan("pricing.toml", "--fail-on", "forbidden", check=0)
        self.scan("pricing.toml", "--fail-on", "severe", check=2)
        r = self.scan("nothing.toml", check=1)
        self.assertIn("  no flags\n", r.out)
        self.scan("nothing.toml", "--fail-on", "allowed", check=1)
        self.scan("allowed-only.toml", check=1)
        self.scan("allowed-only.toml", "--fail-on", "approval", check=1)
        self.scan("allowed-only.toml", "--fail-on", "allowed", check=0)
        self.scan("approval-only.toml", check=0)
        self.scan("approval-only.toml", "--fail-on", "forbidden", check=1)
        self.scan("approval-only.toml", "--fail-on", "allowed", check=0)
        self.scan("forbidden-only.toml", "--fail-on", "forbidden", check=0)
        self.scan("forbidden-only.toml", "--fail-on", "approval", check=0)

    def test_exit_code_counts_earlier_flags_of_the_same_version(self):
        case = new_case("scan-cli-exit-again", policy=False)
        ms("scan", "--policy", path("approval-only.toml"), case=case, check=0)
        r = ms("scan", "--policy", path("approval-only.toml"), case=case, check=0)
        self.assertIn("scanned 0 messages", r.out)

    def test_broken_policy_is_exit_2_with_lines(self):
        bad = path("broken-policy.toml")
        r = self.scan("broken-policy.toml", check=2)
        self.assertIn(f"{bad}:{line_of(bad, 'mandatory')}: unknown tier 'mandatory'", r.err)
        self.assertIn(f"{bad}:{line_of(bad, 'termz')}: unknown key 'termz'", r.err)
        self.assertEqual(r.out, "")
        # The same for a pre-send check.
        r = ms("scan", "--stdin", "--policy", bad, case=NOWHERE, input="text\n", check=2,
               env=CACHE_ENV)
        self.assertIn(f"{bad}:{line_of(bad, 'mandatory')}: unknown tier 'mandatory'", r.err)

    def test_scope_department_missing_from_the_directory_is_exit_2(self):
        d = scratch("scan-cli-exit-dept")
        p = os.path.join(d, "dept.toml")
        with open(p, "w") as f:
            f.write('[policy]\nid = "dept"\n\n[[rule]]\nid = "m"\ntier = "approval"\n'
                    'terms = ["x"]\nscope = { departments = ["marketing"] }\n')
        case = new_case("scan-cli-exit-dept-case", policy=False)
        r = ms("scan", "--policy", p, case=case, check=2)
        self.assertIn(f"{p}:4: rule m: no department 'marketing'", r.err)

    def test_broken_directory_is_exit_2_with_lines(self):
        bad = path("bad-directory.toml")
        case = new_case("scan-cli-exit-baddir", directory=False, policy=False)
        r = ms("scan", "--policy", PRICING, "--directory", bad, case=case, check=2)
        self.assertIn(f"{bad}:{line_of(bad, 'boss')}: unknown role 'boss'", r.err)

    def test_new_version_after_notify_flags(self):
        # The case was scanned with notify rules; a new directory makes a new version whose
        # scan replaces the open flags of the old one (mailscope-scan(1)).
        case = new_case("scan-cli-exit-newversion")
        ms("scan", case=case, check=0)
        d = scratch("scan-cli-exit-newversion-dir")
        changed = os.path.join(d, "mailscope.toml")
        with open(changed, "wb") as f:
            f.write(read(DIRECTORY) + b"# changed\n")
        ms("org", "set", changed, case=case, check=0, env=AS_OWNER)
        r = ms("scan", case=case, check=0)
        self.assertRegex(r.out, r"\nscanned 8 messages in [0-9.]+ s \(2 personal, not "
                                r"checked\); 7 new flags\n")
        flags = ms("flags", "--format", "json", case=case, check=0).json()
        version = re.search(r"version ([0-9a-f]{16})", r.out).group(1)
        # The old version's open and allowed flags were replaced, with their notifications;
        # the holds are on the messages and stay.
        self.assertEqual(sorted(flag_key(o) for o in flags), expected_flags(ids_by_name(case)))
        self.assertEqual({o["version"] for o in flags}, {version})


# Pre-send checks cache their compiled rules per user: keep that cache in the scratch folder.
CACHE_ENV = {"XDG_CACHE_HOME": os.path.join(mstest.WORK, "scratch", "scan-cli-xdg-cache")}


class PreSendCheck(unittest.TestCase):
    def check(self, *args, input=None, code=0, fmt="json"):
        r = ms("scan", *args, "--policy", PRICING, "--format", fmt, case=NOWHERE, input=input,
               check=code, env=CACHE_ENV)
        return r.json() if fmt == "json" else r.out

    def test_message_from_stdin(self):
        draft = path("drafts/quote.eml")
        body = read(draft).decode().split("\n\n", 1)[1]
        recs = self.check("--stdin", "--directory", DIRECTORY, input=read(draft).decode())
        got = [(o["rule"], o["tier"], o["field"], o["start"], o["end"], o["matched"],
                o["notify"], o["retain"]) for o in recs]
        s, e = offsets(body, "私下给您")
        # 黄经理，这是 is 18 bytes; 最 低 价 is 11.
        self.assertEqual(got, [
            ("lowest-price", "approval", "subject", 0, 12, "lowest price", False, False),
            ("lowest-price", "approval", "body", 18, 29, "最 低 价", False, False),
            ("private-discount", "forbidden", "body", s, e, "私下给您", True, True),
        ])
        for o in recs:
            self.assertEqual(list(o), ["format_version", "policy", "rule", "tier", "category",
                                       "field", "start", "end", "matched", "snippet", "notify",
                                       "retain"])
        text = self.check("--stdin", "--directory", DIRECTORY, input=read(draft).decode(),
                          fmt="text")
        lines = text.splitlines()
        self.assertEqual(lines[0], "draft from zhang.wei@fixture-trade.com (employee, sales), "
                                   "outbound")
        self.assertEqual(lines[-1], "3 findings")
        self.assertIn("  approval  pricing/lowest-price  [body]  黄经理，这是«最 低 价»了，私下给您的。",
                      lines)

    def test_message_file_is_the_same_as_stdin(self):
        draft = path("drafts/quote.eml")
        a = self.check(draft, "--directory", DIRECTORY)
        b = self.check("--stdin", "--directory", DIRECTORY, input=read(draft).decode())
        self.assertEqual(a, b)
        self.assertEqual(len(a), 3)

    def test_from_overrides_the_sender_and_scopes_follow(self):
        draft = path("drafts/quote.eml")
        recs = self.check(draft, "--directory", DIRECTORY, "--from", "Li.Na@fixture-trade.com")
        # li.na is in finance: the sales-only rule does not apply.
        self.assertEqual([o["rule"] for o in recs], ["private-discount"])
        text = self.check(draft, "--directory", DIRECTORY, "--from", "li.na@fixture-trade.com",
                          fmt="text")
        self.assertEqual(text.splitlines()[0],
                         "draft from li.na@fixture-trade.com (employee, finance), outbound")
        # Without a directory nobody has a department and every draft is external.
        recs = self.check(draft)
        self.assertEqual([o["rule"] for o in recs], ["private-discount"])
        text = self.check(draft, fmt="text")
        self.assertEqual(text.splitlines()[0], "draft from zhang.wei@fixture-trade.com, external")

    def test_plain_text(self):
        note = read(path("drafts/note.txt")).decode()
        want_pd = offsets(note, "私下给您")
        want_rb = offsets(note, "rebate")
        # A sales sender, but plain text has no recipients: internal, so the outbound-only
        # lowest-price rule does not apply.
        recs = self.check("--stdin", "--directory", DIRECTORY, "--from",
                          "zhang.wei@fixture-trade.com", input=note)
        self.assertEqual([(o["rule"], o["field"], o["start"], o["end"]) for o in recs],
                         [("private-discount", "body") + want_pd, ("rebate", "body") + want_rb])
        text = self.check("--stdin", "--directory", DIRECTORY, "--from",
                          "zhang.wei@fixture-trade.com", input=note, fmt="text")
        self.assertEqual(text.splitlines()[0],
                         "draft from zhang.wei@fixture-trade.com (employee, sales), internal")
        text = self.check("--stdin", input=note, fmt="text")
        self.assertEqual(text.splitlines()[0], "draft from (unknown sender), external")
        self.assertEqual(text.splitlines()[-1], "2 findings")
        # Nothing found: exit 1.
        self.assertEqual(self.check("--stdin", input="nothing to see\n", code=1), [])
        # Only an allowed phrase: exit 1 by default, 0 with --fail-on allowed.
        self.check("--stdin", input="官网最低价\n", code=1)
        self.check("--stdin", "--fail-on", "allowed", input="官网最低价\n", code=0)

    def test_plain_text_over_1_mib_finds_every_hit_near_the_chunk_boundaries(self):
        # Lines of about 100 bytes; hits in every line within 4 lines of each MiB mark (where
        # the 1 MiB chunks end, at a line break) and at the very end without a final newline.
        mib = 1 << 20
        filler_en = "the quick brown fox jumps over the lazy dog, pack my box with jugs "
        filler_zh = "这是一段很长的中文说明文字价格表已经更新"
        lines, size, marks = [], 0, []
        i = 0
        while size < 3 * mib + 5000:
            line = (filler_en if i % 2 else filler_zh) + str(i)
            lines.append(line)
            size += len((line + "\n").encode())
            i += 1
        text = "\n".join(lines)
        # Insert hits near 1, 2 and 3 MiB: find the line indexes around each mark.
        pos, starts = 0, []
        for line in lines:
            starts.append(pos)
            pos += len((line + "\n").encode())
        for k in (1, 2, 3):
            j = max(n for n, s in enumerate(starts) if s <= k * mib)
            marks.extend(range(j - 4, j + 5))
        for j in marks:
            lines[j] = ("私下给您" if j % 2 else "just between us ") + lines[j] + \
                       (" just between us" if j % 2 else "私下给您")
        lines[-1] += " 私下给您"
        text = "\n".join(lines)
        data = text.encode()
        self.assertGreater(len(data), 3 * mib)
        want = []
        for term in ("私下给您", "just between us"):
            t = term.encode()
            at = data.find(t)
            while at >= 0:
                want.append((at, at + len(t), term))
                at = data.find(t, at + 1)
        want.sort()
        self.assertEqual(len(want), 2 * len(marks) + 1)
        recs = self.check("--stdin", input=text)
        got = sorted((o["start"], o["end"], o["matched"]) for o in recs)
        self.assertEqual(got, want)

    def test_plain_text_offsets_after_a_line_longer_than_1_mib(self):
        # A phrase is not found across a chunk boundary inside a line longer than 1 MiB
        # (mailscope-scan(1)), but offsets still count from the start of the input.
        text = "价格" * 174763 + "私下给您。\n"   # 6 bytes per 价格: the 1 MiB cut splits a 价
        data = text.encode()
        start = data.find("私下给您".encode())
        self.assertGreater(start, 1 << 20)
        recs = self.check("--stdin", input=text)
        self.assertEqual([(o["start"], o["end"], o["matched"]) for o in recs],
                         [(start, start + 12, "私下给您")])

    def test_pre_send_writes_nothing_to_the_case(self):
        case = new_case("scan-cli-presend-case")
        before = snapshot(case)
        self.assertFalse(os.path.exists(os.path.join(case, "cache")))
        draft = path("drafts/quote.eml")
        # With the case's own directory and policy (no --policy, no --directory).
        r = ms("scan", "--stdin", "--format", "json", case=case, input=read(draft).decode(),
               check=0, env=CACHE_ENV)
        self.assertEqual(len(r.json()), 3)
        r = ms("scan", draft, case=case, check=0, env=CACHE_ENV)
        self.assertIn("(employee, sales), outbound", r.out)
        ms("scan", "--stdin", case=case, input="nothing\n", check=1, env=CACHE_ENV)
        self.assertFalse(os.path.exists(os.path.join(case, "cache")))
        self.assertEqual(snapshot(case), before)


if __name__ == "__main__":
    mstest.main()
