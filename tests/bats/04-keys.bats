# Stage 04: KEYS with Redis's glob patterns, DBSIZE, FLUSHDB, FLUSHALL.
# bats file_tags=stage:04

load helpers

setup() { start_server; }
teardown() { stop_server; }

# keys_of PATTERN: the keys KEYS returns, sorted, one per line.
keys_of() {
    rcli keys "$1" | sort
}

@test "04 KEYS with *, ?, classes, negation and ranges" {
    p=$(rand_word p)
    for k in a1 b2 c3 ab1 'x*y'; do rcli set "$p:$k" v >/dev/null; done
    expect "KEYS $p:*" "$(printf '%s\n' "$p:a1" "$p:ab1" "$p:b2" "$p:c3" "$p:x*y")" "$(keys_of "$p:*")"
    expect "KEYS $p:?1" "$p:a1" "$(keys_of "$p:?1")"
    expect "KEYS $p:[ab]?" "$(printf '%s\n' "$p:a1" "$p:b2")" "$(keys_of "$p:[ab]?")"
    expect "KEYS $p:[^ab]?" "$p:c3" "$(keys_of "$p:[^ab]?")"
    expect "KEYS $p:[a-b]*1" "$(printf '%s\n' "$p:a1" "$p:ab1")" "$(keys_of "$p:[a-b]*1")"
    expect "KEYS $p:x\\*y" "$p:x*y" "$(keys_of "$p:x\\*y")"
    expect "KEYS $p:nomatch*" "" "$(keys_of "$p:nomatch*")"
}

@test "04 KEYS with no match is an empty array" {
    run wire "$(mbulk KEYS "$(rand_word none)*")" -n 1
    expect "KEYS none*" '*0\r\n' "$output"
}

@test "04 KEYS returns binary keys whole" {
    k=$(rand_word k)
    run wire "*3\r\n\$3\r\nSET\r\n\$$((${#k} + 2))\r\n$k\r\n\r\n\$1\r\nv\r\n$(mbulk KEYS "$k*")" -n 2
    expect "SET $k\\r\\n; KEYS $k*" "+OK\\r\\n*1\\r\\n\$$((${#k} + 2))\\r\\n$k\\r\\n\\r\\n" "$output"
}

@test "04 a pathological pattern finishes quickly" {
    long=$(head -c 20000 /dev/zero | tr '\0' a)
    rcli set "$long" v >/dev/null
    run rcli keys 'a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'
    expect "KEYS a*a*...*b over a 20,000-byte key (10 s limit)" "" "$output"
    run rcli dbsize
    expect "DBSIZE" 1 "$output"
}

@test "04 DBSIZE counts keys" {
    p=$(rand_word p) n=$((RANDOM % 50 + 10))
    sent=""
    for i in $(seq 1 "$n"); do mbulk_add sent SET "$p:$i" x; done
    wire "$sent" -n "$n" >/dev/null
    run rcli dbsize
    expect "DBSIZE after $n SETs" "$n" "$output"
    rcli del "$p:1" >/dev/null
    run rcli dbsize
    expect "DBSIZE after one DEL" "$((n - 1))" "$output"
}

@test "04 FLUSHDB, FLUSHDB ASYNC and FLUSHALL SYNC empty the keyspace" {
    for mode in "" async SYNC; do
        for i in 1 2 3; do rcli set "$(rand_word k)" v >/dev/null; done
        for cmd in flushdb flushall; do
            run rcli $cmd $mode
            expect "$cmd $mode" OK "$output"
            run rcli dbsize
            expect "DBSIZE after $cmd $mode" 0 "$output"
        done
    done
}

@test "04 FLUSHDB with a bad argument is a syntax error" {
    run wire "$(mbulk FLUSHDB "$(rand_word x)")$(mbulk FLUSHALL a b)DBSIZE x\r\nKEYS\r\n" -n 4
    want="-ERR syntax error\\r\\n-ERR syntax error\\r\\n-ERR wrong number of arguments for 'dbsize' command\\r\\n"
    want+="-ERR wrong number of arguments for 'keys' command\\r\\n"
    expect "FLUSHDB x; FLUSHALL a b; DBSIZE x; KEYS" "$want" "$output"
}
