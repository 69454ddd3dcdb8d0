/* rung-03: a keyspace shared by every client thread, under one lock.
 *
 * Stage 02 could only talk.  Now there is data: GET, SET, DEL and EXISTS
 * work on one hash table (shared/dict.c through shared/db.c) that every
 * client thread reads and writes.  Two threads changing a hash table at
 * once can corrupt it - one thread's rehash moves a chain while another
 * walks it - so every command runs under a single mutex: commands take
 * turns, each sees the table whole.  That one lock is also why adding
 * threads stops adding speed; stage 06 drops both the threads and the
 * lock for an event loop.  See docs/03-kv.md. */
#include "client.h"
#include "cmd.h"
#include "cmd_conn.h"
#include "cmd_kv.h"
#include "db.h"
#include "log.h"
#include "session.h"
#include "threadsrv.h"

#include <pthread.h>

/* Static: client threads may still use them while main() returns. */
static struct cmd_table commands;
static struct db *keyspace;
static pthread_mutex_t keyspace_lock = PTHREAD_MUTEX_INITIALIZER;

/* Every command, read or write, runs alone: a GET during another
 * thread's SET could otherwise follow a chain that is being moved. */
static void exec_locked(struct client *c, const struct cmd *cmd, void *arg)
{
    (void)arg;
    pthread_mutex_lock(&keyspace_lock);
    cmd->proc(c);
    pthread_mutex_unlock(&keyspace_lock);
}

int main(int argc, char **argv)
{
    keyspace = db_new();
    if (!keyspace || cmd_table_add(&commands, cmd_conn_group) < 0 ||
        cmd_table_add(&commands, cmd_kv_group) < 0) {
        log_msg(LOG_WARNING, "out of memory");
        return 1;
    }
    struct session_opts opts = {&commands, keyspace, exec_locked, NULL};
    return threadsrv_main(argc, argv, "rung-03", session_serve, &opts);
}
