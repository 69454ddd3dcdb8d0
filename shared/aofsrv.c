/* aofsrv.c - the AOF as a server uses it: flags, replay at start, logging.
 *
 * shared/aof.c knows files and bytes; this module connects it to a server:
 * redis-server's flags (--appendonly, --appendfsync, --appendfilename,
 * --dir), replaying the file through the same command table clients use
 * (so a replayed SET is exactly a SET), and the --check-aof mode.  The
 * threaded stage logs and flushes each write command under the keyspace
 * lock; the event-loop stage queues a whole loop turn and flushes once. */
#include "aofsrv.h"

#include "buf.h"
#include "client.h"
#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "log.h"
#include "resp.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>


static const char *set_appendonly(void *target, int argc, char **argv)
{
    (void)argc;
    struct aofsrv *s = target;
    if (strcmp(argv[0], "yes") != 0 && strcmp(argv[0], "no") != 0)
        return "argument must be 'yes' or 'no'";
    s->enabled = strcmp(argv[0], "yes") == 0;
    return NULL;
}

/* CONFIG SET appendfsync while the file is open: the policy is the
 * file's (it decides whether a thread fsyncs every second), so close it
 * (flushing and fsyncing everything) and open it again under the new one. */
static const char *reopen(struct aofsrv *s, int policy)
{
    char err[AOF_ERR_LEN];
    if (aof_close(s->aof) < 0) {
        log_msg(LOG_WARNING, "Closing the AOF to change appendfsync: %s", strerror(errno));
        exit(1); /* what was acknowledged may not be on disk: stop, as a failed flush does */
    }
    s->aof = aof_open(s->dir, s->filename, (enum aof_fsync)policy, err);
    if (!s->aof) {
        log_msg(LOG_WARNING, "Reopening the AOF: %s", err);
        exit(1);
    }
    s->policy = policy;
    return NULL;
}

static const char *set_fsync(void *target, int argc, char **argv)
{
    (void)argc;
    struct aofsrv *s = target;
    int policy = aof_fsync_from_name(argv[0]);
    if (policy < 0)
        return "argument(s) must be one of the following: everysec, always, no";
    if (s->aof && policy != s->policy)
        return reopen(s, policy);
    s->policy = policy;
    return NULL;
}

static void get_appendonly(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%s", ((const struct aofsrv *)target)->enabled ? "yes" : "no");
}

static void get_fsync(const void *target, char *out, size_t n)
{
    static const char *const names[] = {"always", "everysec", "no"};
    snprintf(out, n, "%s", names[((const struct aofsrv *)target)->policy]);
}

static void get_filename(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%s", ((const struct aofsrv *)target)->filename);
}

/* As Redis shows it: the absolute path. */
static void get_dir(const void *target, char *out, size_t n)
{
    const char *dir = ((const struct aofsrv *)target)->dir;
    char *abs = realpath(dir, NULL);
    snprintf(out, n, "%s", abs ? abs : dir);
    free(abs);
}

static const char *set_filename(void *target, int argc, char **argv)
{
    (void)argc;
    if (strchr(argv[0], '/'))
        return "appendfilename can't be a path, just a filename";
    ((struct aofsrv *)target)->filename = argv[0];
    return NULL;
}

static const char *set_dir(void *target, int argc, char **argv)
{
    (void)argc;
    ((struct aofsrv *)target)->dir = argv[0];
    return NULL;
}

static const char *set_check(void *target, int argc, char **argv)
{
    (void)argc;
    ((struct aofsrv *)target)->check = argv[0];
    return NULL;
}

void aofsrv_init(struct aofsrv *s)
{
    memset(s, 0, sizeof *s);
    s->rw.last_time_sec = -1;
    s->rw.last_ok = 1;
    s->policy = AOF_FSYNC_EVERYSEC;
    s->dir = ".";
    s->filename = "appendonly.aof";
    const struct config_opt table[] = {
        {"appendonly", "yes: log every write to the AOF and replay it at start", 1, 1, set_appendonly, s,
         get_appendonly, 0},
        {"appendfsync", "always, everysec or no: when the AOF is fsynced", 1, 1, set_fsync, s,
         get_fsync, 1},
        {"appendfilename", "the AOF's name (default appendonly.aof)", 1, 1, set_filename, s,
         get_filename, 0},
        {"dir", "the directory of the AOF (default .)", 1, 1, set_dir, s, get_dir, 0},
        {"check-aof", "FILE: say whether FILE is a valid AOF, then exit", 1, 1, set_check, s, NULL, 0},
        {0},
    };
    memcpy(s->flags, table, sizeof table);
}

struct replay {
    const struct cmd_table *commands;
    struct client c; /* a client with no socket: replies are discarded */
};

/* Run one command from the file exactly as if a client had sent it. */
static int replay_command(int argc, const char **argv, const size_t *argvlen, void *arg)
{
    struct replay *r = arg;
    buf_clear(&r->c.reply);
    const struct cmd *cmd = cmd_resolve(r->commands, argc, argv, argvlen, &r->c.reply);
    if (!cmd)
        return -1; /* unknown command or wrong arity: the file is damaged */
    r->c.argc = argc;
    r->c.argv = argv;
    r->c.argvlen = argvlen;
    r->c.log_as.argc = r->c.log_as.nums = 0;
    cmd->proc(&r->c);
    /* Only commands that succeeded were logged, so one that fails now
     * means the file does not fit this server - SELECT 7 on a server
     * started with --databases 4 - and going on would put keys in the
     * wrong place.  Stop instead. */
    if (r->c.reply.len > 0 && r->c.reply.data[0] == '-') {
        size_t n = r->c.reply.len > 2 ? r->c.reply.len - 2 : 0; /* no CRLF */
        log_msg(LOG_WARNING, "Replaying the AOF: %.*s failed: %.*s", (int)argvlen[0], argv[0],
                (int)(n > 1 ? n - 1 : 0), r->c.reply.data + 1);
        return -1;
    }
    return 0;
}

static int check_only(const char *path)
{
    char err[AOF_ERR_LEN];
    int rc = aof_check(path, err);
    if (rc == 0)
        printf("AOF %s is valid\n", path);
    else
        printf("AOF %s is not valid: %s\n", path, err);
    return rc == 0 ? 1 : -1;
}

int aofsrv_start(struct aofsrv *s, struct db *const *dbs, int ndbs, const struct cmd_table *commands)
{
    char path[4096], err[AOF_ERR_LEN];
    if (s->check)
        return check_only(s->check);
    s->dbs = dbs;
    s->ndbs = ndbs;
    if (!s->enabled)
        return 0;
    aofsrv_path(s, path, sizeof path);
    struct replay r = {.commands = commands};
    client_init(&r.c, -1, commands);
    r.c.db = dbs[0];
    r.c.dbs = dbs;
    r.c.ndbs = ndbs;
    /* Replay as the commands first ran: a key that has died since then
     * must still be there for the INCR that followed its SET, or the
     * INCR would make a new key without the deadline.  Expiry resumes
     * after the load and removes it. */
    for (int i = 0; i < ndbs; i++)
        db_pause_expiry(dbs[i], 1);
    int rc = aof_load(path, replay_command, &r, err);
    for (int i = 0; i < ndbs; i++)
        db_pause_expiry(dbs[i], 0);
    s->selected = db_id(r.c.db); /* appends go on from where the file left off */
    client_free(&r.c);
    if (rc < 0) {
        log_msg(LOG_WARNING, "%s", err);
        return -1;
    }
    s->aof = aof_open(s->dir, s->filename, (enum aof_fsync)s->policy, err);
    if (!s->aof) {
        log_msg(LOG_WARNING, "%s", err);
        return -1;
    }
    s->rw.base_size = aof_size(s->aof);
    log_msg(LOG_NOTICE, "DB loaded from append only file %s", path);
    return 0;
}

void aofsrv_path(const struct aofsrv *s, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", s->dir, *s->dir ? "/" : "", s->filename);
}

void aofsrv_cron(struct aofsrv *s)
{
    if (s->rw.tick)
        s->rw.tick(s);
}

void aofsrv_end_diff(struct aofsrv *s)
{
    if (s->aof)
        aof_tee(s->aof, NULL);
    if (s->rw.diff) {
        buf_free(s->rw.diff);
        free(s->rw.diff);
        s->rw.diff = NULL;
    }
    s->rw.diff_failed = 0;
}

void aofsrv_abandon_rewrite(struct aofsrv *s)
{
    if (s->rw.child <= 0)
        return;
    kill(s->rw.child, SIGKILL);
    while (waitpid(s->rw.child, NULL, 0) < 0 && errno == EINTR)
        ;
    log_msg(LOG_NOTICE, "Killed the AOF rewrite child %d", s->rw.child);
    s->rw.child = 0;
    unlink(s->rw.tmp);
    aofsrv_end_diff(s);
}

/* Every logged command goes through here.  Normally into the open file
 * (whose tee also copies it into a running rewrite's diff).  Just after
 * CONFIG SET appendonly yes there is no file yet: the first rewrite is
 * writing it, and the diff alone keeps what comes meanwhile. */
static void append(struct aofsrv *s, int argc, const char *const *argv, const size_t *argvlen)
{
    if (s->aof) {
        aof_append(s->aof, argc, argv, argvlen);
        return;
    }
    if (!s->rw.diff || s->rw.diff_failed)
        return;
    int failed = resp_add_array(s->rw.diff, (size_t)argc) < 0;
    for (int i = 0; i < argc && !failed; i++)
        failed = resp_add_bulk(s->rw.diff, argv[i], argvlen[i]) < 0;
    s->rw.diff_failed = failed; /* the rewrite must then give up */
}

/* Is there anywhere to log to? */
static int logging(const struct aofsrv *s)
{
    return s->aof || (s->enabled && s->rw.diff);
}

/* The file replays from db 0 and only SELECT moves it: write one when
 * the next command belongs to another db (with one db, never). */
static void select_db(struct aofsrv *s, struct db *db)
{
    int id = db_id(db);
    if (id == s->selected)
        return;
    char num[16];
    const char *argv[2] = {"SELECT", num};
    size_t argvlen[2] = {6, (size_t)snprintf(num, sizeof num, "%d", id)};
    append(s, 2, argv, argvlen);
    s->selected = id;
}

void aofsrv_log(struct aofsrv *s, const struct client *c)
{
    if (!logging(s))
        return;
    select_db(s, c->db);
    const struct client_log_as *l = &c->log_as;
    if (l->argc > 0)
        append(s, l->argc, l->argv, l->argvlen);
    else
        append(s, c->argc, c->argv, c->argvlen);
}

void aofsrv_log_expired(struct aofsrv *s, struct db *db, const char *key, size_t klen)
{
    if (!logging(s))
        return;
    select_db(s, db);
    const char *argv[2] = {"DEL", key};
    size_t argvlen[2] = {3, klen};
    append(s, 2, argv, argvlen);
}

int aofsrv_flush(struct aofsrv *s)
{
    if (!s->aof || aof_flush(s->aof) == 0)
        return 0;
    log_msg(LOG_WARNING, "Error writing to the AOF file: %s", strerror(errno));
    return -1;
}

void aofsrv_stop(struct aofsrv *s)
{
    /* The AOF already holds everything; the child's file is in the way. */
    aofsrv_abandon_rewrite(s);
    if (s->aof && aof_close(s->aof) < 0)
        log_msg(LOG_WARNING, "Error closing the AOF file: %s", strerror(errno));
    s->aof = NULL;
}

int aofsrv_start_hook(struct db *const *dbs, int ndbs, const struct cmd_table *commands, void *arg)
{
    return aofsrv_start(arg, dbs, ndbs, commands);
}

void aofsrv_log_hook(struct client *c, void *arg)
{
    aofsrv_log(arg, c);
}

void aofsrv_expired_hook(struct db *db, const char *key, size_t klen, void *arg)
{
    aofsrv_log_expired(arg, db, key, klen);
}

int aofsrv_flush_hook(void *arg)
{
    return aofsrv_flush(arg);
}

void aofsrv_stop_hook(void *arg)
{
    aofsrv_stop(arg);
}

int aofsrv_pending_hook(void *arg)
{
    const struct aofsrv *s = arg;
    return s->enabled && !s->aof && s->dbs;
}

void aofsrv_info_hook(struct buf *out, void *arg)
{
    const struct aofsrv *s = arg;
    const struct aofsrv_rewrite *rw = &s->rw;
    long long now = clock_unix_ms();
    buf_printf(out,
               "aof_enabled:%d\r\n"
               "aof_rewrite_in_progress:%d\r\n"
               "aof_rewrite_scheduled:0\r\n"
               "aof_last_rewrite_time_sec:%lld\r\n"
               "aof_current_rewrite_time_sec:%lld\r\n"
               "aof_last_bgrewrite_status:%s\r\n"
               "aof_rewrites:%lu\r\n"
               "aof_rewrites_consecutive_failures:%d\r\n"
               "aof_last_write_status:ok\r\n",
               s->enabled, rw->child > 0, rw->last_time_sec,
               rw->child > 0 ? (now - rw->started_ms) / 1000 : -1LL, rw->last_ok ? "ok" : "err",
               rw->started, rw->failures);
    if (s->enabled) /* also while the first file is written: sizes 0 then */
        buf_printf(out,
                   "aof_current_size:%lld\r\n"
                   "aof_base_size:%lld\r\n"
                   "aof_pending_rewrite:0\r\n"
                   "aof_buffer_length:0\r\n"
                   "aof_rewrite_buffer_length:%zu\r\n"
                   "aof_pending_bio_fsync:0\r\n"
                   "aof_delayed_fsync:0\r\n",
                   s->aof ? aof_size(s->aof) : 0, rw->base_size, rw->diff ? rw->diff->len : 0);
}
