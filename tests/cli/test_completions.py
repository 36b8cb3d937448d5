"""Shell completions cannot drift from the binary: the checked-in completions/ files are exactly
what `mailscope completion bash|zsh|fish` prints, they name every command and option that
--help lists, the bash script really completes (run in bash with COMP_WORDS set as bash sets
them), and the zsh and fish scripts parse when those shells are installed."""
import difflib
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest

import mstest
from mstest import ms

COMPLETIONS = os.path.join(mstest.SOURCE, "completions")
FILES = {"bash": "mailscope.bash", "zsh": "_mailscope", "fish": "mailscope.fish"}
QUERY_MAN = os.path.join(mstest.SOURCE, "man", "mailscope-query.7")


def read(shell):
    with open(os.path.join(COMPLETIONS, FILES[shell]), encoding="utf-8") as f:
        return f.read()


def commands():
    """The subcommands `mailscope --help` lists (hidden ones are not listed)."""
    section = ms("--help", check=0).out.split("Subcommands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^\s+([a-z][a-z0-9-]*)[,\s]", section, re.M)]


def options(*cmd):
    """Option names `mailscope [CMD] --help` lists, and the {a,b,c} choices of each."""
    out = ms(*cmd, "--help", check=0).out.split("Options:", 1)[1].split("Subcommands:", 1)[0]
    names, choices = set(), {}
    for m in re.finditer(r"^  (-\S+)(?: \S*?\{([^}]*)\})?", out, re.M):
        opts = m.group(1).split(",")
        names.update(opts)
        if m.group(2):
            for o in opts:
                choices[o] = m.group(2).split(",")
    return sorted(names), choices


def bash_words(line):
    """COMP_WORDS as bash makes them: split at blanks, with ':' and '=' words of their own."""
    words = []
    for token in line.split():
        words += [w for w in re.split(r"([:=])", token) if w]
    if not line or line[-1].isspace():
        words.append("")
    return words


def complete(line, cwd=None, wordbreaks=None):
    """COMPREPLY of the checked-in bash script for `line` with the cursor at its end."""
    words = bash_words(line) if wordbreaks is None else line.split() + [""] * line.endswith(" ")
    script = "\n".join([
        f"source {shlex.quote(os.path.join(COMPLETIONS, FILES['bash']))}",
        "" if wordbreaks is None else f"COMP_WORDBREAKS={shlex.quote(wordbreaks)}",
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})",
        f"COMP_CWORD={len(words) - 1}",
        f"COMP_LINE={shlex.quote(line)}; COMP_POINT={len(line)}",
        "_mailscope",
        'printf "%s\\n" "${COMPREPLY[@]}"',
    ])
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True,
                       text=True, cwd=cwd)
    if r.returncode != 0 or r.stderr:
        raise AssertionError(f"bash completion of {line!r} failed ({r.returncode}):\n{r.stderr}")
    return [w for w in r.stdout.split("\n") if w]


class Drift(unittest.TestCase):
    def test_checked_in_files_are_the_generated_ones(self):
        for shell, name in FILES.items():
            with self.subTest(shell=shell):
                generated = ms("completion", shell, check=0).out
                self.assertTrue(generated.strip(), f"`mailscope completion {shell}` is empty")
                diff = "".join(list(difflib.unified_diff(
                    read(shell).splitlines(True), generated.splitlines(True),
                    f"completions/{name}", f"mailscope completion {shell}"))[:40])
                if diff:
                    self.fail(f"completions/{name} is stale; regenerate it with:\n"
                              f"  build/bin/mailscope completion {shell} > completions/{name}\n"
                              f"{diff}")

    def test_unknown_shell_is_a_usage_error(self):
        r = ms("completion", "tcsh")
        self.assertEqual(r.code, 2, repr(r))

    def test_completion_is_hidden(self):
        self.assertNotIn("completion", commands())
        self.assertNotIn("completion", complete("mailscope "))
        self.assertNotIn("'completion:", read("zsh"))
        self.assertNotIn("-a completion", read("fish"))


class EveryCommandAndOption(unittest.TestCase):
    def test_every_command_and_option_appears(self):
        cmds = commands()
        self.assertIn("search", cmds)
        wanted = [(None, o) for o in options()[0]]
        wanted += [(cmd, o) for cmd in cmds for o in options(cmd)[0]]
        for shell in FILES:
            text = read(shell)
            for cmd in cmds:
                self.assertTrue(re.search(rf"(?<![\w-]){cmd}(?![\w-])", text),
                                f"{FILES[shell]}: no {cmd}")
            for cmd, opt in wanted:
                if shell == "fish":  # complete ... -s C -l case
                    pattern = (rf"-l {opt[2:]} " if opt.startswith("--") else rf"-s {opt[1:]} ")
                else:
                    pattern = rf"(?<![\w-]){re.escape(opt)}(?![\w-])"
                self.assertTrue(re.search(pattern, text),
                                f"{FILES[shell]}: no {opt} (of {cmd or 'mailscope'})")

    def test_every_choice_appears(self):
        for cmd in commands():
            for opt, values in options(cmd)[1].items():
                for shell in FILES:
                    self.assertTrue(" ".join(values) in read(shell),
                                    f"{FILES[shell]}: no choices {values} of {cmd} {opt}")

    @unittest.skipUnless(os.path.exists(QUERY_MAN), "no man/mailscope-query.7")
    def test_flag_values_match_the_query_page(self):
        with open(QUERY_MAN, encoding="utf-8") as f:
            documented = set(re.findall(r"\bis:([a-z]+)", f.read()))
        offered = set(re.findall(r"\bis:([a-z]+)", read("bash")))
        self.assertEqual(offered, documented, "is: values in completions vs mailscope-query(7)")


@unittest.skipUnless(shutil.which("bash"), "bash is not installed")
class BashCompletes(unittest.TestCase):
    def test_commands(self):
        self.assertEqual(sorted(complete("mailscope se")), ["search", "serve-shard"])
        self.assertEqual(complete("mailscope -q sea"), ["search"])
        self.assertEqual(sorted(complete("mailscope ")), sorted(commands()))
        self.assertTrue({"--help", "--version", "--quiet"} <= set(complete("mailscope -")))

    def test_options(self):
        self.assertEqual(complete("mailscope search --fo"), ["--format"])
        for cmd in commands():
            with self.subTest(cmd=cmd):
                names = options(cmd)[0]
                self.assertEqual(sorted(complete(f"mailscope {cmd} -")), names)

    def test_option_values(self):
        self.assertEqual(complete("mailscope search --format "), ["text", "json", "csv"])
        self.assertEqual(complete("mailscope search --format=j"), ["json"])
        self.assertEqual(complete("mailscope search --sort -"), ["-date"])
        self.assertIn("pst", complete("mailscope import --format "))
        self.assertEqual(complete("mailscope search -n "), [])
        for cmd in commands():
            for opt, values in options(cmd)[1].items():
                with self.subTest(cmd=cmd, opt=opt):
                    self.assertEqual(complete(f"mailscope {cmd} {opt} "), values)

    def test_query_words(self):
        self.assertEqual(complete("mailscope search fr"), ["from:"])
        self.assertIn("subject:", complete("mailscope export "))
        # bash splits at ':', so the replies are what follows the colon...
        self.assertIn("starred", complete("mailscope search is:"))
        self.assertEqual(complete("mailscope search is:st"), ["starred"])
        self.assertEqual(complete("mailscope export has:"), ["attachment"])
        # ...unless ':' is not a word break.
        nocolon = " \t\n\"'><=;|&("
        self.assertIn("is:starred", complete("mailscope search is:", wordbreaks=nocolon))
        self.assertEqual(complete("mailscope search is:unr", wordbreaks=nocolon), ["is:unread"])

    def test_help_topics(self):
        self.assertEqual(sorted(complete("mailscope help ")),
                         sorted(commands() + ["query", "directory", "policy-file", "analytics",
                                                "masking"]))
        self.assertEqual(complete("mailscope help qu"), ["query"])

    def test_files_and_directories(self):
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "case1"))
            open(os.path.join(d, "inbox.mbox"), "w").close()
            self.assertEqual(complete("mailscope search -C ", cwd=d), ["case1"])
            self.assertEqual(complete("mailscope index --case=c", cwd=d), ["case1"])
            self.assertEqual(complete("mailscope export --eml-dir ", cwd=d), ["case1"])
            self.assertEqual(sorted(complete("mailscope export --mbox ", cwd=d)),
                             ["case1", "inbox.mbox"])
            self.assertEqual(sorted(complete("mailscope import ", cwd=d)), ["case1", "inbox.mbox"])
            self.assertEqual(complete("mailscope import in", cwd=d), ["inbox.mbox"])
            self.assertEqual(complete("mailscope show ", cwd=d), [])


class OtherShellsParse(unittest.TestCase):
    @unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
    def test_zsh(self):
        r = subprocess.run(["zsh", "-n", os.path.join(COMPLETIONS, FILES["zsh"])],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    @unittest.skipUnless(shutil.which("fish"), "fish is not installed")
    def test_fish(self):
        r = subprocess.run(["fish", "--no-execute", os.path.join(COMPLETIONS, FILES["fish"])],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    mstest.main()
