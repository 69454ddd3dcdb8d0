# Stage 02: RESP - inline and multibulk commands, pipelining, every reply
# type, Redis's error texts, protocol errors that close the connection.
# bats file_tags=stage:02

load helpers

setup() { start_server; }
teardown() { stop_server; }

@test "02 PING with a message returns it as a bulk string" {
    msg=$(rand_word msg)
    sent=$(mbulk PING "$msg")
    run wire "$sent" -n 1
    expect "$sent" "\$${#msg}\\r\\n$msg\\r\\n" "$output"
}

@test "02 ECHO returns its argument, binary-safe" {
    v=$(rand_word v)
    sent="*2\r\n\$4\r\nECHO\r\n\$$((${#v} + 5))\r\n$v\x00\r\n\t\r\r\n"
    run wire "$sent" -n 1
    expect "$sent" "\$$((${#v} + 5))\\r\\n$v\\x00\\r\\n\\t\\r\\r\\n" "$output"
}

@test "02 inline commands, with quotes and escapes" {
    v=$(rand_word v)
    sent="PING\r\nECHO \"$v x\\\\n\"\r\nECHO '$v'\r\nEcHo \"a\\\\x41\\\\\"\"\r\n"
    run wire "$sent" -n 4
    want="+PONG\\r\\n\$$((${#v} + 3))\\r\\n$v x\\n\\r\\n\$${#v}\\r\\n$v\\r\\n\$3\\r\\naA\"\\r\\n"
    expect "$sent" "$want" "$output"
}

@test "02 inline quoting: a closing quote must end the argument" {
    run wire 'ECHO "abc"def\r\n'
    expect 'ECHO "abc"def' '-ERR Protocol error: unbalanced quotes in request\r\n<closed>' "$output"
}

@test "02 blank lines are ignored" {
    run wire '\r\n\n\r\nPING\r\n' -n 1
    expect 'blank lines, PING' '+PONG\r\n' "$output"
}

@test "02 a pipeline of 200 commands gets 200 replies in order" {
    sent="" want=""
    for i in $(seq 1 200); do
        printf -v v '%s-%05d%05d' "$i" "$RANDOM" "$RANDOM" # rand_word, without a fork
        mbulk_add sent ECHO "$v"
        want+="\$${#v}\\r\\n$v\\r\\n"
    done
    run wire "$sent" -n 200
    expect "200 pipelined ECHOs" "$want" "$output"
}

@test "02 a command split into one-byte writes is parsed whole" {
    v=$(rand_word v)
    sent="$(mbulk ECHO "$v")PING\r\n"
    run wire "$sent" -n 2 -c 1
    expect "$sent (one byte at a time)" "\$${#v}\\r\\n$v\\r\\n+PONG\\r\\n" "$output"
}

@test "02 unknown command gets Redis's error text" {
    name=$(rand_word cmd) a=$(rand_word a)
    run rcli "$name" "$a" 'b c'
    expect "$name $a 'b c'" "ERR unknown command '$name', with args beginning with: '$a' 'b c' " "$output"
}

@test "02 wrong number of arguments gets Redis's error text" {
    run wire 'ECHO\r\n*3\r\n$4\r\nping\r\n$1\r\na\r\n$1\r\nb\r\n' -n 2
    expect 'ECHO; PING a b' "-ERR wrong number of arguments for 'echo' command\\r\\n-ERR wrong number of arguments for 'ping' command\\r\\n" "$output"
}

@test "02 QUIT answers OK and closes the connection" {
    run wire 'QUIT\r\nPING\r\n'
    expect 'QUIT; PING' '+OK\r\n<closed>' "$output"
}

@test "02 protocol error: bad multibulk length closes the connection" {
    run wire '*1x\r\n$4\r\nPING\r\n'
    expect '*1x' '-ERR Protocol error: invalid multibulk length\r\n<closed>' "$output"
}

@test "02 protocol error: expected \$ in a multibulk" {
    run wire '*1\r\n+PING\r\n'
    expect '*1 then +PING' "-ERR Protocol error: expected '\$', got '+'\\r\\n<closed>" "$output"
}

@test "02 protocol error: bad bulk length" {
    run wire '*1\r\n$-3\r\n'
    expect '$-3' '-ERR Protocol error: invalid bulk length\r\n<closed>' "$output"
}

@test "02 protocol error: bulk longer than 512 MB is refused" {
    run wire '*1\r\n$536870913\r\n'
    expect '$536870913' '-ERR Protocol error: invalid bulk length\r\n<closed>' "$output"
}

@test "02 protocol error: inline request over 64 KB" {
    big=$(head -c 70000 /dev/zero | tr '\0' 'a')
    run wire "$big"
    expect '70000 bytes without a newline' '-ERR Protocol error: too big inline request\r\n<closed>' "$output"
}

@test "02 commands before a protocol error are answered first" {
    run wire 'PING\r\n*x\r\n'
    expect 'PING; *x' '+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n<closed>' "$output"
}

@test "02 other clients are served while one sends garbage" {
    exec 7<>"/dev/tcp/127.0.0.1/$PORT"
    printf '*2\r\n$4\r\nECHO\r\n$10\r\nabc' >&7
    v=$(rand_word v)
    run rcli echo "$v"
    expect "ECHO $v while another client is stalled" "$v" "$output"
    exec 7>&-
}

@test "02 COMMAND INFO describes a command in Redis 7's shape" {
    run wire 'COMMAND INFO ping nosuchcommand\r\n' -n 1
    [[ "$output" == '*2\r\n*10\r\n$4\r\nping\r\n:-1\r\n'*'$-1\r\n' ]] ||
        { echo "got: $output"; false; }
}

@test "02 COMMAND COUNT matches the length of COMMAND" {
    count=$(rcli command count)
    run wire 'COMMAND\r\n' -n 1
    [[ "$output" == "*$count\\r\\n*10\\r\\n"* ]] || { echo "count $count, COMMAND gave: ${output:0:80}"; false; }
}

@test "02 COMMAND DOCS is never an empty reply" {
    run wire 'COMMAND DOCS get\r\n' -n 1
    [[ "$output" == -* || ( "$output" == \** && "$output" != '*0\r\n' ) ]] ||
        { echo "got: $output"; false; }
}

@test "02 unknown COMMAND subcommand" {
    sub=$(rand_word sub)
    run rcli command "$sub"
    expect "COMMAND $sub" "ERR unknown subcommand '$sub'. Try COMMAND HELP." "$output"
}

@test "02 interactive redis-cli starts cleanly and help works" {
    run bash -c "printf 'ping\nhelp echo\nquit\n' | TERM=dumb timeout 10 script -qec 'redis-cli -p $PORT' /dev/null | sed 's/\x1b\[[0-9;]*m//g'"
    [[ "$output" == *PONG* ]] || { echo "no PONG in: $output"; false; }
    [[ "$output" == *"ECHO message"* ]] || { echo "no help for ECHO in: $output"; false; }
    [[ "$output" != *rror* ]] || { echo "an error in: $output"; false; }
}
