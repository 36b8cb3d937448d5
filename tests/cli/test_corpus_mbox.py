"""mbox corpus: the usrp-users list archive (mboxrd) and Perceval's small mbox fixtures.

Message counts and offsets come from Python's mailbox module and a plain scan for "From "
lines; raw bytes from mailbox.mbox.get_bytes() with the mboxrd unescaping (one '>' removed
from lines matching ^>+From ) applied here.
"""
import mailbox
import os
import re
import sys
import unittest
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402

USRP = "usrp-users.lists.ettus.com.2025-2026.mbox"
ESCAPED_FROM = re.compile(rb"(?m)^>(>*From )")


def from_line_offsets(path):
    """Offsets of the lines that start with "From " (Python's mbox separator rule)."""
    with open(path, "rb") as f:
        data = f.read()
    return [m.start() for m in re.finditer(rb"(?m)^From ", data)]


def python_messages(path):
    """{offset of the From line: message bytes without it, mboxrd-unescaped}."""
    box = mailbox.mbox(path, create=False)
    try:
        offsets = from_line_offsets(path)
        keys = list(box.keys())
        assert len(keys) == len(offsets), (path, len(keys), len(offsets))
        return {off: ESCAPED_FROM.sub(rb"\1", box.get_bytes(k)) for off, k in zip(offsets, keys)}
    finally:
        box.close()


class MboxCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = mstest.corpus("mbox")
        cls.case = os.path.join(mstest.scratch("corpus_mbox"), "case")
        cls.run_ = mstest.ms("import", "--output-format", "json", cls.root, case=cls.case,
                             timeout=900)
        cls.records = cls.run_.json() if cls.run_.code in (0, 3) else []
        cls.files = mstest.corpus_files(cls.root)
        cls.mboxes = []
        for rel in cls.files:
            with open(os.path.join(cls.root, rel), "rb") as f:
                if f.read(5) == b"From ":
                    cls.mboxes.append(rel)
        cls.messages = mstest.all_messages(cls.case) if cls.records else {}
        cls.at = {}                     # (file, offset) -> case id
        for mid, m in cls.messages.items():
            for l in m["locations"]:
                rel, inner = mstest.locator_file(cls.root, l["locator"])
                cls.at[(rel, int(inner[1:]) if inner.startswith("@") else None)] = mid
        cls.python = {rel: python_messages(os.path.join(cls.root, rel)) for rel in cls.mboxes}

    def test_import_exit_ok(self):
        self.assertEqual(self.run_.code, 0, repr(self.run_))
        self.assertEqual([r for r in self.records if r["record"] == "failure"], [])

    def test_usrp_users_has_1088_messages(self):
        self.assertIn(USRP, self.mboxes)
        self.assertEqual(mstest.mbox_count(os.path.join(self.root, USRP)), 1088)
        self.assertEqual(sum(1 for (rel, _o) in self.at if rel == USRP), 1088)

    def test_count_per_file_equals_python_mailbox(self):
        got = Counter(rel for (rel, _o) in self.at)
        want = {rel: mstest.mbox_count(os.path.join(self.root, rel)) for rel in self.mboxes}
        self.assertGreaterEqual(len(want), 15)
        self.assertEqual({r: got[r] for r in want}, want)
        # Everything else is PROVENANCE.md (not mail): nothing imported from it.
        self.assertEqual(set(got) - set(want), set())
        self.assertEqual(set(self.files) - set(want), {"PROVENANCE.md"})

    def test_locators_are_from_line_offsets(self):
        for rel in self.mboxes:
            with self.subTest(rel=rel):
                got = sorted(o for (r, o) in self.at if r == rel)
                self.assertEqual(got, from_line_offsets(os.path.join(self.root, rel)))

    def test_distinct_messages_follow_the_content_key(self):
        keys = {mstest.content_key(raw) for msgs in self.python.values() for raw in msgs.values()}
        self.assertEqual(len(self.messages), len(keys))
        # Perceval's hyperkitty and pipermail April 2016 files hold the same mail twice.
        self.assertLess(len(keys), sum(len(m) for m in self.python.values()))

    def check_raw(self, rel, offsets):
        bad = []
        for off in offsets:
            mid = self.at[(rel, off)]
            raw = mstest.ms_bytes("show", "--raw", mid, case=self.case, check=0).stdout
            # A message found twice is stored once: any of its copies is right.
            copies = [self.python[r][o] for (r, o), i in self.at.items()
                      if i == mid and o is not None]
            last = [self.python[r][o] for (r, o), i in self.at.items()
                    if i == mid and o is not None and o == max(self.python[r])]
            # At the end of a file Python keeps blank lines beyond the one framing line;
            # mailscope treats all trailing blank lines there as framing (mbox_split.cpp).
            # Only that difference is tolerated, and only for a file's last message.
            tail_ok = any(raw.rstrip(b"\r\n") == c.rstrip(b"\r\n") and raw.endswith(b"\n")
                          for c in last)
            if raw not in copies and not tail_ok:
                want = self.python[rel][off]
                i = next((i for i in range(min(len(raw), len(want))) if raw[i] != want[i]),
                         min(len(raw), len(want)))
                bad.append((rel, off, len(raw), len(want), raw[i - 40:i + 40],
                            want[i - 40:i + 40]))
        self.assertEqual(bad, [])

    def test_show_raw_round_trip_mboxrd(self):
        msgs = self.python[USRP]
        escaped = [off for off, raw in msgs.items()
                   if re.search(rb"(?m)^>*From ", raw.split(b"\n\n", 1)[-1])]
        self.assertGreaterEqual(len(escaped), 10, "expected body lines that needed escaping")
        offsets = sorted(set(escaped) | set(sorted(msgs)[::8]))
        self.check_raw(USRP, offsets)

    def test_show_raw_round_trip_perceval(self):
        for rel in self.mboxes:
            if rel != USRP:
                with self.subTest(rel=rel):
                    self.check_raw(rel, sorted(self.python[rel]))

    def test_enron_rogers_b_mboxes(self):
        # PROVENANCE.md describes enron-mbox-rogers-b/ (8,009 messages in 23 files).
        d = os.path.join(self.root, "enron-mbox-rogers-b")
        if not os.path.isdir(d):
            self.skipTest("enron-mbox-rogers-b/ is not in this mbox.tar.zst "
                          "(PROVENANCE.md mentions it)")
        rels = [r for r in self.mboxes if r.startswith("enron-mbox-rogers-b/")]
        self.assertEqual(sum(mstest.mbox_count(os.path.join(self.root, r)) for r in rels),
                         sum(1 for (r, _o) in self.at if r.startswith("enron-mbox-rogers-b/")))


if __name__ == "__main__":
    mstest.main()
