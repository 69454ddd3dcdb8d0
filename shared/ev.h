/* ev.h - one thread, many fds: readiness callbacks, timers, a before-sleep hook. */
#ifndef EV_H
#define EV_H

#define EV_READABLE 1
#define EV_WRITABLE 2

#define EV_NOWAIT 1        /* ev_run_once flag: poll, never block */
#define EV_TIMER_STOP (-1) /* a timer callback's "do not run me again" */

struct ev_loop; /* opaque */

/* fd is ready.  mask: the watched directions that fired (both bits only
 * when one fn/arg pair watches both directions, see ev_watch). */
typedef void ev_io_fn(struct ev_loop *loop, int fd, int mask, void *arg);
/* A timer is due.  Return the ms until its next run, or EV_TIMER_STOP. */
typedef long long ev_timer_fn(struct ev_loop *loop, long long id, void *arg);
typedef void ev_hook_fn(struct ev_loop *loop, void *arg);
/* Polled by ev_run before every turn; nonzero ends the loop.  Fits
 * sig_stop_requested, so a SIGTERM (which wakes the wait) ends ev_run. */
typedef int ev_check_fn(void);

/* A loop for fds 0..max_fds-1.  NULL with errno on failure.  ev_free
 * releases the loop and its timers; the fds and every callback arg stay the
 * caller's.  Neither may be called from inside a callback. */
struct ev_loop *ev_new(int max_fds);
void ev_free(struct ev_loop *loop);

/* Watch fd for the directions in mask, in addition to those it already
 * watches.  Each direction has its own callback and arg, replaced by a later
 * ev_watch of that direction.  When both fire in one turn, one fn/arg for
 * both gets a single call with EV_READABLE|EV_WRITABLE; otherwise the read
 * callback runs, then the write callback if still watched.  No system call
 * when the watched set does not change, so "watch EV_WRITABLE while output
 * is pending" may be said after every partial write.  0, or -1 with errno:
 * ERANGE (fd >= max_fds), EBADF (fd < 0), EINVAL (bad mask, NULL fn), or
 * the kernel's. */
int ev_watch(struct ev_loop *loop, int fd, int mask, ev_io_fn *fn, void *arg);
/* Stop watching the directions in mask (cheap if already unwatched).  No
 * callback for them runs after this, not even for events already collected
 * in the current turn.  Unwatch before close(): the kernel watches the open
 * file, not the number, and a copy (dup, a forked child) keeps it alive. */
void ev_unwatch(struct ev_loop *loop, int fd, int mask);
/* The directions fd is watched for; 0 if none or out of range. */
int ev_mask(const struct ev_loop *loop, int fd);

/* Run fn(loop, id, arg) once ms (>= 0) have passed on clock_ms().  The id
 * (never reused), or -1 with errno (EINVAL, ENOMEM).  A timer added or
 * rescheduled by a callback runs in a later turn, never the current one. */
long long ev_timer_add(struct ev_loop *loop, long long ms, ev_timer_fn *fn,
                       void *arg);
/* Cancel a timer, also from inside a callback (its own included: it will
 * not run again, whatever it returns).  0, or -1 with ENOENT. */
int ev_timer_del(struct ev_loop *loop, long long id);

/* fn runs at the start of every turn, before the loop may sleep: the place
 * to finish the previous turn's work in one go (write+fsync the AOF once,
 * then send the replies).  NULL removes it. */
void ev_set_before_sleep(struct ev_loop *loop, ev_hook_fn *fn, void *arg);
void ev_set_stop_check(struct ev_loop *loop, ev_check_fn *fn);

/* One turn: before_sleep; wait for I/O, at most until the nearest timer
 * (forever if there is none, not at all with EV_NOWAIT or after ev_stop);
 * run the I/O callbacks, then the due timers.  A signal ends the wait early
 * and is not an error.  The number of fds and timers served, or -1 with
 * errno if the kernel refused to wait.  Not re-entrant. */
int ev_run_once(struct ev_loop *loop, int flags);
/* Turn until ev_stop() or the stop check says so: 0.  -1 with errno as
 * ev_run_once.  No before_sleep runs after the last turn: the caller
 * flushes on its way out. */
int ev_run(struct ev_loop *loop);
/* Ask ev_run to return after the current turn. */
void ev_stop(struct ev_loop *loop);

#endif
