"""mime-edge: MIME test messages of many parsers (GMime, CPython, mime4j, notmuch, mu, ...).

The whole tree is imported at once. Nothing may be lost: every file is a message location,
or reported (skipped/failure) in the import output. Decoding checks compare against Python's
email package run here on the same files.
"""
import email
import email.policy
import fnmatch
import os
import re
import sys
import unittest
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402

# Names lib/mailscope/source/tree.cpp documents as mail-store metadata, left out silently.
METADATA = ["dovecot*", "courierimap*", "maildirfolder", "subscriptions", ".DS_Store",
            ".mh_sequences", "Thumbs.db", ".keep", ".gitkeep", "PROVENANCE.md"]

RUBY = "ruby-mail/spec/fixtures/emails/"
CHARSET_SAMPLES = [  # (file, what it exercises)
    (RUBY + "multi_charset/japanese_iso_2022.eml", "ISO-2022-JP subject and body"),
    (RUBY + "rfc2822/example14.eml", "ISO-2022-JP encoded word"),
    (RUBY + "plain_emails/raw_email.eml", "EUC-KR subject and body"),
    (RUBY + "multi_charset/ks_c_5601-1987.eml", "ks_c_5601-1987 body"),
    (RUBY + "multi_charset/japanese_shift_jis.eml", "Shift_JIS body"),
    ("zbateson-mail-mime-parser/tests/_data/emails/m0006.txt", "UTF-7 body"),
    ("php-mime-mail-parser/tests/mails/m0021", "windows-1251 encoded words"),
    ("spamscope-mail-parser/tests/mails/mail_test_9", "gb2312 label on a GBK character"),
]


def py_message(path):
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.compat32)


def py_subject(path):
    with open(path, "rb") as f:
        v = mstest.first_header(f.read(), "Subject")
    return "" if v is None else mstest.decode_words(v)


def py_plain_text(path):
    """Decoded text of the first text/plain part that is not an attachment."""
    for part in py_message(path).walk():
        if part.is_multipart() or part.get_content_type() != "text/plain":
            continue
        if part.get_filename() or "attachment" in (part.get("Content-Disposition") or ""):
            continue
        data = part.get_payload(decode=True) or b""
        cs = mstest.py_charset(part.get_param("charset")) or "ascii"
        return data.decode(cs, "replace")
    return None


def norm(s):
    return " ".join(s.split())


class MimeEdge(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = mstest.corpus("mime-edge")
        cls.case = os.path.join(mstest.scratch("corpus_mime_edge"), "case")
        cls.run_ = mstest.ms("import", "--output-format", "json", cls.root, case=cls.case,
                             timeout=900)
        cls.records = cls.run_.json() if cls.run_.code in (0, 3) else []
        cls.files = mstest.corpus_files(cls.root)
        cls.messages = mstest.all_messages(cls.case) if cls.records else {}
        cls.locs = Counter()
        cls.id_of = {}
        for mid, m in cls.messages.items():
            for l in m["locations"]:
                rel, inner = mstest.locator_file(cls.root, l["locator"])
                cls.locs[rel] += 1
                cls.id_of.setdefault(rel, mid)
        cls.reported = {}
        for r in cls.records:
            if r["record"] in ("skipped", "failure"):
                rel, _inner = mstest.locator_file(cls.root, r["locator"])
                cls.reported.setdefault(rel, []).append((r["record"], r["reason"]))

    maxDiff = None

    def path(self, rel):
        return os.path.join(self.root, rel)

    def read(self, rel):
        with open(self.path(rel), "rb") as f:
            return f.read()

    def shown(self, rel):
        self.assertTrue(rel in self.id_of, f"{rel} was not imported")
        return mstest.show_json(self.case, self.id_of[rel])[0]

    def unaccounted(self):
        return [rel for rel in self.files
                if rel not in self.locs and rel not in self.reported and
                not any(fnmatch.fnmatch(os.path.basename(rel), p) for p in METADATA)]

    # -- completeness ----------------------------------------------------------------------

    def test_import_finishes_with_partial_or_ok(self):
        self.assertIn(self.run_.code, (0, 3), repr(self.run_))
        s = [r for r in self.records if r["record"] == "summary"]
        self.assertEqual(len(s), 1)
        fails = [r for r in self.records if r["record"] == "failure"]
        self.assertEqual(s[0]["failures"], len(fails))
        self.assertEqual(self.run_.code == 3, bool(fails))
        self.assertGreater(s[0]["messages"], 700)

    def test_no_mail_file_is_silently_dropped(self):
        # Files Python's email reads as a message (From or Date, plus Subject or To) must be
        # imported or reported. Regression test; this used to fail: notmuch's test corpus keeps
        # messages beside cur/ and new/ (notmuch/test/corpora/default/01:2, ...), which tree.cpp
        # ignores as "the store's own"; mu's maildir tmp/ holds one message, also ignored
        # without a word.
        lost = []
        for rel in self.unaccounted():
            m = py_message(self.path(rel))
            if (m["From"] or m["Date"]) and (m["Subject"] or m["To"]):
                lost.append(rel)
        self.assertEqual(lost, [])

    def test_every_file_is_accounted_for(self):
        # Stricter: every file at all (empty marker files like mu's .noindex included) is a
        # location or a skipped/failure record, except the documented metadata names.
        self.assertEqual(self.unaccounted(), [])

    def test_mbox_files_yield_python_mailbox_counts(self):
        # Regression test; this used to fail: gmime/tests/data/mbox/input/substring.mbox separates
        # its 3 messages with bare "From - " lines right after a text line (no blank line, no
        # date). Python and GMime's own expected output (gmime/tests/data/mbox/output/
        # substring.mbox: offsets 0, 526, 1029) find 3 messages; mailscope finds 1.
        checked = 0
        for rel in self.files:
            with open(self.path(rel), "rb") as f:
                head = f.read(5)
            if head != b"From " or rel not in self.locs:
                continue
            checked += 1
            with self.subTest(rel=rel):
                self.assertEqual(self.locs[rel], mstest.mbox_count(self.path(rel)))
        self.assertGreater(checked, 3)

    def test_whitespace_line_before_headers(self):
        # php-mime-mail-parser m0011/m0012 start with a line of spaces, then the header.
        # Python's email reads the message (subject "Hello World !"); the library's own test
        # expects it to parse. Regression test; this used to fail: skipped as "not a mail file".
        for rel in ("php-mime-mail-parser/tests/mails/m0011",
                    "php-mime-mail-parser/tests/mails/m0012"):
            with self.subTest(rel=rel):
                want = email.message_from_bytes(self.read(rel),
                                                policy=email.policy.default)["subject"]
                self.assertEqual(want, "Hello World !")
                self.assertEqual(self.shown(rel)["subject"], want)

    # -- decoding --------------------------------------------------------------------------

    def test_charset_samples_decode(self):
        for rel, what in CHARSET_SAMPLES:
            with self.subTest(rel=rel, what=what):
                got = self.shown(rel)
                self.assertEqual(norm(got["subject"]), norm(py_subject(self.path(rel))))
                text = py_plain_text(self.path(rel))
                if text is not None:
                    self.assertNotIn("\ufffd", text)
                    self.assertIn(mstest.squash_ws(text), mstest.squash_ws(got["body"]))
        # The expectations themselves are non-trivial text in the intended scripts.
        self.assertIn("まみむめも", py_subject(self.path(CHARSET_SAMPLES[0][0])))
        self.assertIn("한국말", py_subject(self.path(CHARSET_SAMPLES[2][0])))
        self.assertIn("Путін", py_subject(self.path(CHARSET_SAMPLES[6][0])))

    def test_iso_2022_jp_word_with_an_unmappable_character(self):
        # php issue116: an ISO-2022-JP encoded word with one NEC-extension character that
        # Python cannot map. Everything around it is plain Cyrillic and digits.
        # Regression test; this used to fail: mailscope shows the raw JIS codes with the escape bytes
        # dropped ("$B'('%-b (B41 ...") instead of decoding the rest.
        rel = "php-mime-mail-parser/tests/mails/issue116"
        want = py_subject(self.path(rel))
        pieces = [p.strip() for p in want.split("\ufffd") if p.strip()]
        self.assertEqual(pieces, ["ЖД", "41 от 28.09.2016"])
        got = self.shown(rel)["subject"]
        for p in pieces:
            self.assertIn(p, got)

    def test_raw_latin1_filename_in_latin1_message(self):
        # zbateson m2011: the attachment name is raw 8-bit "HasenundFr\xf6sche.txt" in a
        # message whose parts and encoded words all declare iso-8859-1.
        # Regression test; this used to fail: mailscope reads the bytes as GB18030 ("HasenundFr鰏che").
        rel = "zbateson-mail-mime-parser/tests/_data/emails/m2011.txt"
        raw = self.read(rel)
        names = re.findall(rb'filename="([^"]*)"', raw)
        eight_bit = [n for n in names if re.search(rb"[\x80-\xff]", n)]
        self.assertEqual(len(eight_bit), 1, names)
        labels = {p.get_content_charset() for p in py_message(self.path(rel)).walk()} - {None}
        self.assertEqual(labels, {"iso-8859-1"})
        want = eight_bit[0].decode("iso-8859-1")
        self.assertEqual(want, "HasenundFrösche.txt")
        self.assertIn(want, [a["filename"] for a in self.shown(rel)["attachments"]])

    # -- attachments -----------------------------------------------------------------------

    def test_message_rfc822_inner_subject_is_searchable(self):
        samples = ["cpython-test_email-via-RustPython/Lib/test/test_email/data/msg_11.txt",
                   RUBY + "attachment_emails/attachment_message_rfc822.eml",
                   "james-mime4j/core/src/test/resources/mimetools-testmsgs/mp-msg-rfc822.msg",
                   "zbateson-mail-mime-parser/tests/_data/emails/m4007.txt"]
        for rel in samples:
            inner = [p.get_payload(0)["Subject"] for p in py_message(self.path(rel)).walk()
                     if p.get_content_type() == "message/rfc822" and p.is_multipart()]
            self.assertTrue(inner, rel)
            for subj in inner:
                words = " ".join(re.findall(r"\w+", subj))
                with self.subTest(rel=rel, inner=subj):
                    # attachment: searches attachment names and texts only, never the
                    # outer message's own subject or body.
                    self.assertIn(self.id_of[rel],
                                  mstest.search_ids(self.case, f'attachment:"{words}"'))

    def test_rfc2231_and_encoded_filenames(self):
        samples = [RUBY + "attachment_emails/attachment_with_quoted_filename.eml",
                   RUBY + "multi_charset/japanese_attachment_long_name.eml",
                   "zbateson-mail-mime-parser/tests/_data/emails/m3004.txt",
                   "james-mime4j/core/src/test/resources/mimetools-testmsgs/"
                   "attachment-filename-encoding-Latin1.msg",
                   "james-mime4j/core/src/test/resources/mimetools-testmsgs/"
                   "attachment-filename-encoding-UTF8.msg",
                   "php-mime-mail-parser/tests/mails/issue274.eml"]
        for rel in samples:
            raw = self.read(rel)
            self.assertIn(b"filename*", raw, rel)
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            want = [p.get_filename() for p in msg.walk()
                    if not p.is_multipart() and p.get_content_type() != "message/rfc822" and
                    p.get_filename()]
            self.assertTrue(want, rel)
            got = [norm(a["filename"]) for a in self.shown(rel)["attachments"]]
            for fn in want:
                with self.subTest(rel=rel, filename=fn):
                    self.assertIn(norm(fn), got)
                    word = max(re.findall(r"\w+", fn), key=len)
                    self.assertIn(self.id_of[rel],
                                  mstest.search_ids(self.case, f'attachment:"{word}"'))

    def test_attachments_inside_alternative_parts_are_kept(self):
        # nodemailer.eml: multipart/alternative(text/plain, multipart/related(text/html,
        # image.png, "nyan cat ✔.gif")) -- both images are Content-Disposition: attachment.
        # Regression test; this used to fail: parse.cpp visits only the chosen alternative, so files
        # in the other branch are not listed as attachments (not searchable, has:attachment
        # misses them).
        for rel in ("nodemailer-mailparser/test/fixtures/nodemailer.eml",
                    "spamscope-mail-parser/tests/mails/mail_test_5"):
            msg = email.message_from_bytes(self.read(rel),
                                           policy=email.policy.default)
            want = sorted(p.get_filename() for p in msg.walk()
                          if not p.is_multipart() and p.get_filename())
            got = sorted(a["filename"] for a in self.shown(rel)["attachments"])
            with self.subTest(rel=rel):
                self.assertEqual([w for w in want if w not in got], [])


if __name__ == "__main__":
    mstest.main()
