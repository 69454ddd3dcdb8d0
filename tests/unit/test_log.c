/* test_log.c - levels, the line format, and lines cut rather than overflowed. */
#include "log.h"
#include "test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Run log_msg with stderr sent to a pipe; return what it wrote. */
static size_t capture(char *out, size_t cap, enum log_level level, const char *msg)
{
    int fds[2], saved = dup(STDERR_FILENO);
    if (pipe(fds) < 0)
        return 0;
    dup2(fds[1], STDERR_FILENO);
    log_msg(level, "%s", msg);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fds[1]);
    ssize_t n = read(fds[0], out, cap - 1);
    close(fds[0]);
    out[n > 0 ? n : 0] = '\0';
    return n > 0 ? (size_t)n : 0;
}

int main(void)
{
    char line[4096];
    CHECK(log_level_from_name("debug") == LOG_DEBUG);
    CHECK(log_level_from_name("WARNING") == LOG_WARNING);
    CHECK(log_level_from_name("loud") == -1);

    log_set_level(LOG_NOTICE);
    CHECK(capture(line, sizeof line, LOG_VERBOSE, "hidden") == 0);
    CHECK(capture(line, sizeof line, LOG_NOTICE, "shown") > 0);
    /* "PID:M DD Mon YYYY HH:MM:SS.mmm * shown\n" */
    char role, mark, text[64];
    int pid, day, year, h, m, s, ms;
    char mon[8];
    int got = sscanf(line, "%d:%c %d %3s %d %d:%d:%d.%d %c %63s", &pid, &role, &day, mon,
                     &year, &h, &m, &s, &ms, &mark, text);
    CHECKF(got == 11 && pid == (int)getpid() && role == 'M' && mark == '*', "line: %s", line);
    CHECK(strcmp(text, "shown") == 0 && line[strlen(line) - 1] == '\n');
    CHECK(capture(line, sizeof line, LOG_WARNING, "bad") > 0 && strstr(line, " # bad\n") != NULL);

    log_set_level(LOG_DEBUG);
    CHECK(capture(line, sizeof line, LOG_DEBUG, "dbg") > 0 && strstr(line, " . dbg\n") != NULL);
    char huge[3000];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    size_t n = capture(line, sizeof line, LOG_NOTICE, huge);
    CHECKF(n > 0 && n <= 1024 && line[n - 1] == '\n', "a long message wrote %zu bytes", n);
    return test_report();
}
