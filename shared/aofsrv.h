/* aofsrv.h - the AOF as a server uses it: flags, replay at start, logging. */
#ifndef AOFSRV_H
#define AOFSRV_H

#include "aof.h"
#include "config.h"

struct buf;
struct client;
struct cmd_table;
struct db;

#define AOFSRV_NOPTS 5

struct aofsrv {
    int enabled;          /* --appendonly yes|no (default no) */
    int policy;           /* --appendfsync always|everysec|no (everysec) */
    const char *dir;      /* --dir (default ".") */
    const char *filename; /* --appendfilename (default appendonly.aof) */
    const char *check;    /* --check-aof FILE: check it and exit */
    struct aof *aof;      /* open while enabled and serving */
    int selected;         /* the db the file's next command applies to */
    struct config_opt flags[AOFSRV_NOPTS + 1]; /* the flags above, for
                                                  config_parse; zero-ended */
};

/* Defaults, and the flag table in s->flags. */
void aofsrv_init(struct aofsrv *s);
/* Before serving: with --check-aof, check the file, print the verdict and
 * return 1 (exit 0) or -1 (exit 1, the file is not clean).  Otherwise, when
 * enabled, replay the file into the dbs (starting in dbs[0]) through the command table and open it
 * for appending: 0, or -1 (logged) when the file is damaged. */
int aofsrv_start(struct aofsrv *s, struct db *const *dbs, int ndbs, const struct cmd_table *commands);
/* Queue the command c just ran (it changed the keyspace), in the form it
 * asked for (c->log_as) if any, after a SELECT when its database is not
 * the one the file last selected. */
void aofsrv_log(struct aofsrv *s, const struct client *c);
/* Queue DEL key for a key that expired in db. */
void aofsrv_log_expired(struct aofsrv *s, struct db *db, const char *key, size_t klen);
/* Write what is queued (and fsync under always): 0, or -1 (logged). */
int aofsrv_flush(struct aofsrv *s);
/* Flush, fsync and close. */
void aofsrv_stop(struct aofsrv *s);

/* The same, shaped as the servers' hooks (arg is the struct aofsrv *),
 * so a stage wires its AOF without wrapper functions of its own. */
int aofsrv_start_hook(struct db *const *dbs, int ndbs, const struct cmd_table *commands, void *arg);
void aofsrv_log_hook(struct client *c, void *arg);
void aofsrv_expired_hook(struct db *db, const char *key, size_t klen, void *arg);
int aofsrv_flush_hook(void *arg);
void aofsrv_stop_hook(void *arg);
/* INFO's AOF lines.  A failed write never leaves the server running (it
 * exits rather than acknowledge what it could not log), so a running
 * server's last write status is always ok. */
void aofsrv_info_hook(struct buf *out, void *arg);

#endif
