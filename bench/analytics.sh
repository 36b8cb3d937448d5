#!/usr/bin/env bash
# Latency of the communication analytics (mailscope-analytics(7)) on the whole Enron corpus:
# `stats customers`, `stats cc`, `timeline --customer` of the busiest customer, `timeline
# --thread` of the longest thread and `report trends --format html`, each the median of N
# runs against a target of 2 s. No peer computes these figures, so there is no side-by-side
# ratio, only the target. See bench/README.md, "Analytics latency".
#
# Usage: bench/analytics.sh BUILD_DIR
# Env:   BENCH_ANALYTICS_RUNS=N   timed runs of each command, the median is reported (default 5)
#        BENCH_ANALYTICS_FRESH=1  import the case again even when one of this archive is there
#        MAILSCOPE_CORPORA=DIR    where enron.tar.zst is (default: ../shared/corpora from the repo)
# Writes BUILD_DIR/bench-work/analytics/ (case, logs) and
#        BUILD_DIR/bench-work/analytics-results.txt (a copy of what is printed).
# Exit: 0 every target met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: bench/analytics.sh BUILD_DIR"
[ -d "$1" ] || die "build directory '$1' does not exist (run: make build)"
build=$(cd "$1" && pwd)
mailscope=$build/bin/mailscope
corpora=${MAILSCOPE_CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
archive=$corpora/enron.tar.zst
runs=${BENCH_ANALYTICS_RUNS:-5}
fresh=${BENCH_ANALYTICS_FRESH:-0}
work=$build/bench-work   # safe_rm deletes only below it
awork=$work/analytics
expected_files=34589     # corpora/README.md and enron/PROVENANCE.md
target_s=2.0             # every command, median wall time
domain=enron.com         # the company: the corpus has no directory

case "$runs" in '' | *[!0-9]* | 0) die "BENCH_ANALYTICS_RUNS must be a positive integer" ;; esac

# --- 1. tools ---------------------------------------------------------------------------------
deps_hint="run: scripts/install-deps.sh --bench (as root)"
[ -x "$mailscope" ] || die "$mailscope not found (run: make build)"
need zstd "$deps_hint"
need python3 "$deps_hint"
need tar "$deps_hint"
need flock "$deps_hint (package util-linux)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found; $deps_hint (package time)"
/usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"
[ -r "$archive" ] || die "corpus $archive not found (set MAILSCOPE_CORPORA)"
v_mailscope=$(first_line "$mailscope" --version | awk '{print $NF}')
# The case has no directory: its owner sees everything, unmasked, and acts as nobody else.
unset MAILSCOPE_CASE MAILSCOPE_AS

mkdir -p "$work"
# One benchmark at a time per build directory (the lock the other benchmarks take too).
exec 9>"$work/lock"
flock -n 9 || die "another benchmark is running in $work"
mkdir -p "$awork"
logs=$awork/logs

# --- 2. corpus: extracted once for every benchmark (corpus_root in lib.sh) --------------------
stamp="$(stat -c '%s %Y' "$archive") $archive"
maildir=$(corpus_root enron)/maildir
[ -d "$maildir" ] || die "$maildir missing after extraction"
nfiles=$(find "$maildir" -type f ! -name PROVENANCE.md | wc -l)
[ "$nfiles" -eq "$expected_files" ] ||
    note "warning: corpus has $nfiles message files, expected $expected_files"

# --- 3. the case (imported once; reused while the archive is the same) ------------------------
# The analytics read what import stored (messages, recipients, threads); the case is kept
# between runs because importing takes longer than everything measured here. A case the
# current binary cannot open, or BENCH_ANALYTICS_FRESH=1, is imported again.
case_dir=$awork/case
mkdir -p "$logs"
if [ "$fresh" = 1 ] || [ "$(cat "$awork/case.stamp" 2>/dev/null)" != "$stamp | $maildir" ] ||
    ! "$mailscope" search --case "$case_dir" --count '*' >/dev/null 2>&1; then
    safe_rm "$awork/case.stamp" "$case_dir" "$case_dir.tmp"
    note "importing $maildir into $case_dir (untimed, about half a minute)"
    "$mailscope" import --case "$case_dir.tmp" --custodians-from-subdirs -q --output-format json \
        "$maildir" >"$logs/import.log" 2>&1 ||
        die "mailscope import failed, see $logs/import.log"
    python3 - "$logs/import.log" "$nfiles" <<'EOF' || die "incomplete import, see $logs/import.log"
import json, sys
summary = [r for r in map(json.loads, filter(str.strip, open(sys.argv[1]))) if r.get("record") == "summary"]
ok = summary and summary[-1].get("failures") == 0 and summary[-1].get("messages") == int(sys.argv[2])
sys.exit(0 if ok else 1)
EOF
    mv "$case_dir.tmp" "$case_dir"
    printf '%s\n' "$stamp | $maildir" >"$awork/case.stamp"
    printf '%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC') by mailscope $v_mailscope ($(stat -c '%y' "$mailscope" | cut -d. -f1))" \
        >"$awork/case.imported"
fi
messages=$("$mailscope" search --case "$case_dir" --count '*') || die "mailscope search --count failed"
bin_stamp="$(stat -c '%s %Y' "$mailscope") $mailscope"

# --- 4. what to ask for: the busiest customer and the longest thread (untimed) ----------------
"$mailscope" stats --case "$case_dir" customers --work-domain "$domain" --format json \
    >"$logs/customers.jsonl" 2>"$logs/customers.err" || die "stats customers failed, see $logs/customers.err"
"$mailscope" search --case "$case_dir" --format json '*' >"$logs/all.jsonl" 2>"$logs/all.err" ||
    die "mailscope search failed, see $logs/all.err"
read -r customer customer_mails customers < <(python3 - "$logs/customers.jsonl" <<'EOF'
import json, sys
recs = [r for r in map(json.loads, filter(str.strip, open(sys.argv[1]))) if r.get("record") == "customer"]
best = max(recs, key=lambda r: (r["inbound"] + r["outbound"], r["customer"]))
print(best["customer"], best["inbound"] + best["outbound"], len(recs))
EOF
) || die "no customer found in $logs/customers.jsonl"
read -r thread thread_mails threads < <(python3 - "$logs/all.jsonl" <<'EOF'
import collections, json, sys
count = collections.Counter(r["thread"] for r in map(json.loads, filter(str.strip, open(sys.argv[1]))) if r.get("date"))
thread, n = max(count.items(), key=lambda kv: (kv[1], -kv[0]))
print(thread, n, len(count))
EOF
) || die "no thread found in $logs/all.jsonl"
safe_rm "$logs/all.jsonl"

# The commands, timed as `mailscope ARGS >/dev/null` (the text output a person reads).
names=("stats customers" "stats cc" "timeline --customer" "timeline --thread" "report trends html")
# argv_of I: sets `args` to the arguments of command I.
argv_of() {
    case $1 in
    0) args=(stats --case "$case_dir" customers --work-domain "$domain") ;;
    1) args=(stats --case "$case_dir" cc --work-domain "$domain") ;;
    2) args=(timeline --case "$case_dir" --customer "$customer" --work-domain "$domain") ;;
    3) args=(timeline --case "$case_dir" --thread "$thread" --work-domain "$domain") ;;
    4) args=(report --case "$case_dir" trends --format html --work-domain "$domain") ;;
    esac
}

# measure I: one untimed warm-up (its output is kept), then $runs timed runs; appends
# "name run wall_s rss_kib" to analytics.tsv. Exit statuses 0 and 1 (nothing found) are fine;
# GNU time then writes "Command exited with non-zero status 1" before the figures.
measure() {
    local i=$1 run rc=0 args
    argv_of "$i"
    "$mailscope" "${args[@]}" >"$logs/out-$i.txt" 2>"$logs/err-$i.txt" || rc=$?
    [ "$rc" -le 1 ] || die "mailscope ${args[*]} failed (exit $rc), see $logs/err-$i.txt"
    for run in $(seq 1 "$runs"); do
        rc=0
        timed "$logs/t" "$logs/run.log" "$mailscope" "${args[@]}" || rc=$?
        [ "$rc" -le 1 ] || die "mailscope ${args[*]} failed (exit $rc), see $logs/run.log"
        printf '%s\t%s\t%s\n' "${names[$i]}" "$run" "$(tail -n 1 "$logs/t" | tr ' ' '\t')" >>"$logs/analytics.tsv"
    done
}

main() {
    echo "mailscope benchmark: analytics latency (timeline, stats, report trends) on Enron"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:   $(nproc) vCPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at start"
    echo "repo:      $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    echo "tools:     mailscope $v_mailscope ($mailscope)"
    echo "corpus:    $archive: $nfiles files, $messages messages in $case_dir"
    echo "           (imported $(cat "$awork/case.imported" 2>/dev/null || echo '?'))"
    echo "company:   --work-domain $domain (the case has no directory; its owner sees all, unmasked)"
    echo "asked:     busiest customer $customer ($customer_mails mails of $customers customers);"
    echo "           longest thread $thread ($thread_mails dated messages of $threads threads)"
    echo "runs:      $runs timed runs of each command after one warm-up; page cache warm"
    echo "peers:     none: notmuch and mu find and count messages, they have no reply times,"
    echo "           runs, escalations or trends, so there is no ratio; only the target"
    echo
    : >"$logs/analytics.tsv"
    : >"$logs/commands.txt"
    local i args status=0
    for i in "${!names[@]}"; do
        argv_of "$i"
        printf 'mailscope %s\n' "${args[*]}" >>"$logs/commands.txt"
        note "${names[$i]}: $runs runs"
        measure "$i"
    done
    # Opening the case and listing nothing: a floor under every row.
    local floor
    floor=$(for _ in 1 2 3; do
        { /usr/bin/time -f '%e' "$mailscope" search --case "$case_dir" --count \
            'from:nobody@example.invalid' 2>&1 >/dev/null || true; } | tail -n 1
    done | sort -n | sed -n 2p)
    python3 - "$logs/analytics.tsv" "$target_s" "$logs" "${#names[@]}" "${names[@]}" <<'EOF' || status=$?
import statistics, sys
tsv, target, logs, n = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
names = sys.argv[5:5 + n]
rows = {}
for line in open(tsv):
    name, run, wall, rss = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(wall), int(rss)))
def lines(i):
    with open(f"{logs}/out-{i}.txt", encoding="utf-8", errors="replace") as f:
        return sum(1 for _ in f)
print(f"{'command':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'peak RSS':>9} {'output':>13}  target")
missed = 0
for i, name in enumerate(names):
    walls = [w for w, _ in rows[name]]
    med = statistics.median(walls)
    rss = max(r for _, r in rows[name]) * 1024 / 1e6
    ok = med < target
    missed += not ok
    print(f"{name:<22} {med:9.2f} {min(walls):7.2f} {max(walls):7.2f} {rss:7.0f} MB {lines(i):7d} lines  "
          f"< {target:g} s {'pass' if ok else 'FAIL'}")
for name in ("stats departments", "timeline --employee"):
    print(f"{name:<22} {'n/a':>9}  (needs a directory of people; the Enron case has none)")
sys.exit(1 if missed else 0)
EOF
    echo
    echo "fixed cost: mailscope search --count of nothing, median of 3: ${floor} s (opening the case)"
    echo "commands:   $logs/commands.txt; every run: $logs/analytics.tsv"
    if [ "$(stat -c '%s %Y' "$mailscope") $mailscope" != "$bin_stamp" ]; then
        echo "error: $mailscope changed during the run; these results mix two builds"
        return 2
    fi
    return "$status"
}

# main runs in a subshell so that a harness error still leaves the partial results on disk.
set +e
(
    set -e
    main
) | tee "$work/analytics-results.txt"
status=${PIPESTATUS[0]}
set -e
note "results written to $work/analytics-results.txt"
exit "$status"
