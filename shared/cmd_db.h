/* cmd_db.h - many databases and the key-space commands: SELECT, MOVE,
 * SWAPDB, FLUSHDB, FLUSHALL, TYPE, RENAME, RENAMENX, RANDOMKEY, COPY,
 * UNLINK, TOUCH, SCAN. */
#ifndef CMD_DB_H
#define CMD_DB_H

#include "cmd.h"

extern const struct cmd cmd_db_group[];

#endif
