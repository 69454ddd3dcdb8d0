/* cmd_kv.h - the first keyspace commands: GET, SET, DEL, EXISTS. */
#ifndef CMD_KV_H
#define CMD_KV_H

#include "cmd.h"

extern const struct cmd cmd_kv_group[];

#endif
