#!/usr/bin/env python3
"""Throughput of `mailscope mask` beside ripgrep and GNU sed (run by bench/mask.sh).

  mask_throughput.py --text TEXT --mailscope BIN --logs DIR [--runs N] [--messages N]
                     [--name NAME]

Four commands read the same decoded text (TEXT, `mailscope export --text` of a case), each
writing to /dev/null:
  mask       mailscope mask TEXT                         (the filter: masked text out)
  list       mailscope mask --list --format json TEXT    (one JSON record per detection)
  rg         rg --no-config --passthru -r '***' -e RE1 -e RE2 ... TEXT
  sed        LC_ALL=C sed -E -e 's/RE1/***/g' -e 's/RE2/***/g' ... TEXT
The peers replace the regular expressions of PATTERNS below, one per kind of number, email
and address, written once and translated for each tool (`\\b` is an ASCII word boundary in
both: `(?-u:\\b)` for rg, sed in the C locale). They check no checksum (Luhn, ISO 7064, GB
32100), no date, no context word and no overlap between types: a speed reference for a
regex-replace filter over the same bytes, not an equivalent of the detectors.

First, untimed: one run of each (the list's output gives the detections per type, the peers'
outputs are compared with each other), `rg --count-matches` of each pattern alone, and
`mailscope mask` of an empty file (its fixed cost). Then N timed runs of the four, in an
order that rotates run by run. Wall time: spawn to exit, measured here (time.perf_counter);
peak RSS: GNU time's %M, the largest of the runs. MB/s = TEXT bytes / 10^6 / median wall
seconds. Ratios are MB/s of a mailscope row over MB/s of a peer (above 1: mailscope faster).
Raw timings go to LOGS/mask.tsv (tool, run, wall s, peak RSS KiB), the commands to
LOGS/commands.txt, each tool's untimed output to LOGS/TOOL.out.

Exit: 0 the benchmark ran (there are no targets), 2 it could not run.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import time

# (type, ERE). POSIX ERE that Rust's regex also reads: [0-9] not \d, [+] not \+, and \b.
# Leftmost alternatives win in rg; sed applies them in this order, so emails go first (an
# address holding digits is an email) and longer numbers before shorter ones.
PATTERNS = [
    ("email", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    ("ipv4", r"\b([0-9]{1,3}\.){3}[0-9]{1,3}\b"),
    ("id-card", r"\b[1-9][0-9]{16}[0-9Xx]\b|\b[1-9][0-9]{14}\b"),
    ("credit-code", r"\b[1-9ANY][0-9A-HJ-NPQRTUWXY][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}\b"),
    ("bank-card", r"\b[0-9]{16,19}\b"),
    ("mobile", r"(\b|[+])(86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}\b"),
    ("landline", r"(\b0|\(0)[1-9][0-9]{1,2}[) -]?[0-9]{7,8}\b"),
    ("passport", r"\b([EGPDS][0-9]{8}|E[A-Z][0-9]{7})\b"),
]
TYPES = [t for t, _ in PATTERNS]
REPLACEMENT = "***"
TOOLS = ("mask", "list", "rg", "sed")
LABEL = {
    "mask": "mailscope mask",
    "list": "mailscope mask --list --format json",
    "rg": "rg --passthru -r",
    "sed": "sed -E s///g (LC_ALL=C)",
}


class HarnessError(Exception):
    pass


def rg_re(ere):
    return ere.replace(r"\b", r"(?-u:\b)")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAILSCOPE_CASE", "MAILSCOPE_AS", "RIPGREP_CONFIG_PATH", "POSIXLY_CORRECT")}
    env.update(extra)
    return env


def timed(cmd, out, env, cwd, time_file):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS KiB). A non-zero exit
    status is a HarnessError (none of the four commands exits non-zero on success: rg
    --passthru prints every line, so it exits 0 even when nothing matches)."""
    full = ["/usr/bin/time", "-f", "%M", "-o", time_file] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=out, stderr=subprocess.PIPE, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    with open(time_file, encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    kib = int(lines[-1]) if lines and lines[-1].isdigit() else -1
    if p.returncode != 0:
        raise HarnessError(f"exit status {p.returncode}: {' '.join(cmd)}\n"
                           f"{p.stderr.decode('utf-8', 'replace')[-2000:]}")
    return wall, kib


def run_to(cmd, path, env, cwd, time_file):
    if path == os.devnull:
        with open(os.devnull, "wb") as out:
            return timed(cmd, out, env, cwd, time_file)
    with open(path, "wb") as out:
        return timed(cmd, out, env, cwd, time_file)


def differing_lines(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        la, lb = fa.read().split(b"\n"), fb.read().split(b"\n")
    n = sum(1 for x, y in zip(la, lb) if x != y)
    return n + abs(len(la) - len(lb))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", required=True)
    ap.add_argument("--mailscope", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--messages", default="?", help="messages in the text (for the heading)")
    ap.add_argument("--name", default="", help="what the text is (for the heading)")
    a = ap.parse_args()
    try:
        return bench(a)
    except HarnessError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 2


def bench(a):
    if a.runs < 1:
        raise HarnessError("--runs must be at least 1")
    a.text, a.logs = os.path.abspath(a.text), os.path.abspath(a.logs)
    os.makedirs(a.logs, exist_ok=True)
    cwd = a.logs  # no ./mailscope-case here: mask reads no case (no pseudonyms asked for)
    size = os.path.getsize(a.text)
    if size == 0:
        raise HarnessError(f"{a.text} is empty")
    mbytes = size / 1e6
    tfile = os.path.join(a.logs, "time.out")
    env = clean_env()
    env_c = clean_env(LC_ALL="C")
    rg_args = [x for _, ere in PATTERNS for x in ("-e", rg_re(ere))]
    sed_args = [x for _, ere in PATTERNS for x in ("-e", f"s/{ere}/{REPLACEMENT}/g")]
    cmds = {
        "mask": [a.mailscope, "mask", a.text],
        "list": [a.mailscope, "mask", "--list", "--format", "json", a.text],
        "rg": ["rg", "--no-config", "--passthru", "-r", REPLACEMENT] + rg_args + [a.text],
        "sed": ["sed", "-E"] + sed_args + [a.text],
    }
    envs = {"mask": env, "list": env, "rg": env, "sed": env_c}
    with open(os.path.join(a.logs, "commands.txt"), "w", encoding="utf-8") as f:
        for t in TOOLS:
            f.write(("LC_ALL=C " if t == "sed" else "") +
                    " ".join("'" + x.replace("'", "'\\''") + "'" for x in cmds[t]) + "\n")

    def note(msg):
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    # --- untimed: warm-up, outputs, counts, fixed cost --------------------------------------
    note("warm-up runs, detections and pattern counts (untimed)")
    with open(a.text, "rb") as f:
        while f.read(1 << 24):
            pass
    out = {t: os.path.join(a.logs, f"{t}.out") for t in TOOLS}
    for t in TOOLS:
        run_to(cmds[t], out[t], envs[t], cwd, tfile)
    in_lines = sum(1 for _ in open(a.text, "rb"))
    for t in ("mask", "rg", "sed"):
        n = sum(1 for _ in open(out[t], "rb"))
        if n != in_lines:
            raise HarnessError(f"{t} wrote {n} lines for {in_lines} (see {out[t]})")
    detections = collections.Counter()
    with open(out["list"], encoding="utf-8") as f:
        for ln in f:
            if ln.strip():
                detections[json.loads(ln)["type"]] += 1
    if not detections:
        raise HarnessError("mailscope mask --list found nothing; the text is wrong")
    unknown = set(detections) - set(TYPES)
    if unknown:
        raise HarnessError(f"unexpected detection types {sorted(unknown)}")
    peer_diff = differing_lines(out["rg"], out["sed"])
    mask_changed = differing_lines(a.text, out["mask"])
    rg_changed = differing_lines(a.text, out["rg"])
    pattern_hits = {}
    for t, ere in PATTERNS:
        p = subprocess.run(["rg", "--no-config", "--count-matches", "-e", rg_re(ere), a.text],
                           stdout=subprocess.PIPE, env=env, check=False)
        if p.returncode not in (0, 1):
            raise HarnessError(f"rg --count-matches exited with status {p.returncode}")
        s = p.stdout.decode().strip()
        pattern_hits[t] = int(s) if s.isdigit() else 0
    empty = os.path.join(a.logs, "empty.txt")
    open(empty, "w").close()
    fixed = statistics.median(
        run_to([a.mailscope, "mask", empty], os.devnull, env, cwd, tfile)[0] for _ in range(3))

    # --- timed runs ----------------------------------------------------------------------------
    walls = {t: [] for t in TOOLS}
    rss = {t: [] for t in TOOLS}
    with open(os.path.join(a.logs, "mask.tsv"), "w", encoding="utf-8") as tsv:
        for run in range(1, a.runs + 1):
            k = (run - 1) % len(TOOLS)
            for t in TOOLS[k:] + TOOLS[:k]:
                note(f"run {run}/{a.runs}: {t}")
                w, kib = run_to(cmds[t], os.devnull, envs[t], cwd, tfile)
                walls[t].append(w)
                rss[t].append(kib)
                tsv.write(f"{t}\t{run}\t{w:.4f}\t{kib}\n")

    # --- report --------------------------------------------------------------------------------
    med = {t: statistics.median(walls[t]) for t in TOOLS}
    mbs = {t: mbytes / med[t] for t in TOOLS}
    peak = {t: max(rss[t]) * 1024 / 1e6 for t in TOOLS}
    runs_txt = f"median of {a.runs} runs" if a.runs > 1 else "1 run"
    msgs = f"{int(a.messages):,}" if a.messages.isdigit() else a.messages
    print(f"Mask throughput{' on ' + a.name if a.name else ''}: {size:,} bytes "
          f"({mbytes:.1f} MB, {in_lines:,} lines) of decoded text, {msgs} messages")
    print(f"({runs_txt} after a warm-up, page cache warm, output to /dev/null; "
          f"MB/s = {mbytes:.1f} MB / wall s; MB = 10^6 bytes)")
    print(f"{'command':<36} {'wall s':>7} {'MB/s':>7} {'peak RSS MB':>12}")
    for t in TOOLS:
        print(f"{LABEL[t]:<36} {med[t]:>7.3f} {mbs[t]:>7.1f} {peak[t]:>12.1f}")
    if a.runs > 1:
        print("wall s of each run: " + "; ".join(
            f"{t} " + ", ".join(f"{w:.3f}" for w in walls[t]) for t in TOOLS))
    print(f"mailscope fixed cost (start-up; mask of an empty file): {fixed:.3f} s, "
          "included in both mailscope rows")
    print()
    print(f"{'ratio of MB/s (above 1: mailscope faster)':<44} {'value':>7}")
    for m in ("mask", "list"):
        for peer in ("rg", "sed"):
            print(f"{'mailscope ' + ('mask' if m == 'mask' else 'mask --list') + ' / ' + peer:<44} "
                  f"{mbs[m] / mbs[peer]:>6.2f}x")
    print()
    print("The peers replace one regular expression per type (bench/mask_throughput.py, "
          "PATTERNS) with '***'.")
    print("They do NO checksum (Luhn, ISO 7064, GB 32100), date, context-word or overlap "
          "validation:")
    print("a speed reference for a regex-replace filter over the same bytes, not an "
          "equivalent of mailscope.")
    print(f"lines changed: mailscope mask {mask_changed:,}, rg {rg_changed:,}; "
          f"rg and sed outputs differ on {peer_diff:,} lines")
    print()
    print(f"{'type':<12} {'mailscope detections':>21} {'peer pattern matches':>21}")
    for t in TYPES:
        print(f"{t:<12} {detections.get(t, 0):>21,} {pattern_hits[t]:>21,}")
    print(f"{'total':<12} {sum(detections.values()):>21,} {sum(pattern_hits.values()):>21,}")
    print("detections: `mailscope mask --list` (confidence >= 0.5, what mask replaces); "
          "pattern matches:")
    print("`rg --count-matches` of each type's pattern alone (the patterns overlap: an "
          "18-digit ID also")
    print("matches the bank-card pattern, so the total counts some text twice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
