/* clock.c - the one place rung reads the time, so tests can control it.
 *
 * Two clocks answer two questions.  "When is this timer due?" needs a clock
 * that only moves forward: CLOCK_MONOTONIC, which an NTP step or `date -s`
 * cannot move, so a timer neither fires early nor waits an extra hour.
 * "What time is it?" (EXPIREAT, log lines) needs the wall clock,
 * CLOCK_REALTIME.  Both come from clock_gettime, which on Linux reads the
 * vDSO without entering the kernel, so calling it every loop turn is cheap.
 *
 * Why a fake: a test of "fsync once a second" or "expire after 100 ms"
 * would otherwise sleep (slow) and race a loaded CI machine (flaky).  A test
 * freezes time and moves it by hand instead.  That only works if no module
 * reads the time any other way, hence this module.
 *
 * The fake is plain static state for single-threaded tests.  The server
 * never turns it on, so threaded stages only ever read a flag that does not
 * change. */
#include "clock.h"

#include <time.h>

static int fake;                        /* nonzero: the two values below rule */
static long long fake_mono, fake_unix;  /* frozen times, in milliseconds */

static long long now_us(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts); /* cannot fail for these two clock ids */
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long clock_us(void)
{
    return fake ? fake_mono * 1000 : now_us(CLOCK_MONOTONIC);
}

long long clock_ms(void)
{
    return fake ? fake_mono : now_us(CLOCK_MONOTONIC) / 1000;
}

long long clock_unix_ms(void)
{
    return fake ? fake_unix : now_us(CLOCK_REALTIME) / 1000;
}

long long clock_unix_us(void)
{
    return fake ? fake_unix * 1000 : now_us(CLOCK_REALTIME);
}

void clock_set_fake(long long ms)
{
    fake = 1;
    fake_mono = fake_unix = ms;
}

void clock_advance_fake(long long ms)
{
    if (!fake) {
        fake_mono = clock_ms();
        fake_unix = clock_unix_ms();
        fake = 1;
    }
    fake_mono += ms;
    fake_unix += ms;
}

void clock_use_real(void)
{
    fake = 0;
}
