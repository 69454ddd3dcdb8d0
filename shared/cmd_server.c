/* cmd_server.c - the server's own clock and life: TIME, LASTSAVE, SHUTDOWN.
 *
 * TIME gives the server's wall clock (seconds and microseconds, as two
 * bulk strings), so clients can measure against one clock.  LASTSAVE is
 * the time of the last RDB snapshot; rung takes none, so it answers what
 * Redis answers before its first one: the time the server started.
 *
 * SHUTDOWN stops the server in order: the turn that ran it ends (its AOF
 * entries are written), then every client is closed, the AOF flushed,
 * fsynced and closed, and the process exits 0 - what SIGTERM does.  It
 * sends no reply: the connection just closes, as with Redis.  Its SAVE
 * option asks for the data to be on disk first.  With the AOF on, it is
 * (the close fsyncs); without it rung has nothing to save with, so it
 * refuses, as Redis refuses when its save fails - unless FORCE says to
 * stop anyway.  NOSAVE and NOW change nothing here: no snapshot to skip,
 * no replicas to wait for.  Right after CONFIG SET appendonly yes, while
 * the AOF's first version is still being written, only FORCE stops the
 * server, as with Redis: the data is in no file yet.  ABORT cancels a
 * shutdown that waits for replicas; rung never has one, so it always
 * says there is none. */
#include "cmd_server.h"

#include "client.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "resp.h"
#include "server.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static void cmd_time(struct client *c)
{
    long long us = clock_unix_us();
    char sec[24], usec[8];
    snprintf(sec, sizeof sec, "%lld", us / 1000000);
    snprintf(usec, sizeof usec, "%lld", us % 1000000);
    resp_add_array(&c->reply, 2);
    resp_add_bulk_str(&c->reply, sec);
    resp_add_bulk_str(&c->reply, usec);
}

static void cmd_lastsave(struct client *c)
{
    long long start_ms = c->server ? c->server->start_ms : 0;
    resp_add_integer(&c->reply, start_ms / 1000);
}

enum { SD_NOSAVE = 1, SD_SAVE = 2, SD_NOW = 4, SD_FORCE = 8, SD_ABORT = 16 };

/* The options as bits, or -1 for an unknown word or a contradiction. */
static int shutdown_options(const struct client *c)
{
    static const char *const words[] = {"nosave", "save", "now", "force", "abort"};
    int opts = 0;
    for (int i = 1; i < c->argc; i++) {
        int bit = 0;
        for (int w = 0; w < 5 && !bit; w++)
            if (c->argvlen[i] == strlen(words[w]) &&
                strncasecmp(c->argv[i], words[w], c->argvlen[i]) == 0)
                bit = 1 << w;
        if (!bit)
            return -1;
        opts |= bit;
    }
    if ((opts & SD_NOSAVE) && (opts & SD_SAVE))
        return -1;
    if ((opts & SD_ABORT) && opts != SD_ABORT)
        return -1;
    return opts;
}

/* Is every acknowledged write in the AOF?  Asked of the settings table,
 * where the AOF module reports whether it is on. */
static int aof_on(const struct server *s)
{
    const struct config_opt *o = s->config ? config_find(s->config, "appendonly") : NULL;
    char value[CONFIG_VALUE_LEN] = "";
    if (o && o->get)
        o->get(o->target, value, sizeof value);
    return strcmp(value, "yes") == 0;
}

static void cmd_shutdown(struct client *c)
{
    int opts = shutdown_options(c);
    if (opts < 0) {
        resp_add_error(&c->reply, CMD_ERR_SYNTAX);
        return;
    }
    if (opts & SD_ABORT) {
        resp_add_error(&c->reply, "ERR No shutdown in progress.");
        return;
    }
    if (!c->server || !c->server->shutdown) {
        resp_add_error(&c->reply, "ERR SHUTDOWN is not available in this server");
        return;
    }
    const struct server *s = c->server;
    if (!(opts & SD_FORCE) && s->persistence_pending && s->persistence_pending(s->persistence_arg)) {
        log_msg(LOG_WARNING, "Writing initial AOF, can't exit.");
        resp_add_error(&c->reply, "ERR Errors trying to SHUTDOWN. Check logs.");
        return;
    }
    if ((opts & SD_SAVE) && !(opts & SD_FORCE) && !aof_on(s)) {
        log_msg(LOG_WARNING, "SHUTDOWN SAVE: rung takes no RDB snapshots and the AOF is off, "
                             "so there is no way to save: not shutting down (use FORCE to stop anyway)");
        resp_add_error(&c->reply, "ERR Errors trying to SHUTDOWN. Check logs.");
        return;
    }
    c->server->shutdown();
}

const struct cmd cmd_server_group[] = {
    {"lastsave", cmd_lastsave, 1, "loading stale fast", 0, 0, 0},
    {"shutdown", cmd_shutdown, -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0},
    {"time", cmd_time, 1, "loading stale fast", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
