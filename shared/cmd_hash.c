/* cmd_hash.c - the hash commands: HSET, HGET, HDEL, HINCRBY, HSCAN...
 *
 * A hash is a value inside the keyspace (shared/hash.c): the handlers find
 * the entry with db_find, check it holds a hash (WRONGTYPE otherwise), and
 * change the struct hash in place through db_entry_obj.  A write to a
 * missing key fills a new, detached hash first and only then hands it to
 * the db (db_set_obj), so a command that fails half way - out of memory,
 * a bad number - never leaves an empty hash behind.  The other way round,
 * a hash whose last field goes is deleted from the db: Redis never keeps
 * an empty hash, and EXISTS and TYPE must agree.
 *
 * Replies and errors are Redis 7.0's, byte for byte, including the order
 * of the checks (HINCRBY validates its increment before it looks at the
 * key, so a bad number beats WRONGTYPE).  Every write is logged to the AOF
 * as sent, except HINCRBYFLOAT: long double sums need not come out the
 * same on another machine or build, so it is logged as the HSET of its
 * result, as Redis does.
 *
 * Omits: RESP3 reply shapes, keyspace notifications. */
#include "cmd_hash.h"

#include "client.h"
#include "cmd.h"
#include "db.h"
#include "hash.h"
#include "num.h"
#include "resp.h"
#include "scan.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>

#define ERR_RANGE "ERR value is out of range"

/* HRANDFIELD with a negative count answers -count fields, repeats allowed:
 * Redis would try to build a reply of any size (and die trying at -1e18),
 * so rung refuses more than this many with ERR_RANGE. */
#define HRANDFIELD_MAX_REPEATS (1L << 24)

/* ---------------------------------------------------------------------
 * Finding the hash
 * ------------------------------------------------------------------- */

/* The hash at argv[1]: 1 and *h if there is one, 0 if the key does not
 * exist, -1 after replying WRONGTYPE. */
static int find_hash(struct client *c, struct hash **h)
{
    struct db_entry *e;
    int found = db_find_typed(c->db, c->argv[1], c->argvlen[1], DB_HASH, &e);
    *h = found > 0 ? (struct hash *)db_entry_obj(e) : NULL;
    if (found < 0)
        resp_add_error(&c->reply, CMD_ERR_WRONGTYPE);
    return found;
}

/* The hash a write goes to: the key's, or a new detached one (*fresh set)
 * for the caller to attach() or hash_free().  NULL after replying. */
static struct hash *hash_to_write(struct client *c, int *fresh)
{
    struct hash *h;
    int found = find_hash(c, &h);
    *fresh = found == 0;
    if (found < 0)
        return NULL;
    if (!h && !(h = hash_new()))
        resp_add_error(&c->reply, CMD_ERR_OOM);
    return h;
}

/* Put a filled new hash under argv[1].  0, or -1 after replying (the db
 * has freed h). */
static int attach(struct client *c, struct hash *h)
{
    if (db_set_obj(c->db, c->argv[1], c->argvlen[1], DB_HASH, &h->base) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return -1;
    }
    return 0;
}

/* Finish a write of r (hash_set's result) to h: a new hash is attached
 * if it worked and freed if not.  0, or -1 after replying. */
static int commit(struct client *c, struct hash *h, int fresh, int r)
{
    if (r < 0) {
        if (fresh)
            hash_free(h);
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return -1;
    }
    return fresh ? attach(c, h) : 0;
}

/* A write given up before it changed anything. */
static void discard(struct hash *h, int fresh)
{
    if (fresh)
        hash_free(h);
}

/* ---------------------------------------------------------------------
 * Setting fields
 * ------------------------------------------------------------------- */

/* HSET and HMSET: the field/value pairs from argv[2].  The number of new
 * fields, or -1 after replying. */
static long long set_pairs(struct client *c, const char *name)
{
    int fresh, i, r = 0;
    long long added = 0;
    if (c->argc % 2 != 0) {
        cmd_add_arity_error(&c->reply, name);
        return -1;
    }
    struct hash *h = hash_to_write(c, &fresh);
    if (!h)
        return -1;
    for (i = 2; i < c->argc; i += 2) {
        r = hash_set(h, c->argv[i], c->argvlen[i], c->argv[i + 1], c->argvlen[i + 1]);
        if (r < 0)
            break;
        added += r;
    }
    long long written = (i - 2) / 2; /* pairs before a failed one */
    if (commit(c, h, fresh, r) < 0) {
        /* Out of memory half way through an existing hash: what was
         * written stays, and logging the whole command lets a replay
         * finish the job.  (A new hash was freed: nothing changed.) */
        if (!fresh)
            c->dirty += written;
        return -1;
    }
    c->dirty += written;
    return added;
}

static void cmd_hset(struct client *c)
{
    long long added = set_pairs(c, "hset");
    if (added >= 0)
        resp_add_integer(&c->reply, added);
}

static void cmd_hmset(struct client *c)
{
    if (set_pairs(c, "hmset") >= 0)
        resp_add_simple(&c->reply, "OK");
}

static void cmd_hsetnx(struct client *c)
{
    int fresh;
    const char *val;
    size_t vlen;
    struct hash *h = hash_to_write(c, &fresh);
    if (!h)
        return;
    if (!fresh && hash_get(h, c->argv[2], c->argvlen[2], &val, &vlen)) {
        resp_add_integer(&c->reply, 0);
        return;
    }
    int r = hash_set(h, c->argv[2], c->argvlen[2], c->argv[3], c->argvlen[3]);
    if (commit(c, h, fresh, r) < 0)
        return;
    c->dirty++;
    resp_add_integer(&c->reply, 1);
}

/* ---------------------------------------------------------------------
 * Reading fields
 * ------------------------------------------------------------------- */

static void cmd_hget(struct client *c)
{
    struct hash *h;
    const char *val;
    size_t vlen;
    int found = find_hash(c, &h);
    if (found < 0)
        return;
    if (found && hash_get(h, c->argv[2], c->argvlen[2], &val, &vlen))
        resp_add_bulk(&c->reply, val, vlen);
    else
        resp_add_nil(&c->reply, c->resp);
}

static void cmd_hmget(struct client *c)
{
    struct hash *h;
    const char *val;
    size_t vlen;
    if (find_hash(c, &h) < 0)
        return;
    resp_add_array(&c->reply, (size_t)c->argc - 2);
    for (int i = 2; i < c->argc; i++) {
        if (h && hash_get(h, c->argv[i], c->argvlen[i], &val, &vlen))
            resp_add_bulk(&c->reply, val, vlen);
        else
            resp_add_nil(&c->reply, c->resp);
    }
}

static void cmd_hlen(struct client *c)
{
    struct hash *h;
    if (find_hash(c, &h) >= 0)
        resp_add_integer(&c->reply, h ? (long long)hash_len(h) : 0);
}

static void cmd_hexists(struct client *c)
{
    struct hash *h;
    const char *val;
    size_t vlen;
    if (find_hash(c, &h) >= 0)
        resp_add_integer(&c->reply,
                         h && hash_get(h, c->argv[2], c->argvlen[2], &val, &vlen));
}

static void cmd_hstrlen(struct client *c)
{
    struct hash *h;
    const char *val;
    size_t vlen;
    if (find_hash(c, &h) < 0)
        return;
    if (!h || !hash_get(h, c->argv[2], c->argvlen[2], &val, &vlen))
        vlen = 0;
    resp_add_integer(&c->reply, (long long)vlen);
}

/* What HGETALL, HKEYS and HVALS write for each field. */
enum emit { EMIT_FIELDS = 1, EMIT_VALUES = 2, EMIT_BOTH = 3 };

struct emit_ctx {
    struct buf *out;
    enum emit what;
    size_t n;   /* fields written */
    int pairs;  /* each field and value as an array of two (RESP3) */
};

static void emit_field(const char *field, size_t flen, const char *val,
                       size_t vlen, void *arg)
{
    struct emit_ctx *e = arg;
    if (e->pairs)
        resp_add_array(e->out, 2);
    if (e->what & EMIT_FIELDS)
        resp_add_bulk(e->out, field, flen);
    if (e->what & EMIT_VALUES)
        resp_add_bulk(e->out, val, vlen);
    e->n++;
}

static void reply_all(struct client *c, enum emit what)
{
    struct hash *h;
    if (find_hash(c, &h) < 0)
        return;
    size_t n = h ? hash_len(h) : 0;
    if (what == EMIT_BOTH)
        resp_add_map(&c->reply, c->resp, n);
    else
        resp_add_array(&c->reply, n);
    if (h) {
        struct emit_ctx e = {&c->reply, what, 0, 0};
        hash_foreach(h, emit_field, &e);
    }
}

static void cmd_hgetall(struct client *c)
{
    reply_all(c, EMIT_BOTH);
}

static void cmd_hkeys(struct client *c)
{
    reply_all(c, EMIT_FIELDS);
}

static void cmd_hvals(struct client *c)
{
    reply_all(c, EMIT_VALUES);
}

/* ---------------------------------------------------------------------
 * Deleting fields
 * ------------------------------------------------------------------- */

static void cmd_hdel(struct client *c)
{
    struct hash *h;
    long long deleted = 0;
    if (find_hash(c, &h) < 0)
        return;
    for (int i = 2; h && i < c->argc; i++) {
        deleted += hash_del(h, c->argv[i], c->argvlen[i]);
        if (hash_len(h) == 0) {
            db_delete(c->db, c->argv[1], c->argvlen[1]); /* frees h */
            h = NULL;
        }
    }
    c->dirty += deleted;
    resp_add_integer(&c->reply, deleted);
}

/* ---------------------------------------------------------------------
 * Counters
 * ------------------------------------------------------------------- */

static int add_overflows(long long a, long long b)
{
    return (b > 0 && a > LLONG_MAX - b) || (b < 0 && a < LLONG_MIN - b);
}

/* Store text under argv[2] and finish the write; 0 or -1 after replying. */
static int store_number(struct client *c, struct hash *h, int fresh,
                        const char *text, size_t len)
{
    int r = hash_set(h, c->argv[2], c->argvlen[2], text, len);
    if (commit(c, h, fresh, r) < 0)
        return -1;
    c->dirty++;
    return 0;
}

static void cmd_hincrby(struct client *c)
{
    int fresh;
    long long incr, old = 0;
    const char *val;
    size_t vlen;
    if (!num_parse_ll(c->argv[3], c->argvlen[3], &incr)) {
        resp_add_error(&c->reply, CMD_ERR_NOT_INT);
        return;
    }
    struct hash *h = hash_to_write(c, &fresh);
    if (!h)
        return;
    const char *err = NULL;
    if (hash_get(h, c->argv[2], c->argvlen[2], &val, &vlen) &&
        !num_parse_ll(val, vlen, &old))
        err = "ERR hash value is not an integer";
    else if (add_overflows(old, incr))
        err = "ERR increment or decrement would overflow";
    if (err) {
        discard(h, fresh);
        resp_add_error(&c->reply, err);
        return;
    }
    char text[24];
    size_t len = num_format_ll(text, old + incr);
    if (store_number(c, h, fresh, text, len) == 0)
        resp_add_integer(&c->reply, old + incr);
}

/* HINCRBYFLOAT's result, kept until the command has been logged (the
 * logged form points at it).  Per thread, like the client running. */
static _Thread_local char float_text[NUM_LD_MAX];

static void cmd_hincrbyfloat(struct client *c)
{
    int fresh;
    long double incr, old = 0;
    const char *val;
    size_t vlen;
    if (!num_parse_ld(c->argv[3], c->argvlen[3], &incr)) {
        resp_add_error(&c->reply, "ERR value is not a valid float");
        return;
    }
    if (isinf(incr)) {
        resp_add_error(&c->reply, "ERR value is NaN or Infinity");
        return;
    }
    struct hash *h = hash_to_write(c, &fresh);
    if (!h)
        return;
    const char *err = NULL;
    size_t len = 0;
    if (hash_get(h, c->argv[2], c->argvlen[2], &val, &vlen) &&
        !num_parse_ld(val, vlen, &old))
        err = "ERR hash value is not a float";
    else if (!(len = num_format_ld(float_text, old + incr)))
        err = "ERR increment would produce NaN or Infinity";
    if (err) {
        discard(h, fresh);
        resp_add_error(&c->reply, err);
        return;
    }
    if (store_number(c, h, fresh, float_text, len) < 0)
        return;
    resp_add_bulk(&c->reply, float_text, len);
    client_log_arg_str(c, "HSET");
    client_log_arg_from(c, 1);
    client_log_arg_from(c, 2);
    client_log_arg(c, float_text, len);
}

/* ---------------------------------------------------------------------
 * HRANDFIELD
 * ------------------------------------------------------------------- */

/* HRANDFIELD key [count [WITHVALUES]]: the count and the option.  0, or
 * -1 after replying.  Redis checks these before it looks at the key. */
static int randfield_args(struct client *c, long long *count, int *withvalues)
{
    if (!num_parse_ll(c->argv[2], c->argvlen[2], count)) {
        resp_add_error(&c->reply, CMD_ERR_NOT_INT);
        return -1;
    }
    if (*count == LLONG_MIN) {
        resp_add_error(&c->reply, "ERR value is out of range, value must between "
                                  "-9223372036854775807 and 9223372036854775807");
        return -1;
    }
    *withvalues = c->argc == 4;
    if (c->argc > 4 || (c->argc == 4 && !client_arg_is(c, 3, "withvalues"))) {
        resp_add_error(&c->reply, CMD_ERR_SYNTAX);
        return -1;
    }
    /* With values the reply has two entries a field: Redis keeps that
     * count within a long. */
    if (*withvalues && (*count < -LLONG_MAX / 2 || *count > LLONG_MAX / 2)) {
        resp_add_error(&c->reply, ERR_RANGE);
        return -1;
    }
    return 0;
}

static void cmd_hrandfield(struct client *c)
{
    struct hash *h;
    long long count;
    int withvalues;
    if (c->argc == 2) {
        const char *field, *val;
        size_t flen, vlen;
        if (find_hash(c, &h) < 0)
            return;
        if (h && hash_random(h, &field, &flen, &val, &vlen))
            resp_add_bulk(&c->reply, field, flen);
        else
            resp_add_nil(&c->reply, c->resp);
        return;
    }
    if (randfield_args(c, &count, &withvalues) < 0 || find_hash(c, &h) < 0)
        return;
    if (h && count < -HRANDFIELD_MAX_REPEATS) {
        resp_add_error(&c->reply, ERR_RANGE);
        return;
    }
    /* The header must count what follows: gather first, then copy.  In
     * RESP3 each field comes with its value as a pair, not flat. */
    struct buf out = {0};
    int pairs = withvalues && c->resp >= 3;
    struct emit_ctx e = {&out, withvalues ? EMIT_BOTH : EMIT_FIELDS, 0, pairs};
    if (h && count != 0)
        hash_random_fields(h, (size_t)(count < 0 ? -count : count), count > 0,
                           emit_field, &e);
    resp_add_array(&c->reply, withvalues && !pairs ? e.n * 2 : e.n);
    buf_append(&c->reply, out.data, out.len);
    buf_free(&out);
}

/* ---------------------------------------------------------------------
 * HSCAN
 * ------------------------------------------------------------------- */

static void scan_collect(const char *field, size_t flen, const char *val,
                         size_t vlen, void *arg)
{
    struct scan_args *s = arg;
    s->seen++;
    if (!scan_matches(s, field, flen))
        return;
    if (resp_add_bulk(&s->out, field, flen) == 0 &&
        resp_add_bulk(&s->out, val, vlen) == 0)
        s->kept++;
}

/* Cursor first, then the key (a missing one is an empty, finished scan
 * whatever the options say), then the options: Redis's order.  The rules
 * common to SCAN and HSCAN are in shared/scan.c. */
static void cmd_hscan(struct client *c)
{
    struct hash *h;
    unsigned long cursor;
    long long steps = 0;
    struct scan_args s = {0};
    if (scan_cursor(c, 2, &cursor) < 0)
        return;
    int found = find_hash(c, &h);
    if (found < 0)
        return;
    if (!found)
        cursor = 0;
    else if (scan_options(c, 3, 0, &s) < 0)
        return;
    if (h) {
        do
            cursor = hash_scan(h, cursor, scan_collect, &s);
        while (scan_more(&s, cursor, &steps));
    }
    scan_reply(c, cursor, &s, 2);
}

const struct cmd cmd_hash_group[] = {
    {"hset", cmd_hset, -4, "write denyoom fast", 1, 1, 1},
    {"hsetnx", cmd_hsetnx, 4, "write denyoom fast", 1, 1, 1},
    {"hget", cmd_hget, 3, "readonly fast", 1, 1, 1},
    {"hmget", cmd_hmget, -3, "readonly fast", 1, 1, 1},
    {"hmset", cmd_hmset, -4, "write denyoom fast", 1, 1, 1},
    {"hdel", cmd_hdel, -3, "write fast", 1, 1, 1},
    {"hlen", cmd_hlen, 2, "readonly fast", 1, 1, 1},
    {"hexists", cmd_hexists, 3, "readonly fast", 1, 1, 1},
    {"hgetall", cmd_hgetall, 2, "readonly", 1, 1, 1},
    {"hkeys", cmd_hkeys, 2, "readonly", 1, 1, 1},
    {"hvals", cmd_hvals, 2, "readonly", 1, 1, 1},
    {"hincrby", cmd_hincrby, 4, "write denyoom fast", 1, 1, 1},
    {"hincrbyfloat", cmd_hincrbyfloat, 4, "write denyoom fast", 1, 1, 1},
    {"hstrlen", cmd_hstrlen, 3, "readonly fast", 1, 1, 1},
    {"hrandfield", cmd_hrandfield, -2, "readonly", 1, 1, 1},
    {"hscan", cmd_hscan, -3, "readonly", 1, 1, 1},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
