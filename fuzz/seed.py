#!/usr/bin/env python3
"""Builds the fuzz seed corpora: seed.py BUILD_DIR [CORPORA_DIR].

Writes BUILD_DIR/fuzz-seeds/<target>/ from tests/data, examples/ and a sample of the shared
corpora, which are extracted into BUILD_DIR/fuzz-corpora (never into the source tree). Seeds are
capped at 64 KiB: libFuzzer mutates small inputs faster, and a parser's bugs show up early in a
message. Runs again are cheap: extraction is skipped when the folder exists.
"""
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent
CAP = 65536
rng = random.Random(8)  # fixed: the same seeds on every machine


def files_under(root, pred=lambda p: True):
    root = Path(root)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and pred(p))


def put(out, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data[:CAP]
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def extract(corpora, work, name):
    dest = work / name
    archive = corpora / f"{name}.tar.zst"
    if not dest.exists() and archive.exists():
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run(["tar", "--zstd", "-xf", str(archive), "-C", str(work)], check=True)
    return dest


def sample(paths, n):
    paths = list(paths)
    return paths if len(paths) <= n else rng.sample(paths, n)


def main():
    build = Path(sys.argv[1]).resolve()
    corpora = Path(sys.argv[2] if len(sys.argv) > 2 else SRC.parent / "shared" / "corpora")
    work = build / "fuzz-corpora"
    seeds = build / "fuzz-seeds"
    data = SRC / "tests" / "data"
    regress = data / "fuzz-regressions"

    mime_edge = extract(corpora, work, "mime-edge")
    spam = extract(corpora, work, "spamassassin")
    trec = extract(corpora, work, "trec06c")
    mbox = extract(corpora, work, "mbox")

    is_toml = lambda p: p.suffix == ".toml"
    not_toml = lambda p: p.suffix not in (".toml", ".py", ".md") and p.name != ".gitattributes"
    mail = [p for p in files_under(data, not_toml) if "fuzz-regressions" not in p.parts]

    # Every target also starts from its own committed regression fixtures.
    for t in ("message", "mbox", "tree_names", "query", "policy", "directory", "pii"):
        for p in files_under(regress / t):
            put(seeds / t, p.read_bytes())

    # message: fixtures, MIME edge cases, and a sample of real ham/spam in several charsets.
    for p in mail + files_under(mime_edge, lambda p: p.name != "PROVENANCE.md"):
        put(seeds / "message", p.read_bytes())
    for p in sample(files_under(spam), 150) + sample(files_under(trec / "data"), 150):
        put(seeds / "message", p.read_bytes())

    # mbox: the fixtures' mbox files and slices of the big list archive cut at "From " lines.
    for p in files_under(data, lambda p: p.suffix == ".mbox") + files_under(mbox / "perceval-testdata"):
        put(seeds / "mbox", p.read_bytes())
    for big in files_under(mbox, lambda p: p.stat().st_size > 1 << 20):
        raw = big.read_bytes()
        starts = [i + 1 for i in range(len(raw) - 5) if raw[i:i + 6] == b"\nFrom "][:2000]
        for s in sample(starts, 40):
            put(seeds / "mbox", raw[s:s + 16384])

    # tree_names: real file and folder names, paired with a neighbour (NUL-separated).
    names = [p.name for p in files_under(data)] + [p.name for p in data.rglob("*") if p.is_dir()]
    listing = subprocess.run(["tar", "--zstd", "-tf", str(corpora / "enron.tar.zst")],
                             capture_output=True, text=True).stdout.split("\n")
    names += [Path(n).name for n in sample([n for n in listing if n], 300)]
    names += [".Projects.Alpha", ".Customers.Mingda.2024", "1736600000.M1P2.host:2,FRS",
              "dovecot.index.log", "10.", "2.", "007.", "a1b02", ""]
    for i, n in enumerate(names):
        put(seeds / "tree_names", n + "\0" + names[(i * 7 + 1) % len(names)])
    for p in sample(mail, 40):
        put(seeds / "tree_names", p.read_bytes()[:512])

    # query: the forms mailscope-query(7) documents.
    for q in ["invoice", "\"credit note\"", "invoic*", "*", "最低价", "\"个人账户\"",
              "通融 OR flexible", "违约金", "is:starred is:replied", "has:attachment",
              "custodian:chen.jing NOT is:seen", "from:k..allen@enron.com", "from:\"Chen Jing\"",
              "to:mike.johnson@globalgadgets.com", "cc:zhao.min@haina-trade.com",
              "subject:(invoice OR credit)", "body:flexible", "attachment:pdf",
              "folder:customers*", "folder:chen.jing/inbox", "thread:54", "id:34",
              "mid:0778003B-82F1-909F-1A94-71F4048AD615@haina-trade.com",
              "date:2025-03..2025-04", "date:2001-05-14T10:00..today", "date:7d..",
              "date:..20010514", "date:1y..yesterday", "(a OR b) AND NOT (c d)", "bcc:x@y.z",
              "is:unread AND (from:a OR to:b) date:2w.."]:
        put(seeds / "query", q)

    # policy and directory files: every example and fixture, sorted by what they declare.
    for p in files_under(SRC / "examples", is_toml) + files_under(data, is_toml):
        text = p.read_bytes()
        target = "directory" if b"[organisation]" in text or b"[[person]]" in text else "policy"
        put(seeds / target, text)

    # pii: message bodies (Chinese and English) and hand-written detections of each type.
    for p in sample(files_under(trec / "data"), 80) + sample(mail, 40):
        put(seeds / "pii", p.read_bytes()[:8192])
    for s in ["手机 13812345678，座机 010-62345678", "身份证号 11010519491231002X",
              "卡号 6222 0212 3456 7890 128", "统一社会信用代码 91350100M000100Y43",
              "passport E12345678", "mail Zhang.Wei@Haina-Trade.com from 192.168.1.20",
              "id 110105491231002 and +86 138-1234-5678"]:
        put(seeds / "pii", s)

    for t in sorted(os.listdir(seeds)):
        print(f"{t:12} {len(os.listdir(seeds / t)):5} seeds")


if __name__ == "__main__":
    main()
