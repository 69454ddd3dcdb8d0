/* net.h - TCP listening sockets and the socket options servers need. */
#ifndef NET_H
#define NET_H

#include <stddef.h>

#define NET_ERR_LEN 256

/* Listen on host:port (IPv4 or IPv6 literal or name); port 0 lets the
 * kernel choose.  Returns the fd, or -1 with a message in err. */
int net_listen(const char *host, int port, int backlog, char *err);
/* The local port a socket is bound to, or -1. */
int net_local_port(int fd);
/* Accept one connection, retrying EINTR; -1 with errno set on failure
 * (EAGAIN on a non-blocking socket with nothing pending). */
int net_accept(int listen_fd);
/* A connected socket's two ends as "ip:port" ("[ip]:port" for IPv6). */
void net_describe(int fd, char *peer, size_t peercap, char *local, size_t localcap);
int net_set_nonblock(int fd);
/* Send small replies at once instead of waiting to coalesce (Nagle). */
int net_set_nodelay(int fd);
/* Write all n bytes to a blocking socket, retrying EINTR and short
 * writes; 0, or -1 with errno set. */
int net_write_all(int fd, const void *data, size_t n);

#endif
