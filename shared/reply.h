/* reply.h - an incremental parser of one RESP2/RESP3 reply into a tree. */
#ifndef REPLY_H
#define REPLY_H

#include <stddef.h>

#define REPLY_INCOMPLETE 0 /* need more bytes */
#define REPLY_ERR (-1)     /* malformed input, see reply_parser.err */

#define REPLY_MAX_DEPTH 128          /* nesting of aggregates */
#define REPLY_BULK_MAX 536870912LL   /* 512 MB, Redis's proto-max-bulk-len */

enum reply_type {
    REPLY_SIMPLE,    /* +text */
    REPLY_ERROR,     /* -text, and RESP3 !len blob errors */
    REPLY_INTEGER,   /* :n */
    REPLY_BULK,      /* $len */
    REPLY_NULL,      /* _ , $-1, *-1 */
    REPLY_ARRAY,     /* *n */
    REPLY_MAP,       /* %n: 2n elements, key then value */
    REPLY_SET,       /* ~n */
    REPLY_DOUBLE,    /* ,text (kept as text: the client shows it as sent) */
    REPLY_BOOLEAN,   /* #t or #f, in integer */
    REPLY_VERBATIM,  /* =len, "txt:" prefix moved to vtype */
    REPLY_BIGNUM,    /* (digits, kept as text */
    REPLY_PUSH,      /* >n: out-of-band, same shape as an array */
    REPLY_ATTRIBUTE  /* |n: 2n elements; attached to the reply after it */
};

/* One node.  Text types hold str/len (NUL-terminated too, but may contain
 * NUL); aggregates hold n children in elem.  A node
 * owns its children, its text and its attribute. */
struct reply {
    enum reply_type type;
    long long integer;      /* REPLY_INTEGER, REPLY_BOOLEAN (0/1) */
    char *str;              /* text types */
    size_t len;
    char vtype[4];          /* REPLY_VERBATIM: "txt", "mkd" */
    size_t n;               /* aggregates: children in elem (a map or an
                               attribute counts keys and values: 2 per pair) */
    struct reply **elem;
    struct reply *attr;     /* the attribute sent just before this reply */
};

struct reply_frame {
    struct reply *node;     /* an aggregate still missing children */
    size_t want;            /* children it must get in all */
    size_t cap;             /* slots allocated in node->elem */
};

/* Parser state for one connection.  A zeroed struct is ready. */
struct reply_parser {
    const char *err;        /* after REPLY_ERR: what was wrong */
    /* private */
    size_t pos;             /* first byte not yet turned into nodes */
    int depth;              /* frames in use */
    struct reply_frame stack[REPLY_MAX_DEPTH];
    struct reply *root;     /* the reply being built */
    struct reply *attr_open; /* an attribute being built (its own tree) */
    struct reply *attr;     /* a finished attribute waiting for its reply */
};

/* Parse one reply.  data/len: the unconsumed bytes, from the first byte of
 * the current reply; each call sees the same start with more bytes added
 * (the caller may move them: the parser keeps offsets only).  Returns
 *   > 0               bytes of one whole reply; *out is its tree (caller
 *                     frees with reply_free); the parser is ready for the
 *                     next reply, starting after those bytes.
 *   REPLY_INCOMPLETE  call again with more bytes.  Work already done is
 *                     kept: no byte of a finished element is read twice.
 *   REPLY_ERR         malformed (or out of memory); err says why.  The
 *                     stream cannot be resynchronised: close it. */
long reply_parse(struct reply_parser *p, const char *data, size_t len, struct reply **out);
/* Drop a half-built reply (after an error, or to abandon a connection). */
void reply_parser_reset(struct reply_parser *p);
void reply_free(struct reply *r);

#endif
