/* test_hash.c - the hash value type against a simple model, across both
 * encodings.
 *
 * Field i of a test is "f<i>" (plus a few odd bytes, NUL included, for
 * some i) and its value records i and a version, so any visitor can tell
 * which field it saw and whether the value is the latest.  Every test
 * drives a hash over the packed -> dict threshold (129 fields, or one
 * string longer than 64 bytes) and checks the contents on both sides. */
#include "hash.h"
#include "test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t make_field(char *buf, size_t i)
{
    static const char odd[] = {0, '\r', '\n', 'x', (char)0xff};
    size_t n = (size_t)snprintf(buf, 32, "f%zu", i);
    for (size_t j = 0; j < i % 3; j++)
        buf[n++] = odd[(i + j) % sizeof odd];
    return n;
}

static size_t make_value(char *buf, size_t i, unsigned version)
{
    return (size_t)snprintf(buf, 32, "v%zu.%u", i, version);
}

static int set_field(struct hash *h, size_t i, unsigned version)
{
    char f[40], v[40];
    size_t flen = make_field(f, i);
    return hash_set(h, f, flen, v, make_value(v, i, version));
}

/* 1 if field i is present with this version's value (version 0: absent). */
static int has_field(struct hash *h, size_t i, unsigned version)
{
    char f[40], v[40];
    const char *got;
    size_t glen, flen = make_field(f, i);
    if (!hash_get(h, f, flen, &got, &glen))
        return version == 0;
    size_t vlen = make_value(v, i, version);
    return version && glen == vlen && memcmp(got, v, vlen) == 0;
}

/* The field number a visitor was shown, or (size_t)-1 if not one of ours. */
static size_t field_id(const char *field, size_t flen)
{
    char buf[40];
    size_t i = (size_t)strtoul(field + 1, NULL, 10);
    return flen == make_field(buf, i) && memcmp(buf, field, flen) == 0
               ? i : (size_t)-1;
}

struct marks {
    unsigned char *seen; /* times each field was visited, capped at 255 */
    size_t n, visits, bad;
};

static void mark(const char *field, size_t flen, const char *val, size_t vlen,
                 void *arg)
{
    struct marks *m = arg;
    size_t i = field_id(field, flen);
    (void)val;
    (void)vlen;
    m->visits++;
    if (i >= m->n)
        m->bad++;
    else if (m->seen[i] < 255)
        m->seen[i]++;
}

static struct marks marks_new(size_t n)
{
    struct marks m = {calloc(n ? n : 1, 1), n, 0, 0};
    if (!m.seen)
        abort();
    return m;
}

/* Every field in [0, n) seen at least once (exactly once if `once`). */
static int all_seen(const struct marks *m, int once)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->seen[i] == 0 || (once && m->seen[i] != 1))
            return 0;
    return m->bad == 0;
}

static struct hash *filled(size_t n)
{
    struct hash *h = hash_new();
    if (!h)
        abort();
    for (size_t i = 0; i < n; i++)
        if (set_field(h, i, 1) != 1)
            abort();
    return h;
}

/* ------------------------------------------------------------------ tests */

static void test_empty(void)
{
    struct hash *h = hash_new();
    const char *f, *v;
    size_t fl, vl;
    CHECK(h && hash_len(h) == 0);
    CHECK(strcmp(hash_encoding(h), "listpack") == 0);
    CHECK(!hash_get(h, "a", 1, &v, &vl));
    CHECK(hash_del(h, "a", 1) == 0);
    CHECK(!hash_random(h, &f, &fl, &v, &vl));
    struct marks m = marks_new(1);
    CHECK(hash_scan(h, 0, mark, &m) == 0 && m.visits == 0);
    CHECK(hash_random_fields(h, 5, 0, mark, &m) == 0 && m.visits == 0);
    free(m.seen);
    hash_free(h);
    hash_free(NULL);
}

/* Insert, update, delete while the hash grows through 128 fields. */
static void test_threshold(void)
{
    struct hash *h = hash_new();
    int ok = 1;
    for (size_t i = 0; i < HASH_PACKED_MAX_FIELDS; i++)
        ok &= set_field(h, i, 1) == 1;
    CHECK(ok);
    CHECK(hash_len(h) == HASH_PACKED_MAX_FIELDS);
    CHECK(strcmp(hash_encoding(h), "listpack") == 0);
    CHECK(set_field(h, 5, 2) == 0); /* an update does not convert */
    CHECK(strcmp(hash_encoding(h), "listpack") == 0);
    CHECK(set_field(h, HASH_PACKED_MAX_FIELDS, 1) == 1);
    CHECK(strcmp(hash_encoding(h), "hashtable") == 0);
    CHECK(hash_len(h) == HASH_PACKED_MAX_FIELDS + 1);
    ok = 1;
    for (size_t i = 0; i <= HASH_PACKED_MAX_FIELDS; i++)
        ok &= has_field(h, i, i == 5 ? 2 : 1);
    CHECK(ok);
    CHECK(set_field(h, 7, 3) == 0 && has_field(h, 7, 3));
    ok = hash_del(h, "x", 1) == 0;
    for (size_t i = 0; i < 100; i++) {
        char f[40];
        ok &= hash_del(h, f, make_field(f, i)) == 1;
        ok &= hash_del(h, f, make_field(f, i)) == 0 && has_field(h, i, 0);
    }
    CHECK(ok);
    CHECK(hash_len(h) == HASH_PACKED_MAX_FIELDS + 1 - 100);
    CHECK(strcmp(hash_encoding(h), "hashtable") == 0); /* never converts back */
    hash_free(h);
}

/* Deleting in a packed hash: first, middle, last, and down to empty. */
static void test_packed_delete(void)
{
    struct hash *h = filled(10);
    char f[40];
    CHECK(hash_del(h, f, make_field(f, 0)) == 1);
    CHECK(hash_del(h, f, make_field(f, 5)) == 1);
    CHECK(hash_del(h, f, make_field(f, 9)) == 1);
    CHECK(hash_len(h) == 7);
    int ok = 1;
    for (size_t i = 0; i < 10; i++)
        ok &= has_field(h, i, i == 0 || i == 5 || i == 9 ? 0 : 1);
    CHECK(ok);
    for (size_t i = 0; i < 10; i++)
        hash_del(h, f, make_field(f, i));
    CHECK(hash_len(h) == 0 && !has_field(h, 3, 1) && has_field(h, 3, 0));
    CHECK(set_field(h, 3, 4) == 1 && has_field(h, 3, 4)); /* reusable */
    hash_free(h);
}

/* Values that change length in place, in the middle of a packed block. */
static void test_packed_resize_value(void)
{
    struct hash *h = filled(5);
    const char *v;
    size_t vl;
    char f[40], big[64];
    size_t flen = make_field(f, 2);
    memset(big, 'b', sizeof big);
    CHECK(hash_set(h, f, flen, big, sizeof big) == 0);
    CHECK(hash_get(h, f, flen, &v, &vl) && vl == 64 && memcmp(v, big, 64) == 0);
    CHECK(hash_set(h, f, flen, "", 0) == 0);
    CHECK(hash_get(h, f, flen, &v, &vl) && vl == 0);
    CHECK(has_field(h, 1, 1) && has_field(h, 3, 1) && has_field(h, 4, 1));
    CHECK(strcmp(hash_encoding(h), "listpack") == 0);
    hash_free(h);
}

/* A field or value of 65 bytes converts; 64 does not. */
static void test_long_strings(void)
{
    char s[70000];
    const char *v;
    size_t vl;
    for (size_t i = 0; i < sizeof s; i++)
        s[i] = (char)(i * 7);
    struct hash *h = filled(3);
    CHECK(hash_set(h, s, 64, "x", 1) == 1);
    CHECK(strcmp(hash_encoding(h), "listpack") == 0);
    CHECK(hash_set(h, "long", 4, s, 65) == 1);
    CHECK(strcmp(hash_encoding(h), "hashtable") == 0);
    CHECK(hash_get(h, "long", 4, &v, &vl) && vl == 65 && memcmp(v, s, 65) == 0);
    CHECK(hash_get(h, s, 64, &v, &vl) && vl == 1 && v[0] == 'x');
    CHECK(has_field(h, 0, 1) && has_field(h, 2, 1));

    struct hash *k = filled(3);
    CHECK(hash_set(k, s, 65, "y", 1) == 1);
    CHECK(strcmp(hash_encoding(k), "hashtable") == 0);
    CHECK(hash_set(k, s, sizeof s, s, sizeof s) == 1);
    CHECK(hash_get(k, s, sizeof s, &v, &vl) && vl == sizeof s &&
          memcmp(v, s, sizeof s) == 0);
    CHECK(hash_set(k, s, sizeof s, "z", 1) == 0);
    CHECK(hash_get(k, s, sizeof s, &v, &vl) && vl == 1 && v[0] == 'z');
    CHECK(hash_len(k) == 5);
    hash_free(h);
    hash_free(k);
}

/* Fields that differ only by NUL, CR, LF or a trailing NUL are distinct,
 * in both encodings; the empty field and value are fine. */
static void test_binary(void)
{
    static const struct {
        const char *s;
        size_t len;
    } f[] = {
        {"", 0}, {"a", 1}, {"a\0", 2}, {"a\0b", 3}, {"\0", 1},
        {"\0\0", 2}, {"\r\n", 2}, {"a\r\nb", 4},
    };
    size_t n = sizeof f / sizeof f[0];
    for (int big = 0; big < 2; big++) {
        struct hash *h = big ? filled(200) : hash_new();
        int ok = 1;
        for (size_t i = 0; i < n; i++)
            ok &= hash_set(h, f[i].s, f[i].len, f[(i + 1) % n].s, f[(i + 1) % n].len) == 1;
        for (size_t i = 0; i < n; i++) {
            const char *v;
            size_t vl;
            const size_t j = (i + 1) % n;
            ok &= hash_get(h, f[i].s, f[i].len, &v, &vl) && vl == f[j].len &&
                  (vl == 0 || memcmp(v, f[j].s, vl) == 0);
        }
        CHECK(ok);
        CHECK(hash_del(h, "a\0", 2) == 1);
        const char *v;
        size_t vl;
        CHECK(!hash_get(h, "a\0", 2, &v, &vl) && hash_get(h, "a", 1, &v, &vl));
        CHECK(hash_len(h) == n - 1 + (big ? 200 : 0));
        hash_free(h);
    }
}

/* 100k fields: set, update half, delete a third, check all of them. */
static void test_many(void)
{
    const size_t n = 100000;
    struct hash *h = hash_new();
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= set_field(h, i, 1) == 1;
    for (size_t i = 0; i < n; i += 2)
        ok &= set_field(h, i, 2) == 0;
    for (size_t i = 0; i < n; i += 3) {
        char f[40];
        ok &= hash_del(h, f, make_field(f, i)) == 1;
    }
    CHECK(ok);
    size_t expect = n - (n + 2) / 3;
    CHECK(hash_len(h) == expect);
    ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= has_field(h, i, i % 3 == 0 ? 0 : i % 2 == 0 ? 2 : 1);
    CHECK(ok);
    struct marks m = marks_new(n);
    hash_foreach(h, mark, &m);
    CHECK(m.visits == expect && m.bad == 0);
    free(m.seen);
    hash_free(h);
}

/* A copy is deep: changing one leaves the other alone. */
static void test_dup(void)
{
    for (int size = 0; size < 3; size++) {
        size_t n = size == 0 ? 0 : size == 1 ? 50 : 1000;
        struct hash *h = filled(n);
        struct hash *d = hash_dup(h);
        CHECK(d && hash_len(d) == n);
        CHECK(strcmp(hash_encoding(d), hash_encoding(h)) == 0);
        int ok = 1;
        for (size_t i = 0; i < n; i++)
            ok &= has_field(d, i, 1);
        CHECK(ok);
        if (n) {
            char f[40];
            CHECK(set_field(h, 0, 9) == 0 && has_field(d, 0, 1));
            CHECK(hash_del(d, f, make_field(f, 1)) == 1 && has_field(h, 1, 1));
        }
        /* The same copy through the keyspace's ops. */
        struct db_object *o = h->base.ops->dup(&h->base);
        CHECK(o && hash_len((struct hash *)o) == n);
        o->ops->free(o);
        hash_free(h);
        hash_free(d);
    }
}

/* A scan from 0 to 0 sees every field, also when fields are added and
 * removed between steps (those present throughout must all be seen). */
static void test_scan(void)
{
    for (int size = 0; size < 2; size++) {
        size_t n = size == 0 ? 100 : 5000;
        struct hash *h = filled(n);
        struct marks m = marks_new(n);
        unsigned long cursor = 0;
        size_t steps = 0;
        do {
            cursor = hash_scan(h, cursor, mark, &m);
            steps++;
        } while (cursor != 0);
        CHECK(all_seen(&m, 1));
        CHECK(size == 0 ? steps == 1 : steps > 1);
        free(m.seen);

        /* Churn: fields >= n come and go while the scan runs. */
        m = marks_new(n);
        cursor = 0;
        size_t extra = n;
        do {
            cursor = hash_scan(h, cursor, mark, &m);
            char f[40];
            set_field(h, extra++, 1);
            if (extra - n > 30)
                hash_del(h, f, make_field(f, extra - 30));
        } while (cursor != 0);
        m.bad = 0; /* visits of churned fields are fine */
        CHECK(all_seen(&m, 0));
        free(m.seen);
        hash_free(h);
    }
}

/* hash_random returns fields that are there, and with enough draws all
 * of them (dict_random favours short chains, but never skips a field). */
static void test_random(void)
{
    for (int size = 0; size < 2; size++) {
        size_t n = size == 0 ? 20 : 300;
        struct hash *h = filled(n);
        struct marks m = marks_new(n);
        int ok = 1;
        for (size_t i = 0; i < n * 100; i++) {
            const char *f, *v;
            size_t fl, vl;
            ok &= hash_random(h, &f, &fl, &v, &vl);
            mark(f, fl, v, vl, &m);
        }
        CHECK(ok && all_seen(&m, 0));
        free(m.seen);
        hash_free(h);
    }
}

/* HRANDFIELD's three shapes: unique and sparse, unique and dense, repeats. */
static void test_random_fields(void)
{
    static const size_t sizes[] = {1, 10, 128, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        struct hash *h = filled(n);
        static const size_t counts[] = {1, 2, 5, 100, 333, 334, 999, 1000, 5000};
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            struct marks m = marks_new(n);
            size_t got = hash_random_fields(h, counts[c], 1, mark, &m);
            size_t want = counts[c] < n ? counts[c] : n;
            int distinct = 1;
            for (size_t i = 0; i < n; i++)
                distinct &= m.seen[i] <= 1;
            CHECKF(got == want && m.visits == want && distinct && m.bad == 0,
                   "n %zu count %zu: got %zu visits %zu", n, counts[c], got, m.visits);
            free(m.seen);

            m = marks_new(n);
            got = hash_random_fields(h, counts[c], 0, mark, &m);
            CHECK(got == counts[c] && m.visits == counts[c] && m.bad == 0);
            free(m.seen);
        }
        struct marks m = marks_new(n);
        CHECK(hash_random_fields(h, n, 1, mark, &m) == n && all_seen(&m, 1));
        free(m.seen);
        hash_free(h);
    }
}

/* Randomised mix of set/update/delete against a model: a pool of 100
 * fields stays packed, one of 400 crosses over. */
static void run_model(size_t pool)
{
    unsigned version[400] = {0};
    size_t live = 0;
    struct hash *h = hash_new();
    uint64_t r = 88172645463325252u;
    int ok = 1;
    for (int step = 0; step < 100000 && ok; step++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        size_t i = (size_t)(r % pool);
        if ((r >> 20) % 3 == 0) {
            char f[40];
            int d = hash_del(h, f, make_field(f, i));
            ok &= d == (version[i] != 0);
            live -= version[i] != 0;
            version[i] = 0;
        } else {
            int s = set_field(h, i, version[i] + 1);
            ok &= s == (version[i] == 0);
            live += version[i] == 0;
            version[i]++;
        }
        ok &= hash_len(h) == live && has_field(h, i, version[i]);
    }
    for (size_t i = 0; i < pool; i++)
        ok &= has_field(h, i, version[i]);
    CHECKF(ok, "pool %zu", pool);
    CHECK(strcmp(hash_encoding(h), pool <= 128 ? "listpack" : "hashtable") == 0);
    hash_free(h);
}

static void test_model(void)
{
    run_model(100);
    run_model(400);
}

int main(void)
{
    test_empty();
    test_threshold();
    test_packed_delete();
    test_packed_resize_value();
    test_long_strings();
    test_binary();
    test_many();
    test_dup();
    test_scan();
    test_random();
    test_random_fields();
    test_model();
    return test_report();
}
