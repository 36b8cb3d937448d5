"""Threading: References and In-Reply-To chains, absent parents, parents that arrive late, and
the subject fallback with its limits (participants, 180 days, a reply prefix).

Fixtures: tests/data/threads/ (make.py writes them; its GROUPS table is the expected grouping,
written from the fixture design, not from mailscope's output).
"""
import os
import unittest

import mstest
from mstest import fixture, import_ok, ms, search_ids

THREADS = fixture("threads")
MAKE = mstest.load_generator(THREADS)


def key_of(message_id):
    return message_id.split("@", 1)[0]


class ThreadGroups(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.case = os.path.join(mstest.scratch("threads"), "case")
        import_ok(cls.case, os.path.join(THREADS, "mail"))
        recs = mstest.all_messages(cls.case).values()
        cls.thread = {key_of(r["message_id"]): r["thread"] for r in recs}
        cls.id = {key_of(r["message_id"]): r["id"] for r in recs}

    def test_generator_reproduces_bytes(self):
        self.assertEqual(mstest.generated_files_differ(THREADS), [])

    def test_every_message_imported(self):
        self.assertEqual(sorted(self.thread), sorted(MAKE.MESSAGES))
        self.assertEqual(sorted(k for g in MAKE.GROUPS for k in g), sorted(MAKE.MESSAGES))

    def check_group(self, group):
        threads = {k: self.thread[k] for k in group}
        self.assertEqual(len(set(threads.values())), 1, "%s split: %s" % (group, threads))
        t = threads[group[0]]
        self.assertIn(t, [self.id[k] for k in group], "thread id is not one of its messages")
        others = sorted(k for k, v in self.thread.items() if v == t and k not in group)
        self.assertEqual(others, [], "%s joined by %s" % (group, others))
        # thread:N finds exactly the group.
        found = sorted(search_ids(self.case, "thread:%d" % t))
        self.assertEqual(found, sorted(self.id[k] for k in group), group)

    def test_references_chain(self):
        self.check_group(("refs-1", "refs-2", "refs-3"))

    def test_in_reply_to_only(self):
        self.check_group(("irt-1", "irt-2"))

    def test_two_replies_to_an_absent_parent(self):
        self.check_group(("ghost-1", "ghost-2"))

    def test_subject_re(self):
        self.check_group(("re-1", "re-2"))

    def test_subject_upper_re(self):
        self.check_group(("upper-re-1", "upper-re-2"))

    def test_subject_huifu_fullwidth_colon(self):
        self.check_group(("huifu-1", "huifu-2"))

    def test_subject_dafu(self):
        self.check_group(("dafu-1", "dafu-2"))

    def test_subject_fwd(self):
        self.check_group(("fwd-1", "fwd-2"))

    def test_subject_list_tag_with_participant_overlap(self):
        self.check_group(("list-1", "list-2"))

    def test_subject_reply_179_days_later_joins(self):
        self.check_group(("day179-1", "day179-2"))

    def test_list_tag_without_participant_overlap_stays_apart(self):
        self.check_group(("listnobody-1",))
        self.check_group(("listnobody-2",))

    def test_re_without_participant_overlap_stays_apart(self):
        self.check_group(("nobody-1",))
        self.check_group(("nobody-2",))

    def test_reply_181_days_later_stays_apart(self):
        self.check_group(("day181-1",))
        self.check_group(("day181-2",))

    def test_same_subject_without_prefix_stays_apart(self):
        self.check_group(("noprefix-1",))
        self.check_group(("noprefix-2",))

    def test_all_groups_distinct(self):
        tids = [self.thread[g[0]] for g in MAKE.GROUPS]
        self.assertEqual(len(tids), len(set(tids)))

    def test_thread_in_csv_and_json_agree(self):
        r = ms("search", "--format", "csv", "*", case=self.case, check=0)
        import csv
        import io
        rows = list(csv.DictReader(io.StringIO(r.out, newline="")))
        self.assertEqual({key_of(row["message_id"]): int(row["thread"]) for row in rows},
                         self.thread)


class ChildBeforeParent(unittest.TestCase):
    def test_late_parent_joins_its_replies(self):
        case = os.path.join(mstest.scratch("threads-late"), "case")
        d = os.path.join(THREADS, "late-parent")
        import_ok(case, os.path.join(d, "late-child-1.eml"), os.path.join(d, "late-child-2.eml"))
        before = {key_of(r["message_id"]): r["thread"]
                  for r in mstest.all_messages(case).values()}
        self.assertEqual(before["late-child-1"], before["late-child-2"])
        import_ok(case, os.path.join(d, "late-root.eml"))
        after = {key_of(r["message_id"]): r["thread"] for r in mstest.all_messages(case).values()}
        self.assertEqual(sorted(after), ["late-child-1", "late-child-2", "late-root"])
        self.assertEqual(len(set(after.values())), 1, after)
        t = after["late-root"]
        self.assertEqual(len(search_ids(case, "thread:%d" % t)), 3)


if __name__ == "__main__":
    mstest.main()
