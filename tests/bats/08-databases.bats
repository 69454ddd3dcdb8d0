# Stage 08: 16 databases (SELECT, MOVE, SWAPDB), key-space commands and SCAN.
# bats file_tags=stage:08

load helpers

setup() { start_server; }
teardown() { stop_server; }

# bulk WORD: WORD as a bulk string, escaped as wire prints it.
bulk() {
    printf '$%d\\r\\n%s\\r\\n' "${#1}" "$1"
}

# in_range LO HI N: "LO..HI" when LO <= N <= HI, else N (for expect).
in_range() {
    if [[ "$3" =~ ^-?[0-9]+$ ]] && [ "$3" -ge "$1" ] && [ "$3" -le "$2" ]; then
        echo "$1..$2"
    else
        echo "$3"
    fi
}

# add_cmd ARGS...: append the multibulk command ARGS to $sent (as mbulk
# would, without a subshell: loops of commands stay fast).
add_cmd() {
    local a
    sent+="*$#\r\n"
    for a in "$@"; do sent+="\$${#a}\r\n$a\r\n"; done
}

# set_cmds PREFIX FROM TO: the raw bytes of SET PREFIX:i PREFIX:i, i in FROM..TO.
set_cmds() {
    seq "$2" "$3" | awk -v p="$1" '{ k = p ":" $1
        printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(k), k }'
}

# load_keys PREFIX N [DB]: SET PREFIX:1..N (value = name) in database DB, pipelined.
load_keys() {
    local db=${3:-0}
    { printf '*2\r\n$6\r\nSELECT\r\n$%d\r\n%s\r\n' "${#db}" "$db"; set_cmds "$1" 1 "$2"; } |
        timeout 60 "$WIRE" -p "$PORT" -n $(($2 + 1)) >/dev/null
}

# names PREFIX N: PREFIX:1..N, sorted, one per line.
names() {
    seq 1 "$2" | sed "s/^/$1:/" | sort
}

# send FD BYTES: write BYTES to the open connection FD in one write (bash's
# printf writes line by line, and small segments wait on delayed ACKs).
send() {
    echo -n "$2" >&"$1"
}

# scan_all FD [SCAN options...]: follow SCAN's cursor from 0 on the open
# connection FD until it comes back to 0 (at most 5,000 calls); print every
# key returned, one per line.  One connection and no forks per call; the
# loop runs in a child bash because bats traces every command of a test
# (a DEBUG trap), which would make hundreds of calls slow.
scan_all() {
    bash -c "$(declare -f send scan_loop); scan_loop \"\$@\"" scan_all "$@"
}

scan_loop() {
    local fd=$1 cursor=0 line n j calls tail="" a
    shift
    for a in "$@"; do tail+="\$${#a}\r\n$a\r\n"; done
    for ((calls = 0; calls < 5000; calls++)); do
        printf -v line "*%d\r\n\$4\r\nSCAN\r\n\$%d\r\n%s\r\n%b" $(($# + 2)) "${#cursor}" "$cursor" "$tail"
        send "$fd" "$line"
        IFS= read -r -t 5 line <&"$fd" || line="(no reply)"
        if [ "$line" != $'*2\r' ]; then
            echo "SCAN $cursor $*: $line" >&2
            return 1
        fi
        IFS= read -r -t 5 line <&"$fd"
        IFS= read -r -t 5 cursor <&"$fd"
        cursor=${cursor%$'\r'}
        IFS= read -r -t 5 line <&"$fd"
        n=${line#\*}
        n=${n%$'\r'}
        for ((j = 0; j < n; j++)); do
            IFS= read -r -t 5 line <&"$fd"
            IFS= read -r -t 5 line <&"$fd"
            printf '%s\n' "${line%$'\r'}"
        done
        if [ "$cursor" = 0 ]; then return 0; fi
    done
    echo "SCAN $*: the cursor never came back to 0" >&2
    return 1
}

# key_diff EXPECTED_FILE GOT_FILE: the first missing and unexpected keys
# (GOT_FILE may repeat keys: SCAN may return a key more than once).
key_diff() {
    local missing extra
    missing=$(comm -23 <(sort -u "$1") <(sort -u "$2") | head -n 5 | tr '\n' ' ')
    extra=$(comm -13 <(sort -u "$1") <(sort -u "$2") | head -n 5 | tr '\n' ' ')
    echo "missing: [$missing] unexpected: [$extra]"
}

# get_on7 KEY: GET KEY on the connection open as fd 7; the value or (nil).
get_on7() {
    local len val
    printf -v len '*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n' "${#1}" "$1"
    send 7 "$len"
    IFS= read -r -t 5 len <&7 || len=timeout
    if [ "$len" = $'$-1\r' ] || [ "$len" = timeout ]; then
        echo "(nil)"
        return 0
    fi
    IFS= read -r -t 5 val <&7 || val=timeout
    echo "${val%$'\r'}"
}

RANGE_ERR='-ERR DB index is out of range\r\n'
NOTINT_ERR='-ERR value is not an integer or out of range\r\n'
INTMAX_ERR='-ERR value is out of range, value must between -2147483648 and 2147483647\r\n'
SAME_ERR='-ERR source and destination objects are the same\r\n'
SYNTAX_ERR='-ERR syntax error\r\n'
EMPTY_SCAN='*2\r\n$1\r\n0\r\n*0\r\n'

# ---------------------------------------------------------------- SELECT

@test "08 SELECT switches the database of this connection only" {
    k=$(rand_word k) v0=$(rand_word zero) v1=$(rand_word one)
    run wire "$(mbulk SET "$k" "$v0")$(mbulk SELECT 1)$(mbulk GET "$k")$(mbulk SET "$k" "$v1")$(mbulk GET "$k")$(mbulk SELECT 0)$(mbulk GET "$k")" -n 7
    expect "SET $k $v0; SELECT 1; GET; SET $k $v1; GET; SELECT 0; GET" \
        "+OK\\r\\n+OK\\r\\n\$-1\\r\\n+OK\\r\\n$(bulk "$v1")+OK\\r\\n$(bulk "$v0")" "$output"
    # a new connection starts in database 0; redis-cli -n 1 selects database 1
    run rcli get "$k"
    expect "GET $k on a new connection" "$v0" "$output"
    run rcli -n 1 get "$k"
    expect "GET $k in database 1 (redis-cli -n 1)" "$v1" "$output"
}

@test "08 databases 0 to 15 each hold their own value of the same key" {
    k=$(rand_word k) v=$(rand_word v)
    sent="" want=""
    for i in $(seq 0 15); do
        add_cmd SELECT "$i"
        add_cmd SET "$k" "$v-$i"
    done
    for i in $(seq 15 -1 0); do
        add_cmd SELECT "$i"
        add_cmd GET "$k"
        want+="+OK\\r\\n\$$((${#v} + ${#i} + 1))\\r\\n$v-$i\\r\\n"
    done
    run wire "$sent" -n 64
    expect "SELECT i; SET $k $v-i for i in 0..15, then SELECT i; GET $k from 15 down" \
        "$(printf '+OK\\r\\n%.0s' $(seq 1 32))$want" "$output"
    run rcli -n 15 dbsize
    expect "DBSIZE of database 15" 1 "$output"
}

@test "08 SELECT out of range or not an integer is an error and keeps the database" {
    k=$(rand_word k) v=$(rand_word v)
    sent=$(mbulk SET "$k" "$v")
    for arg in 16 -1 x 1.5 03 '' 99999999999999999999 2147483648; do add_cmd SELECT "$arg"; done
    run wire "$sent$(mbulk GET "$k")" -n 10
    want="+OK\\r\\n$RANGE_ERR$RANGE_ERR$NOTINT_ERR$NOTINT_ERR$NOTINT_ERR$NOTINT_ERR$NOTINT_ERR$INTMAX_ERR$(bulk "$v")"
    expect "SELECT 16, -1, x, 1.5, 03, '', 99999999999999999999, 2147483648; GET $k" "$want" "$output"
}

@test "08 --databases 4 allows databases 0 to 3 only" {
    stop_server
    start_server --databases 4
    k=$(rand_word k) v=$(rand_word v)
    sent=$(mbulk SELECT 3)$(mbulk SET "$k" "$v")$(mbulk SELECT 4)$(mbulk MOVE "$k" 4)$(mbulk SWAPDB 0 4)
    sent+=$(mbulk COPY "$k" "$k" DB 4)$(mbulk MOVE "$k" 0)$(mbulk SWAPDB 0 3)$(mbulk GET "$k")
    run wire "$sent" -n 9
    want="+OK\\r\\n+OK\\r\\n$RANGE_ERR$RANGE_ERR$RANGE_ERR$RANGE_ERR:1\\r\\n+OK\\r\\n$(bulk "$v")"
    expect "SELECT 3; SET; SELECT 4; MOVE 4; SWAPDB 0 4; COPY DB 4; MOVE 0; SWAPDB 0 3; GET (in 3)" "$want" "$output"
    run rcli -n 3 get "$k"
    expect "GET $k in database 3 (redis-cli -n 3)" "$v" "$output"
}

# ------------------------------------------------ per-database key space

@test "08 DBSIZE, EXISTS, KEYS and DEL see only the current database" {
    p=$(rand_word p)
    sent=$(mbulk SET "$p:a" 1)$(mbulk SET "$p:b" 2)$(mbulk SELECT 5)
    sent+=$(mbulk SET "$p:c" 3)$(mbulk SET "$p:d" 4)$(mbulk SET "$p:e" 5)
    sent+=$(mbulk DBSIZE)$(mbulk EXISTS "$p:a" "$p:c" "$p:d")$(mbulk KEYS "$p:a")$(mbulk DEL "$p:a" "$p:b")
    sent+=$(mbulk SELECT 0)$(mbulk DBSIZE)$(mbulk EXISTS "$p:a" "$p:c")$(mbulk KEYS "$p:?")
    run wire "$sent" -n 14
    want="+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n:3\\r\\n:2\\r\\n*0\\r\\n:0\\r\\n"
    want+="+OK\\r\\n:2\\r\\n:1\\r\\n*2\\r\\n"
    # KEYS order is unspecified: compare only up to its array header
    expect "2 keys in 0, 3 in 5; DBSIZE, EXISTS, KEYS, DEL in 5; then in 0" "$want" "${output:0:${#want}}"
    run rcli keys "$p:*"
    expect "KEYS $p:* in database 0" "$(printf '%s\n' "$p:a" "$p:b")" "$(sort <<<"$output")"
    run rcli -n 5 dbsize
    expect "DBSIZE of database 5" 3 "$output"
}

@test "08 FLUSHDB empties only the current database" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c)
    rcli set "$a" 1 >/dev/null
    rcli -n 9 set "$c" 1 >/dev/null
    run wire "$(mbulk SELECT 2)$(mbulk SET "$b" 1)$(mbulk SET "$b-2" 2)$(mbulk FLUSHDB)$(mbulk DBSIZE)" -n 5
    expect "SELECT 2; SET x2; FLUSHDB; DBSIZE" '+OK\r\n+OK\r\n+OK\r\n+OK\r\n:0\r\n' "$output"
    run wire "$(mbulk DBSIZE)$(mbulk SELECT 9)$(mbulk DBSIZE)$(mbulk GET "$c")" -n 4
    expect "DBSIZE of 0; SELECT 9; DBSIZE; GET $c" ":1\\r\\n+OK\\r\\n:1\\r\\n$(bulk 1)" "$output"
}

@test "08 FLUSHALL empties every database" {
    for db in 0 4 15; do rcli -n "$db" set "$(rand_word k)" v >/dev/null; done
    run wire "$(mbulk SELECT 4)$(mbulk FLUSHALL)$(mbulk DBSIZE)$(mbulk SELECT 0)$(mbulk DBSIZE)$(mbulk SELECT 15)$(mbulk DBSIZE)" -n 7
    expect "SELECT 4; FLUSHALL; DBSIZE of 4, 0 and 15" '+OK\r\n+OK\r\n:0\r\n+OK\r\n:0\r\n+OK\r\n:0\r\n' "$output"
}

@test "08 TYPE is string for a string and none for a missing key" {
    k=$(rand_word k)
    run wire "$(mbulk SET "$k" "$(rand_word v)")$(mbulk TYPE "$k")$(mbulk TYPE "$(rand_word missing)")$(mbulk SELECT 1)$(mbulk TYPE "$k")" -n 5
    expect "SET $k; TYPE $k; TYPE missing; SELECT 1; TYPE $k" '+OK\r\n+string\r\n+none\r\n+OK\r\n+none\r\n' "$output"
    run rcli type "$k"
    expect "TYPE $k (redis-cli)" string "$output"
}

# ------------------------------------------------------------------ MOVE

@test "08 MOVE moves a key to another database" {
    k=$(rand_word k) v=$(rand_word v)
    run wire "$(mbulk SET "$k" "$v")$(mbulk MOVE "$k" 3)$(mbulk EXISTS "$k")$(mbulk SELECT 3)$(mbulk GET "$k")" -n 5
    expect "SET $k; MOVE $k 3; EXISTS; SELECT 3; GET" "+OK\\r\\n:1\\r\\n:0\\r\\n+OK\\r\\n$(bulk "$v")" "$output"
    run rcli -n 3 move "$k" 15
    expect "MOVE $k 15 from database 3" 1 "$output"
    run rcli -n 15 get "$k"
    expect "GET $k in database 15" "$v" "$output"
}

@test "08 MOVE is 0 when the target has the key or the source is missing" {
    k=$(rand_word k) v0=$(rand_word zero) v2=$(rand_word two) m=$(rand_word missing)
    rcli -n 2 set "$k" "$v2" >/dev/null
    run wire "$(mbulk SET "$k" "$v0")$(mbulk MOVE "$k" 2)$(mbulk GET "$k")$(mbulk MOVE "$m" 2)" -n 4
    expect "SET $k; MOVE $k 2 (2 has it); GET $k; MOVE $m 2" "+OK\\r\\n:0\\r\\n$(bulk "$v0"):0\\r\\n" "$output"
    run wire "$(mbulk SELECT 2)$(mbulk GET "$k")$(mbulk EXISTS "$m")" -n 3
    expect "SELECT 2; GET $k; EXISTS $m" "+OK\\r\\n$(bulk "$v2"):0\\r\\n" "$output"
}

@test "08 MOVE to the current database is an error, even for a missing key" {
    k=$(rand_word k)
    run wire "$(mbulk SET "$k" v)$(mbulk MOVE "$k" 0)$(mbulk SELECT 6)$(mbulk MOVE "$(rand_word missing)" 6)$(mbulk SELECT 0)$(mbulk EXISTS "$k")" -n 6
    expect "SET $k; MOVE $k 0; SELECT 6; MOVE missing 6; SELECT 0; EXISTS $k" \
        "+OK\\r\\n$SAME_ERR+OK\\r\\n$SAME_ERR+OK\\r\\n:1\\r\\n" "$output"
}

@test "08 MOVE to a bad database index is an error" {
    k=$(rand_word k) m=$(rand_word missing)
    sent=$(mbulk SET "$k" v)
    for db in 16 -1 x 1.5 2147483648; do add_cmd MOVE "$k" "$db"; done
    run wire "$sent$(mbulk MOVE "$m" 16)$(mbulk GET "$k")" -n 8
    expect "MOVE $k 16, -1, x, 1.5, 2147483648; MOVE missing 16; GET $k" \
        "+OK\\r\\n$RANGE_ERR$RANGE_ERR$NOTINT_ERR$NOTINT_ERR$INTMAX_ERR$RANGE_ERR$(bulk v)" "$output"
}

@test "08 MOVE keeps the key's TTL" {
    k=$(rand_word k) p=$(rand_word persistent)
    run wire "$(mbulk SET "$k" v EX 1000)$(mbulk SET "$p" v)$(mbulk MOVE "$k" 4)$(mbulk MOVE "$p" 4)" -n 4
    expect "SET $k v EX 1000; SET $p v; MOVE both to 4" '+OK\r\n+OK\r\n:1\r\n:1\r\n' "$output"
    run rcli -n 4 ttl "$k"
    expect "TTL $k in database 4" 990..1000 "$(in_range 990 1000 "$output")"
    run rcli -n 4 ttl "$p"
    expect "TTL $p in database 4" -1 "$output"
}

# ---------------------------------------------------------------- SWAPDB

@test "08 SWAPDB swaps the contents of two databases" {
    k=$(rand_word k) v0=$(rand_word zero) v1=$(rand_word one) p=$(rand_word p)
    sent=$(mbulk SET "$k" "$v0")$(mbulk SET "$p:a" x)$(mbulk SELECT 1)
    sent+=$(mbulk SET "$k" "$v1")$(mbulk SET "$p:b" x)$(mbulk SET "$p:c" x)$(mbulk SWAPDB 0 1)
    # this connection is in database 1: it now sees what 0 held
    sent+=$(mbulk DBSIZE)$(mbulk GET "$k")$(mbulk SELECT 0)$(mbulk DBSIZE)$(mbulk GET "$k")$(mbulk EXISTS "$p:a" "$p:b" "$p:c")
    run wire "$sent" -n 13
    want="+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n:2\\r\\n$(bulk "$v0")+OK\\r\\n:3\\r\\n$(bulk "$v1"):2\\r\\n"
    expect "2 keys in 0, 3 in 1; SWAPDB 0 1; DBSIZE, GET in 1 then in 0" "$want" "$output"
    run rcli swapdb 1 0
    expect "SWAPDB 1 0" OK "$output"
    run rcli get "$k"
    expect "GET $k in 0 after swapping back" "$v0" "$output"
}

@test "08 SWAPDB is seen at once by a client already in one of the databases" {
    k=$(rand_word k) v0=$(rand_word zero) v1=$(rand_word one)
    rcli set "$k" "$v0" >/dev/null
    rcli -n 1 set "$k" "$v1" >/dev/null
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    send 7 $'*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n'
    IFS= read -r -t 5 reply <&7 || reply=timeout
    expect "SELECT 1 on client A" $'+OK\r' "$reply"
    expect "GET $k on client A (database 1)" "$v1" "$(get_on7 "$k")"
    run rcli swapdb 0 1
    expect "SWAPDB 0 1 on client B" OK "$output"
    expect "GET $k on client A after the swap" "$v0" "$(get_on7 "$k")"
    run rcli get "$k"
    expect "GET $k in database 0 after the swap" "$v1" "$output"
    run rcli swapdb 9 1
    expect "SWAPDB 9 1 (9 is empty)" OK "$output"
    expect "GET $k on client A after swapping in an empty database" "(nil)" "$(get_on7 "$k")"
    exec 7>&-
}

@test "08 SWAPDB of a database with itself is OK; bad indexes are errors" {
    sent=$(mbulk SWAPDB 3 3)$(mbulk SWAPDB x 1)$(mbulk SWAPDB 0 y)$(mbulk SWAPDB x y)$(mbulk SWAPDB 1.0 0)
    sent+=$(mbulk SWAPDB 0 16)$(mbulk SWAPDB 16 0)$(mbulk SWAPDB -1 0)$(mbulk SWAPDB 0 -1)
    sent+=$(mbulk SWAPDB 2147483648 0)$(mbulk SWAPDB 0 2147483648)
    run wire "$sent" -n 11
    first='-ERR invalid first DB index\r\n' second='-ERR invalid second DB index\r\n'
    want="+OK\\r\\n$first$second$first$first$RANGE_ERR$RANGE_ERR$RANGE_ERR$RANGE_ERR$first$second"
    expect "SWAPDB 3 3; x 1; 0 y; x y; 1.0 0; 0 16; 16 0; -1 0; 0 -1; 2147483648 0; 0 2147483648" "$want" "$output"
}

# ------------------------------------------------------ RENAME, RENAMENX

@test "08 RENAME moves the value to the new name and overwrites the destination" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c) va=$(rand_word va)
    sent=$(mbulk SET "$a" "$va")$(mbulk SET "$b" "$(rand_word vb)")$(mbulk RENAME "$a" "$b")
    sent+=$(mbulk GET "$b")$(mbulk EXISTS "$a")$(mbulk RENAME "$b" "$c")$(mbulk GET "$c")$(mbulk DBSIZE)
    run wire "$sent" -n 8
    expect "SET $a; SET $b; RENAME $a $b; GET $b; EXISTS $a; RENAME $b $c; GET $c; DBSIZE" \
        "+OK\\r\\n+OK\\r\\n+OK\\r\\n$(bulk "$va"):0\\r\\n+OK\\r\\n$(bulk "$va"):1\\r\\n" "$output"
}

@test "08 RENAME of a missing key is 'no such key'; renaming a key to itself is OK" {
    k=$(rand_word k) v=$(rand_word v) m=$(rand_word missing)
    sent=$(mbulk RENAME "$m" "$k")$(mbulk RENAME "$m" "$m")$(mbulk RENAMENX "$m" "$k")
    sent+=$(mbulk SET "$k" "$v")$(mbulk RENAME "$k" "$k")$(mbulk GET "$k")
    run wire "$sent" -n 6
    nokey='-ERR no such key\r\n'
    expect "RENAME missing k; RENAME missing missing; RENAMENX missing k; SET $k; RENAME $k $k; GET $k" \
        "$nokey$nokey$nokey+OK\\r\\n+OK\\r\\n$(bulk "$v")" "$output"
    # the key lives in database 0 only
    run rcli -n 1 rename "$k" "$m"
    expect "RENAME $k in database 1" "ERR no such key" "$output"
}

@test "08 RENAME keeps the source's TTL and drops the destination's" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c)
    run wire "$(mbulk SET "$a" v EX 1000)$(mbulk SET "$b" w EX 500)$(mbulk RENAME "$a" "$b")" -n 3
    expect "SET $a EX 1000; SET $b EX 500; RENAME $a $b" '+OK\r\n+OK\r\n+OK\r\n' "$output"
    run rcli ttl "$b"
    expect "TTL $b" 990..1000 "$(in_range 990 1000 "$output")"
    run wire "$(mbulk SET "$c" x)$(mbulk RENAME "$c" "$b")$(mbulk TTL "$b")$(mbulk GET "$b")" -n 4
    expect "SET $c x; RENAME $c $b; TTL $b; GET $b" "+OK\\r\\n+OK\\r\\n:-1\\r\\n$(bulk x)" "$output"
}

@test "08 RENAMENX renames only when the destination is missing" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c) va=$(rand_word va) vb=$(rand_word vb)
    sent=$(mbulk SET "$a" "$va")$(mbulk SET "$b" "$vb")$(mbulk RENAMENX "$a" "$b")$(mbulk GET "$a")$(mbulk GET "$b")
    sent+=$(mbulk RENAMENX "$a" "$c")$(mbulk GET "$c")$(mbulk EXISTS "$a")$(mbulk RENAMENX "$c" "$c")
    run wire "$sent" -n 9
    expect "SET $a; SET $b; RENAMENX $a $b; GET both; RENAMENX $a $c; GET $c; EXISTS $a; RENAMENX $c $c" \
        "+OK\\r\\n+OK\\r\\n:0\\r\\n$(bulk "$va")$(bulk "$vb"):1\\r\\n$(bulk "$va"):0\\r\\n:0\\r\\n" "$output"
    t=$(rand_word t)
    rcli set "$t" v EX 1000 >/dev/null
    run rcli renamenx "$t" "$t-new"
    expect "RENAMENX $t $t-new" 1 "$output"
    run rcli ttl "$t-new"
    expect "TTL $t-new" 990..1000 "$(in_range 990 1000 "$output")"
}

# ------------------------------------------------------------- RANDOMKEY

@test "08 RANDOMKEY on an empty database is the null bulk string" {
    rcli -n 1 set "$(rand_word k)" v >/dev/null
    run wire "$(mbulk RANDOMKEY)" -n 1
    expect "RANDOMKEY in empty database 0 (1 has a key)" '$-1\r\n' "$output"
    run rcli_fmt randomkey
    expect "RANDOMKEY (redis-cli)" "(nil)" "$output"
}

@test "08 RANDOMKEY returns keys that exist, only from the current database" {
    p=$(rand_word p) only=$(rand_word only)
    load_keys "$p" 20 3
    rcli set "$only" v >/dev/null
    run wire "$(mbulk RANDOMKEY)$(mbulk RANDOMKEY)" -n 2
    expect "RANDOMKEY twice in database 0 (one key)" "$(bulk "$only")$(bulk "$only")" "$output"
    sent=$(mbulk SELECT 3)
    for i in $(seq 1 40); do add_cmd RANDOMKEY; done
    run wire "$sent" -n 41
    got=$(printf '%s\n' "${output//\\r\\n/$'\n'}" | grep "^$p:" | sort)
    expect "number of keys from 40 RANDOMKEYs" 40 "$(wc -l <<<"$got")"
    expect "RANDOMKEY answers that are not keys of database 3" "" "$(comm -13 <(names "$p" 20) <(sort -u <<<"$got"))"
    # 40 draws from 20 keys: the same key every time would not be random
    distinct=$(sort -u <<<"$got" | wc -l)
    [ "$distinct" -ge 2 ] || { echo "40 RANDOMKEYs returned only: $got"; false; }
}

# ------------------------------------------------------------------ COPY

@test "08 COPY copies a value and leaves the source alone" {
    a=$(rand_word a) b=$(rand_word b) va=$(rand_word va) m=$(rand_word missing)
    sent=$(mbulk SET "$a" "$va")$(mbulk COPY "$a" "$b")$(mbulk GET "$a")$(mbulk GET "$b")
    sent+=$(mbulk SET "$a" changed)$(mbulk GET "$b")$(mbulk COPY "$m" "$b-2")$(mbulk EXISTS "$b-2")
    run wire "$sent" -n 8
    expect "SET $a; COPY $a $b; GET both; SET $a changed; GET $b; COPY missing; EXISTS" \
        "+OK\\r\\n:1\\r\\n$(bulk "$va")$(bulk "$va")+OK\\r\\n$(bulk "$va"):0\\r\\n:0\\r\\n" "$output"
}

@test "08 COPY does not overwrite without REPLACE and does with it" {
    a=$(rand_word a) b=$(rand_word b) va=$(rand_word va) vb=$(rand_word vb)
    sent=$(mbulk SET "$a" "$va")$(mbulk SET "$b" "$vb")$(mbulk COPY "$a" "$b")$(mbulk GET "$b")
    sent+=$(mbulk COPY "$a" "$b" REPLACE)$(mbulk GET "$b")$(mbulk COPY "$a" "$b" replace)
    run wire "$sent" -n 7
    expect "SET $a; SET $b; COPY $a $b; GET $b; COPY REPLACE; GET $b; COPY replace" \
        "+OK\\r\\n+OK\\r\\n:0\\r\\n$(bulk "$vb"):1\\r\\n$(bulk "$va"):1\\r\\n" "$output"
}

@test "08 COPY DB n copies into another database" {
    k=$(rand_word k) v=$(rand_word v) v2=$(rand_word v2)
    sent=$(mbulk SET "$k" "$v")$(mbulk COPY "$k" "$k" DB 3)$(mbulk COPY "$k" "$k-2" db 3)$(mbulk GET "$k")
    sent+=$(mbulk SET "$k" "$v2")$(mbulk COPY "$k" "$k" DB 3)$(mbulk SELECT 3)$(mbulk GET "$k")$(mbulk GET "$k-2")
    run wire "$sent" -n 9
    expect "SET $k; COPY to 3 as $k and $k-2; GET; SET $k v2; COPY again; SELECT 3; GET both" \
        "+OK\\r\\n:1\\r\\n:1\\r\\n$(bulk "$v")+OK\\r\\n:0\\r\\n+OK\\r\\n$(bulk "$v")$(bulk "$v")" "$output"
    run wire "$(mbulk COPY "$k" "$k" REPLACE DB 3)$(mbulk SELECT 3)$(mbulk GET "$k")" -n 3
    expect "COPY $k $k REPLACE DB 3; SELECT 3; GET" ":1\\r\\n+OK\\r\\n$(bulk "$v2")" "$output"
}

@test "08 COPY copies the TTL" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c) d=$(rand_word d)
    run wire "$(mbulk SET "$a" v EX 1000)$(mbulk COPY "$a" "$b")$(mbulk COPY "$a" "$c" DB 2)" -n 3
    expect "SET $a EX 1000; COPY $a $b; COPY $a $c DB 2" '+OK\r\n:1\r\n:1\r\n' "$output"
    run rcli ttl "$b"
    expect "TTL $b" 990..1000 "$(in_range 990 1000 "$output")"
    run rcli -n 2 ttl "$c"
    expect "TTL $c in database 2" 990..1000 "$(in_range 990 1000 "$output")"
    run wire "$(mbulk SET "$d" x)$(mbulk COPY "$d" "$b" REPLACE)$(mbulk TTL "$b")" -n 3
    expect "SET $d x; COPY $d $b REPLACE; TTL $b" '+OK\r\n:1\r\n:-1\r\n' "$output"
}

@test "08 COPY errors: same key, bad option, bad database" {
    k=$(rand_word k) x=$(rand_word x)
    sent=$(mbulk SET "$k" v)$(mbulk COPY "$k" "$k")$(mbulk COPY "$k" "$k" DB 0)$(mbulk COPY "$k" "$x" "$(rand_word opt)")
    sent+=$(mbulk COPY "$k" "$x" DB)$(mbulk COPY "$k" "$x" DB x)$(mbulk COPY "$k" "$x" DB 16)$(mbulk COPY "$k" "$x" DB -1)
    sent+=$(mbulk COPY "$k" "$x" DB 2147483648)$(mbulk COPY "$(rand_word missing)" "$x" DB 16)$(mbulk EXISTS "$x")
    run wire "$sent" -n 11
    want="+OK\\r\\n$SAME_ERR$SAME_ERR$SYNTAX_ERR$SYNTAX_ERR$NOTINT_ERR$RANGE_ERR$RANGE_ERR$INTMAX_ERR$RANGE_ERR:0\\r\\n"
    expect "COPY k k; k k DB 0; k x OPT; DB; DB x; DB 16; DB -1; DB 2147483648; missing DB 16; EXISTS x" "$want" "$output"
}

# ---------------------------------------------------------- UNLINK, TOUCH

@test "08 UNLINK counts the keys it removed; TOUCH counts the keys that exist" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c)
    sent=$(mbulk SET "$a" 1)$(mbulk SET "$b" 2)$(mbulk SELECT 1)$(mbulk SET "$a" 3)$(mbulk SELECT 0)
    # TOUCH counts a repeated key each time; UNLINK removes it once
    sent+=$(mbulk TOUCH "$a" "$a" "$b" "$c")$(mbulk UNLINK "$a" "$b" "$c" "$a")$(mbulk EXISTS "$a" "$b")$(mbulk TOUCH "$a")
    sent+=$(mbulk SELECT 1)$(mbulk GET "$a")
    run wire "$sent" -n 11
    expect "TOUCH a a b c; UNLINK a b c a; EXISTS a b; TOUCH a; SELECT 1; GET a" \
        "+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n+OK\\r\\n:3\\r\\n:2\\r\\n:0\\r\\n:0\\r\\n+OK\\r\\n$(bulk 3)" "$output"
}

@test "08 wrong arity for SELECT, MOVE, SWAPDB, TYPE, RENAME, RANDOMKEY, COPY, UNLINK, TOUCH, SCAN" {
    sent=$(mbulk SELECT)$(mbulk SELECT 1 2)$(mbulk MOVE k)$(mbulk SWAPDB 0)$(mbulk SWAPDB 0 1 2)$(mbulk TYPE)
    sent+=$(mbulk TYPE a b)$(mbulk RENAME k)$(mbulk RENAMENX k)$(mbulk RANDOMKEY x)$(mbulk COPY k)
    sent+=$(mbulk UNLINK)$(mbulk TOUCH)$(mbulk SCAN)
    run wire "$sent" -n 14
    want=""
    for c in select select move swapdb swapdb type type rename renamenx randomkey copy unlink touch scan; do
        want+="-ERR wrong number of arguments for '$c' command\\r\\n"
    done
    expect "each command with too few or too many arguments" "$want" "$output"
}

# ------------------------------------------------------------------ SCAN

@test "08 SCAN replies with a cursor bulk string and an array of keys" {
    k=$(rand_word k)
    sent=$(mbulk SCAN 0)$(mbulk SET "$k" v)$(mbulk SCAN 0)$(mbulk SCAN 0 MATCH "$(rand_word nomatch)*")
    sent+=$(mbulk SELECT 1)$(mbulk SCAN 0)
    run wire "$sent" -n 6
    want="$EMPTY_SCAN+OK\\r\\n*2\\r\\n\$1\\r\\n0\\r\\n*1\\r\\n$(bulk "$k")$EMPTY_SCAN+OK\\r\\n$EMPTY_SCAN"
    expect "SCAN 0 (empty); SET $k; SCAN 0; SCAN 0 MATCH nomatch*; SELECT 1; SCAN 0" "$want" "$output"
}

@test "08 SCAN's cursor in the middle of an iteration is a bulk string too" {
    load_keys "$(rand_word p)" 200
    run wire "$(mbulk SCAN 0 COUNT 5)" -n 1
    re='^\*2\\r\\n\$([0-9]+)\\r\\n([1-9][0-9]*)\\r\\n\*([0-9]+)\\r\\n'
    [[ "$output" =~ $re ]] || { echo "SCAN 0 COUNT 5 over 200 keys: $output"; false; }
    cursor=${BASH_REMATCH[2]}
    expect "length of cursor $cursor" "${#cursor}" "${BASH_REMATCH[1]}"
    run wire "$(mbulk SCAN "$cursor" COUNT 5)" -n 1
    re='^\*2\\r\\n\$[0-9]+\\r\\n[0-9]+\\r\\n\*[0-9]+\\r\\n'
    [[ "$output" =~ $re ]] || { echo "SCAN $cursor COUNT 5: $output"; false; }
}

@test "08 a SCAN loop over 1,000 keys returns every key" {
    p=$(rand_word p)
    load_keys "$p" 1000
    names "$p" 1000 >"$BATS_TEST_TMPDIR/want"
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    scan_all 7 >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop (default COUNT)" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    # COUNT 1 still makes progress, one or a few keys a call
    q=$(rand_word q)
    load_keys "$q" 50 6
    names "$q" 50 >"$BATS_TEST_TMPDIR/want"
    send 7 $'*2\r\n$6\r\nSELECT\r\n$1\r\n6\r\n'
    IFS= read -r -t 5 reply <&7 || reply=timeout
    expect "SELECT 6" $'+OK\r' "$reply"
    scan_all 7 COUNT 1 >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop in database 6 (COUNT 1)" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    exec 7>&-
}

@test "08 SCAN sees only the current database" {
    p=$(rand_word p) q=$(rand_word q)
    load_keys "$p" 100
    load_keys "$q" 60 5
    names "$q" 60 >"$BATS_TEST_TMPDIR/want"
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    send 7 $'*2\r\n$6\r\nSELECT\r\n$1\r\n5\r\n'
    IFS= read -r -t 5 reply <&7 || reply=timeout
    expect "SELECT 5" $'+OK\r' "$reply"
    scan_all 7 COUNT 20 >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop in database 5" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    exec 7>&-
}

@test "08 SCAN MATCH returns only the keys that match" {
    p=$(rand_word p)
    load_keys "$p:a" 100
    load_keys "$p:b" 100
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    names "$p:a" 100 >"$BATS_TEST_TMPDIR/want"
    scan_all 7 MATCH "$p:a:*" COUNT 30 >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop MATCH $p:a:*" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    printf '%s\n' "$p:a:1"{0..9} "$p:b:1"{0..9} >"$BATS_TEST_TMPDIR/want"
    scan_all 7 match "$p:?:1?" >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop match $p:?:1?" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    scan_all 7 MATCH "$p:[^a]:*0" COUNT 1000 >"$BATS_TEST_TMPDIR/got"
    printf '%s\n' "$p:b:"{1..10}0 >"$BATS_TEST_TMPDIR/want"
    expect "SCAN loop MATCH $p:[^a]:*0" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    exec 7>&-
}

@test "08 SCAN TYPE string returns the strings; another type returns nothing" {
    p=$(rand_word p)
    load_keys "$p" 100
    names "$p" 100 >"$BATS_TEST_TMPDIR/want"
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    scan_all 7 TYPE string >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop TYPE string" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    scan_all 7 TYPE list COUNT 50 >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop TYPE list over strings only" "" "$(cat "$BATS_TEST_TMPDIR/got")"
    # options in any order and case, together
    printf '%s\n' "$p:"{1..9} >"$BATS_TEST_TMPDIR/want"
    scan_all 7 type STRING count 10 match "$p:?" >"$BATS_TEST_TMPDIR/got"
    expect "SCAN loop type STRING count 10 match $p:?" "missing: [] unexpected: []" \
        "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
    exec 7>&-
}

@test "08 SCAN with a COUNT larger than the table returns every key at once" {
    p=$(rand_word p)
    load_keys "$p" 300
    run wire "$(mbulk SCAN 0 COUNT 100000)" -n 1
    want='*2\r\n$1\r\n0\r\n*300\r\n'
    expect "SCAN 0 COUNT 100000 over 300 keys (cursor and array header)" "$want" "${output:0:${#want}}"
    got=$(printf '%s\n' "${output//\\r\\n/$'\n'}" | grep "^$p:" | sort -u)
    expect "distinct keys in the reply" 300 "$(wc -l <<<"$got")"
}

@test "08 SCAN errors: invalid cursor, bad COUNT, missing or unknown option" {
    sent=$(mbulk SCAN x)$(mbulk SCAN 1.5)$(mbulk SCAN 18446744073709551616)$(mbulk SCAN x COUNT 0)
    sent+=$(mbulk SCAN 0 COUNT 0)$(mbulk SCAN 0 COUNT -1)$(mbulk SCAN 0 COUNT x)
    sent+=$(mbulk SCAN 0 MATCH)$(mbulk SCAN 0 TYPE)$(mbulk SCAN 0 COUNT 1 MATCH)$(mbulk SCAN 0 "$(rand_word opt)" 1)
    run wire "$sent" -n 11
    cur='-ERR invalid cursor\r\n'
    want="$cur$cur$cur$cur$SYNTAX_ERR$SYNTAX_ERR$NOTINT_ERR$SYNTAX_ERR$SYNTAX_ERR$SYNTAX_ERR$SYNTAX_ERR"
    expect "SCAN x; 1.5; 2^64; x COUNT 0; 0 COUNT 0; COUNT -1; COUNT x; MATCH; TYPE; COUNT 1 MATCH; unknown" \
        "$want" "$output"
}

# redis-cli --scan follows the cursor with SCAN ... MATCH.  Another client
# adds up to 80,000 keys meanwhile (the test checks that DBSIZE grew while
# the scan ran): the table grows past 131,072 entries, the size Redis's
# table has for 100,000 keys, so it is resized while the cursor moves.  The
# scan must still return every key that was there all along.
@test "08 redis-cli --scan finds all 100,000 user:* keys while another client writes" {
    u=user:$(rand_word u) o=other:$(rand_word o)
    load_keys "$u" 100000
    run rcli dbsize
    expect "DBSIZE after loading" 100000 "$output"
    (
        for ((b = 0; b < 80; b++)); do
            set_cmds "$o" $((b * 1000 + 1)) $((b * 1000 + 1000)) |
                timeout 20 "$WIRE" -p "$PORT" -n 1000 >/dev/null || break
        done
    ) 3>&- &
    writer=$!
    for ((i = 0; i < 100; i++)); do
        [ "$(rcli dbsize)" -gt 100000 ] && break
        sleep 0.05
    done
    before=$(rcli dbsize)
    timeout 30 redis-cli -p "$PORT" --scan --pattern 'user:*' >"$BATS_TEST_TMPDIR/got"
    after=$(rcli dbsize)
    kill "$writer" 2>/dev/null || true
    wait "$writer" 2>/dev/null || true
    [ "$before" -gt 100000 ] && [ "$after" -gt "$before" ] ||
        { echo "the writer did not write during the scan: DBSIZE $before before, $after after"; false; }
    names "$u" 100000 >"$BATS_TEST_TMPDIR/want"
    expect "redis-cli --scan --pattern 'user:*' (DBSIZE $before -> $after during it)" \
        "missing: [] unexpected: []" "$(key_diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got")"
}

# ------------------------------------------------------------------- AOF

@test "08 AOF: the same key in databases 0, 3 and 7 comes back to each" {
    DIR=$BATS_TEST_TMPDIR/data
    mkdir -p "$DIR"
    stop_server
    start_server --appendonly yes --dir "$DIR"
    k=$(rand_word k) v=$(rand_word v) only=$(rand_word only)
    sent=$(mbulk SET "$k" "$v-0")$(mbulk SELECT 3)$(mbulk SET "$k" "$v-3")
    sent+=$(mbulk SELECT 7)$(mbulk SET "$k" "$v-7")$(mbulk SET "$only" x)
    wire "$sent" -n 6 >/dev/null
    check=$(mbulk GET "$k")$(mbulk SELECT 3)$(mbulk GET "$k")$(mbulk SELECT 7)$(mbulk GET "$k")$(mbulk DBSIZE)
    check+=$(mbulk SELECT 1)$(mbulk GET "$k")$(mbulk SELECT 0)$(mbulk EXISTS "$only")
    want="$(bulk "$v-0")+OK\\r\\n$(bulk "$v-3")+OK\\r\\n$(bulk "$v-7"):2\\r\\n+OK\\r\\n\$-1\\r\\n+OK\\r\\n:0\\r\\n"
    run wire "$check" -n 10
    expect "GET $k in 0, 3, 7 (DBSIZE 2), 1; EXISTS $only in 0 - before the restart" "$want" "$output"
    stop_server
    start_server --appendonly yes --dir "$DIR"
    run wire "$check" -n 10
    expect "the same after the restart" "$want" "$output"
}

@test "08 AOF: SWAPDB, MOVE and COPY DB replay in order" {
    DIR=$BATS_TEST_TMPDIR/data
    mkdir -p "$DIR"
    stop_server
    start_server --appendonly yes --dir "$DIR"
    k=$(rand_word k) v=$(rand_word v) m=$(rand_word m) c=$(rand_word c) n=$(rand_word n)
    sent=$(mbulk SET "$k" "$v-0")$(mbulk SELECT 3)$(mbulk SET "$k" "$v-3")$(mbulk SELECT 7)$(mbulk SET "$k" "$v-7")
    sent+=$(mbulk SELECT 0)$(mbulk SWAPDB 3 7)$(mbulk SET "$m" "$v-m")$(mbulk MOVE "$m" 5)
    sent+=$(mbulk COPY "$k" "$c" DB 9)$(mbulk SWAPDB 0 9)$(mbulk SET "$n" "$v-n")
    run wire "$sent" -n 12
    expect "the writes" '+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n:1\r\n:1\r\n+OK\r\n+OK\r\n' "$output"
    # 0: c (copied to 9, then swapped in) and n; 3 and 7 swapped; 5: m; 9: old 0
    check=$(mbulk DBSIZE)$(mbulk GET "$c")$(mbulk GET "$n")$(mbulk SELECT 3)$(mbulk GET "$k")
    check+=$(mbulk SELECT 5)$(mbulk GET "$m")$(mbulk SELECT 7)$(mbulk GET "$k")$(mbulk SELECT 9)$(mbulk DBSIZE)$(mbulk GET "$k")
    want=":2\\r\\n$(bulk "$v-0")$(bulk "$v-n")+OK\\r\\n$(bulk "$v-7")+OK\\r\\n$(bulk "$v-m")+OK\\r\\n$(bulk "$v-3")"
    want+="+OK\\r\\n:1\\r\\n$(bulk "$v-0")"
    run wire "$check" -n 12
    expect "databases 0, 3, 5, 7, 9 before the restart" "$want" "$output"
    stop_server
    start_server --appendonly yes --dir "$DIR"
    run wire "$check" -n 12
    expect "databases 0, 3, 5, 7, 9 after the restart" "$want" "$output"
}

@test "08 AOF: FLUSHDB and FLUSHALL replay on the right databases" {
    DIR=$BATS_TEST_TMPDIR/data
    mkdir -p "$DIR"
    stop_server
    start_server --appendonly yes --dir "$DIR"
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c) d=$(rand_word d)
    sent=$(mbulk SET "$a" 1)$(mbulk SELECT 4)$(mbulk SET "$c" 3)$(mbulk SELECT 2)$(mbulk SET "$b" 2)
    sent+=$(mbulk FLUSHDB)$(mbulk SET "$d" 4)
    wire "$sent" -n 7 >/dev/null
    stop_server
    start_server --appendonly yes --dir "$DIR"
    check=$(mbulk DBSIZE)$(mbulk GET "$a")$(mbulk SELECT 2)$(mbulk DBSIZE)$(mbulk GET "$d")$(mbulk SELECT 4)$(mbulk GET "$c")
    run wire "$check" -n 7
    expect "after FLUSHDB in 2 and a restart: database 0, 2, 4" \
        ":1\\r\\n$(bulk 1)+OK\\r\\n:1\\r\\n$(bulk 4)+OK\\r\\n$(bulk 3)" "$output"
    run wire "$(mbulk SELECT 3)$(mbulk FLUSHALL)$(mbulk SET "$b" 5)" -n 3
    expect "SELECT 3; FLUSHALL; SET $b" '+OK\r\n+OK\r\n+OK\r\n' "$output"
    stop_server
    start_server --appendonly yes --dir "$DIR"
    run wire "$(mbulk DBSIZE)$(mbulk SELECT 2)$(mbulk DBSIZE)$(mbulk SELECT 4)$(mbulk DBSIZE)$(mbulk SELECT 3)$(mbulk DBSIZE)$(mbulk GET "$b")" -n 9
    expect "after FLUSHALL, a SET in 3 and a restart: DBSIZE of 0, 2, 4, 3; GET $b" \
        ":0\\r\\n+OK\\r\\n:0\\r\\n+OK\\r\\n:0\\r\\n+OK\\r\\n:1\\r\\n$(bulk 5)" "$output"
}

# A log written with 16 databases cannot be replayed into 4: the SELECT
# fails, and going on would put database 7's keys into database 0.
# bats test_tags=rung-only
@test "08 AOF: a server with fewer databases refuses a file that selects a missing one" {
    stop_server
    mkdir -p "$BATS_TEST_TMPDIR/data"
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    k=$(rand_word k)
    rcli -n 7 set "$k" seven >/dev/null
    rcli set "$k" zero >/dev/null
    stop_server
    run timeout 10 "$RUNG_SERVER" --port 0 --appendonly yes --dir "$BATS_TEST_TMPDIR/data" --databases 4
    expect "restart with --databases 4: exit status" 1 "$status"
    [[ "$output" == *"SELECT failed: ERR DB index is out of range"* ]] ||
        { echo "log: $output"; false; }
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    expect "GET $k in db 7 after a normal restart" seven "$(rcli -n 7 get "$k")"
    expect "GET $k in db 0" zero "$(rcli get "$k")"
}
