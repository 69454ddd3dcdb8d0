/* glob.h - Redis glob patterns, as KEYS and SCAN MATCH understand them. */
#ifndef GLOB_H
#define GLOB_H

#include <stddef.h>

/* 1 if the slen bytes of string match the plen-byte pattern, else 0.
 * Both are binary (NUL is an ordinary byte, no terminator is read) and are
 * only read, never kept.  nocase folds ASCII A-Z to a-z, as Redis's nocase
 * matching does (CONFIG GET); KEYS and SCAN pass 0.
 *
 * Syntax: `*` any run of bytes, `?` one byte, `[abc]` `[^abc]` `[a-z]` one
 * byte from (or not from) a class, `\x` the byte x itself (in a class too).
 * Redis's answers on malformed patterns are kept: an unclosed class runs to
 * the end of the pattern, `[]` matches nothing, `[^]` any byte, a reversed
 * range [z-a] is [a-z], a trailing `\` is a literal backslash, the empty
 * string matches only "" and "*", and a pattern needing more than 1000
 * nested stars never matches; see glob.c.
 * Cost: O(plen * slen) at worst, whatever the pattern. */
int glob_match(const char *pattern, size_t plen, const char *string,
               size_t slen, int nocase);

#endif
