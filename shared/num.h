/* num.h - numbers in and out of strings, with Redis's exact rules. */
#ifndef NUM_H
#define NUM_H

#include <stddef.h>

/* Longest text num_format_ld can produce, with its NUL. */
#define NUM_LD_MAX 5120

/* Redis's integer syntax: an optional '-', then "0" or digits not starting
 * with 0; no spaces, no '+', and the value must fit a long long.  1 and
 * the value, else 0. */
int num_parse_ll(const char *s, size_t len, long long *out);
/* A float as INCRBYFLOAT takes it: what strtold reads, all of it, no
 * leading space, not NaN, not out of range.  1 and the value, else 0. */
int num_parse_ld(const char *s, size_t len, long double *out);
/* Write v as Redis shows an INCRBYFLOAT result: 17 digits after the point,
 * trailing zeros (and a bare point) removed, "-0" as "0".  buf holds
 * NUM_LD_MAX bytes; returns the length, 0 if v is not finite. */
size_t num_format_ld(char *buf, long double v);
/* A SCAN cursor the way Redis reads it (with strtoul): an optional sign,
 * decimal digits, nothing after them, no overflow; "-1" wraps to the
 * largest cursor, "" is 0, and bytes after a NUL are ignored.  1 and the
 * cursor, else 0 ("ERR invalid cursor"). */
int num_parse_cursor(const char *s, size_t len, unsigned long *out);
/* Decimal text of v into buf (at least 21 bytes); returns the length. */
size_t num_format_ll(char *buf, long long v);

#endif
