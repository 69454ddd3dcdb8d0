/* scan.h - what every SCAN-like command shares: its options and its reply. */
#ifndef SCAN_H
#define SCAN_H

#include "buf.h"

#include <stddef.h>

struct client;

struct scan_args {
    long long count;       /* COUNT, default 10 */
    const char *pattern;   /* MATCH, or NULL for everything ("*" too) */
    size_t plen;
    const char *type;      /* TYPE, or NULL (only when allowed) */
    size_t tlen;
    unsigned long long seen; /* items met, before MATCH/TYPE: COUNT's measure */
    size_t kept;           /* items written to out */
    struct buf out;        /* the kept items as bulk strings */
};

/* The cursor at argv[i]: 0, or -1 after replying "ERR invalid cursor". */
int scan_cursor(struct client *c, int i, unsigned long *cursor);
/* [MATCH pattern] [COUNT count] and, with allow_type, [TYPE type], from
 * argv[first] on, each may repeat (the last wins).  Fills a (zeroed
 * first); 0, or -1 after replying Redis's error. */
int scan_options(struct client *c, int first, int allow_type, struct scan_args *a);
/* Does an item named s pass MATCH? */
int scan_matches(const struct scan_args *a, const char *s, size_t len);
/* Should the walk go on: not finished, fewer than COUNT items met, and
 * fewer than 10 * COUNT steps taken (*steps counts them)? */
int scan_more(const struct scan_args *a, unsigned long cursor, long long *steps);
/* Reply [cursor, [items...]] with per_item bulk strings per kept item,
 * and free a->out. */
void scan_reply(struct client *c, unsigned long cursor, struct scan_args *a, size_t per_item);

#endif
