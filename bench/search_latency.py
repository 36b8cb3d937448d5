#!/usr/bin/env python3
"""Search latency of mailscope, notmuch and mu on the databases bench/import.sh built.

Each query of the queries file (name, then the same search written for mailscope, notmuch and
mu, tab-separated) is run as a fresh process of each tool, listing every match (or the first
--limit N) with its summary line, as a user at a terminal would: `mailscope search Q`, `notmuch search Q` (one line per
thread), `mu find Q`. Output goes to /dev/null; the time is the process's wall time taken from
here (spawn to exit). Per query and tool: one warm-up run (its output is counted), then REPEAT
timed runs, interleaved across the tools; the query's latency is their median, and the tool's
latency is the median over the queries.

Exit: 0 target met (mailscope median < 20 ms), 1 missed, 2 a query failed or bad input.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

TARGET_MS = 20.0
TOOLS = ("mailscope", "notmuch", "mu")
# Exit statuses that mean "ran fine" (mailscope: 1 = nothing found; mu: 4 = no matches).
OK_STATUS = {"mailscope": {0, 1}, "notmuch": {0}, "mu": {0, 4}}


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4 or not all(c.strip() for c in cols):
                raise ValueError(f"{path}:{n}: want 4 tab-separated columns, got {len(cols)}")
            queries.append((cols[0], dict(zip(TOOLS, cols[1:]))))
    return queries


class Runner:
    def __init__(self, args):
        self.env = dict(os.environ, NOTMUCH_CONFIG=args.notmuch_config)
        self.args = args

    def argv(self, tool, query):
        n = self.args.limit
        if tool == "mailscope":
            return ([self.args.mailscope, "search", "--case", self.args.case]
                    + (["--limit", str(n)] if n else []) + [query])
        if tool == "notmuch":
            return ["notmuch", "search"] + ([f"--limit={n}"] if n else []) + [query]
        return (["mu", "find", f"--muhome={self.args.muhome}"]
                + ([f"--maxnum={n}"] if n else []) + [query])

    def run(self, tool, query, capture=False):
        """Returns (seconds, stdout or None); raises RuntimeError when the tool fails."""
        out = subprocess.PIPE if capture else subprocess.DEVNULL
        t0 = time.perf_counter()
        p = subprocess.run(self.argv(tool, query), stdout=out, stderr=subprocess.PIPE,
                           env=self.env)
        dt = time.perf_counter() - t0
        if p.returncode not in OK_STATUS[tool]:
            err = p.stderr.decode(errors="replace").strip().splitlines()
            raise RuntimeError(f"{tool} exit {p.returncode} on {query!r}: "
                               f"{err[-1] if err else ''}")
        return dt, p.stdout

    def notmuch_messages(self, query):
        p = subprocess.run(["notmuch", "count", query], capture_output=True, env=self.env)
        return p.stdout.decode().strip() or "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--mailscope", required=True, help="mailscope binary")
    ap.add_argument("--case", required=True, help="mailscope case directory")
    ap.add_argument("--notmuch-config", required=True)
    ap.add_argument("--muhome", required=True)
    ap.add_argument("--limit", type=int, default=0,
                    help="list only the first N matches (default 0: all of them)")
    args = ap.parse_args()
    try:
        queries = load_queries(args.queries)
    except (OSError, ValueError) as e:
        print(f"search_latency: {e}", file=sys.stderr)
        return 2
    runner = Runner(args)

    listing = f"the first {args.limit} matches" if args.limit else "all matches"
    print(f"Search latency: {len(queries)} queries, each as a new process listing {listing},"
          f" output to /dev/null; median of {args.repeat} runs after 1 warm-up")
    print("(results: mailscope messages after dedup | notmuch messages/threads | mu files)")
    print(f"{'query':<15} {'mailscope ms':>12} {'notmuch ms':>10} {'mu ms':>8}   "
          f"{'mailscope':>9} {'notmuch':>11} {'mu':>6}")
    per_tool = {t: [] for t in TOOLS}
    failures = []
    for name, q in queries:
        counts, times = {}, {t: [] for t in TOOLS}
        try:
            for t in TOOLS:
                _, out = runner.run(t, q[t], capture=True)
                counts[t] = len(out.splitlines())
            for _ in range(args.repeat):
                for t in TOOLS:
                    times[t].append(runner.run(t, q[t])[0])
        except RuntimeError as e:
            failures.append(f"{name}: {e}")
            print(f"{name:<15} ERROR {e}")
            continue
        med = {t: statistics.median(times[t]) * 1000 for t in TOOLS}
        for t in TOOLS:
            per_tool[t].append(med[t])
        nm = f"{runner.notmuch_messages(q['notmuch'])}/{counts['notmuch']}"
        print(f"{name:<15} {med['mailscope']:>12.1f} {med['notmuch']:>10.1f} {med['mu']:>8.1f}"
              f"   {counts['mailscope']:>9} {nm:>11} {counts['mu']:>6}")
    if failures:
        print("\nqueries that failed (not in the medians):")
        for f in failures:
            print(f"  {f}")
    if not per_tool["mailscope"]:
        return 2

    overall = {t: statistics.median(per_tool[t]) for t in TOOLS}
    print(f"{'MEDIAN':<15} {overall['mailscope']:>12.1f} {overall['notmuch']:>10.1f}"
          f" {overall['mu']:>8.1f}")
    print()
    ms = overall["mailscope"]
    for peer in ("notmuch", "mu"):
        print(f"            median latency {peer}/mailscope {overall[peer] / ms:5.2f}x"
              " (above 1: mailscope faster)")
    verdict = "PASS" if ms < TARGET_MS else "FAIL"
    print(f"{verdict:<11} median search latency mailscope {ms:.1f} ms (target < {TARGET_MS:.0f} ms)")
    if failures:
        return 2
    return 0 if ms < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
