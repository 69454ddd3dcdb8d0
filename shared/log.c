/* log.c - leveled logging to stderr, in redis-server's line format.
 *
 *     12345:M 23 Nov 2026 04:09:48.123 * Ready to accept connections
 *
 * pid, role (M for the main process), time with milliseconds, a mark for
 * the level (. debug, - verbose, * notice, # warning), the message.  Using
 * Redis's format means the log tools people already have keep working.
 * Each line is formatted into one buffer and handed to a single write(),
 * so lines from concurrent client threads never interleave mid-line. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_NOTICE;

void log_set_level(enum log_level level)
{
    min_level = level;
}

int log_level_from_name(const char *name)
{
    static const char *const names[] = {"debug", "verbose", "notice", "warning"};
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, names[i]) == 0)
            return i;
    return -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level < min_level)
        return;
    char line[1024];
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    int n = snprintf(line, sizeof line, "%d:M ", (int)getpid());
    n += (int)strftime(line + n, sizeof line - (size_t)n, "%d %b %Y %H:%M:%S", &tm);
    n += snprintf(line + n, sizeof line - (size_t)n, ".%03d %c ",
                  (int)(tv.tv_usec / 1000), ".-*#"[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    /* A message longer than the line is cut, never overflows. */
    n = m < 0 ? n : n + m;
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, (size_t)n);
    (void)w; /* nowhere to report a failure to log */
}
