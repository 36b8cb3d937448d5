#!/bin/sh
# Runs libFuzzer targets one after the other: run.sh BUILD SECONDS TARGET...
# Each target keeps its growing corpus in BUILD/fuzz-corpus/<target> (seeded from
# BUILD/fuzz-seeds) and writes crashes to BUILD/fuzz-artifacts/<target>/. Prints libFuzzer's
# final stats (executions, exec/s) and the last cov:/ft: line; exits 1 on any finding.
# FUZZ_FLAGS adds libFuzzer options (e.g. -detect_leaks=0 while a vendor leak is open).
set -u
build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# Leaks that vendor libraries keep by design or cannot avoid, each with its reason.
export LSAN_OPTIONS="suppressions=$here/../tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
python3 "$here/seed.py" "$build" >/dev/null || exit 2

dict_of() {
  case $1 in
    message|mbox) echo "$here/mime.dict" ;;
    query) echo "$here/query.dict" ;;
    policy|directory) echo "$here/toml.dict" ;;
    pii) echo "$here/pii.dict" ;;
    *) echo "" ;;
  esac
}

rc=0
printf '%-11s %8s %10s %8s %7s %7s %7s %s\n' target seconds execs exec/s cov ft corpus result
for t in "$@"; do
  corpus=$build/fuzz-corpus/$t
  artifacts=$build/fuzz-artifacts/$t
  log=$build/fuzz-logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$build/fuzz-logs" "$build/fuzz-seeds/$t"
  d=$(dict_of "$t")
  # -rss_limit_mb / -timeout: a pathological input is a finding too (memory or hang).
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" ${d:+-dict="$d"} ${FUZZ_FLAGS:-} \
    "$corpus" "$build/fuzz-seeds/$t" >"$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  if [ $status -eq 0 ]; then result=ok; else result="FINDING (see $log)"; rc=1; fi
  printf '%-11s %8s %10s %8s %7s %7s %7s %s\n' "$t" "$seconds" "${execs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
exit $rc
