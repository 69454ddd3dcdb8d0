/* keyserver.c - the event-loop server with its AOF and expiry, wired once.
 *
 * From stage 07 on, every stage runs the same machine: shared/evserver.c
 * for the sockets, shared/aofsrv.c hooked in for durability (log each
 * change, one flush per loop turn, replay at start) and shared/expire.c
 * on the server's beat.  What changes from stage to stage is only which
 * commands exist and how many databases there are, so a stage's main()
 * names those two and calls this.  See docs/07-expire.md for the hooks. */
#include "keyserver.h"

#include "aofsrv.h"
#include "evserver.h"
#include "expire.h"

static struct aofsrv aof;

/* The server's beat: expiry, then the AOF's background work. */
static void cron(struct db *const *dbs, int ndbs)
{
    expire_cycle(dbs, ndbs);
    aofsrv_cron(&aof);
}

int keyserver_main_with(int argc, char **argv, const char *name, const struct cmd *const *groups,
                        int databases, void (*attach)(struct aofsrv *aof))
{
    aofsrv_init(&aof);
    if (attach)
        attach(&aof);
    const struct evserver_opts opts = {
        .name = name, .groups = groups, .databases = databases,
        .extra = aof.flags, .arg = &aof,
        .start = aofsrv_start_hook, .changed = aofsrv_log_hook,
        .before_replies = aofsrv_flush_hook, .stop = aofsrv_stop_hook,
        .cron = cron, .expired = aofsrv_expired_hook,
        .info_persistence = aofsrv_info_hook, .persistence_pending = aofsrv_pending_hook,
    };
    return evserver_main(argc, argv, &opts);
}

int keyserver_main(int argc, char **argv, const char *name,
                   const struct cmd *const *groups, int databases)
{
    return keyserver_main_with(argc, argv, name, groups, databases, NULL);
}
