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
#include "cmd_conn.h"
#include "cmd_db.h"
#include "cmd_expire.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "keyserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group,
                                           cmd_expire_group, cmd_db_group, NULL};

int main(int argc, char **argv)
{
    return keyserver_main(argc, argv, "rung-08", groups, 16);
}
