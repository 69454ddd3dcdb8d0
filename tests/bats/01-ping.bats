# Stage 01: a TCP server, a thread per client, PING answered with PONG.
# bats file_tags=stage:01

load helpers

setup() { start_server; }
teardown() { stop_server; }

@test "01 redis-cli ping prints PONG" {
    run rcli ping
    expect "PING" "PONG" "$output"
}

@test "01 wire: PING is answered with +PONG and CRLF" {
    run wire '*1\r\n$4\r\nPING\r\n' -n 1
    expect '*1\r\n$4\r\nPING\r\n' '+PONG\r\n' "$output"
}

# bats test_tags=until:01
@test "01 a line sent with nc comes back unchanged" {
    line=$(rand_word hello)
    run bash -c "printf '%s\n' '$line' | timeout 5 nc -N 127.0.0.1 $PORT"
    expect "$line" "$line" "$output"
}

@test "01 two clients interleaved are both served" {
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    exec 8<>"/dev/tcp/127.0.0.1/$PORT"
    for round in 1 2 3; do
        for fd in 7 8; do
            printf 'PING\r\n' >&"$fd"
            IFS= read -r -t 2 reply <&"$fd" || reply="(no reply within 2 s)"
            expect "PING on fd $fd, round $round" $'+PONG\r' "$reply"
        done
    done
    exec 7>&- 8>&-
}

@test "01 twenty clients at once all get PONG" {
    pids=()
    for i in $(seq 1 20); do
        rcli ping >"$BATS_TEST_TMPDIR/ping.$i" &
        pids+=($!)
    done
    wait "${pids[@]}" # not a bare wait: the server is our child too
    for i in $(seq 1 20); do
        expect "ping from client $i" "PONG" "$(cat "$BATS_TEST_TMPDIR/ping.$i")"
    done
}

@test "01 --bind ::1 serves IPv6 clients" {
    stop_server
    start_server --bind ::1 127.0.0.1
    run timeout 5 redis-cli -h ::1 -p "$PORT" ping
    expect "ping over IPv6" "PONG" "$output"
}

@test "01 an unknown flag is refused and named" {
    flag=$(rand_word bogus)
    run timeout 5 "$RUNG_SERVER" --port 0 "--$flag" 1
    [ "$status" -ne 0 ] || { echo "exit status 0 for --$flag"; false; }
    [[ "$output" == *"$flag"* ]] || { echo "output does not name $flag: $output"; false; }
}

@test "01 SIGTERM stops the server with exit status 0" {
    stop_server TERM
    expect "SIGTERM" 0 "$SERVER_STATUS"
}

@test "01 SIGINT stops the server with exit status 0" {
    stop_server INT
    expect "SIGINT" 0 "$SERVER_STATUS"
}

# bats test_tags=rung-only
@test "01 port 0 picks a free port and the log names it" {
    stop_server
    : >"$BATS_TEST_TMPDIR/p0.log" # exists before the server's redirect makes it
    "$RUNG_SERVER" --port 0 >>"$BATS_TEST_TMPDIR/p0.log" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < 100; i++)); do
        port=$(sed -n 's/.*Ready to accept connections tcp on port \([0-9]*\).*/\1/p' "$BATS_TEST_TMPDIR/p0.log")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { cat "$BATS_TEST_TMPDIR/p0.log"; false; }
    PORT=$port
    run rcli ping
    expect "ping on the logged port $port" "PONG" "$output"
}
