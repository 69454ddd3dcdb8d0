/* test_aof.c - unit tests of shared/aof.c.
 *
 * Everything happens in a fresh directory under /tmp, removed at the end.
 * Commands are generated (binary arguments: NUL, CR, LF, empty), written
 * through aof_append/aof_flush, and the file is compared byte for byte with
 * what resp_add_* encodes.  Loading is checked against a transcript of the
 * commands, "<argc>:" then "<len>=<bytes>;" per argument, so a lost,
 * repeated or altered byte shows.  Truncation is tried at every byte offset
 * of a file; damage at every offset inside earlier commands.  Warnings that
 * aof_load logs are captured from stderr and checked for path and offset.
 * For the rewrite (stage 12): aof_size tracks the file's size exactly,
 * aof_tee copies each appended command's bytes, aof_sync_dir syncs the
 * directory of a path (and fails when it is missing). */
#include "aof.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "resp.h"
#include "test.h"

#define PATH_LEN 512
#define MAXARGS 4

static char tmpdir[] = "/tmp/rung-aof-XXXXXX";

static void path_of(char *out, const char *name)
{
    snprintf(out, PATH_LEN, "%s/%s", tmpdir, name);
}

/* ------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------ */

static void write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    CHECK(write(fd, data, len) == (ssize_t)len);
    close(fd);
}

/* Read a whole file through its own fd: what another process would see.
 * 0, or -1 if it cannot be opened. */
static int read_file(const char *path, struct buf *out)
{
    char chunk[4096];
    ssize_t n;
    int fd = open(path, O_RDONLY);

    buf_clear(out);
    if (fd < 0)
        return -1;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        buf_append(out, chunk, (size_t)n);
    close(fd);
    return 0;
}

static int file_is(const char *path, const void *data, size_t len)
{
    struct buf b = {0};
    int ok = read_file(path, &b) == 0 && b.len == len &&
             (len == 0 || memcmp(b.data, data, len) == 0);
    buf_free(&b);
    return ok;
}

/* "offset <off>" followed by a non-digit, somewhere in err. */
static int has_offset(const char *err, long long off)
{
    char want[48];
    int n = snprintf(want, sizeof want, "offset %lld", off);
    for (const char *p = err; (p = strstr(p, want)) != NULL; p++)
        if (p[n] < '0' || p[n] > '9')
            return 1;
    return 0;
}

/* stderr goes to a file between capture_begin and capture_end, so the
 * warnings of hundreds of truncations are checked instead of printed. */
static int capture_begin(void)
{
    char path[PATH_LEN];
    path_of(path, "stderr.txt");
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDERR_FILENO);
    close(fd);
    return saved;
}

static void capture_end(int saved, struct buf *out)
{
    char path[PATH_LEN];
    path_of(path, "stderr.txt");
    dup2(saved, STDERR_FILENO);
    close(saved);
    read_file(path, out);
    buf_append(out, "", 1); /* a C string from here on */
}

/* ------------------------------------------------------------------------
 * Commands and transcripts
 * ------------------------------------------------------------------------ */

struct cmd {
    int argc;
    const char *argv[MAXARGS];
    size_t argvlen[MAXARGS];
    char data[MAXARGS][32];
};

/* Command i: a name, then 0-3 arguments of 0-23 bytes cut from a pattern
 * full of NUL, CR and LF. */
static void make_cmd(struct cmd *c, int i)
{
    static const char bin[] = "a\0b\r\nc\r\n\0\n\rdef\r";

    c->argc = 1 + i % MAXARGS;
    snprintf(c->data[0], sizeof c->data[0], "CMD%d", i);
    c->argv[0] = c->data[0];
    c->argvlen[0] = strlen(c->data[0]);
    for (int j = 1; j < c->argc; j++) {
        size_t n = (size_t)((i * 7 + j * 5) % 24);
        for (size_t k = 0; k < n; k++)
            c->data[j][k] = bin[(k + (size_t)i) % (sizeof bin - 1)];
        c->argv[j] = c->data[j];
        c->argvlen[j] = n;
    }
}

/* Append the command to b; if mask is not NULL, it grows with b and
 * marks the bytes inside arguments with 1, the framing with 0. */
static void encode(struct buf *b, struct buf *mask, int argc,
                   const char *const *argv, const size_t *argvlen)
{
    resp_add_array(b, (size_t)argc);
    for (int i = 0; i < argc; i++) {
        resp_add_bulk(b, argv[i], argvlen[i]);
        while (mask && mask->len < b->len)
            buf_append(mask, mask->len >= b->len - argvlen[i] - 2 &&
                                     mask->len < b->len - 2 ? "\1" : "\0", 1);
    }
}

static void transcribe(struct buf *log, int argc, const char *const *argv,
                       const size_t *argvlen)
{
    buf_printf(log, "%d:", argc);
    for (int i = 0; i < argc; i++) {
        buf_printf(log, "%zu=", argvlen[i]);
        buf_append(log, argv[i], argvlen[i]);
        buf_append(log, ";", 1);
    }
}

/* The file that commands 0..n-1 make, where each ends (ends[i]), which
 * bytes are argument bytes (mask), and the transcript of loading it
 * (logends[i] = its length after command i). */
struct sample {
    int n;
    struct buf file, mask, log;
    size_t *ends, *logends;
};

static void sample_make(struct sample *s, int n)
{
    struct cmd c;

    memset(s, 0, sizeof *s);
    s->n = n;
    s->ends = calloc((size_t)n + 1, sizeof *s->ends);
    s->logends = calloc((size_t)n + 1, sizeof *s->logends);
    for (int i = 0; i < n; i++) {
        make_cmd(&c, i);
        encode(&s->file, &s->mask, c.argc, c.argv, c.argvlen);
        transcribe(&s->log, c.argc, c.argv, c.argvlen);
        s->ends[i] = s->file.len;
        s->logends[i] = s->log.len;
    }
}

static void sample_free(struct sample *s)
{
    buf_free(&s->file);
    buf_free(&s->mask);
    buf_free(&s->log);
    free(s->ends);
    free(s->logends);
}

/* The apply() of the tests: records a transcript; refuses "BAD" when
 * told to, as a server refuses an unknown command. */
struct rec {
    struct buf log;
    int n;
    int refuse;
};

static int rec_apply(int argc, const char **argv, const size_t *argvlen,
                     void *arg)
{
    struct rec *r = arg;
    if (r->refuse && argvlen[0] == 3 && memcmp(argv[0], "BAD", 3) == 0)
        return -1;
    transcribe(&r->log, argc, argv, argvlen);
    r->n++;
    return 0;
}

/* Load path; 1 if it gave exactly the first k commands of s. */
static int loads_prefix(const char *path, const struct sample *s, int k,
                        char *err)
{
    struct rec r = {0};
    int rc = aof_load(path, rec_apply, &r, err);
    size_t want = k ? s->logends[k - 1] : 0;
    int ok = rc == 0 && r.n == k && r.log.len == want &&
             (want == 0 || memcmp(r.log.data, s->log.data, want) == 0);
    buf_free(&r.log);
    return ok;
}

/* ------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------ */

static void test_names(void)
{
    CHECK(aof_fsync_from_name("always") == AOF_FSYNC_ALWAYS);
    CHECK(aof_fsync_from_name("everysec") == AOF_FSYNC_EVERYSEC);
    CHECK(aof_fsync_from_name("EverySec") == AOF_FSYNC_EVERYSEC);
    CHECK(aof_fsync_from_name("no") == AOF_FSYNC_NO);
    CHECK(aof_fsync_from_name("yes") == -1);
    CHECK(aof_fsync_from_name("") == -1);
}

/* Append commands first..last-1, flushing every 7 and at the end. */
static void append_range(struct aof *a, int first, int last)
{
    struct cmd c;
    for (int i = first; i < last; i++) {
        make_cmd(&c, i);
        aof_append(a, c.argc, c.argv, c.argvlen);
        if (i % 7 == 6)
            CHECK(aof_flush(a) == 0);
    }
    CHECK(aof_flush(a) == 0);
}

/* Write, close, load; reopen (appending to what is there), load again. */
static void test_round_trip(enum aof_fsync policy)
{
    char path[PATH_LEN], name[32], err[AOF_ERR_LEN];
    struct sample s;
    struct aof *a;

    snprintf(name, sizeof name, "rt%d.aof", (int)policy);
    path_of(path, name);
    sample_make(&s, 310);
    a = aof_open(tmpdir, name, policy, err);
    CHECKF(a != NULL, "aof_open: %s", err);
    if (!a)
        goto out;
    append_range(a, 0, 300);
    CHECK(aof_close(a) == 0);
    CHECK(file_is(path, s.file.data, s.ends[299]));
    CHECKF(loads_prefix(path, &s, 300, err), "policy %d", (int)policy);
    a = aof_open(tmpdir, name, policy, err);
    CHECKF(a != NULL, "aof_open again: %s", err);
    if (!a)
        goto out;
    append_range(a, 300, 310);
    CHECK(aof_close(a) == 0);
    CHECK(file_is(path, s.file.data, s.file.len));
    CHECK(loads_prefix(path, &s, 310, err));
    CHECK(aof_check(path, err) == 0);
out:
    sample_free(&s);
}

/* Under always, aof_flush returns with the bytes in the file (seen through
 * another fd) and one fsync done, for any number of queued commands. */
static void test_always(void)
{
    static const char want[] = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\0\n\r\n"
                               "*1\r\n$3\r\nA\r\n\r\n*1\r\n$0\r\n\r\n";
    const char *argv[] = {"SET", "k", "v\0\n", "A\r\n", ""};
    size_t argvlen[] = {3, 1, 3, 3, 0};
    char path[PATH_LEN], err[AOF_ERR_LEN];
    struct aof *a = aof_open(tmpdir, "always.aof", AOF_FSYNC_ALWAYS, err);

    CHECKF(a != NULL, "aof_open: %s", err);
    if (!a)
        return;
    path_of(path, "always.aof");
    aof_append(a, 3, argv, argvlen);
    CHECK(file_is(path, "", 0)); /* appending alone does no I/O */
    CHECK(aof_flush(a) == 0);
    CHECK(file_is(path, want, 29));
    CHECK(aof_fsync_count(a) == 1);
    CHECK(aof_flush(a) == 0); /* nothing new: no needless fsync */
    CHECK(aof_fsync_count(a) == 1);
    aof_append(a, 1, argv + 3, argvlen + 3);
    aof_append(a, 1, argv + 4, argvlen + 4);
    aof_append(a, 0, argv, argvlen); /* argc 0 is never written */
    CHECK(aof_flush(a) == 0);     /* group commit: two commands, one fsync */
    CHECK(aof_fsync_count(a) == 2);
    CHECK(file_is(path, want, sizeof want - 1));
    CHECK(aof_close(a) == 0);
}

/* no and everysec write on aof_flush but never fsync on the request path;
 * the everysec thread fsyncs within about a second (the one real wait). */
static void test_lazy_policies(void)
{
    const char *argv[] = {"SET", "k", "v"};
    size_t argvlen[] = {3, 1, 1};
    char path[PATH_LEN], err[AOF_ERR_LEN];
    struct aof *no = aof_open(tmpdir, "no.aof", AOF_FSYNC_NO, err);
    struct aof *es = aof_open(tmpdir, "es.aof", AOF_FSYNC_EVERYSEC, err);

    CHECKF(no && es, "aof_open: %s", err);
    if (!no || !es)
        return;
    aof_append(no, 3, argv, argvlen);
    aof_append(es, 3, argv, argvlen);
    CHECK(aof_flush(no) == 0 && aof_flush(es) == 0);
    CHECK(aof_fsync_count(no) == 0 && aof_fsync_count(es) == 0);
    path_of(path, "es.aof");
    CHECK(file_is(path, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", 27));
    struct timespec t0, t, tick = {0, 10 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        nanosleep(&tick, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while (aof_fsync_count(es) == 0 && t.tv_sec - t0.tv_sec < 3);
    CHECKF(aof_fsync_count(es) == 1, "everysec thread fsyncs: %llu after %lds",
           aof_fsync_count(es), (long)(t.tv_sec - t0.tv_sec));
    CHECK(aof_fsync_count(no) == 0);
    CHECK(aof_close(no) == 0 && aof_close(es) == 0);
}

static void test_open_errors(void)
{
    char err[AOF_ERR_LEN] = "";
    struct aof *a = aof_open("/nonexistent-rung-dir", "x.aof",
                             AOF_FSYNC_ALWAYS, err);
    CHECK(a == NULL);
    CHECKF(strstr(err, "/nonexistent-rung-dir/x.aof") != NULL, "err: %s", err);
    CHECK(aof_close(NULL) == 0);
}

/* /dev/full takes no bytes: flush and close must say so. */
static void test_write_error(void)
{
    const char *argv[] = {"SET", "k", "v"};
    size_t argvlen[] = {3, 1, 1};
    char err[AOF_ERR_LEN];
    struct aof *a = aof_open("/dev", "full", AOF_FSYNC_ALWAYS, err);

    if (!a) {
        fprintf(stderr, "skip write error test: %s\n", err);
        return;
    }
    aof_append(a, 3, argv, argvlen);
    errno = 0;
    CHECK(aof_flush(a) == -1 && errno == ENOSPC);
    CHECK(aof_close(a) == -1 && errno == ENOSPC);
}

/* ------------------------------------------------------------------------
 * Loading: missing, empty, truncated, damaged
 * ------------------------------------------------------------------------ */

static void test_missing_and_empty(void)
{
    char path[PATH_LEN], err[AOF_ERR_LEN];
    struct rec r = {0};
    struct stat st;

    path_of(path, "missing.aof");
    CHECK(aof_load(path, rec_apply, &r, err) == 0 && r.n == 0);
    CHECK(stat(path, &st) == -1); /* loading creates nothing */
    CHECK(aof_check(path, err) == -1 && strstr(err, path) != NULL);
    path_of(path, "empty.aof");
    write_file(path, "", 0);
    CHECK(aof_load(path, rec_apply, &r, err) == 0 && r.n == 0);
    CHECK(aof_load(path, NULL, NULL, err) == 0);
    CHECK(aof_check(path, err) == 0);
    CHECK(file_is(path, "", 0));
}

/* The file s cut at `cut` bytes: the whole commands before the cut load,
 * the file is cut back to the last of them (with a warning naming file
 * and offset, unless the cut was already there), and loads clean again. */
static void check_cut(const char *path, const struct sample *s, size_t cut)
{
    char err[AOF_ERR_LEN] = "";
    struct buf log = {0};
    int k = 0;

    while (k < s->n && s->ends[k] <= cut)
        k++;
    size_t good = k ? s->ends[k - 1] : 0;
    write_file(path, s->file.data, cut);
    int rc = aof_check(path, err);
    CHECKF(rc == (cut == good ? 0 : 1) &&
               (rc == 0 || has_offset(err, (long long)good)),
           "cut %zu: check %d: %s", cut, rc, err);
    CHECK(file_is(path, s->file.data, cut)); /* check never fixes */
    int saved = capture_begin();
    int ok = loads_prefix(path, s, k, err);
    capture_end(saved, &log);
    CHECKF(ok, "cut %zu: want %d commands: %s", cut, k, err);
    if (cut == good)
        CHECKF(log.len == 1, "cut %zu: unexpected log: %s", cut, log.data);
    else
        CHECKF(strstr(log.data, path) && has_offset(log.data, (long long)good),
               "cut %zu: log: %s", cut, log.data);
    CHECKF(file_is(path, s->file.data, good), "cut %zu: file not cut to %zu",
           cut, good);
    CHECK(loads_prefix(path, s, k, err) && aof_check(path, err) == 0);
    buf_free(&log);
}

static void test_truncated_tail(void)
{
    char path[PATH_LEN];
    struct sample s;

    path_of(path, "cut.aof");
    sample_make(&s, 6);
    for (size_t cut = 0; cut <= s.file.len; cut++)
        check_cut(path, &s, cut);
    sample_free(&s);
}

/* Big enough for many read chunks and one argument spanning several. */
static void test_big_file(void)
{
    char path[PATH_LEN], err[AOF_ERR_LEN];
    struct sample s;
    size_t bign = 300 * 1000;
    char *big = malloc(bign);
    const char *argv[] = {"BIG", big};
    size_t argvlen[] = {3, bign};

    path_of(path, "big.aof");
    sample_make(&s, 5000);
    for (size_t i = 0; i < bign; i++)
        big[i] = (char)(i * 31 % 251);
    CHECK(loads_prefix(path, &s, 0, err)); /* missing */
    struct aof *a = aof_open(tmpdir, "big.aof", AOF_FSYNC_NO, err);
    CHECKF(a != NULL, "aof_open: %s", err);
    if (a) {
        append_range(a, 0, 5000);
        CHECK(aof_close(a) == 0);
    }
    CHECK(loads_prefix(path, &s, 5000, err));
    size_t cuts[] = {65535, 65536, 65537, 131072 + 3, s.ends[4000] + 1,
                     s.file.len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        check_cut(path, &s, cuts[i]);
    encode(&s.file, NULL, 2, argv, argvlen);
    transcribe(&s.log, 2, argv, argvlen);
    s.ends[5000] = s.file.len;
    s.logends[5000] = s.log.len;
    s.n = 5001;
    check_cut(path, &s, s.file.len);
    check_cut(path, &s, s.file.len - 1000);
    free(big);
    sample_free(&s);
}

/* bytes must be refused at offset `off`, by load and check alike, for
 * the reason `why` (if not NULL), with the file untouched.  `before`
 * commands load first.  refuse: "BAD" is an invalid command (check, which
 * accepts any command, then finds the file valid). */
static void expect_damage(const char *path, const struct buf *bytes,
                          size_t off, int before, int refuse, const char *why)
{
    char err[AOF_ERR_LEN] = "";
    struct rec r = {.refuse = refuse};

    write_file(path, bytes->data, bytes->len);
    errno = 0;
    int rc = aof_load(path, rec_apply, &r, err);
    CHECKF(rc == -1 && errno == EINVAL && strstr(err, path) &&
               has_offset(err, (long long)off) && r.n == before,
           "damage at %zu: load %d, %d commands, %s", off, rc, r.n, err);
    CHECKF(!why || strstr(err, why), "want \"%s\" in: %s", why, err);
    CHECK(file_is(path, bytes->data, bytes->len));
    rc = aof_check(path, err);
    if (refuse)
        CHECK(rc == 0);
    else
        CHECKF(rc == -1 && strstr(err, path) && has_offset(err, (long long)off),
               "damage at %zu: check %d: %s", off, rc, err);
    CHECK(file_is(path, bytes->data, bytes->len));
    buf_free(&r.log);
}

/* Command i cut at `cut`, the whole commands after it kept.  A cut in the
 * framing (a '*' or '$' line, a CRLF) is caught at command i: the next
 * command's "*<n>\r\n" cannot pass for the missing framing.  A cut inside
 * an argument's bytes can: "*1\r\n$4\r\nCM" + "*2\r\n..." is a valid
 * command with the argument "CM*2", and without checksums a valid file is
 * valid.  There, only this holds: load and check agree, damage is never
 * reported before the cut command, the commands before it load intact,
 * and a file refused is left untouched. */
static void check_inner_cut(const char *path, const struct sample *s, int i,
                            size_t cut)
{
    size_t from = i ? s->ends[i - 1] : 0;
    char err[AOF_ERR_LEN] = "", err2[AOF_ERR_LEN] = "";
    struct buf b = {0};
    struct rec r = {0};

    buf_append(&b, s->file.data, cut);
    buf_append(&b, s->file.data + s->ends[i], s->file.len - s->ends[i]);
    if (!s->mask.data[cut]) { /* the first byte cut off is framing */
        expect_damage(path, &b, from, i, 0, NULL);
        goto out;
    }
    write_file(path, b.data, b.len);
    int crc = aof_check(path, err);
    int saved = capture_begin();
    int lrc = aof_load(path, rec_apply, &r, err2);
    struct buf log = {0};
    capture_end(saved, &log);
    buf_free(&log);
    const char *at = strstr(err, "offset ");
    CHECKF(r.n >= i && (i == 0 || memcmp(r.log.data, s->log.data,
                                         s->logends[i - 1]) == 0),
           "cut %zu: %d commands before the cut", cut, r.n);
    CHECKF(crc == -1 ? lrc == -1 && strcmp(err, err2) == 0 && at &&
                           strtoll(at + 7, NULL, 10) >= (long long)from &&
                           file_is(path, b.data, b.len)
                     : lrc == 0,
           "cut %zu: check %d load %d: %s / %s", cut, crc, lrc, err, err2);
out:
    buf_free(&r.log);
    buf_free(&b);
}

/* s with `bad` (len bytes) inserted after command i-1. */
static void insert_damage(const char *path, const struct sample *s, int i,
                          const char *bad, size_t len, int refuse,
                          const char *why)
{
    struct buf b = {0};
    size_t at = i ? s->ends[i - 1] : 0;

    buf_append(&b, s->file.data, at);
    buf_append(&b, bad, len);
    buf_append(&b, s->file.data + at, s->file.len - at);
    expect_damage(path, &b, at, i, refuse, why);
    buf_free(&b);
}

#define INSERT(i, lit, why) \
    insert_damage(path, &s, (i), lit, sizeof lit - 1, 0, why)

static void test_damage(void)
{
    char path[PATH_LEN];
    struct sample s;
    struct buf b = {0};

    path_of(path, "bad.aof");
    sample_make(&s, 8);
    INSERT(3, "xyz", "expected '*', got byte 0x78");
    INSERT(0, "REDIS0011", "expected '*'"); /* an RDB file, not an AOF */
    INSERT(4, "SET a b\r\n", "expected '*'"); /* inline command */
    INSERT(4, "*0\r\n", "empty command");
    INSERT(4, "*-1\r\n", "empty command");
    INSERT(2, "*x\r\n$1\r\na\r\n", "invalid multibulk length");
    INSERT(5, "*1\r\n$-3\r\nabc\r\n", "invalid bulk length");
    INSERT(5, "*1\r\n$a\r\nabc\r\n", "invalid bulk length");
    INSERT(5, "*1\r\n$999999999999\r\nabc\r\n", "invalid bulk length");
    INSERT(5, "*1\r\n$5\r\nabc\r\n", "expected CRLF"); /* length too big */
    INSERT(5, "*1\r\n$2\r\nabc\r\n", "expected CRLF"); /* too small */
    INSERT(5, "*1\r\n#3\r\nabc\r\n", "expected '$', got '#'");
    INSERT(5, "*1\r\n$3\r\nabcxx", "expected CRLF");
    INSERT(5, "*1\r\n$3\rxabc\r\n", "expected CRLF");
    INSERT(5, "*1\rx$3\r\nabc\r\n", "expected CRLF");
    INSERT(8, "*1\r\n$x\r\n", "invalid bulk length"); /* at the very end */
    insert_damage(path, &s, 6, "*1\r\n$3\r\nBAD\r\n", 13, 1,
                  "invalid command");
    buf_append(&b, s.file.data, s.file.len);
    b.data[s.ends[2]] = '+'; /* a command's '*' flipped */
    expect_damage(path, &b, s.ends[2], 3, 0, "expected '*', got byte 0x2b");
    for (int i = 0; i < s.n - 1; i++) { /* cut inside, more commands after */
        size_t from = i ? s.ends[i - 1] : 0;
        for (size_t cut = from + 1; cut < s.ends[i]; cut++)
            check_inner_cut(path, &s, i, cut);
    }
    buf_free(&b);
    sample_free(&s);
}

/* ------------------------------------------------------------------------
 * Size, tee, directory sync (stage 12: what a rewrite needs)
 * ------------------------------------------------------------------------ */

static long long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* aof_size starts at the file's size and grows by exactly what each
 * aof_flush wrote: the size of the file, and the bytes encoded. */
static void test_size(void)
{
    char path[PATH_LEN], err[AOF_ERR_LEN];
    struct buf want = {0};
    struct cmd c;

    path_of(path, "size.aof");
    write_file(path, "*1\r\n$4\r\nPING\r\n", 14);
    struct aof *a = aof_open(tmpdir, "size.aof", AOF_FSYNC_NO, err);
    CHECKF(a != NULL, "aof_open: %s", err);
    if (!a)
        return;
    CHECK(aof_size(a) == 14);
    long long size = 14;
    for (int i = 0; i < 40; i++) {
        buf_clear(&want);
        for (int j = 0; j <= i % 4; j++) {
            make_cmd(&c, i * 4 + j);
            aof_append(a, c.argc, c.argv, c.argvlen);
            encode(&want, NULL, c.argc, c.argv, c.argvlen);
        }
        CHECK(aof_size(a) == size); /* appending alone changes nothing */
        CHECK(aof_flush(a) == 0);
        size += (long long)want.len;
        CHECKF(aof_size(a) == size && size_of(path) == size,
               "flush %d: aof_size %lld, file %lld, want %lld", i,
               aof_size(a), size_of(path), size);
    }
    CHECK(aof_flush(a) == 0 && aof_size(a) == size); /* nothing new */
    CHECK(aof_close(a) == 0);
    a = aof_open(tmpdir, "size.aof", AOF_FSYNC_ALWAYS, err);
    CHECK(a && aof_size(a) == size); /* reopened: the size it has */
    CHECK(aof_close(a) == 0);
    a = aof_open(tmpdir, "size-new.aof", AOF_FSYNC_NO, err);
    CHECK(a && aof_size(a) == 0); /* created */
    CHECK(aof_close(a) == 0);
    /* a write that fails adds nothing */
    const char *argv[] = {"SET", "k", "v"};
    size_t argvlen[] = {3, 1, 1};
    a = aof_open("/dev", "full", AOF_FSYNC_NO, err);
    if (a) {
        aof_append(a, 3, argv, argvlen);
        CHECK(aof_flush(a) == -1 && aof_size(a) == 0);
        aof_close(a);
    }
    buf_free(&want);
}

/* While a tee is set, it gets each appended command's exact bytes - the
 * very bytes the next flush adds to the file; NULL stops the copying. */
static void test_tee(void)
{
    char path[PATH_LEN], err[AOF_ERR_LEN];
    struct buf tee = {0}, file = {0};
    struct cmd c;

    path_of(path, "tee.aof");
    write_file(path, "*1\r\n$1\r\nx\r\n", 11);
    struct aof *a = aof_open(tmpdir, "tee.aof", AOF_FSYNC_EVERYSEC, err);
    CHECKF(a != NULL, "aof_open: %s", err);
    if (!a)
        return;
    size_t before = 11;
    buf_append(&tee, "old", 3); /* the tee is appended to, not replaced */
    aof_tee(a, &tee);
    CHECK(aof_tee_failed(a) == 0);
    for (int i = 0; i < 30; i++) {
        size_t mark = tee.len;
        make_cmd(&c, i);
        aof_append(a, c.argc, c.argv, c.argvlen);
        if (i % 3 == 0)
            aof_append(a, 0, c.argv, c.argvlen); /* argc 0: nothing */
        CHECK(aof_flush(a) == 0);
        CHECK(read_file(path, &file) == 0);
        CHECKF(file.len - before == tee.len - mark &&
                   memcmp(file.data + before, tee.data + mark,
                          tee.len - mark) == 0,
               "command %d: file +%zu, tee +%zu", i, file.len - before,
               tee.len - mark);
        before = file.len;
    }
    CHECK(tee.len > 3 && memcmp(tee.data, "old", 3) == 0);
    /* many commands between flushes: the tee is the file's new bytes */
    size_t mark = tee.len;
    append_range(a, 30, 60);
    CHECK(read_file(path, &file) == 0 && file.len - before == tee.len - mark &&
          memcmp(file.data + before, tee.data + mark, tee.len - mark) == 0);
    before = file.len;
    CHECK(aof_tee_failed(a) == 0);
    aof_tee(a, NULL);
    mark = tee.len;
    append_range(a, 60, 70);
    CHECK(tee.len == mark); /* stopped */
    CHECK(read_file(path, &file) == 0 && file.len > before);
    CHECK(aof_tee_failed(a) == 0);
    CHECK(aof_close(a) == 0);
    buf_free(&tee);
    buf_free(&file);
}

static void test_sync_dir(void)
{
    char path[PATH_LEN];

    path_of(path, "not-even-there.aof"); /* the dir is what counts */
    CHECK(aof_sync_dir(path) == 0);
    CHECK(aof_sync_dir(tmpdir) == 0); /* its parent, /tmp */
    CHECK(aof_sync_dir("/rung-top-level.aof") == 0); /* "/" */
    CHECK(aof_sync_dir("relative.aof") == 0);        /* "." */
    path_of(path, "missing-dir/x.aof");
    errno = 0;
    CHECK(aof_sync_dir(path) == -1 && errno == ENOENT);
    errno = 0;
    CHECK(aof_sync_dir("/nonexistent-rung-dir/x.aof") == -1 && errno == ENOENT);
}

/* ------------------------------------------------------------------------ */

static void remove_tmpdir(void)
{
    char path[PATH_LEN];
    DIR *d = opendir(tmpdir);
    struct dirent *e;

    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        path_of(path, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    CHECK(rmdir(tmpdir) == 0);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_names();
    test_round_trip(AOF_FSYNC_ALWAYS);
    test_round_trip(AOF_FSYNC_EVERYSEC);
    test_round_trip(AOF_FSYNC_NO);
    test_always();
    test_lazy_policies();
    test_open_errors();
    test_write_error();
    test_missing_and_empty();
    test_truncated_tail();
    test_big_file();
    test_damage();
    test_size();
    test_tee();
    test_sync_dir();
    remove_tmpdir();
    return test_report();
}
