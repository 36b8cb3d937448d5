"""Enron CMU maildir (9 custodians, 34,589 one-message files): import, dedup, search, show.

Every expectation is derived here from the files themselves: file counts (os.walk), the dedup
rule documented in lib/mailscope/mime/headers.cpp (re-implemented as mstest.content_key), and
header values read with Python. Nothing is copied from mailscope's own output.
"""
import email.utils
import os
import re
import sys
import unittest
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mstest  # noqa: E402


class EnronCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(mstest.corpus("enron"), "maildir")
        cls.case = os.path.join(mstest.scratch("corpus_enron"), "case")
        cls.run_ = mstest.ms("import", "--custodians-from-subdirs", "--output-format", "json",
                             cls.root, case=cls.case, timeout=1500)
        cls.records = cls.run_.json() if cls.run_.code in (0, 3) else []

        # Independent view of the corpus: one entry per file.
        cls.files = mstest.corpus_files(cls.root)
        cls.key_of = {}                         # rel path -> content key
        cls.from_of = {}                        # rel path -> From address (lower case)
        cls.subject_of = {}                     # rel path -> decoded Subject
        for rel in cls.files:
            with open(os.path.join(cls.root, rel), "rb") as f:
                raw = f.read()
            cls.key_of[rel] = mstest.content_key(raw)
            frm = mstest.first_header(raw, "From") or b""
            cls.from_of[rel] = email.utils.parseaddr(frm.decode("latin-1"))[1].lower()
            subj = mstest.first_header(raw, "Subject") or b""
            cls.subject_of[rel] = mstest.decode_words(subj, "cp1252")
        cls.keys = set(cls.key_of.values())

        cls.messages = mstest.all_messages(cls.case) if cls.records else {}
        # case id -> set of content keys of the files at its locations
        cls.keys_of_id = {mid: {cls.key_of.get(l["locator"]) for l in m["locations"]}
                          for mid, m in cls.messages.items()}

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def custodian(rel):
        return rel.split("/", 1)[0]

    @staticmethod
    def folder(rel):
        parts = rel.split("/")
        return "/".join(parts[1:-1])

    def keys_found(self, query):
        """Content keys of the messages a query finds (each id must map to one key)."""
        r = mstest.ms("search", query, "--format", "json", case=self.case)
        self.assertIn(r.code, (0, 1), repr(r))
        out = set()
        for o in r.json():
            ks = {self.key_of.get(l["locator"]) for l in o["locations"]}
            self.assertEqual(len(ks), 1, f"id {o['id']}: locations hold different messages")
            out |= ks
        return out

    def assertKeySetsEqual(self, expected, found, what):
        if expected == found:
            return
        by_key = defaultdict(list)
        for rel, k in self.key_of.items():
            by_key[k].append(rel)
        missing = sorted(by_key[k][0] for k in expected - found)
        extra = sorted(by_key.get(k, ["?"])[0] for k in found - expected)
        self.fail(f"{what}: expected {len(expected)} messages, mailscope found {len(found)}\n"
                  f"missing (a file of each): {missing[:20]}\nunexpected: {extra[:20]}")

    # -- tests -----------------------------------------------------------------------------

    def test_import_exit_and_summary(self):
        self.assertEqual(self.run_.code, 0, repr(self.run_))
        summary = [r for r in self.records if r["record"] == "summary"]
        self.assertEqual(len(summary), 1)
        s = summary[0]
        self.assertEqual(len(self.files), 34589, "the corpus itself changed")
        self.assertEqual(s["messages"], len(self.files))
        self.assertEqual(s["failures"], 0)
        self.assertEqual(s["skipped"], 0)
        self.assertEqual(s["new_messages"], len(self.keys))
        self.assertEqual(s["duplicates"], len(self.files) - len(self.keys))
        problems = [r for r in self.records if r["record"] in ("failure", "skipped")]
        self.assertEqual(problems, [])

    def test_every_file_is_a_location(self):
        locators = [l["locator"] for m in self.messages.values() for l in m["locations"]]
        self.assertEqual(len(locators), len(set(locators)), "a locator is listed twice")
        missing = sorted(set(self.files) - set(locators))
        extra = sorted(set(locators) - set(self.files))
        self.assertEqual((missing[:20], extra[:20]), ([], []))
        self.assertEqual(len(locators), len(self.files))

    def test_locations_carry_custodian_and_folder(self):
        bad = []
        for m in self.messages.values():
            for l in m["locations"]:
                rel = l["locator"]
                if (l["custodian"], l["folder"]) != (self.custodian(rel), self.folder(rel)):
                    bad.append((rel, l["custodian"], l["folder"]))
        self.assertEqual(bad[:20], [])

    def test_distinct_messages_follow_the_content_key(self):
        # As many messages as distinct keys; each message's copies share one key; no key twice.
        self.assertEqual(len(self.messages), len(self.keys))
        mixed = {mid: ks for mid, ks in self.keys_of_id.items() if len(ks) != 1}
        self.assertEqual(mixed, {}, "messages whose locations hold different content")
        seen = defaultdict(list)
        for mid, ks in self.keys_of_id.items():
            seen[next(iter(ks))].append(mid)
        split = {k.hex()[:16]: ids for k, ids in seen.items() if len(ids) > 1}
        self.assertEqual(split, {}, "one content key stored as several messages")

    def test_message_ids_are_not_the_dedup_key(self):
        # The CMU release gives every copy its own Message-ID: some case messages must carry
        # copies with different Message-IDs, found by reading the files' headers.
        differing = 0
        for m in self.messages.values():
            mids = set()
            for l in m["locations"]:
                with open(os.path.join(self.root, l["locator"]), "rb") as f:
                    mids.add(mstest.first_header(f.read(), "Message-ID"))
            differing += len(mids) > 1
        self.assertGreater(differing, 1000)

    def test_count_per_custodian(self):
        per = defaultdict(set)
        for rel, k in self.key_of.items():
            per[self.custodian(rel)].add(k)
        self.assertEqual(len(per), 9)
        got, want = {}, {}
        for name, ks in sorted(per.items()):
            r = mstest.ms("search", "--count", f"custodian:{name}", case=self.case)
            self.assertEqual(r.code, 0, repr(r))
            got[name] = int(r.out.strip())
            want[name] = len(ks)
        self.assertEqual(got, want)

    def test_search_from_address(self):
        counts = defaultdict(set)
        for rel, a in self.from_of.items():
            counts[a].add(self.key_of[rel])
        # The most frequent sender, a custodian of middling volume, and a rarer one; all
        # chosen from the files.
        ranked = sorted(((len(v), a) for a, v in counts.items() if a), reverse=True)
        picks = [ranked[0][1], "phillip.allen@enron.com",
                 next(a for n, a in ranked if 20 <= n <= 40 and ".." not in a)]
        for addr in picks:
            with self.subTest(addr=addr):
                self.assertKeySetsEqual(counts[addr], self.keys_found(f'from:"{addr}"'),
                                        f"from:{addr}")

    def test_search_address_with_double_dot(self):
        # Enron writes many internal addresses with ".." ("d..steffes@enron.com", the most
        # frequent sender of steffes-j). Regression test; this used to fail: the query parser takes
        # ".." for a range, even inside quotes: exit 2 "Unknown range operation".
        want = {self.key_of[r] for r, a in self.from_of.items() if a == "d..steffes@enron.com"}
        self.assertGreater(len(want), 1000)
        self.assertKeySetsEqual(want, self.keys_found('from:"d..steffes@enron.com"'),
                                "from:d..steffes@enron.com")

    def test_from_and_to_fields_match_the_headers(self):
        # Every message's `from` and `to` against Python's email.utils on the file's headers.
        # Regression test; this used to fail: addresses with an obsolete local part ("k..allen@",
        # "lydecker.jr.@") are not taken as addresses: `from` is empty (the address lands in
        # from_name) and such To recipients vanish; about 2,450 From and 3,200 To lists.
        bad_from, bad_to = [], []
        for mid, m in sorted(self.messages.items()):
            rel = m["locations"][0]["locator"]
            with open(os.path.join(self.root, rel), "rb") as f:
                raw = f.read()
            if self.from_of[rel] != m["from"]:
                bad_from.append((rel, self.from_of[rel], m["from"]))
            to = mstest.first_header(raw, "To")
            want = [a.lower() for _n, a in
                    email.utils.getaddresses([to.decode("latin-1")])] if to else []
            if [a for a in want if a] != m["to"]:
                bad_to.append((rel, want[:4], m["to"][:4]))
        self.assertEqual((len(bad_from), bad_from[:10], len(bad_to), bad_to[:10]),
                         (0, [], 0, []))

    def test_search_subject_word(self):
        for word in ("california", "gas", "meeting"):
            # A whole word of the decoded subject; the quoted query turns stemming off.
            pat = re.compile(r"(?<![\w'&.])" + word + r"(?![\w'&])", re.I)
            want = {self.key_of[r] for r, s in self.subject_of.items() if pat.search(s)}
            with self.subTest(word=word):
                self.assertGreater(len(want), 50)
                self.assertKeySetsEqual(want, self.keys_found(f'subject:"{word}"'),
                                        f"subject:{word}")

    def test_search_folder_and_custodian(self):
        folders, custodians = defaultdict(set), defaultdict(set)
        for rel, k in self.key_of.items():
            folders[k].add(self.folder(rel))
            custodians[k].add(self.custodian(rel))
        for folder, cust in (("inbox", "allen-p"), ("sent", "whalley-g"),
                             ("discussion_threads", "arnold-j")):
            want = {k for k in self.keys if folder in folders[k] and cust in custodians[k]}
            with self.subTest(folder=folder, custodian=cust):
                self.assertGreater(len(want), 20)
                self.assertKeySetsEqual(
                    want, self.keys_found(f"folder:{folder} custodian:{cust}"),
                    f"folder:{folder} custodian:{cust}")

    def test_show_raw_is_a_file_of_the_message(self):
        ids = sorted(self.messages)
        sample = ids[::500] + [mid for mid in ids if len(self.messages[mid]["locations"]) > 3][:10]
        bad = []
        for mid in sample:
            p = mstest.ms_bytes("show", "--raw", mid, case=self.case, check=0)
            copies = []
            for l in self.messages[mid]["locations"]:
                with open(os.path.join(self.root, l["locator"]), "rb") as f:
                    copies.append(f.read())
            if p.stdout not in copies:
                bad.append((mid, [l["locator"] for l in self.messages[mid]["locations"]]))
        self.assertGreaterEqual(len(sample), 45)
        self.assertEqual(bad, [], "show --raw is not the bytes of any of its files")


if __name__ == "__main__":
    mstest.main()
