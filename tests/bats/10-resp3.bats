# Stage 10: RESP3 and the connection - HELLO, AUTH and --requirepass, CLIENT, RESET.
# bats file_tags=stage:10

load helpers

setup() { start_server; }
teardown() {
    exec 7>&- 8>&-
    stop_server
}

NOAUTH="NOAUTH Authentication required."
NOAUTH_HELLO="NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
NOPASS="ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
WRONGPASS="WRONGPASS invalid username-password pair or user is disabled."
BADNAME="ERR Client names cannot contain spaces, newlines or special characters."

# bulk VALUE / err TEXT: a bulk string / error reply as wire prints it.
bulk() {
    printf '$%d\\r\\n%s\\r\\n' "${#1}" "$1"
}
err() {
    printf -- '-%s\\r\\n' "$1"
}

# hello_reply PROTO: HELLO's reply as wire prints it, with the id and the
# version written ID and VERSION (see norm_hello).
hello_reply() {
    local head='*14' proto=2
    [ "$1" = 3 ] && head='%7' proto=3
    printf '%s' "$head"'\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\nVERSION\r\n$5\r\nproto\r\n:'"$proto"'\r\n$2\r\nid\r\n:ID\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n'
}

# norm_hello: replace the values that vary in HELLO replies read on stdin
# (the connection id, the version string) by ID and VERSION.
norm_hello() {
    sed -E 's/(\$2\\r\\nid\\r\\n:)[0-9]+\\r\\n/\1ID\\r\\n/g; s/(version\\r\\n)\$[0-9]+\\r\\n[0-9]+\.[0-9]+\.[0-9]+\\r\\n/\1VERSION\\r\\n/g'
}

# wire3 BYTES: wire for exchanges that switch protocols midway.  Instead
# of counting replies, QUIT is sent last and the server's close ends the
# read, so the read never depends on how a reply is measured.  Prints the
# replies to BYTES (QUIT's +OK and the close taken off).
wire3() {
    local out
    out=$(wire "${1}QUIT\r\n" -i 5000)
    case $out in
    *'+OK\r\n<closed>') printf '%s\n' "${out%+OK\\r\\n<closed>}" ;;
    *) printf '%s<no reply to QUIT>\n' "$out" ;;
    esac
}

# hold FD [NAME]: open a connection on descriptor FD (7 or 8) and, when
# NAME is given, name it with CLIENT SETNAME.
hold() {
    local line
    eval "exec $1<>/dev/tcp/127.0.0.1/$PORT"
    [ -z "${2:-}" ] && return 0
    line=$(ask "$1" CLIENT SETNAME "$2")
    expect "CLIENT SETNAME $2 on descriptor $1" +OK "$line"
}

# ask FD CMD [ARGS...]: send CMD on connection FD and print the first line
# of the reply, type byte included, without its CR (+OK, :1, -ERR ...).
ask() {
    local fd=$1 line
    shift
    printf '%b' "$(mbulk "$@")" >&"$fd"
    IFS= read -r -t 5 -u "$fd" line || { echo "<no reply>"; return 0; }
    printf '%s\n' "${line%$'\r'}"
}

# is_closed FD: true when the server closed connection FD (read sees
# end-of-file, or a reset; not a 5 s timeout).
is_closed() {
    local line rc
    IFS= read -r -t 5 -u "$1" line
    rc=$?
    [ "$rc" -ne 0 ] && [ "$rc" -le 128 ]
}

# wait_clients N: wait (at most 2.5 s) until CLIENT LIST has N lines,
# redis-cli's own included: start_server's readiness probe may linger in
# the list for a moment after it hung up.  Prints the last list.
wait_clients() {
    local i list
    for ((i = 0; i < 50; i++)); do
        list=$(rcli client list)
        [ "$(printf '%s\n' "$list" | wc -l)" = "$1" ] && break
        sleep 0.05
    done
    printf '%s\n' "$list"
}

# client_line NAME: the CLIENT LIST line of the connection named NAME.
client_line() {
    rcli client list | grep -- " name=$1 "
}

# field LINE KEY: the value of KEY=... in a CLIENT LIST line.
field() {
    printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# check_verbatim OUTPUT: OUTPUT (as wire prints it) is one RESP3 verbatim
# string, =LEN\r\ntxt:TEXT\r\n, whose LEN is right.  Prints TEXT, escaped.
check_verbatim() {
    local re='^=([0-9]+)\\r\\n(txt:.*)\\r\\n$' n
    [[ "$1" =~ $re ]] || { echo "not a verbatim string: $1"; return 1; }
    n=$(printf '%b' "${BASH_REMATCH[2]}" | wc -c)
    [ "$n" = "${BASH_REMATCH[1]}" ] || { echo "length says ${BASH_REMATCH[1]}, payload has $n bytes: $1"; return 1; }
    printf '%s\n' "${BASH_REMATCH[2]#txt:}"
}

# ------------------------------------------------------------------ HELLO

@test "10 HELLO and HELLO 2 answer a flat array of 14, HELLO 3 a map of 7" {
    run wire 'HELLO\r\nHELLO 2\r\n' -n 2
    got=$(printf '%s' "$output" | norm_hello)
    expect "HELLO; HELLO 2" "$(hello_reply 2)$(hello_reply 2)" "$got"
    # HELLO without a version reports the protocol in use, RESP3 after HELLO 3.
    run wire3 'HELLO 3\r\nHELLO\r\n'
    got=$(printf '%s' "$output" | norm_hello)
    expect "HELLO 3; HELLO" "$(hello_reply 3)$(hello_reply 3)" "$got"
}

@test "10 HELLO's id is the connection's CLIENT ID" {
    run wire3 'HELLO 3\r\nCLIENT ID\r\nHELLO 2\r\n'
    re='id\\r\\n:([0-9]+)\\r\\n.*\\r\\n:([0-9]+)\\r\\n\*14.*id\\r\\n:([0-9]+)\\r\\n'
    [[ "$output" =~ $re ]] || { echo "got: $output"; false; }
    expect "HELLO 3 id vs CLIENT ID" "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}"
    expect "HELLO 2 id vs CLIENT ID" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
}

@test "10 HELLO with an unsupported version is NOPROTO, a non-integer version an error" {
    k=$(rand_word k)
    noproto=$(err "NOPROTO unsupported protocol version")
    notint=$(err "ERR Protocol version is not an integer or out of range")
    sent="" want=""
    for v in 1 4 0 -1 99999999999; do
        sent+="$(mbulk HELLO "$v")$(mbulk GET "$k")"
        want+="$noproto\$-1\\r\\n"
    done
    for v in x 03 3.0 " 3" "" SETNAME; do
        sent+="$(mbulk HELLO "$v")$(mbulk GET "$k")"
        want+="$notint\$-1\\r\\n"
    done
    run wire "$sent" -n 22
    expect "HELLO 1/4/0/-1/big/x/03/3.0/' 3'/''/SETNAME, each followed by GET (still RESP2)" "$want" "$output"
}

@test "10 HELLO option errors leave the protocol unchanged" {
    k=$(rand_word k)
    run wire "$(mbulk HELLO 3 FOO)$(mbulk GET "$k")$(mbulk HELLO 3 AUTH default)$(mbulk HELLO 3 SETNAME)$(mbulk HELLO 3 AUTH default x SETNAME)$(mbulk GET "$k")$(mbulk HELLO 3 SETNAME "a b")$(mbulk GET "$k")" -n 8
    want="$(err "ERR Syntax error in HELLO option 'FOO'")\$-1\\r\\n$(err "ERR Syntax error in HELLO option 'AUTH'")"
    want+="$(err "ERR Syntax error in HELLO option 'SETNAME'")$(err "ERR Syntax error in HELLO option 'SETNAME'")\$-1\\r\\n"
    want+="$(err "$BADNAME")\$-1\\r\\n"
    expect "HELLO 3 FOO; GET; HELLO 3 AUTH default; HELLO 3 SETNAME; HELLO 3 AUTH default x SETNAME; GET; HELLO 3 SETNAME 'a b'; GET" "$want" "$output"
}

@test "10 HELLO SETNAME names the connection, the last SETNAME wins" {
    a=$(rand_word a) b=$(rand_word b)
    run wire3 "$(mbulk HELLO 2 SETNAME "$a")$(mbulk CLIENT GETNAME)$(mbulk HELLO 3 setname "$a" SETNAME "$b")$(mbulk CLIENT GETNAME)"
    got=$(printf '%s' "$output" | norm_hello)
    expect "HELLO 2 SETNAME $a; CLIENT GETNAME; HELLO 3 SETNAME $a SETNAME $b; CLIENT GETNAME" \
        "$(hello_reply 2)$(bulk "$a")$(hello_reply 3)$(bulk "$b")" "$got"
}

@test "10 HELLO AUTH without a password configured: default with any password works, other users do not" {
    k=$(rand_word k)
    run wire3 "$(mbulk HELLO 3 AUTH "$(rand_word user)" "$(rand_word pw)")$(mbulk GET "$k")$(mbulk HELLO 3 AUTH default "$(rand_word pw)")$(mbulk GET "$k")"
    got=$(printf '%s' "$output" | norm_hello)
    expect "HELLO 3 AUTH other pw; GET; HELLO 3 AUTH default pw; GET" "$(err "$WRONGPASS")\$-1\\r\\n$(hello_reply 3)_\\r\\n" "$got"
}

# ------------------------------------------------------- RESP3 reply types

@test "10 after HELLO 3 a missing value is _ (GET, HGET, HMGET, MGET)" {
    k=$(rand_word k) v=$(rand_word v) h=$(rand_word h) f=$(rand_word f) hv=$(rand_word hv) m=$(rand_word missing)
    rcli set "$k" "$v" >/dev/null
    rcli hset "$h" "$f" "$hv" >/dev/null
    run wire3 "HELLO 3\r\n$(mbulk GET "$m")$(mbulk GET "$k")$(mbulk HGET "$h" "$m")$(mbulk HGET "$m" "$f")$(mbulk HMGET "$h" "$f" "$m")$(mbulk MGET "$k" "$m" "$k")$(mbulk SET "$m" x)$(mbulk INCR "$k:n")"
    want="_\\r\\n$(bulk "$v")_\\r\\n_\\r\\n*2\\r\\n$(bulk "$hv")_\\r\\n*3\\r\\n$(bulk "$v")_\\r\\n$(bulk "$v")+OK\\r\\n:1\\r\\n"
    expect "HELLO 3; GET missing; GET; HGET missing field; HGET missing key; HMGET; MGET; SET; INCR" "$want" "${output#*modules\\r\\n\*0\\r\\n}"
}

@test "10 after HELLO 3 HGETALL is a map" {
    h=$(rand_word h) f=$(rand_word f) v=$(rand_word v)
    rcli hset "$h" "$f" "$v" >/dev/null
    run wire3 "HELLO 3\r\n$(mbulk HGETALL "$h")$(mbulk HGETALL "$(rand_word missing)")"
    expect "HELLO 3; HGETALL $h (one field); HGETALL missing" "%1\\r\\n$(bulk "$f")$(bulk "$v")%0\\r\\n" "${output#*modules\\r\\n\*0\\r\\n}"
    # Three fields: a map of 3 whose pairs are the fields and values, in
    # whatever order the hash keeps them.
    g=$(rand_word g) w=$(rand_word w)
    rcli hset "$h" "$g" "$w" "$g:2" "$w:2" >/dev/null
    run wire3 "HELLO 3\r\n$(mbulk HGETALL "$h")"
    got=${output#*modules\\r\\n\*0\\r\\n}
    [[ "$got" == '%3\r\n'* ]] || { echo "HGETALL $h after HELLO 3 gave: $got"; false; }
    got=${got#%3\\r\\n}
    pairs=$(printf '%s' "$got" | sed 's/\\r\\n/\n/g' | grep -v '^\$' | paste -d ' ' - - | sort)
    expect "HGETALL $h pairs" "$(printf '%s\n' "$f $v" "$g $w" "$g:2 $w:2" | sort)" "$pairs"
}

@test "10 after HELLO 3 HRANDFIELD WITHVALUES is an array of pairs" {
    h=$(rand_word h) f=$(rand_word f) v=$(rand_word v) m=$(rand_word missing)
    rcli hset "$h" "$f" "$v" >/dev/null
    pair="*2\\r\\n$(bulk "$f")$(bulk "$v")"
    run wire3 "HELLO 3\r\n$(mbulk HRANDFIELD "$h" 1 WITHVALUES)$(mbulk HRANDFIELD "$h" -2 withvalues)$(mbulk HRANDFIELD "$h" 5 WITHVALUES)$(mbulk HRANDFIELD "$h" 2)$(mbulk HRANDFIELD "$h")$(mbulk HRANDFIELD "$m")$(mbulk HRANDFIELD "$m" 2 WITHVALUES)"
    want="*1\\r\\n$pair*2\\r\\n$pair$pair*1\\r\\n$pair*1\\r\\n$(bulk "$f")$(bulk "$f")_\\r\\n*0\\r\\n"
    expect "HELLO 3; HRANDFIELD 1 / -2 / 5 WITHVALUES; HRANDFIELD 2; HRANDFIELD; HRANDFIELD missing; missing 2 WITHVALUES" "$want" "${output#*modules\\r\\n\*0\\r\\n}"
    run wire "$(mbulk HRANDFIELD "$h" -2 WITHVALUES)" -n 1
    expect "HRANDFIELD $h -2 WITHVALUES in RESP2 (flat)" "*4\\r\\n$(bulk "$f")$(bulk "$v")$(bulk "$f")$(bulk "$v")" "$output"
}

@test "10 after HELLO 3 CLIENT INFO and CLIENT LIST are verbatim strings" {
    run wire3 "HELLO 3\r\nCLIENT INFO\r\n"
    run check_verbatim "${output#*modules\\r\\n\*0\\r\\n}"
    [ "$status" = 0 ] || { echo "CLIENT INFO after HELLO 3: $output"; false; }
    [[ "$output" =~ ^id=[0-9]+\ addr=.*\ cmd=client\|info\ .*resp=3.*\\n$ ]] || { echo "CLIENT INFO text: $output"; false; }
    n=$(rand_word n)
    run wire3 "HELLO 3 SETNAME $n\r\nCLIENT LIST\r\n"
    run check_verbatim "${output#*modules\\r\\n\*0\\r\\n}"
    [ "$status" = 0 ] || { echo "CLIENT LIST after HELLO 3: $output"; false; }
    [[ "$output" == *" name=$n "*" cmd=client|list "*"resp=3"*'\n' ]] || { echo "CLIENT LIST text: $output"; false; }
    # An empty list is an empty verbatim string.
    run wire3 "HELLO 3\r\nCLIENT LIST ID 999999\r\n"
    expect "HELLO 3; CLIENT LIST ID 999999" '=4\r\ntxt:\r\n' "${output#*modules\\r\\n\*0\\r\\n}"
}

@test "10 after HELLO 3 COMMAND INFO flags are sets" {
    run wire3 "HELLO 3\r\nCOMMAND INFO get set\r\nCOMMAND INFO $(rand_word nosuch)\r\n"
    got=${output#*modules\\r\\n\*0\\r\\n}
    [[ "$got" == '*2\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n'* ]] ||
        { echo "COMMAND INFO get set after HELLO 3: ${got:0:200}"; false; }
    [[ "$got" == *'*10\r\n$3\r\nset\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n'* ]] ||
        { echo "COMMAND INFO set after HELLO 3: ${got:0:400}"; false; }
    [[ "$got" == *'*1\r\n_\r\n' ]] || { echo "COMMAND INFO nosuch after HELLO 3 should end *1 _: $got"; false; }
    run wire 'COMMAND INFO get\r\n' -n 1
    [[ "$output" == '*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n'* ]] ||
        { echo "COMMAND INFO get in RESP2: ${output:0:200}"; false; }
}

@test "10 HELLO 2 goes back to RESP2" {
    h=$(rand_word h) f=$(rand_word f) v=$(rand_word v) m=$(rand_word missing)
    rcli hset "$h" "$f" "$v" >/dev/null
    run wire3 "HELLO 3\r\nHELLO 2\r\n$(mbulk GET "$m")$(mbulk HGETALL "$h")$(mbulk MGET "$m")$(mbulk HRANDFIELD "$h" 1 WITHVALUES)"
    got=$(printf '%s' "$output" | norm_hello)
    want="$(hello_reply 3)$(hello_reply 2)\$-1\\r\\n*2\\r\\n$(bulk "$f")$(bulk "$v")*1\\r\\n\$-1\\r\\n*2\\r\\n$(bulk "$f")$(bulk "$v")"
    expect "HELLO 3; HELLO 2; GET missing; HGETALL; MGET missing; HRANDFIELD 1 WITHVALUES" "$want" "$got"
    run wire3 "HELLO 3\r\nHELLO 2\r\nCLIENT INFO\r\n"
    [[ "${output##*\*0\\r\\n}" =~ ^\$[0-9]+\\r\\nid=.*resp=2 ]] || { echo "CLIENT INFO after HELLO 2: $output"; false; }
}

@test "10 redis-cli -3 prints HGETALL as a map" {
    h=$(rand_word h) f=$(rand_word f) v=$(rand_word v) g=$(rand_word g) w=$(rand_word w)
    rcli hset "$h" "$f" "$v" "$g" "$w" >/dev/null
    run rcli -3 hgetall "$h"
    expect "redis-cli -3 HGETALL $h (raw)" "$(printf '%s\n' "$f $v" "$g $w" | sort)" "$(printf '%s\n' "$output" | sort)"
    run rcli_fmt -3 hgetall "$(rand_word missing)"
    expect "redis-cli -3 --no-raw HGETALL missing" "(empty hash)" "$output"
    rcli del "$h" >/dev/null
    rcli hset "$h" "$f" "$v" >/dev/null
    run rcli_fmt -3 hgetall "$h"
    expect "redis-cli -3 --no-raw HGETALL $h" "1# \"$f\" => \"$v\"" "$output"
    run rcli hgetall "$h"
    expect "redis-cli HGETALL $h (RESP2, raw)" "$(printf '%s\n%s' "$f" "$v")" "$output"
}

# ------------------------------------------------------- AUTH, no password

@test "10 AUTH without a password configured" {
    run wire "$(mbulk AUTH "$(rand_word pw)")$(mbulk AUTH default "$(rand_word pw)")$(mbulk AUTH "$(rand_word user)" "$(rand_word pw)")AUTH\r\n$(mbulk AUTH a b c)PING\r\n" -n 6
    want="$(err "$NOPASS")+OK\\r\\n$(err "$WRONGPASS")$(err "ERR wrong number of arguments for 'auth' command")$(err "ERR syntax error")+PONG\\r\\n"
    expect "AUTH pw; AUTH default pw; AUTH user pw; AUTH; AUTH a b c; PING" "$want" "$output"
}

# --------------------------------------------------------- --requirepass

@test "10 with --requirepass every command but AUTH, HELLO, QUIT and RESET gets NOAUTH" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    k=$(rand_word k)
    sent="" want=""
    for cmd in "PING" "GET $k" "SET $k v" "CLIENT ID" "CLIENT LIST" "SELECT 1" "COMMAND" "ECHO x" "DBSIZE" "HGETALL $k"; do
        sent+="$cmd\r\n"
        want+=$(err "$NOAUTH")
    done
    sent+="RESET\r\nQUIT\r\n"
    want+='+RESET\r\n+OK\r\n<closed>'
    run wire "$sent" -n 13
    expect "PING; GET; SET; CLIENT ID; CLIENT LIST; SELECT; COMMAND; ECHO; DBSIZE; HGETALL; RESET; QUIT, unauthenticated" "$want" "$output"
    run rcli exists "$k"
    expect "redis-cli EXISTS $k without a password" "$NOAUTH" "$output"
}

@test "10 with --requirepass unknown commands and wrong arity still get their own errors" {
    stop_server
    start_server --requirepass "$(rand_word pw)"
    c=$(rand_word cmd)
    run wire "$(mbulk "$c" a b)GET\r\n$(mbulk SET k)$(mbulk HSET k f)$(mbulk AUTH)$(mbulk GET k)" -n 6
    want="$(err "ERR unknown command '$c', with args beginning with: 'a' 'b' ")$(err "ERR wrong number of arguments for 'get' command")"
    want+="$(err "ERR wrong number of arguments for 'set' command")$(err "ERR wrong number of arguments for 'hset' command")"
    want+="$(err "ERR wrong number of arguments for 'auth' command")$(err "$NOAUTH")"
    expect "$c a b; GET; SET k; HSET k f; AUTH; GET k" "$want" "$output"
}

@test "10 AUTH pass and AUTH default pass authenticate, a wrong password is WRONGPASS" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    k=$(rand_word k) v=$(rand_word v)
    run wire "$(mbulk AUTH "$pass:x")$(mbulk AUTH default "$(rand_word pw)")$(mbulk AUTH "$(rand_word user)" "$pass")$(mbulk GET "$k")$(mbulk AUTH "$pass")$(mbulk SET "$k" "$v")$(mbulk GET "$k")" -n 7
    want="$(err "$WRONGPASS")$(err "$WRONGPASS")$(err "$WRONGPASS")$(err "$NOAUTH")+OK\\r\\n+OK\\r\\n$(bulk "$v")"
    expect "AUTH wrong; AUTH default wrong; AUTH user pass; GET; AUTH pass; SET; GET" "$want" "$output"
    run wire "$(mbulk AUTH default "$pass")$(mbulk GET "$k")$(mbulk AUTH "$(rand_word pw)")$(mbulk GET "$k")" -n 4
    # A failed AUTH does not undo an earlier successful one.
    expect "AUTH default pass; GET; AUTH wrong; GET" "+OK\\r\\n$(bulk "$v")$(err "$WRONGPASS")$(bulk "$v")" "$output"
}

@test "10 with --requirepass HELLO needs AUTH, HELLO 3 AUTH default pass authenticates" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    n=$(rand_word n) m=$(rand_word missing)
    run wire3 "HELLO\r\nHELLO 3\r\n$(mbulk HELLO 3 AUTH default "$(rand_word pw)")$(mbulk HELLO 3 SETNAME "$n")$(mbulk GET "$m")$(mbulk HELLO 3 AUTH default "$pass" SETNAME "$n")$(mbulk CLIENT GETNAME)$(mbulk GET "$m")"
    got=$(printf '%s' "$output" | norm_hello)
    want="$(err "$NOAUTH_HELLO")$(err "$NOAUTH_HELLO")$(err "$WRONGPASS")$(err "$NOAUTH_HELLO")$(err "$NOAUTH")"
    want+="$(hello_reply 3)$(bulk "$n")_\\r\\n"
    expect "HELLO; HELLO 3; HELLO 3 AUTH default wrong; HELLO 3 SETNAME; GET; HELLO 3 AUTH default pass SETNAME $n; CLIENT GETNAME; GET missing" "$want" "$got"
    run wire "$(mbulk HELLO 2 AUTH default "$pass")$(mbulk GET "$m")" -n 2
    got=$(printf '%s' "$output" | norm_hello)
    expect "HELLO 2 AUTH default pass; GET missing" "$(hello_reply 2)\$-1\\r\\n" "$got"
}

@test "10 RESET de-authenticates" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    run wire "$(mbulk AUTH "$pass")PING\r\nRESET\r\nPING\r\n$(mbulk AUTH "$pass")PING\r\n" -n 6
    expect "AUTH; PING; RESET; PING; AUTH; PING" "+OK\\r\\n+PONG\\r\\n+RESET\\r\\n$(err "$NOAUTH")+OK\\r\\n+PONG\\r\\n" "$output"
}

@test "10 unauthenticated clients may not send more than 10 arguments" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    # *11 is refused as soon as the header arrives, and the connection closed.
    run wire '*11\r\n'
    expect "*11 (unauthenticated)" '-ERR Protocol error: unauthenticated multibulk length\r\n<closed>' "$output"
    ten=$(mbulk MGET a b c d e f g h i)
    run wire "$ten$ten" -n 2
    expect "MGET with 9 keys (*10), twice, unauthenticated" "$(err "$NOAUTH")$(err "$NOAUTH")" "$output"
    k=$(rand_word k)
    run wire "$(mbulk AUTH "$pass")$(mbulk MSET "$k:1" 1 "$k:2" 2 "$k:3" 3 "$k:4" 4 "$k:5" 5)$(mbulk MGET "$k:1" "$k:2" "$k:3" "$k:4" "$k:5" "$k:1" "$k:2" "$k:3" "$k:4" "$k:5" "$k:1")" -n 3
    expect "AUTH; MSET of 5 pairs (*11); MGET of 11 keys (*12)" "+OK\\r\\n+OK\\r\\n*11\\r\\n$(for i in 1 2 3 4 5 1 2 3 4 5 1; do bulk "$i"; done)" "$output"
}

@test "10 unauthenticated clients may not send a bulk over 16384 bytes" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    run wire '*2\r\n$4\r\nECHO\r\n$16385\r\n'
    expect "ECHO with a 16385-byte bulk header (unauthenticated)" '-ERR Protocol error: unauthenticated bulk length\r\n<closed>' "$output"
    big=$(rand_word x)
    printf -v pad '%*s' $((16384 - ${#big})) ''
    big+=${pad// /x}
    run wire "$(mbulk ECHO "$big")PING\r\n" -n 2
    expect "ECHO of 16384 bytes; PING (unauthenticated)" "$(err "$NOAUTH")$(err "$NOAUTH")" "$output"
    run wire "$(mbulk AUTH "$pass")$(mbulk ECHO "${big}y")" -n 2
    expect "AUTH; ECHO of 16385 bytes" "+OK\\r\\n$(bulk "${big}y")" "$output"
}

@test "10 redis-cli -a authenticates" {
    stop_server
    pass=$(rand_word pw)
    start_server --requirepass "$pass"
    k=$(rand_word k) v=$(rand_word v)
    run rcli -a "$pass" --no-auth-warning set "$k" "$v"
    expect "redis-cli -a pass SET $k $v" OK "$output"
    run rcli -a "$pass" --no-auth-warning get "$k"
    expect "redis-cli -a pass GET $k" "$v" "$output"
    run rcli --user default --pass "$pass" --no-auth-warning get "$k"
    expect "redis-cli --user default --pass pass GET $k" "$v" "$output"
    run rcli get "$k"
    expect "redis-cli GET $k (no password)" "$NOAUTH" "$output"
    run rcli -a "$(rand_word pw)" --no-auth-warning get "$k"
    expect "redis-cli -a wrong GET $k" "$(printf 'AUTH failed: %s\n%s' "$WRONGPASS" "$NOAUTH")" "$output"
}

# ------------------------------------------------------------------ CLIENT

@test "10 CLIENT ID is fixed for a connection and grows with each new one" {
    run wire 'CLIENT ID\r\nCLIENT ID\r\n' -n 2
    [[ "$output" =~ ^:([0-9]+)\\r\\n:([0-9]+)\\r\\n$ ]] || { echo "CLIENT ID twice: $output"; false; }
    expect "CLIENT ID twice on one connection" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    prev=${BASH_REMATCH[1]}
    for i in 1 2 3 4 5; do
        id=$(rcli client id)
        [[ "$id" =~ ^[0-9]+$ ]] && ((id > prev)) || { echo "connection $i: CLIENT ID $id after $prev"; false; }
        prev=$id
    done
    run wire 'CLIENT ID x\r\n' -n 1
    expect "CLIENT ID x" "$(err "ERR wrong number of arguments for 'client|id' command")" "$output"
}

@test "10 CLIENT SETNAME and GETNAME" {
    n=$(rand_word name) m=$(rand_word other)
    run wire "$(mbulk CLIENT GETNAME)$(mbulk CLIENT SETNAME "$n")$(mbulk CLIENT GETNAME)$(mbulk client setname "$m")$(mbulk CLIENT GETNAME)$(mbulk CLIENT SETNAME "")$(mbulk CLIENT GETNAME)$(mbulk CLIENT SETNAME '~!{}')$(mbulk CLIENT GETNAME)" -n 9
    want="\$-1\\r\\n+OK\\r\\n$(bulk "$n")+OK\\r\\n$(bulk "$m")+OK\\r\\n\$-1\\r\\n+OK\\r\\n$(bulk '~!{}')"
    expect "GETNAME; SETNAME $n; GETNAME; setname $m; GETNAME; SETNAME ''; GETNAME; SETNAME ~!{}; GETNAME" "$want" "$output"
    # A name must be printable ASCII without spaces; a refused name leaves the old one.
    sent=$(mbulk CLIENT SETNAME "$n") want='+OK\r\n'
    for bad in "a b" "a\nb" "a\x7f" "a\x01" "a\xe9" " "; do
        sent+="*3\r\n\$6\r\nCLIENT\r\n\$7\r\nSETNAME\r\n\$$(printf '%b' "$bad" | wc -c)\r\n$bad\r\n"
        want+=$(err "$BADNAME")
    done
    sent+="$(mbulk CLIENT GETNAME)"
    want+=$(bulk "$n")
    run wire "$sent" -n 8
    expect "SETNAME $n; SETNAME of 'a b', a\\nb, a\\x7f, a\\x01, a\\xe9, ' '; GETNAME" "$want" "$output"
    run wire "CLIENT SETNAME\r\nCLIENT SETNAME a b\r\nCLIENT GETNAME x\r\n" -n 3
    want="$(err "ERR wrong number of arguments for 'client|setname' command")$(err "ERR wrong number of arguments for 'client|setname' command")"
    want+="$(err "ERR wrong number of arguments for 'client|getname' command")"
    expect "CLIENT SETNAME; CLIENT SETNAME a b; CLIENT GETNAME x" "$want" "$output"
}

@test "10 CLIENT LIST has one line per client" {
    a=$(rand_word a) b=$(rand_word b)
    hold 7 "$a"
    hold 8 "$b"
    # The two held connections and redis-cli.
    list=$(wait_clients 3)
    expect "number of CLIENT LIST lines" 3 "$(printf '%s\n' "$list" | wc -l)"
    expect "lines named $a" 1 "$(printf '%s\n' "$list" | grep -c -- " name=$a ")"
    expect "lines named $b" 1 "$(printf '%s\n' "$list" | grep -c -- " name=$b ")"
    expect "lines of redis-cli's own CLIENT LIST" 1 "$(printf '%s\n' "$list" | grep -c -- " cmd=client|list ")"
    # Each line starts with its id, all ids differ.
    expect "distinct ids" 3 "$(printf '%s\n' "$list" | sed -n 's/^id=\([0-9]*\) .*/\1/p' | sort -u | wc -l)"
    exec 8>&-
    for ((i = 0; i < 50; i++)); do
        [ "$(rcli client list | grep -c -- " name=$b ")" = 0 ] && break
        sleep 0.05
    done
    expect "lines named $b after it closed" 0 "$(rcli client list | grep -c -- " name=$b ")"
}

@test "10 CLIENT LIST fields: id, addr, laddr, name, db, cmd, resp" {
    a=$(rand_word a)
    hold 7 "$a"
    id=$(ask 7 CLIENT ID)
    id=${id#:}
    expect "SELECT 5 on the held connection" +OK "$(ask 7 SELECT 5)"
    line=$(client_line "$a")
    expect "id of $a" "$id" "$(field "$line" id)"
    [[ "$(field "$line" addr)" =~ ^127\.0\.0\.1:[0-9]+$ ]] || { echo "addr: $line"; false; }
    expect "laddr of $a" "127.0.0.1:$PORT" "$(field "$line" laddr)"
    expect "db of $a" 5 "$(field "$line" db)"
    expect "cmd of $a" select "$(field "$line" cmd)"
    expect "resp of $a" 2 "$(field "$line" resp)"
    [[ "$line" == "id=$id addr="* ]] || { echo "line does not start with id=: $line"; false; }
    printf '%b' 'HELLO 3\r\n' >&7
    for ((i = 0; i < 50; i++)); do
        line=$(client_line "$a")
        [ "$(field "$line" resp)" = 3 ] && break
        sleep 0.05
    done
    expect "resp of $a after HELLO 3" 3 "$(field "$line" resp)"
    expect "cmd of $a after HELLO 3" hello "$(field "$line" cmd)"
    run rcli client list
    [[ "$output" == *" name= "*" db=0 "*" cmd=client|list "* ]] || { echo "redis-cli's own line: $output"; false; }
}

@test "10 CLIENT INFO is this connection's CLIENT LIST line" {
    n=$(rand_word n)
    run wire "$(mbulk CLIENT SETNAME "$n")SELECT 3\r\nCLIENT INFO\r\nCLIENT ID\r\n" -n 4
    re='^\+OK\\r\\n\+OK\\r\\n\$([0-9]+)\\r\\n(id=([0-9]+) .*\\n)\\r\\n:([0-9]+)\\r\\n$'
    [[ "$output" =~ $re ]] || { echo "got: $output"; false; }
    expect "CLIENT INFO id vs CLIENT ID" "${BASH_REMATCH[4]}" "${BASH_REMATCH[3]}"
    expect "CLIENT INFO length" "${BASH_REMATCH[1]}" "$(printf '%b' "${BASH_REMATCH[2]}" | wc -c)"
    [[ "${BASH_REMATCH[2]}" == *" name=$n "*" db=3 "*" cmd=client|info "*"resp=2"* ]] || { echo "CLIENT INFO: ${BASH_REMATCH[2]}"; false; }
    run wire "CLIENT INFO x\r\n" -n 1
    expect "CLIENT INFO x" "$(err "ERR wrong number of arguments for 'client|info' command")" "$output"
}

@test "10 CLIENT LIST TYPE and ID filter the list" {
    a=$(rand_word a) b=$(rand_word b)
    hold 7 "$a"
    hold 8 "$b"
    ida=$(field "$(client_line "$a")" id) idb=$(field "$(client_line "$b")" id)
    run rcli client list type normal
    [[ "$output" == *" name=$a "* && "$output" == *" name=$b "* ]] || { echo "LIST TYPE normal: $output"; false; }
    run rcli client list TYPE NORMAL
    [[ "$output" == *" name=$a "* ]] || { echo "LIST TYPE NORMAL: $output"; false; }
    for t in master replica slave pubsub; do
        run wire "$(mbulk CLIENT LIST TYPE $t)" -n 1
        expect "CLIENT LIST TYPE $t" '$0\r\n\r\n' "$output"
    done
    run rcli client list id "$ida"
    expect "CLIENT LIST ID $ida: lines" 1 "$(printf '%s\n' "$output" | wc -l)"
    [[ "$output" == "id=$ida "*" name=$a "* ]] || { echo "CLIENT LIST ID $ida: $output"; false; }
    run rcli client list id "$idb" "$ida" 999999
    expect "CLIENT LIST ID $idb $ida 999999: names" "$(printf '%s\n' "$a" "$b" | sort)" "$(printf '%s\n' "$output" | tr ' ' '\n' | sed -n 's/^name=//p' | sort)"
    run wire "$(mbulk CLIENT LIST ID 999999)$(mbulk CLIENT LIST ID -5)" -n 2
    expect "CLIENT LIST ID 999999; ID -5" '$0\r\n\r\n$0\r\n\r\n' "$output"
    run wire "CLIENT LIST TYPE foo\r\nCLIENT LIST TYPE\r\nCLIENT LIST ID\r\nCLIENT LIST ID x\r\nCLIENT LIST ID 1 x\r\nCLIENT LIST foo\r\nCLIENT LIST TYPE normal x\r\n" -n 7
    want="$(err "ERR Unknown client type 'foo'")$(err "ERR syntax error")$(err "ERR syntax error")$(err "ERR Invalid client ID")"
    want+="$(err "ERR Invalid client ID")$(err "ERR syntax error")$(err "ERR syntax error")"
    expect "LIST TYPE foo; TYPE; ID; ID x; ID 1 x; foo; TYPE normal x" "$want" "$output"
}

@test "10 CLIENT KILL ip:port closes that connection" {
    a=$(rand_word a)
    hold 7 "$a"
    addr=$(field "$(client_line "$a")" addr)
    [ -n "$addr" ] || { echo "no addr for $a"; false; }
    run rcli client kill "$addr"
    expect "CLIENT KILL $addr" OK "$output"
    is_closed 7 || { echo "the connection from $addr is still open"; false; }
    run rcli client kill "$addr"
    expect "CLIENT KILL $addr again" "ERR No such client" "$output"
    run wire "$(mbulk CLIENT KILL 127.0.0.1:1)$(mbulk CLIENT KILL nonsense)$(mbulk CLIENT KILL 127.0.0.1:1 x)CLIENT KILL\r\n" -n 4
    want="$(err "ERR No such client")$(err "ERR No such client")$(err "ERR syntax error")$(err "ERR wrong number of arguments for 'client|kill' command")"
    expect "CLIENT KILL 127.0.0.1:1; KILL nonsense; KILL 127.0.0.1:1 x; KILL" "$want" "$output"
}

@test "10 CLIENT KILL with the old form may kill the caller itself" {
    hold 7
    printf '%b' 'CLIENT INFO\r\n' >&7
    # $LEN, then the text up to its own final \n, then the bulk's CRLF.
    IFS= read -r -t 5 -u 7 line
    IFS= read -r -t 5 -u 7 line
    IFS= read -r -t 5 -u 7 _
    addr=$(field "$line" addr)
    expect "CLIENT KILL $addr (its own address)" +OK "$(ask 7 CLIENT KILL "$addr")"
    is_closed 7 || { echo "the caller's connection is still open"; false; }
}

@test "10 CLIENT KILL ID counts and closes" {
    a=$(rand_word a) b=$(rand_word b)
    hold 7 "$a"
    hold 8 "$b"
    id=$(field "$(client_line "$a")" id)
    run wire "$(mbulk CLIENT KILL ID "$id")$(mbulk CLIENT KILL ID "$id")$(mbulk CLIENT KILL ID 999999)" -n 3
    expect "CLIENT KILL ID $id, twice; KILL ID 999999" ':1\r\n:0\r\n:0\r\n' "$output"
    is_closed 7 || { echo "client $id ($a) is still open"; false; }
    expect "PING on the other held connection" +PONG "$(ask 8 PING)"
    # CLIENT KILL ID alone is the old ip:port form: no client has address "ID".
    run wire "CLIENT KILL ID 0\r\nCLIENT KILL ID -1\r\nCLIENT KILL ID x\r\nCLIENT KILL ID\r\nCLIENT KILL ID 1 TYPE\r\nCLIENT KILL FOO bar\r\n" -n 6
    want="$(err "ERR client-id should be greater than 0")$(err "ERR client-id should be greater than 0")"
    want+="$(err "ERR client-id should be greater than 0")$(err "ERR No such client")$(err "ERR syntax error")$(err "ERR syntax error")"
    expect "KILL ID 0; ID -1; ID x; ID; ID 1 TYPE; FOO bar" "$want" "$output"
}

@test "10 CLIENT KILL ADDR and LADDR" {
    a=$(rand_word a) b=$(rand_word b)
    hold 7 "$a"
    hold 8 "$b"
    addr=$(field "$(client_line "$a")" addr)
    run wire "$(mbulk CLIENT KILL ADDR "$addr")$(mbulk CLIENT KILL ADDR "$addr")$(mbulk CLIENT KILL ADDR 127.0.0.1:1)$(mbulk CLIENT KILL LADDR 127.0.0.1:1)" -n 4
    expect "CLIENT KILL ADDR $addr, twice; ADDR 127.0.0.1:1; LADDR 127.0.0.1:1" ':1\r\n:0\r\n:0\r\n:0\r\n' "$output"
    is_closed 7 || { echo "$addr ($a) is still open"; false; }
    # LADDR of the server's own address: everyone but the caller (only
    # $b once the list holds just it and redis-cli).
    wait_clients 2 >/dev/null
    run wire "$(mbulk CLIENT KILL LADDR "127.0.0.1:$PORT")PING\r\n" -n 2
    expect "CLIENT KILL LADDR 127.0.0.1:$PORT; PING" ':1\r\n+PONG\r\n' "$output"
    is_closed 8 || { echo "$b is still open"; false; }
}

@test "10 CLIENT KILL does not kill the caller unless SKIPME no" {
    hold 7
    id=$(ask 7 CLIENT ID)
    id=${id#:}
    expect "CLIENT KILL ID $id (itself)" :0 "$(ask 7 CLIENT KILL ID "$id")"
    expect "CLIENT KILL ID $id SKIPME yes" :0 "$(ask 7 CLIENT KILL ID "$id" SKIPME yes)"
    expect "CLIENT KILL ID $id SKIPME maybe" "-ERR syntax error" "$(ask 7 CLIENT KILL ID "$id" SKIPME maybe)"
    expect "PING after all that" +PONG "$(ask 7 PING)"
    expect "CLIENT KILL ID $id SKIPME NO" :1 "$(ask 7 CLIENT KILL ID "$id" SKIPME NO)"
    is_closed 7 || { echo "client $id killed itself but is still open"; false; }
}

@test "10 CLIENT KILL TYPE" {
    a=$(rand_word a)
    hold 7 "$a"
    # CLIENT KILL with one argument is the old ip:port form, even for TYPE.
    run wire "CLIENT KILL TYPE master\r\nCLIENT KILL TYPE replica\r\nCLIENT KILL TYPE pubsub\r\nCLIENT KILL TYPE foo\r\nCLIENT KILL TYPE\r\nCLIENT KILL TYPE normal x\r\n" -n 6
    want=":0\\r\\n:0\\r\\n:0\\r\\n$(err "ERR Unknown client type 'foo'")$(err "ERR No such client")$(err "ERR syntax error")"
    expect "KILL TYPE master; replica; pubsub; foo; TYPE; TYPE normal x" "$want" "$output"
    expect "PING on $a" +PONG "$(ask 7 PING)"
    # Only the held connection and redis-cli, so TYPE normal kills exactly one.
    wait_clients 2 >/dev/null
    run wire "CLIENT KILL TYPE normal\r\nPING\r\n" -n 2
    expect "CLIENT KILL TYPE normal; PING" ':1\r\n+PONG\r\n' "$output"
    is_closed 7 || { echo "$a is still open"; false; }
}

@test "10 CLIENT NO-EVICT, HELP, unknown subcommands and arity" {
    run wire "CLIENT NO-EVICT on\r\nCLIENT NO-EVICT OFF\r\nCLIENT NO-EVICT maybe\r\nCLIENT NO-EVICT\r\nCLIENT NO-EVICT on x\r\n" -n 5
    want="+OK\\r\\n+OK\\r\\n$(err "ERR syntax error")$(err "ERR wrong number of arguments for 'client|no-evict' command")"
    want+="$(err "ERR wrong number of arguments for 'client|no-evict' command")"
    expect "NO-EVICT on; OFF; maybe; (none); on x" "$want" "$output"
    sub=$(rand_word sub)
    run wire "CLIENT\r\n$(mbulk CLIENT "$sub")$(mbulk CLIENT "$sub" x)CLIENT HELP x\r\n" -n 4
    want="$(err "ERR wrong number of arguments for 'client' command")$(err "ERR unknown subcommand '$sub'. Try CLIENT HELP.")"
    want+="$(err "ERR unknown subcommand '$sub'. Try CLIENT HELP.")$(err "ERR wrong number of arguments for 'client|help' command")"
    expect "CLIENT; CLIENT $sub; CLIENT $sub x; CLIENT HELP x" "$want" "$output"
    # HELP: an array of simple strings, the first one Redis's usual header.
    run wire "CLIENT HELP\r\n" -n 1
    [[ "$output" =~ ^\*([0-9]+)\\r\\n(.*)$ ]] || { echo "CLIENT HELP: ${output:0:100}"; false; }
    n=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]}
    expect "CLIENT HELP: simple strings in the array" "$n" "$(printf '%s' "$rest" | sed 's/\\r\\n/\n/g' | grep -c '^+')"
    [[ "$rest" == '+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n'* ]] || { echo "CLIENT HELP header: ${rest:0:100}"; false; }
    for s in GETNAME ID INFO KILL LIST NO-EVICT SETNAME HELP; do
        [[ "$rest" == *"\\r\\n+$s"* ]] || { echo "CLIENT HELP does not mention $s"; false; }
    done
}

@test "10 CLIENT subcommands are case-insensitive" {
    n=$(rand_word n)
    run wire "$(mbulk client setname "$n")$(mbulk Client GetName)$(mbulk cLiEnT id)" -n 3
    [[ "$output" =~ ^\+OK\\r\\n\$${#n}\\r\\n$n\\r\\n:[0-9]+\\r\\n$ ]] || { echo "client setname; Client GetName; cLiEnT id: $output"; false; }
}

# ------------------------------------------------------------------- RESET

@test "10 RESET goes back to db 0, no name, RESP2" {
    k=$(rand_word k) v=$(rand_word v) n=$(rand_word n)
    run wire3 "SELECT 4\r\n$(mbulk SET "$k" "$v")$(mbulk HELLO 3 SETNAME "$n")RESET\r\n$(mbulk GET "$k")$(mbulk CLIENT GETNAME)$(mbulk HGETALL "$k:h")CLIENT INFO\r\n"
    got=$(printf '%s' "$output" | norm_hello)
    want="+OK\\r\\n+OK\\r\\n$(hello_reply 3)+RESET\\r\\n\$-1\\r\\n\$-1\\r\\n*0\\r\\n"
    expect "SELECT 4; SET; HELLO 3 SETNAME; RESET; GET $k; GETNAME; HGETALL missing" "$want" "${got%\$*}"
    [[ "$got" =~ \$[0-9]+\\r\\nid=[0-9]+\ .*\ name=\ .*\ db=0\ .*resp=2.*\\n\\r\\n$ ]] || { echo "CLIENT INFO after RESET: ${got##*\*0\\r\\n}"; false; }
    run rcli -n 4 get "$k"
    expect "GET $k in db 4" "$v" "$output"
    run wire "RESET x\r\n" -n 1
    expect "RESET x" "$(err "ERR wrong number of arguments for 'reset' command")" "$output"
}

# ------------------------------------------------- Redis 7.2 CLIENT options

# bats test_tags=rung-only
@test "10 CLIENT SETINFO LIB-NAME and LIB-VER show in CLIENT INFO" {
    name=$(rand_word lib) ver="$((RANDOM % 10)).$((RANDOM % 10))"
    run wire "$(mbulk CLIENT SETINFO LIB-NAME "$name")$(mbulk CLIENT setinfo lib-ver "$ver")CLIENT SETINFO foo 1\r\nCLIENT SETINFO lib-name\r\nCLIENT SETINFO\r\n" -n 5
    want="+OK\\r\\n+OK\\r\\n$(err "ERR Unrecognized option 'foo'")$(err "ERR wrong number of arguments for 'client|setinfo' command")"
    want+="$(err "ERR wrong number of arguments for 'client|setinfo' command")"
    expect "SETINFO LIB-NAME $name; lib-ver $ver; foo 1; lib-name; (none)" "$want" "$output"
    run wire "$(mbulk CLIENT SETINFO LIB-NAME "$name")$(mbulk CLIENT SETINFO LIB-VER "$ver")CLIENT INFO\r\n" -n 3
    [[ "$output" == *" lib-name=$name lib-ver=$ver"* ]] || { echo "CLIENT INFO: $output"; false; }
}

# bats test_tags=rung-only
@test "10 CLIENT NO-TOUCH on and off" {
    run wire "CLIENT NO-TOUCH on\r\nCLIENT NO-TOUCH OFF\r\nCLIENT NO-TOUCH maybe\r\nCLIENT NO-TOUCH\r\n" -n 4
    expect "NO-TOUCH on; OFF; maybe; (none)" "+OK\\r\\n+OK\\r\\n$(err "ERR syntax error")$(err "ERR wrong number of arguments for 'client|no-touch' command")" "$output"
}

# -------------------------------------------------------- ECHO, blank lines

@test "10 ECHO returns binary bytes exactly" {
    w=$(rand_word w)
    # NUL, CR, LF, 0xff and a CRLF inside the argument.
    run wire "*2\r\n\$4\r\nECHO\r\n\$$((${#w} + 7))\r\n$w\x00\r\x0a\xff\r\nz\r\n" -n 1
    expect "ECHO $w\\x00\\r\\n\\xff\\r\\nz" "\$$((${#w} + 7))\\r\\n$w\\x00\\r\\n\\xff\\r\\nz\\r\\n" "$output"
    run wire3 "HELLO 3\r\n*2\r\n\$4\r\nECHO\r\n\$3\r\n\x00\x01\xfe\r\n"
    expect "HELLO 3; ECHO \\x00\\x01\\xfe" '$3\r\n\x00\x01\xfe\r\n' "${output#*modules\\r\\n\*0\\r\\n}"
}

@test "10 a bare CRLF line between commands is ignored" {
    v=$(rand_word v)
    run wire "\r\n\r\nPING\r\n\r\n$(mbulk ECHO "$v")\r\n\r\n\r\nPING\r\n" -n 3
    expect "CRLF CRLF PING CRLF ECHO $v CRLF x3 PING" "+PONG\\r\\n$(bulk "$v")+PONG\\r\\n" "$output"
    run wire "\r\n\r\n" -i 300
    expect "only blank lines" "" "$output"
}
