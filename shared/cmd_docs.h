/* cmd_docs.h - COMMAND DOCS: what each command does and how it is called. */
#ifndef CMD_DOCS_H
#define CMD_DOCS_H

#include "cmd.h"

#include <stddef.h>

struct buf;
struct cmd_table;

/* Append COMMAND DOCS's reply, in protocol proto (2 or 3): a map from
 * command name to that command's documentation.  n == 0: every command of
 * t.  Otherwise the n names (lens[i] bytes each, case-insensitive;
 * "container|sub" names a subcommand) in the order given, leaving out the
 * ones t does not have, as Redis does.  Out of memory: the OOM error
 * instead of the map, never a part of it. */
void cmd_docs_reply(struct buf *reply, int proto, const char *const *names, const size_t *lens,
                    size_t n, const struct cmd_table *t);

/* COMMAND again, now with DOCS (the rest is cmd_conn.c's COMMAND): a
 * stage adds this group after cmd_conn_group to replace it. */
extern const struct cmd cmd_docs_group[];

#endif
