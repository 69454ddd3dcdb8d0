/* test_config.c - command-line flags and the config file: values, defaults,
 * quoting, errors that name the flag (or the file, line and text), and the
 * one table of settings that CONFIG reads (get()) and writes (runtime);
 * the parsers of numbers and sizes, with Redis's error texts, leaving the
 * target alone on an error. */
#include "config.h"
#include "log.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse(struct config *c, char **argv, char *err)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    config_init(c, "rung-test");
    return config_parse(c, argc, argv, NULL, err);
}

static void test_defaults(void)
{
    struct config c;
    char err[CONFIG_ERR_LEN];
    char *argv[] = {"rung", NULL};
    CHECK(parse(&c, argv, err) == 0);
    CHECK(c.port == 6379 && c.nbind == 1 && strcmp(c.bind[0], "127.0.0.1") == 0);
    CHECK(c.loglevel == LOG_NOTICE);
}

static void test_values(void)
{
    struct config c;
    char err[CONFIG_ERR_LEN];
    char *argv[] = {"rung", "--port", "7000", "--bind", "127.0.0.1", "::1", "--loglevel", "debug", NULL};
    CHECK(parse(&c, argv, err) == 0);
    CHECK(c.port == 7000);
    CHECK(c.nbind == 2 && strcmp(c.bind[1], "::1") == 0);
    CHECK(c.loglevel == LOG_DEBUG);
}

static void test_errors(void)
{
    struct config c;
    char err[CONFIG_ERR_LEN];
    char *unknown[] = {"rung", "--frobnicate", "1", NULL};
    CHECK(parse(&c, unknown, err) == -1);
    CHECKF(strstr(err, "--frobnicate") != NULL, "err: %s", err);
    char *bare[] = {"rung", "port", NULL};
    CHECK(parse(&c, bare, err) == -1 && strstr(err, "port") != NULL);
    char *badport[] = {"rung", "--port", "70000", NULL};
    CHECK(parse(&c, badport, err) == -1 && strstr(err, "--port") != NULL);
    char *noval[] = {"rung", "--port", NULL};
    CHECK(parse(&c, noval, err) == -1 && strstr(err, "--port") != NULL);
    char *twovals[] = {"rung", "--port", "1", "2", NULL};
    CHECK(parse(&c, twovals, err) == -1);
    char *level[] = {"rung", "--loglevel", "loud", NULL};
    CHECK(parse(&c, level, err) == -1 && strstr(err, "loglevel") != NULL);
}

static void test_split(void)
{
    char *w[8];
    char plain[] = "  bind 127.0.0.1   ::1  ";
    CHECK(config_split(plain, w, 8) == 3);
    CHECK(strcmp(w[0], "bind") == 0 && strcmp(w[1], "127.0.0.1") == 0 && strcmp(w[2], "::1") == 0);
    char quoted[] = "requirepass \"a b\\\"c\\x41\\n\" 'it\\'s' \"\"";
    CHECK(config_split(quoted, w, 8) == 4);
    CHECK(strcmp(w[1], "a b\"cA\n") == 0);
    CHECKF(strcmp(w[2], "it's") == 0, "got [%s]", w[2]);
    CHECK(w[3][0] == '\0');
    char open_quote[] = "port \"6379";
    CHECK(config_split(open_quote, w, 8) == -1);
    char glued[] = "port \"63\"79";
    CHECK(config_split(glued, w, 8) == -1);
    char many[] = "a b c";
    CHECK(config_split(many, w, 2) == -1);
    char empty[] = "   ";
    CHECK(config_split(empty, w, 8) == 0);
}

/* Write text to a fresh file; returns its path (static). */
static const char *conf_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/rung-test-config-%d.conf", (int)getpid());
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void test_file(void)
{
    struct config c;
    char err[CONFIG_ERR_LEN];
    const char *path = conf_file("# a comment \"unbalanced\n\n  port 7001\r\nLOGLEVEL warning\n"
                                 "bind 127.0.0.1 ::1\nsave \"\"\n");
    char *argv[] = {"rung", (char *)path, "--port", "7002", NULL};
    CHECKF(parse(&c, argv, err) == 0, "err: %s", err);
    CHECK(c.port == 7002); /* the flag overrides the file */
    CHECK(c.loglevel == LOG_WARNING && c.nbind == 2 && strcmp(c.bind[1], "::1") == 0);
    CHECK(c.file && c.file[0] == '/' && strstr(c.file, "rung-test-config") != NULL);
    char *only[] = {"rung", (char *)path, NULL};
    CHECK(parse(&c, only, err) == 0 && c.port == 7001);
    log_set_level(LOG_NOTICE);
    unlink(path);
}

static void test_file_errors(void)
{
    struct config c;
    char err[CONFIG_ERR_LEN];
    const char *path = conf_file("port 7001\n# ok\nfrobnicate 1\n");
    char *argv[] = {"rung", (char *)path, NULL};
    CHECK(parse(&c, argv, err) == -1);
    CHECKF(strstr(err, "FATAL CONFIG FILE ERROR") && strstr(err, path) && strstr(err, "at line 3") &&
               strstr(err, ">>> 'frobnicate 1'") && strstr(err, "Bad directive"),
           "err: %s", err);
    conf_file("port 1 2\n");
    CHECK(parse(&c, argv, err) == -1 && strstr(err, "at line 1") && strstr(err, "wrong number of arguments"));
    conf_file("port 'x\n");
    CHECK(parse(&c, argv, err) == -1 && strstr(err, "Unbalanced quotes in configuration line"));
    conf_file("save \"3600 1\"\n");
    CHECK(parse(&c, argv, err) == -1 && strstr(err, "no RDB"));
    conf_file("port 99999\n");
    CHECK(parse(&c, argv, err) == -1 && strstr(err, "argument must be between 0 and 65535 inclusive"));
    unlink(path);
    char *missing[] = {"rung", "/nonexistent/rung.conf", NULL};
    CHECK(parse(&c, missing, err) == -1);
    CHECKF(strcmp(err, "Fatal error, can't open config file '/nonexistent/rung.conf': "
                       "No such file or directory") == 0, "err: %s", err);
}

/* The registry: every common setting can be read back, and set again
 * through the same row. */
static void test_registry(void)
{
    struct config c;
    struct config_opt rows[CONFIG_NCOMMON + 1];
    char value[CONFIG_VALUE_LEN];
    config_init(&c, "rung-test");
    config_common(&c, rows);
    const struct config_opt *port = config_find(rows, "PORT");
    CHECK(port && port->get && !port->runtime);
    port->get(port->target, value, sizeof value);
    CHECK(strcmp(value, "6379") == 0);
    const struct config_opt *level = config_find(rows, "loglevel");
    CHECK(level && level->runtime);
    char *debug[] = {"debug"};
    CHECK(level->apply(level->target, 1, debug) == NULL);
    level->get(level->target, value, sizeof value);
    CHECK(strcmp(value, "debug") == 0);
    log_set_level(LOG_NOTICE);
    const struct config_opt *save = config_find(rows, "save");
    char *none[] = {""}, *some[] = {"3600 1"};
    CHECK(save && save->apply(save->target, 1, none) == NULL);
    CHECK(save->apply(save->target, 1, some) != NULL);
    save->get(save->target, value, sizeof value);
    CHECK(value[0] == '\0');
    const struct config_opt *bind = config_find(rows, "bind");
    char *two[] = {"127.0.0.1", "::1"};
    CHECK(bind->apply(bind->target, 2, two) == NULL);
    bind->get(bind->target, value, sizeof value);
    CHECK(strcmp(value, "127.0.0.1 ::1") == 0);
    CHECK(config_find(rows, "nonesuch") == NULL);
}

static void test_format_line(void)
{
    char line[128], *w[4];
    config_format_line("requirepass", "plain", line, sizeof line);
    CHECK(strcmp(line, "requirepass plain") == 0);
    config_format_line("save", "", line, sizeof line);
    CHECK(strcmp(line, "save \"\"") == 0);
    config_format_line("requirepass", "a \"b\"\\\n#", line, sizeof line);
    CHECK(config_split(line, w, 4) == 2 && strcmp(w[1], "a \"b\"\\\n#") == 0);
}

/* config_set_memory: k/m/g are 1000s, kb/mb/gb 1024s, b bytes, any case. */
static int memory_is(const char *text, long long want)
{
    long long v = -42;
    const char *why = config_set_memory(&v, text);
    if (why || v != want)
        fprintf(stderr, "     \"%s\": %s, %lld (want %lld)\n", text,
                why ? why : "ok", v, want);
    return why == NULL && v == want;
}

static void test_memory(void)
{
    CHECK(memory_is("0", 0));
    CHECK(memory_is("1024", 1024));
    CHECK(memory_is("1k", 1000));
    CHECK(memory_is("1kb", 1024));
    CHECK(memory_is("1KB", 1024));
    CHECK(memory_is("1Kb", 1024));
    CHECK(memory_is("2mb", 2LL << 20));
    CHECK(memory_is("3m", 3000000));
    CHECK(memory_is("3M", 3000000));
    CHECK(memory_is("1gb", 1LL << 30));
    CHECK(memory_is("1g", 1000000000));
    CHECK(memory_is("5b", 5));
    CHECK(memory_is("5B", 5));
    CHECK(memory_is("8589934591gb", 8589934591LL << 30)); /* 2^63 - 2^30 */
    CHECK(memory_is("9223372036854775807", 9223372036854775807LL));
    CHECK(memory_is("9223372036854775807b", 9223372036854775807LL));
    CHECK(memory_is("05mb", 5LL << 20)); /* leading zeros: Redis takes them too */
    CHECK(memory_is("00", 0));
    CHECK(memory_is("9007199254740991kb", 9223372036854774784LL));
}

/* Texts that are no size at all, and sizes too big for a long long: each
 * with redis-server 7.0.15's own answer to CONFIG SET of it. */
static void test_memory_errors(void)
{
    static const char *const bad[] = {
        "abc", "1.5kb", "-1", "-0", "+5mb", " 5mb", "1kbx", "1 kb", "1kbb",
        "1t", "1tb", "0x10", "1e3", "8589934591gb1", "5 ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long v = 77;
        const char *why = config_set_memory(&v, bad[i]);
        CHECKF(why && strcmp(why, "argument must be a memory value") == 0 &&
                   v == 77,
               "\"%s\": %s, target %lld", bad[i], why ? why : "accepted", v);
    }
    static const char *const big[] = {
        "9223372036854775808", "99999999999999999999", "9223372036854775807gb",
        "8589934592gb", "9223372036854776k", "18446744073709551615k",
        "9007199254740992kb", "9007199254740992mb",
    };
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        long long v = 77;
        const char *why = config_set_memory(&v, big[i]);
        CHECKF(why &&
                   strcmp(why, "argument must be between 0 and 9223372036854775807 inclusive") == 0 &&
                   v == 77,
               "\"%s\": %s, target %lld", big[i], why ? why : "accepted", v);
    }
    /* Redis reads "", "k" and "kb" as 0 (no digits, strtoull gives 0);
     * rung calls them what they are: not a size. */
    static const char *const empty[] = {"", "k", "kb"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        long long v = 77;
        const char *why = config_set_memory(&v, empty[i]);
        CHECKF(why && v == 77, "\"%s\": %s, target %lld", empty[i], why ? why : "accepted", v);
    }
}

static void test_long(void)
{
    long v = -5;
    CHECK(config_set_long(&v, "0", 0, 100) == NULL && v == 0);
    CHECK(config_set_long(&v, "100", 0, 100) == NULL && v == 100);
    CHECK(config_set_long(&v, "42", 0, 100) == NULL && v == 42);
    CHECK(config_set_long(&v, "-7", -10, 10) == NULL && v == -7);
    static const char *const range[] = {"101", "-1", "1000000", "9223372036854775807"};
    for (size_t i = 0; i < sizeof range / sizeof range[0]; i++) {
        v = 33;
        const char *why = config_set_long(&v, range[i], 0, 100);
        CHECKF(why && strcmp(why, "argument must be between 0 and 100 inclusive") == 0 &&
                   v == 33,
               "\"%s\": %s, target %ld", range[i], why ? why : "accepted", v);
    }
    const char *why = config_set_long(&v, "11", -10, 10);
    CHECK(why && strcmp(why, "argument must be between -10 and 10 inclusive") == 0);
    static const char *const parse[] = {"", "abc", "12x", "1.5", "1e3", "0x10",
                                        "99999999999999999999", "-99999999999999999999",
                                        "5 ", "1k", "+5", " 5", "05", "-0", "-05",
                                        "-", "00"};
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        v = 33;
        why = config_set_long(&v, parse[i], 0, 100);
        CHECKF(why && strcmp(why, "argument couldn't be parsed into an integer") == 0 &&
                   v == 33,
               "\"%s\": %s, target %ld", parse[i], why ? why : "accepted", v);
    }
}

int main(void)
{
    test_defaults();
    test_values();
    test_errors();
    test_split();
    test_file();
    test_file_errors();
    test_registry();
    test_format_line();
    test_memory();
    test_memory_errors();
    test_long();
    return test_report();
}
