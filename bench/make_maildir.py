#!/usr/bin/env python3
"""Builds a Maildir-shaped copy of the Enron CMU tree out of hard links.

mu only indexes Maildirs (folders with cur/ new/ tmp/), so the benchmark feeds all three tools
one tree of that shape: <custodian>/<folder>/cur/<n>:2,S with empty new/ and tmp/ beside it.
A CMU folder that holds both messages and subfolders keeps the subfolders next to its cur/
(Maildir nests that way for mu, notmuch and mailscope alike). Hard links cost no disk space and
leave the extracted corpus byte-for-byte what the tools read; if the file system refuses them
the file is copied instead.

Usage: make_maildir.py SRC_ROOT DEST_ROOT   (DEST_ROOT must not exist yet)
Prints the number of message files linked.
"""
import os
import shutil
import sys

# Files the corpus ships beside the mail that are not messages.
NOT_MAIL = {"PROVENANCE.md"}


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: make_maildir.py SRC_ROOT DEST_ROOT", file=sys.stderr)
        return 2
    src, dest = sys.argv[1], sys.argv[2]
    if os.path.exists(dest):
        print(f"make_maildir: {dest} already exists", file=sys.stderr)
        return 2
    count = 0
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        rel = os.path.relpath(dirpath, src)
        files = sorted(f for f in filenames if f not in NOT_MAIL)
        if rel == "." or not files:
            continue  # the root and folders that only hold subfolders carry no messages
        folder = os.path.join(dest, rel)
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
        for name in files:
            # "12." -> "12:2,S": a seen message in cur/, as a mail client would leave it.
            target = os.path.join(folder, "cur", name.rstrip(".") + ":2,S")
            source = os.path.join(dirpath, name)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
            count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
