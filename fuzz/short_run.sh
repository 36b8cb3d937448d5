#!/bin/sh
# One short libFuzzer run for ctest (the sanitizer suite): short_run.sh BIN WORK SECONDS DICT SEED...
# Fuzzes into a fresh corpus WORK/corpus, starting from the SEED folders that exist (top-level
# files only, as libFuzzer reads them); a finding's input is left in WORK/artifacts/.
set -eu
bin=$1 work=$2 seconds=$3 dict=$4
shift 4
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
seeds=""
for d in "$@"; do
  [ -d "$d" ] && seeds="$seeds $d"
done
# shellcheck disable=SC2086
exec "$bin" -max_total_time="$seconds" -seed=1 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" ${dict:+-dict="$dict"} \
  "$work/corpus" $seeds
