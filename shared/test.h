/* test.h - the smallest unit-test harness that still explains a failure.
 *
 * A test file includes this header, calls CHECK() as often as it likes and
 * ends main() with `return test_report();`.  Each CHECK counts a pass or a
 * failure; a failure prints where it happened and the condition's text, so
 * the reader needs no debugger to see what broke.  test_report() prints the
 * one summary line every runner in rung prints ("N passed, N failed") and
 * returns the exit status the Makefile checks.
 *
 * The counters are static, one pair per test binary: each test_<module>.c is
 * its own program, so there is nothing to share across files. */
#ifndef TEST_H
#define TEST_H

#include <stdio.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            test_passed++;                                                 \
        } else {                                                           \
            test_failed++;                                                 \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                  \
    } while (0)

/* CHECK with a printf-style explanation of what was expected and got. */
#define CHECKF(cond, ...)                                                  \
    do {                                                                   \
        int ok_ = (cond);                                                  \
        CHECK(ok_);                                                        \
        if (!ok_) {                                                        \
            fprintf(stderr, "     ");                                      \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

static inline int test_report(void)
{
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed ? 1 : 0;
}

#endif
