/* cliargs.c - redis-cli's rules for cutting a line into arguments.
 *
 * RESP carries arguments as counted byte strings, so a client is free to
 * send anything; the question is how a human types it.  redis-cli's
 * answer, kept here byte for byte: blanks separate arguments; "double
 * quotes" allow blanks and C-like escapes (\n \r \t \b \a \\ \" and \xHH
 * for any byte, NUL included); 'single quotes' take everything literally
 * except \' ; a quote may open in the middle of a word (a"b c" is the one
 * argument "ab c"), but a closing quote must be followed by a blank or
 * the end of the line, so "a"b is rejected rather than guessed at.
 *
 * Data flow: a line from lineedit.c -> cliargs_split() -> argv/len, sent
 * as one RESP multibulk command.  See docs/cli.md. */
#include "cliargs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void cliargs_free(struct cliargs *a)
{
    for (int i = 0; i < a->argc; i++)
        free(a->argv[i]);
    free(a->argv);
    free(a->len);
    memset(a, 0, sizeof *a);
}

/* Move the word in w to the end of a (w is left empty). */
static int push(struct cliargs *a, struct buf *w)
{
    char **v = realloc(a->argv, (size_t)(a->argc + 1) * sizeof *v);
    if (!v)
        return -1;
    a->argv = v;
    size_t *l = realloc(a->len, (size_t)(a->argc + 1) * sizeof *l);
    if (!l)
        return -1;
    a->len = l;
    if (buf_append(w, "", 1) < 0) /* the NUL terminator */
        return -1;
    a->argv[a->argc] = w->data;
    a->len[a->argc++] = w->len - 1;
    memset(w, 0, sizeof *w);
    return 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Inside "...": p is just past the opening quote.  Returns the position
 * after the closing quote, or NULL when the quote never closes. */
static const char *double_quoted(const char *p, struct buf *w)
{
    for (; *p; p++) {
        char c = *p;
        if (c == '"')
            return p + 1;
        if (c == '\\' && p[1] == 'x' && hexval(p[2]) >= 0 && hexval(p[3]) >= 0) {
            c = (char)(hexval(p[2]) * 16 + hexval(p[3]));
            p += 3;
        } else if (c == '\\' && p[1]) {
            const char *from = "nrtba", *to = "\n\r\t\b\a";
            const char *k = strchr(from, p[1]);
            c = k ? to[k - from] : p[1];
            p++;
        }
        if (buf_append(w, &c, 1) < 0)
            return NULL;
    }
    return NULL;
}

/* Inside '...': only \' is special. */
static const char *single_quoted(const char *p, struct buf *w)
{
    for (; *p; p++) {
        if (*p == '\'')
            return p + 1;
        if (*p == '\\' && p[1] == '\'')
            p++;
        if (buf_append(w, p, 1) < 0)
            return NULL;
    }
    return NULL;
}

/* One argument starting at p (not a blank): appended to a; returns the
 * position after it, or NULL when the line is invalid. */
static const char *word(const char *p, struct cliargs *a)
{
    struct buf w = {0};
    if (buf_reserve(&w, 1) < 0)
        return NULL;
    while (*p && !isspace((unsigned char)*p)) {
        if (*p == '"' || *p == '\'') {
            p = *p == '"' ? double_quoted(p + 1, &w) : single_quoted(p + 1, &w);
            if (!p || (*p && !isspace((unsigned char)*p)))
                goto bad;
        } else if (buf_append(&w, p++, 1) < 0) {
            goto bad;
        }
    }
    if (push(a, &w) == 0)
        return p;
bad:
    buf_free(&w);
    return NULL;
}

int cliargs_split(const char *line, struct cliargs *a)
{
    const char *p = line;
    memset(a, 0, sizeof *a);
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            return a->argc;
        p = word(p, a);
        if (!p)
            return -1;
    }
}
