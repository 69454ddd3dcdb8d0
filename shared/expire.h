/* expire.h - active expiry: reclaim keys whose time ran out, unread. */
#ifndef EXPIRE_H
#define EXPIRE_H

struct db;

/* One cycle over every db, run from the server's 10 Hz beat (the shape
 * of evserver_opts.cron).  Spends at most about 25 ms. */
void expire_cycle(struct db *const *dbs, int ndbs);

#endif
