/* config.c - server settings from the command line, named like redis-server's.
 *
 * redis-server reads `--port 6380 --bind 127.0.0.1 ::1`: a flag followed by
 * its values, up to the next flag.  We accept the same shape so scripts
 * written for Redis work here.  Each option is a table row with a setter;
 * the common options live here, and a stage passes extra rows for the
 * options of its own concept.  An unknown flag is an error that names it:
 * a typo must never be silently ignored in a server's configuration. */
#include "config.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *set_port(void *target, int argc, char **argv)
{
    (void)argc;
    struct config *c = target;
    char *end;
    long v = strtol(argv[0], &end, 10);
    if (*argv[0] == '\0' || *end != '\0' || v < 0 || v > 65535)
        return "port must be a number from 0 to 65535";
    c->port = (int)v;
    return NULL;
}

static const char *set_bind(void *target, int argc, char **argv)
{
    struct config *c = target;
    if (argc > CONFIG_MAX_BIND)
        return "too many bind addresses";
    for (int i = 0; i < argc; i++)
        c->bind[i] = argv[i];
    c->nbind = argc;
    return NULL;
}

static const char *set_loglevel(void *target, int argc, char **argv)
{
    (void)argc;
    int level = log_level_from_name(argv[0]);
    if (level < 0)
        return "loglevel must be one of debug, verbose, notice, warning";
    ((struct config *)target)->loglevel = level;
    return NULL;
}

void config_init(struct config *c, const char *name)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->port = 6379;
    c->bind[0] = "127.0.0.1";
    c->nbind = 1;
    c->loglevel = LOG_NOTICE;
}

static void print_opts(const struct config_opt *o)
{
    for (; o && o->name; o++)
        printf("  --%-14s %s\n", o->name, o->help);
}

static void usage(const struct config *c, const struct config_opt *common,
                  const struct config_opt *extra)
{
    printf("Usage: %s [--option value ...]\n\nOptions:\n", c->name);
    print_opts(common);
    print_opts(extra);
    printf("  --%-14s %s\n  --%-14s %s\n", "help", "show this help and exit",
           "version", "show the version and exit");
}

static const struct config_opt *find_opt(const struct config_opt *o, const char *name)
{
    for (; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

/* Apply one flag and the values after it; returns how many argv slots it used. */
static int apply_flag(const struct config_opt *o, void *target, int argc,
                      char **argv, char *err)
{
    int n = 0;
    while (1 + n < argc && strncmp(argv[1 + n], "--", 2) != 0)
        n++;
    if (n < o->min_args || n > o->max_args) {
        snprintf(err, CONFIG_ERR_LEN, "wrong number of values for '--%s'", o->name);
        return -1;
    }
    const char *why = o->apply(o->target ? o->target : target, n, argv + 1);
    if (why) {
        snprintf(err, CONFIG_ERR_LEN, "--%s: %s", o->name, why);
        return -1;
    }
    return 1 + n;
}

int config_parse(struct config *c, int argc, char **argv,
                 const struct config_opt *extra, char *err)
{
    const struct config_opt common[] = {
        {"port", "TCP port to listen on (0: any free port)", 1, 1, set_port, c},
        {"bind", "addresses to listen on (default 127.0.0.1)", 1, CONFIG_MAX_BIND, set_bind, c},
        {"loglevel", "debug, verbose, notice or warning", 1, 1, set_loglevel, c},
        {0},
    };
    for (int i = 1; i < argc;) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(c, common, extra);
            return 1;
        }
        if (strcmp(arg, "--version") == 0 || strcmp(arg, "-v") == 0) {
            printf("%s v=%s\n", c->name, RUNG_VERSION);
            return 1;
        }
        const struct config_opt *o = NULL;
        if (strncmp(arg, "--", 2) == 0)
            o = find_opt(common, arg + 2) ? find_opt(common, arg + 2) : find_opt(extra, arg + 2);
        if (!o) {
            snprintf(err, CONFIG_ERR_LEN, "unknown option '%s' (see --help)", arg);
            return -1;
        }
        int used = apply_flag(o, c, argc - i, argv + i, err);
        if (used < 0)
            return -1;
        i += used;
    }
    return 0;
}
