/* cmd_client.c - the connection's own commands: HELLO, AUTH, CLIENT, RESET.
 *
 * These change how the server talks to one client, not the keyspace:
 *
 *   HELLO 3   the client asks for RESP3.  From then on c->resp is 3 and
 *             every reply writer that has a RESP3 shape (resp_add_map,
 *             resp_add_nil, ...) uses it for this client only.
 *   AUTH      with --requirepass set, a new client may run only the
 *             commands flagged no_auth until it gives the password (see
 *             client.c), and the parser holds it to small requests.
 *   CLIENT    names a connection, lists and kills connections: it walks
 *             the server's list of clients (server.h).
 *   RESET     puts the connection back as it was when it connected.
 *
 * Redis checks a client's name and library strings for bytes outside
 * '!'..'~', so that CLIENT LIST, one line of space-separated fields per
 * client, can always be split back into fields; so do we. */
#include "cmd_client.h"

#include "client.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "num.h"
#include "resp.h"
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ERR_NOPASS                                                                    \
    "ERR AUTH <password> called without any password configured for the default user. " \
    "Are you sure your configuration is correct?"
#define ERR_WRONGPASS "WRONGPASS invalid username-password pair or user is disabled."
#define ERR_HELLO_NOAUTH                                                                \
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the " \
    "HELLO AUTH <user> <pass> option can be used to authenticate the client and select " \
    "the RESP protocol version at the same time"

/* --- AUTH --------------------------------------------------------------- */

/* Check user/password (user NULL: the one-argument form) and reply with
 * the error if they are wrong: 1 authenticated, 0 refused. */
static int try_auth(struct client *c, const char *user, size_t ulen, const char *pass,
                    size_t plen)
{
    int default_user = !user || (ulen == 7 && memcmp(user, "default", 7) == 0);
    if (!server_needs_auth(c->server)) {
        /* With no password the default user takes any; the bare form is
         * then almost certainly a configuration mistake, and Redis says so. */
        if (!user) {
            resp_add_error(&c->reply, ERR_NOPASS);
            return 0;
        }
        if (default_user)
            return 1;
    } else if (default_user && server_password_matches(c->server, pass, plen)) {
        client_set_authenticated(c, 1);
        return 1;
    }
    resp_add_error(&c->reply, ERR_WRONGPASS);
    return 0;
}

static void cmd_auth(struct client *c)
{
    if (c->argc > 3) {
        resp_add_error(&c->reply, "ERR syntax error");
        return;
    }
    int two = c->argc == 3;
    if (try_auth(c, two ? c->argv[1] : NULL, two ? c->argvlen[1] : 0, c->argv[c->argc - 1],
                 c->argvlen[c->argc - 1]))
        resp_add_simple(&c->reply, "OK");
}

/* --- names ---------------------------------------------------------------- */

static int printable_word(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '!' || s[i] > '~')
            return 0;
    return 1;
}

/* CLIENT SETNAME and HELLO SETNAME: 1 set, 0 refused (reply written). */
static int set_name(struct client *c, const char *name, size_t len)
{
    if (!printable_word(name, len)) {
        resp_add_error(&c->reply,
                       "ERR Client names cannot contain spaces, newlines or special characters.");
        return 0;
    }
    if (client_set_string(&c->name, name, len) < 0) {
        resp_add_error(&c->reply, "ERR out of memory");
        return 0;
    }
    return 1;
}

/* --- HELLO ---------------------------------------------------------------- */

static void add_hello_map(struct client *c)
{
    struct buf *r = &c->reply;
    resp_add_map(r, c->resp, 7);
    resp_add_bulk_str(r, "server");
    resp_add_bulk_str(r, "redis");
    resp_add_bulk_str(r, "version");
    resp_add_bulk_str(r, RUNG_REDIS_VERSION);
    resp_add_bulk_str(r, "proto");
    resp_add_integer(r, c->resp);
    resp_add_bulk_str(r, "id");
    resp_add_integer(r, c->id);
    resp_add_bulk_str(r, "mode");
    resp_add_bulk_str(r, "standalone");
    resp_add_bulk_str(r, "role");
    resp_add_bulk_str(r, "master");
    resp_add_bulk_str(r, "modules");
    resp_add_array(r, 0);
}

static void cmd_hello(struct client *c)
{
    long long ver = c->resp;
    if (c->argc >= 2) {
        if (!num_parse_ll(c->argv[1], c->argvlen[1], &ver)) {
            resp_add_error(&c->reply, "ERR Protocol version is not an integer or out of range");
            return;
        }
        if (ver < 2 || ver > 3) {
            resp_add_error(&c->reply, "NOPROTO unsupported protocol version");
            return;
        }
    }
    int auth = 0, name = 0;
    for (int i = 2; i < c->argc; i++) {
        int left = c->argc - i - 1;
        if (client_arg_is(c, i, "auth") && left >= 2) {
            auth = i;
            i += 2;
        } else if (client_arg_is(c, i, "setname") && left >= 1) {
            name = i;
            i += 1;
        } else {
            resp_add_errorf(&c->reply, "ERR Syntax error in HELLO option '%.*s'",
                            (int)c->argvlen[i], c->argv[i]);
            return;
        }
    }
    if (!c->authenticated && !auth) {
        resp_add_error(&c->reply, ERR_HELLO_NOAUTH);
        return;
    }
    if (auth && !try_auth(c, c->argv[auth + 1], c->argvlen[auth + 1], c->argv[auth + 2],
                          c->argvlen[auth + 2]))
        return;
    if (name && !set_name(c, c->argv[name + 1], c->argvlen[name + 1]))
        return;
    c->resp = (int)ver;
    add_hello_map(c);
}

/* --- RESET ---------------------------------------------------------------- */

static void cmd_reset(struct client *c)
{
    c->resp = 2;
    if (c->dbs)
        c->db = c->dbs[0];
    client_set_string(&c->name, NULL, 0);
    c->no_evict = c->no_touch = 0;
    client_set_authenticated(c, !server_needs_auth(c->server));
    resp_add_simple(&c->reply, "RESET");
}

/* --- CLIENT LIST / INFO ----------------------------------------------------- */

static void add_flags(struct buf *out, const struct client *c)
{
    size_t start = out->len;
    if (c->no_evict)
        buf_append(out, "e", 1);
    if (c->no_touch)
        buf_append(out, "T", 1);
    if (out->len == start)
        buf_append(out, "N", 1);
}

/* One client's line, as CLIENT LIST prints it.  Fields Redis has for
 * features rung does not have yet (pub/sub, MULTI) hold their idle
 * values; the memory figures are this client's real buffers. */
static void describe(struct buf *out, const struct client *c, const struct client *asker,
                     long long now)
{
    size_t argv_mem = 0; /* only the one running a command holds arguments */
    for (int i = 0; c == asker && i < c->argc; i++)
        argv_mem += c->argvlen[i];
    size_t tot = sizeof *c + c->query.cap + c->reply.cap;
    buf_printf(out, "id=%lld addr=%s laddr=%s fd=%d name=%s age=%lld idle=%lld flags=", c->id,
               c->addr, c->laddr, c->fd, c->name ? c->name : "", (now - c->created_ms) / 1000,
               (now - c->last_ms) / 1000);
    add_flags(out, c);
    buf_printf(out,
               " db=%d sub=0 psub=0 ssub=0 multi=-1 qbuf=%zu qbuf-free=%zu argv-mem=%zu"
               " multi-mem=0 rbs=%zu rbp=%zu obl=%zu oll=0 omem=0 tot-mem=%zu events=r"
               " cmd=%s%s%s user=default redir=-1 resp=%d lib-name=%s lib-ver=%s\n",
               c->db ? db_id(c->db) : 0, c->query.len, c->query.cap - c->query.len, argv_mem,
               c->reply.cap, c->reply.cap, c->reply.len, tot,
               c->last_cmd ? c->last_cmd->name : "NULL", c->last_sub[0] ? "|" : "", c->last_sub,
               c->resp, c->lib_name ? c->lib_name : "", c->lib_ver ? c->lib_ver : "");
}

static void client_info(struct client *c)
{
    struct buf out = {0};
    describe(&out, c, c, clock_ms());
    resp_add_verbatim(&c->reply, c->resp, out.data, out.len);
    buf_free(&out);
}

/* CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...] */
static void client_list(struct client *c)
{
    long long *ids = NULL;
    size_t nids = 0;
    int only_none = 0; /* TYPE master/replica/pubsub: rung has no such clients */
    if (c->argc == 4 && client_arg_is(c, 2, "type")) {
        const char *t = c->argv[3];
        size_t tl = c->argvlen[3];
        if (client_arg_is(c, 3, "master") || client_arg_is(c, 3, "replica") ||
            client_arg_is(c, 3, "slave") || client_arg_is(c, 3, "pubsub")) {
            only_none = 1;
        } else if (!client_arg_is(c, 3, "normal")) {
            resp_add_errorf(&c->reply, "ERR Unknown client type '%.*s'", (int)tl, t);
            return;
        }
    } else if (c->argc > 3 && client_arg_is(c, 2, "id")) {
        ids = malloc(sizeof *ids * (size_t)(c->argc - 3));
        if (!ids) {
            resp_add_error(&c->reply, "ERR out of memory");
            return;
        }
        for (int i = 3; i < c->argc; i++) {
            long long id;
            if (!num_parse_ll(c->argv[i], c->argvlen[i], &id)) {
                resp_add_error(&c->reply, "ERR Invalid client ID");
                free(ids);
                return;
            }
            ids[nids++] = id;
        }
    } else if (c->argc != 2) {
        resp_add_error(&c->reply, "ERR syntax error");
        return;
    }
    struct buf out = {0};
    long long now = clock_ms();
    if (ids) {
        for (size_t i = 0; i < nids; i++) {
            const struct client *o = server_find_client(c->server, ids[i]);
            if (o)
                describe(&out, o, c, now);
        }
    } else if (!only_none) {
        for (const struct client *o = c->server->clients; o; o = o->next)
            describe(&out, o, c, now);
    }
    resp_add_verbatim(&c->reply, c->resp, out.data ? out.data : "", out.len);
    buf_free(&out);
    free(ids);
}

/* --- CLIENT KILL ------------------------------------------------------------ */

struct kill_filter {
    long long id;            /* 0: any */
    const char *addr, *laddr;
    size_t addrlen, laddrlen;
    const char *user;
    size_t userlen;
    int no_normal;           /* TYPE other than normal: matches nobody here */
    int skipme;
};

static int same_text(const char *want, size_t len, const char *have)
{
    return strlen(have) == len && memcmp(want, have, len) == 0;
}

static int matches(const struct kill_filter *f, const struct client *o)
{
    if (f->no_normal || (f->id && o->id != f->id))
        return 0;
    if (f->addr && !same_text(f->addr, f->addrlen, o->addr))
        return 0;
    if (f->laddr && !same_text(f->laddr, f->laddrlen, o->laddr))
        return 0;
    return !f->user || same_text(f->user, f->userlen, "default");
}

/* Parse the "option value" pairs of the new form: 1, or 0 with the error
 * replied. */
static int parse_kill_filter(struct client *c, struct kill_filter *f)
{
    memset(f, 0, sizeof *f);
    f->skipme = 1;
    for (int i = 2; i < c->argc; i += 2) {
        if (i + 1 >= c->argc) {
            resp_add_error(&c->reply, "ERR syntax error");
            return 0;
        }
        const char *v = c->argv[i + 1];
        size_t vl = c->argvlen[i + 1];
        if (client_arg_is(c, i, "id")) {
            if (!num_parse_ll(v, vl, &f->id) || f->id <= 0) {
                resp_add_error(&c->reply, "ERR client-id should be greater than 0");
                return 0;
            }
        } else if (client_arg_is(c, i, "addr")) {
            f->addr = v, f->addrlen = vl;
        } else if (client_arg_is(c, i, "laddr")) {
            f->laddr = v, f->laddrlen = vl;
        } else if (client_arg_is(c, i, "user")) {
            if (!same_text(v, vl, "default")) { /* rung's only user */
                resp_add_errorf(&c->reply, "ERR No such user '%.*s'", (int)vl, v);
                return 0;
            }
            f->user = v, f->userlen = vl;
        } else if (client_arg_is(c, i, "type")) {
            if (client_arg_is(c, i + 1, "master") || client_arg_is(c, i + 1, "replica") ||
                client_arg_is(c, i + 1, "slave") || client_arg_is(c, i + 1, "pubsub")) {
                f->no_normal = 1;
            } else if (!client_arg_is(c, i + 1, "normal")) {
                resp_add_errorf(&c->reply, "ERR Unknown client type '%.*s'", (int)vl, v);
                return 0;
            }
        } else if (client_arg_is(c, i, "skipme")) {
            if (client_arg_is(c, i + 1, "yes")) {
                f->skipme = 1;
            } else if (client_arg_is(c, i + 1, "no")) {
                f->skipme = 0;
            } else {
                resp_add_error(&c->reply, "ERR syntax error");
                return 0;
            }
        } else {
            resp_add_error(&c->reply, "ERR syntax error");
            return 0;
        }
    }
    return 1;
}

/* Close o: at once if it is another client, after this reply if it is
 * the one asking. */
static void kill_client(struct client *c, struct client *o)
{
    if (o == c)
        c->close_after_reply = 1;
    else
        c->server->close_client(o);
}

static void client_kill(struct client *c)
{
    struct kill_filter f;
    if (c->argc == 3) { /* the old form: CLIENT KILL ip:port */
        memset(&f, 0, sizeof f);
        f.addr = c->argv[2], f.addrlen = c->argvlen[2];
    } else if (!parse_kill_filter(c, &f)) {
        return;
    }
    long long killed = 0;
    for (struct client *o = c->server->clients, *next; o; o = next) {
        next = o->next;
        if (matches(&f, o) && !(o == c && f.skipme)) {
            kill_client(c, o);
            killed++;
        }
    }
    if (c->argc != 3)
        resp_add_integer(&c->reply, killed);
    else if (killed)
        resp_add_simple(&c->reply, "OK");
    else
        resp_add_error(&c->reply, "ERR No such client");
}

/* --- the other CLIENT subcommands -------------------------------------------- */

/* CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2): what library and
 * version the client is, for CLIENT LIST. */
static void client_setinfo(struct client *c)
{
    char **field;
    const char *what;
    if (client_arg_is(c, 2, "lib-name")) {
        field = &c->lib_name, what = "lib-name";
    } else if (client_arg_is(c, 2, "lib-ver")) {
        field = &c->lib_ver, what = "lib-ver";
    } else {
        resp_add_errorf(&c->reply, "ERR Unrecognized option '%.*s'", (int)c->argvlen[2],
                        c->argv[2]);
        return;
    }
    if (!printable_word(c->argv[3], c->argvlen[3])) {
        resp_add_errorf(&c->reply, "ERR %s cannot contain spaces, newlines or special characters.",
                        what);
        return;
    }
    if (client_set_string(field, c->argv[3], c->argvlen[3]) < 0)
        resp_add_error(&c->reply, "ERR out of memory");
    else
        resp_add_simple(&c->reply, "OK");
}

/* CLIENT NO-EVICT|NO-TOUCH on|off */
static void client_switch(struct client *c, int *flag)
{
    if (client_arg_is(c, 2, "on"))
        *flag = 1;
    else if (client_arg_is(c, 2, "off"))
        *flag = 0;
    else {
        resp_add_error(&c->reply, "ERR syntax error");
        return;
    }
    resp_add_simple(&c->reply, "OK");
}

static void client_help(struct client *c)
{
    static const char *const lines[] = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GETNAME",
        "    The name of this connection, or nil.",
        "ID",
        "    The id of this connection.",
        "INFO",
        "    This connection's line of CLIENT LIST.",
        "KILL <ip:port>",
        "    Close the connection from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Close the connections matching all the options:",
        "    * ID <client-id>",
        "    * ADDR <ip:port>      (the client's address)",
        "    * LADDR <ip:port>     (the address it connected to)",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "    * USER <username>",
        "    * SKIPME (YES|NO)     (spare this connection; YES by default)",
        "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <client-id> ...]",
        "    One line per connection, with its fields.",
        "NO-EVICT (ON|OFF)",
        "    Protect this connection from client eviction.",
        "NO-TOUCH (ON|OFF)",
        "    Let this connection read keys without changing their last access time.",
        "SETINFO (LIB-NAME|LIB-VER) <value>",
        "    Name the client library and its version, for CLIENT LIST.",
        "SETNAME <name>",
        "    Name this connection.",
        "HELP",
        "    Print this help.",
    };
    cmd_add_help(&c->reply, lines, sizeof lines / sizeof lines[0]);
}

struct subcommand {
    const char *name;
    int arity; /* as in struct cmd, counting CLIENT and the subcommand */
    void (*proc)(struct client *c);
};

static void client_id(struct client *c)
{
    resp_add_integer(&c->reply, c->id);
}

static void client_getname(struct client *c)
{
    if (c->name)
        resp_add_bulk_str(&c->reply, c->name);
    else
        resp_add_nil(&c->reply, c->resp);
}

static void client_setname(struct client *c)
{
    if (set_name(c, c->argv[2], c->argvlen[2]))
        resp_add_simple(&c->reply, "OK");
}

static void client_no_evict(struct client *c)
{
    client_switch(c, &c->no_evict);
}

static void client_no_touch(struct client *c)
{
    client_switch(c, &c->no_touch);
}

static const struct subcommand client_subcommands[] = {
    {"id", 2, client_id},           {"getname", 2, client_getname},
    {"setname", 3, client_setname}, {"info", 2, client_info},
    {"list", -2, client_list},      {"kill", -3, client_kill},
    {"setinfo", 4, client_setinfo}, {"no-evict", 3, client_no_evict},
    {"no-touch", 3, client_no_touch}, {"help", 2, client_help},
};

static void cmd_client(struct client *c)
{
    for (size_t i = 0; i < sizeof client_subcommands / sizeof client_subcommands[0]; i++) {
        const struct subcommand *s = &client_subcommands[i];
        if (!client_arg_is(c, 1, s->name))
            continue;
        if ((s->arity > 0 && c->argc != s->arity) || c->argc < -s->arity) {
            char name[32];
            snprintf(name, sizeof name, "client|%s", s->name);
            cmd_add_arity_error(&c->reply, name);
            return;
        }
        s->proc(c);
        return;
    }
    cmd_add_subcommand_error(&c->reply, c->argv[1], c->argvlen[1], "CLIENT");
}

const struct cmd cmd_client_group[] = {
    {"auth", cmd_auth, -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0},
    {"client", cmd_client, -2, "", 0, 0, 0},
    {"hello", cmd_hello, -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0},
    {"reset", cmd_reset, 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
