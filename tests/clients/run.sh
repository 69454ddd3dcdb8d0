#!/usr/bin/env bash
# run.sh - real Redis client libraries run their basic flows against a
# server, and every reply is checked (make test-clients).
#
#   tests/clients/run.sh [SERVER]     default: $SERVER, else bin/rung-server
#
# The clients: redis-py (Debian's python3-redis, RESP2), ioredis 5 (RESP2)
# and 6 (RESP2 and RESP3), node-redis 4 (RESP2) and 5 (RESP2 and RESP3),
# hiredis (Debian's libhiredis-dev, RESP2 and RESP3 when the library can
# read it).  The npm packages are pinned in tests/clients/package.json and
# package-lock.json and installed with `npm ci` into build/clients when
# node_modules is missing or either file changed; what Debian provides is
# installed with apt-get when missing (as root).
#
# One server is started on a free 127.0.0.1 port (tests/bats/helpers.bash's
# start_server), in a temporary directory, and killed by PID at the end,
# whatever happens.  Each flow prints TAP lines; they are shown numbered
# in one stream, labelled with the client, then a line per client and the
# summary "N passed, N failed".  A flow that crashes, hangs (FLOW_SECONDS),
# or does not print its plan counts as a failure; so does a server that
# died under a flow (it is restarted for the next one).
#
# A check the server cannot do yet is skipped, not passed and not failed:
# when `COMMAND INFO multi` answers an empty (null) entry, the server has no
# MULTI, and every flow is run with RUNG_CLIENTS_NO_MULTI=1, so it reports
# its transaction check as "ok N - ... # SKIP server has no MULTI".  Such
# checks are counted apart, and the number skipped and why is printed
# before the summary.  Against a server that knows MULTI nothing is skipped.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
OUT=build/clients
FLOW_SECONDS=${FLOW_SECONDS:-60}
PY=/usr/bin/python3
NODE=/usr/bin/node
[ -x "$NODE" ] || NODE=$(command -v node 2>/dev/null || echo /usr/bin/node)

SERVER=${1:-${SERVER:-bin/rung-server}}
case $SERVER in
*/*) SERVER=$(cd "$(dirname "$SERVER")" 2>/dev/null && pwd)/$(basename "$SERVER") ;;
*) SERVER=$(command -v "$SERVER") ;;
esac
if [ ! -x "$SERVER" ]; then
    echo "run.sh: no server to test: ${1:-${SERVER:-bin/rung-server}} (build it with make)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
# The real Redis, run as a test subject: no snapshot files.
[ "$(basename "$SERVER")" = redis-server ] && [ -z "${RUNG_SERVER_ARGS:-}" ] &&
    RUNG_SERVER_ARGS="--save '' --appendonly no"
export RUNG_SERVER=$SERVER RUNG_SERVER_ARGS=${RUNG_SERVER_ARGS:-}

PASSED=0 FAILED=0 SKIPPED=0 N=0
CHECKS_SKIPPED=0
declare -A SKIP_WHY=() # reason -> how many checks were skipped for it
SUMMARY=()
fail_line() { # fail_line TEXT: one failure that is not a flow's own line
    N=$((N + 1)) FAILED=$((FAILED + 1))
    echo "not ok $N - $1"
}

# --- what the clients need -------------------------------------------------

missing_debs() {
    local need=()
    "$PY" -c 'import redis' >/dev/null 2>&1 || need+=(python3-redis)
    [ -e /usr/include/hiredis/hiredis.h ] || need+=(libhiredis-dev)
    command -v cc >/dev/null 2>&1 || need+=(gcc)
    [ -x "$NODE" ] || need+=(nodejs)
    # nodejs from another source may bring its own npm: Debian's would clash.
    command -v npm >/dev/null 2>&1 || need+=(npm)
    echo "${need[*]}"
}

install_debs() {
    local need
    need=$(missing_debs)
    [ -z "$need" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "# installing $need with apt-get"
        apt-get update -qq >/dev/null 2>&1
        # shellcheck disable=SC2086 # a list of package names
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >"$TMP/apt.log" 2>&1 ||
            tail -n 5 "$TMP/apt.log"
        [ -x "$NODE" ] || NODE=$(command -v node 2>/dev/null || echo /usr/bin/node)
        need=$(missing_debs)
        [ -z "$need" ] && return 0
    fi
    echo "# missing: $need; install them with: sudo apt-get install -y $need"
}

# npm ci into build/clients when node_modules is missing or the pinned
# versions changed (a stamp holds the hash of the files last installed).
install_npm() {
    local want
    want=$(cat tests/clients/package.json tests/clients/package-lock.json | sha256sum)
    if [ -d "$OUT/node_modules" ] && [ "$(cat "$OUT/.installed" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 || return 1
    echo "# npm ci into $OUT (ioredis 5 and 6, node-redis 4 and 5)"
    rm -f "$OUT/.installed"
    cp tests/clients/package.json tests/clients/package-lock.json "$OUT/"
    if (cd "$OUT" && timeout 600 npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1; then
        echo "$want" >"$OUT/.installed"
        return 0
    fi
    grep -v 'Unknown user config' "$TMP/npm.log" | tail -n 10 | sed 's/^/# /'
    return 1
}

build_hiredis_flow() {
    local bin=$OUT/hiredis_flow src=tests/clients/hiredis_flow.c
    [ -x "$bin" ] && [ "$bin" -nt "$src" ] && [ "$bin" -nt /usr/include/hiredis/hiredis.h ] && return 0
    cc -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wpedantic -O2 -o "$bin" "$src" -lhiredis \
        >"$TMP/cc.log" 2>&1 && return 0
    sed 's/^/# /' "$TMP/cc.log" | tail -n 10
    return 1
}

# --- the server --------------------------------------------------------------

TMP=$(mktemp -d)
mkdir -p "$OUT"
# shellcheck disable=SC2034 # start_server keeps its log there
BATS_TEST_TMPDIR=$TMP
# shellcheck source=tests/bats/helpers.bash
. tests/bats/helpers.bash
SERVER_PID=
finish() {
    stop_server TERM
    rm -rf "$TMP"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server from the temporary directory, so whatever the server writes
# (an AOF, a dump) lands there.
start() {
    local rc
    cd "$TMP" || return 1
    # shellcheck disable=SC2119 # no extra server flags
    start_server
    rc=$?
    cd "$ROOT" || return 1
    return $rc
}

# --- running one flow ----------------------------------------------------------

# flow LABEL COMMAND...: run a flow against the server, show its TAP lines
# numbered in the one stream, count them, check its plan and exit status.
flow() {
    local label=$1 out rc plan p=0 f=0 s=0 line why
    shift
    out=$(timeout "$FLOW_SECONDS" "$@" 2>"$TMP/stderr")
    rc=$?
    while IFS= read -r line; do
        case $line in
        "ok "*" # SKIP "*)
            N=$((N + 1)) s=$((s + 1))
            why=${line##* # SKIP }
            SKIP_WHY[$why]=$((${SKIP_WHY[$why]:-0} + 1))
            echo "ok $N - $label: ${line#ok * - }"
            ;;
        "ok "*)
            N=$((N + 1)) p=$((p + 1))
            echo "ok $N - $label: ${line#ok * - }"
            ;;
        "not ok "*)
            N=$((N + 1)) f=$((f + 1))
            echo "not ok $N - $label: ${line#not ok * - }"
            ;;
        "1..0 # SKIP"*)
            SKIPPED=$((SKIPPED + 1))
            echo "# skip - $label: ${line#1..0 # SKIP }"
            SUMMARY+=("# $label: skipped")
            return 0
            ;;
        "#"*) echo "# $label: ${line#"# "}" ;;
        esac
    done <<<"$out"
    PASSED=$((PASSED + p)) FAILED=$((FAILED + f)) CHECKS_SKIPPED=$((CHECKS_SKIPPED + s))
    plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$out" | tail -n 1)
    if [ "$rc" = 124 ]; then
        fail_line "$label: the flow did not end within $FLOW_SECONDS s"
        f=$((f + 1))
    elif [ -z "$plan" ] || [ "$plan" != $((p + f + s)) ]; then
        fail_line "$label: the flow stopped early (plan '${plan:-none}', $((p + f + s)) checks seen, exit status $rc)"
        f=$((f + 1))
    elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        fail_line "$label: the flow exited with status $rc"
        f=$((f + 1))
    fi
    if [ "$f" != 0 ] && [ -s "$TMP/stderr" ]; then
        sed 's/^/#   stderr: /' "$TMP/stderr" | tail -n 5
    fi
    if [ "$s" = 0 ]; then
        SUMMARY+=("# $label: $p passed, $f failed")
    else
        SUMMARY+=("# $label: $p passed, $f failed, $s skipped")
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        fail_line "$label: the server died during this flow; its last log lines:"
        tail -n 10 "$TMP/server.log" | sed 's/^/#   /'
        SERVER_PID=
        start || { echo "# could not restart the server"; return 1; }
    fi
}

# needs LABEL TEST: when TEST fails, the flow LABEL cannot run: a failure.
needs() {
    local label=$1
    shift
    "$@" && return 0
    fail_line "$label: cannot run: $(missing_debs | sed 's/^$/see above/')"
    SUMMARY+=("# $label: cannot run")
    return 1
}

install_debs
NPM_OK=1 HIREDIS_OK=1
install_npm || NPM_OK=0
build_hiredis_flow || HIREDIS_OK=0

echo "# clients against $SERVER"
if ! start; then
    fail_line "could not start $SERVER"
    echo "$PASSED passed, $FAILED failed"
    exit 1
fi
echo "# server pid $SERVER_PID, port $PORT"

# Does the server know MULTI?  Asked once: an empty (null) COMMAND INFO
# entry means it does not, and the flows skip their transaction check.  Any
# other answer, or no answer, runs the check as usual.
unset RUNG_CLIENTS_NO_MULTI
if out=$(rcli COMMAND INFO multi 2>/dev/null) && [ -z "${out//[[:space:]]/}" ]; then
    export RUNG_CLIENTS_NO_MULTI=1
    echo "# COMMAND INFO multi is empty: the server has no MULTI; the transaction checks are skipped"
fi

export NODE_PATH=$ROOT/$OUT/node_modules
JS=tests/clients
needs "redis-py resp2" "$PY" -c 'import redis' 2>/dev/null &&
    flow "redis-py resp2" "$PY" "$JS/flow.py" redis "$PORT"
for spec in "ioredis5 resp2:" "ioredis6 resp2:2" "ioredis6 resp3:3"; do
    label=${spec%%:*} proto=${spec#*:}
    needs "$label" test "$NPM_OK" = 1 &&
        flow "$label" "$NODE" "$JS/flow_ioredis.js" "${label%% *}" "$PORT" ${proto:+"$proto"}
done
for spec in "node-redis4 resp2:" "node-redis5 resp2:2" "node-redis5 resp3:3"; do
    label=${spec%%:*} proto=${spec#*:}
    needs "$label" test "$NPM_OK" = 1 &&
        flow "$label" "$NODE" "$JS/flow_node_redis.js" "${label%% *}" "$PORT" ${proto:+"$proto"}
done
for proto in 2 3; do
    needs "hiredis resp$proto" test "$HIREDIS_OK" = 1 &&
        flow "hiredis resp$proto" "$OUT/hiredis_flow" "$PORT" "$proto"
done

printf '%s\n' "${SUMMARY[@]}"
[ "$SKIPPED" = 0 ] || echo "# $SKIPPED flow(s) skipped: the library cannot do it (see above)"
if [ "$CHECKS_SKIPPED" != 0 ]; then
    echo "# $CHECKS_SKIPPED check(s) skipped, counted neither passed nor failed:"
    for why in "${!SKIP_WHY[@]}"; do
        echo "#   ${SKIP_WHY[$why]} because: $why"
    done
fi
if [ "$FAILED" != 0 ] && [ -s "$TMP/server.log" ]; then
    echo "# the server's last log lines:"
    tail -n 5 "$TMP/server.log" | sed 's/^/#   /'
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
