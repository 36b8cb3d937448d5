"""Shared helpers of the end-to-end tests: run the real binary, extract corpora, compare.

Every test gets the binary, the corpora folder and a scratch folder from the environment that
tests/CMakeLists.txt sets. Expectations must be derived independently of mailscope (file
counts, Python's mailbox and email packages, readpst), never copied from its own output.
"""
import fcntl
import json
import mailbox
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("MAILSCOPE_BIN", "")
CORPORA = os.environ.get("MAILSCOPE_CORPORA", "")
WORK = os.environ.get("MAILSCOPE_WORK", os.path.join(tempfile.gettempdir(), "mailscope-test"))
SOURCE = os.environ.get("MAILSCOPE_SOURCE", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(SOURCE, "tests", "data")
# The binary is built with AddressSanitizer (make test-asan): every process carries hundreds
# of MB of shadow and quarantine, so peak-memory bounds are checked on the normal build only.
SANITIZED = os.environ.get("MAILSCOPE_SANITIZED") == "1"
DEMO = os.path.join(SOURCE, "examples", "demo", "mail")


# The person tests act as (MAILSCOPE_AS) in cases with a directory; a test module that scans
# and searches such cases sets it to a compliance officer.
ACT_AS = None
# env= for commands the case owner runs as themself (org set: administrators only).
AS_OWNER = {"MAILSCOPE_AS": ""}


def demo_raws():
    """The raw bytes of every message of the demo mailboxes, as run.sh imports them."""
    raws = []
    box = mailbox.mbox(os.path.join(DEMO, "zhang.wei.mbox"), create=False)
    raws += [box.get_bytes(k) for k in box.keys()]
    box.close()
    for folder in ("chen.jing", "li.na", "support-eml", "misc"):
        for d, _dirs, files in os.walk(os.path.join(DEMO, folder)):
            for name in files:
                if name != "maildirfolder":
                    with open(os.path.join(d, name), "rb") as f:
                        raws.append(f.read())
    return raws


def require_binary():
    if not BIN or not os.access(BIN, os.X_OK):
        sys.exit(f"MAILSCOPE_BIN is not an executable: {BIN!r} (run through ctest)")


def corpus(name):
    """Path of an extracted corpus folder (<WORK>/corpora/<name>), extracting it once.

    Safe under `ctest -j`: a lock file serialises extraction; a marker file records success.
    """
    archive = os.path.join(CORPORA, name + ".tar.zst")
    if not os.path.exists(archive):
        sys.exit(f"corpus archive missing: {archive} (tests need ../shared/corpora)")
    dest_root = os.path.join(WORK, "corpora")
    os.makedirs(dest_root, exist_ok=True)
    dest = os.path.join(dest_root, name)
    marker = dest + ".extracted"
    with open(os.path.join(dest_root, name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(marker):
            shutil.rmtree(dest, ignore_errors=True)
            subprocess.run(["tar", "--zstd", "-xf", archive, "-C", dest_root], check=True)
            open(marker, "w").close()
    return dest


def scratch(name):
    """A fresh, empty folder under WORK for one test."""
    path = os.path.join(WORK, "scratch", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


class Run:
    """The outcome of one mailscope invocation."""

    def __init__(self, args, proc):
        self.args = args
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def __repr__(self):
        return f"mailscope {' '.join(self.args)} -> {self.code}\nstdout:\n{self.out[-3000:]}\nstderr:\n{self.err[-3000:]}"


def ms(*args, case=None, check=None, input=None, env=None, timeout=1200):
    """Runs mailscope with args (and --case when given). `check` asserts the exit code."""
    require_binary()
    argv = [str(a) for a in args]
    if case is not None:
        argv = argv[:1] + ["--case", str(case)] + argv[1:]
    e = dict(os.environ)
    e.pop("MAILSCOPE_CASE", None)
    e.pop("MAILSCOPE_AS", None)
    if ACT_AS:
        e["MAILSCOPE_AS"] = ACT_AS
    if env:
        e.update(env)
    proc = subprocess.run([BIN] + argv, capture_output=True, text=True, input=input,
                          env=e, timeout=timeout, errors="replace")
    r = Run(argv, proc)
    if check is not None and r.code != check:
        raise AssertionError(f"expected exit {check}\n{r!r}")
    return r


def search_ids(case, query, *extra):
    """Case ids a query finds, in output order."""
    r = ms("search", query, "--format", "json", *extra, case=case)
    if r.code not in (0, 1):
        raise AssertionError(repr(r))
    return [o["id"] for o in r.json()]


def main():
    require_binary()
    unittest.main(verbosity=2)


# --- Helpers of the fixture tests (tests/data/<failure-mode>/) ------------------------------

def fixture(*parts):
    """Path of a fixture under tests/data."""
    return os.path.join(DATA, *parts)


def import_ok(case, *sources, check=0, **kw):
    """Imports sources into case with --quiet; asserts the exit code (default 0)."""
    return ms("import", "--quiet", *sources, case=case, check=check, **kw)


# The demo mailboxes by custodian, as examples/demo/run.sh imports them.
DEMO_CUSTODIANS = (("zhang.wei", ["zhang.wei.mbox"]), ("chen.jing", ["chen.jing"]),
                   ("li.na", ["li.na"]), ("support", ["support-eml", "misc"]))


def import_demo(case, *options):
    """Imports the demo mailboxes into case, one custodian at a time (options: --no-index...)."""
    for custodian, sources in DEMO_CUSTODIANS:
        import_ok(case, *options, "--custodian", custodian,
                  *[os.path.join(DEMO, s) for s in sources])


def show_json(case, ref):
    """The `show --format json` records of a case id or Message-ID."""
    return ms("show", ref, "--format", "json", case=case, check=0).json()


def all_messages(case):
    """Every message of a case as `search --format json '*'` records, by case id."""
    r = ms("search", "*", "--format", "json", case=case, check=0)
    return {o["id"]: o for o in r.json()}


def by_message_id(case):
    """Message-ID -> list of search records (several when messages share one Message-ID)."""
    out = {}
    for rec in all_messages(case).values():
        out.setdefault(rec["message_id"], []).append(rec)
    return out


def load_generator(folder):
    """The make.py module of a fixture folder, loaded without running its main."""
    import importlib.util
    path = os.path.join(folder, "make.py")
    spec = importlib.util.spec_from_file_location("make_" + os.path.basename(folder), path)
    mod = importlib.util.module_from_spec(spec)
    # No __pycache__ in the fixture folders: it would be imported as a (skipped) file.
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.dont_write_bytecode = saved
    return mod


def generated_files_differ(folder):
    """Relative paths whose committed bytes differ from what folder/make.py's build() returns."""
    mod = load_generator(folder)
    bad = []
    for rel, data in sorted(mod.build().items()):
        path = os.path.join(folder, rel)
        try:
            with open(path, "rb") as f:
                if f.read() != data:
                    bad.append(rel)
        except OSError:
            bad.append(rel)
    return bad


def ms_bytes(*args, case=None, check=None):
    """Like ms() but stdout and stderr stay bytes (for --raw and exported bytes)."""
    require_binary()
    argv = [str(a) for a in args]
    if case is not None:
        argv = argv[:1] + ["--case", str(case)] + argv[1:]
    e = dict(os.environ)
    e.pop("MAILSCOPE_CASE", None)
    proc = subprocess.run([BIN] + argv, capture_output=True, env=e, timeout=1200)
    if check is not None and proc.returncode != check:
        raise AssertionError(f"expected exit {check}: mailscope {' '.join(argv)} -> "
                             f"{proc.returncode}\n{proc.stderr[-3000:]!r}")
    return proc


# --- Helpers of the corpus tests (test_corpus_*.py, test_resume_kill.py) ---------------------
# Independent Python re-implementations of documented rules; they never ask mailscope.

def corpus_files(root):
    """Every regular file under root, as sorted paths relative to root."""
    out = []
    for d, _dirs, files in os.walk(root):
        for f in files:
            out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def locator_file(root, locator):
    """(relative file path, inner part) of a locator: "a/1." -> ("a/1.", ""),
    "x.mbox@120" -> ("x.mbox", "@120"), "y.pst#node:5" -> ("y.pst", "#node:5")."""
    if os.path.isfile(os.path.join(root, locator)):
        return locator, ""
    for sep in ("#", "@"):
        i = locator.rfind(sep)
        while i > 0:
            if os.path.isfile(os.path.join(root, locator[:i])):
                return locator[:i], locator[i:]
            i = locator.rfind(sep, 0, i)
    return locator, ""


_HDR_WS = b" \t\r\n"


def _field_name(line):
    i = 0
    while i < len(line) and 32 < line[i] < 127 and line[i] != 58:
        i += 1
    n = i
    while i < len(line) and line[i] in b" \t":
        i += 1
    if n == 0 or i >= len(line) or line[i] != 58:
        return None
    return line[:n]


def header_block(raw):
    """(headers, body) of raw message bytes, by the rule documented in mime/headers.cpp:
    an optional leading "From " line is skipped; a header ends at a blank line or at the first
    line that is neither a field ("Name:") nor a continuation. headers = [(name, value)] with
    bytes values unfolded (continuation lines stripped and joined by one space)."""
    pos = 0
    if raw.startswith(b"From "):
        nl = raw.find(b"\n")
        pos = len(raw) if nl < 0 else nl + 1
    headers = []
    while pos < len(raw):
        nl = raw.find(b"\n", pos)
        end = len(raw) if nl < 0 else nl
        line = raw[pos:end]
        if line.endswith(b"\r"):
            line = line[:-1]
        nxt = len(raw) if nl < 0 else nl + 1
        if not line:
            return headers, raw[nxt:]
        if line[:1] in (b" ", b"\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + b" " + line.strip(_HDR_WS))
        else:
            name = _field_name(line)
            if name is None:
                return headers, raw[pos:]
            headers.append((name, line[line.index(b":", len(name)) + 1:].strip(_HDR_WS)))
        pos = nxt
    return headers, b""


def first_header(raw, name):
    """Bytes value of the first header `name` (case-insensitive), or None."""
    name = name.lower().encode()
    for n, v in header_block(raw)[0]:
        if n.lower() == name:
            return v
    return None


_IDENTITY = {b"date", b"from", b"sender", b"to", b"cc", b"bcc", b"subject", b"in-reply-to",
             b"references", b"reply-to", b"mime-version", b"content-type",
             b"content-transfer-encoding"}


def content_key(raw):
    """The dedup key documented in lib/mailscope/mime/headers.cpp (content_key), rewritten:
    identity headers in order (name lower-cased, value unfolded and whitespace-collapsed),
    Message-ID left out; then the body with trailing whitespace dropped and CRLF -> LF."""
    import hashlib
    import re
    headers, body = header_block(raw)
    h = hashlib.sha256(b"mailscope-content-v1\n")
    for name, value in headers:
        if name.lower() in _IDENTITY:
            v = re.sub(rb"[ \t\r\n]+", b" ", value).strip(b" ")
            h.update(name.lower() + b":" + v + b"\n")
    h.update(b"\n")
    h.update(body.rstrip(b"\r\n \t").replace(b"\r\n", b"\n"))
    return h.digest()


# Charset labels as mail software means them (the superset each label stands for in practice).
PY_CHARSET = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030",
    "gb2312_charset": "gb18030", "x-euc-cn": "gb18030", "cp936": "gb18030",
    "gb18030": "gb18030", "csgb2312": "gb18030", "chinese": "gb18030",
    "big5": "big5hkscs", "x-big5": "big5hkscs", "big5-hkscs": "big5hkscs",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "shift_jis": "cp932", "x-sjis": "cp932",
    "iso-8859-1": "cp1252", "us-ascii": "ascii", "ansi_x3.4-1968": "ascii",
}


def py_charset(label):
    """Python codec for a MIME charset label, or None when the label is missing or bogus."""
    import codecs
    if not label:
        return None
    cs = label.strip().strip("\"'").lower()
    if cs.startswith("3d"):
        cs = cs[2:].strip("\"'")
    cs = PY_CHARSET.get(cs, cs)
    try:
        codecs.lookup(cs)
    except LookupError:
        return None
    return cs


def decode_words(value, fallback=None):
    """RFC 2047 decoding of a raw header value (bytes) with PY_CHARSET's mapping; unencoded
    8-bit text is read as UTF-8 when valid, else with `fallback` (a Python codec), else
    GB18030. Undecodable bytes become U+FFFD. Whitespace between adjacent encoded words is
    dropped (RFC 2047 §6.2)."""
    import base64
    import binascii
    import re
    out = []
    pos = 0
    last_encoded = False

    def plain(b):
        if all(c < 0x80 for c in b):
            return b.decode("ascii")
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return b.decode(fallback or "gb18030", "replace")

    for m in re.finditer(rb"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=", value):
        gap = value[pos:m.start()]
        if not (last_encoded and not gap.strip(b" \t\r\n")):
            out.append(plain(gap))
        label = m.group(1).split(b"*")[0].decode("ascii", "replace")
        data = m.group(3)
        if m.group(2) in b"bB":
            try:
                data = base64.b64decode(data + b"=" * (-len(data) % 4))
            except (binascii.Error, ValueError):
                data = m.group(0)
        else:
            data = re.sub(rb"=([0-9A-Fa-f]{2})", lambda x: bytes([int(x.group(1), 16)]),
                          data.replace(b"_", b" "))
        cs = py_charset(label)
        out.append(data.decode(cs, "replace") if cs else plain(data))
        pos = m.end()
        last_encoded = True
    out.append(plain(value[pos:]))
    return "".join(out)


def mbox_count(path):
    """Messages Python's mailbox module finds in an mbox file (mboxo/mboxrd "From " lines)."""
    import mailbox
    box = mailbox.mbox(path, create=False)
    try:
        return len(box)
    finally:
        box.close()


def squash_ws(s):
    """s without any whitespace (for comparing texts that differ only in wrapping)."""
    return "".join(s.split())
