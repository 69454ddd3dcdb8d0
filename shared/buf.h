/* buf.h - a binary-safe, growable byte buffer. */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A buffer owns `data` (heap, or NULL while empty).  `len` bytes are in use,
 * `cap` are allocated.  Bytes are opaque: NUL, CR and LF are ordinary.
 * A zeroed struct buf is a valid empty buffer. */
struct buf {
    char *data;
    size_t len;
    size_t cap;
};

/* Make room for `extra` more bytes past len; 0 or -1 (out of memory). */
int buf_reserve(struct buf *b, size_t extra);
int buf_append(struct buf *b, const void *data, size_t n);
int buf_append_str(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Drop the first n bytes, moving the rest to the front. */
void buf_consume(struct buf *b, size_t n);
void buf_clear(struct buf *b);
/* Release the memory; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);

#endif
