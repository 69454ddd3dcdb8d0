/* rung-04: pattern matching over the keyspace.
 *
 * Stage 03's server plus the commands that look at every key: KEYS with
 * Redis's glob syntax (shared/glob.c), DBSIZE, FLUSHDB and FLUSHALL
 * (shared/cmd_keys.c).  The matcher is the interesting part: a naive
 * recursive glob takes exponential time on patterns like a*a*a*a*b, and
 * KEYS runs it once per key while every other client waits.
 * See docs/04-keys.md. */
#include "cmd_conn.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "kvserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group, NULL};

int main(int argc, char **argv)
{
    static const struct kvserver_opts opts = {.name = "rung-04", .groups = groups};
    return kvserver_main(argc, argv, &opts);
}
