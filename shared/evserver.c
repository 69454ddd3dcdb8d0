/* evserver.c - the event-loop server of stage 06 onward: one thread, epoll.
 *
 * No threads, no locks: one loop (shared/ev.c) waits for any socket to be
 * ready and runs the code for it, and every command runs to completion
 * before the next starts - so each still sees the keyspace whole.  All
 * sockets are non-blocking: a client that sends half a command or stops
 * reading its replies costs a buffer, never a stalled server.
 *
 * One loop turn:
 *   readable clients  -> read, run every whole command, queue the replies
 *                        (and the AOF entries of commands that changed data)
 *   before sleep      -> the stage's before_replies hook (the AOF: one write
 *                        and, under appendfsync always, one fsync for the
 *                        whole turn - group commit), then write each
 *                        client's replies; what the socket does not take
 *                        waits for a writable event
 *   timers            -> idle-client timeout
 * See docs/06-epoll.md. */
#include "evserver.h"

#include "boot.h"
#include "client.h"
#include "clock.h"
#include "db.h"
#include "ev.h"
#include "log.h"
#include "net.h"
#include "resp.h"
#include "server.h"
#include "sig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define READ_CHUNK (16 * 1024)
#define ACCEPTS_PER_EVENT 1000
#define PAUSE_READING_AT (64UL * 1024 * 1024) /* unsent reply bytes */

struct conn {
    struct client c;           /* first: a struct client * is a conn * */
    size_t sent;               /* bytes at the front of c.reply already sent */
    int pending;               /* on the pending list */
    struct conn *next_pending; /* clients with replies to send this turn */
};

struct evserver {
    const struct evserver_opts *o;
    struct ev_loop *loop;
    struct cmd_table commands;
    struct db **dbs;
    int ndbs;                  /* --databases */
    int fds[CONFIG_MAX_BIND], nfds;
    struct server server;      /* what commands see: clients, counters */
    struct conn *pending;
    long timeout;              /* --timeout, seconds; 0 = never */
    long max_fds;              /* the event loop's size, fixed at start */
    int shutdown_asked;        /* SHUTDOWN ran: stop at the end of the turn */
    struct config_opt *settings; /* the common rows, then ours, then the stage's */
    size_t settings_n;
};

static struct evserver srv;

static void conn_close(struct conn *k)
{
    ev_unwatch(srv.loop, k->c.fd, EV_READABLE | EV_WRITABLE);
    close(k->c.fd);
    server_remove_client(&srv.server, &k->c);
    client_free(&k->c);
    if (k->pending)
        k->c.fd = -1; /* before_sleep drops it from the pending list */
    else
        free(k);
}

static void mark_pending(struct conn *k)
{
    if (!k->pending && k->c.reply.len > k->sent) {
        k->pending = 1;
        k->next_pending = srv.pending;
        srv.pending = k;
    }
}

/* Run one command; remember what changed data for the log. */
static void exec_command(struct client *c, const struct cmd *cmd, void *arg)
{
    (void)arg;
    long long before = c->dirty;
    size_t reply_at = c->reply.len;
    int reading = strstr(cmd->flags, "readonly") != NULL;
    struct db *db = c->db;
    if (reading)
        db_count_lookups(db, 1);
    cmd->proc(c);
    if (reading)
        db_count_lookups(db, 0);
    if (c->reply.len > reply_at && c->reply.data[reply_at] == '-')
        srv.server.stats.total_error_replies++;
    if (c->dirty != before) {
        srv.server.stats.dirty += c->dirty - before;
        if (srv.o->changed)
            srv.o->changed(c, srv.o->arg);
    }
}

static void on_writable(struct ev_loop *loop, int fd, int mask, void *arg);
static void on_readable(struct ev_loop *loop, int fd, int mask, void *arg);

/* Send what the socket takes now.  Done: forget the writable event (and
 * close if the client asked to be closed).  Not done: wait for writable. */
static void write_out(struct conn *k)
{
    while (k->sent < k->c.reply.len) {
        ssize_t n = write(k->c.fd, k->c.reply.data + k->sent, k->c.reply.len - k->sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            ev_watch(srv.loop, k->c.fd, EV_WRITABLE, on_writable, k);
            return;
        }
        if (n < 0) {
            conn_close(k);
            return;
        }
        k->sent += (size_t)n;
        k->c.last_ms = clock_ms(); /* a slow reader of a big reply is not idle */
        srv.server.stats.total_net_output_bytes += n;
    }
    buf_clear(&k->c.reply);
    k->sent = 0;
    ev_unwatch(srv.loop, k->c.fd, EV_WRITABLE);
    if (k->c.close_after_reply)
        conn_close(k);
    else if (!(ev_mask(srv.loop, k->c.fd) & EV_READABLE))
        ev_watch(srv.loop, k->c.fd, EV_READABLE, on_readable, k); /* resume */
}

static void on_writable(struct ev_loop *loop, int fd, int mask, void *arg)
{
    (void)loop, (void)fd, (void)mask;
    struct conn *k = arg;
    if (!k->pending)
        write_out(k);
}

static void on_readable(struct ev_loop *loop, int fd, int mask, void *arg)
{
    (void)mask;
    struct conn *k = arg;
    if (buf_reserve(&k->c.query, READ_CHUNK) < 0) {
        conn_close(k);
        return;
    }
    ssize_t n = read(fd, k->c.query.data + k->c.query.len, READ_CHUNK);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        conn_close(k);
        return;
    }
    k->c.query.len += (size_t)n;
    k->c.last_ms = clock_ms();
    srv.server.stats.total_net_input_bytes += n;
    client_process_input(&k->c, exec_command, NULL);
    if (k->c.query.len > CLIENT_QUERY_LIMIT) {
        log_msg(LOG_WARNING, "Closing client that reached max query buffer length");
        conn_close(k);
        return;
    }
    /* A client that sends faster than it reads: stop reading it until
     * its replies drain, so its backlog cannot grow without bound. */
    if (k->c.reply.len - k->sent > PAUSE_READING_AT || k->c.close_after_reply)
        ev_unwatch(loop, fd, EV_READABLE);
    mark_pending(k);
}

static void refuse(int fd, const char *why)
{
    ssize_t w = write(fd, why, strlen(why)); /* best effort: it may not fit */
    (void)w;
    close(fd);
}

static void on_accept(struct ev_loop *loop, int lfd, int mask, void *arg)
{
    (void)mask, (void)arg;
    for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
        int fd = net_accept(lfd);
        if (fd < 0) {
            if (errno != EAGAIN)
                log_msg(LOG_WARNING, "Accepting client connection: %s", strerror(errno));
            return;
        }
        if (srv.server.nclients >= srv.server.maxclients) {
            srv.server.stats.rejected_connections++;
            refuse(fd, "-ERR max number of clients reached\r\n");
            continue;
        }
        struct conn *k = calloc(1, sizeof *k);
        if (!k || net_set_nonblock(fd) < 0 || ev_watch(loop, fd, EV_READABLE, on_readable, k) < 0) {
            free(k);
            refuse(fd, "-ERR out of memory\r\n");
            continue;
        }
        net_set_nodelay(fd);
        client_init(&k->c, fd, &srv.commands);
        k->c.db = srv.dbs[0];
        k->c.dbs = srv.dbs;
        k->c.ndbs = srv.ndbs;
        k->c.created_ms = k->c.last_ms = clock_ms();
        net_describe(fd, k->c.addr, sizeof k->c.addr, k->c.laddr, sizeof k->c.laddr);
        server_add_client(&srv.server, &k->c);
        client_set_authenticated(&k->c, !server_needs_auth(&srv.server));
    }
}

/* Group commit: make this turn's changes durable once, then answer. */
static void before_sleep(struct ev_loop *loop, void *arg)
{
    (void)loop, (void)arg;
    /* Called even in a turn with no replies to send: a timer may have
     * changed data too (active expiry logs DELs), and those must reach
     * the file within the fsync policy like any client's writes. */
    if (srv.o->before_replies && srv.o->before_replies(srv.o->arg) < 0) {
        log_msg(LOG_WARNING, "Can't make the writes durable: exiting without acknowledging them");
        exit(1);
    }
    struct conn *k = srv.pending;
    srv.pending = NULL;
    while (k) {
        struct conn *next = k->next_pending;
        k->pending = 0;
        if (k->c.fd < 0)
            free(k); /* closed during the turn */
        else
            write_out(k);
        k = next;
    }
}

static void close_idle_clients(long long now)
{
    for (struct client *c = srv.server.clients, *next; c; c = next) {
        next = c->next;
        struct conn *k = (struct conn *)c;
        if (!k->pending && now - c->last_ms > srv.timeout * 1000)
            conn_close(k);
    }
}

/* INFO's instantaneous_ops_per_sec: commands over the last whole second
 * or so, measured at the beat. */
static void sample_ops(long long now)
{
    static long long last_ms, last_count;
    long long count = srv.server.stats.total_commands_processed;
    if (count < last_count) /* CONFIG RESETSTAT zeroed the count */
        last_count = count;
    if (last_ms == 0) {
        last_ms = now, last_count = count;
    } else if (now - last_ms >= 1000) {
        srv.server.stats.instantaneous_ops_per_sec = (count - last_count) * 1000 / (now - last_ms);
        last_ms = now, last_count = count;
    }
}

/* The server's heartbeat, ten times a second.  Besides its chores it
 * bounds every wait: a SIGTERM that lands just before the loop goes to
 * sleep is seen at the next beat instead of at the next client's bytes. */
static long long server_cron(struct ev_loop *loop, long long id, void *arg)
{
    (void)loop, (void)id, (void)arg;
    static long long last_idle_scan;
    long long now = clock_ms();
    if (srv.timeout > 0 && now - last_idle_scan >= 1000) {
        close_idle_clients(now);
        last_idle_scan = now;
    }
    if (srv.o->cron)
        srv.o->cron(srv.dbs, srv.ndbs);
    sample_ops(now);
    server_note_memory(&srv.server);
    return 100;
}

static const char *set_maxclients(void *target, int argc, char **argv)
{
    (void)argc;
    long v;
    const char *err = config_set_long(&v, argv[0], 1, 4294967295L);
    /* Once serving, the event loop's table is sized: more clients than
     * it holds would be refused anyway, so say so now. */
    if (!err && srv.loop && v + 32 + CONFIG_MAX_BIND > srv.max_fds)
        return "rung can't raise maxclients above its value at start while running";
    if (!err)
        ((struct server *)target)->maxclients = v;
    return err;
}

static void get_maxclients(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%ld", ((const struct server *)target)->maxclients);
}

static void get_timeout(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%ld", ((const struct evserver *)target)->timeout);
}

static void get_databases(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%d", ((const struct evserver *)target)->ndbs);
}

static void get_requirepass(const void *target, char *out, size_t n)
{
    const char *pass = ((const struct server *)target)->requirepass;
    snprintf(out, n, "%s", pass ? pass : "");
}

static const char *set_databases(void *target, int argc, char **argv)
{
    (void)argc;
    long n;
    const char *err = config_set_long(&n, argv[0], 1, 1000000);
    if (!err)
        ((struct evserver *)target)->ndbs = (int)n;
    return err;
}

static const char *set_timeout(void *target, int argc, char **argv)
{
    (void)argc;
    /* Redis's range; timeout * 1000 still fits a long */
    return config_set_long(&((struct evserver *)target)->timeout, argv[0], 0, 2147483647L);
}

static const char *set_requirepass(void *target, int argc, char **argv)
{
    (void)argc;
    struct server *s = target;
    char *copy = strdup(argv[0]);
    if (!copy)
        return "out of memory";
    free(s->requirepass);
    s->requirepass = copy;
    return NULL;
}

/* Our flags first, then the stage's; the caller frees the array.  A flag
 * exists only where its command does: --databases with SELECT,
 * --requirepass with AUTH. */
static struct config_opt *all_flags(const struct config_opt *extra)
{
    const struct config_opt own[] = {
        {"maxclients", "most clients connected at once (default 10000)", 1, 1, set_maxclients,
         &srv.server, get_maxclients, 1},
        {"timeout", "close a client idle this many seconds (0: never)", 1, 1, set_timeout, &srv,
         get_timeout, 1},
        {"databases", "how many databases SELECT can choose from", 1, 1, set_databases, &srv,
         get_databases, 0},
        {"requirepass", "the password AUTH must give (default: none)", 1, 1, set_requirepass,
         &srv.server, get_requirepass, 1},
    };
    int with[] = {1, 1, srv.ndbs > 1, cmd_lookup(&srv.commands, "auth", 4) != NULL};
    size_t nown = sizeof own / sizeof own[0], n = 0, k = 0;
    while (extra && extra[n].name)
        n++;
    struct config_opt *all = calloc(nown + n + 1, sizeof *all);
    if (!all)
        return NULL;
    for (size_t i = 0; i < nown; i++)
        if (with[i])
            all[k++] = own[i];
    if (n)
        memcpy(all + k, extra, n * sizeof *extra);
    return all;
}

/* Each client is a socket: make sure the process may open that many,
 * keeping 32 descriptors for listeners, the AOF and the like. */
static void raise_fd_limit(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= (rlim_t)want)
        return;
    rlim_t wanted = rl.rlim_max < (rlim_t)want ? rl.rlim_max : (rlim_t)want;
    rlim_t old = rl.rlim_cur;
    rl.rlim_cur = wanted;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
        rl.rlim_cur = old;
    if (rl.rlim_cur < (rlim_t)want) {
        long fit = (long)rl.rlim_cur - 32;
        srv.server.maxclients = fit > 1 ? fit : 1;
        log_msg(LOG_WARNING, "Only %ld file descriptors allowed: maxclients is lowered to %ld",
                (long)rl.rlim_cur, srv.server.maxclients);
    }
}

/* The loop stops on SIGTERM/SIGINT or after a SHUTDOWN command. */
static int stop_requested(void)
{
    return sig_stop_requested() || srv.shutdown_asked;
}

/* SHUTDOWN: the command's own turn ends (its AOF entries are written),
 * then teardown closes every client and the AOF, as for SIGTERM. */
static void ask_shutdown(void)
{
    srv.shutdown_asked = 1;
}

static void close_other_client(struct client *c)
{
    conn_close((struct conn *)c);
}

/* 40 hex digits from the kernel's random source: a new run id each start. */
static void make_run_id(char *out)
{
    unsigned char raw[20] = {0};
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(raw, 1, sizeof raw, f) != sizeof raw) {
        long long seed = clock_us() ^ (long long)getpid();
        for (size_t i = 0; i < sizeof raw; i++, seed = seed * 6364136223846793005LL + 1)
            raw[i] = (unsigned char)(seed >> 33);
    }
    if (f)
        fclose(f);
    for (size_t i = 0; i < sizeof raw; i++)
        sprintf(out + 2 * i, "%02x", raw[i]);
}

static int setup(const struct evserver_opts *o, const struct config *cfg)
{
    static char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    srv.server.executable = exe;
    make_run_id(srv.server.run_id);
    srv.server.name = o->name;
    srv.server.info_persistence = o->info_persistence;
    srv.server.persistence_arg = o->arg;
    srv.server.persistence_pending = o->persistence_pending;
    srv.server.start_ms = clock_unix_ms();
    srv.server.close_client = close_other_client;
    srv.server.shutdown = ask_shutdown;
    srv.server.config = srv.settings;
    srv.server.config_file = cfg->file ? cfg->file : "";
    raise_fd_limit(srv.server.maxclients + 32);
    srv.nfds = boot_listen(cfg, srv.fds);
    if (srv.nfds < 0)
        return -1;
    srv.server.port = net_local_port(srv.fds[0]);
    srv.max_fds = srv.server.maxclients + 32 + CONFIG_MAX_BIND;
    srv.loop = ev_new((int)srv.max_fds);
    if (!srv.loop)
        return -1;
    for (int i = 0; i < srv.nfds; i++)
        if (net_set_nonblock(srv.fds[i]) < 0 ||
            ev_watch(srv.loop, srv.fds[i], EV_READABLE, on_accept, NULL) < 0)
            return -1;
    ev_set_before_sleep(srv.loop, before_sleep, NULL);
    ev_set_stop_check(srv.loop, stop_requested);
    if (ev_timer_add(srv.loop, 100, server_cron, NULL) < 0)
        return -1;
    (void)o;
    return 0;
}

static void teardown(void)
{
    while (srv.server.clients)
        conn_close((struct conn *)srv.server.clients);
    for (struct conn *k = srv.pending, *next; k; k = next) {
        next = k->next_pending;
        free(k);
    }
    if (srv.nfds > 0)
        boot_stop(srv.fds, srv.nfds);
    if (srv.o->stop)
        srv.o->stop(srv.o->arg);
    if (srv.loop)
        ev_free(srv.loop);
    for (int i = 0; srv.dbs && i < srv.ndbs; i++)
        db_free(srv.dbs[i]);
    free(srv.dbs);
    cmd_table_free(&srv.commands);
    free(srv.server.requirepass);
    for (size_t i = 0; srv.server.config_defaults && srv.settings_n && i < srv.settings_n; i++)
        free(srv.server.config_defaults[i]);
    free(srv.server.config_defaults);
    free(srv.settings);
}

/* One table of every setting for CONFIG: the common rows (acting on
 * cfg, which lives as long as the server) followed by flags. */
static struct config_opt *all_settings(struct config *cfg, const struct config_opt *flags)
{
    size_t n = 0;
    while (flags[n].name)
        n++;
    struct config_opt *all = calloc(CONFIG_NCOMMON + n + 1, sizeof *all);
    if (!all)
        return NULL;
    config_common(cfg, all);
    memcpy(all + CONFIG_NCOMMON, flags, n * sizeof *flags);
    srv.settings_n = CONFIG_NCOMMON + n;
    return all;
}

/* Every setting's value before the file and flags: what CONFIG REWRITE
 * need not write. */
static int snapshot_defaults(void)
{
    srv.server.config_defaults = calloc(srv.settings_n, sizeof *srv.server.config_defaults);
    if (!srv.server.config_defaults)
        return -1;
    for (size_t i = 0; i < srv.settings_n; i++) {
        char value[CONFIG_VALUE_LEN] = "";
        if (srv.settings[i].get)
            srv.settings[i].get(srv.settings[i].target, value, sizeof value);
        if (!(srv.server.config_defaults[i] = strdup(value)))
            return -1;
    }
    return 0;
}

/* The databases, once the flags have said how many. */
static int make_dbs(void)
{
    srv.dbs = calloc((size_t)srv.ndbs, sizeof *srv.dbs);
    if (!srv.dbs)
        return -1;
    for (int i = 0; i < srv.ndbs; i++)
        if (!(srv.dbs[i] = db_new(i)))
            return -1;
    return 0;
}

/* Count every key that expires (INFO's expired_keys), then tell the
 * stage (its AOF logs a DEL). */
static void key_expired(struct db *db, const char *key, size_t klen, void *arg)
{
    (void)arg;
    srv.server.stats.expired_keys++;
    if (srv.o->expired)
        srv.o->expired(db, key, klen, srv.o->arg);
}

static void watch_expiry(void)
{
    for (int i = 0; i < srv.ndbs; i++)
        db_set_expired_hook(srv.dbs[i], key_expired, NULL);
}

static int build(const struct evserver_opts *o)
{
    srv.o = o;
    srv.server.maxclients = 10000;
    srv.ndbs = o->databases > 1 ? o->databases : 1;
    for (const struct cmd *const *g = o->groups; *g; g++)
        if (cmd_table_add(&srv.commands, *g) < 0)
            return -1;
    return 0;
}

int evserver_main(int argc, char **argv, const struct evserver_opts *o)
{
    struct config cfg;
    struct config_opt *flags = NULL;
    if (build(o) < 0 || !(flags = all_flags(o->extra))) {
        log_msg(LOG_WARNING, "out of memory");
        return 1;
    }
    config_init(&cfg, o->name);
    if (!(srv.settings = all_settings(&cfg, flags)) || snapshot_defaults() < 0) {
        log_msg(LOG_WARNING, "out of memory");
        return 1;
    }
    int rc = boot_config(argc, argv, o->name, flags, &cfg);
    if (rc == 0 && make_dbs() < 0) {
        log_msg(LOG_WARNING, "out of memory");
        rc = -1;
    }
    if (rc == 0 && o->start)
        rc = o->start(srv.dbs, srv.ndbs, &srv.commands, o->arg);
    if (rc == 0)
        watch_expiry(); /* after the replay: it logs nothing it reads */
    if (rc == 0 && setup(o, &cfg) < 0)
        rc = -1;
    if (rc == 0 && ev_run(srv.loop) < 0)
        log_msg(LOG_WARNING, "event loop: %s", strerror(errno));
    teardown();
    free(flags);
    return rc < 0;
}
