"""The hash-chained audit trail (CASE/audit.db, CASE/audit.head): what is written, who may read
it, how `mailscope audit log` filters it, and that `mailscope audit verify` catches every kind
of tampering, also after later commands have appended to the tampered trail. Grants live in
the trail too: a forged or edited unlock grants nothing, and a genuine one expires (faketime).
A second, unmapped OS user is refused and the refusal is recorded (root only).

Expectations are written down here as the test runs each command, from what the command was
(who ran it, as whom, with which arguments) and from the directory (examples/demo/
mailscope.toml, read with tomllib) and a fixture of three messages whose scope is known by
construction. Nothing expected is copied from mailscope's output except the record times of
the text listing (checked against the clock in the JSON listing) and the hashes, which are
read from audit.db with Python's sqlite3 and checked to form the chain.
"""
import csv
import datetime
import email.utils
import hashlib
import hmac
import io
import json
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import tomllib
import unittest
from email.message import EmailMessage

import mstest
from mstest import BIN, SOURCE

DIRECTORY = os.path.join(SOURCE, "examples", "demo", "mailscope.toml")
DOMAIN = "haina-trade.com"
ME = pwd.getpwuid(os.geteuid()).pw_name
PHONE = "13957128864"
FAKETIME = shutil.which("faketime")

with open(DIRECTORY, "rb") as _f:
    _TOML = tomllib.load(_f)
PEOPLE = {p["login"]: p for p in _TOML["person"]}

ZHAO, SUN, ZHANG, ZHOU = "zhao.min", "sun.qiang", "zhang.wei", "zhou.jie"
AUDITOR, ADMIN = "ma.xiaodong", "xu.ting"
OWNER = None  # the case owner acting as themself (nobody in the directory)


def email_of(login):
    return PEOPLE[login]["email"]


# --- The fixture: three messages whose scope is known by construction -------------------------
# The directory's working hours are Monday to Friday 09:00-18:00 in Asia/Shanghai.
#   m1: zhang.wei (sales) to a customer, the sales manager sun.qiang in To; a Tuesday morning.
#       compliance: clear; sun.qiang (sales manager): masked; zhang.wei: his own, clear.
#   m2: li.na (finance) to zhou.jie (finance manager); a Wednesday morning.
#       compliance: clear; sun.qiang: hidden (no sales party); zhang.wei: hidden.
#   m3: zhang.wei to a private address on a Saturday night, one company party: personal mail.
#       compliance: hidden (scene filter); sun.qiang: hidden; zhang.wei: his own, clear.
SH = datetime.timezone(datetime.timedelta(hours=8))
FIXTURE = {
    "m1": ("zhang.wei@" + DOMAIN, ["sun.qiang@" + DOMAIN, "buyer@mingda-elec.com"],
           datetime.datetime(2025, 6, 10, 10, 0, tzinfo=SH),
           "Quote for order 7781, call %s" % PHONE,
           "Please call me on %s about the quote.\n" % PHONE),
    "m2": ("li.na@" + DOMAIN, ["zhou.jie@" + DOMAIN],
           datetime.datetime(2025, 6, 11, 11, 0, tzinfo=SH),
           "Invoice 2025-118", "The invoice is attached.\n"),
    "m3": ("zhang.wei@" + DOMAIN, ["old.friend@gmail.com"],
           datetime.datetime(2025, 6, 14, 22, 0, tzinfo=SH),
           "weekend", "See you on Saturday.\n"),
}

BASE = None         # the base case: fixture imported, ids listed, directory installed
BASE_TRAIL = None   # its three expected records
TAMPER_BASE = None  # the base case with four more records (seven in all)
TAMPER_TRAIL = None
ID = {}             # "m1" -> case id


def write_fixture(folder):
    for key, (frm, to, date, subject, body) in FIXTURE.items():
        m = EmailMessage()
        m["From"] = frm
        m["To"] = ", ".join(to)
        m["Date"] = email.utils.format_datetime(date)
        m["Subject"] = subject
        m["Message-ID"] = "<%s.audit-trail@mailscope.test>" % key
        m.set_content(body)
        with open(os.path.join(folder, key + ".eml"), "wb") as f:
            f.write(bytes(m))


# --- Running mailscope as someone ------------------------------------------------------------

def msx(case, who, *args, via="env", prefix=(), extra_env=None, timeout=120):
    """mailscope args on case, acting as `who` (a directory login; OWNER: the owner as
    themself), through MAILSCOPE_AS (via="env") or --as; `prefix` runs it under another
    program (faketime)."""
    mstest.require_binary()
    argv = [str(a) for a in args]
    argv = argv[:1] + ["--case", case] + argv[1:]
    env = dict(os.environ)
    env.pop("MAILSCOPE_CASE", None)
    env.pop("MAILSCOPE_AS", None)
    if who is not None:
        if via == "env":
            env["MAILSCOPE_AS"] = email_of(who)
        else:
            argv += ["--as", who]
    if extra_env:
        env.update(extra_env)
    proc = subprocess.run(list(prefix) + [BIN] + argv, capture_output=True, text=True,
                          env=env, timeout=timeout, errors="replace")
    return mstest.Run(argv, proc)


def faked(at):
    """A prefix running a command with the clock starting at `at` (UTC)."""
    return [FAKETIME, "-f", "@" + at]


def epoch_of(text):
    """Seconds of an ISO 8601 UTC time as mailscope writes it (with or without ms)."""
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if "." in text else "%Y-%m-%dT%H:%M:%SZ"
    return datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.timezone.utc).timestamp()


def utc_epoch(text):
    """Seconds of a UTC date or time written YYYY-MM-DD[THH:MM[:SS]] or 'YYYY-MM-DD HH:MM:SS'."""
    text = text.replace(" ", "T")
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            d = datetime.datetime.strptime(text, fmt)
            return d.replace(tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            pass
    raise ValueError(text)


def period_end(text):
    """The end of the period a --until value names: a day, a minute or a second."""
    return utc_epoch(text) + {10: 86400, 16: 60, 19: 1}[len(text)]


# --- The expected trail ----------------------------------------------------------------------

class Trail:
    """The records a case's trail must hold, written down as the test runs commands."""

    def __init__(self, entries=()):
        self.entries = [dict(e) for e in entries]

    def copy(self):
        return Trail(self.entries)

    def __len__(self):
        return len(self.entries)

    def add(self, who, action, window, target="", query="", reason="", outcome="ok",
            detail=None, until=None, actor=ME, impersonating=True, role=None, person=None):
        """Appends the record a command run as `who` writes. `detail` is the command's JSON
        detail without the "as" key that acting as someone adds; None: no detail at all. The
        case owner (OWNER) is nobody: role "admin" once the directory is installed."""
        if who is OWNER:
            person_, role_, impersonating = "", "admin", False
        else:
            person_, role_ = email_of(who), PEOPLE[who]["role"]
        person_ = person_ if person is None else person
        role_ = role_ if role is None else role
        if detail is None and not impersonating:
            d = ""  # no detail: the text "" (not JSON)
        else:
            d = dict(detail or {})
            if impersonating:
                d = {"as": True, **d}
        self.entries.append({
            "seq": len(self.entries) + 1, "window": window, "actor": actor, "person": person_,
            "role": role_, "action": action, "target": str(target), "query": query,
            "reason": reason, "outcome": outcome, "until": until, "detail": d})
        return self.entries[-1]

    def run(self, case, who, args, check, via="env", prefix=(), fake_at=None, **expected):
        """Runs mailscope as `who` (asserting the exit code) and adds the record it writes."""
        t0 = time.time()
        r = msx(case, who, *args, via=via, prefix=prefix)
        t1 = time.time()
        if r.code != check:
            raise AssertionError(f"expected exit {check}\n{r!r}")
        window = (utc_epoch(fake_at), utc_epoch(fake_at) + 10) if fake_at else (t0, t1)
        self.add(who, window=window, **expected)
        return r

    def select(self, actor="", action="", since="", until=""):
        """The entries `audit log` filters must list (mailscope-audit(1): actor is a login or
        a person; since inclusive; until up to and including the day, minute or second)."""
        out = []
        for e in self.entries:
            if actor and actor not in (e["actor"], e["person"]):
                continue
            if action and e["action"] != action:
                continue
            lo, hi = e["window"]
            if since:
                s = utc_epoch(since)
                if lo < s <= hi:
                    raise AssertionError(f"record {e['seq']} straddles --since {since}")
                if hi < s:
                    continue
            if until:
                u = period_end(until)
                if lo < u <= hi:
                    raise AssertionError(f"record {e['seq']} straddles --until {until}")
                if lo >= u:
                    continue
            out.append(e)
        return out


def text_line(e, at):
    """The text line of an expected record (mailscope-audit(1) listing format)."""
    s = f"{e['seq']}  {at[:19]}  {e['actor']}"
    if e["person"]:
        s += " as " + e["person"]
    s += f" ({e['role']})  {e['action']}"
    if e["target"]:
        s += " " + e["target"]
    if e["query"]:
        s += "  query: " + e["query"]
    if e["reason"]:
        s += "  reason: " + e["reason"]
    if e["outcome"] != "ok":
        s += f"  [{e['outcome']}]"
    return s


# --- The trail as stored ---------------------------------------------------------------------

def audit_rows(case):
    con = sqlite3.connect(os.path.join(case, "audit.db"))
    try:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM audit ORDER BY seq")]
    finally:
        con.close()


def tamper_sql(case, *statements):
    con = sqlite3.connect(os.path.join(case, "audit.db"))
    try:
        for st in statements:
            if isinstance(st, tuple):
                con.execute(*st)
            else:
                con.execute(st)
        con.commit()
    finally:
        con.close()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def fresh_case(name, source=None):
    """A copy of the base case (or of `source`) that one test may change."""
    path = os.path.join(mstest.scratch("audit-trail-" + name), "case")
    shutil.copytree(source or BASE, path)
    return path


def documented_hash(rec, key):
    """HMAC-SHA256 over the record's fields in the layout audit.cpp documents, under `key`."""
    def field(v):
        v = str(v).encode()
        return str(len(v)).encode() + b":" + v + b";"
    s = b"mailscope-audit/1;" + field(rec["seq"])
    for k in ("at", "actor", "person", "role", "action", "target", "query", "reason", "outcome"):
        s += field(rec[k])
    s += field(rec["until"]) + field(rec["detail"]) + field(rec["prev"])
    return hmac.new(key, s, hashlib.sha256).hexdigest()


# --- The base case ---------------------------------------------------------------------------

def setUpModule():
    global BASE, BASE_TRAIL, TAMPER_BASE, TAMPER_TRAIL
    mstest.require_binary()
    work = mstest.scratch("audit-trail")
    mail = os.path.join(work, "mail")
    os.makedirs(mail)
    write_fixture(mail)
    BASE = os.path.join(work, "case")
    trail = Trail()
    # Before the directory the case is its owner's alone: role "owner", nothing withheld.
    trail.run(BASE, OWNER, ["import", "--quiet", mail], 0, action="import", target=mail,
              role="owner", detail={"messages": 3, "failures": 0}, impersonating=False)
    r = trail.run(BASE, OWNER, ["search", "*", "--format", "json"], 0, action="search",
                  query="*", role="owner", detail={"matches": 3}, impersonating=False)
    for o in r.json():
        ID[o["message_id"].split(".")[0]] = o["id"]
    if sorted(ID) != sorted(FIXTURE):
        raise AssertionError(f"the case holds {sorted(ID)}, the fixture {sorted(FIXTURE)}")
    with open(DIRECTORY, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    changes = [{"person": p["email"], "from": None, "to": "%s/%s" % (p["role"], p["department"])}
               for p in _TOML["person"]]
    trail.run(BASE, OWNER, ["org", "set", DIRECTORY], 0, action="org-set", target=DIRECTORY,
              role="owner", detail={"sha256": sha, "role_changes": changes}, impersonating=False)
    BASE_TRAIL = trail

    TAMPER_BASE = fresh_case("tamper-base")
    t = BASE_TRAIL.copy()
    t.run(TAMPER_BASE, ZHAO, ["search", "*"], 0, action="search", query="*",
          detail={"matches": 2, "withheld": 1})                                        # 4
    t.run(TAMPER_BASE, SUN, ["show", ID["m1"]], 0, action="show", target=ID["m1"],
          detail={"view": "masked"})                                                    # 5
    t.run(TAMPER_BASE, SUN, ["unlock", ID["m1"], "--reason", "客户投诉核实 ticket 10231"], 0,
          action="unlock", target=ID["m1"], reason="客户投诉核实 ticket 10231",
          detail={"hours": 24, "was": "masked"})                                        # 6
    t.run(TAMPER_BASE, ZHAO, ["show", ID["m2"]], 0, action="show", target=ID["m2"],
          detail={"view": "clear"})                                                     # 7
    TAMPER_TRAIL = t


class Checks(unittest.TestCase):
    maxDiff = None

    def assertRecords(self, case, got, want):
        """JSON records of `audit log` against expected entries; hashes against audit.db."""
        stored = {r["seq"]: r for r in audit_rows(case)}
        self.assertEqual([g["seq"] for g in got], [w["seq"] for w in want])
        for g, w in zip(got, want):
            with self.subTest(seq=w["seq"]):
                for k in ("actor", "person", "role", "action", "target", "query", "reason",
                          "outcome", "detail"):
                    self.assertEqual(g[k], w[k], k)
                lo, hi = w["window"]
                at = epoch_of(g["at"])
                self.assertTrue(lo - 0.005 <= at <= hi + 0.005, (g["at"], lo, hi))
                if w["until"] is None:
                    self.assertIsNone(g["until"])
                else:
                    ulo, uhi = w["until"]
                    self.assertTrue(ulo - 1 <= epoch_of(g["until"]) <= uhi,
                                    (g["until"], w["until"]))
                self.assertEqual(g["hash"], stored[w["seq"]]["hash"])
                self.assertRegex(g["hash"], "^[0-9a-f]{64}$")

    def assertChain(self, case):
        """audit.db's records are 1..n, each naming the hash of the one before."""
        rows = audit_rows(case)
        self.assertEqual([r["seq"] for r in rows], list(range(1, len(rows) + 1)))
        prev = "0" * 64
        for r in rows:
            self.assertEqual(r["prev"], prev, r["seq"])
            prev = r["hash"]
        return rows


# --- What gets logged, and audit log's filters in every format --------------------------------

class WhatIsLogged(Checks):
    def test_reads_denials_unlocks_and_filters(self):
        case = fresh_case("logged")
        t = BASE_TRAIL.copy()
        m1, m2, m3 = ID["m1"], ID["m2"], ID["m3"]
        out_dir = os.path.dirname(case)
        export_json = os.path.join(out_dir, "zhao.jsonl")
        export_mbox = os.path.join(out_dir, "sun.mbox")

        # Compliance reads: every search (with its query), show, export and flags listing.
        r = t.run(case, ZHAO, ["search", "*", "--format", "json"], 0, action="search",
                  query="*", detail={"matches": 2, "withheld": 1})
        self.assertEqual(sorted(o["id"] for o in r.json()), sorted([m1, m2]))
        r = t.run(case, ZHAO, ["search", "invoice", "--count"], 0, action="search",
                  query="invoice", detail={"matches": 1, "withheld": 0})
        self.assertEqual(r.out, "1\n")
        t.run(case, ZHAO, ["show", m2], 0, via="--as", action="show", target=m2,
              detail={"view": "clear"})
        r = t.run(case, ZHAO, ["show", m3], 4, action="show", target=m3, outcome="denied",
                  detail={"view": "hidden"})
        self.assertEqual(r.out, "")
        t.run(case, ZHAO, ["export", "*", "--json", export_json], 0, action="export",
              target=export_json, query="*",
              detail={"format": "json", "messages": 2, "masked": 0, "withheld": 1})
        t.run(case, ZHAO, ["flags"], 1, action="flags", detail={})  # nothing scanned yet

        # The sales manager: a masked view, refusals of the original bytes, an unlock.
        r = t.run(case, SUN, ["show", m1, "--format", "json"], 0, via="--as", action="show",
                  target=m1, detail={"view": "masked"})
        self.assertNotIn(PHONE, r.out)
        r = t.run(case, SUN, ["show", "--raw", m1], 4, via="--as", action="show", target=m1,
                  outcome="denied", detail={"view": "raw"})
        self.assertEqual(r.out, "")
        t.run(case, SUN, ["export", "*", "--mbox", export_mbox], 4, via="--as",
              action="export", target=export_mbox, query="*", outcome="denied",
              detail={"format": "mbox", "messages": 1, "masked": 1, "withheld": 2})
        self.assertFalse(os.path.exists(export_mbox))
        reason = "  客户投诉核实   ticket 10231 "
        t0 = time.time()
        r = t.run(case, SUN, ["unlock", m1, "--reason", reason, "--hours", "2", "--format",
                              "json"], 0, via="--as", action="unlock", target=m1,
                  reason="客户投诉核实 ticket 10231", detail={"hours": 2, "was": "masked"})
        t.entries[-1]["until"] = (int(t0) + 7200, time.time() + 7200)
        (grant,) = r.json()
        self.assertEqual((grant["message"], grant["person"], grant["reason"]),
                         (m1, email_of(SUN), "客户投诉核实 ticket 10231"))
        unlock_seq, unlock_until = len(t), grant["until"]
        r = t.run(case, SUN, ["show", m1, "--format", "json"], 0, via="--as", action="show",
                  target=m1, detail={"view": "clear", "unlocked": True})
        self.assertIn(PHONE, r.out)
        t.run(case, SUN, ["unlock", m2, "--reason", "想看看内容"], 4, via="--as",
              action="unlock", target=m2, reason="想看看内容", outcome="denied",
              detail={"hours": 24, "was": "hidden"})

        # An employee's search; roles that read no mail are refused before the command runs
        # (the refusal names the command, not its arguments).
        r = t.run(case, ZHANG, ["search", "*", "--format", "json"], 0, action="search",
                  query="*", detail={"matches": 2, "withheld": 1})
        self.assertEqual(sorted(o["id"] for o in r.json()), sorted([m1, m3]))
        t.run(case, AUDITOR, ["search", "*"], 4, action="search", outcome="denied", detail={})
        t.run(case, ADMIN, ["show", m1], 4, via="--as", action="show", outcome="denied",
              detail={})
        t.run(case, AUDITOR, ["flags", "--summary"], 1, action="flags-summary",
              detail={"summary": True})

        # Three reads at known times, for --since and --until.
        if FAKETIME:
            for at, args, exp in (
                    ("2001-02-10 08:00:00", ["search", "invoice", "--count"],
                     dict(action="search", query="invoice", detail={"matches": 1, "withheld": 0})),
                    ("2001-02-11 12:00:30", ["show", m2],
                     dict(action="show", target=m2, detail={"view": "clear"})),
                    ("2001-02-12 00:00:10", ["search", "*", "--count"],
                     dict(action="search", query="*", detail={"matches": 2, "withheld": 1}))):
                t.run(case, ZHAO, args, 0, prefix=faked(at), fake_at=at, **exp)
        self.assertEqual(len(t), 22 if FAKETIME else 19)

        # The whole trail, as text and as JSON (each listing is itself recorded first).
        text = t.run(case, AUDITOR, ["audit", "log"], 0, action="audit-log", detail={})
        js = t.run(case, AUDITOR, ["audit", "log", "--format", "json"], 0, action="audit-log",
                   detail={})
        got = js.json()
        self.assertRecords(case, got, t.entries)
        self.assertEqual(text.out.splitlines(),
                         [text_line(e, g["at"]) for e, g in zip(t.entries[:-1], got)])
        self.assertChain(case)
        self.assertEqual(got[unlock_seq - 1]["until"], unlock_until)
        self.assertEqual(got[unlock_seq - 1]["reason"], "客户投诉核实 ticket 10231")

        def listing(fmt, *filters, check=0, **sel):
            names = {"--actor": "actor", "--action": "action", "--since": "since",
                     "--until": "until"}
            args = list(filters)
            detail = {names[args[i]]: args[i + 1] for i in range(0, len(args), 2)}
            r = t.run(case, AUDITOR, ["audit", "log", "--format", fmt, *args], check,
                      action="audit-log", detail=detail)
            want = t.select(**{names[args[i]]: args[i + 1] for i in range(0, len(args), 2)})
            return r, want

        # --actor: a person (by primary address) or an OS login.
        r, want = listing("json", "--actor", email_of(ZHAO))
        self.assertEqual([w["person"] for w in want], [email_of(ZHAO)] * len(want))
        self.assertEqual(len(want), 6 + (3 if FAKETIME else 0))
        self.assertRecords(case, r.json(), want)
        r, want = listing("csv", "--actor", ME)
        self.assertEqual(len(want), len(t))  # every record so far is this login's
        rows = list(csv.DictReader(io.StringIO(r.out)))
        self.assertEqual(list(rows[0].keys()) if rows else None,
                         ["seq", "at", "actor", "person", "role", "action", "target", "query",
                          "reason", "outcome", "until", "detail", "hash"])
        as_json = [dict(row, seq=int(row["seq"]), until=row["until"] or None,
                        detail=json.loads(row["detail"]) if row["detail"] else "")
                   for row in rows]
        self.assertRecords(case, as_json, want)
        # --action, alone and with --actor.
        r, want = listing("json", "--action", "unlock")
        self.assertEqual([w["seq"] for w in want], [unlock_seq, unlock_seq + 2])
        self.assertRecords(case, r.json(), want)
        r, want = listing("csv", "--actor", email_of(SUN), "--action", "show")
        self.assertEqual([w["target"] for w in want], [str(m1)] * 3)
        self.assertEqual([w["outcome"] for w in want], ["ok", "denied", "ok"])
        rows = list(csv.DictReader(io.StringIO(r.out)))
        self.assertEqual([(int(x["seq"]), x["target"], x["outcome"], json.loads(x["detail"]))
                          for x in rows],
                         [(w["seq"], w["target"], w["outcome"], w["detail"]) for w in want])
        r, want = listing("text", "--action", "export")
        self.assertEqual([(w["target"], w["outcome"]) for w in want],
                         [(export_json, "ok"), (export_mbox, "denied")])
        ats = {g["seq"]: g["at"] for g in js.json()}
        self.assertEqual(r.out.splitlines(), [text_line(w, ats[w["seq"]]) for w in want])
        # Nothing matches: exit 1, nothing printed.
        r, want = listing("json", "--action", "no-such-action", check=1)
        self.assertEqual((r.out, want), ("", []))

        if FAKETIME:
            # --since is inclusive; --until includes the whole day, minute or second it names.
            for filters, seqs in (
                    (("--since", "2001-02-11", "--until", "2001-02-11"), [21]),
                    (("--since", "2001-02-10T08:00", "--until", "2001-02-11T12:00"), [20, 21]),
                    (("--until", "2001-02-11T12:00:29"), [20]),
                    (("--since", "2001-02-11T12:01", "--until", "2001-12-31"), [22]),
                    (("--since", "2001-02-12", "--action", "search"),
                     [2, 4, 5, 16, 17, 22])):
                with self.subTest(filters=filters):
                    r, want = listing("json", *filters)
                    self.assertEqual([w["seq"] for w in want], seqs)
                    self.assertRecords(case, r.json(), want)

        # A bad date is a usage error, and nothing is recorded for it.
        n = len(audit_rows(case))
        r = msx(case, AUDITOR, "audit", "log", "--since", "yesterday")
        self.assertEqual((r.code, r.out), (2, ""), r)
        self.assertIn("'yesterday' is not a date", r.err)
        self.assertEqual(len(audit_rows(case)), n)
        self.assertEqual(n, len(t))
        self.assertChain(case)
        ok = msx(case, AUDITOR, "audit", "verify")
        self.assertEqual(ok.code, 0, ok)


# --- Who may read and verify the trail ----------------------------------------------------

class WhoMayRead(Checks):
    def test_only_auditors_read_and_auditors_or_admins_verify(self):
        case = fresh_case("readers")
        t = BASE_TRAIL.copy()
        denied = {ZHANG: "employee", SUN: "manager", ZHAO: "compliance", ADMIN: "admin",
                  OWNER: "admin"}
        for who, role in denied.items():
            with self.subTest(who=who, command="log"):
                r = t.run(case, who, ["audit", "log", "--format", "json"], 4, via="--as",
                          action="audit", outcome="denied", detail=None if who is OWNER else {})
                self.assertEqual(r.out, "")
                self.assertIn("permission denied: %ss may not run `mailscope audit`" % role, r.err)
                self.assertIn("only auditors read the audit trail", r.err)
        for who in (ZHANG, SUN, ZHAO):
            with self.subTest(who=who, command="verify"):
                r = t.run(case, who, ["audit", "verify"], 4, action="audit", outcome="denied",
                          detail={})
                self.assertEqual(r.out, "")
                self.assertIn("may not run `mailscope audit`", r.err)
        for who in (AUDITOR, ADMIN, OWNER):
            with self.subTest(who=who, command="verify"):
                # The verification is recorded after the check: it counts the n before it.
                n = len(t)
                head = audit_rows(case)[-1]["hash"]
                r = t.run(case, who, ["audit", "verify"], 0, action="audit-verify",
                          detail={"records": n})
                self.assertEqual(r.out, "audit trail intact: %d records, last %s\n" % (n, head))
        r = t.run(case, AUDITOR, ["audit", "log", "--format", "json"], 0, action="audit-log",
                  detail={})
        self.assertRecords(case, r.json(), t.entries)
        self.assertChain(case)

    def test_verify_reports_the_count_and_the_last_hash(self):
        case = fresh_case("verify-ok", TAMPER_BASE)
        rows = audit_rows(case)
        self.assertEqual(len(rows), 7)
        r = msx(case, AUDITOR, "audit", "verify")
        self.assertEqual((r.code, r.out), (0, "audit trail intact: 7 records, last %s\n"
                                           % rows[-1]["hash"]), r)
        self.assertEqual(r.err, "")
        r = msx(case, ADMIN, "audit", "verify", "--format", "json", via="--as")
        self.assertEqual(r.code, 0, r)
        rows = audit_rows(case)
        (v,) = r.json()
        self.assertEqual({k: v[k] for k in ("intact", "records", "first_bad", "problem", "head")},
                         {"intact": True, "records": 8, "first_bad": 0, "problem": "",
                          "head": rows[7]["hash"]})
        # The first verification is record 8, a record like any other.
        self.assertEqual((rows[7]["action"], rows[7]["outcome"], json.loads(rows[7]["detail"])),
                         ("audit-verify", "ok", {"as": True, "records": 7}))
        self.assertEqual(len(rows), 9)


# --- Tampering -------------------------------------------------------------------------------

class Tampering(Checks):
    """Each kind on a fresh copy of the seven-record trail: verify exits 1 and names the first
    bad record; a command run afterwards appends, and the trail stays broken."""

    def setUp(self):
        self.case = fresh_case("tamper-" + self._testMethodName[5:40], TAMPER_BASE)
        self.rows = self.assertChain(self.case)
        self.assertEqual(len(self.rows), 7)

    def verify_text(self, first_bad, problem, records):
        r = msx(self.case, AUDITOR, "audit", "verify")
        self.assertEqual(r.code, 1, r)
        if isinstance(problem, re.Pattern):
            self.assertRegex(r.out, r"\Aaudit trail BROKEN at record %d: %s\n\Z"
                             % (first_bad, problem.pattern))
        else:
            self.assertEqual(r.out, "audit trail BROKEN at record %d: %s\n" % (first_bad, problem))
        self.assertEqual(len(audit_rows(self.case)), records + 1)  # the verification's record
        last = audit_rows(self.case)[-1]
        self.assertEqual((last["action"], last["outcome"], json.loads(last["detail"])),
                         ("audit-verify", "failed",
                          {"as": True, "first_bad": first_bad, "records": records}))
        return r

    def verify_json(self, first_bad, problem, records):
        r = msx(self.case, ADMIN, "audit", "verify", "--format", "json", via="--as")
        self.assertEqual(r.code, 1, r)
        (v,) = r.json()
        self.assertEqual((v["intact"], v["first_bad"], v["records"]), (False, first_bad, records))
        if isinstance(problem, re.Pattern):
            self.assertRegex(v["problem"], problem)
        else:
            self.assertEqual(v["problem"], problem)

    def later_command(self):
        """A compliance read after the tampering: it works and appends one record."""
        n = len(audit_rows(self.case))
        r = msx(self.case, ZHAO, "search", "*", "--count")
        self.assertEqual((r.code, r.out), (0, "2\n"), r)
        self.assertEqual(len(audit_rows(self.case)), n + 1)

    def broken_before_and_after(self, first_bad, problem, records, after=None):
        """verify (text), a later command, verify again (JSON): both broken. `after` is the
        (first_bad, problem) of the second verification when it differs."""
        self.verify_text(first_bad, problem, records)
        self.later_command()
        fb, pr = after or (first_bad, problem)
        self.verify_json(fb, pr, records + 2)

    CONTENTS = "its contents do not match its hash (edited or forged)"

    def test_edit_a_field(self):
        until6 = self.rows[5]["until"]
        for seq, column, value in ((4, "query", "something harmless"),
                                   (6, "reason", "routine check"),
                                   (6, "until", until6 + 30 * 86400),
                                   (5, "outcome", "denied"),
                                   (2, "at", "2001-01-01T00:00:00.000Z"),
                                   (3, "actor", "nobody"),
                                   (5, "detail", '{"as":true,"view":"clear"}'),
                                   (7, "target", str(ID["m1"]))):
            with self.subTest(seq=seq, column=column):
                self.case = fresh_case("tamper-edit", TAMPER_BASE)
                tamper_sql(self.case, ("UPDATE audit SET %s=? WHERE seq=?" % column,
                                       (value, seq)))
                self.assertEqual(audit_rows(self.case)[seq - 1][column], value)
                self.broken_before_and_after(seq, self.CONTENTS, 7)

    def test_edit_a_hash_to_match_the_next_link(self):
        # Replacing record 4 wholesale (new contents, the hash recomputed without the key)
        # fails at 4 however its hash is chosen.
        row = dict(self.rows[3], query="something harmless")
        row["hash"] = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
        tamper_sql(self.case, ("UPDATE audit SET query=?, hash=? WHERE seq=4",
                               (row["query"], row["hash"])))
        self.broken_before_and_after(4, self.CONTENTS, 7)

    def test_delete_a_middle_record(self):
        tamper_sql(self.case, "DELETE FROM audit WHERE seq=4")
        self.broken_before_and_after(4, "record 4 is missing (the next record is numbered 5)", 6)

    def test_delete_the_first_record(self):
        tamper_sql(self.case, "DELETE FROM audit WHERE seq=1")
        self.broken_before_and_after(1, "record 1 is missing (the next record is numbered 2)", 6)

    def test_truncate_the_last_records(self):
        tamper_sql(self.case, "DELETE FROM audit WHERE seq>=6")
        # The anchor names record 7. The next appends continue after it (8, 9), so the gap
        # stays: later verifications find record 6 missing.
        self.broken_before_and_after(
            6, "records 6 to 7 were removed from the end", 5,
            after=(6, "record 6 is missing (the next record is numbered 8)"))
        self.assertEqual([r["seq"] for r in audit_rows(self.case)], [1, 2, 3, 4, 5, 8, 9, 10])

    def test_truncate_everything(self):
        tamper_sql(self.case, "DELETE FROM audit")
        self.broken_before_and_after(
            1, "records 1 to 7 were removed from the end", 0,
            after=(1, "record 1 is missing (the next record is numbered 8)"))

    def test_reorder(self):
        tamper_sql(self.case, "UPDATE audit SET seq=-4 WHERE seq=4",
                   "UPDATE audit SET seq=4 WHERE seq=5", "UPDATE audit SET seq=5 WHERE seq=-4")
        self.broken_before_and_after(
            4, "does not follow record 3 (its previous-hash does not match: deleted or "
               "reordered)", 7)

    def forged_unlock(self, seq, prev, key=None):
        rec = {"seq": seq, "at": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"), "actor": ME, "person": email_of(SUN), "role": "manager",
               "action": "unlock", "target": str(ID["m1"]), "query": "", "reason": "forged",
               "outcome": "ok", "until": int(time.time()) + 86400,
               "detail": '{"as":true,"hours":24,"was":"masked"}', "prev": prev}
        rec["hash"] = (documented_hash(rec, key) if key else
                       hashlib.sha256(repr(sorted(rec.items())).encode()).hexdigest())
        return rec

    def insert(self, rec):
        cols = list(rec)
        tamper_sql(self.case, ("INSERT INTO audit(%s) VALUES (%s)" % (
            ", ".join(cols), ", ".join("?" * len(cols))), [rec[c] for c in cols]))

    def test_forge_a_record_at_the_end(self):
        self.insert(self.forged_unlock(8, self.rows[6]["hash"]))
        self.broken_before_and_after(8, self.CONTENTS, 8)

    def test_forge_a_record_under_a_wrong_key(self):
        # The documented layout, HMAC'd under a key that is not CASE/audit.key.
        self.insert(self.forged_unlock(8, self.rows[6]["hash"], key=os.urandom(32)))
        self.broken_before_and_after(8, self.CONTENTS, 8)

    def test_forge_a_record_in_the_middle(self):
        # Records 4..7 renumbered 5..8 to make room for a forged record 4.
        tamper_sql(self.case, "UPDATE audit SET seq=seq+100 WHERE seq>=4",
                   "UPDATE audit SET seq=seq-99 WHERE seq>=104")
        self.insert(self.forged_unlock(4, self.rows[2]["hash"]))
        self.broken_before_and_after(4, self.CONTENTS, 8)

    def check_head_kept(self, head):
        """The head file is as the tampering left it (no command rewrites it)."""
        path = os.path.join(self.case, "audit.head")
        if head is None:
            self.assertFalse(os.path.exists(path))
        else:
            self.assertEqual(read_bytes(path), head)

    def test_alter_the_anchor(self):
        path = os.path.join(self.case, "audit.head")
        original = read_bytes(path)
        first, second = original.decode().splitlines()
        seq, h, mac = second.split(" ")
        self.assertEqual((first, seq, h), ("mailscope-audit-head 1", "7", self.rows[6]["hash"]))
        flip = lambda s: s[:-1] + ("0" if s[-1] != "0" else "1")
        for what, text in (("seq", "%s\n6 %s %s\n" % (first, self.rows[5]["hash"], mac)),
                           ("hash", "%s\n7 %s %s\n" % (first, flip(h), mac)),
                           ("mac", "%s\n7 %s %s\n" % (first, h, flip(mac))),
                           ("seq beyond", "%s\n9 %s %s\n" % (first, h, mac))):
            with self.subTest(what=what):
                self.case = fresh_case("tamper-head", TAMPER_BASE)
                write_bytes(os.path.join(self.case, "audit.head"), text.encode())
                # Every append after it leaves it alone: the records after record 7 (the
                # verifications and the later command) are not anchored, so the count moves on.
                self.broken_before_and_after(
                    7, "the anchor file audit.head was altered", 7,
                    after=(9, "the anchor file audit.head was altered"))
                self.check_head_kept(text.encode())

    def test_damage_the_anchor(self):
        for text in (b"", b"garbage\n", b"mailscope-audit-head 1\n7 abc\n"):
            with self.subTest(text=text):
                self.case = fresh_case("tamper-head", TAMPER_BASE)
                write_bytes(os.path.join(self.case, "audit.head"), text)
                self.broken_before_and_after(
                    7, "the anchor file audit.head is damaged", 7,
                    after=(9, "the anchor file audit.head is damaged"))
                self.check_head_kept(text)

    def test_delete_the_anchor(self):
        os.unlink(os.path.join(self.case, "audit.head"))
        missing = r"the anchor file audit\.head is missing or unreadable: .*audit\.head.*"
        self.broken_before_and_after(7, re.compile(missing), 7, after=(9, re.compile(missing)))
        self.check_head_kept(None)

    def test_an_intact_trail_verifies_after_the_same_commands(self):
        # The control: the same steps on an untouched copy exit 0 throughout.
        r = msx(self.case, AUDITOR, "audit", "verify")
        self.assertEqual((r.code, r.out), (0, "audit trail intact: 7 records, last %s\n"
                                           % self.rows[6]["hash"]), r)
        self.later_command()
        r = msx(self.case, ADMIN, "audit", "verify", "--format", "json", via="--as")
        self.assertEqual(r.code, 0, r)
        rows = self.assertChain(self.case)
        self.assertEqual([(v["intact"], v["records"], v["head"]) for v in r.json()],
                         [(True, 9, rows[8]["hash"])])
        head = read_bytes(os.path.join(self.case, "audit.head")).decode().splitlines()[1]
        self.assertEqual(head.split(" ")[:2], ["10", rows[9]["hash"]])


# --- Grants ----------------------------------------------------------------------------------

class Grants(Checks):
    def assertMasked(self, case, who, prefix=(), what=""):
        m1 = ID["m1"]
        r = msx(case, who, "show", m1, "--format", "json", via="--as", prefix=prefix)
        self.assertEqual(r.code, 0, r)
        (rec,) = r.json()
        self.assertEqual(rec["id"], m1)
        self.assertNotIn(PHONE, r.out, what)
        self.assertIn("Quote for order 7781", rec["subject"])  # the rest is there
        raw = msx(case, who, "show", "--raw", m1, via="--as", prefix=prefix)
        self.assertEqual((raw.code, raw.out), (4, ""), what)
        self.assertIn("the original bytes cannot be masked", raw.err)
        last = audit_rows(case)[-2]
        self.assertEqual((last["action"], last["target"], json.loads(last["detail"])),
                         ("show", str(m1), {"as": True, "view": "masked"}), what)

    def assertClear(self, case, who, prefix=(), what=""):
        m1 = ID["m1"]
        r = msx(case, who, "show", m1, "--format", "json", via="--as", prefix=prefix)
        self.assertEqual(r.code, 0, r)
        (rec,) = r.json()
        self.assertIn(PHONE, rec["subject"], what)
        self.assertIn(PHONE, rec["body"], what)
        raw = msx(case, who, "show", "--raw", m1, via="--as", prefix=prefix)
        self.assertEqual(raw.code, 0, raw)
        self.assertIn(PHONE, raw.out)
        last = audit_rows(case)[-1]
        self.assertEqual(json.loads(last["detail"]), {"as": True, "view": "raw", "unlocked": True})

    def insert(self, case, rec):
        cols = list(rec)
        tamper_sql(case, ("INSERT INTO audit(%s) VALUES (%s)" % (
            ", ".join(cols), ", ".join("?" * len(cols))), [rec[c] for c in cols]))

    def forged(self, case, key=None, **over):
        last = audit_rows(case)[-1]
        rec = {"seq": last["seq"] + 1, "at": datetime.datetime.now(
            datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "actor": ME,
               "person": email_of(SUN), "role": "manager", "action": "unlock",
               "target": str(ID["m1"]), "query": "", "reason": "客户投诉核实 ticket 10231",
               "outcome": "ok", "until": int(time.time()) + 7 * 86400,
               "detail": '{"as":true,"hours":24,"was":"masked"}', "prev": last["hash"]}
        rec.update(over)
        rec["hash"] = (documented_hash(rec, key) if key is not None
                       else hashlib.sha256(json.dumps(rec).encode()).hexdigest())
        return rec

    def test_a_forged_unlock_grants_nothing(self):
        case = fresh_case("forged-grant")
        self.assertMasked(case, SUN, what="before")
        forged = self.forged(case)
        self.insert(case, forged)
        self.assertMasked(case, SUN, what="after a forged unlock")
        # Also under a wrong key in the documented layout, and chained after the first.
        self.insert(case, self.forged(case, key=os.urandom(32)))
        self.assertMasked(case, SUN, what="after a forged unlock under a wrong key")
        r = msx(case, AUDITOR, "audit", "verify")
        self.assertEqual((r.code, r.out), (1, "audit trail BROKEN at record %d: its contents do "
                                              "not match its hash (edited or forged)\n"
                                           % forged["seq"]), r)
        # The control: a genuine unlock by the same manager clears the message.
        r = msx(case, SUN, "unlock", ID["m1"], "--reason", "客户投诉核实 ticket 10231",
                via="--as")
        self.assertEqual(r.code, 0, r)
        self.assertClear(case, SUN, what="after a genuine unlock")

    def test_a_genuine_grant_moved_to_another_person_grants_nothing(self):
        case = fresh_case("moved-grant")
        r = msx(case, SUN, "unlock", ID["m1"], "--reason", "客户投诉核实 ticket 10231",
                via="--as")
        self.assertEqual(r.code, 0, r)
        self.assertClear(case, SUN)
        # The finance manager sees m2 masked; sun.qiang's genuine grant, edited to name him
        # and m2, does not give him the original bytes.
        r = msx(case, ZHOU, "show", ID["m2"], "--format", "json", via="--as")
        self.assertEqual((r.code, [o["id"] for o in r.json()]), (0, [ID["m2"]]), r)
        self.assertEqual(msx(case, ZHOU, "show", "--raw", ID["m2"], via="--as").code, 4)
        (seq,) = [x["seq"] for x in audit_rows(case) if x["action"] == "unlock"]
        tamper_sql(case, ("UPDATE audit SET person=?, target=? WHERE seq=?",
                          (email_of(ZHOU), str(ID["m2"]), seq)))
        r = msx(case, ZHOU, "show", "--raw", ID["m2"], via="--as")
        self.assertEqual((r.code, r.out), (4, ""), r)
        # And the record no longer names sun.qiang: his view is masked again.
        self.assertMasked(case, SUN, what="after the grant was moved")

    @unittest.skipUnless(FAKETIME, "faketime is not installed (scripts/install-deps.sh)")
    def test_a_grant_expires(self):
        case = fresh_case("expiry")
        t0 = time.time()
        r = msx(case, SUN, "unlock", ID["m1"], "--reason", "客户投诉核实 ticket 10231",
                "--hours", "1", "--format", "json", via="--as")
        self.assertEqual(r.code, 0, r)
        (grant,) = r.json()
        until = epoch_of(grant["until"])
        self.assertTrue(int(t0) + 3600 <= until <= time.time() + 3600, (t0, grant["until"]))
        self.assertEqual(audit_rows(case)[-1]["until"], int(until))
        self.assertClear(case, SUN, what="just after the unlock")
        self.assertClear(case, SUN, prefix=[FAKETIME, "-f", "+50m"], what="after 50 minutes")
        self.assertMasked(case, SUN, prefix=[FAKETIME, "-f", "+61m"], what="after 61 minutes")
        self.assertMasked(case, SUN, prefix=[FAKETIME, "-f", "+2d"], what="after two days")
        r = msx(case, SUN, "search", "*", "--format", "json", via="--as",
                prefix=[FAKETIME, "-f", "+2h"])
        self.assertEqual([o["id"] for o in r.json()], [ID["m1"]])
        self.assertNotIn(PHONE, r.out)

        # Compliance: an unlocked personal message is out of scope again after expiry.
        m3 = ID["m3"]
        self.assertEqual(msx(case, ZHAO, "show", m3, via="--as").code, 4)
        r = msx(case, ZHAO, "unlock", m3, "--reason", "举报核实 case 7", "--hours", "1",
                via="--as")
        self.assertEqual(r.code, 0, r)
        r = msx(case, ZHAO, "show", m3, "--format", "json", via="--as",
                prefix=[FAKETIME, "-f", "+30m"])
        self.assertEqual((r.code, [o["id"] for o in r.json()]), (0, [m3]), r)
        r = msx(case, ZHAO, "show", m3, "--format", "json", via="--as",
                prefix=[FAKETIME, "-f", "+61m"])
        self.assertEqual((r.code, r.out), (4, ""), r)
        self.assertIn("outside what a compliance may see", r.err)
        last = audit_rows(case)[-1]
        self.assertEqual((last["action"], last["target"], last["outcome"],
                          json.loads(last["detail"])),
                         ("show", str(m3), "denied", {"as": True, "view": "hidden"}))

    @unittest.skipUnless(FAKETIME, "faketime is not installed (scripts/install-deps.sh)")
    def test_an_expired_grant_extended_by_hand_grants_nothing(self):
        case = fresh_case("extended")
        r = msx(case, SUN, "unlock", ID["m1"], "--reason", "客户投诉核实 ticket 10231",
                "--hours", "1", via="--as")
        self.assertEqual(r.code, 0, r)
        seq = audit_rows(case)[-1]["seq"]
        tamper_sql(case, ("UPDATE audit SET until=until+30*86400 WHERE seq=?", (seq,)))
        self.assertMasked(case, SUN, prefix=[FAKETIME, "-f", "+2h"], what="extended by hand")
        self.assertMasked(case, SUN, what="extended by hand, before it would have expired")


# --- Many appenders at once ------------------------------------------------------------------

class Concurrency(Checks):
    def test_parallel_reads_append_one_chain(self):
        case = fresh_case("parallel")
        env = dict(os.environ, MAILSCOPE_AS=email_of(ZHAO))
        env.pop("MAILSCOPE_CASE", None)
        procs = [subprocess.Popen([BIN, "search", "--case", case, "q%d" % i, "--count"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                 for i in range(8)]
        codes = [p.wait(timeout=120) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        self.assertEqual(codes, [1] * 8)  # nothing matches, and each search is recorded
        rows = self.assertChain(case)
        self.assertEqual(len(rows), 3 + 8)
        self.assertEqual(sorted(r["query"] for r in rows[3:]), sorted("q%d" % i for i in range(8)))
        r = msx(case, AUDITOR, "audit", "verify")
        self.assertEqual((r.code, r.out), (0, "audit trail intact: 11 records, last %s\n"
                                           % rows[-1]["hash"]), r)


# --- A second OS user ------------------------------------------------------------------------

@unittest.skipUnless(os.geteuid() == 0, "needs root to create a second user")
@unittest.skipUnless(all(shutil.which(p) for p in ("useradd", "userdel", "runuser")),
                     "useradd, userdel or runuser is missing")
class OtherUser(Checks):
    @classmethod
    def setUpClass(cls):
        base = "msaudit%d" % (os.getpid() % 100000)
        cls.user = base
        i = 0
        while True:
            try:
                pwd.getpwnam(cls.user)
            except KeyError:
                break
            i += 1
            cls.user = "%s%d" % (base, i)
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        cls.user], check=True, capture_output=True)
        cls.created = True

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "created", False):
            subprocess.run(["userdel", cls.user], capture_output=True)

    def setUp(self):
        # Parent folders the other user can pass through.
        self.work = tempfile.mkdtemp(prefix="ms-audit-user-")
        os.chmod(self.work, 0o755)
        self.addCleanup(shutil.rmtree, self.work, True)

    def copy(self, name):
        path = os.path.join(self.work, name)
        shutil.copytree(BASE, path)
        return path

    def open_up(self, case, dir_mode, file_mode):
        for d, dirs, files in os.walk(case):
            os.chmod(d, dir_mode)
            for f in files:
                os.chmod(os.path.join(d, f), file_mode)

    def as_user(self, case, *args, env=None):
        e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        e.update(env or {})
        proc = subprocess.run(["runuser", "-u", self.user, "--", BIN, args[0], "--case", case,
                               *map(str, args[1:])], capture_output=True, text=True, env=e,
                              timeout=120)
        return mstest.Run(list(args), proc)

    def test_the_private_case_is_refused(self):
        case = self.copy("private")
        self.assertEqual(os.stat(case).st_mode & 0o777, 0o700)
        before = audit_rows(case)
        r = self.as_user(case, "search", "*")
        self.assertEqual((r.code, r.out), (4, ""), r)
        self.assertIn("permission denied", r.err)
        self.assertIn("belongs to another user", r.err)
        self.assertEqual(audit_rows(case), before)  # nothing it could write

    def test_an_unmapped_user_on_a_shared_case_is_refused_and_recorded(self):
        # Open to everyone for reading and writing, as a shared case must be for its users
        # (each of their reads is appended to the trail).
        case = self.copy("shared")
        self.open_up(case, 0o777, 0o666)
        t = BASE_TRAIL.copy()
        t0 = time.time()
        for args in (("search", "*"), ("show", ID["m1"]), ("audit", "log")):
            r = self.as_user(case, *args)
            self.assertEqual((r.code, r.out), (4, ""), r)
            self.assertIn("permission denied: login '%s' is not in the case's directory"
                          % self.user, r.err)
            self.assertNotIn(PHONE, r.err)
            t.add(OWNER, "access", (t0, time.time()), outcome="denied", actor=self.user,
                  role="unknown", person="", impersonating=False)
        # Acting as someone is the owner's alone; the attempt is recorded with whom.
        r = self.as_user(case, "search", "*", "--as", ZHAO)
        self.assertEqual((r.code, r.out), (4, ""), r)
        self.assertIn("only the case's owner may act --as another person (you are %s)"
                      % self.user, r.err)
        t.add(OWNER, "impersonate", (t0, time.time()), target=ZHAO, outcome="denied",
              actor=self.user, role="unknown", person="", impersonating=False)
        # MAILSCOPE_AS is the owner's default only: anyone else is themselves.
        r = self.as_user(case, "search", "*", env={"MAILSCOPE_AS": email_of(ZHAO)})
        self.assertEqual((r.code, r.out), (4, ""), r)
        self.assertIn("permission denied: login '%s' is not in the case's directory"
                      % self.user, r.err)
        t.add(OWNER, "access", (t0, time.time()), outcome="denied", actor=self.user,
              role="unknown", person="", impersonating=False)

        r = t.run(case, AUDITOR, ["audit", "log", "--actor", self.user, "--format", "json"], 0,
                  action="audit-log", detail={"actor": self.user})
        self.assertRecords(case, r.json(), t.select(actor=self.user))
        self.assertEqual(len(r.json()), 5)
        r = msx(case, AUDITOR, "audit", "verify")
        self.assertEqual(r.code, 0, r)
        self.assertTrue(r.out.startswith("audit trail intact: %d records" % len(t)), r)

    def test_a_mapped_second_user_reads_as_their_person(self):
        case = self.copy("mapped")
        with open(DIRECTORY, encoding="utf-8") as f:
            text = f.read()
        self.assertEqual(text.count('login = "sun.qiang"'), 1)
        directory = os.path.join(self.work, "mailscope.toml")
        with open(directory, "w", encoding="utf-8") as f:
            f.write(text.replace('login = "sun.qiang"', 'login = "%s"' % self.user))
        t = BASE_TRAIL.copy()
        with open(directory, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        t.run(case, OWNER, ["org", "set", directory], 0, action="org-set", target=directory,
              detail={"sha256": sha, "role_changes": []})
        self.open_up(case, 0o777, 0o666)
        t0 = time.time()
        r = self.as_user(case, "show", ID["m1"], "--format", "json")
        self.assertEqual(r.code, 0, r)
        self.assertNotIn(PHONE, r.out)
        self.assertEqual([o["id"] for o in r.json()], [ID["m1"]])
        t.add(SUN, "show", (t0, time.time()), target=ID["m1"], actor=self.user,
              impersonating=False, detail={"view": "masked"})
        # MAILSCOPE_AS does not make a second user anyone else: still the sales manager.
        r = self.as_user(case, "show", ID["m2"], env={"MAILSCOPE_AS": email_of(ZHAO)})
        self.assertEqual((r.code, r.out), (4, ""), r)
        self.assertIn("outside what a manager may see (acting as %s)" % email_of(SUN), r.err)
        t.add(SUN, "show", (t0, time.time()), target=ID["m2"], actor=self.user,
              impersonating=False, outcome="denied", detail={"view": "hidden"})
        r = t.run(case, AUDITOR, ["audit", "log", "--format", "json"], 0, action="audit-log",
                  detail={})
        self.assertRecords(case, r.json(), t.entries)
        self.assertChain(case)

    def test_a_read_only_copy_shows_nothing(self):
        # Readable by everyone but writable by no one else: nothing can be recorded, so
        # nothing is shown.
        case = self.copy("readonly")
        self.open_up(case, 0o755, 0o644)
        before = audit_rows(case)
        for args in (("search", "*"), ("show", ID["m1"]), ("show", "--raw", ID["m1"])):
            r = self.as_user(case, *args)
            self.assertEqual((r.code, r.out), (4, ""), r)
            self.assertNotIn(PHONE, r.err)
        self.assertEqual(audit_rows(case), before)


if __name__ == "__main__":
    mstest.main()
