/* rung-07: keys that expire.
 *
 * Stage 06's event-loop server, plus deadlines: the EXPIRE family, TTL
 * and its kin, and SET with EX/PX/EXAT/PXAT/KEEPTTL/NX/XX/GET
 * (shared/cmd_expire.c, whose SET replaces stage 03's).  A dead key goes
 * two ways: lazily, when a lookup finds its time is up (shared/db.c), and
 * actively, ten times a second, when the server's beat samples keys with
 * a deadline and removes the dead ones (cron: shared/expire.c).  Each
 * removal is logged as a DEL (expired), and commands with relative times
 * are logged with absolute ones, so replaying an old AOF never gives a
 * key more life.  See docs/07-expire.md. */
#include "aofsrv.h"
#include "cmd_conn.h"
#include "cmd_expire.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "evserver.h"
#include "expire.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group,
                                           cmd_expire_group, NULL};
static struct aofsrv aof;

int main(int argc, char **argv)
{
    static const struct evserver_opts opts = {
        .name = "rung-07", .groups = groups, .extra = aof.flags, .arg = &aof,
        .start = aofsrv_start_hook, .changed = aofsrv_log_hook,
        .before_replies = aofsrv_flush_hook, .stop = aofsrv_stop_hook,
        .cron = expire_cycle, .expired = aofsrv_expired_hook,
    };
    aofsrv_init(&aof);
    return evserver_main(argc, argv, &opts);
}
