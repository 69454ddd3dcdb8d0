/* session.h - serve one RESP client over a blocking socket (threaded stages). */
#ifndef SESSION_H
#define SESSION_H

#include "client.h"

struct session_opts {
    const struct cmd_table *commands;
    struct db *db;          /* may be NULL */
    client_exec_fn *exec;   /* may be NULL */
    void *exec_arg;
};

/* Read, run, reply until the client leaves, QUITs or errs.  Matches
 * threadsrv_serve_fn with arg = struct session_opts *. */
void session_serve(int fd, void *opts);

#endif
