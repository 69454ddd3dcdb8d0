/* db.c - the keyspace: binary-safe keys mapped to string values.
 *
 * One allocation per key: the entry holds the dict's chain pointer, the
 * two lengths, then the key bytes and the value bytes side by side.  For
 * an 11-byte key and a 16-byte value that is 8 + 8 + 27 = 43 bytes, a
 * 48-byte malloc chunk, plus about 8-16 bytes of bucket array - roughly
 * half of what Redis spends (a dictEntry, a robj and two sds strings).
 * Overwriting a value allocates a new entry and swaps it into the old
 * one's place in the table (dict_upsert: one hash, one chain walk), so a
 * reader never sees a half-written value and the old entry is freed only
 * once unlinked.
 *
 * Not thread-safe: the threaded stages hold a lock around every command. */
#include "db.h"

#include "dict.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

struct db_entry {
    struct dict_node node; /* first: the dict links entries through it */
    uint32_t klen, vlen;
    char data[];           /* klen key bytes, then vlen value bytes */
};

struct db {
    struct dict *keys;
};

static const void *entry_key(const struct dict_node *n, size_t *len)
{
    const struct db_entry *e = (const struct db_entry *)n;
    *len = e->klen;
    return e->data;
}

static void entry_free(struct dict_node *n, void *arg)
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

struct db *db_new(void)
{
    unsigned char seed[16];
    struct db *db = malloc(sizeof *db);
    if (!db)
        return NULL;
    db->keys = dict_new(entry_key, new_seed(seed));
    if (!db->keys) {
        free(db);
        return NULL;
    }
    return db;
}

void db_free(struct db *db)
{
    if (!db)
        return;
    dict_free(db->keys, entry_free, NULL);
    free(db);
}

int db_get(struct db *db, const char *key, size_t klen, const char **val, size_t *vlen)
{
    struct db_entry *e = (struct db_entry *)dict_find(db->keys, key, klen);
    if (!e)
        return 0;
    *val = e->data + e->klen;
    *vlen = e->vlen;
    return 1;
}

int db_set(struct db *db, const char *key, size_t klen, const char *val, size_t vlen)
{
    if (klen > UINT32_MAX || vlen > UINT32_MAX)
        return -1;
    struct db_entry *e = malloc(sizeof *e + klen + vlen);
    if (!e)
        return -1;
    e->node.next = NULL;
    e->klen = (uint32_t)klen;
    e->vlen = (uint32_t)vlen;
    memcpy(e->data, key, klen);
    memcpy(e->data + klen, val, vlen);
    int failed;
    free(dict_upsert(db->keys, &e->node, &failed)); /* the old entry, if any */
    if (failed) {
        free(e);
        return -1;
    }
    return 0;
}

int db_delete(struct db *db, const char *key, size_t klen)
{
    struct dict_node *n = dict_remove(db->keys, key, klen);
    free(n);
    return n != NULL;
}

int db_exists(struct db *db, const char *key, size_t klen)
{
    return dict_find(db->keys, key, klen) != NULL;
}

size_t db_size(const struct db *db)
{
    return dict_size(db->keys);
}

struct foreach_ctx {
    db_key_fn *fn;
    void *arg;
};

static void visit_key(struct dict_node *n, void *arg)
{
    const struct db_entry *e = (const struct db_entry *)n;
    struct foreach_ctx *ctx = arg;
    ctx->fn(e->data, e->klen, ctx->arg);
}

void db_foreach_key(struct db *db, db_key_fn *fn, void *arg)
{
    struct foreach_ctx ctx = {fn, arg};
    dict_foreach(db->keys, visit_key, &ctx);
}

static void *free_in_background(void *old)
{
    dict_free(old, entry_free, NULL);
    return NULL;
}

/* Freeing millions of entries takes a while; ASYNC hands the old table to
 * a thread so the command returns at once.  The thread touches only the
 * old table, which nothing else can reach any more: no lock needed. */
void db_clear(struct db *db, int async)
{
    unsigned char seed[16];
    struct dict *fresh;
    pthread_t tid;
    if (!async || dict_size(db->keys) == 0 || !(fresh = dict_new(entry_key, new_seed(seed)))) {
        dict_clear(db->keys, entry_free, NULL);
        return;
    }
    struct dict *old = db->keys;
    db->keys = fresh;
    if (pthread_create(&tid, NULL, free_in_background, old) != 0)
        dict_free(old, entry_free, NULL);
    else
        pthread_detach(tid);
}
