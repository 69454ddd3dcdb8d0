/* resp.h - RESP2: an incremental command parser, a reply writer, and a
 * reply-length reader. */
#ifndef RESP_H
#define RESP_H

#include <stddef.h>

#include "buf.h"

/* Redis's limits, verified against redis-server 7.0.
 * PROTO_INLINE_MAX_SIZE: an inline line, or a "*<count>" / "$<len>" line,
 * whose terminator is not among its first RESP_INLINE_MAX + 1 bytes is a
 * protocol error.  Redis applies this to whatever one read() delivered;
 * rung applies it as if bytes came one at a time, so the answer never
 * depends on how the input was split. */
#define RESP_INLINE_MAX 65536
#define RESP_BULK_MAX 536870912LL     /* proto-max-bulk-len: largest argument */
#define RESP_MULTIBULK_MAX 2147483647 /* INT_MAX: largest argument count */
/* Until a client has authenticated (when a password is set), Redis lets
 * it send only small commands, so a stranger cannot make the server
 * buffer half a gigabyte: at most 10 arguments of at most 16 KB each. */
#define RESP_UNAUTH_MULTIBULK_MAX 10
#define RESP_UNAUTH_BULK_MAX 16384

/* resp_parse() results besides "> 0 = bytes of one whole command". */
#define RESP_INCOMPLETE 0 /* need more bytes */
#define RESP_ERR (-1)     /* protocol error, see resp_parser.err */

/* Per-connection parser state.  The caller reads argc, argv, argvlen and
 * err; every other field is the parser's own.  A zeroed struct is NOT
 * ready: call resp_parser_init(). */
struct resp_parser {
    int argc;            /* arguments of the command just parsed */
    const char **argv;   /* argc pointers; NOT NUL-terminated, use argvlen */
    size_t *argvlen;     /* argc lengths; arguments may hold NUL/CR/LF */
    const char *err;     /* after RESP_ERR: Redis's text without "-ERR "
                            and without CRLF, e.g. "Protocol error: invalid
                            multibulk length"; reply "ERR " + err, close */
    int unauthenticated; /* set by the caller: apply the RESP_UNAUTH_ limits */
    /* private */
    int state;           /* where in the grammar the next byte belongs */
    size_t pos;          /* offset of the first byte not yet accepted */
    size_t scan;         /* offset where the terminator search resumes */
    long long left;      /* multibulk: arguments still to come */
    size_t bulklen;      /* multibulk: length of the argument being read */
    size_t *argoff;      /* argument offsets, turned into argv when done */
    size_t argcap;       /* slots in argv, argvlen and argoff */
    char *store;         /* inline arguments after unquoting */
    size_t storecap;
    char errbuf[48];     /* err when it depends on the input */
};

void resp_parser_init(struct resp_parser *p);
/* Frees what the parser owns; init again before reuse. */
void resp_parser_free(struct resp_parser *p);

/* Parse one command.  data/len are the unconsumed bytes, starting at the
 * first byte of the current command: on every call the same start as the
 * previous call, with more bytes appended.  The caller may move the bytes
 * between calls; the parser keeps offsets, and resumes where it stopped, so
 * a command arriving in many reads is scanned once in all.
 * Returns:
 *   > 0              a command spanning that many bytes is in argc/argv/
 *                    argvlen.  argv points into data (multibulk) or into
 *                    parser-owned memory (inline); valid until the next
 *                    call or resp_parser_free().  argc == 0 for a blank
 *                    inline line or "*0"/"*-N": the caller just skips it.
 *                    Drop the bytes, then call again for the next command.
 *   RESP_INCOMPLETE  need more bytes: call again when they arrive.
 *   RESP_ERR         protocol error (or out of memory: err is then
 *                    "Protocol error: out of memory", rung's own text).
 *                    Sticky: later calls return RESP_ERR too.
 * The bytes never need a NUL terminator, and are never read past len. */
long resp_parse(struct resp_parser *p, const char *data, size_t len);

/* Reply writer: append one RESP2 reply (or array header) to b.
 * Each returns 0, or -1 when out of memory (b is then unchanged).
 * Simple strings and errors are single lines: CR and LF in the text are
 * written as spaces, so a reply can never break the framing.  Errors take
 * the full text after the '-', prefix word included:
 * resp_add_error(b, "ERR syntax error") writes "-ERR syntax error\r\n". */
int resp_add_simple(struct buf *b, const char *s);        /* +s\r\n */
int resp_add_error(struct buf *b, const char *msg);       /* -msg\r\n */
int resp_add_errorf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int resp_add_integer(struct buf *b, long long v);         /* :v\r\n */
int resp_add_bulk(struct buf *b, const void *data, size_t len); /* $len\r\n..\r\n */
int resp_add_bulk_str(struct buf *b, const char *s);      /* bulk of strlen(s) */
int resp_add_null(struct buf *b);                         /* $-1\r\n */
int resp_add_null_array(struct buf *b);                   /* *-1\r\n */
int resp_add_array(struct buf *b, size_t n);              /* *n\r\n, then n
                                                             replies follow */

/* RESP3 shapes, written in RESP2 when proto is 2: nil ($-1 / _), nil
 * array (*-1 / _), map (*2n / %n, then n key-value pairs), set (*n / ~n),
 * verbatim text ($ / =len txt:...), boolean (:0/:1 / #f/#t). */
int resp_add_nil(struct buf *b, int proto);
int resp_add_nil_array(struct buf *b, int proto);
int resp_add_map(struct buf *b, int proto, size_t pairs);
int resp_add_set(struct buf *b, int proto, size_t n);
int resp_add_verbatim(struct buf *b, int proto, const void *text, size_t len);
int resp_add_bool(struct buf *b, int proto, int v);

/* Length of the one complete reply (RESP2's + - : $ *, and RESP3's
 * _ # , ( = ! % ~ > |; aggregates nested to any depth) at the start of data: > 0 bytes, 0 incomplete, -1 malformed.
 * Stateless: it rescans from data on every call. */
long resp_read_reply(const char *data, size_t len);

#endif
