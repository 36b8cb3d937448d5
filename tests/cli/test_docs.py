"""Documentation cannot drift from the binary: every command has a man page that documents
every option its --help lists, mailscope-query(7) documents every search field of the
indexer's table, and `mailscope help` opens the pages."""
import os
import re
import shutil
import subprocess
import unittest

import mstest
from mstest import ms

MAN = os.path.join(mstest.SOURCE, "man")


def commands():
    out = ms("--help", check=0).out
    section = out.split("Subcommands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^\s+([a-z][a-z0-9-]*)[,\s]", section, re.M)]


def options(cmd):
    """Long and short option names listed by `mailscope CMD --help`."""
    out = ms(cmd, "--help", check=0).out
    return sorted(set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", out.split("Options:", 1)[1])))


def render(page):
    env = dict(os.environ, MANWIDTH="250", LC_ALL="C.UTF-8")
    r = subprocess.run(["man", "-P", "cat", "-l", page], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise AssertionError(f"man -l {page} failed: {r.stderr}")
    # Undo overstriking (bold/underline) that man may leave when not on a terminal.
    return re.sub(r".\x08", "", r.stdout)


@unittest.skipUnless(shutil.which("man"), "man-db is not installed")
class ManPages(unittest.TestCase):
    def test_every_command_has_a_page_with_every_option(self):
        cmds = commands()
        self.assertIn("import", cmds)
        for cmd in cmds:
            page = os.path.join(MAN, f"mailscope-{cmd}.1")
            self.assertTrue(os.path.exists(page), f"no man page for {cmd}: {page}")
            text = render(page)
            for opt in options(cmd):
                self.assertIn(opt, text, f"mailscope-{cmd}(1) does not document {opt}")
            self.assertIn("EXIT STATUS", text, f"mailscope-{cmd}(1) has no EXIT STATUS")

    def test_main_page_lists_every_command(self):
        text = render(os.path.join(MAN, "mailscope.1"))
        for cmd in commands():
            self.assertIn(f"mailscope-{cmd}", text)

    def test_query_page_documents_every_field(self):
        with open(os.path.join(mstest.SOURCE, "lib/mailscope/index/fields.hpp")) as f:
            fields = re.findall(r'^\s*\{"([a-z]+)",', f.read(), re.M)
        self.assertGreater(len(fields), 10)
        text = render(os.path.join(MAN, "mailscope-query.7"))
        for name in fields:
            self.assertIn(f"{name}:", text, f"mailscope-query(7) does not document {name}:")

    def test_pages_render_without_groff_warnings(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed")
        for name in sorted(os.listdir(MAN)):
            r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", os.path.join(MAN, name)],
                               capture_output=True, text=True)
            self.assertEqual(r.stderr, "", f"groff warnings in {name}")

    def test_help_opens_the_page(self):
        r = ms("help", "search", env={"MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "100"})
        self.assertEqual(r.code, 0, repr(r))
        self.assertIn("mailscope-search", r.out)
        r = ms("help", "query", env={"MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "100"})
        self.assertEqual(r.code, 0, repr(r))
        self.assertIn("date:", r.out)


if __name__ == "__main__":
    mstest.main()
