/* rung-09: values get types - strings with arithmetic, and hashes.
 *
 * Stage 08's server, where a key's entry now records what kind of value
 * it holds.  Strings gain INCR and its kin, APPEND, ranges and the
 * multi-key commands (shared/cmd_string.c); hashes arrive as a second
 * type (shared/hash.c: one packed block while small, a hash table once
 * big) with their commands (shared/cmd_hash.c).  A command on a key of
 * the other type answers WRONGTYPE.  See docs/09-types.md. */
#include "cmd_conn.h"
#include "cmd_db.h"
#include "cmd_expire.h"
#include "cmd_hash.h"
#include "cmd_keys.h"
#include "cmd_kv.h"
#include "cmd_string.h"
#include "keyserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, cmd_keys_group,
                                           cmd_expire_group, cmd_db_group, cmd_string_group,
                                           cmd_hash_group, NULL};

int main(int argc, char **argv)
{
    return keyserver_main(argc, argv, "rung-09", groups, 16);
}
