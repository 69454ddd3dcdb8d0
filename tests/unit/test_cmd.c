/* test_cmd.c - the command table: lookup, arity, Redis's error texts. */
#include "buf.h"
#include "cmd.h"
#include "test.h"

#include <string.h>

static void nop(struct client *c)
{
    (void)c;
}

static const struct cmd group_a[] = {
    {"get", nop, 2, "readonly fast", 1, 1, 1},
    {"del", nop, -2, "write", 1, -1, 1},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
static const struct cmd group_b[] = {
    {"ping", nop, -1, "fast", 0, 0, 0},
    {"echo", nop, 2, "fast", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};

/* Resolve argv (argc strings) and return the reply it wrote, as text. */
static const struct cmd *resolve(struct cmd_table *t, int argc, const char **argv, struct buf *reply)
{
    size_t lens[8];
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    buf_clear(reply);
    const struct cmd *c = cmd_resolve(t, argc, argv, lens, reply);
    buf_append(reply, "", 1);
    return c;
}

static void test_lookup(struct cmd_table *t)
{
    CHECK(t->n == 4);
    CHECK(cmd_lookup(t, "GET", 3) == &group_a[0]);
    CHECK(cmd_lookup(t, "gEt", 3) == &group_a[0]);
    CHECK(cmd_lookup(t, "ping", 4) == &group_b[0]);
    CHECK(cmd_lookup(t, "echo", 4) == &group_b[1]);
    CHECK(cmd_lookup(t, "ge", 2) == NULL);
    CHECK(cmd_lookup(t, "gett", 4) == NULL);
    CHECK(cmd_lookup(t, "g\0t", 3) == NULL);
    char longname[200];
    memset(longname, 'a', sizeof longname);
    CHECK(cmd_lookup(t, longname, sizeof longname) == NULL);
}

static void test_arity(struct cmd_table *t)
{
    struct buf r = {0};
    const char *get1[] = {"GET"}, *get2[] = {"get", "k"}, *get3[] = {"GET", "a", "b"};
    CHECK(resolve(t, 1, get1, &r) == NULL);
    CHECKF(strcmp(r.data, "-ERR wrong number of arguments for 'get' command\r\n") == 0, "got %s", r.data);
    CHECK(resolve(t, 2, get2, &r) == &group_a[0] && r.len == 1);
    CHECK(resolve(t, 3, get3, &r) == NULL);
    const char *del1[] = {"DEL"}, *del4[] = {"del", "a", "b", "c"};
    CHECK(resolve(t, 1, del1, &r) == NULL);
    CHECK(strcmp(r.data, "-ERR wrong number of arguments for 'del' command\r\n") == 0);
    CHECK(resolve(t, 4, del4, &r) == &group_a[1]);
    buf_free(&r);
}

static void test_unknown(struct cmd_table *t)
{
    struct buf r = {0};
    const char *argv[] = {"FooBar", "a", "b\r\nc"};
    CHECK(resolve(t, 3, argv, &r) == NULL);
    CHECKF(strcmp(r.data, "-ERR unknown command 'FooBar', with args beginning with: 'a' 'b  c' \r\n") == 0,
           "got %s", r.data);
    const char *alone[] = {"nope"};
    resolve(t, 1, alone, &r);
    CHECK(strcmp(r.data, "-ERR unknown command 'nope', with args beginning with: \r\n") == 0);
    /* Arguments are listed only until their text reaches 128 bytes. */
    char a100[101];
    memset(a100, 'x', 100);
    a100[100] = '\0';
    const char *many[] = {"zz", a100, a100, a100};
    resolve(t, 4, many, &r);
    CHECKF(strlen(r.data) < 60 + 2 * 128, "reply of %zu bytes", strlen(r.data));
    buf_clear(&r);
    cmd_add_subcommand_error(&r, "xY", 2, "COMMAND");
    buf_append(&r, "", 1);
    CHECK(strcmp(r.data, "-ERR unknown subcommand 'xY'. Try COMMAND HELP.\r\n") == 0);
    buf_free(&r);
}

int main(void)
{
    struct cmd_table t = {0};
    CHECK(cmd_table_add(&t, group_a) == 0);
    CHECK(cmd_table_add(&t, group_b) == 0);
    test_lookup(&t);
    test_arity(&t);
    test_unknown(&t);
    cmd_table_free(&t);
    return test_report();
}
