/* num.c - numbers in and out of strings, with Redis's exact rules.
 *
 * Why not plain strtoll?  It skips leading spaces, accepts '+' and leading
 * zeros, and reports overflow through errno - so " 12", "+12" and "012"
 * would all be 12.  Redis refuses each of them ("value is not an integer
 * or out of range"), and clients rely on INCR treating "012" as a
 * string, so the parser here is written out digit by digit: one pass, an
 * explicit overflow check before every multiply, nothing locale-dependent.
 *
 * Floats are harder to parse correctly by hand, so num_parse_ld lets
 * strtold do the reading and only adds Redis's extra refusals around it. */
#include "num.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int num_parse_ll(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    int neg = 0;
    unsigned long long v = 0;
    if (len == 0 || len > 20)
        return 0;
    if (s[0] == '-') {
        neg = 1;
        i = 1;
        if (len == 1)
            return 0;
    }
    if (s[i] == '0') { /* only "0" itself may start with a zero */
        if (len != 1)
            return 0;
        *out = 0;
        return 1;
    }
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if (neg) {
        if (v > (unsigned long long)LLONG_MAX + 1)
            return 0;
        *out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
    } else {
        if (v > (unsigned long long)LLONG_MAX)
            return 0;
        *out = (long long)v;
    }
    return 1;
}

int num_parse_ld(const char *s, size_t len, long double *out)
{
    char text[NUM_LD_MAX], *end;
    if (len == 0 || len >= sizeof text || isspace((unsigned char)s[0]))
        return 0;
    memcpy(text, s, len); /* strtold needs a NUL, and s may hold one */
    text[len] = '\0';
    errno = 0;
    long double v = strtold(text, &end);
    if (end != text + len || isnan(v))
        return 0;
    if (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || v == 0))
        return 0;
    *out = v;
    return 1;
}

size_t num_format_ld(char *buf, long double v)
{
    if (!isfinite(v))
        return 0;
    int n = snprintf(buf, NUM_LD_MAX, "%.17Lf", v);
    if (n <= 0 || n >= NUM_LD_MAX)
        return 0;
    size_t len = (size_t)n;
    if (memchr(buf, '.', len)) {
        while (buf[len - 1] == '0')
            len--;
        if (buf[len - 1] == '.')
            len--;
    }
    if (len == 2 && buf[0] == '-' && buf[1] == '0') {
        buf[0] = '0';
        len = 1;
    }
    buf[len] = '\0';
    return len;
}

size_t num_format_ll(char *buf, long long v)
{
    return (size_t)snprintf(buf, 21, "%lld", v);
}

/* The length of s up to its first NUL: Redis reads a cursor as a C
 * string, so "12\0junk" is 12. */
static size_t c_length(const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    return nul ? (size_t)(nul - s) : len;
}

int num_parse_cursor(const char *s, size_t len, unsigned long *out)
{
    size_t i = 0;
    int neg = 0;
    unsigned long v = 0;
    len = c_length(s, len);
    if (len > 0 && (s[0] == '+' || s[0] == '-'))
        neg = s[i++] == '-';
    if (i == len) { /* no digits: strtoul stops at the start */
        *out = 0;
        return len == 0;
    }
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        unsigned long d = (unsigned long)(s[i] - '0');
        if (v > (ULONG_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    *out = neg ? -v : v;
    return 1;
}
