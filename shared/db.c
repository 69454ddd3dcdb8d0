/* db.c - one database: binary-safe keys mapped to typed values, with expiry.
 *
 * One allocation per key: the entry holds the dict's chain pointer, the
 * two lengths, a type and a flags byte, then the key bytes and the value
 * side by side.  A string's bytes are stored inline; any other type
 * stores a pointer to its object there (struct db_object: the object
 * knows how to free and copy itself, so this file never learns what a
 * hash looks like).  For an 11-byte key and a 16-byte value that is
 * 18 + 27 = 45 bytes, a 64-byte malloc chunk, plus about 8-16 bytes of
 * bucket array - roughly half of what Redis spends (a dictEntry, a robj
 * and two sds strings).  Overwriting allocates a new entry and swaps it
 * into the old one's place in the table (dict_upsert: one hash, one chain
 * walk); the old one is freed only once unlinked.
 *
 * Expiry.  Most keys never get a TTL, so they should not pay for the
 * feature: a deadline lives in a second, separate dict of small nodes
 * {chain pointer, entry pointer, deadline}, keyed by the entry's own key
 * bytes (no copy), and the entry only carries a flag bit saying "look
 * there".  Two ways a key dies:
 *   - lazily: every lookup of a flagged key checks its deadline first and
 *     removes the key if the time is up, so nobody ever reads a dead key;
 *   - actively: db_expire_sample picks random nodes of the deadline dict
 *     (dict_random) and removes the dead ones, so memory comes back even
 *     from keys nobody reads again.  shared/expire.c decides how often.
 * Each removal is reported to a hook, which the server uses to log DEL:
 * the AOF and a replica must see the key go at the same point.
 *
 * Not thread-safe: the threaded stages hold a lock around every command. */
#include "db.h"

#include "clock.h"
#include "dict.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define ENTRY_EXPIRES 1 /* flags: the key has a node in db->expires */

struct db_entry {
    struct dict_node node; /* first: the dict links entries through it */
    uint32_t klen, vlen;
    uint8_t type, flags;
    char data[];           /* klen key bytes, then vlen value bytes (a
                              struct db_object * for non-strings) */
};

#define ENTRY_HEADER offsetof(struct db_entry, data)

struct expire_node {
    struct dict_node node;
    struct db_entry *entry; /* its key is this node's key */
    long long when;         /* Unix ms */
};

struct db {
    struct dict *keys;
    struct dict *expires;
    int id;
    int expiry_paused;      /* during an AOF replay */
    db_expired_fn *expired;
    void *expired_arg;
    uint64_t rnd;           /* state of the sampler's random numbers */
    int counting;           /* a read command runs: count its lookups */
    long long hits, misses; /* lookups by read commands that found a
                               live key, or not */
};

static const void *entry_key(const struct dict_node *n, size_t *len)
{
    const struct db_entry *e = (const struct db_entry *)n;
    *len = e->klen;
    return e->data;
}

static const void *expire_key(const struct dict_node *n, size_t *len)
{
    return entry_key(&((const struct expire_node *)n)->entry->node, len);
}

static struct db_object *entry_obj(const struct db_entry *e)
{
    struct db_object *o;
    memcpy(&o, e->data + e->klen, sizeof o); /* may be unaligned */
    return o;
}

static void free_entry(struct dict_node *n, void *arg)
{
    (void)arg;
    struct db_entry *e = (struct db_entry *)n;
    if (e->type != DB_STRING) {
        struct db_object *o = entry_obj(e);
        o->ops->free(o);
    }
    free(e);
}

static void free_node(struct dict_node *n, void *arg)
{
    (void)arg;
    free(n);
}

/* A secret seed keeps clients from choosing keys that all collide. */
static const unsigned char *new_seed(unsigned char seed[16])
{
    if (getrandom(seed, 16, 0) != 16) {
        uint64_t t = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)seed;
        memcpy(seed, &t, sizeof t);
        memcpy(seed + 8, &t, sizeof t);
    }
    return seed;
}

/* The two dicts of an empty keyspace; 0 or -1 (OOM). */
static int new_tables(struct dict **keys, struct dict **expires)
{
    unsigned char seed[16];
    *keys = dict_new(entry_key, new_seed(seed));
    *expires = *keys ? dict_new(expire_key, seed) : NULL;
    if (!*expires) {
        if (*keys)
            dict_free(*keys, NULL, NULL);
        return -1;
    }
    return 0;
}

struct db *db_new(int id)
{
    struct db *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    if (new_tables(&db->keys, &db->expires) < 0) {
        free(db);
        return NULL;
    }
    db->id = id;
    db->rnd = (uint64_t)clock_us() * 0x9E3779B97F4A7C15ULL + (uint64_t)id;
    return db;
}

void db_free(struct db *db)
{
    if (!db)
        return;
    dict_free(db->expires, free_node, NULL);
    dict_free(db->keys, free_entry, NULL);
    free(db);
}

int db_id(const struct db *db)
{
    return db->id;
}

void db_pause_expiry(struct db *db, int paused)
{
    db->expiry_paused = paused;
}

void db_set_expired_hook(struct db *db, db_expired_fn *fn, void *arg)
{
    db->expired = fn;
    db->expired_arg = arg;
}

/* ------------------------------------------------------------- lookup */

static struct expire_node *deadline_of(struct db *db, const struct db_entry *e)
{
    return (struct expire_node *)dict_find(db->expires, e->data, e->klen);
}

long long db_entry_expire(struct db *db, const struct db_entry *e)
{
    return (e->flags & ENTRY_EXPIRES) ? deadline_of(db, e)->when : -1;
}

/* Dead once the clock has passed the deadline: at the deadline itself
 * the key still lives (TTL answers 0), as in Redis. */
static int is_dead(struct db *db, const struct db_entry *e)
{
    return !db->expiry_paused && (e->flags & ENTRY_EXPIRES) &&
           clock_unix_ms() > deadline_of(db, e)->when;
}

/* Unlink e (and its deadline) and free it; e must be in db. */
static void remove_entry(struct db *db, struct db_entry *e)
{
    if (e->flags & ENTRY_EXPIRES)
        free(dict_remove(db->expires, e->data, e->klen));
    dict_remove(db->keys, e->data, e->klen);
    free_entry(&e->node, NULL);
}

/* Remove a key whose time is up, telling the hook first (while the key
 * bytes still exist). */
static void expire_entry(struct db *db, struct db_entry *e)
{
    if (db->expired)
        db->expired(db, e->data, e->klen, db->expired_arg);
    remove_entry(db, e);
}

struct db_entry *db_find(struct db *db, const char *key, size_t klen)
{
    struct db_entry *e = (struct db_entry *)dict_find(db->keys, key, klen);
    if (e && is_dead(db, e)) {
        expire_entry(db, e);
        e = NULL;
    }
    if (db->counting) {
        if (e)
            db->hits++;
        else
            db->misses++;
    }
    return e;
}

enum db_type db_entry_type(const struct db_entry *e)
{
    return (enum db_type)e->type;
}

int db_find_typed(struct db *db, const char *key, size_t klen, enum db_type t, struct db_entry **e)
{
    *e = db_find(db, key, klen);
    if (!*e)
        return 0;
    return (*e)->type == t ? 1 : -1;
}

const char *db_entry_key(const struct db_entry *e, size_t *klen)
{
    *klen = e->klen;
    return e->data;
}

const char *db_entry_str(const struct db_entry *e, size_t *len)
{
    *len = e->vlen;
    return e->data + e->klen;
}

struct db_object *db_entry_obj(const struct db_entry *e)
{
    return entry_obj(e);
}

const char *db_type_name(enum db_type t)
{
    static const char *const names[DB_NTYPES] = {"string", "hash"};
    return (unsigned)t < DB_NTYPES ? names[t] : "none";
}

int db_get(struct db *db, const char *key, size_t klen, const char **val, size_t *vlen)
{
    struct db_entry *e = db_find(db, key, klen);
    if (!e || e->type != DB_STRING)
        return 0;
    *val = db_entry_str(e, vlen);
    return 1;
}

void db_count_lookups(struct db *db, int on)
{
    db->counting = on;
}

void db_lookup_stats(const struct db *db, long long *hits, long long *misses)
{
    *hits = db->hits;
    *misses = db->misses;
}

int db_exists(struct db *db, const char *key, size_t klen)
{
    return db_find(db, key, klen) != NULL;
}

/* ------------------------------------------------------------- writes */

static struct db_entry *new_entry(const char *key, size_t klen, enum db_type type,
                                  const void *val, size_t vlen)
{
    if (klen > UINT32_MAX || vlen > UINT32_MAX)
        return NULL;
    struct db_entry *e = malloc(ENTRY_HEADER + klen + vlen);
    if (!e)
        return NULL;
    e->node.next = NULL;
    e->klen = (uint32_t)klen;
    e->vlen = (uint32_t)vlen;
    e->type = (uint8_t)type;
    e->flags = 0;
    memcpy(e->data, key, klen);
    memcpy(e->data + klen, val, vlen);
    return e;
}

/* Put e in the table in place of any entry with its key, moving the old
 * entry's deadline to e (keepttl) or dropping it.  0, or -1 (OOM: e is
 * not linked; the caller frees it). */
static int install(struct db *db, struct db_entry *e, int keepttl)
{
    int failed;
    struct db_entry *old = (struct db_entry *)dict_upsert(db->keys, &e->node, &failed);
    if (failed)
        return -1;
    if (old) {
        if (old->flags & ENTRY_EXPIRES) {
            /* found through old's key bytes: old is still allocated */
            if (keepttl) {
                deadline_of(db, old)->entry = e;
                e->flags |= ENTRY_EXPIRES;
            } else {
                free(dict_remove(db->expires, old->data, old->klen));
            }
        }
        free_entry(&old->node, NULL);
    }
    return 0;
}

static int set_string(struct db *db, const char *key, size_t klen, const char *val,
                      size_t vlen, int keepttl)
{
    struct db_entry *e = new_entry(key, klen, DB_STRING, val, vlen);
    if (!e)
        return -1;
    if (install(db, e, keepttl) < 0) {
        free(e);
        return -1;
    }
    return 0;
}

int db_set(struct db *db, const char *key, size_t klen, const char *val, size_t vlen)
{
    return set_string(db, key, klen, val, vlen, 0);
}

int db_set_keepttl(struct db *db, const char *key, size_t klen, const char *val, size_t vlen)
{
    return set_string(db, key, klen, val, vlen, 1);
}

int db_set_obj(struct db *db, const char *key, size_t klen, enum db_type type, struct db_object *obj)
{
    struct db_entry *e = new_entry(key, klen, type, &obj, sizeof obj);
    if (!e || install(db, e, 0) < 0) {
        free(e);
        obj->ops->free(obj);
        return -1;
    }
    return 0;
}

/* Editing a string in place.  malloc rounds every request up (to 16
 * bytes with glibc), so a value that grows by a digit or two usually
 * still fits its block: then there is nothing to allocate, hash or
 * relink.  When it does not fit, the new block gets as much room again
 * as the value needs (up to 1 MB more), so a string built by a thousand
 * APPENDs is copied about ten times, not a thousand. */
char *db_entry_resize(struct db *db, struct db_entry **ep, size_t len)
{
    struct db_entry *e = *ep;
    if (len > UINT32_MAX)
        return NULL;
    if (ENTRY_HEADER + e->klen + len <= malloc_usable_size(e)) {
        e->vlen = (uint32_t)len;
        return e->data + e->klen;
    }
    size_t room = len < (1u << 20) ? len : (1u << 20);
    if (len + room > UINT32_MAX)
        room = 0;
    struct db_entry *n = malloc(ENTRY_HEADER + e->klen + len + room);
    if (!n)
        return NULL;
    memcpy(n, e, ENTRY_HEADER + e->klen + (e->vlen < len ? e->vlen : len));
    n->vlen = (uint32_t)len;
    dict_replace(db->keys, &e->node, &n->node);
    if (e->flags & ENTRY_EXPIRES)
        deadline_of(db, e)->entry = n; /* found through e's key: free e after */
    free(e);
    *ep = n;
    return n->data + n->klen;
}

int db_delete(struct db *db, const char *key, size_t klen)
{
    struct db_entry *e = db_find(db, key, klen);
    if (!e)
        return 0;
    remove_entry(db, e);
    return 1;
}

/* ------------------------------------------------------------- expiry */

int db_set_expire(struct db *db, const char *key, size_t klen, long long when_ms)
{
    struct db_entry *e = db_find(db, key, klen);
    if (!e)
        return 0;
    if (e->flags & ENTRY_EXPIRES) {
        deadline_of(db, e)->when = when_ms;
        return 1;
    }
    struct expire_node *x = malloc(sizeof *x);
    if (!x)
        return -1;
    x->node.next = NULL;
    x->entry = e;
    x->when = when_ms;
    if (dict_add(db->expires, &x->node) < 0) {
        free(x);
        return -1;
    }
    e->flags |= ENTRY_EXPIRES;
    return 1;
}

long long db_get_expire(struct db *db, const char *key, size_t klen)
{
    struct db_entry *e = db_find(db, key, klen);
    if (!e)
        return -2;
    return (e->flags & ENTRY_EXPIRES) ? deadline_of(db, e)->when : -1;
}

int db_persist(struct db *db, const char *key, size_t klen)
{
    struct db_entry *e = db_find(db, key, klen);
    if (!e || !(e->flags & ENTRY_EXPIRES))
        return 0;
    free(dict_remove(db->expires, e->data, e->klen));
    e->flags &= (uint8_t)~ENTRY_EXPIRES;
    return 1;
}

static uint64_t next_random(struct db *db)
{
    /* xorshift64*: plenty for picking buckets, and never a syscall */
    db->rnd ^= db->rnd >> 12;
    db->rnd ^= db->rnd << 25;
    db->rnd ^= db->rnd >> 27;
    return db->rnd * 0x2545F4914F6CDD1DULL;
}

int db_expire_sample(struct db *db, int samples, int *expired)
{
    long long now = clock_unix_ms();
    int looked = 0;
    *expired = 0;
    while (!db->expiry_paused && looked < samples && dict_size(db->expires) > 0) {
        struct expire_node *x = (struct expire_node *)dict_random(db->expires, next_random(db));
        looked++;
        if (now > x->when) {
            expire_entry(db, x->entry);
            ++*expired;
        }
    }
    return looked;
}

size_t db_expires_size(const struct db *db)
{
    return dict_size(db->expires);
}

/* ------------------------------------------------- the whole keyspace */

size_t db_size(const struct db *db)
{
    return dict_size(db->keys);
}

struct db_entry *db_random(struct db *db)
{
    /* Bounded: if almost every key is dead, this removes up to 100 of
     * them and then gives up on finding a live one, like Redis. */
    for (int tries = 0; tries < 100 && dict_size(db->keys) > 0; tries++) {
        struct db_entry *e = (struct db_entry *)dict_random(db->keys, next_random(db));
        if (!is_dead(db, e))
            return e;
        expire_entry(db, e);
    }
    return NULL;
}

struct visit_ctx {
    struct db *db;
    db_entry_fn *fn;
    db_key_fn *key_fn;
    void *arg;
};

static void visit(struct dict_node *n, void *arg)
{
    struct db_entry *e = (struct db_entry *)n;
    struct visit_ctx *v = arg;
    if (is_dead(v->db, e))
        return;
    if (v->fn)
        v->fn(e, v->arg);
    else
        v->key_fn(e->data, e->klen, v->arg);
}

void db_foreach(struct db *db, db_entry_fn *fn, void *arg)
{
    struct visit_ctx v = {db, fn, NULL, arg};
    dict_foreach(db->keys, visit, &v);
}

void db_foreach_key(struct db *db, db_key_fn *fn, void *arg)
{
    struct visit_ctx v = {db, NULL, fn, arg};
    dict_foreach(db->keys, visit, &v);
}

unsigned long db_scan(struct db *db, unsigned long cursor, db_entry_fn *fn, void *arg)
{
    struct visit_ctx v = {db, fn, NULL, arg};
    return dict_scan(db->keys, cursor, visit, &v);
}

/* A copy of e under another key; the value is shared (steal) or copied.
 * NULL on OOM. */
static struct db_entry *rekeyed(const struct db_entry *e, const char *dkey, size_t dklen, int steal)
{
    if (e->type == DB_STRING)
        return new_entry(dkey, dklen, DB_STRING, e->data + e->klen, e->vlen);
    struct db_object *o = entry_obj(e);
    if (!steal && !(o = o->ops->dup(o)))
        return NULL;
    struct db_entry *n = new_entry(dkey, dklen, (enum db_type)e->type, &o, sizeof o);
    if (!n && !steal)
        o->ops->free(o);
    return n;
}

/* Put n into dst with deadline `when` (-1: none), replacing dkey.  0 or
 * -1 (OOM: nothing changed, n not freed). */
static int place(struct db *dst, struct db_entry *n, long long when)
{
    struct expire_node *x = NULL;
    if (when >= 0) {
        if (!(x = malloc(sizeof *x)))
            return -1;
        x->node.next = NULL;
        x->entry = n;
        x->when = when;
    }
    if (install(dst, n, 0) < 0) {
        free(x);
        return -1;
    }
    if (x) {
        if (dict_add(dst->expires, &x->node) < 0) {
            free(x); /* the key lives on without its deadline: tolerable */
            return 0;
        }
        n->flags |= ENTRY_EXPIRES;
    }
    return 0;
}

static int move_or_copy(struct db *src, const char *key, size_t klen, struct db *dst,
                        const char *dkey, size_t dklen, int move)
{
    struct db_entry *e = db_find(src, key, klen);
    if (!e)
        return 0;
    if (move && src == dst && klen == dklen && memcmp(key, dkey, klen) == 0)
        return 1; /* renaming a key to itself */
    long long when = (e->flags & ENTRY_EXPIRES) ? deadline_of(src, e)->when : -1;
    struct db_entry *n = rekeyed(e, dkey, dklen, move);
    if (!n)
        return -1;
    if (move) {
        /* Unlink the source first: its object now belongs to n, and
         * installing n over a destination must not find the source. */
        if (e->flags & ENTRY_EXPIRES)
            free(dict_remove(src->expires, e->data, e->klen));
        dict_remove(src->keys, e->data, e->klen);
        if (place(dst, n, when) < 0) {
            /* put the source back as it was: its table slot was just
             * freed, so adding cannot need a new first table */
            e->flags &= (uint8_t)~ENTRY_EXPIRES;
            dict_add(src->keys, &e->node);
            if (when >= 0 && db_set_expire(src, key, klen, when) < 0)
                db_persist(src, key, klen);
            free(n);
            return -1;
        }
        free(e); /* the value lives on in n */
        return 1;
    }
    if (place(dst, n, when) < 0) {
        free_entry(&n->node, NULL);
        return -1;
    }
    return 1;
}

int db_rename(struct db *src, const char *key, size_t klen,
              struct db *dst, const char *dkey, size_t dklen)
{
    return move_or_copy(src, key, klen, dst, dkey, dklen, 1);
}

int db_copy(struct db *src, const char *key, size_t klen,
            struct db *dst, const char *dkey, size_t dklen)
{
    return move_or_copy(src, key, klen, dst, dkey, dklen, 0);
}

void db_swap(struct db *a, struct db *b)
{
    struct dict *keys = a->keys, *expires = a->expires;
    a->keys = b->keys;
    a->expires = b->expires;
    b->keys = keys;
    b->expires = expires;
}

struct old_tables {
    struct dict *keys, *expires;
};

static void *free_in_background(void *arg)
{
    struct old_tables *old = arg;
    dict_free(old->expires, free_node, NULL);
    dict_free(old->keys, free_entry, NULL);
    free(old);
    return NULL;
}

/* Freeing millions of entries takes a while; ASYNC hands the old tables
 * to a thread so the command returns at once.  The thread touches only
 * the old tables, which nothing else can reach any more: no lock needed.
 * (Values are freed there too: every type's free must be thread-safe,
 * which malloc's free is.) */
void db_clear(struct db *db, int async)
{
    struct old_tables *old = NULL;
    pthread_t tid;
    if (!async || dict_size(db->keys) == 0 || !(old = malloc(sizeof *old)) ||
        new_tables(&old->keys, &old->expires) < 0) {
        free(old);
        dict_clear(db->expires, free_node, NULL);
        dict_clear(db->keys, free_entry, NULL);
        return;
    }
    /* swap: db gets the fresh empty tables, old the full ones */
    struct dict *k = db->keys, *x = db->expires;
    db->keys = old->keys;
    db->expires = old->expires;
    old->keys = k;
    old->expires = x;
    if (pthread_create(&tid, NULL, free_in_background, old) != 0)
        free_in_background(old);
    else
        pthread_detach(tid);
}
