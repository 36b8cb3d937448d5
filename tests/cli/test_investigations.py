"""The scripted investigations of examples/investigations/, run against the real binary in a
scratch folder. Each report is checked against examples/demo/SCENARIOS.md: the Message-IDs of
each scenario (parsed from its appendix), the counts it gives, and the files the scripts export
(read back with Python's mailbox and email packages).
"""
import email
import email.policy
import mailbox
import os
import re
import subprocess
import unittest

import mstest
from mstest import DEMO, SOURCE

SCENARIOS = os.path.join(os.path.dirname(DEMO), "SCENARIOS.md")
SCRIPTS = os.path.join(SOURCE, "examples", "investigations")


def scenario_keys():
    """Key -> Message-ID from the tables of SCENARIOS.md."""
    with open(SCENARIOS, encoding="utf-8") as f:
        text = f.read()
    keys = {}
    for m in re.finditer(r"^\| (\w+) \| [^|]* \| [^|]* \| [^|]* \| `<([^`]+)>` \|", text, re.M):
        keys.setdefault(m.group(1), m.group(2))
    return keys


KEYS = scenario_keys()


def run(script, name, *args):
    """Runs one investigation in a fresh scratch folder: (work folder, stdout)."""
    mstest.require_binary()
    work = mstest.scratch("investigation-" + name)
    proc = subprocess.run(["sh", os.path.join(SCRIPTS, script), mstest.BIN, work, *args],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise AssertionError(f"{script} exited {proc.returncode}\nstdout:\n{proc.stdout[-3000:]}"
                             f"\nstderr:\n{proc.stderr[-3000:]}")
    return work, proc.stdout


def section(report, header):
    """The lines from the one starting with `header` up to the next unindented line."""
    lines = report.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(header):
            out = [line]
            for nxt in lines[i + 1:]:
                if not nxt.startswith(" "):
                    break
                out.append(nxt)
            return out
    raise AssertionError(f"no line starting with {header!r} in:\n{report}")


def mids(lines):
    """Message-IDs written as <...> in the lines, in order."""
    return [m for line in lines for m in re.findall(r"<([^<>\s]+@[^<>\s]+)>", line)]


def keys(*ks):
    return [KEYS[k] for k in ks]


class PersonalAccountTransfers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work, cls.report = run("personal-account-transfers.sh", "personal-account")

    def test_the_request(self):
        # §3: P1, 张伟 asks 明达 to pay into his personal account.
        lines = section(self.report, "requests:")
        self.assertEqual(lines[0], "requests: 1")
        self.assertEqual(mids(lines), keys("P1"))
        self.assertIn("zhang.wei@haina-trade.com -> huang.jianguo@mingda-elec.com", lines[1])
        self.assertIn("«我个人账户»", "\n".join(lines))

    def test_the_related_mail(self):
        # §3: the other "个人账户" hits (P2, L08-L11, P3, P4, and L15 and X3), oldest first.
        lines = section(self.report, "related:")
        self.assertEqual(lines[0], "related: 9")
        self.assertEqual(mids(lines), keys("P2", "L08", "L09", "L10", "L11", "P3", "P4", "X3",
                                           "L15"))

    def test_the_forbidden_flag_sets_the_exit_code(self):
        self.assertIn("forbidden flags in the case: yes", self.report)

    def test_the_evidence_mbox(self):
        path = os.path.join(self.work, "evidence.mbox")
        self.assertIn(f"evidence: {path} (10 messages)", self.report)
        box = mailbox.mbox(path, create=False)
        try:
            got = sorted(m["Message-ID"].strip().strip("<>") for m in box)
        finally:
            box.close()
        self.assertEqual(got, sorted(keys("P1", "P2", "L08", "L09", "L10", "L11", "P3", "P4",
                                          "X3", "L15")))

    def test_the_json_it_worked_from(self):
        for name in ("requests.jsonl", "related.jsonl", "messages.jsonl"):
            self.assertTrue(os.path.getsize(os.path.join(self.work, name)) > 0, name)


class PrivateDiscounts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work, cls.report = run("private-discounts.sh", "private-discounts")

    def customer(self, domain):
        lines = self.report.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("  ") and not line.startswith("   ") and f"[{domain}]" in line:
                out = [line]
                for nxt in lines[i + 1:]:
                    if not nxt.startswith("    "):
                        break
                    out.append(nxt)
                return out
        raise AssertionError(f"no customer {domain} in:\n{self.report}")

    def test_customers_affected(self):
        # §1: the Chinese mail went to 深圳明达电子, the English one to Global Gadgets.
        self.assertIn("customers affected: 2", self.report)
        self.assertIn("flagged: 4", self.report)

    def test_mingda(self):
        lines = self.customer("mingda-elec.com")
        self.assertIn("2 messages", lines[0])
        # Z05 (15% below the official price) and the customer's acceptance Z06; P1 (the
        # balance minus the private 15%, "不要通过邮件跟我们财务确认") and the reply P2.
        self.assertEqual(mids(lines), keys("Z05", "Z06", "P1", "P2"))
        z05 = next(l for l in lines if KEYS["Z05"] in l)
        for rule in ("private-discount", "lowest-price", "secrecy", "disguised-rebate"):
            self.assertIn(rule, z05)
        self.assertTrue(next(l for l in lines if KEYS["Z06"] in l).strip().startswith("reply"))

    def test_global_gadgets(self):
        lines = self.customer("globalgadgets.com")
        self.assertIn("2 messages", lines[0])
        # Z09 ("15% below list price, just between us"), accepted in Z10; Z28 ("let's not
        # discuss the discount by email"). Z27 comes before Z28, so it is no reply to it.
        self.assertEqual(mids(lines), keys("Z09", "Z10", "Z28"))
        self.assertIn("private-discount", next(l for l in lines if KEYS["Z09"] in l))
        self.assertIn("secrecy", next(l for l in lines if KEYS["Z28"] in l))

    def test_exported_texts(self):
        path = os.path.join(self.work, "private-discounts.txt")
        self.assertIn(f"texts: {path}", self.report)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("我私下给您比官网价低15%", text)
        self.assertIn("just between us", text)
        self.assertIn("请把货款转到我个人账户", text)

    def test_another_salesperson(self):
        # §2: 王芳 asks Nordic Home to keep the 90-day payment term "between us" (N3, reply N4).
        _, report = run("private-discounts.sh", "private-discounts-wang-fang",
                        "wang.fang@haina-trade.com")
        self.assertIn("customers affected: 1", report)
        self.assertIn("[nordichome.se]", report)
        self.assertEqual(mids(report.splitlines()), keys("N3", "N4"))


class DepartingConsultant(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work, cls.report = run("departing-consultant.sh", "departing-consultant")

    # §7: the flagged messages per customer folder.
    STARRED = {
        "mingda-elec.com": ["M1", "M2", "DUP", "M3", "M4"],
        "nordichome.se": ["N1", "N2", "N3", "N5"],
        "rongjin-home.com": ["R1", "R2", "R3"],
    }

    def test_starred_per_customer(self):
        self.assertIn("starred messages: 12", self.report)
        listed = mids(section(self.report, "starred messages:"))
        self.assertEqual(sorted(listed), sorted(keys(*sum(self.STARRED.values(), []))))
        self.assertIn("Shenzhen Mingda Electronics Co., Ltd.: 5 starred", self.report)
        self.assertIn("Nordic Home AB: 4 starred", self.report)
        self.assertIn("Chengdu Rongjin Home Furnishing Co., Ltd.: 3 starred", self.report)

    def test_exported_eml_folders(self):
        for domain, ks in self.STARRED.items():
            folder = os.path.join(self.work, "handover", domain)
            self.assertIn(f"exported: {folder} ({len(ks)} .eml)", self.report)
            got = []
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), "rb") as f:
                    msg = email.message_from_binary_file(f, policy=email.policy.compat32)
                got.append(msg["Message-ID"].strip().strip("<>"))
            self.assertEqual(sorted(got), sorted(keys(*ks)), domain)

    def test_unread_customer_mail_after_the_last_day(self):
        # §7: CW1 and CW2 arrived after 2025-06-13 and are still in new/.
        lines = section(self.report, "unread customer mail after the last day:")
        self.assertEqual(lines[0], "unread customer mail after the last day: 2")
        self.assertEqual(mids(lines), keys("CW1", "CW2"))

    def test_forward_to_private_gmail(self):
        # §8: CT4 forwards the Mingda proposal to chenjing.grace@gmail.com at 21:52.
        lines = section(self.report, "sent to private addresses:")
        self.assertEqual(lines[0], "sent to private addresses: 1")
        self.assertEqual(mids(lines), keys("CT4"))
        self.assertIn("chenjing.grace@gmail.com", lines[1])
        self.assertIn("has attachments", lines[1])
        self.assertIn("after hours", lines[1])


class PresendCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work, cls.report = run("presend-check.sh", "presend")

    def verdicts(self):
        out = {}
        for line in self.report.splitlines():
            m = re.match(r"(HOLD|OK|ERROR)\s+(\S+\.eml)\s", line)
            if m:
                out[m.group(2)] = m.group(1)
        return out

    def test_verdicts(self):
        self.assertEqual(self.verdicts(), {
            "01-zhang.wei-mingda-lowest-price.eml": "HOLD",
            "02-wang.fang-mingda-standard-quote.eml": "OK",
            "03-emily.carter-globalgadgets-warranty.eml": "HOLD",
            "04-emily.carter-nordichome-warranty-terms.eml": "OK",
        })
        self.assertIn("held: 2 of 4", self.report)

    def test_findings_are_kept(self):
        path = os.path.join(self.work, "presend", "01-zhang.wei-mingda-lowest-price.jsonl")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('"rule":"lowest-price"', text)
        self.assertIn("sales-zh/lowest-price", self.report)
        self.assertIn("allowed english/warranty-clarification", self.report)

    def test_an_unreadable_draft_is_an_error(self):
        mstest.require_binary()
        work = mstest.scratch("investigation-presend-error")
        proc = subprocess.run(["sh", os.path.join(SCRIPTS, "presend-check.sh"), mstest.BIN, work,
                               os.path.join(work, "missing.eml")],
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn("ERROR  missing.eml", proc.stdout)


class Usage(unittest.TestCase):
    def test_missing_arguments(self):
        for script in ("personal-account-transfers.sh", "private-discounts.sh",
                       "departing-consultant.sh", "presend-check.sh"):
            proc = subprocess.run(["sh", os.path.join(SCRIPTS, script)], capture_output=True,
                                  text=True, timeout=60)
            self.assertEqual(proc.returncode, 2, script)
            self.assertIn("usage:", proc.stderr, script)


if __name__ == "__main__":
    mstest.main()
