/* test_reply.c - unit tests of shared/reply.c, the client's reply parser.
 *
 * Every input is parsed whole, then split in two at every byte, then fed
 * one byte at a time, each call getting a fresh exactly-sized copy of the
 * bytes so far (ASan catches a read past len or a pointer kept across
 * calls).  All ways must give the same tree, dumped as text by dump(),
 * and every proper prefix must say REPLY_INCOMPLETE. */
#include "reply.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "test.h"

/* A compact text form of a tree: type letter, then contents. */
static void dump(struct buf *b, const struct reply *r)
{
    static const char letters[] = "SEIBNAMXDTVdPG";
    if (r->attr) {
        buf_append(b, "@", 1);
        dump(b, r->attr);
    }
    buf_append(b, &letters[r->type], 1);
    switch (r->type) {
    case REPLY_INTEGER: case REPLY_BOOLEAN: buf_printf(b, "%lld", r->integer); break;
    case REPLY_NULL: break;
    case REPLY_VERBATIM: buf_printf(b, "%s:", r->vtype); /* fall through */
    case REPLY_SIMPLE: case REPLY_ERROR: case REPLY_BULK: case REPLY_DOUBLE: case REPLY_BIGNUM:
        buf_printf(b, "%zu'", r->len);
        buf_append(b, r->str, r->len);
        buf_append(b, "'", 1);
        break;
    default:
        buf_printf(b, "%zu[", r->n);
        for (size_t i = 0; i < r->n; i++)
            dump(b, r->elem[i]), buf_append(b, i + 1 < r->n ? "," : "", i + 1 < r->n);
        buf_append(b, "]", 1);
    }
}

/* Feed data[0..len) in pieces ending at the offsets in cuts (ascending,
 * the last = len).  Returns the dump of the reply plus "+N" for bytes
 * left over, or "E" on error, or "I" if still incomplete at the end. */
static char *feed(const char *data, size_t len, const size_t *cuts, size_t ncuts)
{
    struct reply_parser p = {0};
    struct buf out = {0};
    long r = REPLY_INCOMPLETE;
    struct reply *tree = NULL;
    for (size_t k = 0; k < ncuts && r == REPLY_INCOMPLETE; k++) {
        char *copy = malloc(cuts[k] ? cuts[k] : 1);
        memcpy(copy, data, cuts[k]);
        r = reply_parse(&p, copy, cuts[k], &tree);
        free(copy);
        if (r == REPLY_INCOMPLETE && k + 1 < ncuts && tree)
            buf_append_str(&out, "?tree-on-incomplete?");
    }
    if (r > 0) {
        dump(&out, tree);
        if ((size_t)r != len)
            buf_printf(&out, "+%zu", len - (size_t)r);
        reply_free(tree);
    } else {
        buf_append_str(&out, r == REPLY_ERR ? "E" : "I");
    }
    reply_parser_reset(&p);
    buf_append(&out, "", 1);
    return out.data;
}

/* Whole, split in two everywhere, byte by byte: all must say `want`;
 * every proper prefix must be incomplete (unless want is an error). */
static void check_reply(const char *data, size_t len, const char *want)
{
    size_t whole[1] = {len};
    char *got = feed(data, len, whole, 1);
    CHECKF(strcmp(got, want) == 0, "input %.*s: want %s got %s", (int)len, data, want, got);
    free(got);
    const char *plus = strrchr(want, '+');
    size_t used = plus ? len - (size_t)atoi(plus + 1) : len; /* bytes of the reply */
    for (size_t cut = 1; cut < len; cut++) {
        size_t two[2] = {cut, len};
        got = feed(data, len, two, 2);
        CHECKF(strcmp(got, want) == 0, "split at %zu of %.*s: want %s got %s", cut, (int)len, data,
               want, got);
        free(got);
        if (want[0] != 'E' && cut < used) {
            size_t one[1] = {cut};
            got = feed(data, cut, one, 1);
            CHECKF(strcmp(got, "I") == 0, "prefix %zu of %.*s: got %s", cut, (int)len, data, got);
            free(got);
        }
    }
    size_t *bytes = malloc((len ? len : 1) * sizeof *bytes);
    for (size_t i = 0; i < len; i++)
        bytes[i] = i + 1;
    got = feed(data, len, bytes, len ? len : 1);
    CHECKF(strcmp(got, want) == 0, "bytewise %.*s: want %s got %s", (int)len, data, want, got);
    free(got);
    free(bytes);
}

#define R(lit, want) check_reply(lit, sizeof(lit) - 1, want)

static void test_resp2(void)
{
    R("+OK\r\n", "S2'OK'");
    R("+\r\n", "S0''");
    R("-ERR unknown command\r\n", "E19'ERR unknown command'");
    R(":0\r\n", "I0");
    R(":-42\r\n", "I-42");
    R(":9223372036854775807\r\n", "I9223372036854775807");
    R(":-9223372036854775808\r\n", "I-9223372036854775808");
    R("$3\r\nbar\r\n", "B3'bar'");
    R("$0\r\n\r\n", "B0''");
    R("$-1\r\n", "N");
    R("*-1\r\n", "N");
    R("*0\r\n", "A0[]");
    R("$5\r\na\r\nb\0\r\n", "B5'a\r\nb\0'");
    R("*3\r\n:1\r\n$1\r\nx\r\n*2\r\n+a\r\n*0\r\n", "A3[I1,B1'x',A2[S1'a',A0[]]]");
    R("*1\r\n*1\r\n*1\r\n$-1\r\n", "A1[A1[A1[N]]]");
}

static void test_resp3(void)
{
    R("_\r\n", "N");
    R("#t\r\n", "T1");
    R("#f\r\n", "T0");
    R(",1.5\r\n", "D3'1.5'");
    R(",-inf\r\n", "D4'-inf'");
    R("(3492890328409238509324850943850943825024385\r\n",
      "d43'3492890328409238509324850943850943825024385'");
    R("(-12\r\n", "d3'-12'");
    R("=15\r\ntxt:Some string\r\n", "Vtxt:11'Some string'");
    R("!21\r\nSYNTAX invalid syntax\r\n", "E21'SYNTAX invalid syntax'");
    R("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n", "M4[S1'a',I1,S1'b',I2]");
    R("%0\r\n", "M0[]");
    R("~2\r\n+a\r\n#f\r\n", "X2[S1'a',T0]");
    R(">2\r\n+message\r\n$2\r\nhi\r\n", "P2[S7'message',B2'hi']");
    R("%1\r\n+k\r\n~1\r\n%1\r\n:1\r\n_\r\n", "M2[S1'k',X1[M2[I1,N]]]");
}

static void test_attributes(void)
{
    /* An attribute describes the reply after it and is not counted. */
    R("|1\r\n+ttl\r\n:3\r\n$2\r\nhi\r\n", "@G2[S3'ttl',I3]B2'hi'");
    R("*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n", "A2[@G2[S1'a',S1'b']I1,I2]");
    R("|1\r\n+a\r\n*1\r\n:1\r\n:2\r\n", "@G2[S1'a',A1[I1]]I2");
    R("|0\r\n:7\r\n", "@G0[]I7");
}

static void test_leftover_and_pipelined(void)
{
    R("+OK\r\n:1\r\n", "S2'OK'+4");
    R(":1\r\n+OK", "I1+3");
}

static void test_malformed(void)
{
    R("?\r\n", "E");
    R(":\r\n", "E");
    R(":12a\r\n", "E");
    R(":99999999999999999999\r\n", "E");
    R("$-2\r\n", "E");
    R("$x\r\n", "E");
    R("$3\r\nabcd\r\n", "E");
    R("$536870913\r\n", "E");
    R("*-2\r\n", "E");
    R("*1\r\n?\r\n", "E");
    R("#x\r\n", "E");
    R("#\r\n", "E");
    R("_x\r\n", "E");
    R(",\r\n", "E");
    R("(12x\r\n", "E");
    R("=3\r\ntxt\r\n", "E");
    R("=5\r\ntxt-x\r\n", "E");
    R("|-1\r\n", "E");
    R("*2\r\n:1\r\n*1\r\n|1\r\n|1\r\n", "E");
}

/* Deep nesting is refused, not a stack overflow. */
static void test_depth(void)
{
    struct buf b = {0};
    for (int i = 0; i < REPLY_MAX_DEPTH + 1; i++)
        buf_append_str(&b, "*1\r\n");
    buf_append_str(&b, ":1\r\n");
    struct reply_parser p = {0};
    struct reply *r;
    CHECK(reply_parse(&p, b.data, b.len, &r) == REPLY_ERR);
    CHECK(p.err != NULL && strstr(p.err, "deep"));
    reply_parser_reset(&p);
    buf_clear(&b);
    for (int i = 0; i < REPLY_MAX_DEPTH; i++)
        buf_append_str(&b, "*1\r\n");
    buf_append_str(&b, ":1\r\n");
    long n = reply_parse(&p, b.data, b.len, &r);
    CHECK(n == (long)b.len);
    reply_free(r);
    buf_free(&b);
}

/* A huge announced count costs nothing until elements arrive. */
static void test_huge_count(void)
{
    struct reply_parser p = {0};
    struct reply *r;
    const char *s = "*2000000000\r\n:1\r\n:2\r\n";
    CHECK(reply_parse(&p, s, strlen(s), &r) == REPLY_INCOMPLETE);
    reply_parser_reset(&p);
    s = "$536870912\r\nabc";
    CHECK(reply_parse(&p, s, strlen(s), &r) == REPLY_INCOMPLETE);
    reply_parser_reset(&p);
}

/* The parser resumes: a reply arriving in pieces is parsed once. */
static void test_sticky_error(void)
{
    struct reply_parser p = {0};
    struct reply *r;
    CHECK(reply_parse(&p, "?", 1, &r) == REPLY_INCOMPLETE);
    CHECK(reply_parse(&p, "?\r\n", 3, &r) == REPLY_ERR);
    CHECK(reply_parse(&p, "+OK\r\n", 5, &r) == REPLY_ERR);
    reply_parser_reset(&p);
    CHECK(reply_parse(&p, "+OK\r\n", 5, &r) == 5);
    reply_free(r);
}

int main(void)
{
    test_resp2();
    test_resp3();
    test_attributes();
    test_leftover_and_pipelined();
    test_malformed();
    test_depth();
    test_huge_count();
    test_sticky_error();
    return test_report();
}
