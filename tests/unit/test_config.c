/* test_config.c - command-line flags: values, defaults, errors that name the flag. */
#include "config.h"
#include "log.h"
#include "test.h"

#include <string.h>

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

int main(void)
{
    test_defaults();
    test_values();
    test_errors();
    return test_report();
}
