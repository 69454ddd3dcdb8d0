/* keyserver.h - the event-loop server with its AOF and expiry, wired once. */
#ifndef KEYSERVER_H
#define KEYSERVER_H

#include "cmd.h"

struct aofsrv;

/* Serve groups with stage 06's event loop and AOF plus stage 07's expiry
 * (active cycle, expired keys logged as DEL), with `databases` databases
 * (1: no SELECT).  name is for logs and --version.  Returns main()'s exit
 * status. */
int keyserver_main(int argc, char **argv, const char *name,
                   const struct cmd *const *groups, int databases);

/* The same, calling attach(aof) before the flags are read, so a stage can
 * add to the AOF (stage 12 attaches its rewrite: aofrw_attach). */
int keyserver_main_with(int argc, char **argv, const char *name, const struct cmd *const *groups,
                        int databases, void (*attach)(struct aofsrv *aof));

#endif
