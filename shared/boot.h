/* boot.h - the start and end every stage's main() shares. */
#ifndef BOOT_H
#define BOOT_H

#include "config.h"

/* Parse flags (common ones plus extra), set the log level, install the
 * signal handlers and open the listening sockets.  Returns how many
 * sockets are in fds (> 0: go on), 0 when --help or --version was
 * answered (exit 0), -1 when the server cannot start (the reason is
 * already logged; exit 1). */
int boot_start(int argc, char **argv, const char *name,
               const struct config_opt *extra, struct config *cfg, int *fds);
/* Log why we stop and close the listening sockets. */
void boot_stop(int *fds, int n);

#endif
