/* fuzz_resp.c - libFuzzer target: resp_parse() gives one answer however the
 * bytes are split.
 *
 * Input: byte 0 picks n = byte0 % 8 control bytes; bytes 1..n are read
 * sizes (each + 1), used in turn; the rest is what a client sends.  The
 * payload is delivered three ways - whole, in reads of the chosen sizes, and
 * (when short) one byte at a time - and parsed as a server does: after each
 * read, parse and drop whole commands until the parser needs more.  The
 * three transcripts (every command's arguments, then the error text or the
 * bytes left unparsed) must be identical.  Each call gets a fresh,
 * exactly-sized malloc'd copy of the pending bytes, so ASan reports a read
 * past len, and a parser that kept a pointer across calls reads freed
 * memory.  Per command: consumed <= len, argc <= consumed, every argvlen <=
 * RESP_BULK_MAX, multibulk arguments lie inside the command's bytes; an
 * error is sticky.  Not reachable with -max_len=4096: the 64 KB line limit.
 *
 * Build: tests/fuzz/run.sh (with shared/resp.c and shared/buf.c). */
#include "fuzz.h"

#include "resp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define BYTEWISE_MAX 512 /* longer payloads: a byte at a time is quadratic */


/* Transcript: per command "<argc>:" then "<len>=<bytes>;" per argument;
 * "E:<err>" on a protocol error; "+<n>" for n bytes left unparsed. */
static void log_command(struct buf *log, const struct resp_parser *p,
                        const char *cmd, long r)
{
    FUZZ_CHECK(p->argc >= 0 && (long)p->argc <= r);
    buf_printf(log, "%d:", p->argc);
    for (int i = 0; i < p->argc; i++) {
        const char *a = p->argv[i];
        size_t n = p->argvlen[i];
        FUZZ_CHECK((long long)n <= RESP_BULK_MAX && n <= (size_t)r);
        if (cmd[0] == '*') /* multibulk: arguments point into the command */
            FUZZ_CHECK(a >= cmd && a <= cmd + r &&
                       n <= (size_t)(cmd + r - a));
        buf_printf(log, "%zu=", n);
        buf_append(log, a, n);
        buf_append(log, ";", 1);
    }
}

/* One resp_parse() call on a fresh exact copy of the n pending bytes. */
static long parse_copy(struct resp_parser *p, const char *pending, size_t n,
                       struct buf *log)
{
    char *copy = malloc(n ? n : 1);
    long r;

    FUZZ_CHECK(copy != NULL);
    memcpy(copy, pending, n);
    r = resp_parse(p, copy, n);
    FUZZ_CHECK(r == RESP_ERR || (r >= 0 && (size_t)r <= n));
    if (r > 0)
        log_command(log, p, copy, r);
    if (r == RESP_ERR) {
        FUZZ_CHECK(p->err != NULL);
        buf_printf(log, "E:%s", p->err);
        FUZZ_CHECK(resp_parse(p, copy, n) == RESP_ERR); /* sticky */
    }
    free(copy);
    return r;
}

/* Deliver data[0..len) in reads of sizes[k % nsizes] + 1 bytes (all at once
 * if nsizes is 0), parsing after each read; append the transcript to log. */
static void run(const char *data, size_t len, const uint8_t *sizes,
                size_t nsizes, struct buf *log)
{
    struct resp_parser p;
    size_t start = 0, got = nsizes ? 0 : len, k = 0;

    resp_parser_init(&p);
    for (;;) {
        long r = parse_copy(&p, data + start, got - start, log);
        if (r > 0) {
            start += (size_t)r;
            continue;
        }
        if (r == RESP_ERR)
            break;
        if (got == len) {
            buf_printf(log, "+%zu", len - start);
            break;
        }
        got += (size_t)sizes[k++ % nsizes] + 1;
        if (got > len)
            got = len;
    }
    resp_parser_free(&p);
}

static void check_same(const struct buf *a, const struct buf *b)
{
    FUZZ_CHECK(a->len == b->len && memcmp(a->data, b->data, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t one[1] = {0}; /* read size 0 + 1 */
    struct buf whole = {0}, split = {0}, bytewise = {0};
    size_t nctl;

    if (size == 0)
        return 0;
    nctl = data[0] % 8;
    if (nctl > size - 1)
        nctl = size - 1;
    const char *payload = (const char *)data + 1 + nctl;
    size_t len = size - 1 - nctl;

    run(payload, len, NULL, 0, &whole);
    if (nctl > 0) {
        run(payload, len, data + 1, nctl, &split);
        check_same(&whole, &split);
    }
    if (len <= BYTEWISE_MAX) {
        run(payload, len, one, 1, &bytewise);
        check_same(&whole, &bytewise);
    }
    buf_free(&whole);
    buf_free(&split);
    buf_free(&bytewise);
    return 0;
}
