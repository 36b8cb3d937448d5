"""`cmake --install` (README.md, "Install"): the binary, the manual pages, the completions and
the demo land in the standard places of the prefix; with -DMAILSCOPE_SETGID_GROUP the binary
is installed setgid to that group (multi-user mode).

Expectations are the file system's: which files exist under the prefix, compared with the
repository's man/ and completions/ folders; owner and mode from stat.
"""
import glob
import grp
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

import mstest

SOURCE = mstest.SOURCE
BUILD = os.path.dirname(os.path.dirname(os.path.abspath(mstest.BIN)))


def sh(*argv, env=None, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=e,
                          timeout=600, **kw)


class Install(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ms-install-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_staged_install_puts_everything_in_the_standard_places(self):
        dest = os.path.join(self.tmp, "stage")
        r = sh("cmake", "--install", BUILD, "--prefix", "/usr", env={"DESTDIR": dest})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        usr = os.path.join(dest, "usr")
        exe = os.path.join(usr, "bin", "mailscope")
        self.assertTrue(os.access(exe, os.X_OK), exe)
        for section in ("1", "5", "7"):
            pages = sorted(os.path.basename(p)
                           for p in glob.glob(os.path.join(SOURCE, "man", "*." + section)))
            self.assertTrue(pages)
            installed = sorted(os.listdir(os.path.join(usr, "share", "man", "man" + section)))
            self.assertEqual(installed, pages)
        self.assertIn("mailscope.1", os.listdir(os.path.join(usr, "share", "man", "man1")))
        completions = {
            "share/bash-completion/completions/mailscope": "mailscope.bash",
            "share/zsh/vendor-completions/_mailscope": "_mailscope",
            "share/fish/vendor_completions.d/mailscope.fish": "mailscope.fish",
        }
        for rel, src in completions.items():
            with open(os.path.join(usr, rel), "rb") as a, \
                    open(os.path.join(SOURCE, "completions", src), "rb") as b:
                self.assertEqual(a.read(), b.read(), rel)
        demo = os.path.join(usr, "share", "mailscope", "examples", "demo")
        self.assertTrue(os.access(os.path.join(demo, "run.sh"), os.X_OK))
        self.assertTrue(os.path.isfile(os.path.join(demo, "mailscope.toml")))
        self.assertTrue(os.path.isfile(os.path.join(demo, "mail", "zhang.wei.mbox")))
        self.assertTrue(os.path.isfile(os.path.join(usr, "share", "mailscope", "examples",
                                                    "policies", "sales-zh.toml")))
        # Nothing outside the prefix, nothing setgid in a staged install.
        self.assertEqual(os.listdir(dest), ["usr"])
        self.assertFalse(os.stat(exe).st_mode & stat.S_ISGID)
        r = sh(exe, "--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("mailscope", r.stdout)

    @unittest.skipUnless(os.geteuid() == 0, "needs root: chgrp to a group made for the test")
    def test_setgid_group_option_makes_the_binary_setgid(self):
        group = f"ms_test_i{os.getpid() % 100000}"
        subprocess.run(["groupdel", group], capture_output=True)
        subprocess.run(["groupadd", "--system", group], check=True)
        self.addCleanup(subprocess.run, ["groupdel", group], capture_output=True)
        # A configure-only tree with the option, holding a copy of the built binary.
        cfg = os.path.join(self.tmp, "cfg")
        prefix = os.path.join(self.tmp, "prefix")
        r = sh("cmake", "-S", SOURCE, "-B", cfg, "-DCMAKE_BUILD_TYPE=Release",
               "-DMAILSCOPE_TESTS=OFF", f"-DMAILSCOPE_SETGID_GROUP={group}",
               f"-DCMAKE_INSTALL_PREFIX={prefix}")
        self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
        os.makedirs(os.path.join(cfg, "bin"), exist_ok=True)
        shutil.copy(mstest.BIN, os.path.join(cfg, "bin", "mailscope"))
        r = sh("cmake", "--install", cfg)
        self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
        st = os.stat(os.path.join(prefix, "bin", "mailscope"))
        self.assertEqual((st.st_uid, st.st_gid), (0, grp.getgrnam(group).gr_gid))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o2755)
        # A staged install of the same tree leaves owner and mode to the package.
        dest = os.path.join(self.tmp, "stage")
        r = sh("cmake", "--install", cfg, env={"DESTDIR": dest})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("leaving chgrp", r.stdout)
        st = os.stat(dest + os.path.join(prefix, "bin", "mailscope"))
        self.assertFalse(st.st_mode & stat.S_ISGID)


if __name__ == "__main__":
    mstest.main()
