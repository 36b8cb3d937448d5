"""The Debian package (README.md, "Install"): `cpack -G DEB` in the build tree, its control
fields, its Depends against the libraries the binary really links (its NEEDED entries
resolved by ldd, then dpkg -S: which package ships each), then `dpkg -i` on this machine, the packaged demo run from
/usr/share/mailscope with the installed binary, and `dpkg --purge`.

Changes the machine while it runs (ctest label `package`): needs root, refuses to touch a
mailscope package installed before, and purges its own (and the group its postinst made)
even when a check fails.
"""
import glob
import grp
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest

import mstest

BUILD = os.path.dirname(os.path.dirname(os.path.abspath(mstest.BIN)))
DEMO_RUN = "/usr/share/mailscope/examples/demo/run.sh"


def sh(*argv, env=None, cwd=None):
    e = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    e.update(env or {})
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=e,
                          cwd=cwd, timeout=600, errors="replace")


def installed(pkg):
    r = sh("dpkg-query", "-W", "-f", "${Status}", pkg)
    return r.returncode == 0 and "install ok installed" in r.stdout


def linked_packages(binary):
    """The Debian packages that ship the shared libraries `binary` links directly (its
    NEEDED entries, as the loader resolves them: readelf, then ldd)."""
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                            sh("readelf", "-d", binary).stdout))
    out = set()
    for line in sh("ldd", binary).stdout.splitlines():
        m = re.match(r"\s*(\S+)\s+=>\s+(/\S+)", line)
        if not m or m.group(1) not in needed:
            continue
        path = os.path.realpath(m.group(2))
        r = sh("dpkg", "-S", path)
        if r.returncode != 0:  # a usrmerge alias: /lib/... is /usr/lib/...
            r = sh("dpkg", "-S", path.replace("/usr/lib/", "/lib/", 1))
        if r.returncode == 0:
            out.add(r.stdout.split(":")[0])
    return out


@unittest.skipUnless(os.geteuid() == 0, "needs root: installs and removes the package")
@unittest.skipIf(mstest.SANITIZED, "the package is built from the normal build, not the "
                 "sanitizer build")
class DebPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if installed("mailscope"):
            raise unittest.SkipTest("a mailscope package is installed here; not replacing it")
        cls.tmp = tempfile.mkdtemp(prefix="ms-deb-")
        os.chmod(cls.tmp, 0o755)
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        r = sh("cpack", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-G", "DEB",
               "-B", os.path.join(cls.tmp, "pkg"))
        if r.returncode != 0:
            raise AssertionError(r.stdout[-3000:] + r.stderr[-3000:])
        debs = glob.glob(os.path.join(cls.tmp, "pkg", "*.deb"))
        if len(debs) != 1:
            raise AssertionError(f"expected one .deb, found {debs}\n{r.stdout[-2000:]}")
        cls.deb = debs[0]

    def field(self, name):
        r = sh("dpkg-deb", "-f", self.deb, name)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "mailscope")
        version = mstest.ms("--version", check=0).out.split()[-1]
        self.assertEqual(self.field("Version"), version)
        self.assertEqual(self.field("Section"), "mail")
        self.assertIn("@", self.field("Maintainer"))
        # A one-line synopsis, then the long description (dpkg-deb -f strips its indent).
        lines = self.field("Description").splitlines()
        self.assertGreater(len(lines), 2, lines)
        self.assertNotIn(lines[0].strip(), [x.strip() for x in lines[1:]])
        self.assertTrue(lines[1].startswith(" mailscope imports"), lines)
        self.assertEqual(self.field("Architecture"),
                         sh("dpkg", "--print-architecture").stdout.strip())

    def test_depends_names_every_linked_library(self):
        depends = {d.strip().split()[0] for d in self.field("Depends").split(",")}
        need = linked_packages(mstest.BIN)
        for pkg in ("libxapian30", "libgmime-3.0-0", "libpst4", "libhyperscan5",
                    "libsqlite3-0", "libhpdf-2.3.0", "libzstd1", "libxml2", "libc6"):
            self.assertIn(pkg, need, "ldd does not see it; the test's list is out of date")
        self.assertEqual(need - depends, set(), self.field("Depends"))
        # What dpkg-shlibdeps cannot see: the handover's CJK font, the postinst's addgroup.
        self.assertIn("fonts-wqy-zenhei", depends)
        self.assertIn("adduser", depends)

    def test_contents(self):
        r = sh("dpkg-deb", "-c", self.deb)
        names = {line.split()[-1] for line in r.stdout.splitlines()}
        for path in ("./usr/bin/mailscope", "./usr/share/man/man1/mailscope.1.gz",
                     "./usr/share/man/man5/mailscope-directory.5.gz",
                     "./usr/share/bash-completion/completions/mailscope",
                     "./usr/share/zsh/vendor-completions/_mailscope",
                     "./usr/share/fish/vendor_completions.d/mailscope.fish",
                     "." + DEMO_RUN):
            self.assertTrue(path in names or path.removesuffix(".gz") in names, path)
        self.assertFalse(any("/usr/local" in n for n in names))

    def test_install_run_the_demo_and_purge(self):
        group_before = self.group_exists()

        def purge():
            sh("dpkg", "--purge", "mailscope")
            if not group_before and self.group_exists():
                sh("groupdel", "mailscope")
        self.addCleanup(purge)
        r = sh("dpkg", "-i", self.deb)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        # The postinst: the system group, and the binary setgid to it.
        st = os.stat("/usr/bin/mailscope")
        self.assertEqual((st.st_uid, st.st_gid), (0, grp.getgrnam("mailscope").gr_gid))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o2755)
        self.assertLess(grp.getgrnam("mailscope").gr_gid, 1000)  # a system group
        if not self.dpkg_excludes("/usr/share/man"):  # slim images drop manual pages
            r = sh("man", "-w", "mailscope-import")
            self.assertEqual(r.returncode, 0, r.stderr)
        # The packaged demo, run in an empty folder with the installed binary.
        work = os.path.join(self.tmp, "run")
        os.makedirs(work)
        r = sh("sh", DEMO_RUN, cwd=work)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        self.assertEqual(r.stdout.count("all as expected"), 3, r.stdout[-3000:])
        self.assertIn("scanned 109 messages", r.stdout)
        self.assertIn("-> exit 0: hold this draft", r.stdout)
        self.assertTrue(os.path.isfile(os.path.join(work, "mailscope-demo", "demo-case",
                                                    "case.db")))
        self.assertTrue(os.path.getsize(os.path.join(work, "mailscope-demo",
                                                     "demo-handover.pdf")) > 10000)
        r = sh("dpkg", "--purge", "mailscope")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertFalse(os.path.exists("/usr/bin/mailscope"))
        self.assertFalse(os.path.exists("/usr/share/mailscope"))
        r = sh("dpkg-statoverride", "--list", "/usr/bin/mailscope")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        # The demo's case is the user's, not the package's: purge leaves it alone.
        self.assertTrue(os.path.isfile(os.path.join(work, "mailscope-demo", "demo-case",
                                                    "case.db")))

    @staticmethod
    def dpkg_excludes(prefix):
        for conf in glob.glob("/etc/dpkg/dpkg.cfg.d/*"):
            try:
                with open(conf, encoding="utf-8", errors="replace") as f:
                    if any(line.strip().startswith("path-exclude") and prefix in line
                           for line in f):
                        return True
            except OSError:
                pass
        return False

    @staticmethod
    def group_exists():
        try:
            grp.getgrnam("mailscope")
            return True
        except KeyError:
            return False


if __name__ == "__main__":
    mstest.main()
