/* log.h - leveled logging to stderr, in redis-server's line format. */
#ifndef LOG_H
#define LOG_H

enum log_level { LOG_DEBUG, LOG_VERBOSE, LOG_NOTICE, LOG_WARNING };

void log_set_level(enum log_level level);
/* Parse "debug", "verbose", "notice" or "warning"; -1 if unknown. */
int log_level_from_name(const char *name);
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
