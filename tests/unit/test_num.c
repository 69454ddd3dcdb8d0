/* test_num.c - num.c's parsers and formatters against redis-server 7.0.15.
 *
 * Redis has one integer syntax (string2ll: INCRBY's argument, INCR's value,
 * GETRANGE's indexes) and one float syntax (string2ld: INCRBYFLOAT), and
 * clients see both through error replies, so every table row below is an
 * answer taken from a live redis-server 7.0.15 on x86-64:
 *   integers: DEL k, then INCRBY k <text>   -> the value, or the error;
 *   floats:   SET k <a>, then INCRBYFLOAT k <b> -> the reply.
 * The float rows run the same pipeline as the command (parse both, add,
 * format), so they check parsing and formatting together, as a client
 * would.  Then three property checks: integers against a reference made of
 * a syntax check plus strtoll, format/parse round trips for integers, and
 * short decimals that must come back exactly as typed.  Every input is an
 * exactly-sized heap copy, so ASan catches a read one byte past the end. */
#include "num.h"
#include "test.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- helpers */

/* An exactly-sized heap copy of n bytes (never NULL). */
static char *dup_exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    if (!p)
        abort();
    memcpy(p, s, n);
    return p;
}

static int parse_ll(const char *s, size_t n, long long *v)
{
    char *p = dup_exact(s, n);
    int ok = num_parse_ll(p, n, v);
    free(p);
    return ok;
}

static int parse_ld(const char *s, size_t n, long double *v)
{
    char *p = dup_exact(s, n);
    int ok = num_parse_ld(p, n, v);
    free(p);
    return ok;
}

/* Printable form of n bytes for failure messages (static buffer). */
static const char *show(const char *b, size_t n)
{
    static char out[256];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < sizeof out; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c >= 0x20 && c < 0x7f)
            out[k++] = (char)c;
        else
            k += (size_t)snprintf(out + k, 5, "\\x%02x", c);
    }
    out[k] = '\0';
    return out;
}

/* ---------------------------------------------------------------- integers */

struct ll_case {
    const char *s;
    size_t len;
    int ok;       /* did redis accept it? */
    long long v;  /* and as what */
};

/* sizeof, not strlen: a case holds a NUL byte. */
#define L(s, ok, v) { s, sizeof(s) - 1, ok, v }

static const struct ll_case ll_cases[] = {
    L("0", 1, 0),
    L("7", 1, 7),
    L("-7", 1, -7),
    L("10", 1, 10),
    L("-10", 1, -10),
    L("1234567890123456789", 1, 1234567890123456789LL),
    L("-1234567890123456789", 1, -1234567890123456789LL),
    L("9223372036854775807", 1, LLONG_MAX),
    L("-9223372036854775808", 1, LLONG_MIN),
    L("9223372036854775808", 0, 0),
    L("-9223372036854775809", 0, 0),
    L("18446744073709551615", 0, 0),
    L("18446744073709551616", 0, 0),
    L("99999999999999999999", 0, 0),
    L("-99999999999999999999", 0, 0),
    L("100000000000000000000", 0, 0),
    L("00000000000000000001", 0, 0),
    L("12345678901234567890123", 0, 0),
    L("-0", 0, 0),
    L("+1", 0, 0),
    L(" 1", 0, 0),
    L("1 ", 0, 0),
    L("\t1", 0, 0),
    L("1\r\n", 0, 0),
    L("01", 0, 0),
    L("-01", 0, 0),
    L("", 0, 0),
    L("-", 0, 0),
    L("+", 0, 0),
    L("1a", 0, 0),
    L("a1", 0, 0),
    L("1\x00", 0, 0),
    L("0x10", 0, 0),
    L("1e3", 0, 0),
    L("1.0", 0, 0),
};

static void test_ll_table(void)
{
    for (size_t i = 0; i < N_OF(ll_cases); i++) {
        const struct ll_case *t = &ll_cases[i];
        long long v = 12345;
        int ok = parse_ll(t->s, t->len, &v);
        CHECKF(ok == t->ok && (!ok || v == t->v),
               "num_parse_ll(\"%s\") = %d (%lld), redis says %d (%lld)",
               show(t->s, t->len), ok, v, t->ok, t->v);
    }
}

/* Every prefix of every row: truncation is where a parser over-reads. */
static void test_ll_prefixes(void)
{
    long long v;
    for (size_t i = 0; i < N_OF(ll_cases); i++)
        for (size_t n = 0; n <= ll_cases[i].len; n++)
            parse_ll(ll_cases[i].s, n, &v);
    CHECK(!parse_ll("5", 0, &v)); /* the real check is ASan staying quiet */
}

/* The reference: the syntax rules spelled out one by one, then strtoll
 * (which alone would take " 1", "+1" and "01") for the value and range. */
static int ref_parse_ll(const char *s, size_t n, long long *v)
{
    char text[64], *end;
    size_t i = n > 0 && s[0] == '-';
    if (n == i || n >= sizeof text || memchr(s, '\0', n))
        return 0;
    for (size_t k = i; k < n; k++)
        if (s[k] < '0' || s[k] > '9')
            return 0;
    if (s[i] == '0' && (n != 1))
        return 0; /* "-0", "01" and "-01"; "0" alone is fine */
    memcpy(text, s, n);
    text[n] = '\0';
    errno = 0;
    *v = strtoll(text, &end, 10);
    return errno == 0;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void) /* xorshift64: reproducible without libc rand */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random strings, mostly digits with the odd sign, space or zero, around
 * the lengths where overflow starts (19 and 20 digits). */
static void test_ll_fuzz(void)
{
    static const char alpha[] = "0123456789012345678901234567890123456789-+ x";
    char s[24];
    long bad = 0, accepted = 0, total = 300000;
    for (long i = 0; i < total; i++) {
        size_t n = (size_t)(rng() % 23);
        for (size_t k = 0; k < n; k++)
            s[k] = alpha[rng() % (sizeof alpha - 1)];
        if (n && rng() % 3 == 0)
            s[0] = (char)('1' + rng() % 9); /* more that are well-formed */
        long long want = 0, got = 0;
        int w = ref_parse_ll(s, n, &want), g = parse_ll(s, n, &got);
        accepted += w;
        if ((w != g || (w && want != got)) && bad++ < 10)
            fprintf(stderr, "fuzz \"%s\": num %d %lld, ref %d %lld\n",
                    show(s, n), g, got, w, want);
    }
    CHECKF(bad == 0, "%ld of %ld integer fuzz cases disagree", bad, total);
    CHECK(accepted > total / 50); /* or the fuzz proves little */
}

/* Formatting and parsing back is the identity, over the whole range. */
static void test_ll_round_trip(void)
{
    static const long long edges[] = {0, 1, -1, 9, 10, -10, LLONG_MAX, LLONG_MIN,
                                      LLONG_MAX - 1, LLONG_MIN + 1};
    char buf[21];
    long bad = 0;
    for (long i = 0; i < 200000 + (long)N_OF(edges); i++) {
        long long v = i < (long)N_OF(edges) ? edges[i] : (long long)rng() >> (rng() % 64);
        size_t n = num_format_ll(buf, v);
        char want[32];
        snprintf(want, sizeof want, "%lld", v);
        long long back;
        if ((n != strlen(want) || memcmp(buf, want, n) || !parse_ll(buf, n, &back) ||
             back != v) && bad++ < 10)
            fprintf(stderr, "round trip %lld: \"%.*s\"\n", v, (int)n, buf);
    }
    CHECK(bad == 0);
    CHECK(num_format_ll(buf, LLONG_MIN) == 20 && strcmp(buf, "-9223372036854775808") == 0);
    CHECK(num_format_ll(buf, 0) == 1 && strcmp(buf, "0") == 0);
}

/* ------------------------------------------------------------------ floats */

static const char NOT_FLOAT[] = "-ERR value is not a valid float";
static const char NOT_FINITE[] = "-ERR increment would produce NaN or Infinity";

/* What INCRBYFLOAT replies when the key holds a and the increment is b
 * (an error's text, or the new value), into out[NUM_LD_MAX]. */
static const char *incrbyfloat(const char *a, size_t alen, const char *b, size_t blen,
                               char *out)
{
    long double x, y;
    if (!parse_ld(a, alen, &x) || !parse_ld(b, blen, &y))
        return NOT_FLOAT;
    if (num_format_ld(out, x + y) == 0)
        return NOT_FINITE;
    return out;
}

struct ld_case {
    const char *s;
    size_t len;
    const char *reply; /* INCRBYFLOAT's reply with the key holding "0" */
};

#define F(s, r) { s, sizeof(s) - 1, r }

static const struct ld_case ld_cases[] = {
    F("1.5", "1.5"),
    F("3.0e3", "3000"),
    F("+1.5", "1.5"),
    F("-1.5", "-1.5"),
    F(".5", "0.5"),
    F("5.", "5"),
    F("0", "0"),
    F("-0", "0"),
    F("00", "0"),
    F("01.5", "1.5"),
    F("0x10", "16"),
    F("0x1p3", "8"),
    F("0x1.8p1", "3"),
    F("1E2", "100"),
    F("1e+2", "100"),
    F("1e-2", "0.01"),
    F("12.34e-2", "0.1234"),
    F("0.1", "0.1"),
    F("1e-5", "0.00001"),
    F("1e-17", "0.00000000000000001"),
    F("0.00000000000000001", "0.00000000000000001"),
    F("1e-18", "0"),
    F("-1e-18", "0"),
    F("0.000000000000000001", "0"),
    F("-5e-324", "0"),
    F("0.99999999999999999", "0.99999999999999999"),
    F("0.999999999999999999", "1"),
    F("0.30000000000000004", "0.30000000000000004"),
    F("3.14159265358979323846264338327950288", "3.14159265358979324"),
    F("9.123456789012345", "9.123456789012345"),
    F("99.1", "99.1"),
    F("216.1", "216.10000000000000001"), /* 20 digits shown, 19 held */
    F("-620.6", "-620.59999999999999998"),
    F("851.92136781414", "851.92136781414000002"),
    F("1e17", "100000000000000000"),
    F("1e20", "100000000000000000000"),
    F("1e21", "1000000000000000000000"),
    F("-1e21", "-1000000000000000000000"),
    F("100000000000000000000.5", "100000000000000000000"),
    F("9223372036854775808", "9223372036854775808"),
    F("123456789012345678901234567890", "123456789012345678899921813504"),
    /* Subnormal long doubles: ERANGE, but not zero, so accepted. */
    F("1e-4950", "0"),
    F("1e-4940", "0"),
    F("1e-4930", "0"),
    /* Refused as text. */
    F(" 1", NOT_FLOAT),
    F("1 ", NOT_FLOAT),
    F("\t1", NOT_FLOAT),
    F("1\n", NOT_FLOAT),
    F("1.5\x00", NOT_FLOAT),
    F("", NOT_FLOAT),
    F(".", NOT_FLOAT),
    F("-", NOT_FLOAT),
    F("e5", NOT_FLOAT),
    F("1e", NOT_FLOAT),
    F("1e+", NOT_FLOAT),
    F("1,5", NOT_FLOAT),
    F("1_0", NOT_FLOAT),
    F("infinit", NOT_FLOAT),
    F("nan", NOT_FLOAT),
    F("-nan", NOT_FLOAT),
    F("NaN", NOT_FLOAT),
    /* Out of long double's range: overflow, or underflow to zero. */
    F("1e4933", NOT_FLOAT),
    F("1.19e4932", NOT_FLOAT),
    F("1e5000", NOT_FLOAT),
    F("-1e5000", NOT_FLOAT),
    F("1e-4951", NOT_FLOAT),
    F("1e-5000", NOT_FLOAT),
    /* Infinity parses; it is the sum that is refused. */
    F("inf", NOT_FINITE),
    F("-inf", NOT_FINITE),
    F("+inf", NOT_FINITE),
    F("INF", NOT_FINITE),
    F("Infinity", NOT_FINITE),
    F("-infinity", NOT_FINITE),
};

static void test_ld_table(void)
{
    char out[NUM_LD_MAX];
    for (size_t i = 0; i < N_OF(ld_cases); i++) {
        const struct ld_case *t = &ld_cases[i];
        const char *got = incrbyfloat("0", 1, t->s, t->len, out);
        CHECKF(strcmp(got, t->reply) == 0, "0 + \"%s\" gives \"%s\", redis says \"%s\"",
               show(t->s, t->len), got, t->reply);
    }
}

/* Both operands from the table: the key's value is parsed like the
 * increment, and -0 + -0 is still shown as "0". */
static void test_ld_pairs(void)
{
    static const struct {
        const char *a, *b, *reply;
    } t[] = {
        {"10.5", "0.1", "10.6"},    {"5.0e3", "200", "5200"},
        {"0", "-0", "0"},           {"-0", "0", "0"},
        {"-0", "-0", "0"},          {"-0.0", "-0.0", "0"},
        {"0", "1e-5", "0.00001"},   {"1e-5", "1e-20", "0.00001"},
        {"0.1", "0.2", "0.3"},      {"1", "-1", "0"},
        {"-1.5", "0.5", "-1"},      {"3", "-3.5", "-0.5"},
        {"2.5", "-2.5", "0"},       {"1", "0.33333333333333333", "1.33333333333333333"},
        {"inf", "1", NOT_FINITE},   {"1.5 ", "1", NOT_FLOAT},
        {" 1.5", "1", NOT_FLOAT},   {"", "1", NOT_FLOAT},
        {"1.7976931348623157e308", "1e308",
         NULL /* finite in long double: see test_ld_long */},
    };
    char out[NUM_LD_MAX];
    for (size_t i = 0; i < N_OF(t); i++) {
        const char *got = incrbyfloat(t[i].a, strlen(t[i].a), t[i].b, strlen(t[i].b), out);
        if (t[i].reply)
            CHECKF(strcmp(got, t[i].reply) == 0, "\"%s\" + \"%s\" gives \"%s\", redis says \"%s\"",
                   t[i].a, t[i].b, got, t[i].reply);
        else
            CHECK(got == out);
    }
}

/* Replies too long for the table: their length, head and tail.  These are
 * the huge exponents, where %.17Lf writes every integer digit. */
static void test_ld_long(void)
{
    static const struct {
        const char *a, *b;
        size_t len;
        const char *head, *tail;
    } t[] = {
        {"0", "1e4932", 4933, "10000000000000000000060189493", "1886622720"},
        {"0", "-1e4932", 4934, "-1000000000000000000006018949", "1886622720"},
        {"0", "1.18e4932", 4933, "11800000000000000000006528129", "8628785152"},
        {"0", "1.1897e4932", 4933, "11896999999999999999751387414", "2723276800"},
        {"0", "1e308", 308, "99999999999999999996685879655", "3928578048"},
        {"0", "1e309", 309, "99999999999999999998634942458", "3114002432"},
        {"0", "1.7976931348623157e308", 309, "17976931348623156999592104677", "3339536384"},
        {"1e308", "1e308", 309, "19999999999999999999337175931", "7857156096"},
    };
    char out[NUM_LD_MAX];
    for (size_t i = 0; i < N_OF(t); i++) {
        const char *got = incrbyfloat(t[i].a, strlen(t[i].a), t[i].b, strlen(t[i].b), out);
        size_t n = strlen(got), h = strlen(t[i].head), k = strlen(t[i].tail);
        CHECKF(got == out && n == t[i].len && memcmp(got, t[i].head, h) == 0 &&
                   memcmp(got + n - k, t[i].tail, k) == 0,
               "\"%s\" + \"%s\": %zu bytes \"%.30s...%s\"", t[i].a, t[i].b, n, got,
               n > k ? got + n - k : got);
    }
}

/* Redis copies a float into a 5120-byte buffer to add strtold's NUL, so
 * 5119 bytes is the longest text it reads; 5120 is refused unread. */
static void test_ld_length_limit(void)
{
    char *s = malloc(NUM_LD_MAX + 1), out[NUM_LD_MAX];
    if (!s)
        abort();
    memset(s, '0', NUM_LD_MAX + 1);
    s[NUM_LD_MAX - 2] = '1'; /* "000...01", 5119 bytes: 1 */
    CHECK(strcmp(incrbyfloat("0", 1, s, NUM_LD_MAX - 1, out), "1") == 0);
    s[NUM_LD_MAX - 2] = '0';
    s[NUM_LD_MAX - 1] = '1'; /* 5120 bytes */
    CHECK(incrbyfloat("0", 1, s, NUM_LD_MAX, out) == NOT_FLOAT);
    memset(s, '1', NUM_LD_MAX - 1); /* 1.1e5118: overflows, so refused */
    CHECK(incrbyfloat("0", 1, s, NUM_LD_MAX - 1, out) == NOT_FLOAT);
    s[0] = '-';
    for (size_t n = 0; n <= NUM_LD_MAX; n += 97) /* prefixes, for ASan */
        incrbyfloat("0", 1, s, n, out);
    free(s);
}

/* %.17Lf prints 17 digits after the point, and long double holds about
 * 19 significant digits, so a number under 10 with at most 17 decimals
 * comes back exactly as typed (trailing zeros aside): the "non
 * surprising" promise Redis makes.  Bigger numbers may not - 216.1 comes
 * back as 216.10000000000000001 from Redis too (see ld_cases). */
static void test_ld_short_decimals(void)
{
    char text[48], out[NUM_LD_MAX];
    long bad = 0, total = 100000;
    for (long i = 0; i < total; i++) {
        unsigned long long ip = rng() % 10, fp = rng() % 100000000000000000ULL;
        int neg = (int)(rng() % 2), digits = (int)(rng() % 18);
        for (int k = digits; k < 17; k++)
            fp /= 10; /* keep `digits` fractional digits */
        int n = digits ? snprintf(text, sizeof text, "%s%llu.%0*llu", neg ? "-" : "", ip, digits, fp)
                       : snprintf(text, sizeof text, "%s%llu", neg ? "-" : "", ip);
        int want = n; /* the canonical form drops trailing zeros, a bare point, -0 */
        if (digits) {
            while (text[want - 1] == '0')
                want--;
            if (text[want - 1] == '.')
                want--;
        }
        const char *canon = text;
        if (want == 2 && text[0] == '-' && text[1] == '0')
            canon = "0", want = 1;
        const char *got = incrbyfloat("0", 1, text, (size_t)n, out);
        if ((strlen(got) != (size_t)want || memcmp(got, canon, (size_t)want)) && bad++ < 10)
            fprintf(stderr, "\"%s\" came back as \"%s\"\n", text, got);
    }
    CHECKF(bad == 0, "%ld of %ld short decimals changed", bad, total);
}

/* num_format_ld alone: -0 and tiny negatives as "0", non-finite refused. */
static void test_ld_format(void)
{
    char out[NUM_LD_MAX];
    CHECK(num_format_ld(out, 0.0L) == 1 && strcmp(out, "0") == 0);
    CHECK(num_format_ld(out, -0.0L) == 1 && strcmp(out, "0") == 0);
    CHECK(num_format_ld(out, -1e-30L) == 1 && strcmp(out, "0") == 0);
    CHECK(num_format_ld(out, 10.6L) == 4 && strcmp(out, "10.6") == 0);
    CHECK(num_format_ld(out, 5200.0L) == 4 && strcmp(out, "5200") == 0);
    CHECK(num_format_ld(out, 1e-5L) == 7 && strcmp(out, "0.00001") == 0);
    CHECK(num_format_ld(out, -2.5L) == 4 && strcmp(out, "-2.5") == 0);
    CHECK(num_format_ld(out, HUGE_VALL) == 0);
    CHECK(num_format_ld(out, -HUGE_VALL) == 0);
    CHECK(num_format_ld(out, (long double)NAN) == 0);
}

/* SCAN cursors as redis-server 7.0.15 takes them (SCAN c COUNT 1 on an
 * empty db: "ERR invalid cursor" or a reply): strtoul's rules, so a sign
 * is allowed, "-1" wraps around, "" is 0 and a NUL ends the text. */
static void test_cursor(void)
{
    static const struct {
        const char *text;
        size_t len;
        int ok;
        unsigned long want;
    } cases[] = {
        {"0", 1, 1, 0},
        {"17", 2, 1, 17},
        {"+5", 2, 1, 5},
        {"-1", 2, 1, ULONG_MAX},
        {"", 0, 1, 0},
        {"18446744073709551615", 20, 1, ULONG_MAX},
        {"18446744073709551616", 20, 0, 0},
        {"12\0junk", 7, 1, 12},
        {" 1", 2, 0, 0},
        {"1 ", 2, 0, 0},
        {"1x", 2, 0, 0},
        {"0x10", 4, 0, 0},
        {"1.5", 3, 0, 0},
        {"-", 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned long got = 12345;
        char *copy = malloc(cases[i].len ? cases[i].len : 1); /* exact size, for ASan */
        memcpy(copy, cases[i].text, cases[i].len);
        int ok = num_parse_cursor(copy, cases[i].len, &got);
        CHECKF(ok == cases[i].ok && (!ok || got == cases[i].want),
               "cursor \"%.*s\": ok %d got %lu", (int)cases[i].len, cases[i].text, ok, got);
        free(copy);
    }
}

int main(void)
{
    test_cursor();
    test_ll_table();
    test_ll_prefixes();
    test_ll_fuzz();
    test_ll_round_trip();
    test_ld_table();
    test_ld_pairs();
    test_ld_long();
    test_ld_length_limit();
    test_ld_short_decimals();
    test_ld_format();
    return test_report();
}
