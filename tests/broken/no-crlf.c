/* no-crlf.c - a broken server: ends its replies with "\n" instead of "\r\n".
 *
 * broken: stage=03 catches="PING is answered with +PONG and CRLF"
 *
 * redis-cli forgives the missing CR, so tests that only look through
 * redis-cli pass; the wire-level test must not.  Otherwise it is stage 03. */
#include "client.h"
#include "cmd.h"
#include "cmd_conn.h"
#include "cmd_kv.h"
#include "db.h"
#include "session.h"
#include "threadsrv.h"

#include <pthread.h>
#include <string.h>

static struct cmd_table commands;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Run the command, then drop every CR that precedes a LF in the reply. */
static void exec_without_cr(struct client *c, const struct cmd *cmd, void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    cmd->proc(c);
    pthread_mutex_unlock(&lock);
    size_t out = 0;
    for (size_t i = 0; i < c->reply.len; i++)
        if (!(c->reply.data[i] == '\r' && i + 1 < c->reply.len && c->reply.data[i + 1] == '\n'))
            c->reply.data[out++] = c->reply.data[i];
    c->reply.len = out;
}

int main(int argc, char **argv)
{
    cmd_table_add(&commands, cmd_conn_group);
    cmd_table_add(&commands, cmd_kv_group);
    static struct session_opts opts = {&commands, NULL, exec_without_cr, NULL};
    opts.db = db_new(0);
    return threadsrv_main(argc, argv, "broken-no-crlf", session_serve, &opts);
}
