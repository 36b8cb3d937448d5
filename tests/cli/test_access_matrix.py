"""The access matrix: role x command x output format, on the demo case plus a fixture of mail
with known personal data. It proves the issue's check: nothing unmasked reaches a role that must
see it masked, and no message outside a role's scope reaches it at all.

Expectations are computed here, never taken from mailscope's output:
  * who is who comes from examples/demo/mailscope.toml, read with tomllib;
  * each message's parties and date come from the demo mailboxes and the fixture, read with
    Python's mailbox and email packages;
  * the rules are DESIGN.md's "Identity and access" table and the scene filter of
    mailscope-directory(5), rewritten below (visible()): employees see the mail they sent;
    managers the mail of their department (any party a member), masked, never personal mail;
    compliance everything but personal mail, unmasked; auditors and administrators no mail;
  * the personal data are values written into the fixture by this file (a mobile number in
    five written forms, an 18-digit resident ID with its check digit, a Luhn-valid UnionPay
    card, a landline, two private webmail addresses), placed in subjects, bodies, a display
    name and an attachment's file name. A masked view must hold none of them in any form; an
    unmasked view must hold them (which shows the search for them can fail).

The only thing taken from mailscope is the binding of case ids to Message-IDs, listed by the
case owner before the directory is installed (when nothing is restricted yet).
"""
import csv
import datetime
import email
import email.policy
import email.utils
import io
import json
import mailbox
import os
import pwd
import re
import shutil
import tomllib
import unicodedata
import unittest
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import mstest
from mstest import DEMO, SOURCE, ms, ms_bytes

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
POLICIES = [os.path.join(POLICY_DIR, p) for p in ("sales-zh.toml", "finance-zh.toml",
                                                  "english.toml")]
DOMAIN = "haina-trade.com"


# --- The personal data of the fixture ----------------------------------------------------------

def id18(first17):
    """An 18-digit resident ID: 17 digits and the ISO 7064 MOD 11-2 check of GB 11643-1999."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def luhn(prefix):
    """prefix + its Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return prefix + str((10 - total % 10) % 10)


MOBILE = "13957128864"
MOBILE_FORMS = ["13957128864", "139 5712 8864", "139-5712-8864", "+86 139 5712 8864",
                "１３９５７１２８８６４"]
RESIDENT_ID = id18("11010519900307123")          # Beijing Chaoyang, born 1990-03-07
RESIDENT_ID_SPACED = RESIDENT_ID[:6] + " " + RESIDENT_ID[6:14] + " " + RESIDENT_ID[14:]
CARD = luhn("622202123456789")                    # 62: UnionPay, 16 digits
CARD_SPACED = " ".join(CARD[i:i + 4] for i in range(0, 16, 4))
LANDLINE = "02162345678"                          # Shanghai
LANDLINE_FORMS = ["021-6234 5678", "(021) 6234-5678"]
PRIVATE_A = "xiaoli.private@163.com"
PRIVATE_B = "old.friend@gmail.com"
ATTACHMENT_NAME = "张先生_%s_身份证%s.txt" % (MOBILE, RESIDENT_ID)

assert len(RESIDENT_ID) == 18 and len(CARD) == 16


def digits_regex(value):
    """The value's digits with any separators people write between them (spaces, dashes,
    brackets, dots), matched in NFKC-normalised text (full-width digits become ASCII)."""
    sep = r"[\s\-().]*"
    return re.compile(sep.join(re.escape(c) for c in value), re.I)


PII = {
    "mobile": digits_regex(MOBILE),
    "resident-id": digits_regex(RESIDENT_ID),
    "card": digits_regex(CARD),
    "landline": digits_regex(LANDLINE),
    "private-address-a": re.compile(re.escape(PRIVATE_A.split("@")[0]), re.I),
    "private-address-b": re.compile(re.escape(PRIVATE_B.split("@")[0]), re.I),
}


def pii_in(text):
    """The kinds of the fixture's personal data that text holds, in any written form."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    norm = unicodedata.normalize("NFKC", text)
    return {k for k, rx in PII.items() if rx.search(norm)}


# --- The fixture: mail by and to members of different departments ------------------------------

def pii_lines():
    return "\n".join(
        ["手机：%s" % f for f in MOBILE_FORMS] +
        ["身份证号：%s" % RESIDENT_ID, "身份证号（分段）：%s" % RESIDENT_ID_SPACED,
         "银行卡号：%s" % CARD, "卡号：%s" % CARD_SPACED,
         "座机：%s" % LANDLINE_FORMS[0], "电话：%s" % LANDLINE_FORMS[1],
         "私人邮箱：%s" % PRIVATE_A, "另一个邮箱：%s" % PRIVATE_B]) + "\n"


def addr(name, address):
    return email.utils.formataddr((name, address))


SH = datetime.timezone(datetime.timedelta(hours=8))

# key -> (from, to, cc, local date (+08:00), subject, body, attachment or None)
FIXTURE = {
    # Sales: an employee writes to a customer, the sales manager in copy; office hours.
    "a1-sales-outbound": (
        addr("张伟", "zhang.wei@" + DOMAIN), [addr("张先生", "zhang.xs@mingda-elec.com")],
        [addr("孙强", "sun.qiang@" + DOMAIN)], datetime.datetime(2025, 6, 10, 10, 15, tzinfo=SH),
        "报价确认 联系手机%s 身份证%s" % (MOBILE, RESIDENT_ID),
        "张先生您好：\n这绝对是最低价了。请把货款转到我个人账户，卡号 %s。\n\n" % CARD_SPACED
        + pii_lines(),
        (ATTACHMENT_NAME, "客户资料\n请把尾款转到我个人账户 %s\n" % CARD + pii_lines())),
    # Across departments: sales writes to finance, the finance manager in copy.
    "a2-cross-department": (
        addr("王芳", "wang.fang@" + DOMAIN), [addr("李娜", "li.na@" + DOMAIN)],
        [addr("周杰", "zhou.jie@" + DOMAIN)], datetime.datetime(2025, 6, 11, 14, 30, tzinfo=SH),
        "退款账户 卡号%s" % CARD,
        "李娜你好：\n客户要求退款，请把款项打到以下个人账户：%s，户名张先生。\n\n" % CARD_SPACED
        + pii_lines(), None),
    # Personal: Saturday night, one company party, a private address.
    "a3-personal": (
        addr("张伟", "zhang.wei@" + DOMAIN), [addr("老同学", PRIVATE_B)], [],
        datetime.datetime(2025, 6, 14, 22, 40, tzinfo=SH),
        "周末聚会 我的新手机 %s" % MOBILE_FORMS[1], "周六见！\n" + pii_lines(), None),
    # From a private address to finance in office hours (not personal); the sender's display
    # name carries the mobile number.
    "a4-inbound-private": (
        addr("小李 %s" % MOBILE, PRIVATE_A), [addr("李娜", "li.na@" + DOMAIN)], [],
        datetime.datetime(2025, 6, 12, 11, 5, tzinfo=SH),
        "发票和付款信息",
        "李会计您好：\n请把定金转到我个人账户 %s。\n\n" % CARD + pii_lines(), None),
    # Support only: no sales or finance party.
    "a5-support-internal": (
        addr("刘洋", "liu.yang@" + DOMAIN), [addr("黄丽", "huang.li@haina-trade.cn")], [],
        datetime.datetime(2025, 6, 13, 16, 0, tzinfo=SH),
        "客户来电 %s" % MOBILE_FORMS[2], "黄主管：\n" + pii_lines(), None),
    # The finance manager writes to a private address in office hours: business, not personal.
    "a6-manager-daytime-private": (
        addr("周杰", "zhou.jie@" + DOMAIN), [addr("老同学", PRIVATE_B)], [],
        datetime.datetime(2025, 6, 16, 15, 0, tzinfo=SH),
        "周末的事 电话%s" % LANDLINE_FORMS[0], "回头联系。\n" + pii_lines(), None),
}


def fixture_bytes(key):
    frm, to, cc, date, subject, body, att = FIXTURE[key]
    m = EmailMessage()
    m["From"] = frm
    m["To"] = ", ".join(to)
    if cc:
        m["Cc"] = ", ".join(cc)
    m["Date"] = email.utils.format_datetime(date)
    m["Subject"] = subject
    m["Message-ID"] = "<%s.access-matrix@mailscope.test>" % key
    m.set_content(body)
    if att:
        name, text = att
        m.add_attachment(text.encode("utf-8"), maintype="text", subtype="plain",
                         filename=name)
    return m.as_bytes(policy=email.policy.SMTP)


def write_fixture(folder):
    paths = {}
    for key in FIXTURE:
        path = os.path.join(folder, key + ".eml")
        with open(path, "wb") as f:
            f.write(fixture_bytes(key))
        paths[key] = path
    return paths


def fixture_mid(key):
    return "%s.access-matrix@mailscope.test" % key


# --- The directory and the rules, rewritten ----------------------------------------------------

class Org:
    """examples/demo/mailscope.toml as the rules need it."""

    def __init__(self, path):
        with open(path, "rb") as f:
            d = tomllib.load(f)
        org = d["organisation"]
        self.work_domains = [w.lower() for w in org["work_domains"]]
        self.tz = ZoneInfo(org.get("time_zone", "UTC"))
        hours = d.get("working_hours", {})
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        self.days = {names.index(x.lower()) for x in hours.get("days", names[:5])}
        self.start = self.minutes(hours.get("start", "09:00"))
        self.end = self.minutes(hours.get("end", "18:00"))
        self.people = d["person"]
        self.by_address = {}
        for p in self.people:
            for a in [p["email"]] + p.get("also", []):
                self.by_address[a.lower()] = p
        self.customer_domains = {x.lower() for c in d.get("customer", []) for x in c["domains"]}

    @staticmethod
    def minutes(hhmm):
        h, m = hhmm.split(":")
        return int(h) * 60 + int(m)

    def person(self, who):
        """A person by primary address or login."""
        for p in self.people:
            if who in (p["email"], p.get("login")):
                return p
        raise KeyError(who)

    def addresses(self, p):
        return {p["email"].lower()} | {a.lower() for a in p.get("also", [])}

    def is_work(self, a):
        d = a.rpartition("@")[2]
        return any(d == w or d.endswith("." + w) for w in self.work_domains)

    def is_customer(self, a):
        d = a.rpartition("@")[2]
        while d:
            if d in self.customer_domains:
                return True
            d = d.partition(".")[2]
        return False

    def working_hours(self, date):
        local = date.astimezone(self.tz)
        return local.weekday() in self.days and \
            self.start <= local.hour * 60 + local.minute < self.end

    def personal(self, msg):
        """The scene filter: outside working hours, exactly one company party (an address of
        the work domains or of a person), every other party neither company nor customer."""
        if msg.date is None:
            return False
        parties = set(msg.rcpts) | ({msg.sender} if msg.sender else set())
        company = others = 0
        for a in parties:
            if self.is_work(a) or a in self.by_address:
                company += 1
            elif self.is_customer(a):
                return False
            else:
                others += 1
        return company == 1 and others > 0 and not self.working_hours(msg.date)

    def visible(self, p, msg):
        """None (hidden), "masked" or "clear": what person p's role sees of msg."""
        role = p.get("role", "employee")
        if role == "employee":
            return "clear" if msg.sender in self.addresses(p) else None
        if role == "manager":
            if self.personal(msg):
                return None
            parties = [msg.sender] + msg.rcpts
            if any(self.by_address.get(a, {}).get("department") == p["department"]
                   for a in parties):
                return "masked"
            return None
        if role == "compliance":
            return None if self.personal(msg) else "clear"
        return None  # auditor, admin


class Msg:
    def __init__(self, raw):
        m = email.message_from_bytes(raw, policy=email.policy.compat32)
        self.mid = m["Message-ID"].strip().strip("<>")

        def addrs(*names):
            vals = []
            for n in names:
                vals += [str(v) for v in m.get_all(n, [])]
            return [a.lower() for _, a in email.utils.getaddresses(vals) if a]
        froms = addrs("From")
        self.sender = froms[0] if froms else ""
        self.rcpts = addrs("To", "Cc", "Bcc")
        self.date = email.utils.parsedate_to_datetime(m["Date"]) if m["Date"] else None


def demo_messages():
    """Every message of the demo mailboxes, as run.sh imports them."""
    raws = mstest.demo_raws()
    return [Msg(r) for r in raws]


# --- The case, built once ----------------------------------------------------------------------

ORG = Org(DIRECTORY)
CASE = None
FIXTURE_PATHS = {}
ID_OF = {}      # Message-ID -> case id
MSGS = {}       # case id -> Msg
ALL_FLAGS = []  # every flag, as compliance lists them


def build_case(work):
    case = os.path.join(work, "case")
    fixture_dir = os.path.join(work, "fixture-mail")
    os.makedirs(fixture_dir)
    paths = write_fixture(fixture_dir)
    imports = [("zhang.wei", [os.path.join(DEMO, "zhang.wei.mbox")]),
               ("chen.jing", [os.path.join(DEMO, "chen.jing")]),
               ("li.na", [os.path.join(DEMO, "li.na")]),
               ("support", [os.path.join(DEMO, "support-eml"), os.path.join(DEMO, "misc")]),
               ("fixture", [fixture_dir])]
    for custodian, sources in imports:
        mstest.import_ok(case, "--custodian", custodian, *sources)
    # Before the directory: the owner sees everything, which binds case ids to Message-IDs.
    listing = ms("search", "*", "--format", "json", case=case, check=0).json()
    ms("org", "set", DIRECTORY, case=case, check=0, env=mstest.AS_OWNER)
    ms("policy", "add", *POLICIES, case=case, check=0, env=mstest.AS_OWNER)
    r = ms("scan", case=case, env=as_env("zhao.min@" + DOMAIN))
    if r.code not in (0, 1):
        raise AssertionError(repr(r))
    return case, paths, listing


def setUpModule():
    global CASE, FIXTURE_PATHS, ALL_FLAGS
    work = mstest.scratch("access-matrix")
    CASE, FIXTURE_PATHS, listing = build_case(work)
    by_mid = {}
    for m in demo_messages():
        by_mid[m.mid] = m
    for key, path in FIXTURE_PATHS.items():
        with open(path, "rb") as f:
            by_mid[fixture_mid(key)] = Msg(f.read())
    for rec in listing:
        ID_OF[rec["message_id"]] = rec["id"]
    if set(ID_OF) != set(by_mid) or len(listing) != len(by_mid):
        raise AssertionError("the case's messages are not the sources' messages: only in the "
                             f"case {sorted(set(ID_OF) - set(by_mid))}, only in the sources "
                             f"{sorted(set(by_mid) - set(ID_OF))}")
    for mid, i in ID_OF.items():
        MSGS[i] = by_mid[mid]
    ALL_FLAGS[:] = ms("flags", "--format", "json", case=CASE, check=0,
                      env=as_env("zhao.min@" + DOMAIN)).json()


def as_env(who):
    return {"MAILSCOPE_AS": who}


def fid(key):
    return ID_OF[fixture_mid(key)]


# Who the matrix acts as: (person login, how mailscope is told). Acting by address through
# MAILSCOPE_AS, by login, name or the name in brackets through --as.
READERS = [
    ("zhang.wei", ("env", "zhang.wei@" + DOMAIN)),
    ("wang.fang", ("--as", "wang.fang")),
    ("li.na", ("--as", "李娜")),
    ("chen.jing", ("env", "chen.jing@" + DOMAIN)),   # her gmail is hers (`also`)
    ("sun.qiang", ("--as", "sun.qiang")),
    ("zhou.jie", ("--as", "Zhou Jie")),
    ("huang.li", ("env", "huang.li@haina-trade.cn")),
    ("zhao.min", ("env", "zhao.min@" + DOMAIN)),
]
NO_MAIL = [
    ("ma.xiaodong", "auditor", ("env", "ma.xiaodong@" + DOMAIN)),
    ("xu.ting", "admin", ("--as", "xu.ting")),
    ("(owner)", "admin", ("env", "")),   # the case owner, nobody in the directory
]


def run(how, *args, case=None, **kw):
    """mailscope args acting as `how` (("env", who) or ("--as", who))."""
    kind, who = how
    if kind == "--as":
        return ms(*args, "--as", who, case=case or CASE, **kw)
    return ms(*args, case=case or CASE, env=as_env(who), **kw)


def run_bytes(how, *args, case=None):
    _, who = how
    return ms_bytes(*args, "--as", who, case=case or CASE)


def expected(login):
    """case id -> "masked" / "clear" for every message the person may see."""
    p = ORG.person(login)
    out = {}
    for i, m in MSGS.items():
        v = ORG.visible(p, m)
        if v:
            out[i] = v
    return out


def text_ids(out):
    """Case ids of `search` text lines (the first column)."""
    return [int(line.split()[0]) for line in out.splitlines() if line.strip()]


def csv_rows(out):
    return list(csv.DictReader(io.StringIO(out)))


class Checks(unittest.TestCase):
    def assertNoPII(self, text, what):
        found = pii_in(text)
        self.assertFalse(found, f"{what}: unmasked personal data ({', '.join(sorted(found))})")

    def assertPII(self, text, kinds, what):
        missing = set(kinds) - pii_in(text)
        self.assertFalse(missing, f"{what}: expected to see {sorted(missing)} unmasked")


# --- The model itself ------------------------------------------------------------------------

class Model(Checks):
    def test_fixture_personal_data_is_well_formed(self):
        # The check digits are what makes the numbers personal data and not noise.
        self.assertTrue(re.fullmatch(r"\d{17}[\dX]", RESIDENT_ID))
        self.assertTrue(MOBILE.startswith("1") and len(MOBILE) == 11)
        self.assertTrue(CARD.startswith("62"))
        for form in MOBILE_FORMS:
            self.assertEqual(pii_in(form), {"mobile"}, form)
        self.assertEqual(pii_in(RESIDENT_ID_SPACED), {"resident-id"})
        self.assertEqual(pii_in(CARD_SPACED), {"card"})
        self.assertEqual(pii_in("139****8864"), set())

    def test_personal_mail_matches_the_scenarios(self):
        # SCENARIOS.md §6 and §8: Z30, Z31, L13, L14, X4, Z37 are the demo's personal mail;
        # plus the fixture's Saturday-night message.
        personal = {m.mid for m in MSGS.values() if ORG.personal(m)}
        self.assertEqual(len(personal), 7, sorted(personal))
        self.assertIn(fixture_mid("a3-personal"), personal)

    def test_every_role_of_the_directory_is_in_the_matrix(self):
        roles = {ORG.person(login).get("role") for login, _ in READERS}
        roles |= {role for _, role, _ in NO_MAIL}
        self.assertEqual(roles, {"employee", "manager", "compliance", "auditor", "admin"})

    def test_fixture_spreads_over_the_roles(self):
        for login, key, want in [("zhang.wei", "a1-sales-outbound", "clear"),
                                 ("wang.fang", "a1-sales-outbound", None),
                                 ("sun.qiang", "a1-sales-outbound", "masked"),
                                 ("zhou.jie", "a1-sales-outbound", None),
                                 ("sun.qiang", "a2-cross-department", "masked"),
                                 ("zhou.jie", "a2-cross-department", "masked"),
                                 ("li.na", "a2-cross-department", None),
                                 ("zhang.wei", "a3-personal", "clear"),
                                 ("sun.qiang", "a3-personal", None),
                                 ("zhao.min", "a3-personal", None),
                                 ("zhou.jie", "a4-inbound-private", "masked"),
                                 ("huang.li", "a5-support-internal", "masked"),
                                 ("zhou.jie", "a6-manager-daytime-private", "masked"),
                                 ("zhao.min", "a6-manager-daytime-private", "clear")]:
            self.assertEqual(expected(login).get(fid(key)), want, (login, key))


# --- Readers: employees, managers, compliance --------------------------------------------------

class Readers(Checks):
    def each_reader(self):
        for login, how in READERS:
            with self.subTest(login=login):
                yield login, how, expected(login)

    @staticmethod
    def masked(want):
        return "masked" in want.values()

    @staticmethod
    def blind(want):
        """No fixture message is clear to this reader: its output may hold none of the data."""
        return not any(want.get(fid(k)) == "clear" for k in FIXTURE)

    def test_search_json_is_exactly_the_scope(self):
        for login, how, want in self.each_reader():
            r = run(how, "search", "*", "--format", "json")
            self.assertEqual(r.code, 0 if want else 1, r)
            recs = r.json()
            self.assertEqual(sorted(o["id"] for o in recs), sorted(want))
            self.assertEqual({o["message_id"] for o in recs}, {MSGS[i].mid for i in want})
            if self.blind(want):
                self.assertNoPII(r.out, f"{login}: search --format json")
            if login.startswith("zhao"):
                self.assertPII(r.out, PII, "compliance: search --format json")

    def test_search_text_and_csv_are_exactly_the_scope(self):
        for login, how, want in self.each_reader():
            text = run(how, "search", "*")
            self.assertEqual(sorted(text_ids(text.out)), sorted(want), text)
            rows = csv_rows(run(how, "search", "*", "--format", "csv").out)
            self.assertEqual(sorted(int(r["id"]) for r in rows), sorted(want))
            self.assertEqual(run(how, "search", "*", "--count").out.strip(), str(len(want)))
            for out, fmt in ((text.out, "text"), (json.dumps(rows, ensure_ascii=False), "csv")):
                if self.blind(want):
                    self.assertNoPII(out, f"{login}: search --format {fmt}")
                if login.startswith("zhao"):
                    self.assertPII(out, {"mobile", "resident-id", "card"},
                                   f"compliance: search --format {fmt}")

    def test_employees_see_exactly_their_own_sent_mail(self):
        for login, how in READERS:
            p = ORG.person(login)
            if p.get("role") != "employee":
                continue
            with self.subTest(login=login):
                got = {o["id"] for o in run(how, "search", "*", "--format", "json").json()}
                mine = {i for i, m in MSGS.items() if m.sender in ORG.addresses(p)}
                self.assertTrue(mine, login)
                self.assertEqual(got, mine)

    def test_a_query_finds_nothing_outside_the_scope(self):
        # Searching for the personal data itself: only messages in scope come back.
        for login, how, want in self.each_reader():
            for q in (MOBILE, '"%s"' % PRIVATE_A, "from:" + PRIVATE_A):
                r = run(how, "search", q, "--format", "json")
                self.assertIn(r.code, (0, 1), r)
                self.assertLessEqual({o["id"] for o in r.json()}, set(want), q)
                if self.blind(want):
                    self.assertNoPII(r.out, f"{login}: search {q}")

    def test_show_every_visible_message(self):
        fixture_ids = {fid(k) for k in FIXTURE}
        for login, how, want in self.each_reader():
            seen = ""
            for i, view in sorted(want.items()):
                r = run(how, "show", i, "--format", "json", check=0)
                (rec,) = r.json()
                self.assertEqual(rec["message_id"], MSGS[i].mid)
                if view == "masked":
                    self.assertNoPII(r.out, f"{login}: show {i} --format json")
                else:
                    seen += r.out
                if i in fixture_ids or i % 7 == 0:
                    t = run(how, "show", i, check=0)
                    self.assertTrue(t.out.startswith("Id:          %d " % i), t)
                    if view == "masked":
                        self.assertNoPII(t.out, f"{login}: show {i}")
                    else:
                        seen += t.out
            if login.startswith("zhao"):
                self.assertPII(seen, PII, "compliance: show")

    def test_masked_show_keeps_the_rest_of_the_text(self):
        # Masking replaces the personal data, not the message: the words around them stay.
        r = run(("--as", "sun.qiang"), "show", fid("a1-sales-outbound"), "--format", "json",
                check=0)
        (rec,) = r.json()
        self.assertIn("报价确认", rec["subject"])
        self.assertIn("这绝对是最低价了", rec["body"])
        self.assertEqual(rec["to"], ["zhang.xs@mingda-elec.com"])  # a customer: not masked
        self.assertEqual(len(rec["attachments"]), 1)
        self.assertTrue(rec["attachments"][0]["filename"].startswith("张先生_"))
        self.assertNoPII(r.out, "sun.qiang: show a1")

    def test_private_addresses_are_masked_for_managers(self):
        for key, field in (("a4-inbound-private", "from"), ("a6-manager-daytime-private", "to")):
            r = run(("--as", "zhou.jie"), "show", fid(key), "--format", "json", check=0)
            (rec,) = r.json()
            self.assertNotIn("@" + DOMAIN, json.dumps(rec[field]))
            self.assertNoPII(r.out, f"zhou.jie: show {key}")
        r = run(("env", "zhao.min@" + DOMAIN), "show", fid("a4-inbound-private"), "--format",
                "json", check=0)
        (rec,) = r.json()
        self.assertEqual(rec["from"], PRIVATE_A)
        self.assertIn(MOBILE, rec["from_name"])

    def test_show_outside_the_scope_is_refused(self):
        for login, how, want in self.each_reader():
            hidden = [i for i in sorted(MSGS) if i not in want]
            sample = [fid(k) for k in FIXTURE if fid(k) not in want] + hidden[::15]
            self.assertTrue(sample)
            for i in sample:
                for fmt in ("text", "json"):
                    r = run(how, "show", i, "--format", fmt, check=4)
                    self.assertEqual(r.out, "", r)
                    self.assertIn("outside what a", r.err)
                # By Message-ID too.
                r = run(how, "show", "<%s>" % MSGS[i].mid, check=4)
                self.assertEqual(r.out, "")

    def test_show_raw_only_unmasked(self):
        for login, how, want in self.each_reader():
            for key, path in FIXTURE_PATHS.items():
                i = fid(key)
                if i not in want:
                    continue
                p = run_bytes(how, "show", "--raw", i)
                if want[i] == "masked":
                    self.assertEqual(p.returncode, 4, (login, key))
                    self.assertEqual(p.stdout, b"")
                    self.assertNoPII(p.stderr, f"{login}: show --raw {key} (stderr)")
                else:
                    self.assertEqual(p.returncode, 0, (login, key, p.stderr))
                    with open(path, "rb") as f:
                        self.assertEqual(p.stdout, f.read())

    def test_export_text_and_json(self):
        out_dir = mstest.scratch("access-matrix-export")
        for login, how, want in self.each_reader():
            js = os.path.join(out_dir, login + ".jsonl")
            tx = os.path.join(out_dir, login + ".txt")
            run(how, "export", "*", "--json", js, check=0 if want else 1)
            run(how, "export", "*", "--text", tx, check=0 if want else 1)
            with open(js, encoding="utf-8") as f:
                jdata = f.read()
            with open(tx, encoding="utf-8") as f:
                tdata = f.read()
            recs = [json.loads(line) for line in jdata.splitlines()]
            self.assertEqual(sorted(o["id"] for o in recs), sorted(want))
            if self.blind(want):
                self.assertNoPII(jdata, f"{login}: export --json")
                self.assertNoPII(tdata, f"{login}: export --text")
            if login.startswith("zhao"):
                self.assertPII(jdata, PII, "compliance: export --json")
                self.assertPII(tdata, PII, "compliance: export --text")

    def test_export_original_bytes_only_unmasked(self):
        out_dir = mstest.scratch("access-matrix-mbox")
        for login, how, want in self.each_reader():
            mbox = os.path.join(out_dir, login + ".mbox")
            emls = os.path.join(out_dir, login + "-eml")
            if self.masked(want):
                for opt, dest in (("--mbox", mbox), ("--eml-dir", emls)):
                    r = run(how, "export", "*", opt, dest, check=4)
                    self.assertIn("masked", r.err)
                    self.assertFalse(os.path.exists(dest), dest)
                    self.assertFalse(os.path.exists(dest + ".part"), dest)
                continue
            run(how, "export", "*", "--mbox", mbox, check=0)
            self.assertEqual(mstest.mbox_count(mbox), len(want))
            box = mailbox.mbox(mbox, create=False)
            mids = {str(box.get_message(k)["Message-ID"]).strip().strip("<>") for k in box.keys()}
            box.close()
            self.assertEqual(mids, {MSGS[i].mid for i in want})
            run(how, "export", "*", "--eml-dir", emls, check=0)
            self.assertEqual(sorted(os.listdir(emls)), sorted("%d.eml" % i for i in want))

    def test_flags_in_every_format(self):
        mid_of = {f["id"]: f["message"] for f in ALL_FLAGS}
        for login, how, want in self.each_reader():
            flags_want = sorted(f["id"] for f in ALL_FLAGS if f["message"] in want)
            r = run(how, "flags", "--format", "json")
            self.assertEqual(r.code, 0 if flags_want else 1, r)
            self.assertEqual(sorted(o["id"] for o in r.json()), flags_want)
            t = run(how, "flags")
            lines = [l.split() for l in t.out.splitlines() if l.strip()]
            self.assertEqual(sorted(int(l[0]) for l in lines), flags_want, t)
            for l in lines:
                self.assertEqual(int(l[2]), mid_of[int(l[0])])
            c = run(how, "flags", "--format", "csv")
            self.assertEqual(sorted(int(row["id"]) for row in csv_rows(c.out)), flags_want)
            if self.blind(want):
                for out, fmt in ((r.out, "json"), (t.out, "text"), (c.out, "csv")):
                    self.assertNoPII(out, f"{login}: flags --format {fmt}")
            if login.startswith("zhao"):
                self.assertPII(r.out, {"card"}, "compliance: flags --format json")

    def test_flags_summary_counts_the_scope(self):
        for login, how, want in self.each_reader():
            n = sum(1 for f in ALL_FLAGS if f["message"] in want)
            r = run(how, "flags", "--summary", "--format", "json")
            self.assertEqual(sum(o["count"] for o in r.json()), n, r)
            c = run(how, "flags", "--summary", "--format", "csv")
            self.assertEqual(sum(int(row["count"]) for row in csv_rows(c.out)), n)
            t = run(how, "flags", "--summary")
            self.assertEqual(sum(int(l.split()[0]) for l in t.out.splitlines() if l.strip()), n)

    def test_fixture_is_flagged(self):
        # The flags the matrix filters include the fixture's, with personal data in them.
        flagged = {f["message"] for f in ALL_FLAGS}
        for key in ("a1-sales-outbound", "a2-cross-department", "a4-inbound-private"):
            self.assertIn(fid(key), flagged, key)
        self.assertNotIn(fid("a3-personal"), flagged)  # personal mail is not scanned


# --- Roles that see no mail --------------------------------------------------------------------

class NoMail(Checks):
    def test_reading_is_refused(self):
        out_dir = mstest.scratch("access-matrix-nomail")
        some = fid("a1-sales-outbound")
        for who, role, how in NO_MAIL:
            with self.subTest(who=who):
                calls = [("search", "*"), ("search", "*", "--format", "json"),
                         ("search", "*", "--format", "csv"), ("search", "*", "--count"),
                         ("show", some), ("show", some, "--format", "json"),
                         ("show", "--raw", some),
                         ("flags",), ("flags", "--format", "json"), ("flags", "--format", "csv")]
                for opt in ("--json", "--text", "--mbox", "--eml-dir"):
                    calls.append(("export", "*", opt, os.path.join(out_dir, who + opt)))
                for args in calls:
                    r = run(how, *args, check=4)
                    self.assertEqual(r.out, "", r)
                    self.assertIn("permission denied: %ss may not run" % role, r.err)
                    self.assertNoPII(r.err, f"{who}: {args}")
                self.assertEqual(os.listdir(out_dir), [])

    def test_auditor_counts_every_flag(self):
        how = NO_MAIL[0][2]
        r = run(how, "flags", "--summary", "--format", "json", check=0)
        self.assertEqual(sum(o["count"] for o in r.json()), len(ALL_FLAGS))
        for fmt in ("text", "csv"):
            self.assertNoPII(run(how, "flags", "--summary", "--format", fmt, check=0).out,
                             "auditor: flags --summary")

    def test_administrators_see_no_flag_counts(self):
        for who, role, how in NO_MAIL[1:]:
            r = run(how, "flags", "--summary", check=4)
            self.assertEqual(r.out, "")


# --- The permission matrix of the other commands -----------------------------------------------

class Permissions(Checks):
    # command -> the roles that may run it (DESIGN.md, mailscope(1) ACCESS).
    MAY = {
        "scan": {"compliance"},
        "import": {"admin", "compliance"},
        "org set": {"admin"},
        "policy add": {"admin", "compliance"},
        "unlock": {"manager", "compliance"},
        "audit log": {"auditor"},
        "audit verify": {"auditor", "admin"},
    }
    ACTORS = {"employee": "zhang.wei@" + DOMAIN, "manager": "sun.qiang@" + DOMAIN,
              "compliance": "zhao.min@" + DOMAIN, "auditor": "ma.xiaodong@" + DOMAIN,
              "admin": "xu.ting@" + DOMAIN}

    def test_denials_name_the_role(self):
        # Only the denials run: the permitted ones would change the shared case.
        args = {"scan": ["scan"], "import": ["import", "--quiet", FIXTURE_PATHS["a1-sales-outbound"]],
                "org set": ["org", "set", DIRECTORY], "policy add": ["policy", "add", POLICIES[0]],
                "unlock": ["unlock", str(fid("a2-cross-department")), "--reason", "核实客户投诉"],
                "audit log": ["audit", "log"], "audit verify": ["audit", "verify"]}
        for command, roles in self.MAY.items():
            for role, who in self.ACTORS.items():
                if role in roles:
                    continue
                with self.subTest(command=command, role=role):
                    r = ms(*args[command], case=CASE, env=as_env(who), check=4)
                    self.assertIn("permission denied: %ss may not run" % role, r.err)
                    self.assertEqual(r.out, "")

    def test_audit_trail_for_its_readers(self):
        for role in ("auditor", "admin"):
            ms("audit", "verify", case=CASE, env=as_env(self.ACTORS[role]), check=0)
        r = ms("audit", "log", case=CASE, env=as_env(self.ACTORS["auditor"]), check=0)
        self.assertTrue(r.out.strip())


# --- Unlock: one message, for one manager ------------------------------------------------------

class Unlock(Checks):
    @classmethod
    def setUpClass(cls):
        # Grants change what the matrix sees: a copy of the case of its own.
        cls.case = os.path.join(mstest.scratch("access-matrix-unlock"), "case")
        shutil.copytree(CASE, cls.case)

    def show(self, how, key, check=0):
        return run(how, "show", fid(key), "--format", "json", case=self.case, check=check)

    def test_unlock_clears_one_message_for_one_manager(self):
        sun, zhou = ("--as", "sun.qiang"), ("--as", "zhou.jie")
        a2 = fid("a2-cross-department")
        before = self.show(sun, "a2-cross-department")
        self.assertNoPII(before.out, "sun.qiang before unlock")
        self.assertEqual(run_bytes(sun, "show", "--raw", a2, case=self.case).returncode, 4)

        r = run(sun, "unlock", a2, "--reason", "客户投诉核实 ticket 10231", "--format", "json",
                case=self.case, check=0)
        (grant,) = r.json()
        self.assertEqual((grant["message"], grant["person"]), (a2, "sun.qiang@" + DOMAIN))

        after = self.show(sun, "a2-cross-department")
        self.assertPII(after.out, PII, "sun.qiang after unlock")
        (rec,) = after.json()
        self.assertIn(CARD, rec["subject"])
        for form in MOBILE_FORMS + [CARD_SPACED, RESIDENT_ID_SPACED, PRIVATE_A]:
            self.assertIn(form, rec["body"])
        p = run_bytes(sun, "show", "--raw", a2, case=self.case)
        with open(FIXTURE_PATHS["a2-cross-department"], "rb") as f:
            self.assertEqual((p.returncode, p.stdout), (0, f.read()))
        mbox = os.path.join(os.path.dirname(self.case), "a2.mbox")
        run(sun, "export", "id:%d" % a2, "--mbox", mbox, case=self.case, check=0)
        self.assertEqual(mstest.mbox_count(mbox), 1)

        # Only that message: the rest of sun.qiang's view stays masked.
        recs = run(sun, "search", "*", "--format", "json", case=self.case, check=0).json()
        self.assertEqual(sorted(o["id"] for o in recs), sorted(expected("sun.qiang")))
        for o in recs:
            if o["id"] != a2:
                self.assertNoPII(json.dumps(o, ensure_ascii=False), f"sun.qiang: search {o['id']}")
        run(sun, "export", "*", "--mbox", mbox + "2", case=self.case, check=4)
        self.assertNoPII(self.show(sun, "a1-sales-outbound").out, "sun.qiang: a1 after a2 unlocked")

        # Only that manager: the finance manager still sees it masked.
        self.assertNoPII(self.show(zhou, "a2-cross-department").out, "zhou.jie after unlock")
        self.assertEqual(run_bytes(zhou, "show", "--raw", a2, case=self.case).returncode, 4)

    def test_unlock_does_not_widen_a_managers_scope(self):
        sun = ("--as", "sun.qiang")
        for key in ("a5-support-internal", "a3-personal"):
            r = run(sun, "unlock", fid(key), "--reason", "想看看内容", case=self.case, check=4)
            self.assertIn("outside what a manager may see", r.err)
            self.assertEqual(self.show(sun, key, check=4).out, "")

    def test_unlock_needs_a_reason_and_a_role(self):
        a2 = fid("a2-cross-department")
        run(("--as", "huang.li"), "unlock", a2, "--reason", "ab", case=self.case, check=2)
        for who in ("wang.fang", "ma.xiaodong", "xu.ting"):
            r = run(("--as", who), "unlock", a2, "--reason", "核实客户投诉", case=self.case,
                    check=4)
            self.assertIn("permission denied", r.err)
        self.assertEqual(self.show(("--as", "wang.fang"), "a2-cross-department").json()[0]["id"],
                         a2)  # her own mail, unchanged

    def test_compliance_unlocks_personal_mail(self):
        zhao = ("--as", "zhao.min")
        a3 = fid("a3-personal")
        self.assertEqual(self.show(zhao, "a3-personal", check=4).out, "")
        r = run(zhao, "unlock", a3, "--reason", "举报核实 case 7", "--format", "csv",
                case=self.case, check=0)
        (row,) = csv_rows(r.out)
        self.assertEqual((int(row["message"]), row["person"]), (a3, "zhao.min@" + DOMAIN))
        self.assertPII(self.show(zhao, "a3-personal").out, PII, "compliance after unlock")
        ids = {o["id"] for o in run(zhao, "search", "*", "--format", "json", case=self.case,
                                    check=0).json()}
        self.assertEqual(ids, set(expected("zhao.min")) | {a3})
        # Not for the sales manager, whose scope never holds personal mail.
        self.assertEqual(self.show(("--as", "sun.qiang"), "a3-personal", check=4).out, "")


# --- The OS login, mapped through the directory ------------------------------------------------

class MappedLogin(Checks):
    def test_the_login_acts_as_its_person(self):
        # The directory gives the finance manager the login running the tests; mailscope run
        # without --as and MAILSCOPE_AS then shows his view.
        me = pwd.getpwuid(os.geteuid()).pw_name
        work = mstest.scratch("access-matrix-login")
        case = os.path.join(work, "case")
        shutil.copytree(CASE, case)
        with open(DIRECTORY, encoding="utf-8") as f:
            text = f.read()
        self.assertEqual(text.count('login = "zhou.jie"'), 1)
        directory = os.path.join(work, "mailscope.toml")
        with open(directory, "w", encoding="utf-8") as f:
            f.write(text.replace('login = "zhou.jie"', 'login = "%s"' % me))
        ms("org", "set", directory, case=case, env=mstest.AS_OWNER, check=0)
        want = expected("zhou.jie")
        r = ms("search", "*", "--format", "json", case=case, env=mstest.AS_OWNER, check=0)
        self.assertEqual(sorted(o["id"] for o in r.json()), sorted(want))
        self.assertNoPII(r.out, "login mapped to zhou.jie: search")
        r = ms("show", fid("a2-cross-department"), case=case, env=mstest.AS_OWNER, check=0)
        self.assertNoPII(r.out, "login mapped to zhou.jie: show")
        ms("show", fid("a1-sales-outbound"), case=case, env=mstest.AS_OWNER, check=4)
        ms("org", "set", directory, case=case, env=mstest.AS_OWNER, check=4)  # not an admin now


if __name__ == "__main__":
    mstest.main()
