/* aofdump.c - the keyspace written out as the commands that rebuild it.
 *
 * An AOF grows with every write: a counter INCRed a million times is a
 * million commands in the file and one number in memory.  A rewrite
 * replaces that history with the shortest story that ends in the same
 * state: per database a SELECT, then per key one SET (or HSETs of up to
 * AOFDUMP_ITEMS_PER_CMD fields each, so no command is enormous) and a
 * PEXPIREAT with the absolute deadline, so a reload later still dies at
 * the same moment.  The output is an ordinary AOF: aof_load replays it.
 *
 * Data flow: db_foreach -> one key's commands -> a buffer -> write() to
 * fd whenever the buffer passes AOFDUMP_CHUNK.  It runs in the rewrite's
 * forked child (shared/aofrw.c), which has a frozen copy of the keyspace
 * and nothing else to do, so plain blocking writes are right here. */
#include "aofdump.h"

#include "buf.h"
#include "db.h"
#include "hash.h"
#include "net.h"
#include "resp.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#define AOFDUMP_CHUNK (64 * 1024)

struct dump {
    int fd;
    struct db *db;
    struct buf out;
    long delay_us;
    int failed; /* errno of the first failure; later keys are skipped */
    size_t keys;
    /* a hash being written: fields left in the current HSET, and after it */
    size_t fields_left, fields_total;
    const char *key;
    size_t klen;
};

static void add_command(struct dump *d, int argc, const char *const *argv, const size_t *len)
{
    if (resp_add_array(&d->out, (size_t)argc) < 0)
        d->failed = ENOMEM;
    for (int i = 0; i < argc && !d->failed; i++)
        if (resp_add_bulk(&d->out, argv[i], len[i]) < 0)
            d->failed = ENOMEM;
}

static void drain(struct dump *d, size_t above)
{
    if (d->failed || d->out.len <= above)
        return;
    if (net_write_all(d->fd, d->out.data, d->out.len) < 0)
        d->failed = errno ? errno : EIO;
    buf_clear(&d->out);
}

/* Each HSET is written header first: its field count is known before the
 * fields are visited, so they go straight from the hash into the buffer. */
static void add_field(const char *field, size_t flen, const char *val, size_t vlen, void *arg)
{
    struct dump *d = arg;
    if (d->failed)
        return;
    if (d->fields_left == 0) {
        size_t n = d->fields_left = d->fields_total < AOFDUMP_ITEMS_PER_CMD
                                        ? d->fields_total
                                        : AOFDUMP_ITEMS_PER_CMD;
        d->fields_total -= n;
        if (resp_add_array(&d->out, 2 + 2 * n) < 0 || resp_add_bulk(&d->out, "HSET", 4) < 0 ||
            resp_add_bulk(&d->out, d->key, d->klen) < 0)
            d->failed = ENOMEM;
    }
    if (resp_add_bulk(&d->out, field, flen) < 0 || resp_add_bulk(&d->out, val, vlen) < 0)
        d->failed = ENOMEM;
    d->fields_left--;
    drain(d, AOFDUMP_CHUNK);
}

static void pause_us(long us)
{
    struct timespec t = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&t, &t) < 0 && errno == EINTR)
        ;
}

static void add_key(struct db_entry *e, void *arg)
{
    struct dump *d = arg;
    if (d->failed)
        return;
    d->key = db_entry_key(e, &d->klen);
    if (db_entry_type(e) == DB_STRING) {
        size_t vlen;
        const char *val = db_entry_str(e, &vlen);
        const char *argv[3] = {"SET", d->key, val};
        size_t len[3] = {3, d->klen, vlen};
        add_command(d, 3, argv, len);
    } else {
        const struct hash *h = (const struct hash *)db_entry_obj(e);
        d->fields_total = hash_len(h);
        d->fields_left = 0;
        hash_foreach(h, add_field, d);
    }
    long long when = db_entry_expire(d->db, e);
    if (when >= 0) {
        char ms[24];
        const char *argv[3] = {"PEXPIREAT", d->key, ms};
        size_t len[3] = {9, d->klen, (size_t)snprintf(ms, sizeof ms, "%lld", when)};
        add_command(d, 3, argv, len);
    }
    d->keys++;
    drain(d, AOFDUMP_CHUNK);
    if (d->delay_us > 0)
        pause_us(d->delay_us);
}

int aofdump_write(int fd, struct db *const *dbs, int ndbs, long delay_us, size_t *keys)
{
    struct dump d = {.fd = fd, .delay_us = delay_us};
    for (int i = 0; i < ndbs && !d.failed; i++) {
        if (db_size(dbs[i]) == 0)
            continue;
        char num[16];
        const char *argv[2] = {"SELECT", num};
        size_t len[2] = {6, (size_t)snprintf(num, sizeof num, "%d", db_id(dbs[i]))};
        add_command(&d, 2, argv, len);
        d.db = dbs[i];
        db_foreach(dbs[i], add_key, &d);
    }
    drain(&d, 0);
    buf_free(&d.out);
    if (keys)
        *keys = d.keys;
    if (d.failed) {
        errno = d.failed;
        return -1;
    }
    return 0;
}
