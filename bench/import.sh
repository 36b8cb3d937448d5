#!/usr/bin/env bash
# Side-by-side benchmark of mailscope against notmuch and mu on the shared Enron corpus:
# import+index throughput (messages/s over the 34,589 files fed) and peak RSS of each tool,
# then the latency of 20 typical searches (bench/queries.txt) on the resulting databases.
# All three tools read one Maildir-shaped tree of hard links to the same extracted files.
#
# Usage: bench/import.sh BUILD_DIR        (what `make bench` runs)
# Env:   BENCH_RUNS=N         import runs per tool, the median is reported (default 1)
#        BENCH_SEARCH_REPEAT=N timed runs per query and tool, after one warm-up (default 5)
#        BENCH_SEARCH_LIMIT=N  searches list only the first N matches (default 0: all)
#        MAILSCOPE_CORPORA=DIR where enron.tar.zst is (default: ../shared/corpora from the repo)
# Writes BUILD_DIR/bench-work/ (extracted corpus, tree, databases, logs, results.txt).
# Exit: 0 every target met, 1 a target missed or a tool did not index every file,
#       2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: bench/import.sh BUILD_DIR"
[ -d "$1" ] || die "build directory '$1' does not exist (run: make build)"
build=$(cd "$1" && pwd)
mailscope=$build/bin/mailscope
corpora=${MAILSCOPE_CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
archive=$corpora/enron.tar.zst
runs=${BENCH_RUNS:-1}
repeat=${BENCH_SEARCH_REPEAT:-5}
limit=${BENCH_SEARCH_LIMIT:-0}
work=$build/bench-work
expected_files=34589  # corpora/README.md and enron/PROVENANCE.md

case "$runs" in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive integer" ;; esac
case "$repeat" in '' | *[!0-9]* | 0) die "BENCH_SEARCH_REPEAT must be a positive integer" ;; esac
case "$limit" in '' | *[!0-9]*) die "BENCH_SEARCH_LIMIT must be a number" ;; esac

# --- 1. tools ---------------------------------------------------------------------------------
deps_hint="run: scripts/install-deps.sh --bench (as root)"
[ -x "$mailscope" ] || die "$mailscope not found (run: make build)"
need notmuch "$deps_hint"
need mu "$deps_hint (package maildir-utils)"
need zstd "$deps_hint"
need python3 "$deps_hint"
need tar "$deps_hint"
need flock "$deps_hint (package util-linux)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found; $deps_hint (package time)"
/usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"
[ -r "$archive" ] || die "corpus $archive not found (set MAILSCOPE_CORPORA)"

v_mailscope=$(first_line "$mailscope" --version | awk '{print $NF}')
v_notmuch=$(first_line notmuch --version | awk '{print $NF}')
v_mu=$(first_line mu --version | awk '{print $NF}')
case "$v_notmuch" in 0.37*) ;; *) note "warning: notmuch $v_notmuch, the targets were set against 0.37" ;; esac
case "$v_mu" in 1.8*) ;; *) note "warning: mu $v_mu, the targets were set against 1.8" ;; esac

mkdir -p "$work"
# One benchmark at a time per build directory: a second one would delete the first's databases.
exec 9>"$work/lock"
flock -n 9 || die "another benchmark is running in $work"
corpus=$work/corpus
tree=$work/tree
db=$work/db
logs=$work/logs

# --- 2. corpus and tree (once; redone when the archive changes) ---------------------------------
stamp="$(stat -c '%s %Y' "$archive") $archive"
if [ "$(cat "$work/corpus.stamp" 2>/dev/null)" != "$stamp" ]; then
    note "extracting $archive"
    safe_rm "$work/corpus.stamp" "$work/tree.stamp" "$corpus" "$corpus.tmp" "$tree" "$tree.tmp"
    mkdir -p "$corpus.tmp"
    tar --zstd -xf "$archive" -C "$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
    printf '%s\n' "$stamp" >"$work/corpus.stamp"
fi
[ -d "$corpus/enron/maildir" ] || die "$corpus/enron/maildir missing after extraction"
if [ "$(cat "$work/tree.stamp" 2>/dev/null)" != "$stamp" ]; then
    note "building the Maildir tree (hard links)"
    safe_rm "$tree" "$tree.tmp"
    python3 "$here/make_maildir.py" "$corpus/enron/maildir" "$tree.tmp" >/dev/null
    mv "$tree.tmp" "$tree"
    printf '%s\n' "$stamp" >"$work/tree.stamp"
fi
corpus_files=$(find "$corpus/enron/maildir" -type f ! -name PROVENANCE.md | wc -l)
nfiles=$(find "$tree" -type f | wc -l)
[ "$nfiles" -eq "$corpus_files" ] || die "tree has $nfiles files, corpus $corpus_files (delete $work)"
[ "$nfiles" -eq "$expected_files" ] ||
    note "warning: corpus has $nfiles message files, expected $expected_files"

# --- 3. import runs -----------------------------------------------------------------------------
nm_config=$db/notmuch.config
muhome=$db/mu
case_dir=$db/mailscope

# The reset_* functions are called as "reset_$tool".
# shellcheck disable=SC2317
reset_notmuch() {
    safe_rm "$db/notmuch"
    mkdir -p "$db/notmuch"
    # A throw-away config: the database outside the tree, no tags, no flag renames, no hooks.
    cat >"$nm_config" <<EOF
[database]
path=$db/notmuch
mail_root=$tree
[new]
tags=
ignore=
[maildir]
synchronize_flags=false
[search]
exclude_tags=
EOF
}
# shellcheck disable=SC2317
reset_mu() {
    safe_rm "$muhome"
    mu init --muhome="$muhome" --maildir="$tree" >"$logs/mu-init.log" 2>&1 ||
        die "mu init failed, see $logs/mu-init.log"
}
# shellcheck disable=SC2317
reset_mailscope() { safe_rm "$case_dir"; }

# run_tool TOOL RUN: empty database, warm cache, one timed import; appends to import.tsv.
run_tool() {
    local tool=$1 run=$2 timing=$logs/$1-$2.time log=$logs/$1-$2.log
    "reset_$tool"
    warm_cache "$tree"
    note "run $run/$runs: $tool"
    local rc=0
    case $tool in
    notmuch) NOTMUCH_CONFIG=$nm_config timed "$timing" "$log" notmuch new || rc=$? ;;
    mu) timed "$timing" "$log" mu index --muhome="$muhome" || rc=$? ;;
    mailscope)
        timed "$timing" "$log" "$mailscope" import --case "$case_dir" --custodians-from-subdirs \
            -q --output-format json "$tree" || rc=$?
        ;;
    esac
    if [ "$rc" -ne 0 ]; then
        tail -n 5 "$log" >&2
        die "$tool exited with status $rc (log: $log)"
    fi
    # GNU time puts "Command exited with non-zero status" first when there is one; the
    # measurement is always the last line.
    printf '%s\t%s\t%s\n' "$tool" "$run" "$(tail -n 1 "$timing" | tr ' ' '\t')" >>"$work/import.tsv"
}

main() {
    echo "mailscope benchmark: import+index and search, side by side with notmuch and mu"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:   $(nproc) vCPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "disk:      $(df -PT "$work" | awk 'NR == 2 {print $2 " on " $1}') holds the tree and the databases"
    echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at start"
    echo "repo:      $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    echo "tools:     mailscope $v_mailscope ($mailscope), notmuch $v_notmuch, mu $v_mu"
    echo "           GNU time, zstd $(first_line zstd --version | grep -o 'v[0-9.]*' | head -n 1), $(python3 --version 2>&1)"
    echo "corpus:    $archive -> $nfiles files in $tree"
    echo "runs:      $runs import run(s) per tool, page cache warmed by reading the tree before each"
    echo

    mkdir -p "$db" "$logs"
    : >"$work/import.tsv"
    local run tool
    for run in $(seq 1 "$runs"); do
        for tool in notmuch mu mailscope; do run_tool "$tool" "$run"; done
    done

    # What each tool holds after the last run.
    local nm_msgs nm_files mu_docs
    nm_msgs=$(NOTMUCH_CONFIG=$nm_config notmuch count '*')
    nm_files=$(NOTMUCH_CONFIG=$nm_config notmuch count --output=files '*')
    mu_docs=$(mu info --muhome="$muhome" 2>/dev/null | awk -F'|' '/messages in store/ {gsub(/ /, "", $3); print $3}')
    {
        printf 'notmuch\tfiles\t%s\n' "$nm_files"
        printf 'notmuch\tmessages\t%s\n' "$nm_msgs"
        printf 'mu\tfiles\t%s\n' "${mu_docs:-?}"
        printf 'mu\tmessages\t%s\n' "${mu_docs:-?}"
        python3 "$here/report.py" mailscope-summary "$logs/mailscope-$runs.log"
        printf 'mailscope\tmessages\t%s\n' "$("$mailscope" search --case "$case_dir" --count '*')"
    } >"$work/counts.tsv"

    local status=0
    python3 "$here/report.py" import "$work/import.tsv" "$work/counts.tsv" "$nfiles" \
        "$v_mailscope" "$v_notmuch" "$v_mu" || status=$?
    [ "$status" -le 1 ] || return "$status"
    echo

    local s2=0
    note "search latency: 20 queries x 3 tools x (1 warm-up + $repeat timed)"
    python3 "$here/search_latency.py" --queries "$here/queries.txt" --repeat "$repeat" \
        --limit "$limit" \
        --mailscope "$mailscope" --case "$case_dir" \
        --notmuch-config "$nm_config" --muhome "$muhome" || s2=$?
    [ "$s2" -le 1 ] || return "$s2"
    [ "$s2" -eq 0 ] || status=1
    echo
    echo "logs and databases: $work"
    return "$status"
}

# main runs in a subshell so that a harness error still leaves the partial results on disk.
set +e
(
    set -e
    main
) | tee "$work/results.txt"
status=${PIPESTATUS[0]}
set -e
note "results written to $work/results.txt"
exit "$status"
