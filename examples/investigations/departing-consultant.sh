#!/bin/sh
# Investigation: what a departing employee leaves behind (SCENARIOS.md §7 and §8).
#   import the demo -> the customers the directory says they follow (starred_by) -> their
#   starred mail per customer (search is:starred custodian:...) exported as .eml files for the
#   successor -> customer mail that arrived unread -> mail they sent to private addresses.
# Usage: departing-consultant.sh MAILSCOPE WORKDIR [PERSON [LAST_DAY]]
#   PERSON defaults to chen.jing@haina-trade.com, LAST_DAY (YYYY-MM-DD) to 2025-06-13.
# Writes WORKDIR/handover/DOMAIN/*.eml, one folder per customer.
set -eu
usage="MAILSCOPE WORKDIR [PERSON [LAST_DAY]]"
. "$(dirname "$0")/common.sh"
who=${1:-chen.jing@haina-trade.com}
last_day=${2:-2025-06-13}
custodian=${who%%@*}

import_demo  # no policy: this investigation only searches

# The customers this person follows, from the directory: "NAME<TAB>DOMAIN DOMAIN..." per line.
python3 - "$directory" "$who" <<'PY' >"$work/customers.tsv"
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    d = tomllib.load(f)
for c in d.get("customer", []):
    if sys.argv[2].lower() in [s.lower() for s in c.get("starred_by", [])]:
        print(c["name"] + "\t" + " ".join(c["domains"]))
PY

ms_found search --case "$case" --format json "is:starred custodian:$custodian" >"$work/starred.jsonl"
rm -rf "$work/handover"
: >"$work/per-customer.jsonl"
while IFS="$(printf '\t')" read -r name domains; do
    dir="$work/handover/${domains%% *}"
    terms=""
    for d in $domains; do terms="${terms:+$terms OR }from:$d OR to:$d OR cc:$d"; done
    query="is:starred custodian:$custodian ($terms)"
    mkdir -p "$dir"
    "$ms" export -q --case "$case" --eml-dir "$dir" "$query" >>"$work/export.log" ||
        [ $? -eq 1 ]
    ms_found search --case "$case" --format json "$query" |
        python3 -c 'import json, sys
name = sys.argv[1]
for l in sys.stdin:
    if l.strip():
        r = json.loads(l); r["customer"] = name; print(json.dumps(r, ensure_ascii=False))' "$name" \
        >>"$work/per-customer.jsonl"
done <"$work/customers.tsv"

# Mail still unread in the mailbox, and everything the person sent (for private addresses).
ms_found search --case "$case" --format json "custodian:$custodian is:unread" >"$work/unread.jsonl"
ms_found search --case "$case" --format json "from:$who" >"$work/sent.jsonl"

python3 - "$work" "$directory" "$who" "$last_day" <<'PY'
import json, os, sys, tomllib
work, directory, who, last_day = sys.argv[1:5]
def load(name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]
with open(directory, "rb") as f:
    d = tomllib.load(f)
work_domains = d["organisation"]["work_domains"]
customer_domains = {cd: c["name"] for c in d.get("customer", []) for cd in c["domains"]}
def domain(a):
    return a.rsplit("@", 1)[-1].lower()
def is_under(dom, parents):
    return any(dom == p or dom.endswith("." + p) for p in parents)
def when(m):
    return m["date_local"][:16].replace("T", " ")
starred = load("starred.jsonl")
per = {}
for r in load("per-customer.jsonl"):
    per.setdefault(r["customer"], []).append(r)
print("== handover of %s (last day %s)" % (who, last_day))
print("starred messages: %d" % len(starred))
for name, ms in per.items():
    print("  %s: %d starred" % (name, len(ms)))
    for m in sorted(ms, key=lambda m: m["date"]):
        print("    %s  <%s>  %s" % (when(m), m["message_id"], m["subject"]))
for sub in sorted(os.listdir(os.path.join(work, "handover"))):
    n = len([f for f in os.listdir(os.path.join(work, "handover", sub)) if f.endswith(".eml")])
    print("  exported: %s (%d .eml)" % (os.path.join(work, "handover", sub), n))
unread = [m for m in load("unread.jsonl")
          if is_under(domain(m["from"]), customer_domains) and m["date_local"][:10] > last_day]
print("unread customer mail after the last day: %d" % len(unread))
for m in sorted(unread, key=lambda m: m["date"]):
    print("  %s  %s  <%s>  %s" % (when(m), m["from"], m["message_id"], m["subject"]))
private = []
for m in load("sent.jsonl"):
    outside = [a for a in m["to"] + m["cc"] + m["bcc"]
               if not is_under(domain(a), work_domains) and not is_under(domain(a), customer_domains)]
    if outside:
        private.append((m, outside))
hours = d.get("working_hours", {})
def after_hours(m):
    # The sender's local time stands in for the organisation's zone (both +08:00 here).
    import datetime
    t = datetime.datetime.fromisoformat(m["date_local"])
    day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][t.weekday()]
    hhmm = t.strftime("%H:%M")
    return (day not in hours.get("days", ["mon", "tue", "wed", "thu", "fri"])
            or not hours.get("start", "09:00") <= hhmm < hours.get("end", "18:00"))
print("sent to private addresses: %d" % len(private))
for m, outside in sorted(private, key=lambda p: p[0]["date"]):
    notes = []
    if m["has_attachment"]:
        notes.append("has attachments")
    if after_hours(m):
        notes.append("after hours: the scene filter counts it as personal, the scan skips it")
    print("  %s  -> %s  <%s>  %s%s" % (when(m), ", ".join(outside), m["message_id"], m["subject"],
                                       "  (%s)" % "; ".join(notes) if notes else ""))
PY
