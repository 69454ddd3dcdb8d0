/* rung-10: RESP3 and the connection - HELLO, AUTH, CLIENT, RESET.
 *
 * Stage 09's server, where each connection becomes something the server
 * knows about and the client can shape: it says which protocol it
 * speaks (HELLO 3 turns on RESP3's maps, sets and nulls for it alone),
 * proves who it is (AUTH, with --requirepass), names itself and sees the
 * other connections (CLIENT), and starts over (RESET).  The commands are
 * in shared/cmd_client.c; the server's list of clients is shared/
 * server.c.  See docs/10-resp3.md. */
#include "cmd_client.h"
#include "cmd_conn.h"
#include "cmd_db.h"
#include "cmd_expire.h"
#include "cmd_hash.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "cmd_string.h"
#include "keyserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group,   cmd_kv_group,     cmd_keys_group,
                                           cmd_expire_group, cmd_db_group,     cmd_string_group,
                                           cmd_hash_group,   cmd_client_group, NULL};

int main(int argc, char **argv)
{
    return keyserver_main(argc, argv, "rung-10", groups, 16);
}
