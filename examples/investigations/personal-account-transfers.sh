#!/bin/sh
# Investigation: requests to pay company money into a personal account (SCENARIOS.md §3).
#   import the demo -> scan with the finance library -> flags of the forbidden rule and of the
#   related-mail rule (JSON) -> the messages (search id:...) -> one mbox of evidence.
# Usage: personal-account-transfers.sh MAILSCOPE WORKDIR
# Writes WORKDIR/case, WORKDIR/evidence.mbox and the JSON it worked from (*.jsonl).
set -eu
usage="MAILSCOPE WORKDIR"
. "$(dirname "$0")/common.sh"

import_demo "$policies/finance-zh.toml"

# scan --fail-on forbidden: exit 0 when some flag is forbidden, 1 when none is.
if "$ms" scan -q --case "$case" --fail-on forbidden >"$work/scan.txt"; then
    forbidden=yes
else
    rc=$?
    [ "$rc" -eq 1 ] || exit "$rc"
    forbidden=no
fi

# The requests themselves (forbidden) and every other mail about personal accounts and
# payments (allowed, retained as evidence). `flags` exits 1 when there is none.
ms_found flags --case "$case" --rule personal-account-payment --format json >"$work/requests.jsonl"
ms_found flags --case "$case" --rule personal-account-mention --format json >"$work/related.jsonl"

# Case ids -> one query: id:N terms of one field are joined with OR.
query=$(python3 - "$work/requests.jsonl" "$work/related.jsonl" <<'PY'
import json, sys
ids = set()
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        ids.update(json.loads(l)["message"] for l in f if l.strip())
print(" ".join("id:%d" % i for i in sorted(ids)))
PY
)
if [ -z "$query" ]; then
    echo "== personal-account transfers: no request and no related mail found"
    exit 0
fi
ms_found search --case "$case" --format json "$query" >"$work/messages.jsonl"
rm -f "$work/evidence.mbox"
"$ms" export -q --case "$case" --mbox "$work/evidence.mbox" "$query" >"$work/export.log"

python3 - "$work" "$forbidden" <<'PY'
import json, mailbox, os, sys
work, forbidden = sys.argv[1], sys.argv[2]
def load(name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]
msgs = {m["id"]: m for m in load("messages.jsonl")}
def line(mid):
    m = msgs[mid]
    rcpt = ", ".join(m["to"] + m["cc"])
    return "  %s  %s -> %s  %s\n      <%s>" % (m["date_local"][:16].replace("T", " "), m["from"],
                                              rcpt, m["subject"], m["message_id"])
def by_message(flags):
    out = {}
    for f in flags:
        out.setdefault(f["message"], []).append(f)
    return out
requests = by_message(load("requests.jsonl"))
related = by_message(load("related.jsonl"))
related = {k: v for k, v in related.items() if k not in requests}
order = lambda d: sorted(d, key=lambda i: msgs[i]["date"])
print("== personal-account transfers (policy finance-zh; forbidden flags in the case: %s)" % forbidden)
print("requests: %d" % len(requests))
for i in order(requests):
    print(line(i))
    for f in requests[i]:
        print("      %s: %s" % (f["field"], f["snippet"]))
print("related: %d" % len(related))
for i in order(related):
    print(line(i))
box = mailbox.mbox(os.path.join(work, "evidence.mbox"), create=False)
n = len(box)
box.close()
print("evidence: %s (%d messages)" % (os.path.join(work, "evidence.mbox"), n))
PY
