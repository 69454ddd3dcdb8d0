/* rung-01: a TCP server with a thread per client that answers PING.
 *
 * The first server: listen, accept, and give each connection a thread
 * that reads lines.  A line that says PING gets +PONG; any other line is
 * sent back as it came (an echo server, handy with nc).  That is enough
 * for `redis-cli ping`, which sends
 *
 *     *1\r\n$4\r\nPING\r\n
 *
 * - three lines, of which we skip the two that start with '*' and '$'.
 * Skipping them is a trick, not a parser: a value that happens to begin
 * with '$' would be lost.  Stage 02 replaces the trick with RESP.
 * See docs/01-ping.md. */
#include "buf.h"
#include "net.h"
#include "threadsrv.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_LINE (64 * 1024)

/* Answer one whole line (with its '\n', and maybe a '\r' before it). */
static int answer_line(int fd, const char *line, size_t len)
{
    size_t text = len - 1;
    if (text > 0 && line[text - 1] == '\r')
        text--;
    if (text > 0 && (line[0] == '*' || line[0] == '$'))
        return 0; /* redis-cli's framing: how many parts, how long */
    if (text == 4 && strncasecmp(line, "PING", 4) == 0)
        return net_write_all(fd, "+PONG\r\n", 7);
    return net_write_all(fd, line, len);
}

/* Answer every whole line in b and keep the unfinished tail.  A "line"
 * that grows past MAX_LINE without a newline is echoed as it is, so one
 * client cannot make us buffer without bound. */
static int answer_lines(int fd, struct buf *b)
{
    size_t start = 0;
    char *nl;
    while ((nl = memchr(b->data + start, '\n', b->len - start)) != NULL) {
        size_t len = (size_t)(nl - (b->data + start)) + 1;
        if (answer_line(fd, b->data + start, len) < 0)
            return -1;
        start += len;
    }
    buf_consume(b, start);
    if (b->len > MAX_LINE) {
        if (net_write_all(fd, b->data, b->len) < 0)
            return -1;
        buf_clear(b);
    }
    return 0;
}

static void serve_client(int fd, void *arg)
{
    (void)arg;
    struct buf in = {0};
    char chunk[4096];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || buf_append(&in, chunk, (size_t)n) < 0 || answer_lines(fd, &in) < 0)
            break;
    }
    buf_free(&in);
}

int main(int argc, char **argv)
{
    return threadsrv_main(argc, argv, "rung-01", serve_client, NULL);
}
