/* crowd.c - many clients at once, interleaved, each checking its own data.
 *
 *     crowd -p PORT -c 1000 -r 3 -k PREFIX
 *
 * Opens -c connections and keeps them all open.  Each round, every client
 * sends SET PREFIX:i v-i-round, then every client reads its reply; then
 * every client sends GET PREFIX:i, then every client reads and checks the
 * value it gets is its own.  Sending on all before reading on any is the
 * point: a server that serves clients one at a time, or mixes up whose
 * reply is whose, fails.  Every read waits at most 10 s.  Prints "ok ..."
 * and exits 0, or says which client got what, and exits 1. */
#include "buf.h"
#include "net.h"
#include "resp.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int connect_local(int port)
{
    struct sockaddr_in sa = {0};
    struct timeval tv = {10, 0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

/* Read one whole reply into out (cleared first); 0, or -1. */
static int read_reply(int fd, struct buf *out)
{
    char tmp[4096];
    buf_clear(out);
    while (out->len == 0 || resp_read_reply(out->data, out->len) == 0) {
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n <= 0)
            return -1;
        buf_append(out, tmp, (size_t)n);
    }
    return resp_read_reply(out->data, out->len) > 0 ? 0 : -1;
}

static int send_cmd(int fd, const char *cmd, const char *key, const char *val)
{
    struct buf b = {0};
    resp_add_array(&b, val ? 3 : 2);
    resp_add_bulk_str(&b, cmd);
    resp_add_bulk_str(&b, key);
    if (val)
        resp_add_bulk_str(&b, val);
    int rc = net_write_all(fd, b.data, b.len);
    buf_free(&b);
    return rc;
}

/* One round: everyone SETs, everyone reads; everyone GETs, everyone checks. */
static int round_trip(const int *fds, int n, const char *prefix, int round)
{
    char key[256], val[64], want[128];
    struct buf got = {0};
    int bad = 0;
    for (int pass = 0; pass < 2 && !bad; pass++) {
        for (int i = 0; i < n; i++) {
            snprintf(key, sizeof key, "%s:%d", prefix, i);
            snprintf(val, sizeof val, "v-%d-%d", i, round);
            send_cmd(fds[i], pass ? "GET" : "SET", key, pass ? NULL : val);
        }
        for (int i = 0; i < n && !bad; i++) {
            snprintf(val, sizeof val, "v-%d-%d", i, round);
            snprintf(want, sizeof want, pass ? "$%zu\r\n%s\r\n" : "+OK\r\n", strlen(val), val);
            if (read_reply(fds[i], &got) < 0 || got.len != strlen(want) || memcmp(got.data, want, got.len)) {
                printf("client %d, round %d, %s: expected %s got %.*s\n", i, round,
                       pass ? "GET" : "SET", want, (int)got.len, got.data ? got.data : "");
                bad = 1;
            }
        }
    }
    buf_free(&got);
    return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
    int port = 6379, n = 100, rounds = 1, opt;
    const char *prefix = "crowd";
    while ((opt = getopt(argc, argv, "p:c:r:k:")) != -1) {
        if (opt == 'p') port = atoi(optarg);
        else if (opt == 'c') n = atoi(optarg);
        else if (opt == 'r') rounds = atoi(optarg);
        else if (opt == 'k') prefix = optarg;
        else return 2;
    }
    struct rlimit rl = {(rlim_t)n + 64, (rlim_t)n + 64};
    setrlimit(RLIMIT_NOFILE, &rl); /* may fail: then connect() will say so */
    int *fds = calloc((size_t)n, sizeof *fds);
    for (int i = 0; i < n; i++)
        if ((fds[i] = connect_local(port)) < 0) {
            printf("connection %d failed\n", i);
            return 1;
        }
    int rc = 0;
    for (int r = 0; r < rounds && rc == 0; r++)
        rc = round_trip(fds, n, prefix, r);
    if (rc == 0)
        printf("ok %d clients x %d rounds\n", n, rounds);
    for (int i = 0; i < n; i++)
        close(fds[i]);
    free(fds);
    return rc ? 1 : 0;
}
