/* sig.c - turn SIGTERM and SIGINT into a flag the main loop polls.
 *
 * A signal handler may run between any two instructions, so it does the
 * one thing that is always safe: store to a volatile sig_atomic_t.  The
 * main loop notices at its next wake-up and shuts down in order (flush,
 * close, exit 0) instead of dying mid-write. */
#include "sig.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_signal;

static void on_stop(int signo)
{
    stop_signal = signo;
}

void sig_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

int sig_stop_requested(void)
{
    return stop_signal;
}
