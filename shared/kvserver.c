/* kvserver.c - the threaded keyspace server of stages 03 to 05.
 *
 * One keyspace (shared/db.c), a thread per client (shared/threadsrv.c),
 * and one mutex that every command holds while it runs.  Two threads
 * changing a hash table at once can corrupt it - a rehash step moves a
 * chain while another thread walks it - and even a GET reads a chain a
 * SET may be relinking.  One lock is the simplest rule that is obviously
 * right: commands take turns and each sees the table whole.  It is also
 * why more threads stop adding speed; stage 06 replaces threads and lock
 * with an event loop (docs/06-epoll.md).
 *
 * The stages differ only in their command groups and two hooks: start
 * (before serving) and changed (after a command that changed data, still
 * under the lock - where stage 05 writes the AOF, so the log's order is
 * the order in which commands really ran). */
#include "kvserver.h"

#include "boot.h"
#include "client.h"
#include "db.h"
#include "log.h"
#include "resp.h"
#include "session.h"
#include "threadsrv.h"

#include <pthread.h>

/* Static: detached client threads may still use them while main() returns. */
static struct cmd_table commands;
static struct db *keyspace;
static pthread_mutex_t keyspace_lock = PTHREAD_MUTEX_INITIALIZER;

static void exec_locked(struct client *c, const struct cmd *cmd, void *arg)
{
    const struct kvserver_opts *o = arg;
    pthread_mutex_lock(&keyspace_lock);
    long long before = c->dirty;
    size_t reply_start = c->reply.len;
    cmd->proc(c);
    if (c->dirty != before && o->changed && o->changed(c, o->arg) < 0) {
        /* Not logged, so not acknowledged: replace the reply. */
        c->reply.len = reply_start;
        resp_add_error(&c->reply, "MISCONF Errors writing to the AOF file");
    }
    pthread_mutex_unlock(&keyspace_lock);
}

static int build(const struct kvserver_opts *o)
{
    keyspace = db_new(0);
    if (!keyspace)
        return -1;
    for (const struct cmd *const *g = o->groups; *g; g++)
        if (cmd_table_add(&commands, *g) < 0)
            return -1;
    return 0;
}

int kvserver_main(int argc, char **argv, const struct kvserver_opts *o)
{
    struct config cfg;
    int fds[CONFIG_MAX_BIND];
    if (build(o) < 0) {
        log_msg(LOG_WARNING, "out of memory");
        return 1;
    }
    int rc = boot_config(argc, argv, o->name, o->extra, &cfg);
    if (rc == 0 && o->start)
        rc = o->start(&keyspace, 1, &commands, o->arg);
    if (rc != 0)
        return rc < 0;
    int n = boot_listen(&cfg, fds);
    if (n < 0)
        return 1;
    static struct session_opts opts; /* detached threads read it to the end */
    opts = (struct session_opts){&commands, keyspace, exec_locked, (void *)o};
    rc = threadsrv_run(fds, n, session_serve, &opts);
    boot_stop(fds, n);
    if (o->stop)
        o->stop(o->arg);
    return rc < 0;
}
