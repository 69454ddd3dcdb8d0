/* config.h - server settings from the command line, named like redis-server's. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_BIND 16
#define CONFIG_ERR_LEN 2048
#define RUNG_VERSION "0.1.0"
/* The Redis release whose behaviour rung matches, reported where clients
 * look for a Redis version (HELLO, INFO's redis_version) to decide which
 * commands they may use. */
#define RUNG_REDIS_VERSION "7.0.15"

struct config {
    const char *name;                  /* binary name for --help/--version */
    int port;                          /* 6379; 0 lets the kernel choose */
    const char *bind[CONFIG_MAX_BIND]; /* addresses to listen on */
    int nbind;
    int loglevel;                      /* enum log_level */
    const char *file;                  /* the config file's absolute path,
                                          or NULL when started without one */
};

#define CONFIG_VALUE_LEN 1024 /* room for one setting's value, formatted */

/* One setting, the same row for the command line (--name values), the
 * config file (a line "name values") and CONFIG GET/SET.  apply() receives
 * the values (at least min_args, at most max_args) and returns NULL, or an
 * error message saying what was wrong (static text: no need to free).  It
 * may keep the value pointers: they outlive the server, except when
 * CONFIG SET calls it, which it only does for runtime settings, whose
 * apply() copies what it keeps.  get() writes the current value as
 * CONFIG GET shows it; a row without get() is a flag, not a setting
 * (--check-aof). */
struct config_opt {
    const char *name;
    const char *help;
    int min_args, max_args;
    const char *(*apply)(void *target, int argc, char **argv);
    void *target;
    void (*get)(const void *target, char *out, size_t n);
    int runtime; /* CONFIG SET may change it while the server runs */
};

#define CONFIG_NCOMMON 4 /* port, bind, loglevel, save */

/* Defaults: port 6379, bind 127.0.0.1, loglevel notice. */
void config_init(struct config *c, const char *name);
/* Parse argv: an optional config file first (an argument that does not
 * start with '-'), then --flags, which override the file.  extra may be
 * NULL or an array ended by a zeroed entry.  Returns 0 to go on, 1 when
 * --help or --version was printed (exit 0), -1 on a bad option with the
 * reason in err (exit 1).  The strings in c point into argv or into the
 * file's text, which is kept until the process ends. */
int config_parse(struct config *c, int argc, char **argv,
                 const struct config_opt *extra, char *err);
/* The common rows (port, bind, loglevel, save) acting on c, zero-ended. */
void config_common(struct config *c, struct config_opt out[CONFIG_NCOMMON + 1]);
/* The row named name (any case) in a zero-ended table, or NULL. */
const struct config_opt *config_find(const struct config_opt *o, const char *name);
/* Split one config line into words, in place, with redis.conf's quoting:
 * "..." (with \n \r \t \b \a \\ \" \xHH escapes) and '...' (with \').
 * Returns the number of words (at most max), or -1 on unbalanced quotes
 * or a closing quote not followed by a space. */
int config_split(char *line, char **words, int max);
/* Apply every line of the config file at path through the two tables
 * (either may be NULL).  0, or -1 with Redis's fatal-config-error text,
 * naming the file, line number and line, in err.  The text read stays
 * allocated for the life of the process (the settings point into it). */
int config_load_file(const char *path, const struct config_opt *common,
                     const struct config_opt *extra, char *err);
/* For apply() functions: parse text into *target, or return the reason
 * in Redis's words (static text; *target untouched).  A whole number in
 * [min, max]; a size such as 64mb (k/m/g: 1000s, kb/mb/gb: 1024s). */
const char *config_set_long(long *target, const char *text, long min, long max);
const char *config_set_memory(long long *target, const char *text);
/* Write "name value" as a config-file line, quoting value when needed. */
void config_format_line(const char *name, const char *value, char *out, size_t n);

#endif
