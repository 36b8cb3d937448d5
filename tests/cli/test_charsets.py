"""Charsets: mislabelled, missing, bogus and split encodings must decode to the text the sender
wrote, in the subject, the From name, the body and attachment file names, and be searchable.

Fixtures: tests/data/charsets/<failure-mode>/ written by make.py; the expected text is the text
make.py encoded (its CASES table), never mailscope's output.
"""
import email
import email.policy
import os
import re
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
        folders = sorted({os.path.join(CHARSETS, p.split("/")[0]) for p in EXPECT})
        r = ms("import", "--output-format", "json", *folders, case=cls.case, check=0)
        cls.summary = [o for o in r.json() if o["record"] == "summary"][0]
        cls.records = {}
        for path in EXPECT:
            r = ms("show", message_id_of(path), "--format", "json", case=cls.case)
            cls.records[path] = r.json()[0] if r.code == 0 and r.out.strip() else None

    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(CHARSETS), [])

    def test_all_imported(self):
        self.assertEqual((self.summary["new_messages"], self.summary["failures"],
                          self.summary["skipped"]), (len(EXPECT), 0, 0))

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


def make_test(path):
    def test(self):
        self.check(path)
    return test


# One test per fixture file: test_<folder>_<file stem>.
for _path in EXPECT:
    _name = "test_" + re.sub(r"[^0-9a-zA-Z]+", "_", _path[:-len(".eml")]).strip("_")
    setattr(Charsets, _name, make_test(_path))


if __name__ == "__main__":
    mstest.main()
