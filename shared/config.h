/* config.h - server settings from the command line, named like redis-server's. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_BIND 16
#define CONFIG_ERR_LEN 512
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
};

/* An option a stage adds on top of the common ones.  apply() receives the
 * values that followed --name (at least min_args, at most max_args) and
 * returns NULL, or an error message naming what was wrong. */
struct config_opt {
    const char *name;
    const char *help;
    int min_args, max_args;
    const char *(*apply)(void *target, int argc, char **argv);
    void *target;
};

/* Defaults: port 6379, bind 127.0.0.1, loglevel notice. */
void config_init(struct config *c, const char *name);
/* Parse argv.  extra may be NULL or an array ended by a zeroed entry.
 * Returns 0 to go on, 1 when --help or --version was printed (exit 0),
 * -1 on a bad option with the reason in err (exit 1).  The strings in c
 * point into argv. */
int config_parse(struct config *c, int argc, char **argv,
                 const struct config_opt *extra, char *err);

#endif
