/* dict.c - a chained hash table that grows and shrinks a bucket at a time.
 *
 * The idea: a power-of-two array of buckets, each a singly linked chain; a
 * key's bucket is the low bits of its SipHash (per-dict secret seed).  When
 * the count reaches the bucket count the table doubles; when it falls below
 * 1/8 it shrinks.  Resizing all at once would stall the server on a big
 * table, so a second table is allocated and every find/add/remove (and an
 * idle timer, via dict_rehash_step) moves one more bucket across.  Meanwhile
 * new nodes go to the new table and lookups search both.
 *
 * Ownership and memory: nodes are intrusive.  The caller allocates one block
 * per entry that starts with a struct dict_node and carries its own key and
 * value; the dict links those blocks and never allocates, copies or frees
 * them (except through the caller's free_node in dict_clear/dict_free).  A
 * classic table spends a separate entry (key pointer, value pointer, next,
 * often a cached hash: 24-32 bytes plus malloc overhead) per key; here the
 * per-key cost is one pointer plus ~1-2 bucket slots.  The price: no cached
 * hash, so rehashing a node rehashes its key, via the caller's key_of().
 *
 * Omits: iterators that allow modification, and a resize policy for forks. */
#include "dict.h"

#include "siphash.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DICT_MIN_SIZE 4      /* never shrink below this many buckets */
#define DICT_SHRINK_RATIO 8  /* shrink when fewer than size/8 nodes */
#define DICT_EMPTY_VISITS 10 /* empty buckets a rehash step may skip */
#define DICT_RANDOM_TRIES 1000

struct dict_table {
    struct dict_node **bucket; /* size chains; NULL while unallocated */
    size_t size;               /* power of two, or 0 */
    size_t used;               /* nodes in this table */
};

struct dict {
    /* t[0] is the live table; t[1] is allocated only while rehashing from
     * t[0] into it, and becomes t[0] when t[0] has emptied. */
    struct dict_table t[2];
    size_t rehash_idx; /* t[0] buckets below this are already moved */
    dict_key_fn *key_of;
    unsigned char seed[SIPHASH_KEY_LEN];
};

/* ---------------------------------------------------------------- helpers */

static int rehashing(const struct dict *d)
{
    return d->t[1].bucket != NULL;
}

static uint64_t hash_key(const struct dict *d, const void *key, size_t len)
{
    return siphash(key, len, d->seed);
}

static uint64_t hash_node(const struct dict *d, const struct dict_node *n)
{
    size_t len;
    const void *key = d->key_of(n, &len);
    return hash_key(d, key, len);
}

static int key_eq(const struct dict *d, const struct dict_node *n,
                  const void *key, size_t len)
{
    size_t nlen;
    const void *nkey = d->key_of(n, &nlen);
    return nlen == len && (len == 0 || memcmp(nkey, key, len) == 0);
}

static size_t bucket_of(const struct dict_table *t, uint64_t h)
{
    return (size_t)(h & (t->size - 1));
}

/* The link (bucket head or a node's next) that points at the node with this
 * key, or NULL; *table gets the index of the table holding it. */
static struct dict_node **find_link(const struct dict *d, const void *key,
                                    size_t len, int *table)
{
    if (d->t[0].size == 0)
        return NULL;
    uint64_t h = hash_key(d, key, len);
    for (int i = 0; i <= rehashing(d); i++) {
        const struct dict_table *t = &d->t[i];
        struct dict_node **link = &t->bucket[bucket_of(t, h)];
        for (; *link; link = &(*link)->next) {
            if (key_eq(d, *link, key, len)) {
                *table = i;
                return link;
            }
        }
    }
    return NULL;
}

/* --------------------------------------------------------------- resizing */

/* Begin moving into a table of `size` buckets.  Allocation failure is
 * harmless: the old table keeps working with longer or sparser chains. */
static void start_resize(struct dict *d, size_t size)
{
    if (rehashing(d) || size == d->t[0].size)
        return;
    struct dict_node **b = calloc(size, sizeof *b);
    if (!b)
        return;
    d->t[1] = (struct dict_table){b, size, 0};
    d->rehash_idx = 0;
}

/* Grow at load factor 1; shrink below 1/8 to a table about half full, so
 * that a few adds right after a shrink do not trigger a grow again.  An
 * empty dict drops its table: an idle dict then costs only the struct. */
static void maybe_resize(struct dict *d)
{
    struct dict_table *t = &d->t[0];
    if (rehashing(d) || t->size == 0)
        return;
    if (t->used == 0) {
        free(t->bucket);
        *t = (struct dict_table){NULL, 0, 0};
    } else if (t->used >= t->size) {
        if (t->size <= SIZE_MAX / 2 / sizeof(void *)) /* calloc would wrap */
            start_resize(d, t->size * 2);
    } else if (t->size > DICT_MIN_SIZE &&
               t->used < t->size / DICT_SHRINK_RATIO) {
        size_t size = DICT_MIN_SIZE;
        while (size < t->used * 2)
            size *= 2;
        start_resize(d, size);
    }
}

/* Move every node of t[0]'s next bucket into t[1]. */
static void move_bucket(struct dict *d)
{
    struct dict_table *from = &d->t[0], *to = &d->t[1];
    struct dict_node *n = from->bucket[d->rehash_idx];
    while (n) {
        struct dict_node *next = n->next;
        size_t b = bucket_of(to, hash_node(d, n));
        n->next = to->bucket[b];
        to->bucket[b] = n;
        from->used--;
        to->used++;
        n = next;
    }
    from->bucket[d->rehash_idx++] = NULL;
}

static void finish_rehash(struct dict *d)
{
    free(d->t[0].bucket);
    d->t[0] = d->t[1];
    d->t[1] = (struct dict_table){NULL, 0, 0};
    d->rehash_idx = 0;
    maybe_resize(d); /* adds/removes made while rehashing may call for more */
}

int dict_rehash_step(struct dict *d, int n)
{
    if (!rehashing(d))
        return 0;
    /* Bound the work even when t[0] is mostly empty buckets. */
    int empty_visits = n * DICT_EMPTY_VISITS;
    while (n-- > 0 && d->t[0].used > 0) {
        while (d->t[0].bucket[d->rehash_idx] == NULL) {
            d->rehash_idx++;
            if (--empty_visits <= 0)
                return 1;
        }
        move_bucket(d);
    }
    if (d->t[0].used == 0)
        finish_rehash(d);
    return rehashing(d);
}

/* ------------------------------------------------------ create and destroy */

struct dict *dict_new(dict_key_fn *key_of, const unsigned char seed[16])
{
    struct dict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->key_of = key_of;
    memcpy(d->seed, seed, sizeof d->seed);
    return d;
}

/* Read next before calling free_node: it may free the node. */
static void free_table(struct dict_table *t, dict_node_fn *free_node,
                       void *arg)
{
    for (size_t i = 0; free_node && i < t->size; i++) {
        struct dict_node *n = t->bucket[i];
        while (n) {
            struct dict_node *next = n->next;
            free_node(n, arg);
            n = next;
        }
    }
    free(t->bucket);
    *t = (struct dict_table){NULL, 0, 0};
}

void dict_clear(struct dict *d, dict_node_fn *free_node, void *arg)
{
    free_table(&d->t[0], free_node, arg);
    free_table(&d->t[1], free_node, arg);
    d->rehash_idx = 0;
}

void dict_free(struct dict *d, dict_node_fn *free_node, void *arg)
{
    if (!d)
        return;
    dict_clear(d, free_node, arg);
    free(d);
}

size_t dict_size(const struct dict *d)
{
    return d->t[0].used + d->t[1].used;
}

size_t dict_overhead(const struct dict *d)
{
    return sizeof *d + (d->t[0].size + d->t[1].size) * sizeof(void *);
}

/* ----------------------------------------------------- find, add, remove */

struct dict_node *dict_find(struct dict *d, const void *key, size_t len)
{
    int table;
    dict_rehash_step(d, 1);
    struct dict_node **link = find_link(d, key, len, &table);
    return link ? *link : NULL;
}

int dict_add(struct dict *d, struct dict_node *n)
{
    dict_rehash_step(d, 1);
    maybe_resize(d);
    if (d->t[0].size == 0) {
        d->t[0].bucket = calloc(DICT_MIN_SIZE, sizeof *d->t[0].bucket);
        if (!d->t[0].bucket)
            return -1;
        d->t[0].size = DICT_MIN_SIZE;
    }
    /* While rehashing, new nodes go to t[1] so t[0] only ever empties. */
    struct dict_table *t = &d->t[rehashing(d)];
    size_t b = bucket_of(t, hash_node(d, n));
    n->next = t->bucket[b];
    t->bucket[b] = n;
    t->used++;
    return 0;
}

struct dict_node *dict_remove(struct dict *d, const void *key, size_t len)
{
    int table;
    dict_rehash_step(d, 1);
    struct dict_node **link = find_link(d, key, len, &table);
    if (!link)
        return NULL;
    struct dict_node *n = *link;
    *link = n->next;
    n->next = NULL;
    d->t[table].used--;
    if (rehashing(d) && d->t[0].used == 0)
        finish_rehash(d); /* n was the last node left to move */
    else
        maybe_resize(d);
    return n;
}

void dict_replace(struct dict *d, struct dict_node *old, struct dict_node *n)
{
    uint64_t h = hash_node(d, old);
    for (int i = 0; i <= rehashing(d); i++) {
        struct dict_table *t = &d->t[i];
        struct dict_node **link = &t->bucket[bucket_of(t, h)];
        for (; *link; link = &(*link)->next) {
            if (*link == old) {
                n->next = old->next;
                *link = n;
                old->next = NULL;
                return;
            }
        }
    }
}

struct dict_node *dict_upsert(struct dict *d, struct dict_node *n, int *failed)
{
    int table;
    size_t len;
    const void *key = d->key_of(n, &len);
    *failed = 0;
    dict_rehash_step(d, 1);
    struct dict_node **link = find_link(d, key, len, &table);
    if (!link) {
        *failed = dict_add(d, n) < 0;
        return NULL;
    }
    struct dict_node *old = *link;
    n->next = old->next;
    *link = n;
    old->next = NULL;
    return old;
}

/* ------------------------------------------------------------------- scan */

static void visit_chain(struct dict_node *n, dict_node_fn *fn, void *arg)
{
    while (n) {
        struct dict_node *next = n->next;
        fn(n, arg);
        n = next;
    }
}

static unsigned long reverse_bits(unsigned long v)
{
    unsigned long r = 0;
    for (size_t i = 0; i < sizeof v * CHAR_BIT; i++, v >>= 1)
        r = (r << 1) | (v & 1);
    return r;
}

/* The bucket after v in reverse-binary order, for a table of mask + 1
 * buckets: v + 1 as if its bits were written backwards.  Setting the bits
 * above the mask first lets the carry run through them and off the end, so
 * the cursor after the last bucket is 0 and the bits above the mask are 0. */
static unsigned long next_cursor(unsigned long v, unsigned long mask)
{
    v |= ~mask;
    return reverse_bits(reverse_bits(v) + 1);
}

/* Why a reverse-binary cursor survives resizing: a node's bucket is the low
 * bits of its hash.  Doubling splits bucket b into b and b + size; halving
 * merges them back.  Counting with the top bit of the index as the fastest
 * changing one means that after each call, the visited buckets are exactly
 * "the hashes whose low bits, read backwards, are below the cursor" -- and
 * that set reads the same at every power-of-two size.  So when the table
 * grows, the buckets still ahead of the cursor are exactly the split halves
 * not yet seen; when it shrinks, a merged bucket may repeat a few nodes from
 * an already visited half, but nothing is skipped.  Mid-rehash, nodes with
 * the same low bits may sit in either table, so one call covers the small
 * table's bucket and every large-table bucket that expands from it. */
unsigned long dict_scan(struct dict *d, unsigned long cursor,
                        dict_node_fn *fn, void *arg)
{
    if (dict_size(d) == 0)
        return 0;
    const struct dict_table *small = &d->t[0], *large = &d->t[1];
    if (!rehashing(d)) {
        unsigned long m = (unsigned long)small->size - 1;
        visit_chain(small->bucket[cursor & m], fn, arg);
        return next_cursor(cursor, m);
    }
    if (small->size > large->size) {
        small = &d->t[1];
        large = &d->t[0];
    }
    unsigned long m0 = (unsigned long)small->size - 1;
    unsigned long m1 = (unsigned long)large->size - 1;
    visit_chain(small->bucket[cursor & m0], fn, arg);
    /* The large-table buckets that expand from the small one share its low
     * bits (cursor & m0) and differ in the bits m1 has beyond m0.  Those are
     * the next bits to change in reverse order, so stepping the cursor walks
     * through them; once they carry back to 0 all have been visited. */
    do {
        visit_chain(large->bucket[cursor & m1], fn, arg);
        cursor = next_cursor(cursor, m1);
    } while (cursor & (m0 ^ m1));
    return cursor;
}

void dict_foreach(struct dict *d, dict_node_fn *fn, void *arg)
{
    for (int i = 0; i < 2; i++)
        for (size_t b = 0; b < d->t[i].size; b++)
            visit_chain(d->t[i].bucket[b], fn, arg);
}

/* ----------------------------------------------------------------- random */

/* splitmix64: stretches the caller's one random word into a sequence. */
static uint64_t mix_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Bucket number i among the live ones: t[0] from rehash_idx, then t[1]. */
static struct dict_node *live_bucket(const struct dict *d, size_t i)
{
    size_t in0 = d->t[0].size - d->rehash_idx;
    return i < in0 ? d->t[0].bucket[d->rehash_idx + i]
                   : d->t[1].bucket[i - in0];
}

/* Random buckets until one is non-empty (tables are >= 1/8 full, so a few
 * tries normally), then a random node of its chain.  If a table was left
 * very sparse, fall back to walking from a random bucket. */
struct dict_node *dict_random(struct dict *d, uint64_t rnd)
{
    if (dict_size(d) == 0)
        return NULL;
    size_t live = d->t[0].size - d->rehash_idx + d->t[1].size;
    size_t b = (size_t)(mix_next(&rnd) % live);
    for (size_t tries = 0; !live_bucket(d, b); tries++)
        b = tries < DICT_RANDOM_TRIES ? (size_t)(mix_next(&rnd) % live)
                                      : (b + 1) % live;
    struct dict_node *n = live_bucket(d, b);
    size_t len = 0;
    for (const struct dict_node *p = n; p; p = p->next)
        len++;
    for (size_t i = (size_t)(mix_next(&rnd) % len); i > 0; i--)
        n = n->next;
    return n;
}

/* ------------------------------------------------------------------ check */

static int check_shape(const struct dict *d)
{
    int ok = 1;
    for (int i = 0; i < 2; i++) {
        const struct dict_table *t = &d->t[i];
        if ((t->size & (t->size - 1)) != 0 || (t->size == 0) != !t->bucket) {
            fprintf(stderr, "dict: table %d size %zu bad\n", i, t->size);
            ok = 0;
        }
    }
    if (!rehashing(d) && (d->t[1].used || d->rehash_idx)) {
        fprintf(stderr, "dict: idle t[1] used %zu rehash_idx %zu\n",
                d->t[1].used, d->rehash_idx);
        ok = 0;
    }
    if (rehashing(d) && d->rehash_idx > d->t[0].size) {
        fprintf(stderr, "dict: rehash_idx %zu > size %zu\n", d->rehash_idx,
                d->t[0].size);
        ok = 0;
    }
    return ok;
}

/* How many nodes in d have n's key (whose hash is h); exactly 1 if there
 * are no duplicates.  Only two buckets can hold that key, one per table. */
static size_t count_key(const struct dict *d, const struct dict_node *n,
                        uint64_t h)
{
    size_t len, count = 0;
    const void *key = d->key_of(n, &len);
    for (int i = 0; i < 2; i++) {
        const struct dict_table *t = &d->t[i];
        if (t->size == 0)
            continue;
        for (const struct dict_node *p = t->bucket[bucket_of(t, h)]; p;
             p = p->next)
            if (key_eq(d, p, key, len))
                count++;
    }
    return count;
}

/* Check one node at bucket b of table i; 1 if fine. */
static int check_node(const struct dict *d, int i, size_t b,
                      const struct dict_node *n)
{
    const struct dict_table *t = &d->t[i];
    uint64_t h = hash_node(d, n);
    if (bucket_of(t, h) != b) {
        fprintf(stderr, "dict: node in t[%d] bucket %zu hashes elsewhere\n", i,
                b);
        return 0;
    }
    if (i == 0 && rehashing(d) && b < d->rehash_idx) {
        fprintf(stderr, "dict: node left in moved bucket %zu\n", b);
        return 0;
    }
    size_t copies = count_key(d, n, h);
    if (copies != 1) {
        fprintf(stderr, "dict: key appears %zu times\n", copies);
        return 0;
    }
    return 1;
}

static int check_table(const struct dict *d, int i)
{
    const struct dict_table *t = &d->t[i];
    size_t count = 0;
    for (size_t b = 0; b < t->size; b++) {
        for (const struct dict_node *n = t->bucket[b]; n; n = n->next) {
            if (++count > t->used || !check_node(d, i, b, n)) {
                if (count > t->used)
                    fprintf(stderr, "dict: t[%d] holds more than used %zu "
                            "nodes (or a cycle)\n", i, t->used);
                return 0;
            }
        }
    }
    if (count != t->used) {
        fprintf(stderr, "dict: t[%d] used %zu, found %zu\n", i, t->used, count);
        return 0;
    }
    return 1;
}

int dict_check(const struct dict *d)
{
    return check_shape(d) && check_table(d, 0) && check_table(d, 1);
}
