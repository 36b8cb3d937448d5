#!/usr/bin/env python3
"""Writes the threading fixtures (tests/cli/test_threads.py). Deterministic; run it after a
change and commit the output. `build()` returns {relative path: bytes}.

mail/<key>.eml, one import. GROUPS below is the expected outcome: keys in one tuple share a
thread, keys in different tuples do not. Each group isolates one rule:

  refs        a References chain whose later messages have unrelated subjects (only the
              References header can join them)
  irt         In-Reply-To only, unrelated subject
  ghost       two replies to a Message-ID that is not in the case (different subjects and
              people): the absent parent still joins them
  re, upper-re (RE:), huifu (回复：), dafu (答复:), fwd (Fwd:), list ([ops] Re: with the original sender in
  Cc)         replies without any In-Reply-To/References, joined by subject + participants
  day179      a "Re:" 179 days after the original: joins
  -- must stay apart:
  listnobody  "[dev] Re:" from someone else to the list, the original sender not involved
  nobody      "Re:" between people unrelated to the original
  day181      a "Re:" 181 days after the original
  noprefix    a second message with the same subject but no reply prefix

late-parent/: two replies imported first, their parent in a second import.
"""
import email.header
import email.utils
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOMAIN = "threads.test"


def mid(key):
    return "<%s@%s>" % (key, DOMAIN)


def when(y, mo, d, h=10, mi=0):
    return datetime.datetime(y, mo, d, h, mi, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))


def addr(local):
    return "%s@%s" % (local, "example.com")


# key: (date, from, [to], [cc], subject, in_reply_to keys, references keys)
# Parent keys that are not messages (ghost, late-root) are referenced but never written.
MESSAGES = {
    "refs-1": (when(2025, 1, 6), "ann", ["ben"], [], "Budget 2025", [], []),
    "refs-2": (when(2025, 1, 7), "ben", ["ann"], [], "Numbers look low", ["refs-1"], ["refs-1"]),
    "refs-3": (when(2025, 1, 8), "ann", ["ben"], [], "Corrected spreadsheet", [],
               ["refs-1", "refs-2"]),
    "irt-1": (when(2025, 1, 9), "cat", ["dan"], [], "Office move", [], []),
    "irt-2": (when(2025, 1, 10), "dan", ["cat"], [], "Movers booked for Friday", ["irt-1"], []),
    "ghost-1": (when(2025, 1, 13), "eve", ["fay"], [], "Server outage", ["ghost-root"],
                ["ghost-root"]),
    "ghost-2": (when(2025, 1, 14), "gus", ["hal"], [], "Outage postmortem", [], ["ghost-root"]),
    "re-1": (when(2025, 2, 3), "ivy", ["jon"], [], "Travel policy", [], []),
    "re-2": (when(2025, 2, 4), "jon", ["ivy"], [], "Re: Travel policy", [], []),
    "upper-re-1": (when(2025, 2, 5), "kim", ["lee"], [], "Shipping plan", [], []),
    "upper-re-2": (when(2025, 2, 6), "lee", ["kim"], [], "RE: Shipping plan", [], []),
    "huifu-1": (when(2025, 2, 10), "zhang.san", ["li.si"], [], "季度报表", [], []),
    "huifu-2": (when(2025, 2, 11), "li.si", ["zhang.san"], [], "回复：季度报表", [], []),
    "dafu-1": (when(2025, 2, 12), "wang.wu", ["zhao.liu"], [], "合同条款", [], []),
    "dafu-2": (when(2025, 2, 13), "zhao.liu", ["wang.wu"], [], "答复: 合同条款", [], []),
    "fwd-1": (when(2025, 2, 17), "mia", ["ned"], [], "Conference agenda", [], []),
    "fwd-2": (when(2025, 2, 18), "ned", ["oli"], [], "Fwd: Conference agenda", [], []),
    "list-1": (when(2025, 2, 19), "pam", ["ops-list"], [], "[ops] Disk quota", [], []),
    "list-2": (when(2025, 2, 20), "quin", ["ops-list"], ["pam"], "[ops] Re: Disk quota", [], []),
    "day179-1": (when(2024, 1, 10), "ray", ["sue"], [], "Audit findings", [], []),
    "day179-2": (when(2024, 7, 7), "sue", ["ray"], [], "Re: Audit findings", [], []),
    "listnobody-1": (when(2025, 3, 3), "tia", ["dev-list"], [], "[dev] Release checklist", [],
                     []),
    "listnobody-2": (when(2025, 3, 4), "uri", ["dev-list"], [], "[dev] Re: Release checklist",
                     [], []),
    "nobody-1": (when(2025, 3, 5), "val", ["wes"], [], "Lunch plans", [], []),
    "nobody-2": (when(2025, 3, 6), "xan", ["yul"], [], "Re: Lunch plans", [], []),
    "day181-1": (when(2024, 1, 10), "zed", ["abe"], [], "Annual report", [], []),
    "day181-2": (when(2024, 7, 9), "abe", ["zed"], [], "Re: Annual report", [], []),
    "noprefix-1": (when(2025, 3, 10), "bea", ["cal"], [], "Weekly sync", [], []),
    "noprefix-2": (when(2025, 3, 17), "bea", ["cal"], [], "Weekly sync", [], []),
}

# The expected thread groups of mail/ (written from the design above, not from mailscope).
GROUPS = [
    ("refs-1", "refs-2", "refs-3"),
    ("irt-1", "irt-2"),
    ("ghost-1", "ghost-2"),
    ("re-1", "re-2"),
    ("upper-re-1", "upper-re-2"),
    ("huifu-1", "huifu-2"),
    ("dafu-1", "dafu-2"),
    ("fwd-1", "fwd-2"),
    ("list-1", "list-2"),
    ("day179-1", "day179-2"),
    ("listnobody-1",), ("listnobody-2",),
    ("nobody-1",), ("nobody-2",),
    ("day181-1",), ("day181-2",),
    ("noprefix-1",), ("noprefix-2",),
]

LATE = {
    "late-child-1": (when(2025, 4, 2), "dee", ["eli"], [], "Re: Forklift repair",
                     ["late-root"], ["late-root"]),
    "late-child-2": (when(2025, 4, 3), "eli", ["dee"], [], "Re: Forklift repair", ["late-child-1"],
                     ["late-root", "late-child-1"]),
    "late-root": (when(2025, 4, 1), "eli", ["dee"], [], "Forklift repair", [], []),
}


def subject_header(s):
    if all(ord(c) < 128 for c in s):
        return s
    return email.header.Header(s, "utf-8").encode()


def render(key, spec):
    date, frm, to, cc, subject, irt, refs = spec
    h = [
        "From: %s" % addr(frm),
        "To: %s" % ", ".join(addr(t) for t in to),
    ]
    if cc:
        h.append("Cc: %s" % ", ".join(addr(c) for c in cc))
    h += [
        "Subject: %s" % subject_header(subject),
        "Date: %s" % email.utils.format_datetime(date),
        "Message-ID: %s" % mid(key),
    ]
    if irt:
        h.append("In-Reply-To: %s" % " ".join(mid(k) for k in irt))
    if refs:
        h.append("References: %s" % " ".join(mid(k) for k in refs))
    h += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
          "Content-Transfer-Encoding: 8bit", "", "Message %s." % key, ""]
    return "\n".join(h).encode("utf-8")


def build():
    files = {}
    for key, spec in MESSAGES.items():
        files["mail/%s.eml" % key] = render(key, spec)
    for key, spec in LATE.items():
        files["late-parent/%s.eml" % key] = render(key, spec)
    return files


def main():
    for rel, data in build().items():
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print("wrote %d files under %s" % (len(build()), HERE), file=sys.stderr)


if __name__ == "__main__":
    main()
