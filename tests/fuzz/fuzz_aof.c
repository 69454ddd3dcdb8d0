/* fuzz_aof.c - libFuzzer target: aof_check() and aof_load() agree, and load
 * only ever cuts a truncated tail.
 *
 * Input: byte 0 is a mode, the rest is the file.  With bit 0x80 set, a
 * valid ~64 KB command is put in front, sized so the file's bytes straddle
 * the 64 KB read chunk of the loader (AOF_CHUNK) at offset 1..128 of the
 * fuzzed part.  The file lives in a memfd, reached as /proc/self/fd/N, and
 * is rewritten every run.  Invariants, with an apply() that accepts every
 * command and re-encodes it (resp_add_array + resp_add_bulk, the writer's
 * own format):
 *   check 0  -> load 0, file unchanged, re-encoding == the whole file;
 *   check 1  -> load 0, file cut to the offset check named, re-encoding ==
 *               the file left, and a second check says 0;
 *   check -1 -> load -1, file unchanged, both messages name the offset where
 *               the re-encoding stops.
 * Always: the re-encoding is a prefix of the file (the loader accepts only
 * canonical framing, so the bytes are exactly what aof_append wrote), and
 * apply() sees argc >= 1 and argvlen <= RESP_BULK_MAX.
 * The loader's truncation warning is the only log line; stderr goes to
 * /dev/null around aof_load, and sanitizer reports to a saved copy of it.
 *
 * Build: tests/fuzz/run.sh (with shared/aof.c resp.c buf.c log.c). */
#include "fuzz.h"

#include "aof.h"

#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "resp.h"

#define CHUNK (64 * 1024) /* aof.c's AOF_CHUNK */


static int file_fd = -1;   /* the memfd holding the file under test */
static char path[64];      /* /proc/self/fd/<file_fd> */
static int null_fd = -1;   /* /dev/null, stderr while aof_load runs */
static int stderr_fd = -1; /* the real stderr, kept for restoring */

static void setup(void)
{
    file_fd = memfd_create("fuzz_aof", 0);
    FUZZ_CHECK(file_fd >= 0);
    snprintf(path, sizeof path, "/proc/self/fd/%d", file_fd);
    null_fd = open("/dev/null", O_WRONLY);
    stderr_fd = dup(STDERR_FILENO);
    FUZZ_CHECK(null_fd >= 0 && stderr_fd >= 0);
    __sanitizer_set_report_fd((void *)(intptr_t)stderr_fd);
    log_set_level(LOG_WARNING);
}

static void write_file(const struct buf *img)
{
    size_t done = 0;

    FUZZ_CHECK(ftruncate(file_fd, 0) == 0);
    while (done < img->len) {
        ssize_t n = pwrite(file_fd, img->data + done, img->len - done,
                           (off_t)done);
        FUZZ_CHECK(n > 0);
        done += (size_t)n;
    }
}

static void read_file(struct buf *out)
{
    struct stat st;
    size_t done = 0;

    FUZZ_CHECK(fstat(file_fd, &st) == 0);
    buf_clear(out);
    FUZZ_CHECK(buf_reserve(out, (size_t)st.st_size + 1) == 0);
    while (done < (size_t)st.st_size) {
        ssize_t n = pread(file_fd, out->data + done,
                          (size_t)st.st_size - done, (off_t)done);
        FUZZ_CHECK(n > 0);
        done += (size_t)n;
    }
    out->len = done;
}

/* The file: with mode bit 0x80, one valid command of `total` bytes, then the
 * fuzzed bytes; the chunk boundary falls 1..128 bytes into those. */
static void build_image(struct buf *img, uint8_t mode, const uint8_t *d,
                        size_t n)
{
    buf_clear(img);
    if (mode & 0x80) {
        size_t total = CHUNK - 1 - (mode & 0x7f);
        size_t len = total - 14; /* "*1\r\n$NNNNN\r\n" + data + "\r\n" */
        FUZZ_CHECK(buf_printf(img, "*1\r\n$%zu\r\n", len) == 0);
        FUZZ_CHECK(buf_reserve(img, len + 2) == 0);
        memset(img->data + img->len, 'x', len);
        memcpy(img->data + img->len + len, "\r\n", 2);
        img->len += len + 2;
        FUZZ_CHECK(img->len == total);
    }
    FUZZ_CHECK(buf_append(img, d, n) == 0);
}

/* apply(): accept, re-encode into the buf behind arg. */
static int apply(int argc, const char **argv, const size_t *argvlen,
                 void *arg)
{
    struct buf *enc = arg;

    FUZZ_CHECK(argc >= 1);
    FUZZ_CHECK(resp_add_array(enc, (size_t)argc) == 0);
    for (int i = 0; i < argc; i++) {
        FUZZ_CHECK((long long)argvlen[i] <= RESP_BULK_MAX);
        FUZZ_CHECK(resp_add_bulk(enc, argv[i], argvlen[i]) == 0);
    }
    return 0;
}

/* The "at offset N" in a message, or -1. */
static long long err_offset(const char *err)
{
    const char *at = strstr(err, " at offset ");
    return at ? strtoll(at + strlen(" at offset "), NULL, 10) : -1;
}

static int same(const struct buf *a, const char *b, size_t n)
{
    return a->len == n && (n == 0 || memcmp(a->data, b, n) == 0);
}

static int load_quietly(struct buf *enc, char *err)
{
    FUZZ_CHECK(dup2(null_fd, STDERR_FILENO) >= 0);
    int rc = aof_load(path, apply, enc, err);
    FUZZ_CHECK(dup2(stderr_fd, STDERR_FILENO) >= 0);
    return rc;
}

/* The invariants of the header comment, for a file that was img. */
static void check_outcome(const struct buf *img, int check, int load,
                          const char *check_err, const char *load_err,
                          const struct buf *enc, const struct buf *after)
{
    char err[AOF_ERR_LEN];

    FUZZ_CHECK(enc->len <= img->len &&
               (enc->len == 0 || memcmp(enc->data, img->data, enc->len) == 0));
    if (check == 0) {
        FUZZ_CHECK(load == 0);
        FUZZ_CHECK(same(after, img->data, img->len));
        FUZZ_CHECK(enc->len == img->len);
    } else if (check == 1) {
        long long off = err_offset(check_err);
        FUZZ_CHECK(load == 0);
        FUZZ_CHECK(off >= 0 && (size_t)off < img->len);
        FUZZ_CHECK(same(after, img->data, (size_t)off));
        FUZZ_CHECK(enc->len == (size_t)off);
        FUZZ_CHECK(aof_check(path, err) == 0);
    } else {
        FUZZ_CHECK(check == -1 && load == -1);
        FUZZ_CHECK(same(after, img->data, img->len));
        FUZZ_CHECK(err_offset(check_err) == (long long)enc->len);
        FUZZ_CHECK(err_offset(load_err) == (long long)enc->len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct buf img, enc, after; /* reused: no per-run allocation */
    char check_err[AOF_ERR_LEN], load_err[AOF_ERR_LEN];

    if (size == 0)
        return 0;
    if (file_fd < 0)
        setup();
    build_image(&img, data[0], data + 1, size - 1);
    write_file(&img);
    check_err[0] = load_err[0] = '\0';
    int check = aof_check(path, check_err);
    buf_clear(&enc);
    int load = load_quietly(&enc, load_err);
    read_file(&after);
    check_outcome(&img, check, load, check_err, load_err, &enc, &after);
    return 0;
}
