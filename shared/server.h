/* server.h - what a command may know of the server it runs in.
 *
 * Up to stage 09 a command sees its own client and the keyspace, and
 * nothing else.  The operator's commands need the server as a whole:
 * CLIENT LIST walks every connection, CLIENT KILL closes another one,
 * AUTH checks the password, INFO reads the counters.  The event-loop
 * server owns one struct server; every client it accepts points at it
 * (c->server) and sits on its list.  The threaded stages have none and
 * leave c->server NULL. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

struct buf;
struct client;
struct config_opt;

/* Counters INFO reports, named after its fields. */
struct server_stats {
    long long total_connections_received;
    long long total_commands_processed;
    long long rejected_connections;
    long long total_net_input_bytes;
    long long total_net_output_bytes;
    long long total_error_replies;
    long long expired_keys;
    long long keyspace_hits, keyspace_misses; /* summed from the dbs by INFO */
    /* The dbs' own hit/miss counts at the last CONFIG RESETSTAT: INFO
     * reports what came since (the dbs' counters are never reset). */
    long long hits_at_reset, misses_at_reset;
    long long dirty;                   /* keyspace changes since start */
    long long instantaneous_ops_per_sec; /* over the last second */
};

struct server {
    const char *name;         /* the binary's name, "rung-10" */
    long long start_ms;       /* unix ms when it started serving */
    int port;                 /* the TCP port it listens on */
    char *requirepass;        /* NULL or "": no password (heap) */
    struct client *clients;   /* every connected client, newest first */
    int nclients;
    long long next_client_id; /* CLIENT ID: 1, 2, ... never reused */
    struct server_stats stats;
    long maxclients;          /* --maxclients, after the fd limit */
    char run_id[41];          /* 40 random hex digits, new at each start */
    const char *executable;   /* the binary's absolute path */
    const char *config_file;  /* "" when started without one */
    long long used_memory_peak;
    /* Appends INFO's AOF fields (aof_enabled:... lines); may be NULL. */
    void (*info_persistence)(struct buf *out, void *arg);
    void *persistence_arg;
    /* Does the persistence still lack some writes it is meant to hold (a
     * first AOF still being written)?  SHUTDOWN refuses then.  May be NULL. */
    int (*persistence_pending)(void *arg);
    /* Close another client now (not the one running the command: that
     * one sets close_after_reply, so its reply still leaves). */
    void (*close_client)(struct client *c);
    /* Every setting, zero-ended: CONFIG GET/SET/REWRITE read it.  NULL in
     * a server without CONFIG. */
    const struct config_opt *config;
    char **config_defaults;   /* each setting's value before any flag or
                                 file: CONFIG REWRITE writes the others */
    /* SHUTDOWN: stop the loop, closing clients and the AOF in order. */
    void (*shutdown)(void);
};

/* Put c on the server's list with the next id; take it off again. */
void server_add_client(struct server *s, struct client *c);
void server_remove_client(struct server *s, struct client *c);
/* The client with this id, or NULL. */
struct client *server_find_client(const struct server *s, long long id);
/* Is a password set, so that new clients start unauthenticated? */
int server_needs_auth(const struct server *s);
/* Bytes the program holds from malloc now (INFO's used_memory), also
 * raising s->used_memory_peak if it is a new high.  The server's beat
 * calls it, so the peak catches highs no INFO was there to see. */
long long server_note_memory(struct server *s);
/* The process's resident memory, from /proc/self/statm (0 if unreadable). */
long long server_resident_bytes(void);
/* Does pass (len bytes, any bytes) match the password?  In time that
 * does not depend on where the first difference is. */
int server_password_matches(const struct server *s, const char *pass, size_t len);

#endif
