#!/usr/bin/env bash
# run.sh - build the libFuzzer targets and run each for a while.
#
#   tests/fuzz/run.sh [SECONDS]     (default: $FUZZ_SECONDS, else 60)
#
# Each tests/fuzz/fuzz_NAME.c is built with ASan+UBSan into build/fuzz/ and
# run for SECONDS on build/fuzz/corpus-NAME, a copy of the seeds in
# tests/fuzz/corpus/NAME that keeps what earlier runs found (the repo's
# corpus is never written).  Crash, timeout and leak inputs land in
# build/fuzz/fuzz_NAME-<kind>-<sha1>; reproduce one with
# build/fuzz/fuzz_NAME FILE.  Full fuzzer output: build/fuzz/fuzz_NAME.log.
# Prints "ok fuzz_NAME (N runs)" or "not ok fuzz_NAME: FILE" per target,
# then "N passed, N failed"; exits 1 if any failed.
set -u
cd "$(dirname "$0")/../.." || exit 2

SECONDS_EACH=${1:-${FUZZ_SECONDS:-60}}
OUT=build/fuzz
CC=${FUZZ_CC:-clang}
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined
        -fno-sanitize-recover=all -Ishared"
PASSED=0 FAILED=0

# The shared modules each target links.
declare -A MODS=(
    [resp]="shared/resp.c shared/buf.c"
    [glob]="shared/glob.c"
    [aof]="shared/aof.c shared/resp.c shared/buf.c shared/log.c"
)
TARGETS="resp glob aof"

# 0 if $CC links a libFuzzer program.
can_link_fuzzer() {
    local t="$OUT/probe"
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
        '{ (void)d; (void)n; return 0; }' > "$t.c"
    "$CC" -fsanitize=fuzzer,address,undefined "$t.c" -o "$t" >/dev/null 2>&1
}

# clang 14 with its runtime (libFuzzer lives in libclang-rt-14-dev).
ensure_toolchain() {
    mkdir -p "$OUT"
    can_link_fuzzer && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "run.sh: $CC cannot link -fsanitize=fuzzer;" \
             "install clang and libclang-rt-14-dev (apt-get)" >&2
        exit 1
    fi
    echo "run.sh: installing clang and libclang-rt-14-dev" >&2
    { apt-get install -y clang libclang-rt-14-dev ||
      { apt-get update && apt-get install -y clang libclang-rt-14-dev; }
    } >"$OUT/apt.log" 2>&1
    can_link_fuzzer && return 0
    echo "run.sh: still cannot link -fsanitize=fuzzer (see $OUT/apt.log)" >&2
    exit 1
}

# Build, copy the seeds, fuzz; print the target's one result line.
fuzz_one() {
    local name=fuzz_$1 corpus=$OUT/corpus-$1 log=$OUT/fuzz_$1.log
    local mark=$OUT/.start-$1 runs crash

    # shellcheck disable=SC2086
    if ! "$CC" $CFLAGS "tests/fuzz/$name.c" ${MODS[$1]} -lpthread \
            -o "$OUT/$name" 2>"$OUT/$name.build.log"; then
        echo "not ok $name: build failed (see $OUT/$name.build.log)"
        FAILED=$((FAILED + 1))
        return
    fi
    mkdir -p "$corpus"
    cp tests/fuzz/corpus/"$1"/* "$corpus"/
    touch "$mark"
    if "$OUT/$name" -max_total_time="$SECONDS_EACH" -timeout=10 \
            -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
            -artifact_prefix="$OUT/$name-" "$corpus" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "ok $name (${runs:-?} runs)"
        PASSED=$((PASSED + 1))
    else
        crash=$(find "$OUT" -maxdepth 1 -name "$name-*" -newer "$mark" |
                head -n 1)
        echo "not ok $name: ${crash:-no crash file, see $log}"
        FAILED=$((FAILED + 1))
    fi
    rm -f "$mark"
}

ensure_toolchain
for t in $TARGETS; do
    fuzz_one "$t"
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
