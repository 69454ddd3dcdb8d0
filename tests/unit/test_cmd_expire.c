/* test_cmd_expire.c - SET's options, GETEX, EXPIRE, TTL... on a frozen clock.
 *
 * Commands go through the real path (inline text -> parser -> table ->
 * handler) with the clock frozen, so deadlines, TTL rounding and the
 * absolute times in the logged form can be checked to the millisecond.
 * After each command the logged form (what the AOF would get) is
 * captured, because its argv points into the query buffer, which is gone
 * once the command has run.  Keys of another type are made with
 * db_set_obj, since no hash command exists at this stage. */
#include "buf.h"
#include "client.h"
#include "clock.h"
#include "cmd.h"
#include "cmd_expire.h"
#include "cmd_kv.h"
#include "db.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define T0 1000000000000LL /* the frozen "now": 2001-09-09, in ms */

static struct buf logged; /* the last command's logged form, "" if none */
static struct buf reply;  /* the last reply, NUL-terminated */

static void append_words(struct buf *b, int argc, const char *const *argv, const size_t *lens)
{
    for (int i = 0; i < argc; i++) {
        if (i)
            buf_append(b, " ", 1);
        buf_append(b, argv[i], lens[i]);
    }
}

/* Run the command, then record how the server would log it: only if it
 * changed something, in log_as's form if it built one. */
static void run_and_capture(struct client *c, const struct cmd *cmd, void *arg)
{
    (void)arg;
    long long dirty = c->dirty;
    cmd->proc(c);
    buf_clear(&logged);
    if (c->dirty != dirty && c->log_as.argc > 0)
        append_words(&logged, c->log_as.argc, c->log_as.argv, c->log_as.argvlen);
    else if (c->dirty != dirty)
        append_words(&logged, c->argc, c->argv, c->argvlen);
    buf_append(&logged, "", 1);
}

/* Send raw protocol bytes; the reply, NUL-terminated, valid until the
 * next call. */
static const char *send_raw(struct client *c, const char *bytes, size_t len)
{
    buf_append(&c->query, bytes, len);
    client_process_input(c, run_and_capture, NULL);
    buf_clear(&reply);
    buf_append(&reply, c->reply.data, c->reply.len);
    buf_append(&reply, "", 1);
    buf_clear(&c->reply);
    return reply.data;
}

/* Send one inline command (words separated by spaces). */
static const char *cmd(struct client *c, const char *line)
{
    struct buf b = {0};
    buf_printf(&b, "%s\r\n", line);
    const char *r = send_raw(c, b.data, b.len);
    buf_free(&b);
    return r;
}

#define EXPECT(c, line, reply) \
    do { \
        const char *got_ = cmd(c, line); \
        CHECKF(strcmp(got_, reply) == 0, "%s: got %s", line, got_); \
    } while (0)
#define LOGGED(text) CHECKF(strcmp(logged.data, text) == 0, "logged \"%s\"", logged.data)

/* A value of another type, for the WRONGTYPE paths. */
static void obj_free(struct db_object *o)
{
    free(o);
}
static struct db_object *obj_dup(const struct db_object *o)
{
    struct db_object *d = malloc(sizeof *d);
    if (d)
        *d = *o;
    return d;
}
static const struct db_value_ops obj_ops = {obj_free, obj_dup};

static void make_hash(struct client *c, const char *key)
{
    struct db_object *o = malloc(sizeof *o);
    o->ops = &obj_ops;
    CHECK(db_set_obj(c->db, key, strlen(key), DB_HASH, o) == 0);
}

static void test_set_options(struct client *c)
{
    EXPECT(c, "SET k v EX 10", "+OK\r\n");
    LOGGED("SET k v PXAT 1000000010000");
    EXPECT(c, "PTTL k", ":10000\r\n");
    EXPECT(c, "set k v px 1500 px 2500", "+OK\r\n");
    LOGGED("SET k v PXAT 1000000002500");
    EXPECT(c, "SET k w KEEPTTL", "+OK\r\n");
    LOGGED("SET k w KEEPTTL");
    EXPECT(c, "PTTL k", ":2500\r\n");
    EXPECT(c, "SET k v", "+OK\r\n");
    LOGGED("SET k v");
    EXPECT(c, "TTL k", ":-1\r\n");
    EXPECT(c, "SET k x NX GET", "$1\r\nv\r\n");
    LOGGED("");
    EXPECT(c, "SET k x NX", "$-1\r\n");
    EXPECT(c, "SET k w XX GET", "$1\r\nv\r\n");
    LOGGED("SET k w");
    EXPECT(c, "SET nokey w XX GET", "$-1\r\n");
    EXPECT(c, "SET nokey w XX", "$-1\r\n");
    EXPECT(c, "EXISTS nokey", ":0\r\n");
    EXPECT(c, "SET k v EXAT 1", "+OK\r\n"); /* stored, then dead at once */
    LOGGED("SET k v PXAT 1000");
    EXPECT(c, "EXISTS k", ":0\r\n");
    EXPECT(c, "SETEX k 10 v", "+OK\r\n");
    LOGGED("SET k v PXAT 1000000010000");
    EXPECT(c, "PSETEX k 10 v", "+OK\r\n");
    LOGGED("SET k v PXAT 1000000000010");
}

static void test_set_errors(struct client *c)
{
    const char *syntax = "-ERR syntax error\r\n", *bad = "-ERR invalid expire time in 'set' command\r\n";
    EXPECT(c, "SET k v NX XX", syntax);
    EXPECT(c, "SET k v EX 10 PX 10", syntax);
    EXPECT(c, "SET k v EX 10 KEEPTTL", syntax);
    EXPECT(c, "SET k v KEEPTTL EXAT 10", syntax);
    EXPECT(c, "SET k v EX", syntax);
    EXPECT(c, "SET k v PERSIST", syntax);
    EXPECT(c, "SET k v EX abc foo", syntax);
    EXPECT(c, "SET k v EX 0", bad);
    EXPECT(c, "SET k v PXAT -1", bad);
    EXPECT(c, "SET k v EX 9223372036854775", bad); /* now + ms overflows */
    EXPECT(c, "SET k v EXAT 9223372036854776", bad);
    EXPECT(c, "SET k v PX 9223372036854775807", bad);
    EXPECT(c, "SET k v EX 1x", "-ERR value is not an integer or out of range\r\n");
    EXPECT(c, "SET k v EX abc EX 1", "+OK\r\n"); /* only the last time is read */
    EXPECT(c, "SETEX k 0 v", "-ERR invalid expire time in 'setex' command\r\n");
    EXPECT(c, "PSETEX k -5 v", "-ERR invalid expire time in 'psetex' command\r\n");
}

static void test_wrongtype(struct client *c)
{
    const char *wt = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    make_hash(c, "h");
    EXPECT(c, "SET h v GET", wt);
    EXPECT(c, "SET h v NX GET", wt);
    LOGGED("");
    EXPECT(c, "SET h v EX 0 GET", "-ERR invalid expire time in 'set' command\r\n");
    EXPECT(c, "GETEX h", wt);
    EXPECT(c, "GETEX h EX 0", wt);
    EXPECT(c, "GETDEL h", wt);
    EXPECT(c, "SET h v NX", "$-1\r\n");
    struct db_entry *e = db_find(c->db, "h", 1);
    CHECK(e && db_entry_type(e) == DB_HASH);
    EXPECT(c, "EXPIRE h 10", ":1\r\n"); /* EXPIRE works on any type */
    EXPECT(c, "SET h v", "+OK\r\n");
    e = db_find(c->db, "h", 1);
    CHECK(e && db_entry_type(e) == DB_STRING);
    EXPECT(c, "TTL h", ":-1\r\n");
}

static void test_getex_getdel(struct client *c)
{
    EXPECT(c, "SET k v", "+OK\r\n");
    EXPECT(c, "GETEX k", "$1\r\nv\r\n");
    LOGGED("");
    EXPECT(c, "GETEX k PX 100", "$1\r\nv\r\n");
    LOGGED("PEXPIREAT k 1000000000100");
    EXPECT(c, "GETEX k PERSIST", "$1\r\nv\r\n");
    LOGGED("PERSIST k");
    EXPECT(c, "GETEX k PERSIST", "$1\r\nv\r\n");
    LOGGED("");
    EXPECT(c, "GETEX k EX 0", "-ERR invalid expire time in 'getex' command\r\n");
    EXPECT(c, "GETEX k KEEPTTL", "-ERR syntax error\r\n");
    EXPECT(c, "GETEX nokey EX 0", "$-1\r\n");
    EXPECT(c, "GETEX k PXAT 999", "$1\r\nv\r\n");
    LOGGED("DEL k");
    EXPECT(c, "EXISTS k", ":0\r\n");
    EXPECT(c, "SET k v EX 5", "+OK\r\n");
    EXPECT(c, "GETDEL k", "$1\r\nv\r\n");
    LOGGED("DEL k");
    EXPECT(c, "GETDEL k", "$-1\r\n");
    LOGGED("");
}

static void test_expire(struct client *c)
{
    EXPECT(c, "SET k v", "+OK\r\n");
    EXPECT(c, "EXPIRE k 10 GT", ":0\r\n"); /* no TTL counts as infinite */
    LOGGED("");
    EXPECT(c, "EXPIRE k 10 XX", ":0\r\n");
    EXPECT(c, "EXPIRE k 10 LT", ":1\r\n");
    LOGGED("PEXPIREAT k 1000000010000");
    EXPECT(c, "PEXPIRE k 20000 NX", ":0\r\n");
    EXPECT(c, "PEXPIRE k 20000 xx gt", ":1\r\n");
    LOGGED("PEXPIREAT k 1000000020000");
    EXPECT(c, "EXPIREAT k 1000000030 LT", ":0\r\n");
    EXPECT(c, "PEXPIREAT k 1000000015000", ":1\r\n");
    LOGGED("PEXPIREAT k 1000000015000");
    EXPECT(c, "EXPIRE nokey 10", ":0\r\n");
    EXPECT(c, "EXPIRE k 0", ":1\r\n");
    LOGGED("DEL k");
    EXPECT(c, "EXISTS k", ":0\r\n");
    EXPECT(c, "SET k v", "+OK\r\n");
    EXPECT(c, "PEXPIREAT k 1000000000000", ":1\r\n"); /* exactly now is past */
    LOGGED("DEL k");
    EXPECT(c, "SET k v", "+OK\r\n");
    EXPECT(c, "PEXPIRE k -9223372036854775808", ":1\r\n");
    LOGGED("DEL k");
    EXPECT(c, "SET k v", "+OK\r\n");
    EXPECT(c, "EXPIRE k 10", ":1\r\n");
    EXPECT(c, "PERSIST k", ":1\r\n");
    LOGGED("PERSIST k");
    EXPECT(c, "PERSIST k", ":0\r\n");
    LOGGED("");
    EXPECT(c, "PERSIST nokey", ":0\r\n");
}

static void test_expire_errors(struct client *c)
{
    EXPECT(c, "EXPIRE k 10 NX XX",
           "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
    EXPECT(c, "EXPIRE k 10 NX LT",
           "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
    EXPECT(c, "EXPIRE k 10 GT LT",
           "-ERR GT and LT options at the same time are not compatible\r\n");
    EXPECT(c, "EXPIRE k 10 NX LT foo", "-ERR Unsupported option foo\r\n");
    EXPECT(c, "EXPIRE k abc foo", "-ERR Unsupported option foo\r\n");
    EXPECT(c, "EXPIRE k abc", "-ERR value is not an integer or out of range\r\n");
    EXPECT(c, "EXPIRE k 9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
    EXPECT(c, "EXPIRE k -9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
    EXPECT(c, "Pexpire k 9223372036854775807", "-ERR invalid expire time in 'pexpire' command\r\n");
    EXPECT(c, "EXPIREAT k 9223372036854776", "-ERR invalid expire time in 'expireat' command\r\n");
    static const char nul_opt[] = "*4\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$2\r\n10\r\n$5\r\nab\0cd\r\n";
    const char *r = send_raw(c, nul_opt, sizeof nul_opt - 1);
    CHECKF(strcmp(r, "-ERR Unsupported option ab\r\n") == 0, "got %s", r);
}

static void test_ttl(struct client *c)
{
    EXPECT(c, "TTL nokey", ":-2\r\n");
    EXPECT(c, "PEXPIRETIME nokey", ":-2\r\n");
    EXPECT(c, "SET k v", "+OK\r\n");
    EXPECT(c, "EXPIRETIME k", ":-1\r\n");
    EXPECT(c, "PEXPIRE k 10000", ":1\r\n");
    clock_advance_fake(4500);
    EXPECT(c, "PTTL k", ":5500\r\n");
    EXPECT(c, "TTL k", ":6\r\n"); /* rounded to the nearest second */
    clock_advance_fake(1);
    EXPECT(c, "TTL k", ":5\r\n");
    EXPECT(c, "EXPIRETIME k", ":1000000010\r\n");
    EXPECT(c, "PEXPIRETIME k", ":1000000010000\r\n");
    clock_advance_fake(5499); /* at the deadline itself the key lives */
    EXPECT(c, "PTTL k", ":0\r\n");
    clock_advance_fake(1);
    EXPECT(c, "TTL k", ":-2\r\n");
    EXPECT(c, "SET k v PXAT 9223372036854775807", "+OK\r\n");
    EXPECT(c, "EXPIRETIME k", ":9223372036854776\r\n");
    EXPECT(c, "PEXPIRETIME k", ":9223372036854775807\r\n");
}

int main(void)
{
    struct cmd_table table = {0};
    struct client c;
    CHECK(cmd_table_add(&table, cmd_kv_group) == 0);
    CHECK(cmd_table_add(&table, cmd_expire_group) == 0);
    client_init(&c, -1, &table);
    c.db = db_new(0);
    clock_set_fake(T0);
    test_set_options(&c);
    test_set_errors(&c);
    test_wrongtype(&c);
    test_getex_getdel(&c);
    test_expire(&c);
    test_expire_errors(&c);
    clock_set_fake(T0);
    test_ttl(&c);
    db_free(c.db);
    client_free(&c);
    cmd_table_free(&table);
    buf_free(&logged);
    buf_free(&reply);
    return test_report();
}
