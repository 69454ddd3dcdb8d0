/* aofdump.h - the keyspace written out as the commands that rebuild it. */
#ifndef AOFDUMP_H
#define AOFDUMP_H

#include <stddef.h>

struct db;

/* Fields per HSET: a big hash becomes several commands, none huge. */
#define AOFDUMP_ITEMS_PER_CMD 64

/* Write every live key of dbs[0..ndbs) to fd as commands: SELECT before
 * each non-empty db, then SET or HSET, and PEXPIREAT for a deadline.
 * delay_us > 0 sleeps that long after each key (rdb-key-save-delay: lets
 * tests catch a rewrite in the middle).  0, or -1 with errno; *keys (may
 * be NULL) gets how many keys were written. */
int aofdump_write(int fd, struct db *const *dbs, int ndbs, long delay_us, size_t *keys);

#endif
