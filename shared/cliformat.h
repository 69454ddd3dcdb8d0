/* cliformat.h - show a reply the way redis-cli does: terminal or raw. */
#ifndef CLIFORMAT_H
#define CLIFORMAT_H

#include <stddef.h>

#include "buf.h"
#include "reply.h"

/* Each appends to b and returns 0, or -1 when out of memory. */

/* "text" in double quotes, with \n \r \t \a \b \" \\ and \xHH escapes
 * for what is not printable, as redis-cli quotes a bulk string. */
int cliformat_repr(struct buf *b, const char *s, size_t n);
/* The terminal format: (integer) 1, "bar", (nil), numbered arrays, ...
 * Ends with a newline. */
int cliformat_tty(struct buf *b, const struct reply *r);
/* The raw format (--raw, or stdout not a terminal): bare values, one
 * array element per line.  No final newline: the caller adds it. */
int cliformat_raw(struct buf *b, const struct reply *r);

#endif
