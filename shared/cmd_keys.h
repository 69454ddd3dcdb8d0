/* cmd_keys.h - commands over the whole keyspace: KEYS, DBSIZE, FLUSHDB, FLUSHALL. */
#ifndef CMD_KEYS_H
#define CMD_KEYS_H

#include "cmd.h"

extern const struct cmd cmd_keys_group[];

#endif
