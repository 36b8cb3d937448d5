#!/usr/bin/env bash
# Latency of `mailscope handover` (mailscope-handover(1)) on the whole Enron corpus: the
# dossiers of every customer of the custodian with the most mail, as one PDF and as JSON Lines,
# and the PDF of their busiest customer alone, each the median of N runs against a target of
# 5 s; with the PDF's pages and size, and page 2 rendered to bench/results/handover-page2.png.
# No peer writes such dossiers, so there is no side-by-side ratio, only the target. See
# bench/README.md, "Handover latency".
#
# Usage: bench/handover.sh BUILD_DIR
# Env:   BENCH_HANDOVER_RUNS=N   timed runs of each command, the median is reported (default 5)
#        BENCH_HANDOVER_FRESH=1  import the case again even when one of this archive is there
#        MAILSCOPE_CORPORA=DIR   where enron.tar.zst is (default: ../shared/corpora from the repo)
# Reuses the case bench/analytics.sh imports (BUILD_DIR/bench-work/analytics/case) when it is
# of the same archive, else imports its own; the directory is installed in a copy, so the
# analytics case stays without one.
# Writes BUILD_DIR/bench-work/handover/ (the copy of the case, the PDF, logs),
#        BUILD_DIR/bench-work/handover-results.txt (a copy of what is printed) and
#        bench/results/handover-page2.png (page 2 of the PDF at 60 dpi).
# Exit: 0 every target met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: bench/handover.sh BUILD_DIR"
[ -d "$1" ] || die "build directory '$1' does not exist (run: make build)"
build=$(cd "$1" && pwd)
mailscope=$build/bin/mailscope
corpora=${MAILSCOPE_CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
archive=$corpora/enron.tar.zst
runs=${BENCH_HANDOVER_RUNS:-5}
fresh=${BENCH_HANDOVER_FRESH:-0}
work=$build/bench-work   # safe_rm deletes only below it
hwork=$work/handover
expected_files=34589     # corpora/README.md and enron/PROVENANCE.md
target_s=5.0             # every command, median wall time
domain=enron.com         # the company
zone=America/Chicago     # Enron's Houston offices: the working hours of the scene filter
font=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
png=$here/results/handover-page2.png

case "$runs" in '' | *[!0-9]* | 0) die "BENCH_HANDOVER_RUNS must be a positive integer" ;; esac

# --- 1. tools ---------------------------------------------------------------------------------
deps_hint="run: scripts/install-deps.sh --bench (as root)"
[ -x "$mailscope" ] || die "$mailscope not found (run: make build)"
need zstd "$deps_hint"
need python3 "$deps_hint"
need tar "$deps_hint"
need flock "$deps_hint (package util-linux)"
need pdfinfo "$deps_hint (package poppler-utils)"
need pdftoppm "$deps_hint (package poppler-utils)"
[ -r "$font" ] || die "$font not found; $deps_hint (package fonts-wqy-zenhei)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found; $deps_hint (package time)"
/usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"
[ -r "$archive" ] || die "corpus $archive not found (set MAILSCOPE_CORPORA)"
v_mailscope=$(first_line "$mailscope" --version | awk '{print $NF}')
unset MAILSCOPE_CASE MAILSCOPE_AS

mkdir -p "$work"
# One benchmark at a time per build directory (the lock the other benchmarks take too).
exec 9>"$work/lock"
flock -n 9 || die "another benchmark is running in $work"
mkdir -p "$hwork"
logs=$hwork/logs
mkdir -p "$logs"

# --- 2. corpus: extracted once for every benchmark (corpus_root in lib.sh) --------------------
stamp="$(stat -c '%s %Y' "$archive") $archive"
maildir=$(corpus_root enron)/maildir
[ -d "$maildir" ] || die "$maildir missing after extraction"
nfiles=$(find "$maildir" -type f ! -name PROVENANCE.md | wc -l)
[ "$nfiles" -eq "$expected_files" ] ||
    note "warning: corpus has $nfiles message files, expected $expected_files"

# --- 3. the imported case: analytics.sh's when it is of this archive, else our own ------------
# usable DIR STAMPFILE: the case in DIR was imported from this archive and this binary opens it.
usable() {
    [ "$(cat "$2" 2>/dev/null)" = "$stamp | $maildir" ] &&
        "$mailscope" search --case "$1" --count '*' >/dev/null 2>&1
}
source_case=$work/analytics/case
source_stamp=$work/analytics/case.stamp
source_imported=$work/analytics/case.imported
if [ "$fresh" = 1 ] || ! usable "$source_case" "$source_stamp"; then
    source_case=$hwork/imported
    source_stamp=$hwork/imported.stamp
    source_imported=$hwork/imported.when
    if [ "$fresh" = 1 ] || ! usable "$source_case" "$source_stamp"; then
        safe_rm "$source_stamp" "$source_case" "$source_case.tmp"
        note "importing $maildir into $source_case (untimed, about half a minute)"
        "$mailscope" import --case "$source_case.tmp" --custodians-from-subdirs -q --output-format json \
            "$maildir" >"$logs/import.log" 2>&1 ||
            die "mailscope import failed, see $logs/import.log"
        python3 - "$logs/import.log" "$nfiles" <<'EOF' || die "incomplete import, see $logs/import.log"
import json, sys
summary = [r for r in map(json.loads, filter(str.strip, open(sys.argv[1]))) if r.get("record") == "summary"]
ok = summary and summary[-1].get("failures") == 0 and summary[-1].get("messages") == int(sys.argv[2])
sys.exit(0 if ok else 1)
EOF
        mv "$source_case.tmp" "$source_case"
        printf '%s\n' "$stamp | $maildir" >"$source_stamp"
        printf '%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC') by mailscope $v_mailscope" >"$source_imported"
    fi
fi
messages=$("$mailscope" search --case "$source_case" --count '*') || die "mailscope search --count failed"

# --- 4. the employee: the custodian with the most mail, and their address (untimed) -----------
"$mailscope" search --case "$source_case" --format json '*' >"$logs/all.jsonl" 2>"$logs/all.err" ||
    die "mailscope search failed, see $logs/all.err"
read -r custodian custodian_mails address also < <(python3 - "$logs/all.jsonl" "$domain" <<'EOF'
import collections, json, sys
domain = "@" + sys.argv[2]
mails = collections.Counter()                        # custodian -> messages with a copy of theirs
sent = collections.defaultdict(collections.Counter)  # custodian -> From of their sent folders
froms = collections.defaultdict(collections.Counter)
for r in map(json.loads, filter(str.strip, open(sys.argv[1]))):
    for c in {loc["custodian"] for loc in r["locations"]}:
        mails[c] += 1
        if r["from"].endswith(domain):
            froms[c][r["from"]] += 1
    for loc in r["locations"]:
        if "sent" in loc["folder"].lower() and r["from"].endswith(domain):
            sent[loc["custodian"]][r["from"]] += 1
custodian, n = max(mails.items(), key=lambda kv: (kv[1], kv[0]))
ranked = (sent[custodian] or froms[custodian]).most_common()
address, top = ranked[0]
# Their other addresses: senders of their sent folders named like them, with a tenth of the mail.
surname = custodian.split("-")[0]
also = [a for a, k in ranked[1:] if surname in a.split("@")[0] and k * 10 >= top]
print(custodian, n, address, ",".join(also) or "-")
EOF
) || die "no custodian found in $logs/all.jsonl"
safe_rm "$logs/all.jsonl"

# --- 5. a copy of the case with a directory of one person: the employee, as compliance --------
# Compliance sees every message but personal mail (sent outside working hours in $zone with
# every other party outside enron.com), unmasked; the owner acts as them with --as.
case_dir=$hwork/case
safe_rm "$case_dir"
cp -a "$source_case" "$case_dir"
directory=$hwork/mailscope.toml
{
    echo "# Written by bench/handover.sh: the company and the one person the benchmark needs."
    echo "[organisation]"
    echo "name = \"Enron (benchmark)\""
    echo "work_domains = [\"$domain\"]"
    echo "time_zone = \"$zone\""
    echo
    echo "[[person]]"
    echo "email = \"$address\""
    [ "$also" = - ] || echo "also = [\"${also//,/\", \"}\"]"
    echo "name = \"$custodian\""
    echo "role = \"compliance\""
} >"$directory"
"$mailscope" org set --case "$case_dir" "$directory" >"$logs/org.log" 2>&1 ||
    die "mailscope org set failed, see $logs/org.log"
pdf=$hwork/handover.pdf
jsonl=$hwork/handover.jsonl
"$mailscope" handover --case "$case_dir" --as "$address" --employee "$address" --customers all \
    --format json -o "$jsonl" 2>"$logs/json.err" || die "mailscope handover --format json failed, see $logs/json.err"
# Tab-separated: a customer's name may hold spaces.
IFS=$'\t' read -r customers busiest busiest_mails < <(python3 - "$jsonl" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
best = max(recs, key=lambda r: (r["inbound"] + r["outbound"], r["customer"]))
print(len(recs), best["customer"], best["inbound"] + best["outbound"], sep="\t")
EOF
) || die "no dossier in $jsonl"
bin_stamp="$(stat -c '%s %Y' "$mailscope") $mailscope"

# The commands, timed as `mailscope ARGS` (what they print goes to the logs).
names=("pdf, all customers" "json, all customers" "pdf, busiest customer")
# argv_of I: sets `args` to the arguments of command I.
argv_of() {
    local common=(handover --case "$case_dir" --as "$address" --employee "$address")
    case $1 in
    0) args=("${common[@]}" --customers all -o "$pdf") ;;
    1) args=("${common[@]}" --customers all --format json -o "$jsonl") ;;
    2) args=("${common[@]}" --customers "$busiest" -o "$hwork/busiest.pdf") ;;
    esac
}

# measure I: one untimed warm-up, then $runs timed runs; appends "name run wall_s rss_kib" to
# handover.tsv.
measure() {
    local i=$1 run args
    argv_of "$i"
    "$mailscope" "${args[@]}" >"$logs/out-$i.txt" 2>&1 ||
        die "mailscope ${args[*]} failed, see $logs/out-$i.txt"
    for run in $(seq 1 "$runs"); do
        timed "$logs/t" "$logs/run.log" "$mailscope" "${args[@]}" ||
            die "mailscope ${args[*]} failed, see $logs/run.log"
        printf '%s\t%s\t%s\n' "${names[$i]}" "$run" "$(tail -n 1 "$logs/t" | tr ' ' '\t')" >>"$logs/handover.tsv"
    done
}

main() {
    echo "mailscope benchmark: handover dossiers (PDF and JSON) on Enron"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:   $(nproc) vCPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at start"
    echo "repo:      $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    echo "tools:     mailscope $v_mailscope ($mailscope)"
    echo "corpus:    $archive: $nfiles files, $messages messages"
    echo "           (a copy of $source_case, imported $(cat "$source_imported" 2>/dev/null || echo '?'))"
    echo "directory: $directory: work domain $domain, time zone $zone, one person"
    echo "employee:  $custodian, the custodian with the most mail ($custodian_mails messages),"
    echo "           as $address (also: $also), role compliance; the owner acts --as them"
    echo "dossiers:  $customers customers (--customers all); busiest $busiest ($busiest_mails mails)"
    echo "runs:      $runs timed runs of each command after one warm-up; page cache warm"
    echo "peers:     none: no mail tool writes per-customer dossiers; only the target"
    echo
    : >"$logs/handover.tsv"
    : >"$logs/commands.txt"
    local i args status=0
    for i in "${!names[@]}"; do
        argv_of "$i"
        printf 'mailscope %s\n' "${args[*]}" >>"$logs/commands.txt"
        note "${names[$i]}: $runs runs"
        measure "$i"
    done
    local pages size one_pages one_size
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    size=$(stat -c %s "$pdf")
    one_pages=$(pdfinfo "$hwork/busiest.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    one_size=$(stat -c %s "$hwork/busiest.pdf")
    python3 - "$logs/handover.tsv" "$target_s" "${#names[@]}" "${names[@]}" <<'EOF' || status=$?
import statistics, sys
tsv, target, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
names = sys.argv[4:4 + n]
rows = {}
for line in open(tsv):
    name, run, wall, rss = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(wall), int(rss)))
print(f"{'command':<24} {'median s':>9} {'min s':>7} {'max s':>7} {'peak RSS':>9}  target")
missed = 0
for name in names:
    walls = [w for w, _ in rows[name]]
    med = statistics.median(walls)
    rss = max(r for _, r in rows[name]) * 1024 / 1e6
    ok = med < target
    missed += not ok
    print(f"{name:<24} {med:9.2f} {min(walls):7.2f} {max(walls):7.2f} {rss:7.0f} MB  "
          f"< {target:g} s {'pass' if ok else 'FAIL'}")
sys.exit(1 if missed else 0)
EOF
    echo
    echo "PDF, all customers:    $pages pages, $size bytes ($pdf)"
    echo "PDF, busiest customer: $one_pages pages, $one_size bytes"
    echo "JSON, all customers:   $(wc -l <"$jsonl") records, $(stat -c %s "$jsonl") bytes"
    mkdir -p "$(dirname "$png")"
    pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$pdf" "${png%.png}" 2>"$logs/pdftoppm.err" ||
        { echo "error: pdftoppm failed, see $logs/pdftoppm.err"; return 2; }
    echo "page 2 at 60 dpi:      $png ($(stat -c %s "$png") bytes)"
    echo "commands: $logs/commands.txt; every run: $logs/handover.tsv"
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
) | tee "$work/handover-results.txt"
status=${PIPESTATUS[0]}
set -e
note "results written to $work/handover-results.txt"
exit "$status"
