/* cliargs.h - split a typed line into arguments the way redis-cli does. */
#ifndef CLIARGS_H
#define CLIARGS_H

#include <stddef.h>

/* The arguments of one line.  Each argv[i] is malloc'd, NUL-terminated,
 * and may also contain NUL bytes (from "\x00"): use len[i]. */
struct cliargs {
    int argc;
    char **argv;
    size_t *len;
};

/* Split line into a (zeroed or freed) *a.  Returns argc (0 for a blank
 * line), or -1 for a line redis-cli rejects ("Invalid argument(s)": an
 * unclosed quote, or a closing quote followed by something other than
 * a space) or when out of memory.  Free with cliargs_free, even after -1. */
int cliargs_split(const char *line, struct cliargs *a);
void cliargs_free(struct cliargs *a);

#endif
