/* test_glob.c - glob_match against redis-server, a reference, and blow-ups.
 *
 * Four checks.  (1) Tables of answers taken from a live redis-server 7.0.15
 * (KEYS for case-sensitive matching, CONFIG GET for nocase), including its
 * odd answers on malformed patterns.  (2) Patterns that make a recursive
 * matcher exponential, which must finish in well under a second.  (3) A
 * differential fuzz against ref_match, a small matcher that is obviously
 * correct rather than fast.  (4) Every prefix of every table pattern and
 * string, for the sanitizers.  glob_match always gets exactly-sized heap
 * copies (run), so ASan reports a read one byte past plen or slen, as a
 * PROT_NONE page does in picohttpparser's tests. */
#include "glob.h"
#include "test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct glob_case {
    const char *pat;
    size_t plen;
    const char *str;
    size_t slen;
    int match; /* redis-server's answer */
};

/* sizeof, not strlen: several cases hold NUL bytes. */
#define T(p, s, m) { p, sizeof(p) - 1, s, sizeof(s) - 1, m }

/* The answers were taken from redis-server 7.0.15 (x86-64): SET the string
 * as the only key, then KEYS pattern.  `*` against "" is 1 only because
 * KEYS skips matching for a lone "*"; "**" shows the matcher's own answer.
 * High-byte ranges follow x86-64's signed char (see glob.c, char_order). */
static const struct glob_case keys_cases[] = {
    T("", "", 1),
    T("", "a", 0),
    T("a", "", 0),
    T("abc", "abc", 1),
    T("abc", "abd", 0),
    T("abc", "ab", 0),
    T("ab", "abc", 0),
    T("abc", "ABC", 0),
    T("*", "", 1),
    T("**", "", 0),
    T("*", "abc", 1),
    T("a*", "a", 1),
    T("a*", "abc", 1),
    T("a*", "ba", 0),
    T("*a", "a", 1),
    T("*a", "bca", 1),
    T("*a", "ab", 0),
    T("a*b", "ab", 1),
    T("a*b", "axxb", 1),
    T("a*b", "axxbx", 0),
    T("a**b", "axb", 1),
    T("*a*", "xxaxx", 1),
    T("*a*", "xxx", 0),
    T("a*b*c", "abc", 1),
    T("a*b*c", "aXbYc", 1),
    T("a*b*c", "acb", 0),
    T("*ab", "aab", 1),
    T("*aab", "aaab", 1),
    T("a*a*a*b", "aaaab", 1),
    T("a*a*a*b", "aaaa", 0),
    T("?", "", 0),
    T("?", "a", 1),
    T("?", "ab", 0),
    T("a?c", "abc", 1),
    T("a?c", "ac", 0),
    T("?\?", "ab", 1),
    T("*?", "", 0),
    T("*?", "a", 1),
    T("?*?", "a", 0),
    T("?*?", "ab", 1),
    T("[abc]", "b", 1),
    T("[abc]", "d", 0),
    T("[abc]", "", 0),
    T("[abc]", "ab", 0),
    T("x[abc]y", "xcy", 1),
    T("[^abc]", "d", 1),
    T("[^abc]", "a", 0),
    T("[^abc]", "", 0),
    T("[a-c]", "b", 1),
    T("[a-c]", "d", 0),
    T("[c-a]", "b", 1),
    T("[z-a]", "m", 1),
    T("[z-a]", "Z", 0),
    T("[^a-c]", "b", 0),
    T("[^a-c]", "x", 1),
    T("[a-cx-z]", "y", 1),
    T("[*]", "*", 1),
    T("[*]", "a", 0),
    T("[?]", "a", 0),
    T("[a^]", "^", 1),
    T("[[]", "[", 1),
    T("[a-b-c]", "-", 1),
    T("[a-b-c]", "c", 1),
    T("[--a]", "0", 1),
    T("[abc", "c", 1),
    T("[abc", "d", 0),
    T("[abc", "[abc", 0),
    T("a[", "a", 0),
    T("a[", "a[", 0),
    T("[", "", 0),
    T("[", "[", 0),
    T("[^", "x", 1),
    T("[^", "", 0),
    T("a[^", "ab", 1),
    T("[]", "]", 0),
    T("[]", "", 0),
    T("[]a]", "a]", 0),
    T("[]a]", "]", 0),
    T("[^]", "x", 1),
    T("[^]", "]", 1),
    T("[^]", "", 0),
    T("[^]]", "x]", 1),
    T("[^]]", "x", 0),
    T("[a-]", "-", 0),
    T("[a-]", "]", 1),
    T("[a-]", "_", 1),
    T("[a-]", "b", 0),
    T("[a-]b]", "b", 1),
    T("[a-", "a", 1),
    T("[a-", "-", 1),
    T("[a-", "b", 0),
    T("\\*", "*", 1),
    T("\\*", "a", 0),
    T("\\?", "?", 1),
    T("\\?", "a", 0),
    T("\\[", "[", 1),
    T("\\a", "a", 1),
    T("\\\\", "\\", 1),
    T("\\", "\\", 1),
    T("\\", "", 0),
    T("a\\", "a\\", 1),
    T("a\\", "a", 0),
    T("[\\]]", "]", 1),
    T("[\\]", "]", 1),
    T("[\\]", "\\", 0),
    T("[\\", "\\", 1),
    T("[a\\", "\\", 1),
    T("[\\^a]", "^", 1),
    T("[^\\^]", "^", 0),
    T("[\\-a]", "-", 1),
    T("[\\-a]", "b", 0),
    T("[a-\\]", "\\", 1),
    T("[a-\\]", "_", 1),
    T("[a-\\]", "b", 0),
    T("[\\a-c]", "b", 0),
    T("*\\*", "ab*", 1),
    T("*\\", "ab\\", 1),
    T("a\x00" "b", "a\x00" "b", 1),
    T("a?b", "a\x00" "b", 1),
    T("[\x00]", "\x00", 1),
    T("[^\x00]", "\x00", 0),
    T("*\x00", "ab\x00", 1),
    T("\xe9", "\xe9", 1),
    T("?", "\xe9", 1),
    T("[\x80-\xff]", "\x90", 1),
    T("[\x80-\xff]", "a", 0),
    T("[\x00-\xff]", "a", 0),
    T("[\x00-\xff]", "\xff", 1),
    T("[a-\xff]", "b", 0),
    T("[a-\xff]", "A", 1),
    T("[a-\xff]", "\x90", 0),
    T("[\x7f-\x80]", "a", 1),
    T("[\x7f-\x80]", "\x81", 1),
};

/* nocase answers from the same server: CONFIG GET pattern matches config
 * names with nocase on, so each row asks whether "maxmemory" is returned.
 * They show that `\x` folds outside a class but not inside one, and that a
 * range is swapped before it is folded ([Z-a] is z..a, empty). */
static const struct glob_case nocase_cases[] = {
    T("MAXMEMOR?", "maxmemory", 1),
    T("Maxmemor?", "maxmemory", 1),
    T("max*MORY", "maxmemory", 1),
    T("\\Maxmemor?", "maxmemory", 1),
    T("[M]axmemor?", "maxmemory", 1),
    T("[^M]axmemor?", "maxmemory", 0),
    T("[\\M]axmemor?", "maxmemory", 0),
    T("[\\m]axmemor?", "maxmemory", 1),
    T("[^\\M]axmemor?", "maxmemory", 1),
    T("[L-N]axmemor?", "maxmemory", 1),
    T("[N-L]axmemor?", "maxmemory", 1),
    T("[l-N]axmemor?", "maxmemory", 0),
    T("[@-M]axmemor?", "maxmemory", 1),
    T("[A-z]axmemor?", "maxmemory", 1),
    T("[z-A]axmemor?", "maxmemory", 1),
    T("[Z-a]axmemor?", "maxmemory", 0),
    T("[a-Z]axmemor?", "maxmemory", 0),
    T("maxmemo[R-Z]Y", "maxmemory", 1),
    T("maxmemo[^R-Z]y", "maxmemory", 0),
    T("maxmemor[Y", "maxmemory", 1),
    T("maxmemor[^Y", "maxmemory", 0),
    T("maxmemor[Y-", "maxmemory", 1),
    T("[^A-Z]axmemor?", "maxmemory", 0),
    T("m?XM*", "maxmemory", 1),
    T("*[\\Y]", "maxmemory", 0),
    T("*[\\y]", "maxmemory", 1),
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- helpers */

/* glob_match on exactly-sized heap copies, so any over-read is caught. */
static int run(const char *pat, size_t plen, const char *str, size_t slen,
               int nocase)
{
    char *p = malloc(plen ? plen : 1), *s = malloc(slen ? slen : 1);
    if (!p || !s)
        abort();
    memcpy(p, pat, plen);
    memcpy(s, str, slen);
    /* For an empty input, pass a pointer to nothing readable at all. */
    int r = glob_match(plen ? p : p + 1, plen, slen ? s : s + 1, slen, nocase);
    free(p);
    free(s);
    return r;
}

/* Printable form of n bytes for failure messages (static buffer). */
static const char *show(const char *b, size_t n, int which)
{
    static char out[2][512];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < sizeof out[0]; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c >= 0x20 && c < 0x7f)
            out[which][k++] = (char)c;
        else
            k += (size_t)snprintf(out[which] + k, 5, "\\x%02x", c);
    }
    out[which][k] = '\0';
    return out[which];
}

static void check_table(const struct glob_case *t, size_t n, int nocase)
{
    for (size_t i = 0; i < n; i++) {
        int got = run(t[i].pat, t[i].plen, t[i].str, t[i].slen, nocase);
        CHECKF(got == t[i].match, "glob_match(\"%s\", \"%s\", nocase=%d) = %d, "
               "redis says %d", show(t[i].pat, t[i].plen, 0),
               show(t[i].str, t[i].slen, 1), nocase, got, t[i].match);
    }
}

/* Every prefix pair of every table case: truncation is where a matcher
 * reads past the end (an unclosed class, a trailing backslash). */
static void test_prefixes(void)
{
    size_t calls = 0;
    for (size_t i = 0; i < N_OF(keys_cases); i++) {
        const struct glob_case *c = &keys_cases[i];
        for (size_t pl = 0; pl <= c->plen; pl++)
            for (size_t sl = 0; sl <= c->slen; sl++, calls++)
                run(c->pat, pl, c->str, sl, (int)(calls & 1));
    }
    CHECK(calls > 0); /* the real check is ASan staying quiet */
}

/* ------------------------------------------------------------ depth cap */

/* head, n copies of unit, then tail, in a malloc'd buffer of *len bytes. */
static char *repeat(const char *head, const char *unit, size_t n,
                    const char *tail, size_t *len)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    char *b = malloc(h + u * n + t + 1);
    if (!b)
        abort();
    memcpy(b, head, h);
    for (size_t i = 0; i < n; i++)
        memcpy(b + h + i * u, unit, u);
    memcpy(b + h + u * n, tail, t + 1);
    *len = h + u * n + t;
    return b;
}

/* Redis 7.0.15 gives up past 1000 nested stars; these answers are from
 * KEYS too.  Only stars followed by a one-byte token count ("a*" x 1001
 * needs 1000), and a class holding '*' is not a star. */
static void test_depth_cap(void)
{
    static const struct {
        const char *unit;
        size_t n;
        const char *tail;
        const char *sunit;
        size_t sn;
        int match;
    } t[] = {
        { "*a", 1000, "", "a", 1000, 1 },   { "*a", 1001, "", "a", 1001, 0 },
        { "a*", 1001, "", "a", 1001, 1 },   { "a*", 1100, "", "a", 1100, 0 },
        { "**a", 1000, "", "a", 1000, 1 },  { "**a", 1001, "", "a", 1001, 0 },
        { "*?", 1000, "*", "a", 1000, 1 },  { "*?", 1001, "*", "a", 1001, 0 },
        { "*[*]", 1000, "", "*", 1000, 1 }, { "*[*]", 1001, "", "*", 1001, 0 },
        { "*a", 999, "*[^", "a", 1002, 1 }, { "*a", 1000, "*[^", "a", 1002, 0 },
        { "*a", 999, "*a*", "a", 1002, 1 }, { "*a", 1000, "*", "a", 1002, 1 },
    };
    for (size_t i = 0; i < N_OF(t); i++) {
        size_t plen, slen;
        char *p = repeat("", t[i].unit, t[i].n, t[i].tail, &plen);
        char *s = repeat("", t[i].sunit, t[i].sn, "", &slen);
        int got = run(p, plen, s, slen, 0);
        CHECKF(got == t[i].match, "\"%s\" x %zu + \"%s\" vs \"%s\" x %zu: %d",
               t[i].unit, t[i].n, t[i].tail, t[i].sunit, t[i].sn, got);
        free(p);
        free(s);
    }
}

/* ---------------------------------------------------------- pathological */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Each of these takes Redis's unbounded recursive matcher (and any naive
 * backtracker) exponential time: every star retries every offset for every
 * choice of the stars before it.  The bound is generous on purpose; it is a
 * guard against blow-up, not a benchmark. */
static void test_pathological(void)
{
    static const struct {
        const char *head, *unit;
        size_t n;
        const char *tail, *sunit;
        size_t sn;
        const char *stail;
        int match;
    } t[] = {
        { "", "a*", 30, "b", "a", 10000, "", 0 },
        { "", "a*", 30, "b", "a", 10000, "b", 1 },
        { "", "*a", 30, "*b", "a", 10000, "", 0 },
        { "", "*?", 30, "b", "a", 10000, "", 0 },
        { "", "?*", 100, "[b]", "a", 10000, "", 0 },
        { "", "*[a]", 30, "*[^a]", "a", 10000, "", 0 },
        { "", "*[a-a]", 30, "\\b", "a", 10000, "", 0 },
        { "", "*", 5000, "b", "a", 10000, "", 0 },
        { "", "a*", 999, "b", "a", 10000, "", 0 },
        { "", "a*", 2000, "b", "a", 10000, "", 0 }, /* over the depth cap */
        /* The greedy matcher's own worst case, plen * slen: the segment
         * after the star almost matches at every one of 10,000 offsets. */
        { "*", "[a]", 1000, "b", "a", 10000, "", 0 },
    };
    for (size_t i = 0; i < N_OF(t); i++) {
        size_t plen, slen;
        char *p = repeat(t[i].head, t[i].unit, t[i].n, t[i].tail, &plen);
        char *s = repeat("", t[i].sunit, t[i].sn, t[i].stail, &slen);
        double t0 = now();
        int got = run(p, plen, s, slen, 0);
        double dt = now() - t0;
        printf("glob: \"%s\" + \"%s\" x %zu + \"%s\" vs \"%s\" x %zu + \"%s\": "
               "%.6fs\n", t[i].head, t[i].unit, t[i].n, t[i].tail, t[i].sunit,
               t[i].sn, t[i].stail, dt);
        CHECK(got == t[i].match);
        CHECKF(dt < 1.0, "took %.3fs", dt);
        free(p);
        free(s);
    }
}

/* ------------------------------------------------------ reference matcher */

/* The reference compiles the pattern into tokens - a star, or the set of
 * the 256 bytes a one-byte token accepts - and matches by plain recursion
 * over (token, offset), memoised so the fuzz stays fast.  It shares no code
 * with glob.c; the class grammar is restated from the verified table. */
#define REF_MAX 32

struct ref_tok {
    int star;
    unsigned char accept[256];
};

struct ref {
    struct ref_tok tok[REF_MAX];
    size_t ntok;
    const unsigned char *s;
    size_t slen;
    signed char memo[REF_MAX + 1][REF_MAX + 1]; /* -1 unknown, else 0/1 */
};

static int ref_fold(int c, int nocase)
{
    return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Redis's range order: plain char, signed on x86-64. */
static int ref_signed(int c)
{
    return c >= 128 ? c - 256 : c;
}

static void ref_add_byte(struct ref_tok *t, int b, int nocase)
{
    for (int x = 0; x < 256; x++)
        if (ref_fold(x, nocase) == ref_fold(b, nocase))
            t->accept[x] = 1;
}

static void ref_add_range(struct ref_tok *t, int lo, int hi, int nocase)
{
    lo = ref_signed(lo);
    hi = ref_signed(hi);
    int a = ref_fold(lo < hi ? lo : hi, nocase);
    int b = ref_fold(lo < hi ? hi : lo, nocase);
    for (int x = 0; x < 256; x++) {
        int v = ref_fold(ref_signed(x), nocase);
        if (v >= a && v <= b)
            t->accept[x] = 1;
    }
}

/* Fill t from the class body starting at p[i] (just past '['); return the
 * index past the class.  A class left open runs to the pattern's end. */
static size_t ref_class(const unsigned char *p, size_t plen, size_t i,
                        struct ref_tok *t, int nocase)
{
    int neg = i < plen && p[i] == '^';
    i += (size_t)neg;
    for (;;) {
        size_t left = plen - i;
        if (left == 0)
            break;
        if (p[i] == '\\' && left >= 2) {
            t->accept[p[i + 1]] = 1; /* escaped: exact, even with nocase */
            i += 2;
        } else if (p[i] == ']') {
            i++;
            break;
        } else if (left >= 3 && p[i + 1] == '-') {
            ref_add_range(t, p[i], p[i + 2], nocase);
            i += 3;
        } else {
            ref_add_byte(t, p[i++], nocase);
        }
    }
    if (neg)
        for (int x = 0; x < 256; x++)
            t->accept[x] = !t->accept[x];
    return i;
}

static void ref_compile(struct ref *r, const unsigned char *p, size_t plen,
                        int nocase)
{
    size_t i = 0;
    r->ntok = 0;
    while (i < plen) {
        struct ref_tok *t = &r->tok[r->ntok++];
        memset(t, 0, sizeof *t);
        if (p[i] == '*') {
            t->star = 1;
            i++;
        } else if (p[i] == '?') {
            memset(t->accept, 1, sizeof t->accept);
            i++;
        } else if (p[i] == '[') {
            i = ref_class(p, plen, i + 1, t, nocase);
        } else {
            if (p[i] == '\\' && i + 1 < plen)
                i++;
            ref_add_byte(t, p[i++], nocase);
        }
    }
}

static int ref_at(struct ref *r, size_t t, size_t s)
{
    if (r->memo[t][s] >= 0)
        return r->memo[t][s];
    int m;
    if (t == r->ntok)
        m = s == r->slen;
    else if (r->tok[t].star)
        m = ref_at(r, t + 1, s) || (s < r->slen && ref_at(r, t, s + 1));
    else
        m = s < r->slen && r->tok[t].accept[r->s[s]] && ref_at(r, t + 1, s + 1);
    r->memo[t][s] = (signed char)m;
    return m;
}

static int ref_match(const char *pat, size_t plen, const char *str,
                     size_t slen, int nocase)
{
    static struct ref r;
    if (plen > REF_MAX || slen > REF_MAX)
        abort();
    if (slen == 0) /* Redis: "" matches only "" and (via KEYS) a lone "*" */
        return plen == 0 || (plen == 1 && pat[0] == '*');
    ref_compile(&r, (const unsigned char *)pat, plen, nocase);
    r.s = (const unsigned char *)str;
    r.slen = slen;
    memset(r.memo, -1, sizeof r.memo);
    return ref_at(&r, 0, 0);
}

/* ------------------------------------------------------------------- fuzz */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void) /* xorshift64: reproducible without libc rand */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t fill(char *b, size_t max, const char *alpha, int upper)
{
    size_t n = rng() % (max + 1), k = strlen(alpha);
    for (size_t i = 0; i < n; i++) {
        b[i] = alpha[rng() % k];
        if (upper && (b[i] == 'a' || b[i] == 'b') && rng() % 2)
            b[i] = (char)(b[i] - 'a' + 'A');
    }
    return n;
}

/* Short random patterns over the characters that carry syntax, strings
 * mostly of a and b (so matches are common) plus the same specials; in the
 * nocase half, letters in both are randomly upper-cased. */
static void test_fuzz(void)
{
    char pat[REF_MAX], str[REF_MAX];
    long bad = 0, matches = 0, total = 200000;
    for (long i = 0; i < total; i++) {
        int nocase = (int)(i & 1);
        size_t plen = fill(pat, 8, "aabb***??[]^-\\", nocase);
        size_t slen = fill(str, 6, "aaabbb]-\\^*?[", nocase);
        int want = ref_match(pat, plen, str, slen, nocase);
        int got = run(pat, plen, str, slen, nocase);
        matches += want;
        if (got != want && bad++ < 10)
            fprintf(stderr, "fuzz \"%s\" vs \"%s\" nocase=%d: glob %d ref %d\n",
                    show(pat, plen, 0), show(str, slen, 1), nocase, got,
                    want);
    }
    printf("glob: fuzz %ld cases, %ld matches, %ld disagreements\n", total,
           matches, bad);
    CHECKF(bad == 0, "%ld of %ld fuzz cases disagree", bad, total);
    /* Both answers must be common, or the fuzz proves little. */
    CHECK(matches > total / 20 && matches < total - total / 20);
}

/* The reference must itself agree with redis-server before it may judge. */
static void test_ref_on_tables(void)
{
    for (size_t i = 0; i < N_OF(keys_cases); i++) {
        const struct glob_case *c = &keys_cases[i];
        CHECKF(ref_match(c->pat, c->plen, c->str, c->slen, 0) == c->match,
               "ref disagrees with redis on \"%s\" vs \"%s\"",
               show(c->pat, c->plen, 0), show(c->str, c->slen, 1));
    }
    for (size_t i = 0; i < N_OF(nocase_cases); i++) {
        const struct glob_case *c = &nocase_cases[i];
        CHECK(ref_match(c->pat, c->plen, c->str, c->slen, 1) == c->match);
    }
}

int main(void)
{
    check_table(keys_cases, N_OF(keys_cases), 0);
    check_table(nocase_cases, N_OF(nocase_cases), 1);
    test_prefixes();
    test_depth_cap();
    test_pathological();
    test_ref_on_tables();
    test_fuzz();
    return test_report();
}
