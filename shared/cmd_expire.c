/* cmd_expire.c - keys with a deadline: SET's options, SETEX, GETEX, EXPIRE, TTL...
 *
 * A deadline is an absolute Unix time in milliseconds, kept by the db
 * next to the key (db_set_expire); the db removes a key whose deadline
 * has passed the next time anyone looks it up, so no handler here ever
 * compares a key's deadline with the clock.  What the handlers do is turn
 * the many ways of naming a time (EX seconds, PX ms, EXAT, PXAT, EXPIRE's
 * relative seconds...) into that one absolute number, with Redis 7's
 * exact checks and error texts, and then apply it.
 *
 * Two rules come from the AOF.  A log must replay to the same state
 * however late it is replayed, so a relative time is never logged as
 * sent: EXPIRE k 10 is logged as PEXPIREAT k <ms>, SET k v EX 10 as
 * SET k v PXAT <ms> (client_log_arg builds the logged form).  And a
 * deadline that is already past deletes the key at once, logged as DEL,
 * as Redis 7 propagates it - except for SET EXAT/PXAT in the past, which
 * Redis 7.0 stores anyway (the key then dies at its next lookup).
 *
 * Options are decided when the command runs (NX, XX, GT, GET...), so the
 * logged form leaves them out: a log line records what happened. */
#include "cmd_expire.h"

#include "client.h"
#include "cmd.h"
#include "clock.h"
#include "db.h"
#include "num.h"
#include "resp.h"

#include <limits.h>
#include <string.h>


/* ---------------------------------------------------------------------
 * Replies and logged forms shared by every command here
 * ------------------------------------------------------------------- */

/* Redis names the command as its table does (lowercase), whatever case
 * the client sent. */
static void reply_bad_time(struct client *c, const char *name)
{
    resp_add_errorf(&c->reply, "ERR invalid expire time in '%s' command", name);
}

/* A string entry's value as a bulk reply, the null bulk for no entry. */
static void reply_value(struct client *c, const struct db_entry *e)
{
    size_t len;
    if (e) {
        const char *val = db_entry_str(e, &len);
        resp_add_bulk(&c->reply, val, len);
    } else {
        resp_add_nil(&c->reply, c->resp);
    }
}

/* Out of memory after an answer was already written (GET's old value):
 * take it back, so the client still gets exactly one reply. */
static void reply_oom_instead(struct client *c, size_t reply_mark)
{
    c->reply.len = reply_mark;
    resp_add_error(&c->reply, CMD_ERR_OOM);
}

/* Remove the key (argv[1]) and log DEL key, as Redis 7 does for a
 * deadline already past, so replaying does not depend on the clock.  (If
 * its own deadline ran out a moment ago, the db already removed and
 * logged it.) */
static void delete_now(struct client *c)
{
    if (!db_delete(c->db, c->argv[1], c->argvlen[1]))
        return;
    c->dirty++;
    client_log_arg_str(c, "DEL");
    client_log_arg_from(c, 1);
}

static void log_pexpireat(struct client *c, long long when)
{
    client_log_arg_str(c, "PEXPIREAT");
    client_log_arg_from(c, 1);
    client_log_arg_num(c, when);
}

/* ---------------------------------------------------------------------
 * SET's and GETEX's options
 * ------------------------------------------------------------------- */

enum {
    OPT_NX = 1 << 0,
    OPT_XX = 1 << 1,
    OPT_GET = 1 << 2,
    OPT_KEEPTTL = 1 << 3,
    OPT_PERSIST = 1 << 4,
    OPT_EX = 1 << 5,
    OPT_PX = 1 << 6,
    OPT_EXAT = 1 << 7,
    OPT_PXAT = 1 << 8,
};
#define OPT_TIME (OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT)
#define OPT_SECONDS (OPT_EX | OPT_EXAT)
#define OPT_RELATIVE (OPT_EX | OPT_PX)

enum { FOR_SET = 1, FOR_GETEX = 2 };

/* One option: the options it cannot follow, and which commands take it.
 * An option may repeat (SET k v EX 1 EX 2: the last time counts), as in
 * Redis, so a time option clashes only with the other kinds of time. */
struct str_opt {
    const char *word;
    unsigned flag;
    unsigned clashes;
    int cmds;
};

static const struct str_opt str_opts[] = {
    {"nx", OPT_NX, OPT_XX, FOR_SET},
    {"xx", OPT_XX, OPT_NX, FOR_SET},
    {"get", OPT_GET, 0, FOR_SET},
    {"keepttl", OPT_KEEPTTL, OPT_TIME | OPT_PERSIST, FOR_SET},
    {"persist", OPT_PERSIST, OPT_TIME | OPT_KEEPTTL, FOR_GETEX},
    {"ex", OPT_EX, (OPT_TIME & ~OPT_EX) | OPT_KEEPTTL | OPT_PERSIST, FOR_SET | FOR_GETEX},
    {"px", OPT_PX, (OPT_TIME & ~OPT_PX) | OPT_KEEPTTL | OPT_PERSIST, FOR_SET | FOR_GETEX},
    {"exat", OPT_EXAT, (OPT_TIME & ~OPT_EXAT) | OPT_KEEPTTL | OPT_PERSIST, FOR_SET | FOR_GETEX},
    {"pxat", OPT_PXAT, (OPT_TIME & ~OPT_PXAT) | OPT_KEEPTTL | OPT_PERSIST, FOR_SET | FOR_GETEX},
};

struct str_args {
    unsigned flags;
    int time_arg; /* argv index of the time, 0 if no time was given */
};

static const struct str_opt *find_str_opt(const struct client *c, int i, int cmd)
{
    for (size_t k = 0; k < sizeof str_opts / sizeof str_opts[0]; k++)
        if ((str_opts[k].cmds & cmd) && client_arg_is(c, i, str_opts[k].word))
            return &str_opts[k];
    return NULL;
}

/* Read the options from argv[first] on.  Every option is read before any
 * time is parsed, so a bad option wins over a bad number, as in Redis.
 * 0, or -1 with the syntax error written. */
static int parse_str_opts(struct client *c, int first, int cmd, struct str_args *a)
{
    a->flags = 0;
    a->time_arg = 0;
    for (int i = first; i < c->argc; i++) {
        const struct str_opt *o = find_str_opt(c, i, cmd);
        if (!o || (a->flags & o->clashes) || ((o->flag & OPT_TIME) && i + 1 >= c->argc)) {
            resp_add_error(&c->reply, "ERR syntax error");
            return -1;
        }
        a->flags |= o->flag;
        if (o->flag & OPT_TIME)
            a->time_arg = ++i;
    }
    return 0;
}

/* The absolute deadline that argv[i] names under flags' unit and base.
 * SET-style times must be positive, and neither the unit change nor
 * adding now may overflow.  0, or -1 with the error written. */
static int str_deadline(struct client *c, unsigned flags, int i, long long now,
                        const char *name, long long *when)
{
    long long t;
    if (!num_parse_ll(c->argv[i], c->argvlen[i], &t)) {
        resp_add_error(&c->reply, CMD_ERR_NOT_INT);
        return -1;
    }
    if (t <= 0 || ((flags & OPT_SECONDS) && t > LLONG_MAX / 1000)) {
        reply_bad_time(c, name);
        return -1;
    }
    if (flags & OPT_SECONDS)
        t *= 1000;
    if (flags & OPT_RELATIVE) {
        if (t > LLONG_MAX - now) {
            reply_bad_time(c, name);
            return -1;
        }
        t += now;
    }
    *when = t;
    return 0;
}

/* ---------------------------------------------------------------------
 * SET, SETEX, PSETEX
 * ------------------------------------------------------------------- */

/* SET as it is logged: the decision (NX, XX) is made and GET changes
 * nothing, so only the value and what becomes of the TTL remain.  A
 * plain SET k v is logged as sent. */
static void log_set(struct client *c, unsigned flags, int val_i, long long when)
{
    if (c->argc == 3)
        return;
    client_log_arg_str(c, "SET");
    client_log_arg_from(c, 1);
    client_log_arg_from(c, val_i);
    if (flags & OPT_TIME) {
        client_log_arg_str(c, "PXAT");
        client_log_arg_num(c, when);
    } else if (flags & OPT_KEEPTTL) {
        client_log_arg_str(c, "KEEPTTL");
    }
}

/* Store argv[val_i] under argv[1] with the TTL the flags ask for.  0, or
 * -1 on OOM.  The db has no "set with deadline" in one step, so if the
 * deadline cannot be stored after the value was, the key is removed: a
 * key that was meant to die must not be left to live forever. */
static int set_store(struct client *c, unsigned flags, int val_i, long long when)
{
    const char *key = c->argv[1], *val = c->argv[val_i];
    size_t klen = c->argvlen[1], vlen = c->argvlen[val_i];
    int rc = (flags & OPT_KEEPTTL) ? db_set_keepttl(c->db, key, klen, val, vlen)
                                   : db_set(c->db, key, klen, val, vlen);
    if (rc < 0)
        return -1;
    if ((flags & OPT_TIME) && db_set_expire(c->db, key, klen, when) < 0) {
        delete_now(c);
        return -1;
    }
    c->dirty++;
    log_set(c, flags, val_i, when);
    return 0;
}

/* The part of SET after its arguments are known to be good.  With GET
 * the old value is the answer (and a key of another type stops it);
 * without, +OK, or the null bulk when NX/XX says no. */
static void set_generic(struct client *c, unsigned flags, int val_i, long long when)
{
    size_t mark = c->reply.len;
    struct db_entry *e = db_find(c->db, c->argv[1], c->argvlen[1]);
    if (flags & OPT_GET) {
        if (e && db_entry_type(e) != DB_STRING) {
            resp_add_error(&c->reply, CMD_ERR_WRONGTYPE);
            return;
        }
        reply_value(c, e); /* written now: the set frees the old value */
    }
    if (((flags & OPT_NX) && e) || ((flags & OPT_XX) && !e)) {
        if (!(flags & OPT_GET))
            resp_add_nil(&c->reply, c->resp);
        return;
    }
    if (set_store(c, flags, val_i, when) < 0)
        reply_oom_instead(c, mark);
    else if (!(flags & OPT_GET))
        resp_add_simple(&c->reply, "OK");
}

/* SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL] */
static void cmd_set(struct client *c)
{
    struct str_args a;
    long long when = 0;
    if (parse_str_opts(c, 3, FOR_SET, &a) < 0)
        return;
    if (a.time_arg && str_deadline(c, a.flags, a.time_arg, clock_unix_ms(), "set", &when) < 0)
        return;
    set_generic(c, a.flags, 2, when);
}

/* SETEX key seconds value / PSETEX key ms value: SET key value EX/PX. */
static void setex_generic(struct client *c, unsigned unit, const char *name)
{
    long long when;
    if (str_deadline(c, unit, 2, clock_unix_ms(), name, &when) < 0)
        return;
    set_generic(c, unit, 3, when);
}

static void cmd_setex(struct client *c)
{
    setex_generic(c, OPT_EX, "setex");
}

static void cmd_psetex(struct client *c)
{
    setex_generic(c, OPT_PX, "psetex");
}

/* ---------------------------------------------------------------------
 * GETEX, GETDEL
 * ------------------------------------------------------------------- */

/* GETEX's change to the key, once its value is answered: a new deadline
 * (deleting the key if it is already past), or PERSIST.  0, or -1 on OOM. */
static int getex_touch(struct client *c, unsigned flags, long long when, long long now)
{
    if ((flags & OPT_TIME) && when <= now) {
        delete_now(c);
    } else if (flags & OPT_TIME) {
        int rc = db_set_expire(c->db, c->argv[1], c->argvlen[1], when);
        if (rc < 0)
            return -1;
        if (rc > 0) { /* 0: the key's old deadline ran out just now */
            c->dirty++;
            log_pexpireat(c, when);
        }
    } else if ((flags & OPT_PERSIST) && db_persist(c->db, c->argv[1], c->argvlen[1])) {
        c->dirty++;
        client_log_arg_str(c, "PERSIST");
        client_log_arg_from(c, 1);
    }
    return 0;
}

/* GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST].  A missing key answers
 * null and a key of another type WRONGTYPE before the time is checked. */
static void cmd_getex(struct client *c)
{
    struct str_args a;
    long long now = clock_unix_ms(), when = 0;
    if (parse_str_opts(c, 2, FOR_GETEX, &a) < 0)
        return;
    struct db_entry *e = db_find(c->db, c->argv[1], c->argvlen[1]);
    if (!e) {
        resp_add_nil(&c->reply, c->resp);
        return;
    }
    if (db_entry_type(e) != DB_STRING) {
        resp_add_error(&c->reply, CMD_ERR_WRONGTYPE);
        return;
    }
    if (a.time_arg && str_deadline(c, a.flags, a.time_arg, now, "getex", &when) < 0)
        return;
    size_t mark = c->reply.len;
    reply_value(c, e); /* before the change, which may free the value */
    if (getex_touch(c, a.flags, when, now) < 0)
        reply_oom_instead(c, mark);
}

/* GETDEL key: logged as DEL key. */
static void cmd_getdel(struct client *c)
{
    struct db_entry *e = db_find(c->db, c->argv[1], c->argvlen[1]);
    if (e && db_entry_type(e) != DB_STRING) {
        resp_add_error(&c->reply, CMD_ERR_WRONGTYPE);
        return;
    }
    reply_value(c, e);
    if (e)
        delete_now(c);
}

/* ---------------------------------------------------------------------
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, PERSIST
 * ------------------------------------------------------------------- */

enum { EXP_NX = 1, EXP_XX = 2, EXP_GT = 4, EXP_LT = 8 };

/* The option at argv[i], 0 if it is none of them. */
static unsigned expire_opt(const struct client *c, int i)
{
    static const struct {
        const char *word;
        unsigned flag;
    } words[] = {{"nx", EXP_NX}, {"xx", EXP_XX}, {"gt", EXP_GT}, {"lt", EXP_LT}};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (client_arg_is(c, i, words[k].word))
            return words[k].flag;
    return 0;
}

/* Redis prints the unknown option as a C string: up to its first NUL. */
static void reply_unsupported(struct client *c, int i)
{
    const char *nul = memchr(c->argv[i], '\0', c->argvlen[i]);
    size_t len = nul ? (size_t)(nul - c->argv[i]) : c->argvlen[i];
    resp_add_errorf(&c->reply, "ERR Unsupported option %.*s", (int)len, c->argv[i]);
}

/* NX|XX|GT|LT from argv[3] on: every option is read before the mixes are
 * judged.  XX may go with GT or LT; NX goes with none.  0 or -1. */
static int parse_expire_opts(struct client *c, unsigned *flags)
{
    *flags = 0;
    for (int i = 3; i < c->argc; i++) {
        unsigned f = expire_opt(c, i);
        if (!f) {
            reply_unsupported(c, i);
            return -1;
        }
        *flags |= f;
    }
    if ((*flags & EXP_NX) && (*flags & (EXP_XX | EXP_GT | EXP_LT))) {
        resp_add_error(&c->reply,
                       "ERR NX and XX, GT or LT options at the same time are not compatible");
        return -1;
    }
    if ((*flags & EXP_GT) && (*flags & EXP_LT)) {
        resp_add_error(&c->reply, "ERR GT and LT options at the same time are not compatible");
        return -1;
    }
    return 0;
}

/* argv[2] as an absolute deadline.  Unlike SET, zero and negative times
 * are fine (they delete the key); only overflow is an error. */
static int expire_deadline(struct client *c, long long base, int seconds, const char *name,
                           long long *when)
{
    long long t;
    if (!num_parse_ll(c->argv[2], c->argvlen[2], &t)) {
        resp_add_error(&c->reply, CMD_ERR_NOT_INT);
        return -1;
    }
    if (seconds && (t > LLONG_MAX / 1000 || t < LLONG_MIN / 1000)) {
        reply_bad_time(c, name);
        return -1;
    }
    if (seconds)
        t *= 1000;
    if (t > LLONG_MAX - base) {
        reply_bad_time(c, name);
        return -1;
    }
    *when = t + base;
    return 0;
}

/* Do the options allow replacing deadline cur (-1: none) with when?
 * For GT and LT "none" is an infinite TTL: nothing is greater than it,
 * and everything is less. */
static int expire_allowed(unsigned flags, long long when, long long cur)
{
    if ((flags & EXP_NX) && cur != -1)
        return 0;
    if ((flags & EXP_XX) && cur == -1)
        return 0;
    if ((flags & EXP_GT) && (cur == -1 || when <= cur))
        return 0;
    if ((flags & EXP_LT) && cur != -1 && when >= cur)
        return 0;
    return 1;
}

/* The four EXPIRE commands: a relative time counts from now, an AT time
 * from 1970. */
static void expire_generic(struct client *c, int relative, int seconds, const char *name)
{
    long long now = clock_unix_ms(), when;
    unsigned flags;
    if (parse_expire_opts(c, &flags) < 0 ||
        expire_deadline(c, relative ? now : 0, seconds, name, &when) < 0)
        return;
    long long cur = db_get_expire(c->db, c->argv[1], c->argvlen[1]);
    if (cur == -2 || !expire_allowed(flags, when, cur)) {
        resp_add_integer(&c->reply, 0);
        return;
    }
    if (when <= now) {
        delete_now(c);
        resp_add_integer(&c->reply, 1);
        return;
    }
    int rc = db_set_expire(c->db, c->argv[1], c->argvlen[1], when);
    if (rc < 0) {
        resp_add_error(&c->reply, CMD_ERR_OOM);
        return;
    }
    if (rc > 0) {
        c->dirty++;
        log_pexpireat(c, when);
    }
    resp_add_integer(&c->reply, rc);
}

static void cmd_expire(struct client *c)
{
    expire_generic(c, 1, 1, "expire");
}

static void cmd_pexpire(struct client *c)
{
    expire_generic(c, 1, 0, "pexpire");
}

static void cmd_expireat(struct client *c)
{
    expire_generic(c, 0, 1, "expireat");
}

static void cmd_pexpireat(struct client *c)
{
    expire_generic(c, 0, 0, "pexpireat");
}

static void cmd_persist(struct client *c)
{
    int removed = db_persist(c->db, c->argv[1], c->argvlen[1]);
    if (removed)
        c->dirty++;
    resp_add_integer(&c->reply, removed);
}

/* ---------------------------------------------------------------------
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME
 * ------------------------------------------------------------------- */

/* -2 for no key, -1 for no deadline, else the time left (or the deadline
 * itself when absolute), never below 0.  Seconds are rounded to the
 * nearest, as Redis does with (ms + 500) / 1000 - computed here so that it
 * cannot overflow for a deadline near LLONG_MAX. */
static void ttl_generic(struct client *c, int absolute, int millis)
{
    long long t = db_get_expire(c->db, c->argv[1], c->argvlen[1]);
    if (t < 0) { /* -2 or -1 */
        resp_add_integer(&c->reply, t);
        return;
    }
    if (!absolute)
        t -= clock_unix_ms();
    if (t < 0)
        t = 0;
    resp_add_integer(&c->reply, millis ? t : t / 1000 + (t % 1000 + 500) / 1000);
}

static void cmd_ttl(struct client *c)
{
    ttl_generic(c, 0, 0);
}

static void cmd_pttl(struct client *c)
{
    ttl_generic(c, 0, 1);
}

static void cmd_expiretime(struct client *c)
{
    ttl_generic(c, 1, 0);
}

static void cmd_pexpiretime(struct client *c)
{
    ttl_generic(c, 1, 1);
}

const struct cmd cmd_expire_group[] = {
    {"set", cmd_set, -3, "write denyoom", 1, 1, 1},
    {"setex", cmd_setex, 4, "write denyoom", 1, 1, 1},
    {"psetex", cmd_psetex, 4, "write denyoom", 1, 1, 1},
    {"getex", cmd_getex, -2, "write fast", 1, 1, 1},
    {"getdel", cmd_getdel, 2, "write fast", 1, 1, 1},
    {"expire", cmd_expire, -3, "write fast", 1, 1, 1},
    {"pexpire", cmd_pexpire, -3, "write fast", 1, 1, 1},
    {"expireat", cmd_expireat, -3, "write fast", 1, 1, 1},
    {"pexpireat", cmd_pexpireat, -3, "write fast", 1, 1, 1},
    {"persist", cmd_persist, 2, "write fast", 1, 1, 1},
    {"ttl", cmd_ttl, 2, "readonly fast", 1, 1, 1},
    {"pttl", cmd_pttl, 2, "readonly fast", 1, 1, 1},
    {"expiretime", cmd_expiretime, 2, "readonly fast", 1, 1, 1},
    {"pexpiretime", cmd_pexpiretime, 2, "readonly fast", 1, 1, 1},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
