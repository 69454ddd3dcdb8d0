/* cmd.h - the command table: name, arity, flags, handler; lookup and checks. */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>

struct buf;
struct client;

/* Error texts many commands answer with, byte for byte Redis's
 * (resp_add_error adds the leading '-'). */
#define CMD_ERR_WRONGTYPE "WRONGTYPE Operation against a key holding the wrong kind of value"
#define CMD_ERR_NOT_INT "ERR value is not an integer or out of range"
#define CMD_ERR_SYNTAX "ERR syntax error"
#define CMD_ERR_OOM "OOM command not allowed when used memory > 'maxmemory'."

typedef void cmd_proc(struct client *c);

struct cmd {
    const char *name;  /* lowercase, as COMMAND reports it */
    cmd_proc *proc;
    int arity;         /* argc including the name; -N means "at least N" */
    const char *flags; /* space-separated, as COMMAND INFO shows them */
    int first_key, last_key, key_step; /* key positions, 0 if none */
};

/* All the commands a server knows, sorted by name for binary search. */
struct cmd_table {
    const struct cmd **cmds;
    size_t n;
};

/* Add a group of commands (an array ended by an entry with name NULL); a
 * command already in the table under the same name is replaced.
 * The table keeps pointers: groups must outlive it.  0 or -1 (OOM). */
int cmd_table_add(struct cmd_table *t, const struct cmd *group);
void cmd_table_free(struct cmd_table *t);
/* Case-insensitive lookup; NULL if unknown. */
const struct cmd *cmd_lookup(const struct cmd_table *t, const char *name, size_t len);
/* Look up argv[0] and check the argument count.  On failure appends
 * Redis's exact error to reply and returns NULL. */
const struct cmd *cmd_resolve(const struct cmd_table *t, int argc, const char **argv,
                              const size_t *argvlen, struct buf *reply);
/* "ERR wrong number of arguments for 'NAME' command" for a (sub)command. */
void cmd_add_arity_error(struct buf *reply, const char *name);

/* A HELP subcommand's reply: the lines as an array of simple strings. */
void cmd_add_help(struct buf *reply, const char *const *lines, size_t n);

/* "ERR unknown subcommand 'SUB'. Try CMD HELP." */
void cmd_add_subcommand_error(struct buf *reply, const char *sub, size_t len, const char *cmd);

#endif
