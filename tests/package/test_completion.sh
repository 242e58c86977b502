#!/usr/bin/env bash
# ctest bash_completion: resources/completion/manifoldlab-cli completes commands, flags and values
# by asking the built program. usage: test_completion.sh COMPLETION_FILE MANIFOLDLAB_CLI
set -uo pipefail
# shellcheck source=/dev/null
source "$1"
cli="$2"
failed=0

# Completes the words given (the last is the one under the cursor) and prints the candidates.
complete_words() {
    COMP_WORDS=("$cli" "$@")
    COMP_CWORD=$#
    COMP_LINE="" COMP_POINT=0
    COMPREPLY=()
    _manifoldlab_cli
    printf '%s\n' "${COMPREPLY[@]}"
}

expect() {  # expect WHAT WANTED -- WORDS...: WANTED must be among the candidates
    local what="$1" wanted="$2"
    shift 3
    local got
    got="$(complete_words "$@")"
    if grep -qxF -- "$wanted" <<<"$got"; then
        echo "ok: $what"
    else
        echo "FAILED: $what: '$wanted' not in: $(tr '\n' ' ' <<<"$got")"
        failed=1
    fi
}

expect "tr<TAB> gives train" train -- tr
[ "$(complete_words tr)" = train ] || { echo "FAILED: tr<TAB> gives more than train"; failed=1; }
expect "train --k<TAB> gives --k" --k -- train --k
expect "--ver<TAB> gives --version" --version -- --ver
expect "train --problem <TAB> gives sine" sine -- train --problem ""
expect "train --problem <TAB> gives csv:" csv: -- train --problem ""
expect "train --schedule j<TAB> gives joint" joint -- train --schedule j
expect "sweep --sh<TAB> gives --shard" --shard -- sweep --sh
expect "train --batchnorm <TAB> gives true" true -- train --batchnorm ""
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/data.csv"
expect "train --problem csv:<dir>/d<TAB> gives the file" "csv:$tmp/data.csv" -- train --problem "csv:$tmp/d"
expect "infer --model <dir>/<TAB> gives folders" "$tmp" -- infer --model "$tmp"
# As bash calls it: the line split at ':' too, the reply only what follows the colon.
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
COMP_LINE="$cli train --problem csv:$tmp/d" COMP_POINT=${#COMP_LINE}
COMP_WORDS=("$cli" train --problem csv : "$tmp/d") COMP_CWORD=5
COMPREPLY=()
_manifoldlab_cli
if [ "${COMPREPLY[*]}" = "$tmp/data.csv" ]; then echo "ok: csv:FILE from the typed line"; else
    echo "FAILED: csv:FILE from the typed line gave '${COMPREPLY[*]}'"; failed=1; fi
exit $failed
