/* cmd_kv.c - the first keyspace commands: GET, SET, DEL, EXISTS.
 *
 * Each handler reads its arguments from the client (already arity-checked
 * by cmd_resolve), works on c->db and appends exactly one reply.  The
 * reply values are Redis's: SET answers +OK, GET a bulk string or the
 * null bulk, DEL and EXISTS count the keys (EXISTS counts a key named
 * twice twice, as Redis does).  SET's options (EX, NX, ...) arrive with
 * expiry in stage 07; until then an extra argument is a syntax error. */
#include "cmd_kv.h"

#include "client.h"
#include "cmd.h"
#include "db.h"
#include "resp.h"

static void cmd_get(struct client *c)
{
    struct db_entry *e = db_find(c->db, c->argv[1], c->argvlen[1]);
    size_t vlen;
    if (!e)
        resp_add_nil(&c->reply, c->resp);
    else if (db_entry_type(e) != DB_STRING) /* from stage 09 on */
        resp_add_error(&c->reply, CMD_ERR_WRONGTYPE);
    else {
        const char *val = db_entry_str(e, &vlen);
        resp_add_bulk(&c->reply, val, vlen);
    }
}

static void cmd_set(struct client *c)
{
    if (c->argc != 3) {
        resp_add_error(&c->reply, CMD_ERR_SYNTAX);
        return;
    }
    if (db_set(c->db, c->argv[1], c->argvlen[1], c->argv[2], c->argvlen[2]) < 0)
        resp_add_error(&c->reply, CMD_ERR_OOM);
    else {
        c->dirty++;
        resp_add_simple(&c->reply, "OK");
    }
}

static void cmd_del(struct client *c)
{
    long long n = 0;
    for (int i = 1; i < c->argc; i++)
        n += db_delete(c->db, c->argv[i], c->argvlen[i]);
    c->dirty += n;
    resp_add_integer(&c->reply, n);
}

static void cmd_exists(struct client *c)
{
    long long n = 0;
    for (int i = 1; i < c->argc; i++)
        n += db_exists(c->db, c->argv[i], c->argvlen[i]);
    resp_add_integer(&c->reply, n);
}

const struct cmd cmd_kv_group[] = {
    {"get", cmd_get, 2, "readonly fast", 1, 1, 1},
    {"set", cmd_set, -3, "write denyoom", 1, 1, 1},
    {"del", cmd_del, -2, "write", 1, -1, 1},
    {"exists", cmd_exists, -2, "readonly fast", 1, -1, 1},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
