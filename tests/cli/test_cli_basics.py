"""The command line itself: version, help, usage errors and their exit status, how the case is
named (--case, -C, MAILSCOPE_CASE, ./mailscope-case), its permissions, and the JSON Lines
contract (format_version first, the import report's record types).

Expectations come from mailscope(1) (EXIT STATUS, THE CASE, OUTPUT FORMATS), the version in
CMakeLists.txt and tests/data/import-report/ (a good .eml, a folder with a message and a
non-mail file).
"""
import collections
import json
import os
import re
import stat
import subprocess
import unittest

import mstest
from mstest import BIN, SOURCE, fixture, ms

COMMANDS = ["import", "index", "search", "show", "export", "help"]
CASE_COMMANDS = ["import", "index", "search", "show", "export"]
REPORT = fixture("import-report")


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(\s*mailscope\s+VERSION\s+([0-9.]+)", f.read())
    return m.group(1)


def run(args, cwd=None, env=None, umask=None):
    """mailscope without the helper's --case handling (for cwd, env and umask tests)."""
    e = dict(os.environ)
    e.pop("MAILSCOPE_CASE", None)
    e.update(env or {})
    pre = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([BIN] + list(args), capture_output=True, text=True, cwd=cwd, env=e,
                          preexec_fn=pre, timeout=300)


def first_keys(text):
    """(first key, object) of every JSON line."""
    out = []
    for line in text.splitlines():
        obj = json.loads(line, object_pairs_hook=collections.OrderedDict)
        out.append((next(iter(obj)), obj))
    return out


class VersionAndHelp(unittest.TestCase):
    def test_version(self):
        for flag in ("--version", "-V"):
            r = ms(flag)
            self.assertEqual((r.code, r.out, r.err), (0, "mailscope %s\n" % project_version(),
                                                      ""), flag)

    def test_help_lists_the_commands(self):
        r = ms("--help")
        self.assertEqual(r.code, 0, r)
        listed = re.findall(r"(?m)^  (\w+)\s{2,}\S", r.out)
        for c in COMMANDS:
            self.assertIn(c, listed)

    def test_each_command_has_help(self):
        for c in COMMANDS:
            with self.subTest(command=c):
                r = ms(c, "--help")
                self.assertEqual(r.code, 0, r)
                self.assertIn("Usage: mailscope %s" % c, r.out)
                if c in CASE_COMMANDS:
                    self.assertIn("-C,--case", r.out)

    def test_no_command_is_a_usage_error(self):
        r = ms()
        self.assertEqual(r.code, 2, r)


class UsageErrors(unittest.TestCase):
    """Parser errors: exit 2 (not CLI11's own codes), named on stderr, nothing on stdout."""

    def check(self, args, word):
        r = ms(*args)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.out, "")
        self.assertIn(word, r.err)
        self.assertIn("--help", r.err)

    def test_unknown_command(self):
        self.check(["frobnicate"], "frobnicate")

    def test_unknown_option(self):
        self.check(["search", "--frobnicate", "x"], "--frobnicate")
        self.check(["--frobnicate"], "--frobnicate")

    def test_missing_argument(self):
        self.check(["search"], "QUERY")
        self.check(["import"], "SOURCE")
        self.check(["show"], "ID")

    def test_bad_choice(self):
        self.check(["search", "--format", "xml", "x"], "xml")
        self.check(["search", "--sort", "size", "x"], "size")
        self.check(["import", "--format", "zip", "x"], "zip")

    def test_option_without_value(self):
        self.check(["search", "x", "--limit"], "--limit")

    def test_export_mbox_and_eml_dir_exclude_each_other(self):
        self.check(["export", "--mbox", "a", "--eml-dir", "b", "*"], "--eml-dir")


class CaseNaming(unittest.TestCase):
    def test_env_var_names_the_case(self):
        work = mstest.scratch("cli-env")
        case = os.path.join(work, "envcase")
        r = run(["import", os.path.join(REPORT, "good.eml")], cwd=work,
                env={"MAILSCOPE_CASE": case})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(case, "case.db")))
        self.assertFalse(os.path.exists(os.path.join(work, "mailscope-case")))
        r = run(["search", "--count", "*"], cwd=work, env={"MAILSCOPE_CASE": case})
        self.assertEqual((r.returncode, r.stdout), (0, "1\n"))

    def test_case_option_wins_over_env(self):
        work = mstest.scratch("cli-env-override")
        a, b, c = (os.path.join(work, n) for n in "abc")
        run(["import", "--case", a, os.path.join(REPORT, "good.eml")], cwd=work)
        r = run(["search", "--case", a, "--count", "*"], cwd=work, env={"MAILSCOPE_CASE": b})
        self.assertEqual((r.returncode, r.stdout), (0, "1\n"), r.stderr)
        # An import names its case with -C: it must not write into the case of the environment.
        r = run(["import", "-C", c, os.path.join(REPORT, "good.eml")], cwd=work,
                env={"MAILSCOPE_CASE": b})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(c, "case.db")))
        self.assertFalse(os.path.exists(b), "import wrote into $MAILSCOPE_CASE, not -C")

    def test_short_option(self):
        work = mstest.scratch("cli-short")
        case = os.path.join(work, "c")
        r = run(["import", "-C", case, os.path.join(REPORT, "good.eml")], cwd=work)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run(["search", "-C", case, "--count", "*"], cwd=work)
        self.assertEqual((r.returncode, r.stdout), (0, "1\n"), r.stderr)
        r = run(["show", "-C", case, "1", "--format", "json"], cwd=work)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_default_case_in_current_directory(self):
        work = mstest.scratch("cli-default")
        r = run(["import", os.path.join(REPORT, "good.eml")], cwd=work)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(work, "mailscope-case", "case.db")))
        r = run(["search", "--count", "*"], cwd=work)
        self.assertEqual((r.returncode, r.stdout), (0, "1\n"), r.stderr)

    def test_quiet_before_and_after_the_command(self):
        work = mstest.scratch("cli-quiet")
        case = os.path.join(work, "c")
        run(["import", "-C", case, os.path.join(REPORT, "good.eml")], cwd=work)
        for args in (["-q", "search", "-C", case, "--count", "*"],
                     ["search", "-q", "-C", case, "--count", "*"]):
            r = run(args, cwd=work)
            self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "1\n", ""), args)

    def test_case_is_private(self):
        # mailscope(1), THE CASE: directory 0700, case.db and lock 0600, whatever the umask.
        work = mstest.scratch("cli-perms")
        case = os.path.join(work, "c")
        r = run(["import", "-C", case, os.path.join(REPORT, "good.eml")], cwd=work, umask=0)
        self.assertEqual(r.returncode, 0, r.stderr)
        mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)
        self.assertEqual(oct(mode(case)), oct(0o700))
        self.assertEqual(oct(mode(os.path.join(case, "case.db"))), oct(0o600))
        self.assertEqual(oct(mode(os.path.join(case, "lock"))), oct(0o600))
        for name in os.listdir(case):
            p = os.path.join(case, name)
            if os.path.isfile(p):
                with self.subTest(file=name):
                    self.assertEqual(mode(p) & 0o077, 0, "%s is %o" % (name, mode(p)))


class JsonLines(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("cli-json"), "case")
        cls.imp = ms("import", "--output-format", "json", os.path.join(REPORT, "good.eml"),
                     os.path.join(REPORT, "tree"), os.path.join(REPORT, "missing.eml"),
                     case=cls.case)

    def test_format_version_first_everywhere(self):
        outputs = {
            "import": self.imp.out,
            "search": ms("search", "--format", "json", "*", case=self.case, check=0).out,
            "show": ms("show", "--format", "json", "1", case=self.case, check=0).out,
        }
        for name, text in outputs.items():
            with self.subTest(command=name):
                lines = first_keys(text)
                self.assertTrue(lines)
                for key, obj in lines:
                    self.assertEqual(key, "format_version")
                    self.assertEqual(obj["format_version"], 1)

    def test_import_report_record_types(self):
        # good.eml: evidence; tree/: evidence + skipped (readme.txt); missing.eml: evidence +
        # failure; then one summary, last. A failed source makes the import partial: exit 3.
        self.assertEqual(self.imp.code, 3, self.imp)
        recs = [obj for _, obj in first_keys(self.imp.out)]
        kinds = [(r["record"], os.path.basename(r.get("evidence", ""))) for r in recs]
        self.assertEqual(kinds, [("evidence", "good.eml"), ("evidence", "tree"),
                                 ("skipped", "tree"), ("evidence", "missing.eml"),
                                 ("failure", "missing.eml"), ("summary", "")])
        skipped = recs[2]
        self.assertEqual(skipped["locator"], "readme.txt")
        summary = recs[-1]
        self.assertEqual((summary["messages"], summary["new_messages"], summary["failures"],
                          summary["skipped"]), (2, 2, 1, 1))

    def test_search_csv_columns(self):
        # mailscope-search(1), CSV.
        r = ms("search", "--format", "csv", "*", case=self.case, check=0)
        header = r.out.splitlines()[0]
        self.assertEqual(header, "id,date,from,to,cc,subject,folder,custodian,flags,thread,"
                                 "message_id,has_attachment,locations")
        self.assertEqual(len(r.out.splitlines()), 1 + 2)

    def test_csv_prints_only_the_header_without_records(self):
        # A consumer reading the CSV still learns the columns when nothing matched.
        r = ms("search", "--format", "csv", "zzqxnomatchword", case=self.case)
        self.assertEqual(r.code, 1)
        self.assertEqual(r.out.splitlines(),
                         ["id,date,from,to,cc,subject,folder,custodian,flags,thread,message_id,"
                          "has_attachment,locations"])


if __name__ == "__main__":
    mstest.main()
