/* test_cliargs.c - unit tests of shared/cliargs.c: redis-cli's quoting.
 * Each expectation was checked by typing the line into redis-cli 7.0 (in
 * interactive mode, against a server echoing the arguments back). */
#include "cliargs.h"

#include <string.h>

#include "buf.h"
#include "test.h"

/* The arguments as "<len>:<bytes>|" each, NUL shown as \0; "INVALID". */
static void split(const char *line, struct buf *out)
{
    struct cliargs a;
    buf_clear(out);
    if (cliargs_split(line, &a) < 0) {
        buf_append_str(out, "INVALID");
    } else {
        for (int i = 0; i < a.argc; i++) {
            buf_printf(out, "%zu:", a.len[i]);
            for (size_t k = 0; k < a.len[i]; k++)
                a.argv[i][k] ? buf_append(out, &a.argv[i][k], 1) : buf_append_str(out, "\\0");
            buf_append(out, "|", 1);
            CHECK(a.argv[i][a.len[i]] == '\0');
        }
    }
    buf_append(out, "", 1);
    cliargs_free(&a);
}

#define SPLIT(line, want)                                                             \
    do {                                                                              \
        split(line, &out);                                                            \
        CHECKF(strcmp(out.data, want) == 0, "line [%s]: want %s got %s", line, want, \
               out.data);                                                             \
    } while (0)

int main(void)
{
    struct buf out = {0};
    SPLIT("", "");
    SPLIT("   \t ", "");
    SPLIT("set a b", "3:set|1:a|1:b|");
    SPLIT("  set   a\tb  ", "3:set|1:a|1:b|");
    SPLIT("set \"a b\" c", "3:set|3:a b|1:c|");
    SPLIT("\"\"", "0:|");
    SPLIT("''", "0:|");
    SPLIT("\"\\n\\r\\t\\b\\a\\\\\\\"\"", "7:\n\r\t\b\a\\\"|");
    SPLIT("\"\\x41\\x00\\xff\"", "3:A\\0\xff|");
    SPLIT("\"\\x4\"", "2:x4|");          /* not two hex digits: \x is x */
    SPLIT("\"\\q\"", "1:q|");            /* unknown escape: the char */
    SPLIT("'it\\'s'", "4:it's|");
    SPLIT("'a\\nb'", "4:a\\nb|");        /* no escapes in single quotes */
    SPLIT("'a\"b'", "3:a\"b|");
    SPLIT("\"a'b\"", "3:a'b|");
    SPLIT("a\"b c\"", "4:ab c|");        /* a quote may open mid-word */
    SPLIT("a'b c'", "4:ab c|");
    SPLIT("a\\nb", "4:a\\nb|");          /* no escapes outside quotes */
    SPLIT("\"a\"b", "INVALID");          /* closing quote must end the word */
    SPLIT("'a'b", "INVALID");
    SPLIT("\"a\"\"b\"", "INVALID");
    SPLIT("\"abc", "INVALID");
    SPLIT("'abc", "INVALID");
    SPLIT("\"abc\\", "INVALID");
    SPLIT("get \"a\"\t", "3:get|1:a|");
    buf_free(&out);
    return test_report();
}
