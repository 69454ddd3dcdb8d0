/* cmd_conn.c - the connection commands: PING, ECHO, QUIT, COMMAND.
 *
 * Every RESP stage has these.  COMMAND matters more than it looks:
 * redis-cli asks the server for its command list to build help and
 * hints, and a malformed answer there breaks the interactive client
 * without a word.  So COMMAND, COMMAND INFO and COMMAND COUNT answer from
 * the real command table in Redis 7's reply shape, and COMMAND DOCS is
 * refused with the "unknown subcommand" error - which redis-cli
 * understands and answers by using the help built into it. */
#include "cmd_conn.h"

#include "client.h"
#include "resp.h"

#include <string.h>

static void cmd_ping(struct client *c)
{
    if (c->argc > 2)
        cmd_add_arity_error(&c->reply, "ping");
    else if (c->argc == 2)
        resp_add_bulk(&c->reply, c->argv[1], c->argvlen[1]);
    else
        resp_add_simple(&c->reply, "PONG");
}

static void cmd_echo(struct client *c)
{
    resp_add_bulk(&c->reply, c->argv[1], c->argvlen[1]);
}

static void cmd_quit(struct client *c)
{
    resp_add_simple(&c->reply, "OK");
    c->close_after_reply = 1;
}

/* Split the space-separated flags into a set of simple strings. */
static void add_flags(struct buf *reply, int proto, const char *flags)
{
    size_t n = 0;
    for (const char *p = flags + strspn(flags, " "); *p; p += strspn(p, " ")) {
        n++;
        p += strcspn(p, " ");
    }
    resp_add_set(reply, proto, n);
    struct buf word = {0};
    for (const char *p = flags + strspn(flags, " "); *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, " ");
        buf_clear(&word);
        buf_append(&word, p, len);
        buf_append(&word, "", 1);
        resp_add_simple(reply, word.data);
        p += len;
    }
    buf_free(&word);
}

/* One command's entry: name, arity, flags, first/last key, step, ACL
 * categories, tips, key specs, subcommands (the last four left empty). */
static void add_info(struct buf *reply, int proto, const struct cmd *cmd)
{
    resp_add_array(reply, 10);
    resp_add_bulk_str(reply, cmd->name);
    resp_add_integer(reply, cmd->arity);
    add_flags(reply, proto, cmd->flags);
    resp_add_integer(reply, cmd->first_key);
    resp_add_integer(reply, cmd->last_key);
    resp_add_integer(reply, cmd->key_step);
    for (int i = 0; i < 4; i++) /* ACL categories, tips, key specs, subcommands */
        resp_add_set(reply, proto, 0);
}

static void add_all_info(struct buf *reply, int proto, const struct cmd_table *t)
{
    resp_add_array(reply, t->n);
    for (size_t i = 0; i < t->n; i++)
        add_info(reply, proto, t->cmds[i]);
}

/* COMMAND INFO [name ...]: all commands, or each named one (null if unknown). */
static void command_info(struct client *c)
{
    const struct cmd_table *t = c->commands;
    if (c->argc == 2) {
        add_all_info(&c->reply, c->resp, t);
        return;
    }
    resp_add_array(&c->reply, (size_t)c->argc - 2);
    for (int i = 2; i < c->argc; i++) {
        const struct cmd *cmd = cmd_lookup(t, c->argv[i], c->argvlen[i]);
        if (cmd)
            add_info(&c->reply, c->resp, cmd);
        else
            resp_add_nil(&c->reply, c->resp);
    }
}

static void command_help(struct client *c)
{
    static const char *const lines[] = {
        "COMMAND <subcommand> [<arg> ...]. Subcommands are:",
        "(no subcommand)",
        "    Describe every command this server knows.",
        "COUNT",
        "    How many commands this server knows.",
        "LIST",
        "    The names of all commands.",
        "INFO [<command-name> ...]",
        "    Describe the named commands (all of them if none is named).",
        "HELP",
        "    Print this help.",
    };
    cmd_add_help(&c->reply, lines, sizeof lines / sizeof lines[0]);
}

void cmd_command(struct client *c)
{
    const struct cmd_table *t = c->commands;
    if (c->argc == 1) {
        add_all_info(&c->reply, c->resp, t);
    } else if (client_arg_is(c, 1, "count")) {
        if (c->argc != 2)
            cmd_add_arity_error(&c->reply, "command|count");
        else
            resp_add_integer(&c->reply, (long long)t->n);
    } else if (client_arg_is(c, 1, "list") && c->argc == 2) {
        resp_add_array(&c->reply, t->n);
        for (size_t i = 0; i < t->n; i++)
            resp_add_bulk_str(&c->reply, t->cmds[i]->name);
    } else if (client_arg_is(c, 1, "info")) {
        command_info(c);
    } else if (client_arg_is(c, 1, "help") && c->argc == 2) {
        command_help(c);
    } else {
        cmd_add_subcommand_error(&c->reply, c->argv[1], c->argvlen[1], "COMMAND");
    }
}

const struct cmd cmd_conn_group[] = {
    {"ping", cmd_ping, -1, "fast", 0, 0, 0},
    {"echo", cmd_echo, 2, "fast", 0, 0, 0},
    {"quit", cmd_quit, -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0},
    {"command", cmd_command, -1, "loading stale", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
