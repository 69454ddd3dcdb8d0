/* cmd_info.h - INFO: the server describes itself, in Redis's sections and names. */
#ifndef CMD_INFO_H
#define CMD_INFO_H

#include "cmd.h"

/* Ended by an entry with name NULL; needs a struct server (event loop). */
extern const struct cmd cmd_info_group[];

#endif
