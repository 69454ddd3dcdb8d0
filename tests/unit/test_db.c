/* test_db.c - the keyspace: values, deadlines, expiry, moves between dbs.
 *
 * Time is frozen with the fake clock (shared/clock.c), so "a key set to
 * die in 100 ms" is tested by moving the clock 100 ms, not by sleeping -
 * exact and instant.  A counting object type stands in for hashes, so
 * the tests can see that every non-string value is freed exactly once
 * (and copied when COPY asks), whichever path removes it. */
#include "clock.h"
#include "db.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int objects_alive;

static void counted_free(struct db_object *o)
{
    objects_alive--;
    free(o);
}

static struct db_object *counted_dup(const struct db_object *o);
static const struct db_value_ops counted_ops = {counted_free, counted_dup};

static struct db_object *counted_new(void)
{
    struct db_object *o = malloc(sizeof *o);
    o->ops = &counted_ops;
    objects_alive++;
    return o;
}

static struct db_object *counted_dup(const struct db_object *o)
{
    (void)o;
    return counted_new();
}

/* Keys the expired hook reported, joined with spaces. */
static char expired_log[4096];

static void on_expired(struct db *db, const char *key, size_t klen, void *arg)
{
    (void)arg;
    size_t n = strlen(expired_log);
    snprintf(expired_log + n, sizeof expired_log - n, "%d:%.*s ", db_id(db), (int)klen, key);
}

static int get_is(struct db *db, const char *key, const char *want)
{
    const char *v;
    size_t vlen;
    if (!db_get(db, key, strlen(key), &v, &vlen))
        return want == NULL;
    return want && vlen == strlen(want) && memcmp(v, want, vlen) == 0;
}

#define K(s) s, strlen(s)

static void test_strings_and_types(void)
{
    struct db *db = db_new(0);
    CHECK(db_set(db, K("a"), K("1")) == 0);
    CHECK(get_is(db, "a", "1"));
    CHECK(db_set(db, K("a"), K("22")) == 0);
    CHECK(get_is(db, "a", "22"));
    CHECK(db_size(db) == 1);
    CHECK(db_set(db, "b\0c", 3, "x\0y", 3) == 0);
    const char *v;
    size_t vlen;
    CHECK(db_get(db, "b\0c", 3, &v, &vlen) && vlen == 3 && memcmp(v, "x\0y", 3) == 0);
    CHECK(!db_get(db, "b", 1, &v, &vlen));

    CHECK(db_set_obj(db, K("h"), DB_HASH, counted_new()) == 0);
    struct db_entry *e = db_find(db, K("h"));
    CHECK(e && db_entry_type(e) == DB_HASH && db_entry_obj(e)->ops == &counted_ops);
    CHECK(strcmp(db_type_name(db_entry_type(e)), "hash") == 0);
    CHECK(!db_get(db, K("h"), &v, &vlen)); /* not a string */
    CHECK(db_set(db, K("h"), K("now a string")) == 0);
    CHECK(objects_alive == 0);             /* the overwritten hash was freed */
    CHECK(db_set_obj(db, K("h2"), DB_HASH, counted_new()) == 0);
    CHECK(db_delete(db, K("h2")) == 1 && objects_alive == 0);
    CHECK(db_delete(db, K("h2")) == 0);
    CHECK(db_set_obj(db, K("h3"), DB_HASH, counted_new()) == 0);
    db_free(db);
    CHECK(objects_alive == 0);
}

static void test_deadlines(void)
{
    clock_set_fake(1000000);
    struct db *db = db_new(3);
    expired_log[0] = '\0';
    db_set_expired_hook(db, on_expired, NULL);
    db_set(db, K("k"), K("v"));
    CHECK(db_get_expire(db, K("k")) == -1);
    CHECK(db_get_expire(db, K("missing")) == -2);
    CHECK(db_set_expire(db, K("missing"), 5) == 0);
    CHECK(db_set_expire(db, K("k"), 1000100) == 1);
    CHECK(db_get_expire(db, K("k")) == 1000100);
    CHECK(db_expires_size(db) == 1);
    CHECK(db_set_expire(db, K("k"), 1000200) == 1); /* moved, not added */
    CHECK(db_expires_size(db) == 1);

    /* KEEPTTL keeps the deadline across a new value; SET drops it */
    CHECK(db_set_keepttl(db, K("k"), K("v2")) == 0);
    CHECK(db_get_expire(db, K("k")) == 1000200 && get_is(db, "k", "v2"));
    CHECK(db_set(db, K("k"), K("v3")) == 0);
    CHECK(db_get_expire(db, K("k")) == -1 && db_expires_size(db) == 0);

    /* PERSIST */
    db_set_expire(db, K("k"), 1000300);
    CHECK(db_persist(db, K("k")) == 1 && db_persist(db, K("k")) == 0);
    CHECK(db_get_expire(db, K("k")) == -1);

    /* lazy expiry: alive up to the deadline, gone a ms after, reported */
    db_set_expire(db, K("k"), 1000300);
    clock_advance_fake(300);
    CHECK(get_is(db, "k", "v3"));
    CHECK(expired_log[0] == '\0');
    clock_advance_fake(1);
    CHECK(!db_exists(db, K("k")));
    CHECK(strcmp(expired_log, "3:k ") == 0);
    CHECK(db_size(db) == 0 && db_expires_size(db) == 0);

    /* paused (an AOF replay), a dead key still reads as alive */
    db_set(db, K("p"), K("v"));
    db_set_expire(db, K("p"), clock_unix_ms() + 5);
    clock_advance_fake(6);
    db_pause_expiry(db, 1);
    int dead;
    CHECK(get_is(db, "p", "v") && db_expire_sample(db, 20, &dead) == 0);
    db_pause_expiry(db, 0);
    CHECK(!db_exists(db, K("p")));

    /* a hash with a deadline is freed when it expires */
    db_set_obj(db, K("h"), DB_HASH, counted_new());
    db_set_expire(db, K("h"), clock_unix_ms() + 10);
    clock_advance_fake(11);
    CHECK(db_find(db, K("h")) == NULL && objects_alive == 0);
    db_free(db);
    clock_use_real();
}

/* Active expiry finds dead keys nobody reads; live ones stay. */
static void test_sampling(void)
{
    clock_set_fake(5000000);
    struct db *db = db_new(0);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "key:%d", i);
        db_set(db, K(key), K("v"));
        if (i % 2 == 0)
            db_set_expire(db, K(key), 5000100); /* half die at +100 */
        else if (i % 3 == 0)
            db_set_expire(db, K(key), 9000000); /* some live long */
    }
    int expired, rounds = 0;
    CHECK(db_expire_sample(db, 20, &expired) == 20 && expired == 0);
    clock_advance_fake(101);
    while (db_expires_size(db) > 167 && rounds++ < 10000)
        db_expire_sample(db, 20, &expired);
    CHECKF(db_size(db) == 500, "keys left %zu after %d rounds", db_size(db), rounds);
    CHECK(db_expires_size(db) == 167);
    for (int i = 1; i < 1000; i += 2) {
        snprintf(key, sizeof key, "key:%d", i);
        CHECK(db_exists(db, K(key)));
    }
    /* nothing left to find: sampling reports what it looked at */
    CHECK(db_expire_sample(db, 20, &expired) == 20 && expired == 0);
    db_free(db);
    struct db *empty = db_new(0);
    CHECK(db_expire_sample(empty, 20, &expired) == 0);
    db_free(empty);
    clock_use_real();
}

static void test_rename_copy_swap(void)
{
    clock_set_fake(1000);
    struct db *a = db_new(0), *b = db_new(1);
    db_set(a, K("x"), K("1"));
    db_set_expire(a, K("x"), 5000);
    CHECK(db_rename(a, K("x"), a, K("y")) == 1);
    CHECK(!db_exists(a, K("x")) && get_is(a, "y", "1"));
    CHECK(db_get_expire(a, K("y")) == 5000);
    CHECK(db_rename(a, K("nope"), a, K("z")) == 0);
    CHECK(db_rename(a, K("y"), a, K("y")) == 1 && get_is(a, "y", "1"));

    /* rename over an existing key with a deadline: that deadline goes */
    db_set(a, K("t"), K("old"));
    db_set_expire(a, K("t"), 2000);
    db_persist(a, K("y"));
    CHECK(db_rename(a, K("y"), a, K("t")) == 1);
    CHECK(get_is(a, "t", "1") && db_get_expire(a, K("t")) == -1);
    CHECK(db_expires_size(a) == 0);

    /* move to another db keeps the deadline; the object moves, not copied */
    db_set_obj(a, K("h"), DB_HASH, counted_new());
    db_set_expire(a, K("h"), 7000);
    CHECK(db_rename(a, K("h"), b, K("h")) == 1);
    CHECK(!db_exists(a, K("h")) && db_get_expire(b, K("h")) == 7000);
    CHECK(objects_alive == 1);

    /* copy duplicates the object and the deadline */
    CHECK(db_copy(b, K("h"), a, K("h2")) == 1);
    CHECK(objects_alive == 2 && db_get_expire(a, K("h2")) == 7000);
    CHECK(db_entry_obj(db_find(a, K("h2"))) != db_entry_obj(db_find(b, K("h"))));
    CHECK(db_copy(a, K("t"), b, K("t")) == 1 && get_is(b, "t", "1") && get_is(a, "t", "1"));

    /* swap: contents trade places, ids stay */
    size_t na = db_size(a), nb = db_size(b);
    db_swap(a, b);
    CHECK(db_size(a) == nb && db_size(b) == na && db_id(a) == 0 && db_id(b) == 1);
    CHECK(db_get_expire(a, K("h")) == 7000);

    db_free(a);
    db_free(b);
    CHECK(objects_alive == 0);
    clock_use_real();
}

struct seen {
    char marks[2000];
    int dups;
};

static void mark(struct db_entry *e, void *arg)
{
    struct seen *s = arg;
    size_t klen;
    const char *k = db_entry_key(e, &klen);
    int i = atoi(k + 2);
    if (s->marks[i])
        s->dups++;
    s->marks[i] = 1;
}

/* SCAN sees every key present throughout, while the table grows; dead
 * keys are skipped by every walk. */
static void test_scan_and_walks(void)
{
    clock_set_fake(1000);
    struct db *db = db_new(0);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k:%d", i);
        db_set(db, K(key), K("v"));
    }
    struct seen s = {{0}, 0};
    unsigned long cursor = 0;
    int steps = 0, added = 1000;
    do {
        cursor = db_scan(db, cursor, mark, &s);
        if (added < 2000) { /* grow while scanning */
            snprintf(key, sizeof key, "k:%d", added++);
            db_set(db, K(key), K("v"));
        }
    } while (cursor != 0 && ++steps < 100000);
    int missing = 0;
    for (int i = 0; i < 1000; i++)
        missing += !s.marks[i];
    CHECKF(missing == 0, "%d keys missed by the scan", missing);

    db_set_expire(db, K("k:5"), 1001);
    clock_advance_fake(2);
    struct seen all = {{0}, 0};
    db_foreach(db, mark, &all);
    CHECK(all.marks[5] == 0 && all.marks[6] == 1 && all.dups == 0);
    struct db_entry *r = db_random(db);
    CHECK(r != NULL && db_entry_type(r) == DB_STRING);
    db_clear(db, 1);
    CHECK(db_size(db) == 0 && db_random(db) == NULL && db_expires_size(db) == 0);
    db_set(db, K("after"), K("clear"));
    CHECK(get_is(db, "after", "clear"));
    db_free(db);
    clock_use_real();
}

/* Editing in place: the value grows (moving the entry when its block is
 * full), keeps its bytes and its deadline, and the deadline still finds
 * the entry after a move. */
static void test_resize(void)
{
    clock_set_fake(1000);
    struct db *db = db_new(0);
    db_set(db, K("s"), K("ab"));
    db_set_expire(db, K("s"), 9000);
    struct db_entry *e = db_find(db, K("s"));
    char want[5000];
    size_t len = 2;
    memcpy(want, "ab", 2);
    for (int i = 0; i < 1000 && len + 3 <= sizeof want; i++) {
        char *v = db_entry_resize(db, &e, len + 3);
        CHECK(v != NULL);
        memcpy(v + len, "xyz", 3);
        memcpy(want + len, "xyz", 3);
        len += 3;
    }
    const char *got;
    size_t glen;
    CHECK(db_get(db, K("s"), &got, &glen) && glen == len && memcmp(got, want, len) == 0);
    CHECK(db_find(db, K("s")) == e);
    CHECK(db_get_expire(db, K("s")) == 9000);
    char *v = db_entry_resize(db, &e, 1); /* shrink keeps the first byte */
    CHECK(v && v[0] == 'a' && db_get(db, K("s"), &got, &glen) && glen == 1);
    clock_advance_fake(8001);
    CHECK(!db_exists(db, K("s")) && db_expires_size(db) == 0);
    db_free(db);
    clock_use_real();
}

int main(void)
{
    test_resize();
    test_strings_and_types();
    test_deadlines();
    test_sampling();
    test_rename_copy_swap();
    test_scan_and_walks();
    return test_report();
}
