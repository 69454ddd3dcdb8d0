/* wire.c - send raw bytes to a server and show exactly what came back.
 *
 * redis-cli hides the wire: it forgives a missing CR, prints (nil) for two
 * different null replies, and closes gracefully.  Tests that care about
 * bytes use this instead:
 *
 *     printf 'PING\r\n' | wire -p 6379 -n 1     prints  +PONG\r\n
 *
 * stdin is sent as is (all at once, or in -c N byte pieces, to show that
 * the server reassembles commands split anywhere).  The reply is printed
 * with \r \n \t \\ and \xHH escapes so a test can compare it as text, and
 * "<closed>" is added when the server closed the connection.  Reading
 * stops after -n complete RESP replies, at close, or when nothing arrived
 * for -i milliseconds (default 500; ten times that for the first byte
 * when -n is given; every wait is bounded). */
#include "buf.h"
#include "net.h"
#include "resp.h"

#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int connect_local(int port)
{
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("wire: connect");
        exit(2);
    }
    net_set_nodelay(fd);
    return fd;
}

static void send_input(int fd, const struct buf *in, size_t chunk)
{
    struct timespec pause = {0, 2 * 1000 * 1000};
    if (chunk == 0)
        chunk = in->len ? in->len : 1;
    for (size_t off = 0; off < in->len; off += chunk) {
        size_t n = in->len - off < chunk ? in->len - off : chunk;
        if (net_write_all(fd, in->data + off, n) < 0)
            return; /* the server may have closed on us: show what it said */
        if (off + n < in->len)
            nanosleep(&pause, NULL);
    }
}

/* How many complete replies are at the start of data. */
static int count_replies(const char *data, size_t len)
{
    int count = 0;
    long n;
    while (len > 0 && (n = resp_read_reply(data, len)) > 0) {
        data += n;
        len -= (size_t)n;
        count++;
    }
    return count;
}

static void print_escaped(const struct buf *b)
{
    for (size_t i = 0; i < b->len; i++) {
        unsigned char ch = (unsigned char)b->data[i];
        if (ch == '\r') fputs("\\r", stdout);
        else if (ch == '\n') fputs("\\n", stdout);
        else if (ch == '\t') fputs("\\t", stdout);
        else if (ch == '\\') fputs("\\\\", stdout);
        else if (ch < 32 || ch > 126) printf("\\x%02x", ch);
        else putchar(ch);
    }
}

int main(int argc, char **argv)
{
    int port = 6379, want = 0, idle_ms = 500, opt;
    size_t chunk = 0;
    while ((opt = getopt(argc, argv, "p:n:c:i:")) != -1) {
        if (opt == 'p') port = atoi(optarg);
        else if (opt == 'n') want = atoi(optarg);
        else if (opt == 'c') chunk = (size_t)atol(optarg);
        else if (opt == 'i') idle_ms = atoi(optarg);
        else {
            fprintf(stderr, "usage: wire [-p port] [-n replies] [-c chunk] [-i idle_ms] < bytes\n");
            return 2;
        }
    }
    struct buf in = {0}, out = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0)
        buf_append(&in, tmp, n);
    int fd = connect_local(port);
    send_input(fd, &in, chunk);
    int closed = 0;
    struct pollfd p = {fd, POLLIN, 0};
    while (!(want > 0 && count_replies(out.data, out.len) >= want)) {
        /* With -n, the first byte may take a while (a slow or sanitized
         * server); once a reply has started, silence means it is done. */
        if (poll(&p, 1, want > 0 && out.len == 0 ? 10 * idle_ms : idle_ms) <= 0)
            break;
        ssize_t r = read(fd, tmp, sizeof tmp);
        if (r <= 0) {
            closed = 1;
            break;
        }
        buf_append(&out, tmp, (size_t)r);
    }
    print_escaped(&out);
    if (closed)
        fputs("<closed>", stdout);
    putchar('\n');
    close(fd);
    buf_free(&in);
    buf_free(&out);
    return 0;
}
