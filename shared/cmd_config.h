/* cmd_config.h - CONFIG GET/SET/RESETSTAT/REWRITE/HELP over the settings table. */
#ifndef CMD_CONFIG_H
#define CMD_CONFIG_H

#include "cmd.h"

/* Ended by an entry with name NULL; add with cmd_table_add().  Needs a
 * server that gives its clients a struct server with its settings
 * (server->config: the event-loop one). */
extern const struct cmd cmd_config_group[];

#endif
