/* config.c - server settings from the command line, named like redis-server's.
 *
 * redis-server reads `--port 6380 --bind 127.0.0.1 ::1`: a flag followed by
 * its values, up to the next flag.  We accept the same shape so scripts
 * written for Redis work here.  Each option is a table row with a setter;
 * the common options live here, and a stage passes extra rows for the
 * options of its own concept.  An unknown flag is an error that names it:
 * a typo must never be silently ignored in a server's configuration.
 *
 * The same rows read a redis.conf-style file given as the first argument
 * (one "name value..." per line, '#' comments, Redis's quoting), and,
 * through their get() and runtime fields, serve CONFIG GET/SET
 * (shared/cmd_config.c): one table, three ways in, so a setting cannot
 * exist in one and be missing from another.  Order: file, then flags. */
#include "config.h"

#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *set_port(void *target, int argc, char **argv)
{
    (void)argc;
    long v;
    const char *why = config_set_long(&v, argv[0], 0, 65535);
    if (!why)
        ((struct config *)target)->port = (int)v;
    return why;
}

static const char *set_bind(void *target, int argc, char **argv)
{
    struct config *c = target;
    if (argc > CONFIG_MAX_BIND)
        return "too many bind addresses";
    for (int i = 0; i < argc; i++)
        c->bind[i] = argv[i];
    c->nbind = argc;
    return NULL;
}

static const char *set_loglevel(void *target, int argc, char **argv)
{
    (void)argc;
    int level = log_level_from_name(argv[0]);
    if (level < 0)
        return "argument(s) must be one of the following: debug, verbose, notice, warning";
    ((struct config *)target)->loglevel = level;
    log_set_level(level); /* CONFIG SET: takes effect now */
    return NULL;
}

/* rung keeps no RDB snapshots, so the only true value of `save` is "":
 * accepting it lets redis.conf files and `--save ''` work unchanged. */
static const char *set_save(void *target, int argc, char **argv)
{
    (void)target;
    if (argc != 1 || argv[0][0] != '\0')
        return "rung has no RDB snapshots: save can only be \"\"";
    return NULL;
}

static void get_port(const void *target, char *out, size_t n)
{
    snprintf(out, n, "%d", ((const struct config *)target)->port);
}

static void get_bind(const void *target, char *out, size_t n)
{
    const struct config *c = target;
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < c->nbind && at < n; i++) {
        int w = snprintf(out + at, n - at, "%s%s", i ? " " : "", c->bind[i]);
        at += w > 0 ? (size_t)w : 0;
    }
}

static void get_loglevel(const void *target, char *out, size_t n)
{
    static const char *const names[] = {"debug", "verbose", "notice", "warning"};
    int level = ((const struct config *)target)->loglevel;
    snprintf(out, n, "%s", level >= 0 && level < 4 ? names[level] : "notice");
}

static void get_empty(const void *target, char *out, size_t n)
{
    (void)target, (void)n;
    out[0] = '\0';
}

/* Redis reads a number setting as the shortest decimal text of the
 * number: "+5", " 5", "05" and "-0" are not numbers there, so they are
 * not numbers here either.  (The commands' own parser, num.c, keeps the
 * same rule; it arrives in stage 07, after this file.) */
static int canonical_integer(const char *text)
{
    const char *d = text + (*text == '-');
    if (*d < '0' || *d > '9' || (*d == '0' && (d[1] != '\0' || d != text)))
        return 0;
    for (; *d; d++)
        if (*d < '0' || *d > '9')
            return 0;
    return 1;
}

/* Redis's texts, so CONFIG SET's errors read the same. */
const char *config_set_long(long *target, const char *text, long min, long max)
{
    static char why[96];
    if (!canonical_integer(text))
        return "argument couldn't be parsed into an integer";
    errno = 0;
    long v = strtol(text, NULL, 10);
    if (errno)
        return "argument couldn't be parsed into an integer";
    if (v < min || v > max) {
        snprintf(why, sizeof why, "argument must be between %ld and %ld inclusive", min, max);
        return why;
    }
    *target = v;
    return NULL;
}

/* A number with an optional unit: k/m/g are powers of 1000, kb/mb/gb of
 * 1024, b is bytes (any case), as redis.conf reads sizes.  Only digits
 * come before the unit (no sign, no space; leading zeros are fine), and
 * a size too big to hold gets Redis's range error, as there. */
const char *config_set_memory(long long *target, const char *text)
{
    static const struct { const char *unit; unsigned long long mul; } units[] = {
        {"", 1}, {"b", 1}, {"k", 1000}, {"kb", 1024}, {"m", 1000000}, {"mb", 1 << 20},
        {"g", 1000000000}, {"gb", 1ULL << 30},
    };
    const char *end = text;
    while (*end >= '0' && *end <= '9')
        end++;
    if (end == text)
        return "argument must be a memory value";
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcasecmp(end, units[i].unit) != 0)
            continue;
        errno = 0;
        unsigned long long v = strtoull(text, NULL, 10); /* stops at the unit */
        if (errno || v > (unsigned long long)LLONG_MAX / units[i].mul)
            return "argument must be between 0 and 9223372036854775807 inclusive";
        *target = (long long)(v * units[i].mul);
        return NULL;
    }
    return "argument must be a memory value";
}

void config_init(struct config *c, const char *name)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->port = 6379;
    c->bind[0] = "127.0.0.1";
    c->nbind = 1;
    c->loglevel = LOG_NOTICE;
}

void config_common(struct config *c, struct config_opt out[CONFIG_NCOMMON + 1])
{
    const struct config_opt common[CONFIG_NCOMMON + 1] = {
        {"port", "TCP port to listen on (0: any free port)", 1, 1, set_port, c, get_port, 0},
        {"bind", "addresses to listen on (default 127.0.0.1)", 1, CONFIG_MAX_BIND, set_bind, c,
         get_bind, 0},
        {"loglevel", "debug, verbose, notice or warning", 1, 1, set_loglevel, c, get_loglevel, 1},
        {"save", "\"\" only: rung keeps no RDB snapshots", 1, 1, set_save, c, get_empty, 1},
        {0},
    };
    memcpy(out, common, sizeof common);
}

static void print_opts(const struct config_opt *o)
{
    for (; o && o->name; o++)
        printf("  --%-14s %s\n", o->name, o->help);
}

static void usage(const struct config *c, const struct config_opt *common,
                  const struct config_opt *extra)
{
    printf("Usage: %s [/path/to/rung.conf] [--option value ...]\n\nOptions:\n", c->name);
    print_opts(common);
    print_opts(extra);
    printf("  --%-14s %s\n  --%-14s %s\n", "help", "show this help and exit",
           "version", "show the version and exit");
}

const struct config_opt *config_find(const struct config_opt *o, const char *name)
{
    for (; o && o->name; o++)
        if (strcasecmp(o->name, name) == 0)
            return o;
    return NULL;
}

static const struct config_opt *find_opt(const struct config_opt *o, const char *name)
{
    return config_find(o, name);
}

/* Apply one flag and the values after it; returns how many argv slots it used. */
static int apply_flag(const struct config_opt *o, void *target, int argc,
                      char **argv, char *err)
{
    int n = 0;
    while (1 + n < argc && strncmp(argv[1 + n], "--", 2) != 0)
        n++;
    if (n < o->min_args || n > o->max_args) {
        snprintf(err, CONFIG_ERR_LEN, "wrong number of values for '--%s'", o->name);
        return -1;
    }
    const char *why = o->apply(o->target ? o->target : target, n, argv + 1);
    if (why) {
        snprintf(err, CONFIG_ERR_LEN, "--%s: %s", o->name, why);
        return -1;
    }
    return 1 + n;
}

/* The absolute path of the file, kept for INFO and CONFIG REWRITE. */
static const char *remember_path(const char *path);

int config_parse(struct config *c, int argc, char **argv,
                 const struct config_opt *extra, char *err)
{
    struct config_opt common[CONFIG_NCOMMON + 1];
    config_common(c, common);
    int i = 1;
    if (argc > 1 && argv[1][0] != '-') {
        if (config_load_file(argv[1], common, extra, err) < 0)
            return -1;
        c->file = remember_path(argv[1]);
        i = 2;
    }
    while (i < argc) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(c, common, extra);
            return 1;
        }
        if (strcmp(arg, "--version") == 0 || strcmp(arg, "-v") == 0) {
            printf("%s v=%s\n", c->name, RUNG_VERSION);
            return 1;
        }
        const struct config_opt *o = NULL;
        if (strncmp(arg, "--", 2) == 0)
            o = find_opt(common, arg + 2) ? find_opt(common, arg + 2) : find_opt(extra, arg + 2);
        if (!o) {
            snprintf(err, CONFIG_ERR_LEN, "unknown option '%s' (see --help)", arg);
            return -1;
        }
        int used = apply_flag(o, c, argc - i, argv + i, err);
        if (used < 0)
            return -1;
        i += used;
    }
    return 0;
}

/* ---- the config file ---------------------------------------------------
 * Settings keep pointers to their values, so the text of a file read
 * stays allocated until the process ends; each text is on this list,
 * which also keeps it reachable for the leak checker. */
struct kept {
    struct kept *next;
    char text[];
};
static struct kept *kept_texts;

static char *keep(size_t n)
{
    struct kept *k = malloc(sizeof *k + n);
    if (!k)
        return NULL;
    k->next = kept_texts;
    kept_texts = k;
    return k->text;
}

static const char *remember_path(const char *path)
{
    char *abs = realpath(path, NULL);
    char *copy = abs ? keep(strlen(abs) + 1) : NULL;
    if (copy)
        strcpy(copy, abs);
    free(abs);
    return copy ? copy : path;
}

static int hex_value(char ch)
{
    return isdigit((unsigned char)ch) ? ch - '0' : tolower((unsigned char)ch) - 'a' + 10;
}

/* One escape inside "...": writes its byte at *w, returns bytes read. */
static int unescape(const char *r, char *w)
{
    if (r[1] == 'x' && isxdigit((unsigned char)r[2]) && isxdigit((unsigned char)r[3])) {
        *w = (char)(hex_value(r[2]) * 16 + hex_value(r[3]));
        return 4;
    }
    static const char from[] = "nrtba", to[] = "\n\r\t\b\a";
    const char *at = strchr(from, r[1]);
    *w = at && r[1] ? to[at - from] : r[1];
    return 2;
}

/* Copy one word from r to w (w never passes r: unescaping only shrinks).
 * Returns where reading stopped (a space or the end), or NULL on bad
 * quoting. */
static char *read_word(char *r, char **wp)
{
    char *w = *wp;
    char quote = 0;
    for (;;) {
        char ch = *r;
        if (!quote && (ch == '\0' || isspace((unsigned char)ch)))
            break;
        if (quote && ch == '\0')
            return NULL; /* the line ended inside quotes */
        if (!quote && (ch == '"' || ch == '\'')) {
            quote = ch;
            r++;
        } else if (quote == '"' && ch == '\\' && r[1]) {
            r += unescape(r, w++);
        } else if (quote == '\'' && ch == '\\' && r[1] == '\'') {
            *w++ = '\'';
            r += 2;
        } else if (ch == quote) {
            r++;
            if (*r && !isspace((unsigned char)*r))
                return NULL; /* "a"b: Redis refuses it too */
            quote = 0;
            break;
        } else {
            *w++ = *r++;
        }
    }
    *wp = w;
    return r;
}

int config_split(char *line, char **words, int max)
{
    int n = 0;
    char *r = line;
    for (;;) {
        while (isspace((unsigned char)*r))
            r++;
        if (*r == '\0')
            return n;
        if (n == max)
            return -1;
        char *start = r, *w = r;
        r = read_word(r, &w);
        if (!r)
            return -1;
        int at_end = *r == '\0';
        *w = '\0'; /* may overwrite the space r points at: step past it */
        words[n++] = start;
        if (!at_end)
            r++;
    }
}

static int file_error(char *err, const char *path, int lineno, const char *line, const char *why)
{
    snprintf(err, CONFIG_ERR_LEN,
             "\n*** FATAL CONFIG FILE ERROR (rung %s) ***\n"
             "Reading the configuration file %s, at line %d\n>>> '%.400s'\n%s",
             RUNG_VERSION, path, lineno, line, why);
    return -1;
}

/* Apply one line (already stripped of its newline); 0 or -1 with err. */
static int apply_line(char *line, const struct config_opt *common, const struct config_opt *extra,
                      const char *path, int lineno, char *err)
{
    char shown[512];
    snprintf(shown, sizeof shown, "%s", line);
    line += strspn(line, " \t");
    if (*line == '#')
        return 0; /* a comment may hold anything, unbalanced quotes too */
    char *words[CONFIG_MAX_BIND + 2];
    int n = config_split(line, words, CONFIG_MAX_BIND + 2);
    if (n < 0)
        return file_error(err, path, lineno, shown, "Unbalanced quotes in configuration line");
    if (n == 0)
        return 0;
    const struct config_opt *o = config_find(common, words[0]);
    if (!o)
        o = config_find(extra, words[0]);
    if (!o)
        return file_error(err, path, lineno, shown, "Bad directive or wrong number of arguments");
    if (n - 1 < o->min_args || n - 1 > o->max_args)
        return file_error(err, path, lineno, shown, "wrong number of arguments");
    const char *why = o->apply(o->target, n - 1, words + 1);
    return why ? file_error(err, path, lineno, shown, why) : 0;
}

/* The whole file in one kept, NUL-ended buffer; NULL with errno. */
static char *read_all(FILE *f)
{
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    while (text) {
        len += fread(text + len, 1, cap - len - 1, f);
        if (len < cap - 1)
            break;
        char *bigger = realloc(text, cap *= 2);
        if (!bigger)
            free(text);
        text = bigger;
    }
    if (!text || ferror(f)) {
        free(text);
        return NULL;
    }
    char *copy = keep(len + 1);
    if (copy)
        memcpy(copy, text, len), copy[len] = '\0';
    free(text);
    return copy;
}

int config_load_file(const char *path, const struct config_opt *common,
                     const struct config_opt *extra, char *err)
{
    FILE *f = fopen(path, "r");
    char *text = f ? read_all(f) : NULL;
    if (!text) {
        snprintf(err, CONFIG_ERR_LEN, "Fatal error, can't open config file '%s': %s", path,
                 strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    int lineno = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (apply_line(line, common, extra, path, ++lineno, err) < 0)
            return -1;
    }
    return 0;
}

static int needs_quotes(const char *v)
{
    if (*v == '\0')
        return 1;
    for (; *v; v++)
        if (!isgraph((unsigned char)*v) || *v == '"' || *v == '\'' || *v == '\\' || *v == '#')
            return 1;
    return 0;
}

void config_format_line(const char *name, const char *value, char *out, size_t n)
{
    if (!needs_quotes(value)) {
        snprintf(out, n, "%s %s", name, value);
        return;
    }
    size_t at = (size_t)snprintf(out, n, "%s \"", name);
    for (const unsigned char *v = (const unsigned char *)value; *v && at + 5 < n; v++) {
        if (*v == '"' || *v == '\\')
            at += (size_t)snprintf(out + at, n - at, "\\%c", *v);
        else if (isprint(*v))
            out[at++] = (char)*v;
        else
            at += (size_t)snprintf(out + at, n - at, "\\x%02x", *v);
    }
    snprintf(out + (at < n ? at : n - 1), n - (at < n ? at : n - 1), "\"");
}
