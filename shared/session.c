/* session.c - serve one RESP client over a blocking socket (threaded stages).
 *
 * The loop a learner would write first: read what arrived, run every whole
 * command in it, write all the replies, repeat.  TCP is a byte stream, so
 * one read may hold half a command or fifty; client_process_input() keeps
 * the unfinished tail for the next read.  Writing once per read (not once
 * per command) is what makes pipelining fast even here. */
#include "session.h"

#include "log.h"
#include "net.h"

#include <errno.h>
#include <unistd.h>

#define READ_CHUNK (16 * 1024)

/* Read more bytes into the query buffer: >0 bytes read, 0 EOF, -1 error. */
static ssize_t read_more(struct client *c)
{
    if (buf_reserve(&c->query, READ_CHUNK) < 0)
        return -1;
    ssize_t n;
    do
        n = read(c->fd, c->query.data + c->query.len, READ_CHUNK);
    while (n < 0 && errno == EINTR);
    if (n > 0)
        c->query.len += (size_t)n;
    return n;
}

void session_serve(int fd, void *arg)
{
    const struct session_opts *o = arg;
    struct client c;
    client_init(&c, fd, o->commands);
    c.db = o->db;
    while (!c.close_after_reply && read_more(&c) > 0) {
        client_process_input(&c, o->exec, o->exec_arg);
        if (net_write_all(fd, c.reply.data, c.reply.len) < 0)
            break;
        buf_clear(&c.reply);
        if (c.query.len > CLIENT_QUERY_LIMIT) {
            log_msg(LOG_WARNING, "Closing client that reached max query buffer length");
            break;
        }
    }
    client_free(&c);
}
