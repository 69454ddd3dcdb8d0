/* rung-08: sixteen databases, and SCAN.
 *
 * Stage 07's server with an array of keyspaces instead of one: each
 * client has a selected database (SELECT), and MOVE, SWAPDB, COPY ... DB
 * work across them (shared/cmd_db.c, whose FLUSHALL replaces stage 04's
 * to empty them all).  The AOF writes a SELECT whenever the next command
 * belongs to another database than the one before (shared/aofsrv.c), so
 * replay puts every key back where it was.  SCAN walks a database a few
 * buckets at a time with a reverse-binary cursor that survives the table
 * growing or shrinking in between (shared/dict.c).  --databases N sets
 * the count.  See docs/08-databases.md. */
#include "aofsrv.h"
#include "cmd_conn.h"
#include "cmd_db.h"
#include "cmd_expire.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "evserver.h"
#include "expire.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group,
                                           cmd_expire_group, cmd_db_group, NULL};
static struct aofsrv aof;

int main(int argc, char **argv)
{
    static const struct evserver_opts opts = {
        .name = "rung-08", .groups = groups, .extra = aof.flags, .arg = &aof,
        .databases = 16,
        .start = aofsrv_start_hook, .changed = aofsrv_log_hook,
        .before_replies = aofsrv_flush_hook, .stop = aofsrv_stop_hook,
        .cron = expire_cycle, .expired = aofsrv_expired_hook,
    };
    aofsrv_init(&aof);
    return evserver_main(argc, argv, &opts);
}
