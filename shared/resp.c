/* resp.c - RESP2: parse commands, write replies, measure replies.
 *
 * Data flow: socket -> the client's query buffer -> resp_parse() -> argv ->
 * command -> resp_add_*() -> the client's reply buffer -> socket.
 * The parser is a resumable state machine, like Redis's querybuf with
 * multibulklen/bulklen: it keeps offsets into the command, never pointers,
 * so the caller may move its buffer between reads, and it resumes where it
 * stopped, so a command arriving a byte at a time is still scanned once.
 * A command starting with '*' is multibulk ("*1\r\n$4\r\nPING\r\n"); any
 * other is one inline line, split into words like Redis's sdssplitargs().
 * Ownership: multibulk arguments point into the caller's bytes (a 512 MB
 * argument is never copied); inline arguments are unquoted into p->store.
 * Quirks kept because redis-server 7 has them (checked on the wire): the
 * byte after a header's CR and the 2 bytes after bulk data are skipped
 * unchecked; a NUL before a header's CR or an inline LF hides the line end
 * (Redis searches with strchr), so the line waits until it is too long.
 * Omitted: RESP3 reply types; a reply parser that builds values
 * (resp_read_reply only measures one reply). */
#include "resp.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------------ */

enum {
    ST_START,    /* no byte of the command seen yet */
    ST_INLINE,   /* waiting for the LF that ends an inline line */
    ST_COUNT,    /* waiting for the CR that ends "*<count>" */
    ST_BULKHDR,  /* waiting for the CR that ends "$<len>" at p->pos */
    ST_BULKDATA, /* waiting for bulklen + 2 bytes at p->pos */
    ST_ERROR     /* a protocol error happened; the connection is done */
};

/* Arrays bigger than this are freed between commands, so one huge command
 * does not pin its memory for the rest of the connection. */
#define ARGV_KEEP 1024
#define STORE_KEEP 4096

static const char err_oom[] = "Protocol error: out of memory";

void resp_parser_init(struct resp_parser *p)
{
    memset(p, 0, sizeof *p);
    p->state = ST_START;
}

static void release_args(struct resp_parser *p)
{
    free(p->argv);
    free(p->argvlen);
    free(p->argoff);
    p->argv = NULL;
    p->argvlen = NULL;
    p->argoff = NULL;
    p->argcap = 0;
}

void resp_parser_free(struct resp_parser *p)
{
    release_args(p);
    free(p->store);
    p->store = NULL;
    p->storecap = 0;
    p->argc = 0;
}

static int fail(struct resp_parser *p, const char *msg)
{
    p->err = msg;
    p->state = ST_ERROR;
    return RESP_ERR;
}

/* Redis formats the byte with %c, then turns CR and LF into spaces so the
 * error reply stays on one line. */
static int fail_dollar(struct resp_parser *p, char got)
{
    static const char pre[] = "Protocol error: expected '$', got '";
    _Static_assert(sizeof pre + 2 <= sizeof p->errbuf, "errbuf too small");

    memcpy(p->errbuf, pre, sizeof pre - 1);
    p->errbuf[sizeof pre - 1] = got == '\r' || got == '\n' ? ' ' : got;
    p->errbuf[sizeof pre] = '\'';
    p->errbuf[sizeof pre + 1] = '\0';
    return fail(p, p->errbuf);
}

static void begin_command(struct resp_parser *p)
{
    if (p->argcap > ARGV_KEEP)
        release_args(p);
    if (p->storecap > STORE_KEEP) {
        free(p->store);
        p->store = NULL;
        p->storecap = 0;
    }
    p->argc = 0;
    p->pos = p->scan = 0;
    p->left = 0;
    p->err = NULL;
}

/* Grow the argument arrays, doubling but never past `most`, the count the
 * command announced: a "*2147483647" header costs nothing until arguments
 * really arrive, and then memory grows with the bytes received. */
static int grow_args(struct resp_parser *p, size_t most)
{
    size_t cap = p->argcap ? p->argcap * 2 : 8;
    void *v;

    if (cap > most)
        cap = most;
    if (cap <= p->argcap || cap > SIZE_MAX / sizeof(size_t))
        return -1;
    if (!(v = realloc(p->argv, cap * sizeof *p->argv)))
        return -1;
    p->argv = v;
    if (!(v = realloc(p->argvlen, cap * sizeof *p->argvlen)))
        return -1;
    p->argvlen = v;
    if (!(v = realloc(p->argoff, cap * sizeof *p->argoff)))
        return -1;
    p->argoff = v;
    p->argcap = cap; /* only now: every array has at least cap slots */
    return 0;
}

static int add_arg(struct resp_parser *p, size_t off, size_t len, size_t most)
{
    if ((size_t)p->argc == p->argcap && grow_args(p, most) < 0)
        return -1;
    p->argoff[p->argc] = off;
    p->argvlen[p->argc] = len;
    p->argc++;
    return 0;
}

/* The command is whole: turn offsets into pointers (base is where the
 * arguments live now) and get ready for the next command. */
static long finish(struct resp_parser *p, const char *base, size_t consumed)
{
    for (int i = 0; i < p->argc; i++)
        p->argv[i] = base + p->argoff[i];
    p->state = ST_START;
    return (long)consumed;
}

/* Find the byte `term` that ends the line starting at `start`, resuming the
 * search at p->scan.  1: found at *at.  0: not yet.  -1: the line is too
 * long.  A NUL stops the search for good, as Redis's strchr() does.  Redis
 * checks the limit on whatever one read() delivered; we check it as if
 * bytes came one at a time (no terminator in the first RESP_INLINE_MAX + 1
 * bytes), so every split of the input gives the same answer. */
static int find_line(struct resp_parser *p, const char *data, size_t len,
                     size_t start, char term, size_t *at)
{
    int too_long = len - start > RESP_INLINE_MAX;
    size_t end = too_long ? start + RESP_INLINE_MAX + 1 : len;
    size_t i = p->scan;

    while (i < end && data[i] != term && data[i] != '\0')
        i++;
    p->scan = i;
    if (i < end && data[i] == term) {
        *at = i;
        return 1;
    }
    return too_long ? -1 : 0;
}

/* Redis's string2ll(): an optional '-', then digits without a leading zero
 * ("0" itself is fine); no '+', no spaces, no overflow.  1 ok, 0 not. */
static int parse_ll(const char *s, size_t n, long long *out)
{
    unsigned long long v = 0;
    unsigned neg = 0;

    if (n == 1 && s[0] == '0') {
        *out = 0;
        return 1;
    }
    if (n > 0 && s[0] == '-') {
        neg = 1;
        s++;
        n--;
    }
    if (n == 0 || s[0] < '1' || s[0] > '9')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (d > 9 || v > (ULLONG_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if (v > (unsigned long long)LLONG_MAX + neg)
        return 0;
    *out = !neg ? (long long)v : v > LLONG_MAX ? LLONG_MIN : -(long long)v;
    return 1;
}

/* --- inline commands ---------------------------------------------------- */

/* C-locale isspace(), without the locale and the signed-char trap. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
           c == '\r';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A backslash at s[i] inside quotes.  In '...' only \' is an escape; in
 * "..." \xHH, \n \r \t \b \a, and \<any> is <any>.  Writes one byte to
 * out[*o] and returns the index after the escape. */
static size_t unescape(const char *s, size_t n, size_t i, char quote,
                       char *out, size_t *o)
{
    char c;

    if (quote == '\'' || i + 1 == n) {
        int esc = quote == '\'' && i + 1 < n && s[i + 1] == '\'';
        out[(*o)++] = esc ? '\'' : '\\';
        return i + 1 + (size_t)esc;
    }
    if (i + 3 < n && s[i + 1] == 'x' && hex_value(s[i + 2]) >= 0 &&
        hex_value(s[i + 3]) >= 0) {
        out[(*o)++] = (char)(hex_value(s[i + 2]) * 16 + hex_value(s[i + 3]));
        return i + 4;
    }
    switch (c = s[i + 1]) {
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'b': c = '\b'; break;
    case 'a': c = '\a'; break;
    }
    out[(*o)++] = c;
    return i + 2;
}

/* One word of an inline line, from s[*ip] (not a space), as sdssplitargs()
 * reads it: bare bytes up to space, tab, CR or LF (\v and \f do not end a
 * word), with quoted runs anywhere (a"b c" is "ab c").  A closing quote
 * ends the word and must be followed by a space or the end of the line.
 * 0, or -1 for unbalanced quotes. */
static int read_word(const char *s, size_t n, size_t *ip, char *out,
                     size_t *o)
{
    size_t i = *ip;
    char quote = 0;

    for (;;) {
        if (i == n) {
            if (quote)
                return -1;
            break;
        }
        if (!quote) {
            if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
                break;
            if (s[i] == '"' || s[i] == '\'')
                quote = s[i];
            else
                out[(*o)++] = s[i];
            i++;
        } else if (s[i] == quote) {
            if (i + 1 < n && !is_space(s[i + 1]))
                return -1;
            i++;
            break;
        } else if (s[i] == '\\') {
            i = unescape(s, n, i, quote, out, o);
        } else {
            out[(*o)++] = s[i++];
        }
    }
    *ip = i;
    return 0;
}

/* Split the n-byte line s into p's arguments.  Unquoting only shrinks
 * text, so a store of n bytes holds every word and never moves while we
 * write it.  0, -1 unbalanced quotes, -2 out of memory. */
static int split_inline(struct resp_parser *p, const char *s, size_t n)
{
    size_t i = 0, out = 0;

    if (n > p->storecap) {
        char *st = realloc(p->store, n);
        if (!st)
            return -2;
        p->store = st;
        p->storecap = n;
    }
    for (;;) {
        while (i < n && is_space(s[i]))
            i++;
        if (i == n)
            return 0;
        size_t start = out;
        if (read_word(s, n, &i, p->store, &out) < 0)
            return -1;
        if (add_arg(p, start, out - start, n) < 0)
            return -2;
    }
}

static long parse_inline(struct resp_parser *p, const char *data, size_t len)
{
    size_t lf;
    int r = find_line(p, data, len, 0, '\n', &lf);

    if (r < 0)
        return fail(p, "Protocol error: too big inline request");
    if (r == 0)
        return RESP_INCOMPLETE;
    /* One CR before the LF is dropped; any other CR separates words. */
    r = split_inline(p, data, lf > 0 && data[lf - 1] == '\r' ? lf - 1 : lf);
    if (r == -1)
        return fail(p, "Protocol error: unbalanced quotes in request");
    if (r == -2)
        return fail(p, err_oom);
    return finish(p, p->store, lf + 1);
}

/* --- multibulk commands ------------------------------------------------- */

/* Steps return 1 (go on), RESP_INCOMPLETE or RESP_ERR.  Redis needs the
 * byte after a header's CR to have arrived, but never checks it is LF. */
static int read_count(struct resp_parser *p, const char *data, size_t len)
{
    size_t cr;
    long long n;
    int r = find_line(p, data, len, 0, '\r', &cr);

    if (r < 0)
        return fail(p, "Protocol error: too big mbulk count string");
    if (r == 0 || cr + 1 >= len)
        return RESP_INCOMPLETE;
    if (!parse_ll(data + 1, cr - 1, &n) || n > RESP_MULTIBULK_MAX)
        return fail(p, "Protocol error: invalid multibulk length");
    if (p->unauthenticated && n > RESP_UNAUTH_MULTIBULK_MAX)
        return fail(p, "Protocol error: unauthenticated multibulk length");
    p->left = n > 0 ? n : 0; /* "*0" and any "*-N": an empty command */
    p->pos = p->scan = cr + 2;
    p->state = ST_BULKHDR;
    return 1;
}

static int read_bulk_header(struct resp_parser *p, const char *data,
                            size_t len)
{
    size_t cr;
    long long n;
    int r = find_line(p, data, len, p->pos, '\r', &cr);

    if (r < 0)
        return fail(p, "Protocol error: too big bulk count string");
    if (r == 0 || cr + 1 >= len)
        return RESP_INCOMPLETE;
    if (data[p->pos] != '$')
        return fail_dollar(p, data[p->pos]);
    if (!parse_ll(data + p->pos + 1, cr - p->pos - 1, &n) || n < 0 ||
        n > RESP_BULK_MAX)
        return fail(p, "Protocol error: invalid bulk length");
    if (p->unauthenticated && n > RESP_UNAUTH_BULK_MAX)
        return fail(p, "Protocol error: unauthenticated bulk length");
    p->bulklen = (size_t)n;
    p->pos = cr + 2;
    p->state = ST_BULKDATA;
    return 1;
}

static int read_bulk_data(struct resp_parser *p, size_t len)
{
    if (len - p->pos < p->bulklen + 2)
        return RESP_INCOMPLETE;
    if (add_arg(p, p->pos, p->bulklen, (size_t)p->argc + (size_t)p->left) < 0)
        return fail(p, err_oom);
    p->pos += p->bulklen + 2; /* Redis skips the CRLF without looking */
    p->scan = p->pos;
    p->left--;
    p->state = ST_BULKHDR;
    return 1;
}

static long parse_multibulk(struct resp_parser *p, const char *data,
                            size_t len)
{
    int r = 1;

    if (p->state == ST_COUNT)
        r = read_count(p, data, len);
    while (r > 0 && p->left > 0)
        r = p->state == ST_BULKHDR ? read_bulk_header(p, data, len)
                                   : read_bulk_data(p, len);
    if (r <= 0)
        return r;
    return finish(p, data, p->pos);
}

long resp_parse(struct resp_parser *p, const char *data, size_t len)
{
    if (p->state == ST_ERROR)
        return RESP_ERR;
    if (p->state == ST_START) {
        begin_command(p);
        if (len == 0)
            return RESP_INCOMPLETE;
        p->state = data[0] == '*' ? ST_COUNT : ST_INLINE;
    }
    if (p->state == ST_INLINE)
        return parse_inline(p, data, len);
    return parse_multibulk(p, data, len);
}

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

/* prefix, the text with CR/LF turned into spaces, CRLF. */
static int add_line(struct buf *b, char prefix, const char *s, size_t n)
{
    if (n > SIZE_MAX - 3 || buf_reserve(b, n + 3) < 0)
        return -1;
    char *w = b->data + b->len;
    w[0] = prefix;
    for (size_t i = 0; i < n; i++)
        w[i + 1] = s[i] == '\r' || s[i] == '\n' ? ' ' : s[i];
    w[n + 1] = '\r';
    w[n + 2] = '\n';
    b->len += n + 3;
    return 0;
}

int resp_add_simple(struct buf *b, const char *s)
{
    return add_line(b, '+', s, strlen(s));
}

int resp_add_error(struct buf *b, const char *msg)
{
    return add_line(b, '-', msg, strlen(msg));
}

int resp_add_errorf(struct buf *b, const char *fmt, ...)
{
    struct buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (rc == 0)
        rc = add_line(b, '-', msg.data, msg.len);
    buf_free(&msg);
    return rc;
}

/* Write "<prefix>[-]<v>\r\n" backwards so it ends just before `end`, and
 * return where it starts.  By hand because this runs for every integer,
 * bulk and array reply, and snprintf parses its format every time. */
static char *put_header(char *end, char prefix, int neg, unsigned long long v)
{
    *--end = '\n';
    *--end = '\r';
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (neg)
        *--end = '-';
    *--end = prefix;
    return end;
}

static int add_header(struct buf *b, char prefix, int neg,
                      unsigned long long v)
{
    char tmp[32]; /* prefix, '-', 20 digits, CRLF */
    char *s = put_header(tmp + sizeof tmp, prefix, neg, v);
    return buf_append(b, s, (size_t)(tmp + sizeof tmp - s));
}

int resp_add_integer(struct buf *b, long long v)
{
    /* 0 - (unsigned)v is |v| even for LLONG_MIN, whose -v overflows. */
    if (v < 0)
        return add_header(b, ':', 1, 0ULL - (unsigned long long)v);
    return add_header(b, ':', 0, (unsigned long long)v);
}

int resp_add_array(struct buf *b, size_t n)
{
    return add_header(b, '*', 0, n);
}

int resp_add_bulk(struct buf *b, const void *data, size_t len)
{
    char tmp[32];
    char *h = put_header(tmp + sizeof tmp, '$', 0, len);
    size_t hn = (size_t)(tmp + sizeof tmp - h);

    /* One reserve, so a reply is appended whole or not at all. */
    if (len > SIZE_MAX - hn - 2 || buf_reserve(b, hn + len + 2) < 0)
        return -1;
    char *w = b->data + b->len;
    memcpy(w, h, hn);
    if (len)
        memcpy(w + hn, data, len);
    w[hn + len] = '\r';
    w[hn + len + 1] = '\n';
    b->len += hn + len + 2;
    return 0;
}

int resp_add_bulk_str(struct buf *b, const char *s)
{
    return resp_add_bulk(b, s, strlen(s));
}

int resp_add_null(struct buf *b)
{
    return buf_append(b, "$-1\r\n", 5);
}

int resp_add_null_array(struct buf *b)
{
    return buf_append(b, "*-1\r\n", 5);
}

/* --- RESP3 -------------------------------------------------------------
 * A client that said HELLO 3 gets replies that name their shape: a map
 * instead of a flat array of pairs, a set, one null for every kind of
 * "nothing", a verbatim string that says it is text.  Each writer below
 * takes the client's protocol and falls back to the RESP2 spelling. */

int resp_add_nil(struct buf *b, int proto)
{
    return proto >= 3 ? buf_append(b, "_\r\n", 3) : resp_add_null(b);
}

int resp_add_nil_array(struct buf *b, int proto)
{
    return proto >= 3 ? buf_append(b, "_\r\n", 3) : resp_add_null_array(b);
}

int resp_add_map(struct buf *b, int proto, size_t pairs)
{
    return proto >= 3 ? add_header(b, '%', 0, pairs) : add_header(b, '*', 0, pairs * 2);
}

int resp_add_set(struct buf *b, int proto, size_t n)
{
    return add_header(b, proto >= 3 ? '~' : '*', 0, n);
}

int resp_add_verbatim(struct buf *b, int proto, const void *text, size_t len)
{
    if (proto < 3)
        return resp_add_bulk(b, text, len);
    char tmp[32];
    char *h = put_header(tmp + sizeof tmp, '=', 0, len + 4);
    size_t hn = (size_t)(tmp + sizeof tmp - h);
    if (len > SIZE_MAX - hn - 6 || buf_reserve(b, hn + len + 6) < 0)
        return -1;
    buf_append(b, h, hn);
    buf_append(b, "txt:", 4);
    buf_append(b, text, len);
    return buf_append(b, "\r\n", 2);
}

int resp_add_bool(struct buf *b, int proto, int v)
{
    if (proto >= 3)
        return buf_append(b, v ? "#t\r\n" : "#f\r\n", 4);
    return resp_add_integer(b, v != 0);
}

/* ------------------------------------------------------------------------
 * Reply reader
 * ------------------------------------------------------------------------ */

/* The header line at pos: a type byte, text, CRLF.  1 with *cr at its CR
 * and *n its number (0 for the types whose line is text), 0 incomplete,
 * -1 malformed.  RESP3's types are read too, so a client or a test can
 * measure whatever a server sends after HELLO 3. */
static int reply_line(const char *data, size_t len, size_t pos, size_t *cr,
                      long long *n)
{
    if (pos >= len)
        return 0;
    char type = data[pos];
    if (!strchr("+-:$*_#,(=!%~>|", type) || type == '\0')
        return -1;
    const char *c = memchr(data + pos + 1, '\r', len - pos - 1);
    if (!c || (size_t)(c - data) + 1 == len)
        return 0;
    if (c[1] != '\n')
        return -1;
    *cr = (size_t)(c - data);
    *n = 0;
    if (strchr("+-_#,(", type))
        return 1;
    if (!parse_ll(data + pos + 1, *cr - pos - 1, n))
        return -1;
    if (strchr("$=!", type) && *n < -1)
        return -1;
    /* The bound keeps `todo` below from overflowing. */
    if (strchr("*%~>|", type) && (*n < -1 || *n > RESP_MULTIBULK_MAX))
        return -1;
    return 1;
}

/* Iterative, not recursive: `todo` counts the replies still to measure and
 * each array adds its elements, so any nesting depth costs no stack. */
long resp_read_reply(const char *data, size_t len)
{
    unsigned long long todo = 1;
    size_t pos = 0;

    while (todo > 0) {
        size_t cr;
        long long n;
        int r = reply_line(data, len, pos, &cr, &n);
        if (r <= 0)
            return r;
        char type = data[pos];
        pos = cr + 2;
        if (type != '|') /* an attribute comes before the reply it annotates */
            todo--;
        if ((type == '$' || type == '=' || type == '!') && n >= 0) {
            if (len - pos < (unsigned long long)n + 2)
                return 0;
            size_t end = pos + (size_t)n;
            if (data[end] != '\r' || data[end + 1] != '\n')
                return -1;
            pos = end + 2;
        } else if ((type == '*' || type == '~' || type == '>') && n > 0) {
            todo += (unsigned long long)n;
        } else if ((type == '%' || type == '|') && n > 0) {
            todo += 2 * (unsigned long long)n; /* a key and a value each */
        }
    }
    return (long)pos;
}
