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
#define AOFSRV_REWRITE_NOPTS 3 /* the rewrite's settings, when attached */

struct aofsrv;

/* The AOF rewrite's state (shared/aofrw.c does the work; it is attached
 * only in stages that have BGREWRITEAOF).  Kept here so INFO and
 * shutdown can read it without linking the rewrite itself. */
struct aofsrv_rewrite {
    void (*tick)(struct aofsrv *s); /* NULL: no rewrite in this server */
    int child;                      /* the rewriting process's pid, or 0 */
    char *tmp;                      /* the file the child writes */
    struct buf *diff;               /* commands appended meanwhile */
    int diff_failed;                /* out of memory while adding to it */
    long long started_ms;           /* when the running one started */
    long long last_time_sec;        /* how long the last one took, or -1 */
    int last_ok;                    /* the last one succeeded (or none ran) */
    int failures;                   /* consecutive failures */
    unsigned long started;          /* rewrites started (INFO's aof_rewrites) */
    long long base_size;            /* the AOF's size after load or rewrite */
    long percentage;                /* auto-aof-rewrite-percentage (0: off) */
    long long min_size;             /* auto-aof-rewrite-min-size, bytes */
    long key_delay_us;              /* rdb-key-save-delay, per key */
};

struct aofsrv {
    int enabled;          /* --appendonly yes|no (default no) */
    int policy;           /* --appendfsync always|everysec|no (everysec) */
    const char *dir;      /* --dir (default ".") */
    const char *filename; /* --appendfilename (default appendonly.aof) */
    const char *check;    /* --check-aof FILE: check it and exit */
    struct aof *aof;      /* open while enabled and serving */
    int selected;         /* the db the file's next command applies to */
    struct db *const *dbs; /* what a rewrite writes out */
    int ndbs;
    struct aofsrv_rewrite rw;
    /* the flags above, then the rewrite's if attached; zero-ended */
    struct config_opt flags[AOFSRV_NOPTS + AOFSRV_REWRITE_NOPTS + 1];
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
/* The server's beat: lets an attached rewrite check on its child. */
void aofsrv_cron(struct aofsrv *s);
/* The AOF's path (dir/filename) in out. */
void aofsrv_path(const struct aofsrv *s, char *out, size_t n);
/* Write what is queued (and fsync under always): 0, or -1 (logged). */
int aofsrv_flush(struct aofsrv *s);
/* Stop a rewrite that is running (its child is killed, its file removed),
 * then flush, fsync and close. */
void aofsrv_stop(struct aofsrv *s);

/* Kill a running rewrite's child, remove its file and free the diff. */
void aofsrv_abandon_rewrite(struct aofsrv *s);
/* Stop copying logged commands into the rewrite's diff, and free it. */
void aofsrv_end_diff(struct aofsrv *s);

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
/* Is the AOF on but not yet holding every write?  True between CONFIG
 * SET appendonly yes and the end of the rewrite that writes its first
 * version: stopping then would lose the data, so SHUTDOWN refuses. */
int aofsrv_pending_hook(void *arg);

#endif
