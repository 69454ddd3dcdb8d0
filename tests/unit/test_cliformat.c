/* test_cliformat.c - unit tests of shared/cliformat.c.  Replies are parsed
 * from RESP with reply.c, formatted, and compared with what redis-cli
 * 7.0.15 printed for the same bytes (captured from DEBUG PROTOCOL, EVAL
 * and COMMAND DOCS against redis-server 7.0.15, with --no-raw and with
 * --raw; the raw text here excludes the final newline redis-cli adds). */
#include "cliformat.h"

#include <string.h>

#include "reply.h"
#include "test.h"

static void check(const char *resp, int raw, const char *want)
{
    struct reply_parser p = {0};
    struct reply *r = NULL;
    struct buf out = {0};
    long n = reply_parse(&p, resp, strlen(resp), &r);
    CHECKF(n == (long)strlen(resp), "parse %s: %ld", resp, n);
    if (n <= 0)
        return;
    CHECK((raw ? cliformat_raw(&out, r) : cliformat_tty(&out, r)) == 0);
    buf_append(&out, "", 1);
    CHECKF(strcmp(out.data, want) == 0, "%s %s:\nwant [%s]\ngot  [%s]", raw ? "raw" : "tty", resp,
           want, out.data);
    buf_free(&out);
    reply_free(r);
}

#define TTY(resp, want) check(resp, 0, want)
#define RAW(resp, want) check(resp, 1, want)

static void test_scalars(void)
{
    TTY("+OK\r\n", "OK\n");
    RAW("+OK\r\n", "OK");
    TTY("-ERR bad\r\n", "(error) ERR bad\n");
    RAW("-ERR bad\r\n", "ERR bad\n");
    TTY(":-7\r\n", "(integer) -7\n");
    RAW(":-7\r\n", "-7");
    TTY("$3\r\nbar\r\n", "\"bar\"\n");
    RAW("$3\r\nbar\r\n", "bar");
    TTY("$-1\r\n", "(nil)\n");
    RAW("$-1\r\n", "");
    TTY("_\r\n", "(nil)\n");
    TTY(",3.141\r\n", "(double) 3.141\n");
    RAW(",3.141\r\n", "3.141");
    TTY("#t\r\n", "(true)\n");
    TTY("#f\r\n", "(false)\n");
    RAW("#t\r\n", "(true)");
    TTY("=29\r\ntxt:This is a verbatim\nstring\r\n", "This is a verbatim\nstring\n");
    RAW("=29\r\ntxt:This is a verbatim\nstring\r\n", "This is a verbatim\nstring");
    TTY("(12345678901234567890\r\n", "(big number) 12345678901234567890\n");
}

static void test_repr(void)
{
    TTY("$12\r\na\x01" "b\tc\"d\\e\x7f\xc3\xa9\r\n", "\"a\\x01b\\tc\\\"d\\\\e\\x7f\\xc3\\xa9\"\n");
    struct buf b = {0};
    CHECK(cliformat_repr(&b, "\0\n\r\a\b ", 6) == 0);
    CHECK(b.len == 15 && memcmp(b.data, "\"\\x00\\n\\r\\a\\b \"", 15) == 0);
    buf_free(&b);
    TTY("$0\r\n\r\n", "\"\"\n");
}

static void test_aggregates(void)
{
    const char *nested = "*6\r\n:1\r\n*3\r\n:2\r\n*2\r\n:3\r\n$1\r\nx\r\n*0\r\n$1\r\na\r\n*0\r\n"
                         "$-1\r\n:1\r\n";
    TTY(nested, "1) (integer) 1\n"
                "2) 1) (integer) 2\n"
                "   2) 1) (integer) 3\n"
                "      2) \"x\"\n"
                "   3) (empty array)\n"
                "3) \"a\"\n"
                "4) (empty array)\n"
                "5) (nil)\n"
                "6) (integer) 1\n");
    RAW(nested, "1\n2\n3\nx\n\na\n\n\n1");
    TTY("*0\r\n", "(empty array)\n");
    TTY("%0\r\n", "(empty hash)\n");
    TTY("~0\r\n", "(empty set)\n");
    TTY(">0\r\n", "(empty push)\n");
    TTY("~3\r\n:0\r\n:1\r\n:2\r\n", "1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2\n");
    TTY("%2\r\n:0\r\n#f\r\n:1\r\n#t\r\n", "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n");
    RAW("%2\r\n:0\r\n#f\r\n:1\r\n#t\r\n", "0 (false)\n1 (true)");
    /* Ten elements: numbers are right-aligned, nesting indents by 4. */
    struct buf in = {0}, want = {0};
    buf_append_str(&in, "*10\r\n");
    for (int i = 1; i <= 10; i++) {
        buf_printf(&in, "*2\r\n:%d\r\n*1\r\n:%d\r\n", i, i);
        buf_printf(&want, "%2d) 1) (integer) %d\n    2) 1) (integer) %d\n", i, i, i);
    }
    buf_append(&in, "", 1);
    buf_append(&want, "", 1);
    TTY(in.data, want.data);
    buf_free(&in);
    buf_free(&want);
}

/* A map value that takes several lines starts on its own line. */
static void test_map_values(void)
{
    TTY("%3\r\n$1\r\na\r\n*1\r\n*2\r\n:1\r\n:2\r\n$1\r\nc\r\n%1\r\n$1\r\nx\r\n*2\r\n:5\r\n:6\r\n"
        "$1\r\nb\r\n*1\r\n:1\r\n",
        "1# \"a\" => \n"
        "   1) 1) (integer) 1\n"
        "      2) (integer) 2\n"
        "2# \"c\" => \n"
        "   1# \"x\" => \n"
        "      1) (integer) 5\n"
        "      2) (integer) 6\n"
        "3# \"b\" => 1) (integer) 1\n");
    TTY("%1\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n",
        "1# \"spec\" => 1# \"index\" => (integer) 1\n");
}

int main(void)
{
    test_scalars();
    test_repr();
    test_aggregates();
    test_map_values();
    return test_report();
}
