/* rung-05: durability - every write is logged to an append-only file.
 *
 * Stage 04's server plus shared/aof.c (the file: append, fsync policies,
 * replay, repair of a torn tail) through shared/aofsrv.c (the flags and
 * the replay through the command table).  The wiring here is the idea:
 * after a command that changed the keyspace, and before its reply can
 * leave, the command is appended and flushed - still under the keyspace
 * lock, so the file's order is the order in which commands ran.  Under
 * appendfsync always, flushing includes fsync: an acknowledged write is
 * on disk.  See docs/05-aof.md. */
#include "aofsrv.h"
#include "cmd_conn.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "kvserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group, NULL};
static struct aofsrv aof;

/* Log, then flush: the session writes the reply only after we return. */
static int log_and_flush(struct client *c, void *arg)
{
    aofsrv_log_hook(c, arg);
    return aofsrv_flush_hook(arg);
}

int main(int argc, char **argv)
{
    static const struct kvserver_opts opts = {
        .name = "rung-05", .groups = groups, .extra = aof.flags, .arg = &aof,
        .start = aofsrv_start_hook, .changed = log_and_flush, .stop = aofsrv_stop_hook,
    };
    aofsrv_init(&aof);
    return kvserver_main(argc, argv, &opts);
}
