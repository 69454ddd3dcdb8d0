/* cmd_server.h - the server's own clock and life: TIME, LASTSAVE, SHUTDOWN. */
#ifndef CMD_SERVER_H
#define CMD_SERVER_H

#include "cmd.h"

/* Ended by an entry with name NULL; add with cmd_table_add().  SHUTDOWN
 * and LASTSAVE need a struct server (the event-loop server). */
extern const struct cmd cmd_server_group[];

#endif
