/* cmd_db.c - sixteen databases, and the commands that move keys around.
 *
 * The server owns c->ndbs databases (16, as Redis); a client works on
 * one of them, c->db, and SELECT n points it at c->dbs[n].  SELECT only
 * changes the client, never the keyspace, so it leaves c->dirty alone:
 * the AOF writer adds a SELECT of its own before any logged command whose
 * client sits in another database than the last one logged.
 *
 * The other commands are thin: the keyspace (shared/db.c) already knows
 * how to move an entry with its TTL (db_rename: RENAME, and MOVE between
 * databases), copy one (COPY), exchange two databases (SWAPDB) and empty
 * one (FLUSHDB/FLUSHALL).  What lives here is Redis's argument checking,
 * its order of checks (which decides which error wins) and its replies.
 *
 * SCAN is KEYS cut into slices: the cursor names a bucket of the hash
 * table (in reverse-binary order, see shared/dict.c dict_scan), each call
 * walks a few buckets and returns where to go on.  Keys are counted as
 * they are met, then filtered by MATCH and TYPE, as Redis does: a call may
 * return fewer keys than COUNT, or none, while the cursor is not 0.
 * Omitted: cluster checks; UNLINK frees at once, not in the background. */
#include "cmd_db.h"

#include "client.h"
#include "cmd.h"
#include "db.h"
#include "num.h"
#include "resp.h"
#include "scan.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define ERR_DB_RANGE "ERR DB index is out of range"
#define ERR_SAME "ERR source and destination objects are the same"

/* ---------------------------------------------------------------------
 * Arguments
 * --------------------------------------------------------------------- */

/* Argument i as a C int, with Redis's two errors: not an integer at all,
 * or an integer beyond int.  A command with its own wording (SWAPDB's
 * "invalid first DB index") passes it as err and gets it for both.
 * 0, or -1 after replying. */
static int arg_int(struct client *c, int i, const char *err, int *out)
{
    long long v;
    if (!num_parse_ll(c->argv[i], c->argvlen[i], &v)) {
        resp_add_error(&c->reply, err ? err : CMD_ERR_NOT_INT);
        return -1;
    }
    if (v < INT_MIN || v > INT_MAX) {
        resp_add_error(&c->reply, err ? err : "ERR value is out of range, value must "
                                              "between -2147483648 and 2147483647");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* The database numbered by argument i, or NULL after replying. */
static struct db *arg_db(struct client *c, int i)
{
    int id;
    if (arg_int(c, i, NULL, &id) < 0)
        return NULL;
    if (id < 0 || id >= c->ndbs) {
        resp_add_error(&c->reply, ERR_DB_RANGE);
        return NULL;
    }
    return c->dbs[id];
}

static int args_equal(const struct client *c, int i, int j)
{
    return c->argvlen[i] == c->argvlen[j] &&
           memcmp(c->argv[i], c->argv[j], c->argvlen[i]) == 0;
}

/* ---------------------------------------------------------------------
 * Choosing and exchanging databases
 * --------------------------------------------------------------------- */

static void cmd_select(struct client *c)
{
    struct db *db = arg_db(c, 1);
    if (!db)
        return;
    c->db = db;
    resp_add_simple(&c->reply, "OK");
}

/* MOVE key db: only when the key is absent there, so nothing is lost. */
static void cmd_move(struct client *c)
{
    struct db *dst = arg_db(c, 2);
    if (!dst)
        return;
    if (dst == c->db) {
        resp_add_error(&c->reply, ERR_SAME);
        return;
    }
    const char *key = c->argv[1];
    size_t klen = c->argvlen[1];
    if (!db_exists(c->db, key, klen) || db_exists(dst, key, klen)) {
        resp_add_integer(&c->reply, 0);
        return;
    }
    if (db_rename(c->db, key, klen, dst, key, klen) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
    resp_add_integer(&c->reply, 1);
}

/* SWAPDB a b.  Swapping a database with itself is a valid no-op that
 * Redis still counts as a change (and logs). */
static void cmd_swapdb(struct client *c)
{
    int a, b;
    if (arg_int(c, 1, "ERR invalid first DB index", &a) < 0 ||
        arg_int(c, 2, "ERR invalid second DB index", &b) < 0)
        return;
    if (a < 0 || a >= c->ndbs || b < 0 || b >= c->ndbs) {
        resp_add_error(&c->reply, ERR_DB_RANGE);
        return;
    }
    if (a != b)
        db_swap(c->dbs[a], c->dbs[b]);
    c->dirty++;
    resp_add_simple(&c->reply, "OK");
}

/* ---------------------------------------------------------------------
 * Emptying databases
 * --------------------------------------------------------------------- */

/* [ASYNC|SYNC]: 1 async, 0 sync, -1 after a syntax error. */
static int flush_mode(struct client *c)
{
    if (c->argc == 1)
        return 0;
    if (c->argc == 2 && client_arg_is(c, 1, "sync"))
        return 0;
    if (c->argc == 2 && client_arg_is(c, 1, "async"))
        return 1;
    resp_add_error(&c->reply, CMD_ERR_SYNTAX);
    return -1;
}

/* Both count the keys they remove, and at least one change: Redis 7
 * logs a flush of an already empty database too (so a replica or an AOF
 * replayed over older data ends up empty as well). */
static void flush_dbs(struct client *c, struct db *const *dbs, int n)
{
    int async = flush_mode(c);
    if (async < 0)
        return;
    long long removed = 0;
    for (int i = 0; i < n; i++) {
        removed += (long long)db_size(dbs[i]);
        db_clear(dbs[i], async);
    }
    c->dirty += removed > 0 ? removed : 1;
    resp_add_simple(&c->reply, "OK");
}

static void cmd_flushdb(struct client *c)
{
    flush_dbs(c, &c->db, 1);
}

static void cmd_flushall(struct client *c)
{
    flush_dbs(c, c->dbs, c->ndbs);
}

/* ---------------------------------------------------------------------
 * One key at a time
 * --------------------------------------------------------------------- */

static void cmd_type(struct client *c)
{
    struct db_entry *e = db_find(c->db, c->argv[1], c->argvlen[1]);
    resp_add_simple(&c->reply, e ? db_type_name(db_entry_type(e)) : "none");
}

/* RENAME (nx = 0) replaces the destination; RENAMENX (nx = 1) leaves an
 * existing one alone and answers 0.  A missing source is an error for
 * both, checked before anything else but the same-name case. */
static void rename_key(struct client *c, int nx)
{
    const char *key = c->argv[1], *dkey = c->argv[2];
    size_t klen = c->argvlen[1], dklen = c->argvlen[2];
    if (!db_exists(c->db, key, klen)) {
        resp_add_error(&c->reply, "ERR no such key");
        return;
    }
    if (args_equal(c, 1, 2)) { /* nothing to do; RENAMENX found it taken */
        if (nx)
            resp_add_integer(&c->reply, 0);
        else
            resp_add_simple(&c->reply, "OK");
        return;
    }
    if (nx && db_exists(c->db, dkey, dklen)) {
        resp_add_integer(&c->reply, 0);
        return;
    }
    if (db_rename(c->db, key, klen, c->db, dkey, dklen) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
    if (nx)
        resp_add_integer(&c->reply, 1);
    else
        resp_add_simple(&c->reply, "OK");
}

static void cmd_rename(struct client *c)
{
    rename_key(c, 0);
}

static void cmd_renamenx(struct client *c)
{
    rename_key(c, 1);
}

/* COPY source destination [DB n] [REPLACE]: options in any order, each
 * checked as it is met, so "DB 99 bogus" fails on the range first. */
static void cmd_copy(struct client *c)
{
    struct db *dst = c->db;
    int replace = 0;
    for (int i = 3; i < c->argc; i++) {
        if (client_arg_is(c, i, "replace"))
            replace = 1;
        else if (client_arg_is(c, i, "db") && i + 1 < c->argc) {
            if (!(dst = arg_db(c, ++i)))
                return;
        } else {
            resp_add_error(&c->reply, CMD_ERR_SYNTAX);
            return;
        }
    }
    if (dst == c->db && args_equal(c, 1, 2)) {
        resp_add_error(&c->reply, ERR_SAME);
        return;
    }
    const char *key = c->argv[1], *dkey = c->argv[2];
    size_t klen = c->argvlen[1], dklen = c->argvlen[2];
    if (!db_exists(c->db, key, klen) || (!replace && db_exists(dst, dkey, dklen))) {
        resp_add_integer(&c->reply, 0);
        return;
    }
    if (db_copy(c->db, key, klen, dst, dkey, dklen) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
    resp_add_integer(&c->reply, 1);
}

/* UNLINK is DEL whose freeing Redis does in the background; here the
 * values are freed at once, which only matters for huge values. */
static void cmd_unlink(struct client *c)
{
    long long n = 0;
    for (int i = 1; i < c->argc; i++)
        n += db_delete(c->db, c->argv[i], c->argvlen[i]);
    c->dirty += n;
    resp_add_integer(&c->reply, n);
}

/* TOUCH would refresh access times for LRU eviction, which rung does not
 * keep; what is left is counting the keys that exist (twice if named
 * twice, as EXISTS). */
static void cmd_touch(struct client *c)
{
    long long n = 0;
    for (int i = 1; i < c->argc; i++)
        n += db_exists(c->db, c->argv[i], c->argvlen[i]);
    resp_add_integer(&c->reply, n);
}

static void cmd_randomkey(struct client *c)
{
    struct db_entry *e = db_random(c->db);
    if (!e) {
        resp_add_nil(&c->reply, c->resp);
        return;
    }
    size_t klen;
    const char *key = db_entry_key(e, &klen);
    resp_add_bulk(&c->reply, key, klen);
}

/* ---------------------------------------------------------------------
 * SCAN
 * --------------------------------------------------------------------- */

/* Does the entry's type name equal the TYPE argument, ignoring case? */
static int type_matches(const struct scan_args *s, const struct db_entry *e)
{
    const char *name = db_type_name(db_entry_type(e));
    if (strlen(name) != s->tlen)
        return 0;
    for (size_t i = 0; i < s->tlen; i++) {
        char a = name[i], b = s->type[i];
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

static void scan_collect(struct db_entry *e, void *arg)
{
    struct scan_args *s = arg;
    size_t klen;
    const char *key = db_entry_key(e, &klen);
    s->seen++;
    if (!scan_matches(s, key, klen) || (s->type && !type_matches(s, e)))
        return;
    if (resp_add_bulk(&s->out, key, klen) == 0)
        s->kept++; /* the header must count exactly what follows */
}

/* SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (shared/scan.c
 * has the rules common to SCAN and HSCAN). */
static void cmd_scan(struct client *c)
{
    unsigned long cursor;
    long long steps = 0;
    struct scan_args s = {0};
    if (scan_cursor(c, 1, &cursor) < 0 || scan_options(c, 2, 1, &s) < 0)
        return;
    do
        cursor = db_scan(c->db, cursor, scan_collect, &s);
    while (scan_more(&s, cursor, &steps));
    scan_reply(c, cursor, &s, 1);
}

const struct cmd cmd_db_group[] = {
    {"select", cmd_select, 2, "loading stale fast", 0, 0, 0},
    {"move", cmd_move, 3, "write fast", 1, 1, 1},
    {"swapdb", cmd_swapdb, 3, "write fast", 0, 0, 0},
    {"flushdb", cmd_flushdb, -1, "write", 0, 0, 0},
    {"flushall", cmd_flushall, -1, "write", 0, 0, 0},
    {"type", cmd_type, 2, "readonly fast", 1, 1, 1},
    {"rename", cmd_rename, 3, "write", 1, 2, 1},
    {"renamenx", cmd_renamenx, 3, "write fast", 1, 2, 1},
    {"randomkey", cmd_randomkey, 1, "readonly", 0, 0, 0},
    {"copy", cmd_copy, -3, "write denyoom", 1, 2, 1},
    {"unlink", cmd_unlink, -2, "write fast", 1, -1, 1},
    {"touch", cmd_touch, -2, "readonly fast", 1, -1, 1},
    {"scan", cmd_scan, -2, "readonly", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
