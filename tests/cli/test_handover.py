#!/usr/bin/env python3
"""`mailscope handover` (alias handover-pdf): the dossiers of a departing employee for their
successor, as one PDF, one PDF per customer (--split) or JSON Lines (mailscope-handover(1)).

(a) The demo case (examples/demo, built as examples/demo/run.sh does, policies scanned so
    that flags exist), SCENARIOS.md section 7: 陈静 (chen.jing) leaves; the compliance officer
    writes her handover. Everything expected is derived here, never from mailscope's output:
    her starred customers from SCENARIOS.md's table, the directory's starred_by and the 'F'
    flags of her maildir file names (the three must agree); per customer, the dates and the
    inbound / outbound counts of her mail with them, the subjects and the attachments she sent
    (with their SHA-256), all read from the demo mail files with Python's email package. The
    PDF is read back with poppler (pdfinfo, pdffonts, pdftotext per page, pdftotext -bbox,
    pdftoppm); the PNG pages are decoded with zlib.
(b) A small case written here, for what the demo cannot show: personal data in the dossier
    itself (a mobile number in a subject, an attachment's name and a signature's title, a
    private address as a customer), masked for the employee's manager and not for compliance,
    and an employee whose name and address make the page header longer than a line: the
    masking marker at its end must stay on the page.
"""
import email
import email.policy
import email.utils
import datetime
import hashlib
import json
import mailbox
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402
from mstest import AS_OWNER, DEMO, SOURCE, ms, squash_ws  # noqa: E402

DEMO_ROOT = os.path.dirname(DEMO)
DIRECTORY = os.path.join(DEMO_ROOT, "mailscope.toml")
SCENARIOS = os.path.join(DEMO_ROOT, "SCENARIOS.md")
POLICY_DIR = os.path.join(SOURCE, "examples", "policies")
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
TOOLS = ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")

HEADINGS = ("Profile / 客户概况", "Timeline / 往来记录", "Proposals and documents / 方案与文件",
            "Open points / 待办事项")
CONTENTS_TITLE = "Customers / 客户"

with open(DIRECTORY, "rb") as _f:
    ORG = tomllib.load(_f)
PEOPLE = {p["login"]: p for p in ORG["person"]}
EMPLOYEE = PEOPLE["chen.jing"]
MY_ADDRESSES = {EMPLOYEE["email"], *EMPLOYEE.get("also", [])}


def person_with(role, department=None):
    hits = [p for p in ORG["person"] if p["role"] == role
            and (department is None or p["department"] == department)]
    assert len(hits) == 1, (role, department, hits)
    return hits[0]


COMPLIANCE = person_with("compliance")
MANAGER = person_with("manager", EMPLOYEE["department"])  # her department's manager
AUDITOR = person_with("auditor")
ADMIN = person_with("admin")

# The person tests act as: the demo's compliance officer, unless a call says otherwise.
mstest.ACT_AS = COMPLIANCE["login"]


def as_(person):
    return {"MAILSCOPE_AS": person["login"]}


def have_tools():
    return all(shutil.which(t) for t in TOOLS)


# --- Independent reading of the demo -----------------------------------------------------------

def in_domains(address, domains):
    d = address.rsplit("@", 1)[-1].lower()
    return any(d == x or d.endswith("." + x) for x in domains)


def is_work(address):
    return in_domains(address, ORG["organisation"]["work_domains"])


def customer_of(address):
    """The directory customer whose domains hold the address, or None."""
    for c in ORG["customer"]:
        if in_domains(address, c["domains"]):
            return c["name"]
    return None


def addresses(msg, *names):
    values = [v for n in names for v in msg.get_all(n, [])]
    return [a.lower() for _, a in email.utils.getaddresses(values) if a]


class Mail:
    """One demo message as Python's email package reads it."""

    def __init__(self, raw, where):
        self.raw, self.where = raw, where
        m = email.message_from_bytes(raw, policy=email.policy.compat32)
        self.message_id = (m["Message-ID"] or where).strip()
        self.frm = (addresses(m, "From") or [""])[0]
        self.rcpts = addresses(m, "To", "Cc")
        self.date = email.utils.parsedate_to_datetime(m["Date"]).astimezone(datetime.timezone.utc)
        self.subject = mstest.decode_words(mstest.first_header(raw, "Subject") or b"")
        # The customers of the mail in the sense of mailscope-analytics(7), for directory
        # customers: outbound (a company sender) -> the recipients'; inbound -> the sender's.
        if is_work(self.frm):
            self.direction = "outbound" if any(not is_work(r) for r in self.rcpts) else "internal"
            self.customers = {customer_of(r) for r in self.rcpts if customer_of(r)}
        elif any(is_work(r) for r in self.rcpts):
            self.direction = "inbound"
            self.customers = {customer_of(self.frm)} if customer_of(self.frm) else set()
        else:
            self.direction, self.customers = "external", set()

    def parsed(self):
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    def attachments(self):
        """(filename, sha256, size) of the parts with a name or an attachment disposition."""
        out = []
        for part in self.parsed().walk():
            if part.is_multipart():
                continue
            name = part.get_filename()
            if name or part.get_content_disposition() == "attachment":
                data = part.get_payload(decode=True) or b""
                out.append((name, hashlib.sha256(data).hexdigest(), len(data)))
        return out

    def texts(self):
        out = []
        for part in email.message_from_bytes(self.raw).walk():
            if part.get_content_maintype() == "text":
                cs = mstest.py_charset(part.get_content_charset()) or "utf-8"
                out.append((part.get_payload(decode=True) or b"").decode(cs, "replace"))
        return out


def demo_mail():
    """Every distinct message of the demo mail folder (by Message-ID; the duplicate once)."""
    seen = {}
    for root, _dirs, files in os.walk(DEMO):
        for name in sorted(files):
            path = os.path.join(root, name)
            if name == "maildirfolder":
                continue
            if name.endswith(".mbox"):
                box = mailbox.mbox(path, create=False)
                raws = [(box.get_bytes(k), f"{name}#{i}") for i, k in enumerate(box.keys())]
                box.close()
            else:
                with open(path, "rb") as f:
                    raws = [(f.read(), os.path.relpath(path, DEMO))]
            for raw, where in raws:
                m = Mail(raw, where)
                seen.setdefault(m.message_id, m)
    return list(seen.values())


def maildir_flags(name):
    """The flag letters of a maildir file name ("...:2,FRS" -> "FRS"; new/ names have none)."""
    return name.split(":2,", 1)[1] if ":2," in name else ""


def scenario_section_7():
    """(customer short names with their folders, {key: subject}) from SCENARIOS.md section 7."""
    with open(SCENARIOS, encoding="utf-8") as f:
        text = f.read()
    section = text.split("\n## 7.", 1)[1].split("\n## 8.", 1)[0]
    folders, subjects = {}, {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"`\.Customers\.\w+`", cells[1]):
            folders[cells[0]] = cells[1].strip("`")
        elif len(cells) >= 6 and re.fullmatch(r"[A-Z]+\d*", cells[0]) and "→" in cells[2]:
            subjects[cells[0]] = cells[3]
    return folders, subjects


def starred_customers():
    """The customers she looks after, three ways; the test asserts that they agree."""
    by_directory = {c["name"] for c in ORG["customer"] if EMPLOYEE["email"] in c.get("starred_by", [])}
    by_flags = set()
    for root, _dirs, files in os.walk(os.path.join(DEMO, "chen.jing")):
        for name in files:
            if name == "maildirfolder" or "F" not in maildir_flags(name):
                continue
            with open(os.path.join(root, name), "rb") as f:
                m = Mail(f.read(), name)
            by_flags |= {customer_of(a) for a in [m.frm] + m.rcpts if customer_of(a)}
    folders, _ = scenario_section_7()
    by_scenarios = set()
    for short in folders:
        names = [c["name"] for c in ORG["customer"] if short in c["name"]]
        assert len(names) == 1, (short, names)
        by_scenarios.add(names[0])
    return by_directory, by_flags, by_scenarios


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


PHONE = re.compile(r"\+?\d[\d \-]{7,}\d")


def phone_like(text):
    """Runs of digits (with spaces, dashes, a leading +) long enough to be a phone number."""
    return {p for p in PHONE.findall(text) if sum(c.isdigit() for c in p) >= 9
            and not re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", p)}


def expected_dossiers():
    """Per starred customer: her mail with them, its counts, dates and her attachments."""
    customers = starred_customers()[0]
    mine = [m for m in demo_mail() if m.frm in MY_ADDRESSES or MY_ADDRESSES & set(m.rcpts)]
    out = {}
    for c in sorted(customers):
        mails = sorted((m for m in mine if c in m.customers and m.direction in ("inbound", "outbound")),
                       key=lambda m: m.date)
        docs = []
        for m in mails:
            if m.direction == "outbound" and m.frm in MY_ADDRESSES:
                docs += [(m.date, name, sha, size) for name, sha, size in m.attachments()]
        out[c] = dict(mails=mails,
                      inbound=sum(m.direction == "inbound" for m in mails),
                      outbound=sum(m.direction == "outbound" for m in mails),
                      first=mails[0].date, last=mails[-1].date,
                      first_subject=mails[0].subject,
                      documents=[(n, s, z) for _, n, s, z in sorted(docs, key=lambda d: d[0])])
    return out


# --- Reading PDF files with poppler --------------------------------------------------------------

def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} -> {r.returncode}\n{r.stderr.decode(errors='replace')}")
    # poppler warns about libharu's ToUnicode CMap (mailscope-handover(1), BUGS): not checked.
    return r.stdout.decode("utf-8")


def pdf_pages(path):
    m = re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", path), re.M)
    assert m, f"pdfinfo gives no page count for {path}"
    return int(m.group(1))


def page_text(path, n, layout=False):
    return run("pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []),
               "-f", str(n), "-l", str(n), path, "-")


def page_texts(path):
    return [page_text(path, n) for n in range(1, pdf_pages(path) + 1)]


def fonts(path):
    """pdffonts rows as dicts, split by the column widths of its dashed line."""
    lines = run("pdffonts", path).splitlines()
    header, dashes = lines[0], lines[1]
    spans, pos = [], 0
    for part in dashes.split(" "):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    names = [header[a:b].strip() for a, b in spans]
    names[-1] = header[spans[-1][0]:].strip()
    return [dict(zip(names, [line[a:b].strip() for a, b in spans[:-1]] + [line[spans[-1][0]:].strip()]))
            for line in lines[2:] if line.strip()]


def words_outside_page(path):
    """Words of pdftotext -bbox that reach past the edges of their page."""
    out = run("pdftotext", "-bbox", path, "-")
    bad, width, height = [], None, None
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|'
                         r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>',
                         out):
        if m.group(1):
            width, height = float(m.group(1)), float(m.group(2))
            continue
        x0, y0, x1, y1 = (float(m.group(k)) for k in range(3, 7))
        if x0 < 0 or y0 < 0 or x1 > width + 0.01 or y1 > height + 0.01:
            bad.append((m.group(7), x0, x1))
    return bad


def footer(text):
    """(k, n) of the page number "k / n" (the last such line of the page's text)."""
    hits = re.findall(r"^\s*(\d+)\s*/\s*(\d+)\s*$", text, re.M)
    return tuple(map(int, hits[-1])) if hits else None


def between(text, start, end):
    i = text.index(start) + len(start)
    j = text.index(end, i) if end else len(text)
    return text[i:j]


def dated_lines(section):
    return [l for l in section.splitlines() if re.match(r"\s*\d{4}-\d{2}-\d{2}\s", l)]


def png_pixels(path):
    """Rows of pixels (tuples of channel values) of an 8-bit, non-interlaced PNG (zlib)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    assert depth == 8 and not interlace and colour in (0, 2, 6), ihdr
    bpp = {0: 1, 2: 3, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if kind:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                if kind == 1:
                    line[x] = (line[x] + a) & 255
                elif kind == 2:
                    line[x] = (line[x] + b) & 255
                elif kind == 3:
                    line[x] = (line[x] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + bpp]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def header_of(person, marker):
    return f"mailscope handover · {person['name']} <{person['email']}> · {marker}"


UNMASKED = "unmasked view (compliance): this handover is recorded in the audit trail"
MASKED = "masked view (manager): personal data is masked"


# --- (a) The demo case ---------------------------------------------------------------------------

@unittest.skipUnless(have_tools(), "poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) not "
                                   "installed; scripts/install-deps.sh installs them")
class Demo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = mstest.scratch("handover")
        case = cls.case = os.path.join(cls.work, "case")
        mstest.import_demo(case)
        ms("org", "set", DIRECTORY, case=case, check=0, env=AS_OWNER)
        policies = sorted(os.path.join(POLICY_DIR, p) for p in os.listdir(POLICY_DIR)
                          if p.endswith(".toml"))
        ms("policy", "add", *policies, case=case, check=0)
        r = ms("scan", case=case)
        assert r.code in (0, 1), repr(r)

        cls.expected = expected_dossiers()
        w = cls.work
        cls.pdf = os.path.join(w, "chen.jing.pdf")
        cls.run_pdf = ms("handover", "--employee", EMPLOYEE["login"], "-o", cls.pdf, case=case, check=0)
        cls.json_path = os.path.join(w, "chen.jing.json")
        ms("handover", "--employee", EMPLOYEE["login"], "--format", "json", "-o", cls.json_path,
           case=case, check=0)
        with open(cls.json_path, encoding="utf-8") as f:
            cls.records = [json.loads(l) for l in f if l.strip()]
        cls.split_dir = os.path.join(w, "split")
        ms("handover", "--employee", EMPLOYEE["email"], "--split", "-o", cls.split_dir, case=case, check=0)
        cls.masked_pdf = os.path.join(w, "manager.pdf")
        ms("handover", "--employee", EMPLOYEE["login"], "-o", cls.masked_pdf, case=case, check=0,
           env=as_(MANAGER))
        cls.masked_records = ms("handover", "--employee", EMPLOYEE["login"], "--format", "json",
                                case=case, check=0, env=as_(MANAGER)).json()
        cls.alias_pdf = os.path.join(w, "alias.pdf")
        cls.run_alias = ms("handover-pdf", "--employee", EMPLOYEE["login"], "-o", cls.alias_pdf,
                           case=case)
        cls.denied = {}
        for who in (AUDITOR, ADMIN):
            out = os.path.join(w, f"denied-{who['login']}.pdf")
            cls.denied[who["login"]] = (out, ms("handover", "--employee", EMPLOYEE["login"], "-o", out,
                                                case=case, env=as_(who)))
        cls.audit = ms("audit", "log", "--action", "handover", "--format", "json", case=case,
                       check=0, env=as_(AUDITOR)).json()
        cls.pages = page_texts(cls.pdf)

    # --- what the test expects, cross-checked ---------------------------------------------------

    def test_expected_customers_agree_between_scenarios_directory_and_flags(self):
        by_directory, by_flags, by_scenarios = starred_customers()
        self.assertEqual(len(by_directory), 3)
        self.assertEqual(by_directory, by_flags)
        self.assertEqual(by_directory, by_scenarios)
        _, subjects = scenario_section_7()
        for c, e in self.expected.items():
            # Her first mail with each customer is one of the messages SCENARIOS.md lists.
            self.assertIn(e["first_subject"], subjects.values(), c)
            self.assertGreater(len(e["documents"]), 0, c)

    # --- the PDF --------------------------------------------------------------------------------

    def chapters(self):
        """{customer: (first page, last page)} from the contents page's page numbers."""
        contents = page_text(self.pdf, 1, layout=True)
        starts = []
        for line in contents.splitlines():
            m = re.match(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", line)
            if m and m.group(1) in self.expected:
                starts.append((m.group(1), int(m.group(2))))
        ends = [n - 1 for _, n in starts[1:]] + [len(self.pages)]
        return {c: (n, end) for (c, n), end in zip(starts, ends)}, [c for c, _ in starts]

    def chapter_text(self, customer):
        first, last = self.chapters()[0][customer]
        return "\n".join(self.pages[first - 1:last])

    def test_pdf_pages_fonts_and_stderr(self):
        n = pdf_pages(self.pdf)
        self.assertGreaterEqual(n, 1 + len(self.expected))  # contents, then a page per chapter at least
        self.assertEqual(n, len(self.pages))
        self.assertIn(f"{len(self.expected)} customers, {n} pages", self.run_pdf.err)
        self.assertEqual(os.stat(self.pdf).st_mode & 0o777, 0o600)
        info = run("pdfinfo", self.pdf)
        self.assertRegex(info, rf"Title:\s+Handover / 工作交接: {re.escape(EMPLOYEE['name'])}")
        self.assertRegex(info, r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)")
        # The Chinese font is embedded (pdffonts: emb yes), and it is the only font.
        rows = fonts(self.pdf)
        self.assertTrue(rows, "pdffonts lists no font")
        for row in rows:
            self.assertIn("WenQuanYi", row["name"])
            self.assertEqual(row["emb"], "yes", row)

    def test_every_page_has_the_header_and_its_number(self):
        header = squash_ws(header_of(EMPLOYEE, UNMASKED))
        for k, text in enumerate(self.pages, 1):
            self.assertIn(header, squash_ws(text), f"page {k}")
            self.assertEqual(footer(text), (k, len(self.pages)), f"page {k}")
        self.assertEqual(words_outside_page(self.pdf), [])

    def test_contents_page_gives_each_chapters_first_page(self):
        chapters, order = self.chapters()
        self.assertIn(f"{CONTENTS_TITLE} ({len(self.expected)})", self.pages[0])
        # Every starred customer is listed, in byte order of the names, with its first page.
        self.assertEqual(order, sorted(self.expected, key=lambda s: s.encode()))
        self.assertEqual(chapters[order[0]][0], 2)
        for customer, (first, last) in chapters.items():
            self.assertLessEqual(first, last, customer)
            # pdftotext -f N -l N: the chapter starts on page N (its title line, its profile) ...
            text = page_text(self.pdf, first)
            self.assertIn(customer, [l.strip() for l in text.splitlines()], customer)
            self.assertIn("Organisation: " + customer, text)
            self.assertIn(HEADINGS[0], text)
            # ... and not before.
            self.assertNotIn("Organisation: " + customer, page_text(self.pdf, first - 1))
            # Each chapter holds its own customer only.
            orgs = re.findall(r"^Organisation: (.*)$", self.chapter_text(customer), re.M)
            self.assertEqual(orgs, [customer])

    def test_each_chapter_has_the_four_parts_in_order(self):
        for customer in self.expected:
            text = self.chapter_text(customer)
            at = []
            for h in HEADINGS:
                self.assertEqual(text.count(h), 1, f"{customer}: {h}")
                at.append(text.index(h))
            self.assertEqual(at, sorted(at), customer)
            self.assertLess(text.index("Organisation: "), at[1], customer)

    def test_profile_figures_and_chinese_text(self):
        for customer, e in self.expected.items():
            text = self.chapter_text(customer)
            flat = squash_ws(text)
            profile = squash_ws(between(text, HEADINGS[0], HEADINGS[1]))
            self.assertIn(squash_ws(f"Mail: {e['inbound']} from them, {e['outbound']} to them"), profile)
            self.assertIn(squash_ws(f"First contact: {e['first']:%Y-%m-%d} last contact: "
                                    f"{e['last']:%Y-%m-%d}"), profile)
            # Chinese intact: the customer's name, her first mail's subject (first-contact).
            self.assertIn(squash_ws(e["first_subject"]),
                          squash_ws(between(text, HEADINGS[1], HEADINGS[2])), customer)
            self.assertNotIn("\ufffd", text)
            self.assertIn(squash_ws(customer), flat)
        # The GBK-only character of 李喆 (labelled GB2312) survives into the PDF.
        self.assertIn("蓉锦家居智能家居品类规划咨询（李喆）", squash_ws("".join(self.pages)))

    def test_documents_she_sent_with_their_sha256(self):
        for customer, e in self.expected.items():
            section = between(self.chapter_text(customer), HEADINGS[2], HEADINGS[3])
            flat = squash_ws(section)
            for name, sha, _size in e["documents"]:
                self.assertIn(squash_ws(name), flat, customer)
                self.assertIn("sha256" + sha, flat, customer)
            self.assertEqual(re.findall(r"sha256\s*([0-9a-f]{64})", flat),
                             [sha for _, sha, _ in e["documents"]], customer)

    def test_pages_are_painted(self):
        prefix = os.path.join(self.work, "page")
        for old in os.listdir(self.work):
            if old.startswith("page-") and old.endswith(".png"):
                os.remove(os.path.join(self.work, old))
        subprocess.run(["pdftoppm", "-r", "50", "-png", self.pdf, prefix], check=True,
                       capture_output=True, timeout=60)
        pngs = sorted(p for p in os.listdir(self.work) if p.startswith("page-") and p.endswith(".png"))
        self.assertEqual(len(pngs), len(self.pages))
        for name in pngs:
            width, height, rows = png_pixels(os.path.join(self.work, name))
            # A4 (595.28 x 841.89 points) at 50 dpi.
            self.assertLessEqual(abs(width - 595.28 * 50 / 72), 2, name)
            self.assertLessEqual(abs(height - 841.89 * 50 / 72), 2, name)
            counts = {}
            for row in rows:
                for px in row:
                    counts[px] = counts.get(px, 0) + 1
            background, n = max(counts.values()), width * height
            inked = sum(v for px, v in counts.items() if min(px[:3]) < 128)
            self.assertGreater(len(counts), 50, f"{name}: almost no colours, a blank page?")
            self.assertLess(background, 0.995 * n, f"{name}: nearly one colour")
            self.assertGreater(inked, 300, f"{name}: no dark pixels (no text)")

    # --- one PDF per customer, the alias ------------------------------------------------------

    def test_split_writes_one_pdf_per_customer(self):
        def file_name(customer):  # mailscope-handover(1), THE PDF
            return "".join(c if ord(c) >= 0x80 or c.isalnum() or c in ".-_@" else "_"
                           for c in customer) + ".pdf"
        self.assertEqual(os.stat(self.split_dir).st_mode & 0o777, 0o700)
        self.assertEqual(sorted(os.listdir(self.split_dir)),
                         sorted(file_name(c) for c in self.expected))
        for customer, e in self.expected.items():
            path = os.path.join(self.split_dir, file_name(customer))
            texts = page_texts(path)
            whole = "\n".join(texts)
            self.assertEqual(re.findall(r"^Organisation: (.*)$", whole, re.M), [customer])
            self.assertNotIn(CONTENTS_TITLE, whole)  # no contents page
            for k, text in enumerate(texts, 1):
                self.assertEqual(footer(text), (k, len(texts)), path)
            self.assertIn(squash_ws(f"Mail: {e['inbound']} from them, {e['outbound']} to them"),
                          squash_ws(whole))
            for _, sha, _ in e["documents"]:
                self.assertIn("sha256" + sha, squash_ws(whole))

    def test_alias_handover_pdf(self):
        self.assertEqual(self.run_alias.code, 0, repr(self.run_alias))
        self.assertEqual(pdf_pages(self.alias_pdf), len(self.pages))
        alias = page_texts(self.alias_pdf)
        self.assertEqual([squash_ws(t) for t in alias], [squash_ws(t) for t in self.pages])

    # --- JSON -------------------------------------------------------------------------------------

    def test_json_records_hold_the_derived_values(self):
        self.assertEqual([r["customer"] for r in self.records],
                         sorted(self.expected, key=lambda s: s.encode()))
        for r in self.records:
            e = self.expected[r["customer"]]
            self.assertEqual(r["format_version"], 1)
            self.assertEqual(r["employee"], EMPLOYEE["email"])
            self.assertEqual(r["view"], "unmasked")
            self.assertEqual((r["first"], r["last"]), (iso(e["first"]), iso(e["last"])), r["customer"])
            self.assertEqual((r["inbound"], r["outbound"]), (e["inbound"], e["outbound"]), r["customer"])
            self.assertEqual(sum(v["inbound"] for v in r["months"].values()), e["inbound"])
            self.assertEqual(sum(v["outbound"] for v in r["months"].values()), e["outbound"])
            self.assertEqual([(d["filename"], d["sha256"], d["size"]) for d in r["documents"]],
                             e["documents"], r["customer"])
            self.assertEqual(r["events"][0]["kind"], "first-contact")
            self.assertEqual(r["events"][0]["summary"], e["first_subject"])
            self.assertEqual(r["events"][0]["date"], iso(e["first"]))

    def test_json_matches_the_pdf(self):
        for r in self.records:
            text = self.chapter_text(r["customer"])
            self.assertIn(squash_ws(f"Mail: {r['inbound']} from them, {r['outbound']} to them"),
                          squash_ws(text))
            parts = [between(text, HEADINGS[k], HEADINGS[k + 1] if k + 1 < 4 else None)
                     for k in range(1, 4)]
            for items, part in zip(("events", "documents", "open_points"), parts):
                self.assertEqual(len(dated_lines(part)), len(r[items]), f"{r['customer']}: {items}")
                for item in r[items]:
                    summary = item.get("summary", item.get("filename"))
                    self.assertIn(squash_ws(summary), squash_ws(part), f"{r['customer']}: {items}")
                    self.assertIn(f"#{item['message']}", part)

    # --- the manager's masked view --------------------------------------------------------------

    def test_manager_sees_a_masked_handover(self):
        masked = page_texts(self.masked_pdf)
        header = squash_ws(header_of(EMPLOYEE, MASKED))
        for k, text in enumerate(masked, 1):
            self.assertIn(header, squash_ws(text), f"page {k}")
            self.assertNotIn("unmaskedview", squash_ws(text))
            self.assertEqual(footer(text), (k, len(masked)))
        # Her department's mail holds all of her customers' mail: the same dossiers.
        self.assertEqual([(r["customer"], r["inbound"], r["outbound"], r["first"], r["last"],
                           [d["sha256"] for d in r["documents"]]) for r in self.masked_records],
                         [(r["customer"], r["inbound"], r["outbound"], r["first"], r["last"],
                           [d["sha256"] for d in r["documents"]]) for r in self.records])
        self.assertEqual({r["view"] for r in self.masked_records}, {"masked"})

    def test_no_raw_personal_data_in_either_view(self):
        # The phone numbers of her customers' mail (signatures) are in the bodies only; the
        # subjects and names of the documents a dossier shows hold none (so a masked view has
        # nothing to replace here: part (b) covers that). Neither PDF shows any of them.
        phones, shown = set(), []
        for e in self.expected.values():
            for m in e["mails"]:
                for t in m.texts():
                    phones |= phone_like(t)
                shown += [m.subject] + [n for n, _, _ in m.attachments()]
        self.assertTrue(phones, "expected phone numbers in the demo mail of her customers")
        self.assertEqual([s for s in shown if phone_like(s)], [])
        for path in (self.pdf, self.masked_pdf):
            flat = squash_ws("".join(page_texts(path)))
            for p in phones:
                self.assertNotIn(squash_ws(p), flat, path)
            # Her private address (CT4, to herself) is no customer's and appears nowhere.
            for a in MY_ADDRESSES - {EMPLOYEE["email"]}:
                self.assertNotIn(a, flat, path)

    # --- who may, and the audit trail -------------------------------------------------------------

    def test_auditor_and_admin_are_refused(self):
        for login, (out, r) in self.denied.items():
            self.assertEqual(r.code, 4, repr(r))
            self.assertIn("permission denied", r.err)
            self.assertFalse(os.path.exists(out), f"{login}: {out} written")

    def test_handovers_are_in_the_audit_trail(self):
        target = "employee:" + EMPLOYEE["email"]
        ok = [a for a in self.audit if a["action"] == "handover" and a["outcome"] == "ok"]
        def made(person, fmt, output=None):
            return [a for a in ok if a["person"] == person["email"] and a["target"] == target
                    and a["detail"].get("format") == fmt
                    and (output is None or a["detail"].get("output") == output)]
        self.assertEqual(len(made(COMPLIANCE, "pdf", self.pdf)), 1)
        self.assertEqual(made(COMPLIANCE, "pdf", self.pdf)[0]["detail"]["customers"], len(self.expected))
        self.assertEqual(made(COMPLIANCE, "pdf", self.pdf)[0]["role"], "compliance")
        self.assertEqual(len(made(COMPLIANCE, "json", self.json_path)), 1)
        self.assertEqual(len(made(COMPLIANCE, "pdf", self.split_dir)), 1)
        self.assertEqual(len(made(MANAGER, "pdf", self.masked_pdf)), 1)
        self.assertEqual(made(MANAGER, "pdf", self.masked_pdf)[0]["role"], "manager")
        denied = {a["person"] for a in self.audit if a["action"] == "handover" and a["outcome"] == "denied"}
        self.assertEqual(denied, {AUDITOR["email"], ADMIN["email"]})

    # --- bad input ----------------------------------------------------------------------------------

    def test_unknown_employee(self):
        out = os.path.join(self.work, "nobody.pdf")
        r = ms("handover", "--employee", "no.such.person", "-o", out, case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn("no.such.person", r.err)
        self.assertFalse(os.path.exists(out))

    def test_pdf_needs_an_output(self):
        r = ms("handover", "--employee", EMPLOYEE["login"], case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn("-o", r.err)
        self.assertEqual(r.out, "")

    def test_a_font_that_is_not_a_font(self):
        bad = os.path.join(self.work, "not-a-font.ttc")
        with open(bad, "w") as f:
            f.write("this is a text file\n")
        out = os.path.join(self.work, "badfont.pdf")
        r = ms("handover", "--employee", EMPLOYEE["login"], "--font", bad, "-o", out, case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(bad, r.err)
        self.assertFalse(os.path.exists(out))
        missing = os.path.join(self.work, "missing-font.ttc")
        r = ms("handover", "--employee", EMPLOYEE["login"], "--font", missing, "-o", out, case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(missing, r.err)
        self.assertFalse(os.path.exists(out))

    def test_split_never_writes_through_a_link_in_the_folder(self):
        # A link planted where a customer's PDF goes is refused, never followed (issue 8).
        folder = os.path.join(self.work, "split-with-link")
        os.makedirs(folder, exist_ok=True)
        customer = sorted(self.expected)[0]
        name = "".join(c if ord(c) >= 0x80 or c.isalnum() or c in ".-_@" else "_"
                       for c in customer) + ".pdf"
        outside = os.path.join(self.work, "outside-the-folder.pdf")
        link = os.path.join(folder, name)
        if not os.path.lexists(link):
            os.symlink(outside, link)
        r = ms("handover", "--employee", EMPLOYEE["email"], "--split", "-o", folder,
               case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(link + ": a symbolic link; mailscope never writes through one", r.err)
        self.assertFalse(os.path.lexists(outside))
        self.assertTrue(os.path.islink(link))

    def test_output_in_a_missing_folder(self):
        out = os.path.join(self.work, "no-such-folder", "x.pdf")
        r = ms("handover", "--employee", EMPLOYEE["login"], "-o", out, case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(out, r.err)
        self.assertFalse(os.path.exists(os.path.dirname(out)))
        split = os.path.join(self.work, "no-such-folder", "split")
        r = ms("handover", "--employee", EMPLOYEE["login"], "--split", "-o", split, case=self.case)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(split, r.err)

    def test_nothing_starred_says_so(self):
        # 王芳 has customer mail (N3, to Nordic) but starred none and follows none.
        wang = PEOPLE["wang.fang"]
        self.assertFalse(any(wang["email"] in c.get("starred_by", []) for c in ORG["customer"]))
        out = os.path.join(self.work, "wang.fang.pdf")
        r = ms("handover", "--employee", wang["login"], "-o", out, case=self.case)
        self.assertEqual(r.code, 1, repr(r))
        self.assertIn("--customers all", r.err)
        self.assertFalse(os.path.exists(out))
        r = ms("handover", "--employee", wang["login"], "--customers", "all", "--format", "json",
               case=self.case, check=0)
        self.assertIn("Nordic Home AB", [x["customer"] for x in r.json()])


# --- (b) Personal data in the dossier, and a long header -------------------------------------------

SMALL_ORG = """
[organisation]
name = "Example Trade"
work_domains = ["example-trade.com"]
time_zone = "Asia/Shanghai"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "18:00"

[[department]]
id = "consulting"
name = "咨询组 / Consultancy"

[[department]]
id = "legal"
name = "Legal"

[[person]]
email = "maximiliane.konstantinopoulou-vandersteen@example-trade.com"
name = "Maximiliane Konstantinopoulou-Vandersteen (康斯坦丁诺普卢)"
department = "consulting"
role = "employee"
login = "max.k"

[[person]]
email = "boss.li@example-trade.com"
name = "李老板 (Boss Li)"
department = "consulting"
role = "manager"
login = "boss.li"

[[person]]
email = "comp.zhao@example-trade.com"
name = "赵合规"
department = "legal"
role = "compliance"
login = "comp.zhao"

[[customer]]
name = "艾克米公司 / Acme Corp"
domains = ["acme-corp.com"]
"""

MOBILE, TITLE_MOBILE = "13812345678", "13912345678"
PRIVATE = "tom.private@gmail.com"


def mask_mobile(n):  # mailscope-masking(7), partial: prefix of three and the last four
    return n[:3] + "****" + n[-4:]


def mask_email(a):  # mailscope-masking(7), partial: first character and the domain
    local, domain = a.split("@")
    return local[0].lower() + "***@" + domain.lower()


@unittest.skipUnless(have_tools(), "poppler-utils not installed")
class PersonalData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from email.message import EmailMessage
        cls.work = mstest.scratch("handover-personal")
        org = tomllib.loads(SMALL_ORG)
        cls.people = {p["role"]: p for p in org["person"]}
        me = cls.people["employee"]["email"]
        mail = os.path.join(cls.work, "mail")
        for d in ("cur", "new"):
            os.makedirs(os.path.join(mail, d))

        def write(n, date, frm, to, cc, subject, body, attachment=None):
            m = EmailMessage()
            m["From"], m["To"], m["Subject"], m["Date"] = frm, to, subject, date
            if cc:
                m["Cc"] = cc
            m["Message-ID"] = f"<handover-{n}@example-trade.com>"
            m.set_content(body)
            if attachment:
                m.add_attachment(attachment[1], maintype="text", subtype="csv", filename=attachment[0])
            with open(os.path.join(mail, "cur", f"17400000{n:02d}.M1P1.test:2,FS"), "wb") as f:
                f.write(bytes(m))

        # In working hours (Shanghai), so not personal mail: a customer asks for a call back
        # (a mobile number in the subject, another in his signature's title line); she answers
        # with a quote whose file name holds the number, copying his private address.
        cls.filename = f"报价_{MOBILE}.csv"
        write(1, "Mon, 03 Mar 2025 10:00:00 +0800", "Tom Buyer <tom.buyer@acme-corp.com>", me, None,
              f"询价：请回电 {MOBILE}", f"您好，请报价。\n\nTom Buyer\n采购经理 手机 {TITLE_MOBILE}\n")
        write(2, "Tue, 04 Mar 2025 10:00:00 +0800", me, "tom.buyer@acme-corp.com", PRIVATE,
              f"Re: 询价：请回电 {MOBILE}", "附件是报价。\n", (cls.filename, b"item,price\nA,100\n"))
        case = cls.case = os.path.join(cls.work, "case")
        directory = os.path.join(cls.work, "mailscope.toml")
        with open(directory, "w", encoding="utf-8") as f:
            f.write(SMALL_ORG)
        mstest.import_ok(case, "--custodian", cls.people["employee"]["login"], mail)
        ms("org", "set", directory, case=case, check=0, env=AS_OWNER)
        cls.pdf, cls.json = {}, {}
        for role in ("compliance", "manager"):
            who = {"MAILSCOPE_AS": cls.people[role]["login"]}
            cls.pdf[role] = os.path.join(cls.work, f"{role}.pdf")
            ms("handover", "--employee", "max.k", "-o", cls.pdf[role], case=case, check=0, env=who)
            cls.json[role] = ms("handover", "--employee", "max.k", "--format", "json", case=case,
                                check=0, env=who).json()

    def text(self, role):
        return squash_ws("".join(page_texts(self.pdf[role])))

    def test_compliance_sees_the_personal_data(self):
        flat = self.text("compliance")
        for raw in (MOBILE, TITLE_MOBILE, PRIVATE, squash_ws(self.filename)):
            self.assertIn(raw, flat)
        self.assertEqual(sorted(r["customer"] for r in self.json["compliance"]),
                         sorted(["艾克米公司 / Acme Corp", PRIVATE]))

    def test_manager_sees_it_masked(self):
        flat = self.text("manager")
        for raw in (MOBILE, TITLE_MOBILE, PRIVATE):
            self.assertNotIn(raw, flat)
        for masked in (mask_mobile(MOBILE), mask_mobile(TITLE_MOBILE), mask_email(PRIVATE),
                       squash_ws(self.filename.replace(MOBILE, mask_mobile(MOBILE)))):
            self.assertIn(masked, flat)
        # The private address is a customer of its own (a free-mail address): masked in the
        # contents, the chapter title and the contacts.
        records = self.json["manager"]
        self.assertEqual(sorted(r["customer"] for r in records),
                         sorted(["艾克米公司 / Acme Corp", mask_email(PRIVATE)]))
        private = [r for r in records if r["customer"] == mask_email(PRIVATE)][0]
        self.assertEqual([c["address"] for c in private["contacts"]], [mask_email(PRIVATE)])
        acme = [r for r in records if r["customer"] != mask_email(PRIVATE)][0]
        self.assertEqual([c["title"] for c in acme["contacts"]], [f"采购经理 手机 {mask_mobile(TITLE_MOBILE)}"])
        self.assertEqual([d["filename"] for d in acme["documents"]],
                         [self.filename.replace(MOBILE, mask_mobile(MOBILE))])
        # The file itself is the same: its hash is not masked.
        self.assertEqual([d["sha256"] for d in acme["documents"]],
                         [hashlib.sha256(b"item,price\nA,100\n").hexdigest()])

    def test_a_long_header_keeps_its_marker_on_the_page(self):
        # Name and address make the header wider than the page: every word stays on it, and
        # every page says whether it is masked.
        employee = self.people["employee"]
        for role, marker in (("compliance", UNMASKED), ("manager", MASKED)):
            path = self.pdf[role]
            self.assertEqual(words_outside_page(path), [], role)
            for k, text in enumerate(page_texts(path), 1):
                self.assertIn(squash_ws(header_of(employee, marker)), squash_ws(text), f"{role} page {k}")


if __name__ == "__main__":
    mstest.main()
