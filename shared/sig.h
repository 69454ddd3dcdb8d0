/* sig.h - turn SIGTERM and SIGINT into a flag the main loop polls. */
#ifndef SIG_H
#define SIG_H

/* Catch SIGTERM and SIGINT (without SA_RESTART, so a blocking poll or
 * epoll_wait returns EINTR and the loop sees the request) and ignore
 * SIGPIPE (a client that hung up must cost a failed write, not the
 * process). */
void sig_install(void);
/* The signal number that asked us to stop, or 0. */
int sig_stop_requested(void);

#endif
