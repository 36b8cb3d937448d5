"""Multi-user mode (mailscope(1), MULTI-USER): a setgid copy of the binary, a shared case and
two real OS users made for the test, employees of the demo directory.

Expectations come from outside mailscope: which mail each employee sent is read from the demo
mailboxes with Python's mailbox and email packages; who may open which file is asked of the
kernel (stat, and sqlite3, cat and xapian-delve run as the users). The administrator is an
ordinary user in the group, not root. Needs root (useradd,
groupadd, runuser); skipped otherwise. The users and the group are removed even on failure.
"""
import email
import email.policy
import email.utils
import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import unittest

import mstest

DEMO = mstest.DEMO
SOURCE = mstest.SOURCE
DOMAIN = "haina-trade.com"
TAG = f"{os.getpid() % 100000}"
GROUP = f"ms_test_g{TAG}"
# Logins of the demo's two sales employees 张伟 and 王芳 (examples/demo/mailscope.toml).
USERS = {"zhang.wei": f"ms_test_zw{TAG}", "wang.fang": f"ms_test_wf{TAG}"}
# And of its compliance officer 赵敏, who writes to the case (scan) and hands over.
COMPLIANCE = ("zhao.min", f"ms_test_zm{TAG}")
# The case's administrator: an ordinary user who is a member of the group, not root.
ADMIN = f"ms_test_ad{TAG}"


def run(*argv, user=None, env=None, input=None):
    """A command, as `user` (runuser) when given; the environment is the caller's plus env."""
    cmd = [str(a) for a in argv]
    if user:
        cmd = ["runuser", "-u", user, "--"] + cmd
    e = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    if env:
        e.update(env)
    return subprocess.run(cmd, capture_output=True, text=True, env=e, input=input,
                          timeout=600, errors="replace")


def sent_by(address):
    """Message-IDs of the demo mail whose From is `address` (as run.sh imports it)."""
    raws = mstest.demo_raws()
    out = set()
    for raw in raws:
        m = email.message_from_bytes(raw, policy=email.policy.compat32)
        froms = email.utils.getaddresses([str(v) for v in m.get_all("From", [])])
        if froms and froms[0][1].lower() == address:
            out.add(m["Message-ID"].strip().strip("<>"))
    return out


def cleanup_accounts():
    for login in list(USERS.values()) + [COMPLIANCE[1], ADMIN]:
        subprocess.run(["userdel", login], capture_output=True)
    subprocess.run(["groupdel", GROUP], capture_output=True)


@unittest.skipUnless(os.geteuid() == 0, "needs root: creates OS users and a group")
@unittest.skipIf(mstest.SANITIZED, "LeakSanitizer cannot run in a setgid process (not dumpable); "
                 "multi-user mode is tested on the normal build")
class MultiUser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cleanup_accounts()
        cls.addClassCleanup(cleanup_accounts)
        subprocess.run(["groupadd", "--system", GROUP], check=True)
        for login in list(USERS.values()) + [COMPLIANCE[1]]:
            subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin",
                            "--user-group", login], check=True)
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        "--user-group", "--groups", GROUP, ADMIN], check=True)
        cls.gid = grp.getgrnam(GROUP).gr_gid
        # Under /tmp (sticky), every folder on the way 0755: the users must reach the binary
        # and the case's folder, and must not be able to rename either.
        cls.tmp = tempfile.mkdtemp(prefix="ms-multiuser-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        os.chmod(cls.tmp, 0o755)
        cls.bin = os.path.join(cls.tmp, "bin", "mailscope")
        os.makedirs(os.path.dirname(cls.bin), mode=0o755)
        shutil.copy(mstest.BIN, cls.bin)
        os.chown(cls.bin, 0, cls.gid)
        os.chmod(cls.bin, 0o2755)
        srv = os.path.join(cls.tmp, "srv")
        os.makedirs(srv, mode=0o755)
        os.chown(srv, pwd.getpwnam(ADMIN).pw_uid, pwd.getpwnam(ADMIN).pw_gid)
        cls.case = os.path.join(srv, "acme")
        # The directory of the demo, with the two employees' logins made real.
        with open(os.path.join(SOURCE, "examples", "demo", "mailscope.toml"),
                  encoding="utf-8") as f:
            toml = f.read()
        for demo_login, login in list(USERS.items()) + [COMPLIANCE]:
            toml = toml.replace(f'login = "{demo_login}"', f'login = "{login}"')
        cls.directory = os.path.join(cls.tmp, "mailscope.toml")
        with open(cls.directory, "w", encoding="utf-8") as f:
            f.write(toml)
        # The administrator builds the shared case with the setgid binary, from a copy of the
        # demo mail they can read (the source tree may lie in a folder closed to them).
        mail = os.path.join(cls.tmp, "mail")
        shutil.copytree(DEMO, mail)
        cls.draft = os.path.join(cls.tmp, "draft.eml")
        shutil.copy(os.path.join(SOURCE, "examples", "demo", "drafts",
                                 "01-zhang.wei-mingda-lowest-price.eml"), cls.draft)
        cls.policies = os.path.join(cls.tmp, "policies")
        shutil.copytree(os.path.join(SOURCE, "examples", "policies"), cls.policies)
        for d, _dirs, files in os.walk(cls.tmp):
            os.chmod(d, 0o755)
            for name in files:
                if os.path.join(d, name) != cls.bin:
                    os.chmod(os.path.join(d, name), 0o644)
        cls.mail = mail
        imports = [("zhang.wei", [os.path.join(mail, "zhang.wei.mbox")]),
                   ("chen.jing", [os.path.join(mail, "chen.jing")]),
                   ("li.na", [os.path.join(mail, "li.na")]),
                   ("support", [os.path.join(mail, "support-eml"), os.path.join(mail, "misc")])]
        for custodian, sources in imports:
            r = cls.ms("import", "--shared", "--quiet", "--custodian", custodian, *sources,
                       user=ADMIN)
            assert r.returncode == 0, r.stderr
        r = cls.ms("org", "set", cls.directory, user=ADMIN)
        assert r.returncode == 0, r.stderr
        r = cls.ms("policy", "add", os.path.join(cls.policies, "sales-zh.toml"), user=ADMIN)
        assert r.returncode == 0, r.stderr
        # Compliance, who owns nothing in the case, scans it through the group: flags in
        # case.db under the case's lock, and the compiled-policy cache.
        r = cls.ms("scan", "--quiet", user=COMPLIANCE[1])
        assert r.returncode in (0, 1), r.stderr
        cls.outdir = {}
        for login in list(USERS.values()) + [COMPLIANCE[1]]:
            d = os.path.join(cls.tmp, "home-" + login)
            os.makedirs(d, mode=0o700)
            os.chown(d, pwd.getpwnam(login).pw_uid, pwd.getpwnam(login).pw_gid)
            cls.outdir[login] = d

    @classmethod
    def ms(cls, *args, user=None, case=None, env=None):
        argv = [args[0], "--case", case or cls.case] + list(args[1:])
        return run(cls.bin, *argv, user=user, env=env)

    def search_mids(self, user, *extra, env=None):
        r = self.ms("search", "*", "--format", "json", *extra, user=user, env=env)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {json.loads(line)["message_id"] for line in r.stdout.splitlines() if line}

    # --- The shared case ------------------------------------------------------------------

    def test_case_files_belong_to_the_group_and_never_to_others(self):
        st = os.stat(self.case)
        self.assertEqual((st.st_uid, st.st_gid), (pwd.getpwnam(ADMIN).pw_uid, self.gid))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o2770)
        seen = set()
        for d, dirs, files in os.walk(self.case):
            for name in dirs + files:
                p = os.path.join(d, name)
                st = os.lstat(p)
                rel = os.path.relpath(p, self.case)
                seen.add(rel.split("/")[0])
                self.assertEqual(st.st_gid, self.gid, rel)
                self.assertEqual(st.st_mode & 0o007, 0, f"{rel} is open to others")
                if stat.S_ISDIR(st.st_mode):
                    self.assertEqual(st.st_mode & 0o2070, 0o2070, rel)
                else:
                    self.assertTrue(stat.S_ISREG(st.st_mode), rel)
                    self.assertEqual(st.st_mode & 0o060, 0o060, rel)
        for part in ("case.db", "index", "audit.db", "audit.key", "audit.lock", "audit.head",
                     "mask.key", "lock", "mailscope.toml", "policies", "cache"):
            self.assertIn(part, seen)

    def test_employees_see_exactly_their_own_sent_mail(self):
        for demo_login, login in USERS.items():
            want = sent_by(f"{demo_login}@{DOMAIN}")
            self.assertTrue(want, demo_login)
            self.assertEqual(self.search_mids(login), want, login)

    def test_direct_reads_of_the_case_fail(self):
        login = USERS["zhang.wei"]
        db = os.path.join(self.case, "case.db")
        r = run("sqlite3", db, "SELECT count(*) FROM messages", user=login)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertNotIn("109", r.stdout)
        for path in (db, os.path.join(self.case, "audit.key"), os.path.join(self.case, "mask.key")):
            r = run("cat", path, user=login)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("Permission denied", r.stderr)
        r = run("xapian-delve", os.path.join(self.case, "index"), user=login)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        r = run("ls", self.case, user=login)
        self.assertIn("Permission denied", r.stderr)

    def test_impersonation_is_refused(self):
        login = USERS["zhang.wei"]
        r = self.ms("search", "*", "--as", "zhao.min@" + DOMAIN, user=login)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(r.stdout, "")
        # MAILSCOPE_AS is the owner's default only: anyone else acts as themselves.
        self.assertEqual(self.search_mids(login, env={"MAILSCOPE_AS": "zhao.min@" + DOMAIN}),
                         sent_by(f"zhang.wei@{DOMAIN}"))

    def test_audit_records_the_users_under_their_own_names(self):
        login = USERS["wang.fang"]
        self.search_mids(login, "--limit", "3")
        r = self.ms("audit", "log", "--since", "2000-01-01", "--format", "json", user=ADMIN,
                    env={"MAILSCOPE_AS": "ma.xiaodong@" + DOMAIN})
        self.assertEqual(r.returncode, 0, r.stderr)
        recs = [json.loads(line) for line in r.stdout.splitlines() if line]
        mine = [x for x in recs if x.get("actor") == login and x.get("action") == "search"]
        self.assertTrue(mine, r.stdout[-2000:])
        self.assertTrue(all(x.get("person") == f"wang.fang@{DOMAIN}" for x in mine), mine)
        self.assertTrue(all(x.get("role") == "employee" for x in mine), mine)
        r = self.ms("audit", "verify", user=ADMIN, env={"MAILSCOPE_AS": "ma.xiaodong@" + DOMAIN})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_exports_belong_to_the_user_not_the_group(self):
        login = USERS["zhang.wei"]
        pw = pwd.getpwnam(login)
        out = os.path.join(self.outdir[login], "mine.txt")
        r = self.ms("export", "--text", out, "*", user=login)
        self.assertEqual(r.returncode, 0, r.stderr)
        st = os.stat(out)
        self.assertEqual((st.st_uid, st.st_gid), (pw.pw_uid, pw.pw_gid))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        emls = os.path.join(self.outdir[login], "emls")
        r = self.ms("export", "--eml-dir", emls, "*", user=login)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(os.listdir(emls)), len(sent_by(f"zhang.wei@{DOMAIN}")))
        for name in os.listdir(emls):
            st = os.stat(os.path.join(emls, name))
            self.assertEqual((st.st_gid, stat.S_IMODE(st.st_mode)), (pw.pw_gid, 0o600), name)
        self.assertEqual(os.stat(emls).st_gid, pw.pw_gid)

    def test_compliance_writes_through_the_group_and_hands_over_as_themselves(self):
        login = COMPLIANCE[1]
        pw = pwd.getpwnam(login)
        cache = os.path.join(self.case, "cache")
        self.assertTrue(any(os.stat(os.path.join(cache, n)).st_uid == pw.pw_uid
                            for n in os.listdir(cache)), "the scan wrote no cache")
        r = self.ms("flags", "--format", "json", user=login)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.strip())
        pdf = os.path.join(self.outdir[login], "handover.pdf")
        r = self.ms("handover", "--employee", "chen.jing@" + DOMAIN, "-o", pdf, user=login)
        self.assertEqual(r.returncode, 0, r.stderr)
        st = os.stat(pdf)
        self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)),
                         (pw.pw_uid, pw.pw_gid, 0o600))
        with open(pdf, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")

    def test_a_pre_send_check_uses_published_copies_of_the_policies(self):
        login = USERS["zhang.wei"]
        published = os.path.join(self.tmp, "published")
        os.makedirs(published, mode=0o755, exist_ok=True)
        for src in (os.path.join(SOURCE, "examples", "policies", "sales-zh.toml"), self.directory):
            shutil.copy(src, published)
            os.chmod(os.path.join(published, os.path.basename(src)), 0o644)
        draft = self.draft
        args = ["--fail-on", "approval", "--policy", os.path.join(published, "sales-zh.toml"),
                "--directory", os.path.join(published, "mailscope.toml"), draft]
        # 0: the draft needs approval (examples/demo/SCENARIOS.md); with or without the case.
        r = run(self.bin, "scan", *args, user=login)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.ms("scan", *args, user=login)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # Without them the case's own policies are out of reach.
        r = self.ms("scan", "--fail-on", "approval", draft, user=login)
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)

    def test_outputs_cannot_land_where_only_the_group_may_write(self):
        login = USERS["zhang.wei"]
        planted = os.path.join(self.case, "policies", "planted.toml")
        r = self.ms("export", "--text", planted, "*", user=login)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertFalse(os.path.exists(planted))

    def test_evidence_is_read_with_the_users_own_rights(self):
        # Importing the shared case's database into a case of one's own must not work.
        login = USERS["zhang.wei"]
        mine = os.path.join(self.outdir[login], "own-case")
        r = self.ms("import", os.path.join(self.case, "case.db"), user=login, case=mine)
        self.assertNotEqual(r.returncode, 0, r.stderr)
        r = self.ms("search", "*", "--format", "json", user=login, case=mine)
        self.assertEqual(r.stdout, "")

    def test_users_cannot_administer_the_shared_case(self):
        login = USERS["zhang.wei"]
        r = self.ms("import", os.path.join(self.mail, "misc"), user=login)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("runs with your own rights", r.stderr)
        r = self.ms("org", "set", self.directory, user=login)
        self.assertEqual(r.returncode, 4, r.stderr)
        # Creating shared cases is for root and the group's members.
        r = self.ms("import", "--shared", os.path.join(self.mail, "misc"), user=login,
                    case=os.path.join(self.outdir[login], "shared"))
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("only root or a member", r.stderr)

    def test_a_folder_of_ones_own_posing_as_the_case_sees_nothing(self):
        # The user's own directory file (making them compliance) beside links to the real
        # case: mailscope uses the group only for a case the user does not own.
        login = USERS["wang.fang"]
        fake = os.path.join(self.outdir[login], "fake")
        run("mkdir", fake, user=login)
        for name in ("case.db", "index", "audit.db", "audit.key", "mask.key"):
            run("ln", "-s", os.path.join(self.case, name), os.path.join(fake, name), user=login)
        with open(self.directory, encoding="utf-8") as f:
            toml = f.read().replace('login = "zhao.min"', f'login = "{login}"')
        toml = toml.replace(f'login = "{login}"\n', 'login = "nobody-else"\n', 1)
        run("sh", "-c", f"cat > {fake}/mailscope.toml", user=login, input=toml)
        r = self.ms("search", "*", "--format", "json", user=login, case=fake)
        self.assertNotEqual(r.returncode, 0, r.stdout[:500])
        self.assertEqual(r.stdout, "")

    def test_a_case_in_a_folder_only_the_group_may_pass_through(self):
        # /srv/mailscope root:mailscope 0750: the path resolves only with the group in hand.
        closed = os.path.join(self.tmp, "closed")
        os.makedirs(closed)
        os.chown(closed, 0, self.gid)
        os.chmod(closed, 0o750)
        copy = os.path.join(closed, "acme")
        subprocess.run(["cp", "-a", self.case, copy], check=True)
        login = USERS["zhang.wei"]
        r = run("ls", copy, user=login)
        self.assertIn("Permission denied", r.stderr)
        r = self.ms("search", "*", "--format", "json", user=login, case=copy)
        self.assertEqual(r.returncode, 0, r.stderr)
        mids = {json.loads(line)["message_id"] for line in r.stdout.splitlines() if line}
        self.assertEqual(mids, sent_by(f"zhang.wei@{DOMAIN}"))

    def test_a_case_inside_a_folder_the_user_controls_is_refused(self):
        login = USERS["zhang.wei"]
        pw = pwd.getpwnam(login)
        theirs = os.path.join(self.tmp, "theirs-" + login)
        os.makedirs(theirs, mode=0o755)
        os.chown(theirs, pw.pw_uid, pw.pw_gid)
        copy = os.path.join(theirs, "acme")
        subprocess.run(["cp", "-a", self.case, copy], check=True)
        r = self.ms("search", "*", user=login, case=copy)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("must not lie inside", r.stderr)
        self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    mstest.main()
