#!/usr/bin/env bash
# bench.sh - rung next to the real redis-server, measured in one run.
#
# For each row (SET, GET, INCR, MSET at pipeline 1 and 16, 50 clients) it
# runs redis-benchmark against rung and redis-server in turn, A B A B ...,
# BENCH_ROUNDS times each, and takes the median of two numbers per server:
#   - requests per second, as redis-benchmark reports it;
#   - the server's CPU time per request (utime+stime from /proc/PID/stat,
#     read before and after the run, divided by the number of requests).
# Why CPU per request: at pipeline 1 on a 2-core machine, redis-benchmark
# (pinned to the second core) is itself the bottleneck, so both servers
# wait on it and req/s understates how much more work one of them does per
# request.  CPU microseconds per request is the server's real cost and
# shows the difference that req/s hides.  Both servers run on CPU 0 and
# redis-benchmark on CPU 1 (taskset), so they never compete for a core.
#
#   tests/bench.sh SERVER_BIN
#
#   BENCH_N_P1   requests per pipeline-1 run   (default 100000)
#   BENCH_N_P16  requests per pipeline-16 run  (default 1000000)
#   BENCH_ROUNDS runs per server and row       (default 3)
#   BENCH_MEM_KEYS keys (and hash fields) loaded for the memory rows
#                (default 1000000)
#
# Last, memory: each server is restarted empty, loaded with BENCH_MEM_KEYS
# small keys through redis-cli --pipe, and its RSS growth per key is
# reported next to Redis's.
# Prints an aligned table and writes it as TSV to build/bench.tsv.  Ratios
# are rung/redis: req/s ratio above 1 means rung is faster, CPU ratio above
# 1 means rung spends more CPU per request.  A row rung (or redis) cannot
# run - an unknown command, a crash - shows "-" and is left out of the
# means.  Exits 0 unless the tools are missing or a server cannot start.
set -u

die() { echo "bench: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 SERVER_BIN"
RUNG_BIN=$1
[ -x "$RUNG_BIN" ] || die "$RUNG_BIN is not an executable file (run make first)"
case $RUNG_BIN in /*) ;; *) RUNG_BIN=$PWD/$RUNG_BIN ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1

N_P1=${BENCH_N_P1:-100000}
N_P16=${BENCH_N_P16:-1000000}
ROUNDS=${BENCH_ROUNDS:-3}
for v in "$N_P1" "$N_P16" "$ROUNDS"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || die "BENCH_N_P1, BENCH_N_P16 and BENCH_ROUNDS must be positive integers"
done
TESTS=(set get incr mset)
PIPES=(1 16)
CLIENTS=50
RUN_TIMEOUT=120

# ---- tools ---------------------------------------------------------------
if ! command -v redis-benchmark >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing redis-tools with apt-get" >&2
        apt-get update -qq >/dev/null 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools >/dev/null 2>&1
    fi
    command -v redis-benchmark >/dev/null 2>&1 ||
        die "redis-benchmark is missing; install it with: sudo apt-get install -y redis-tools"
fi
HAVE_REDIS=1
command -v redis-server >/dev/null 2>&1 || HAVE_REDIS=0
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is missing"
CLK_TCK=$(getconf CLK_TCK 2>/dev/null)
[[ ${CLK_TCK:-} =~ ^[1-9][0-9]*$ ]] || die "getconf CLK_TCK failed"

# Pinning: the servers on the first CPU we may use, redis-benchmark on the
# second.  Without taskset or a second CPU everything runs unpinned.
cpus=()
if list=$(awk '/^Cpus_allowed_list:/ {print $2}' /proc/self/status 2>/dev/null) && [ -n "$list" ]; then
    IFS=, read -ra parts <<<"$list"
    for p in "${parts[@]}"; do
        if [[ $p =~ ^([0-9]+)-([0-9]+)$ ]]; then
            for ((c = BASH_REMATCH[1]; c <= BASH_REMATCH[2] && ${#cpus[@]} < 2; c++)); do cpus+=("$c"); done
        elif [[ $p =~ ^[0-9]+$ ]]; then
            cpus+=("$p")
        fi
        [ ${#cpus[@]} -ge 2 ] && break
    done
fi
PIN_SRV=() PIN_BENCH=()
if ! command -v taskset >/dev/null 2>&1; then
    PIN_NOTE="unpinned: taskset (util-linux) is missing"
elif [ ${#cpus[@]} -lt 2 ]; then
    PIN_NOTE="unpinned: only one CPU available"
else
    PIN_SRV=(taskset -c "${cpus[0]}") PIN_BENCH=(taskset -c "${cpus[1]}")
    PIN_NOTE="servers on CPU ${cpus[0]}, redis-benchmark on CPU ${cpus[1]}"
fi

# ---- servers -------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rung-bench.XXXXXX") || die "mktemp failed"
declare -A PID=() PORT=()
NAMES=(rung)
[ $HAVE_REDIS = 1 ] && NAMES+=(redis)

stop_server() {   # name
    local pid=${PID[$1]:-} i
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    PID[$1]=""
}
cleanup() {
    local n
    for n in "${NAMES[@]}"; do stop_server "$n"; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

alive() {         # pid: running, not a zombie waiting to be reaped
    local stat
    { stat=$(<"/proc/$1/stat"); } 2>/dev/null || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {     # prints a port nobody listens on (and not already ours)
    local i p n used
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + RANDOM % 40000)) used=0
        for n in "${!PORT[@]}"; do [ "${PORT[$n]}" = "$p" ] && used=1; done
        [ $used = 0 ] && ! port_open "$p" && { echo "$p"; return 0; }
    done
    return 1
}

start_server() {  # name; tries a few ports in case another program takes one
    local name=$1 try i p pid
    for ((try = 0; try < 3; try++)); do
        p=$(free_port) || break
        if [ "$name" = rung ]; then
            (cd "$WORK" && exec "${PIN_SRV[@]}" "$RUNG_BIN" --port "$p") >>"$WORK/$name.log" 2>&1 &
        else
            (cd "$WORK" && exec "${PIN_SRV[@]}" redis-server --port "$p" --save '' \
                --appendonly no --daemonize no) >>"$WORK/$name.log" 2>&1 &
        fi
        pid=$!
        for ((i = 0; i < 100; i++)); do
            alive "$pid" || break
            if port_open "$p"; then
                PID[$name]=$pid PORT[$name]=$p
                return 0
            fi
            sleep 0.05
        done
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    done
    echo "bench: $name did not start; its log:" >&2
    tail -n 20 "$WORK/$name.log" >&2
    return 1
}

for n in "${NAMES[@]}"; do start_server "$n" || exit 1; done

cpu_ticks() {     # utime+stime of a whole process (all its threads, live and exited)
    local stat rest
    { stat=$(<"/proc/$1/stat"); } 2>/dev/null || return 1
    rest=${stat##*) }                 # fields from 3 on; comm may hold spaces
    read -ra f <<<"$rest"
    echo $((f[11] + f[12]))           # fields 14 and 15
}

# One redis-benchmark run.  Prints "RPS CPU_US_PER_REQ", or fails with the
# reason in $WORK/why.
bench_once() {    # name test pipeline n
    local name=$1 t=$2 pl=$3 n=$4 c0 c1 out rps
    if ! alive "${PID[$name]}"; then
        echo "server not running" >"$WORK/why"; return 1
    fi
    c0=$(cpu_ticks "${PID[$name]}") || { echo "cannot read /proc" >"$WORK/why"; return 1; }
    out=$(timeout "$RUN_TIMEOUT" "${PIN_BENCH[@]}" redis-benchmark -h 127.0.0.1 \
            -p "${PORT[$name]}" -c "$CLIENTS" -n "$n" -P "$pl" -t "$t" --csv 2>"$WORK/err")
    local rc=$?
    c1=$(cpu_ticks "${PID[$name]}")
    alive "${PID[$name]}" || { echo "server died" >"$WORK/why"; return 1; }
    # --csv: a header line, then one line per test:
    #   "test","rps","avg_latency_ms",...      "SET","98039.22","0.271",...
    rps=$(awk -F, 'NR > 1 && $1 != "" { gsub(/"/, "", $2); print $2; exit }' <<<"$out")
    if [ $rc -ne 0 ] || ! [[ $rps =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
        if [ $rc -eq 124 ]; then echo "timed out after ${RUN_TIMEOUT}s" >"$WORK/why"
        else grep -v '^WARNING' "$WORK/err" | tail -n 1 | tr -d '\r' >"$WORK/why"
             [ -s "$WORK/why" ] || echo "redis-benchmark exit $rc" >"$WORK/why"
        fi
        return 1
    fi
    awk -v r="$rps" -v d=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$n" \
        'BEGIN { printf "%s %.4f\n", r, d * 1e6 / hz / n }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit;
    if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# ---- runs ----------------------------------------------------------------
echo "bench: $(basename "$RUNG_BIN") vs $([ $HAVE_REDIS = 1 ] && redis-server --version | awk '{print $1, $2, $3}' || echo 'no redis-server')"
echo "bench: $CLIENTS clients, $ROUNDS rounds, n=$N_P1 at P1, n=$N_P16 at P16; $PIN_NOTE"
[ $HAVE_REDIS = 1 ] || echo "bench: redis-server is not installed - reporting rung alone (install redis-server to compare)"

# Warm up each server (allocator, page faults, first connections); ignored.
for n in "${NAMES[@]}"; do
    timeout 30 "${PIN_BENCH[@]}" redis-benchmark -h 127.0.0.1 -p "${PORT[$n]}" \
        -c "$CLIENTS" -n 20000 -t set,get -q >/dev/null 2>&1
done

declare -A RPS=() CPU=() NOTE=()
ROWS=()
for pl in "${PIPES[@]}"; do
    [ "$pl" = 1 ] && n=$N_P1 || n=$N_P16
    for t in "${TESTS[@]}"; do
        row="${t^^} P$pl"
        ROWS+=("$row")
        declare -A failed=()
        for ((r = 1; r <= ROUNDS; r++)); do
            [ -t 2 ] && printf '\rbench: %-8s round %d/%d ' "$row" "$r" "$ROUNDS" >&2
            for name in "${NAMES[@]}"; do
                [ -n "${failed[$name]:-}" ] && continue
                if res=$(bench_once "$name" "$t" "$pl" "$n"); then
                    RPS[$name,$row]+="${res% *} " CPU[$name,$row]+="${res#* } "
                else
                    failed[$name]=1
                    why=$(cut -c1-100 "$WORK/why")
                    NOTE[$row]+="${NOTE[$row]:+; }$name: $why"
                    RPS[$name,$row]="" CPU[$name,$row]=""
                    if ! alive "${PID[$name]}"; then
                        NOTE[$row]+=" (restarted it)"
                        wait "${PID[$name]}" 2>/dev/null; PID[$name]=""
                        start_server "$name" || exit 1
                    fi
                fi
            done
        done
        unset failed
        [ -t 2 ] || echo "bench: $row done" >&2
    done
done
[ -t 2 ] && printf '\r%40s\r' '' >&2

# ---- report --------------------------------------------------------------
mkdir -p "$ROOT/build"
TSV=$ROOT/build/bench.tsv
fmt_int() { [ -n "$1" ] && printf '%.0f' "$1" || printf -- -; }
fmt_2() { [ -n "$1" ] && printf '%.2f' "$1" || printf -- -; }
fmt_3() { [ -n "$1" ] && printf '%.3f' "$1" || printf -- -; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b }'; }

HDR=(row rung_rps redis_rps rps_ratio rung_cpu_us_per_req redis_cpu_us_per_req cpu_ratio)
LINES=()
rr_list="" cr_list=""
for row in "${ROWS[@]}"; do
    a_r=$(median <<<"$(tr ' ' '\n' <<<"${RPS[rung,$row]:-}" | grep .)")
    b_r=$(median <<<"$(tr ' ' '\n' <<<"${RPS[redis,$row]:-}" | grep .)")
    a_c=$(median <<<"$(tr ' ' '\n' <<<"${CPU[rung,$row]:-}" | grep .)")
    b_c=$(median <<<"$(tr ' ' '\n' <<<"${CPU[redis,$row]:-}" | grep .)")
    rr=$(ratio "$a_r" "$b_r") cr=$(ratio "$a_c" "$b_c")
    [ -n "$rr" ] && rr_list+="$row=$rr|"
    [ -n "$cr" ] && cr_list+="$cr "
    LINES+=("$row	$(fmt_int "$a_r")	$(fmt_int "$b_r")	$(fmt_2 "$rr")	$(fmt_3 "$a_c")	$(fmt_3 "$b_c")	$(fmt_2 "$cr")")
done
summary=$(awk -v rr="$rr_list" -v cr="$cr_list" 'BEGIN {
    n = split(rr, a, "|"); n -= (n > 0 && a[n] == ""); s = 0; min = ""; for (i = 1; i <= n; i++) {
        split(a[i], kv, "="); s += log(kv[2]);
        if (min == "" || kv[2] + 0 < min + 0) { min = kv[2]; minrow = kv[1] } }
    m = split(cr, c, " "); t = 0; for (i = 1; i <= m; i++) t += log(c[i]);
    printf "%s\t%s\t%s\t%s\t%d\t%d\n", n ? sprintf("%.2f", exp(s / n)) : "-",
        min == "" ? "-" : sprintf("%.2f", min), min == "" ? "-" : minrow,
        m ? sprintf("%.2f", exp(t / m)) : "-", n, m }')
IFS=$'\t' read -r g_rr min_rr min_row g_cr n_rr n_cr <<<"$summary"

{
    (IFS=$'\t'; echo "${HDR[*]}")
    printf '%s\n' "${LINES[@]}"
    printf 'geomean\t-\t-\t%s\t-\t-\t%s\n' "$g_rr" "$g_cr"
    printf 'min\t-\t-\t%s\t-\t-\t-\n' "$min_rr"
} >"$TSV"

echo
{
    echo "row	rung req/s	redis req/s	ratio	rung CPU us/req	redis CPU us/req	CPU ratio"
    printf '%s\n' "${LINES[@]}"
} | awk -F'\t' '
    { for (i = 1; i <= NF; i++) { c[NR, i] = $i; l = length($i); if (l > w[i]) w[i] = l } nf = NF }
    END { for (r = 1; r <= NR; r++) { s = ""; for (i = 1; i <= nf; i++) {
              if (i == 1) s = sprintf("%-*s", w[i], c[r, i]);
              else s = s sprintf("  %*s", w[i], c[r, i]) }
          print s } }'
echo
echo "geometric mean req/s ratio (rung/redis): $g_rr  (over $n_rr of ${#ROWS[@]} rows)"
echo "lowest row req/s ratio:                  $min_rr$([ "$min_row" != - ] && echo "  ($min_row)")"
echo "geometric mean CPU ratio (rung/redis):   $g_cr  (over $n_cr of ${#ROWS[@]} rows; above 1 = rung uses more CPU per request)"
for row in "${ROWS[@]}"; do
    [ -n "${NOTE[$row]:-}" ] && echo "note: $row: ${NOTE[$row]}"
done

# ---- memory --------------------------------------------------------------
# RSS growth per item, each server fresh: BENCH_MEM_KEYS keys of 11 bytes
# with 16-byte values (the issue's yardstick: Redis 7, ~113 bytes a key),
# then one hash of as many fields, 10-byte field and value (Redis 7: ~99
# bytes a field).
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
MEM_KEYS=${BENCH_MEM_KEYS:-1000000}
awk -v n="$MEM_KEYS" 'BEGIN { for (i = 0; i < n; i++) {
    k = sprintf("k%010d", i); v = sprintf("v%015d", i);
    printf "*3\r\n$3\r\nSET\r\n$11\r\n%s\r\n$16\r\n%s\r\n", k, v } }' >"$WORK/load-keys.resp"
awk -v n="$MEM_KEYS" 'BEGIN { for (i = 0; i < n; i++) {
    f = sprintf("f%09d", i); v = sprintf("v%09d", i);
    printf "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$10\r\n%s\r\n$10\r\n%s\r\n", f, v } }' >"$WORK/load-hash.resp"

# mem_row ROW LOAD COUNT-COMMAND...: load each fresh server, check that the
# count command answers MEM_KEYS, print and record bytes per item.
mem_row() {
    local row=$1 load=$2 name before after size mr
    shift 2
    local -A MEM=()
    for name in "${NAMES[@]}"; do
        stop_server "$name"
        start_server "$name" || exit 1
        before=$(rss_kb "${PID[$name]}")
        timeout 300 redis-cli -p "${PORT[$name]}" --pipe <"$load" >"$WORK/pipe.out" 2>&1
        size=$(timeout 10 redis-cli -p "${PORT[$name]}" "$@" 2>/dev/null)
        after=$(rss_kb "${PID[$name]}")
        if [ "$size" = "$MEM_KEYS" ] && [ -n "$before" ] && [ -n "$after" ]; then
            MEM[$name]=$(awk -v a="$after" -v b="$before" -v n="$MEM_KEYS" 'BEGIN { printf "%.1f", (a - b) * 1024 / n }')
        else
            echo "note: memory: $name: $* answers ${size:-?}, not $MEM_KEYS: $(tail -n 2 "$WORK/pipe.out" | tr '\n' ' ')"
        fi
    done
    mr=$(ratio "${MEM[rung]:-}" "${MEM[redis]:-}")
    echo "  $row: rung $(fmt_2 "${MEM[rung]:-}") bytes, redis $(fmt_2 "${MEM[redis]:-}") bytes, ratio $(fmt_2 "$mr")"
    printf '%s\t%s\t%s\t%s\t-\t-\t-\n' "$row" "${MEM[rung]:--}" "${MEM[redis]:--}" "$(fmt_2 "$mr")" >>"$TSV"
}
echo
echo "memory, RSS growth per item ($MEM_KEYS items):"
mem_row memory_bytes_per_key "$WORK/load-keys.resp" dbsize
mem_row memory_bytes_per_hash_field "$WORK/load-hash.resp" hlen h
echo "TSV: $TSV"
exit 0
