#!/bin/sh
# Investigation: private discounts promised by one salesperson (SCENARIOS.md §1), and the
# customers affected.
#   import the demo -> scan with all three libraries -> the salesperson's sent mail (search
#   from:) x the pricing and concealment flags (JSON) -> customers by recipient domain (the
#   directory) -> the customer's replies in the same threads (search thread:) -> the texts of
#   the flagged mail, exported.
# Usage: private-discounts.sh MAILSCOPE WORKDIR [SALESPERSON]
#   SALESPERSON defaults to zhang.wei@haina-trade.com.
set -eu
usage="MAILSCOPE WORKDIR [SALESPERSON]"
. "$(dirname "$0")/common.sh"
who=${1:-zhang.wei@haina-trade.com}
rules="private-discount lowest-price secrecy disguised-rebate off-book-settlement"

import_demo "$policies/sales-zh.toml" "$policies/finance-zh.toml" "$policies/english.toml"
ms_found scan -q --case "$case" >"$work/scan.txt"

ms_found search --case "$case" --format json "from:$who" >"$work/sent.jsonl"
: >"$work/flags.jsonl"
for rule in $rules; do
    ms_found flags --case "$case" --rule "$rule" --format json >>"$work/flags.jsonl"
done

# Which of the salesperson's messages are flagged, and their threads: two queries.
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
def load(name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]
sent = {m["id"]: m for m in load("sent.jsonl")}
flagged = sorted({f["message"] for f in load("flags.jsonl")} & set(sent))
with open(os.path.join(work, "ids.query"), "w") as f:
    f.write(" ".join("id:%d" % i for i in flagged))
with open(os.path.join(work, "threads.query"), "w") as f:
    f.write(" ".join("thread:%d" % t for t in sorted({sent[i]["thread"] for i in flagged})))
PY
ids=$(cat "$work/ids.query")
threads=$(cat "$work/threads.query")
: >"$work/threads.jsonl"
if [ -n "$threads" ]; then
    ms_found search --case "$case" --format json "$threads" >"$work/threads.jsonl"
fi

python3 - "$work" "$directory" "$who" "$rules" <<'PY'
import json, os, sys, tomllib
work, directory, who, rules = sys.argv[1:5]
def load(name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]
with open(directory, "rb") as f:
    customers = tomllib.load(f).get("customer", [])
def customer_of(address):
    d = address.rsplit("@", 1)[-1].lower()
    for c in customers:
        for cd in c["domains"]:
            if d == cd or d.endswith("." + cd):
                return c["name"], cd
    return None
def when(m):
    return m["date_local"][:16].replace("T", " ")
sent = {m["id"]: m for m in load("sent.jsonl")}
found = {}
for f in load("flags.jsonl"):
    if f["message"] in sent:
        found.setdefault(f["message"], set()).add(f["rule"])
thread_mail = load("threads.jsonl")
affected = {}
for mid in found:
    m = sent[mid]
    for c in {customer_of(a) for a in m["to"] + m["cc"]} - {None}:
        affected.setdefault(c, []).append(m)
print("== private discounts promised by %s (rules: %s)" % (who, ", ".join(rules.split())))
print("sent: %d messages; flagged: %d" % (len(sent), len(found)))
print("customers affected: %d" % len(affected))
for (name, domain), ms in sorted(affected.items(), key=lambda kv: kv[0][1]):
    print("  %s [%s]: %d messages" % (name, domain, len(ms)))
    for m in sorted(ms, key=lambda m: m["date"]):
        print("    %s  <%s>  %s  [%s]" % (when(m), m["message_id"], m["subject"],
                                         ", ".join(sorted(found[m["id"]]))))
        for r in sorted(thread_mail, key=lambda r: r["date"]):
            if (r["thread"] == m["thread"] and r["date"] > m["date"]
                    and customer_of(r["from"]) == (name, domain)):
                print("      reply %s  <%s>  %s" % (when(r), r["message_id"], r["subject"]))
PY

if [ -n "$ids" ]; then
    rm -f "$work/private-discounts.txt"
    "$ms" export -q --case "$case" --text "$work/private-discounts.txt" "$ids" >"$work/export.log"
    echo "texts: $work/private-discounts.txt"
fi
