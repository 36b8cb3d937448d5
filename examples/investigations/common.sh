# Shared by the investigation scripts (sourced, not run): arguments, the demo paths, and
# importing the demo mailboxes the way examples/demo/run.sh does.
# Usage in a script:  . "$(dirname "$0")/common.sh"   after setting `usage`.

if [ $# -lt 2 ]; then
    echo "usage: $0 $usage" >&2
    exit 2
fi
ms=$1
work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
demo="$here/../demo"
policies="$here/../policies"
directory="$demo/mailscope.toml"
case="$work/case"
# The demo's investigator is its compliance officer, 赵敏: the case's owner acts as her
# (mailscope(1), ACCESS), and every search and view is recorded under her name in the
# case's audit trail. Cases without a directory ignore MAILSCOPE_AS.
MAILSCOPE_AS=${MAILSCOPE_AS:-zhao.min@haina-trade.com}
export MAILSCOPE_AS
mkdir -p "$work"

# Runs mailscope; exit 1 ("nothing found") is an answer, not an error.
ms_found() {
    "$ms" "$@" || [ $? -eq 1 ]
}

# A fresh case with the five demo mailboxes, the directory and the given policies.
import_demo() {
    rm -rf "$case"
    {
        "$ms" import -q --case "$case" --custodian zhang.wei "$demo/mail/zhang.wei.mbox"
        "$ms" import -q --case "$case" --custodian chen.jing "$demo/mail/chen.jing"
        "$ms" import -q --case "$case" --custodian li.na "$demo/mail/li.na"
        "$ms" import -q --case "$case" --custodian support "$demo/mail/support-eml" "$demo/mail/misc"
        "$ms" org set -q --case "$case" "$directory"
        if [ $# -gt 0 ]; then "$ms" policy add -q --case "$case" "$@"; fi
    } >"$work/setup.log"
}
