/* hiredis_flow.c - hiredis's basic flows against a server on 127.0.0.1.
 *
 *     hiredis_flow PORT [PROTO]
 *
 * Built by tests/clients/run.sh with `cc ... -lhiredis` (Debian's
 * libhiredis-dev).  The same flows as the other clients' scripts, written
 * with hiredis's own calls (redisCommand with %s and %b, redisAppendCommand
 * and redisGetReply for pipelines), plus 10,000 pipelined commands whose
 * replies are all checked.  PROTO 3 first sends HELLO 3 and then reads
 * RESP3's types; that needs hiredis 1.0 or later (the REDIS_REPLY_MAP
 * family): with an older hiredis (Debian 12 ships 0.14.1, whose reader
 * rejects RESP3's type bytes) the RESP3 run is reported as skipped.
 *
 * Every check prints one TAP line, "ok N - name" or "not ok N - name: what
 * was expected, what came back", and the plan "1..N" comes last.  A check
 * stops at its first mismatch.  Keys and values are random.  What a check
 * expects is what the real redis-server answers.
 *
 * A check the server under test cannot do yet is reported as skipped, "ok N
 * - name # SKIP why": run.sh sets RUNG_CLIENTS_NO_MULTI=1 when the server
 * does not know MULTI (COMMAND INFO multi is empty), and the transaction
 * check is then skipped, neither passed nor failed. */
#include <hiredis/hiredis.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifdef REDIS_REPLY_MAP
#define HAVE_RESP3 1
#else
#define HAVE_RESP3 0
#endif

static int port, proto = 2;
static int no_multi;      /* RUNG_CLIENTS_NO_MULTI=1: skip the MULTI check */
static char P[64];        /* every key starts with this */
static char why[4096];    /* why the current check failed */
static int n_checks, n_failed;

/* fail(...): say why the current check failed; returns 0 for `return`. */
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return 0;
}

/* skip(name, reason): one numbered check, reported as skipped, not run. */
static void skip(const char *name, const char *reason)
{
    n_checks++;
    printf("ok %d - %s # SKIP %s\n", n_checks, name, reason);
    fflush(stdout);
}

static void check(const char *name, int (*fn)(void))
{
    why[0] = '\0';
    n_checks++;
    if (fn()) {
        printf("ok %d - %s\n", n_checks, name);
    } else {
        n_failed++;
        printf("not ok %d - %s: %s\n", n_checks, name, why);
    }
    fflush(stdout);
}

/* rand_word(buf, tag): tag-<10 random hex digits>. */
static char *rand_word(char *buf, const char *tag)
{
    snprintf(buf, 48, "%s-%05x%05x", tag, (unsigned)rand() & 0xfffff, (unsigned)rand() & 0xfffff);
    return buf;
}

/* At most 60 bytes of s, escaped, for a failure message. */
static const char *esc(const char *s, size_t len)
{
    static char out[8][300];
    static int slot;
    char *o = out[slot++ % 8];
    size_t i, j = 0;
    for (i = 0; i < len && i < 60 && j < sizeof out[0] - 8; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r') j += (size_t)sprintf(o + j, "\\r");
        else if (ch == '\n') j += (size_t)sprintf(o + j, "\\n");
        else if (isprint(ch) && ch != '\\') o[j++] = (char)ch;
        else j += (size_t)sprintf(o + j, "\\x%02x", ch);
    }
    if (i < len) j += (size_t)sprintf(o + j, "...(%zu bytes)", len);
    o[j] = '\0';
    return o;
}

/* A reply described for a failure message. */
static const char *show(redisContext *c, const redisReply *r)
{
    static char out[4][400];
    static int slot;
    char *o = out[slot++ % 4];
    if (!r) {
        snprintf(o, sizeof out[0], "no reply (%s)", c && c->err ? c->errstr : "?");
        return o;
    }
    switch (r->type) {
    case REDIS_REPLY_STATUS: snprintf(o, sizeof out[0], "status +%s", esc(r->str, r->len)); break;
    case REDIS_REPLY_ERROR: snprintf(o, sizeof out[0], "error -%s", esc(r->str, r->len)); break;
    case REDIS_REPLY_STRING: snprintf(o, sizeof out[0], "bulk \"%s\"", esc(r->str, r->len)); break;
    case REDIS_REPLY_INTEGER: snprintf(o, sizeof out[0], "integer %lld", r->integer); break;
    case REDIS_REPLY_NIL: snprintf(o, sizeof out[0], "nil"); break;
    case REDIS_REPLY_ARRAY: snprintf(o, sizeof out[0], "array of %zu", r->elements); break;
#if HAVE_RESP3
    case REDIS_REPLY_MAP: snprintf(o, sizeof out[0], "map of %zu", r->elements / 2); break;
    case REDIS_REPLY_SET: snprintf(o, sizeof out[0], "set of %zu", r->elements); break;
    case REDIS_REPLY_DOUBLE: snprintf(o, sizeof out[0], "double %s", esc(r->str, r->len)); break;
    case REDIS_REPLY_BOOL: snprintf(o, sizeof out[0], "bool %lld", r->integer); break;
    case REDIS_REPLY_VERB: snprintf(o, sizeof out[0], "verbatim \"%s\"", esc(r->str, r->len)); break;
#endif
    default: snprintf(o, sizeof out[0], "reply of type %d", r->type); break;
    }
    return o;
}

/* The want_* helpers take the reply (and free it): true when it is what
 * Redis answers, else fail() says what was sent, expected and got. */
static redisContext *C; /* the connection the helpers describe */

static int want_status(const char *what, redisReply *r, const char *s)
{
    int ok = r && r->type == REDIS_REPLY_STATUS && strcmp(r->str, s) == 0;
    if (!ok) fail("%s: expected status +%s, got %s", what, s, show(C, r));
    freeReplyObject(r);
    return ok;
}

static int want_bulk(const char *what, redisReply *r, const char *s, size_t len)
{
    int ok = r && r->type == REDIS_REPLY_STRING && r->len == len && memcmp(r->str, s, len) == 0;
    if (!ok) fail("%s: expected bulk \"%s\", got %s", what, esc(s, len), show(C, r));
    freeReplyObject(r);
    return ok;
}

static int want_str(const char *what, redisReply *r, const char *s)
{
    return want_bulk(what, r, s, strlen(s));
}

static int want_int(const char *what, redisReply *r, long long n)
{
    int ok = r && r->type == REDIS_REPLY_INTEGER && r->integer == n;
    if (!ok) fail("%s: expected integer %lld, got %s", what, n, show(C, r));
    freeReplyObject(r);
    return ok;
}

static int want_int_in(const char *what, redisReply *r, long long lo, long long hi)
{
    int ok = r && r->type == REDIS_REPLY_INTEGER && r->integer >= lo && r->integer <= hi;
    if (!ok) fail("%s: expected an integer in %lld..%lld, got %s", what, lo, hi, show(C, r));
    freeReplyObject(r);
    return ok;
}

static int want_nil(const char *what, redisReply *r)
{
    int ok = r && r->type == REDIS_REPLY_NIL;
    if (!ok) fail("%s: expected nil, got %s", what, show(C, r));
    freeReplyObject(r);
    return ok;
}

static int want_err(const char *what, redisReply *r, const char *text)
{
    int ok = r && r->type == REDIS_REPLY_ERROR && strcmp(r->str, text) == 0;
    if (!ok) fail("%s: expected error -%s, got %s", what, esc(text, strlen(text)), show(C, r));
    freeReplyObject(r);
    return ok;
}

/* A map reply: an array of 2n in RESP2, a map in RESP3. */
static int is_map(const redisReply *r)
{
#if HAVE_RESP3
    if (proto == 3) return r && r->type == REDIS_REPLY_MAP;
#endif
    return r && r->type == REDIS_REPLY_ARRAY && r->elements % 2 == 0;
}

/* The value of field f in a map reply, or NULL. */
static redisReply *map_get(const redisReply *r, const char *f)
{
    size_t i;
    for (i = 0; i + 1 < r->elements; i += 2)
        if (r->element[i]->type == REDIS_REPLY_STRING && strcmp(r->element[i]->str, f) == 0)
            return r->element[i + 1];
    return NULL;
}

static redisContext *connect_to(int db)
{
    struct timeval tv = {5, 0};
    redisContext *c = redisConnectWithTimeout("127.0.0.1", port, tv);
    redisReply *r;
    if (!c || c->err) {
        fail("cannot connect to 127.0.0.1:%d: %s", port, c ? c->errstr : "out of memory");
        if (c) redisFree(c);
        return NULL;
    }
    redisSetTimeout(c, tv);
    if (proto == 3) {
        r = redisCommand(c, "HELLO 3");
        if (!is_map(r)) {
            fail("HELLO 3: expected a map, got %s", show(c, r));
            freeReplyObject(r);
            redisFree(c);
            return NULL;
        }
        freeReplyObject(r);
    }
    if (db) {
        r = redisCommand(c, "SELECT %d", db);
        if (!r || r->type != REDIS_REPLY_STATUS || strcmp(r->str, "OK") != 0) {
            fail("SELECT %d: expected status +OK, got %s", db, show(c, r));
            freeReplyObject(r);
            redisFree(c);
            return NULL;
        }
        freeReplyObject(r);
    }
    return c;
}

#define cmd(...) ((redisReply *)redisCommand(C, __VA_ARGS__))

static int t_connect(void)
{
    C = connect_to(0);
    return C != NULL;
}

static int t_hello(void)
{
    redisReply *r = cmd("HELLO 3"), *f;
    int ok = is_map(r);
    if (!ok) fail("HELLO 3: expected a map, got %s", show(C, r));
    if (ok && (!(f = map_get(r, "proto")) || f->type != REDIS_REPLY_INTEGER || f->integer != 3))
        ok = fail("HELLO 3: proto is %s, expected integer 3", f ? show(C, f) : "missing");
    if (ok && (!(f = map_get(r, "server")) || f->type != REDIS_REPLY_STRING || strcmp(f->str, "redis") != 0))
        ok = fail("HELLO 3: server is %s, expected \"redis\"", f ? show(C, f) : "missing");
    freeReplyObject(r);
    return ok;
}

static int t_ping(void)
{
    char m[48];
    return want_status("PING", cmd("PING"), "PONG") &&
           want_str("PING msg", cmd("PING %s", rand_word(m, "msg")), m);
}

static int t_setget(void)
{
    char k[128], v[48];
    snprintf(k, sizeof k, "%s:s", P);
    return want_status("SET", cmd("SET %s %s", k, rand_word(v, "v")), "OK") &&
           want_str("GET", cmd("GET %s", k), v) &&
           want_nil("GET missing", cmd("GET %s:missing", P));
}

static int t_set_ex_px(void)
{
    char k[128], v[48];
    int i;
    redisReply *r;
    snprintf(k, sizeof k, "%s:ex", P);
    if (!want_status("SET EX 100", cmd("SET %s %s EX 100", k, rand_word(v, "v")), "OK") ||
        !want_int_in("TTL after SET EX 100", cmd("TTL %s", k), 1, 100) ||
        !want_status("SET PX 100000", cmd("SET %s %s PX 100000", k, v), "OK") ||
        !want_int_in("PTTL after SET PX 100000", cmd("PTTL %s", k), 1, 100000) ||
        !want_status("SET PX 30", cmd("SET %s %s PX 30", k, v), "OK"))
        return 0;
    for (i = 0; i < 100; i++) { /* bounded: 100 x 20 ms */
        r = cmd("GET %s", k);
        if (r && r->type == REDIS_REPLY_NIL) {
            freeReplyObject(r);
            break;
        }
        freeReplyObject(r);
        usleep(20000);
    }
    return want_nil("GET 2 s after SET PX 30", cmd("GET %s", k));
}

static int t_set_nx_xx(void)
{
    char k[128], v1[48], v2[48];
    snprintf(k, sizeof k, "%s:nx", P);
    rand_word(v1, "v");
    rand_word(v2, "v");
    return want_nil("SET XX on a missing key", cmd("SET %s %s XX", k, v1)) &&
           want_int("EXISTS after it", cmd("EXISTS %s", k), 0) &&
           want_status("SET NX on a missing key", cmd("SET %s %s NX", k, v1), "OK") &&
           want_nil("SET NX on an existing key", cmd("SET %s %s NX", k, v2)) &&
           want_str("GET after the refused SET NX", cmd("GET %s", k), v1) &&
           want_status("SET XX on an existing key", cmd("SET %s %s XX", k, v2), "OK") &&
           want_str("GET after SET XX", cmd("GET %s", k), v2);
}

static int t_set_get_keepttl(void)
{
    char k[128], v1[48], v2[48], v3[48];
    snprintf(k, sizeof k, "%s:get", P);
    rand_word(v1, "v");
    rand_word(v2, "v");
    rand_word(v3, "v");
    return want_nil("SET GET on a missing key", cmd("SET %s %s GET", k, v1)) &&
           want_str("SET GET returns the old value", cmd("SET %s %s GET", k, v2), v1) &&
           want_str("GET after SET GET", cmd("GET %s", k), v2) &&
           want_status("SET EX 100", cmd("SET %s %s EX 100", k, v1), "OK") &&
           want_status("SET KEEPTTL", cmd("SET %s %s KEEPTTL", k, v3), "OK") &&
           want_int_in("TTL after SET KEEPTTL", cmd("TTL %s", k), 1, 100) &&
           want_str("GET after SET KEEPTTL", cmd("GET %s", k), v3) &&
           want_status("plain SET", cmd("SET %s %s", k, v1), "OK") &&
           want_int("TTL after a plain SET drops the expiry", cmd("TTL %s", k), -1);
}

static int t_incr(void)
{
    char k[128], f[128], v[48];
    snprintf(k, sizeof k, "%s:n", P);
    snprintf(f, sizeof f, "%s:f", P);
    return want_int("INCR on a missing key", cmd("INCR %s", k), 1) &&
           want_int("INCRBY 10", cmd("INCRBY %s 10", k), 11) &&
           want_int("INCRBY -20", cmd("INCRBY %s -20", k), -9) &&
           want_str("INCRBYFLOAT 1.5", cmd("INCRBYFLOAT %s 1.5", k), "-7.5") &&
           want_str("INCRBYFLOAT 5.0e3", cmd("INCRBYFLOAT %s 5.0e3", k), "4992.5") &&
           want_str("GET after INCRBYFLOAT", cmd("GET %s", k), "4992.5") &&
           want_status("SET 10.50", cmd("SET %s 10.50", f), "OK") &&
           want_str("INCRBYFLOAT 0.1 on 10.50", cmd("INCRBYFLOAT %s 0.1", f), "10.6") &&
           want_status("SET a word", cmd("SET %s %s", k, rand_word(v, "v")), "OK") &&
           want_err("INCR on a non-integer", cmd("INCR %s", k), "ERR value is not an integer or out of range") &&
           want_err("INCRBYFLOAT on a non-number", cmd("INCRBYFLOAT %s 1", k), "ERR value is not a valid float");
}

static int t_mset_mget(void)
{
    char va[48], vc[48];
    redisReply *r;
    int ok;
    if (!want_status("MSET", cmd("MSET %s:m:a %s %s:m:c %s", P, rand_word(va, "v"), P, rand_word(vc, "v")), "OK"))
        return 0;
    r = cmd("MGET %s:m:a %s:m:b %s:m:c", P, P, P);
    ok = r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
         r->element[0]->type == REDIS_REPLY_STRING && strcmp(r->element[0]->str, va) == 0 &&
         r->element[1]->type == REDIS_REPLY_NIL &&
         r->element[2]->type == REDIS_REPLY_STRING && strcmp(r->element[2]->str, vc) == 0;
    if (!ok)
        fail("MGET a b(missing) c: expected [\"%s\", nil, \"%s\"], got %s%s%s%s%s%s%s", va, vc, show(C, r),
             r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 ? ": " : "",
             r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 ? show(C, r->element[0]) : "",
             r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 ? ", " : "",
             r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 ? show(C, r->element[1]) : "",
             r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 ? ", " : "",
             r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 ? show(C, r->element[2]) : "");
    freeReplyObject(r);
    return ok;
}

/* HGETALL h must be exactly the n field/value pairs in fv. */
static int want_hash(const char *what, redisReply *r, const char **fv, size_t n)
{
    size_t i;
    redisReply *v;
    int ok = is_map(r) && r->elements == 2 * n;
    for (i = 0; ok && i < n; i++)
        ok = (v = map_get(r, fv[2 * i])) && v->type == REDIS_REPLY_STRING && strcmp(v->str, fv[2 * i + 1]) == 0;
    if (!ok) {
        char got[1024] = "";
        size_t j = 0;
        for (i = 0; r && is_map(r) && i < r->elements && j < sizeof got - 200; i++)
            j += (size_t)snprintf(got + j, sizeof got - j, "%s%s", i ? ", " : "", show(C, r->element[i]));
        fail("%s: expected %zu field/value pairs (%s ...), got %s [%s]", what, n, n ? fv[0] : "", show(C, r), got);
    }
    freeReplyObject(r);
    return ok;
}

static int t_hashes(void)
{
    char h[128], f1[48], f2[48], v1[48], v2[48], v3[48];
    const char *all[4], *after[2];
    snprintf(h, sizeof h, "%s:h", P);
    rand_word(f1, "f");
    rand_word(f2, "f");
    rand_word(v1, "v");
    rand_word(v2, "v");
    rand_word(v3, "v");
    all[0] = f1, all[1] = v3, all[2] = f2, all[3] = v2;
    after[0] = f2, after[1] = v2;
    return want_int("HSET two fields", cmd("HSET %s %s %s %s %s", h, f1, v1, f2, v2), 2) &&
           want_int("HSET an existing field", cmd("HSET %s %s %s", h, f1, v3), 0) &&
           want_str("HGET", cmd("HGET %s %s", h, f1), v3) &&
           want_nil("HGET a missing field", cmd("HGET %s nosuch", h)) &&
           want_hash("HGETALL", cmd("HGETALL %s", h), all, 2) &&
           want_int("HDEL a field and a missing one", cmd("HDEL %s %s nosuch", h, f1), 1) &&
           want_hash("HGETALL after HDEL", cmd("HGETALL %s", h), after, 1) &&
           want_int("HINCRBY a new field", cmd("HINCRBY %s n 5", h), 5) &&
           want_int("HINCRBY -7", cmd("HINCRBY %s n -7", h), -2) &&
           want_err("HINCRBY on a non-integer field", cmd("HINCRBY %s %s 1", h, f2), "ERR hash value is not an integer") &&
           want_hash("HGETALL of a missing key", cmd("HGETALL %s:nohash", P), NULL, 0);
}

static int t_expire(void)
{
    char k[128], v[48];
    snprintf(k, sizeof k, "%s:e", P);
    return want_status("SET", cmd("SET %s %s", k, rand_word(v, "v")), "OK") &&
           want_int("TTL without expiry", cmd("TTL %s", k), -1) &&
           want_int("EXPIRE 100", cmd("EXPIRE %s 100", k), 1) &&
           want_int_in("TTL after EXPIRE 100", cmd("TTL %s", k), 1, 100) &&
           want_int_in("PTTL after EXPIRE 100", cmd("PTTL %s", k), 1, 100000) &&
           want_int("PERSIST", cmd("PERSIST %s", k), 1) &&
           want_int("TTL after PERSIST", cmd("TTL %s", k), -1) &&
           want_int("PERSIST again", cmd("PERSIST %s", k), 0) &&
           want_int("TTL of a missing key", cmd("TTL %s:nokey", P), -2) &&
           want_int("PTTL of a missing key", cmd("PTTL %s:nokey", P), -2) &&
           want_int("EXPIRE a missing key", cmd("EXPIRE %s:nokey 100", P), 0);
}

/* The next reply of a pipeline. */
static redisReply *next_reply(void)
{
    void *r = NULL;
    if (redisGetReply(C, &r) != REDIS_OK) return NULL;
    return r;
}

static int t_pipeline(void)
{
    char k[128], n[128], v[48];
    snprintf(k, sizeof k, "%s:p", P);
    snprintf(n, sizeof n, "%s:pn", P);
    rand_word(v, "v");
    redisAppendCommand(C, "SET %s %s", k, v);
    redisAppendCommand(C, "GET %s", k);
    redisAppendCommand(C, "INCR %s", n);
    redisAppendCommand(C, "INCRBY %s 9", n);
    redisAppendCommand(C, "GET %s:nokey", P);
    redisAppendCommand(C, "SET %s abc", k);
    redisAppendCommand(C, "INCR %s", k);
    redisAppendCommand(C, "GET %s", k);
    return want_status("pipelined SET", next_reply(), "OK") &&
           want_str("pipelined GET", next_reply(), v) &&
           want_int("pipelined INCR", next_reply(), 1) &&
           want_int("pipelined INCRBY 9", next_reply(), 10) &&
           want_nil("pipelined GET missing", next_reply()) &&
           want_status("pipelined SET abc", next_reply(), "OK") &&
           want_err("pipelined INCR of abc", next_reply(), "ERR value is not an integer or out of range") &&
           want_str("pipelined GET after the error", next_reply(), "abc");
}

/* 10,000 commands written before any reply is read: SET k:i v-i, GET k:i,
 * INCR counter, in turn; every reply checked. */
static int t_pipeline_10000(void)
{
    enum { COUNT = 10000 };
    char what[96], v[48];
    int i;
    unsigned seed = (unsigned)rand();
    for (i = 0; i < COUNT; i++) {
        switch (i % 3) {
        case 0: redisAppendCommand(C, "SET %s:pp:%d v-%u-%d", P, i, seed, i); break;
        case 1: redisAppendCommand(C, "GET %s:pp:%d", P, i - 1); break;
        default: redisAppendCommand(C, "INCR %s:ppn", P); break;
        }
    }
    for (i = 0; i < COUNT; i++) {
        int ok;
        snprintf(what, sizeof what, "reply %d of %d", i + 1, COUNT);
        switch (i % 3) {
        case 0: ok = want_status(what, next_reply(), "OK"); break;
        case 1:
            snprintf(v, sizeof v, "v-%u-%d", seed, i - 1);
            ok = want_str(what, next_reply(), v);
            break;
        default: ok = want_int(what, next_reply(), i / 3 + 1); break;
        }
        if (!ok) {
            /* The rest of the replies would be out of step: reconnect. */
            redisFree(C);
            C = connect_to(0);
            return 0;
        }
    }
    return 1;
}

static int t_multi(void)
{
    char k[128], v[48];
    redisReply *r;
    int ok;
    snprintf(k, sizeof k, "%s:t", P);
    rand_word(v, "v");
    if (!want_status("MULTI", cmd("MULTI"), "OK") ||
        !want_status("SET in MULTI", cmd("SET %s %s", k, v), "QUEUED") ||
        !want_status("INCR in MULTI", cmd("INCR %s", k), "QUEUED") ||
        !want_status("GET in MULTI", cmd("GET %s", k), "QUEUED"))
        return 0;
    r = cmd("EXEC");
    ok = r && r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
         r->element[0]->type == REDIS_REPLY_STATUS && strcmp(r->element[0]->str, "OK") == 0 &&
         r->element[1]->type == REDIS_REPLY_ERROR &&
         strcmp(r->element[1]->str, "ERR value is not an integer or out of range") == 0 &&
         r->element[2]->type == REDIS_REPLY_STRING && strcmp(r->element[2]->str, v) == 0;
    if (!ok)
        fail("EXEC: expected [+OK, -ERR value is not an integer or out of range, \"%s\"], got %s%s%s", v,
             show(C, r), r && r->type == REDIS_REPLY_ARRAY && r->elements ? ", first " : "",
             r && r->type == REDIS_REPLY_ARRAY && r->elements ? show(C, r->element[0]) : "");
    freeReplyObject(r);
    return ok;
}

static int t_scan(void)
{
    char seen[40] = {0};
    int i, calls, found = 0, others = 0;
    char cursor[32] = "0";
    for (i = 0; i < 40; i++)
        if (!want_status("SET", cmd("SET %s:scan:%d 1", P, i), "OK")) return 0;
    for (i = 0; i < 10; i++)
        if (!want_status("SET", cmd("SET %s:other:%d 1", P, i), "OK")) return 0;
    for (calls = 0; calls < 10000; calls++) {
        redisReply *r = cmd("SCAN %s MATCH %s:scan:* COUNT 7", cursor, P);
        size_t j;
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
            r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_ARRAY) {
            fail("SCAN %s MATCH COUNT 7: expected [cursor, [keys]], got %s", cursor, show(C, r));
            freeReplyObject(r);
            return 0;
        }
        snprintf(cursor, sizeof cursor, "%s", r->element[0]->str);
        for (j = 0; j < r->element[1]->elements; j++) {
            const char *key = r->element[1]->element[j]->str;
            size_t plen = strlen(P);
            int n;
            if (strncmp(key, P, plen) == 0 && sscanf(key + plen, ":scan:%d", &n) == 1 && n >= 0 && n < 40) {
                if (!seen[n]++) found++;
            } else {
                others++;
            }
        }
        freeReplyObject(r);
        if (strcmp(cursor, "0") == 0) break;
    }
    if (strcmp(cursor, "0") != 0) return fail("SCAN did not return cursor 0 in 10000 calls");
    if (others) return fail("SCAN MATCH returned %d keys that do not match", others);
    if (found != 40) return fail("SCAN MATCH found %d of the 40 keys", found);
    return 1;
}

static int t_client_name(void)
{
    char name[48];
    rand_word(name, "name");
    return want_nil("CLIENT GETNAME without a name", cmd("CLIENT GETNAME")) &&
           want_status("CLIENT SETNAME", cmd("CLIENT SETNAME %s", name), "OK") &&
           want_str("CLIENT GETNAME after SETNAME", cmd("CLIENT GETNAME"), name) &&
           want_err("CLIENT SETNAME with a space", cmd("CLIENT SETNAME %s", "a b"),
                    "ERR Client names cannot contain spaces, newlines or special characters.");
}

static int t_select(void)
{
    char k[128], v[48];
    redisContext *c0 = C, *c3 = connect_to(3);
    int ok;
    if (!c3) return 0;
    snprintf(k, sizeof k, "%s:db", P);
    rand_word(v, "v");
    C = c3;
    ok = want_status("SET in db 3", cmd("SET %s %s", k, v), "OK") && want_str("GET in db 3", cmd("GET %s", k), v);
    C = c0;
    ok = ok && want_nil("GET of it in db 0", cmd("GET %s", k));
    C = c3;
    ok = ok && want_int("DEL in db 3", cmd("DEL %s", k), 1);
    C = c0;
    redisFree(c3);
    return ok;
}

/* The value of INFO field f (copied into out), or NULL. */
static const char *info_field(const char *text, const char *f, char *out, size_t size)
{
    size_t flen = strlen(f);
    const char *p = text;
    while (p && *p) {
        if (strncmp(p, f, flen) == 0 && p[flen] == ':') {
            size_t n = strcspn(p + flen + 1, "\r\n");
            if (n >= size) n = size - 1;
            memcpy(out, p + flen + 1, n);
            out[n] = '\0';
            return out;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    return NULL;
}

static int all_digits(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static int t_info(void)
{
    redisContext *c3 = connect_to(3); /* one more connected client */
    redisReply *r;
    char ver[64], role[64], cc[64], mem[64], tmp[64];
    int ok, a, b, d;
    if (!c3) return 0;
    r = cmd("INFO");
    ok = r && (r->type == REDIS_REPLY_STRING
#if HAVE_RESP3
               || (proto == 3 && r->type == REDIS_REPLY_VERB)
#endif
              );
    if (!ok) fail("INFO: expected a bulk string, got %s", show(C, r));
    if (ok && !(info_field(r->str, "redis_version", ver, sizeof ver) &&
                sscanf(ver, "%d.%d.%d%s", &a, &b, &d, tmp) == 3))
        ok = fail("INFO: redis_version is not x.y.z: %s", info_field(r->str, "redis_version", ver, sizeof ver) ? ver : "missing");
    if (ok && !(info_field(r->str, "role", role, sizeof role) && strcmp(role, "master") == 0))
        ok = fail("INFO: role is %s, expected master", info_field(r->str, "role", role, sizeof role) ? role : "missing");
    if (ok && !(info_field(r->str, "connected_clients", cc, sizeof cc) && all_digits(cc) && atoi(cc) >= 2))
        ok = fail("INFO: connected_clients is %s, expected an integer >= 2",
                  info_field(r->str, "connected_clients", cc, sizeof cc) ? cc : "missing");
    if (ok && !(info_field(r->str, "used_memory", mem, sizeof mem) && all_digits(mem) && atoll(mem) > 0))
        ok = fail("INFO: used_memory is %s, expected an integer > 0",
                  info_field(r->str, "used_memory", mem, sizeof mem) ? mem : "missing");
    freeReplyObject(r);
    if (ok) {
        r = cmd("INFO server");
        ok = r && r->str && (r->type == REDIS_REPLY_STRING
#if HAVE_RESP3
                             || (proto == 3 && r->type == REDIS_REPLY_VERB)
#endif
                            );
        if (!ok) fail("INFO server: expected a bulk string, got %s", show(C, r));
        if (ok && !(info_field(r->str, "redis_version", tmp, sizeof tmp) && strcmp(tmp, ver) == 0))
            ok = fail("INFO server: no redis_version %s", ver);
        if (ok && info_field(r->str, "connected_clients", tmp, sizeof tmp))
            ok = fail("INFO server: has connected_clients, which is in the clients section");
        freeReplyObject(r);
    }
    redisFree(c3);
    return ok;
}

static int t_binary(void)
{
    char key[160], bigkey[128], all[256];
    size_t klen, i, big_len = 1 << 20;
    char *big = malloc(big_len);
    redisReply *r;
    int ok;
    if (!big) return fail("out of memory");
    klen = (size_t)snprintf(key, sizeof key, "%s:bin:", P);
    memcpy(key + klen, "\0\r\n\xff", 4);
    klen += 4;
    for (i = 0; i < 256; i++) all[i] = (char)i;
    for (i = 0; i < big_len; i++) big[i] = (char)(rand() & 0xff);
    snprintf(bigkey, sizeof bigkey, "%s:big", P);
    ok = want_status("SET every byte 0-255 (binary key)", cmd("SET %b %b", key, klen, all, (size_t)256), "OK") &&
         want_bulk("GET every byte 0-255", cmd("GET %b", key, klen), all, 256) &&
         want_int("STRLEN", cmd("STRLEN %b", key, klen), 256) &&
         want_status("SET 1 MB", cmd("SET %s %b", bigkey, big, big_len), "OK");
    if (ok) {
        r = cmd("GET %s", bigkey);
        ok = r && r->type == REDIS_REPLY_STRING && r->len == big_len && memcmp(r->str, big, big_len) == 0;
        if (!ok) fail("GET 1 MB: not the same %zu bytes: %s", big_len, show(C, r));
        freeReplyObject(r);
    }
    ok = ok && want_int("STRLEN 1 MB", cmd("STRLEN %s", bigkey), (long long)big_len);
    free(big);
    return ok;
}

static int t_errors(void)
{
    return want_int("HSET", cmd("HSET %s:eh f v", P), 1) &&
           want_err("GET on a hash", cmd("GET %s:eh", P), "WRONGTYPE Operation against a key holding the wrong kind of value") &&
           want_err("unknown command", cmd("FOOBAR a b"), "ERR unknown command 'FOOBAR', with args beginning with: 'a' 'b' ") &&
           want_err("GET with no key", cmd("GET"), "ERR wrong number of arguments for 'get' command") &&
           want_err("SET EX 0", cmd("SET %s:x v EX 0", P), "ERR invalid expire time in 'set' command") &&
           want_err("SET NX XX", cmd("SET %s:x v NX XX", P), "ERR syntax error") &&
           want_status("the connection still works after errors", cmd("PING"), "PONG");
}

static int t_keys(void)
{
    char va[48], vb[48];
    return want_status("MSET", cmd("MSET %s:da %s %s:db2 %s", P, rand_word(va, "v"), P, rand_word(vb, "v")), "OK") &&
           want_int("HSET", cmd("HSET %s:dh f v", P), 1) &&
           want_int("EXISTS counts", cmd("EXISTS %s:da %s:db2 %s:dh %s:nokey", P, P, P, P), 3) &&
           want_int("EXISTS a key twice", cmd("EXISTS %s:da %s:da", P, P), 2) &&
           want_status("TYPE string", cmd("TYPE %s:da", P), "string") &&
           want_status("TYPE hash", cmd("TYPE %s:dh", P), "hash") &&
           want_status("TYPE none", cmd("TYPE %s:nokey", P), "none") &&
           want_status("RENAME", cmd("RENAME %s:da %s:dc", P, P), "OK") &&
           want_str("GET of the new name", cmd("GET %s:dc", P), va) &&
           want_int("EXISTS of the old name", cmd("EXISTS %s:da", P), 0) &&
           want_err("RENAME a missing key", cmd("RENAME %s:nokey %s:dc", P, P), "ERR no such key") &&
           want_int("DEL two keys and a missing one", cmd("DEL %s:db2 %s:dc %s:nokey", P, P, P), 2) &&
           want_int("EXISTS after DEL", cmd("EXISTS %s:db2 %s:dc", P, P), 0);
}

static int t_quit(void)
{
    redisContext *c0 = C, *q = connect_to(0);
    void *r = NULL;
    int ok;
    if (!q) return 0;
    C = q;
    ok = want_status("PING before QUIT", cmd("PING"), "PONG") && want_status("QUIT", cmd("QUIT"), "OK");
    if (ok && redisGetReply(q, &r) == REDIS_OK) {
        ok = fail("after QUIT: expected the server to close the connection, got %s", show(q, r));
        freeReplyObject(r);
    } else if (ok && q->err != REDIS_ERR_EOF) {
        ok = fail("after QUIT: expected end of file, got error %d (%s)", q->err, q->errstr);
    }
    C = c0;
    redisFree(q);
    return ok;
}

int main(int argc, char **argv)
{
    struct timeval now;
    if (argc < 2 || argc > 3 || (port = atoi(argv[1])) <= 0 || (argc == 3 && (proto = atoi(argv[2])) != 2 && proto != 3)) {
        fprintf(stderr, "usage: hiredis_flow PORT [2|3]\n");
        return 2;
    }
    if (proto == 3 && !HAVE_RESP3) {
        printf("1..0 # SKIP hiredis %d.%d.%d cannot read RESP3 (HELLO 3 needs hiredis >= 1.0)\n",
               HIREDIS_MAJOR, HIREDIS_MINOR, HIREDIS_PATCH);
        return 0;
    }
    no_multi = getenv("RUNG_CLIENTS_NO_MULTI") && strcmp(getenv("RUNG_CLIENTS_NO_MULTI"), "1") == 0;
    gettimeofday(&now, NULL);
    srand((unsigned)(now.tv_sec ^ now.tv_usec ^ getpid()));
    snprintf(P, sizeof P, "rung-clients:hiredis:%05x%05x", (unsigned)rand() & 0xfffff, (unsigned)rand() & 0xfffff);

    check(proto == 3 ? "connect and HELLO 3" : "connect", t_connect);
    if (!C) {
        printf("# cannot connect: no other check can run\n1..%d\n", n_checks);
        return 1;
    }
    if (proto == 3) check("HELLO: the connection speaks RESP3", t_hello);
    check("ping", t_ping);
    check("set/get", t_setget);
    check("set EX/PX, and the key expires", t_set_ex_px);
    check("set NX/XX", t_set_nx_xx);
    check("set GET and KEEPTTL", t_set_get_keepttl);
    check("incr/incrby/incrbyfloat", t_incr);
    check("mset/mget", t_mset_mget);
    check("hashes", t_hashes);
    check("expire/ttl/pttl/persist", t_expire);
    check("pipeline", t_pipeline);
    check("pipeline of 10,000 commands", t_pipeline_10000);
    if (!C) {
        printf("# cannot reconnect after the pipeline\n1..%d\n", n_checks);
        return 1;
    }
    if (no_multi)
        skip("transaction (MULTI/EXEC)", "server has no MULTI");
    else
        check("transaction (MULTI/EXEC)", t_multi);
    check("scan with MATCH/COUNT", t_scan);
    check("client name", t_client_name);
    check("select: a connection on db 3", t_select);
    check("info", t_info);
    check("binary values", t_binary);
    check("error replies", t_errors);
    check("del/exists/type/rename", t_keys);
    check("quit", t_quit);
    redisFree(C);
    printf("1..%d\n", n_checks);
    return n_failed ? 1 : 0;
}
