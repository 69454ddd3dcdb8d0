/* siphash.c - SipHash (Aumasson and Bernstein, 2012), written from the paper.
 *
 * Why a keyed hash: a table hashed with a fixed public function lets a client
 * send thousands of keys that all land in one bucket, turning O(1) lookups
 * into O(n) and the server into a space heater.  With a secret 128-bit seed
 * the attacker cannot tell which keys collide.
 *
 * The idea: four 64-bit state words are initialised from the key; each
 * 8-byte little-endian message word is xored in, stirred by c "SipRounds"
 * (add, rotate, xor), and xored in again; the last word carries the length.
 * After d more rounds the four words are folded into the result.  SipHash-c-d
 * names the round counts: 2-4 is the paper's, 1-3 is the faster choice hash
 * tables use.  One core takes c, d and a case-folding flag; the public
 * functions are thin wrappers the compiler specialises by inlining.
 *
 * Bytes are read one at a time and shifted into place, never through a cast
 * to uint64_t *: that would be an unaligned, endian-dependent read (undefined
 * behaviour that UBSan reports).  Compilers turn the byte loop into one load.
 * Nothing is allocated; the caller owns data and key. */
#include "siphash.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

/* The state the rounds stir. */
struct sip_state {
    uint64_t v0, v1, v2, v3;
};

static void sip_round(struct sip_state *s)
{
    s->v0 += s->v1;
    s->v1 = ROTL(s->v1, 13);
    s->v1 ^= s->v0;
    s->v0 = ROTL(s->v0, 32);
    s->v2 += s->v3;
    s->v3 = ROTL(s->v3, 16);
    s->v3 ^= s->v2;
    s->v0 += s->v3;
    s->v3 = ROTL(s->v3, 21);
    s->v3 ^= s->v0;
    s->v2 += s->v1;
    s->v1 = ROTL(s->v1, 17);
    s->v1 ^= s->v2;
    s->v2 = ROTL(s->v2, 32);
}

static inline unsigned char fold_byte(unsigned char c, int nocase)
{
    return nocase && c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A'))
                                          : c;
}

/* Read n <= 8 bytes as a little-endian integer, whatever the host order. */
static inline uint64_t load_le(const unsigned char *p, size_t n, int nocase)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)fold_byte(p[i], nocase) << (8 * i);
    return v;
}

/* Mix one message word into the state with c rounds. */
static inline void sip_compress(struct sip_state *s, uint64_t m, int c)
{
    s->v3 ^= m;
    for (int i = 0; i < c; i++)
        sip_round(s);
    s->v0 ^= m;
}

static inline uint64_t sip_core(const void *data, size_t len,
                                const unsigned char key[SIPHASH_KEY_LEN],
                                int c, int d, int nocase)
{
    const unsigned char *p = data;
    uint64_t k0 = load_le(key, 8, 0), k1 = load_le(key + 8, 8, 0);
    /* The constants spell "somepseudorandomlygeneratedbytes" in ASCII. */
    struct sip_state s = {
        k0 ^ UINT64_C(0x736f6d6570736575), k1 ^ UINT64_C(0x646f72616e646f6d),
        k0 ^ UINT64_C(0x6c7967656e657261), k1 ^ UINT64_C(0x7465646279746573),
    };
    size_t tail = len % 8;
    for (const unsigned char *end = p + (len - tail); p != end; p += 8)
        sip_compress(&s, load_le(p, 8, nocase), c);
    /* Last word: leftover bytes, and the length mod 256 in the top byte, so
     * messages that differ only by trailing zero bytes hash differently. */
    sip_compress(&s, load_le(p, tail, nocase) | (uint64_t)len << 56, c);
    s.v2 ^= 0xff;
    for (int i = 0; i < d; i++)
        sip_round(&s);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint64_t siphash(const void *data, size_t len,
                 const unsigned char key[SIPHASH_KEY_LEN])
{
    return sip_core(data, len, key, 1, 3, 0);
}

uint64_t siphash_nocase(const void *data, size_t len,
                        const unsigned char key[SIPHASH_KEY_LEN])
{
    return sip_core(data, len, key, 1, 3, 1);
}

uint64_t siphash24(const void *data, size_t len,
                   const unsigned char key[SIPHASH_KEY_LEN])
{
    return sip_core(data, len, key, 2, 4, 0);
}
