/* aof-no-fsync.c - a broken server: it never fsyncs its AOF.
 *
 * broken: stage=05 catches="fsync comes between the log write and the reply"
 *
 * It is stage 06 with --appendfsync quietly replaced by "no".  Every kill -9
 * test passes - the kernel keeps what write() gave it - so only a test that
 * watches the fsync itself, before the reply, can tell that a power cut
 * would lose acknowledged writes. */
#include "aofsrv.h"
#include "cmd_conn.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "evserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group, NULL};
static struct aofsrv aof;

static int start(struct db *const *dbs, int ndbs, const struct cmd_table *commands, void *arg)
{
    aof.policy = AOF_FSYNC_NO; /* the bug */
    return aofsrv_start_hook(dbs, ndbs, commands, arg);
}

int main(int argc, char **argv)
{
    static const struct evserver_opts opts = {
        .name = "broken-aof-no-fsync", .groups = groups, .extra = aof.flags, .arg = &aof,
        .start = start, .changed = aofsrv_log_hook,
        .before_replies = aofsrv_flush_hook, .stop = aofsrv_stop_hook,
    };
    aofsrv_init(&aof);
    return evserver_main(argc, argv, &opts);
}
