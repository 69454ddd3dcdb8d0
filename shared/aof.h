/* aof.h - the append-only file: log every write command, replay at start. */
#ifndef AOF_H
#define AOF_H

#include <stddef.h>

struct buf;

#define AOF_ERR_LEN 512

/* appendfsync: when the bytes written to the file are forced to the disk.
 *   always    aof_flush() returns after fdatasync: an acknowledged write
 *             survives kill -9 and power loss.  Costs a disk flush per
 *             aof_flush() call (group commit: one call per event-loop turn).
 *   everysec  aof_flush() only write()s; a thread fdatasyncs about once a
 *             second.  kill -9 loses nothing written (the kernel has it);
 *             power loss loses about the last second.
 *   no        write() only; the kernel flushes when it likes (Linux: within
 *             ~30 s).  kill -9 loses nothing written; power loss, more. */
enum aof_fsync { AOF_FSYNC_ALWAYS, AOF_FSYNC_EVERYSEC, AOF_FSYNC_NO };

/* "always", "everysec" or "no" (any case) -> enum aof_fsync; -1 if unknown. */
int aof_fsync_from_name(const char *name);

struct aof;

/* Open dir/filename for appending, creating it if missing, and start the
 * everysec thread if the policy needs it.  NULL with a message in err
 * (AOF_ERR_LEN bytes).  The caller frees it with aof_close(). */
struct aof *aof_open(const char *dir, const char *filename,
                     enum aof_fsync policy, char *err);

/* Queue one command in memory, RESP multibulk encoded; no I/O.  argv and
 * argvlen are copied (as the parser produces them: binary-safe).  Out of
 * memory breaks the aof for good: the next aof_flush() fails (ENOMEM). */
void aof_append(struct aof *a, int argc, const char *const *argv,
                const size_t *argvlen);

/* write() everything queued (short writes and EINTR retried), then, under
 * `always`, fdatasync.  0, or -1 with errno: the caller must not
 * acknowledge the queued commands, and a server should stop accepting
 * writes.  After a failed write() the file holds a clean prefix of what was
 * queued and the rest stays queued, so a later call may succeed.  A failed
 * fsync (here or in the everysec thread) is final: every later call fails
 * with its errno.  One call covers every command queued since the last one.
 * Not thread-safe: append and flush come from one thread at a time. */
int aof_flush(struct aof *a);

/* Completed fdatasync calls, by either thread (for INFO and tests). */
unsigned long long aof_fsync_count(struct aof *a);

/* fsync the directory that holds path, so a file created or renamed
 * there survives a power cut.  0, or -1 with errno. */
int aof_sync_dir(const char *path);

/* Bytes in the file: its size at open plus everything written since. */
long long aof_size(const struct aof *a);

/* While tee is set, every aof_append also copies the command's bytes to
 * the end of tee (an AOF rewrite collects what arrives while it runs).
 * NULL stops it.  Out of memory stops the copying, not the appending:
 * aof_tee_failed() then says 1 until the next aof_tee(). */
void aof_tee(struct aof *a, struct buf *tee);
int aof_tee_failed(const struct aof *a);

/* Flush, fsync (whatever the policy: a clean shutdown loses nothing), stop
 * the thread, close and free a.  0, or -1 with errno if the final flush,
 * fsync or close failed; a is freed either way.  NULL is a no-op. */
int aof_close(struct aof *a);

/* Called once per command while loading.  argv/argvlen are valid only
 * during the call (copy what you keep).  0, or -1 if the command is invalid
 * (unknown, wrong arity): that counts as corruption at its offset. */
typedef int aof_apply_fn(int argc, const char **argv, const size_t *argvlen,
                         void *arg);

/* Replay the file at path through apply (NULL accepts every command).
 *   0   loaded; also for a missing or empty file.  A file that ends inside
 *       a command (a crash mid-write) loses that command: the file is cut
 *       back to the end of the last whole one, with a warning in the log.
 *   -1  with a message in err naming the file and the byte offset of the
 *       bad command: damage (not a multibulk command, a bad length, an
 *       empty command, apply() refusing); the file is left untouched.  Also
 *       for I/O errors (errno kept; EINVAL for damage). */
int aof_load(const char *path, aof_apply_fn *apply, void *arg, char *err);

/* Check the file without changing it (no fixing): 0 valid, 1 truncated
 * tail, -1 damaged or unreadable (a missing file is an error here); for 1
 * and -1, err names the offset. */
int aof_check(const char *path, char *err);

#endif
