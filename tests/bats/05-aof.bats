# Stage 05: durability - an append-only file, replayed at start.
# bats file_tags=stage:05

load helpers

setup() {
    DIR=$BATS_TEST_TMPDIR/data
    mkdir -p "$DIR"
}
teardown() { stop_server; }

aof_file() {
    echo "$DIR/appendonly.aof"
}

@test "05 acknowledged writes survive kill -9 under appendfsync always" {
    start_server --appendonly yes --appendfsync always --dir "$DIR"
    p=$(rand_word p)
    run write_keys "$p" 200
    [[ "$output" == "$(printf '+OK\\r\\n%.0s' $(seq 1 200))" ]] || { echo "replies: ${output:0:100}"; false; }
    stop_server KILL
    start_server --appendonly yes --appendfsync always --dir "$DIR"
    expect "keys back after kill -9 and restart" 200 "$(count_keys "$p" 200)"
}

@test "05 writes survive kill -9 under appendfsync everysec" {
    start_server --appendonly yes --appendfsync everysec --dir "$DIR"
    p=$(rand_word p)
    write_keys "$p" 100 >/dev/null
    stop_server KILL
    start_server --appendonly yes --appendfsync everysec --dir "$DIR"
    expect "keys back after kill -9 (everysec: the process died, the kernel did not)" 100 "$(count_keys "$p" 100)"
}

@test "05 DEL replays, and a restart does not resurrect deleted keys" {
    start_server --appendonly yes --dir "$DIR"
    p=$(rand_word p)
    write_keys "$p" 10 >/dev/null
    rcli del "$p:3" "$p:7" >/dev/null
    stop_server
    start_server --appendonly yes --dir "$DIR"
    expect "keys after replay" 8 "$(count_keys "$p" 10)"
    run rcli exists "$p:3"
    expect "EXISTS $p:3" 0 "$output"
}

# bats test_tags=rung-only
@test "05 a command that changed nothing is not logged" {
    start_server --appendonly yes --appendfsync always --dir "$DIR"
    rcli set "$(rand_word k)" v >/dev/null
    size=$(stat -c %s "$(aof_file)")
    rcli del "$(rand_word missing)" >/dev/null
    rcli get "$(rand_word k)" >/dev/null
    expect "AOF size after DEL of a missing key and a GET" "$size" "$(stat -c %s "$(aof_file)")"
}

# bats test_tags=rung-only
@test "05 appendonly no writes no file" {
    start_server --dir "$DIR"
    rcli set "$(rand_word k)" v >/dev/null
    [ ! -e "$(aof_file)" ] || { echo "$(aof_file) exists"; false; }
}

# bats test_tags=rung-only
@test "05 a truncated last command is dropped, at any cut point" {
    start_server --appendonly yes --appendfsync always --dir "$DIR"
    p=$(rand_word p)
    write_keys "$p" 5 >/dev/null
    stop_server
    full=$(stat -c %s "$(aof_file)")
    cp "$(aof_file)" "$BATS_TEST_TMPDIR/full.aof"
    last=$(printf '%b' "$(mbulk SET "$p:5" "$p-value-5")" | wc -c)
    for cut in 1 2 5 $((last / 2)) $((last - 1)); do
        cp "$BATS_TEST_TMPDIR/full.aof" "$(aof_file)"
        truncate -s $((full - cut)) "$(aof_file)"
        start_server --appendonly yes --dir "$DIR"
        expect "keys after cutting $cut of the last command's $last bytes" 4 "$(count_keys "$p" 5)"
        grep -q "$(aof_file)" "$SERVER_LOG" || { echo "cut $cut: no warning naming the file"; cat "$SERVER_LOG"; false; }
        stop_server
        expect "file size after the repair" $((full - last)) "$(stat -c %s "$(aof_file)")"
    done
}

# bats test_tags=rung-only
@test "05 damage in the middle refuses to start and leaves the file alone" {
    start_server --appendonly yes --dir "$DIR"
    p=$(rand_word p)
    write_keys "$p" 3 >/dev/null
    stop_server
    good=$(stat -c %s "$(aof_file)")
    printf 'garbage\r\n' >>"$(aof_file)"
    printf '%b' "$(mbulk SET "$p:9" v)" >>"$(aof_file)"
    before=$(md5sum <"$(aof_file)")
    run timeout 10 "$RUNG_SERVER" --port 0 --appendonly yes --dir "$DIR"
    [ "$status" -ne 0 ] || { echo "the server started"; false; }
    [[ "$output" == *"$(aof_file)"* && "$output" == *"$good"* ]] ||
        { echo "expected the file and offset $good in: $output"; false; }
    expect "file bytes after the refusal" "$before" "$(md5sum <"$(aof_file)")"
}

# bats test_tags=rung-only
@test "05 --check-aof says whether a file is valid and where it breaks" {
    start_server --appendonly yes --dir "$DIR"
    write_keys "$(rand_word p)" 3 >/dev/null
    stop_server
    run "$RUNG_SERVER" --check-aof "$(aof_file)"
    [ "$status" -eq 0 ] || { echo "valid file: status $status: $output"; false; }
    good=$(stat -c %s "$(aof_file)")
    printf '*2\r\n$3\r\nGET' >>"$(aof_file)"
    run "$RUNG_SERVER" --check-aof "$(aof_file)"
    [ "$status" -ne 0 ] && [[ "$output" == *"$good"* ]] || { echo "truncated: $status: $output"; false; }
}

# Watch the server's system calls: under always, the command must reach
# the file and be fsynced before its reply is written to the socket.
# bats test_tags=needs-strace
@test "05 under appendfsync always the fsync comes between the log write and the reply" {
    command -v strace >/dev/null || skip "strace is not installed"
    start_server --appendonly yes --appendfsync always --dir "$DIR"
    trace=$BATS_TEST_TMPDIR/trace
    strace -f -qq -s 256 -p "$SERVER_PID" -e trace=write,writev,pwrite64,fdatasync,fsync,sendto,sendmsg -o "$trace" 2>/dev/null &
    tracer=$!
    for ((i = 0; i < 100; i++)); do
        grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$SERVER_PID/status" && break
        sleep 0.05
    done
    k=$(rand_word fsynced)
    run rcli set "$k" v
    expect "SET $k" OK "$output"
    sleep 0.2
    kill -INT "$tracer"
    wait "$tracer" || true
    logged=$(grep -n "$k" "$trace" | head -n 1 | cut -d: -f1)
    synced=$(awk -v from="${logged:-0}" 'NR > from && /f(data)?sync\(/ { print NR; exit }' "$trace")
    replied=$(awk -v from="${logged:-0}" 'NR > from && /"\+OK\\r\\n"/ { print NR; exit }' "$trace")
    [ -n "$logged" ] && [ -n "$synced" ] && [ -n "$replied" ] && [ "$synced" -lt "$replied" ] || {
        echo "log write at line ${logged:-none}, fsync at ${synced:-none}, reply at ${replied:-none}:"
        cat "$trace"
        false
    }
}
