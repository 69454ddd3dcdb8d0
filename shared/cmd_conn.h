/* cmd_conn.h - the connection commands: PING, ECHO, QUIT, COMMAND. */
#ifndef CMD_CONN_H
#define CMD_CONN_H

#include "cmd.h"

/* Ended by an entry with name NULL; add with cmd_table_add(). */
extern const struct cmd cmd_conn_group[];

/* COMMAND's handler, for a later stage's COMMAND that adds subcommands
 * and hands the rest to this one. */
void cmd_command(struct client *c);

#endif
