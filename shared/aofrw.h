/* aofrw.h - BGREWRITEAOF: compact the AOF while the server keeps serving. */
#ifndef AOFRW_H
#define AOFRW_H

#include "cmd.h"

struct aofsrv;

/* Give s a rewrite: its settings (auto-aof-rewrite-percentage and
 * -min-size, rdb-key-save-delay) join s->flags, and aofsrv_cron starts
 * automatic rewrites and finishes running ones.  Before parsing flags. */
void aofrw_attach(struct aofsrv *s);
/* Fork the rewrite now: 0, or -1 with Redis's error reply text in *why
 * (one already running, fork failed). */
int aofrw_start(struct aofsrv *s, const char **why);

/* BGREWRITEAOF */
extern const struct cmd cmd_aofrw_group[];

#endif
