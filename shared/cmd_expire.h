/* cmd_expire.h - keys with a deadline: SET's options, SETEX, GETEX, EXPIRE, TTL... */
#ifndef CMD_EXPIRE_H
#define CMD_EXPIRE_H

#include "cmd.h"

/* Add after cmd_kv_group: its "set" (with EX, PX, NX, GET...) replaces
 * stage 03's plain one. */
extern const struct cmd cmd_expire_group[];

#endif
