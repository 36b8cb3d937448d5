"""show and export: the original bytes come back unchanged (show --raw, export --eml-dir), an
exported mbox is mboxrd that Python's mailbox module reads back message for message, and the
decoded `show` names the message's fields.

Originals: files of the demo maildir and misc/ folders, the demo mbox split by Python's mailbox
module (mboxrd unescaped), and tests/data/show-export/ (make.py: "From " lines, no final newline,
CRLF).
"""
import datetime
import email
import email.policy
import email.utils
import mailbox
import os
import re
import unittest

import mstest
from mstest import DEMO, fixture, ms, ms_bytes, search_ids

SHOW_EXPORT = fixture("show-export")
FIXTURE_MAIL = os.path.join(SHOW_EXPORT, "mail")


def mboxrd_unescape(data):
    return re.sub(rb"(?m)^>(>*From )", rb"\1", data)


def message_id(raw):
    m = email.message_from_bytes(raw, policy=email.policy.compat32)
    return m["Message-ID"].strip().strip("<>")


def originals():
    """Message-ID -> set of acceptable original bytes (DUP has two copies)."""
    out = {}

    def add(raw):
        out.setdefault(message_id(raw), set()).add(raw)
    box = mailbox.mbox(os.path.join(DEMO, "zhang.wei.mbox"), create=False)
    raws = [box.get_bytes(k) for k in box.keys()]
    box.close()
    for raw in raws:
        add(mboxrd_unescape(raw))
    for root in (os.path.join(DEMO, "chen.jing"), os.path.join(DEMO, "misc"), FIXTURE_MAIL):
        for dirpath, _, files in os.walk(root):
            for name in files:
                if name == "maildirfolder":
                    continue
                with open(os.path.join(dirpath, name), "rb") as f:
                    add(f.read())
    return out


class ShowExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = mstest.scratch("show-export")
        cls.case = os.path.join(cls.work, "case")
        mstest.import_ok(cls.case, os.path.join(DEMO, "zhang.wei.mbox"),
                         os.path.join(DEMO, "chen.jing"), os.path.join(DEMO, "misc"),
                         FIXTURE_MAIL)
        cls.orig = originals()
        cls.records = mstest.all_messages(cls.case)
        cls.id_of = {r["message_id"]: i for i, r in cls.records.items()}

    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(SHOW_EXPORT), [])

    def test_every_original_imported(self):
        self.assertEqual(sorted(self.id_of), sorted(self.orig))

    def raw_file(self, *parts):
        with open(os.path.join(*parts), "rb") as f:
            return f.read()

    def test_show_raw_equals_maildir_file(self):
        name = "1749517739.M847459P24820.demo,S=1573,W=1610:2,RS"  # CI4
        raw = self.raw_file(DEMO, "chen.jing", "cur", name)
        cid = self.id_of[message_id(raw)]
        self.assertEqual(ms_bytes("show", "--raw", cid, case=self.case, check=0).stdout, raw)

    def test_show_raw_equals_eml_files(self):
        for path in (os.path.join(DEMO, "misc", "20250328-0830_erp-notice-PR-2025-0098.eml"),
                     os.path.join(FIXTURE_MAIL, "crlf.eml"),
                     os.path.join(FIXTURE_MAIL, "no-final-newline.eml"),
                     os.path.join(FIXTURE_MAIL, "from-lines.eml")):
            with self.subTest(path=os.path.basename(path)):
                raw = self.raw_file(path)
                cid = self.id_of[message_id(raw)]
                got = ms_bytes("show", "--raw", cid, case=self.case, check=0).stdout
                self.assertEqual(got, raw)

    def test_show_raw_of_mbox_message_is_unescaped(self):
        # Z10 has ">From " lines in its text, stored as ">>From " in the mboxrd file.
        mid = "000001db3a2f$a0484c48$c710de6a$@globalgadgets.com"
        (raw,) = self.orig[mid]
        self.assertIn(b"\n>From ", raw)
        got = ms_bytes("show", "--raw", "<%s>" % mid, case=self.case, check=0).stdout
        self.assertEqual(got, raw)

    def test_show_text_fields(self):
        path = os.path.join(DEMO, "misc", "20250618-0930_emily-intro-globalgadgets.eml")  # X5
        raw = self.raw_file(path)
        m = email.message_from_bytes(raw, policy=email.policy.default)
        cid = self.id_of[message_id(raw)]
        date = email.utils.parsedate_to_datetime(m["Date"])
        out = ms("show", cid, case=self.case, check=0).out
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("Id:"), lines[0])
        self.assertEqual(lines[0].split()[1], str(cid))
        self.assertIn("Message-ID:  <%s>" % message_id(raw), lines)
        self.assertIn("Date:        %s  (%s)" % (
            date.isoformat(),
            date.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")), lines)
        (_, addr), = email.utils.getaddresses([m["From"]])
        from_line = [l for l in lines if l.startswith("From:")]
        self.assertEqual(len(from_line), 1)
        self.assertIn("<%s>" % addr, from_line[0])
        self.assertIn("Subject:     %s" % m["Subject"], lines)
        # The body follows the header lines after one blank line.
        body = m.get_body(("plain",)).get_content()
        self.assertIn(body.strip().splitlines()[0], out)

    def test_show_by_message_id_with_and_without_brackets(self):
        raw = self.raw_file(FIXTURE_MAIL, "from-lines.eml")
        mid = message_id(raw)
        for ref in (mid, "<%s>" % mid):
            with self.subTest(ref=ref):
                recs = ms("show", ref, "--format", "json", case=self.case, check=0).json()
                self.assertEqual([r["id"] for r in recs], [self.id_of[mid]])
                self.assertEqual(recs[0]["subject"], "Quoting a quote")

    def exported_mbox(self, name, *query):
        path = os.path.join(self.work, name)
        r = ms("export", "--mbox", path, *query, case=self.case)
        self.assertEqual(r.code, 0, r)
        box = mailbox.mbox(path, create=False)
        raws = [box.get_bytes(k) for k in box.keys()]
        box.close()
        return path, raws

    def expected_export(self, mid, raw):
        """Any of the originals, with the final newline mbox requires."""
        return {o if o.endswith(b"\n") else o + b"\n" for o in self.orig[mid]}

    def test_export_mbox_round_trip(self):
        _, raws = self.exported_mbox("all.mbox", "*")
        self.assertEqual(len(raws), len(self.orig))
        seen = set()
        for raw in raws:
            got = mboxrd_unescape(raw)
            mid = message_id(got)
            seen.add(mid)
            with self.subTest(mid=mid):
                self.assertIn(got, self.expected_export(mid, got))
        self.assertEqual(seen, set(self.orig))

    def test_export_mbox_escapes_from_lines(self):
        path, raws = self.exported_mbox("from-lines.mbox", "mid:from-lines@show-export.test")
        self.assertEqual(len(raws), 1)
        with open(path, "rb") as f:
            data = f.read()
        self.assertIn(b"\n>From what you wrote", data)
        self.assertIn(b"\n>>From the archive", data)
        self.assertIn(b"\n>>>From the older thread", data)
        self.assertIn(b"\n>From 2024 onwards", data)
        self.assertEqual(mboxrd_unescape(raws[0]), self.raw_file(FIXTURE_MAIL, "from-lines.eml"))

    def test_export_eml_dir(self):
        out = os.path.join(self.work, "eml-out")
        r = ms("export", "--eml-dir", out, "custodian:misc OR custodian:mail", case=self.case)
        self.assertEqual(r.code, 0, r)
        ids = search_ids(self.case, "custodian:misc OR custodian:mail")
        self.assertEqual(len(ids), 5 + 3)
        self.assertEqual(sorted(os.listdir(out)), sorted("%d.eml" % i for i in ids))
        for i in ids:
            with self.subTest(id=i):
                data = self.raw_file(out, "%d.eml" % i)
                self.assertIn(data, self.orig[self.records[i]["message_id"]])

    def test_export_to_existing_file_needs_force(self):
        path = os.path.join(self.work, "exists.mbox")
        with open(path, "wb") as f:
            f.write(b"keep me\n")
        r = ms("export", "--mbox", path, "*", case=self.case)
        self.assertEqual(r.code, 2, r)
        self.assertIn("mailscope: error:", r.err)
        self.assertIn("--force", r.err)
        self.assertEqual(self.raw_file(path), b"keep me\n")
        r = ms("export", "--force", "--mbox", path, "mid:crlf@show-export.test", case=self.case)
        self.assertEqual(r.code, 0, r)
        self.assertTrue(self.raw_file(path).startswith(b"From "))

    def test_export_existing_eml_needs_force(self):
        out = os.path.join(self.work, "eml-twice")
        q = "mid:crlf@show-export.test"
        ms("export", "--eml-dir", out, q, case=self.case, check=0)
        r = ms("export", "--eml-dir", out, q, case=self.case)
        self.assertEqual(r.code, 2, r)
        self.assertIn("--force", r.err)
        ms("export", "--force", "--eml-dir", out, q, case=self.case, check=0)

    def test_export_no_match_exits_1(self):
        path = os.path.join(self.work, "none.mbox")
        r = ms("export", "--mbox", path, "zzqxnomatchword", case=self.case)
        self.assertEqual(r.code, 1, r)
        r = ms("export", "--eml-dir", os.path.join(self.work, "none-dir"), "zzqxnomatchword",
               case=self.case)
        self.assertEqual(r.code, 1, r)

    def test_export_needs_a_target(self):
        r = ms("export", "*", case=self.case)
        self.assertEqual(r.code, 2, r)
        self.assertIn("mailscope: error:", r.err)


if __name__ == "__main__":
    mstest.main()
