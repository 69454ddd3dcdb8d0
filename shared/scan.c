/* scan.c - what every SCAN-like command shares: its options and its reply.
 *
 * SCAN walks a keyspace and HSCAN a hash, but the contract is the same:
 * a cursor in, a few buckets' worth of items out, and the cursor to
 * continue from (0: done).  COUNT is a hint about the work per call, not
 * a number of results - it counts items met before MATCH and TYPE filter
 * them, so a call may return nothing while the cursor is not 0.  The walk
 * also stops after 10 * COUNT steps, so a table left sparse by deletions
 * cannot turn one call into a walk of the whole table.  The items are
 * gathered into a scratch buffer because the reply's array header must
 * state their number first. */
#include "scan.h"

#include "client.h"
#include "cmd.h"
#include "glob.h"
#include "num.h"
#include "resp.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int scan_cursor(struct client *c, int i, unsigned long *cursor)
{
    if (num_parse_cursor(c->argv[i], c->argvlen[i], cursor))
        return 0;
    resp_add_error(&c->reply, "ERR invalid cursor");
    return -1;
}

int scan_options(struct client *c, int first, int allow_type, struct scan_args *a)
{
    a->count = 10;
    for (int i = first; i < c->argc; i += 2) {
        int has_value = i + 1 < c->argc;
        const char *v = has_value ? c->argv[i + 1] : NULL;
        size_t vlen = has_value ? c->argvlen[i + 1] : 0;
        if (has_value && client_arg_is(c, i, "count")) {
            if (!num_parse_ll(v, vlen, &a->count)) {
                resp_add_error(&c->reply, CMD_ERR_NOT_INT);
                return -1;
            }
            if (a->count < 1) {
                resp_add_error(&c->reply, CMD_ERR_SYNTAX);
                return -1;
            }
        } else if (has_value && client_arg_is(c, i, "match")) {
            int all = vlen == 1 && v[0] == '*'; /* skip matching */
            a->pattern = all ? NULL : v;
            a->plen = vlen;
        } else if (has_value && allow_type && client_arg_is(c, i, "type")) {
            /* Redis compares the name as a C string; an unknown name is
             * allowed and matches nothing */
            const char *nul = memchr(v, '\0', vlen);
            a->type = v;
            a->tlen = nul ? (size_t)(nul - v) : vlen;
        } else {
            resp_add_error(&c->reply, CMD_ERR_SYNTAX);
            return -1;
        }
    }
    return 0;
}

int scan_matches(const struct scan_args *a, const char *s, size_t len)
{
    return !a->pattern || glob_match(a->pattern, a->plen, s, len, 0);
}

int scan_more(const struct scan_args *a, unsigned long cursor, long long *steps)
{
    long long limit = a->count > LLONG_MAX / 10 ? LLONG_MAX : a->count * 10;
    return cursor != 0 && ++*steps < limit && a->seen < (unsigned long long)a->count;
}

void scan_reply(struct client *c, unsigned long cursor, struct scan_args *a, size_t per_item)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%lu", cursor);
    resp_add_array(&c->reply, 2);
    resp_add_bulk(&c->reply, num, (size_t)n);
    resp_add_array(&c->reply, a->kept * per_item);
    buf_append(&c->reply, a->out.data, a->out.len);
    buf_free(&a->out);
}
