#!/usr/bin/env bash
# Throughput of `mailscope mask` (the personal-data masking filter) beside a regex-replace
# filter in ripgrep (`rg --passthru -r`) and GNU sed (`sed -E s///g`) over the same decoded
# text, in the same run: MB/s, peak RSS and detections per type, on the trec06c Chinese corpus
# and on Enron (English). See bench/README.md, "Mask throughput".
#
# Usage: bench/mask.sh BUILD_DIR
# Env:   BENCH_MASK_RUNS=N      timed runs of each command, the median is reported (default 10)
#        BENCH_MASK_CORPORA="trec06c enron"  which texts to measure, in this order (default both)
#        MAILSCOPE_CORPORA=DIR  where trec06c.tar.zst and enron.tar.zst are
#                               (default: ../shared/corpora from the repo)
# Writes BUILD_DIR/bench-work/mask/ (extracted trec06c, the texts, logs) and
#        BUILD_DIR/bench-work/mask-results.txt (a copy of what is printed).
# Exit: 0 the benchmark ran (there are no targets), 2 it could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: bench/mask.sh BUILD_DIR"
[ -d "$1" ] || die "build directory '$1' does not exist (run: make build)"
build=$(cd "$1" && pwd)
mailscope=$build/bin/mailscope
corpora=${MAILSCOPE_CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
runs=${BENCH_MASK_RUNS:-10}
which=${BENCH_MASK_CORPORA:-trec06c enron}
work=$build/bench-work   # safe_rm deletes only below it
mwork=$work/mask
# Message files in each archive (corpora/README.md; trec06c: data/normal + data/spam).
declare -A expected=([trec06c]=11870 [enron]=34589)

case "$runs" in '' | *[!0-9]* | 0) die "BENCH_MASK_RUNS must be a positive integer" ;; esac
for c in $which; do
    [ -n "${expected[$c]:-}" ] || die "BENCH_MASK_CORPORA: unknown corpus '$c' (trec06c, enron)"
done
# The case and the filter must not pick up a caller's case or identity.
unset MAILSCOPE_CASE MAILSCOPE_AS

# --- 1. tools ---------------------------------------------------------------------------------
deps_hint="run: scripts/install-deps.sh --bench (as root)"
[ -x "$mailscope" ] || die "$mailscope not found (run: make build)"
need rg "$deps_hint (package ripgrep)"
need sed "$deps_hint"
need zstd "$deps_hint"
need python3 "$deps_hint"
need tar "$deps_hint"
need flock "$deps_hint (package util-linux)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found; $deps_hint (package time)"
/usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"
sed --version 2>&1 | head -n 1 | grep -q 'GNU sed' || die "sed is not GNU sed"
for c in $which; do
    [ -r "$corpora/$c.tar.zst" ] || die "corpus $corpora/$c.tar.zst not found (set MAILSCOPE_CORPORA)"
done

v_mailscope=$(first_line "$mailscope" --version | awk '{print $NF}')
v_rg=$(first_line rg --version | awk '{print $2}')
case "$v_rg" in 13.*) ;; *) note "warning: ripgrep $v_rg, the results above were measured with 13" ;; esac

mkdir -p "$work"
# One benchmark at a time per build directory (the lock bench/import.sh and scan.sh take too).
exec 9>"$work/lock"
flock -n 9 || die "another benchmark is running in $work"
mkdir -p "$mwork"
bin_stamp="$(stat -c '%s %Y' "$mailscope") $mailscope"

# --- 2. corpora: extracted once for every benchmark (corpus_root in lib.sh) -------------------
# --- 3. text of each corpus: imported into a temporary case, exported, the case deleted -------
# Redone when the archive or the mailscope binary changes (a new build may decode differently).
# make_text NAME: sets src (what was imported), nfiles, text, messages.
make_text() {
    local name=$1 root dir=$mwork/$1
    root=$(corpus_root "$name")
    local import_args=()
    case $name in
    trec06c)
        src=$root               # data/normal, data/spam; full/index and PROVENANCE.md skipped
        nfiles=$(find "$root/data" -type f | wc -l)
        ;;
    enron)
        src=$root/maildir
        import_args=(--custodians-from-subdirs)
        nfiles=$(find "$src" -type f ! -name PROVENANCE.md | wc -l)
        ;;
    esac
    [ -d "$src" ] || die "$src missing after extraction"
    [ "$nfiles" -eq "${expected[$name]}" ] ||
        note "warning: $name has $nfiles message files, expected ${expected[$name]}"
    text=$dir/text.txt
    local stamp
    stamp="$(stat -c '%s %Y' "$corpora/$name.tar.zst") | $bin_stamp | $src"
    if [ "$(cat "$dir/text.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$text" ]; then
        safe_rm "$dir"
        mkdir -p "$dir/logs"
        local kase=$dir/case
        note "$name: importing $src into a temporary case (untimed)"
        "$mailscope" import --case "$kase" "${import_args[@]}" -q --output-format json "$src" \
            >"$dir/logs/import.log" 2>&1 || die "mailscope import failed, see $dir/logs/import.log"
        python3 - "$dir/logs/import.log" "$nfiles" <<'EOF' || die "incomplete import, see $dir/logs/import.log"
import json, sys
summary = [r for r in map(json.loads, filter(str.strip, open(sys.argv[1]))) if r.get("record") == "summary"]
ok = summary and summary[-1].get("failures") == 0 and summary[-1].get("messages") == int(sys.argv[2])
sys.exit(0 if ok else 1)
EOF
        # A new case with no directory (mailscope-directory(5)), opened by its owner: the
        # export is the clear text, as a compliance officer's filter would receive it.
        [ ! -e "$kase/mailscope.toml" ] || die "$kase has a directory; the export would be masked"
        "$mailscope" search --case "$kase" --count '*' >"$dir/messages" ||
            die "mailscope search --count failed"
        note "$name: exporting the decoded text (mailscope export --text)"
        "$mailscope" export --case "$kase" -q '*' --text "$text.tmp" >"$dir/logs/export.log" 2>&1 ||
            die "mailscope export failed, see $dir/logs/export.log"
        mv "$text.tmp" "$text"
        safe_rm "$kase"
        printf '%s\n' "$stamp" >"$dir/text.stamp"
    fi
    messages=$(cat "$dir/messages")
}

declare -A srcs files texts msgs
for c in $which; do
    make_text "$c"
    srcs[$c]=$src files[$c]=$nfiles texts[$c]=$text msgs[$c]=$messages
done

main() {
    echo "mailscope benchmark: mask throughput, side by side with ripgrep and GNU sed"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:   $(nproc) vCPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at start"
    echo "repo:      $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    echo "tools:     mailscope $v_mailscope ($mailscope)"
    echo "           $(first_line rg --version)"
    echo "           $(first_line sed --version) (run with LC_ALL=C)"
    local c
    for c in $which; do
        echo "text:      $c: ${texts[$c]} ($(stat -c %s "${texts[$c]}") bytes), mailscope export --text of"
        echo "           ${msgs[$c]} messages imported from ${files[$c]} files in ${srcs[$c]}"
    done
    echo
    local status=0 s
    for c in $which; do
        s=0
        python3 "$here/mask_throughput.py" --text "${texts[$c]}" --mailscope "$mailscope" \
            --logs "$mwork/$c/logs" --runs "$runs" --messages "${msgs[$c]}" --name "$c" || s=$?
        [ "$s" -le "$status" ] || status=$s
        echo
    done
    echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "logs:      $mwork/*/logs (mask.tsv: every timed run; commands.txt; *.out: the outputs)"
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
) | tee "$work/mask-results.txt"
status=${PIPESTATUS[0]}
set -e
note "results written to $work/mask-results.txt"
exit "$status"
