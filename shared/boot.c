/* boot.c - the start and end every stage's main() shares.
 *
 * Every server begins the same way - flags, log level, signals, sockets -
 * and ends the same way, so that sequence lives here once and each stage's
 * main.c shows only what the stage is about. */
#include "boot.h"

#include "listeners.h"
#include "log.h"
#include "sig.h"

#include <signal.h>
#include <stdio.h>

int boot_config(int argc, char **argv, const char *name,
                const struct config_opt *extra, struct config *cfg)
{
    char err[CONFIG_ERR_LEN];
    config_init(cfg, name);
    int rc = config_parse(cfg, argc, argv, extra, err);
    if (rc < 0 && err[0] == '\n')
        fprintf(stderr, "%s\n", err); /* a config file error: a block of its own, as Redis's */
    else if (rc < 0)
        fprintf(stderr, "%s: %s\n", name, err);
    if (rc == 0) {
        log_set_level(cfg->loglevel);
        sig_install(); /* before a long AOF replay: SIGTERM then waits for it */
    }
    return rc;
}

int boot_listen(const struct config *cfg, int *fds)
{
    char err[CONFIG_ERR_LEN];
    log_msg(LOG_NOTICE, "%s %s starting", cfg->name, RUNG_VERSION);
    int n = listeners_open(cfg, fds, err);
    if (n < 0)
        log_msg(LOG_WARNING, "%s", err);
    return n;
}

int boot_start(int argc, char **argv, const char *name,
               const struct config_opt *extra, struct config *cfg, int *fds)
{
    int rc = boot_config(argc, argv, name, extra, cfg);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    return boot_listen(cfg, fds);
}

void boot_stop(int *fds, int n)
{
    int signo = sig_stop_requested();
    if (signo == 0)
        log_msg(LOG_NOTICE, "User requested shutdown...");
    else
        log_msg(LOG_NOTICE, "Received %s, shutting down", signo == SIGINT ? "SIGINT" : "SIGTERM");
    listeners_close(fds, n);
    log_msg(LOG_NOTICE, "Bye");
}
