"""Source formats: detection by content (not by name), maildir and Maildir++ folders and flags,
mbox Status/X-Status, mbox framing edge cases, --format, --custodians-from-subdirs and mbox
files inside a tree.

Fixtures: tests/data/formats/ (make.py). Expected flags follow maildir(5) (F flagged -> starred,
R replied, S seen, P passed -> forwarded, D draft, T trashed; new/ and cur/ without S -> unread)
and the mbox Status/X-Status convention (R read, O old; A answered, F flagged).
"""
import mailbox
import os
import shutil
import subprocess
import unittest

import mstest
from mstest import CORPORA, fixture, ms, search_ids

FORMATS = fixture("formats")


def path(*p):
    return os.path.join(FORMATS, *p)


def envelope_offsets(mbox_path):
    with open(mbox_path, "rb") as f:
        data = f.read()
    offs, pos = [], 0
    for line in data.splitlines(keepends=True):
        if line.startswith(b"From ") and (pos == 0 or data[pos - 2:pos] in (b"\n\n", b"\r\n")):
            offs.append(pos)
        pos += len(line)
    return offs


class Imported:
    """One import into a fresh case, with its JSON report and the messages by Message-ID key."""

    def __init__(self, name, *args, check=0):
        self.case = os.path.join(mstest.scratch("formats-" + name), "case")
        self.run = ms("import", "--output-format", "json", *args, case=self.case)
        if check is not None and self.run.code != check:
            raise AssertionError(repr(self.run))
        recs = self.run.json()
        self.evidence = [r for r in recs if r["record"] == "evidence"]
        self.problems = [r for r in recs if r["record"] in ("failure", "skipped")]
        self.summary = [r for r in recs if r["record"] == "summary"][0]
        self.msgs = {}
        if self.summary["messages"]:
            for rec in mstest.all_messages(self.case).values():
                self.msgs[rec["message_id"].split("@")[0]] = rec


class Detection(unittest.TestCase):
    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(FORMATS), [])

    def test_mbox_named_eml(self):
        src = path("mbox-named-eml", "archive.eml")
        imp = Imported("mbox-named-eml", src)
        self.assertEqual([e["format"] for e in imp.evidence], ["mbox"])
        box = mailbox.mbox(src, create=False)
        n = len(box)
        box.close()
        self.assertEqual(n, 3)
        self.assertEqual(sorted(imp.msgs), ["mbox-eml-1", "mbox-eml-2", "mbox-eml-3"])
        self.assertEqual(sorted(r["locations"][0]["locator"] for r in imp.msgs.values()),
                         sorted("@%d" % o for o in envelope_offsets(src)))

    def test_single_message_named_mbox(self):
        imp = Imported("single-mbox", path("single-message-named-mbox", "one.mbox"))
        self.assertEqual([e["format"] for e in imp.evidence], ["eml"])
        self.assertEqual(list(imp.msgs), ["single"])
        self.assertEqual(imp.msgs["single"]["locations"][0]["locator"], "one.mbox")

    def test_pst_named_eml(self):
        archive = os.path.join(CORPORA, "pst.tar.zst")
        if not os.path.exists(archive):
            self.skipTest("corpora missing: " + archive)
        work = mstest.scratch("formats-pst-named-eml")
        src = os.path.join(work, "outlook.eml")
        with open(src, "wb") as f:
            subprocess.run(["tar", "--zstd", "-xOf", archive,
                            "pst/aleph-ingest-file/testPST.pst"], stdout=f, check=True)
        case = os.path.join(work, "case")
        r = ms("import", "--output-format", "json", src, case=case, check=0)
        ev = [o for o in r.json() if o["record"] == "evidence"]
        self.assertEqual([e["format"] for e in ev], ["pst"])
        if shutil.which("readpst"):
            out = os.path.join(work, "readpst")
            os.makedirs(out)
            subprocess.run(["readpst", "-q", "-D", "-M", "-o", out, src], check=True)
            n = sum(len(fs) for _, _, fs in os.walk(out))
            self.assertEqual(ev[0]["messages"], n)


class Maildir(unittest.TestCase):
    def test_tmp_is_read_as_unread_mail(self):
        # tmp/ holds deliveries in progress; for an investigation they are evidence too.
        imp = Imported("maildir-tmp", path("maildir-with-tmp"))
        self.assertEqual([e["format"] for e in imp.evidence], ["maildir"])
        self.assertEqual(sorted(imp.msgs), ["md-cur-1", "md-cur-2", "md-new-1", "md-tmp-1"])
        r = ms("search", "mid:md-tmp-1@formats.test", case=imp.case)
        self.assertEqual(r.code, 0, r)
        flags = {k: sorted(v["flags"]) for k, v in imp.msgs.items()}
        self.assertEqual(flags, {"md-cur-1": ["seen"], "md-cur-2": ["seen", "starred"],
                                 "md-new-1": ["unread"], "md-tmp-1": ["unread"]})

    def test_maildirpp_folders_and_flags(self):
        imp = Imported("maildirpp", path("maildirpp"))
        self.assertEqual(imp.summary["failures"], 0)
        folders = {k: v["folder"] for k, v in imp.msgs.items()}
        self.assertEqual(folders, {
            "pp-inbox-frs": "INBOX", "pp-inbox-s": "INBOX", "pp-inbox-new": "INBOX",
            "pp-projects-ps": "Projects", "pp-projects-ds": "Projects",
            "pp-alpha-rst": "Projects/Alpha", "pp-alpha-none": "Projects/Alpha"})
        flags = {k: sorted(v["flags"]) for k, v in imp.msgs.items()}
        self.assertEqual(flags, {
            "pp-inbox-frs": ["replied", "seen", "starred"],
            "pp-inbox-s": ["seen"],
            "pp-inbox-new": ["unread"],
            "pp-projects-ps": ["forwarded", "seen"],
            "pp-projects-ds": ["draft", "seen"],
            "pp-alpha-rst": ["replied", "seen", "trashed"],
            "pp-alpha-none": ["unread"]})
        ids = {k: v["id"] for k, v in imp.msgs.items()}
        for query, keys in (("is:starred", ["pp-inbox-frs"]),
                            ("is:replied", ["pp-inbox-frs", "pp-alpha-rst"]),
                            ("is:unread", ["pp-inbox-new", "pp-alpha-none"]),
                            ("is:forwarded", ["pp-projects-ps"]),
                            ("is:draft", ["pp-projects-ds"]),
                            ("is:trashed", ["pp-alpha-rst"]),
                            ("folder:Projects/Alpha", ["pp-alpha-rst", "pp-alpha-none"]),
                            ("folder:projects*", ["pp-projects-ps", "pp-projects-ds",
                                                  "pp-alpha-rst", "pp-alpha-none"])):
            with self.subTest(query=query):
                self.assertEqual(sorted(search_ids(imp.case, query)),
                                 sorted(ids[k] for k in keys))


class Mbox(unittest.TestCase):
    def test_status_flags(self):
        imp = Imported("mbox-status", path("mbox-status", "flags.mbox"))
        flags = {k: sorted(v["flags"]) for k, v in imp.msgs.items()}
        self.assertEqual(flags, {
            "st-ro": ["seen"],
            "st-o": ["unread"],
            "st-ro-a": ["replied", "seen"],
            "st-ro-f": ["seen", "starred"],
            "st-o-af": ["replied", "starred", "unread"]})

    def test_no_trailing_newline(self):
        src = path("mbox-no-trailing-newline", "last.mbox")
        with open(src, "rb") as f:
            self.assertFalse(f.read().endswith(b"\n"))
        imp = Imported("mbox-nonl", src)
        self.assertEqual(sorted(imp.msgs), ["nonl-1", "nonl-2"])
        self.assertEqual(imp.summary["failures"], 0)
        body = mstest.show_json(imp.case, imp.msgs["nonl-2"]["id"])[0]["body"]
        self.assertEqual(body.rstrip("\n"), "The file ends right after this sentence.")

    def test_crlf(self):
        src = path("crlf-mbox", "crlf.mbox")
        imp = Imported("mbox-crlf", src)
        self.assertEqual(sorted(imp.msgs), ["crlf-1", "crlf-2"])
        self.assertEqual(sorted(v["subject"] for v in imp.msgs.values()),
                         ["CRLF mbox one", "CRLF mbox two"])
        box = mailbox.mbox(src, create=False)
        originals = {m["Message-ID"].strip("<>").split("@")[0]: box.get_bytes(k)
                     for k, m in box.items()}
        box.close()
        for key, rec in imp.msgs.items():
            with self.subTest(key=key):
                raw = mstest.ms_bytes("show", "--raw", rec["id"], case=imp.case, check=0).stdout
                self.assertEqual(raw.rstrip(b"\r\n"), originals[key].rstrip(b"\r\n"))
                body = mstest.show_json(imp.case, rec["id"])[0]["body"]
                self.assertEqual(body.strip(), "Body of %s." % key)

    def test_mbox_inside_a_tree(self):
        src = path("tree-with-mbox")
        imp = Imported("tree-mbox", src)
        self.assertEqual([e["format"] for e in imp.evidence], ["tree"])
        offs = envelope_offsets(path("tree-with-mbox", "archive", "old.mbox"))
        locs = {k: (v["locations"][0]["locator"], v["folder"]) for k, v in imp.msgs.items()}
        self.assertEqual(locs, {
            "tree-note-1": ("notes/1.eml", "notes"),
            "tree-mbox-1": ("archive/old.mbox@%d" % offs[0], "archive/old"),
            "tree-mbox-2": ("archive/old.mbox@%d" % offs[1], "archive/old")})


class ForcedFormat(unittest.TestCase):
    def test_undetectable_message_needs_format_eml(self):
        src = path("odd-headers", "odd.eml")
        imp = Imported("odd-auto", src, check=2)
        self.assertEqual(imp.summary["failures"], 1)
        imp = Imported("odd-forced", "--format", "eml", src)
        self.assertEqual([e["format"] for e in imp.evidence], ["eml"])
        self.assertEqual(list(imp.msgs), [""])  # no Message-ID
        body = mstest.show_json(imp.case, list(imp.msgs.values())[0]["id"])[0]["body"]
        self.assertIn("A message whose header starts with unusual fields.", body)

    def test_format_mbox_on_a_single_message_fails(self):
        imp = Imported("force-mbox", "--format", "mbox",
                       path("single-message-named-mbox", "one.mbox"), check=2)
        self.assertEqual(imp.summary["new_messages"], 0)
        self.assertEqual(len([p for p in imp.problems if p["record"] == "failure"]), 1)

    def test_format_maildir_on_a_file_fails(self):
        imp = Imported("force-maildir", "--format", "maildir",
                       path("single-message-named-mbox", "one.mbox"), check=2)
        self.assertIn("directory", imp.problems[0]["reason"])

    def test_format_mbox_same_as_detected(self):
        imp = Imported("force-mbox-ok", "--format", "mbox", path("mbox-named-eml", "archive.eml"))
        self.assertEqual(len(imp.msgs), 3)


class Custodians(unittest.TestCase):
    def test_custodians_from_subdirs(self):
        imp = Imported("custodians", "--custodians-from-subdirs", path("custodians"))
        got = {k: (v["custodian"], v["folder"]) for k, v in imp.msgs.items()}
        self.assertEqual(got, {
            "cust-alice-1": ("alice", "inbox"),
            "cust-alice-2": ("alice", "sent"),
            "cust-bob-3": ("bob", ""),
            "cust-carol-4": ("carol", "INBOX")})
        for cust, n in (("alice", 2), ("bob", 1), ("carol", 1)):
            self.assertEqual(len(search_ids(imp.case, "custodian:" + cust)), n, cust)

    def test_default_custodian_is_the_source_name(self):
        imp = Imported("custodians-default", path("custodians"))
        self.assertEqual({v["custodian"] for v in imp.msgs.values()}, {"custodians"})
        self.assertEqual(imp.msgs["cust-alice-2"]["folder"], "alice/sent")


if __name__ == "__main__":
    mstest.main()
