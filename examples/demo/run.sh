#!/bin/sh
# The main job on the bundled example case: import the demo mailboxes of HaiNa Cross-Border
# Trading into a fresh case, then run the searches an investigator would start with.
# Usage: examples/demo/run.sh [BUILD_DIR]   (the case is written to BUILD_DIR/demo-case)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
ms="$build/bin/mailscope"
case="$build/demo-case"
mail="$here/mail"

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
echo
echo "The case is in $case; try: $ms search --case $case 'subject:报价'"
