# Stage 07: key expiry - TTLs, EXPIRE and friends, SET's expiry options, active and lazy expiry.
# bats file_tags=stage:07

load helpers

setup() { start_server; }
teardown() { stop_server; }

I64_MAX=9223372036854775807
I64_MIN=-9223372036854775808

# A Unix time (seconds) well in the future, different in every test.
future_s() {
    echo $(($(date +%s) + 100000 + RANDOM))
}

# Most tests send their commands as one batch on one connection (one wire
# run instead of many redis-cli runs): `queue REPLY CMD ARGS...` adds a
# command and the reply it must get, written as wire prints it but without
# the final \r\n; `queue_bulk VALUE CMD ARGS...` expects the bulk string
# VALUE; `check_batch` sends the batch and names the first command whose
# reply differs.  The commands wait in a file: no subshell per command.
BATCH_CMDS=() BATCH_WANTS=()

queue() {
    local want=$1
    shift
    mbulk "$@" >>"$BATS_TEST_TMPDIR/batch"
    BATCH_CMDS+=("$*")
    BATCH_WANTS+=("$want\\r\\n")
}

queue_bulk() {
    local v=$1
    shift
    queue "\$${#v}\\r\\n$v" "$@"
}

check_batch() {
    local i n=${#BATCH_CMDS[@]} pos=0 want
    BATCH_T0=$(now_ms)
    run wire "$(cat "$BATS_TEST_TMPDIR/batch")" -n "$n"
    rm -f "$BATS_TEST_TMPDIR/batch"
    for i in "${!BATCH_CMDS[@]}"; do
        want=${BATCH_WANTS[i]}
        if [ "${output:pos:${#want}}" != "$want" ]; then
            expect "${BATCH_CMDS[i]}   (command $((i + 1)) of $n sent together)" "$want" "${output:pos:${#want}+60}"
            return 1
        fi
        pos=$((pos + ${#want}))
    done
    expect "nothing after the $n replies" "" "${output:pos}"
    BATCH_CMDS=() BATCH_WANTS=()
}

# check_range SENT LOW HIGH GOT: like expect, for an integer in [LOW, HIGH].
check_range() {
    if ! [[ "$4" =~ ^-?[0-9]+$ ]] || [ "$4" -lt "$2" ] || [ "$4" -gt "$3" ]; then
        printf 'sent:     %s\nexpected: %s..%s\ngot:      %s\n' "$1" "$2" "$3" "$4"
        return 1
    fi
}

# Milliseconds since the epoch, without a fork.
now_ms() {
    local us=${EPOCHREALTIME//[^0-9]/}
    echo $((us / 1000))
}

# ttl_in CMD KEY FULL: KEY's TTL was set to FULL (seconds for TTL, ms for
# PTTL) by the last batch; CMD must now say FULL or a little less: 1 s
# less at most, or, on a slow machine, the time since the batch was sent.
ttl_in() {
    local low elapsed
    run rcli "$1" "$2"
    elapsed=$(($(now_ms) - BATCH_T0))
    if [ "$1" = TTL ]; then
        low=$(($3 - 1 - elapsed / 1000)) # TTL rounds to the nearest second
    else
        low=$(($3 - (elapsed > 1000 ? elapsed : 1000)))
    fi
    check_range "$1 $2 (set to $3 ${elapsed} ms ago)" "$low" "$3" "$output"
}

# wait_dbsize N: poll DBSIZE (nothing else) until it is N, at most 100
# times with 50 ms pauses; print the last DBSIZE seen.
wait_dbsize() {
    local i n
    for ((i = 0; i < 100; i++)); do
        n=$(rcli dbsize)
        [ "$n" = "$1" ] && break
        sleep 0.05
    done
    echo "$n"
}

# ints_of WIRE_OUTPUT: the integers of a run of :N\r\n replies, space-separated.
ints_of() {
    local s=${1//\\r\\n/ }
    echo "${s//:/}"
}

# ---------------------------------------------------------------- reading TTLs

@test "07 TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 without expiry" {
    k=$(rand_word k) m=$(rand_word missing)
    queue '+OK' SET "$k" "$(rand_word v)"
    for cmd in TTL PTTL EXPIRETIME PEXPIRETIME; do
        queue ':-2' "$cmd" "$m"
        queue ':-1' "$cmd" "$k"
    done
    check_batch
}

@test "07 after EXPIRE k 100, TTL is 100 or 99; PEXPIRE counts in milliseconds" {
    k=$(rand_word k) m=$(rand_word m)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue '+OK' SET "$m" "$(rand_word v)"
    queue ':1' EXPIRE "$k" 100
    queue ':1' PEXPIRE "$m" 50000
    check_batch
    ttl_in TTL "$k" 100
    ttl_in PTTL "$k" 100000
    ttl_in PTTL "$m" 50000
    ttl_in TTL "$m" 50
}

@test "07 EXPIRETIME after EXPIREAT t is exactly t" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue ':1' EXPIREAT "$k" "$t"
    queue ":$t" EXPIRETIME "$k"
    queue ":${t}000" PEXPIRETIME "$k"
    check_batch
    before=$(date +%s)
    run rcli ttl "$k"
    after=$(date +%s)
    check_range "TTL $k (between $before and $after)" $((t - after - 1)) $((t - before + 1)) "$output"
}

# EXPIRETIME rounds the millisecond deadline to the nearest second.
@test "07 PEXPIRETIME after PEXPIREAT ms is exactly ms; EXPIRETIME rounds it" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)"
    for ms in 000 123 499 500 987; do
        queue ':1' PEXPIREAT "$k" "$t$ms"
        queue ":$t$ms" PEXPIRETIME "$k"
        if [ "$ms" -ge 500 ]; then queue ":$((t + 1))" EXPIRETIME "$k"; else queue ":$t" EXPIRETIME "$k"; fi
    done
    check_batch
}

# ---------------------------------------------------------------- setting TTLs

@test "07 EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT on a missing key reply 0 and create nothing" {
    m=$(rand_word missing) t=$(future_s)
    queue ':0' EXPIRE "$m" 100
    queue ':0' PEXPIRE "$m" 100000
    queue ':0' EXPIREAT "$m" "$t"
    queue ':0' PEXPIREAT "$m" "${t}000"
    queue ':0' EXPIRE "$m" 0
    queue ':0' PEXPIREAT "$m" 1
    queue ':0' EXISTS "$m"
    queue ':0' DBSIZE
    check_batch
}

@test "07 a zero, negative or past time deletes the key and replies 1" {
    p=$(rand_word p) v=$(rand_word v) i=0 past=$(($(date +%s) - 10 - RANDOM))
    for args in "EXPIRE 0" "EXPIRE -1" "PEXPIRE 0" "PEXPIRE -$((RANDOM + 1))" "EXPIRE -9223372036854775" \
        "EXPIREAT $past" "PEXPIREAT ${past}000" "EXPIREAT 1" "PEXPIREAT 0" "EXPIREAT -5"; do
        k=$p:$((i += 1))
        read -r cmd n <<<"$args"
        queue '+OK' SET "$k" "$v"
        queue ':1' "$cmd" "$k" "$n"
        queue ':-2' TTL "$k"
        queue '$-1' GET "$k"
        queue ':0' EXISTS "$k"
    done
    check_batch
}

@test "07 EXPIRE replaces an existing TTL, shorter or longer" {
    k=$(rand_word k) v=$(rand_word v)
    queue '+OK' SET "$k" "$v" EX 5000
    queue ':1' EXPIRE "$k" 100
    check_batch
    ttl_in TTL "$k" 100
    queue ':1' EXPIRE "$k" 7000
    queue_bulk "$v" GET "$k"
    check_batch
    ttl_in TTL "$k" 7000
}

@test "07 PERSIST removes the TTL and replies 1, or replies 0" {
    k=$(rand_word k) v=$(rand_word v) n=$(rand_word nottl) m=$(rand_word missing)
    queue '+OK' SET "$k" "$v" EX 100
    queue '+OK' SET "$n" "$v"
    queue ':1' PERSIST "$k"
    queue ':-1' TTL "$k"
    queue ':0' PERSIST "$k"
    queue_bulk "$v" GET "$k"
    queue ':0' PERSIST "$n"
    queue ':0' PERSIST "$m"
    queue ':0' EXISTS "$m"
    check_batch
}

# ---------------------------------------------------------------- NX XX GT LT

@test "07 NX sets a TTL only when the key has none, XX only when it has one" {
    k=$(rand_word k) x=$(rand_word x)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue '+OK' SET "$x" "$(rand_word v)"
    queue ':1' EXPIRE "$k" 100 NX
    queue ':0' EXPIRE "$k" 5000 NX
    queue ':0' EXPIRE "$(rand_word missing)" 100 NX
    queue ':0' EXPIRE "$x" 100 XX
    queue ':-1' TTL "$x"
    queue ':1' EXPIRE "$x" 100
    queue ':1' EXPIRE "$x" 5000 XX
    queue ':0' EXPIRE "$(rand_word missing)" 100 XX
    check_batch
    ttl_in TTL "$k" 100
    ttl_in TTL "$x" 5000
}

# PEXPIREAT gives exact deadlines, so "equal" is really equal.
@test "07 GT: only a later deadline; a key without TTL counts as never expiring" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue ':0' PEXPIREAT "$k" "${t}000" GT
    queue ':-1' TTL "$k"
    queue ':1' PEXPIREAT "$k" "${t}000"
    queue ':0' PEXPIREAT "$k" "${t}000" GT
    queue ':1' PEXPIREAT "$k" "${t}001" GT
    queue ':0' EXPIREAT "$k" $((t - 1)) GT
    queue ":${t}001" PEXPIRETIME "$k"
    check_batch
}

@test "07 LT: only an earlier deadline; a key without TTL accepts any" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue ':1' PEXPIREAT "$k" "${t}000" LT
    queue ':0' PEXPIREAT "$k" "${t}000" LT
    queue ':0' EXPIREAT "$k" $((t + 1)) LT
    queue ':1' PEXPIREAT "$k" "$((t - 1))999" LT
    queue ":$((t - 1))999" PEXPIRETIME "$k"
    check_batch
}

@test "07 XX combines with GT and with LT" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue ':0' EXPIREAT "$k" "$t" XX LT
    queue ':0' EXPIREAT "$k" "$t" XX GT
    queue ':-1' TTL "$k"
    queue ':1' EXPIREAT "$k" "$t"
    queue ':1' EXPIREAT "$k" $((t + 5)) XX GT
    queue ':0' EXPIREAT "$k" $((t + 9)) XX LT
    queue ':1' EXPIREAT "$k" $((t + 2)) XX LT
    queue ":$((t + 2))" EXPIRETIME "$k"
    check_batch
}

@test "07 a past time with GT or NX changes nothing; with LT it deletes the key" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)" EXAT "$t"
    queue ':0' EXPIRE "$k" -1 GT
    queue ':0' EXPIRE "$k" 0 NX
    queue ":$t" EXPIRETIME "$k"
    queue ':1' EXPIRE "$k" -1 LT
    queue ':0' EXISTS "$k"
    check_batch
}

@test "07 EXPIRE options are case-insensitive" {
    k=$(rand_word k) t=$(future_s)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue ':1' EXPIREAT "$k" "$t" Nx
    queue ':1' EXPIREAT "$k" $((t - 10)) lT
    queue ':1' PEXPIREAT "$k" "$((t + 10))000" xX gT
    queue ":$((t + 10))" EXPIRETIME "$k"
    check_batch
}

@test "07 NX with XX, GT or LT, and GT with LT, are refused by all four EXPIRE commands" {
    k=$(rand_word k) m=$(rand_word missing) t=$(future_s)
    err='-ERR NX and XX, GT or LT options at the same time are not compatible'
    queue '+OK' SET "$k" "$(rand_word v)"
    for cmd in EXPIRE PEXPIRE EXPIREAT PEXPIREAT; do
        for opts in "NX XX" "NX GT" "lt nx" "XX NX"; do
            read -r a b <<<"$opts"
            queue "$err" "$cmd" "$k" "$t" "$a" "$b"
        done
        # checked before the number, and on a missing key too
        queue "$err" "$cmd" "$m" abc NX XX
        queue '-ERR GT and LT options at the same time are not compatible' "$cmd" "$k" "$t" GT LT
        queue '-ERR GT and LT options at the same time are not compatible' "$cmd" "$k" "$t" lt gt
    done
    queue ':-1' TTL "$k"
    check_batch
}

@test "07 an unknown EXPIRE option is named in the error" {
    k=$(rand_word k) opt=$(rand_word Opt)
    queue '+OK' SET "$k" "$(rand_word v)"
    for cmd in EXPIRE PEXPIRE EXPIREAT PEXPIREAT; do
        queue "-ERR Unsupported option $opt" "$cmd" "$k" 100 "$opt"
        queue "-ERR Unsupported option $opt" "$cmd" "$k" 100 NX "$opt"
    done
    # options are parsed first: before the number and before the key lookup
    queue "-ERR Unsupported option $opt" EXPIRE "$(rand_word missing)" abc "$opt"
    queue "-ERR Unsupported option $opt" EXPIRE "$k" 100 NX XX "$opt"
    queue "-ERR Unsupported option 7" EXPIRE "$k" 100 7
    queue ':-1' TTL "$k"
    check_batch
}

@test "07 a time that is not an integer is refused by the EXPIRE commands" {
    k=$(rand_word k)
    err='-ERR value is not an integer or out of range'
    queue '+OK' SET "$k" "$(rand_word v)"
    for cmd in EXPIRE PEXPIRE EXPIREAT PEXPIREAT; do
        for n in abc 1.5 "" " 5" +5 0x10 9223372036854775808; do
            queue "$err" "$cmd" "$k" "$n"
        done
    done
    queue "$err" EXPIRE "$(rand_word missing)" abc
    queue ':-1' TTL "$k"
    check_batch
}

@test "07 a time that overflows is an invalid expire time, even for a missing key" {
    k=$(rand_word k) m=$(rand_word missing)
    queue '+OK' SET "$k" "$(rand_word v)"
    for args in "expire $I64_MAX" "pexpire $I64_MAX" "expireat $I64_MAX" "expire $I64_MIN" \
        "expireat $I64_MIN" "expire 9223372036854775" "expire -9223372036854776"; do
        read -r cmd n <<<"$args"
        # the error names the command in lower case, however it was sent
        queue "-ERR invalid expire time in '$cmd' command" "${cmd^^}" "$k" "$n"
        queue "-ERR invalid expire time in '$cmd' command" "$cmd" "$m" "$n"
    done
    queue ':-1' TTL "$k"
    check_batch
}

@test "07 PEXPIREAT accepts the largest time and PEXPIRETIME returns it" {
    k=$(rand_word k)
    queue '+OK' SET "$k" "$(rand_word v)"
    queue ':1' PEXPIREAT "$k" "$I64_MAX"
    queue ":$I64_MAX" PEXPIRETIME "$k"
    queue ':1' EXISTS "$k"
    check_batch
}

@test "07 wrong arity for the expiry commands" {
    sent='EXPIRE k\r\nPEXPIRE\r\nEXPIREAT k\r\nPEXPIREAT k\r\nTTL\r\nPTTL a b\r\nEXPIRETIME\r\n'
    sent+='PEXPIRETIME a b\r\nPERSIST\r\nPERSIST a b\r\nSETEX k 1\r\nPSETEX k 1\r\nGETEX\r\nGETDEL\r\nGETDEL a b\r\n'
    run wire "$sent" -n 15
    want=""
    for cmd in expire pexpire expireat pexpireat ttl pttl expiretime pexpiretime persist persist \
        setex psetex getex getdel getdel; do
        want+="-ERR wrong number of arguments for '$cmd' command\\r\\n"
    done
    expect "${sent//\\r\\n/; }" "$want" "$output"
}

# ---------------------------------------------------------------- SET's options

@test "07 SET EX and PX set a TTL; EXAT and PXAT an exact deadline" {
    k=$(rand_word k) m=$(rand_word m) v=$(rand_word v)
    queue '+OK' SET "$k" "$v" EX 100
    queue '+OK' SET "$m" "$v" PX 50000
    queue_bulk "$v" GET "$k"
    check_batch
    ttl_in TTL "$k" 100
    ttl_in PTTL "$m" 50000
    t=$(future_s)
    queue '+OK' SET "$k" "$v" EXAT "$t"
    queue ":$t" EXPIRETIME "$k"
    queue '+OK' SET "$k" "$v" PXAT "${t}321"
    queue ":${t}321" PEXPIRETIME "$k"
    queue '+OK' SET "$k" "$v" PXAT "$I64_MAX"
    queue ":$I64_MAX" PEXPIRETIME "$k"
    queue_bulk "$v" GET "$k"
    check_batch
}

@test "07 SET without KEEPTTL clears the TTL; SET KEEPTTL keeps it" {
    k=$(rand_word k) m=$(rand_word new) v1=$(rand_word one) v2=$(rand_word two) t=$(future_s)
    queue '+OK' SET "$k" "$v1" EXAT "$t"
    queue '+OK' SET "$k" "$v2" KEEPTTL
    queue ":$t" EXPIRETIME "$k"
    queue_bulk "$v2" GET "$k"
    queue '+OK' SET "$k" "$v1"
    queue ':-1' TTL "$k"
    # KEEPTTL on a key without TTL, or on a new key: still no TTL
    queue '+OK' SET "$k" "$v2" KeepTTL
    queue ':-1' TTL "$k"
    queue '+OK' SET "$m" "$v1" keepttl
    queue ':-1' TTL "$m"
    check_batch
}

@test "07 SET with a zero, negative or overflowing time is an invalid expire time" {
    k=$(rand_word k) v=$(rand_word v) new=$(rand_word new)
    queue '+OK' SET "$k" "$v"
    for opt in "EX 0" "EX -1" "PX 0" "px -$((RANDOM + 1))" "EXAT 0" "exat -1" "PXAT 0" "PXAT -5" \
        "EX $I64_MAX" "PX $I64_MAX" "EXAT $I64_MAX" "EX 9223372036854775" "EX $I64_MIN"; do
        read -r o n <<<"$opt"
        queue "-ERR invalid expire time in 'set' command" SET "$k" "$new" "$o" "$n"
    done
    queue_bulk "$v" GET "$k"
    queue ':-1' TTL "$k"
    check_batch
}

@test "07 SET with a time that is not an integer" {
    k=$(rand_word k)
    for opt in "EX abc" "PX 1.5" "EXAT 12a" "PXAT 0x10" "EX 9223372036854775808"; do
        read -r o n <<<"$opt"
        queue '-ERR value is not an integer or out of range' SET "$k" v "$o" "$n"
    done
    queue '-ERR value is not an integer or out of range' SET "$k" v EX ""
    queue ':0' EXISTS "$k"
    check_batch
}

@test "07 SET option conflicts are syntax errors" {
    k=$(rand_word k) v=$(rand_word v) new=$(rand_word new)
    queue '+OK' SET "$k" "$v"
    for opts in "EX" "PX" "EXAT" "PXAT" "EX 10 PX 100" "PX 100 EX 10" "EX 10 EXAT 10" "EXAT 10 PXAT 10" \
        "KEEPTTL EX 10" "EX 10 KEEPTTL" "PXAT 10 KEEPTTL" "NX XX" "XX NX" "NX EX 10 XX" \
        "EX 10 NOPE" "EX abc NX XX" "EX 10 PX abc" "$(rand_word opt)"; do
        read -ra o <<<"$opts"
        queue '-ERR syntax error' SET "$k" "$new" "${o[@]}"
    done
    queue_bulk "$v" GET "$k"
    queue ':-1' TTL "$k"
    check_batch
}

@test "07 SET options are case-insensitive" {
    k=$(rand_word k) v=$(rand_word v) t=$(future_s)
    queue '+OK' SET "$k" "$v" ExAt "$t" nX
    queue ":$t" EXPIRETIME "$k"
    queue '+OK' SET "$k" "$v" pXaT "$((t + 1))000" xX
    queue ":$((t + 1))" EXPIRETIME "$k"
    check_batch
}

@test "07 SET NX and XX with an expiry touch only the keys they set" {
    k=$(rand_word k) m=$(rand_word missing) v=$(rand_word v)
    queue '+OK' SET "$k" "$v"
    queue '$-1' SET "$k" "$(rand_word new)" NX EX 100
    queue ':-1' TTL "$k"
    queue_bulk "$v" GET "$k"
    queue '$-1' SET "$m" "$v" XX EX 100
    queue ':0' EXISTS "$m"
    queue '+OK' SET "$k" "$v" XX EX 100
    queue '+OK' SET "$m" "$v" NX PX 100000
    check_batch
    ttl_in TTL "$k" 100
    ttl_in TTL "$m" 100
}

@test "07 SET GET returns the old value, or nil when there was none" {
    k=$(rand_word k) v1=$(rand_word one) v2=$(rand_word two)
    queue '$-1' SET "$k" "$v1" GET
    queue_bulk "$v1" SET "$k" "$v2" GET
    queue_bulk "$v2" GET "$k"
    # GET combines with the expiry options
    queue_bulk "$v2" SET "$k" "$v1" EX 100 GET
    queue_bulk "$v1" SET "$k" "$v2" GET KEEPTTL
    check_batch
    ttl_in TTL "$k" 100
}

# Redis 7 allows GET with NX: the reply is the old value whether or not
# the SET happened.
@test "07 SET NX GET and SET XX GET (Redis 7)" {
    k=$(rand_word k) m=$(rand_word m) v1=$(rand_word one) v2=$(rand_word two)
    queue '$-1' SET "$k" "$v1" NX GET
    queue_bulk "$v1" SET "$k" "$v2" NX GET
    queue_bulk "$v1" GET "$k"
    queue '$-1' SET "$m" "$v1" XX GET
    queue ':0' EXISTS "$m"
    queue_bulk "$v1" SET "$k" "$v2" XX GET
    queue_bulk "$v2" GET "$k"
    check_batch
}

# ---------------------------------------------------------------- SETEX PSETEX

@test "07 SETEX and PSETEX set the value and the TTL" {
    k=$(rand_word k) m=$(rand_word m) v1=$(rand_word one) v2=$(rand_word two)
    queue '+OK' SETEX "$k" 100 "$v1"
    queue_bulk "$v1" GET "$k"
    queue '+OK' PSETEX "$m" 300000 "$v2"
    queue_bulk "$v2" GET "$m"
    check_batch
    ttl_in TTL "$k" 100
    ttl_in PTTL "$m" 300000
    # SETEX over a key replaces value and TTL; a plain SET then clears the TTL
    queue '+OK' SETEX "$m" 5000 "$v1"
    queue_bulk "$v1" GET "$m"
    check_batch
    ttl_in TTL "$m" 5000
    queue '+OK' SET "$m" "$v2"
    queue ':-1' TTL "$m"
    check_batch
}

@test "07 SETEX and PSETEX errors" {
    k=$(rand_word k) v=$(rand_word v) new=$(rand_word new)
    queue '+OK' SET "$k" "$v"
    for args in "setex 0" "setex -1" "setex $I64_MAX" "setex 9223372036854775" "psetex 0" "psetex -5" "psetex $I64_MAX"; do
        read -r cmd n <<<"$args"
        queue "-ERR invalid expire time in '$cmd' command" "${cmd^^}" "$k" "$n" "$new"
    done
    for args in "setex abc" "setex 1.5" "psetex abc" "psetex 9223372036854775808"; do
        read -r cmd n <<<"$args"
        queue '-ERR value is not an integer or out of range' "$cmd" "$k" "$n" "$new"
    done
    queue "-ERR wrong number of arguments for 'setex' command" SETEX "$k" 10 "$v" extra
    queue "-ERR wrong number of arguments for 'psetex' command" PSETEX "$k" 10000
    queue_bulk "$v" GET "$k"
    queue ':-1' TTL "$k"
    check_batch
}

# ---------------------------------------------------------------- GETEX GETDEL

@test "07 GETEX: no option keeps the TTL; EX, PX, EXAT, PXAT and PERSIST change it" {
    k=$(rand_word k) m=$(rand_word m) v=$(rand_word v) t=$(future_s)
    queue '+OK' SET "$k" "$v" EXAT "$t"
    queue_bulk "$v" GETEX "$k"
    queue ":$t" EXPIRETIME "$k"
    queue '+OK' SET "$m" "$v"
    queue_bulk "$v" GETEX "$k" EX 100
    queue_bulk "$v" GETEX "$m" px 50000
    check_batch
    ttl_in TTL "$k" 100
    ttl_in PTTL "$m" 50000
    queue_bulk "$v" GETEX "$k" EXAT "$t"
    queue ":$t" EXPIRETIME "$k"
    queue_bulk "$v" GETEX "$k" pxat "${t}777"
    queue ":${t}777" PEXPIRETIME "$k"
    queue_bulk "$v" GETEX "$k" Persist
    queue ':-1' TTL "$k"
    queue_bulk "$v" GETEX "$k" PERSIST
    queue ':-1' TTL "$k"
    m=$(rand_word missing)
    queue '$-1' GETEX "$m"
    queue '$-1' GETEX "$m" EX 100
    queue ':0' EXISTS "$m"
    check_batch
}

@test "07 GETEX with a past EXAT or PXAT returns the value and deletes the key" {
    p=$(rand_word p) v=$(rand_word v)
    for opt in "EXAT 1" "PXAT 1" "EXAT $(($(date +%s) - 5))"; do
        read -r o n <<<"$opt"
        k=$p:$o:$n
        queue '+OK' SET "$k" "$v"
        queue_bulk "$v" GETEX "$k" "$o" "$n"
        queue ':0' EXISTS "$k"
        queue ':-2' TTL "$k"
    done
    check_batch
}

@test "07 GETEX errors leave the key alone" {
    k=$(rand_word k) v=$(rand_word v) t=$(future_s)
    queue '+OK' SET "$k" "$v" EXAT "$t"
    for opts in "EX" "EX 10 PX 10" "EX 10 PERSIST" "PERSIST EX 10" "EXAT 10 PXAT 10" "KEEPTTL" "NX" "GET" \
        "$(rand_word opt)"; do
        read -ra o <<<"$opts"
        queue '-ERR syntax error' GETEX "$k" "${o[@]}"
    done
    for opt in "EX 0" "EX -1" "PX 0" "EXAT 0" "PXAT -1" "EX $I64_MAX" "PX $I64_MAX" "EXAT $I64_MAX"; do
        read -r o n <<<"$opt"
        queue "-ERR invalid expire time in 'getex' command" GETEX "$k" "$o" "$n"
    done
    for opt in "EX abc" "PX 1.5" "EXAT 9223372036854775808"; do
        read -r o n <<<"$opt"
        queue '-ERR value is not an integer or out of range' GETEX "$k" "$o" "$n"
    done
    queue_bulk "$v" GET "$k"
    queue ":$t" EXPIRETIME "$k"
    check_batch
}

# Redis looks the key up before it checks the number: a missing key
# answers nil even to a bad time, but an unknown option is still an error.
@test "07 GETEX on a missing key: nil even with a bad time, syntax error for a bad option" {
    m=$(rand_word missing)
    queue '$-1' GETEX "$m" EX 0
    queue '$-1' GETEX "$m" EX abc
    queue '$-1' GETEX "$m" PX "$I64_MAX"
    queue '-ERR syntax error' GETEX "$m" "$(rand_word opt)"
    queue '-ERR syntax error' GETEX "$m" EX 1 PX 1
    queue ':0' EXISTS "$m"
    check_batch
}

@test "07 GETDEL returns the value and deletes the key with its TTL" {
    k=$(rand_word k) n=$(rand_word nottl) v=$(rand_word v) m=$(rand_word missing)
    queue '+OK' SET "$k" "$v" EX 100
    queue '+OK' SET "$n" "$v"
    queue_bulk "$v" GETDEL "$k"
    queue ':0' EXISTS "$k"
    queue ':-2' TTL "$k"
    queue '$-1' GETDEL "$k"
    queue '$-1' GETDEL "$m"
    queue_bulk "$v" GETDEL "$n"
    queue ':0' DBSIZE
    check_batch
}

# A server that keeps deadlines apart from the keys must drop the deadline
# with the key, whichever way the key goes.
@test "07 a new key never inherits the TTL of a key of the same name that is gone" {
    k=$(rand_word k) v=$(rand_word v)
    for how in DEL GETDEL FLUSHDB FLUSHALL EXPIRE GETEX; do
        queue '+OK' SET "$k" "$v" EX 100
        case $how in
        DEL) queue ':1' DEL "$k" ;;
        GETDEL) queue_bulk "$v" GETDEL "$k" ;;
        FLUSHDB | FLUSHALL) queue '+OK' "$how" ;;
        EXPIRE) queue ':1' EXPIRE "$k" 0 ;;
        GETEX) queue_bulk "$v" GETEX "$k" PXAT 1 ;;
        esac
        queue '+OK' SET "$k" "$v"
        queue ':-1' TTL "$k"
    done
    check_batch
}

# ---------------------------------------------------------------- expiry itself

@test "07 lazy expiry: an expired key reads as missing" {
    k=$(rand_word k) p=$(rand_word p)
    queue '+OK' SET "$k" "$(rand_word v)" PX 50
    queue '+OK' SET "$p:gone" "$(rand_word v)" PX 50
    queue '+OK' SET "$p:keep" "$(rand_word v)"
    check_batch
    sleep 0.15 # well past the 50 ms
    queue '$-1' GET "$k"
    queue ':0' EXISTS "$k"
    for cmd in TTL PTTL EXPIRETIME PEXPIRETIME; do queue ':-2' "$cmd" "$k"; done
    queue '$-1' GETEX "$k"
    queue '$-1' GETDEL "$k"
    queue '*1\r\n$'$((${#p} + 5))'\r\n'"$p:keep" KEYS "$p:*"
    check_batch
}

@test "07 lazy expiry: writes treat an expired key as missing" {
    p=$(rand_word p) v=$(rand_word v)
    for n in 1 2 3 4; do queue '+OK' SET "$p:$n" "$p-old" PX 50; done
    check_batch
    sleep 0.15 # well past the 50 ms
    queue ':0' EXPIRE "$p:1" 100
    queue ':0' PERSIST "$p:2"
    queue '$-1' SET "$p:3" "$v" XX
    queue ':0' EXISTS "$p:3"
    queue '+OK' SET "$p:4" "$v" NX
    queue_bulk "$v" GET "$p:4"
    queue ':-1' TTL "$p:4"
    check_batch
}

# Only DBSIZE is asked: nobody touches the key, so only active expiry can
# remove it.
@test "07 active expiry: a key set with PX 100 disappears by itself" {
    rcli set "$(rand_word k)" "$(rand_word v)" px 100 >/dev/null
    run wait_dbsize 0
    expect "DBSIZE polled (at most 100 times) after SET k v PX 100" 0 "$output"
}

@test "07 active expiry: 200 short-lived keys go, the others stay" {
    p=$(rand_word p)
    sent=$(
        for i in $(seq 1 200); do mbulk SET "$p:short:$i" x PX 100; done
        for i in $(seq 1 50); do mbulk SET "$p:forever:$i" "$p-$i"; done
        for i in $(seq 1 50); do mbulk SET "$p:long:$i" "$p-$i" EX 1000; done
    )
    wire "$sent" -n 300 >/dev/null
    run wait_dbsize 100
    expect "DBSIZE polled (at most 100 times) after 200 PX 100 + 50 no TTL + 50 EX 1000" 100 "$output"
    i=$((RANDOM % 50 + 1))
    queue_bulk "$p-$i" GET "$p:forever:$i"
    queue_bulk "$p-$i" GET "$p:long:$i"
    check_batch
}

# ---------------------------------------------------------------- AOF

# The AOF must record deadlines, not durations: replaying "EX 1000" as is
# would give the key its whole life again.
@test "07 AOF: the remaining life of a key never grows across a restart" {
    stop_server
    mkdir -p "$BATS_TEST_TMPDIR/data"
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    k=$(rand_word k) v=$(rand_word v)
    rcli set "$k" "$v" ex 1000 >/dev/null
    before=$(rcli pttl "$k")
    stop_server
    sleep 1.1
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    run rcli get "$k"
    expect "GET $k after restart" "$v" "$output"
    # at least 1.1 s passed between the two PTTLs
    run rcli pttl "$k"
    check_range "PTTL $k after restart (before stop: $before)" 1 $((before - 1000)) "$output"
}

@test "07 AOF: every way of setting a deadline replays as a deadline" {
    stop_server
    mkdir -p "$BATS_TEST_TMPDIR/data"
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    p=$(rand_word p)
    queue '+OK' SET "$p:expire" v
    queue ':1' EXPIRE "$p:expire" 1000
    queue '+OK' SET "$p:pexpire" v
    queue ':1' PEXPIRE "$p:pexpire" 1000000
    queue '+OK' SETEX "$p:setex" 1000 v
    queue '+OK' PSETEX "$p:psetex" 1000000 v
    queue '+OK' SET "$p:getex" v
    queue_bulk v GETEX "$p:getex" EX 1000
    queue '+OK' SET "$p:keepttl" v PX 1000000
    queue '+OK' SET "$p:keepttl" w KEEPTTL
    queue '+OK' SET "$p:persist" v EX 1000
    queue ':1' PERSIST "$p:persist"
    queue '+OK' SET "$p:gone" v
    queue ':1' EXPIRE "$p:gone" 0
    check_batch
    names=(expire pexpire setex psetex getex keepttl)
    pttls=""
    for n in "${names[@]}"; do mbulk_add pttls PTTL "$p:$n"; done
    run wire "$pttls" -n ${#names[@]}
    read -ra before <<<"$(ints_of "$output")"
    stop_server
    sleep 1.1
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    run wire "$pttls" -n ${#names[@]}
    read -ra after <<<"$(ints_of "$output")"
    for i in "${!names[@]}"; do
        check_range "PTTL $p:${names[i]} after restart (before stop: ${before[i]})" 1 $((before[i] - 1000)) "${after[i]:-}"
    done
    queue_bulk w GET "$p:keepttl"
    queue ':-1' TTL "$p:persist"
    queue ':0' EXISTS "$p:gone"
    check_batch
}

@test "07 AOF: a key that expired while the server was down is gone after restart" {
    stop_server
    mkdir -p "$BATS_TEST_TMPDIR/data"
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    k=$(rand_word k) s=$(rand_word stays) v=$(rand_word v)
    queue '+OK' SET "$k" "$v" PX 300
    queue '+OK' SET "$s" "$v"
    check_batch
    stop_server
    sleep 0.4 # the 300 ms are over
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    queue ':0' EXISTS "$k"
    queue '$-1' GET "$k"
    queue ':-2' TTL "$k"
    queue_bulk "$v" GET "$s"
    check_batch
}

# Active expiry changes data with no client command in the turn; its DEL
# must still reach the file (under appendfsync always, at once), not wait
# for the next client to make the server flush.
# bats test_tags=rung-only
@test "07 AOF: a key removed by active expiry is logged as DEL with no command after it" {
    stop_server
    mkdir -p "$BATS_TEST_TMPDIR/data"
    start_server --appendonly yes --appendfsync always --dir "$BATS_TEST_TMPDIR/data"
    k=$(rand_word k)
    queue '+OK' SET "$k" v PX 50
    check_batch
    aof=$BATS_TEST_TMPDIR/data/appendonly.aof
    want=$(printf '*2\r\n$3\r\nDEL\r\n$%d\r\n%s\r\n' "${#k}" "$k")
    for ((i = 0; i < 100; i++)); do
        [[ "$(cat "$aof")" == *"$want"* ]] && break
        sleep 0.05
    done
    expect "SET $k v PX 50, then nothing: the file ends with" "DEL $k" \
        "$([[ "$(cat "$aof")" == *"$want" ]] && echo "DEL $k" || cat -v "$aof")"
}

# The replay must see a key as it was when each command ran: had the
# SET's key already expired during the replay, the SET ... KEEPTTL after
# it would make a new key with no deadline - a key that never dies.
@test "07 AOF: a key that died while the server was down stays dead, whatever followed its SET" {
    stop_server
    mkdir -p "$BATS_TEST_TMPDIR/data"
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    k=$(rand_word k)
    queue '+OK' SET "$k" v1 PX 700
    queue '+OK' SET "$k" v2 KEEPTTL
    check_batch
    stop_server
    sleep 0.8 # the 700 ms are over
    start_server --appendonly yes --dir "$BATS_TEST_TMPDIR/data"
    queue ':0' EXISTS "$k"
    queue ':-2' TTL "$k"
    check_batch
}
