/* cmd_string.h - the string commands: counters, APPEND, ranges, MGET/MSET. */
#ifndef CMD_STRING_H
#define CMD_STRING_H

#include "cmd.h"

extern const struct cmd cmd_string_group[];

#endif
