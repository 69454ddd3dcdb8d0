/* rung-03: a keyspace shared by every client thread, under one lock.
 *
 * Stage 02 could only talk.  Now there is data: GET, SET, DEL and EXISTS
 * (shared/cmd_kv.c) work on one hash table (shared/dict.c, through
 * shared/db.c) that every client thread reads and writes.  The threads
 * take turns: shared/kvserver.c holds one mutex around every command
 * (exec_locked).  This file only names the commands the stage serves.
 * See docs/03-kv.md. */
#include "cmd_conn.h"
#include "cmd_kv.h"
#include "kvserver.h"

#include <stddef.h>

static const struct cmd *const groups[] = {cmd_conn_group, cmd_kv_group, NULL};

int main(int argc, char **argv)
{
    static const struct kvserver_opts opts = {.name = "rung-03", .groups = groups};
    return kvserver_main(argc, argv, &opts);
}
