/* rung-07: keys that expire.
 *
 * Stage 06's event-loop server, plus deadlines: the EXPIRE family, TTL
 * and its kin, and SET with EX/PX/EXAT/PXAT/KEEPTTL/NX/XX/GET
 * (shared/cmd_expire.c, whose SET replaces stage 03's).  A dead key goes
 * two ways: lazily, when a lookup finds its time is up (shared/db.c), and
 * actively, ten times a second, when the server's beat samples keys with
 * a deadline and removes the dead ones (shared/expire.c).  Each removal
 * is logged as a DEL, and commands with relative times are logged with
 * absolute ones, so replaying an old AOF never gives a key more life.
 * shared/keyserver.c wires those hooks into stage 06's server once, for
 * this stage and every later one.  See docs/07-expire.md. */
#include "cmd_conn.h"
#include "cmd_expire.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "keyserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group,
                                           cmd_expire_group, NULL};

int main(int argc, char **argv)
{
    return keyserver_main(argc, argv, "rung-07", groups, 1);
}
