/* kvserver.h - the threaded keyspace server of stages 03 to 05. */
#ifndef KVSERVER_H
#define KVSERVER_H

#include "cmd.h"
#include "config.h"

struct client;
struct db;

struct kvserver_opts {
    const char *name;                 /* "rung-03", for logs and --version */
    const struct cmd *const *groups;  /* command groups, NULL-terminated */
    const struct config_opt *extra;   /* the stage's own flags, or NULL */
    /* After the flags are parsed, before the port opens (stage 05
     * replays its AOF here): 0 to go on, 1 to exit 0 (the job is done,
     * as for --check-aof), -1 to exit with status 1. */
    int (*start)(struct db *const *dbs, int ndbs, const struct cmd_table *commands, void *arg);
    /* Under the keyspace lock, right after a command that changed the
     * keyspace and before its reply is sent: 0, or -1 to fail the
     * command (stage 05 appends it to the AOF here). */
    int (*changed)(struct client *c, void *arg);
    void (*stop)(void *arg);          /* at shutdown, may be NULL */
    void *arg;
};

/* The whole life of the server; returns main()'s exit status. */
int kvserver_main(int argc, char **argv, const struct kvserver_opts *o);

#endif
