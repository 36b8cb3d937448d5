"""Golden tests of broken input and misuse (zstd style): every folder of tests/data/errors/ is one
failure mode with its input, a `cmd` file (one mailscope command per line) and an `expected`
file (each command's exit status, stdout and stderr). Paths are written as placeholders:

  {HERE}  the failure mode's folder      {WORK}  a scratch folder for files made at test time
  {CASE}  a fresh case for this folder   {SECS}  a duration in seconds

In `expected`, "$ " starts a command, "[exit N]" follows it, "| " is a line of stdout, "! " a
line of stderr, and "\\ no newline at end" marks output without a final newline. {ANY} in an
expected line matches any text: it is used where the right behaviour is known but its wording
is not fixed yet.

Regenerate after an intended change with `MAILSCOPE_REGEN=1` (or `--regen`), then review the
diff: lines with {ANY} that still match are kept.
"""
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import unittest

import hostile_mail
import mstest
from mstest import BIN, CORPORA, fixture

ERRORS = fixture("errors")
REGEN = os.environ.get("MAILSCOPE_REGEN") == "1"
NOBODY = 65534


# --- Setup of the modes that need files made at test time ------------------------------------

def half_of_pst(member):
    def setup(work):
        archive = os.path.join(CORPORA, "pst.tar.zst")
        if not os.path.exists(archive):
            raise unittest.SkipTest("corpora missing: " + archive)
        data = subprocess.run(["tar", "--zstd", "-xOf", archive, member], check=True,
                              capture_output=True).stdout
        with open(os.path.join(work, "truncated.pst"), "wb") as f:
            f.write(data[:len(data) // 2])
        return []
    return setup


def unreadable(work):
    mail = os.path.join(work, "mail")
    shutil.copytree(os.path.join(ERRORS, "unreadable-file", "mail"), mail)
    os.chmod(os.path.join(mail, "b.eml"), 0)
    if os.geteuid() != 0:
        return []
    # Root reads a mode-000 file anyway: run as nobody (skip where that is not possible).
    setpriv = shutil.which("setpriv")
    if not setpriv:
        raise unittest.SkipTest("running as root without setpriv: cannot drop privileges")
    for root in (os.path.dirname(work), work, mail):
        os.chown(root, NOBODY, NOBODY)
    os.chown(os.path.join(mail, "a.eml"), NOBODY, NOBODY)
    return [setpriv, "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]


def plain_dir(work):
    os.makedirs(os.path.join(work, "plain-dir"))
    with open(os.path.join(work, "plain-dir", "notes.txt"), "w") as f:
        f.write("not a case\n")
    return []


def hostile(name, make):
    """A hostile message (tests/cli/hostile_mail.py) written at test time as {WORK}/name."""
    def setup(work):
        with open(os.path.join(work, name), "wb") as f:
            f.write(make())
        return []
    return setup


def oversized(work):
    # Sparse: a message over the 256 MiB limit that costs no disk, beside a good one.
    mail = os.path.join(work, "mail")
    os.makedirs(mail)
    with open(os.path.join(mail, "good.eml"), "wb") as f:
        f.write(hostile_mail.head("beside-huge", "Small beside a huge one").encode() + b"\nHi.\n")
    with open(os.path.join(mail, "huge.eml"), "wb") as f:
        f.write(hostile_mail.head("huge", "Huge").encode() + b"\n")
        f.truncate((256 << 20) + 4096)
    return []


SETUP = {
    "hostile-nesting": hostile("nested.eml", hostile_mail.nested),
    "hostile-header-flood": hostile("flood.eml", hostile_mail.header_flood),
    "hostile-long-header": hostile("long.eml", hostile_mail.long_header),
    "hostile-names": hostile("names.eml", hostile_mail.escaping_names),
    "hostile-oversized-message": oversized,
    "truncated-pst": half_of_pst("pst/aleph-ingest-file/testPST.pst"),
    "truncated-pst-dist-list": half_of_pst("pst/java-libpst/dist-list.pst"),
    "unreadable-file": unreadable,
    "not-a-case": plain_dir,
}


# --- Running and comparing -------------------------------------------------------------------

def transcript(mode):
    """Runs the mode's commands; returns the normalised transcript text."""
    here = os.path.join(ERRORS, mode)
    root = mstest.scratch("golden-" + mode)
    work = os.path.join(root, "work")
    case = os.path.join(root, "case")
    os.makedirs(work)
    prefix = SETUP[mode](work) if mode in SETUP else []
    subst = {"{HERE}": here, "{WORK}": work, "{CASE}": case}
    env = dict(os.environ)
    env.pop("MAILSCOPE_CASE", None)
    out = []
    with open(os.path.join(here, "cmd"), encoding="utf-8") as f:
        commands = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    for line in commands:
        args = []
        for a in shlex.split(line):
            for k, v in subst.items():
                a = a.replace(k, v)
            args.append(a)
        proc = subprocess.run(prefix + [BIN] + args, capture_output=True, env=env, timeout=300,
                              cwd=work)
        out.append("$ " + line)
        out.append("[exit %d]" % proc.returncode)
        for mark, data in (("| ", proc.stdout), ("! ", proc.stderr)):
            text = data.decode("utf-8", "replace")
            for k in sorted(subst, key=lambda k: -len(subst[k])):
                text = text.replace(subst[k], k)
            text = re.sub(r'"seconds":[0-9.eE+-]+', '"seconds":{SECS}', text)
            text = re.sub(r"(?m) [0-9]+\.[0-9] s$", " {SECS} s", text)
            lines = text.split("\n")
            if lines[-1] == "":
                lines.pop()
                out += [mark + l for l in lines]
            else:
                out += [mark + l for l in lines] + ["\\ no newline at end"]
    return "\n".join(out) + "\n"


def line_matches(expected, actual):
    if "{ANY}" not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(p) for p in expected.split("{ANY}"))
    return re.fullmatch(pattern, actual) is not None


def matches(expected, actual):
    e, a = expected.splitlines(), actual.splitlines()
    return len(e) == len(a) and all(line_matches(x, y) for x, y in zip(e, a))


def regenerated(old, actual):
    """The actual transcript, keeping old {ANY} lines that still match."""
    e, a = (old or "").splitlines(), actual.splitlines()
    if len(e) == len(a):
        a = [x if "{ANY}" in x and line_matches(x, y) else y for x, y in zip(e, a)]
    return "\n".join(a) + "\n"


def modes():
    return sorted(d for d in os.listdir(ERRORS)
                  if os.path.isfile(os.path.join(ERRORS, d, "cmd")))


class GoldenErrors(unittest.TestCase):
    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(ERRORS), [])

    def test_every_mode_has_expected_output(self):
        missing = [m for m in modes() if not os.path.exists(os.path.join(ERRORS, m, "expected"))]
        self.assertEqual(missing, [], "run with MAILSCOPE_REGEN=1 and review the result")


def make_test(mode):
    def test(self):
        path = os.path.join(ERRORS, mode, "expected")
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        actual = transcript(mode)
        if REGEN:
            with open(path, "w", encoding="utf-8") as f:
                f.write(regenerated(old, actual))
            return
        self.assertIsNotNone(old, "no expected file: run with MAILSCOPE_REGEN=1")
        if not matches(old, actual):
            diff = "".join(difflib.unified_diff(old.splitlines(True), actual.splitlines(True),
                                                "expected", "actual"))
            self.fail("%s: output differs from %s\n%s" % (mode, path, diff))
    return test


for _mode in modes():
    setattr(GoldenErrors, "test_" + _mode.replace("-", "_"), make_test(_mode))


class TextReport(unittest.TestCase):
    """The human report of a failed source names the file once per failure line."""

    def test_failure_line_names_the_path_once(self):
        root = mstest.scratch("golden-text-report")
        here = os.path.join(ERRORS, "mixed-good-bad")
        missing = os.path.join(here, "missing.eml")
        bad = os.path.join(here, "bad.eml")
        r = mstest.ms("import", os.path.join(here, "good.eml"), bad, missing,
                      case=os.path.join(root, "case"))
        self.assertEqual(r.code, 3, r)
        for path in (missing, bad):
            lines = [l for l in r.out.splitlines() if l.startswith("    ") and path in l]
            self.assertEqual(len(lines), 1, r.out)
            self.assertEqual(lines[0].count(path), 1, lines[0])


if __name__ == "__main__":
    if "--regen" in sys.argv:
        sys.argv.remove("--regen")
        REGEN = True
    mstest.main()
