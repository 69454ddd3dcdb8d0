/* test_resp.c - unit tests of shared/resp.c.
 *
 * The parser is driven the way a server drives it: bytes land in a query
 * buffer, the parser is called after every "read", whole commands are
 * dropped from the front.  Each input is fed whole, a byte at a time, and
 * split in two at every boundary, and must give the same transcript.  Every
 * call gets a fresh, exactly-sized malloc'd copy of the pending bytes, so
 * ASan catches a read past len and a parser that kept a pointer across
 * calls reads freed memory.  The expected texts of errors and the quirks
 * were checked on the wire against redis-server 7.0. */
#include "resp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

/* ------------------------------------------------------------------------
 * A simulated client: query buffer + parser + transcript
 * ------------------------------------------------------------------------ */

/* Transcript: per command "<argc>:" then "<len>=<bytes>;" per argument;
 * "E:<err>" on a protocol error; "+<n>" for n bytes left unparsed. */
struct sim {
    struct resp_parser p;
    struct buf q;   /* received, not yet consumed */
    struct buf log; /* the transcript */
    int dead;       /* a protocol error closed the "connection" */
};

static void log_command(struct buf *log, const struct resp_parser *p)
{
    buf_printf(log, "%d:", p->argc);
    for (int i = 0; i < p->argc; i++) {
        buf_printf(log, "%zu=", p->argvlen[i]);
        buf_append(log, p->argv[i], p->argvlen[i]);
        buf_append(log, ";", 1);
    }
}

/* What a server does after each read: parse and drop commands until the
 * parser needs more bytes. */
static void sim_drain(struct sim *s)
{
    while (!s->dead) {
        char *copy = s->q.len ? malloc(s->q.len) : NULL;
        if (s->q.len)
            memcpy(copy, s->q.data, s->q.len);
        long r = resp_parse(&s->p, copy, s->q.len);
        if (r > 0)
            log_command(&s->log, &s->p);
        if (r == RESP_ERR) {
            buf_printf(&s->log, "E:%s", s->p.err);
            s->dead = 1;
        }
        free(copy);
        if (r <= 0)
            break;
        buf_consume(&s->q, (size_t)r);
    }
}

static void sim_feed(struct sim *s, const char *data, size_t n)
{
    buf_append(&s->q, data, n);
    sim_drain(s);
}

static void sim_init(struct sim *s)
{
    memset(s, 0, sizeof *s);
    resp_parser_init(&s->p);
}

/* Ends the run: returns the transcript (caller frees), frees the rest. */
static struct buf sim_end(struct sim *s)
{
    if (!s->dead && s->q.len)
        buf_printf(&s->log, "+%zu", s->q.len);
    resp_parser_free(&s->p);
    buf_free(&s->q);
    return s->log;
}

/* Feed in[0..n) in pieces: cut[] holds the piece ends, ascending. */
static struct buf run_cuts(const char *in, size_t n, const size_t *cut,
                           size_t ncut)
{
    struct sim s;
    size_t from = 0;

    sim_init(&s);
    for (size_t i = 0; i <= ncut; i++) {
        size_t to = i < ncut ? cut[i] : n;
        sim_feed(&s, in + from, to - from);
        from = to;
    }
    return sim_end(&s);
}

static struct buf run_whole(const char *in, size_t n)
{
    return run_cuts(in, n, NULL, 0);
}

static struct buf run_bytewise(const char *in, size_t n)
{
    struct sim s;

    sim_init(&s);
    for (size_t i = 0; i < n; i++)
        sim_feed(&s, in + i, 1);
    return sim_end(&s);
}

static int same(const struct buf *b, const char *want, size_t wantlen)
{
    return b->len == wantlen && (wantlen == 0 || !memcmp(b->data, want, wantlen));
}

/* Printable form of bytes for failure messages (static, one at a time). */
static const char *show(const char *s, size_t n)
{
    static char out[2][512];
    static int which;
    char *o = out[which ^= 1];
    size_t k = 0;

    for (size_t i = 0; i < n && k < sizeof out[0] - 5; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c < 127 && c != '\\')
            o[k++] = (char)c;
        else
            k += (size_t)snprintf(o + k, 5, "\\x%02x", c);
    }
    o[k] = '\0';
    return o;
}

/* ------------------------------------------------------------------------
 * The table: inputs and the transcript Redis's rules give
 * ------------------------------------------------------------------------ */

struct pcase {
    const char *in;
    size_t inlen;
    const char *want;
    size_t wantlen;
};
#define C(in, want) { in, sizeof(in) - 1, want, sizeof(want) - 1 }

static const struct pcase valid[] = {
    C("*1\r\n$4\r\nPING\r\n", "1:4=PING;"),
    C("*3\r\n$3\r\nSET\r\n$5\r\na\0b\r\n\r\n$0\r\n\r\n", "3:3=SET;5=a\0b\r\n;0=;"),
    C("*2\r\n$4\r\nECHO\r\n$1\r\n\0\r\n", "2:4=ECHO;1=\0;"),
    C("*2\r\n$3\r\nGET\r\n$6\r\n*1\r\n$4\r\n", "2:3=GET;6=*1\r\n$4;"),
    C("PING\r\n", "1:4=PING;"),
    C("PING\n", "1:4=PING;"),
    C("  SET  k \t v  \r\n", "3:3=SET;1=k;1=v;"),
    C("$4\r\n", "1:2=$4;"), /* only '*' starts a multibulk */
    C("SET \"a b\" 'c d'\r\n", "3:3=SET;3=a b;3=c d;"),
    C("ECHO \"\\x41\\x4a\\x4G\\xZZ\\q\\n\\r\\t\\b\\a\\\\\\\"\"\r\n",
      "2:4=ECHO;16=AJx4GxZZq\n\r\t\b\a\\\";"),
    C("ECHO \"\\xfF\" \"\\x\" \"\\x4\"\r\n", "4:4=ECHO;1=\xff;1=x;2=x4;"),
    C("ECHO '\\'\\n\\x41\"'\r\n", "2:4=ECHO;8='\\n\\x41\";"),
    C("ECHO 'it\\'s'\r\n", "2:4=ECHO;4=it's;"),
    C("ECHO \"a\\\\\"\r\n", "2:4=ECHO;2=a\\;"),
    C("ECHO a\"b c\"\r\n", "2:4=ECHO;4=ab c;"),
    C("ECHO a'b'\r\n", "2:4=ECHO;2=ab;"),
    C("ECHO x\"\"\r\n", "2:4=ECHO;1=x;"),
    C("ECHO \"\" ''\r\n", "3:4=ECHO;0=;0=;"),
    C("ECHO a\vb\r\n", "2:4=ECHO;3=a\vb;"), /* \v, \f: not word ends */
    C("ECHO a\fb\r\n", "2:4=ECHO;3=a\fb;"),
    C("ECHO \va\r\n", "2:4=ECHO;1=a;"),     /* ...but skipped before one */
    C("ECHO \"a\"\vb\r\n", "3:4=ECHO;1=a;1=b;"),
    C("ECHO a\rb\r\n", "3:4=ECHO;1=a;1=b;"),
    C("PING\r\r\n", "1:4=PING;"),
    C("ECHO x\r\r\r\n", "2:4=ECHO;1=x;"),
    C("\r\n", "0:"),
    C("\n", "0:"),
    C("  \t \r\n", "0:"),
    C("\r\r\n", "0:"),
    C("*0\r\n", "0:"),
    C("*-1\r\n", "0:"),
    C("*-5\r\n", "0:"),
    C("*-9223372036854775808\r\n", "0:"),
    /* Redis skips the byte after a header's CR and the 2 after bulk data
     * without checking them. */
    C("*1\r\n$4\r\nPINGxx", "1:4=PING;"),
    C("*1\rX$4\rXPING\r\n", "1:4=PING;"),
    C("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n\r\nECHO \"x y\"\n*0\r\n"
      "*1\r\n$4\r\nPING\r\n",
      "1:4=PING;2:4=ECHO;2=hi;0:2:4=ECHO;3=x y;0:1:4=PING;"),
};

#define E_MB "E:Protocol error: invalid multibulk length"
#define E_BULK "E:Protocol error: invalid bulk length"
#define E_QUOTES "E:Protocol error: unbalanced quotes in request"
#define E_DOLLAR(c) "E:Protocol error: expected '$', got '" c "'"

static const struct pcase invalid[] = {
    C("*01\r\n", E_MB), C("*-0\r\n", E_MB), C("*+1\r\n", E_MB),
    C("* 1\r\n", E_MB), C("*1 \r\n", E_MB), C("*\r\n", E_MB),
    C("*-\r\n", E_MB), C("*1\n\r\n", E_MB), C("*x\r\n", E_MB),
    C("*2147483648\r\n", E_MB), C("*9223372036854775807\r\n", E_MB),
    C("*99999999999999999999\r\n", E_MB),
    C("*-9223372036854775809\r\n", E_MB),
    C("*1\r\nX\r\n", E_DOLLAR("X")),
    C("*1\r\n:4\r\n", E_DOLLAR(":")),
    C("*1\r\n\r\n", E_DOLLAR(" ")), /* CR and LF are shown as spaces */
    C("*1\r\n\n\r\n", E_DOLLAR(" ")),
    C("*1\r\n\xff" "ab\r\n", E_DOLLAR("\xff")),
    C("*1\r\n\x01\r\n", E_DOLLAR("\x01")),
    C("*2\r\n$4\r\nECHO\r\nX\r\n", E_DOLLAR("X")),
    C("*1\r\n$-1\r\n", E_BULK), C("*1\r\n$-0\r\n", E_BULK),
    C("*1\r\n$01\r\n", E_BULK), C("*1\r\n$+4\r\n", E_BULK),
    C("*1\r\n$\r\n", E_BULK), C("*1\r\n$4 \r\n", E_BULK),
    C("*1\r\n$536870913\r\n", E_BULK),
    C("*1\r\n$99999999999999999999\r\n", E_BULK),
    C("ECHO \"a\r\n", E_QUOTES), C("ECHO 'a\r\n", E_QUOTES),
    C("ECHO \"a\"b\r\n", E_QUOTES), C("ECHO a'b c'd\r\n", E_QUOTES),
    C("ECHO \"\\\"\r\n", E_QUOTES), C("ECHO '\\'\r\n", E_QUOTES),
    C("ECHO \"\"\"\"\r\n", E_QUOTES), C("ECHO \"a b\"\"\r\n", E_QUOTES),
    C("PING\r\n*1\r\n$-1\r\nPING\r\n", "1:4=PING;" E_BULK),
};

/* A NUL before the terminator hides it (Redis searches with strchr), so
 * these wait for more bytes, until the 64 KB limit (tested below). */
static const struct pcase stalled[] = {
    C("PING\0\r\n", "+7"),
    C("\0\r\nPING\r\n", "+9"),
    C("ECHO \"\0\"\r\n", "+10"),
    C("*1\0\r\n$4\r\nPING\r\n", "+15"),
    C("*1\r\n\0\r\n", "+7"),
    C("*1\r\n$4\0\r\nPING\r\n", "+15"),
    C("*1\r\nX", "+5"),
    C("*1\r\n$4\r\nPING\r", "+13"),
};

/* ------------------------------------------------------------------------
 * Parser tests
 * ------------------------------------------------------------------------ */

static void check_run(const struct pcase *c, struct buf got, const char *how)
{
    CHECKF(same(&got, c->want, c->wantlen), "%s of \"%s\": want \"%s\" got \"%s\"",
           how, show(c->in, c->inlen), show(c->want, c->wantlen),
           show(got.data, got.len));
    buf_free(&got);
}

/* Whole, byte by byte, and cut in two at every boundary: one transcript. */
static void test_case_all_splits(const struct pcase *c)
{
    check_run(c, run_whole(c->in, c->inlen), "whole");
    check_run(c, run_bytewise(c->in, c->inlen), "bytewise");
    for (size_t k = 1; k < c->inlen; k++) {
        char how[32];
        snprintf(how, sizeof how, "split at %zu", k);
        check_run(c, run_cuts(c->in, c->inlen, &k, 1), how);
    }
}

/* The input twice in a row gives the transcript twice. */
static void test_case_doubled(const struct pcase *c)
{
    char *in2 = malloc(2 * c->inlen);
    memcpy(in2, c->in, c->inlen);
    memcpy(in2 + c->inlen, c->in, c->inlen);
    struct buf got = run_whole(in2, 2 * c->inlen);
    CHECKF(got.len == 2 * c->wantlen && !memcmp(got.data, c->want, c->wantlen) &&
               !memcmp(got.data + c->wantlen, c->want, c->wantlen),
           "doubled \"%s\"", show(c->in, c->inlen));
    buf_free(&got);
    free(in2);
}

/* On a fresh parser, every strict prefix of the first command is
 * INCOMPLETE; every longer prefix yields that same first command. */
static void test_case_prefixes(const struct pcase *c)
{
    struct resp_parser p;
    resp_parser_init(&p);
    long first = resp_parse(&p, c->in, c->inlen);
    resp_parser_free(&p);
    CHECK(first > 0);
    for (size_t k = 0; k < c->inlen; k++) {
        char *copy = k ? malloc(k) : NULL;
        if (k)
            memcpy(copy, c->in, k);
        resp_parser_init(&p);
        long r = resp_parse(&p, copy, k);
        long want = (long)k < first ? RESP_INCOMPLETE : first;
        CHECKF(r == want, "prefix %zu of \"%s\": want %ld got %ld", k,
               show(c->in, c->inlen), want, r);
        resp_parser_free(&p);
        free(copy);
    }
}

static void test_table(void)
{
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
        test_case_all_splits(&valid[i]);
        test_case_doubled(&valid[i]);
        test_case_prefixes(&valid[i]);
    }
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
        test_case_all_splits(&invalid[i]);
    for (size_t i = 0; i < sizeof stalled / sizeof *stalled; i++)
        test_case_all_splits(&stalled[i]);
}

/* The caller's loop by hand: two commands in one buffer, one after the
 * other; the second call starts where the first command ended. */
static void test_two_commands(void)
{
    static const char in[] = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\nSET 'a b' c\r\n";
    struct resp_parser p;

    resp_parser_init(&p);
    long r1 = resp_parse(&p, in, sizeof in - 1);
    CHECK(r1 == 20);
    CHECK(p.argc == 2 && p.argvlen[1] == 1 && p.argv[1] == in + 17);
    long r2 = resp_parse(&p, in + r1, sizeof in - 1 - (size_t)r1);
    CHECK(r2 == (long)(sizeof in - 1) - r1);
    CHECK(p.argc == 3 && p.argvlen[1] == 3 && !memcmp(p.argv[1], "a b", 3));
    CHECK(resp_parse(&p, in + r1 + r2, 0) == RESP_INCOMPLETE);
    CHECK(p.argc == 0);
    resp_parser_free(&p);
}

/* After RESP_ERR the parser stays failed: the connection is closing. */
static void test_error_sticky(void)
{
    struct resp_parser p;

    resp_parser_init(&p);
    CHECK(resp_parse(&p, "*x\r\n", 4) == RESP_ERR);
    CHECK(resp_parse(&p, "PING\r\n", 6) == RESP_ERR);
    CHECK(p.err && !strcmp(p.err, "Protocol error: invalid multibulk length"));
    resp_parser_free(&p);
}

/* ------------------------------------------------------------------------
 * Limits: 64 KB lines, huge counts and lengths, linear time
 * ------------------------------------------------------------------------ */

/* Grow the slice over one exactly-sized buffer a byte at a time, as a
 * server reading one byte per read would; stop at the first answer that is
 * not INCOMPLETE.  *at gets the slice length of that answer. */
static long feed_grow(struct resp_parser *p, const char *data, size_t len,
                      size_t *at)
{
    long r = RESP_INCOMPLETE;
    for (*at = 0; *at <= len && r == RESP_INCOMPLETE; (*at)++)
        r = resp_parse(p, data, *at);
    (*at)--;
    return r;
}

/* prefix, then `fill` repeated up to total bytes, then suffix, in a buffer
 * of exactly that size (caller frees). */
static char *make_line(const char *prefix, char fill, size_t total,
                       const char *suffix, size_t *len)
{
    size_t pn = strlen(prefix), sn = strlen(suffix);
    char *s = malloc(total + sn);
    memcpy(s, prefix, pn);
    memset(s + pn, fill, total - pn);
    memcpy(s + total, suffix, sn);
    *len = total + sn;
    return s;
}

/* Expect `want` (and err text) both for the whole buffer and when grown
 * byte by byte; an answer must come exactly when the last byte (or, for
 * trail > 0, the byte `trail` before the end) arrives. */
static void check_limit_at(const char *what, const char *data, size_t len,
                           size_t trail, long want, const char *err)
{
    struct resp_parser p;
    size_t at;

    resp_parser_init(&p);
    long r = resp_parse(&p, data, len);
    CHECKF(r == want, "%s whole: want %ld got %ld", what, want, r);
    if (err)
        CHECKF(r == RESP_ERR && !strcmp(p.err, err), "%s: err %s", what,
               r == RESP_ERR ? p.err : "(none)");
    resp_parser_free(&p);
    resp_parser_init(&p);
    r = feed_grow(&p, data, len, &at);
    CHECKF(r == want, "%s bytewise: want %ld got %ld", what, want, r);
    CHECKF(r == RESP_INCOMPLETE || at == len - trail,
           "%s bytewise: answer at %zu of %zu", what, at, len);
    if (err)
        CHECKF(r == RESP_ERR && !strcmp(p.err, err), "%s bytewise: err", what);
    resp_parser_free(&p);
}

static void check_limit(const char *what, const char *data, size_t len,
                        long want, const char *err)
{
    check_limit_at(what, data, len, 0, want, err);
}

static void test_line_limits(void)
{
    static const char *mb = "Protocol error: too big mbulk count string";
    static const char *bulk = "Protocol error: too big bulk count string";
    static const char *inl = "Protocol error: too big inline request";
    const size_t max = RESP_INLINE_MAX;
    size_t n;
    char *s;

    CHECK(RESP_INLINE_MAX == 65536);
    /* No terminator: 64 KB waits, one byte more is an error. */
    s = make_line("*", '1', max, "", &n);
    check_limit("count 64K", s, n, RESP_INCOMPLETE, NULL);
    free(s);
    s = make_line("*", '1', max + 1, "", &n);
    check_limit("count 64K+1", s, n, RESP_ERR, mb);
    free(s);
    /* The bulk header limit counts from the '$', not the command start. */
    s = make_line("*1\r\n$", '1', 4 + max, "", &n);
    check_limit("bulk hdr 64K", s, n, RESP_INCOMPLETE, NULL);
    free(s);
    s = make_line("*1\r\n$", '1', 4 + max + 1, "", &n);
    check_limit("bulk hdr 64K+1", s, n, RESP_ERR, bulk);
    free(s);
    s = make_line("a", 'a', max, "", &n);
    check_limit("inline 64K", s, n, RESP_INCOMPLETE, NULL);
    free(s);
    s = make_line("a", 'a', max + 1, "", &n);
    check_limit("inline 64K+1", s, n, RESP_ERR, inl);
    free(s);
}

/* A terminator at offset 65536 of the line is still seen (Redis sees it
 * however the bytes arrive); one at 65537 is not. */
static void test_line_limit_edges(void)
{
    const size_t max = RESP_INLINE_MAX;
    struct resp_parser p;
    size_t n;
    char *s;

    s = make_line("*", '1', max, "\r\n", &n);
    check_limit("count CR at 64K", s, n, RESP_ERR,
                "Protocol error: invalid multibulk length");
    free(s);
    s = make_line("*1\r\n$", '1', 4 + max, "\r\n", &n);
    check_limit("bulk CR at 64K", s, n, RESP_ERR,
                "Protocol error: invalid bulk length");
    free(s);
    s = make_line("a", 'a', max, "\n", &n);
    check_limit("inline LF at 64K", s, n, (long)n, NULL);
    resp_parser_init(&p);
    CHECK(resp_parse(&p, s, n) == (long)n && p.argc == 1 &&
          p.argvlen[0] == max);
    resp_parser_free(&p);
    free(s);
    s = make_line("a", 'a', max + 1, "\n", &n);
    /* the error comes with byte 65537, before the LF */
    check_limit_at("inline LF at 64K+1", s, n, 1, RESP_ERR,
                   "Protocol error: too big inline request");
    free(s);
}

/* A NUL stalls the line until it is too long, then the limit's error. */
static void test_nul_stall_limits(void)
{
    const size_t max = RESP_INLINE_MAX;
    size_t n;
    char *s;

    s = make_line("ECHO a\0b\r\n", 'x', max + 1, "", &n);
    memcpy(s, "ECHO a\0b\r\n", 10);
    check_limit("inline NUL", s, n, RESP_ERR,
                "Protocol error: too big inline request");
    memcpy(s, "*1\0\r\n", 5);
    check_limit("count NUL", s, n, RESP_ERR,
                "Protocol error: too big mbulk count string");
    free(s);
    s = make_line("*1\r\n", 'x', 4 + max + 1, "", &n);
    memcpy(s + 4, "$1\0\r\n", 5);
    check_limit("bulk hdr NUL", s, n, RESP_ERR,
                "Protocol error: too big bulk count string");
    free(s);
}

/* Announced sizes cost nothing until the bytes arrive. */
static void test_huge_announcements(void)
{
    static const char big[] = "*2147483647\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n";
    static const char bulk[] = "*1\r\n$536870912\r\nxyz";
    struct resp_parser p;

    CHECK(RESP_MULTIBULK_MAX == INT_MAX && RESP_BULK_MAX == 536870912);
    resp_parser_init(&p);
    CHECK(resp_parse(&p, big, 13) == RESP_INCOMPLETE);
    CHECK(p.argcap == 0);
    CHECK(resp_parse(&p, big, sizeof big - 1) == RESP_INCOMPLETE);
    CHECK(p.argc == 3 && p.argcap <= 8);
    resp_parser_free(&p);
    resp_parser_init(&p);
    CHECK(resp_parse(&p, bulk, sizeof bulk - 1) == RESP_INCOMPLETE);
    CHECK(p.argcap == 0 && p.argc == 0);
    resp_parser_free(&p);
}

/* 200,000 arguments arriving a byte at a time: 1.4 million calls.  A parser
 * that rescanned from the command start would need ~10^12 steps and never
 * finish; a resuming one takes well under a second. */
static void test_slow_giant_command(void)
{
    enum { N = 200000 };
    static const char hdr[] = "*200000\r\n";
    size_t len = sizeof hdr - 1 + (size_t)N * 7, at;
    char *s = malloc(len);
    struct resp_parser p;

    memcpy(s, hdr, sizeof hdr - 1);
    for (size_t i = 0; i < N; i++)
        memcpy(s + sizeof hdr - 1 + i * 7, "$1\r\nx\r\n", 7);
    resp_parser_init(&p);
    CHECK(feed_grow(&p, s, len, &at) == (long)len && at == len);
    int ok = p.argc == N;
    for (int i = 0; ok && i < N; i++)
        ok = p.argvlen[i] == 1 && p.argv[i] == s + sizeof hdr - 1 + i * 7 + 4;
    CHECK(ok);
    /* The next command does not keep the giant arrays alive. */
    CHECK(resp_parse(&p, "*1\r\n$1\r\nz\r\n", 11) == 11 && p.argcap <= 8);
    resp_parser_free(&p);
    free(s);
}

/* Random bytes from the protocol's alphabet: every way of feeding them
 * agrees, and ASan watches every read. */
static unsigned long long rng_state = 88172645463325252ULL;

static unsigned rng(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static void test_fuzz(void)
{
    static const char alpha[] = "*$\r\n\r\n0123-+x\"' \\\t\v";
    int bad = 0;

    for (int t = 0; t < 3000; t++) {
        char in[48];
        size_t n = rng(sizeof in) + 1, cuts[3];
        for (size_t i = 0; i < n; i++)
            in[i] = rng(50) ? alpha[rng(sizeof alpha - 1)] : '\0';
        /* three ascending cut points: draw, then insertion-sort */
        for (size_t i = 0; i < 3; i++) {
            size_t c = rng((unsigned)n + 1), j = i;
            for (; j > 0 && cuts[j - 1] > c; j--)
                cuts[j] = cuts[j - 1];
            cuts[j] = c;
        }
        struct buf a = run_whole(in, n), b = run_bytewise(in, n);
        struct buf c = run_cuts(in, n, cuts, 3);
        if (!same(&b, a.data, a.len) || !same(&c, a.data, a.len)) {
            if (bad++ < 5)
                fprintf(stderr, "fuzz \"%s\": whole \"%s\" bytewise \"%s\"\n",
                        show(in, n), show(a.data, a.len), show(b.data, b.len));
        }
        buf_free(&a);
        buf_free(&b);
        buf_free(&c);
    }
    CHECKF(bad == 0, "%d fuzz inputs disagreed", bad);
}

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

#define CHECK_BYTES(b, lit)                                                \
    CHECKF((b).len == sizeof(lit) - 1 && !memcmp((b).data, lit, (b).len), \
           "want \"%s\" got \"%s\"", show(lit, sizeof(lit) - 1),         \
           show((b).data, (b).len))

static void test_writer_scalars(void)
{
    struct buf b = {0};

    CHECK(resp_add_simple(&b, "OK") == 0);
    CHECK(resp_add_simple(&b, "") == 0);
    CHECK(resp_add_error(&b, "ERR unknown command 'foo'") == 0);
    CHECK(resp_add_errorf(&b, "ERR wrong number of arguments for '%s' command",
                          "get") == 0);
    CHECK_BYTES(b, "+OK\r\n+\r\n-ERR unknown command 'foo'\r\n"
                   "-ERR wrong number of arguments for 'get' command\r\n");
    buf_clear(&b);
    /* A CR or LF in a one-line reply would end it early: spaces instead. */
    CHECK(resp_add_simple(&b, "a\r\nb") == 0);
    CHECK(resp_add_error(&b, "ERR x\ny") == 0);
    CHECK(resp_add_errorf(&b, "ERR %s", "p\rq\n") == 0);
    CHECK_BYTES(b, "+a  b\r\n-ERR x y\r\n-ERR p q \r\n");
    buf_clear(&b);
    CHECK(resp_add_integer(&b, 0) == 0);
    CHECK(resp_add_integer(&b, 42) == 0);
    CHECK(resp_add_integer(&b, -1) == 0);
    CHECK(resp_add_integer(&b, 1000000007) == 0);
    CHECK(resp_add_integer(&b, LLONG_MAX) == 0);
    CHECK(resp_add_integer(&b, LLONG_MIN) == 0);
    CHECK_BYTES(b, ":0\r\n:42\r\n:-1\r\n:1000000007\r\n"
                   ":9223372036854775807\r\n:-9223372036854775808\r\n");
    buf_free(&b);
}

static void test_writer_aggregates(void)
{
    struct buf b = {0};

    CHECK(resp_add_bulk(&b, "foo", 3) == 0);
    CHECK(resp_add_bulk(&b, "a\0\r\nb", 5) == 0);
    CHECK(resp_add_bulk(&b, NULL, 0) == 0);
    CHECK(resp_add_bulk_str(&b, "hello") == 0);
    CHECK(resp_add_null(&b) == 0);
    CHECK(resp_add_null_array(&b) == 0);
    CHECK(resp_add_array(&b, 0) == 0);
    CHECK(resp_add_array(&b, 12) == 0);
    CHECK_BYTES(b, "$3\r\nfoo\r\n$5\r\na\0\r\nb\r\n$0\r\n\r\n$5\r\nhello\r\n"
                   "$-1\r\n*-1\r\n*0\r\n*12\r\n");
    buf_clear(&b);
    /* A bulk of 1000 bytes: the length header has 4 digits. */
    char big[1000];
    memset(big, 'v', sizeof big);
    CHECK(resp_add_bulk(&b, big, sizeof big) == 0);
    CHECK(b.len == 7 + 1000 + 2 && !memcmp(b.data, "$1000\r\nv", 8) &&
          !memcmp(b.data + 1007, "\r\n", 2));
    buf_free(&b);
}

/* ------------------------------------------------------------------------
 * Reply reader
 * ------------------------------------------------------------------------ */

struct rcase {
    const char *in;
    size_t len;
};
#define R(in) { in, sizeof(in) - 1 }

static const struct rcase replies[] = {
    R("+OK\r\n"), R("+\r\n"), R("-ERR x y\r\n"), R(":0\r\n"), R(":-12\r\n"),
    R("$3\r\nfoo\r\n"), R("$0\r\n\r\n"), R("$4\r\n\r\n\r\n\r\n"),
    R("$3\r\n\0\r\0\r\n"), R("$-1\r\n"), R("*-1\r\n"), R("*0\r\n"),
    R("*2\r\n$1\r\na\r\n*1\r\n:1\r\n"), R("*1\r\n*1\r\n*1\r\n:1\r\n"),
    R("*3\r\n*0\r\n$-1\r\n*2\r\n+a\r\n-b\r\n"),
    /* RESP3 */
    R("_\r\n"), R("#t\r\n"), R(",1.5\r\n"), R("(12345678901234567890\r\n"),
    R("=8\r\ntxt:abcd\r\n"), R("!5\r\nERR x\r\n"), R("%0\r\n"),
    R("%1\r\n$1\r\nk\r\n~2\r\n:1\r\n_\r\n"), R(">2\r\n+a\r\n+b\r\n"),
    R("|1\r\n+key\r\n:1\r\n$1\r\nv\r\n"),
};

static const struct rcase bad_replies[] = {
    R("x\r\n"), R("\0\r\n"), R("$-2\r\n"), R("$3\r\nfooXY"), R(":abc\r\n"),
    R(":\r\n"), R("*-2\r\n"), R("+OK\rX"), R("*1\r\n?\r\n"), R("$01\r\n"),
    R("*2147483648\r\n"), R("*2\r\n:1\r\n:x\r\n"), R("%-2\r\n"), R("=-2\r\n"),
    R("~x\r\n"),
};

static void test_read_reply_one(const struct rcase *c)
{
    char *twice = malloc(2 * c->len);
    memcpy(twice, c->in, c->len);
    memcpy(twice + c->len, c->in, c->len);
    /* Complete, and followed by the next reply: the same length. */
    CHECKF(resp_read_reply(twice, c->len) == (long)c->len, "reply \"%s\"",
           show(c->in, c->len));
    CHECK(resp_read_reply(twice, 2 * c->len) == (long)c->len);
    free(twice);
    for (size_t k = 0; k < c->len; k++) {
        char *copy = k ? malloc(k) : NULL;
        if (k)
            memcpy(copy, c->in, k);
        CHECKF(resp_read_reply(copy, k) == 0, "prefix %zu of \"%s\"", k,
               show(c->in, c->len));
        free(copy);
    }
}

/* Each RESP3 writer, in both protocols. */
static void test_writer_resp3(void)
{
    struct buf b = {0};
    resp_add_nil(&b, 2);
    resp_add_nil(&b, 3);
    resp_add_nil_array(&b, 2);
    resp_add_nil_array(&b, 3);
    CHECK(b.len == 16 && !memcmp(b.data, "$-1\r\n_\r\n*-1\r\n_\r\n", 16));
    buf_clear(&b);
    resp_add_map(&b, 2, 3);
    resp_add_map(&b, 3, 3);
    resp_add_set(&b, 2, 2);
    resp_add_set(&b, 3, 2);
    CHECK(b.len == 16 && !memcmp(b.data, "*6\r\n%3\r\n*2\r\n~2\r\n", 16));
    buf_clear(&b);
    resp_add_verbatim(&b, 2, "a\r\nb", 4);
    resp_add_verbatim(&b, 3, "a\r\nb", 4);
    CHECK(b.len == 10 + 14 && !memcmp(b.data, "$4\r\na\r\nb\r\n=8\r\ntxt:a\r\nb\r\n", 24));
    CHECK(resp_read_reply(b.data + 10, 14) == 14);
    buf_clear(&b);
    resp_add_bool(&b, 2, 5);
    resp_add_bool(&b, 3, 1);
    resp_add_bool(&b, 3, 0);
    CHECK(b.len == 12 && !memcmp(b.data, ":1\r\n#t\r\n#f\r\n", 12));
    buf_free(&b);
}

/* Before AUTH, Redis caps a request at 10 arguments of 16 KB each. */
static void test_unauthenticated_limits(void)
{
    struct resp_parser p;
    resp_parser_init(&p);
    p.unauthenticated = 1;
    CHECK(resp_parse(&p, "*10\r\n", 5) == RESP_INCOMPLETE);
    resp_parser_free(&p);
    resp_parser_init(&p);
    p.unauthenticated = 1;
    CHECK(resp_parse(&p, "*11\r\n", 5) == RESP_ERR);
    CHECK(p.err && strcmp(p.err, "Protocol error: unauthenticated multibulk length") == 0);
    resp_parser_free(&p);
    resp_parser_init(&p);
    p.unauthenticated = 1;
    CHECK(resp_parse(&p, "*1\r\n$16384\r\n", 13) == RESP_INCOMPLETE);
    resp_parser_free(&p);
    resp_parser_init(&p);
    p.unauthenticated = 1;
    CHECK(resp_parse(&p, "*1\r\n$16385\r\n", 13) == RESP_ERR);
    CHECK(p.err && strcmp(p.err, "Protocol error: unauthenticated bulk length") == 0);
    resp_parser_free(&p);
    resp_parser_init(&p);
    CHECK(resp_parse(&p, "*11\r\n$16385\r\n", 13) == RESP_INCOMPLETE);
    resp_parser_free(&p);
}

static void test_read_reply(void)
{
    for (size_t i = 0; i < sizeof replies / sizeof *replies; i++)
        test_read_reply_one(&replies[i]);
    for (size_t i = 0; i < sizeof bad_replies / sizeof *bad_replies; i++) {
        const struct rcase *c = &bad_replies[i];
        char *copy = malloc(c->len);
        memcpy(copy, c->in, c->len);
        CHECKF(resp_read_reply(copy, c->len) == -1, "bad reply \"%s\"",
               show(c->in, c->len));
        free(copy);
    }
}

/* What the writer writes, the reader measures; deep nesting uses no
 * recursion. */
static void test_read_reply_roundtrip(void)
{
    struct buf b = {0};
    enum { DEPTH = 100000 };

    resp_add_array(&b, 4);
    resp_add_integer(&b, LLONG_MIN);
    resp_add_bulk(&b, "x\r\ny", 4);
    resp_add_null(&b);
    resp_add_array(&b, 2);
    resp_add_error(&b, "ERR e");
    resp_add_simple(&b, "s");
    CHECK(resp_read_reply(b.data, b.len) == (long)b.len);
    buf_clear(&b);
    for (int i = 0; i < DEPTH; i++)
        resp_add_array(&b, 1);
    resp_add_null_array(&b);
    CHECK(resp_read_reply(b.data, b.len) == (long)b.len);
    CHECK(resp_read_reply(b.data, b.len - 1) == 0);
    buf_free(&b);
}

int main(void)
{
    test_table();
    test_two_commands();
    test_error_sticky();
    test_line_limits();
    test_line_limit_edges();
    test_nul_stall_limits();
    test_huge_announcements();
    test_slow_giant_command();
    test_fuzz();
    test_writer_scalars();
    test_writer_aggregates();
    test_writer_resp3();
    test_unauthenticated_limits();
    test_read_reply();
    test_read_reply_roundtrip();
    return test_report();
}
