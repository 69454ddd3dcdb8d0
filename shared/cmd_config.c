/* cmd_config.c - CONFIG GET/SET/RESETSTAT/REWRITE/HELP: settings while running.
 *
 * Every setting is one row of struct config_opt (shared/config.h): the
 * same row parses --flag values, reads the config file's line and here
 * answers CONFIG.  The server hands the whole table to commands as
 * c->server->config, so:
 *
 *   CONFIG GET pattern...   rows whose name matches a pattern -> get()
 *   CONFIG SET name value.. check every pair first (known, settable while
 *                           running, not twice), then apply() each; if
 *                           one refuses its value, the ones already set
 *                           get their old value back: all or nothing
 *   CONFIG REWRITE          the config file's lines, with each setting's
 *                           line replaced by its current value, and the
 *                           settings that differ from their defaults
 *                           (server->config_defaults) appended
 *   CONFIG RESETSTAT        zero INFO's counters
 *
 * A row's runtime field says whether CONFIG SET may change it: only
 * what the server really honours at once (a new port would need new
 * sockets, so it is fixed, as is anything read only at start). */
#include "cmd_config.h"

#include "aof.h"
#include "client.h"
#include "config.h"
#include "db.h"
#include "glob.h"
#include "resp.h"
#include "server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CONFIG_SET_MAX 64 /* pairs in one CONFIG SET */

static int arg_is(const struct client *c, int i, const char *word)
{
    return c->argvlen[i] == strlen(word) && strncasecmp(c->argv[i], word, c->argvlen[i]) == 0;
}

/* argv[i] as a NUL-ended string in out (cut at n - 1 bytes). */
static char *arg_str(const struct client *c, int i, char *out, size_t n)
{
    size_t len = c->argvlen[i] < n - 1 ? c->argvlen[i] : n - 1;
    memcpy(out, c->argv[i], len);
    out[len] = '\0';
    return out;
}

/* The settings (rows with a getter) from the server's table. */
static const struct config_opt *setting_named(const struct server *s, const char *name)
{
    const struct config_opt *o = config_find(s->config, name);
    return o && o->get ? o : NULL;
}

/* ---- CONFIG GET -------------------------------------------------------- */

static int has_glob(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (strchr("*?[\\", p[i]))
            return 1;
    return 0;
}

/* Which pattern (argv index) picks row o first, or 0.  A pattern without
 * glob characters names the setting; Redis then echoes it as typed. */
static int matching_pattern(const struct client *c, const struct config_opt *o)
{
    for (int i = 2; i < c->argc; i++)
        if (glob_match(c->argv[i], c->argvlen[i], o->name, strlen(o->name), 1))
            return i;
    return 0;
}

static void config_get(struct client *c)
{
    const struct config_opt *rows = c->server->config;
    size_t pairs = 0;
    for (const struct config_opt *o = rows; o->name; o++)
        pairs += o->get && matching_pattern(c, o);
    resp_add_map(&c->reply, c->resp, pairs);
    for (const struct config_opt *o = rows; o->name; o++) {
        int i = o->get ? matching_pattern(c, o) : 0;
        if (!i)
            continue;
        char value[CONFIG_VALUE_LEN];
        o->get(o->target, value, sizeof value);
        if (has_glob(c->argv[i], c->argvlen[i]))
            resp_add_bulk_str(&c->reply, o->name);
        else
            resp_add_bulk(&c->reply, c->argv[i], c->argvlen[i]);
        resp_add_bulk_str(&c->reply, value);
    }
}

/* ---- CONFIG SET -------------------------------------------------------- */

struct change {
    const struct config_opt *o;
    char old[CONFIG_VALUE_LEN];
    char value[CONFIG_VALUE_LEN];
};

static void set_failed(struct client *c, const char *name, const char *why)
{
    resp_add_errorf(&c->reply, "ERR CONFIG SET failed (possibly related to argument '%s') - %s",
                    name, why);
}

/* Every pair names a distinct setting that may change now: 0, or -1
 * with the error replied. */
static int check_pairs(struct client *c, struct change *ch, int n)
{
    for (int k = 0; k < n; k++) {
        char name[128];
        arg_str(c, 2 + 2 * k, name, sizeof name);
        ch[k].o = setting_named(c->server, name);
        if (!ch[k].o) {
            resp_add_errorf(&c->reply,
                            "ERR Unknown option or number of arguments for CONFIG SET - '%s'", name);
            return -1;
        }
        if (!ch[k].o->runtime) {
            set_failed(c, ch[k].o->name, "can't set immutable config");
            return -1;
        }
        for (int j = 0; j < k; j++)
            if (ch[j].o == ch[k].o) {
                set_failed(c, ch[k].o->name, "duplicate parameter");
                return -1;
            }
    }
    return 0;
}

static const char *apply_value(const struct config_opt *o, char *value)
{
    char *argv[1] = {value};
    return o->apply(o->target, 1, argv);
}

static void config_set(struct client *c)
{
    int n = (c->argc - 2) / 2;
    static struct change ch[CONFIG_SET_MAX];
    if (c->argc % 2) {
        resp_add_error(&c->reply, CMD_ERR_SYNTAX); /* a name without its value */
        return;
    }
    if (n > CONFIG_SET_MAX) {
        resp_add_error(&c->reply, "ERR CONFIG SET: too many parameters");
        return;
    }
    if (check_pairs(c, ch, n) < 0)
        return;
    for (int k = 0; k < n; k++) {
        ch[k].o->get(ch[k].o->target, ch[k].old, sizeof ch[k].old);
        arg_str(c, 3 + 2 * k, ch[k].value, sizeof ch[k].value);
        const char *why = apply_value(ch[k].o, ch[k].value);
        if (why) {
            set_failed(c, ch[k].o->name, why);
            while (k-- > 0)
                apply_value(ch[k].o, ch[k].old); /* worked before: works again */
            return;
        }
    }
    resp_add_simple(&c->reply, "OK");
}

/* ---- CONFIG RESETSTAT -------------------------------------------------- */

static void config_resetstat(struct client *c)
{
    struct server_stats *st = &c->server->stats;
    long long dirty = st->dirty; /* changes since the last save: not a statistic */
    memset(st, 0, sizeof *st);
    st->dirty = dirty;
    for (int i = 0; i < c->ndbs; i++) {
        long long hits, misses;
        db_lookup_stats(c->dbs[i], &hits, &misses);
        st->hits_at_reset += hits;
        st->misses_at_reset += misses;
    }
    resp_add_simple(&c->reply, "OK");
}

/* ---- CONFIG REWRITE ---------------------------------------------------- */

/* The line for setting o, as a config file holds it.  A setting of
 * several words (bind) is written as they are, not as one quoted word. */
static void setting_line(const struct config_opt *o, char *out, size_t n)
{
    char value[CONFIG_VALUE_LEN];
    o->get(o->target, value, sizeof value);
    if (o->max_args > 1 && value[0])
        snprintf(out, n, "%s %s", o->name, value);
    else
        config_format_line(o->name, value, out, n);
}

/* The setting a file line sets, or NULL (comments, blank, unknown). */
static const struct config_opt *line_setting(const struct server *s, const char *line)
{
    char copy[CONFIG_VALUE_LEN];
    snprintf(copy, sizeof copy, "%s", line);
    char *name = copy + strspn(copy, " \t");
    if (*name == '#')
        return NULL;
    name[strcspn(name, " \t")] = '\0'; /* only the name matters */
    return *name ? setting_named(s, name) : NULL;
}

/* One line of the old file, kept, replaced or dropped (a setting seen
 * before: its one line already carries the value). */
static void rewrite_line(const struct server *s, const char *line, char *done, FILE *out)
{
    const struct config_opt *o = line_setting(s, line);
    if (!o) {
        fprintf(out, "%s\n", line);
        return;
    }
    size_t i = (size_t)(o - s->config);
    if (done[i])
        return;
    done[i] = 1;
    char text[2 * CONFIG_VALUE_LEN];
    setting_line(o, text, sizeof text);
    fprintf(out, "%s\n", text);
}

static void append_changed(const struct server *s, char *done, FILE *out)
{
    for (size_t i = 0; s->config[i].name; i++) {
        const struct config_opt *o = &s->config[i];
        char value[CONFIG_VALUE_LEN];
        if (!o->get || done[i])
            continue;
        o->get(o->target, value, sizeof value);
        if (strcmp(value, s->config_defaults[i]) == 0)
            continue;
        char text[2 * CONFIG_VALUE_LEN];
        setting_line(o, text, sizeof text);
        fprintf(out, "%s\n", text);
    }
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? calloc(1, 1) : NULL; /* Redis starts a missing file afresh */
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    while (text && (len += fread(text + len, 1, cap - len - 1, f)) == cap - 1) {
        char *bigger = realloc(text, cap *= 2);
        if (!bigger)
            free(text);
        text = bigger;
    }
    if (text)
        text[len] = '\0';
    fclose(f);
    return text;
}

/* Write the new text beside the file and rename it over: a crash leaves
 * the old file or the new one, never half of each.  The directory is
 * fsynced after the rename (with the AOF's helper, which works for any
 * path), or a power cut could bring back the old name's old file.
 * 0 or -1 with errno. */
static int rewrite_file(const struct server *s, const char *old)
{
    size_t n = 0;
    while (s->config[n].name)
        n++;
    char *done = calloc(n + 1, 1), tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.rewrite.tmp", s->config_file);
    FILE *out = done ? fopen(tmp, "w") : NULL;
    if (!out) {
        free(done);
        return -1;
    }
    char *copy = strdup(old), *line = copy;
    while (line && *line) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        rewrite_line(s, line, done, out);
        line = next;
    }
    append_changed(s, done, out);
    int failed = !copy || fflush(out) != 0 || fsync(fileno(out)) != 0;
    failed |= fclose(out) != 0;
    free(copy);
    free(done);
    if (failed || rename(tmp, s->config_file) < 0) {
        int saved = errno;
        remove(tmp);
        errno = saved ? saved : EIO;
        return -1;
    }
    return aof_sync_dir(s->config_file);
}

static void config_rewrite(struct client *c)
{
    const struct server *s = c->server;
    if (!s->config_file || !*s->config_file) {
        resp_add_error(&c->reply, "ERR The server is running without a config file");
        return;
    }
    char *old = read_file(s->config_file);
    if (!old || rewrite_file(s, old) < 0)
        resp_add_errorf(&c->reply, "ERR Rewriting config file: %s", strerror(errno));
    else
        resp_add_simple(&c->reply, "OK");
    free(old);
}

/* ---- dispatch ---------------------------------------------------------- */

static void config_help(struct client *c)
{
    static const char *const lines[] = {
        "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        "HELP",
        "    Prints this help.",
    };
    cmd_add_help(&c->reply, lines, sizeof lines / sizeof lines[0]);
}

struct subcommand {
    const char *name;
    int arity; /* counting CONFIG and the subcommand; -N: at least N */
    void (*proc)(struct client *c);
};

static const struct subcommand config_subcommands[] = {
    {"get", -3, config_get},         {"set", -4, config_set},
    {"resetstat", 2, config_resetstat}, {"rewrite", 2, config_rewrite},
    {"help", 2, config_help},
};

static void cmd_config(struct client *c)
{
    for (size_t i = 0; i < sizeof config_subcommands / sizeof config_subcommands[0]; i++) {
        const struct subcommand *s = &config_subcommands[i];
        if (!arg_is(c, 1, s->name))
            continue;
        if ((s->arity > 0 && c->argc != s->arity) || c->argc < -s->arity) {
            char name[32];
            snprintf(name, sizeof name, "config|%s", s->name);
            cmd_add_arity_error(&c->reply, name);
        } else if (!c->server || !c->server->config) {
            resp_add_error(&c->reply, "ERR CONFIG is not available in this server");
        } else {
            s->proc(c);
        }
        return;
    }
    cmd_add_subcommand_error(&c->reply, c->argv[1], c->argvlen[1], "CONFIG");
}

const struct cmd cmd_config_group[] = {
    {"config", cmd_config, -2, "", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
