/* rung-cli - a redis-cli-like client: the protocol from the other side.
 *
 * One-shot (`rung-cli -p 6379 SET a b`) sends its arguments as one RESP
 * command, prints the reply and exits.  Without a command it is a REPL:
 * a prompt, a line editor (shared/lineedit.c), redis-cli's quoting rules
 * (shared/cliargs.c), and reconnection when the server went away.
 *
 * Data flow: argv or a typed line -> resp_add_array/resp_add_bulk (the
 * server's own reply writer makes a client's request just as well) ->
 * socket -> reply_parse (shared/reply.c) -> cliformat_tty or cliformat_raw
 * (shared/cliformat.c) -> stdout.  See docs/cli.md. */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "cliargs.h"
#include "cliformat.h"
#include "lineedit.h"
#include "net.h"
#include "reply.h"
#include "resp.h"

#define CLI_VERSION "0.1.0"

struct options {
    const char *host;
    int port;
    const char *password;
    int db;                /* the database selected now */
    int resp3;
    int raw;               /* the output format: raw or terminal */
    long repeat;
};

struct conn {
    int fd;                /* -1: not connected */
    struct buf in;         /* bytes read, not yet parsed */
    struct reply_parser parser;
};

/* ------------------------------------------------------------------------
 * The wire
 * ------------------------------------------------------------------------ */

static void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    buf_clear(&c->in);
    reply_parser_reset(&c->parser);
}

/* Connect to host:port; on failure say so as redis-cli does. */
static int conn_open(struct conn *c, const struct options *o)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
    char port[16];
    snprintf(port, sizeof port, "%d", o->port);
    int err = getaddrinfo(o->host, port, &hints, &ai);
    const char *why = err ? gai_strerror(err) : NULL;
    c->fd = -1;
    for (struct addrinfo *a = ai; a && c->fd < 0; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            c->fd = fd;
            break;
        }
        why = strerror(errno);
        if (fd >= 0)
            close(fd);
    }
    freeaddrinfo(ai);
    if (c->fd < 0) {
        fprintf(stderr, "Could not connect to Redis at %s:%d: %s\n", o->host, o->port, why);
        return -1;
    }
    net_set_nodelay(c->fd);
    return 0;
}

static int send_command(struct conn *c, int argc, char **argv, const size_t *len)
{
    struct buf out = {0};
    int rc = resp_add_array(&out, (size_t)argc);
    for (int i = 0; i < argc && rc == 0; i++)
        rc = resp_add_bulk(&out, argv[i], len ? len[i] : strlen(argv[i]));
    if (rc == 0)
        rc = net_write_all(c->fd, out.data, out.len);
    buf_free(&out);
    return rc;
}

/* Read until one whole reply is parsed; push messages that arrive before
 * it are dropped, as redis-cli 7.0 does.  NULL when the connection broke
 * (the reason is printed). */
static struct reply *read_reply(struct conn *c)
{
    for (;;) {
        struct reply *r;
        long n = reply_parse(&c->parser, c->in.data, c->in.len, &r);
        if (n > 0) {
            buf_consume(&c->in, (size_t)n);
            if (r->type != REPLY_PUSH)
                return r;
            reply_free(r);
            continue;
        }
        if (n == REPLY_ERR) {
            fprintf(stderr, "Error: Protocol error, %s\n", c->parser.err);
            return NULL;
        }
        if (buf_reserve(&c->in, 16384) < 0)
            return NULL;
        ssize_t got = read(c->fd, c->in.data + c->in.len, c->in.cap - c->in.len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            fprintf(stderr, "Error: %s\n", got == 0 ? "Server closed the connection" : strerror(errno));
            return NULL;
        }
        c->in.len += (size_t)got;
    }
}

/* Send a command and return its reply (NULL, printed, on a broken wire;
 * the connection is then closed). */
static struct reply *call(struct conn *c, int argc, char **argv, const size_t *len)
{
    struct reply *r = NULL;
    if (send_command(c, argc, argv, len) == 0)
        r = read_reply(c);
    else
        fprintf(stderr, "Error: %s\n", strerror(errno));
    if (!r)
        conn_close(c);
    return r;
}

/* A command of the connection handshake; "WHAT failed: error" if refused. */
static int handshake_step(struct conn *c, const char *what, int argc, char **argv)
{
    struct reply *r = call(c, argc, argv, NULL);
    if (!r)
        return -1;
    int ok = r->type != REPLY_ERROR;
    if (!ok)
        fprintf(stderr, "%s failed: %s\n", what, r->str);
    reply_free(r);
    return ok;
}

/* Connect, then AUTH, SELECT and HELLO 3 as the options ask. */
static int conn_start(struct conn *c, struct options *o)
{
    if (conn_open(c, o) < 0)
        return -1;
    if (o->password && handshake_step(c, "AUTH", 2, (char *[]){"AUTH", (char *)o->password}) < 0)
        return -1;
    if (o->db != 0) {
        char num[24], what[40];
        snprintf(num, sizeof num, "%d", o->db);
        snprintf(what, sizeof what, "SELECT %d", o->db);
        int ok = handshake_step(c, what, 2, (char *[]){"SELECT", num});
        if (ok < 0)
            return -1;
        if (!ok)
            o->db = 0;
    }
    if (o->resp3 && handshake_step(c, "HELLO 3", 2, (char *[]){"HELLO", "3"}) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------ */

static void print_reply(const struct reply *r, int raw)
{
    struct buf out = {0};
    int rc = raw ? cliformat_raw(&out, r) : cliformat_tty(&out, r);
    if (rc == 0 && raw)
        rc = buf_append(&out, "\n", 1);
    if (rc == 0)
        fwrite(out.data, 1, out.len, stdout);
    fflush(stdout);
    buf_free(&out);
}

static void usage(FILE *f)
{
    fprintf(f,
            "rung-cli " CLI_VERSION " - a redis-cli-like client\n"
            "\n"
            "Usage: rung-cli [OPTIONS] [cmd [arg [arg ...]]]\n"
            "  -h <hostname>  Server hostname (default: 127.0.0.1).\n"
            "  -p <port>      Server port (default: 6379).\n"
            "  -a <password>  Password to use when connecting to the server.\n"
            "  -n <db>        Database number.\n"
            "  -2             Start session in RESP2 protocol mode.\n"
            "  -3             Start session in RESP3 protocol mode (HELLO 3).\n"
            "  -r <repeat>    Execute specified command N times.\n"
            "  --raw          Use raw formatting for replies (default when\n"
            "                 stdout is not a tty).\n"
            "  --no-raw       Force formatted output even when stdout is not a tty.\n"
            "  --help         Output this help and exit.\n"
            "  --version      Output version and exit.\n"
            "\n"
            "Without a command, rung-cli starts an interactive session.\n"
            "History is kept in ~/.rungcli_history (RUNGCLI_HISTFILE; /dev/null disables).\n");
}

static int bad_option(const char *arg)
{
    fprintf(stderr, "Unrecognized option or bad number of args for: '%s'\n", arg);
    return -1;
}

/* Parse the options; returns the index of the first command word, or -1
 * (message printed), or 0 after --help/--version. */
static int parse_options(int argc, char **argv, struct options *o)
{
    int force = -1, i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-h") && more) o->host = argv[++i];
        else if (!strcmp(a, "-p") && more) o->port = atoi(argv[++i]);
        else if (!strcmp(a, "-a") && more) o->password = argv[++i];
        else if (!strcmp(a, "-n") && more) o->db = atoi(argv[++i]);
        else if (!strcmp(a, "-r") && more) o->repeat = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-3")) o->resp3 = 1;
        else if (!strcmp(a, "-2")) o->resp3 = 0;
        else if (!strcmp(a, "--raw")) force = 1;
        else if (!strcmp(a, "--no-raw")) force = 0;
        else if (!strcmp(a, "--help")) return usage(stdout), 0;
        else if (!strcmp(a, "--version")) return puts("rung-cli " CLI_VERSION), 0;
        else return bad_option(a);
    }
    o->raw = force >= 0 ? force : !isatty(STDOUT_FILENO);
    if (o->password)
        fprintf(stderr, "Warning: Using a password with '-a' or '-u' option on the command "
                        "line interface may not be safe.\n");
    return i;
}

/* ------------------------------------------------------------------------
 * One-shot and interactive
 * ------------------------------------------------------------------------ */

static int one_shot(struct conn *c, struct options *o, int argc, char **argv)
{
    if (conn_start(c, o) < 0)
        return 1;
    for (long n = 0; n < (o->repeat > 0 ? o->repeat : 1); n++) {
        struct reply *r = call(c, argc, argv, NULL);
        if (!r)
            return 1;
        print_reply(r, o->raw);
        reply_free(r);
    }
    return 0;
}

static void make_prompt(char *p, size_t n, const struct conn *c, const struct options *o)
{
    if (c->fd < 0) {
        snprintf(p, n, "not connected> ");
        return;
    }
    int v6 = strchr(o->host, ':') != NULL;
    char db[24] = "";
    if (o->db != 0)
        snprintf(db, sizeof db, "[%d]", o->db);
    snprintf(p, n, "%s%s%s:%d%s> ", v6 ? "[" : "", o->host, v6 ? "]" : "", o->port, db);
}

/* AUTH and friends carry secrets: redis-cli keeps them out of history. */
static int is_sensitive(const struct cliargs *a)
{
    char **v = a->argv;
    if (!strcasecmp(v[0], "auth"))
        return 1;
    if (!strcasecmp(v[0], "hello"))
        for (int i = 1; i < a->argc; i++)
            if (!strcasecmp(v[i], "auth"))
                return 1;
    if (a->argc > 1 && !strcasecmp(v[0], "acl") && !strcasecmp(v[1], "setuser"))
        return 1;
    return a->argc > 2 && !strcasecmp(v[0], "config") && !strcasecmp(v[1], "set") &&
           (!strcasecmp(v[2], "masterauth") || !strcasecmp(v[2], "masteruser") ||
            !strcasecmp(v[2], "requirepass"));
}

static long long now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Run one typed command (after the repeat count, if any). */
static void run_typed(struct conn *c, struct options *o, int argc, char **argv, size_t *len,
                      long repeat)
{
    if (c->fd < 0 && conn_start(c, o) < 0)
        return;
    long long start = now_ms();
    for (long n = 0; n < repeat; n++) {
        struct reply *r = call(c, argc, argv, len);
        if (!r)
            return;
        print_reply(r, o->raw);
        if (!strcasecmp(argv[0], "select") && argc == 2 && r->type != REPLY_ERROR)
            o->db = atoi(argv[1]);
        reply_free(r);
    }
    long long took = now_ms() - start;
    if (took >= 500 && !o->raw)
        printf("(%.2fs)\n", (double)took / 1000);
}

/* A leading number is a repeat count ("3 ping"); 0 args left means none. */
static int repeat_prefix(const struct cliargs *a, long *repeat)
{
    char *end;
    errno = 0;
    long n = strtol(a->argv[0], &end, 10);
    *repeat = 1;
    if (a->argc < 2 || *end != '\0' || end == a->argv[0])
        return 0;
    if (errno || n <= 0) {
        puts("Invalid redis-cli repeat command option value.");
        return -1;
    }
    *repeat = n;
    return 1;
}

static const char *history_path(char *path, size_t n)
{
    const char *env = getenv("RUNGCLI_HISTFILE");
    const char *home = getenv("HOME");
    if (env && *env)
        snprintf(path, n, "%s", env);
    else if (home)
        snprintf(path, n, "%s/.rungcli_history", home);
    else
        return NULL;
    return strcmp(path, "/dev/null") ? path : NULL;
}

/* Handle one typed line.  Returns 1 when the user asked to leave. */
static int typed_line(struct conn *c, struct options *o, struct lineedit *le, const char *hist,
                      const char *line)
{
    struct cliargs a;
    long repeat;
    int argc = cliargs_split(line, &a), skip = 0;
    if (argc < 0) {
        puts("Invalid argument(s)");
        fflush(stdout);
    } else if (argc > 0 && (skip = repeat_prefix(&a, &repeat)) >= 0) {
        struct cliargs rest = {a.argc - skip, a.argv + skip, a.len + skip};
        if (hist && !is_sensitive(&rest)) {
            lineedit_history_add(le, line);
            lineedit_history_save(le, hist);
        }
        if (!strcasecmp(rest.argv[0], "quit") || !strcasecmp(rest.argv[0], "exit")) {
            cliargs_free(&a);
            return 1;
        }
        if (rest.argc == 1 && !strcasecmp(rest.argv[0], "clear"))
            lineedit_clear_screen();
        else
            run_typed(c, o, rest.argc, rest.argv, rest.len, repeat);
    }
    cliargs_free(&a);
    return 0;
}

static int interactive(struct conn *c, struct options *o)
{
    struct lineedit le = {0};
    struct buf line = {0};
    char path[4096], prompt[512];
    const char *hist = isatty(STDIN_FILENO) ? history_path(path, sizeof path) : NULL;
    if (hist)
        lineedit_history_load(&le, hist);
    conn_start(c, o);
    for (;;) {
        make_prompt(prompt, sizeof prompt, c, o);
        if (lineedit_read(&le, prompt, &line) < 0)
            break;
        if (typed_line(c, o, &le, hist, line.data ? line.data : ""))
            break;
    }
    buf_free(&line);
    lineedit_free(&le);
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = {.host = "127.0.0.1", .port = 6379};
    struct conn c = {.fd = -1};
    signal(SIGPIPE, SIG_IGN); /* a dead server is an error to report, not a death */
    int first = parse_options(argc, argv, &o);
    if (first <= 0)
        return first < 0 ? 1 : 0;
    int rc = first < argc ? one_shot(&c, &o, argc - first, argv + first) : interactive(&c, &o);
    conn_close(&c);
    buf_free(&c.in);
    return rc;
}
