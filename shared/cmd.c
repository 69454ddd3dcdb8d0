/* cmd.c - the command table: name, arity, flags, handler; lookup and checks.
 *
 * Every command is a row {name, handler, arity, flags, key positions}.
 * Dispatch is one lookup plus one arity check done here, once, for every
 * command - not a strcmp ladder with a copy of the checks in each branch.
 * Stages build their table from groups (connection commands, keyspace
 * commands, ...), which is how a later stage adds commands without
 * copying an earlier stage's list - and how it upgrades one: a group
 * added later replaces an earlier group's command of the same name
 * (stage 07's SET, with options, replaces stage 03's).  The table is sorted once at start;
 * lookup lowercases the name into a small stack buffer and binary-searches.
 *
 * The error texts are Redis's, byte for byte: clients and tests match them. */
#include "cmd.h"

#include "buf.h"
#include "resp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CMD_NAME_MAX 64

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const struct cmd *const *)a)->name, (*(const struct cmd *const *)b)->name);
}

int cmd_table_add(struct cmd_table *t, const struct cmd *group)
{
    size_t n = 0;
    while (group[n].name)
        n++;
    const struct cmd **p = realloc(t->cmds, (t->n + n) * sizeof *p);
    if (!p)
        return -1;
    t->cmds = p;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < t->n && strcmp(p[j]->name, group[i].name) != 0)
            j++;
        p[j] = &group[i]; /* a later group's command replaces an earlier one */
        if (j == t->n)
            t->n++;
    }
    qsort(t->cmds, t->n, sizeof *t->cmds, by_name);
    return 0;
}

void cmd_table_free(struct cmd_table *t)
{
    free(t->cmds);
    t->cmds = NULL;
    t->n = 0;
}

const struct cmd *cmd_lookup(const struct cmd_table *t, const char *name, size_t len)
{
    char lower[CMD_NAME_MAX];
    if (len >= sizeof lower)
        return NULL;
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)name[i]);
    lower[len] = '\0';
    if (strlen(lower) != len)
        return NULL; /* a NUL inside the name never matches */
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(lower, t->cmds[mid]->name);
        if (c == 0)
            return t->cmds[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Append s, at most max bytes and stopping at a NUL, as Redis's C
 * formatting of the name does.  (CR and LF become spaces later, in
 * resp_add_error: an error reply is always one line.) */
static void append_name(struct buf *b, const char *s, size_t len, size_t max)
{
    size_t n = len < max ? len : max;
    const char *nul = memchr(s, '\0', n);
    buf_append(b, s, nul ? (size_t)(nul - s) : n);
}

static void add_unknown_error(struct buf *reply, int argc, const char **argv,
                              const size_t *argvlen)
{
    struct buf msg = {0};
    buf_append_str(&msg, "ERR unknown command '");
    append_name(&msg, argv[0], argvlen[0], 128);
    buf_append_str(&msg, "', with args beginning with: ");
    /* Redis lists arguments until their quoted text reaches 128 bytes. */
    size_t args_start = msg.len;
    for (int i = 1; i < argc && msg.len - args_start < 128; i++) {
        buf_append(&msg, "'", 1);
        append_name(&msg, argv[i], argvlen[i], 128 - (msg.len - 1 - args_start));
        buf_append(&msg, "' ", 2);
    }
    buf_append(&msg, "", 1); /* the NUL that makes it a C string */
    resp_add_error(reply, msg.data);
    buf_free(&msg);
}

void cmd_add_arity_error(struct buf *reply, const char *name)
{
    resp_add_errorf(reply, "ERR wrong number of arguments for '%s' command", name);
}

void cmd_add_subcommand_error(struct buf *reply, const char *sub, size_t len, const char *cmd)
{
    struct buf msg = {0};
    buf_append_str(&msg, "ERR unknown subcommand '");
    append_name(&msg, sub, len, 128);
    buf_printf(&msg, "'. Try %s HELP.", cmd); /* buf_printf leaves a NUL after */
    resp_add_error(reply, msg.data);
    buf_free(&msg);
}

const struct cmd *cmd_resolve(const struct cmd_table *t, int argc, const char **argv,
                              const size_t *argvlen, struct buf *reply)
{
    const struct cmd *cmd = cmd_lookup(t, argv[0], argvlen[0]);
    if (!cmd) {
        add_unknown_error(reply, argc, argv, argvlen);
        return NULL;
    }
    if ((cmd->arity > 0 && argc != cmd->arity) || argc < -cmd->arity) {
        cmd_add_arity_error(reply, cmd->name);
        return NULL;
    }
    return cmd;
}

void cmd_add_help(struct buf *reply, const char *const *lines, size_t n)
{
    resp_add_array(reply, n);
    for (size_t i = 0; i < n; i++)
        resp_add_simple(reply, lines[i]);
}
