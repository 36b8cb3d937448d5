"""The demo case checked against its phrase libraries, as examples/demo/run.sh does: the
directory (examples/demo/mailscope.toml), the three policies (examples/policies/*.toml), a scan
of the whole case, the flags, and pre-send checks of drafts.

Expectations come from examples/demo/SCENARIOS.md, not from mailscope's output:
  * its appendix gives each message's key and Message-ID (parsed below);
  * its scenarios say which mail breaks which company rule (§1 private discount, §2 bent
    contract clause, §3 personal account, §9 lifetime warranty), which mail is a compliance
    notice or a customer's question, and which mail is personal (§6, §8);
  * the "个人账户" hits of §3 are the mail the finance library records as related evidence.
"""
import os
import re
import subprocess
import unittest

import mstest
from mstest import AS_OWNER, DEMO, SOURCE, ms

# The demo directory makes roles apply: scans and searches act as its compliance officer.
mstest.ACT_AS = "zhao.min@haina-trade.com"

SCENARIOS = os.path.join(os.path.dirname(DEMO), "SCENARIOS.md")
DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
POLICIES = [os.path.join(POLICY_DIR, p) for p in ("sales-zh.toml", "finance-zh.toml",
                                                  "english.toml")]
DRAFTS = os.path.join(SOURCE, "examples", "demo", "drafts")


def scenario_keys():
    """Key -> Message-ID from the tables of SCENARIOS.md."""
    with open(SCENARIOS, encoding="utf-8") as f:
        text = f.read()
    keys = {}
    for m in re.finditer(r"^\| (\w+) \| [^|]* \| [^|]* \| [^|]* \| `<([^`]+)>` \|", text, re.M):
        keys.setdefault(m.group(1), m.group(2))
    return keys


# --- Expectations from SCENARIOS.md -----------------------------------------------------------

# Mail that breaks a company rule -> the rules (of tier approval or forbidden) it must be
# flagged with, and no others. Rule ids are shared by the Chinese and English libraries.
VIOLATIONS = {
    # §1: "我私下给您比官网价低15%…别告诉别人", the difference paid as a "市场推广费" rebate,
    # "这绝对是最低价了", and "请不要抄送我们公司其他同事".
    "Z05": {"private-discount", "lowest-price", "secrecy", "disguised-rebate"},
    # §1: "15% below list price, just between us … Please don't mention the discount to my
    # colleagues"; the PO shows the list price and the difference is settled on the side.
    "Z09": {"private-discount", "secrecy", "off-book-settlement"},
    # §1: "Please let's not discuss the discount by email".
    "Z28": {"secrecy"},
    # §2: "这个条款我们可以通融一下 … 逾期违约金我们也不会真的去追。合同文本就不改了".
    "Z19": {"contract-flexibility"},
    # §2: "we can be flexible on the payment term clause … let's just keep this between us".
    "N3": {"contract-flexibility", "secrecy"},
    # §3: "请把货款转到我个人账户" because the company account is "being changed", and
    # "请不要通过邮件跟我们财务确认".
    "P1": {"personal-account-payment", "account-change", "secrecy"},
    # §9: "我们的产品可以给您终身保修 … 这是我个人给您的承诺".
    "Z14": {"lifetime-warranty"},
}
FORBIDDEN_RULES = {"personal-account-payment", "disguised-rebate", "off-book-settlement",
                   "kickback"}

# Compliance notices (X3 reminder, P3 summons, CI5 information-security reminder) and
# customers' questions or replies: never a violation.
COMPLIANCE_NOTICES = ["X3", "P3", "CI5"]
CUSTOMER_MAIL = ["Z04", "Z06", "Z10", "Z15", "Z20", "Z23", "Z27", "Z35", "E06", "E08", "R3",
                 "N4", "N5", "L06", "L08", "L12", "M3", "P2", "CW1", "CW2"]
# Internal mail that quotes or discusses the violations (manager, finance, handover).
INTERNAL_DISCUSSION = ["ST1", "ST2", "ST3", "Z16", "Z33", "L07", "L09", "L10", "L15", "L16",
                       "CT5", "CI4", "P4"]

# §6 and §8: personal mail after hours (one company party, private webmail, outside 09-18).
# CT4 is not among them: 陈静 forwards a customer proposal to her own gmail, which the
# directory lists as hers (`also`), so it is her, not an outside party, and the mail is checked.
PERSONAL = ["Z30", "Z31", "L13", "L14", "X4", "Z37"]

# §3: the "个人账户" hits other than P1 itself: evidence recorded (tier allowed) and retained.
PERSONAL_ACCOUNT_EVIDENCE = ["P2", "P3", "P4", "L08", "L09", "L10", "L11", "L15", "X3"]


def scanned_count(out):
    m = re.search(r"scanned (\d+) messages", out)
    if not m:
        raise AssertionError("no 'scanned N messages' in:\n" + out)
    return int(m.group(1))


def import_demo(case, sources=("zhang.wei", "chen.jing", "li.na", "support")):
    """The imports of examples/demo/run.sh (a subset when `sources` says so)."""
    args = {
        "zhang.wei": [os.path.join(DEMO, "zhang.wei.mbox")],
        "chen.jing": [os.path.join(DEMO, "chen.jing")],
        "li.na": [os.path.join(DEMO, "li.na")],
        "support": [os.path.join(DEMO, "support-eml"), os.path.join(DEMO, "misc")],
    }
    for custodian in sources:
        mstest.import_ok(case, "--custodian", custodian, *args[custodian])


def configure(case, policies=POLICIES):
    ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
    ms("policy", "add", *policies, case=case, check=0)


def finding_key(flag, mid_of):
    return (mid_of[flag["message"]], flag["policy"], flag["rule"], flag["field"], flag["start"])


class DemoScan(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = mstest.scratch("demo-scan")
        cls.case = os.path.join(cls.work, "case")
        import_demo(cls.case)
        configure(cls.case)
        cls.first = ms("scan", case=cls.case)
        cls.key_mid = scenario_keys()
        cls.mid_key = {v: k for k, v in cls.key_mid.items()}
        cls.records = mstest.all_messages(cls.case)
        cls.id_of = {r["message_id"]: i for i, r in cls.records.items()}
        cls.mid_of = {i: r["message_id"] for i, r in cls.records.items()}
        cls.flags = ms("flags", "--format", "json", case=cls.case, check=0).json()

    # helpers
    def key(self, case_id):
        return self.mid_key[self.mid_of[case_id]]

    def flags_of(self, key, violations_only=False):
        mid = self.key_mid[key]
        return [f for f in self.flags if self.mid_of[f["message"]] == mid and
                (not violations_only or f["tier"] != "allowed")]

    def rules_of(self, key, violations_only=True):
        return {f["rule"] for f in self.flags_of(key, violations_only)}

    # the directory and the libraries
    def test_org_check(self):
        r = ms("org", "check", DIRECTORY, check=0)
        self.assertIn("15 people", r.out)
        self.assertIn("6 customers", r.out)
        self.assertIn("Asia/Shanghai", r.out)

    def test_policy_test_passes_with_full_precision_and_recall(self):
        for p in POLICIES:
            r = ms("policy", "test", "--directory", DIRECTORY, p, "--format", "json", check=0)
            self.assertNotIn("FAIL", r.err, p)
            rows = r.json()
            self.assertTrue(rows, p)
            for r in rows:
                self.assertEqual((r["precision"], r["recall"]), (1.0, 1.0), (p, r))
                self.assertGreaterEqual(r["examples"], 3, (p, r["rule"]))

    def test_policy_test_of_the_case_uses_its_directory(self):
        r = ms("policy", "test", case=self.case, check=0)
        self.assertEqual(r.out.count("all as expected"), 3, r.out)

    def test_policy_test_fails_on_a_wrong_example(self):
        with open(POLICIES[0], encoding="utf-8") as f:
            text = f.read()
        bad = os.path.join(self.work, "bad.toml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text + '\n[[example]]\ntext = "这是最低价。"\nexpect = []\n')
        r = ms("policy", "test", bad, check=1)
        self.assertIn("FAIL", r.out)

    # the first scan
    def test_first_scan(self):
        self.assertEqual(self.first.code, 0, self.first)  # flags of tier approval and above
        self.assertEqual(scanned_count(self.first.out), 109)
        self.assertIn("(6 personal", self.first.out)

    def test_each_violation_has_the_expected_rules(self):
        for key, rules in VIOLATIONS.items():
            self.assertEqual(self.rules_of(key), rules, key)

    def test_no_other_mail_is_flagged_as_a_violation(self):
        flagged = {self.key(f["message"]) for f in self.flags if f["tier"] != "allowed"}
        self.assertEqual(flagged, set(VIOLATIONS))

    def test_tiers_and_statuses(self):
        for f in self.flags:
            if f["tier"] == "allowed":
                self.assertEqual(f["status"], "allowed", f)
                continue
            self.assertEqual(f["status"], "open", f)
            want = "forbidden" if f["rule"] in FORBIDDEN_RULES else "approval"
            self.assertEqual(f["tier"], want, f)

    def test_forbidden_flags_notify_compliance(self):
        forbidden = [f for f in self.flags if f["tier"] == "forbidden"]
        self.assertTrue(forbidden)
        for f in forbidden:
            self.assertTrue(f["notified"], f)

    def test_personal_account_request_is_forbidden(self):
        flags = [f for f in self.flags_of("P1") if f["rule"] == "personal-account-payment"]
        self.assertEqual(len(flags), 1)
        self.assertEqual(flags[0]["tier"], "forbidden")
        self.assertEqual(flags[0]["matched"], "我个人账户")

    def test_compliance_notices_are_no_violation(self):
        for key in COMPLIANCE_NOTICES:
            self.assertEqual(self.rules_of(key), set(), key)

    def test_customer_questions_are_no_violation(self):
        for key in CUSTOMER_MAIL:
            self.assertEqual(self.rules_of(key), set(), key)

    def test_internal_discussion_is_no_violation(self):
        for key in INTERNAL_DISCUSSION:
            self.assertEqual(self.rules_of(key), set(), key)

    def test_personal_mail_is_not_scanned(self):
        for key in PERSONAL:
            self.assertEqual(self.flags_of(key), [], key)

    def test_personal_account_evidence_is_recorded_and_retained(self):
        mention = {self.key(f["message"]) for f in self.flags
                   if f["rule"] == "personal-account-mention"}
        self.assertEqual(mention, set(PERSONAL_ACCOUNT_EVIDENCE))
        for f in self.flags:
            if f["rule"] == "personal-account-mention":
                self.assertEqual(f["tier"], "allowed")
        # The message is retained (one flag of the message records it).
        retained = {self.key(f["message"]) for f in self.flags if f["retained"]}
        self.assertLessEqual(set(PERSONAL_ACCOUNT_EVIDENCE) | {"P1"}, retained)

    def test_support_denying_the_lifetime_warranty_is_allowed(self):
        # §9: E07 (support) writes "“终身保修”不是我司的标准政策": an allowed clarification.
        self.assertEqual(self.rules_of("E07", violations_only=False), {"warranty-clarification"})
        clar = {self.key(f["message"]) for f in self.flags if f["rule"] == "warranty-clarification"}
        self.assertEqual(clar, {"E07"})

    def test_flags_filters(self):
        r = ms("flags", "--status", "open", "--format", "json", case=self.case, check=0)
        self.assertEqual({f["status"] for f in r.json()}, {"open"})
        r = ms("flags", "--rule", "secrecy", "--format", "json", case=self.case, check=0)
        self.assertEqual({self.key(f["message"]) for f in r.json()},
                         {k for k, rules in VIOLATIONS.items() if "secrecy" in rules})
        self.assertEqual({f["policy"] for f in r.json()}, {"sales-zh", "english"})
        r = ms("flags", "--tier", "forbidden", "--format", "json", case=self.case, check=0)
        self.assertEqual({self.key(f["message"]) for f in r.json()}, {"Z05", "Z09", "P1"})
        ms("flags", "--rule", "kickback", case=self.case, check=1)

    # repeated and incremental scans
    def test_scan_again_is_idempotent(self):
        again = ms("scan", case=self.case, check=0)
        self.assertEqual(scanned_count(again.out), 0)
        self.assertIn("0 new flags", again.out)
        after = ms("flags", "--format", "json", case=self.case, check=0).json()
        self.assertEqual(after, self.flags)

    def test_fail_on(self):
        ms("scan", "--fail-on", "forbidden", case=self.case, check=0)
        ms("scan", "--fail-on", "approval", case=self.case, check=0)

    def test_incremental_scan_of_a_new_mailbox(self):
        case = os.path.join(mstest.scratch("demo-scan-incremental"), "case")
        import_demo(case, ("zhang.wei", "chen.jing", "li.na"))
        configure(case)
        first = ms("scan", case=case, check=0)
        # 49 + 24 new (one of chen.jing's 25 is the duplicate) + 17 (SCENARIOS.md, Layout).
        self.assertEqual(scanned_count(first.out), 49 + 24 + 17)
        import_demo(case, ("support",))
        second = ms("scan", case=case, check=0)
        self.assertEqual(scanned_count(second.out), 14 + 5)
        self.assertIn("109 messages scanned with this version", second.out)
        records = mstest.all_messages(case)
        mid_of = {i: r["message_id"] for i, r in records.items()}
        got = sorted(finding_key(f, mid_of) for f in
                     ms("flags", "--format", "json", case=case, check=0).json())
        want = sorted(finding_key(f, self.mid_of) for f in self.flags)
        self.assertEqual(got, want)

    def test_nothing_found_exits_1(self):
        work = mstest.scratch("demo-scan-nothing")
        case = os.path.join(work, "case")
        import_demo(case, ("support",))
        ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
        nothing = os.path.join(work, "nothing.toml")
        with open(nothing, "w", encoding="utf-8") as f:
            f.write('[policy]\nid = "nothing"\n\n[[rule]]\nid = "never"\ntier = "forbidden"\n'
                    'terms = ["量子纠缠保修"]\n')
        ms("policy", "add", nothing, case=case, check=0)
        r = ms("scan", "--fail-on", "forbidden", case=case, check=1)
        self.assertEqual(scanned_count(r.out), 19)
        self.assertIn("no flags", r.out)
        ms("flags", case=case, check=1)

    def test_fail_on_forbidden_without_forbidden_rules_exits_1(self):
        # sales-zh has approval and allowed rules only.
        case = os.path.join(mstest.scratch("demo-scan-sales-only"), "case")
        import_demo(case, ("zhang.wei",))
        configure(case, [POLICIES[0]])
        ms("scan", "--fail-on", "forbidden", case=case, check=1)
        ms("scan", "--fail-on", "approval", case=case, check=0)

    def test_rescan_after_a_policy_change(self):
        # A changed policy is a new rule-set version: every message is scanned again, and the
        # old version's unreviewed flags, notified ones included, give way to the new ones.
        # (Binaries of 8c7d2b1 failed here: "SQLite: FOREIGN KEY constraint failed (in: DELETE
        # FROM flags ...)", the notifications table still pointing at the old flags.)
        work = mstest.scratch("demo-scan-policy-change")
        case = os.path.join(work, "case")
        import_demo(case, ("zhang.wei",))
        configure(case)
        ms("scan", case=case, check=0)
        changed = os.path.join(work, "sales-zh.toml")
        with open(POLICIES[0], encoding="utf-8") as f:
            text = f.read()
        with open(changed, "w", encoding="utf-8") as f:
            f.write(text + "\n# changed\n")
        before = ms("flags", "--format", "json", case=case, check=0).json()
        ms("policy", "add", changed, case=case, check=0)
        r = ms("scan", case=case, check=0)
        self.assertEqual(scanned_count(r.out), 49)
        after = ms("flags", "--format", "json", case=case, check=0).json()
        strip = lambda fs: sorted((f["message"], f["policy"], f["rule"], f["field"], f["start"])
                                  for f in fs)
        self.assertEqual(strip(after), strip(before))
        self.assertEqual(len({f["version"] for f in after}), 1)

    # pre-send checks of drafts
    def draft(self, name, check):
        r = ms("scan", "--fail-on", "approval", "--format", "json", os.path.join(DRAFTS, name),
               case=self.case, check=check)
        return {(f["tier"], f["rule"]) for f in r.json()}

    def test_draft_promising_the_lowest_price_is_held(self):
        found = self.draft("01-zhang.wei-mingda-lowest-price.eml", 0)
        self.assertIn(("approval", "lowest-price"), found)
        self.assertIn(("approval", "private-discount"), found)
        self.assertIn(("approval", "secrecy"), found)

    def test_clean_draft_exits_1(self):
        self.assertEqual(self.draft("02-wang.fang-mingda-standard-quote.eml", 1), set())

    def test_english_warranty_draft_is_held(self):
        self.assertEqual(self.draft("03-emily.carter-globalgadgets-warranty.eml", 0),
                         {("approval", "lifetime-warranty")})

    def test_allowed_finding_does_not_hold_a_draft(self):
        self.assertEqual(self.draft("04-emily.carter-nordichome-warranty-terms.eml", 1),
                         {("allowed", "warranty-clarification")})

    def test_draft_check_writes_nothing(self):
        before = ms("flags", "--format", "json", case=self.case, check=0).json()
        self.draft("01-zhang.wei-mingda-lowest-price.eml", 0)
        self.assertEqual(ms("flags", "--format", "json", case=self.case, check=0).json(), before)

    def test_traditional_chinese_draft(self):
        # §9: the Taiwan customer writes Traditional Chinese; a promise written back in
        # Traditional characters (終身保修, 最低價) is folded to Simplified and still found.
        path = os.path.join(self.work, "traditional.eml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("From: zhang.wei@haina-trade.com\nTo: lin.zhiming@dingtai.com.tw\n"
                    "Subject: SP-10\nMIME-Version: 1.0\n"
                    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
                    "林經理：SP-10 我們提供終身保修，這是最低價。\n")
        r = ms("scan", "--format", "json", path, case=self.case, check=0)
        self.assertEqual({f["rule"] for f in r.json()}, {"lifetime-warranty", "lowest-price"})

    def test_the_same_draft_to_a_colleague_is_not_checked(self):
        # The sales rules cover mail to customers (outbound), not internal mail.
        path = os.path.join(self.work, "internal.eml")
        with open(os.path.join(DRAFTS, "01-zhang.wei-mingda-lowest-price.eml"),
                  encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"(?m)^To: .*$", "To: sun.qiang@haina-trade.com", text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        r = ms("scan", "--format", "json", "--fail-on", "approval", path, case=self.case)
        # Only the finance library (anyone, any direction) may still speak.
        self.assertEqual({f["policy"] for f in r.json()} - {"finance-zh"}, set(), r)

    # examples/demo/run.sh (what `make demo` runs)
    def test_run_sh(self):
        build = mstest.scratch("demo-scan-run-sh")
        os.makedirs(os.path.join(build, "bin"))
        os.symlink(os.path.abspath(mstest.BIN), os.path.join(build, "bin", "mailscope"))
        proc = subprocess.run(["sh", os.path.join(SOURCE, "examples", "demo", "run.sh"), build],
                              capture_output=True, text=True, timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:] + proc.stderr[-3000:])
        out = proc.stdout
        self.assertEqual(out.count("all as expected"), 3, out[-3000:])
        self.assertIn("scanned 109 messages", out)
        self.assertIn("-> exit 0: hold this draft", out)
        self.assertIn("personal-account-payment", out)
        # The privacy section: the manager's view masks the card, phone and ID number of the
        # personal-account message (P1 in SCENARIOS.md); compliance sees them; raw is refused.
        manager = out.split("-- mailscope show --as 孙强 ", 1)[1].split("-- mailscope show --as 赵敏", 1)[0]
        compliance = out.split("-- mailscope show --as 赵敏 ", 1)[1].split("-- mailscope show --as 孙强 --raw", 1)[0]
        for raw in ("6225 8801 2345 6783", "13812345678", "44030519880315123X"):
            self.assertNotIn(raw, manager)
            self.assertIn(raw, compliance)
        self.assertIn("卡号：6225 88** **** 6783", manager)
        self.assertIn("refused (exit 4)", out)
        self.assertRegex(out, r"audit trail intact: \d+ records")
        self.assertRegex(out, r"\(manager\)  unlock \d+  reason: 客户投诉核实")


if __name__ == "__main__":
    mstest.main()
