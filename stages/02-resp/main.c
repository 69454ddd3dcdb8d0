/* rung-02: the same threaded server, now speaking RESP.
 *
 * Stage 01 guessed at command boundaries line by line.  Here every byte
 * goes through shared/resp.c, an incremental parser: a command may arrive
 * in one read or in a hundred, pipelined or alone, inline ("PING\r\n") or
 * as a multibulk array, and the result is the same argv.  The argv is
 * looked up in a command table (shared/cmd.c) that checks arity and
 * answers unknown commands with Redis's own error text.
 *
 * This file only wires the pieces: the table holds the connection
 * commands (PING, ECHO, QUIT, COMMAND), and each client thread runs
 * session_serve().  See docs/02-resp.md. */
#include "cmd.h"
#include "cmd_conn.h"
#include "log.h"
#include "session.h"
#include "threadsrv.h"

/* Static: client threads may still read it while main() returns. */
static struct cmd_table commands;

int main(int argc, char **argv)
{
    if (cmd_table_add(&commands, cmd_conn_group) < 0) {
        log_msg(LOG_WARNING, "out of memory");
        return 1;
    }
    static struct session_opts opts = {.commands = &commands};
    return threadsrv_main(argc, argv, "rung-02", session_serve, &opts);
}
