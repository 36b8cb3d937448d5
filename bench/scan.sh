#!/usr/bin/env bash
# Scan throughput of mailscope with a 1,000-term policy on the Enron corpus, beside
# `rg -F -i -f terms` and `grep -F -i -f terms` over the same decoded text, in the same run:
# MB/s of decoded text and peak RSS. See bench/README.md, "Scan throughput".
#
# Usage: bench/scan.sh BUILD_DIR
# Env:   BENCH_SCAN_RUNS=N    timed runs of each command, the median is reported (default 3)
#        MAILSCOPE_CORPORA=DIR where enron.tar.zst is (default: ../shared/corpora from the repo)
# Writes BUILD_DIR/bench-work/scan/ (case, text dump, terms, policy, logs) and
#        BUILD_DIR/bench-work/scan-results.txt (a copy of what is printed).
# Exit: 0 both targets met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: bench/scan.sh BUILD_DIR"
[ -d "$1" ] || die "build directory '$1' does not exist (run: make build)"
build=$(cd "$1" && pwd)
mailscope=$build/bin/mailscope
corpora=${MAILSCOPE_CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
archive=$corpora/enron.tar.zst
runs=${BENCH_SCAN_RUNS:-3}
work=$build/bench-work   # safe_rm deletes only below it
swork=$work/scan
expected_files=34589     # corpora/README.md and enron/PROVENANCE.md

case "$runs" in '' | *[!0-9]* | 0) die "BENCH_SCAN_RUNS must be a positive integer" ;; esac

# --- 1. tools ---------------------------------------------------------------------------------
deps_hint="run: scripts/install-deps.sh --bench (as root)"
[ -x "$mailscope" ] || die "$mailscope not found (run: make build)"
need rg "$deps_hint (package ripgrep)"
need grep "$deps_hint"
need zstd "$deps_hint"
need python3 "$deps_hint"
need tar "$deps_hint"
need flock "$deps_hint (package util-linux)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found; $deps_hint (package time)"
/usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"
grep --version 2>&1 | head -n 1 | grep -q 'GNU grep' || die "grep is not GNU grep"
[ -r "$archive" ] || die "corpus $archive not found (set MAILSCOPE_CORPORA)"

v_mailscope=$(first_line "$mailscope" --version | awk '{print $NF}')
v_rg=$(first_line rg --version | awk '{print $2}')
case "$v_rg" in 13.*) ;; *) note "warning: ripgrep $v_rg, the targets were set against 13" ;; esac

mkdir -p "$work"
# One benchmark at a time per build directory (the lock bench/import.sh takes too).
exec 9>"$work/lock"
flock -n 9 || die "another benchmark is running in $work"
mkdir -p "$swork"
logs=$swork/logs

# --- 2. corpus: extracted once for every benchmark (corpus_root in lib.sh) --------------------
stamp="$(stat -c '%s %Y' "$archive") $archive"
maildir=$(corpus_root enron)/maildir
[ -d "$maildir" ] || die "$maildir missing after extraction"
nfiles=$(find "$maildir" -type f ! -name PROVENANCE.md | wc -l)
[ "$nfiles" -eq "$expected_files" ] ||
    note "warning: corpus has $nfiles message files, expected $expected_files"

# --- 3. case and text dump (redone when the archive or the mailscope binary changes) -----------
# Our own case, not the one bench/import.sh leaves in db/: that one is rebuilt by every import
# run, and may come from an older binary.
case_dir=$swork/case
dump=$swork/dump.txt
bin_stamp="$(stat -c '%s %Y' "$mailscope") $mailscope"
case_stamp="$stamp | $bin_stamp | $maildir"
if [ "$(cat "$swork/case.stamp" 2>/dev/null)" != "$case_stamp" ] || [ ! -s "$dump" ]; then
    safe_rm "$swork/case.stamp" "$case_dir" "$case_dir.tmp" "$dump" "$dump.tmp" "$logs"
    mkdir -p "$logs"
    note "importing $maildir into $case_dir (untimed)"
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
    note "dumping the decoded text (mailscope export --text)"
    "$mailscope" export --case "$case_dir" -q '*' --text "$dump.tmp" >"$logs/export.log" 2>&1 ||
        die "mailscope export failed, see $logs/export.log"
    mv "$dump.tmp" "$dump"
    printf '%s\n' "$case_stamp" >"$swork/case.stamp"
fi
mkdir -p "$logs"
messages=$("$mailscope" search --case "$case_dir" --count '*') ||
    die "mailscope search --count failed"

# --- 4. terms and policy (deterministic; made afresh every run, a few seconds) ----------------
safe_rm "$swork/terms.txt" "$swork/policy.toml" "$swork/case-run"
python3 "$here/make_scan_policy.py" --text "$dump" --terms "$swork/terms.txt" \
    --policy "$swork/policy.toml" >"$logs/policy.log" || die "make_scan_policy.py failed"
"$mailscope" policy test "$swork/policy.toml" >"$logs/policy-test.log" 2>&1 ||
    die "the generated policy does not load, see $logs/policy-test.log"

main() {
    echo "mailscope benchmark: scan throughput, side by side with ripgrep and GNU grep"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:   $(nproc) vCPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at start"
    echo "repo:      $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    echo "tools:     mailscope $v_mailscope ($mailscope)"
    echo "           $(first_line rg --version)"
    echo "           $(first_line grep --version) (run with LC_ALL=C)"
    echo "corpus:    $archive: $nfiles files, imported as $messages messages into $case_dir"
    echo "text:      $dump ($(stat -c %s "$dump") bytes, mailscope export --case C '*' --text)"
    echo "terms:     $(cat "$logs/policy.log")"
    echo "           $swork/terms.txt, $swork/policy.toml"
    echo
    local status=0
    python3 "$here/scan_throughput.py" --dump "$dump" --terms "$swork/terms.txt" \
        --policy "$swork/policy.toml" --mailscope "$mailscope" --case "$case_dir" \
        --copy "$swork/case-run" --logs "$logs" --runs "$runs" --messages "$messages" ||
        status=$?
    # A rebuild during the run would mix two builds in one table.
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
) | tee "$work/scan-results.txt"
status=${PIPESTATUS[0]}
set -e
note "results written to $work/scan-results.txt"
exit "$status"
