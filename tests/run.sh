#!/usr/bin/env bash
# run.sh - run rung's tests and print one summary line: "N passed, N failed".
#
#   run.sh unit BIN...        each unit-test binary (they print their own counts)
#   run.sh stage NN SERVER [FILE...]
#                             the bats tests of stages 01..NN against SERVER
#                             (or only the files named)
#   run.sh reference          the whole bats corpus against the real redis-server
#   run.sh broken             each deliberately broken server must fail its test
#   run.sh docs               replay the chapters' try-it sessions
#   run.sh cli [SERVER]       rung-cli's tests (tests/bats/cli.bats) against
#                             SERVER (default: the last stage)
#   run.sh all                unit, every stage, docs (what `make test` runs;
#                             RUNG_SKIP_DOCS=1 leaves the docs out)
#
# The corpus is tests/bats/NN-*.bats: a file holds the tests of the stage
# that introduced the behaviour, and stage NN runs every file up to NN.
# A test tagged until:KK describes a behaviour later stages replace (stage
# 01 echoes what it does not understand; stage 02 answers with an error),
# so it runs only for stages up to KK.  A test tagged rung-only checks
# something of ours that redis-server does not do.  Make exports
# RUNG_BINDIR, RUNG_TESTBIN and RUNG_STAGES.
set -u
cd "$(dirname "$0")/.." || exit 2
PASSED=0 FAILED=0

stage_numbers() { for s in $RUNG_STAGES; do echo "${s%%-*}"; done; }

# bats --filter-tags argument excluding what does not apply to stage $1
# run against server $2: rung-only tests run only against our own build.
stage_filter() {
    local f="" k
    for k in $(stage_numbers); do
        [ "$((10#$k))" -lt "$((10#$1))" ] && f+="${f:+,}!until:$k"
    done
    case $2 in
    "$RUNG_BINDIR"/* | "$RUNG_TESTBIN"/*) [ "$1" = 99 ] && f+="${f:+,}!rung-only" ;;
    *) f+="${f:+,}!rung-only" ;;
    esac
    echo "$f"
}

stage_files() {
    local f n
    for f in tests/bats/[0-9][0-9]-*.bats; do
        n=$(basename "$f"); n=${n%%-*}
        [ "$((10#$n))" -le "$((10#$1))" ] && echo "$f"
    done
}

# Run bats over the files for stage $1 against server $2 (or just the
# files named after them); tally the TAP.
run_bats() {
    local stage=$1 server=$2 filter out files
    shift 2
    files=${*:-$(stage_files "$stage")}
    filter=$(stage_filter "$stage" "$server")
    # The real Redis, run as a test subject: no snapshot files left behind.
    [ "$(basename "$server")" = redis-server ] && [ -z "${RUNG_SERVER_ARGS:-}" ] &&
        local RUNG_SERVER_ARGS="--save '' --appendonly no"
    echo "== stage $stage tests against $server${*:+ ($*)}"
    out=$(RUNG_SERVER=$server RUNG_STAGE=$stage RUNG_SERVER_ARGS=${RUNG_SERVER_ARGS:-} \
          bats --tap ${filter:+--filter-tags "$filter"} $files 2>&1)
    echo "$out"
    LAST_TAP=$out
    PASSED=$((PASSED + $(grep -c '^ok ' <<<"$out")))
    FAILED=$((FAILED + $(grep -c '^not ok ' <<<"$out")))
}

# A unit binary prints "N passed, N failed"; a crash, a sanitizer report
# or a missing summary counts as one more failure.
run_unit() {
    local bin out rc line p f
    for bin in "$@"; do
        echo "== $(basename "$bin")"
        out=$("$bin" 2>&1); rc=$?
        echo "$out" | tail -n 20
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
        p=0 f=0
        if [ -n "$line" ]; then
            p=${line%% passed*}
            f=${line#* passed, }; f=${f%% failed}
        fi
        if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
            echo "!! $(basename "$bin") exited $rc"
            f=1
        fi
        PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
    done
}

# side_by_side JOB...: run each job, "STAGE SERVER [FILE]", as run_bats
# does, RUNG_TEST_JOBS at a time (default 3), then print the reports in
# the order given and tally them.  Jobs are independent - every test
# starts its own server on a free port, with its own temporary directory
# - and a bats test spends most of its time waiting on processes and
# sockets, not on the CPU, so running them together saves most of the
# wall time.  The longest jobs should come first in the list.
side_by_side() {
    local tmp i=0 running=0 jobs=${RUNG_TEST_JOBS:-3} job
    tmp=$(mktemp -d)
    for job in "$@"; do
        # shellcheck disable=SC2086 # a job is words on purpose
        (run_bats $job >"$tmp/$i" 2>&1) &
        i=$((i + 1)) running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then
            wait -n
            running=$((running - 1))
        fi
    done
    wait
    for ((i = 0; i < $#; i++)); do
        cat "$tmp/$i"
        PASSED=$((PASSED + $(grep -c '^ok ' "$tmp/$i")))
        FAILED=$((FAILED + $(grep -c '^not ok ' "$tmp/$i")))
        if ! grep -q '^1\.\.[0-9]' "$tmp/$i"; then
            echo "!! job $((i + 1)) ($(sed -n 1p "$tmp/$i")): bats did not run (no TAP plan)"
            FAILED=$((FAILED + 1))
        fi
    done
    rm -rf "$tmp"
}

# Every stage against its cumulative corpus, the last (longest) first.
# With RUNG_OWN_FILES=1 (CI's sanitizer pass) only the last stage runs the
# whole corpus and every other stage runs just its own file: the stages
# share their code, so the last one already drives nearly all of it, and
# the sanitizers triple the cost of each run.
run_stages() {
    local s n order=() last
    for s in $RUNG_STAGES; do last=${s%%-*}; done
    for s in $RUNG_STAGES; do
        n=${s%%-*}
        if [ "${RUNG_OWN_FILES:-0}" = 1 ] && [ "$n" != "$last" ]; then
            order=("$n $RUNG_BINDIR/rung-$n $(echo tests/bats/"$n"-*.bats)" "${order[@]}")
        else
            order=("$n $RUNG_BINDIR/rung-$n" "${order[@]}")
        fi
    done
    side_by_side "${order[@]}"
}

run_reference() {
    local ref
    ref=$(command -v redis-server) || { echo "redis-server is not installed: sudo apt-get install -y redis-server"; FAILED=$((FAILED + 1)); return; }
    local f jobs=()
    for f in tests/bats/[0-9][0-9]-*.bats; do jobs=("99 $ref $f" "${jobs[@]}"); done
    RUNG_SERVER_ARGS="--save '' --appendonly no" side_by_side "${jobs[@]}"
}

# Each broken server names, in its head comment, the stage it pretends to
# be and the test that must catch it:  broken: stage=03 catches="..."
# It runs the test file holding that test (the whole cumulative corpus
# would only add time: the other tests are free to pass or fail).
run_broken() {
    local src bin stage catches p0 f0 file
    for src in tests/broken/*.c; do
        bin=$RUNG_TESTBIN/broken-$(basename "$src" .c)
        stage=$(sed -n 's/.*broken: stage=\([0-9]*\).*/\1/p' "$src")
        catches=$(sed -n 's/.*catches="\([^"]*\)".*/\1/p' "$src")
        file=$(grep -l -F "$catches" tests/bats/[0-9][0-9]-*.bats | head -n 1)
        p0=$PASSED f0=$FAILED
        run_bats "$stage" "$bin" "$file" >/dev/null
        PASSED=$p0 FAILED=$f0
        if grep -q "^not ok [0-9]* .*$catches" <<<"$LAST_TAP"; then
            echo "ok: $(basename "$bin") fails \"$catches\" as it must"
            PASSED=$((PASSED + 1))
        else
            echo "NOT CAUGHT: $(basename "$bin") passed \"$catches\""
            FAILED=$((FAILED + 1))
        fi
    done
}

run_docs() {
    local out
    out=$(tests/check-docs.sh 2>&1)
    echo "$out"
    PASSED=$((PASSED + $(grep -c '^ok ' <<<"$out")))
    FAILED=$((FAILED + $(grep -c '^not ok ' <<<"$out")))
    check_docs_catches_a_change
}

# The checker is tested too: flip one byte of the first captured output
# line in a copy of the last chapter; the copy must fail.
check_docs_catches_a_change() {
    local doc copy line
    doc=$(ls docs/[0-9][0-9]-*.md 2>/dev/null | tail -n 1)
    [ -n "$doc" ] || return 0
    line=$(awk '/^<!-- try-it: /{t=1} t&&/^\$ /{c=1;next} c&&!/^```/&&length($0)>0{print NR; exit}' "$doc")
    [ -n "$line" ] || return 0
    copy=docs/.mutated-$$.md
    awk -v n="$line" 'NR==n{$0=substr($0,1,length($0)-1) (substr($0,length($0))=="#"?"@":"#")}1' "$doc" >"$copy"
    if tests/check-docs.sh "$copy" | grep -q '^not ok '; then
        echo "ok check-docs fails when one byte of $doc:$line changes"
        PASSED=$((PASSED + 1))
    else
        echo "not ok check-docs did not notice a changed byte at $doc:$line"
        FAILED=$((FAILED + 1))
    fi
    rm -f "$copy"
}

# rung-cli against a server (the last stage by default).
run_cli() {
    local server=${1:-$RUNG_BINDIR/rung-server} out
    [ "$(basename "$server")" = redis-server ] && [ -z "${RUNG_SERVER_ARGS:-}" ] &&
        local RUNG_SERVER_ARGS="--save '' --appendonly no"
    echo "== cli tests against $server"
    out=$(RUNG_SERVER=$server RUNG_CLI=$RUNG_BINDIR/rung-cli RUNG_SERVER_ARGS=${RUNG_SERVER_ARGS:-} \
          bats --tap tests/bats/cli.bats 2>&1)
    echo "$out"
    PASSED=$((PASSED + $(grep -c '^ok ' <<<"$out")))
    FAILED=$((FAILED + $(grep -c '^not ok ' <<<"$out")))
}

case "${1:-}" in
unit) shift; run_unit "$@" ;;
stage) shift; run_bats "$@" ;;
reference) run_reference ;;
broken) run_broken ;;
docs) run_docs ;;
all) run_unit "$RUNG_TESTBIN"/test_*; run_stages; run_cli; [ "${RUNG_SKIP_DOCS:-0}" = 1 ] || run_docs ;;
cli) shift; run_cli "$@" ;;
*) echo "usage: $0 unit BIN... | stage NN SERVER | reference | broken | docs | cli [SERVER] | all" >&2; exit 2 ;;
esac
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
