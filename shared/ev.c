/* ev.c - one thread serves every client: wait for readiness, run callbacks.
 *
 * The idea (a reactor): instead of a thread blocked on each client, one
 * thread asks the kernel which fds can be read or written without blocking,
 * runs a short callback for each, and asks again.  A callback that blocked
 * would stall everyone, so fds are non-blocking and callbacks do one step.
 * Each turn: the before_sleep hook (the server's group commit), a wait no
 * longer than the nearest timer, the I/O callbacks, the due timers.
 *
 * Data flow: ev_watch -> files[fd] and the kernel's interest list; wait ->
 * ready[] -> each event checked against files[fd] again (a callback earlier
 * in the batch may have unwatched it) -> callback.  Timers: a sorted list.
 *
 * Ownership: the loop owns its tables and timer nodes; fds and callback
 * args stay the caller's.  The kernel interface (epoll) lives only in the
 * backend section; ev.h never names it, so poll() or kqueue would replace
 * that section and nothing else.
 *
 * Omits: growing max_fds, edge-triggered mode, sub-millisecond timers,
 * use from more than one thread, re-entrant ev_run_once. */
#include "ev.h"

#include "clock.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#define EV_BOTH (EV_READABLE | EV_WRITABLE)

struct ev_file {
    int mask;          /* directions watched; 0 = slot free */
    unsigned gen;      /* bumped each time mask drops to 0, see tag_of */
    ev_io_fn *rfn, *wfn;
    void *rarg, *warg;
};

struct ev_timer {
    struct ev_timer *next;
    long long id;
    long long when; /* clock_ms() at which it is due */
    ev_timer_fn *fn;
    void *arg;
};

struct ev_loop {
    int epfd;
    int max_fds;
    struct ev_file *files;      /* max_fds slots, indexed by fd */
    struct epoll_event *ready;  /* max_fds: one wait sees every ready fd,
                                   so one group commit covers them all */
    struct ev_timer *timers;    /* pending, sorted by when */
    struct ev_timer *due;       /* cut from timers, being run this turn */
    struct ev_timer *running;   /* whose callback is running, or NULL */
    int running_deleted;        /* ev_timer_del was called on running */
    long long next_id;
    ev_hook_fn *before_sleep;
    void *before_sleep_arg;
    ev_check_fn *stop_check;
    int stop;                   /* ev_stop was called */
};

/* --------------------------------------------------------------- backend */

/* Level-triggered epoll: the kernel reports an fd on every wait while it is
 * still readable (writable), not once per change as edge-triggered does.
 * That is simpler in three ways: a callback may read just one chunk and
 * leave the rest for the next turn (fair to other clients); an event we
 * skip, because its fd was unwatched earlier in the batch, is not lost if it
 * still holds when the fd is watched again; and there is no "drain until
 * EAGAIN or never hear of it again" rule to get wrong.  The price, an fd
 * reported on each turn while it stays ready, is why EV_WRITABLE is watched
 * only while there is output waiting. */

static uint32_t backend_events(int mask)
{
    return (mask & EV_READABLE ? EPOLLIN : 0u) |
           (mask & EV_WRITABLE ? EPOLLOUT : 0u);
}

/* Move fd from watching `old` to watching `mask`; the kernel hands `tag`
 * back with each of its events. */
static int backend_set(struct ev_loop *loop, int fd, int old, int mask,
                       uint64_t tag)
{
    struct epoll_event ee = {.events = backend_events(mask)};
    ee.data.u64 = tag;
    int op = old == 0    ? EPOLL_CTL_ADD
             : mask == 0 ? EPOLL_CTL_DEL
                         : EPOLL_CTL_MOD;
    return epoll_ctl(loop->epfd, op, fd, &ee);
}

/* Fill loop->ready; the number of ready fds, or -1 with errno. */
static int backend_wait(struct ev_loop *loop, int timeout_ms)
{
    return epoll_wait(loop->epfd, loop->ready, loop->max_fds, timeout_ms);
}

/* Event i as a tag and EV_* bits.  An error or hang-up counts as both
 * directions: whichever callback is watching then meets it as a failed (or
 * zero-byte) read or write and closes the client the usual way. */
static uint64_t backend_event(const struct ev_loop *loop, int i, int *mask)
{
    uint32_t e = loop->ready[i].events;
    *mask = (e & (EPOLLIN | EPOLLERR | EPOLLHUP) ? EV_READABLE : 0) |
            (e & (EPOLLOUT | EPOLLERR | EPOLLHUP) ? EV_WRITABLE : 0);
    return loop->ready[i].data.u64;
}

/* ------------------------------------------------------------------ loop */

struct ev_loop *ev_new(int max_fds)
{
    if (max_fds <= 0) {
        errno = EINVAL;
        return NULL;
    }
    struct ev_loop *loop = calloc(1, sizeof *loop);
    if (!loop)
        return NULL;
    loop->epfd = -1;
    loop->max_fds = max_fds;
    loop->next_id = 1;
    loop->files = calloc((size_t)max_fds, sizeof *loop->files);
    loop->ready = calloc((size_t)max_fds, sizeof *loop->ready);
    if (!loop->files || !loop->ready)
        goto fail;
    loop->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epfd < 0)
        goto fail;
    return loop;
fail:
    ev_free(loop);
    return NULL;
}

static void timers_free(struct ev_timer *t)
{
    while (t) {
        struct ev_timer *next = t->next;
        free(t);
        t = next;
    }
}

void ev_free(struct ev_loop *loop)
{
    if (!loop)
        return;
    int saved = errno; /* ev_new's failure path must keep its errno */
    if (loop->epfd >= 0)
        close(loop->epfd);
    timers_free(loop->timers);
    free(loop->files);
    free(loop->ready);
    free(loop);
    errno = saved;
}

void ev_set_before_sleep(struct ev_loop *loop, ev_hook_fn *fn, void *arg)
{
    loop->before_sleep = fn;
    loop->before_sleep_arg = arg;
}

void ev_set_stop_check(struct ev_loop *loop, ev_check_fn *fn)
{
    loop->stop_check = fn;
}

void ev_stop(struct ev_loop *loop)
{
    loop->stop = 1;
}

/* ------------------------------------------------------------- file I/O */

/* What the kernel returns with fd's events: the fd plus its slot's
 * generation.  Events are collected before any callback runs, so by the
 * time one is dispatched its fd may have been unwatched, closed, and the
 * number reused for a new client and watched again.  The generation tells
 * the new registration from the old, so the new client never gets the old
 * one's event (and, level-triggered, loses nothing: it reports again). */
static uint64_t tag_of(const struct ev_loop *loop, int fd)
{
    return (uint64_t)loop->files[fd].gen << 32 | (uint32_t)fd;
}

static int check_fd(const struct ev_loop *loop, int fd)
{
    errno = fd < 0 ? EBADF : ERANGE;
    return fd >= 0 && fd < loop->max_fds ? 0 : -1;
}

int ev_watch(struct ev_loop *loop, int fd, int mask, ev_io_fn *fn, void *arg)
{
    if (check_fd(loop, fd) < 0)
        return -1;
    if (!fn || mask == 0 || (mask & ~EV_BOTH)) {
        errno = EINVAL;
        return -1;
    }
    struct ev_file *f = &loop->files[fd];
    int now = f->mask | mask;
    /* Unchanged set: no epoll_ctl, just (maybe) new callbacks. */
    if (now != f->mask &&
        backend_set(loop, fd, f->mask, now, tag_of(loop, fd)) < 0)
        return -1;
    f->mask = now;
    if (mask & EV_READABLE) {
        f->rfn = fn;
        f->rarg = arg;
    }
    if (mask & EV_WRITABLE) {
        f->wfn = fn;
        f->warg = arg;
    }
    return 0;
}

void ev_unwatch(struct ev_loop *loop, int fd, int mask)
{
    if (fd < 0 || fd >= loop->max_fds)
        return;
    struct ev_file *f = &loop->files[fd];
    int now = f->mask & ~mask;
    if (now == f->mask)
        return;
    /* An error here means fd was closed first, which already took it out of
     * the kernel's set (unless a copy lives on - see ev.h); the slot is
     * cleared either way. */
    backend_set(loop, fd, f->mask, now, tag_of(loop, fd));
    if (!(now & EV_READABLE)) {
        f->rfn = NULL;
        f->rarg = NULL;
    }
    if (!(now & EV_WRITABLE)) {
        f->wfn = NULL;
        f->warg = NULL;
    }
    f->mask = now;
    if (now == 0)
        f->gen++; /* events already collected for fd are now stale */
}

int ev_mask(const struct ev_loop *loop, int fd)
{
    return fd >= 0 && fd < loop->max_fds ? loop->files[fd].mask : 0;
}

/* Serve one collected event; 1 if a callback ran.  Every callback may
 * change any slot, so the slot is checked again before each call. */
static int dispatch_io(struct ev_loop *loop, uint64_t tag, int fired)
{
    int fd = (int)(uint32_t)tag;
    unsigned gen = (unsigned)(tag >> 32);
    struct ev_file *f = &loop->files[fd];
    int mask = fired & f->mask;
    if (f->gen != gen || mask == 0)
        return 0; /* unwatched earlier in this turn */
    if (mask == EV_BOTH && f->rfn == f->wfn && f->rarg == f->warg) {
        f->rfn(loop, fd, EV_BOTH, f->rarg);
        return 1;
    }
    /* Read first: a request read now can be answered in the same turn. */
    if (mask & EV_READABLE)
        f->rfn(loop, fd, EV_READABLE, f->rarg);
    if ((mask & EV_WRITABLE) && f->gen == gen && (f->mask & EV_WRITABLE))
        f->wfn(loop, fd, EV_WRITABLE, f->warg);
    return 1;
}

/* ---------------------------------------------------------------- timers */

/* Timers are a singly linked list sorted by due time.  The nearest is the
 * head, so each turn's "how long may I sleep" is O(1); adding and deleting
 * walk the list, O(n).  A server has a handful of timers (the AOF's
 * once-a-second work, the cron, expiry's active cycle; idle clients are
 * found by the cron, not one timer each), where a list beats anything
 * cleverer.  Ten thousand timers would want a binary heap: O(log n) add and
 * pop, plus an index per timer so ev_timer_del can find its slot. */

/* clock_ms() + ms, saturating instead of overflowing for huge ms. */
static long long due_at(long long ms)
{
    long long now = clock_ms();
    return ms > LLONG_MAX - now ? LLONG_MAX : now + ms;
}

/* Link t after every timer due no later than it, so timers due in the
 * same millisecond run in the order they were added. */
static void timer_insert(struct ev_timer **list, struct ev_timer *t)
{
    while (*list && (*list)->when <= t->when)
        list = &(*list)->next;
    t->next = *list;
    *list = t;
}

static struct ev_timer *timer_unlink(struct ev_timer **list, long long id)
{
    for (; *list; list = &(*list)->next) {
        if ((*list)->id == id) {
            struct ev_timer *t = *list;
            *list = t->next;
            return t;
        }
    }
    return NULL;
}

long long ev_timer_add(struct ev_loop *loop, long long ms, ev_timer_fn *fn,
                       void *arg)
{
    if (ms < 0 || !fn) {
        errno = EINVAL;
        return -1;
    }
    struct ev_timer *t = malloc(sizeof *t);
    if (!t)
        return -1;
    t->id = loop->next_id++;
    t->when = due_at(ms);
    t->fn = fn;
    t->arg = arg;
    timer_insert(&loop->timers, t);
    return t->id;
}

int ev_timer_del(struct ev_loop *loop, long long id)
{
    struct ev_timer *t = timer_unlink(&loop->timers, id);
    if (!t)
        t = timer_unlink(&loop->due, id);
    if (t) {
        free(t);
        return 0;
    }
    /* The running timer is in neither list; run_timers frees it. */
    if (loop->running && loop->running->id == id && !loop->running_deleted) {
        loop->running_deleted = 1;
        return 0;
    }
    errno = ENOENT;
    return -1;
}

/* Run the timers due now; how many ran.  They are a prefix of the sorted
 * list, cut off into loop->due first: a timer added or rescheduled by a
 * callback (even for 0 ms) goes to loop->timers and waits for the next
 * turn, so timers cannot keep this turn going while I/O starves.  Each
 * callback runs with its timer in neither list, which makes deleting it
 * (or any other timer) from inside a callback safe. */
static int run_timers(struct ev_loop *loop)
{
    long long now = clock_ms();
    struct ev_timer **cut = &loop->timers;
    while (*cut && (*cut)->when <= now)
        cut = &(*cut)->next;
    if (cut == &loop->timers)
        return 0;
    loop->due = loop->timers;
    loop->timers = *cut;
    *cut = NULL;
    int n = 0;
    while (loop->due) {
        struct ev_timer *t = loop->due;
        loop->due = t->next;
        loop->running = t;
        loop->running_deleted = 0;
        long long next = t->fn(loop, t->id, t->arg);
        loop->running = NULL;
        if (next < 0 || loop->running_deleted) {
            free(t);
        } else {
            t->when = due_at(next);
            timer_insert(&loop->timers, t);
        }
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------ turns */

/* How long the wait may block: -1 is "until an fd or a signal wakes us". */
static int wait_ms(const struct ev_loop *loop, int flags)
{
    if ((flags & EV_NOWAIT) || loop->stop)
        return 0;
    if (!loop->timers)
        return -1;
    long long ms = loop->timers->when - clock_ms();
    return ms < 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

int ev_run_once(struct ev_loop *loop, int flags)
{
    if (loop->before_sleep)
        loop->before_sleep(loop, loop->before_sleep_arg);
    /* After before_sleep: it may have added a timer or called ev_stop. */
    int n = backend_wait(loop, wait_ms(loop, flags));
    if (n < 0) {
        if (errno != EINTR)
            return -1;
        n = 0; /* a signal: an ordinary wake-up, the stop check follows */
    }
    int served = 0;
    for (int i = 0; i < n; i++) {
        int fired;
        uint64_t tag = backend_event(loop, i, &fired);
        served += dispatch_io(loop, tag, fired);
    }
    return served + run_timers(loop);
}

/* A signal that lands between the stop check and the wait is noticed at the
 * next wake-up; the server's periodic timer bounds how long that takes. */
int ev_run(struct ev_loop *loop)
{
    int rc = 0;
    while (!loop->stop && !(loop->stop_check && loop->stop_check())) {
        rc = ev_run_once(loop, 0);
        if (rc < 0)
            break;
    }
    loop->stop = 0; /* so the loop can be run again */
    return rc < 0 ? -1 : 0;
}
