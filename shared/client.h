/* client.h - one connected client: its buffers, parser and current command. */
#ifndef CLIENT_H
#define CLIENT_H

#include "buf.h"
#include "resp.h"

#include <stddef.h>

struct cmd;
struct cmd_table;
struct db;
struct server;

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
    /* The connection as the server sees it (stage 10 on; all zero in
     * servers without a struct server). */
    struct server *server;  /* NULL in the threaded stages */
    struct client *prev, *next; /* on server->clients */
    long long id;           /* CLIENT ID */
    int resp;               /* protocol of the replies: 2, or 3 after HELLO 3 */
    int authenticated;      /* may run commands (no password, or AUTH ok) */
    int no_evict, no_touch; /* CLIENT NO-EVICT / NO-TOUCH */
    char *name;             /* CLIENT SETNAME, NULL when unnamed (heap) */
    char *lib_name, *lib_ver; /* CLIENT SETINFO (heap) */
    long long created_ms;   /* when it connected */
    long long last_ms;      /* when it last sent or received bytes */
    const struct cmd *last_cmd; /* the last command run (NULL: none yet) */
    char last_sub[24];      /*   and its subcommand, "list", if it has one */
    char addr[64], laddr[64]; /* peer and local address, "ip:port" */
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

/* Let c run commands, and lift the request limits of strangers. */
void client_set_authenticated(struct client *c, int yes);
/* Replace one of c's heap strings (name, lib_name...) by a copy of s
 * (len bytes; NULL or empty clears it).  0, or -1 out of memory. */
int client_set_string(char **field, const char *s, size_t len);

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
