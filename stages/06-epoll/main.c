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

static int start(struct db *db, const struct cmd_table *commands, void *arg)
{
    (void)arg;
    return aofsrv_start(&aof, db, commands);
}

static void changed(struct client *c, void *arg)
{
    (void)arg;
    aofsrv_log(&aof, c);
}

static int before_replies(void *arg)
{
    (void)arg;
    return aofsrv_flush(&aof);
}

static void stop(void *arg)
{
    (void)arg;
    aofsrv_stop(&aof);
}

int main(int argc, char **argv)
{
    static struct config_opt flags[AOFSRV_NOPTS + 1];
    aofsrv_init(&aof);
    aofsrv_options(&aof, flags);
    static const struct evserver_opts opts = {
        .name = "rung-06", .groups = groups, .extra = flags, .start = start,
        .changed = changed, .before_replies = before_replies, .stop = stop,
    };
    return evserver_main(argc, argv, &opts);
}
