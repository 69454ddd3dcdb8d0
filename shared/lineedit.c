/* lineedit.c - edit a line on a terminal with nothing but libc.
 *
 * A terminal normally runs in "cooked" mode: the kernel's line discipline
 * collects a whole line, handles backspace itself, echoes every key and
 * turns Ctrl-C into SIGINT; the program sees nothing until Enter.  To
 * move a cursor and recall history, the editor switches the terminal to
 * raw mode with termios (no echo, no line buffering, no signals), reads
 * key by key, keeps the line in its own buffer, and redraws it.  Keys that
 * are not characters arrive as escape sequences: Left is ESC [ D, Delete
 * is ESC [ 3 ~.  The redraw is also made of escape sequences: carriage
 * return, prompt and line, ESC [ 0 K (erase to the end of the screen
 * line), then ESC [ n C to put the cursor back n columns to the right.
 * Everything goes out in one write(), so the line never flickers.
 *
 * Data flow: keys (stdin) -> struct edit -> redraw (stdout); Enter hands
 * the line to the caller.  The terminal is restored before returning, so
 * the program prints replies in cooked mode.  Omitted: multi-line lines,
 * completion, hints, UTF-8 widths (a byte is a column).  See docs/cli.md. */
#include "lineedit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

struct edit {
    struct buf *line;    /* the text (NUL-terminated after each change) */
    size_t pos;          /* cursor, a byte offset into line */
    const char *prompt;
    int hidx;            /* history entry shown; nhist = the new line */
    char *scratch;       /* the new line, kept while browsing history */
};

/* ------------------------------------------------------------------------
 * Terminal
 * ------------------------------------------------------------------------ */

static int raw_mode(struct termios *saved)
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, saved) < 0)
        return -1;
    t = *saved;
    t.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    t.c_cflag |= CS8;
    t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    /* TCSADRAIN, not TCSAFLUSH: keys typed ahead must not be lost. */
    return tcsetattr(STDIN_FILENO, TCSADRAIN, &t);
}

static int columns(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0)
        return 80;
    return ws.ws_col;
}

static void write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

void lineedit_clear_screen(void)
{
    write_all("\x1b[H\x1b[2J", 7);
}

/* Draw prompt and line; when they do not fit, show the part of the line
 * around the cursor. */
static void refresh(const struct edit *e)
{
    size_t plen = strlen(e->prompt), cols = (size_t)columns();
    if (cols <= plen)
        cols = plen + 1; /* a prompt wider than the screen: show 1 byte */
    const char *text = e->line->data;
    size_t len = e->line->len, pos = e->pos;
    while (plen + pos >= cols && len > 0) {
        text++, len--, pos--;
    }
    if (plen + len > cols)
        len = cols - plen;
    struct buf out = {0};
    buf_append(&out, "\r", 1);
    buf_append_str(&out, e->prompt);
    buf_append(&out, text, len);
    buf_append_str(&out, "\x1b[0K\r");
    if (plen + pos > 0)
        buf_printf(&out, "\x1b[%zuC", plen + pos);
    write_all(out.data, out.len);
    buf_free(&out);
}

/* ------------------------------------------------------------------------
 * Editing
 * ------------------------------------------------------------------------ */

static void set_text(struct edit *e, const char *s)
{
    buf_clear(e->line);
    buf_append_str(e->line, s);
    e->pos = e->line->len;
}

static void insert(struct edit *e, char c)
{
    struct buf *l = e->line;
    if (buf_reserve(l, 2) < 0)
        return;
    memmove(l->data + e->pos + 1, l->data + e->pos, l->len - e->pos);
    l->data[e->pos++] = c;
    l->len++;
}

/* Delete n bytes starting at from. */
static void erase(struct edit *e, size_t from, size_t n)
{
    struct buf *l = e->line;
    memmove(l->data + from, l->data + from + n, l->len - from - n);
    l->len -= n;
    if (e->pos > from)
        e->pos = e->pos >= from + n ? e->pos - n : from;
}

static void delete_word_before(struct edit *e)
{
    size_t p = e->pos;
    while (p > 0 && e->line->data[p - 1] == ' ')
        p--;
    while (p > 0 && e->line->data[p - 1] != ' ')
        p--;
    erase(e, p, e->pos - p);
}

/* Up (dir -1) or Down (+1) through the history. */
static void browse(struct edit *e, const struct lineedit *le, int dir)
{
    int to = e->hidx + dir;
    if (to < 0 || to > le->nhist)
        return;
    if (e->hidx == le->nhist) {
        free(e->scratch);
        e->scratch = strdup(e->line->len ? e->line->data : "");
    }
    e->hidx = to;
    set_text(e, to == le->nhist ? (e->scratch ? e->scratch : "") : le->hist[to]);
}

static int read_byte(char *c)
{
    for (;;) {
        ssize_t n = read(STDIN_FILENO, c, 1);
        if (n == 1)
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* After ESC: the rest of an arrow/home/end/delete sequence, mapped to the
 * control key that does the same thing (0 when unknown). */
#define KEY_DELETE 0x100 /* not a byte: Delete must not act as Ctrl-D */

static int escape_key(void)
{
    char a, b, c;
    if (read_byte(&a) < 0 || read_byte(&b) < 0)
        return 0;
    if (a == 'O')
        return b == 'H' ? 1 : b == 'F' ? 5 : 0;
    if (a != '[')
        return 0;
    if (b >= '0' && b <= '9') {
        if (read_byte(&c) < 0 || c != '~')
            return 0;
        return b == '3' ? KEY_DELETE : b == '1' || b == '7' ? 1
             : b == '4' || b == '8' ? 5 : 0;
    }
    switch (b) {
    case 'A': return 16; /* Ctrl-P */
    case 'B': return 14; /* Ctrl-N */
    case 'C': return 6;
    case 'D': return 2;
    case 'H': return 1;
    case 'F': return 5;
    default: return 0;
    }
}

/* One key.  Returns 1 when the line is done, -1 at end of input, else 0. */
static int key(struct edit *e, struct lineedit *le, int c)
{
    struct buf *l = e->line;
    if (c == 27 && !(c = escape_key()))
        return 0;
    if (c == KEY_DELETE) {
        if (e->pos < l->len)
            erase(e, e->pos, 1);
        return 0;
    }
    switch (c) {
    case '\r': case '\n': return 1;
    case 3: buf_clear(l), e->pos = 0; break;                    /* Ctrl-C */
    case 4:                                                      /* Ctrl-D */
        if (l->len == 0)
            return -1;
        if (e->pos < l->len)
            erase(e, e->pos, 1);
        break;
    case 127: case 8:                                            /* Backspace */
        if (e->pos > 0)
            erase(e, e->pos - 1, 1);
        break;
    case 1: e->pos = 0; break;                                   /* Ctrl-A */
    case 5: e->pos = l->len; break;                              /* Ctrl-E */
    case 2: if (e->pos > 0) e->pos--; break;                     /* Ctrl-B */
    case 6: if (e->pos < l->len) e->pos++; break;                /* Ctrl-F */
    case 11: l->len = e->pos; break;                             /* Ctrl-K */
    case 21: buf_clear(l), e->pos = 0; break;                    /* Ctrl-U */
    case 23: delete_word_before(e); break;                       /* Ctrl-W */
    case 12: lineedit_clear_screen(); break;                     /* Ctrl-L */
    case 16: browse(e, le, -1); break;                           /* Ctrl-P */
    case 14: browse(e, le, +1); break;                           /* Ctrl-N */
    default:
        if (c >= 32 && c < 256)
            insert(e, (char)c);
    }
    return 0;
}

static int edit_line(struct lineedit *le, const char *prompt, struct buf *line)
{
    struct edit e = {line, 0, prompt, le->nhist, NULL};
    int rc = 0;
    refresh(&e);
    while (rc == 0) {
        char c;
        if (read_byte(&c) < 0) {
            rc = -1;
            break;
        }
        rc = key(&e, le, (unsigned char)c);
        buf_append(line, "", 1), line->len--; /* keep it NUL-terminated */
        if (rc == 0)
            refresh(&e);
    }
    free(e.scratch);
    return rc;
}

/* Not a terminal: one line, no prompt, no editing. */
static int plain_line(struct buf *line)
{
    int c;
    while ((c = getchar()) != EOF && c != '\n')
        buf_append(line, &(char){(char)c}, 1);
    if (c == EOF && line->len == 0)
        return -1;
    if (line->len && line->data[line->len - 1] == '\r')
        line->len--;
    return buf_append(line, "", 1) < 0 ? -1 : (line->len--, 0);
}

int lineedit_read(struct lineedit *le, const char *prompt, struct buf *line)
{
    struct termios saved;
    buf_clear(line);
    if (!isatty(STDIN_FILENO))
        return plain_line(line);
    if (raw_mode(&saved) < 0)
        return plain_line(line);
    int rc = edit_line(le, prompt, line);
    tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
    write_all("\n", 1);
    return rc;
}

/* ------------------------------------------------------------------------
 * History
 * ------------------------------------------------------------------------ */

void lineedit_history_add(struct lineedit *le, const char *line)
{
    if (le->nhist > 0 && strcmp(le->hist[le->nhist - 1], line) == 0)
        return;
    char *copy = strdup(line);
    if (!copy)
        return;
    if (le->nhist == LINEEDIT_HISTORY_MAX) {
        free(le->hist[0]);
        memmove(le->hist, le->hist + 1, (LINEEDIT_HISTORY_MAX - 1) * sizeof le->hist[0]);
        le->nhist--;
    }
    le->hist[le->nhist++] = copy;
}

int lineedit_history_load(struct lineedit *le, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *text = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&text, &cap, f)) > 0) {
        while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
            text[--n] = '\0';
        lineedit_history_add(le, text);
    }
    free(text);
    fclose(f);
    return 0;
}

int lineedit_history_save(const struct lineedit *le, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (int i = 0; i < le->nhist; i++)
        fprintf(f, "%s\n", le->hist[i]);
    return fclose(f);
}

void lineedit_free(struct lineedit *le)
{
    for (int i = 0; i < le->nhist; i++)
        free(le->hist[i]);
    le->nhist = 0;
}
