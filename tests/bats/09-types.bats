# Stage 09: values get types - string commands (counters, ranges, MSET/MGET) and hashes.
# bats file_tags=stage:09

load helpers

setup() { start_server; }
teardown() { stop_server; }

WRONGTYPE="WRONGTYPE Operation against a key holding the wrong kind of value"

# words N PREFIX: N random words, one per line.
words() {
    local i
    for ((i = 1; i <= $1; i++)); do
        rand_word "$2$i"
        echo
    done
}

# bulk VALUE / err TEXT: a bulk string / error reply as wire prints it.
bulk() {
    printf '$%d\\r\\n%s\\r\\n' "${#1}" "$1"
}
err() {
    printf -- '-%s\\r\\n' "$1"
}

# hset_fields KEY LINES: HSET KEY with each line of LINES as a field of value v.
hset_fields() {
    local f
    local -a args=()
    while IFS= read -r f; do args+=("$f" v); done <<<"$2"
    rcli hset "$1" "${args[@]}" >/dev/null
}

# differ A B: the first lines of a diff between the lines in A and in B
# (empty when they are the same); keeps failures of big lists readable.
differ() {
    diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | head -n 10
}

# pairs_of: join a flat field/value list (one per line, as HGETALL prints
# it with raw output) into "field value" lines, sorted.
pairs_of() {
    paste -d ' ' - - | sort
}

# hset_pipelined KEY PREFIX N VALUE_PAD: HSET KEY PREFIX:f:i PREFIX-v-i+PAD
# for i in 1..N, N commands sent in one write; prints the replies.  (awk
# writes the commands: bash loops are slow under bats.)
hset_pipelined() {
    wire "$(awk -v key="$1" -v p="$2" -v n="$3" -v pad="$4" 'BEGIN {
        for (i = 1; i <= n; i++) {
            f = p ":f:" i; v = p "-v-" i pad
            printf "*4\\r\\n$4\\r\\nHSET\\r\\n$%d\\r\\n%s\\r\\n$%d\\r\\n%s\\r\\n$%d\\r\\n%s\\r\\n",
                length(key), key, length(f), f, length(v), v
        }
    }')" -n "$3"
}

# hset_pairs PREFIX N: the "field value" lines hset_pipelined PREFIX N ''
# writes, sorted.
hset_pairs() {
    seq 1 "$2" | awk -v p="$1" '{ print p ":f:" $1 " " p "-v-" $1 }' | sort
}

# hscan_all KEY [HSCAN options...]: follow the cursor until it comes back
# to 0 (at most 2,000 calls); prints "field value" lines, sorted and
# deduplicated (a full scan may return an element twice), then on the last
# line "calls=N maxpairs=M cursor=C" (M: the most pairs one call returned,
# C: the last cursor).  Fields and values must not contain a newline.  A
# reply that is not a scan reply is printed and ends the loop.
hscan_all() {
    local key=$1 cursor=0 calls=0 maxpairs=0 all="" chunk
    local -a reply
    shift
    while ((calls < 2000)); do
        mapfile -t reply < <(rcli hscan "$key" "$cursor" "$@")
        calls=$((calls + 1))
        cursor=${reply[0]:-none}
        [[ "$cursor" =~ ^[0-9]+$ ]] || { echo "unexpected reply: ${reply[*]}"; break; }
        # redis-cli prints an empty array as an empty line.
        ((${#reply[@]} == 2)) && [ -z "${reply[1]}" ] && reply=("$cursor")
        ((${#reply[@]} / 2 > maxpairs)) && maxpairs=$((${#reply[@]} / 2))
        if ((${#reply[@]} > 1)); then
            printf -v chunk '%s\n' "${reply[@]:1}"
            all+=$chunk
        fi
        [ "$cursor" = 0 ] && break
    done
    printf '%s' "$all" | paste -d ' ' - - | sort -u
    echo "calls=$calls maxpairs=$maxpairs cursor=$cursor"
}

# ---------------------------------------------------------------- counters

@test "09 INCR and DECR start from 0 on a missing key and store the number as text" {
    k=$(rand_word ctr) d=$(rand_word dctr)
    run wire "$(mbulk INCR "$k")$(mbulk INCR "$k")$(mbulk GET "$k")$(mbulk DECR "$d")$(mbulk DECR "$d")$(mbulk GET "$d")" -n 6
    expect "INCR $k x2; GET; DECR $d x2; GET" ':1\r\n:2\r\n$1\r\n2\r\n:-1\r\n:-2\r\n$2\r\n-2\r\n' "$output"
    n=$((RANDOM - 16384))
    rcli set "$k" "$n" >/dev/null
    run rcli incr "$k"
    expect "INCR $k (was $n)" "$((n + 1))" "$output"
    run rcli decr "$k"
    expect "DECR $k" "$n" "$output"
    run rcli get "$k"
    expect "GET $k" "$n" "$output"
}

@test "09 INCRBY and DECRBY add and subtract, negative and large amounts included" {
    k=$(rand_word ctr)
    a=$((RANDOM * 32768 + RANDOM)) b=$((RANDOM - 16384)) c=$(((RANDOM + 1) * 1000003 * 1000003))
    run rcli incrby "$k" "$a"
    expect "INCRBY $k $a (missing key)" "$a" "$output"
    run rcli incrby "$k" "$b"
    expect "INCRBY $k $b" "$((a + b))" "$output"
    run rcli decrby "$k" "$c"
    expect "DECRBY $k $c" "$((a + b - c))" "$output"
    run rcli decrby "$k" "-$c"
    expect "DECRBY $k -$c" "$((a + b))" "$output"
    run rcli get "$k"
    expect "GET $k" "$((a + b))" "$output"
    run wire "$(mbulk DECRBY "$(rand_word new)" 7)$(mbulk INCRBY "$k" 0)" -n 2
    expect "DECRBY new 7; INCRBY $k 0" ":-7\\r\\n:$((a + b))\\r\\n" "$output"
}

@test "09 INCR accepts only a plain decimal integer as the stored value" {
    k=$(rand_word ctr)
    # Leading or trailing spaces, leading zeros, a + sign, -0, empty,
    # decimals and numbers past 64 bits are all refused, value untouched.
    sent="" want=""
    nonint=$(err "ERR value is not an integer or out of range")
    for v in " 1" "1 " "01" "+1" "-0" "" "1.5" "1e3" "0x10" "$(rand_word abc)" \
        9223372036854775808 -9223372036854775809; do
        sent+="$(mbulk SET "$k" "$v")$(mbulk INCR "$k")$(mbulk DECR "$k")$(mbulk INCRBY "$k" 5)$(mbulk GET "$k")"
        want+="+OK\\r\\n$nonint$nonint$nonint$(bulk "$v")"
    done
    run wire "$sent" -n 60
    expect "SET $k to each non-integer; INCR; DECR; INCRBY 5; GET" "$want" "$output"
    run wire "$(mbulk SET "$k" 0)$(mbulk INCR "$k")$(mbulk SET "$k" -5)$(mbulk INCR "$k")$(mbulk SET "$k" 9223372036854775806)$(mbulk INCR "$k")" -n 6
    expect "INCR of 0, -5, 9223372036854775806" '+OK\r\n:1\r\n+OK\r\n:-4\r\n+OK\r\n:9223372036854775807\r\n' "$output"
}

@test "09 INCRBY and DECRBY refuse an increment that is not an integer" {
    k=$(rand_word ctr)
    sent=$(mbulk SET "$k" 10) want='+OK\r\n'
    nonint=$(err "ERR value is not an integer or out of range")
    for inc in x 1.0 "" " 2" 9223372036854775808 "$(rand_word n)"; do
        sent+="$(mbulk INCRBY "$k" "$inc")$(mbulk DECRBY "$k" "$inc")"
        want+="$nonint$nonint"
    done
    run wire "$sent$(mbulk GET "$k")" -n 14
    expect "INCRBY/DECRBY $k by x, 1.0, '', ' 2', 2^63, a word; GET" "$want\$2\\r\\n10\\r\\n" "$output"
}

@test "09 counters refuse to overflow 64 bits and keep the old value" {
    max=9223372036854775807 min=-9223372036854775808
    k=$(rand_word ctr)
    rcli set "$k" "$max" >/dev/null
    run wire "$(mbulk INCR "$k")$(mbulk INCRBY "$k" 1)$(mbulk DECRBY "$k" -1)$(mbulk GET "$k")" -n 4
    want='-ERR increment or decrement would overflow\r\n-ERR increment or decrement would overflow\r\n'
    want+="-ERR increment or decrement would overflow\\r\\n\$19\\r\\n$max\\r\\n"
    expect "INCR; INCRBY 1; DECRBY -1; GET at $max" "$want" "$output"
    rcli set "$k" "$min" >/dev/null
    run wire "$(mbulk DECR "$k")$(mbulk INCRBY "$k" -1)$(mbulk DECRBY "$k" 1)$(mbulk GET "$k")" -n 4
    want='-ERR increment or decrement would overflow\r\n-ERR increment or decrement would overflow\r\n'
    want+="-ERR increment or decrement would overflow\\r\\n\$20\\r\\n$min\\r\\n"
    expect "DECR; INCRBY -1; DECRBY 1; GET at $min" "$want" "$output"
    # The extremes themselves are reachable.
    rcli set "$k" 9223372036854775806 >/dev/null
    run rcli incr "$k"
    expect "INCR to the maximum" "$max" "$output"
    run rcli incrby "$k" "$min"
    expect "INCRBY $min from the maximum" -1 "$output"
    # DECRBY of the most negative number cannot be negated: its own error.
    run rcli decrby "$k" "$min"
    expect "DECRBY $k $min" "ERR decrement would overflow" "$output"
}

@test "09 INCRBYFLOAT answers the shortest decimal form" {
    k=$(rand_word f)
    rcli set "$k" 10.5 >/dev/null
    run rcli incrbyfloat "$k" 0.1
    expect "INCRBYFLOAT 10.5 + 0.1" 10.6 "$output"
    run rcli get "$k"
    expect "GET $k" 10.6 "$output"
    rcli set "$k" 5.0e3 >/dev/null
    run rcli incrbyfloat "$k" 2.0e2
    expect "INCRBYFLOAT 5.0e3 + 2.0e2" 5200 "$output"
    rcli set "$k" 1.1 >/dev/null
    run rcli incrbyfloat "$k" -1.1
    expect "INCRBYFLOAT 1.1 + -1.1" 0 "$output"
    rcli set "$k" 0.1 >/dev/null
    run rcli incrbyfloat "$k" 0.2
    expect "INCRBYFLOAT 0.1 + 0.2" 0.3 "$output"
    m=$(rand_word missing)
    run wire "$(mbulk INCRBYFLOAT "$m" 3.0e3)$(mbulk INCRBYFLOAT "$m" -0.5)$(mbulk GET "$m")" -n 3
    expect "INCRBYFLOAT $m 3.0e3; INCRBYFLOAT -0.5; GET" '$4\r\n3000\r\n$6\r\n2999.5\r\n$6\r\n2999.5\r\n' "$output"
    n=$((RANDOM * 32768 + RANDOM))
    rcli set "$k" "$n.5" >/dev/null
    run rcli incrbyfloat "$k" 0.25
    expect "INCRBYFLOAT $n.5 + 0.25" "$n.75" "$output"
    run rcli incrbyfloat "$k" 0.25
    expect "INCRBYFLOAT $n.75 + 0.25" "$((n + 1))" "$output"
}

@test "09 INCRBYFLOAT and INCR share the value: whole results are plain integers" {
    k=$(rand_word f) n=$((RANDOM))
    rcli set "$k" "$n" >/dev/null
    run rcli incrbyfloat "$k" 3
    expect "INCRBYFLOAT $n 3" "$((n + 3))" "$output"
    run rcli incr "$k"
    expect "INCR after INCRBYFLOAT" "$((n + 4))" "$output"
    run rcli incrbyfloat "$k" 0.5
    expect "INCRBYFLOAT 0.5" "$((n + 4)).5" "$output"
    run rcli incr "$k"
    expect "INCR of $((n + 4)).5" "ERR value is not an integer or out of range" "$output"
    run rcli incrbyfloat "$k" 1e2
    expect "INCRBYFLOAT 1e2" "$((n + 104)).5" "$output"
}

@test "09 INCRBYFLOAT refuses non-floats and infinite results" {
    k=$(rand_word f)
    sent=$(mbulk SET "$k" 7) want='+OK\r\n'
    for inc in x "" " 1" "1 " nan "$(rand_word f)"; do
        mbulk_add sent INCRBYFLOAT "$k" "$inc"
        want+=$(err "ERR value is not a valid float")
    done
    for inc in inf -inf; do
        mbulk_add sent INCRBYFLOAT "$k" "$inc"
        want+=$(err "ERR increment would produce NaN or Infinity")
    done
    run wire "$sent$(mbulk GET "$k")" -n 10
    expect "INCRBYFLOAT $k by x, '', ' 1', '1 ', nan, a word, inf, -inf; GET" "$want\$1\\r\\n7\\r\\n" "$output"
    sent="" want=""
    for v in abc " 1.5" "1.5 " "$(rand_word v)"; do
        sent+="$(mbulk SET "$k" "$v")$(mbulk INCRBYFLOAT "$k" 1)$(mbulk GET "$k")"
        want+="+OK\\r\\n$(err "ERR value is not a valid float")$(bulk "$v")"
    done
    sent+="$(mbulk SET "$k" inf)$(mbulk INCRBYFLOAT "$k" 1)"
    want+="+OK\\r\\n$(err "ERR increment would produce NaN or Infinity")"
    run wire "$sent" -n 14
    expect "INCRBYFLOAT 1 on abc, ' 1.5', '1.5 ', a word, inf" "$want" "$output"
    run wire "$(mbulk INCRBYFLOAT "$k")$(mbulk INCRBYFLOAT "$k" 1 2)" -n 2
    want=$(err "ERR wrong number of arguments for 'incrbyfloat' command")
    expect "INCRBYFLOAT $k; INCRBYFLOAT $k 1 2" "$want$want" "$output"
}

# ------------------------------------------------------ APPEND and ranges

@test "09 APPEND creates, concatenates and answers the new length; STRLEN" {
    k=$(rand_word k) a=$(rand_word a) b=$(rand_word "b c")
    run rcli append "$k" "$a"
    expect "APPEND $k $a (missing key)" "${#a}" "$output"
    run rcli append "$k" "$b"
    expect "APPEND $k '$b'" "$((${#a} + ${#b}))" "$output"
    run rcli get "$k"
    expect "GET $k" "$a$b" "$output"
    run rcli strlen "$k"
    expect "STRLEN $k" "$((${#a} + ${#b}))" "$output"
    run rcli strlen "$(rand_word missing)"
    expect "STRLEN of a missing key" 0 "$output"
    # An empty APPEND to a missing key still creates it, empty.
    e=$(rand_word empty)
    run wire "*3\r\n\$6\r\nAPPEND\r\n\$${#e}\r\n$e\r\n\$0\r\n\r\n$(mbulk EXISTS "$e")$(mbulk GET "$e")$(mbulk STRLEN "$e")" -n 4
    expect "APPEND $e ''; EXISTS; GET; STRLEN" ':0\r\n:1\r\n$0\r\n\r\n:0\r\n' "$output"
    # APPEND to a number keeps it a number.
    n=$((RANDOM % 1000 + 1)) d=$((RANDOM % 10))
    rcli set "$k" "$n" >/dev/null
    rcli append "$k" "$d" >/dev/null
    run rcli incr "$k"
    expect "INCR after APPEND $d to $n" "$((n * 10 + d + 1))" "$output"
}

@test "09 APPEND and STRLEN are binary safe" {
    k=$(rand_word k) v=$(rand_word v)
    # Append "\0\r\n" then v: STRLEN counts every byte.
    sent="*3\r\n\$6\r\nAPPEND\r\n\$${#k}\r\n$k\r\n\$3\r\n\x00\r\n\r\n$(mbulk APPEND "$k" "$v")$(mbulk STRLEN "$k")$(mbulk GET "$k")"
    run wire "$sent" -n 4
    expect "APPEND $k \\0\\r\\n; APPEND $k $v; STRLEN; GET" \
        ":3\\r\\n:$((3 + ${#v}))\\r\\n:$((3 + ${#v}))\\r\\n\$$((3 + ${#v}))\\r\\n\\x00\\r\\n$v\\r\\n" "$output"
}

@test "09 GETRANGE with positive and negative ranges" {
    k=$(rand_word k)
    v="Hello World $(rand_word x)" # 12 + 16 bytes
    len=${#v}
    rcli set "$k" "$v" >/dev/null
    sent="" want="" ranges=""
    # add START END EXPECTED: one more GETRANGE for the pipeline.
    add() {
        mbulk_add sent GETRANGE "$k" "$1" "$2"
        want+=$(bulk "$3")
        ranges+="$1..$2 "
    }
    add 0 4 "Hello"
    add 6 10 "World"
    add 0 -1 "$v"
    add -16 -1 "${v: -16}"
    add -5 -1 "${v: -5}"
    add -$((len + 100)) -1 "$v"
    add -$((len + 100)) 2 "Hel"
    add 3 -$((len + 100)) ""
    add 0 $((len + 100)) "$v"
    add $((len - 1)) $((len - 1)) "${v: -1}"
    add "$len" "$len" ""
    add $((len + 10)) $((len + 20)) ""
    add 5 3 ""
    add -1 -5 ""
    add 0 0 "H"
    run wire "$sent" -n 15
    expect "GETRANGE $k (value '$v') $ranges" "$want" "$output"
    run wire "$(mbulk GETRANGE "$(rand_word missing)" 0 -1)" -n 1
    expect "GETRANGE missing 0 -1" '$0\r\n\r\n' "$output"
    nonint=$(err "ERR value is not an integer or out of range")
    run wire "$(mbulk GETRANGE "$k" a 1)$(mbulk GETRANGE "$k" 0 x)$(mbulk GETRANGE "$k" 1.5 2)$(mbulk GETRANGE "$k" 0)" -n 4
    expect "GETRANGE $k a 1; 0 x; 1.5 2; 0" "$nonint$nonint$nonint$(err "ERR wrong number of arguments for 'getrange' command")" "$output"
}

@test "09 SETRANGE overwrites, extends with zero bytes and answers the length" {
    k=$(rand_word k)
    rcli set "$k" Hello >/dev/null
    run wire "$(mbulk SETRANGE "$k" 6 World)$(mbulk GET "$k")" -n 2
    expect "SETRANGE $k 6 World; GET" ':11\r\n$11\r\nHello\x00World\r\n' "$output"
    run wire "$(mbulk SETRANGE "$k" 1 ELL)$(mbulk GET "$k")" -n 2
    expect "SETRANGE $k 1 ELL; GET" ':11\r\n$11\r\nHELLo\x00World\r\n' "$output"
    m=$(rand_word missing) v=$(rand_word v)
    run wire "$(mbulk SETRANGE "$m" 2 "$v")$(mbulk GET "$m")" -n 2
    expect "SETRANGE $m 2 $v on a missing key; GET" ":$((${#v} + 2))\\r\\n\$$((${#v} + 2))\\r\\n\\x00\\x00$v\\r\\n" "$output"
}

@test "09 SETRANGE with an empty value changes nothing" {
    k=$(rand_word k) m=$(rand_word missing) v=$(rand_word v)
    rcli set "$k" "$v" >/dev/null
    e='\r\n$0\r\n\r\n'
    sent="*4\r\n\$8\r\nSETRANGE\r\n\$${#k}\r\n$k\r\n\$3\r\n100$e"
    sent+="*4\r\n\$8\r\nSETRANGE\r\n\$${#m}\r\n$m\r\n\$1\r\n0$e"
    sent+="*4\r\n\$8\r\nSETRANGE\r\n\$${#m}\r\n$m\r\n\$1\r\n5$e"
    sent+="$(mbulk GET "$k")$(mbulk EXISTS "$m")"
    run wire "$sent" -n 5
    expect "SETRANGE $k 100 ''; SETRANGE $m 0 ''; SETRANGE $m 5 ''; GET $k; EXISTS $m" \
        ":${#v}\\r\\n:0\\r\\n:0\\r\\n\$${#v}\\r\\n$v\\r\\n:0\\r\\n" "$output"
}

@test "09 SETRANGE refuses negative offsets and strings past 512 MB" {
    k=$(rand_word k) m=$(rand_word missing) v=$(rand_word v)
    rcli set "$k" "$v" >/dev/null
    for key in "$k" "$m"; do
        run rcli setrange "$key" -1 x
        expect "SETRANGE $key -1 x" "ERR offset is out of range" "$output"
        run rcli setrange "$key" 536870912 x
        expect "SETRANGE $key 536870912 x" "ERR string exceeds maximum allowed size (proto-max-bulk-len)" "$output"
        run rcli setrange "$key" 536870911 xy
        expect "SETRANGE $key 536870911 xy" "ERR string exceeds maximum allowed size (proto-max-bulk-len)" "$output"
    done
    run rcli get "$k"
    expect "GET $k after the refusals" "$v" "$output"
    run rcli exists "$m"
    expect "EXISTS $m after the refusals" 0 "$output"
    run rcli setrange "$k" x y
    expect "SETRANGE $k x y" "ERR value is not an integer or out of range" "$output"
    run rcli setrange "$k" 1
    expect "SETRANGE $k 1" "ERR wrong number of arguments for 'setrange' command" "$output"
}

# ------------------------------------------------------- multi-key strings

@test "09 MSET sets every pair; MGET answers nil for missing keys" {
    a=$(rand_word a) b=$(rand_word b) m=$(rand_word missing) va=$(rand_word va) vb=$(rand_word vb)
    run rcli mset "$a" "$va" "$b" "$vb"
    expect "MSET $a $va $b $vb" OK "$output"
    run wire "$(mbulk MGET "$a" "$m" "$b" "$a")" -n 1
    expect "MGET $a $m $b $a" "*4\\r\\n\$${#va}\\r\\n$va\\r\\n\$-1\\r\\n\$${#vb}\\r\\n$vb\\r\\n\$${#va}\\r\\n$va\\r\\n" "$output"
    run wire "$(mbulk MGET "$m")" -n 1
    expect "MGET $m" '*1\r\n$-1\r\n' "$output"
    # A key named twice: the last value wins.
    run rcli mset "$a" one "$a" two
    expect "MSET $a one $a two" OK "$output"
    run rcli get "$a"
    expect "GET $a" two "$output"
}

@test "09 MSET and MGET arity errors" {
    a=$(rand_word a)
    run wire "$(mbulk MSET "$a")$(mbulk MSET "$a" 1 b)$(mbulk MGET)$(mbulk EXISTS "$a" b)" -n 4
    want="-ERR wrong number of arguments for 'mset' command\\r\\n-ERR wrong number of arguments for 'mset' command\\r\\n"
    want+="-ERR wrong number of arguments for 'mget' command\\r\\n:0\\r\\n"
    expect "MSET $a; MSET $a 1 b; MGET; EXISTS $a b" "$want" "$output"
}

@test "09 MSETNX sets all keys or none" {
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c) v=$(rand_word v)
    run rcli msetnx "$a" 1 "$b" 2
    expect "MSETNX $a 1 $b 2" 1 "$output"
    run rcli msetnx "$c" 3 "$a" "$v"
    expect "MSETNX $c 3 $a $v ($a exists)" 0 "$output"
    run rcli exists "$c"
    expect "EXISTS $c after the refused MSETNX" 0 "$output"
    run rcli mget "$a" "$b"
    expect "MGET $a $b" "$(printf '1\n2')" "$output"
    run rcli msetnx "$c" x "$c" y
    expect "MSETNX $c x $c y" 1 "$output"
    run rcli get "$c"
    expect "GET $c" y "$output"
    run wire "$(mbulk MSETNX "$a")$(mbulk MSETNX "$a" 1 "$b")" -n 2
    want="-ERR wrong number of arguments for 'msetnx' command\\r\\n"
    expect "MSETNX $a; MSETNX $a 1 $b" "$want$want" "$output"
}

@test "09 SETNX sets only a missing key" {
    k=$(rand_word k) v1=$(rand_word one) v2=$(rand_word two)
    run wire "$(mbulk SETNX "$k" "$v1")$(mbulk SETNX "$k" "$v2")$(mbulk GET "$k")$(mbulk SETNX "$k")" -n 4
    want=":1\\r\\n:0\\r\\n\$${#v1}\\r\\n$v1\\r\\n-ERR wrong number of arguments for 'setnx' command\\r\\n"
    expect "SETNX $k $v1; SETNX $k $v2; GET; SETNX $k" "$want" "$output"
}

@test "09 GETSET answers the old value and stores the new" {
    k=$(rand_word k) v1=$(rand_word one) v2=$(rand_word two)
    run wire "$(mbulk GETSET "$k" "$v1")$(mbulk GETSET "$k" "$v2")$(mbulk GET "$k")$(mbulk GETSET "$k")" -n 4
    want="\$-1\\r\\n\$${#v1}\\r\\n$v1\\r\\n\$${#v2}\\r\\n$v2\\r\\n-ERR wrong number of arguments for 'getset' command\\r\\n"
    expect "GETSET $k $v1; GETSET $k $v2; GET; GETSET $k" "$want" "$output"
}

@test "09 wrong arity for every string command" {
    sent="" want=""
    for c in INCR DECR INCRBY DECRBY INCRBYFLOAT APPEND STRLEN GETRANGE SETRANGE MGET MSET MSETNX SETNX GETSET; do
        mbulk_add sent "$c"
        want+="-ERR wrong number of arguments for '${c,,}' command\\r\\n"
    done
    k=$(rand_word k)
    for c in INCR DECR STRLEN; do
        mbulk_add sent "$c" "$k" extra
        want+="-ERR wrong number of arguments for '${c,,}' command\\r\\n"
    done
    run wire "$sent" -n 17
    expect "each string command without arguments, and INCR/DECR/STRLEN with two" "$want" "$output"
}

# ------------------------------------------------------------------ hashes

@test "09 HSET sets several pairs and counts only new fields" {
    h=$(rand_word h) a=$(rand_word a) b=$(rand_word b) c=$(rand_word c)
    run rcli hset "$h" f1 "$a" f2 "$b"
    expect "HSET $h f1 $a f2 $b" 2 "$output"
    run rcli hset "$h" f1 "$c" f3 "$c"
    expect "HSET $h f1 $c f3 $c (f1 exists)" 1 "$output"
    run rcli hset "$h" f3 x f3 y
    expect "HSET $h f3 x f3 y" 0 "$output"
    run rcli hget "$h" f1
    expect "HGET $h f1" "$c" "$output"
    run rcli hget "$h" f2
    expect "HGET $h f2" "$b" "$output"
    run rcli hget "$h" f3
    expect "HGET $h f3 (last value wins)" y "$output"
    run rcli hlen "$h"
    expect "HLEN $h" 3 "$output"
}

@test "09 HSET and HMSET need field/value pairs" {
    h=$(rand_word h)
    run wire "$(mbulk HSET "$h")$(mbulk HSET "$h" f)$(mbulk HSET "$h" f v g)$(mbulk HMSET "$h" f)$(mbulk HMSET "$h" f v g)$(mbulk EXISTS "$h")" -n 6
    want="-ERR wrong number of arguments for 'hset' command\\r\\n-ERR wrong number of arguments for 'hset' command\\r\\n"
    want+="-ERR wrong number of arguments for 'hset' command\\r\\n-ERR wrong number of arguments for 'hmset' command\\r\\n"
    want+="-ERR wrong number of arguments for 'hmset' command\\r\\n:0\\r\\n"
    expect "HSET/HMSET with odd counts; EXISTS $h" "$want" "$output"
}

@test "09 HMSET answers +OK" {
    h=$(rand_word h) v=$(rand_word v)
    run wire "$(mbulk HMSET "$h" a "$v" b 2)$(mbulk HMSET "$h" a 1)$(mbulk HGET "$h" a)$(mbulk HLEN "$h")" -n 4
    expect "HMSET $h a $v b 2; HMSET $h a 1; HGET a; HLEN" '+OK\r\n+OK\r\n$1\r\n1\r\n:2\r\n' "$output"
}

@test "09 HSETNX sets only a missing field" {
    h=$(rand_word h) v1=$(rand_word one) v2=$(rand_word two)
    run wire "$(mbulk HSETNX "$h" f "$v1")$(mbulk HSETNX "$h" f "$v2")$(mbulk HSETNX "$h" g "$v2")$(mbulk HGET "$h" f)$(mbulk HSETNX "$h" f)" -n 5
    want=":1\\r\\n:0\\r\\n:1\\r\\n\$${#v1}\\r\\n$v1\\r\\n-ERR wrong number of arguments for 'hsetnx' command\\r\\n"
    expect "HSETNX $h f $v1; HSETNX f $v2; HSETNX g $v2; HGET f; HSETNX $h f" "$want" "$output"
}

@test "09 HGET and HMGET answer nil for missing fields and keys" {
    h=$(rand_word h) m=$(rand_word missing) a=$(rand_word a) b=$(rand_word b)
    rcli hset "$h" fa "$a" fb "$b" >/dev/null
    sent="$(mbulk HGET "$h" nope)$(mbulk HGET "$m" fa)$(mbulk HMGET "$h" fa nope fb)$(mbulk HMGET "$m" fa fb)"
    want="\$-1\\r\\n\$-1\\r\\n*3\\r\\n\$${#a}\\r\\n$a\\r\\n\$-1\\r\\n\$${#b}\\r\\n$b\\r\\n*2\\r\\n\$-1\\r\\n\$-1\\r\\n"
    run wire "$sent" -n 4
    expect "HGET $h nope; HGET $m fa; HMGET $h fa nope fb; HMGET $m fa fb" "$want" "$output"
    run wire "$(mbulk HGET "$h")$(mbulk HMGET "$h")" -n 2
    want="-ERR wrong number of arguments for 'hget' command\\r\\n-ERR wrong number of arguments for 'hmget' command\\r\\n"
    expect "HGET $h; HMGET $h" "$want" "$output"
}

@test "09 HDEL counts removed fields and the last one removes the key" {
    h=$(rand_word h)
    rcli hset "$h" a 1 b 2 c 3 >/dev/null
    run rcli hdel "$h" a nope a
    expect "HDEL $h a nope a" 1 "$output"
    run rcli hlen "$h"
    expect "HLEN $h" 2 "$output"
    run rcli hdel "$h" b c
    expect "HDEL $h b c" 2 "$output"
    run wire "$(mbulk EXISTS "$h")$(mbulk TYPE "$h")$(mbulk HLEN "$h")$(mbulk HDEL "$h" a)$(mbulk HDEL "$h")" -n 5
    want=":0\\r\\n+none\\r\\n:0\\r\\n:0\\r\\n-ERR wrong number of arguments for 'hdel' command\\r\\n"
    expect "EXISTS; TYPE; HLEN; HDEL a; HDEL (after the last field went)" "$want" "$output"
}

@test "09 HLEN and HEXISTS" {
    h=$(rand_word h) m=$(rand_word missing) n=$((RANDOM % 20 + 5))
    args=()
    for ((i = 1; i <= n; i++)); do args+=("f$i" "$(rand_word v)"); done
    rcli hset "$h" "${args[@]}" >/dev/null
    run wire "$(mbulk HLEN "$h")$(mbulk HLEN "$m")$(mbulk HEXISTS "$h" f1)$(mbulk HEXISTS "$h" "f$n")$(mbulk HEXISTS "$h" "f$((n + 1))")$(mbulk HEXISTS "$m" f1)" -n 6
    expect "HLEN $h; HLEN $m; HEXISTS f1, f$n, f$((n + 1)); HEXISTS $m f1" ":$n\\r\\n:0\\r\\n:1\\r\\n:1\\r\\n:0\\r\\n:0\\r\\n" "$output"
    run wire "$(mbulk HLEN "$h" x)$(mbulk HEXISTS "$h")" -n 2
    want="-ERR wrong number of arguments for 'hlen' command\\r\\n-ERR wrong number of arguments for 'hexists' command\\r\\n"
    expect "HLEN $h x; HEXISTS $h" "$want" "$output"
}

@test "09 HGETALL, HKEYS and HVALS return every field and value" {
    h=$(rand_word h) n=$((RANDOM % 10 + 5))
    args=() pairs="" keys="" vals=""
    for ((i = 1; i <= n; i++)); do
        f=$(rand_word "f$i") v=$(rand_word "v$i")
        args+=("$f" "$v")
        pairs+="$f $v"$'\n' keys+="$f"$'\n' vals+="$v"$'\n'
    done
    rcli hset "$h" "${args[@]}" >/dev/null
    # Order is not guaranteed: compare sorted. HGETALL keeps each value next to its field.
    expect "HGETALL $h (as pairs)" "$(printf '%s' "$pairs" | sort)" "$(rcli hgetall "$h" | pairs_of)"
    expect "HKEYS $h" "$(printf '%s' "$keys" | sort)" "$(rcli hkeys "$h" | sort)"
    expect "HVALS $h" "$(printf '%s' "$vals" | sort)" "$(rcli hvals "$h" | sort)"
    # HKEYS and HVALS walk the hash in the same order.
    expect "HKEYS zipped with HVALS" "$(printf '%s' "$pairs" | sort)" \
        "$(paste -d ' ' <(rcli hkeys "$h") <(rcli hvals "$h") | sort)"
    m=$(rand_word missing)
    run wire "$(mbulk HGETALL "$m")$(mbulk HKEYS "$m")$(mbulk HVALS "$m")" -n 3
    expect "HGETALL, HKEYS, HVALS of a missing key" '*0\r\n*0\r\n*0\r\n' "$output"
}

@test "09 HGETALL on the wire: a flat array of field then value" {
    h=$(rand_word h) f=$(rand_word f) v=$(rand_word v)
    rcli hset "$h" "$f" "$v" >/dev/null
    run wire "$(mbulk HGETALL "$h")$(mbulk HGETALL "$h" x)$(mbulk HKEYS "$h" x)$(mbulk HVALS "$h" x)" -n 4
    want="*2\\r\\n\$${#f}\\r\\n$f\\r\\n\$${#v}\\r\\n$v\\r\\n-ERR wrong number of arguments for 'hgetall' command\\r\\n"
    want+="-ERR wrong number of arguments for 'hkeys' command\\r\\n-ERR wrong number of arguments for 'hvals' command\\r\\n"
    expect "HGETALL $h; HGETALL/HKEYS/HVALS $h x" "$want" "$output"
}

@test "09 HINCRBY counts in a field" {
    h=$(rand_word h) a=$((RANDOM)) b=$((RANDOM - 16384))
    sum=$((a + b))
    run wire "$(mbulk HINCRBY "$h" n "$a")$(mbulk HINCRBY "$h" n "$b")$(mbulk HGET "$h" n)" -n 3
    expect "HINCRBY $h n $a; HINCRBY n $b; HGET n" ":$a\\r\\n:$sum\\r\\n\$${#sum}\\r\\n$sum\\r\\n" "$output"
    rcli hset "$h" max 9223372036854775807 min -9223372036854775808 >/dev/null
    run rcli hincrby "$h" max 1
    expect "HINCRBY $h max 1" "ERR increment or decrement would overflow" "$output"
    run rcli hincrby "$h" min -1
    expect "HINCRBY $h min -1" "ERR increment or decrement would overflow" "$output"
    run rcli hget "$h" max
    expect "HGET $h max" 9223372036854775807 "$output"
}

@test "09 HINCRBY refuses a field that is not an integer and an increment that is not one" {
    h=$(rand_word h)
    sent="" want=""
    for v in abc 1.5 " 1" "1 " 01 "" "$(rand_word v)"; do
        sent+="$(mbulk HSET "$h" f "$v")$(mbulk HINCRBY "$h" f 1)$(mbulk HGET "$h" f)"
        want+=":0\\r\\n$(err "ERR hash value is not an integer")$(bulk "$v")"
    done
    want=":1${want#:0}" # the first HSET creates the field
    run wire "$sent" -n 21
    expect "HSET $h f to each non-integer; HINCRBY $h f 1; HGET" "$want" "$output"
    sent="" want=""
    for inc in x 1.5 "" 9223372036854775808; do
        mbulk_add sent HINCRBY "$h" n "$inc"
        want+=$(err "ERR value is not an integer or out of range")
    done
    sent+="$(mbulk HEXISTS "$h" n)$(mbulk HINCRBY "$h" n)"
    want+=":0\\r\\n$(err "ERR wrong number of arguments for 'hincrby' command")"
    run wire "$sent" -n 6
    expect "HINCRBY $h n by x, 1.5, '', 2^63; HEXISTS n; HINCRBY $h n" "$want" "$output"
}

@test "09 HINCRBYFLOAT formats like INCRBYFLOAT" {
    h=$(rand_word h)
    run wire "$(mbulk HINCRBYFLOAT "$h" g 10.5)$(mbulk HINCRBYFLOAT "$h" g 0.1)$(mbulk HINCRBYFLOAT "$h" g -10.6)$(mbulk HGET "$h" g)" -n 4
    expect "HINCRBYFLOAT $h g 10.5; 0.1; -10.6; HGET" '$4\r\n10.5\r\n$4\r\n10.6\r\n$1\r\n0\r\n$1\r\n0\r\n' "$output"
    rcli hset "$h" e 5.0e3 >/dev/null
    run rcli hincrbyfloat "$h" e 2.0e2
    expect "HINCRBYFLOAT 5.0e3 + 2.0e2" 5200 "$output"
    run rcli hincrbyfloat "$h" d 3.0e3
    expect "HINCRBYFLOAT of a missing field by 3.0e3" 3000 "$output"
    rcli hset "$h" c 1.1 >/dev/null
    run rcli hincrbyfloat "$h" c -1.1
    expect "HINCRBYFLOAT 1.1 + -1.1" 0 "$output"
    n=$((RANDOM))
    run rcli hincrbyfloat "$h" d "$n.25"
    expect "HINCRBYFLOAT 3000 + $n.25" "$((3000 + n)).25" "$output"
    # An integer result is stored as an integer: HINCRBY can go on.
    run rcli hincrby "$h" e 1
    expect "HINCRBY after HINCRBYFLOAT gave 5200" 5201 "$output"
}

@test "09 HINCRBYFLOAT errors" {
    h=$(rand_word h)
    rcli hset "$h" s "$(rand_word s)" n 7 x inf >/dev/null
    sent=$(mbulk HINCRBYFLOAT "$h" s 1)
    want=$(err "ERR hash value is not a float")
    for inc in x "" nan " 1"; do
        mbulk_add sent HINCRBYFLOAT "$h" n "$inc"
        want+=$(err "ERR value is not a valid float")
    done
    # Unlike INCRBYFLOAT, an infinite increment has its own text here...
    for inc in inf -inf; do
        mbulk_add sent HINCRBYFLOAT "$h" n "$inc"
        want+=$(err "ERR value is NaN or Infinity")
    done
    # ...but a field holding inf gives INCRBYFLOAT's text.
    sent+="$(mbulk HINCRBYFLOAT "$h" x 1)$(mbulk HGET "$h" n)$(mbulk HINCRBYFLOAT "$h" n)"
    want+="$(err "ERR increment would produce NaN or Infinity")\$1\\r\\n7\\r\\n"
    want+=$(err "ERR wrong number of arguments for 'hincrbyfloat' command")
    run wire "$sent" -n 10
    expect "HINCRBYFLOAT on a word; by x, '', nan, ' 1', inf, -inf; on inf; HGET n; no increment" "$want" "$output"
}

@test "09 HSTRLEN" {
    h=$(rand_word h) v=$(rand_word "a b") m=$(rand_word missing)
    rcli hset "$h" f "$v" >/dev/null
    run wire "$(mbulk HSTRLEN "$h" f)$(mbulk HSTRLEN "$h" nope)$(mbulk HSTRLEN "$m" f)$(mbulk HSTRLEN "$h")" -n 4
    want=":${#v}\\r\\n:0\\r\\n:0\\r\\n-ERR wrong number of arguments for 'hstrlen' command\\r\\n"
    expect "HSTRLEN $h f; HSTRLEN nope; HSTRLEN $m f; HSTRLEN $h" "$want" "$output"
    rcli hincrby "$h" n -123 >/dev/null
    run rcli hstrlen "$h" n
    expect "HSTRLEN of a counter holding -123" 4 "$output"
}

# ------------------------------------------------------------- HRANDFIELD

@test "09 HRANDFIELD without a count answers one field, or nil" {
    h=$(rand_word h)
    fields=$(words 5 f)
    hset_fields "$h" "$fields"
    for try in 1 2 3 4 5 6; do
        run rcli hrandfield "$h"
        grep -qxF -- "$output" <<<"$fields" || { echo "HRANDFIELD $h (try $try) answered '$output', not one of: $fields"; false; }
    done
    run wire "$(mbulk HRANDFIELD "$(rand_word missing)")" -n 1
    expect "HRANDFIELD of a missing key" '$-1\r\n' "$output"
    o=$(rand_word one) f=$(rand_word f)
    rcli hset "$o" "$f" v >/dev/null
    run wire "$(mbulk HRANDFIELD "$o")" -n 1
    expect "HRANDFIELD of a one-field hash" "$(bulk "$f")" "$output"
}

@test "09 HRANDFIELD with a positive count answers distinct fields, at most HLEN" {
    h=$(rand_word h)
    fields=$(words 7 f)
    hset_fields "$h" "$fields"
    for count in 1 3 6; do
        got=$(rcli hrandfield "$h" "$count")
        expect "HRANDFIELD $h $count: how many" "$count" "$(wc -l <<<"$got")"
        expect "HRANDFIELD $h $count: distinct" "$count" "$(sort -u <<<"$got" | wc -l)"
        expect "HRANDFIELD $h $count: all from the hash" "" "$(grep -vxFf <(echo "$fields") <<<"$got")"
    done
    for count in 7 8 100; do
        expect "HRANDFIELD $h $count (7 fields)" "$(sort <<<"$fields")" "$(rcli hrandfield "$h" "$count" | sort)"
    done
    run wire "$(mbulk HRANDFIELD "$h" 0)$(mbulk HRANDFIELD "$(rand_word missing)" 3)$(mbulk HRANDFIELD "$(rand_word missing)" -3)" -n 3
    expect "HRANDFIELD $h 0; HRANDFIELD missing 3; HRANDFIELD missing -3" '*0\r\n*0\r\n*0\r\n' "$output"
}

@test "09 HRANDFIELD with a negative count answers exactly that many, repeats allowed" {
    h=$(rand_word h)
    fields=$(words 3 f)
    hset_fields "$h" "$fields"
    got=$(rcli hrandfield "$h" -30)
    expect "HRANDFIELD $h -30: how many (3 fields)" 30 "$(wc -l <<<"$got")"
    expect "HRANDFIELD $h -30: all from the hash" "" "$(grep -vxFf <(echo "$fields") <<<"$got")"
    got=$(rcli hrandfield "$h" -2)
    expect "HRANDFIELD $h -2: how many" 2 "$(wc -l <<<"$got")"
    # With one field every pick is that field.
    o=$(rand_word one) f=$(rand_word f)
    rcli hset "$o" "$f" v >/dev/null
    run wire "$(mbulk HRANDFIELD "$o" -3)" -n 1
    expect "HRANDFIELD $o -3 (one field)" "*3\\r\\n$(bulk "$f")$(bulk "$f")$(bulk "$f")" "$output"
}

@test "09 HRANDFIELD WITHVALUES answers field/value pairs" {
    h=$(rand_word h)
    pairs=$(paste -d ' ' <(words 4 f) <(words 4 v))
    mapfile -t args < <(tr ' ' '\n' <<<"$pairs")
    rcli hset "$h" "${args[@]}" >/dev/null
    got=$(rcli hrandfield "$h" 2 withvalues | paste -d ' ' - -)
    expect "HRANDFIELD $h 2 WITHVALUES: pairs" 2 "$(wc -l <<<"$got")"
    expect "HRANDFIELD $h 2 WITHVALUES: distinct" 2 "$(sort -u <<<"$got" | wc -l)"
    expect "HRANDFIELD $h 2 WITHVALUES: real pairs" "" "$(grep -vxFf <(echo "$pairs") <<<"$got")"
    expect "HRANDFIELD $h 10 WITHVALUES" "$(sort <<<"$pairs")" "$(rcli hrandfield "$h" 10 WITHVALUES | pairs_of)"
    got=$(rcli hrandfield "$h" -9 withvalues | paste -d ' ' - -)
    expect "HRANDFIELD $h -9 WITHVALUES: pairs" 9 "$(wc -l <<<"$got")"
    expect "HRANDFIELD $h -9 WITHVALUES: real pairs" "" "$(grep -vxFf <(echo "$pairs") <<<"$got")"
    o=$(rand_word one) f=$(rand_word f) v=$(rand_word v)
    rcli hset "$o" "$f" "$v" >/dev/null
    run wire "$(mbulk HRANDFIELD "$o" -2 WITHVALUES)$(mbulk HRANDFIELD "$(rand_word missing)" 2 WITHVALUES)" -n 2
    pair="$(bulk "$f")$(bulk "$v")"
    expect "HRANDFIELD $o -2 WITHVALUES; HRANDFIELD missing 2 WITHVALUES" "*4\\r\\n$pair$pair*0\\r\\n" "$output"
}

@test "09 HRANDFIELD argument errors" {
    h=$(rand_word h)
    rcli hset "$h" a 1 >/dev/null
    sent="$(mbulk HRANDFIELD "$h" x)$(mbulk HRANDFIELD "$h" WITHVALUES)$(mbulk HRANDFIELD "$h" 1 WITHVALUE)"
    sent+="$(mbulk HRANDFIELD "$h" 1 WITHVALUES x)$(mbulk HRANDFIELD "$h" -9223372036854775808)$(mbulk HRANDFIELD)"
    want="-ERR value is not an integer or out of range\\r\\n-ERR value is not an integer or out of range\\r\\n"
    want+="-ERR syntax error\\r\\n-ERR syntax error\\r\\n"
    want+="-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\\r\\n"
    want+="-ERR wrong number of arguments for 'hrandfield' command\\r\\n"
    run wire "$sent" -n 6
    expect "HRANDFIELD $h x; WITHVALUES; 1 WITHVALUE; 1 WITHVALUES x; -2^63; no key" "$want" "$output"
}

# ------------------------------------------------------------------ HSCAN

@test "09 HSCAN of a small hash returns every pair; MATCH filters" {
    h=$(rand_word h) pairs=""
    for i in 1 2 3 4 5; do
        v=$(rand_word "v$i")
        rcli hset "$h" "a$i" "$v" "b$i" "$v" >/dev/null
        pairs+="a$i $v"$'\n'"b$i $v"$'\n'
    done
    got=$(hscan_all "$h")
    expect "HSCAN $h loop: pairs" "$(printf '%s' "$pairs" | sort)" "$(sed '$d' <<<"$got")"
    [[ $(tail -n 1 <<<"$got") == *"cursor=0" ]] || { echo "HSCAN $h never returned cursor 0: $(tail -n 1 <<<"$got")"; false; }
    got=$(hscan_all "$h" MATCH 'a*' COUNT 2)
    expect "HSCAN $h MATCH a* COUNT 2" "$(printf '%s' "$pairs" | grep '^a' | sort)" "$(sed '$d' <<<"$got")"
    got=$(hscan_all "$h" MATCH '*[13]')
    expect "HSCAN $h MATCH *[13]" "$(printf '%s' "$pairs" | grep -E '^.[13] ' | sort)" "$(sed '$d' <<<"$got")"
    got=$(hscan_all "$h" MATCH 'zz*')
    expect "HSCAN $h MATCH zz* loop: pairs" "" "$(sed '$d' <<<"$got")"
    [[ $(tail -n 1 <<<"$got") == *"cursor=0" ]] || { echo "HSCAN $h MATCH zz*: $(tail -n 1 <<<"$got")"; false; }
    run wire "$(mbulk HSCAN "$(rand_word missing)" 0)" -n 1
    expect "HSCAN missing 0" '*2\r\n$1\r\n0\r\n*0\r\n' "$output"
}

@test "09 HSCAN argument errors" {
    h=$(rand_word h)
    rcli hset "$h" a 1 >/dev/null
    sent="$(mbulk HSCAN "$h" x)$(mbulk HSCAN "$h" 0 COUNT 0)$(mbulk HSCAN "$h" 0 COUNT -1)$(mbulk HSCAN "$h" 0 COUNT x)"
    sent+="$(mbulk HSCAN "$h" 0 MATCH)$(mbulk HSCAN "$h" 0 FOO bar)$(mbulk HSCAN "$h")"
    want="-ERR invalid cursor\\r\\n-ERR syntax error\\r\\n-ERR syntax error\\r\\n"
    want+="-ERR value is not an integer or out of range\\r\\n-ERR syntax error\\r\\n-ERR syntax error\\r\\n"
    want+="-ERR wrong number of arguments for 'hscan' command\\r\\n"
    run wire "$sent" -n 7
    expect "HSCAN $h x; COUNT 0; COUNT -1; COUNT x; MATCH; FOO bar; no cursor" "$want" "$output"
}

@test "09 HSCAN of a 1,000-field hash returns every field, a few at a time" {
    h=$(rand_word big) p=$(rand_word p)
    hset_pipelined "$h" "$p" 1000 "" >/dev/null
    want=$(hset_pairs "$p" 1000)
    got=$(hscan_all "$h" COUNT 100)
    expect "HSCAN $h COUNT 100 loop: diff of the pairs" "" "$(differ "$want" "$(sed '$d' <<<"$got")")"
    read -r calls maxpairs cursor < <(tail -n 1 <<<"$got" | tr '=' ' ' | awk '{print $2, $4, $6}')
    expect "HSCAN $h COUNT 100 loop ended at cursor" 0 "$cursor"
    ((calls > 1)) || { echo "HSCAN $h COUNT 100: one call returned all 1,000 fields"; false; }
    got=$(hscan_all "$h" COUNT 40)
    expect "HSCAN $h COUNT 40 loop: diff of the pairs" "" "$(differ "$want" "$(sed '$d' <<<"$got")")"
    read -r calls maxpairs cursor < <(tail -n 1 <<<"$got" | tr '=' ' ' | awk '{print $2, $4, $6}')
    # COUNT is a hint, but 1,000 fields must not come back in a handful of calls.
    ((calls >= 10 && maxpairs < 400)) || { echo "HSCAN $h COUNT 40: $calls calls, at most $maxpairs pairs in one"; false; }
    got=$(hscan_all "$h" MATCH "*:f:1*" COUNT 200)
    expect "HSCAN $h MATCH *:f:1* COUNT 200: diff" "" "$(differ "$(grep -F "$p:f:1" <<<"$want")" "$(sed '$d' <<<"$got")")"
    expect "HSCAN $h MATCH *:f:1*: how many" 112 "$(sed '$d' <<<"$got" | wc -l)"
}

# --------------------------------------------------------------- big hashes

@test "09 a 1,000-field hash loaded in one pipeline keeps every field" {
    h=$(rand_word big) p=$(rand_word p)
    run hset_pipelined "$h" "$p" 1000 ""
    expect "1,000 pipelined HSETs (replies)" "$(printf ':1\\r\\n%.0s' $(seq 1 1000))" "$output"
    run rcli hlen "$h"
    expect "HLEN $h" 1000 "$output"
    for i in 1 2 $((RANDOM % 1000 + 1)) $((RANDOM % 1000 + 1)) 999 1000; do
        run rcli hget "$h" "$p:f:$i"
        expect "HGET $h $p:f:$i" "$p-v-$i" "$output"
    done
    run rcli hget "$h" "$p:f:1001"
    expect "HGET $h $p:f:1001" "" "$output"
    expect "HGETALL $h: lines" 2000 "$(rcli hgetall "$h" | wc -l)"
    expect "HKEYS $h: distinct" 1000 "$(rcli hkeys "$h" | sort -u | wc -l)"
    expect "HVALS $h: distinct" 1000 "$(rcli hvals "$h" | sort -u | wc -l)"
    # Overwrites count 0, deletes shrink it.
    run rcli hset "$h" "$p:f:5" new "$p:f:1001" new
    expect "HSET one old and one new field" 1 "$output"
    run rcli hdel "$h" "$p:f:1" "$p:f:2" "$p:f:3"
    expect "HDEL three fields" 3 "$output"
    run rcli hlen "$h"
    expect "HLEN $h after the changes" 998 "$output"
    run rcli hincrby "$h" "$p:counter" 42
    expect "HINCRBY in the big hash" 42 "$output"
}

@test "09 values and fields longer than 64 bytes" {
    h=$(rand_word h)
    long=$(words 6 l | tr -d '\n') # 78 bytes
    lf=$(words 6 fld | tr -d '\n') # 90 bytes
    rcli hset "$h" a 1 b 2 >/dev/null
    run rcli hset "$h" big "$long" "$lf" x
    expect "HSET $h big <${#long} bytes> <${#lf}-byte field> x" 2 "$output"
    run rcli hget "$h" big
    expect "HGET $h big" "$long" "$output"
    run rcli hget "$h" "$lf"
    expect "HGET $h <long field>" x "$output"
    run rcli hstrlen "$h" big
    expect "HSTRLEN $h big" "${#long}" "$output"
    expect "HGETALL $h" "$(printf '%s\n' "a 1" "b 2" "big $long" "$lf x" | sort)" "$(rcli hgetall "$h" | pairs_of)"
    run rcli hincrby "$h" a 9
    expect "HINCRBY $h a 9 (beside long values)" 10 "$output"
    run rcli hdel "$h" big "$lf" a b
    expect "HDEL every field" 4 "$output"
    run rcli exists "$h"
    expect "EXISTS $h" 0 "$output"
    # A 1,000-field hash whose values are longer than 64 bytes.
    b=$(rand_word big) p=$(rand_word p) pad=$(printf '%070d' 0)
    hset_pipelined "$b" "$p" 1000 "$pad" >/dev/null
    run rcli hlen "$b"
    expect "HLEN $b (long values)" 1000 "$output"
    i=$((RANDOM % 1000 + 1))
    run rcli hget "$b" "$p:f:$i"
    expect "HGET $b $p:f:$i" "$p-v-$i$pad" "$output"
    expect "HGETALL $b: lines" 2000 "$(rcli hgetall "$b" | wc -l)"
}

# -------------------------------------------------------------- type errors

@test "09 every string command on a hash answers WRONGTYPE" {
    h=$(rand_word h)
    rcli hset "$h" f v >/dev/null
    sent="" want="" names=""
    for spec in get incr decr "incrby 2" "decrby 2" "incrbyfloat 1.5" "append x" strlen "getrange 0 -1" \
        "setrange 0 x" "getset x"; do
        read -ra parts <<<"$spec"
        mbulk_add sent "${parts[0]}" "$h" "${parts[@]:1}"
        want+=$(err "$WRONGTYPE")
        names+="${parts[0]} "
    done
    # Even a SETRANGE that would change nothing checks the type.
    sent+="*4\r\n\$8\r\nSETRANGE\r\n\$${#h}\r\n$h\r\n\$1\r\n1\r\n\$0\r\n\r\n"
    want+=$(err "$WRONGTYPE")
    run wire "$sent$(mbulk TYPE "$h")$(mbulk HGET "$h" f)" -n 14
    expect "${names}SETRANGE-'' on hash $h; TYPE; HGET f" "$want+hash\\r\\n\$1\\r\\nv\\r\\n" "$output"
    run rcli incr "$h"
    expect "INCR $h (redis-cli)" "$WRONGTYPE" "$output"
}

@test "09 every hash command on a string answers WRONGTYPE" {
    s=$(rand_word s) v=$(rand_word v)
    rcli set "$s" "$v" >/dev/null
    sent="" want="" names=""
    for spec in "hset f v" "hsetnx f v" "hget f" "hmget f g" "hmset f v" "hdel f" hlen "hexists f" hgetall hkeys \
        hvals "hincrby f 1" "hincrbyfloat f 1" "hstrlen f" hrandfield "hrandfield 2" "hrandfield -2 withvalues" "hscan 0"; do
        read -ra parts <<<"$spec"
        mbulk_add sent "${parts[0]}" "$s" "${parts[@]:1}"
        want+=$(err "$WRONGTYPE")
        names+="${parts[0]} "
    done
    run wire "$sent$(mbulk GET "$s")" -n 19
    expect "${names}on string $s; GET" "$want$(bulk "$v")" "$output"
    run rcli hget "$s" f
    expect "HGET $s f (redis-cli)" "$WRONGTYPE" "$output"
}

@test "09 multi-key and NX string commands treat a hash as an existing key" {
    h=$(rand_word h) k=$(rand_word k) v=$(rand_word v)
    rcli hset "$h" f v >/dev/null
    rcli set "$k" "$v" >/dev/null
    # MGET answers nil for a key of another type rather than an error.
    run wire "$(mbulk MGET "$h" "$k")$(mbulk SETNX "$h" x)$(mbulk MSETNX "$h" x "$(rand_word other)" y)$(mbulk TYPE "$h")" -n 4
    expect "MGET $h $k; SETNX $h x; MSETNX $h x other y; TYPE $h" "*2\\r\\n\$-1\\r\\n\$${#v}\\r\\n$v\\r\\n:0\\r\\n:0\\r\\n+hash\\r\\n" "$output"
    # MSET replaces it, as SET does.
    run rcli mset "$h" "$v"
    expect "MSET $h $v" OK "$output"
    run rcli type "$h"
    expect "TYPE $h after MSET" string "$output"
    run rcli get "$h"
    expect "GET $h after MSET" "$v" "$output"
}

@test "09 TYPE, SET over a hash, DEL of a hash" {
    h=$(rand_word h) s=$(rand_word s) v=$(rand_word v)
    rcli hset "$h" f v >/dev/null
    rcli set "$s" x >/dev/null
    run wire "$(mbulk TYPE "$h")$(mbulk TYPE "$s")$(mbulk TYPE "$(rand_word missing)")" -n 3
    expect "TYPE hash; TYPE string; TYPE missing" '+hash\r\n+string\r\n+none\r\n' "$output"
    run rcli get "$h"
    expect "GET $h" "$WRONGTYPE" "$output"
    run rcli set "$h" "$v"
    expect "SET $h $v over a hash" OK "$output"
    run rcli type "$h"
    expect "TYPE $h after SET" string "$output"
    run rcli get "$h"
    expect "GET $h after SET" "$v" "$output"
    run rcli hget "$h" f
    expect "HGET $h f after SET" "$WRONGTYPE" "$output"
    # And back: DEL removes a hash, whose name is then free for any type.
    g=$(rand_word g)
    rcli hset "$g" a 1 b 2 >/dev/null
    run rcli del "$g"
    expect "DEL hash $g" 1 "$output"
    run wire "$(mbulk EXISTS "$g")$(mbulk TYPE "$g")$(mbulk HLEN "$g")$(mbulk INCR "$g")" -n 4
    expect "EXISTS; TYPE; HLEN; INCR after DEL $g" ':0\r\n+none\r\n:0\r\n:1\r\n' "$output"
    run wire "$(mbulk TYPE)$(mbulk TYPE "$g" x)" -n 2
    want="-ERR wrong number of arguments for 'type' command\\r\\n"
    expect "TYPE; TYPE $g x" "$want$want" "$output"
}

@test "09 wrong arity for every hash command" {
    sent="" want=""
    for c in HSET HSETNX HGET HMGET HMSET HDEL HLEN HEXISTS HGETALL HKEYS HVALS HINCRBY HINCRBYFLOAT HSTRLEN HRANDFIELD HSCAN; do
        mbulk_add sent "$c"
        want+="-ERR wrong number of arguments for '${c,,}' command\\r\\n"
    done
    run wire "$sent" -n 16
    expect "each hash command without arguments" "$want" "$output"
}

# ------------------------------------------------------------------- AOF

@test "09 string and hash changes come back identical after a restart with AOF" {
    dir=$BATS_TEST_TMPDIR/data
    mkdir -p "$dir"
    stop_server
    start_server --appendonly yes --dir "$dir"
    f=$(rand_word f) a=$(rand_word a) r=$(rand_word r) h=$(rand_word h) c=$(rand_word c) gone=$(rand_word gone)
    sent=$(mbulk SET "$f" 10.5)
    for inc in 0.1 3.0e3 -1.25 "$RANDOM.5"; do mbulk_add sent INCRBYFLOAT "$f" "$inc"; done
    sent+="$(mbulk INCR "$c")$(mbulk INCRBY "$c" "$RANDOM")"
    sent+="$(mbulk APPEND "$a" "$(rand_word one)")$(mbulk APPEND "$a" "$(rand_word two)")"
    sent+="$(mbulk SETRANGE "$r" 3 "$(rand_word r)")$(mbulk SETRANGE "$r" 1 X)"
    sent+="$(mbulk HSET "$h" x 1 y 2 z 3 w "$(rand_word w)")$(mbulk HDEL "$h" y)"
    sent+="$(mbulk HINCRBYFLOAT "$h" fl 10.5)$(mbulk HINCRBYFLOAT "$h" fl 0.1)$(mbulk HINCRBYFLOAT "$h" x 1.5e2)"
    sent+="$(mbulk HINCRBY "$h" z -7)$(mbulk HSETNX "$h" n "$(rand_word n)")"
    sent+="$(mbulk HSET "$gone" only 1)$(mbulk HDEL "$gone" only)"
    run wire "$sent" -n 20
    # No reply is an error (an error reply starts with "-").
    [[ "$output" != -* && "$output" != *'\r\n-'* ]] || { echo "replies: $output"; false; }
    read_back() {
        wire "$(mbulk GET "$f")$(mbulk GET "$c")$(mbulk GET "$a")$(mbulk GET "$r")$(mbulk TYPE "$h")$(mbulk EXISTS "$gone")" -n 6
        rcli hgetall "$h" | pairs_of
    }
    before=$(read_back)
    stop_server
    start_server --appendonly yes --dir "$dir"
    after=$(read_back)
    expect "GET $f $c $a $r, TYPE $h, EXISTS $gone, HGETALL $h after restart" "$before" "$after"
    run wire "$(mbulk HGET "$h" fl)$(mbulk HGET "$h" x)$(mbulk HLEN "$h")" -n 3
    expect "HGET $h fl; HGET x; HLEN after restart" '$4\r\n10.6\r\n$3\r\n151\r\n:5\r\n' "$output"
}

@test "09 a 1,000-field hash survives a restart with AOF" {
    dir=$BATS_TEST_TMPDIR/data
    mkdir -p "$dir"
    stop_server
    start_server --appendonly yes --dir "$dir"
    h=$(rand_word big) p=$(rand_word p)
    hset_pipelined "$h" "$p" 1000 "$(printf '%070d' 7)" >/dev/null
    rcli hdel "$h" "$p:f:10" "$p:f:20" >/dev/null
    before=$(rcli hgetall "$h" | pairs_of)
    stop_server
    start_server --appendonly yes --dir "$dir"
    run rcli hlen "$h"
    expect "HLEN $h after restart" 998 "$output"
    expect "HGETALL $h after restart: diff" "" "$(differ "$before" "$(rcli hgetall "$h" | pairs_of)")"
    expect "HGETALL $h before restart: pairs" 998 "$(wc -l <<<"$before")"
}
