/* aof.c - the append-only file: log every write command, replay at start.
 *
 * Idea: the keyspace is whatever you get by re-running every command that
 * changed it, so the file is just those commands in RESP multibulk form,
 * the same bytes a client sends.  Writing: command -> aof_append() -> the
 * pending buffer (memory) -> aof_flush() -> write() -> kernel page cache ->
 * fdatasync -> disk.  Bytes in the page cache survive kill -9 but not a
 * power cut; only the fsync policy decides how long they wait there (see
 * enum aof_fsync in aof.h).  Loading: file -> 64 KB chunks -> resp_parse()
 * -> argv -> apply(), so memory holds one chunk plus the longest command.
 * Invariant: the file is always a prefix of the byte stream appended, so
 * a crash leaves at worst an incomplete last command, which load drops.
 * Threads: the caller's thread appends, writes and (always) fsyncs; under
 * everysec a second thread only calls fdatasync, sharing two atomic flags.
 * Ownership: aof_append copies argv; loaded argv is ours, lent to apply().
 * Rewriting (compaction, shared/aofrw.c) reads what is appended while it
 * runs through a tee: a second buffer that gets a copy of each command.
 * Omitted: no checksums, so damage that
 * makes a length run past the end of the file looks like a truncated tail;
 * SELECT and absolute expiry times are the caller's to append; Redis's
 * "postpone the write while a slow fsync runs" (a write() may wait for it). */
#include "aof.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "resp.h"

#define AOF_CHUNK (64 * 1024)            /* bytes per read() when loading */
#define AOF_PENDING_KEEP (1024 * 1024)   /* free a bigger pending buffer */

struct aof {
    int fd;                   /* O_APPEND: every write() lands at the end */
    enum aof_fsync policy;
    char *path;               /* dir/filename, for messages */
    struct buf pending;       /* appended, not yet written */
    atomic_int dirty;         /* 1: written since the last fdatasync */
    atomic_int failed;        /* errno that broke the aof for good, or 0 */
    atomic_ullong fsyncs;     /* completed fdatasync calls */
    long long size;           /* bytes in the file: at open, plus written */
    struct buf *tee;          /* also gets every appended command, or NULL */
    int tee_failed;           /* out of memory while copying to tee */
    int has_thread;           /* everysec: the fields below are live */
    pthread_t thread;
    pthread_mutex_t lock;     /* guards stop */
    pthread_cond_t wake;      /* signalled to stop the thread early */
    int stop;
};

int aof_fsync_from_name(const char *name)
{
    static const char *const names[] = {"always", "everysec", "no"};
    for (int i = 0; i < 3; i++)
        if (strcasecmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------------------
 * Syncing, and the everysec thread
 * ------------------------------------------------------------------------ */

/* Remember the first error that makes the file untrustworthy. */
static void set_failed(struct aof *a, int e)
{
    int none = 0;
    atomic_compare_exchange_strong(&a->failed, &none, e);
}

/* fdatasync if anything was written since the last one.  The flag is
 * cleared BEFORE the sync: bytes written meanwhile set it again and are
 * synced next time, never forgotten.  A failed fsync is final: Linux may
 * drop the dirty pages after reporting the error once, so a later fsync
 * that succeeds proves nothing (PostgreSQL's "fsyncgate", 2018). */
static int sync_if_dirty(struct aof *a)
{
    if (!atomic_exchange(&a->dirty, 0))
        return 0;
    if (fdatasync(a->fd) < 0) {
        int e = errno;
        set_failed(a, e);
        errno = e;
        return -1;
    }
    atomic_fetch_add(&a->fsyncs, 1);
    return 0;
}

/* The one place everysec reads the time: when the next sync is due.  The
 * monotonic clock, so setting the wall clock back cannot stall syncing. */
static void everysec_deadline(struct timespec *at)
{
    clock_gettime(CLOCK_MONOTONIC, at);
    at->tv_sec += 1;
}

/* Sleep a second, sync if needed, repeat.  The lock is never held during
 * fdatasync, and aof_flush never takes it: a slow disk delays this thread,
 * not the requests.  A failed sync is recorded in a->failed, so the next
 * aof_flush() reports it. */
static void *everysec_main(void *arg)
{
    struct aof *a = arg;
    struct timespec at;

    pthread_mutex_lock(&a->lock);
    while (!a->stop) {
        everysec_deadline(&at);
        while (!a->stop && pthread_cond_timedwait(&a->wake, &a->lock, &at) == 0)
            ; /* woken early (spuriously or to stop): check, sleep on */
        if (a->stop)
            break;
        pthread_mutex_unlock(&a->lock);
        sync_if_dirty(a);
        pthread_mutex_lock(&a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

/* 0, or -1 with errno. */
static int start_thread(struct aof *a)
{
    pthread_condattr_t ca;
    int r;

    if ((r = pthread_condattr_init(&ca)) != 0)
        goto fail;
    r = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (r == 0)
        r = pthread_cond_init(&a->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (r != 0)
        goto fail;
    pthread_mutex_init(&a->lock, NULL);
    /* The thread must never take the server's SIGTERM/SIGINT: only the
     * main thread's wait is interrupted by them, and it is the one that
     * shuts down in order.  A new thread inherits the caller's mask. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    r = pthread_create(&a->thread, NULL, everysec_main, a);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r != 0) {
        pthread_cond_destroy(&a->wake);
        pthread_mutex_destroy(&a->lock);
        goto fail;
    }
    a->has_thread = 1;
    return 0;
fail:
    errno = r; /* pthread functions return the error instead of setting it */
    return -1;
}

static void stop_thread(struct aof *a)
{
    if (!a->has_thread)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = 1;
    pthread_cond_signal(&a->wake);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->wake);
    pthread_mutex_destroy(&a->lock);
    a->has_thread = 0;
}

/* ------------------------------------------------------------------------
 * Opening, appending, flushing
 * ------------------------------------------------------------------------ */

/* A new file exists after a power cut only once its directory entry is on
 * disk too: without this, fsyncing the file's bytes is not enough. */
int aof_sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash == path ? 1 : (size_t)(slash - path); /* "/x": "/" */
    char *dir = slash ? strndup(path, n) : strdup(".");
    int fd, rc = -1;

    if (!dir)
        return -1;
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        rc = fsync(fd);
        int e = errno;
        close(fd);
        errno = e;
    }
    free(dir);
    return rc;
}

static int open_for_append(struct aof *a)
{
    int flags = O_WRONLY | O_APPEND | O_CLOEXEC;

    a->fd = open(a->path, flags | O_CREAT | O_EXCL, 0644);
    if (a->fd >= 0)
        return aof_sync_dir(a->path);
    if (errno != EEXIST)
        return -1;
    a->fd = open(a->path, flags);
    return a->fd < 0 ? -1 : 0;
}

static char *join_path(const char *dir, const char *filename)
{
    struct buf b = {0};
    if ((dir[0] && buf_printf(&b, "%s/", dir) < 0) ||
        buf_printf(&b, "%s", filename) < 0) {
        buf_free(&b);
        return NULL;
    }
    return b.data; /* buf_printf leaves a NUL just past len */
}

struct aof *aof_open(const char *dir, const char *filename,
                     enum aof_fsync policy, char *err)
{
    struct aof *a = calloc(1, sizeof *a);

    if (a)
        a->fd = -1;
    if (!a || !(a->path = join_path(dir, filename))) {
        snprintf(err, AOF_ERR_LEN, "Can't open the append-only file: %s",
                 strerror(ENOMEM));
        goto fail;
    }
    a->policy = policy;
    atomic_init(&a->dirty, 0);
    atomic_init(&a->failed, 0);
    atomic_init(&a->fsyncs, 0);
    struct stat st;
    if (open_for_append(a) < 0 || fstat(a->fd, &st) < 0) {
        snprintf(err, AOF_ERR_LEN, "Can't open the append-only file %s: %s",
                 a->path, strerror(errno));
        goto fail;
    }
    a->size = st.st_size;
    if (policy == AOF_FSYNC_EVERYSEC && start_thread(a) < 0) {
        snprintf(err, AOF_ERR_LEN, "Can't start the AOF fsync thread: %s",
                 strerror(errno));
        goto fail;
    }
    return a;
fail:
    if (a) {
        int e = errno;
        if (a->fd >= 0)
            close(a->fd);
        free(a->path);
        free(a);
        errno = e;
    }
    return NULL;
}

void aof_append(struct aof *a, int argc, const char *const *argv,
                const size_t *argvlen)
{
    size_t mark = a->pending.len;

    /* "*0" would read back as damage; a broken aof queues nothing more. */
    if (argc <= 0 || atomic_load(&a->failed))
        return;
    if (resp_add_array(&a->pending, (size_t)argc) < 0)
        goto fail;
    for (int i = 0; i < argc; i++)
        if (resp_add_bulk(&a->pending, argv[i], argvlen[i]) < 0)
            goto fail;
    if (a->tee && !a->tee_failed &&
        buf_append(a->tee, a->pending.data + mark, a->pending.len - mark) < 0)
        a->tee_failed = 1; /* the rewrite that reads tee must give up */
    return;
fail:
    /* The command is applied in memory but can never reach the file: the
     * file would silently disagree with memory, so stop here for good. */
    a->pending.len = mark;
    set_failed(a, ENOMEM);
}

/* write() the pending bytes.  Whatever was written is dropped from the
 * buffer even on failure, so the file stays a clean prefix of the stream:
 * a retry continues mid-command instead of repeating bytes. */
static int write_pending(struct aof *a)
{
    size_t done = 0;
    int rc = 0;

    while (done < a->pending.len) {
        ssize_t n = write(a->fd, a->pending.data + done, a->pending.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* a regular file never takes 0 of n > 0 */
            rc = -1;
            break;
        }
        done += (size_t)n;
    }
    a->size += (long long)done;
    if (done > 0)
        atomic_store(&a->dirty, 1); /* after the write: see sync_if_dirty */
    int e = errno;
    buf_consume(&a->pending, done);
    if (a->pending.len == 0 && a->pending.cap > AOF_PENDING_KEEP)
        buf_free(&a->pending); /* one huge command must not pin its memory */
    errno = e;
    return rc;
}

int aof_flush(struct aof *a)
{
    int e = atomic_load(&a->failed);

    if (e) {
        errno = e;
        return -1;
    }
    if (write_pending(a) < 0)
        return -1;
    /* always: the caller replies only after this returns, so an
     * acknowledged write is on the disk.  everysec and no: replies go out
     * with the bytes only in the page cache. */
    if (a->policy == AOF_FSYNC_ALWAYS)
        return sync_if_dirty(a);
    return 0;
}

unsigned long long aof_fsync_count(struct aof *a)
{
    return atomic_load(&a->fsyncs);
}

long long aof_size(const struct aof *a)
{
    return a->size;
}

void aof_tee(struct aof *a, struct buf *tee)
{
    a->tee = tee;
    a->tee_failed = 0;
}

int aof_tee_failed(const struct aof *a)
{
    return a->tee_failed;
}

int aof_close(struct aof *a)
{
    int rc, e;

    if (!a)
        return 0;
    rc = aof_flush(a);
    e = errno;
    stop_thread(a); /* before the last sync and the close: it uses fd */
    if (rc == 0 && sync_if_dirty(a) < 0) {
        rc = -1;
        e = errno;
    }
    if (close(a->fd) < 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    buf_free(&a->pending);
    free(a->path);
    free(a);
    errno = e;
    return rc;
}

/* ------------------------------------------------------------------------
 * Loading and checking
 * ------------------------------------------------------------------------ */

/* One pass over a file.  win holds the file's bytes from offset `base` on;
 * the command being parsed starts at win.data + start. */
struct scan {
    const char *path;
    int fd;
    aof_apply_fn *apply;      /* NULL: accept every command */
    void *arg;
    struct resp_parser p;
    struct buf win;
    size_t start;
    long long base;
    long long size;           /* the file's size, once read to the end */
    char *err;
};

/* Damage at the command being parsed.  errno EINVAL, return -1. */
static int damaged(struct scan *s, const char *why)
{
    snprintf(s->err, AOF_ERR_LEN,
             "Bad file format reading the append only file %s at offset "
             "%lld: %s", s->path, s->base + (long long)s->start, why);
    errno = EINVAL;
    return -1;
}

static int ndigits(size_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* The parser, like Redis, skips the LF after each header's CR and the
 * CRLF after each argument without looking.  In a file every byte must be
 * what the writer wrote: then a wrong length is caught at the command that
 * has it, instead of misaligning everything after it.  Numbers are
 * canonical (no '+', no leading zeros), so their widths are known. */
static int framed(const struct resp_parser *p, const char *cmd)
{
    if (cmd[2 + ndigits((size_t)p->argc)] != '\n') /* "*<argc>\r\n" */
        return 0;
    for (int i = 0; i < p->argc; i++) {
        const char *arg = p->argv[i];
        size_t n = p->argvlen[i];
        if (arg[-1] != '\n' || arg[n] != '\r' || arg[n + 1] != '\n')
            return 0;
    }
    return 1;
}

/* Parse and apply every whole command in the window.  0 when the rest is
 * incomplete (read more), -1 on damage. */
static int scan_window(struct scan *s)
{
    while (s->start < s->win.len) {
        const char *cmd = s->win.data + s->start;
        char why[48];

        if (cmd[0] != '*') { /* also rules out inline commands */
            snprintf(why, sizeof why, "expected '*', got byte 0x%02x",
                     (unsigned char)cmd[0]);
            return damaged(s, why);
        }
        long r = resp_parse(&s->p, cmd, s->win.len - s->start);
        if (r == RESP_INCOMPLETE)
            return 0;
        if (r == RESP_ERR)
            return damaged(s, s->p.err);
        if (s->p.argc == 0)
            return damaged(s, "empty command");
        if (!framed(&s->p, cmd))
            return damaged(s, "expected CRLF after a length or argument");
        if (s->apply &&
            s->apply(s->p.argc, s->p.argv, s->p.argvlen, s->arg) < 0)
            return damaged(s, "invalid command (unknown, or wrong arguments)");
        s->start += (size_t)r;
    }
    return 0;
}

/* Drop the consumed bytes, then read one more chunk.  One move per chunk,
 * and none while one long command fills the window: moving per command,
 * or the whole window per chunk, would make loading quadratic.  Bytes
 * read, 0 at the end of the file, -1 with err set. */
static ssize_t read_chunk(struct scan *s)
{
    ssize_t n;

    if (s->start > 0) {
        s->base += (long long)s->start;
        buf_consume(&s->win, s->start);
        s->start = 0;
    }
    if (buf_reserve(&s->win, AOF_CHUNK) < 0) {
        errno = ENOMEM;
        goto fail;
    }
    do
        n = read(s->fd, s->win.data + s->win.len, AOF_CHUNK);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        goto fail;
    s->win.len += (size_t)n;
    return n;
fail:
    snprintf(s->err, AOF_ERR_LEN, "Error reading the append only file %s: %s",
             s->path, strerror(errno));
    return -1;
}

/* 0 clean, 1 the file ends inside the command at s->base + s->start,
 * -1 damage or I/O error (err set). */
static int scan_file(struct scan *s)
{
    for (;;) {
        if (scan_window(s) < 0)
            return -1;
        ssize_t n = read_chunk(s);
        if (n < 0)
            return -1;
        if (n == 0) {
            s->size = s->base + (long long)s->win.len;
            return s->start < s->win.len ? 1 : 0;
        }
    }
}

/* Open and scan s->path.  A missing file is empty when missing_ok. */
static int scan_path(struct scan *s, int missing_ok)
{
    int rc, e;

    s->fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        if (errno == ENOENT && missing_ok)
            return 0;
        snprintf(s->err, AOF_ERR_LEN, "Can't open the append only file %s: %s",
                 s->path, strerror(errno));
        return -1;
    }
    resp_parser_init(&s->p);
    rc = scan_file(s);
    e = errno;
    resp_parser_free(&s->p);
    buf_free(&s->win);
    close(s->fd);
    errno = e;
    return rc;
}

/* Cut the file back to `end` bytes and make the cut durable before any
 * new command is appended after it. */
static int cut_tail(const char *path, long long end, char *err)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);

    if (fd < 0 || ftruncate(fd, (off_t)end) < 0 || fsync(fd) < 0) {
        int e = errno;
        snprintf(err, AOF_ERR_LEN, "Can't truncate the append only file %s "
                 "to %lld bytes: %s", path, end, strerror(e));
        if (fd >= 0)
            close(fd);
        errno = e;
        return -1;
    }
    close(fd);
    return 0;
}

int aof_load(const char *path, aof_apply_fn *apply, void *arg, char *err)
{
    struct scan s = {.path = path, .apply = apply, .arg = arg, .err = err};
    int rc = scan_path(&s, 1);

    if (rc != 1)
        return rc;
    /* A crash in the middle of a write() leaves part of the last command.
     * Its aof_flush() had not returned, so no policy acknowledged it (or,
     * after a power cut under everysec/no, it is in the loss allowed). */
    long long end = s.base + (long long)s.start;
    log_msg(LOG_WARNING, "!!! AOF %s ends inside the command at offset %lld: "
            "dropping it, truncating the file from %lld to %lld bytes",
            path, end, s.size, end);
    return cut_tail(path, end, err);
}

int aof_check(const char *path, char *err)
{
    struct scan s = {.path = path, .err = err};
    int rc = scan_path(&s, 0);

    if (rc == 1)
        snprintf(err, AOF_ERR_LEN, "The append only file %s is truncated: "
                 "it ends inside the command at offset %lld (%lld bytes)",
                 path, s.base + (long long)s.start,
                 s.size - s.base - (long long)s.start);
    return rc;
}
