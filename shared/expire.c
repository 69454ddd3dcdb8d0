/* expire.c - active expiry: reclaim keys whose time ran out, unread.
 *
 * Lazy expiry (in db.c) alone would keep every key that nobody reads
 * again in memory forever.  So ten times a second the server samples
 * keys that have a deadline and removes the dead ones.  How much work?
 * The sample answers it: if more than a quarter of a batch of 20 was
 * dead, dead keys are probably common, so take another batch at once;
 * if fewer, stop - the rest can wait 100 ms.  That keeps the share of
 * dead-but-present keys around a quarter at worst, and an idle keyspace
 * costs 20 lookups per beat.  A time budget (a quarter of the beat)
 * bounds a cycle that meets millions of dead keys, so clients are
 * still served in between; the next beat carries on.
 *
 * Sampling uses dict_random over the deadline dict only, so keys without
 * a TTL are never visited: a million plain keys cost nothing here. */
#include "expire.h"

#include "clock.h"
#include "db.h"

#define SAMPLES_PER_BATCH 20
#define BUDGET_US 25000 /* of each 100 ms beat */

void expire_cycle(struct db *const *dbs, int ndbs)
{
    static int next_db; /* where a cycle cut short by the budget resumes */
    long long deadline = clock_us() + BUDGET_US;
    for (int n = 0; n < ndbs; n++) {
        struct db *db = dbs[(next_db + n) % ndbs];
        int looked, expired;
        do {
            looked = db_expire_sample(db, SAMPLES_PER_BATCH, &expired);
            if (clock_us() > deadline) {
                next_db = (next_db + n) % ndbs;
                return;
            }
        } while (looked > 0 && expired * 4 > looked);
    }
}
