# helpers.bash - what every bats test of rung uses: start the server under
# test on a free port, talk to it (redis-cli, or raw bytes with `wire`),
# explain a failure, stop the server by PID.
#
# tests/run.sh sets RUNG_SERVER (the binary: a stage, a learner's own, or
# redis-server), RUNG_SERVER_ARGS (extra flags, e.g. for redis-server) and
# RUNG_TESTBIN (where the wire helper lives).

: "${RUNG_SERVER:?run the tests through make or tests/run.sh}"
WIRE=${RUNG_TESTBIN:-build/release/tests}/wire

# True when nothing accepts connections on 127.0.0.1:$1.
port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Wait (at most 5 s) until the server accepts on $1; fail if it died.
wait_for_port() {
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# start_server [flags...]: start RUNG_SERVER on a free port; sets PORT,
# SERVER_PID and SERVER_LOG.  Another process may take the port between
# our check and the server's bind, so a failed start is retried (bounded).
start_server() {
    local tries port
    local -a extra
    eval "extra=(${RUNG_SERVER_ARGS:-})"
    SERVER_LOG=$BATS_TEST_TMPDIR/server.log
    for ((tries = 0; tries < 10; tries++)); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        port_is_free "$port" || continue
        "$RUNG_SERVER" --port "$port" "${extra[@]}" "$@" >"$SERVER_LOG" 2>&1 &
        SERVER_PID=$!
        if wait_for_port "$port"; then
            PORT=$port
            return 0
        fi
        stop_server
    done
    echo "could not start $RUNG_SERVER; its last log:" >&2
    tail -n 20 "$SERVER_LOG" >&2
    return 1
}

# stop_server [SIGNAL]: signal the server (TERM by default), wait at most
# 5 s for it to exit, then kill -9.  Sets SERVER_STATUS to its exit code.
stop_server() {
    local i
    [ -n "${SERVER_PID:-}" ] || return 0
    kill "-${1:-TERM}" "$SERVER_PID" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    SERVER_STATUS=0
    wait "$SERVER_PID" 2>/dev/null || SERVER_STATUS=$?
    SERVER_PID=
}

# wait_exit: wait (at most 5 s) for the server to exit by itself; sets
# SERVER_STATUS and forgets the PID, so teardown has nothing to stop.
wait_exit() {
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -0 "$SERVER_PID" 2>/dev/null && { echo "server still running"; return 1; }
    SERVER_STATUS=0
    wait "$SERVER_PID" || SERVER_STATUS=$?
    SERVER_PID=
}

# redis-cli against the server; raw output (as when piped).
rcli() {
    timeout 10 redis-cli -p "$PORT" "$@"
}

# redis-cli formatted as on a terminal: (integer) 1, (nil), "quoted".
rcli_fmt() {
    timeout 10 redis-cli -p "$PORT" --no-raw "$@"
}

# wire BYTES [wire flags]: send BYTES (printf %b escapes: \r \n \xHH \0NNN)
# and print the reply, escaped (see tests/helpers/wire.c).
wire() {
    local bytes=$1
    shift
    printf '%b' "$bytes" | timeout 20 "$WIRE" -p "$PORT" "$@"
}

# A random word for keys and values, so no hard-coded answer can pass.
rand_word() {
    printf '%s-%05d%05d' "${1:-w}" "$RANDOM" "$RANDOM"
}

# expect SENT EXPECTED GOT: compare, and on a mismatch say all three.
expect() {
    if [ "$2" != "$3" ]; then
        printf 'sent:     %s\nexpected: %s\ngot:      %s\n' "$1" "$2" "$3"
        return 1
    fi
}

# mbulk_add VAR ARGS...: append mbulk ARGS to the variable VAR without a
# subshell.  A loop of VAR+=$(mbulk ...) forks once per command, which
# costs more than the server's whole work for a pipeline of hundreds.
mbulk_add() {
    local -n _mbulk_to=$1
    local a
    shift
    _mbulk_to+="*$#\r\n"
    for a in "$@"; do
        _mbulk_to+="\$${#a}\r\n$a\r\n"
    done
}

# A multibulk command from its arguments (no escapes needed in them).
mbulk() {
    local out="*$#\r\n" a
    for a in "$@"; do
        out+="\$${#a}\r\n$a\r\n"
    done
    printf '%s' "$out"
}

# write_keys PREFIX N: SET PREFIX:i = PREFIX-value-i for i in 1..N, in one
# pipeline; prints the replies as wire shows them.
write_keys() {
    local sent="" i
    for i in $(seq 1 "$2"); do mbulk_add sent SET "$1:$i" "$1-value-$i"; done
    wire "$sent" -n "$2"
}

# count_keys PREFIX N: how many of PREFIX:1..N hold their value, read with
# one pipeline of GETs (every stage from 03 has GET; MGET comes later).
# wire prints each reply as $LEN\r\nVALUE\r\n or $-1\r\n: a $ line
# starts the next key's reply, a value line follows it.
count_keys() {
    local sent="" i
    for i in $(seq 1 "$2"); do mbulk_add sent GET "$1:$i"; done
    wire "$sent" -n "$2" |
        awk -v p="$1" 'BEGIN { RS = "\\\\r\\\\n" } /^\$/ { i++; next } $0 == p "-value-" i { n++ } END { print n + 0 }'
}
