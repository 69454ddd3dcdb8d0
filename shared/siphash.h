/* siphash.h - SipHash, a keyed 64-bit hash that resists hash flooding. */
#ifndef SIPHASH_H
#define SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* SIPHASH_KEY_LEN bytes of secret seed; pick them at random per process
 * (or per table) so clients cannot predict which keys collide. */
#define SIPHASH_KEY_LEN 16

/* SipHash-1-3: one compression round per word, three at the end.  The
 * variant rung uses for hash tables: faster than 2-4, still keyed. */
uint64_t siphash(const void *data, size_t len,
                 const unsigned char key[SIPHASH_KEY_LEN]);

/* As siphash(), but ASCII 'A'..'Z' hash as 'a'..'z', so "GET" and "get"
 * land in the same bucket: siphash_nocase("HeLLo") == siphash("hello"). */
uint64_t siphash_nocase(const void *data, size_t len,
                        const unsigned char key[SIPHASH_KEY_LEN]);

/* SipHash-2-4, the variant in the SipHash paper; exposed so tests can check
 * the shared core against the paper's published vectors. */
uint64_t siphash24(const void *data, size_t len,
                   const unsigned char key[SIPHASH_KEY_LEN]);

#endif
