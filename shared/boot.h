/* boot.h - the start and end every stage's main() shares. */
#ifndef BOOT_H
#define BOOT_H

#include "config.h"

/* Parse flags (common ones plus extra), set the log level and install
 * the signal handlers (so a SIGTERM during start-up work is held until
 * the server can stop in order): 0 to go
 * on, 1 when --help or --version was answered (exit 0), -1 on a bad flag
 * (the reason is printed; exit 1). */
int boot_config(int argc, char **argv, const char *name,
                const struct config_opt *extra, struct config *cfg);
/* Open the listening sockets: how many
 * are in fds, or -1 (the reason is logged). */
int boot_listen(const struct config *cfg, int *fds);
/* boot_config() then boot_listen().  Returns how many
 * sockets are in fds (> 0: go on), 0 when --help or --version was
 * answered (exit 0), -1 when the server cannot start (the reason is
 * already logged; exit 1). */
int boot_start(int argc, char **argv, const char *name,
               const struct config_opt *extra, struct config *cfg, int *fds);
/* Log why we stop and close the listening sockets. */
void boot_stop(int *fds, int n);

#endif
