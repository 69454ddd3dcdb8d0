/* cmd_keys.c - commands over the whole keyspace: KEYS, DBSIZE, FLUSHDB, FLUSHALL.
 *
 * KEYS walks every key and keeps those that match a glob pattern
 * (shared/glob.c).  The reply's array header must state the count before
 * the keys, so matches are written to a scratch buffer first and copied
 * after the header: one pass over the table, no list of pointers.  KEYS
 * is O(number of keys) and blocks everyone else while it runs - which is
 * why SCAN exists (a later stage).
 *
 * FLUSHDB and FLUSHALL take an optional ASYNC or SYNC, as in Redis 7.
 * With a single database (until the databases stage) they do the same. */
#include "cmd_keys.h"

#include "client.h"
#include "cmd.h"
#include "db.h"
#include "glob.h"
#include "resp.h"

struct keys_ctx {
    const char *pattern;
    size_t plen;
    int all;          /* the pattern is "*": skip matching */
    size_t count;
    struct buf out;   /* the matching keys as bulk strings */
};

static void collect_key(const char *key, size_t klen, void *arg)
{
    struct keys_ctx *k = arg;
    if (k->all || glob_match(k->pattern, k->plen, key, klen, 0)) {
        if (resp_add_bulk(&k->out, key, klen) == 0)
            k->count++; /* the header must count exactly what follows */
    }
}

static void cmd_keys(struct client *c)
{
    struct keys_ctx k = {c->argv[1], c->argvlen[1], 0, 0, {0}};
    k.all = k.plen == 1 && k.pattern[0] == '*';
    db_foreach_key(c->db, collect_key, &k);
    resp_add_array(&c->reply, k.count);
    buf_append(&c->reply, k.out.data, k.out.len);
    buf_free(&k.out);
}

static void cmd_dbsize(struct client *c)
{
    resp_add_integer(&c->reply, (long long)db_size(c->db));
}

/* FLUSHDB / FLUSHALL [ASYNC|SYNC] */
static void cmd_flushdb(struct client *c)
{
    int async = 0;
    if (c->argc == 2 && client_arg_is(c, 1, "async"))
        async = 1;
    else if (c->argc > 2 || (c->argc == 2 && !client_arg_is(c, 1, "sync"))) {
        resp_add_error(&c->reply, CMD_ERR_SYNTAX);
        return;
    }
    c->dirty += db_size(c->db);
    db_clear(c->db, async);
    resp_add_simple(&c->reply, "OK");
}

const struct cmd cmd_keys_group[] = {
    {"keys", cmd_keys, 2, "readonly", 0, 0, 0},
    {"dbsize", cmd_dbsize, 1, "readonly fast", 0, 0, 0},
    {"flushdb", cmd_flushdb, -1, "write", 0, 0, 0},
    {"flushall", cmd_flushdb, -1, "write", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
