/* db.h - the keyspace: binary-safe keys mapped to string values. */
#ifndef DB_H
#define DB_H

#include <stddef.h>

struct db;

/* NULL on OOM.  Each db gets its own random hash seed. */
struct db *db_new(void);
void db_free(struct db *db);
/* 1 and the value (owned by the db, valid until the next write to the
 * db) if the key exists, else 0. */
int db_get(struct db *db, const char *key, size_t klen, const char **val, size_t *vlen);
/* Insert or overwrite.  0, or -1 when out of memory (nothing changed). */
int db_set(struct db *db, const char *key, size_t klen, const char *val, size_t vlen);
/* 1 if the key existed and is gone, 0 if it was not there. */
int db_delete(struct db *db, const char *key, size_t klen);
int db_exists(struct db *db, const char *key, size_t klen);
size_t db_size(const struct db *db);
/* Call fn on every key; fn must not change the db.  The key is owned by
 * the db and valid only during the call. */
typedef void db_key_fn(const char *key, size_t klen, void *arg);
void db_foreach_key(struct db *db, db_key_fn *fn, void *arg);
/* Remove every key.  With async set, the keyspace is empty at once and
 * the old entries are freed by a background thread (FLUSHDB ASYNC). */
void db_clear(struct db *db, int async);

#endif
