/* cmd_string.c - the string commands: INCR and its kin, APPEND, STRLEN,
 * GETRANGE, SETRANGE, MGET, MSET, MSETNX, SETNX, GETSET.
 *
 * A string is only bytes; a "number" is a string that happens to parse by
 * Redis's exact rules (shared/num.c), so "012" and " 1" stay plain text and
 * INCR refuses them.  INCR parses the stored text, adds with an overflow
 * check, formats into a stack buffer and stores the new text: no integer
 * encoding, nothing cached.  An existing value is edited in place:
 * db_entry_resize gives the entry's value bytes at the new length (moving
 * the entry only when its block is too small, with room to spare), and
 * INCR, APPEND and SETRANGE write into them - no copy of the whole value
 * per command, so a string built by many APPENDs costs linear time.
 *
 * Commands that edit a value (INCR..., APPEND, SETRANGE) keep the key's
 * TTL; commands that replace it (MSET, MSETNX, SETNX, GETSET) drop it, as
 * Redis does.  All replay as sent from the AOF except INCRBYFLOAT, whose
 * sum depends on float rounding: it is logged as SET key <sum> KEEPTTL.
 *
 * The order of the checks is Redis's, which clients can see: INCRBY parses
 * its argument before it looks at the key, INCRBYFLOAT looks at the key
 * first; SETRANGE refuses a negative offset before anything else. */
#include "cmd_string.h"

#include "client.h"
#include "cmd.h"
#include "db.h"
#include "num.h"
#include "resp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char ERR_NOT_FLOAT[] = "ERR value is not a valid float";
static const char ERR_TOO_BIG[] =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

/* ----------------------------------------------------------------- helpers */

/* The string at argv[1]: 1, its entry and its bytes (valid until the
 * next write to the db), 0 if the key is missing, -1 if it holds another
 * type - then WRONGTYPE has been replied.  ep may be NULL. */
static int find_string_entry(struct client *c, struct db_entry **ep, const char **val, size_t *len)
{
    struct db_entry *e;
    int found = db_find_typed(c->db, c->argv[1], c->argvlen[1], DB_STRING, &e);
    if (ep)
        *ep = e;
    if (found > 0)
        *val = db_entry_str(e, len);
    else if (found < 0)
        resp_add_error(&c->reply, CMD_ERR_WRONGTYPE);
    return found;
}

static int find_string(struct client *c, const char **val, size_t *len)
{
    return find_string_entry(c, NULL, val, len);
}

/* Argument i as an integer: 1, or 0 with the error replied. */
static int arg_ll(struct client *c, int i, long long *v)
{
    if (num_parse_ll(c->argv[i], c->argvlen[i], v))
        return 1;
    resp_add_error(&c->reply, CMD_ERR_NOT_INT);
    return 0;
}

/* Is a string of len + more bytes within proto-max-bulk-len (512 MB)?
 * Both are >= 0; written so that nothing can overflow. */
static int fits(struct client *c, long long len, long long more)
{
    if (more <= RESP_BULK_MAX && len <= RESP_BULK_MAX - more)
        return 1;
    resp_add_error(&c->reply, ERR_TOO_BIG);
    return 0;
}

/* Write piece over the string at argv[1] from offset off (a gap past
 * the old end is filled with zero bytes), keeping the key's TTL; e is
 * its entry, NULL if the key is missing (it is then created).  Returns
 * the new length, or -1 after replying OOM. */
static long long splice(struct client *c, struct db_entry *e, size_t len, size_t off,
                        const char *piece, size_t plen)
{
    if (!e) {
        if (off == 0) { /* the new value is just the piece */
            if (db_set(c->db, c->argv[1], c->argvlen[1], piece, plen) < 0)
                goto oom;
            return (long long)plen;
        }
        if (db_set(c->db, c->argv[1], c->argvlen[1], "", 0) < 0 ||
            !(e = db_find(c->db, c->argv[1], c->argvlen[1])))
            goto oom;
    }
    if (plen == 0)
        return (long long)len; /* nothing changes */
    size_t total = off + plen > len ? off + plen : len;
    char *v = db_entry_resize(c->db, &e, total);
    if (!v)
        goto oom;
    if (off > len)
        memset(v + len, 0, off - len);
    memcpy(v + off, piece, plen);
    return (long long)total;
oom:
    resp_add_error(&c->reply, CMD_ERR_OOM);
    return -1;
}

/* ---------------------------------------------------------------- counters */

/* Add by to the integer at argv[1] (a missing key counts as 0). */
static void incr_by(struct client *c, long long by)
{
    const char *old;
    size_t len;
    long long v = 0;
    struct db_entry *e;
    int found = find_string_entry(c, &e, &old, &len);
    if (found < 0)
        return;
    if (found && !num_parse_ll(old, len, &v)) {
        resp_add_error(&c->reply, CMD_ERR_NOT_INT);
        return;
    }
    /* Checked before adding: signed overflow is undefined behaviour. */
    if ((by < 0 && v < 0 && by < LLONG_MIN - v) || (by > 0 && v > 0 && by > LLONG_MAX - v)) {
        resp_add_error(&c->reply, "ERR increment or decrement would overflow");
        return;
    }
    v += by;
    char text[24], *dst;
    size_t n = num_format_ll(text, v);
    if (found && (dst = db_entry_resize(c->db, &e, n)))
        memcpy(dst, text, n);
    else if (found || db_set(c->db, c->argv[1], c->argvlen[1], text, n) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
    resp_add_integer(&c->reply, v);
}

static void cmd_incr(struct client *c)
{
    incr_by(c, 1);
}

static void cmd_decr(struct client *c)
{
    incr_by(c, -1);
}

static void cmd_incrby(struct client *c)
{
    long long by;
    if (arg_ll(c, 2, &by))
        incr_by(c, by);
}

static void cmd_decrby(struct client *c)
{
    long long by;
    if (!arg_ll(c, 2, &by))
        return;
    if (by == LLONG_MIN) { /* -LLONG_MIN does not exist */
        resp_add_error(&c->reply, "ERR decrement would overflow");
        return;
    }
    incr_by(c, -by);
}

/* The sum is computed in long double, shown with 17 decimals and trailing
 * zeros cut (num_format_ld), so 10.5 + 0.1 reads back as "10.6". */
static void cmd_incrbyfloat(struct client *c)
{
    /* The AOF is written after the handler returns, so the logged text
     * must outlive this call: a static, one per thread, is enough. */
    static _Thread_local char text[NUM_LD_MAX];
    const char *old;
    size_t len;
    long double v = 0, by;
    int found = find_string(c, &old, &len);
    if (found < 0)
        return;
    if ((found && !num_parse_ld(old, len, &v)) || !num_parse_ld(c->argv[2], c->argvlen[2], &by)) {
        resp_add_error(&c->reply, ERR_NOT_FLOAT);
        return;
    }
    size_t n = num_format_ld(text, v + by); /* 0: not finite */
    if (n == 0) {
        resp_add_error(&c->reply, "ERR increment would produce NaN or Infinity");
        return;
    }
    if (db_set_keepttl(c->db, c->argv[1], c->argvlen[1], text, n) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
    client_log_arg_str(c, "SET");
    client_log_arg_from(c, 1);
    client_log_arg(c, text, n);
    client_log_arg_str(c, "KEEPTTL");
    resp_add_bulk(&c->reply, text, n);
}

/* ------------------------------------------------------- bytes and ranges */

static void cmd_append(struct client *c)
{
    const char *old = NULL;
    size_t len = 0;
    struct db_entry *e;
    if (find_string_entry(c, &e, &old, &len) < 0 || !fits(c, (long long)len, (long long)c->argvlen[2]))
        return;
    /* Appending "" still counts as a change (Redis logs it too); on a
     * missing key it creates an empty string. */
    long long n = splice(c, e, len, len, c->argv[2], c->argvlen[2]);
    if (n < 0)
        return;
    c->dirty++;
    resp_add_integer(&c->reply, n);
}

static void cmd_strlen(struct client *c)
{
    const char *val;
    size_t len = 0;
    if (find_string(c, &val, &len) >= 0)
        resp_add_integer(&c->reply, (long long)len);
}

/* GETRANGE key start end (and SUBSTR, its old name): both ends inclusive,
 * negative ones count from the end.  The clamping is Redis's, quirks
 * included: an end that is still negative after adding the length becomes
 * 0, so "hello" 0 -100 answers "h". */
static void cmd_getrange(struct client *c)
{
    long long start, end;
    const char *s = NULL;
    size_t len = 0;
    if (!arg_ll(c, 2, &start) || !arg_ll(c, 3, &end))
        return;
    int found = find_string(c, &s, &len);
    if (found < 0)
        return;
    long long n = found ? (long long)len : 0;
    if (n == 0 || (start < 0 && end < 0 && start > end)) {
        resp_add_bulk(&c->reply, "", 0);
        return;
    }
    if (start < 0)
        start = start + n < 0 ? 0 : start + n;
    if (end < 0)
        end = end + n < 0 ? 0 : end + n;
    if (end >= n)
        end = n - 1;
    if (start > end)
        resp_add_bulk(&c->reply, "", 0);
    else
        resp_add_bulk(&c->reply, s + start, (size_t)(end - start + 1));
}

/* SETRANGE key offset value: overwrite from offset, zero-padding a gap. */
static void cmd_setrange(struct client *c)
{
    long long off;
    const char *old = NULL;
    size_t len = 0, plen = c->argvlen[3];
    if (!arg_ll(c, 2, &off))
        return;
    if (off < 0) {
        resp_add_error(&c->reply, "ERR offset is out of range");
        return;
    }
    struct db_entry *e;
    if (find_string_entry(c, &e, &old, &len) < 0)
        return;
    if (plen == 0) { /* no change, and a missing key is not created */
        resp_add_integer(&c->reply, (long long)len);
        return;
    }
    if (!fits(c, off, (long long)plen))
        return;
    long long n = splice(c, e, len, (size_t)off, c->argv[3], plen);
    if (n < 0)
        return;
    c->dirty++;
    resp_add_integer(&c->reply, n);
}

/* -------------------------------------------------------------- many keys */

/* A key holding another type is answered nil, not WRONGTYPE: MGET never
 * fails part-way. */
static void cmd_mget(struct client *c)
{
    resp_add_array(&c->reply, (size_t)(c->argc - 1));
    for (int i = 1; i < c->argc; i++) {
        const char *val;
        size_t len;
        if (db_get(c->db, c->argv[i], c->argvlen[i], &val, &len))
            resp_add_bulk(&c->reply, val, len);
        else
            resp_add_nil(&c->reply, c->resp);
    }
}

/* The table's arity only says "at least 3"; pairs need an odd argc. */
static int check_pairs(struct client *c, const char *name)
{
    if (c->argc % 2 == 1)
        return 1;
    cmd_add_arity_error(&c->reply, name);
    return 0;
}

/* Store every key/value pair in order (a key named twice ends with its
 * last value), dropping TTLs; one change each.  On OOM the pairs before
 * the failing one stay set - there is no undo - and -1 is returned after
 * the reply. */
static int set_pairs(struct client *c)
{
    for (int i = 1; i < c->argc; i += 2) {
        if (db_set(c->db, c->argv[i], c->argvlen[i], c->argv[i + 1], c->argvlen[i + 1]) < 0) {
            resp_add_error(&c->reply, CMD_ERR_OOM);
            return -1;
        }
        c->dirty++;
    }
    return 0;
}

static void cmd_mset(struct client *c)
{
    if (check_pairs(c, "mset") && set_pairs(c) == 0)
        resp_add_simple(&c->reply, "OK");
}

/* All or nothing: one existing key, of any type, and nothing is set. */
static void cmd_msetnx(struct client *c)
{
    if (!check_pairs(c, "msetnx"))
        return;
    for (int i = 1; i < c->argc; i += 2) {
        if (db_exists(c->db, c->argv[i], c->argvlen[i])) {
            resp_add_integer(&c->reply, 0);
            return;
        }
    }
    if (set_pairs(c) == 0)
        resp_add_integer(&c->reply, 1);
}

static void cmd_setnx(struct client *c)
{
    if (db_exists(c->db, c->argv[1], c->argvlen[1])) {
        resp_add_integer(&c->reply, 0);
        return;
    }
    if (db_set(c->db, c->argv[1], c->argvlen[1], c->argv[2], c->argvlen[2]) < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
    resp_add_integer(&c->reply, 1);
}

/* The old value is replied before the store frees it; if the store fails
 * that reply is taken back, so the client still gets exactly one. */
static void cmd_getset(struct client *c)
{
    const char *old;
    size_t len;
    int found = find_string(c, &old, &len);
    if (found < 0)
        return;
    size_t mark = c->reply.len;
    if (found)
        resp_add_bulk(&c->reply, old, len);
    else
        resp_add_nil(&c->reply, c->resp);
    if (db_set(c->db, c->argv[1], c->argvlen[1], c->argv[2], c->argvlen[2]) < 0) {
        c->reply.len = mark;
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    c->dirty++;
}

/* Arity, flags and key positions as Redis 7's COMMAND INFO reports them. */
const struct cmd cmd_string_group[] = {
    {"append", cmd_append, 3, "write denyoom fast", 1, 1, 1},
    {"decr", cmd_decr, 2, "write denyoom fast", 1, 1, 1},
    {"decrby", cmd_decrby, 3, "write denyoom fast", 1, 1, 1},
    {"getrange", cmd_getrange, 4, "readonly", 1, 1, 1},
    {"getset", cmd_getset, 3, "write denyoom fast", 1, 1, 1},
    {"incr", cmd_incr, 2, "write denyoom fast", 1, 1, 1},
    {"incrby", cmd_incrby, 3, "write denyoom fast", 1, 1, 1},
    {"incrbyfloat", cmd_incrbyfloat, 3, "write denyoom fast", 1, 1, 1},
    {"mget", cmd_mget, -2, "readonly fast", 1, -1, 1},
    {"mset", cmd_mset, -3, "write denyoom", 1, -1, 2},
    {"msetnx", cmd_msetnx, -3, "write denyoom", 1, -1, 2},
    {"setnx", cmd_setnx, 3, "write denyoom fast", 1, 1, 1},
    {"setrange", cmd_setrange, 4, "write denyoom", 1, 1, 1},
    {"strlen", cmd_strlen, 2, "readonly fast", 1, 1, 1},
    {"substr", cmd_getrange, 4, "readonly", 1, 1, 1},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
