/* rung-11: the server describes itself - INFO.
 *
 * Stage 10's server, plus INFO (shared/cmd_info.c): Redis's sections and
 * field names, every value measured - memory from malloc's own count,
 * counters kept by the event loop, the AOF's state from its module.
 * Client libraries read it before they trust a server (ioredis waits
 * for loading:0).  CONFIG (shared/cmd_config.c) reads and changes the
 * settings while the server runs, through the same table the flags and
 * the config file go through; TIME, LASTSAVE and SHUTDOWN are in
 * shared/cmd_server.c.  See docs/11-info.md. */
#include "cmd_client.h"
#include "cmd_config.h"
#include "cmd_conn.h"
#include "cmd_db.h"
#include "cmd_docs.h"
#include "cmd_expire.h"
#include "cmd_info.h"
#include "cmd_hash.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "cmd_server.h"
#include "cmd_string.h"
#include "keyserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group,   cmd_kv_group,     cmd_keys_group,
                                           cmd_expire_group, cmd_db_group,     cmd_string_group,
                                           cmd_hash_group,   cmd_client_group, cmd_info_group,
                                           cmd_docs_group,   cmd_config_group, cmd_server_group,
                                           NULL};

int main(int argc, char **argv)
{
    return keyserver_main(argc, argv, "rung-11", groups, 16);
}
