/* client.h - one connected client: its buffers, parser and current command. */
#ifndef CLIENT_H
#define CLIENT_H

#include "buf.h"
#include "resp.h"

#include <stddef.h>

struct cmd;
struct cmd_table;
struct db;

/* Redis closes a client whose unparsed input passes 1 GB
 * (client-query-buffer-limit); so do we. */
#define CLIENT_QUERY_LIMIT (1024UL * 1024 * 1024)

struct client {
    int fd;
    struct buf query;       /* read, not yet run; starts at a command */
    struct resp_parser parser;
    struct buf reply;       /* replies not yet written to the socket */
    int argc;               /* the command being run: argv[i] is */
    const char **argv;      /*   argvlen[i] bytes, owned by the parser */
    const size_t *argvlen;
    int close_after_reply;  /* QUIT or a protocol error: send, then close */
    long long dirty;        /* keyspace changes made by this client's
                               commands: a command that leaves it as it
                               was changed nothing and is not logged */
    const struct cmd_table *commands;
    struct db *db;          /* the keyspace, in stages that have one */
};

/* Runs one looked-up, arity-checked command; a stage supplies its own to
 * wrap commands (stage 03 takes the keyspace lock here). */
typedef void client_exec_fn(struct client *c, const struct cmd *cmd, void *arg);

void client_init(struct client *c, int fd, const struct cmd_table *commands);
void client_free(struct client *c);
/* Run every complete command in c->query, appending replies to c->reply,
 * and drop the bytes of what was run (a partial command stays at the
 * front).  Stops early when close_after_reply gets set.  exec may be NULL
 * to call each command's handler directly. */
void client_process_input(struct client *c, client_exec_fn *exec, void *arg);

/* Is argument i, ignoring case, exactly word?  (Arguments are not
 * NUL-terminated; they may hold any byte.) */
int client_arg_is(const struct client *c, int i, const char *word);

#endif
