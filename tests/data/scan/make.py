#!/usr/bin/env python3
"""Writes the scan fixtures (tests/cli/test_scan_cli.py). Deterministic; run it after a change
and commit the output. `build()` returns {relative path: bytes}.

mailscope.toml   the directory: Shanghai time, Mon-Fri 09:00-18:00, sales and finance, one
                 manager, one customer (mingda-elec.com)
pricing.toml     the policy: lowest-price (approval, sales and outbound only), private-discount
                 (forbidden, notify and retain), published-price (allowed), rebate (approval,
                 notify)
*-only.toml, nothing.toml
                 one tier each, or nothing to find: for the exit codes
broken-policy.toml, bad-directory.toml
                 problems on known lines
examples.toml    worked examples with known precision and recall
mail/NN-*.eml    eight messages, dated inside and outside working hours (some in UTC, where
                 the UTC and the Shanghai day or hour differ), see MAIL below
drafts/          a draft message and a plain-text draft for the pre-send check
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

Z = "zhang.wei@fixture-trade.com"   # sales
S = "sun.qiang@fixture-trade.com"   # sales manager
L = "li.na@fixture-trade.com"       # finance
B = "huang.jianguo@mingda-elec.com" # the customer
Q = "li.xia@qq.com"                 # a private address

# name, From, To, Date, Subject, body
MAIL = [
    ("01-quote", f"张伟 <{Z}>", B, "Tue, 18 Mar 2025 10:15:00 +0800", "Quote",
     "黄经理您好，这绝对是最低价了。官网最低价是179元。"),
    ("02-internal", Z, S, "Tue, 18 Mar 2025 11:00:00 +0800", "Internal",
     "客户想要最低价，rebate 按合同办。"),
    ("03-private", Z, B, "Wed, 19 Mar 2025 14:00:00 +0800", "Offer",
     "我私下给您再便宜一点，just between us."),
    # Saturday evening, employee to a private address: personal.
    ("04-personal", L, Q, "Sat, 15 Mar 2025 21:30:00 +0800", "Weekend",
     "周末去看看最低价的冰箱，私下给您说个事。"),
    # Saturday evening, but to the customer: not personal.
    ("05-evening-customer", Z, B, "Sat, 15 Mar 2025 22:00:00 +0800", "Saturday",
     "返点的事明天说。"),
    # 04:30 UTC is 12:30 in Shanghai: working hours, not personal.
    ("06-lunch-utc", L, Q, "Tue, 18 Mar 2025 04:30:00 +0000", "Lunch",
     "私下给您发个红包。"),
    ("07-clean", S, Z, "Tue, 18 Mar 2025 09:30:00 +0800", "Meeting",
     "会议改到明天。"),
    # 11:00 UTC on a Monday is 19:00 in Shanghai: after hours, personal.
    ("08-evening-utc", L, Q, "Mon, 17 Mar 2025 11:00:00 +0000", "Evening",
     "私下给您说个事。"),
]


def eml(name, frm, to, date, subject, body):
    h = [f"From: {frm}", f"To: {to}", f"Subject: {subject}", f"Date: {date}",
         f"Message-ID: <{name}@fixture-trade.com>", "MIME-Version: 1.0",
         "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
    return ("\n".join(h) + "\n\n" + body + "\n").encode()


FILES = {
    'mailscope.toml': """\
# Directory of the scan fixtures (tests/cli/test_scan_cli.py): a small trading company in
# Shenzhen. Mail under mail/ is dated inside and outside these working hours.
[organisation]
name = "Fixture Trading"
work_domains = ["fixture-trade.com"]
time_zone = "Asia/Shanghai"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "18:00"

[[department]]
id = "sales"
name = "销售部"

[[department]]
id = "finance"
name = "财务部"

[[person]]
email = "zhang.wei@fixture-trade.com"
name = "张伟"
department = "sales"

[[person]]
email = "sun.qiang@fixture-trade.com"
name = "孙强"
department = "sales"
role = "manager"

[[person]]
email = "li.na@fixture-trade.com"
name = "李娜"
department = "finance"

[[person]]
email = "zhao.min@fixture-trade.com"
role = "compliance"

[[customer]]
name = "Mingda Electronics"
domains = ["mingda-elec.com"]
starred_by = ["zhang.wei@fixture-trade.com"]
""",
    'pricing.toml': """\
# Policy of the scan fixtures (tests/cli/test_scan_cli.py).
[policy]
id = "pricing"
name = "Pricing promises"

[[rule]]
id = "lowest-price"
tier = "approval"
category = "pricing"
terms = ["最低价", "lowest price"]
scope = { departments = ["sales"], direction = ["outbound"] }

[[rule]]
id = "private-discount"
tier = "forbidden"
category = "pricing"
terms = ["私下给您", "just between us"]
actions = ["notify", "retain"]

[[rule]]
id = "published-price"
tier = "allowed"
category = "pricing"
terms = ["官网最低价"]

[[rule]]
id = "rebate"
tier = "approval"
category = "payments"
terms = ["返点", "rebate"]
actions = ["notify"]
""",
    'allowed-only.toml': """\
# Only an allowed rule: a scan finds something, but nothing at approval or above.
[policy]
id = "allowed-only"

[[rule]]
id = "published-price"
tier = "allowed"
terms = ["官网最低价"]
""",
    'approval-only.toml': """\
# Only an approval rule.
[policy]
id = "approval-only"

[[rule]]
id = "rebate"
tier = "approval"
terms = ["返点", "rebate"]
""",
    'forbidden-only.toml': """\
# Only a forbidden rule.
[policy]
id = "forbidden-only"

[[rule]]
id = "private-discount"
tier = "forbidden"
terms = ["私下给您"]
""",
    'nothing.toml': """\
# A rule that no fixture message matches.
[policy]
id = "nothing"

[[rule]]
id = "never"
tier = "forbidden"
terms = ["this phrase is in no fixture message"]
""",
    'broken-policy.toml': """\
# A policy with three problems (tests/cli/test_scan_cli.py checks their lines).
[policy]
id = "broken"

[[rule]]
id = "a"
tier = "mandatory"
terms = ["x"]

[[rule]]
id = "b"
tier = "approval"
termz = ["y"]
""",
    'bad-directory.toml': """\
# A directory with four problems (tests/cli/test_scan_cli.py checks their lines).
[organisation]
work_domains = ["fixture-trade.com"]
time_zone = "Asia/Shanghia"

[working_hours]
start = "9:00"

[[person]]
email = "a@fixture-trade.com"
role = "boss"

[[person]]
email = "b@fixture-trade.com"
department = "marketing"
""",
    'examples.toml': """\
# Worked examples with known scores (tests/cli/test_scan_cli.py):
#   cash:   1 true positive, 1 false positive ("cashed": an inflection of the word), 1 false
#           negative -> 0.50 / 0.50; "cashback" is another word and counts for nothing
#   refund: 2 true positives -> 1.00 / 1.00
#   wire:   never expected, never found -> - / -
#   sales-only: scoped to sales, so only the example with a sales sender finds it
[policy]
id = "examples"

[[rule]]
id = "cash"
tier = "forbidden"
terms = ["cash"]

[[rule]]
id = "refund"
tier = "approval"
terms = ["refund"]

[[rule]]
id = "wire"
tier = "approval"
terms = ["wire transfer"]

[[rule]]
id = "sales-only"
tier = "approval"
terms = ["deal"]
scope = { departments = ["sales"] }

[[example]]
text = "pay me in cash"
expect = ["cash"]

[[example]]
text = "we cashed the cheque"
expect = []

[[example]]
text = "send the money"
expect = ["cash"]

[[example]]
text = "we offer cashback"
expect = []

[[example]]
text = "a refund, another refund"
expect = ["refund"]

[[example]]
text = "refund the money"
expect = ["refund"]

[[example]]
text = "a deal"
from = "zhang.wei@fixture-trade.com"
to = ["huang.jianguo@mingda-elec.com"]
expect = ["sales-only"]

[[example]]
text = "a deal"
from = "li.na@fixture-trade.com"
expect = []
""",
    'drafts/quote.eml': """\
From: zhang.wei@fixture-trade.com
To: huang.jianguo@mingda-elec.com
Cc: sun.qiang@fixture-trade.com
Subject: lowest price offer
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

黄经理，这是最 低 价了，私下给您的。
""",
    'drafts/note.txt': """\
这个价格私下给您，是最低价。
The rebate goes to you.
""",
}


def build():
    out = {rel: text.encode() for rel, text in FILES.items()}
    for m in MAIL:
        out[f"mail/{m[0]}.eml"] = eml(*m)
    return out


def main():
    files = build()
    for rel, data in files.items():
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print("wrote %d files under %s" % (len(files), HERE), file=sys.stderr)


if __name__ == "__main__":
    main()
