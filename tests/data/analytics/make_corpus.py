#!/usr/bin/env python3
"""Writes the communication-analytics fixture (tests/cli/test_analytics.py): 47 messages of a
small trading company, Acme Trade (acme-trade.com, Asia/Shanghai), with two directory
customers (Mingda Electronics, Nordic Home AB), a customer by domain (globex.com) and two
free-mail customers (tom.buyer@gmail.com, kim.lee@gmail.com), as mail/NN-key.eml.

Deterministic: no clock, no randomness, fixed MIME boundaries. Run it after a change and commit
the output; `build()` returns {relative path: bytes} and the test checks the committed files
against it. The directory and the policy beside it (mailscope.toml, policy.toml) are written by
hand. EXPECTED.md works out every figure the tests check from the MESSAGES table below.

Each row: key, sender, To, Cc, local date (y, m, d, h, min), offset from UTC in minutes,
subject, In-Reply-To key, References keys, body, attachments [(file name, type, text)].
"""
import datetime
import email.utils
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

NAMES = {
    "alice.wang@acme-trade.com": "Alice Wang",
    "bob.li@acme-trade.com": "Bob Li",
    "carol.chen@acme-trade.com": "Carol Chen",
    "dan.zhou@acme-trade.com": "Dan Zhou",
    "erin.xu@acme-trade.com": "Erin Xu",
    "li.lei@mingda.cn": "Li Lei",
    "qian.fang@mingda.cn": "钱芳 (Qian Fang)",
    "Erik.Lindqvist@NordicHome.SE": "Erik Lindqvist",
    "erik.lindqvist@nordichome.se": "Erik Lindqvist",
    "sofia.berg@nordichome.se": "Sofia Berg",
    "ann@globex.com": "Ann Miller",
    "raj@globex.com": "Raj Patel",
    "tom.buyer@gmail.com": "Tom Buyer",
    "kim.lee@gmail.com": "Kim Lee",
    "jo.friend@gmail.com": "Jo",
}

ALICE, BOB, CAROL = "alice.wang@acme-trade.com", "bob.li@acme-trade.com", "carol.chen@acme-trade.com"
DAN, ERIN = "dan.zhou@acme-trade.com", "erin.xu@acme-trade.com"
LILEI, QIAN = "li.lei@mingda.cn", "qian.fang@mingda.cn"
ERIK, SOFIA = "erik.lindqvist@nordichome.se", "sofia.berg@nordichome.se"
ANN, RAJ, TOM, KIM = "ann@globex.com", "raj@globex.com", "tom.buyer@gmail.com", "kim.lee@gmail.com"
OPS = ["ops%d@acme-trade.com" % i for i in range(1, 7)]
TEAMS = ["team-a@acme-trade.com", "team-b@acme-trade.com", "team-c@acme-trade.com"]

SH, UTC = 480, 0  # offsets in minutes

MESSAGES = [
    # --- March 2025 --------------------------------------------------------------------------
    ("m01", LILEI, [ALICE], [], (2025, 3, 3, 9, 0), SH,
     "Quote request for order MD-301", None, [],
     "Dear Alice,\n\n"
     "We would like a quote for 500 SP-10 smart plugs (order MD-301).\n"
     "Please call me at 13812345678 if anything is unclear.\n\n"
     "Best regards,\nLi Lei\n-- \nLi Lei | Purchasing | Mingda Electronics\n", []),
    ("m02", ALICE, [LILEI], [BOB], (2025, 3, 3, 11, 30), SH,
     "Re: Quote request for order MD-301", "m01", ["m01"],
     "Hi Li Lei,\n\n"
     "Our lowest price for 500 units is USD 7.80 per unit, see the attached quote.\n"
     "Delivery within 20 days of the deposit.\n\n"
     "On Mon, 3 Mar 2025 at 09:00, Li Lei <li.lei@mingda.cn> wrote:\n"
     "> Dear Alice,\n"
     "> We would like a quote for 500 SP-10 smart plugs (order MD-301).\n",
     [("quote.csv", "text/csv", "item,qty,unit_usd\nSP-10,500,7.80\n")]),
    ("m03", LILEI, [ALICE], [], (2025, 3, 4, 10, 0), SH,
     "Re: Quote request for order MD-301", "m02", ["m01", "m02"],
     "> Delivery within 20 days of the deposit.\n"
     "Can you make it 15 days?\n"
     "We need the plugs before the trade fair.\n", []),
    ("m04", QIAN, [ALICE], [ERIN, BOB], (2025, 3, 5, 14, 0), SH,
     "Invoice question", None, [],
     "Hello,\n\n"
     "Invoice INV-2025-031 shows 520 units, the order was for 500.\n"
     "Please send a corrected invoice.\n", []),
    ("m05", ERIN, [QIAN], [], (2025, 3, 6, 9, 15), SH,
     "Re: Invoice question", None, [],
     "钱经理：\n\n"
     "发票已经重新开具，请查收。\n"
     "如有问题请随时联系。\n\n"
     "发件人: qian.fang@mingda.cn\n"
     "发送时间: 2025年3月5日 14:00\n"
     "主题: Invoice question\n", []),
    ("n01", BOB, [ERIK], [], (2025, 3, 10, 10, 0), SH,
     "Nordic Home supply agreement", None, [],
     "Dear Erik,\n\n"
     "Here are our thoughts on the supply agreement for 2025.\n"
     "We propose quarterly orders with 60 days payment terms.\n", []),
    ("n02", "Erik.Lindqvist@NordicHome.SE", [BOB], [], (2025, 3, 11, 9, 0), 60,
     "RE: Nordic Home supply agreement", "n01", ["n01"],
     "Hi Bob,\n\n"
     "Quarterly orders work for us; 45 days payment terms would be better.\n\n"
     "-----Original Message-----\n"
     "From: Bob Li\n"
     "We propose quarterly orders with 60 days payment terms.\n", []),
    ("n03", BOB, [ERIK], [], (2025, 3, 11, 17, 0), SH,
     "RE: Nordic Home supply agreement", "n02", ["n01", "n02"],
     "Erik,\n\nAgreed, 45 days. I will send the contract next week.\n", []),
    ("d01", ALICE, [CAROL], [ERIN], (2025, 3, 12, 10, 0), SH,
     "Extended warranty for Mingda", None, [],
     "Carol,\n\nMingda asks for a two-year warranty on the SP-10. Can support cover it?\n"
     "Erin: what would it cost us?\n", []),
    ("d02", CAROL, [ALICE], [], (2025, 3, 12, 11, 0), SH,
     "Re: Extended warranty for Mingda", "d01", ["d01"],
     "Yes, support can cover two years if the units are registered.\n", []),
    ("d05", ALICE, [CAROL], [], (2025, 3, 12, 11, 30), SH,
     "Re: Extended warranty for Mingda", "d02", ["d01", "d02"],
     "Thanks, I will tell them to register the units.\n", []),
    ("d03", ERIN, [ALICE], [], (2025, 3, 12, 13, 0), SH,
     "Re: Extended warranty for Mingda", None, [],
     "About 1.5% of the order value in reserves.\n", []),
    ("d04", DAN, [ALICE], [], (2025, 3, 12, 15, 0), SH,
     "Re: Extended warranty for Mingda", "d01", ["d01"],
     "Confirmed by the support lead as well.\n", []),
    ("t01", TOM, [ALICE], [], (2025, 3, 17, 10, 0), SH,
     "Sample order for my shop", None, [],
     "Hi,\n\nI run a small shop and would like 20 sample plugs. What would that cost?\n", []),
    ("t03", TOM, [ALICE], [], (2025, 3, 19, 11, 0), SH,
     "Re: Sample order for my shop", None, [],
     "Any news on the samples?\n", []),
    ("t04", TOM, [ALICE], [BOB], (2025, 3, 20, 9, 30), SH,
     "Sample order: third try", None, [],
     "This is my third mail about the 20 samples. Is anybody there?\n", []),
    ("t05", BOB, [TOM], [], (2025, 3, 20, 14, 0), SH,
     "Re: Sample order for my shop", None, [],
     "Dear Tom,\n\nSorry for the wait. For 20 samples our lowest price is USD 9.00 each.\n", []),
    ("t06", TOM, [BOB], [], (2025, 3, 21, 9, 20), SH,
     "Re: Sample order for my shop", None, [],
     "Thanks Bob, please ship them to my shop.\n", []),
    ("t07", ALICE, [TOM], [], (2025, 3, 21, 10, 20), SH,
     "Re: Sample order for my shop", "t06", ["t06"],
     "Tom,\n\nShipped today. And just between us, the next order can be cheaper.\n", []),
    ("m06", LILEI, [ALICE], [], (2025, 4, 1, 1, 30), SH,
     "Re: Quote request for order MD-301", "m03", ["m01", "m02", "m03"],
     "Alice,\n\nIs USD 7.50 your lowest price for 1000 units?\nWe must decide this week.\n", []),
    # --- April 2025 --------------------------------------------------------------------------
    ("m07", ALICE, [LILEI], [], (2025, 4, 1, 15, 30), SH,
     "Re: Quote request for order MD-301", "m06", ["m01", "m02", "m03", "m06"],
     "Li Lei,\n\nFor 1000 units we can do USD 7.60.\n", []),
    ("e01", BOB, [DAN], [], (2025, 4, 2, 9, 30), SH,
     "Escalation process for Nordic", None, [],
     "Dan,\n\nWho in support handles Nordic Home's delivery complaints?\n", []),
    ("e02", DAN, [BOB], [], (2025, 4, 2, 15, 30), SH,
     "Re: Escalation process for Nordic", "e01", ["e01"],
     "Carol does; I am her backup.\n", []),
    ("e03", BOB, [DAN], [], (2025, 4, 3, 9, 30), SH,
     "Re: Escalation process for Nordic", "e02", ["e01", "e02"],
     "Thanks, noted.\n", []),
    ("f01", ERIN, [ALICE, BOB], [], (2025, 4, 8, 10, 0), SH,
     "Q1 commission figures", None, [],
     "Please check your Q1 commission figures by Friday.\n", []),
    ("f02", BOB, [ERIN], [], (2025, 4, 8, 14, 0), SH,
     "Re: Q1 commission figures", "f01", ["f01"],
     "Mine are correct.\n", []),
    ("p01", ALICE, ["jo.friend@gmail.com"], [], (2025, 4, 12, 22, 0), SH,
     "Dinner on Sunday?", None, [],
     "Jo, dinner on Sunday at seven?\n", []),
    ("g01", ANN, [CAROL], [], (2025, 4, 14, 21, 30), -240,
     "Replacement parts for order GX-77", None, [],
     "Hello Carol,\n\nTwo of the 40 adapters in order GX-77 arrived broken. Can you replace them?\n",
     []),
    ("g02", CAROL, [ANN], [], (2025, 4, 15, 16, 30), SH,
     "Re: Replacement parts for order GX-77", None, [],
     "Dear Ann,\n\nWe will send two new adapters. Please send photos of the broken ones.\n", []),
    ("g03", RAJ, [CAROL, DAN], [], (2025, 4, 16, 20, 0), -240,
     "Re: Replacement parts for order GX-77", "g02", ["g02"],
     "Photos attached to our portal ticket GX-77-2.\n", []),
    ("g04", DAN, [RAJ], [LILEI], (2025, 4, 22, 10, 0), SH,
     "Re: Replacement parts for order GX-77", "g03", ["g02", "g03"],
     "Raj,\n\nThe adapters come from Mingda; Li Lei (in Cc) ships them directly.\n", []),
    ("c01", DAN, [CAROL], [ALICE, BOB, ERIN] + OPS[:3], (2025, 4, 23, 10, 0), SH,
     "Support rota for May", None, [],
     "All,\n\nThe support rota for May is in the shared folder.\n", []),
    ("c02", CAROL, [DAN], [], (2025, 4, 23, 12, 0), SH,
     "Re: Support rota for May", "c01", ["c01"],
     "I can take the first week.\n", []),
    ("c05", DAN, [CAROL], [ALICE, BOB, ERIN] + OPS[:3], (2025, 4, 28, 10, 0), SH,
     "Holiday cover 1-5 May", None, [],
     "All,\n\nDuring the May holiday the hotline is covered by Carol.\n", []),
    # --- May 2025 ----------------------------------------------------------------------------
    ("s01", ALICE, [BOB], [], (2025, 5, 6, 10, 0), SH,
     "Discount approval for Mingda", None, [],
     "Bob,\n\nMingda wants USD 7.40 for 2000 units; that would be our lowest price ever. OK?\n",
     []),
    ("s02", BOB, [ALICE], [], (2025, 5, 6, 10, 20), SH,
     "Re: Discount approval for Mingda", "s01", ["s01"],
     "Approved for this order only.\n", []),
    ("h01", ALICE, [CAROL], [], (2025, 5, 7, 10, 0), SH,
     "Return label for Tom", None, [],
     "Carol,\n\nTom needs a return label for two samples.\n", []),
    ("h02", CAROL, [ALICE], [], (2025, 5, 8, 10, 0), SH,
     "Re: Return label for Tom", None, [],
     "Sent to him this morning.\n", []),
    ("k01", KIM, [CAROL], [], (2025, 5, 12, 8, 30), 330,
     "Warranty claim", None, [],
     "Hello,\n\nMy SP-10 stopped working after two weeks. Serial 77-1234.\n", []),
    ("k02", CAROL, [KIM], [], (2025, 5, 12, 11, 45), SH,
     "Re: Warranty claim", "k01", ["k01"],
     "Dear Kim,\n\nA replacement is on its way.\n", []),
    ("c03", BOB, [ALICE], [CAROL, DAN, ERIN] + OPS + TEAMS, (2025, 5, 13, 9, 30), SH,
     "Price list update May", None, [],
     "All,\n\nThe May price list is attached. The SP-10 is now at our lowest price of the year.\n",
     [("price-list-may.csv", "text/csv", "item,unit_usd\nSP-10,7.40\nSP-20,11.90\n")]),
    ("c04", ERIN, [BOB], [], (2025, 5, 13, 17, 30), SH,
     "Re: Price list update May", "c03", ["c03"],
     "Finance has updated the ERP prices.\n", []),
    ("n04", ERIK, [ALICE], [BOB, SOFIA], (2025, 5, 20, 9, 0), 120,
     "Terms for the second half-year", None, [],
     "Alice,\n\nFor the second half-year we expect a volume rebate of 3%.\n", []),
    ("n05", SOFIA, ["purchasing@nordichome.se"], [CAROL], (2025, 5, 26, 14, 30), 120,
     "Delivery delays", None, [],
     "Colleagues, Carol,\n\nThe last two deliveries were a week late. What happened?\n", []),
    ("m08", LILEI, [ALICE], [], (2025, 5, 29, 10, 0), SH,
     "Repeat order for June", None, [],
     "Alice,\n\nWe want to repeat the order in June at the same lowest price.\n", []),
    ("n06", ERIK, [BOB, ALICE], [], (2025, 5, 29, 16, 0), 120,
     "Re: Terms for the second half-year", "n04", ["n04"],
     "Bob, Alice,\n\nStill no answer about the rebate. We are reviewing our suppliers.\n", []),
    ("z01", DAN, [CAROL], [], (2025, 5, 30, 12, 0), UTC,
     "Weekly support summary", None, [],
     "Carol,\n\n12 tickets closed this week.\n", []),
]


def mid(key):
    return "<%s.analytics@mailscope.test>" % key


def address(a):
    name = NAMES.get(a, "")
    return email.utils.formataddr((name, a)) if name else a


def date_of(local, offset):
    tz = datetime.timezone(datetime.timedelta(minutes=offset))
    return datetime.datetime(*local, tzinfo=tz)


def header(name, value):
    # Non-ASCII display names as RFC 2047 words (formataddr does that with a charset).
    return "%s: %s\n" % (name, value)


def render(row):
    key, frm, to, cc, local, offset, subject, irt, refs, body, atts = row
    out = []
    from_name = NAMES.get(frm, "")
    out.append(header("From", email.utils.formataddr((from_name, frm), "utf-8") if from_name else frm))
    out.append(header("To", ", ".join(email.utils.formataddr((NAMES.get(a, ""), a), "utf-8")
                                      if NAMES.get(a) else a for a in to)))
    if cc:
        out.append(header("Cc", ", ".join(email.utils.formataddr((NAMES.get(a, ""), a), "utf-8")
                                          if NAMES.get(a) else a for a in cc)))
    out.append(header("Date", email.utils.format_datetime(date_of(local, offset))))
    out.append(header("Subject", subject))
    out.append(header("Message-ID", mid(key)))
    if irt:
        out.append(header("In-Reply-To", mid(irt)))
    if refs:
        out.append(header("References", " ".join(mid(r) for r in refs)))
    out.append("MIME-Version: 1.0\n")
    if not atts:
        out.append("Content-Type: text/plain; charset=utf-8\n")
        out.append("Content-Transfer-Encoding: 8bit\n\n")
        out.append(body)
    else:
        boundary = "=-=analytics-%s=-=" % key
        out.append('Content-Type: multipart/mixed; boundary="%s"\n\n' % boundary)
        out.append("--%s\n" % boundary)
        out.append("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
        out.append(body)
        for name, ctype, text in atts:
            out.append("\n--%s\n" % boundary)
            out.append('Content-Type: %s; name="%s"\n' % (ctype, name))
            out.append('Content-Disposition: attachment; filename="%s"\n' % name)
            out.append("Content-Transfer-Encoding: 8bit\n\n")
            out.append(text)
        out.append("\n--%s--\n" % boundary)
    return "".join(out).encode("utf-8")


def build():
    files = {}
    for n, row in enumerate(MESSAGES, 1):
        files["mail/%02d-%s.eml" % (n, row[0])] = render(row)
    return files


def main():
    files = build()
    mail = os.path.join(HERE, "mail")
    os.makedirs(mail, exist_ok=True)
    for old in os.listdir(mail):
        if os.path.join("mail", old) not in files:
            os.remove(os.path.join(mail, old))
    for rel, data in files.items():
        with open(os.path.join(HERE, rel), "wb") as f:
            f.write(data)
    print("wrote %d files under %s" % (len(files), mail), file=sys.stderr)


if __name__ == "__main__":
    main()
