/* cliformat.c - turn a reply tree into the text redis-cli prints.
 *
 * redis-cli has two faces.  On a terminal it labels every value with its
 * type, so a learner can tell the integer 1 from the string "1" and nil
 * from an empty string: (integer) 1, "1", (nil), "".  Strings are quoted
 * and anything unprintable is escaped, so a stray NUL or newline shows.
 * Aggregates are numbered, and a nested one starts on its parent's line,
 * indented by the width of the number plus ") ", so the tree reads like
 * an outline.  Sets number with "~", maps with "#" and "key => value"
 * (a value that takes several lines starts on the next line).
 * When stdout is a pipe (or with --raw) values come out bare, one per
 * line, ready for a shell script, and the types are lost.
 *
 * Data flow: struct reply (reply.c) -> these functions -> a struct buf the
 * caller writes to stdout.  Attributes are not shown (redis-cli 7.0 cannot
 * read them at all).  See docs/cli.md. */
#include "cliformat.h"

#include <stdio.h>
#include <string.h>

int cliformat_repr(struct buf *b, const char *s, size_t n)
{
    int rc = buf_append(b, "\"", 1);
    for (size_t i = 0; i < n && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\': rc = buf_append(b, "\\\\", 2); break;
        case '"': rc = buf_append(b, "\\\"", 2); break;
        case '\n': rc = buf_append(b, "\\n", 2); break;
        case '\r': rc = buf_append(b, "\\r", 2); break;
        case '\t': rc = buf_append(b, "\\t", 2); break;
        case '\a': rc = buf_append(b, "\\a", 2); break;
        case '\b': rc = buf_append(b, "\\b", 2); break;
        default:
            /* printable ASCII as is; everything else, UTF-8 included, as
             * hex: the terminal's encoding is not the client's business */
            rc = c >= 0x20 && c < 0x7f ? buf_append(b, &s[i], 1) : buf_printf(b, "\\x%02x", c);
        }
    }
    return rc < 0 ? -1 : buf_append(b, "\"", 1);
}

static int is_aggregate(const struct reply *r)
{
    return r->type == REPLY_ARRAY || r->type == REPLY_MAP || r->type == REPLY_SET ||
           r->type == REPLY_PUSH;
}

static const char *empty_text(enum reply_type t)
{
    return t == REPLY_MAP ? "(empty hash)\n" : t == REPLY_SET ? "(empty set)\n"
         : t == REPLY_PUSH ? "(empty push)\n" : "(empty array)\n";
}

static int tty(struct buf *b, const struct reply *r, const char *prefix);

/* " => value"; a value that takes several lines starts on a line of
 * its own, indented, so its numbers line up under each other. */
static int map_value(struct buf *b, const struct reply *v, const char *prefix)
{
    struct buf val = {0};
    int rc = buf_append_str(b, " => ");
    if (rc == 0)
        rc = tty(&val, v, prefix);
    if (rc == 0 && val.len > 1 && memchr(val.data, '\n', val.len - 1))
        rc = buf_printf(b, "\n%s", prefix);
    if (rc == 0)
        rc = buf_append(b, val.data, val.len);
    buf_free(&val);
    return rc;
}

/* An aggregate: element i's number, right-aligned to the widest number,
 * then the element.  The first element goes on the line the parent
 * already started; the others start with the parent's indentation. */
static int tty_aggregate(struct buf *b, const struct reply *r, const char *prefix)
{
    if (r->n == 0)
        return buf_append_str(b, empty_text(r->type));
    size_t items = r->type == REPLY_MAP ? r->n / 2 : r->n;
    int width = snprintf(NULL, 0, "%zu", items);
    char sep = r->type == REPLY_SET ? '~' : r->type == REPLY_MAP ? '#' : ')';
    struct buf inner = {0};
    if (buf_printf(&inner, "%s%*s", prefix, width + 2, "") < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < r->n && rc == 0; i++) {
        size_t number = (r->type == REPLY_MAP ? i / 2 : i) + 1;
        rc = buf_printf(b, "%s%*zu%c ", i == 0 ? "" : prefix, width, number, sep);
        if (rc == 0)
            rc = tty(b, r->elem[i], inner.data);
        if (rc == 0 && r->type == REPLY_MAP) {
            b->len--; /* the key's newline: the value follows on its line */
            rc = map_value(b, r->elem[++i], inner.data);
        }
    }
    buf_free(&inner);
    return rc;
}

static int tty(struct buf *b, const struct reply *r, const char *prefix)
{
    switch (r->type) {
    case REPLY_SIMPLE: return buf_printf(b, "%s\n", r->str);
    case REPLY_ERROR: return buf_printf(b, "(error) %s\n", r->str);
    case REPLY_INTEGER: return buf_printf(b, "(integer) %lld\n", r->integer);
    case REPLY_DOUBLE: return buf_printf(b, "(double) %s\n", r->str);
    case REPLY_BIGNUM: return buf_printf(b, "(big number) %s\n", r->str);
    case REPLY_NULL: return buf_append_str(b, "(nil)\n");
    case REPLY_BOOLEAN: return buf_append_str(b, r->integer ? "(true)\n" : "(false)\n");
    case REPLY_VERBATIM:
        return buf_append(b, r->str, r->len) < 0 ? -1 : buf_append(b, "\n", 1);
    case REPLY_BULK:
        return cliformat_repr(b, r->str, r->len) < 0 ? -1 : buf_append(b, "\n", 1);
    default:
        return is_aggregate(r) ? tty_aggregate(b, r, prefix) : 0;
    }
}

int cliformat_tty(struct buf *b, const struct reply *r)
{
    return tty(b, r, "");
}

/* Raw: elements one per line; a map's key and value share a line. */
static int raw_aggregate(struct buf *b, const struct reply *r)
{
    int rc = 0;
    size_t step = r->type == REPLY_MAP ? 2 : 1;
    for (size_t i = 0; i < r->n && rc == 0; i += step) {
        if (i > 0)
            rc = buf_append(b, "\n", 1);
        if (rc == 0)
            rc = cliformat_raw(b, r->elem[i]);
        if (rc == 0 && step == 2) {
            rc = buf_append(b, " ", 1);
            if (rc == 0)
                rc = cliformat_raw(b, r->elem[i + 1]);
        }
    }
    return rc;
}

int cliformat_raw(struct buf *b, const struct reply *r)
{
    switch (r->type) {
    case REPLY_NULL: return 0;
    case REPLY_ERROR:
        return buf_append(b, r->str, r->len) < 0 ? -1 : buf_append(b, "\n", 1);
    case REPLY_INTEGER: return buf_printf(b, "%lld", r->integer);
    case REPLY_BOOLEAN: return buf_append_str(b, r->integer ? "(true)" : "(false)");
    case REPLY_SIMPLE: case REPLY_BULK: case REPLY_VERBATIM: case REPLY_DOUBLE: case REPLY_BIGNUM:
        return buf_append(b, r->str, r->len);
    default:
        return is_aggregate(r) ? raw_aggregate(b, r) : 0;
    }
}
