/* fuzz_glob.c - libFuzzer target: glob_match() against a dynamic-programming
 * reference built from its own one-byte tokens.
 *
 * Input: byte 0 sets the split (pattern length = byte0 * rest / 255); the
 * rest is pattern, then string.  Both go to glob_match() as exactly-sized
 * heap copies, so ASan reports a read past plen or slen.
 *
 * The reference: cut the pattern into tokens (`*`, or a token matching one
 * byte: `?`, `\x`, a [class], a byte), ask glob_match itself which bytes
 * each one-byte token accepts (a one-token pattern against a one-byte
 * string), then match with the textbook O(tokens * slen) table.  This checks
 * the part glob.c proves on paper - that retrying only the last star is
 * enough - plus the empty-string rule and the 1000-star depth cap, for both
 * case modes.  Cheaper invariants: a pattern without * ? [ \ matches exactly
 * the equal string (ASCII-folded under nocase); "*" matches anything; the
 * string with every byte escaped matches the string.  Termination is
 * libFuzzer's -timeout; glob.c promises O(plen * slen).
 *
 * Build: tests/fuzz/run.sh (with shared/glob.c). */
#include "fuzz.h"

#include "glob.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 1000 /* glob.h: "more than 1000 nested stars" */


static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    FUZZ_CHECK(p != NULL);
    return p;
}

static void *dup_exact(const void *src, size_t n)
{
    void *p = xmalloc(n);
    memcpy(p, src, n);
    return p;
}

/* glob_match on exactly-sized copies of both sides. */
static int match(const void *pat, size_t plen, const void *str, size_t slen,
                 int nocase)
{
    char *p = dup_exact(pat, plen), *s = dup_exact(str, slen);
    int m = glob_match(p, plen, s, slen, nocase);
    free(p);
    free(s);
    FUZZ_CHECK(m == 0 || m == 1);
    return m;
}

/* ------------------------------------------------------------- reference */

/* Index just past the class whose '[' is p[i], walked as glob.h describes:
 * `\x`, then `]` closes, then `a-b` if 3 bytes remain, then one byte. */
static size_t class_end(const uint8_t *p, size_t plen, size_t i)
{
    size_t j = i + 1;

    if (j < plen && p[j] == '^')
        j++;
    while (j < plen) {
        if (p[j] == '\\' && j + 1 < plen)
            j += 2;
        else if (p[j] == ']')
            return j + 1;
        else if (j + 2 < plen && p[j + 1] == '-')
            j += 3;
        else
            j++;
    }
    return j;
}

static size_t token_end(const uint8_t *p, size_t plen, size_t i)
{
    if (p[i] == '[')
        return class_end(p, plen, i);
    if (p[i] == '\\' && i + 1 < plen)
        return i + 2;
    return i + 1;
}

/* One pattern token.  For a one-byte token, accepts[c] is filled for the
 * bytes c that occur in the string. */
struct tok {
    int star;
    uint8_t accepts[256];
};

/* Tokenize; returns the count and sets *depth to the star runs that come
 * before the last one-byte token (the depth glob.c caps). */
static size_t tokenize(const uint8_t *p, size_t plen, const uint8_t *s,
                       size_t slen, int nocase, struct tok *t, size_t *depth)
{
    size_t n = 0, runs = 0;
    int seen[256] = {0};

    for (size_t j = 0; j < slen; j++)
        seen[s[j]] = 1;
    *depth = 0;
    for (size_t i = 0; i < plen; n++) {
        size_t e = p[i] == '*' ? i + 1 : token_end(p, plen, i);
        t[n].star = p[i] == '*';
        if (t[n].star) {
            runs += n == 0 || !t[n - 1].star;
        } else {
            *depth = runs;
            for (int c = 0; c < 256; c++) {
                uint8_t b = (uint8_t)c;
                t[n].accepts[c] = seen[c] && match(p + i, e - i, &b, 1, nocase);
            }
        }
        i = e;
    }
    return n;
}

/* row[j]: tokens from here on match s[j..slen).  Built from the last token
 * back, one row per token: O(tokens * slen). */
static int ref_match(const uint8_t *p, size_t plen, const uint8_t *s,
                     size_t slen, int nocase)
{
    struct tok *t;
    uint8_t *row, *next;
    size_t n, depth;

    if (slen == 0)
        return plen == 0 || (plen == 1 && p[0] == '*');
    t = xmalloc(plen * sizeof *t);
    row = xmalloc(slen + 1);
    next = xmalloc(slen + 1);
    n = tokenize(p, plen, s, slen, nocase, t, &depth);
    memset(row, 0, slen + 1);
    row[slen] = 1;
    for (size_t i = n; i-- > 0;) {
        uint8_t *tmp = next;
        next = row;
        row = tmp;
        row[slen] = t[i].star ? next[slen] : 0;
        for (size_t j = slen; j-- > 0;)
            row[j] = t[i].star ? next[j] || row[j + 1]
                               : t[i].accepts[s[j]] && next[j + 1];
    }
    int m = depth > MAX_DEPTH ? 0 : row[0];
    free(t);
    free(row);
    free(next);
    return m;
}

/* ------------------------------------------------------------ invariants */

static int has_special(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '*' || p[i] == '?' || p[i] == '[' || p[i] == '\\')
            return 1;
    return 0;
}

static int fold(uint8_t c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int equal(const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
                 int nocase)
{
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (nocase ? fold(a[i]) != fold(b[i]) : a[i] != b[i])
            return 0;
    return 1;
}

/* The string with a backslash before every byte matches the string. */
static void check_escaped(const uint8_t *s, size_t slen, int nocase)
{
    uint8_t *e = xmalloc(2 * slen);

    for (size_t i = 0; i < slen; i++) {
        e[2 * i] = '\\';
        e[2 * i + 1] = s[i];
    }
    FUZZ_CHECK(match(e, 2 * slen, s, slen, nocase) == 1);
    free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t rest = size - 1;
    size_t plen = (size_t)data[0] * rest / 255;
    const uint8_t *p = data + 1, *s = data + 1 + plen;
    size_t slen = rest - plen;

    for (int nocase = 0; nocase <= 1; nocase++) {
        int m = match(p, plen, s, slen, nocase);
        FUZZ_CHECK(m == ref_match(p, plen, s, slen, nocase));
        if (!has_special(p, plen))
            FUZZ_CHECK(m == equal(p, plen, s, slen, nocase));
        if (!has_special(s, slen))
            FUZZ_CHECK(match(s, slen, s, slen, nocase) == 1);
        FUZZ_CHECK(match("*", 1, s, slen, nocase) == 1);
        check_escaped(s, slen, nocase);
    }
    return 0;
}
