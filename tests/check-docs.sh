#!/usr/bin/env bash
# check-docs.sh - replay every try-it session in docs/ against its stage.
#
# A chapter marks a captured session like this:
#
#     <!-- try-it: 03 -->
#     ```console
#     $ redis-cli -p 6379 set greeting hello
#     OK
#     ```
#
# Each block gets a fresh bin/rung-NN on a free port.  Every "$ " line is
# run with bash (6379 replaced by that port) and what it printed must
# equal the lines under it, byte for byte; "[...]" in an expected line
# stands for any text (for values that differ on every run: times, ids,
# ports).  Arguments name the chapters to check (default: docs/*.md).
# Carriage returns before a newline are dropped, as a terminal
# hides them.  Prints TAP-like "ok"/"not ok" lines, one per block.
set -u
cd "$(dirname "$0")/.." || exit 2
BINDIR=${RUNG_BINDIR:-bin}
BATS_TEST_TMPDIR=$(mktemp -d)
trap 'stop_server; rm -rf "$BATS_TEST_TMPDIR"' EXIT
RUNG_SERVER=unset
source tests/bats/helpers.bash

# Does line $2 match expected line $1 ("[...]" matches anything)?
line_matches() {
    local want=$1 got=$2 pat="" lit
    [[ "$want" == *"[...]"* ]] || { [ "$want" = "$got" ]; return; }
    while [[ "$want" == *"[...]"* ]]; do
        lit=${want%%"[...]"*}
        pat+=$(printf '%q' "$lit")"*"
        want=${want#*"[...]"}
    done
    [ -n "$want" ] && pat+=$(printf '%q' "$want")
    eval "[[ \$got == $pat ]]"
}

# Run one session (file $1 starting at line $2, stage $3, lines in BLOCK).
check_block() {
    local file=$1 line=$2 stage=$3 i cmd got want_n=0 ok=1
    RUNG_SERVER=$BINDIR/rung-$stage
    start_server || { echo "not ok $file:$line cannot start $RUNG_SERVER"; return; }
    i=0
    while [ $i -lt ${#BLOCK[@]} ]; do
        cmd=${BLOCK[$i]#\$ }
        i=$((i + 1))
        local want=()
        while [ $i -lt ${#BLOCK[@]} ] && [[ "${BLOCK[$i]}" != '$ '* ]]; do
            want+=("${BLOCK[$i]}")
            i=$((i + 1))
        done
        # A terminal shows "+PONG\r\n" as "+PONG": drop the CR before
        # each newline as the page does (the bats tests check wire bytes).
        mapfile -t got < <(timeout 10 bash -c "${cmd//6379/$PORT}" 2>&1 | sed 's/\r$//')
        if ! lines_match; then
            ok=0
            echo "# $file:$line: \$ $cmd"
            printf '#   expected: %s\n' "${want[@]}"
            printf '#   got:      %s\n' "${got[@]}"
        fi
    done
    stop_server
    [ $ok = 1 ] && echo "ok $file:$line (stage $stage)" || echo "not ok $file:$line (stage $stage)"
}

lines_match() {
    local k
    [ ${#want[@]} -eq ${#got[@]} ] || return 1
    for ((k = 0; k < ${#want[@]}; k++)); do
        line_matches "${want[$k]}" "${got[$k]}" || return 1
    done
}

[ $# -gt 0 ] || set -- docs/*.md
for file in "$@"; do
    n=0 stage="" inblock=0 start=0
    while IFS= read -r text || [ -n "$text" ]; do
        n=$((n + 1))
        if [[ "$text" =~ ^\<!--\ try-it:\ ([0-9][0-9])\ --\>$ ]]; then
            stage=${BASH_REMATCH[1]}
        elif [ -n "$stage" ] && [ $inblock = 0 ] && [[ "$text" == '```'* ]]; then
            inblock=1 start=$n BLOCK=()
        elif [ $inblock = 1 ] && [[ "$text" == '```' ]]; then
            check_block "$file" "$start" "$stage"
            inblock=0 stage=""
        elif [ $inblock = 1 ]; then
            BLOCK+=("$text")
        fi
    done <"$file"
done
