/* reply.c - parse one RESP2/RESP3 reply, as a client sees it, into a tree.
 *
 * The client's side of the protocol: every reply starts with a type byte
 * and a line ("+OK", ":42", "$5", "*3", "%2", ...); a bulk line announces
 * how many bytes follow, an aggregate line how many replies follow.  TCP
 * delivers those bytes in pieces of any size, so the parser must be able
 * to stop anywhere and say "incomplete".  It keeps a stack of the
 * aggregates still missing children and the offset of the first element
 * not yet parsed; a finished element becomes a node at once, so when more
 * bytes arrive it resumes at that offset and never re-reads a finished
 * element.  Only the element cut in half is looked at again.
 *
 * Data flow: socket -> caller's buffer -> reply_parse() -> struct reply
 * tree (owned by the caller, freed with reply_free) -> cliformat.c.
 * An attribute (|n) is metadata about the reply that follows it: the
 * parser hangs it on that reply's node (r->attr) instead of counting it.
 * Nothing is preallocated from an announced count ("*2000000000" costs
 * nothing until elements really arrive).  See docs/cli.md. */
#include "reply.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Parse a strict decimal: optional '-', digits only, no overflow. */
static int parse_ll(const char *s, size_t n, long long *v)
{
    size_t i = 0;
    int neg = 0;
    unsigned long long acc = 0, lim = (unsigned long long)LLONG_MAX;
    if (n > 0 && s[0] == '-') {
        neg = 1;
        i = 1;
        lim++;
    }
    if (i == n)
        return -1;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (acc > (lim - d) / 10)
            return -1;
        acc = acc * 10 + d;
    }
    *v = neg ? (acc == lim ? LLONG_MIN : -(long long)acc) : (long long)acc;
    return 0;
}

/* Offset of the CR of the CRLF ending the line at `from`, or -1. */
static long find_crlf(const char *data, size_t len, size_t from)
{
    for (size_t i = from; i + 1 < len; i++) {
        const char *cr = memchr(data + i, '\r', len - 1 - i);
        if (!cr)
            return -1;
        i = (size_t)(cr - data);
        if (data[i + 1] == '\n')
            return (long)i;
    }
    return -1;
}

static struct reply *node_new(enum reply_type t)
{
    struct reply *r = calloc(1, sizeof *r);
    if (r)
        r->type = t;
    return r;
}

static int node_set_text(struct reply *r, const char *s, size_t n)
{
    r->str = malloc(n + 1);
    if (!r->str)
        return -1;
    memcpy(r->str, s, n);
    r->str[n] = '\0';
    r->len = n;
    return 0;
}

void reply_free(struct reply *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        reply_free(r->elem[i]);
    free(r->elem);
    free(r->str);
    reply_free(r->attr);
    free(r);
}

void reply_parser_reset(struct reply_parser *p)
{
    /* Every open aggregate is linked into the root's tree or into the
     * attribute being built, so freeing those three frees everything. */
    reply_free(p->root);
    reply_free(p->attr_open);
    reply_free(p->attr);
    memset(p, 0, sizeof *p);
}

static long fail(struct reply_parser *p, const char *why)
{
    reply_parser_reset(p);
    p->err = why;
    return REPLY_ERR;
}

/* Add child c to the aggregate on top of the stack. */
static int frame_add(struct reply_frame *f, struct reply *c)
{
    if (f->node->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : (f->want < 16 ? f->want : 16);
        struct reply **e = realloc(f->node->elem, cap * sizeof *e);
        if (!e)
            return -1;
        f->node->elem = e;
        f->cap = cap;
    }
    f->node->elem[f->node->n++] = c;
    return 0;
}

/* A finished attribute waits for the reply it describes. */
static void keep_attr(struct reply_parser *p, struct reply *a)
{
    reply_free(p->attr); /* two in a row: keep the last */
    p->attr = a;
}

/* Leaf r (or an empty aggregate) is finished: hang it under its parent,
 * then close every aggregate that is now complete.  Aggregates were linked
 * into their parent when they opened.  Returns 1 when the whole reply is
 * done, 0 to go on, -1 out of memory. */
static int finish(struct reply_parser *p, struct reply *r)
{
    if (r->type == REPLY_ATTRIBUTE) { /* an empty one: |0 */
        keep_attr(p, r);
        return 0;
    }
    if (p->depth == 0) {
        p->root = r;
        return 1;
    }
    if (frame_add(&p->stack[p->depth - 1], r) < 0) {
        reply_free(r);
        return -1;
    }
    while (p->depth > 0) {
        struct reply_frame *f = &p->stack[p->depth - 1];
        if (f->node->n < f->want)
            return 0;
        p->depth--;
        if (f->node->type == REPLY_ATTRIBUTE) {
            p->attr_open = NULL;
            keep_attr(p, f->node);
            return 0; /* the reply it describes is still to come */
        }
    }
    return 1;
}

static enum reply_type aggregate_type(char c)
{
    switch (c) {
    case '%': return REPLY_MAP;
    case '~': return REPLY_SET;
    case '>': return REPLY_PUSH;
    case '|': return REPLY_ATTRIBUTE;
    default: return REPLY_ARRAY;
    }
}

/* The line of a one-line type (+ - : , # _ ( ) -> its node, or NULL with
 * *why set. */
static struct reply *line_node(char t, const char *s, size_t n, const char **why)
{
    static const enum reply_type types[] = {['+'] = REPLY_SIMPLE, ['-'] = REPLY_ERROR,
                                            [':'] = REPLY_INTEGER, [','] = REPLY_DOUBLE,
                                            ['#'] = REPLY_BOOLEAN, ['_'] = REPLY_NULL,
                                            ['('] = REPLY_BIGNUM};
    struct reply *r = node_new(types[(unsigned char)t]);
    long long v = 0;
    *why = "out of memory";
    if (!r)
        return NULL;
    *why = "invalid line";
    if ((t == ':' && parse_ll(s, n, &v) < 0) || (t == '_' && n != 0) ||
        (t == '#' && (n != 1 || (s[0] != 't' && s[0] != 'f'))) || ((t == ',' || t == '(') && n == 0))
        goto bad;
    if (t == '(') {
        for (size_t i = (s[0] == '-'); i < n; i++)
            if (s[i] < '0' || s[i] > '9')
                goto bad;
    }
    r->integer = t == '#' ? s[0] == 't' : v;
    if (t != ':' && t != '#' && t != '_' && node_set_text(r, s, n) < 0) {
        *why = "out of memory";
        goto bad;
    }
    return r;
bad:
    reply_free(r);
    return NULL;
}

/* A bulk-like element ($ ! =) whose header line ends at crlf: 1 and *out
 * set when all its bytes are there, 0 when incomplete, -1 malformed. */
static int bulk_node(struct reply_parser *p, const char *data, size_t len, size_t crlf,
                     struct reply **out)
{
    char t = data[p->pos];
    long long n;
    if (parse_ll(data + p->pos + 1, crlf - p->pos - 1, &n) < 0 || n < -1 || n > REPLY_BULK_MAX)
        return (p->err = "invalid bulk length"), -1;
    size_t body = crlf + 2;
    if (n == -1) {
        *out = node_new(REPLY_NULL);
        p->pos = body;
        return *out ? 1 : ((p->err = "out of memory"), -1);
    }
    if (len - body < (size_t)n + 2)
        return 0;
    if (data[body + n] != '\r' || data[body + n + 1] != '\n')
        return (p->err = "bulk not followed by CRLF"), -1;
    if (t == '=' && (n < 4 || data[body + 3] != ':'))
        return (p->err = "verbatim string without a type"), -1;
    struct reply *r = node_new(t == '$' ? REPLY_BULK : t == '!' ? REPLY_ERROR : REPLY_VERBATIM);
    size_t skip = t == '=' ? 4 : 0;
    if (!r || node_set_text(r, data + body + skip, (size_t)n - skip) < 0) {
        reply_free(r);
        return (p->err = "out of memory"), -1;
    }
    if (t == '=')
        memcpy(r->vtype, data + body, 3);
    p->pos = body + (size_t)n + 2;
    *out = r;
    return 1;
}

/* An aggregate header: push a frame (or finish an empty/null one). */
static int aggregate_node(struct reply_parser *p, const char *data, size_t crlf,
                          struct reply **done)
{
    char t = data[p->pos];
    long long n;
    *done = NULL;
    if (parse_ll(data + p->pos + 1, crlf - p->pos - 1, &n) < 0 || n < -1 ||
        (n == -1 && t == '|') || n > LLONG_MAX / 2)
        return (p->err = "invalid aggregate length"), -1;
    struct reply *r = node_new(n == -1 ? REPLY_NULL : aggregate_type(t));
    if (!r)
        return (p->err = "out of memory"), -1;
    p->pos = crlf + 2;
    if (n <= 0) {
        *done = r;
        return 1;
    }
    if (p->depth == REPLY_MAX_DEPTH) {
        reply_free(r);
        return (p->err = "nesting too deep"), -1;
    }
    size_t want = (size_t)n * (t == '%' || t == '|' ? 2 : 1);
    p->stack[p->depth++] = (struct reply_frame){r, want, 0};
    return 0;
}

/* Parse one element at p->pos.  1 and *done (a finished node, or NULL
 * when an aggregate was opened) on progress, 0 incomplete, -1 error. */
static int parse_element(struct reply_parser *p, const char *data, size_t len,
                         struct reply **done)
{
    long crlf = find_crlf(data, len, p->pos);
    *done = NULL;
    if (crlf < 0)
        return 0;
    char t = data[p->pos];
    const char *why;
    switch (t) {
    case '+': case '-': case ':': case ',': case '#': case '_': case '(':
        *done = line_node(t, data + p->pos + 1, (size_t)crlf - p->pos - 1, &why);
        if (!*done)
            return (p->err = why), -1;
        p->pos = (size_t)crlf + 2;
        return 1;
    case '$': case '!': case '=':
        return bulk_node(p, data, len, (size_t)crlf, done);
    case '*': case '%': case '~': case '>': case '|':
        return aggregate_node(p, data, (size_t)crlf, done) < 0 ? -1 : 1;
    default:
        return (p->err = "unknown reply type byte"), -1;
    }
}

/* The node just created gets the attribute that came before it. */
static void attach_attr(struct reply_parser *p, struct reply *r)
{
    if (p->attr && r->type != REPLY_ATTRIBUTE) {
        r->attr = p->attr;
        p->attr = NULL;
    }
}

/* A new aggregate was opened at depth `depth`: link it where a reset
 * will find it (its parent, the root, or the attribute slot). */
static int link_open(struct reply_parser *p, struct reply *r, int depth)
{
    if (r->type == REPLY_ATTRIBUTE) {
        if (p->attr_open) {
            reply_free(r);
            p->depth--;
            p->err = "attribute inside an attribute";
            return -1;
        }
        p->attr_open = r;
        return 0;
    }
    if (depth == 0) {
        p->root = r;
        return 0;
    }
    if (frame_add(&p->stack[depth - 1], r) < 0) {
        reply_free(r);
        p->depth--;
        p->err = "out of memory";
        return -1;
    }
    return 0;
}

long reply_parse(struct reply_parser *p, const char *data, size_t len, struct reply **out)
{
    *out = NULL;
    if (p->err)
        return REPLY_ERR;
    for (;;) {
        struct reply *done;
        int depth = p->depth;
        int rc = parse_element(p, data, len, &done);
        if (rc < 0)
            return fail(p, p->err);
        if (rc == 0)
            return REPLY_INCOMPLETE;
        if (!done) {
            struct reply *open = p->stack[p->depth - 1].node;
            attach_attr(p, open);
            if (link_open(p, open, depth) < 0)
                return fail(p, p->err);
            continue;
        }
        attach_attr(p, done);
        rc = finish(p, done);
        if (rc < 0)
            return fail(p, "out of memory");
        if (rc == 1) {
            long used = (long)p->pos;
            *out = p->root;
            p->root = NULL;
            reply_parser_reset(p);
            return used;
        }
    }
}
