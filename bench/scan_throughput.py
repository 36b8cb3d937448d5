#!/usr/bin/env python3
"""Scan throughput of mailscope beside ripgrep and GNU grep (run by bench/scan.sh).

  scan_throughput.py --dump DUMP --terms TERMS --policy POLICY --mailscope BIN --case CASE
                     --copy COPY --logs DIR [--runs N]

Four commands read the same decoded text (DUMP, `mailscope export --text` of CASE):
  rg         rg --no-config -F -i -c -f TERMS DUMP
  grep       LC_ALL=C grep -F -i -c -f TERMS DUMP
  engine     mailscope scan DUMP --policy POLICY  > /dev/null
             (normalisation, matching and findings, in 1 MiB chunks; one process)
  case       mailscope scan --case COPY --policy POLICY -q
             (end to end: read, decompress and parse every stored message, normalise, match,
             write the flags to SQLite), COPY being a fresh copy of CASE made before each run
             (untimed, flushed to disk), since a case is scanned once per rule-set version.
First, untimed: one warm-up run of rg, grep and the engine (their output gives the match
counts), `rg -o` (occurrences), and the engine on an empty file (its fixed cost: start-up,
policy loading, Hyperscan compilation). Then N timed runs of the four, in an order that
rotates run by run. Wall time: spawn to exit, measured here (time.perf_counter); peak RSS:
GNU time's %M. MB/s = DUMP bytes / 10^6 / median wall seconds, for all four.

Exit: 0 both targets met, 1 a target missed, 2 the benchmark could not run.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MIN_RATIO_RG = 3.0   # engine MB/s / rg MB/s
MAX_CASE_RSS_MB = 50.0
TOOLS = ("rg", "grep", "engine", "case")
LABEL = {
    "rg": "rg -F -i -c",
    "grep": "grep -F -i -c (LC_ALL=C)",
    "engine": "mailscope scan FILE",
    "case": "mailscope scan --case",
}
OK_STATUS = {"rg": {0, 1}, "grep": {0, 1}, "engine": {0, 1}, "case": {0, 1}}


class HarnessError(Exception):
    pass


def mb_of_kib(kib):
    return kib * 1024 / 1e6


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAILSCOPE_CASE", "RIPGREP_CONFIG_PATH", "GREP_OPTIONS", "GREP_COLORS")}
    env.update(extra)
    return env


def timed(cmd, out, env, cwd, time_file):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS KiB, exit status)."""
    full = ["/usr/bin/time", "-f", "%M", "-o", time_file] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    with open(time_file, encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    # GNU time writes "Command exited with non-zero status N" first when there is one.
    kib = int(lines[-1]) if lines and lines[-1].isdigit() else -1
    return wall, kib, p.returncode


def run_checked(tool, cmd, log, env, cwd, time_file):
    with open(log, "wb") as out:
        wall, kib, rc = timed(cmd, out, env, cwd, time_file)
    if rc not in OK_STATUS[tool]:
        with open(log, "rb") as f:
            tail = f.read()[-2000:].decode("utf-8", "replace")
        raise HarnessError(f"{tool} exited with status {rc}: {' '.join(cmd)}\n{tail}"
                           f"(log: {log})")
    return wall, kib


def count_lines_of(cmd, env):
    """Number of output lines of cmd, streamed (rg -o prints one line per match)."""
    n = 0
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env) as p:
        while True:
            b = p.stdout.read(1 << 20)
            if not b:
                break
            n += b.count(b"\n")
    if p.returncode not in (0, 1):
        raise HarnessError(f"{' '.join(cmd)} exited with status {p.returncode}")
    return n


def first_int(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        s = f.read().strip()
    if not re.fullmatch(r"\d+", s):
        raise HarnessError(f"{path}: expected a count, got {s[:200]!r}")
    return int(s)


def copy_case(src, dst, root):
    """Fresh copy of the case, flushed to disk so that its write-back does not land in the
    timed run. Deletes only dst, which must be below root."""
    if not os.path.abspath(dst).startswith(os.path.abspath(root) + os.sep):
        raise HarnessError(f"refusing to replace {dst} (outside {root})")
    if os.path.lexists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)
    for d, _dirs, files in os.walk(dst):
        for name in files:
            fd = os.open(os.path.join(d, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", required=True)
    ap.add_argument("--terms", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--mailscope", required=True)
    ap.add_argument("--case", required=True, help="the imported case (never modified)")
    ap.add_argument("--copy", required=True, help="where each case run's copy goes")
    ap.add_argument("--logs", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--messages", default="?", help="messages in the case (for the heading)")
    a = ap.parse_args()
    try:
        return bench(a)
    except HarnessError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 2


def bench(a):
    if a.runs < 1:
        raise HarnessError("--runs must be at least 1")
    os.makedirs(a.logs, exist_ok=True)
    root = os.path.dirname(os.path.abspath(a.copy))
    cwd = root  # no ./mailscope-case here: the draft check loads no case directory
    size = os.path.getsize(a.dump)
    if size == 0:
        raise HarnessError(f"{a.dump} is empty")
    mbytes = size / 1e6
    with open(a.terms, encoding="utf-8") as f:
        nterms = sum(1 for ln in f if ln.strip())
    tfile = os.path.join(a.logs, "time.out")
    env = clean_env()
    env_c = clean_env(LC_ALL="C")
    cmds = {
        "rg": ["rg", "--no-config", "-F", "-i", "-c", "-f", a.terms, a.dump],
        "grep": ["grep", "-F", "-i", "-c", "-f", a.terms, a.dump],
        "engine": [a.mailscope, "scan", a.dump, "--policy", a.policy],
        "case": [a.mailscope, "scan", "--case", a.copy, "--policy", a.policy, "-q"],
    }
    envs = {"rg": env, "grep": env_c, "engine": env, "case": env}

    def note(msg):
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    # --- untimed: warm-up, counts, fixed cost ---------------------------------------------
    note("warm-up runs and match counts (untimed)")
    with open(a.dump, "rb") as f:
        while f.read(1 << 24):
            pass
    run_checked("rg", cmds["rg"], os.path.join(a.logs, "rg.count"), env, cwd, tfile)
    rg_lines = first_int(os.path.join(a.logs, "rg.count"))
    run_checked("grep", cmds["grep"], os.path.join(a.logs, "grep.count"), env_c, cwd, tfile)
    grep_lines = first_int(os.path.join(a.logs, "grep.count"))
    rg_occ = count_lines_of(["rg", "--no-config", "-F", "-i", "-o", "-f", a.terms, a.dump], env)
    findings_log = os.path.join(a.logs, "engine.findings")
    run_checked("engine", cmds["engine"], findings_log, env, cwd, tfile)
    findings, non_body = None, 0
    with open(findings_log, encoding="utf-8", errors="replace") as f:
        lines = f.read().rstrip("\n").split("\n")  # not splitlines(): snippets hold \f etc.
    m = re.fullmatch(r"(\d+) findings?", lines[-1] if lines else "")
    if not m:
        raise HarnessError(f"{findings_log}: no 'N findings' line at the end")
    findings = int(m.group(1))
    # A plain-text file is read in chunks and every finding is in field "body"; anything else
    # would mean the dump was taken for a draft message (and read whole).
    non_body = sum(1 for ln in lines[1:-1] if "  [body]  " not in ln)
    if non_body:
        raise HarnessError(f"{non_body} findings outside [body] in {findings_log}: the dump "
                           "was not read as plain text")
    if findings == 0 or rg_lines == 0:
        raise HarnessError("the policy matched nothing; the dump or the terms are wrong")
    empty = os.path.join(a.logs, "empty.txt")
    open(empty, "w").close()
    fixed = []
    for _ in range(3):
        w, _k = run_checked("engine", [a.mailscope, "scan", empty, "--policy", a.policy],
                            os.path.join(a.logs, "engine-empty.log"), env, cwd, tfile)
        fixed.append(w)

    # --- timed runs --------------------------------------------------------------------------
    walls = {t: [] for t in TOOLS}
    rss = {t: [] for t in TOOLS}
    case_out = {}
    with open(os.path.join(a.logs, "scan.tsv"), "w", encoding="utf-8") as tsv:
        for run in range(1, a.runs + 1):
            order = TOOLS[(run - 1) % 4:] + TOOLS[:(run - 1) % 4]
            for tool in order:
                if tool == "case":
                    copy_case(a.case, a.copy, root)
                note(f"run {run}/{a.runs}: {tool}")
                log = (os.devnull if tool == "engine"
                       else os.path.join(a.logs, f"{tool}-{run}.log"))
                w, k = run_checked(tool, cmds[tool], log, envs[tool], cwd, tfile)
                walls[tool].append(w)
                rss[tool].append(k)
                tsv.write(f"{tool}\t{run}\t{w:.4f}\t{k}\n")
                if tool == "case":
                    with open(log, encoding="utf-8", errors="replace") as f:
                        text = f.read()
                    m = re.search(r"scanned (\d+) messages in [\d.]+ s \((\d+) personal[^;]*;"
                                  r" (\d+) new flags", text)
                    if not m:
                        raise HarnessError(f"{log}: no 'scanned N messages ... new flags' line")
                    case_out[run] = tuple(int(x) for x in m.groups())
    if os.path.lexists(a.copy):
        shutil.rmtree(a.copy)

    # --- report --------------------------------------------------------------------------------
    med = {t: statistics.median(walls[t]) for t in TOOLS}
    mbs = {t: mbytes / med[t] for t in TOOLS}
    peak = {t: mb_of_kib(max(rss[t])) for t in TOOLS}
    scanned, personal, flags = case_out[a.runs]
    if len(set(case_out.values())) != 1:
        note(f"warning: the case runs differ: {sorted(set(case_out.values()))}")
    matches = {
        "rg": f"{rg_lines:,} lines",
        "grep": f"{grep_lines:,} lines",
        "engine": f"{findings:,} findings",
        "case": f"{flags:,} flags",
    }
    runs_txt = f"median of {a.runs} runs" if a.runs > 1 else "1 run"
    msgs = f"{int(a.messages):,}" if a.messages.isdigit() else a.messages
    print(f"Scan throughput over {size:,} bytes ({mbytes:.1f} MB) of decoded text, "
          f"{msgs} messages, {nterms:,} terms")
    print(f"({runs_txt} after a warm-up, page cache warm; MB/s = {mbytes:.1f} MB / wall s; "
          "peak RSS: the largest of the runs; MB = 10^6 bytes)")
    print(f"{'command':<26} {'wall s':>8} {'MB/s':>8} {'peak RSS MB':>12}  matches")
    for t in TOOLS:
        print(f"{LABEL[t]:<26} {med[t]:>8.2f} {mbs[t]:>8.1f} {peak[t]:>12.1f}  {matches[t]}")
    if a.runs > 1:
        print("wall s of each run: " + "; ".join(
            f"{t} " + ", ".join(f"{w:.2f}" for w in walls[t]) for t in TOOLS))
    print(f"mailscope fixed cost (start-up, policy, Hyperscan compile; scan of an empty file): "
          f"{statistics.median(fixed):.2f} s, included in both mailscope rows")
    print(f"case scan: {scanned:,} messages ({personal:,} personal, not checked), "
          f"{flags:,} flags written")
    print(f"matches: rg and grep count matching lines; `rg -o` finds {rg_occ:,} non-overlapping "
          "occurrences;")
    print("  mailscope counts findings: every non-overlapping occurrence of a rule's terms (two "
          "rules")
    print("  matching the same text count twice); Han separators are ignored, NFKC + full case "
          "folding")
    print()
    status = 0

    def check(ok, what, value, target):
        nonlocal status
        if not ok:
            status = 1
        print(f"{'PASS' if ok else 'FAIL':<6} {what:<52} {value:>9}  (target {target})")

    r_rg = mbs["engine"] / mbs["rg"]
    r_grep = mbs["engine"] / mbs["grep"]
    check(r_rg >= MIN_RATIO_RG, "engine MB/s, mailscope scan FILE / rg", f"{r_rg:.2f}x",
          f">= {MIN_RATIO_RG:.1f}x")
    check(peak["case"] < MAX_CASE_RSS_MB, "peak RSS, mailscope scan --case",
          f"{peak['case']:.1f} MB", f"< {MAX_CASE_RSS_MB:.0f} MB")
    print(f"{'info':<6} {'engine MB/s, mailscope scan FILE / grep':<52} {r_grep:>8.2f}x")
    print(f"{'info':<6} {'end-to-end MB/s, mailscope scan --case / rg':<52} "
          f"{mbs['case'] / mbs['rg']:>8.2f}x")
    return status


if __name__ == "__main__":
    sys.exit(main())
