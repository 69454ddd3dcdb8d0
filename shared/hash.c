/* hash.c - the hash value type: a packed array while small, a dict when big.
 *
 * Most hashes are small (a user record, a few counters), and for them any
 * per-field allocation costs more than the data.  So a hash starts packed:
 * one heap block of pairs end to end, [flen: 1 byte][field][vlen: 1 byte]
 * [value], in insertion order, found by walking from the start.  A walk over
 * at most 128 pairs of at most 64-byte strings touches a few KB of contiguous
 * memory: as quick as hashing for the first fields, about twice the cost
 * of a dict lookup for the 128th (docs/09-types.md measures it).  The
 * block is resized to fit on every change, so a 3-field hash costs its
 * bytes plus one malloc header.
 *
 * When a field or value longer than 64 bytes arrives, or a 129th field, the
 * pairs move into a dict (shared/dict.c) for good: one malloc per field with
 * the dict's chain pointer, both lengths, the field bytes, then the value
 * bytes.  For a 10-byte field and value that is a 48-byte malloc chunk plus
 * ~8 bytes of bucket array: ~56 bytes a field, against ~82-99 in Redis.  A
 * new value means a new node, swapped in by dict_upsert: no node ever
 * changes size in place.
 *
 * The db owns a hash through its base (free, dup).  Omits: converting back
 * to packed when a big hash shrinks (Redis does not either). */
#include "hash.h"

#include "dict.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* One field of a large hash: a single allocation. */
struct hash_node {
    struct dict_node node; /* first: the dict links nodes through it */
    uint32_t flen, vlen;
    char data[];           /* flen field bytes, then vlen value bytes */
};

/* One pair of a packed hash, as read in place. */
struct pair {
    const char *field, *val;
    size_t flen, vlen;
    size_t size; /* bytes the pair takes, both length bytes included */
};

/* ----------------------------------------------------------------- random */

/* One random stream per thread, seeded from the kernel on first use; the
 * choices only need to be unpredictable enough for HRANDFIELD. */
static _Thread_local uint64_t rng_state;

static uint64_t next_random(void)
{
    if (rng_state == 0 &&
        getrandom(&rng_state, sizeof rng_state, 0) != sizeof rng_state)
        rng_state = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&rng_state;
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15)); /* splitmix64 */
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static size_t random_below(size_t n)
{
    return (size_t)(next_random() % n);
}

/* ----------------------------------------------------------- large: nodes */

static const void *node_key(const struct dict_node *n, size_t *len)
{
    const struct hash_node *hn = (const struct hash_node *)n;
    *len = hn->flen;
    return hn->data;
}

static void node_free(struct dict_node *n, void *arg)
{
    (void)arg;
    free(n);
}

static struct hash_node *node_new(const char *field, size_t flen,
                                  const char *val, size_t vlen)
{
    struct hash_node *n = malloc(sizeof *n + flen + vlen);
    if (!n)
        return NULL;
    n->node.next = NULL;
    n->flen = (uint32_t)flen;
    n->vlen = (uint32_t)vlen;
    memcpy(n->data, field, flen);
    memcpy(n->data + flen, val, vlen);
    return n;
}

static void node_visit(const struct dict_node *n, hash_field_fn *fn, void *arg)
{
    const struct hash_node *hn = (const struct hash_node *)n;
    fn(hn->data, hn->flen, hn->data + hn->flen, hn->vlen, arg);
}

/* A fresh dict with its own secret seed, so fields chosen by a client
 * cannot be made to collide. */
static struct dict *dict_with_seed(void)
{
    unsigned char seed[16];
    if (getrandom(seed, sizeof seed, 0) != sizeof seed) {
        uint64_t t = next_random(), u = next_random();
        memcpy(seed, &t, sizeof t);
        memcpy(seed + 8, &u, sizeof u);
    }
    return dict_new(node_key, seed);
}

/* ------------------------------------------------------- small: packed */

static size_t pair_read(const unsigned char *p, struct pair *out)
{
    out->flen = p[0];
    out->field = (const char *)p + 1;
    out->vlen = p[1 + out->flen];
    out->val = (const char *)p + 2 + out->flen;
    out->size = 2 + out->flen + out->vlen;
    return out->size;
}

/* Offset of the pair with this field, or -1 (the pair itself in *out). */
static long packed_find(const struct hash *h, const char *field, size_t flen,
                        struct pair *out)
{
    for (size_t off = 0; off < h->packed_len; off += out->size) {
        pair_read(h->packed + off, out);
        if (out->flen == flen && memcmp(out->field, field, flen) == 0)
            return (long)off;
    }
    return -1;
}

/* Make the oldn bytes at off newn bytes long, moving what follows; the
 * block is resized to fit exactly.  0, or -1 on OOM (nothing changed).
 * The caller fills the newn bytes at packed + off. */
static int packed_splice(struct hash *h, size_t off, size_t oldn, size_t newn)
{
    size_t tail = h->packed_len - off - oldn;
    size_t len = h->packed_len - oldn + newn;
    if (newn > oldn) {
        unsigned char *p = realloc(h->packed, len);
        if (!p)
            return -1;
        h->packed = p;
    }
    memmove(h->packed + off + newn, h->packed + off + oldn, tail);
    if (len == 0) {
        free(h->packed);
        h->packed = NULL;
    } else if (newn < oldn) {
        unsigned char *p = realloc(h->packed, len); /* shrinking: may fail */
        if (p)
            h->packed = p;
    }
    h->packed_len = (uint32_t)len;
    return 0;
}

static void put_string(unsigned char *p, const char *s, size_t len)
{
    p[0] = (unsigned char)len;
    memcpy(p + 1, s, len);
}

/* Set a field of a packed hash that is known to stay packed. */
static int packed_set(struct hash *h, const char *field, size_t flen,
                      const char *val, size_t vlen)
{
    struct pair p;
    long found = packed_find(h, field, flen, &p);
    if (found >= 0) {
        size_t voff = (size_t)found + 1 + flen; /* the value's length byte */
        if (packed_splice(h, voff, 1 + p.vlen, 1 + vlen) < 0)
            return -1;
        put_string(h->packed + voff, val, vlen);
        return 0;
    }
    size_t off = h->packed_len;
    if (packed_splice(h, off, 0, 2 + flen + vlen) < 0)
        return -1;
    put_string(h->packed + off, field, flen);
    put_string(h->packed + off + 1 + flen, val, vlen);
    h->packed_count++;
    return 1;
}

/* Would setting this field take the hash past what packed may hold? */
static int outgrows_packed(const struct hash *h, const char *field,
                           size_t flen, size_t vlen)
{
    struct pair p;
    if (flen > HASH_PACKED_MAX_LEN || vlen > HASH_PACKED_MAX_LEN)
        return 1;
    return h->packed_count >= HASH_PACKED_MAX_FIELDS &&
           packed_find(h, field, flen, &p) < 0;
}

/* Move every pair into a dict.  0, or -1 on OOM (still packed). */
static int convert_to_dict(struct hash *h)
{
    struct dict *d = dict_with_seed();
    if (!d)
        return -1;
    struct pair p;
    for (size_t off = 0; off < h->packed_len; off += p.size) {
        pair_read(h->packed + off, &p);
        struct hash_node *n = node_new(p.field, p.flen, p.val, p.vlen);
        if (!n || dict_add(d, &n->node) < 0) {
            free(n);
            dict_free(d, node_free, NULL);
            return -1;
        }
    }
    free(h->packed);
    h->packed = NULL;
    h->packed_len = h->packed_count = 0;
    h->dict = d;
    return 0;
}

/* The pair number i (0-based, i < packed_count). */
static void packed_nth(const struct hash *h, size_t i, struct pair *out)
{
    size_t off = 0;
    do
        off += pair_read(h->packed + off, out);
    while (i-- > 0);
}

/* ------------------------------------------------------------- the value */

static void obj_free(struct db_object *o)
{
    hash_free((struct hash *)o);
}

static struct db_object *obj_dup(const struct db_object *o)
{
    struct hash *copy = hash_dup((const struct hash *)o);
    return copy ? &copy->base : NULL;
}

static const struct db_value_ops hash_ops = {obj_free, obj_dup};

struct hash *hash_new(void)
{
    struct hash *h = calloc(1, sizeof *h);
    if (h)
        h->base.ops = &hash_ops;
    return h;
}

void hash_free(struct hash *h)
{
    if (!h)
        return;
    if (h->dict)
        dict_free(h->dict, node_free, NULL);
    free(h->packed);
    free(h);
}

struct dup_ctx {
    struct dict *to;
    int failed;
};

static void dup_field(const char *field, size_t flen, const char *val,
                      size_t vlen, void *arg)
{
    struct dup_ctx *ctx = arg;
    if (ctx->failed)
        return;
    struct hash_node *n = node_new(field, flen, val, vlen);
    if (!n || dict_add(ctx->to, &n->node) < 0) {
        free(n);
        ctx->failed = 1;
    }
}

struct hash *hash_dup(const struct hash *h)
{
    struct hash *copy = hash_new();
    if (!copy)
        return NULL;
    if (h->dict) {
        struct dup_ctx ctx = {dict_with_seed(), 0};
        copy->dict = ctx.to;
        if (ctx.to)
            hash_foreach(h, dup_field, &ctx);
        if (!ctx.to || ctx.failed) {
            hash_free(copy);
            return NULL;
        }
    } else if (h->packed_len) {
        copy->packed = malloc(h->packed_len);
        if (!copy->packed) {
            hash_free(copy);
            return NULL;
        }
        memcpy(copy->packed, h->packed, h->packed_len);
        copy->packed_len = h->packed_len;
        copy->packed_count = h->packed_count;
    }
    return copy;
}

size_t hash_len(const struct hash *h)
{
    return h->dict ? dict_size(h->dict) : h->packed_count;
}

const char *hash_encoding(const struct hash *h)
{
    return h->dict ? "hashtable" : "listpack";
}

/* ------------------------------------------------------ set, get, delete */

static int dict_set(struct hash *h, const char *field, size_t flen,
                    const char *val, size_t vlen)
{
    struct hash_node *n = node_new(field, flen, val, vlen);
    if (!n)
        return -1;
    int failed;
    struct dict_node *old = dict_upsert(h->dict, &n->node, &failed);
    if (failed) {
        free(n);
        return -1;
    }
    free(old);
    return old ? 0 : 1;
}

int hash_set(struct hash *h, const char *field, size_t flen, const char *val, size_t vlen)
{
    if (flen > UINT32_MAX || vlen > UINT32_MAX)
        return -1;
    if (!h->dict && outgrows_packed(h, field, flen, vlen) &&
        convert_to_dict(h) < 0)
        return -1;
    if (h->dict)
        return dict_set(h, field, flen, val, vlen);
    return packed_set(h, field, flen, val, vlen);
}

int hash_get(struct hash *h, const char *field, size_t flen, const char **val, size_t *vlen)
{
    if (h->dict) {
        const struct hash_node *n =
            (const struct hash_node *)dict_find(h->dict, field, flen);
        if (!n)
            return 0;
        *val = n->data + n->flen;
        *vlen = n->vlen;
        return 1;
    }
    struct pair p;
    if (packed_find(h, field, flen, &p) < 0)
        return 0;
    *val = p.val;
    *vlen = p.vlen;
    return 1;
}

int hash_del(struct hash *h, const char *field, size_t flen)
{
    if (h->dict) {
        struct dict_node *n = dict_remove(h->dict, field, flen);
        free(n);
        return n != NULL;
    }
    struct pair p;
    long off = packed_find(h, field, flen, &p);
    if (off < 0)
        return 0;
    packed_splice(h, (size_t)off, p.size, 0); /* shrinking cannot fail */
    h->packed_count--;
    return 1;
}

/* ------------------------------------------------------------- traversal */

struct visit_ctx {
    hash_field_fn *fn;
    void *arg;
};

static void visit_node(struct dict_node *n, void *arg)
{
    struct visit_ctx *ctx = arg;
    node_visit(n, ctx->fn, ctx->arg);
}

static void packed_foreach(const struct hash *h, hash_field_fn *fn, void *arg)
{
    struct pair p;
    for (size_t off = 0; off < h->packed_len; off += p.size) {
        pair_read(h->packed + off, &p);
        fn(p.field, p.flen, p.val, p.vlen, arg);
    }
}

void hash_foreach(const struct hash *h, hash_field_fn *fn, void *arg)
{
    struct visit_ctx ctx = {fn, arg};
    if (h->dict)
        dict_foreach(h->dict, visit_node, &ctx);
    else
        packed_foreach(h, fn, arg);
}

unsigned long hash_scan(struct hash *h, unsigned long cursor, hash_field_fn *fn, void *arg)
{
    struct visit_ctx ctx = {fn, arg};
    if (h->dict)
        return dict_scan(h->dict, cursor, visit_node, &ctx);
    packed_foreach(h, fn, arg);
    return 0;
}

int hash_random(struct hash *h, const char **field, size_t *flen,
                const char **val, size_t *vlen)
{
    struct pair p;
    if (hash_len(h) == 0)
        return 0;
    if (h->dict) {
        const struct hash_node *n =
            (const struct hash_node *)dict_random(h->dict, next_random());
        p.field = n->data;
        p.flen = n->flen;
        p.val = n->data + n->flen;
        p.vlen = n->vlen;
    } else {
        packed_nth(h, random_below(h->packed_count), &p);
    }
    *field = p.field;
    *flen = p.flen;
    *val = p.val;
    *vlen = p.vlen;
    return 1;
}

/* ---------------------------------------------------- many random fields */

/* Which fields were already chosen, by address: each field's bytes sit at
 * their own place in the hash, so the pointer identifies the field. */
struct seen {
    const char **slot; /* open addressing, NULL = free */
    size_t mask;
};

static int seen_init(struct seen *s, size_t count)
{
    size_t size = 16;
    while (size < count * 2)
        size *= 2;
    s->slot = calloc(size, sizeof *s->slot);
    s->mask = size - 1;
    return s->slot ? 0 : -1;
}

/* 1 if p was new (and is now remembered), 0 if already chosen. */
static int seen_add(struct seen *s, const char *p)
{
    size_t i = (size_t)(((uintptr_t)p * UINT64_C(0x9e3779b97f4a7c15)) >> 17);
    for (i &= s->mask; s->slot[i]; i = (i + 1) & s->mask)
        if (s->slot[i] == p)
            return 0;
    s->slot[i] = p;
    return 1;
}

/* Few fields out of many: draw at random, skipping repeats.  With count at
 * most a third of the fields, a draw is new at least 2 times in 3. */
static size_t pick_sparse(struct hash *h, size_t count, hash_field_fn *fn, void *arg)
{
    struct seen s;
    if (seen_init(&s, count) < 0)
        return 0;
    for (size_t chosen = 0; chosen < count;) {
        struct pair p;
        hash_random(h, &p.field, &p.flen, &p.val, &p.vlen);
        if (seen_add(&s, p.field)) {
            fn(p.field, p.flen, p.val, p.vlen, arg);
            chosen++;
        }
    }
    free(s.slot);
    return count;
}

struct collect_ctx {
    struct pair *all;
    size_t n;
};

static void collect_field(const char *field, size_t flen, const char *val,
                          size_t vlen, void *arg)
{
    struct collect_ctx *ctx = arg;
    ctx->all[ctx->n++] = (struct pair){field, val, flen, vlen, 0};
}

/* Many fields out of few: list them all, then shuffle count of them to the
 * front (the first steps of a Fisher-Yates shuffle). */
static size_t pick_dense(struct hash *h, size_t count, hash_field_fn *fn, void *arg)
{
    struct collect_ctx ctx = {malloc(hash_len(h) * sizeof(struct pair)), 0};
    if (!ctx.all)
        return 0;
    hash_foreach(h, collect_field, &ctx);
    for (size_t i = 0; i < count; i++) {
        size_t j = i + random_below(ctx.n - i);
        struct pair t = ctx.all[j];
        ctx.all[j] = ctx.all[i];
        ctx.all[i] = t;
        fn(t.field, t.flen, t.val, t.vlen, arg);
    }
    free(ctx.all);
    return count;
}

size_t hash_random_fields(struct hash *h, size_t count, int unique, hash_field_fn *fn, void *arg)
{
    size_t len = hash_len(h);
    if (len == 0 || count == 0)
        return 0;
    if (!unique) {
        for (size_t i = 0; i < count; i++) {
            struct pair p;
            hash_random(h, &p.field, &p.flen, &p.val, &p.vlen);
            fn(p.field, p.flen, p.val, p.vlen, arg);
        }
        return count;
    }
    if (count >= len) {
        hash_foreach(h, fn, arg);
        return len;
    }
    if (count > len / 3)
        return pick_dense(h, count, fn, arg);
    return pick_sparse(h, count, fn, arg);
}
