"""Charsets: mislabelled, missing, bogus and split encodings must decode to the text the sender
wrote, in the subject, the From name, the body and attachment file names, and be searchable.

Fixtures: tests/data/charsets/<failure-mode>/ written by make.py; the expected text is the text
make.py encoded (its CASES table), never mailscope's output.
"""
import email
import email.policy
import os
import unittest

import mstest
from mstest import fixture, ms, search_ids

CHARSETS = fixture("charsets")
MAKE = mstest.load_generator(CHARSETS)
EXPECT = MAKE.expectations()


def message_id_of(path):
    with open(os.path.join(CHARSETS, path), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.compat32)
    return m["Message-ID"].strip()


class Charsets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("charsets"), "case")
        # One import of the whole folder: make.py is skipped as "not mail", nothing fails.
        r = ms("import", "--output-format", "json", CHARSETS, case=cls.case, check=0)
        cls.summary = [o for o in r.json() if o["record"] == "summary"][0]
        cls.records = {}
        for path in EXPECT:
            r = ms("show", message_id_of(path), "--format", "json", case=cls.case)
            cls.records[path] = r.json()[0] if r.code == 0 and r.out.strip() else None

    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(CHARSETS), [])

    def test_all_imported(self):
        self.assertEqual((self.summary["new_messages"], self.summary["failures"],
                          self.summary["skipped"]), (len(EXPECT), 0, 1))

    def check(self, path):
        exp = EXPECT[path]
        rec = self.records[path]
        self.assertIsNotNone(rec, "%s not found by its Message-ID" % path)
        with self.subTest(path=path, field="subject"):
            self.assertEqual(rec["subject"], exp["subject"])
        with self.subTest(path=path, field="from_name"):
            self.assertEqual(rec["from_name"], exp["from_name"])
        for text in exp["body"]:
            with self.subTest(path=path, field="body", text=text):
                self.assertIn(text, rec["body"])
        with self.subTest(path=path, field="attachments"):
            self.assertEqual([a["filename"] for a in rec["attachments"]], exp["attachments"])
        for word in exp["search"]:
            with self.subTest(path=path, search=word):
                self.assertIn(rec["id"], search_ids(self.case, word))
        # The subject is searchable by its own words too.
        with self.subTest(path=path, search="subject"):
            self.assertIn(rec["id"], search_ids(self.case, 'subject:"%s"' % exp["subject"]))

    def test_gb2312_label_with_gbk_only_characters(self):
        self.check("gb2312-label-gbk-chars/message.eml")

    def test_raw_gbk_without_any_charset(self):
        self.check("raw-gbk-no-charset/message.eml")

    def test_iso_8859_1_label_on_gbk_bytes(self):
        self.check("mislabelled-latin1-gbk/message.eml")

    def test_big5(self):
        self.check("big5/message.eml")

    def test_iso_2022_jp(self):
        self.check("iso-2022-jp/message.eml")

    def test_windows_1252(self):
        self.check("windows-1252/message.eml")

    def test_utf_8(self):
        self.check("utf-8/message.eml")

    def test_rfc2047_split_inside_a_multibyte_character(self):
        self.check("rfc2047-split-multibyte/message.eml")

    def test_rfc2231_and_rfc2047_file_names(self):
        self.check("rfc2231-filename/message.eml")

    def test_bogus_label_charset(self):
        self.check("bogus-charset-labels/charset-literal.eml")

    def test_bogus_label_3dutf8(self):
        self.check("bogus-charset-labels/3dutf-8.eml")

    def test_bogus_label_gb2312_charset(self):
        self.check("bogus-charset-labels/gb2312_charset.eml")

    def test_bogus_label_x_unknown(self):
        self.check("bogus-charset-labels/x-unknown.eml")

    def test_html_only_meta_charset(self):
        self.check("html-meta-charset/meta-charset.eml")

    def test_html_only_http_equiv_charset(self):
        self.check("html-meta-charset/http-equiv.eml")

    def test_every_fixture_has_a_test(self):
        covered = {n for n in dir(self) if n.startswith("test_")}
        self.assertEqual(len(EXPECT), 15, "add a test method for each new fixture")
        self.assertGreaterEqual(len(covered), len(EXPECT))


if __name__ == "__main__":
    mstest.main()
