/* test_dict.c - the dict against a reference model, with invariant checks.
 *
 * Entries are built the way rung will build them: one malloc holding the
 * dict_node, the lengths and the key and value bytes.  The value is the
 * key's id in a test's key pool, so visitors can mark what they saw.
 * dict_check() runs after every operation of the randomised workload, as
 * uthash's HASH_FSCK does, so a broken invariant is caught at the operation
 * that broke it rather than thousands of operations later. */
#include "dict.h"
#include "test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const unsigned char seed[16] = "rung-test-seed!";

struct entry {
    struct dict_node node; /* first, so a node pointer is an entry pointer */
    size_t klen;
    size_t id; /* the value: index in the test's key pool */
    unsigned char key[];
};

static const void *entry_key(const struct dict_node *n, size_t *len)
{
    const struct entry *e = (const struct entry *)n;
    *len = e->klen;
    return e->key;
}

static size_t entry_id(const struct dict_node *n)
{
    return ((const struct entry *)n)->id;
}

static struct entry *entry_new(const void *key, size_t klen, size_t id)
{
    struct entry *e = malloc(sizeof *e + klen);
    if (!e)
        abort();
    e->klen = klen;
    e->id = id;
    memcpy(e->key, key, klen);
    return e;
}

static void free_entry(struct dict_node *n, void *arg)
{
    if (arg)
        ++*(size_t *)arg;
    free(n);
}

/* xorshift64: deterministic test randomness, independent of libc rand(). */
static uint64_t rng = 88172645463325252u;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Key number i: binary bytes (NUL, CR, LF) mixed into ordinary text, and
 * lengths that vary, so keys are not all one 8-byte word. */
static size_t make_key(unsigned char *buf, size_t i)
{
    static const unsigned char odd[] = {0, '\r', '\n', 'x', 0xff};
    size_t n = (size_t)snprintf((char *)buf, 32, "k%zu", i);
    for (size_t j = 0; j < i % 4; j++)
        buf[n++] = odd[(i + j) % sizeof odd];
    return n;
}

static struct entry *pool_entry(size_t i)
{
    unsigned char buf[40];
    return entry_new(buf, make_key(buf, i), i);
}

static struct dict *new_dict(void)
{
    struct dict *d = dict_new(entry_key, seed);
    if (!d)
        abort();
    return d;
}

/* Add pool keys [from, to). */
static void add_range(struct dict *d, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (dict_add(d, &pool_entry(i)->node) != 0)
            abort();
}

static int rehashing(struct dict *d)
{
    return dict_rehash_step(d, 0); /* n = 0: no work, just the state */
}

/* ------------------------------------------------------------------ basic */

static void count_node(struct dict_node *n, void *arg)
{
    (void)n;
    ++*(size_t *)arg;
}

static void test_empty(void)
{
    struct dict *d = new_dict();
    CHECK(dict_size(d) == 0);
    CHECK(dict_find(d, "a", 1) == NULL);
    CHECK(dict_remove(d, "a", 1) == NULL);
    CHECK(dict_random(d, 42) == NULL);
    size_t visited = 0;
    CHECK(dict_scan(d, 0, count_node, &visited) == 0 && visited == 0);
    CHECK(dict_rehash_step(d, 100) == 0);
    CHECK(dict_overhead(d) > 0);
    CHECK(dict_check(d));
    dict_free(d, free_entry, NULL);
    dict_free(NULL, NULL, NULL);
}

/* Keys that differ only by NUL, CR or LF, or by a trailing NUL, or that are
 * empty, must all be distinct. */
static void test_binary_keys(void)
{
    static const struct {
        const char *k;
        size_t len;
    } keys[] = {
        {"", 0},         {"a", 1},       {"a\0", 2},      {"a\0b", 3},
        {"a\0c", 3},     {"\r\n", 2},    {"\n", 1},       {"\r", 1},
        {"\0", 1},       {"\0\0", 2},    {"a\r\nb", 4},   {"a\n\rb", 4},
        {"key\0with\0nuls\0longer-than-8", 28},
    };
    size_t n = sizeof keys / sizeof keys[0];
    struct dict *d = new_dict();
    for (size_t i = 0; i < n; i++) {
        CHECK(dict_find(d, keys[i].k, keys[i].len) == NULL);
        CHECK(dict_add(d, &entry_new(keys[i].k, keys[i].len, i)->node) == 0);
        CHECK(dict_check(d));
    }
    CHECK(dict_size(d) == n);
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        struct dict_node *f = dict_find(d, keys[i].k, keys[i].len);
        ok &= f && entry_id(f) == i;
    }
    CHECK(ok);
    struct dict_node *r = dict_remove(d, "a\0", 2);
    CHECK(r && entry_id(r) == 2);
    free(r);
    CHECK(dict_find(d, "a\0", 2) == NULL && dict_find(d, "a", 1) != NULL);
    CHECK(dict_size(d) == n - 1 && dict_check(d));
    dict_free(d, free_entry, NULL);
}

/* dict_replace swaps the block holding a key for a new block (as when a
 * value stored inline grows), also while the dict is mid-rehash. */
static void test_replace(void)
{
    struct dict *d = new_dict();
    add_range(d, 0, 1000);
    int mid_rehash = 0, ok = 1;
    for (size_t i = 0; i < 1000; i += 3) {
        unsigned char buf[40];
        size_t len = make_key(buf, i);
        struct dict_node *old = dict_find(d, buf, len);
        struct entry *e = entry_new(buf, len, i + 1000000);
        mid_rehash += rehashing(d);
        dict_replace(d, old, &e->node);
        free(old);
        struct dict_node *f = dict_find(d, buf, len);
        ok &= f == &e->node && dict_check(d);
        if (i % 100 == 0)
            add_range(d, 1000 + i, 1000 + i + 300); /* keep it growing */
    }
    CHECK(ok);
    CHECK(mid_rehash > 0);
    CHECK(dict_size(d) == 1000 + 4 * 300); /* i = 0, 300, 600, 900 */
    dict_free(d, free_entry, NULL);
}

/* --------------------------------------------------------- model workload */

#define POOL 600

struct model {
    struct dict *d;
    struct entry *in[POOL]; /* the entry the dict should hold, or NULL */
    size_t size;
};

static int model_add(struct model *m, size_t i)
{
    struct entry *e = pool_entry(i);
    struct dict_node *f = dict_find(m->d, e->key, e->klen);
    if (f) {
        free(e);
        return f == &m->in[i]->node;
    }
    if (m->in[i] || dict_add(m->d, &e->node) != 0)
        return 0;
    m->in[i] = e;
    m->size++;
    return 1;
}

static int model_remove(struct model *m, size_t i)
{
    unsigned char buf[40];
    struct dict_node *r = dict_remove(m->d, buf, make_key(buf, i));
    if (r != (m->in[i] ? &m->in[i]->node : NULL))
        return 0;
    if (r) {
        free(r);
        m->in[i] = NULL;
        m->size--;
    }
    return 1;
}

static int model_replace(struct model *m, size_t i)
{
    if (!m->in[i])
        return 1;
    struct entry *e = entry_new(m->in[i]->key, m->in[i]->klen, i);
    dict_replace(m->d, &m->in[i]->node, &e->node);
    free(m->in[i]);
    m->in[i] = e;
    unsigned char buf[40];
    return dict_find(m->d, buf, make_key(buf, i)) == &e->node;
}

static int model_random(struct model *m)
{
    struct dict_node *r = dict_random(m->d, rnd());
    return m->size ? r && m->in[entry_id(r)] && &m->in[entry_id(r)]->node == r
                   : r == NULL;
}

/* One operation; the add/remove mix drifts with `phase` (0..99) so the dict
 * repeatedly grows and shrinks through several table sizes. */
static int model_step(struct model *m, unsigned phase)
{
    size_t i = (size_t)(rnd() % POOL);
    unsigned op = (unsigned)(rnd() % 100);
    unsigned adds = phase < 50 ? 60 : 2; /* percent of ops that add */
    if (op < adds)
        return model_add(m, i);
    if (op < adds + 30)
        return model_remove(m, i);
    if (op < adds + 33)
        return model_replace(m, i);
    if (op < adds + 36)
        return model_random(m);
    if (op < adds + 38)
        return dict_rehash_step(m->d, (int)(rnd() % 4)) >= 0;
    unsigned char buf[40];
    struct dict_node *f = dict_find(m->d, buf, make_key(buf, i));
    return f == (m->in[i] ? &m->in[i]->node : NULL);
}

static void test_model(void)
{
    static struct model m;
    m.d = new_dict();
    int ok = 1;
    size_t max = 0, shrinks = 0, steps = 6000;
    for (size_t s = 0; s < steps && ok; s++) {
        size_t before = dict_overhead(m.d);
        ok = model_step(&m, (unsigned)(s / 20 % 100));
        ok = ok && dict_check(m.d) && dict_size(m.d) == m.size;
        max = m.size > max ? m.size : max;
        shrinks += dict_overhead(m.d) < before;
        if (!ok)
            fprintf(stderr, "model diverged at step %zu\n", s);
    }
    CHECK(ok);
    CHECKF(max > POOL / 2 && shrinks > 3, "peak %zu keys, %zu shrinks", max,
           shrinks);
    size_t seen = 0;
    dict_foreach(m.d, count_node, &seen);
    CHECK(seen == m.size);
    size_t freed = 0;
    dict_free(m.d, free_entry, &freed);
    CHECK(freed == m.size);
}

/* ---------------------------------------------------------------- million */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define MILLION 1000000

static void test_million(void)
{
    struct dict *d = new_dict();
    char buf[32];
    int ok = 1;
    double t0 = now();
    for (size_t i = 0; i < MILLION; i++) {
        int len = snprintf(buf, sizeof buf, "key:%zu", i);
        ok &= dict_add(d, &entry_new(buf, (size_t)len, i)->node) == 0;
        if ((i + 1) % 200000 == 0)
            ok &= dict_size(d) == i + 1 && dict_check(d);
    }
    double t1 = now();
    CHECK(ok);
    printf("dict: 1M adds %.3fs, overhead %.1f bytes/key\n", t1 - t0,
           (double)dict_overhead(d) / MILLION);
    for (size_t i = 0; i < MILLION; i++) {
        int len = snprintf(buf, sizeof buf, "key:%zu", i);
        struct dict_node *n = dict_remove(d, buf, (size_t)len);
        ok &= n && entry_id(n) == i;
        free(n);
        if ((i + 1) % 200000 == 0)
            ok &= dict_size(d) == MILLION - i - 1 && dict_check(d);
    }
    printf("dict: 1M removes %.3fs\n", now() - t1);
    CHECK(ok);
    CHECK(dict_size(d) == 0);
    CHECKF(dict_overhead(d) < 1024, "overhead %zu after emptying",
           dict_overhead(d));
    dict_free(d, NULL, NULL);
}

/* ------------------------------------------------------------------- scan */

struct scan_log {
    unsigned char seen[20000]; /* by pool id */
};

static void mark_seen(struct dict_node *n, void *arg)
{
    struct scan_log *log = arg;
    log->seen[entry_id(n)] = 1;
}

/* Scan from 0 to 0, calling between(d, call number) after each call.
 * Returns how many calls found the dict mid-rehash. */
static size_t scan_all(struct dict *d, struct scan_log *log,
                       void (*between)(struct dict *, size_t))
{
    unsigned long cursor = 0;
    size_t calls = 0, mid = 0;
    memset(log->seen, 0, sizeof log->seen);
    do {
        mid += rehashing(d);
        cursor = dict_scan(d, cursor, mark_seen, log);
        if (between)
            between(d, calls);
        calls++;
    } while (cursor != 0 && calls < 1000000);
    return mid;
}

static int all_seen(const struct scan_log *log, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!log->seen[i]) {
            fprintf(stderr, "scan missed key %zu\n", i);
            return 0;
        }
    return 1;
}

static size_t grow_next; /* next pool id to add while scanning */

static void grow_between(struct dict *d, size_t call)
{
    (void)call;
    if (grow_next + 25 <= 20000) {
        add_range(d, grow_next, grow_next + 25);
        grow_next += 25;
    }
}

static size_t shrink_next; /* next pool id to delete while scanning */

static void shrink_between(struct dict *d, size_t call)
{
    (void)call;
    for (int k = 0; k < 40 && shrink_next < 8000; k++, shrink_next++) {
        unsigned char buf[40];
        free(dict_remove(d, buf, make_key(buf, shrink_next)));
    }
}

static void test_scan(void)
{
    static struct scan_log log;
    struct dict *d = new_dict();
    add_range(d, 0, 1000);
    scan_all(d, &log, NULL);
    CHECK(all_seen(&log, 0, 1000));

    /* (b) grows: 1000 stable keys, 25 more after every call. */
    grow_next = 1000;
    size_t mid = scan_all(d, &log, grow_between);
    CHECK(all_seen(&log, 0, 1000));
    CHECKF(grow_next > 8000 && mid > 0, "grew to %zu, %zu calls mid-rehash",
           grow_next, mid);
    CHECK(dict_check(d));
    dict_free(d, free_entry, NULL);

    /* (c) shrinks: keys 8000..8200 stay, 0..7999 go 40 per call. */
    d = new_dict();
    add_range(d, 0, 8200);
    size_t before = dict_overhead(d);
    shrink_next = 0;
    mid = scan_all(d, &log, shrink_between);
    CHECK(all_seen(&log, 8000, 8200));
    while (dict_rehash_step(d, 100)) /* let the pending shrinks finish */
        ;
    CHECKF(dict_overhead(d) < before / 4 && mid > 0,
           "overhead %zu -> %zu, %zu calls mid-rehash", before,
           dict_overhead(d), mid);
    CHECK(dict_check(d));
    dict_free(d, free_entry, NULL);
}

/* Random growth and shrinkage between scan calls; keys 0..99 never leave. */
static void churn_between(struct dict *d, size_t call)
{
    (void)call;
    size_t n = (size_t)(rnd() % 60);
    int grow = rnd() % 3 != 0 || dict_size(d) < 200;
    for (size_t k = 0; k < n; k++) {
        size_t i = 100 + (size_t)(rnd() % 19900);
        unsigned char buf[40];
        size_t len = make_key(buf, i);
        if (grow && !dict_find(d, buf, len))
            dict_add(d, &entry_new(buf, len, i)->node);
        else if (!grow)
            free(dict_remove(d, buf, len));
    }
}

static void test_scan_churn(void)
{
    static struct scan_log log;
    int ok = 1;
    for (int round = 0; round < 12; round++) {
        struct dict *d = new_dict();
        add_range(d, 0, 100 + (size_t)(rnd() % 3000));
        for (int r = 0; r < round % 7; r++)
            churn_between(d, 0);
        scan_all(d, &log, churn_between);
        ok &= all_seen(&log, 0, 100) && dict_check(d);
        dict_free(d, free_entry, NULL);
    }
    CHECK(ok);
}

/* ----------------------------------------------------------------- random */

static void test_random(void)
{
    static unsigned char hit[1000];
    struct dict *d = new_dict();
    add_range(d, 0, 1000);
    int ok = 1;
    for (int k = 0; k < 20000; k++) {
        struct dict_node *r = dict_random(d, rnd());
        struct entry *e = (struct entry *)r;
        ok &= r && dict_find(d, e->key, e->klen) == r;
        if (r)
            hit[entry_id(r)] = 1;
    }
    CHECK(ok);
    size_t hits = 0;
    for (size_t i = 0; i < 1000; i++)
        hits += hit[i];
    CHECKF(hits >= 990, "only %zu of 1000 keys ever chosen", hits);
    /* One key left in a big sparse table mid-shrink: still found. */
    for (size_t i = 1; i < 1000; i++) {
        unsigned char buf[40];
        free(dict_remove(d, buf, make_key(buf, i)));
    }
    struct dict_node *r = dict_random(d, rnd());
    CHECK(r && entry_id(r) == 0);
    dict_free(d, free_entry, NULL);
}

/* ------------------------------------------------------- clear and shrink */

static void test_clear_and_free(void)
{
    struct dict *d = new_dict();
    add_range(d, 0, 5000);
    size_t freed = 0;
    dict_clear(d, free_entry, &freed);
    CHECK(freed == 5000 && dict_size(d) == 0 && dict_check(d));
    unsigned char buf[40];
    size_t len = make_key(buf, 7);
    CHECK(dict_find(d, buf, len) == NULL);
    add_range(d, 0, 3000); /* usable again */
    CHECK(dict_size(d) == 3000 && dict_check(d));
    CHECK(dict_find(d, buf, len) != NULL);
    freed = 0;
    dict_free(d, free_entry, &freed);
    CHECK(freed == 3000);
}

static void test_shrink(void)
{
    struct dict *d = new_dict();
    add_range(d, 0, 10000);
    size_t big = dict_overhead(d);
    for (size_t i = 10; i < 10000; i++) {
        unsigned char buf[40];
        free(dict_remove(d, buf, make_key(buf, i)));
    }
    while (dict_rehash_step(d, 100))
        ;
    CHECK(dict_size(d) == 10 && dict_check(d));
    struct dict *empty = new_dict();
    size_t base = dict_overhead(empty);
    dict_free(empty, NULL, NULL);
    /* Once rehashing is done the table is at least 1/8 full: 10 keys sit
     * in at most 64 buckets. */
    CHECKF(dict_overhead(d) <= base + 64 * sizeof(void *),
           "overhead %zu (was %zu)", dict_overhead(d), big);
    dict_free(d, free_entry, NULL);
}

int main(void)
{
    test_empty();
    test_binary_keys();
    test_replace();
    test_model();
    test_scan();
    test_scan_churn();
    test_random();
    test_clear_and_free();
    test_shrink();
    test_million();
    return test_report();
}
