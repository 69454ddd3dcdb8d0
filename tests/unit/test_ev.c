/* test_ev.c - the event loop with socketpairs, a fake clock and a signal.
 *
 * I/O tests use non-blocking AF_UNIX socketpairs: one end is watched, the
 * test writes (or closes) the other.  Timer tests freeze the clock and run
 * turns with EV_NOWAIT, so no test sleeps to see a timer fire; only the
 * two tests about really blocking (until the nearest timer, until a
 * signal) wait, for 20-30 ms.  An alarm kills the run if a bug makes a
 * turn block forever, so a hang shows up as a failure, not a stuck CI. */
#include "clock.h"
#include "ev.h"
#include "test.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 1024

/* ------------------------------------------------------------- helpers */

static void make_pair(int sv[2])
{
    int rc = socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
    CHECK(rc == 0);
}

static void close_pair(const int sv[2])
{
    close(sv[0]);
    close(sv[1]);
}

static void put(int fd)
{
    ssize_t n = write(fd, "x", 1);
    CHECK(n == 1);
}

static void drain(int fd)
{
    char buf[256];
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

/* What I/O callbacks saw, in order.  kind: 'r' on_read, 'w' on_write,
 * 'i' on_io. */
struct io_log {
    int n;
    int fd[16], mask[16];
    char kind[16];
};

static void io_record(struct io_log *log, int fd, int mask, char kind)
{
    if (log->n < 16) {
        log->fd[log->n] = fd;
        log->mask[log->n] = mask;
        log->kind[log->n] = kind;
    }
    log->n++;
}

/* Records and drains, as a server's read handler would. */
static void on_io(struct ev_loop *loop, int fd, int mask, void *arg)
{
    (void)loop;
    io_record(arg, fd, mask, 'i');
    if (mask & EV_READABLE)
        drain(fd);
}

/* Records only: leaves the data there, to show level triggering. */
static void on_read(struct ev_loop *loop, int fd, int mask, void *arg)
{
    (void)loop;
    io_record(arg, fd, mask, 'r');
}

static void on_write(struct ev_loop *loop, int fd, int mask, void *arg)
{
    (void)loop;
    io_record(arg, fd, mask, 'w');
}

/* A read handler that finds nothing more to send and stops watching
 * writes, as a server does once its output is gone. */
static void on_read_unwatch_w(struct ev_loop *loop, int fd, int mask,
                              void *arg)
{
    io_record(arg, fd, mask, 'r');
    ev_unwatch(loop, fd, EV_WRITABLE);
}

/* ----------------------------------------------------------------- clock */

static void test_clock(void)
{
    clock_set_fake(5000);
    CHECK(clock_ms() == 5000);
    CHECK(clock_us() == 5000000);
    CHECK(clock_unix_ms() == 5000);
    clock_advance_fake(250);
    CHECK(clock_ms() == 5250 && clock_unix_ms() == 5250);

    clock_use_real();
    long long a = clock_ms(), b = clock_ms();
    CHECK(a > 0 && b >= a);
    long long wall = (long long)time(NULL) * 1000;
    long long unix_ms = clock_unix_ms();
    CHECKF(unix_ms > wall - 2000 && unix_ms < wall + 2000, "unix %lld, time() %lld",
           unix_ms, wall);

    /* Advancing a real clock freezes it where it stands first. */
    clock_advance_fake(1000);
    long long adv = clock_unix_ms();
    CHECKF(adv >= unix_ms + 1000 && adv < unix_ms + 1000 + 1000,
           "advanced to %lld from %lld", adv, unix_ms);
    CHECK(clock_ms() >= b + 1000);
    clock_use_real();
}

/* -------------------------------------------------------------- refusals */

static void test_refusals(void)
{
    errno = 0;
    CHECK(ev_new(0) == NULL && errno == EINVAL);

    struct ev_loop *loop = ev_new(16);
    struct io_log log = {0};
    errno = 0;
    CHECK(ev_watch(loop, 16, EV_READABLE, on_io, &log) == -1 && errno == ERANGE);
    errno = 0;
    CHECK(ev_watch(loop, 1000, EV_READABLE, on_io, &log) == -1 && errno == ERANGE);
    errno = 0;
    CHECK(ev_watch(loop, -1, EV_READABLE, on_io, &log) == -1 && errno == EBADF);
    errno = 0;
    CHECK(ev_watch(loop, 0, 0, on_io, &log) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(ev_watch(loop, 0, 4, on_io, &log) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(ev_watch(loop, 0, EV_READABLE, NULL, &log) == -1 && errno == EINVAL);
    CHECK(ev_mask(loop, 16) == 0 && ev_mask(loop, -1) == 0);
    ev_unwatch(loop, 16, EV_READABLE); /* out of range: ignored */
    ev_unwatch(loop, -1, EV_READABLE);
    CHECK(ev_mask(loop, 3) == 0);

    errno = 0;
    CHECK(ev_timer_add(loop, -1, NULL, NULL) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(ev_timer_del(loop, 12345) == -1 && errno == ENOENT);
    ev_free(loop);
}

/* ------------------------------------------------------------------- I/O */

static void test_readable(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct io_log log = {0};
    int sv[2];
    make_pair(sv);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_io, &log) == 0);
    CHECK(ev_mask(loop, sv[0]) == EV_READABLE);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0 && log.n == 0);

    put(sv[1]);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(log.n == 1 && log.fd[0] == sv[0] && log.mask[0] == EV_READABLE);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0 && log.n == 1); /* drained */

    /* Level-triggered: data left unread is reported again next turn. */
    struct io_log peek = {0};
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_read, &peek) == 0);
    put(sv[1]);
    ev_run_once(loop, EV_NOWAIT);
    ev_run_once(loop, EV_NOWAIT);
    CHECKF(peek.n == 2 && log.n == 1, "peek %d, log %d", peek.n, log.n);

    ev_free(loop);
    close_pair(sv);
}

static void test_writable(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct io_log log = {0};
    int sv[2];
    make_pair(sv);
    CHECK(ev_watch(loop, sv[0], EV_WRITABLE, on_io, &log) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(log.n == 1 && log.fd[0] == sv[0] && log.mask[0] == EV_WRITABLE);
    ev_free(loop);
    close_pair(sv);
}

/* One fn/arg for both directions: one call with both bits.  Separate
 * callbacks: read first, then write - unless read unwatched write. */
static void test_both_directions(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct io_log log = {0};
    int sv[2];
    make_pair(sv);
    put(sv[1]);
    CHECK(ev_watch(loop, sv[0], EV_READABLE | EV_WRITABLE, on_read, &log) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(log.n == 1 && log.mask[0] == (EV_READABLE | EV_WRITABLE));

    log.n = 0;
    CHECK(ev_watch(loop, sv[0], EV_WRITABLE, on_write, &log) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECKF(log.n == 2 && log.kind[0] == 'r' && log.mask[0] == EV_READABLE &&
               log.kind[1] == 'w' && log.mask[1] == EV_WRITABLE,
           "n %d, first %c", log.n, log.kind[0]);

    log.n = 0;
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_read_unwatch_w, &log) == 0);
    ev_run_once(loop, EV_NOWAIT);
    CHECK(log.n == 1 && log.kind[0] == 'r');
    CHECK(ev_mask(loop, sv[0]) == EV_READABLE);
    ev_free(loop);
    close_pair(sv);
}

static void test_unwatch(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct io_log log = {0};
    int sv[2];
    make_pair(sv);
    put(sv[1]);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_read, &log) == 0);
    CHECK(ev_watch(loop, sv[0], EV_WRITABLE, on_write, &log) == 0);
    CHECK(ev_mask(loop, sv[0]) == (EV_READABLE | EV_WRITABLE));

    ev_unwatch(loop, sv[0], EV_WRITABLE); /* reading goes on */
    CHECK(ev_mask(loop, sv[0]) == EV_READABLE);
    ev_run_once(loop, EV_NOWAIT);
    CHECK(log.n == 1 && log.kind[0] == 'r');

    ev_unwatch(loop, sv[0], EV_READABLE); /* data still pending */
    ev_unwatch(loop, sv[0], EV_READABLE); /* twice is harmless */
    CHECK(ev_mask(loop, sv[0]) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0 && log.n == 1);

    /* Watching again finds the data still there. */
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_io, &log) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1 && log.n == 2);
    ev_free(loop);
    close_pair(sv);
}

/* An unchanged watch set makes no system call.  Observable trick: after
 * close(), the kernel would refuse any epoll_ctl on the fd with EBADF, so
 * re-watching the same direction succeeding proves none was made, and a
 * real change fails and leaves the mask as it was. */
static void test_unchanged_mask_is_free(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct io_log log = {0};
    int sv[2];
    make_pair(sv);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_io, &log) == 0);
    close(sv[0]);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_io, &log) == 0);
    errno = 0;
    CHECK(ev_watch(loop, sv[0], EV_WRITABLE, on_io, &log) == -1 && errno == EBADF);
    CHECK(ev_mask(loop, sv[0]) == EV_READABLE);
    ev_unwatch(loop, sv[0], EV_READABLE); /* after close: still clears */
    CHECK(ev_mask(loop, sv[0]) == 0);
    close(sv[1]);
    ev_free(loop);
}

/* Two fds ready in one batch; whichever callback runs first closes the
 * other.  If `reuse`, it also puts a new socket with unread data on the
 * closed number and watches it: the old batch's event must not reach it
 * (it is reported next turn instead). */
struct closer {
    struct ev_loop *loop;
    int a, b;        /* the two watched fds */
    int calls, first;
    int reuse;
    int peer;        /* writing end of the reusing socket */
    struct io_log fresh;
};

static void on_close_other(struct ev_loop *loop, int fd, int mask, void *arg)
{
    struct closer *c = arg;
    (void)mask;
    drain(fd);
    if (c->calls++ > 0)
        return;
    c->first = fd;
    int other = fd == c->a ? c->b : c->a;
    ev_unwatch(loop, other, EV_READABLE | EV_WRITABLE);
    close(other);
    if (c->reuse) {
        int sv[2];
        make_pair(sv); /* usually takes the lowest free number: other */
        if (sv[0] != other) {
            CHECK(dup2(sv[0], other) == other);
            close(sv[0]);
        }
        put(sv[1]);
        c->peer = sv[1];
        CHECK(ev_watch(loop, other, EV_READABLE, on_io, &c->fresh) == 0);
    }
}

static void close_in_batch(int reuse)
{
    struct closer c = {.reuse = reuse, .peer = -1};
    int a[2], b[2];
    make_pair(a);
    make_pair(b);
    put(a[1]);
    put(b[1]);
    c.loop = ev_new(MAX_FDS);
    c.a = a[0];
    c.b = b[0];
    CHECK(ev_watch(c.loop, a[0], EV_READABLE, on_close_other, &c) == 0);
    CHECK(ev_watch(c.loop, b[0], EV_READABLE, on_close_other, &c) == 0);
    int served = ev_run_once(c.loop, EV_NOWAIT);
    CHECKF(served == 1 && c.calls == 1, "reuse %d: served %d, calls %d", reuse,
           served, c.calls);
    CHECKF(c.fresh.n == 0, "reused fd got the old event");
    int other = c.first == a[0] ? b[0] : a[0];
    if (reuse) {
        ev_run_once(c.loop, EV_NOWAIT);
        CHECK(c.fresh.n == 1 && c.fresh.fd[0] == other && c.calls == 1);
        ev_unwatch(c.loop, other, EV_READABLE);
        close(other);
        close(c.peer);
    }
    ev_unwatch(c.loop, c.first, EV_READABLE);
    close(c.first);
    close(a[1]);
    close(b[1]);
    ev_free(c.loop);
}

static void test_close_in_batch(void)
{
    close_in_batch(0);
    close_in_batch(1);
}

/* A peer that hangs up wakes whichever direction is watched, and only
 * that one: a reader sees EOF, a writer with output pending sees EPIPE. */
static void test_hangup(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct io_log log = {0};
    int sv[2];
    make_pair(sv);
    close(sv[1]);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_read, &log) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(log.n == 1 && log.kind[0] == 'r' && log.mask[0] == EV_READABLE);
    char ch;
    CHECK(read(sv[0], &ch, 1) == 0);

    ev_unwatch(loop, sv[0], EV_READABLE);
    CHECK(ev_watch(loop, sv[0], EV_WRITABLE, on_write, &log) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(log.n == 2 && log.kind[1] == 'w' && log.mask[1] == EV_WRITABLE);
    ev_free(loop);
    close(sv[0]);
}

/* ---------------------------------------------------------------- timers */

struct timer_log {
    int n;
    long long id[16], at[16];
    long long period;      /* what on_timer returns */
    int stop_after;        /* if > 0: EV_TIMER_STOP once n reaches it */
};

static long long on_timer(struct ev_loop *loop, long long id, void *arg)
{
    struct timer_log *t = arg;
    (void)loop;
    if (t->n < 16) {
        t->id[t->n] = id;
        t->at[t->n] = clock_ms();
    }
    t->n++;
    if (t->stop_after > 0 && t->n >= t->stop_after)
        return EV_TIMER_STOP;
    return t->period;
}

static void test_timer_order(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct timer_log log = {.period = EV_TIMER_STOP};
    clock_set_fake(1000);
    long long a = ev_timer_add(loop, 30, on_timer, &log);
    long long b = ev_timer_add(loop, 10, on_timer, &log);
    long long c = ev_timer_add(loop, 20, on_timer, &log);
    long long d = ev_timer_add(loop, 10, on_timer, &log);
    CHECK(a > 0 && b > a && c > b && d > c);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0);
    clock_advance_fake(9);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0 && log.n == 0);
    clock_advance_fake(1);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 2);
    CHECK(log.n == 2 && log.id[0] == b && log.id[1] == d); /* ties: FIFO */
    clock_advance_fake(100);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 2);
    CHECKF(log.n == 4 && log.id[2] == c && log.id[3] == a, "n %d", log.n);
    /* EV_TIMER_STOP removed them all. */
    CHECK(ev_timer_del(loop, a) == -1 && ev_timer_del(loop, b) == -1);
    CHECK(ev_timer_del(loop, c) == -1 && ev_timer_del(loop, d) == -1);
    ev_free(loop);
    clock_use_real();
}

static void test_timer_period(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct timer_log log = {.period = 100, .stop_after = 3};
    clock_set_fake(0);
    long long id = ev_timer_add(loop, 100, on_timer, &log);
    const long long at[] = {100, 150, 200, 300, 400, 1000};
    const int expect[] = {1, 1, 2, 3, 3, 3};
    for (int i = 0; i < 6; i++) {
        clock_set_fake(at[i]);
        ev_run_once(loop, EV_NOWAIT);
        CHECKF(log.n == expect[i], "at %lld: %d runs, want %d", at[i], log.n,
               expect[i]);
    }
    CHECK(log.at[0] == 100 && log.at[1] == 200 && log.at[2] == 300);
    errno = 0;
    CHECK(ev_timer_del(loop, id) == -1 && errno == ENOENT);

    /* Period 0: once per turn, not forever within one turn. */
    struct timer_log zero = {.period = 0};
    id = ev_timer_add(loop, 0, on_timer, &zero);
    for (int i = 0; i < 3; i++)
        CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(zero.n == 3);
    CHECK(ev_timer_del(loop, id) == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0 && zero.n == 3);
    ev_free(loop);
    clock_use_real();
}

/* One timer deletes another due in the same turn, one not yet due, and
 * itself; then asks to run again, which must not happen. */
struct deleter {
    long long self, same_turn, later;
    int ran, self_again;
    struct timer_log victims;
};

static long long on_delete(struct ev_loop *loop, long long id, void *arg)
{
    struct deleter *d = arg;
    d->ran++;
    CHECK(id == d->self);
    CHECK(ev_timer_del(loop, d->same_turn) == 0);
    CHECK(ev_timer_del(loop, d->later) == 0);
    CHECK(ev_timer_del(loop, id) == 0);
    d->self_again = ev_timer_del(loop, id); /* already deleted: -1 */
    return 100;
}

static void test_timer_delete_inside(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct deleter d = {0};
    clock_set_fake(0);
    d.self = ev_timer_add(loop, 10, on_delete, &d);
    d.same_turn = ev_timer_add(loop, 10, on_timer, &d.victims);
    d.later = ev_timer_add(loop, 500, on_timer, &d.victims);
    clock_set_fake(10);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(d.ran == 1 && d.victims.n == 0 && d.self_again == -1);
    clock_set_fake(10000);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 0);
    CHECK(d.ran == 1 && d.victims.n == 0);
    CHECK(ev_timer_del(loop, d.self) == -1);
    ev_free(loop);
    clock_use_real();
}

/* A timer added by a timer, even for 0 ms, waits for the next turn. */
static long long on_add(struct ev_loop *loop, long long id, void *arg)
{
    (void)id;
    CHECK(ev_timer_add(loop, 0, on_timer, arg) > 0);
    return EV_TIMER_STOP;
}

static void test_timer_add_inside(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct timer_log log = {.period = EV_TIMER_STOP};
    clock_set_fake(0);
    ev_timer_add(loop, 0, on_add, &log);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1 && log.n == 0);
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1 && log.n == 1);
    ev_free(loop);
    clock_use_real();
}

/* The one real wait among the timer tests: a blocking turn with an idle
 * fd sleeps until the nearest timer, no less and not much more. */
static void test_timer_real_wait(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct timer_log log = {.period = EV_TIMER_STOP};
    struct io_log io = {0};
    int sv[2];
    make_pair(sv);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_io, &io) == 0);
    ev_timer_add(loop, 200000, on_timer, &log); /* far: must not shorten */
    ev_timer_add(loop, 20, on_timer, &log);
    long long t0 = clock_ms();
    int served = ev_run_once(loop, 0);
    long long took = clock_ms() - t0;
    CHECKF(served == 1 && log.n == 1 && io.n == 0, "served %d", served);
    CHECKF(took >= 20 && took < 500, "waited %lld ms for a 20 ms timer", took);
    ev_free(loop);
    close_pair(sv);
}

/* ---------------------------------------------------- hook, stop, signal */

struct hook_state {
    int calls;
    int io_seen_at_call[4]; /* io.n when the hook ran, per turn */
    int wake_fd;            /* first call writes here, -1 for none */
    int stop_at;            /* call ev_stop on this call, 0 for never */
    struct io_log io;
};

static void on_before_sleep(struct ev_loop *loop, void *arg)
{
    struct hook_state *h = arg;
    if (h->calls < 4)
        h->io_seen_at_call[h->calls] = h->io.n;
    h->calls++;
    if (h->calls == 1 && h->wake_fd >= 0)
        put(h->wake_fd);
    if (h->calls == h->stop_at)
        ev_stop(loop);
}

static void test_before_sleep(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    int sv[2];
    make_pair(sv);
    struct hook_state h = {.wake_fd = sv[1]};
    ev_set_before_sleep(loop, on_before_sleep, &h);
    CHECK(ev_watch(loop, sv[0], EV_READABLE, on_io, &h.io) == 0);
    /* The hook runs before the wait, so what it writes is seen the same
     * turn: group commit's replies go out before the loop sleeps. */
    CHECK(ev_run_once(loop, EV_NOWAIT) == 1);
    CHECK(h.calls == 1 && h.io.n == 1 && h.io_seen_at_call[0] == 0);
    ev_run_once(loop, EV_NOWAIT);
    ev_run_once(loop, EV_NOWAIT);
    CHECK(h.calls == 3 && h.io_seen_at_call[1] == 1);
    ev_set_before_sleep(loop, NULL, NULL);
    ev_run_once(loop, EV_NOWAIT);
    CHECK(h.calls == 3);

    /* A hook that stops a loop with nothing to wait for: no timer, no
     * ready fd, yet ev_run must not block (the alarm would catch it). */
    ev_unwatch(loop, sv[0], EV_READABLE);
    struct hook_state stopper = {.wake_fd = -1, .stop_at = 1};
    ev_set_before_sleep(loop, on_before_sleep, &stopper);
    CHECK(ev_run(loop) == 0 && stopper.calls == 1);
    ev_free(loop);
    close_pair(sv);
}

struct counter {
    int n, stop_at;
};

static long long on_tick(struct ev_loop *loop, long long id, void *arg)
{
    struct counter *c = arg;
    (void)id;
    if (++c->n == c->stop_at)
        ev_stop(loop);
    return 0;
}

static int checks_left;

static int stop_after_checks(void)
{
    return checks_left-- <= 0;
}

static void test_stop(void)
{
    struct ev_loop *loop = ev_new(MAX_FDS);
    struct counter c = {.stop_at = 5};
    ev_timer_add(loop, 0, on_tick, &c);
    CHECK(ev_run(loop) == 0 && c.n == 5);

    /* Stopped loops run again; the stop check ends one too. */
    checks_left = 3;
    ev_set_stop_check(loop, stop_after_checks);
    CHECK(ev_run(loop) == 0);
    CHECKF(c.n == 8, "ticks %d after 3 more turns", c.n);
    ev_set_stop_check(loop, NULL);

    /* ev_stop before ev_run: no turn at all. */
    ev_stop(loop);
    CHECK(ev_run(loop) == 0 && c.n == 8);
    ev_free(loop);
}

static volatile sig_atomic_t got_signal;

static void on_signal(int signo)
{
    got_signal = signo;
}

static int signal_seen(void)
{
    return got_signal != 0;
}

/* SIGTERM's path: nothing to wait for but a signal, which interrupts the
 * wait (EINTR); the stop check then ends ev_run.  A child sends it. */
static void test_signal_ends_run(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART, as sig.c installs it */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old);
    struct ev_loop *loop = ev_new(MAX_FDS);
    ev_set_stop_check(loop, signal_seen);
    long long t0 = clock_ms();
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec ts = {0, 30 * 1000 * 1000};
        nanosleep(&ts, NULL);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    CHECK(pid > 0);
    CHECK(ev_run(loop) == 0);
    CHECK(got_signal == SIGUSR1);
    CHECKF(clock_ms() - t0 < 2000, "took %lld ms", clock_ms() - t0);
    waitpid(pid, NULL, 0);
    ev_free(loop);
    sigaction(SIGUSR1, &old, NULL);
}

int main(void)
{
    alarm(10); /* a turn that blocks forever is a failure, not a hang */
    test_clock();
    test_refusals();
    test_readable();
    test_writable();
    test_both_directions();
    test_unwatch();
    test_unchanged_mask_is_free();
    test_close_in_batch();
    test_hangup();
    test_timer_order();
    test_timer_period();
    test_timer_delete_inside();
    test_timer_add_inside();
    test_timer_real_wait();
    test_before_sleep();
    test_stop();
    test_signal_ends_run();
    return test_report();
}
