/* hash.h - the hash value type: binary-safe fields mapped to values. */
#ifndef HASH_H
#define HASH_H

#include "db.h"

#include <stddef.h>
#include <stdint.h>

/* Redis's hash-max-listpack-entries and hash-max-listpack-value: a hash
 * stays packed while it has at most this many fields and every field and
 * value is at most this many bytes. */
#define HASH_PACKED_MAX_FIELDS 128
#define HASH_PACKED_MAX_LEN 64

struct dict;

/* A hash lives in the keyspace as a db_object: base comes first, so the
 * db's object pointer is the hash's.  Everything after base is private to
 * hash.c; use the functions below. */
struct hash {
    struct db_object base;
    struct dict *dict;       /* the large encoding; NULL while packed */
    unsigned char *packed;   /* the small one: pairs, NULL while empty */
    uint32_t packed_len;     /* bytes in packed */
    uint32_t packed_count;   /* pairs in packed */
};

/* Called with one field and its value; the pointers are valid until the
 * hash is next changed. */
typedef void hash_field_fn(const char *field, size_t flen, const char *val,
                           size_t vlen, void *arg);

/* An empty hash (packed), NULL on OOM.  Free it with hash_free unless the
 * db owns it (db_set_obj), which frees it through base.ops. */
struct hash *hash_new(void);
void hash_free(struct hash *h);
/* A deep copy, NULL on OOM. */
struct hash *hash_dup(const struct hash *h);

/* Field now holds this value: 1 if the field is new, 0 if it was updated,
 * -1 on OOM (the hash is as it was).  The bytes are copied. */
int hash_set(struct hash *h, const char *field, size_t flen, const char *val, size_t vlen);
/* 1 and the value (valid until the next change) if field is present. */
int hash_get(struct hash *h, const char *field, size_t flen, const char **val, size_t *vlen);
/* 1 if the field was there and is gone, else 0. */
int hash_del(struct hash *h, const char *field, size_t flen);
size_t hash_len(const struct hash *h);
/* "listpack" or "hashtable", as OBJECT ENCODING names them. */
const char *hash_encoding(const struct hash *h);

/* Call fn on every field; fn must not change the hash. */
void hash_foreach(const struct hash *h, hash_field_fn *fn, void *arg);
/* One HSCAN step from cursor (start at 0): fn sees some fields, the return
 * is the next cursor, 0 when done.  A packed hash is visited whole at once
 * whatever the cursor.  Every field present for the whole scan is seen at
 * least once; fn must not change the hash. */
unsigned long hash_scan(struct hash *h, unsigned long cursor, hash_field_fn *fn, void *arg);
/* One random field: 1 and its field and value, 0 if the hash is empty. */
int hash_random(struct hash *h, const char **field, size_t *flen,
                const char **val, size_t *vlen);
/* HRANDFIELD's choice of fields: with unique, min(count, len) distinct
 * fields; without, count fields that may repeat (none if the hash is
 * empty).  fn sees each choice; returns how many there were, 0 on OOM
 * (before fn was called).  fn must not change the hash. */
size_t hash_random_fields(struct hash *h, size_t count, int unique, hash_field_fn *fn, void *arg);

#endif
