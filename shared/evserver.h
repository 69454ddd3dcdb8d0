/* evserver.h - the event-loop server of stage 06 onward: one thread, epoll. */
#ifndef EVSERVER_H
#define EVSERVER_H

#include "cmd.h"
#include "config.h"

struct buf;
struct client;
struct db;

struct evserver_opts {
    const char *name;                 /* "rung-06", for logs and --version */
    const struct cmd *const *groups;  /* command groups, NULL-terminated */
    const struct config_opt *extra;   /* the stage's own flags, or NULL */
    /* After the flags are parsed, before the port opens: 0 to go on, 1
     * to exit 0, -1 to exit 1 (as in kvserver.h). */
    int (*start)(struct db *const *dbs, int ndbs, const struct cmd_table *commands, void *arg);
    /* Right after a command that changed the keyspace: queue it for the
     * log.  Nothing is written yet. */
    void (*changed)(struct client *c, void *arg);
    /* Once per loop turn, after that turn's commands ran and before any
     * of their replies is written (group commit): 0, or -1 when what was
     * queued could not be made durable - the server then exits without
     * acknowledging it. */
    int (*before_replies)(void *arg);
    void (*stop)(void *arg);          /* at shutdown, may be NULL */
    /* Every server_cron beat (10 times a second): background work on
     * the keyspace, such as removing expired keys.  May be NULL. */
    void (*cron)(struct db *const *dbs, int ndbs);
    /* Told of every key removed because it expired (to log a DEL). */
    void (*expired)(struct db *db, const char *key, size_t klen, void *arg);
    /* How many databases, by default (0 or 1: one, and no --databases
     * flag; more: SELECT can pick one, and --databases changes it). */
    int databases;
    /* INFO's persistence lines (the AOF's state), or NULL. */
    void (*info_persistence)(struct buf *out, void *arg);
    /* Is a first AOF still being written (SHUTDOWN waits)?  Or NULL. */
    int (*persistence_pending)(void *arg);
    void *arg;
};

/* The whole life of the server; returns main()'s exit status. */
int evserver_main(int argc, char **argv, const struct evserver_opts *o);

#endif
