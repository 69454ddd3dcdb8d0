/* clock.h - the one place rung reads the time, so tests can control it. */
#ifndef CLOCK_H
#define CLOCK_H

/* Monotonic time (never steps back, unrelated to the date): for timers,
 * timeouts and "how long did this take". */
long long clock_ms(void);
long long clock_us(void);
/* Wall-clock milliseconds since 1970: for EXPIREAT-like absolute times. */
long long clock_unix_ms(void);
/* The same in microseconds (TIME). */
long long clock_unix_us(void);

/* For tests only (plain statics, not thread-safe).  clock_set_fake freezes
 * both clocks at ms; clock_advance_fake moves both forward by ms (a real
 * clock is first frozen where it stands); clock_use_real goes back. */
void clock_set_fake(long long ms);
void clock_advance_fake(long long ms);
void clock_use_real(void);

#endif
