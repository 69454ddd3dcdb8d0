/* glob.c - match a key against a Redis glob pattern (KEYS, SCAN MATCH).
 *
 * The idea: every token but `*` (a byte, `?`, `\x`, a [class]) matches
 * exactly one byte, so pattern and string are walked together left to right
 * and, on a mismatch, only the most recent star is asked to swallow one more
 * byte before the walk resumes behind it (glob_match says why that is
 * enough).  Worst case O(plen * slen); Redis's original recursive matcher,
 * which retried every star at every offset, was exponential on a*a*a*...*b
 * against a long run of a's (CVE-2022-36021).
 *
 * Data flow: command argument (pattern) + key bytes -> glob_match -> 0/1.
 * Nothing is allocated or kept; classes are re-scanned on every visit
 * rather than compiled, which keeps the matcher free of state to own.
 *
 * Every answer, including the odd ones on malformed patterns, was checked
 * against redis-server 7.0.15; tests/unit/test_glob.c holds that table.
 * Quirks kept: signed range order (char_order), case-sensitive `\x` inside a
 * class (class_match), the empty key (glob_match) and the depth cap
 * (star_depth).  Omits: anything beyond Redis's syntax ({a,b}, [[:alpha:]],
 * locale-aware case folding). */
#include "glob.h"

#include <stddef.h>

/* Redis's matcher refuses to recurse deeper than this many stars; a pattern
 * that would need more never matches there, so it never matches here. */
#define GLOB_MAX_DEPTH 1000

/* ---------------------------------------------------------------- tokens */

/* ASCII-only folding: Redis runs in the C locale for ctype, so tolower()
 * there never touches bytes >= 0x80; neither does this. */
static int fold(int c, int nocase)
{
    return nocase && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Redis reads range ends through plain `char`, which is signed on x86-64
 * (the redis-server we match): bytes 0x80-0xff sort below 0x00, so [a-\xff]
 * is the range \xff..a and [\x00-\xff] holds only 0x00 and 0xff. */
static int char_order(unsigned char c)
{
    return c < 0x80 ? c : (int)c - 0x100;
}

/* Is c in the range lo-hi?  Reversed ends are swapped, and only then
 * folded: that is Redis's order, so with nocase [Z-a] (z..a) is empty. */
static int in_range(unsigned char lo, unsigned char hi, unsigned char c,
                    int nocase)
{
    int a = char_order(lo), b = char_order(hi);

    if (a > b) {
        int t = a;
        a = b;
        b = t;
    }
    a = fold(a, nocase);
    b = fold(b, nocase);
    int x = fold(char_order(c), nocase);
    return x >= a && x <= b;
}

/* Scan the class whose '[' is p[i]; set *hit to whether byte c matches it
 * and return the index just past it.  The members are tried in Redis's
 * order: `\x` (if a byte follows), `]` (closes), `a-b` (if 3 bytes remain,
 * so the `]` of [a-] is a range end and the class stays open), a byte.
 * Hence [] matches nothing, [^] anything, [\] is an unclosed class holding
 * `]`, and a class still open at the end of the pattern ends there. */
static size_t class_match(const unsigned char *p, size_t plen, size_t i,
                          unsigned char c, int nocase, int *hit)
{
    size_t j = i + 1;
    int negate = j < plen && p[j] == '^';
    int in = 0;

    j += (size_t)negate;
    while (j < plen) {
        if (p[j] == '\\' && j + 1 < plen) {
            in |= p[j + 1] == c; /* exact even under nocase, as in Redis */
            j += 2;
        } else if (p[j] == ']') {
            j++;
            break;
        } else if (j + 2 < plen && p[j + 1] == '-') {
            in |= in_range(p[j], p[j + 2], c, nocase);
            j += 3;
        } else {
            in |= fold(p[j], nocase) == fold(c, nocase);
            j++;
        }
    }
    *hit = in != negate;
    return j;
}

/* Match the one-byte token at p[*i] (anything but `*`) against c and move
 * *i past it.  A trailing backslash has nothing to escape and is itself. */
static int token_match(const unsigned char *p, size_t plen, size_t *i,
                       unsigned char c, int nocase)
{
    size_t j = *i;
    int hit;

    if (p[j] == '?') {
        *i = j + 1;
        return 1;
    }
    if (p[j] == '[') {
        *i = class_match(p, plen, j, c, nocase, &hit);
        return hit;
    }
    if (p[j] == '\\' && j + 1 < plen)
        j++;
    *i = j + 1;
    return fold(p[j], nocase) == fold(c, nocase);
}

/* How deep Redis's matcher recurses on any path that can succeed: one level
 * per run of stars that still has a one-byte token after it (a final run
 * matches the rest without recursing).  This depends on the pattern alone,
 * so Redis's depth cap is a property of the pattern, checked up front. */
static size_t star_depth(const unsigned char *p, size_t plen)
{
    size_t i = 0, runs = 0, depth = 0;

    while (i < plen) {
        if (p[i] == '*') {
            runs++;
            while (i < plen && p[i] == '*')
                i++;
        } else {
            depth = runs;
            token_match(p, plen, &i, 0, 0);
        }
    }
    return depth;
}

/* ------------------------------------------------------------------ match */

/* Why retrying only the last star is enough: split the pattern at its stars
 * into segments of one-byte tokens, S0 *S1 *S2 ... *Sn.  The walk places each
 * segment at the earliest offset where it fits after the previous one.  If
 * "*Sk+1 ... *Sn" matches the string from offset o, it matches from any
 * earlier offset too (its leading star absorbs the extra bytes), so placing
 * Sk later can never help the rest.  Once the segment after the last star
 * fails at every offset, no earlier star can rescue the match.  The restart
 * offset star_si only moves forward, so there are at most slen restarts,
 * each scanning at most plen pattern bytes: O(plen * slen).
 *
 * The empty key is special in Redis: its matcher only consumes patterns
 * while bytes remain, so "" matches only "" - and "*", because KEYS and
 * SCAN skip matching for a lone "*" (KEYS "**" does not list the key ""). */
int glob_match(const char *pattern, size_t plen, const char *string,
               size_t slen, int nocase)
{
    const unsigned char *p = (const unsigned char *)pattern;
    const unsigned char *s = (const unsigned char *)string;
    size_t pi = 0, si = 0, star_pi = 0, star_si = 0;
    int starred = 0; /* star_pi/star_si are set: a star to fall back on */

    if (slen == 0)
        return plen == 0 || (plen == 1 && p[0] == '*');
    if (star_depth(p, plen) > GLOB_MAX_DEPTH)
        return 0;
    while (si < slen) {
        if (pi < plen && p[pi] == '*') {
            while (pi < plen && p[pi] == '*')
                pi++;
            if (pi == plen)
                return 1; /* a final star takes whatever is left */
            starred = 1;
            star_pi = pi; /* resume here, the star having taken s[..si) */
            star_si = si;
            continue;
        }
        if (pi < plen && token_match(p, plen, &pi, s[si], nocase)) {
            si++;
            continue;
        }
        if (!starred)
            return 0;
        pi = star_pi; /* the star swallows one more byte; try again */
        si = ++star_si;
    }
    while (pi < plen && p[pi] == '*')
        pi++;
    return pi == plen;
}
