/* threadsrv.c - the thread-per-client server of the early stages.
 *
 * The simplest concurrent server: the main thread waits on the listening
 * sockets with poll(), accepts, and starts a detached thread per
 * connection that runs the stage's serve function with blocking I/O.
 * Each client's code reads top to bottom like a single-client program,
 * which is why the tutorial starts here.  The cost - a stack and a kernel
 * thread per client, and locks around anything shared - is what stage 06
 * removes with an event loop (docs/06-epoll.md).
 *
 * On SIGTERM/SIGINT poll() returns EINTR and we return; client threads
 * are detached and end with the process. */
#include "threadsrv.h"

#include "boot.h"
#include "log.h"
#include "net.h"
#include "sig.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
    int fd;
    threadsrv_serve_fn *serve;
    void *arg;
};

static void *client_thread(void *p)
{
    struct job job = *(struct job *)p;
    free(p);
    job.serve(job.fd, job.arg);
    close(job.fd);
    return NULL;
}

static void start_client(int fd, threadsrv_serve_fn *serve, void *arg)
{
    struct job *job = malloc(sizeof *job);
    pthread_t tid;
    pthread_attr_t attr;
    if (!job) {
        close(fd);
        return;
    }
    *job = (struct job){fd, serve, arg};
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* A new thread inherits the signal mask: block SIGTERM/SIGINT in it,
     * so they always wake the main thread's poll(), never a client's read. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int rc = pthread_create(&tid, &attr, client_thread, job);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        log_msg(LOG_WARNING, "Cannot start a client thread: %s", strerror(rc));
        free(job);
        close(fd);
    }
    pthread_attr_destroy(&attr);
}

int threadsrv_run(const int *fds, int n, threadsrv_serve_fn *serve, void *arg)
{
    struct pollfd pfd[CONFIG_MAX_BIND];
    for (int i = 0; i < n && i < CONFIG_MAX_BIND; i++)
        pfd[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    while (!sig_stop_requested()) {
        if (poll(pfd, (nfds_t)n, -1) < 0) {
            if (errno == EINTR)
                continue;
            log_msg(LOG_WARNING, "poll: %s", strerror(errno));
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (!(pfd[i].revents & POLLIN))
                continue;
            int fd = net_accept(fds[i]);
            if (fd >= 0) {
                net_set_nodelay(fd);
                start_client(fd, serve, arg);
            } else {
                /* Out of fds, say: the socket stays readable, so pause
                 * instead of spinning on poll(). */
                log_msg(LOG_WARNING, "Accepting client connection: %s", strerror(errno));
                poll(NULL, 0, 100);
            }
        }
    }
    return 0;
}

int threadsrv_main(int argc, char **argv, const char *name,
                   threadsrv_serve_fn *serve, void *arg)
{
    struct config cfg;
    int fds[CONFIG_MAX_BIND];
    int n = boot_start(argc, argv, name, NULL, &cfg, fds);
    if (n <= 0)
        return n < 0;
    int rc = threadsrv_run(fds, n, serve, arg);
    boot_stop(fds, n);
    return rc < 0;
}
