/* listeners.c - open a listening socket for every configured address.
 *
 * A server may listen on several addresses at once (`--bind 127.0.0.1 ::1`),
 * so the stages get an array of fds and watch them all with poll or epoll. */
#include "listeners.h"

#include "log.h"
#include "net.h"

#include <stdio.h>
#include <unistd.h>

#define LISTEN_BACKLOG 511

int listeners_open(const struct config *c, int fds[CONFIG_MAX_BIND], char *err)
{
    int port = c->port;
    for (int i = 0; i < c->nbind; i++) {
        char why[NET_ERR_LEN];
        fds[i] = net_listen(c->bind[i], port, LISTEN_BACKLOG, why);
        if (fds[i] < 0) {
            snprintf(err, CONFIG_ERR_LEN, "Could not create server TCP listening socket %s:%d: %s",
                     c->bind[i], port, why);
            listeners_close(fds, i);
            return -1;
        }
        port = net_local_port(fds[i]);
        log_msg(LOG_NOTICE, "Listening on %s:%d", c->bind[i], port);
    }
    log_msg(LOG_NOTICE, "Ready to accept connections tcp on port %d", port);
    return c->nbind;
}

void listeners_close(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        close(fds[i]);
}
