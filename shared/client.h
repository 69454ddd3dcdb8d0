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

/* How a command is written to the AOF when not as it was sent: EXPIRE k
 * 10 becomes PEXPIREAT k <absolute ms>, so replaying an old file never
 * lengthens a key's life. */
#define CLIENT_LOG_MAXARGS 8

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
    struct db *db;          /* the selected database, in stages with one */
    struct db *const *dbs;  /* every database (SELECT n picks dbs[n]) */
    int ndbs;
    struct client_log_as {  /* when argc > 0, the form this command is
                               logged in instead (see client_log_arg) */
        int argc, nums;
        const char *argv[CLIENT_LOG_MAXARGS];
        size_t argvlen[CLIENT_LOG_MAXARGS];
        char num[2][24];
    } log_as;
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

/* Build the logged form of the current command, argument by argument: a
 * string (kept by pointer: it must stay valid until the command returns,
 * as the command's own argv does) or a number (formatted into the client;
 * at most two per command).  More than CLIENT_LOG_MAXARGS arguments is a
 * bug and aborts.  client_process_input resets it before every command. */
void client_log_arg(struct client *c, const char *s, size_t len);
void client_log_arg_str(struct client *c, const char *s); /* NUL-terminated */
void client_log_arg_num(struct client *c, long long v);
/* Argument i of the command as it was sent. */
void client_log_arg_from(struct client *c, int i);

#endif
