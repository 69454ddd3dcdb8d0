/* test_net.c - listening sockets: port 0, IPv4 and IPv6, write_all. */
#include "net.h"
#include "test.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_to(int family, int port)
{
    int fd = socket(family, SOCK_STREAM, 0);
    struct sockaddr_storage ss = {0};
    socklen_t len;
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((unsigned short)port);
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((unsigned short)port);
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    }
    if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, len) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Listen on host port 0, connect, send bytes through, read them back. */
static void round_trip(const char *host, int family)
{
    char err[NET_ERR_LEN];
    int lfd = net_listen(host, 0, 16, err);
    CHECKF(lfd >= 0, "listen on %s: %s", host, err);
    if (lfd < 0)
        return;
    int port = net_local_port(lfd);
    CHECK(port > 0);
    int cfd = connect_to(family, port);
    CHECK(cfd >= 0);
    int sfd = net_accept(lfd);
    CHECK(sfd >= 0);
    CHECK(net_set_nodelay(sfd) == 0);
    CHECK(net_write_all(sfd, "a\0\r\n", 4) == 0);
    char got[4];
    CHECK(read(cfd, got, 4) == 4 && memcmp(got, "a\0\r\n", 4) == 0);
    CHECK(net_set_nonblock(lfd) == 0);
    CHECK(net_accept(lfd) == -1); /* nothing pending: EAGAIN */
    close(cfd);
    close(sfd);
    close(lfd);
}

static void test_errors(void)
{
    char err[NET_ERR_LEN];
    CHECK(net_listen("no.such.host.invalid", 0, 16, err) == -1 && err[0] != '\0');
    int a = net_listen("127.0.0.1", 0, 16, err);
    int b = net_listen("127.0.0.1", net_local_port(a), 16, err);
    CHECKF(b == -1 && strstr(err, "in use") != NULL, "second bind: %s", err);
    close(a);
}

int main(void)
{
    round_trip("127.0.0.1", AF_INET);
    round_trip("::1", AF_INET6);
    test_errors();
    return test_report();
}
