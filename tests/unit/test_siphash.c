/* test_siphash.c - SipHash against published vectors and its own promises.
 *
 * 2-4 is checked against the two vectors printed in the SipHash paper; 1-3
 * (the variant tables use) against CPython 3.11's built-in siphash13, whose
 * key is all zero bytes when PYTHONHASHSEED=0:
 *   PYTHONHASHSEED=0 python3 -c 'print(hash(b"hello") & (2**64-1))'
 * Both variants share one core, so 2-4 passing plus 1-3 matching an outside
 * implementation covers the round counts, the tail and the length byte. */
#include "siphash.h"
#include "test.h"

#include <string.h>

static const unsigned char paper_key[16] = {0, 1, 2,  3,  4,  5,  6,  7,
                                            8, 9, 10, 11, 12, 13, 14, 15};
static const unsigned char zero_key[16];

static void test_paper_vectors(void)
{
    unsigned char msg[15];
    for (int i = 0; i < 15; i++)
        msg[i] = (unsigned char)i;
    uint64_t h = siphash24(msg, sizeof msg, paper_key);
    CHECKF(h == UINT64_C(0xa129ca6149be45e5), "2-4 15 bytes: %016llx",
           (unsigned long long)h);
    h = siphash24("", 0, paper_key);
    CHECKF(h == UINT64_C(0x726fdb47dd0e0e31), "2-4 empty: %016llx",
           (unsigned long long)h);
}

static void test_siphash13_vectors(void)
{
    static const struct {
        const char *msg;
        uint64_t want;
    } v[] = {
        {"a", UINT64_C(0x407448d2b89b1813)},
        {"hello", UINT64_C(0xe2e77b41cb4e1f9e)},
        {"abcdefgh", UINT64_C(0x3f7b849c0b8e35ea)},
        {"0123456789abcdef0", UINT64_C(0xf738bb4f30801228)},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint64_t h = siphash(v[i].msg, strlen(v[i].msg), zero_key);
        CHECKF(h == v[i].want, "1-3 \"%s\": %016llx", v[i].msg,
               (unsigned long long)h);
    }
}

static void test_variants_differ(void)
{
    unsigned char msg[15];
    for (int i = 0; i < 15; i++)
        msg[i] = (unsigned char)i;
    CHECK(siphash(msg, sizeof msg, paper_key) !=
          siphash24(msg, sizeof msg, paper_key));
    CHECK(siphash("", 0, paper_key) != siphash24("", 0, paper_key));
}

static void test_nocase(void)
{
    uint64_t lower = siphash("hello", 5, paper_key);
    CHECK(siphash_nocase("HeLLo", 5, paper_key) == lower);
    CHECK(siphash_nocase("hello", 5, paper_key) == lower);
    CHECK(siphash("HeLLo", 5, paper_key) != lower);
    /* Only ASCII letters fold: '@' (0x40) and '[' (0x5b) bracket 'A'..'Z',
     * and bytes >= 0x80 are left alone. */
    CHECK(siphash_nocase("@[\xc0", 3, paper_key) ==
          siphash("@[\xc0", 3, paper_key));
    /* Longer than one 8-byte word, so folding applies to full words too. */
    CHECK(siphash_nocase("SET-Command-NAME", 16, paper_key) ==
          siphash("set-command-name", 16, paper_key));
}

static void test_seeds_differ(void)
{
    unsigned char other[16];
    memcpy(other, paper_key, sizeof other);
    other[15] ^= 1;
    CHECK(siphash("hello", 5, paper_key) != siphash("hello", 5, other));
    CHECK(siphash("", 0, paper_key) != siphash("", 0, other));
    CHECK(siphash("hello", 5, zero_key) != siphash("hello", 5, paper_key));
}

/* Every length 0..64 from an odd address: the tail handling and byte-wise
 * loads must not depend on alignment (UBSan/ASan would flag a bad read). */
static void test_lengths_and_alignment(void)
{
    unsigned char buf[80], copy[72];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 7 + 1);
    int ok = 1;
    uint64_t prev = 0;
    for (size_t len = 0; len <= 64; len++) {
        memcpy(copy, buf + 1, len);
        uint64_t h = siphash(buf + 1, len, paper_key);
        ok &= h == siphash(copy, len, paper_key) && (len == 0 || h != prev);
        prev = h;
    }
    CHECK(ok);
}

int main(void)
{
    test_paper_vectors();
    test_siphash13_vectors();
    test_variants_differ();
    test_nocase();
    test_seeds_differ();
    test_lengths_and_alignment();
    return test_report();
}
