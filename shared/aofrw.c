/* aofrw.c - BGREWRITEAOF: compact the AOF while the server keeps serving.
 *
 * The idea: fork().  The child gets a copy-on-write snapshot of the whole
 * keyspace for free and writes it out as the shortest list of commands
 * (shared/aofdump.c) into a temporary file.  The parent goes on serving,
 * and goes on appending every write to the old AOF, so the old file stays
 * complete the whole time; it also tees each appended command into a
 * memory buffer, the "diff".  When the child has exited cleanly, the
 * parent, in one step of its loop, appends the diff to the child's file,
 * fsyncs it, renames it over the old AOF, and continues appending there.
 *
 *   BGREWRITEAOF -> tee on, fork -> child: snapshot -> temp file, fsync, exit
 *                                -> parent: serve, append to old AOF + diff
 *   cron: child exited 0 -> temp += diff, fsync, rename over AOF, reopen
 *
 * Why nothing acknowledged is lost, whenever a kill -9 lands: before the
 * rename the old file holds every acknowledged write; rename() swaps the
 * name atomically; after it the new file holds snapshot + diff, which is
 * every write too, because no command runs between the diff's last byte
 * and the rename (one thread).  The temporary file is only ever garbage.
 *
 * The diff starts with a SELECT: the aofsrv forgets which database its
 * file last selected, so the first command logged after the fork names
 * its database, in the old file and in the diff alike.
 *
 * Automatic rewrites: each beat, when the file has grown past
 * auto-aof-rewrite-min-size and by auto-aof-rewrite-percentage over its
 * size after the last rewrite (or at start), a rewrite begins. */
#include "aofrw.h"

#include "aof.h"
#include "aofdump.h"
#include "aofsrv.h"
#include "buf.h"
#include "client.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "net.h"
#include "resp.h"
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the child ---------------------------------------------------------- */

/* Write the snapshot and exit: 0 when the file is complete and on disk. */
static void child_main(struct aofsrv *s, pid_t parent)
{
    /* If the server dies, a rewrite nobody will finish should not run on. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    /* The child shares every socket the server had.  Closing its copies
     * matters: while it held a client's socket, the parent's close() of
     * that client would send no FIN until the child exited. */
    close_range(3, ~0U, 0);
    int fd = open(s->rw.tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t keys = 0;
    int ok = fd >= 0 && aofdump_write(fd, s->dbs, s->ndbs, s->rw.key_delay_us, &keys) == 0 &&
             fsync(fd) == 0;
    if (!ok)
        log_msg(LOG_WARNING, "Writing the rewritten AOF %s: %s", s->rw.tmp, strerror(errno));
    if (fd >= 0)
        close(fd);
    _exit(ok ? 0 : 1); /* no atexit handlers: they belong to the server */
}

/* ---- starting ----------------------------------------------------------- */

int aofrw_start(struct aofsrv *s, const char **why)
{
    static char err[160];
    char name[64];
    if (s->rw.child > 0) {
        *why = "ERR Background append only file rewriting already in progress";
        return -1;
    }
    snprintf(name, sizeof name, "temp-rewriteaof-bg-%d.aof", (int)getpid());
    size_t n = strlen(s->dir) + 1 + strlen(name) + 1;
    free(s->rw.tmp);
    s->rw.tmp = malloc(n);
    s->rw.diff = calloc(1, sizeof *s->rw.diff);
    if (!s->rw.tmp || !s->rw.diff) {
        aofsrv_end_diff(s);
        *why = "ERR Can't rewrite append only file in background: out of memory";
        return -1;
    }
    snprintf(s->rw.tmp, n, "%s%s%s", s->dir, *s->dir ? "/" : "", name);
    if (s->aof)
        aof_tee(s->aof, s->rw.diff);
    s->selected = -1; /* the next command logged names its db: see the top */
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        child_main(s, parent);
    if (pid < 0) {
        snprintf(err, sizeof err, "ERR Can't rewrite append only file in background: fork: %s",
                 strerror(errno));
        aofsrv_end_diff(s);
        *why = err;
        return -1;
    }
    s->rw.child = pid;
    s->rw.started_ms = clock_unix_ms();
    s->rw.started++;
    log_msg(LOG_NOTICE, "Background append only file rewriting started by pid %d", (int)pid);
    return 0;
}

/* ---- finishing ---------------------------------------------------------- */

static void failed(struct aofsrv *s, const char *what, const char *detail)
{
    unlink(s->rw.tmp);
    aofsrv_end_diff(s);
    s->rw.child = 0;
    s->rw.last_ok = 0;
    s->rw.failures++;
    log_msg(LOG_WARNING, "Background AOF rewrite failed: %s%s%s", what, detail ? ": " : "",
            detail ? detail : "");
    if (s->enabled && !s->aof) {
        /* It was to be the first AOF of CONFIG SET appendonly yes.  Redis
         * would retry; rung turns the AOF back off, so INFO's aof_enabled
         * says plainly that the writes are not being logged. */
        s->enabled = 0;
        log_msg(LOG_WARNING, "The AOF could not be turned on; appendonly is no again");
    }
}

/* The diff goes after the snapshot, and both reach the disk before the
 * rename makes them the AOF.  0, or -1 with errno. */
static int append_diff(struct aofsrv *s)
{
    int fd = open(s->rw.tmp, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const struct buf *d = s->rw.diff;
    int rc = (d->len ? net_write_all(fd, d->data, d->len) : 0) == 0 && fsync(fd) == 0 ? 0 : -1;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static void finish(struct aofsrv *s)
{
    char path[4096];
    aofsrv_path(s, path, sizeof path);
    if ((s->aof && aof_tee_failed(s->aof)) || s->rw.diff_failed) {
        failed(s, "out of memory keeping the writes made during the rewrite", NULL);
        return;
    }
    if (append_diff(s) < 0) {
        failed(s, "appending the writes made meanwhile", strerror(errno));
        return;
    }
    size_t diff_len = s->rw.diff->len;
    if (rename(s->rw.tmp, path) < 0) {
        failed(s, "renaming it over the AOF", strerror(errno));
        return;
    }
    /* From here the new file is the AOF. */
    if (aof_sync_dir(path) < 0) /* the rename may not survive a power cut */
        log_msg(LOG_WARNING, "fsync of the AOF's directory: %s", strerror(errno));
    aofsrv_end_diff(s);
    if (s->aof || s->enabled) { /* enabled without a file: its first version */
        /* The old file's last bytes (also in the diff) go to the old,
         * now unlinked, inode; appends go on in the new file. */
        if (s->aof && aof_close(s->aof) < 0)
            log_msg(LOG_WARNING, "Closing the replaced AOF: %s", strerror(errno));
        char err[AOF_ERR_LEN];
        s->aof = aof_open(s->dir, s->filename, (enum aof_fsync)s->policy, err);
        if (!s->aof) {
            log_msg(LOG_WARNING, "Reopening the rewritten AOF: %s", err);
            exit(1); /* writes could no longer be logged: stop, as a failed flush does */
        }
        s->rw.base_size = aof_size(s->aof);
    }
    s->rw.child = 0;
    s->rw.last_ok = 1;
    s->rw.failures = 0;
    s->rw.last_time_sec = (clock_unix_ms() - s->rw.started_ms) / 1000;
    log_msg(LOG_NOTICE, "Background AOF rewrite finished successfully (%zu bytes written meanwhile)",
            diff_len);
}

/* Has the file grown enough to be worth a rewrite?  Growth is measured
 * against the size after the last rewrite, as a percentage. */
static int worth_rewriting(const struct aofsrv *s)
{
    const struct aofsrv_rewrite *rw = &s->rw;
    if (!s->aof || rw->percentage <= 0)
        return 0;
    long long size = aof_size(s->aof), base = rw->base_size > 0 ? rw->base_size : 1;
    return size > rw->min_size && (size - base) * 100 / base >= rw->percentage;
}

static void tick(struct aofsrv *s)
{
    if (s->rw.child <= 0) {
        if (worth_rewriting(s)) {
            const char *why;
            log_msg(LOG_NOTICE, "Starting automatic rewriting of AOF on %lld%% growth",
                    (aof_size(s->aof) - s->rw.base_size) * 100 /
                        (s->rw.base_size > 0 ? s->rw.base_size : 1));
            if (aofrw_start(s, &why) < 0)
                log_msg(LOG_WARNING, "%s", why + 4); /* without "ERR " */
        }
        return;
    }
    int status;
    pid_t pid = waitpid(s->rw.child, &status, WNOHANG);
    if (pid == 0 || (pid < 0 && errno == EINTR))
        return; /* still writing */
    char detail[64];
    if (pid < 0)
        failed(s, "waiting for the child", strerror(errno));
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        finish(s);
    else if (WIFSIGNALED(status)) {
        snprintf(detail, sizeof detail, "signal %d", WTERMSIG(status));
        failed(s, "the child was killed", detail);
    } else {
        snprintf(detail, sizeof detail, "status %d", WEXITSTATUS(status));
        failed(s, "the child exited with an error", detail);
    }
}

/* ---- settings ----------------------------------------------------------- */

static const char *set_percentage(void *target, int argc, char **argv)
{
    (void)argc;
    return config_set_long(&((struct aofsrv_rewrite *)target)->percentage, argv[0], 0, INT_MAX);
}

static void get_percentage(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%ld", ((const struct aofsrv_rewrite *)target)->percentage);
}

static const char *set_min_size(void *target, int argc, char **argv)
{
    (void)argc;
    return config_set_memory(&((struct aofsrv_rewrite *)target)->min_size, argv[0]);
}

static void get_min_size(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%lld", ((const struct aofsrv_rewrite *)target)->min_size);
}

/* Redis's knob for tests that must catch a save in the middle. */
static const char *set_key_delay(void *target, int argc, char **argv)
{
    (void)argc;
    return config_set_long(&((struct aofsrv_rewrite *)target)->key_delay_us, argv[0], INT_MIN,
                           INT_MAX);
}

static void get_key_delay(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%ld", ((const struct aofsrv_rewrite *)target)->key_delay_us);
}

/* CONFIG SET appendonly, now that a rewrite can write the first file.
 * yes: the AOF is on at once (INFO says aof_enabled:1), but its file
 * comes from a rewrite of the keyspace, with the writes made meanwhile
 * kept in the diff; it is opened when the rewrite finishes.  A rewrite
 * already running is restarted, since it was not keeping a diff.
 * no: any rewrite is killed, and the file flushed, fsynced and closed.
 * Before the server serves (flags, config file), it only notes the value. */
static const char *set_appendonly_live(void *target, int argc, char **argv)
{
    (void)argc;
    struct aofsrv *s = target;
    int on;
    if (strcmp(argv[0], "yes") == 0)
        on = 1;
    else if (strcmp(argv[0], "no") == 0)
        on = 0;
    else
        return "argument must be 'yes' or 'no'";
    if (!s->dbs || on == s->enabled) {
        s->enabled = on;
        return NULL;
    }
    aofsrv_abandon_rewrite(s);
    if (on) {
        const char *why;
        s->enabled = 1;
        if (aofrw_start(s, &why) < 0) {
            s->enabled = 0;
            log_msg(LOG_WARNING, "Turning the AOF on: %s", why + 4); /* without "ERR " */
            return "Unable to turn on AOF. Check server logs.";
        }
        log_msg(LOG_NOTICE, "AOF turned on: its first version is being written");
        return NULL;
    }
    s->enabled = 0;
    if (s->aof && aof_close(s->aof) < 0)
        log_msg(LOG_WARNING, "Closing the AOF: %s", strerror(errno));
    s->aof = NULL;
    log_msg(LOG_NOTICE, "AOF turned off");
    return NULL;
}

void aofrw_attach(struct aofsrv *s)
{
    for (struct config_opt *o = s->flags; o->name; o++)
        if (strcmp(o->name, "appendonly") == 0) {
            o->apply = set_appendonly_live;
            o->runtime = 1;
        }
    struct aofsrv_rewrite *rw = &s->rw;
    rw->tick = tick;
    rw->percentage = 100;
    rw->min_size = 64LL << 20;
    const struct config_opt rows[AOFSRV_REWRITE_NOPTS] = {
        {"auto-aof-rewrite-percentage", "rewrite the AOF when it has grown this % (0: never)", 1, 1,
         set_percentage, rw, get_percentage, 1},
        {"auto-aof-rewrite-min-size", "...but not before it is this big (default 64mb)", 1, 1,
         set_min_size, rw, get_min_size, 1},
        {"rdb-key-save-delay", "microseconds a rewrite sleeps per key (for tests)", 1, 1,
         set_key_delay, rw, get_key_delay, 1},
    };
    size_t n = 0;
    while (s->flags[n].name)
        n++;
    memcpy(s->flags + n, rows, sizeof rows);
    memset(s->flags + n + AOFSRV_REWRITE_NOPTS, 0, sizeof s->flags[0]);
}

/* ---- the command -------------------------------------------------------- */

static void cmd_bgrewriteaof(struct client *c)
{
    struct aofsrv *s = c->server ? c->server->persistence_arg : NULL;
    const char *why = "ERR This server has no AOF";
    if (s && aofrw_start(s, &why) == 0)
        resp_add_simple(&c->reply, "Background append only file rewriting started");
    else
        resp_add_error(&c->reply, why);
}

const struct cmd cmd_aofrw_group[] = {
    {"bgrewriteaof", cmd_bgrewriteaof, 1, "admin noscript no_async_loading", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
