/* cmd_info.c - INFO: the server describes itself, in Redis's sections and names.
 *
 * INFO's reply is one text of "# Section" headers and "field:value"
 * lines.  Tools and client libraries parse it by field name: ioredis
 * will not send a command until INFO says loading:0, monitoring looks
 * for used_memory and connected_clients.  So the names are Redis's,
 * byte for byte, and every value is measured, not assumed:
 *
 *   server       versions, process, port, uptime     (struct server, uname)
 *   clients      connections and their limit         (struct server)
 *   memory       bytes malloc has handed out (mallinfo2), the process's
 *                resident size (/proc/self/statm), and their peak
 *   persistence  the AOF's state                      (a hook: aofsrv)
 *   stats        counters kept as the server runs     (struct server_stats)
 *   replication  rung is always a master with no replicas
 *   cpu          getrusage() for the process and its children
 *   keyspace     one line per database that holds keys
 *
 * INFO with no argument (or "default") gives those sections; "all" and
 * "everything" give them too, as rung has no others; naming sections
 * picks them, in the order of the list above, each once. */
#include "cmd_info.h"

#include "client.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "resp.h"
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>


/* 1.23M, as Redis's *_human fields write sizes. */
static void human(char *out, size_t cap, long long bytes)
{
    static const char units[] = "BKMGTP";
    double v = (double)bytes;
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(out, cap, "%lldB", bytes);
    else
        snprintf(out, cap, "%.2f%c", v, units[u]);
}

static void section_server(struct buf *out, const struct server *s)
{
    struct utsname u;
    if (uname(&u) < 0)
        memset(&u, 0, sizeof u);
    long long now_us = clock_unix_us();
    long long up = (clock_unix_ms() - s->start_ms) / 1000;
    buf_printf(out,
               "# Server\r\n"
               "redis_version:%s\r\n"
               "rung_version:%s\r\n"
               "redis_git_sha1:00000000\r\n"
               "redis_git_dirty:0\r\n"
               "redis_mode:standalone\r\n"
               "os:%s %s %s\r\n"
               "arch_bits:%d\r\n"
               "multiplexing_api:epoll\r\n"
               "process_id:%ld\r\n"
               "run_id:%s\r\n"
               "tcp_port:%d\r\n"
               "server_time_usec:%lld\r\n"
               "uptime_in_seconds:%lld\r\n"
               "uptime_in_days:%lld\r\n"
               "hz:10\r\n"
               "configured_hz:10\r\n"
               "executable:%s\r\n"
               "config_file:%s\r\n",
               RUNG_REDIS_VERSION, RUNG_VERSION, u.sysname, u.release, u.machine,
               (int)(sizeof(void *) * 8), (long)getpid(), s->run_id, s->port, now_us, up,
               up / 86400, s->executable ? s->executable : "",
               s->config_file ? s->config_file : "");
}

static void section_clients(struct buf *out, const struct server *s)
{
    buf_printf(out,
               "# Clients\r\n"
               "connected_clients:%d\r\n"
               "maxclients:%ld\r\n"
               "blocked_clients:0\r\n"
               "tracking_clients:0\r\n",
               s->nclients, s->maxclients);
}

static void section_memory(struct buf *out, struct server *s)
{
    long long used = server_note_memory(s), rss = server_resident_bytes();
    char h_used[32], h_rss[32], h_peak[32], h_total[32];
    long long total = (long long)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
    human(h_used, sizeof h_used, used);
    human(h_rss, sizeof h_rss, rss);
    human(h_peak, sizeof h_peak, s->used_memory_peak);
    human(h_total, sizeof h_total, total);
    buf_printf(out,
               "# Memory\r\n"
               "used_memory:%lld\r\n"
               "used_memory_human:%s\r\n"
               "used_memory_rss:%lld\r\n"
               "used_memory_rss_human:%s\r\n"
               "used_memory_peak:%lld\r\n"
               "used_memory_peak_human:%s\r\n"
               "total_system_memory:%lld\r\n"
               "total_system_memory_human:%s\r\n"
               "maxmemory:0\r\n"
               "maxmemory_human:0B\r\n"
               "maxmemory_policy:noeviction\r\n"
               "mem_fragmentation_ratio:%.2f\r\n"
               "mem_allocator:libc\r\n",
               used, h_used, rss, h_rss, s->used_memory_peak, h_peak, total, h_total,
               used ? (double)rss / (double)used : 0.0);
}

static void section_persistence(struct buf *out, const struct server *s)
{
    buf_printf(out,
               "# Persistence\r\n"
               "loading:0\r\n"
               "async_loading:0\r\n"
               "rdb_changes_since_last_save:%lld\r\n"
               "rdb_bgsave_in_progress:0\r\n"
               "rdb_last_save_time:%lld\r\n",
               s->stats.dirty, s->start_ms / 1000);
    if (s->info_persistence)
        s->info_persistence(out, s->persistence_arg);
}

static void section_stats(struct buf *out, struct client *c)
{
    struct server_stats *st = &c->server->stats;
    st->keyspace_hits = st->keyspace_misses = 0;
    for (int i = 0; i < c->ndbs; i++) {
        long long h, m;
        db_lookup_stats(c->dbs[i], &h, &m);
        st->keyspace_hits += h;
        st->keyspace_misses += m;
    }
    st->keyspace_hits -= st->hits_at_reset;
    st->keyspace_misses -= st->misses_at_reset;
    buf_printf(out,
               "# Stats\r\n"
               "total_connections_received:%lld\r\n"
               "total_commands_processed:%lld\r\n"
               "instantaneous_ops_per_sec:%lld\r\n"
               "total_net_input_bytes:%lld\r\n"
               "total_net_output_bytes:%lld\r\n"
               "rejected_connections:%lld\r\n"
               "expired_keys:%lld\r\n"
               "evicted_keys:0\r\n"
               "keyspace_hits:%lld\r\n"
               "keyspace_misses:%lld\r\n"
               "pubsub_channels:0\r\n"
               "pubsub_patterns:0\r\n"
               "total_error_replies:%lld\r\n",
               st->total_connections_received, st->total_commands_processed,
               st->instantaneous_ops_per_sec, st->total_net_input_bytes,
               st->total_net_output_bytes, st->rejected_connections, st->expired_keys,
               st->keyspace_hits, st->keyspace_misses, st->total_error_replies);
}

static void section_replication(struct buf *out, const struct server *s)
{
    buf_printf(out,
               "# Replication\r\n"
               "role:master\r\n"
               "connected_slaves:0\r\n"
               "master_failover_state:no-failover\r\n"
               "master_replid:%s\r\n"
               "master_replid2:0000000000000000000000000000000000000000\r\n"
               "master_repl_offset:0\r\n"
               "second_repl_offset:-1\r\n"
               "repl_backlog_active:0\r\n"
               "repl_backlog_size:0\r\n"
               "repl_backlog_first_byte_offset:0\r\n"
               "repl_backlog_histlen:0\r\n",
               s->run_id);
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void section_cpu(struct buf *out)
{
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    buf_printf(out,
               "# CPU\r\n"
               "used_cpu_sys:%.6f\r\n"
               "used_cpu_user:%.6f\r\n"
               "used_cpu_sys_children:%.6f\r\n"
               "used_cpu_user_children:%.6f\r\n",
               seconds(self.ru_stime), seconds(self.ru_utime), seconds(kids.ru_stime),
               seconds(kids.ru_utime));
}

static void section_keyspace(struct buf *out, struct client *c)
{
    buf_append_str(out, "# Keyspace\r\n");
    for (int i = 0; i < c->ndbs; i++) {
        size_t keys = db_size(c->dbs[i]);
        if (keys)
            buf_printf(out, "db%d:keys=%zu,expires=%zu,avg_ttl=0\r\n", i, keys,
                       db_expires_size(c->dbs[i]));
    }
}

enum { S_SERVER, S_CLIENTS, S_MEMORY, S_PERSISTENCE, S_STATS, S_REPLICATION, S_CPU,
       S_KEYSPACE, S_COUNT };

static const char *const section_names[S_COUNT] = {
    "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "keyspace",
};

static void add_section(struct buf *out, struct client *c, int which)
{
    if (out->len)
        buf_append_str(out, "\r\n");
    struct server *s = c->server;
    switch (which) {
    case S_SERVER: section_server(out, s); break;
    case S_CLIENTS: section_clients(out, s); break;
    case S_MEMORY: section_memory(out, s); break;
    case S_PERSISTENCE: section_persistence(out, s); break;
    case S_STATS: section_stats(out, c); break;
    case S_REPLICATION: section_replication(out, s); break;
    case S_CPU: section_cpu(out); break;
    default: section_keyspace(out, c); break;
    }
}

static void cmd_info(struct client *c)
{
    int want[S_COUNT] = {0}, any = c->argc == 1;
    for (int i = 1; i < c->argc; i++) {
        if (client_arg_is(c, i, "default") || client_arg_is(c, i, "all") ||
            client_arg_is(c, i, "everything")) {
            any = 1;
            continue;
        }
        for (int k = 0; k < S_COUNT; k++)
            if (client_arg_is(c, i, section_names[k]))
                want[k] = 1;
    }
    struct buf out = {0};
    for (int k = 0; k < S_COUNT; k++)
        if (any || want[k])
            add_section(&out, c, k);
    resp_add_verbatim(&c->reply, c->resp, out.data ? out.data : "", out.len);
    buf_free(&out);
}

const struct cmd cmd_info_group[] = {
    {"info", cmd_info, -1, "loading stale", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
