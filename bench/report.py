#!/usr/bin/env python3
"""Turns the raw measurements of bench/import.sh into the printed import table.

  report.py import IMPORT_TSV COUNTS_TSV NFILES V_MAILSCOPE V_NOTMUCH V_MU
      IMPORT_TSV: tool, run, wall seconds, peak RSS KiB (GNU time %e %M), one line per run.
      COUNTS_TSV: tool, what (files|messages|failed), number.
      Prints the table, the ratios and PASS/FAIL; exit 0 all met, 1 a target missed or a
      tool did not index every file.
  report.py mailscope-summary LOG
      Reads `mailscope import --output-format json` output and prints the counts TSV lines
      for files read and failures.

messages/s is files fed / wall seconds for every tool: all three read the same NFILES files.
MB are 10^6 bytes (GNU time reports KiB).
"""
import json
import statistics
import sys

TOOLS = ("mailscope", "notmuch", "mu")
# Targets from the issue: throughput relative to each peer, and an absolute memory ceiling.
MIN_RATIO = {"notmuch": 1.5, "mu": 1.0}
MAX_RSS_MB = 150.0


def mb(kib: float) -> float:
    return kib * 1024 / 1e6


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def import_report(import_tsv, counts_tsv, nfiles, versions) -> int:
    nfiles = int(nfiles)
    walls = {t: [] for t in TOOLS}
    rss = {t: [] for t in TOOLS}
    for tool, _run, wall, kib in read_tsv(import_tsv):
        walls[tool].append(float(wall))
        rss[tool].append(float(kib))
    counts = {}
    for tool, what, n in read_tsv(counts_tsv):
        counts[(tool, what)] = n
    runs = len(walls["mailscope"])

    med = {}
    print(f"Import + index of {nfiles:,} files "
          f"({'median of ' + str(runs) + ' runs' if runs > 1 else '1 run'}; "
          "msg/s = files fed / wall s; MB = 10^6 bytes)")
    print(f"{'tool':<10} {'version':<8} {'wall s':>8} {'msg/s':>8} {'peak RSS MB':>12}"
          f" {'files indexed':>14} {'messages':>9}")
    for t in TOOLS:
        w = statistics.median(walls[t])
        r = statistics.median(rss[t])
        med[t] = (w, nfiles / w, mb(r))
        print(f"{t:<10} {versions[t]:<8} {w:>8.1f} {nfiles / w:>8.0f} {mb(r):>12.0f}"
              f" {counts.get((t, 'files'), '?'):>14} {counts.get((t, 'messages'), '?'):>9}")
    if runs > 1:
        for t in TOOLS:
            print(f"  {t} runs: wall s " + ", ".join(f"{w:.1f}" for w in walls[t])
                  + "; RSS MB " + ", ".join(f"{mb(r):.0f}" for r in rss[t]))
    print("(files indexed: notmuch count --output=files, mu info, mailscope import's files read;")
    print(" messages: notmuch by Message-ID, mu one per file, mailscope content-deduplicated"
          " = search --count '*')")
    print()

    ok = True
    for t in TOOLS:
        got = counts.get((t, "files"), "?")
        if got != str(nfiles):
            print(f"CHECK FAIL  {t} indexed {got} of {nfiles} files")
            ok = False
    failed = counts.get(("mailscope", "failed"), "?")
    if failed != "0":
        print(f"CHECK FAIL  mailscope reported {failed} failed messages")
        ok = False
    if ok:
        print(f"CHECK ok    every tool indexed all {nfiles:,} files")

    ms_rate = med["mailscope"][1]
    for peer, need in MIN_RATIO.items():
        ratio = ms_rate / med[peer][1]
        verdict = "PASS" if ratio >= need else "FAIL"
        ok &= ratio >= need
        print(f"{verdict:<11} msg/s mailscope/{peer:<8} {ratio:5.2f}x  (target >= {need:.1f}x)")
    ms_rss = med["mailscope"][2]
    verdict = "PASS" if ms_rss < MAX_RSS_MB else "FAIL"
    ok &= ms_rss < MAX_RSS_MB
    print(f"{verdict:<11} peak RSS mailscope     {ms_rss:5.0f} MB (target < {MAX_RSS_MB:.0f} MB;"
          f" notmuch/mailscope {med['notmuch'][2] / ms_rss:.1f}x,"
          f" mu/mailscope {med['mu'][2] / ms_rss:.1f}x)")
    return 0 if ok else 1


def mailscope_summary(log) -> int:
    summary = None
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("{"):
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if rec.get("record") == "summary":
                    summary = rec
    if summary is None:
        print("mailscope\tfiles\t?\nmailscope\tfailed\t?")
        return 0
    print(f"mailscope\tfiles\t{summary.get('messages', '?')}")
    print(f"mailscope\tfailed\t{summary.get('failures', '?')}")
    return 0


def main() -> int:
    if len(sys.argv) == 8 and sys.argv[1] == "import":
        versions = dict(zip(("mailscope", "notmuch", "mu"), sys.argv[5:8]))
        return import_report(sys.argv[2], sys.argv[3], sys.argv[4], versions)
    if len(sys.argv) == 3 and sys.argv[1] == "mailscope-summary":
        return mailscope_summary(sys.argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
