# Stage 03: a keyspace shared by all clients - GET, SET, DEL, EXISTS.
# bats file_tags=stage:03

load helpers

setup() { start_server; }
teardown() { stop_server; }

@test "03 SET then GET returns the value" {
    k=$(rand_word key) v=$(rand_word value)
    run rcli set "$k" "$v"
    expect "SET $k $v" "OK" "$output"
    run rcli get "$k"
    expect "GET $k" "$v" "$output"
}

@test "03 GET of a missing key is the null bulk string" {
    k=$(rand_word missing)
    run wire "$(mbulk GET "$k")" -n 1
    expect "GET $k" '$-1\r\n' "$output"
    run rcli_fmt get "$k"
    expect "GET $k (redis-cli)" "(nil)" "$output"
}

@test "03 SET overwrites" {
    k=$(rand_word key) v1=$(rand_word one) v2=$(rand_word two)
    rcli set "$k" "$v1" >/dev/null
    rcli set "$k" "$v2" >/dev/null
    run rcli get "$k"
    expect "GET $k after two SETs" "$v2" "$output"
}

@test "03 DEL counts the keys it removed" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c)
    rcli set "$a" 1 >/dev/null
    rcli set "$b" 2 >/dev/null
    run rcli_fmt del "$a" "$b" "$c"
    expect "DEL $a $b $c" "(integer) 2" "$output"
    run rcli_fmt get "$a"
    expect "GET $a after DEL" "(nil)" "$output"
    run rcli_fmt del "$a"
    expect "DEL $a again" "(integer) 0" "$output"
}

@test "03 EXISTS counts every key named, repeats included" {
    k=$(rand_word k) m=$(rand_word m)
    rcli set "$k" x >/dev/null
    run wire "$(mbulk EXISTS "$k" "$k" "$m")" -n 1
    expect "EXISTS $k $k $m" ':2\r\n' "$output"
}

@test "03 keys and values with NUL, CR and LF round-trip" {
    k=$(rand_word k) v=$(rand_word v)
    # key: k \0 \r \n   value: v \r\n \0 \0
    key="$k\x00\r\n" val="$v\r\n\x00\x00"
    klen=$((${#k} + 3)) vlen=$((${#v} + 4))
    sent="*3\r\n\$3\r\nSET\r\n\$$klen\r\n$key\r\n\$$vlen\r\n$val\r\n"
    sent+="*2\r\n\$3\r\nGET\r\n\$$klen\r\n$key\r\n"
    sent+="*2\r\n\$3\r\nGET\r\n\$${#k}\r\n$k\r\n"
    run wire "$sent" -n 3
    expect "SET/GET binary key and value" "+OK\\r\\n\$$vlen\\r\\n$v\\r\\n\\x00\\x00\\r\\n\$-1\\r\\n" "$output"
}

@test "03 an empty value is a value" {
    k=$(rand_word k)
    run wire "*3\r\n\$3\r\nSET\r\n\$${#k}\r\n$k\r\n\$0\r\n\r\n$(mbulk GET "$k")" -n 2
    expect "SET $k '' ; GET $k" '+OK\r\n$0\r\n\r\n' "$output"
}

@test "03 wrong arity for GET, SET, DEL, EXISTS" {
    run wire 'GET\r\nSET k\r\nDEL\r\nEXISTS\r\n' -n 4
    want="-ERR wrong number of arguments for 'get' command\\r\\n-ERR wrong number of arguments for 'set' command\\r\\n"
    want+="-ERR wrong number of arguments for 'del' command\\r\\n-ERR wrong number of arguments for 'exists' command\\r\\n"
    expect 'GET; SET k; DEL; EXISTS' "$want" "$output"
}

@test "03 one client sees what another wrote, interleaved" {
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    exec 8<>"/dev/tcp/127.0.0.1/$PORT"
    for round in 1 2 3; do
        k=$(rand_word k) v=$(rand_word v)
        printf '%b' "$(mbulk SET "$k" "$v")" >&7
        IFS= read -r -t 2 reply <&7 || reply=timeout
        expect "SET $k on client A" $'+OK\r' "$reply"
        printf '%b' "$(mbulk GET "$k")" >&8
        IFS= read -r -t 2 len <&8 || len=timeout
        IFS= read -r -t 2 reply <&8 || reply=timeout
        expect "GET $k on client B" "\$${#v}"$'\r'" $v"$'\r' "$len $reply"
    done
    exec 7>&- 8>&-
}

@test "03 four clients writing at once lose nothing" {
    p=$(rand_word p) pids=()
    for c in 1 2 3 4; do
        sent=""
        for i in $(seq 1 250); do mbulk_add sent SET "$p:$c:$i" "$c-$i"; done
        wire "$sent" -n 250 >"$BATS_TEST_TMPDIR/w.$c" &
        pids+=($!)
    done
    wait "${pids[@]}" # not a bare wait: the server is our child too
    for c in 1 2 3 4; do
        args=()
        for i in $(seq 1 250); do args+=("$p:$c:$i"); done
        run rcli exists "${args[@]}"
        expect "EXISTS of client $c's 250 keys" 250 "$output"
        n=$((RANDOM % 250 + 1))
        run rcli get "$p:$c:$n"
        expect "GET $p:$c:$n" "$c-$n" "$output"
    done
}

@test "03 SET with an option this stage lacks is a syntax error" {
    k=$(rand_word k)
    run rcli set "$k" v "$(rand_word opt)"
    expect "SET $k v <unknown option>" "ERR syntax error" "$output"
}
