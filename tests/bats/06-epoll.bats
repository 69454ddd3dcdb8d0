# Stage 06: one thread, an epoll loop - many clients, big pipelines,
# clients that stall or never read, limits on clients and idle time.
# bats file_tags=stage:06

load helpers

setup() { CROWD=${RUNG_TESTBIN:-build/release/tests}/crowd; }
teardown() { stop_server; }

@test "06 1,000 clients at once, interleaved, each gets its own values" {
    start_server
    run timeout 60 "$CROWD" -p "$PORT" -c 1000 -r 3 -k "$(rand_word crowd)"
    expect "1000 clients x 3 rounds of SET then GET" "ok 1000 clients x 3 rounds" "$output"
}

@test "06 10,000 commands pipelined in one write" {
    start_server
    p=$(rand_word p)
    run bash -c "seq 1 10000 | awk -v p='$p' '{k=p\":\"\$1; printf \"*3\\r\\n\$3\\r\\nSET\\r\\n\$%d\\r\\n%s\\r\\n\$%d\\r\\n%s\\r\\n\", length(k), k, length(k), k}' |
        timeout 60 '$WIRE' -p $PORT -n 10000"
    want=$(printf '+OK\\r\\n%.0s' $(seq 1 10000))
    [ "$output" = "$want" ] || { echo "got ${#output} bytes, starting: ${output:0:80}"; false; }
    run rcli dbsize
    expect "DBSIZE after 10,000 pipelined SETs" 10000 "$output"
    n=$((RANDOM % 10000 + 1))
    run rcli get "$p:$n"
    expect "GET $p:$n" "$p:$n" "$output"
}

@test "06 a client that never reads its replies does not block the others" {
    start_server
    big=$(rand_word big)
    head -c 1000000 /dev/zero | tr '\0' x | timeout 10 redis-cli -p "$PORT" -x set "$big" >/dev/null
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    for i in $(seq 1 50); do printf '%b' "$(mbulk GET "$big")"; done >&7
    v=$(rand_word v)
    run rcli echo "$v"
    expect "ECHO $v while another client ignores 50 MB of replies" "$v" "$output"
    run rcli exists "$big"
    expect "EXISTS $big" 1 "$output"
    exec 7>&-
}

# allowed_client FD: open a connection on FD (7 or 8) and PING on it; sets
# PINGED to the reply line.  start_server's readiness probe may still
# count as a client for a moment after it hung up (the server sees the
# close on its next turn), so a refused connection is retried, at most
# 50 times.
allowed_client() {
    local i
    for ((i = 0; i < 50; i++)); do
        eval "exec $1<>/dev/tcp/127.0.0.1/$PORT"
        printf 'PING\r\n' >&"$1"
        IFS= read -r -t 5 PINGED <&"$1" || PINGED=timeout
        [ "$PINGED" = $'+PONG\r' ] && return 0
        eval "exec $1>&-"
        sleep 0.05
    done
}

@test "06 --maxclients refuses the connection over the limit" {
    start_server --maxclients 2
    allowed_client 7
    a=$PINGED
    allowed_client 8
    expect "PING on the two allowed clients" $'+PONG\r +PONG\r' "$a $PINGED"
    run wire 'PING\r\n'
    expect "a third client" '-ERR max number of clients reached\r\n<closed>' "$output"
    exec 7>&- 8>&-
}

@test "06 --timeout closes idle clients" {
    start_server --timeout 1
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'PING\r\n' >&7
    IFS= read -r -t 5 a <&7 || a=timeout
    expect "PING" $'+PONG\r' "$a"
    status=0
    IFS= read -r -t 10 a <&7 || status=$?
    # read returns 1 at end of file, more than 128 on its own timeout
    expect "read after 1 s idle: end of file, not a 10 s wait" 1 "$status"
    exec 7>&-
}

@test "06 redis-benchmark runs to the end without errors" {
    start_server
    run timeout 120 redis-benchmark -p "$PORT" -t set,get -c 50 -P 16 -n 20000 -q
    [[ "$output" == *"SET: "*"GET: "* ]] || { echo "$output"; false; }
    [[ "$output" != *rror* && "$output" != *ERR* ]] || { echo "$output"; false; }
}

@test "06 SIGTERM writes the AOF out before exiting" {
    DIR=$BATS_TEST_TMPDIR/data
    mkdir -p "$DIR"
    start_server --appendonly yes --appendfsync no --dir "$DIR"
    p=$(rand_word p)
    sent=""
    for i in $(seq 1 100); do mbulk_add sent SET "$p:$i" "$i"; done
    wire "$sent" -n 100 >/dev/null
    stop_server TERM
    expect "exit status after SIGTERM" 0 "$SERVER_STATUS"
    start_server --appendonly yes --dir "$DIR"
    run rcli get "$p:100"
    expect "GET $p:100 after restart" 100 "$output"
}
