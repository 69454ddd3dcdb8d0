/* cmd_client.h - the connection's own commands: HELLO, AUTH, CLIENT, RESET. */
#ifndef CMD_CLIENT_H
#define CMD_CLIENT_H

#include "cmd.h"

/* Ended by an entry with name NULL; add with cmd_table_add().  Needs a
 * server that gives its clients a struct server (the event-loop one). */
extern const struct cmd cmd_client_group[];

#endif
