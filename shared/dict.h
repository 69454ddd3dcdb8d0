/* dict.h - an intrusive hash table with incremental rehashing. */
#ifndef DICT_H
#define DICT_H

#include <stddef.h>
#include <stdint.h>

/* The first member of every caller entry.  The caller allocates one block
 * per entry (node + its own key and value bytes) and owns it: the dict only
 * links nodes through `next` and never allocates or frees them. */
struct dict_node {
    struct dict_node *next;
};

/* Return a pointer to n's key bytes and store their length in *len.  The
 * bytes are binary (NUL, CR, LF are ordinary) and must not change while n is
 * in a dict, since the dict rehashes them to find n's bucket. */
typedef const void *dict_key_fn(const struct dict_node *n, size_t *len);

typedef void dict_node_fn(struct dict_node *n, void *arg);

struct dict; /* opaque */

/* seed: 16 secret bytes for SipHash, copied.  NULL on out of memory. */
struct dict *dict_new(dict_key_fn *key_of, const unsigned char seed[16]);
/* Free the tables and d; call free_node(node, arg) on every node first if
 * free_node is non-NULL (otherwise the caller still owns the nodes). */
void dict_free(struct dict *d, dict_node_fn *free_node, void *arg);
/* Unlink every node (calling free_node if non-NULL), free the tables; d
 * stays usable and empty. */
void dict_clear(struct dict *d, dict_node_fn *free_node, void *arg);
size_t dict_size(const struct dict *d);

/* The node whose key equals these len bytes, or NULL. */
struct dict_node *dict_find(struct dict *d, const void *key, size_t len);
/* Link n in; its key must not be present already (dict_find first).  0, or
 * -1 if the very first table could not be allocated.  A failed growth is not
 * an error: chains just get longer. */
int dict_add(struct dict *d, struct dict_node *n);
/* Unlink and return the node with this key, or NULL; the caller frees it. */
struct dict_node *dict_remove(struct dict *d, const void *key, size_t len);
/* Put n where old is (old is in d and has the same key as n); old is
 * unlinked and the caller frees it.  For rewriting an inline value. */
/* Link n in, or put it where the node with the same key is (one lookup
 * instead of dict_find then dict_replace).  Returns the node it replaced
 * (the caller frees it) or NULL; *failed is set when a new key could not
 * be added (the very first table could not be allocated). */
struct dict_node *dict_upsert(struct dict *d, struct dict_node *n, int *failed);
void dict_replace(struct dict *d, struct dict_node *old, struct dict_node *n);

/* One step of a SCAN: call fn on every node in the bucket(s) for cursor and
 * return the next cursor, 0 when done (start at 0).  Every node present for
 * the whole scan is visited at least once, even if the table grows, shrinks
 * or rehashes between calls; some may be visited twice.  fn must not modify
 * the dict. */
unsigned long dict_scan(struct dict *d, unsigned long cursor,
                        dict_node_fn *fn, void *arg);
/* Call fn once on every node; fn must not modify the dict. */
void dict_foreach(struct dict *d, dict_node_fn *fn, void *arg);
/* A pseudo-random node chosen with the caller's random bits, NULL if empty.
 * Nodes in short chains are slightly favoured.  Does not rehash. */
struct dict_node *dict_random(struct dict *d, uint64_t rnd);

/* Do up to n buckets of pending rehash work (for an idle timer); 1 if
 * rehashing is still in progress afterwards, 0 if not.  n = 0 only asks. */
int dict_rehash_step(struct dict *d, int n);
/* Bytes used by the struct and its bucket arrays, not counting the nodes. */
size_t dict_overhead(const struct dict *d);
/* Verify every invariant (for tests): 1 if all hold, else 0 after printing
 * what is wrong to stderr. */
int dict_check(const struct dict *d);

#endif
