#!/bin/sh
# The main job on the bundled example case: import the demo mailboxes of HaiNa Cross-Border
# Trading into a fresh case, run the searches an investigator would start with, then check
# the case against the phrase libraries (directory, policies, scan, flags) and check one
# draft before it is sent.
# Usage: examples/demo/run.sh [BUILD_DIR]   (the case is written to BUILD_DIR/demo-case)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
ms="$build/bin/mailscope"
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
echo "== mailscope scan: the whole case (personal mail after hours is counted, not read)"
# Exit 1 means "no flag of tier approval or above": not an error for a demo.
"$ms" scan --case "$case" || [ $? -eq 1 ]
echo
echo "== mailscope flags --status open: the queue compliance works through"
"$ms" flags --case "$case" --status open || [ $? -eq 1 ]
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
echo "The case is in $case; try: $ms search --case $case 'subject:报价'"
echo "or: $ms flags --case $case --rule personal-account-payment --format json"
echo "Scripted investigations on this demo: examples/investigations/README.md"
