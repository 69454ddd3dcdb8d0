/* rung-06: one thread and an event loop instead of a thread per client.
 *
 * Stage 05's commands and AOF, served by shared/evserver.c: non-blocking
 * sockets watched by one epoll loop (shared/ev.c), no threads, no locks.
 * The AOF changes shape with it.  Stage 05 wrote and fsynced once per
 * write command; here a command only queues its log entry (changed), and
 * once per loop turn - after every ready client's commands ran, before
 * any of their replies is written - one write and, under appendfsync
 * always, one fsync make the whole turn durable (before_replies).  That
 * is group commit: fifty clients writing at once cost one fsync, not
 * fifty.  See docs/06-epoll.md. */
#include "aofsrv.h"
#include "cmd_conn.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "evserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group, NULL};
static struct aofsrv aof;

int main(int argc, char **argv)
{
    /* Each command only queues its entry; once per loop turn, before any
     * reply of the turn is written, one flush covers them all. */
    static const struct evserver_opts opts = {
        .name = "rung-06", .groups = groups, .extra = aof.flags, .arg = &aof,
        .start = aofsrv_start_hook, .changed = aofsrv_log_hook,
        .before_replies = aofsrv_flush_hook, .stop = aofsrv_stop_hook,
    };
    aofsrv_init(&aof);
    return evserver_main(argc, argv, &opts);
}
