/* client.c - one connected client: its buffers, parser and current command.
 *
 * Data flow, the same in every RESP stage whatever does the I/O:
 *
 *   socket -> query buf -> resp_parse -> argv -> cmd_resolve -> handler
 *          -> reply buf -> socket
 *
 * client_process_input() runs as many commands as the query buffer holds
 * whole, so a pipeline of a thousand commands in one read costs one pass
 * and its replies leave in one write.  The threaded stages call it from a
 * blocking read loop (session.c); the event-loop stages from a readable
 * event.  Neither needs to know how commands are parsed or dispatched. */
#include "client.h"

#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void client_init(struct client *c, int fd, const struct cmd_table *commands)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->commands = commands;
    resp_parser_init(&c->parser);
}

void client_free(struct client *c)
{
    buf_free(&c->query);
    buf_free(&c->reply);
    resp_parser_free(&c->parser);
}

static void run_command(struct client *c, client_exec_fn *exec, void *arg)
{
    const struct cmd *cmd = cmd_resolve(c->commands, c->argc, c->argv, c->argvlen, &c->reply);
    if (!cmd)
        return;
    c->log_as.argc = c->log_as.nums = 0;
    if (exec)
        exec(c, cmd, arg);
    else
        cmd->proc(c);
}

void client_process_input(struct client *c, client_exec_fn *exec, void *arg)
{
    size_t pos = 0;
    while (!c->close_after_reply && pos < c->query.len) {
        long n = resp_parse(&c->parser, c->query.data + pos, c->query.len - pos);
        if (n == RESP_INCOMPLETE)
            break;
        if (n < 0) {
            resp_add_errorf(&c->reply, "ERR %s", c->parser.err);
            c->close_after_reply = 1;
            break;
        }
        c->argc = c->parser.argc;
        c->argv = (const char **)c->parser.argv;
        c->argvlen = c->parser.argvlen;
        if (c->argc > 0)
            run_command(c, exec, arg);
        pos += (size_t)n;
    }
    buf_consume(&c->query, pos);
}

int client_arg_is(const struct client *c, int i, const char *word)
{
    size_t n = strlen(word);
    return i < c->argc && c->argvlen[i] == n && strncasecmp(c->argv[i], word, n) == 0;
}

void client_log_arg(struct client *c, const char *s, size_t len)
{
    struct client_log_as *l = &c->log_as;
    if (l->argc >= CLIENT_LOG_MAXARGS)
        abort();
    l->argv[l->argc] = s;
    l->argvlen[l->argc++] = len;
}

void client_log_arg_str(struct client *c, const char *s)
{
    client_log_arg(c, s, strlen(s));
}

void client_log_arg_num(struct client *c, long long v)
{
    struct client_log_as *l = &c->log_as;
    if (l->nums >= 2)
        abort();
    char *s = l->num[l->nums++];
    client_log_arg(c, s, (size_t)snprintf(s, sizeof l->num[0], "%lld", v));
}

void client_log_arg_from(struct client *c, int i)
{
    client_log_arg(c, c->argv[i], c->argvlen[i]);
}
