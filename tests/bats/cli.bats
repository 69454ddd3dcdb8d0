# rung-cli, the client: one-shot and interactive output, quoting, options, line editing.
# bats file_tags=cli
#
# Run by `tests/run.sh cli` against the last stage (or any server in
# RUNG_SERVER), with RUNG_CLI naming the client under test.  Every format
# checked here was compared by hand with redis-cli 7.0.15 against
# redis-server 7.0.15.

bats_require_minimum_version 1.5.0
load helpers

: "${RUNG_CLI:=${RUNG_BINDIR:-bin}/rung-cli}"

setup() { start_server; }
teardown() {
    [ -n "${PTY_PID:-}" ] && { exec 5>&-; kill "$PTY_PID" 2>/dev/null; wait "$PTY_PID" 2>/dev/null; }
    PTY_PID=
    stop_server
}

# cli ARGS: rung-cli one-shot; stdout is a pipe, so the format is raw.
cli() {
    timeout 10 "$RUNG_CLI" -p "$PORT" "$@"
}

# piped LINES...: rung-cli reading the lines from a pipe.
piped() {
    printf '%s\n' "$@" | timeout 10 "$RUNG_CLI" -p "$PORT"
}

# ------------------------------------------------------------------------
# One-shot: every reply type, both formats
# ------------------------------------------------------------------------

@test "cli status reply: raw and terminal format" {
    local k v
    k=$(rand_word k) v=$(rand_word v)
    run cli set "$k" "$v"
    expect "set $k $v" "OK" "$output"
    run cli --no-raw set "$k" "$v"
    expect "--no-raw set" "OK" "$output"
    run rcli get "$k"
    expect "get $k (redis-cli)" "$v" "$output"
}

@test "cli bulk string: bare when raw, quoted on a terminal" {
    local k v
    k=$(rand_word k) v=$(rand_word "v v")
    rcli set "$k" "$v" >/dev/null
    run cli get "$k"
    expect "get $k" "$v" "$output"
    run cli --no-raw get "$k"
    expect "--no-raw get $k" "\"$v\"" "$output"
}

@test "cli quotes unprintable bytes as redis-cli does" {
    local k
    k=$(rand_word k)
    # typed with escapes, sent as bytes, shown escaped again
    local line='set KEY "a\x00b\n\t\"q\\\xc3\xa9"'
    run piped "${line/KEY/$k}"
    expect "${line/KEY/$k}" "OK" "$output"
    run cli --no-raw get "$k"
    expect "--no-raw get $k" '"a\x00b\n\t\"q\\\xc3\xa9"' "$output"
    run cli strlen "$k"
    expect "strlen $k" "10" "$output"
}

@test "cli integer reply" {
    local k
    k=$(rand_word k)
    run cli incr "$k"
    expect "incr $k" "1" "$output"
    run cli --no-raw incr "$k"
    expect "--no-raw incr $k" "(integer) 2" "$output"
    run cli --no-raw incrby "$k" -10
    expect "--no-raw incrby $k -10" "(integer) -8" "$output"
}

@test "cli nil reply: an empty line when raw, (nil) on a terminal" {
    local k
    k=$(rand_word k)
    run cli get "$k"
    expect "get $k (raw)" "" "$output"
    expect "get $k (raw): lines" "1" "$(cli get "$k" | wc -l)"
    run cli --no-raw get "$k"
    expect "--no-raw get $k" "(nil)" "$output"
}

@test "cli error reply: (error) on a terminal, the text and a blank line raw, exit status 0" {
    local k
    k=$(rand_word k)
    rcli set "$k" "$(rand_word v)" >/dev/null
    run cli --no-raw incr "$k"
    [ "$status" -eq 0 ] || { echo "exit status $status"; false; }
    expect "--no-raw incr $k" "(error) ERR value is not an integer or out of range" "$output"
    expect "incr $k (raw bytes)" "$(printf 'ERR value is not an integer or out of range\n\n' | od -c)" \
        "$(cli incr "$k" | od -c)"
    run cli --no-raw nosuchcmd "$k"
    expect "--no-raw nosuchcmd $k" "(error) ERR unknown command 'nosuchcmd', with args beginning with: '$k' " "$output"
}

@test "cli array reply: numbered, nil inside, raw one per line" {
    local a b c
    a=$(rand_word a) b=$(rand_word b) c=$(rand_word c)
    rcli mset "$a" 1 "$b" 2 >/dev/null
    run cli --no-raw mget "$a" "$c" "$b"
    expect "--no-raw mget" "$(printf '1) "1"\n2) (nil)\n3) "2"')" "$output"
    expect "mget (raw bytes)" "$(printf '1\n\n2\n' | od -c)" "$(cli mget "$a" "$c" "$b" | od -c)"
}

@test "cli empty array, and numbers right-aligned past nine elements" {
    local p i want="" args=()
    p=$(rand_word p)
    run cli --no-raw keys "$p*"
    expect "--no-raw keys $p*" "(empty array)" "$output"
    for i in $(seq 1 11); do
        args+=("$p:$i")
        want+=$(printf '%2d) (nil)' "$i")$'\n'
    done
    run cli --no-raw mget "${args[@]}"
    expect "--no-raw mget of 11 keys" "${want%$'\n'}" "$output"
}

@test "cli nested arrays are indented under their number" {
    local k
    k=$(rand_word k)
    rcli set "$k" v >/dev/null
    run cli --no-raw scan 0 match "$k"
    expect "--no-raw scan 0 match $k" "$(printf '1) "0"\n2) 1) "%s"' "$k")" "$output"
    run cli scan 0 match "$k"
    expect "scan 0 match $k (raw)" "$(printf '0\n%s' "$k")" "$output"
}

@test "cli hash replies in RESP2: a flat array" {
    local k f v
    k=$(rand_word k) f=$(rand_word f) v=$(rand_word v)
    rcli hset "$k" "$f" "$v" >/dev/null
    run cli --no-raw hgetall "$k"
    expect "--no-raw hgetall $k" "$(printf '1) "%s"\n2) "%s"' "$f" "$v")" "$output"
}

@test "cli -3: a map shows as 1# key => value, raw as key value" {
    local k f v
    k=$(rand_word k) f=$(rand_word f) v=$(rand_word v)
    rcli hset "$k" "$f" "$v" a b >/dev/null
    run --separate-stderr cli -3 --no-raw hgetall "$k"
    expect "-3 --no-raw hgetall $k" "$(printf '1# "%s" => "%s"\n2# "a" => "b"' "$f" "$v")" "$output"
    expect "-3 hgetall $k: stderr" "" "$stderr"
    run cli -3 hgetall "$k"
    expect "-3 hgetall $k (raw)" "$(printf '%s %s\na b' "$f" "$v")" "$output"
    run cli -3 --no-raw hgetall "$(rand_word none)"
    expect "-3 --no-raw hgetall of a missing key" "(empty hash)" "$output"
    run cli -3 --no-raw get "$(rand_word none)"
    expect "-3 --no-raw get of a missing key" "(nil)" "$output"
}

@test "cli -3: HELLO answers a map whose first entry is the server" {
    run --separate-stderr cli -3 --no-raw hello 3
    expect "-3 hello 3: line 1" '1# "server" => "redis"' "${lines[0]}"
    expect "-3 hello 3: proto" '3# "proto" => (integer) 3' "${lines[2]}"
}

@test "cli -3 against a server without HELLO: says so, goes on in RESP2" {
    # Only meaningful when HELLO is refused; otherwise -3 just works.
    local k
    k=$(rand_word k)
    run --separate-stderr cli -3 set "$k" v
    expect "-3 set $k" "OK" "$output"
    if [ -n "$stderr" ]; then
        expect "-3 stderr" "HELLO 3 failed: ERR unknown command 'HELLO', with args beginning with: '3' " "$stderr"
    fi
}

# ------------------------------------------------------------------------
# Options
# ------------------------------------------------------------------------

@test "cli -n selects a database at connect, and a bad one is reported" {
    local k v
    k=$(rand_word k) v=$(rand_word v)
    run cli -n 3 set "$k" "$v"
    expect "-n 3 set $k" "OK" "$output"
    run rcli -n 3 get "$k"
    expect "get $k in db 3" "$v" "$output"
    run rcli get "$k"
    expect "get $k in db 0" "" "$output"
    run --separate-stderr cli -n 99 get "$k"
    expect "-n 99: stderr" "SELECT 99 failed: ERR DB index is out of range" "$stderr"
    expect "-n 99 get $k: runs in db 0" "" "$output"
}

@test "cli -a warns on stderr as redis-cli does, and sends AUTH" {
    run --separate-stderr cli -a "$(rand_word pw)" ping
    expect "-a pw ping" "PONG" "$output"
    expect "-a: first stderr line" \
        "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe." \
        "${stderr_lines[0]}"
    [[ "${stderr_lines[1]}" == "AUTH failed: ERR "* ]] || { echo "stderr: $stderr"; false; }
}

@test "cli -r repeats the command" {
    local k
    k=$(rand_word k)
    run cli -r 3 incr "$k"
    expect "-r 3 incr $k" "$(printf '1\n2\n3')" "$output"
}

@test "cli connection refused: redis-cli's message, exit status 1" {
    local port i
    for ((i = 0; i < 20; i++)); do
        port=$((20000 + RANDOM % 40000))
        port_is_free "$port" && break
    done
    run --separate-stderr timeout 10 "$RUNG_CLI" -p "$port" ping
    [ "$status" -eq 1 ] || { echo "exit status $status"; false; }
    expect "ping on a free port" "Could not connect to Redis at 127.0.0.1:$port: Connection refused" "$stderr"
}

@test "cli --help, --version, and an unknown option" {
    run timeout 10 "$RUNG_CLI" --version
    [ "$status" -eq 0 ] && [[ "$output" == "rung-cli "* ]] || { echo "$output"; false; }
    run timeout 10 "$RUNG_CLI" --help
    [ "$status" -eq 0 ] && [[ "$output" == *"-p <port>"* ]] || { echo "$output"; false; }
    run --separate-stderr timeout 10 "$RUNG_CLI" --frobnicate
    [ "$status" -eq 1 ] || { echo "exit status $status"; false; }
    expect "--frobnicate" "Unrecognized option or bad number of args for: '--frobnicate'" "$stderr"
}

# ------------------------------------------------------------------------
# Lines from a pipe: quoting, quit, repeat counts
# ------------------------------------------------------------------------

@test "cli quoting: double quotes with escapes, single quotes literal" {
    local k
    k=$(rand_word k)
    run piped "set $k \"a b\\tc\"" "strlen $k" "set $k 'it\\'s \\n'" "get $k" "set $k x\"y z\"" "get $k"
    expect "quoted sets" "$(printf 'OK\n5\nOK\nit'"'"'s \\n\nOK\nxy z')" "$output"
}

@test "cli quoting: a closing quote must end the word, quotes must close" {
    local k
    k=$(rand_word k)
    run piped "set $k \"a\"b" "set $k 'a'b" "set $k \"open" "set $k ok" "get $k"
    expect "bad quotes" "$(printf 'Invalid argument(s)\nInvalid argument(s)\nInvalid argument(s)\nOK\nok')" "$output"
}

@test "cli reads commands from a pipe until quit; blank lines are skipped" {
    local k
    k=$(rand_word k)
    run piped "set $k 1" "" "   " "incr $k" "quit" "incr $k"
    expect "piped session" "$(printf 'OK\n2')" "$output"
    run rcli get "$k"
    expect "get $k after quit" "2" "$output"
    run piped "exit" "set $k 9"
    expect "exit" "" "$output"
}

@test "cli a leading number repeats a typed command" {
    local k
    k=$(rand_word k)
    run piped "3 incr $k" "0 incr $k"
    expect "3 incr $k" "$(printf '1\n2\n3\nInvalid redis-cli repeat command option value.')" "$output"
}

@test "cli SELECT in a session switches the database" {
    local k v
    k=$(rand_word k) v=$(rand_word v)
    run piped "select 5" "set $k $v" "select 0" "get $k"
    expect "select 5; set; select 0; get" "$(printf 'OK\nOK\nOK\n')" "$output"
    run rcli -n 5 get "$k"
    expect "get $k in db 5" "$v" "$output"
}

# ------------------------------------------------------------------------
# A terminal: prompt, editing keys, history, reconnection
# ------------------------------------------------------------------------

# pty_start: rung-cli on a pseudo-terminal made by script(1); keys
# go in through fd 5, the screen bytes land in $PTY_OUT.
pty_start() {
    local in=$BATS_TEST_TMPDIR/pty.in
    PTY_OUT=$BATS_TEST_TMPDIR/pty.out
    rm -f "$in"
    mkfifo "$in"
    RUNGCLI_HISTFILE=${HISTFILE_FOR_CLI:-/dev/null} timeout 20 \
        script -qfc "$RUNG_CLI -p $PORT" /dev/null <"$in" >"$PTY_OUT" 2>&1 &
    PTY_PID=$!
    exec 5>"$in"
}

# prompts TEXT: how many times TEXT followed by an empty line was drawn.
prompts() {
    grep -aoF "$1"$'\e[0K' "$PTY_OUT" 2>/dev/null | wc -l
}

# pty_keys N PROMPT KEYS: wait (bounded) until PROMPT was drawn N times
# with an empty line, i.e. the editor is in raw mode waiting for line N,
# then type KEYS (printf %b escapes).
pty_keys() {
    local i
    for ((i = 0; i < 100; i++)); do
        [ "$(prompts "$2")" -ge "$1" ] && break
        sleep 0.05
    done
    [ "$i" -lt 100 ] || { echo "prompt '$2' not drawn $1 times; screen:"; cat -v "$PTY_OUT"; return 1; }
    printf '%b' "$3" >&5
}

# pty_end: close the keyboard and wait (bounded) for the client to exit.
pty_end() {
    local i
    exec 5>&-
    for ((i = 0; i < 100; i++)); do
        kill -0 "$PTY_PID" 2>/dev/null || break
        sleep 0.05
    done
    wait "$PTY_PID" 2>/dev/null
    PTY_PID=
}

# replies: the screen without the prompt lines and CRs: what was printed.
replies() {
    grep -av $'\e\[0K' "$PTY_OUT" | tr -d '\r'
}

@test "cli on a terminal: prompt, terminal format by default, [db] after SELECT" {
    local k v p="127.0.0.1:$PORT"
    k=$(rand_word k) v=$(rand_word v)
    pty_start
    pty_keys 1 "$p> " "set $k $v\r"
    pty_keys 2 "$p> " "select 2\r"
    pty_keys 1 "$p[2]> " "get $k\r"
    pty_keys 2 "$p[2]> " "select 0\r"
    pty_keys 3 "$p> " "get $k\rquit\r"
    pty_end
    expect "screen" "$(printf 'OK\nOK\n(nil)\nOK\n"%s"' "$v")" "$(replies)"
}

@test "cli line editing: arrows, home/end, insert and delete in the middle" {
    local k p="127.0.0.1:$PORT"
    k=$(rand_word k)
    pty_start
    # "st k abd" -> Home, Right, insert "e" -> "set k abd"; End, Left,
    # insert "c" -> "set k abcd"; Ctrl-A, Ctrl-F x9, Delete ("d" goes),
    # Ctrl-E, "X", Backspace, "!" -> "set k abc!"
    pty_keys 1 "$p> " "st $k abd\e[H\e[Ce\e[F\e[Dc\x01"
    pty_keys 1 "$p> " "$(printf '\\x06%.0s' $(seq 1 $((8 + ${#k}))))\e[3~\x05X\x7f!\r"
    pty_keys 2 "$p> " "quit\r"
    pty_end
    run rcli get "$k"
    expect "get $k after editing" "abc!" "$output"
}

@test "cli line editing: Ctrl-K, Ctrl-U, Ctrl-W, Ctrl-B, Ctrl-C" {
    local k p="127.0.0.1:$PORT"
    k=$(rand_word k)
    pty_start
    # Ctrl-U drops the line; Ctrl-C too; Ctrl-W drops a word; two Ctrl-B
    # then Ctrl-K cut "yz".
    pty_keys 1 "$p> " "set $k junk\x15"
    pty_keys 2 "$p> " "set $k more junk\x03"
    pty_keys 3 "$p> " "set $k one two\x17\x17wxyz\x02\x02\x0b\r"
    pty_keys 4 "$p> " "quit\r"
    pty_end
    run rcli get "$k"
    expect "get $k after editing" "wx" "$output"
}

@test "cli history: Up recalls earlier lines, Down comes back, the file keeps them" {
    local a b p="127.0.0.1:$PORT"
    a=$(rand_word a) b=$(rand_word b)
    HISTFILE_FOR_CLI=$BATS_TEST_TMPDIR/hist
    pty_start
    pty_keys 1 "$p> " "incr $a\r"
    pty_keys 2 "$p> " "incr $b\r"
    pty_keys 3 "$p> " "auth secret\r"
    # Up twice: "incr a" (auth is not remembered); then the history is
    # incr a, incr b, incr a: Up three times and Down once is "incr b"
    pty_keys 4 "$p> " "\e[A\e[A\r"
    pty_keys 5 "$p> " "\e[A\e[A\e[A\e[B\r"
    pty_keys 6 "$p> " "\x04"
    pty_end
    run rcli mget "$a" "$b"
    expect "mget after history recall" "$(printf '2\n2')" "$output"
    expect "history file" "$(printf 'incr %s\nincr %s\nincr %s\nincr %s' "$a" "$b" "$a" "$b")" \
        "$(cat "$HISTFILE_FOR_CLI")"
    # a new session starts with the saved history
    pty_start
    pty_keys 1 "$p> " "\e[A\r"
    pty_keys 2 "$p> " "quit\r"
    pty_end
    run rcli get "$b"
    expect "get $b after recall in a new session" "3" "$output"
}

@test "cli on a terminal reconnects when the server comes back" {
    local p="127.0.0.1:$PORT" port=$PORT k
    k=$(rand_word k)
    pty_start
    pty_keys 1 "$p> " "set $k 1\r"
    pty_keys 2 "$p> " ""
    stop_server
    printf 'incr %s\r' "$k" >&5
    pty_keys 1 "not connected> " "incr $k\r"
    pty_keys 2 "not connected> " ""
    # the same port again; the keyspace starts empty
    local -a extra
    eval "extra=(${RUNG_SERVER_ARGS:-})"
    "$RUNG_SERVER" --port "$port" "${extra[@]}" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    wait_for_port "$port"
    printf 'incr %s\r' "$k" >&5
    pty_keys 3 "$p> " "quit\r"
    pty_end
    run replies
    expect "screen" "$(printf 'OK\nError: Server closed the connection\nCould not connect to Redis at %s: Connection refused\n(integer) 1' "$p")" "$output"
}
