#!/bin/sh
# The main job on the bundled example case: import the demo mailboxes of HaiNa Cross-Border
# Trading into a fresh case, run the searches an investigator would start with, then check
# the case against the phrase libraries (directory, policies, scan, flags), show one message
# as a manager (masked) and as compliance, write the handover dossiers of a departing employee,
# read the audit trail that resulted, and check one draft before it is sent.
# Usage: examples/demo/run.sh [BUILD_DIR]
#   With BUILD_DIR (or ./build holding bin/mailscope): runs BUILD_DIR/bin/mailscope and writes
#   the case and the reports into BUILD_DIR. Otherwise (the demo installed with the package,
#   /usr/share/mailscope/examples/demo/run.sh): runs the mailscope on PATH and writes them
#   into $MAILSCOPE_DEMO_DIR (default ./mailscope-demo).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ] || [ -x build/bin/mailscope ]; then
    build=${1:-build}
    ms="$build/bin/mailscope"
else
    ms=$(command -v mailscope) || {
        echo "run.sh: no mailscope on PATH; give the build directory: run.sh BUILD_DIR" >&2
        exit 2
    }
    build=${MAILSCOPE_DEMO_DIR:-mailscope-demo}
    mkdir -p "$build"
fi
case="$build/demo-case"
mail="$here/mail"
policies="$here/../policies"

rm -rf "$case"
echo "== mailscope import: five mailboxes in three formats"
"$ms" import --case "$case" --custodian zhang.wei "$mail/zhang.wei.mbox"
"$ms" import --case "$case" --custodian chen.jing "$mail/chen.jing"
"$ms" import --case "$case" --custodian li.na "$mail/li.na"
"$ms" import --case "$case" --custodian support "$mail/support-eml" "$mail/misc"

search() {
    echo
    echo "== mailscope search $*"
    # Exit 1 means "nothing found": not an error for a demo.
    "$ms" search --case "$case" "$@" || [ $? -eq 1 ]
}
search '最低价 OR "lowest price" OR "below list price"'
search '个人账户 OR "personal account"'
search '通融 OR flexible'
search 'is:starred custodian:chen.jing'
search 'from:zhang.wei@haina-trade.com date:2025-03..2025-04'
echo
echo "== mailscope show (the first hit for 个人账户)"
id=$("$ms" search --case "$case" --limit 1 --format json '个人账户' | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
"$ms" show --case "$case" "$id" | head -n 24

echo
echo "== mailscope org set: who is who (roles, departments, customers, working hours)"
"$ms" org set --case "$case" "$here/mailscope.toml"
echo
echo "== mailscope policy add: three phrase libraries"
"$ms" policy add --case "$case" "$policies/sales-zh.toml" "$policies/finance-zh.toml" \
    "$policies/english.toml"
echo
echo "== mailscope policy test: each library's own examples, precision and recall per rule"
"$ms" policy test --case "$case"
echo
# From here on the directory's roles apply (mailscope(1), ACCESS). The case's owner, who is
# nobody in the directory, administers it; to read mail they act --as a person, and the
# audit trail records that they did.
compliance=zhao.min@haina-trade.com   # 赵敏, compliance officer
manager=sun.qiang@haina-trade.com     # 孙强, sales manager
auditor=ma.xiaodong@haina-trade.com   # 马晓东, auditor (the CEO's office)
echo "== mailscope scan --as 赵敏: the whole case (personal mail after hours is counted, not read)"
# Exit 1 means "no flag of tier approval or above": not an error for a demo.
"$ms" scan --case "$case" --as "$compliance" || [ $? -eq 1 ]
echo
echo "== mailscope flags --status open: the queue compliance works through"
"$ms" flags --case "$case" --as "$compliance" --status open || [ $? -eq 1 ]

echo
echo "== privacy and access: the same message as 孙强 (sales manager) and as 赵敏 (compliance)"
id=$("$ms" search --case "$case" --as "$compliance" --limit 1 --format json '卡号 身份证号' |
    sed -n 's/.*"id":\([0-9]*\).*/\1/p')
echo "-- mailscope show --as 孙强 $id (personal data masked)"
"$ms" show --case "$case" --as "$manager" "$id" | grep -E '^(Subject|From):|卡号|手机|身份证'
echo "-- mailscope show --as 赵敏 $id (unmasked; the view is recorded)"
"$ms" show --case "$case" --as "$compliance" "$id" | grep -E '^(Subject|From):|卡号|手机|身份证'
echo "-- mailscope show --as 孙强 --raw $id: the original bytes cannot be masked"
"$ms" show --case "$case" --as "$manager" --raw "$id" >/dev/null 2>&1 || echo "refused (exit $?)"
echo "-- mailscope unlock --as 孙强 $id --reason ...: one message, for a reason, for 24 hours"
"$ms" unlock --case "$case" --as "$manager" "$id" --reason "客户投诉核实：货款去向 (ticket 10388)"
"$ms" show --case "$case" --as "$manager" "$id" | grep -E '卡号'
echo
echo "== mailscope mask: the same detectors as a filter for scripts"
echo "请联系 138 1234 5678，身份证 11010519491231002X，卡号 6222 0212 3456 7890 128" |
    "$ms" mask
echo
echo "== mailscope stats customers --as 孙强 --as-of 2025-02-24: reply times, runs, escalations"
# The sales manager sees the customers of his department's mail; a run of three unanswered
# mails is a churn risk (杭州云帆, SCENARIOS.md section 4).
"$ms" stats customers --case "$case" --as "$manager" --as-of 2025-02-24 --churn
"$ms" stats customers --case "$case" --as "$manager" --as-of 2025-02-24 --escalations | head -n 4
echo
echo "== mailscope timeline --as 孙强 --customer 云帆 --until 2025-02-28: the history, by thread"
"$ms" timeline --case "$case" --as "$manager" --customer 云帆 --until 2025-02-28 | head -n 16
echo
echo "== mailscope report trends --as 赵敏 --jumps: flag categories that jumped"
"$ms" report trends --case "$case" --as "$compliance" --jumps | head -n 8
"$ms" report trends --case "$case" --as "$compliance" --format html >"$build/demo-trends.html"
echo "(the HTML report with its charts: $build/demo-trends.html)"
echo
echo "== mailscope handover --as 赵敏 --employee 陈静: dossiers for the departing consultant's successor"
# 陈静 leaves on 2025-06-13 (SCENARIOS.md section 7). One dossier per customer she looks after
# (the directory's starred_by and the mail she starred): profile and contacts, key events, the
# documents she sent and the open points; a contents page and a bookmark per customer.
"$ms" handover --case "$case" --as "$compliance" --employee 陈静 -o "$build/demo-handover.pdf" 2>&1
echo
echo "== mailscope appeal --as 张伟, review --as 赵敏: an employee contests a flag, compliance decides"
# Z05 says "这绝对是最低价了" to the customer: the appeal is heard and the flag confirmed.
employee=zhang.wei@haina-trade.com    # 张伟, sales
flag=$("$ms" flags --case "$case" --as "$employee" --mine --rule lowest-price --format json |
    sed -n '1s/.*"id":\([0-9]*\).*/\1/p')
"$ms" appeal --case "$case" --as "$employee" "$flag" --reason "客户问的是最低价，我只是回应客户"
"$ms" review --case "$case" --as "$compliance" | head -n 2
"$ms" review --case "$case" --as "$compliance" "$flag" --confirm --note "邮件原文是对客户的最低价承诺，需销售总监审批"
"$ms" flags --case "$case" --as "$employee" --mine --rule lowest-price
echo
echo "== mailscope policy explain --as 张伟: what is monitored for him, in plain language (start)"
"$ms" policy explain --case "$case" --as "$employee" | sed -n '1,/^Working hours/p'
echo
echo "== mailscope policy propose --as 张伟, vote --as 王芳, adopt --as 赵敏: a term from the floor"
"$ms" policy propose --case "$case" --as "$employee" 十年包换 --rule sales-zh/lifetime-warranty \
    --reason "客户会把“十年包换”理解为超出标准的保修承诺"
"$ms" policy vote --case "$case" --as wang.fang@haina-trade.com 1 --for
"$ms" policy adopt --case "$case" --as "$compliance" 1 --note "确实是承诺，纳入监控"
grep -n '十年包换' "$case/policies/sales-zh.toml"
echo
echo "== mailscope audit log --as 马晓东: who looked at what"
"$ms" audit log --case "$case" --as "$auditor" --since 2000-01-01 | tail -n 22
"$ms" audit verify --case "$case" --as "$auditor"
echo
draft="$here/drafts/01-zhang.wei-mingda-lowest-price.eml"
echo "== mailscope scan --fail-on approval drafts/$(basename "$draft"): a pre-send check"
if "$ms" scan --case "$case" --fail-on approval "$draft"; then
    echo "-> exit 0: hold this draft, it needs approval before it goes out"
else
    rc=$?
    [ "$rc" -eq 1 ] || exit "$rc"
    echo "-> exit 1: nothing that needs approval, the draft may go"
fi
echo
echo
echo "The case is in $case; try: $ms search --case $case --as $compliance 'subject:报价'"
echo "or: $ms flags --case $case --as $compliance --rule personal-account-payment --format json"
echo "Scripted investigations on this demo: examples/investigations/README.md"
