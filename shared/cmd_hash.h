/* cmd_hash.h - the hash commands: HSET, HGET, HDEL, HINCRBY, HSCAN... */
#ifndef CMD_HASH_H
#define CMD_HASH_H

#include "cmd.h"

extern const struct cmd cmd_hash_group[];

#endif
