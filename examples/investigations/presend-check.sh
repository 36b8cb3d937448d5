#!/bin/sh
# Investigation: check drafts before they are sent, the way a mail client's send hook would.
#   for each draft: scan --fail-on approval FILE --format json, with the directory and the
#   three libraries given on the command line (no case is needed, nothing is written);
#   exit 0 = hold the draft (a finding at tier approval or above), 1 = it may go, 2 = error.
# Usage: presend-check.sh MAILSCOPE WORKDIR [DRAFT.eml...]
#   The drafts default to examples/demo/drafts/*.eml. The findings of each draft are kept as
#   WORKDIR/presend/NAME.jsonl. The script exits 0 when every draft could be checked.
set -eu
usage="MAILSCOPE WORKDIR [DRAFT.eml...]"
. "$(dirname "$0")/common.sh"
if [ $# -eq 0 ]; then
    set -- "$demo"/drafts/*.eml
fi

rm -rf "$work/presend"
mkdir -p "$work/presend"
: >"$work/presend/verdicts.tsv"
for draft in "$@"; do
    name=$(basename "$draft" .eml)
    if "$ms" scan --fail-on approval --format json --directory "$directory" \
        --policy "$policies/sales-zh.toml" --policy "$policies/finance-zh.toml" \
        --policy "$policies/english.toml" "$draft" >"$work/presend/$name.jsonl"; then
        verdict=HOLD
    else
        rc=$?
        if [ "$rc" -eq 1 ]; then verdict=OK; else verdict=ERROR; fi
    fi
    printf '%s\t%s\n' "$verdict" "$name" >>"$work/presend/verdicts.tsv"
done

python3 - "$work/presend" <<'PY'
import json, os, sys
folder = sys.argv[1]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(folder, "verdicts.tsv"), encoding="utf-8")]
print("== pre-send check of %d drafts (hold at tier approval or above)" % len(rows))
for verdict, name in rows:
    with open(os.path.join(folder, name + ".jsonl"), encoding="utf-8") as f:
        found = [json.loads(l) for l in f if l.strip()]
    counts = {}
    for r in found:
        key = "%s %s/%s" % (r["tier"], r["policy"], r["rule"])
        counts[key] = counts.get(key, 0) + 1
    what = ", ".join(k + (" x%d" % n if n > 1 else "") for k, n in counts.items())
    print("%-5s  %s.eml  %d finding%s%s" % (verdict, name, len(found), "" if len(found) == 1 else "s",
                                            ": " + what if what else ""))
held = sum(v == "HOLD" for v, _ in rows)
errors = sum(v == "ERROR" for v, _ in rows)
print("held: %d of %d%s" % (held, len(rows), "; errors: %d" % errors if errors else ""))
sys.exit(2 if errors else 0)
PY
