/* threadsrv.h - the thread-per-client server of the early stages. */
#ifndef THREADSRV_H
#define THREADSRV_H

/* Serves one connection until it ends; must not close fd (the caller does). */
typedef void threadsrv_serve_fn(int fd, void *arg);

/* Accept connections on the n listening fds and run serve(fd, arg) for
 * each on a thread of its own.  Returns when SIGTERM or SIGINT arrives
 * (see sig.h; call sig_install() first) or on a fatal error (-1). */
int threadsrv_run(const int *fds, int n, threadsrv_serve_fn *serve, void *arg);

/* The whole life of a threaded server: boot_start() (flags, signals,
 * sockets), threadsrv_run(), boot_stop().  Returns main()'s exit status. */
int threadsrv_main(int argc, char **argv, const char *name,
                   threadsrv_serve_fn *serve, void *arg);

#endif
