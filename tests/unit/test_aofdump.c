/* test_aofdump.c - unit tests of shared/aofdump.c: the keyspace written
 * out as the commands that rebuild it.
 *
 * What this file proves: aofdump_write turns every live key of a set of
 * dbs into SELECT/SET/HSET/PEXPIREAT commands that aof_load replays into
 * the same keyspace - every key with its type, its value or every field,
 * and its deadline - and nothing else: a key past its deadline is left
 * out, an empty db gets no SELECT.  The commands have the promised shape:
 * HSETs of at most AOFDUMP_ITEMS_PER_CMD fields (all full but the last),
 * a PEXPIREAT right after its key's SET/HSET, one SELECT per non-empty db.
 * Values are binary (NUL, CR, LF), empty, and longer than the 64 KB write
 * chunk, so every path of the writer runs.  The apply() of the tests
 * interprets the commands itself (db_set, hash_new/hash_set + db_set_obj,
 * db_set_expire) into fresh dbs, which are then compared with the
 * originals key by key.  Time is frozen with the fake clock, so "expired"
 * and "at its deadline" are exact.  A bad fd gives -1 with errno. */
#include "aofdump.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aof.h"
#include "clock.h"
#include "db.h"
#include "hash.h"
#include "test.h"

#define NDBS 4
#define NOW 1700000000000LL /* the frozen clock, Unix ms */
#define BIG (200 * 1000)    /* longer than the writer's 64 KB chunk */

#define K(s) s, strlen(s)

/* ------------------------------------------------------------------------
 * The keyspace to dump
 * ------------------------------------------------------------------------ */

/* What fill() made: live keys per db, and the total. */
struct made {
    size_t live[NDBS];
    size_t total;
};

/* A hash of n fields "f<i>" -> "v<i>" (binary-spiced every 7th). */
static struct hash *hash_of(size_t n)
{
    struct hash *h = hash_new();
    char f[32], v[32];

    CHECK(h != NULL);
    for (size_t i = 0; h && i < n; i++) {
        int fl = snprintf(f, sizeof f, "f%zu", i);
        int vl = snprintf(v, sizeof v, "v%zu", i);
        if (i % 7 == 3)
            v[0] = '\0', f[fl++] = '\n';
        CHECK(hash_set(h, f, (size_t)fl, v, (size_t)vl) == 1);
    }
    return h;
}

static void add_hash(struct db *db, const char *key, size_t klen, size_t n)
{
    CHECK(db_set_obj(db, key, klen, DB_HASH, &hash_of(n)->base) == 0);
}

/* db 0: strings of every kind, small hashes, deadlines (one passed, one
 * exactly now); db 1: empty; db 2: big hashes and big values; db 3: a
 * few hundred small keys, so the 64 KB buffer drains between keys. */
static void fill(struct db **dbs, struct made *m, char *big)
{
    struct db *d0 = dbs[0], *d2 = dbs[2], *d3 = dbs[3];

    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < BIG; i++)
        big[i] = "ab\0\r\ncd\n\r"[i % 9];

    CHECK(db_set(d0, K("plain"), K("hello")) == 0);
    CHECK(db_set(d0, K("empty"), "", 0) == 0);
    CHECK(db_set(d0, "bin\0key\r\n", 9, "v\0\r\n\0", 5) == 0);
    CHECK(db_set(d0, K("crlf"), K("\r\n*1\r\n$3\r\nDEL\r\n")) == 0);
    CHECK(db_set(d0, "", 0, K("empty key")) == 0);
    add_hash(d0, K("h1"), 1);
    add_hash(d0, K("h64"), 64);
    CHECK(db_set(d0, K("ttl"), K("soon")) == 0);
    CHECK(db_set_expire(d0, K("ttl"), NOW + 60000) == 1);
    add_hash(d0, K("httl"), 3);
    CHECK(db_set_expire(d0, K("httl"), NOW + 1) == 1);
    CHECK(db_set(d0, K("now"), K("dies after this ms")) == 0);
    CHECK(db_set_expire(d0, K("now"), NOW) == 1); /* still alive */
    CHECK(db_set(d0, K("dead"), K("gone")) == 0);
    CHECK(db_set_expire(d0, K("dead"), NOW - 1) == 1); /* kept, not live */
    add_hash(d0, K("hdead"), 65);
    CHECK(db_set_expire(d0, K("hdead"), NOW - 1000) == 1);
    m->live[0] = 10;

    add_hash(d2, K("h65"), 65);
    add_hash(d2, K("h200"), 200);
    CHECK(db_set_expire(d2, K("h200"), NOW + 3600000) == 1);
    CHECK(db_set(d2, K("big"), big, BIG) == 0);
    CHECK(db_set_expire(d2, K("big"), NOW + 5) == 1);
    CHECK(db_set(d2, K("big2"), big + 1, BIG - 1) == 0);
    struct hash *h = hash_of(2);
    CHECK(hash_set(h, K("bigfield"), big, BIG) == 1);
    CHECK(hash_set(h, big, 70000, K("bigname")) == 1);
    CHECK(db_set_obj(d2, K("hbig"), DB_HASH, &h->base) == 0);
    m->live[2] = 5;

    for (int i = 0; i < 300; i++) {
        char key[32], val[600];
        int kl = snprintf(key, sizeof key, "k:%d", i);
        memset(val, 'a' + i % 26, sizeof val);
        CHECK(db_set(d3, key, (size_t)kl, val, (size_t)(i * 2)) == 0);
        if (i % 5 == 0)
            CHECK(db_set_expire(d3, key, (size_t)kl, NOW + i) == 1);
    }
    m->live[3] = 300;
    m->total = m->live[0] + m->live[2] + m->live[3];
}

/* ------------------------------------------------------------------------
 * Replaying: an apply() that rebuilds the keyspace and checks the shape
 * ------------------------------------------------------------------------ */

struct replay {
    struct db **dbs;      /* rebuilt dbs, NDBS of them */
    const size_t *live;   /* live keys per original db */
    int cur;              /* SELECTed db, -1 before the first SELECT */
    int selects;          /* SELECT commands seen */
    int commands;
    char last[128];       /* key of the last SET/HSET (binary, prefix) */
    size_t lastlen;
    int last_has_ttl;     /* a PEXPIREAT already followed it */
    size_t last_chunk;    /* fields in the last HSET, 0 after a SET */
    int bad;              /* shape errors found */
};

static int is(const char *arg, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(arg, name, len) == 0;
}

#define SHAPE(cond, ...)                                        \
    do {                                                        \
        if (!(cond)) {                                          \
            r->bad++;                                           \
            fprintf(stderr, "     shape: " __VA_ARGS__);        \
            fputc('\n', stderr);                                \
        }                                                       \
    } while (0)

static long long number(const char *s, size_t len)
{
    char tmp[32];
    char *end;
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    long long v = strtoll(tmp, &end, 10);
    return *end ? -1 : v;
}

static int same_key(const struct replay *r, const char *key, size_t klen)
{
    return klen == r->lastlen && klen <= sizeof r->last &&
           memcmp(key, r->last, klen) == 0;
}

static void remember_key(struct replay *r, const char *key, size_t klen)
{
    r->lastlen = klen;
    memcpy(r->last, key, klen < sizeof r->last ? klen : sizeof r->last);
    r->last_has_ttl = 0;
}

static int apply_select(struct replay *r, int argc, const char **argv,
                        const size_t *len)
{
    SHAPE(argc == 2, "SELECT with %d arguments", argc);
    long long id = argc == 2 ? number(argv[1], len[1]) : -1;
    SHAPE(id > r->cur && id < NDBS, "SELECT %lld after db %d", id, r->cur);
    if (id <= r->cur || id >= NDBS)
        return -1;
    SHAPE(r->live[id] > 0, "SELECT of db %lld, which has no live key", id);
    r->last_chunk = 0;
    r->cur = (int)id;
    r->selects++;
    r->lastlen = (size_t)-1;
    return 0;
}

static int apply_set(struct replay *r, int argc, const char **argv,
                     const size_t *len)
{
    SHAPE(argc == 3, "SET with %d arguments", argc);
    if (argc != 3)
        return -1;
    SHAPE(!db_exists(r->dbs[r->cur], argv[1], len[1]), "key written twice");
    remember_key(r, argv[1], len[1]);
    r->last_chunk = 0;
    return db_set(r->dbs[r->cur], argv[1], len[1], argv[2], len[2]);
}

/* An HSET continues the hash before it only while that one's chunks are
 * full; a full chunk promises another HSET of the same key or nothing. */
static int apply_hset(struct replay *r, int argc, const char **argv,
                      const size_t *len)
{
    size_t fields = argc >= 2 ? (size_t)(argc - 2) / 2 : 0;
    SHAPE(argc >= 4 && argc % 2 == 0, "HSET with %d arguments", argc);
    SHAPE(fields <= AOFDUMP_ITEMS_PER_CMD, "HSET with %zu fields", fields);
    if (argc < 4 || argc % 2)
        return -1;
    struct db *db = r->dbs[r->cur];
    struct db_entry *e;
    int found = db_find_typed(db, argv[1], len[1], DB_HASH, &e);
    int cont = r->last_chunk > 0 && same_key(r, argv[1], len[1]) &&
               !r->last_has_ttl;
    SHAPE(found == (cont ? 1 : 0), "HSET of a key seen before, not right after");
    SHAPE(!cont || r->last_chunk == AOFDUMP_ITEMS_PER_CMD,
          "HSET continues a chunk of %zu fields", r->last_chunk);
    struct hash *h;
    if (found == 1) {
        h = (struct hash *)db_entry_obj(e);
    } else {
        if (found != 0 || !(h = hash_new()))
            return -1;
        if (db_set_obj(db, argv[1], len[1], DB_HASH, &h->base) < 0)
            return -1;
    }
    for (int i = 2; i < argc; i += 2)
        SHAPE(hash_set(h, argv[i], len[i], argv[i + 1], len[i + 1]) == 1,
              "field written twice");
    remember_key(r, argv[1], len[1]);
    r->last_chunk = fields;
    return 0;
}

static int apply_pexpireat(struct replay *r, int argc, const char **argv,
                           const size_t *len)
{
    SHAPE(argc == 3, "PEXPIREAT with %d arguments", argc);
    if (argc != 3)
        return -1;
    SHAPE(same_key(r, argv[1], len[1]) && !r->last_has_ttl,
          "PEXPIREAT not right after its key's SET/HSET");
    long long when = number(argv[2], len[2]);
    SHAPE(when >= NOW, "PEXPIREAT %lld: already dead", when);
    r->last_has_ttl = 1;
    r->last_chunk = 0;
    return db_set_expire(r->dbs[r->cur], argv[1], len[1], when) == 1 ? 0 : -1;
}

static int replay_apply(int argc, const char **argv, const size_t *len,
                        void *arg)
{
    struct replay *r = arg;
    r->commands++;
    if (is(argv[0], len[0], "SELECT"))
        return apply_select(r, argc, argv, len);
    SHAPE(r->cur >= 0, "a command before the first SELECT");
    if (r->cur < 0)
        return -1;
    if (is(argv[0], len[0], "SET"))
        return apply_set(r, argc, argv, len);
    if (is(argv[0], len[0], "HSET"))
        return apply_hset(r, argc, argv, len);
    if (is(argv[0], len[0], "PEXPIREAT"))
        return apply_pexpireat(r, argc, argv, len);
    SHAPE(0, "unexpected command %.*s", (int)len[0], argv[0]);
    return -1;
}

/* ------------------------------------------------------------------------
 * Comparing
 * ------------------------------------------------------------------------ */

struct cmp {
    struct hash *other;
    size_t missing;
};

static void field_in_other(const char *f, size_t flen, const char *v,
                           size_t vlen, void *arg)
{
    struct cmp *c = arg;
    const char *ov;
    size_t ovlen;
    if (!hash_get(c->other, f, flen, &ov, &ovlen) || ovlen != vlen ||
        (vlen && memcmp(ov, v, vlen) != 0))
        c->missing++;
}

struct against {
    struct db *orig, *copy;
    size_t seen, differ;
};

/* Called on every live key of an original db: the copy has it alike. */
static void key_in_copy(struct db_entry *e, void *arg)
{
    struct against *a = arg;
    size_t klen;
    const char *key = db_entry_key(e, &klen);
    struct db_entry *c = db_find(a->copy, key, klen);

    a->seen++;
    if (!c || db_entry_type(c) != db_entry_type(e) ||
        db_entry_expire(a->copy, c) != db_entry_expire(a->orig, e)) {
        a->differ++;
        fprintf(stderr, "     key %.*s: missing, type or deadline differs\n",
                (int)(klen > 40 ? 40 : klen), key);
        return;
    }
    if (db_entry_type(e) == DB_STRING) {
        size_t l1, l2;
        const char *v1 = db_entry_str(e, &l1), *v2 = db_entry_str(c, &l2);
        if (l1 != l2 || (l1 && memcmp(v1, v2, l1) != 0))
            a->differ++;
        return;
    }
    const struct hash *h = (const struct hash *)db_entry_obj(e);
    struct cmp cm = {(struct hash *)db_entry_obj(c), 0};
    hash_foreach(h, field_in_other, &cm);
    if (hash_len(h) != hash_len(cm.other) || cm.missing)
        a->differ++;
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static int temp_file(char *path)
{
    strcpy(path, "/tmp/rung-aofdump-XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    return fd;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void new_dbs(struct db **dbs)
{
    for (int i = 0; i < NDBS; i++) {
        dbs[i] = db_new(i);
        CHECK(dbs[i] != NULL);
    }
}

static void free_dbs(struct db **dbs)
{
    for (int i = 0; i < NDBS; i++)
        db_free(dbs[i]);
}

static void test_round_trip(void)
{
    struct db *orig[NDBS], *copy[NDBS];
    struct made m;
    char path[64], err[AOF_ERR_LEN] = "";
    char *big = malloc(BIG);
    size_t keys = 12345;

    clock_set_fake(NOW);
    new_dbs(orig);
    new_dbs(copy);
    fill(orig, &m, big);
    int fd = temp_file(path);
    errno = 0;
    CHECKF(aofdump_write(fd, orig, NDBS, 0, &keys) == 0, "errno %d", errno);
    CHECKF(keys == m.total, "keys %zu, want %zu", keys, m.total);
    CHECK(close(fd) == 0);
    CHECK(file_size(path) > 2 * BIG);
    CHECK(aof_check(path, err) == 0);

    struct replay r = {.dbs = copy, .live = m.live, .cur = -1};
    CHECKF(aof_load(path, replay_apply, &r, err) == 0, "load: %s", err);
    CHECKF(r.bad == 0, "%d shape errors", r.bad);
    CHECK(r.selects == 3); /* dbs 0, 2, 3: not the empty db 1 */
    for (int i = 0; i < NDBS; i++) {
        struct against a = {orig[i], copy[i], 0, 0};
        db_foreach(orig[i], key_in_copy, &a);
        CHECKF(a.seen == m.live[i] && a.differ == 0,
               "db %d: %zu keys seen, %zu differ", i, a.seen, a.differ);
        CHECKF(db_size(copy[i]) == m.live[i], "db %d: %zu keys rebuilt", i,
               db_size(copy[i]));
    }
    CHECK(!db_exists(copy[0], K("dead")) && !db_exists(copy[0], K("hdead")));
    CHECK(db_get_expire(copy[0], K("now")) == NOW);
    CHECK(db_get_expire(copy[2], K("h200")) == NOW + 3600000);
    CHECK(db_get_expire(copy[2], K("big2")) == -1);
    /* commands: 3 SELECT; db 0: 7 SET + HSETs 1+1+1 (h1, h64, httl) +
     * 3 PEXPIREAT; db 2: 2 SET + HSETs 2+4+1 (h65, h200, hbig) + 2
     * PEXPIREAT; db 3: 300 SET + 60 PEXPIREAT. */
    CHECKF(r.commands == 3 + (7 + 3 + 3) + (2 + 7 + 2) + (300 + 60),
           "%d commands", r.commands);
    CHECK(unlink(path) == 0);
    free_dbs(orig);
    free_dbs(copy);
    free(big);
    clock_use_real();
}

/* Nothing live: an empty file, no SELECT, *keys 0 (and keys may be NULL). */
static void test_nothing_live(void)
{
    struct db *dbs[NDBS];
    char path[64];
    size_t keys = 99;

    clock_set_fake(NOW);
    new_dbs(dbs);
    int fd = temp_file(path);
    CHECK(aofdump_write(fd, dbs, NDBS, 0, &keys) == 0 && keys == 0);
    CHECK(aofdump_write(fd, dbs, 0, 0, NULL) == 0);
    CHECK(file_size(path) == 0);
    db_set(dbs[1], K("k"), K("v"));
    CHECK(aofdump_write(fd, dbs, 1, 0, &keys) == 0 && keys == 0); /* db 0 */
    CHECK(file_size(path) == 0);
    CHECK(aofdump_write(fd, dbs + 1, 1, 0, NULL) == 0);
    static const char want[] = "*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n"
                               "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
    char got[sizeof want];
    CHECK(file_size(path) == (long long)sizeof want - 1);
    CHECK(pread(fd, got, sizeof got, 0) == (ssize_t)sizeof want - 1 &&
          memcmp(got, want, sizeof want - 1) == 0);
    close(fd);
    CHECK(unlink(path) == 0);
    free_dbs(dbs);
    clock_use_real();
}

/* delay_us sleeps after each key written. */
static void test_delay(void)
{
    struct db *db = db_new(5);
    char path[64];
    size_t keys = 0;

    for (int i = 0; i < 5; i++) {
        char k[8];
        db_set(db, k, (size_t)snprintf(k, sizeof k, "k%d", i), K("v"));
    }
    int fd = temp_file(path);
    long long t0 = clock_us();
    CHECK(aofdump_write(fd, &db, 1, 4000, &keys) == 0 && keys == 5);
    long long took = clock_us() - t0;
    CHECKF(took >= 5 * 4000, "took %lld us", took);
    close(fd);
    CHECK(unlink(path) == 0);
    db_free(db);
}

/* A closed fd, a bad fd, a full disk: -1 with errno. */
static void test_bad_fd(void)
{
    struct db *db = db_new(0);
    char path[64];
    size_t keys = 7;

    db_set(db, K("k"), K("v"));
    int fd = temp_file(path);
    close(fd);
    errno = 0;
    CHECK(aofdump_write(fd, &db, 1, 0, &keys) == -1 && errno == EBADF);
    errno = 0;
    CHECK(aofdump_write(-1, &db, 1, 0, NULL) == -1 && errno == EBADF);
    fd = open(path, O_RDONLY); /* not open for writing */
    errno = 0;
    CHECK(aofdump_write(fd, &db, 1, 0, NULL) == -1 && errno == EBADF);
    close(fd);
    fd = open("/dev/full", O_WRONLY);
    if (fd >= 0) {
        errno = 0;
        CHECK(aofdump_write(fd, &db, 1, 0, NULL) == -1 && errno == ENOSPC);
        close(fd);
    }
    CHECK(unlink(path) == 0);
    db_free(db);
}

int main(void)
{
    test_round_trip();
    test_nothing_live();
    test_delay();
    test_bad_fd();
    return test_report();
}
