# Stage 12: BGREWRITEAOF - the AOF compacted by a forked child while the server serves.
# bats file_tags=stage:12

load helpers

setup() {
    DIR=$BATS_TEST_TMPDIR/data
    mkdir -p "$DIR"
}
teardown() {
    stop_server
    [ -z "${WRITER_PID:-}" ] || { kill "$WRITER_PID" 2>/dev/null; wait "$WRITER_PID" 2>/dev/null; } || true
}

aof_file() {
    echo "$DIR/appendonly.aof"
}

info_field() {
    rcli info persistence | tr -d '\r' | sed -n "s/^$1://p"
}

# wait_rewrite_done: poll (at most 10 s) until no rewrite is running.
wait_rewrite_done() {
    local i
    for ((i = 0; i < 200; i++)); do
        [ "$(info_field aof_rewrite_in_progress)" = 0 ] && return 0
        sleep 0.05
    done
    echo "the rewrite never finished"
    return 1
}

# The server's children (the rewrite), one pid per line.
children() {
    ps -o pid= --ppid "$SERVER_PID" | tr -d ' '
}

# slow_rewrite DELAY_US COMMAND...: have the rewrite child sleep DELAY_US
# per key, run COMMAND (which starts a rewrite) and set CHILD to the
# child's pid.
slow_rewrite() {
    rcli config set rdb-key-save-delay "$1" >/dev/null
    shift
    rcli "$@" >/dev/null
    CHILD=$(children)
    [ -n "$CHILD" ] || { echo "no rewrite child"; return 1; }
}

# child_gone PID: wait (at most 5 s) for the child to be gone; kill it if not.
child_gone() {
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.05
    done
    echo "child $1 still runs"
    kill -9 "$1"
    return 1
}

start_aof() {
    start_server --appendonly yes --appendfsync "${1:-always}" --dir "$DIR"
}

@test "12 BGREWRITEAOF starts a rewrite; a second one while it runs is refused" {
    start_aof
    write_keys "$(rand_word p)" 100 >/dev/null
    rcli config set rdb-key-save-delay 20000 >/dev/null
    run wire "$(mbulk BGREWRITEAOF)" -n 1
    expect "BGREWRITEAOF" '+Background append only file rewriting started\r\n' "$output"
    run wire "$(mbulk bgrewriteaof)" -n 1
    expect "BGREWRITEAOF again" '-ERR Background append only file rewriting already in progress\r\n' "$output"
    expect "INFO aof_rewrite_in_progress" 1 "$(info_field aof_rewrite_in_progress)"
    expect "INFO aof_rewrites counts the one started" 1 "$(info_field aof_rewrites)"
    run wire "$(mbulk BGREWRITEAOF now)" -n 1
    expect "BGREWRITEAOF now" "-ERR wrong number of arguments for 'bgrewriteaof' command\r\n" "$output"
}

@test "12 INFO counts rewrites and says how the last one went" {
    start_aof
    expect "aof_rewrites before" 0 "$(info_field aof_rewrites)"
    rcli set "$(rand_word k)" v >/dev/null
    rcli bgrewriteaof >/dev/null
    wait_rewrite_done
    expect "aof_rewrites after" 1 "$(info_field aof_rewrites)"
    expect "aof_last_bgrewrite_status" ok "$(info_field aof_last_bgrewrite_status)"
    expect "aof_current_rewrite_time_sec" -1 "$(info_field aof_current_rewrite_time_sec)"
    expect "aof_rewrites_consecutive_failures" 0 "$(info_field aof_rewrites_consecutive_failures)"
    [[ "$(info_field aof_last_rewrite_time_sec)" =~ ^[0-9]+$ ]] || { echo "aof_last_rewrite_time_sec"; false; }
    [[ "$(info_field aof_current_size)" =~ ^[0-9]+$ ]] || { echo "aof_current_size missing"; false; }
}

@test "12 the rewrite settings read and change with CONFIG" {
    start_aof
    run rcli config get auto-aof-rewrite-percentage
    expect "CONFIG GET auto-aof-rewrite-percentage" "$(printf 'auto-aof-rewrite-percentage\n100')" "$output"
    run rcli config get auto-aof-rewrite-min-size
    expect "CONFIG GET auto-aof-rewrite-min-size" "$(printf 'auto-aof-rewrite-min-size\n67108864')" "$output"
    run rcli config set auto-aof-rewrite-min-size 1kb
    expect "CONFIG SET auto-aof-rewrite-min-size 1kb" OK "$output"
    run rcli config get auto-aof-rewrite-min-size
    expect "CONFIG GET after 1kb" "$(printf 'auto-aof-rewrite-min-size\n1024')" "$output"
    rcli config set auto-aof-rewrite-min-size 2m >/dev/null
    run rcli config get auto-aof-rewrite-min-size
    expect "CONFIG GET after 2m" "$(printf 'auto-aof-rewrite-min-size\n2000000')" "$output"
    run rcli config set auto-aof-rewrite-min-size 1.5kb
    expect "CONFIG SET 1.5kb" "ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-min-size') - argument must be a memory value" "$output"
    run rcli config set auto-aof-rewrite-percentage -1
    expect "CONFIG SET percentage -1" "ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-percentage') - argument must be between 0 and 2147483647 inclusive" "$output"
    run rcli config get rdb-key-save-delay
    expect "CONFIG GET rdb-key-save-delay" "$(printf 'rdb-key-save-delay\n0')" "$output"
}

# Redis's number syntax, strict where it is strict: a sign, a space or a
# leading zero makes a percentage no number; a size may have leading zeros
# but no sign, and one too big is out of range rather than malformed.
@test "12 CONFIG SET reads the rewrite's numbers as Redis does" {
    start_aof
    pfail="ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-percentage') - "
    for v in +5 " 5" 05 -0 "5 " 0x5; do
        expect "percentage '$v'" "${pfail}argument couldn't be parsed into an integer" \
            "$(rcli config set auto-aof-rewrite-percentage "$v")"
    done
    expect "percentage 99999999999999999999" "${pfail}argument couldn't be parsed into an integer" \
        "$(rcli config set auto-aof-rewrite-percentage 99999999999999999999)"
    expect "percentage unchanged" $'auto-aof-rewrite-percentage\n100' \
        "$(rcli config get auto-aof-rewrite-percentage)"
    mfail="ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-min-size') - "
    for v in +5mb " 5mb" -0 "5 mb" 1tb; do
        expect "min-size '$v'" "${mfail}argument must be a memory value" \
            "$(rcli config set auto-aof-rewrite-min-size "$v")"
    done
    for v in 9223372036854775808 99999999999999999999 8589934592gb; do
        expect "min-size $v" "${mfail}argument must be between 0 and 9223372036854775807 inclusive" \
            "$(rcli config set auto-aof-rewrite-min-size "$v")"
    done
    expect "min-size 05MB" OK "$(rcli config set auto-aof-rewrite-min-size 05MB)"
    expect "CONFIG GET after 05MB" $'auto-aof-rewrite-min-size\n5242880' \
        "$(rcli config get auto-aof-rewrite-min-size)"
}

@test "12 the file rewrites itself once it has grown past min-size by the percentage" {
    start_aof everysec
    rcli config set auto-aof-rewrite-min-size 4kb >/dev/null
    rcli config set auto-aof-rewrite-percentage 100 >/dev/null
    p=$(rand_word p)
    write_keys "$p" 200 >/dev/null
    for ((i = 0; i < 200; i++)); do
        [ "$(info_field aof_rewrites)" -ge 1 ] && break
        sleep 0.05
    done
    expect "aof_rewrites after growing past 4kb" 1 "$(info_field aof_rewrites)"
    wait_rewrite_done
    expect "keys after the automatic rewrite" 200 "$(count_keys "$p" 200)"
}

@test "12 percentage 0 turns automatic rewrites off" {
    start_aof everysec
    rcli config set auto-aof-rewrite-min-size 1kb >/dev/null
    rcli config set auto-aof-rewrite-percentage 0 >/dev/null
    write_keys "$(rand_word p)" 200 >/dev/null
    sleep 0.5 # five server beats: time to start one, were it on
    expect "aof_rewrites with percentage 0" 0 "$(info_field aof_rewrites)"
}

@test "12 SHUTDOWN during a rewrite stops the child too" {
    start_aof
    write_keys "$(rand_word p)" 200 >/dev/null
    slow_rewrite 50000 bgrewriteaof
    stop_server
    child_gone "$CHILD"
}

# bats test_tags=rung-only
@test "12 BGREWRITEAOF compacts the file: 500 INCRs become one SET" {
    start_aof
    k=$(rand_word k)
    sent=""
    for i in $(seq 1 500); do mbulk_add sent INCR "$k"; done
    wire "$sent" -n 500 >/dev/null
    before=$(stat -c %s "$(aof_file)")
    rcli bgrewriteaof >/dev/null
    wait_rewrite_done
    after=$(stat -c %s "$(aof_file)")
    [ "$after" -lt 100 ] || { echo "AOF was $before bytes, $after after the rewrite"; false; }
    [ "$(ls "$DIR")" = appendonly.aof ] || { echo "left in the dir: $(ls "$DIR")"; false; }
    stop_server KILL
    start_aof
    expect "GET $k after the rewrite and a restart" 500 "$(rcli get "$k")"
}

# bats test_tags=rung-only
@test "12 strings, big hashes, binary values, deadlines and databases survive a rewrite" {
    start_aof
    k=$(rand_word k) h=$(rand_word h) t=$(rand_word t) b=$(rand_word b)
    rcli set "$k" "$(rand_word v)" >/dev/null
    v=$(rcli get "$k")
    args=()
    for i in $(seq 1 150); do args+=("f$i" "v$i"); done
    rcli hset "$h" "${args[@]}" >/dev/null
    rcli set "$t" x ex 1000 >/dev/null
    wire "$(mbulk SET "$b" "")" -n 1 >/dev/null
    printf '*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$5\r\na\r\n\0b\r\n' "${#b}" "$b" | timeout 5 "$WIRE" -p "$PORT" >/dev/null
    rcli -n 7 set "$k" in-seven >/dev/null
    rcli bgrewriteaof >/dev/null
    wait_rewrite_done
    stop_server KILL
    start_aof
    expect "GET $k" "$v" "$(rcli get "$k")"
    expect "HLEN $h" 150 "$(rcli hlen "$h")"
    expect "HGET $h f150" v150 "$(rcli hget "$h" f150)"
    ttl=$(rcli ttl "$t")
    [ "$ttl" -gt 990 ] && [ "$ttl" -le 1000 ] || { echo "TTL $t: $ttl"; false; }
    run wire "$(mbulk GET "$b")" -n 1
    expect "GET $b (binary)" '$5\r\na\r\n\x00b\r\n' "$output"
    expect "GET $k in db 7" in-seven "$(rcli -n 7 get "$k")"
    expect "DBSIZE" 4 "$(rcli dbsize)"
}

# bats test_tags=rung-only
@test "12 writes made while the child works are in the new file, in their database" {
    start_aof
    p=$(rand_word p)
    write_keys "$p" 100 >/dev/null
    rcli -n 9 set "$p:nine" 9 >/dev/null # the snapshot ends in db 9...
    rcli -n 5 set "$p:before" 1 >/dev/null # ...while the old file last selected db 5
    rcli config set rdb-key-save-delay 80000 >/dev/null
    rcli bgrewriteaof >/dev/null
    rcli -n 5 set "$p:during" 2 >/dev/null # so the new file needs a SELECT 5 here
    q=$(rand_word q)
    write_keys "$q" 50 >/dev/null
    expect "aof_rewrite_in_progress while writing" 1 "$(info_field aof_rewrite_in_progress)"
    wait_rewrite_done
    expect "aof_last_bgrewrite_status" ok "$(info_field aof_last_bgrewrite_status)"
    stop_server KILL
    start_aof
    expect "db 5 key written during the rewrite" 2 "$(rcli -n 5 get "$p:during")"
    expect "db 9 has no such key" "" "$(rcli -n 9 get "$p:during")"
    expect "keys written before" 100 "$(count_keys "$p" 100)"
    expect "keys written during" 50 "$(count_keys "$q" 50)"
}

# bats test_tags=rung-only
@test "12 kill -9 while the child writes loses nothing acknowledged, and the child dies too" {
    start_aof
    p=$(rand_word p) q=$(rand_word q)
    write_keys "$p" 300 >/dev/null
    slow_rewrite 100000 bgrewriteaof
    write_keys "$q" 100 >/dev/null
    expect "aof_rewrite_in_progress before the kill" 1 "$(info_field aof_rewrite_in_progress)"
    stop_server KILL
    child_gone "$CHILD" # PR_SET_PDEATHSIG: no orphan runs on
    start_aof
    expect "keys written before the rewrite" 300 "$(count_keys "$p" 300)"
    expect "keys written during it" 100 "$(count_keys "$q" 100)"
}

# bats test_tags=rung-only
@test "12 a child killed by a signal fails the rewrite; the server and the next rewrite carry on" {
    start_aof
    p=$(rand_word p)
    write_keys "$p" 200 >/dev/null
    slow_rewrite 100000 bgrewriteaof
    kill -9 "$CHILD"
    wait_rewrite_done
    expect "aof_last_bgrewrite_status" err "$(info_field aof_last_bgrewrite_status)"
    expect "aof_rewrites_consecutive_failures" 1 "$(info_field aof_rewrites_consecutive_failures)"
    grep -q "Background AOF rewrite failed: the child was killed: signal 9" "$SERVER_LOG" ||
        { echo "log:"; cat "$SERVER_LOG"; false; }
    [ "$(ls "$DIR")" = appendonly.aof ] || { echo "left in the dir: $(ls "$DIR")"; false; }
    rcli set "$p:after" 1 >/dev/null
    rcli config set rdb-key-save-delay 0 >/dev/null
    rcli bgrewriteaof >/dev/null
    wait_rewrite_done
    expect "status after a good rewrite" ok "$(info_field aof_last_bgrewrite_status)"
    stop_server KILL
    start_aof
    expect "keys after both" 200 "$(count_keys "$p" 200)"
    expect "key written after the failure" 1 "$(rcli get "$p:after")"
}

# A counter incremented one acknowledged INCR at a time, the server killed
# at a different moment of a rewrite each round: before the fork, while
# the child writes, between its exit and the swap, after.  Every reply the
# writer saw must be in the restarted server's counter.
# bats test_tags=rung-only
@test "12 kill -9 at any moment of a rewrite loses no acknowledged INCR" {
    k=$(rand_word k)
    landed_during=0
    for round in 1 2 3 4 5 6 7 8; do
        start_aof
        if [ "$round" = 1 ]; then
            write_keys "$(rand_word pad)" 400 >/dev/null # something for the child to write
        fi
        rcli config set rdb-key-save-delay 2000 >/dev/null
        acked=$BATS_TEST_TMPDIR/acked.$round
        (for ((n = 0; n < 3000; n++)); do timeout 5 redis-cli -p "$PORT" incr "$k" || break; done >"$acked" 2>/dev/null) &
        WRITER_PID=$!
        sleep 0.1
        rcli bgrewriteaof >/dev/null
        sleep "0.$((round * 3 % 10))$((RANDOM % 10))"
        [ "$(info_field aof_rewrite_in_progress)" = 1 ] && landed_during=$((landed_during + 1))
        stop_server KILL
        wait "$WRITER_PID" 2>/dev/null || true
        WRITER_PID=
        last=$(grep -E '^[0-9]+$' "$acked" | tail -n 1)
        start_aof
        got=$(rcli get "$k")
        [ -n "$last" ] || { echo "round $round: the writer got no reply"; false; }
        [ "$got" -ge "$last" ] || { echo "round $round: counter $got after restart, $last acknowledged"; false; }
        stop_server
    done
    echo "# kills during a rewrite: $landed_during of 8" >&3
}

# The child must not keep the server's sockets: if it did, a client the
# server closes would see no end of file until the child exited.
# bats test_tags=rung-only
@test "12 a client closed during a rewrite sees the close at once" {
    start_aof
    write_keys "$(rand_word p)" 200 >/dev/null
    rcli config set rdb-key-save-delay 50000 >/dev/null # a 10 s child
    exec 4<>"/dev/tcp/127.0.0.1/$PORT"
    printf 'CLIENT ID\r\n' >&4
    read -r -t 5 id <&4
    id=${id#:}
    rcli bgrewriteaof >/dev/null
    expect "CLIENT KILL ID ${id%$'\r'}" 1 "$(rcli client kill id "${id%$'\r'}")"
    run timeout 3 cat <&4
    exec 4<&-
    expect "the killed client's read (124: still open after 3 s)" 0 "$status"
    expect "aof_rewrite_in_progress after the kill" 1 "$(info_field aof_rewrite_in_progress)"
}

# bats test_tags=rung-only
@test "12 with the AOF off, BGREWRITEAOF writes a snapshot that a later start with the AOF loads" {
    start_server --dir "$DIR"
    p=$(rand_word p)
    write_keys "$p" 50 >/dev/null
    run rcli bgrewriteaof
    expect "BGREWRITEAOF with appendonly no" "Background append only file rewriting started" "$output"
    wait_rewrite_done
    [ -s "$(aof_file)" ] || { echo "no file written"; false; }
    stop_server
    start_aof
    expect "keys loaded from the snapshot" 50 "$(count_keys "$p" 50)"
}

# With a rewrite to write its first version, the AOF can be turned on
# while the server runs: the keyspace as it was, then what came meanwhile.
@test "12 CONFIG SET appendonly yes turns the AOF on while serving, keeping the writes made meanwhile" {
    start_server --appendfsync always --dir "$DIR" # the AOF off
    p=$(rand_word p)
    write_keys "$p" 100 >/dev/null
    rcli -n 7 set "$p:seven" 7 >/dev/null
    rcli config set rdb-key-save-delay 5000 >/dev/null # a child of about 0.5 s
    expect "CONFIG SET appendonly yes" OK "$(rcli config set appendonly yes)"
    expect "aof_enabled at once" 1 "$(info_field aof_enabled)"
    expect "the first version is being written" 1 "$(info_field aof_rewrite_in_progress)"
    rcli -n 3 set "$p:during" 3 >/dev/null
    q=$(rand_word q)
    write_keys "$q" 50 >/dev/null
    wait_rewrite_done
    expect "aof_last_bgrewrite_status" ok "$(info_field aof_last_bgrewrite_status)"
    expect "CONFIG GET appendonly" $'appendonly\nyes' "$(rcli config get appendonly)"
    rcli incr "$p:after" >/dev/null # into the file now open
    stop_server KILL
    start_aof
    expect "keys from before" 100 "$(count_keys "$p" 100)"
    expect "db 7's key from before" 7 "$(rcli -n 7 get "$p:seven")"
    expect "db 3's key from during the rewrite" 3 "$(rcli -n 3 get "$p:during")"
    expect "keys from during the rewrite" 50 "$(count_keys "$q" 50)"
    expect "INCR after the rewrite" 1 "$(rcli get "$p:after")"
}

@test "12 while the first AOF is being written only SHUTDOWN FORCE stops the server" {
    start_server --dir "$DIR"
    write_keys "$(rand_word p)" 200 >/dev/null
    rcli config set rdb-key-save-delay 50000 >/dev/null # a 10 s child
    rcli config set appendonly yes >/dev/null
    for how in "" nosave save; do
        expect "SHUTDOWN $how" "ERR Errors trying to SHUTDOWN. Check logs." "$(rcli shutdown $how)"
    done
    expect "PING" PONG "$(rcli ping)"
    grep -q "Writing initial AOF, can't exit." "$SERVER_LOG" || { cat "$SERVER_LOG"; false; }
    run rcli shutdown force
    wait_exit
    expect "exit status" 0 "$SERVER_STATUS"
}

@test "12 CONFIG SET appendonly no stops the logging and the rewrite" {
    start_aof
    p=$(rand_word p)
    write_keys "$p" 200 >/dev/null
    slow_rewrite 50000 bgrewriteaof
    expect "CONFIG SET appendonly no" OK "$(rcli config set appendonly no)"
    expect "aof_enabled" 0 "$(info_field aof_enabled)"
    expect "aof_rewrite_in_progress" 0 "$(info_field aof_rewrite_in_progress)"
    child_gone "$CHILD"
    rcli set "$p:after" 1 >/dev/null # logged nowhere
    stop_server
    start_aof
    expect "keys from before" 200 "$(count_keys "$p" 200)"
    expect "the key written with the AOF off" "" "$(rcli get "$p:after")"
}

# bats test_tags=rung-only
@test "12 a first AOF whose rewrite fails turns the AOF back off" {
    start_server --dir "$DIR"
    write_keys "$(rand_word p)" 200 >/dev/null
    slow_rewrite 100000 config set appendonly yes
    kill -9 "$CHILD"
    wait_rewrite_done
    expect "aof_last_bgrewrite_status" err "$(info_field aof_last_bgrewrite_status)"
    expect "aof_enabled" 0 "$(info_field aof_enabled)"
    expect "CONFIG GET appendonly" $'appendonly\nno' "$(rcli config get appendonly)"
    [ ! -e "$(aof_file)" ] || { echo "an AOF appeared"; false; }
    expect "SHUTDOWN is allowed again" "" "$(rcli shutdown 2>&1)"
    wait_exit
}
