/* listeners.h - open a listening socket for every configured address. */
#ifndef LISTENERS_H
#define LISTENERS_H

#include "config.h"

/* Listen on each of c->bind at c->port (when the port is 0, the first
 * address picks a free port and the others reuse it).  Fills fds, returns
 * how many, or -1 with the reason in err (no fd left open).  Logs the
 * address and port actually bound, which is how a test harness that
 * asked for port 0 learns where to connect. */
int listeners_open(const struct config *c, int fds[CONFIG_MAX_BIND], char *err);
void listeners_close(int *fds, int n);

#endif
