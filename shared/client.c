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
#include "server.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void client_init(struct client *c, int fd, const struct cmd_table *commands)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->commands = commands;
    c->resp = 2;
    c->authenticated = 1;
    resp_parser_init(&c->parser);
}

void client_set_authenticated(struct client *c, int yes)
{
    c->authenticated = yes;
    c->parser.unauthenticated = !yes;
}

int client_set_string(char **field, const char *s, size_t len)
{
    char *copy = NULL;
    if (s && len) {
        if (!(copy = malloc(len + 1)))
            return -1;
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    free(*field);
    *field = copy;
    return 0;
}

void client_free(struct client *c)
{
    buf_free(&c->query);
    buf_free(&c->reply);
    resp_parser_free(&c->parser);
    free(c->name);
    free(c->lib_name);
    free(c->lib_ver);
}

/* Commands whose first argument names a subcommand: CLIENT LIST reports
 * them as "client|list", as Redis does. */
static int has_subcommands(const char *name)
{
    static const char *const containers[] = {"client", "command", "config", "memory", "object"};
    if (name[0] != 'c' && name[0] != 'm' && name[0] != 'o')
        return 0; /* the common case, decided without a string compare */
    for (size_t i = 0; i < sizeof containers / sizeof containers[0]; i++)
        if (strcmp(name, containers[i]) == 0)
            return 1;
    return 0;
}

/* For CLIENT LIST's cmd= field.  Runs before every command, so it keeps
 * a pointer and copies bytes only for the rare subcommand. */
static void remember_command(struct client *c, const struct cmd *cmd)
{
    c->last_cmd = cmd;
    c->last_sub[0] = '\0';
    if (c->argc > 1 && has_subcommands(cmd->name)) {
        size_t n = 0;
        for (; n < c->argvlen[1] && n + 1 < sizeof c->last_sub; n++)
            c->last_sub[n] = (char)tolower((unsigned char)c->argv[1][n]);
        c->last_sub[n] = '\0';
    }
}

/* With a password set, a client that has not authenticated may run only
 * the commands marked no_auth (AUTH, HELLO, QUIT, RESET). */
static int refused_without_auth(struct client *c, const struct cmd *cmd)
{
    if (c->authenticated || strstr(cmd->flags, "no_auth"))
        return 0;
    resp_add_error(&c->reply, "NOAUTH Authentication required.");
    return 1;
}

static void run_command(struct client *c, client_exec_fn *exec, void *arg)
{
    const struct cmd *cmd = cmd_resolve(c->commands, c->argc, c->argv, c->argvlen, &c->reply);
    if (!cmd || refused_without_auth(c, cmd)) {
        if (c->server)
            c->server->stats.total_error_replies++; /* refused: never reaches exec */
        return;
    }
    if (c->server)
        remember_command(c, cmd);
    c->log_as.argc = c->log_as.nums = 0;
    if (exec)
        exec(c, cmd, arg);
    else
        cmd->proc(c);
    if (c->server) /* after: INFO does not count itself, as in Redis */
        c->server->stats.total_commands_processed++;
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
            if (c->server)
                c->server->stats.total_error_replies++;
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
