/* lineedit.h - a small line editor with history, libc and termios only. */
#ifndef LINEEDIT_H
#define LINEEDIT_H

#include "buf.h"

#define LINEEDIT_HISTORY_MAX 100

struct lineedit {
    char *hist[LINEEDIT_HISTORY_MAX]; /* oldest first, each malloc'd */
    int nhist;
};

/* Read one line into `line` (cleared first; NUL-terminated, without the
 * newline).  On a terminal: raw mode, the prompt, editing keys, history;
 * otherwise a plain line read without a prompt.  Returns 0 with a line,
 * -1 at end of input (Ctrl-D on an empty line, or EOF). */
int lineedit_read(struct lineedit *le, const char *prompt, struct buf *line);
/* Remember a line for Up/Down (not a repeat of the newest one). */
void lineedit_history_add(struct lineedit *le, const char *line);
/* Load / save the history, one line per entry: 0, or -1 with errno. */
int lineedit_history_load(struct lineedit *le, const char *path);
int lineedit_history_save(const struct lineedit *le, const char *path);
void lineedit_clear_screen(void);
void lineedit_free(struct lineedit *le);

#endif
