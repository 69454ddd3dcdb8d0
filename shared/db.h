/* db.h - one database: binary-safe keys mapped to typed values, with expiry. */
#ifndef DB_H
#define DB_H

#include <stddef.h>

struct db;
struct db_entry; /* one key and its value, owned by the db */

/* Value types, in the order Redis's TYPE names them. */
enum db_type { DB_STRING, DB_HASH, DB_NTYPES };

/* A non-string value is a pointer to a struct whose first member points
 * at its ops, so the keyspace can free and copy values it does not know
 * the shape of. */
struct db_object;
struct db_value_ops {
    void (*free)(struct db_object *o);
    struct db_object *(*dup)(const struct db_object *o); /* NULL on OOM */
};
struct db_object {
    const struct db_value_ops *ops;
};

/* Called for every key removed because its time ran out (to log a DEL). */
typedef void db_expired_fn(struct db *db, const char *key, size_t klen, void *arg);

/* id is the database's number (SELECT id); NULL on OOM.  Each db gets its
 * own random hash seed. */
struct db *db_new(int id);
void db_free(struct db *db);
int db_id(const struct db *db);
void db_set_expired_hook(struct db *db, db_expired_fn *fn, void *arg);
/* While paused, no key counts as expired (lookups, sampling): an AOF
 * replay must rebuild the keyspace as it was when each command ran, and
 * a key that has died since then is removed once the replay is over. */
void db_pause_expiry(struct db *db, int paused);

/* --- Lookup.  Every lookup first removes the key if its time is up
 * (lazy expiry), so an expired key is never seen. --- */

/* The live entry for key, or NULL.  Valid until the next write to db. */
struct db_entry *db_find(struct db *db, const char *key, size_t klen);
enum db_type db_entry_type(const struct db_entry *e);
/* db_find, then check the type: 1 with *e if key holds a value of type
 * t, 0 if it does not exist, -1 if it holds another type (WRONGTYPE). */
int db_find_typed(struct db *db, const char *key, size_t klen, enum db_type t, struct db_entry **e);
const char *db_entry_key(const struct db_entry *e, size_t *klen);
/* A string entry's bytes. */
const char *db_entry_str(const struct db_entry *e, size_t *len);
/* A live entry's deadline (Unix ms), or -1; unlike db_get_expire it never
 * removes anything, so it is safe inside db_foreach. */
long long db_entry_expire(struct db *db, const struct db_entry *e);
/* A non-string entry's object; change it in place. */
struct db_object *db_entry_obj(const struct db_entry *e);
const char *db_type_name(enum db_type t); /* "string", "hash", ... */

/* 1 and the value if key holds a string, else 0 (missing, or another
 * type: use db_find to tell them apart). */
int db_get(struct db *db, const char *key, size_t klen, const char **val, size_t *vlen);
int db_exists(struct db *db, const char *key, size_t klen);
/* While on, every lookup counts as a hit or a miss (INFO's keyspace_hits
 * and keyspace_misses).  The server turns it on around read-only
 * commands, as Redis counts only the lookups made for reading. */
void db_count_lookups(struct db *db, int on);
void db_lookup_stats(const struct db *db, long long *hits, long long *misses);

/* --- Writes.  0, or -1 when out of memory (nothing changed). --- */

/* Key now holds this string, whatever it held before; its TTL is
 * dropped, as SET does. */
int db_set(struct db *db, const char *key, size_t klen, const char *val, size_t vlen);
/* The same, keeping the key's TTL (SET KEEPTTL, APPEND, INCR...). */
int db_set_keepttl(struct db *db, const char *key, size_t klen, const char *val, size_t vlen);
/* Key now holds obj (the db owns it from now on, even on failure, when it
 * is freed); any old value and TTL are dropped. */
int db_set_obj(struct db *db, const char *key, size_t klen, enum db_type type, struct db_object *obj);
/* Make string entry *e's value len bytes long, keeping its first bytes
 * (up to the old length) and its TTL, and return the value's bytes for
 * the caller to fill in (INCR, APPEND, SETRANGE edit in place).  *e may
 * move: it is updated.  NULL on OOM (nothing changed). */
char *db_entry_resize(struct db *db, struct db_entry **e, size_t len);
/* 1 if the key existed and is gone, 0 if it was not there. */
int db_delete(struct db *db, const char *key, size_t klen);

/* --- Expiry: absolute Unix times in milliseconds. --- */

/* Give an existing key a deadline: 1, 0 if the key does not exist, -1 on
 * OOM.  A deadline already past is kept; the key dies at its next lookup
 * or expiry cycle (callers that want it gone now delete it). */
int db_set_expire(struct db *db, const char *key, size_t klen, long long when_ms);
/* The key's deadline, -1 if it has none, -2 if the key does not exist. */
long long db_get_expire(struct db *db, const char *key, size_t klen);
/* Drop the key's deadline: 1 if it had one, else 0. */
int db_persist(struct db *db, const char *key, size_t klen);
/* One round of active expiry: look at up to `samples` random keys that
 * have a deadline and remove those past it.  Returns how many it looked
 * at (*expired: how many it removed); 0 when no key has a deadline. */
int db_expire_sample(struct db *db, int samples, int *expired);
size_t db_expires_size(const struct db *db);

/* --- Whole-keyspace operations. --- */

size_t db_size(const struct db *db);
/* A random live key (expired ones met on the way are removed), NULL if
 * none. */
struct db_entry *db_random(struct db *db);
/* Call fn on every live entry; fn must not change the db.  Keys past
 * their deadline but not yet removed are skipped, as Redis's KEYS does. */
typedef void db_entry_fn(struct db_entry *e, void *arg);
void db_foreach(struct db *db, db_entry_fn *fn, void *arg);
/* The same, by key only. */
typedef void db_key_fn(const char *key, size_t klen, void *arg);
void db_foreach_key(struct db *db, db_key_fn *fn, void *arg);
/* One SCAN step (see dict_scan): fn sees the live entries of the
 * cursor's bucket(s); returns the next cursor, 0 when the scan is complete.  Every
 * key present for the whole scan is seen at least once. */
unsigned long db_scan(struct db *db, unsigned long cursor, db_entry_fn *fn, void *arg);

/* Move key's entry (value and TTL) to dst under the name dkey, replacing
 * whatever dkey held: RENAME within a db, MOVE between dbs.  1 on
 * success, 0 if key does not exist, -1 on OOM (nothing changed). */
int db_rename(struct db *src, const char *key, size_t klen,
              struct db *dst, const char *dkey, size_t dklen);
/* Copy key's value and TTL to dst as dkey (replacing it): 1, 0 if key
 * does not exist, -1 on OOM (nothing changed). */
int db_copy(struct db *src, const char *key, size_t klen,
            struct db *dst, const char *dkey, size_t dklen);
/* Exchange the contents of two dbs (SWAPDB); each keeps its id, so the
 * clients of db a now see what was in b. */
void db_swap(struct db *a, struct db *b);
/* Remove every key.  With async set, the keyspace is empty at once and
 * the old entries are freed by a background thread (FLUSHDB ASYNC). */
void db_clear(struct db *db, int async);

#endif
