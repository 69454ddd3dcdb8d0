/* rung-12: the AOF is compacted while the server serves - BGREWRITEAOF.
 *
 * Stage 11's server, plus the AOF rewrite (shared/aofrw.c): a forked
 * child writes the keyspace as the fewest commands that rebuild it
 * (shared/aofdump.c), the parent keeps serving and keeps the writes that
 * arrive meanwhile, then renames the new file over the old one.  It runs
 * on BGREWRITEAOF and by itself when the file has grown
 * (auto-aof-rewrite-percentage, auto-aof-rewrite-min-size).  A kill -9 at
 * any moment loses nothing acknowledged.  See docs/12-rewrite.md. */
#include "aofrw.h"
#include "cmd_client.h"
#include "cmd_config.h"
#include "cmd_conn.h"
#include "cmd_db.h"
#include "cmd_docs.h"
#include "cmd_expire.h"
#include "cmd_hash.h"
#include "cmd_info.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "cmd_server.h"
#include "cmd_string.h"
#include "keyserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {
    cmd_conn_group,   cmd_kv_group,     cmd_keys_group,   cmd_expire_group,
    cmd_db_group,     cmd_string_group, cmd_hash_group,   cmd_client_group,
    cmd_info_group,   cmd_docs_group,   cmd_config_group, cmd_server_group,
    cmd_aofrw_group,  NULL};

int main(int argc, char **argv)
{
    return keyserver_main_with(argc, argv, "rung-12", groups, 16, aofrw_attach);
}
