#!/usr/bin/env bash
# Sharded indexes on the Enron corpus (34,589 files): import throughput and search latency
# with 1, 2 and 4 shards, and with one of 2 shards remote (mailscope serve-shard on loopback),
# as ratios to one index. See bench/README.md, "Shards".
#
# Usage: bench/shards.sh BUILD_DIR
# Env:   BENCH_SHARDS_RUNS=N      timed runs of each search, the median is reported (default 5)
#        MAILSCOPE_CORPORA=DIR    where enron.tar.zst is (default: ../shared/corpora from the repo)
# Writes BUILD_DIR/bench-work/shards/ (cases, logs) and
#        BUILD_DIR/bench-work/shards-results.txt (a copy of what is printed).
# Exit: 0 done (there is no target, only the ratios), 2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: bench/shards.sh BUILD_DIR"
[ -d "$1" ] || die "build directory '$1' does not exist (run: make build)"
build=$(cd "$1" && pwd)
mailscope=$build/bin/mailscope
corpora=${MAILSCOPE_CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
runs=${BENCH_SHARDS_RUNS:-5}
work=$build/bench-work   # safe_rm deletes only below it
swork=$work/shards

case "$runs" in '' | *[!0-9]* | 0) die "BENCH_SHARDS_RUNS must be a positive integer" ;; esac
deps_hint="run: scripts/install-deps.sh --bench (as root)"
[ -x "$mailscope" ] || die "$mailscope not found (run: make build)"
need python3 "$deps_hint"
need xapian-tcpsrv "$deps_hint (package xapian-tools)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found; $deps_hint (package time)"
unset MAILSCOPE_CASE MAILSCOPE_AS

mkdir -p "$work"
exec 9>"$work/lock"
flock -n 9 || die "another benchmark is running in $work"
root=$(corpus_root enron)/maildir
[ -d "$root" ] || die "$root: no maildir in the Enron archive"
safe_rm "$swork"
mkdir -p "$swork/logs"

note "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
warm_cache "$root"
python3 "$here/shard_bench.py" --mailscope "$mailscope" --maildir "$root" --work "$swork" \
    --queries "$here/queries.txt" --repeat "$runs" | tee "$work/shards-results.txt"
