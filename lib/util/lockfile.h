/*
 * lockfile.h: writing a file whole or not at all, one writer at a time
 * (after git's lockfile.h and tempfile.h). Every file the suite writes
 * in place (hooks, the user's CLAUDE.md and settings, caches, session
 * files) is written through it; only the loose-object writer has its own
 * (core/loose.c: an object's name is its content, so no lock is needed).
 *
 * gi_lock_hold() creates "<path>.lock" beside the target with
 * O_CREAT|O_EXCL: a second writer finds it there and is told so ("unable
 * to create '<path>.lock': File exists", and what to do), or waits for it
 * with gi_backoff() when the caller gives a timeout. The new content is
 * written to the lock file, every byte or an error (a short write is an
 * error); gi_lock_commit() optionally fsyncs it, closes it and renames it
 * over the target, so a reader sees the old file or the new one, never
 * half of one. A writer that reads the file to change it reads it after
 * taking the lock, so two writers never lose each other's change.
 *
 * The lock file is removed by gi_lock_rollback(), by a failed commit, at
 * exit (gi_die() included) and on SIGINT, SIGTERM, SIGHUP and SIGPIPE,
 * after which the signal is raised again (a signal the process ignores
 * is left alone). Only SIGKILL or a crash leaves one behind, and the
 * message for it names the file to remove.
 *
 * Where the target may be a symbolic link the caller chooses: the link
 * is replaced by the new file (the default, as rename(2) does), the file
 * it points to is written (GI_LOCK_DEREF), or the write is refused
 * (GI_LOCK_NOFOLLOW, for files in a checkout whose links are data).
 */
#ifndef GITISSUE_UTIL_LOCKFILE_H
#define GITISSUE_UTIL_LOCKFILE_H

#include <stddef.h>

#include "gitissue/util/buf.h"

#define GI_LOCK_SUFFIX ".lock"

/* The flags of struct gi_lock_opts. */
#define GI_LOCK_QUIET 0x01	/* report nothing: the caller does */
#define GI_LOCK_FSYNC 0x02	/* fsync(2) the content before the rename */
#define GI_LOCK_KEEP_MODE 0x04	/* the replaced file's mode, else `mode` */
#define GI_LOCK_DEREF 0x08	/* a link at the path: write its target */
/*
 * Refuse a path that is a symbolic link (checked with lstat(2); the
 * rename replaces a link that appears later, it never writes through
 * one), and, when `root` is set, a path whose folder resolves outside
 * `root` (a parent folder that is a link leading out of it).
 */
#define GI_LOCK_NOFOLLOW 0x10
/*
 * The caller keeps every other writer of this file out by a lock of its
 * own (the sync's flock(2), which the kernel drops when its holder
 * dies): a lock file found at the path is a killed writer's, and is
 * taken over.
 */
#define GI_LOCK_TAKE_OVER 0x20

struct gi_lock_opts {
	unsigned flags;
	long timeout_ms;	/* wait for another writer's lock this long;
				 * 0: fail at once */
	int mode;		/* the new file's mode (chmod, the umask does
				 * not apply); 0: 0666 less the umask */
	const char *root;	/* GI_LOCK_NOFOLLOW: the folder the target
				 * must stay in; NULL: not checked */
	gi_buf *err;		/* messages go here (without "error: "),
				 * not through gi_error(); NULL: gi_error() */
};

/* A lock held on one target; the caller's struct, the state inside. */
struct gi_lock {
	struct gi_lock_file *f;	/* NULL when not held */
};
#define GI_LOCK_INIT { NULL }

/**
 * Take the lock on `path` (`opts` NULL: the defaults, all zero).
 * @return 0; GIT_ELOCKED when another writer's lock stayed through the
 * timeout (reported with what to do, unless GI_LOCK_QUIET); -1 for any
 * other failure, a refused link included (reported).
 */
int gi_lock_hold(struct gi_lock *lk, const char *path,
		 const struct gi_lock_opts *opts);
/** The lock file's descriptor, for a caller that writes it itself. */
int gi_lock_fd(const struct gi_lock *lk);
/**
 * Write all `len` bytes of `p` to the lock file, again after a short
 * write. @return 0, or -1 (reported; the commit then fails too).
 */
int gi_lock_write(struct gi_lock *lk, const void *p, size_t len);
/**
 * Put the new content in place: fsync (GI_LOCK_FSYNC), chmod (`mode`,
 * GI_LOCK_KEEP_MODE), close, rename over the target. The lock is
 * released either way. @return 0, or -1 (reported; the target is as it
 * was).
 */
int gi_lock_commit(struct gi_lock *lk);
/** Drop the new content and the lock; nothing when not held. */
void gi_lock_rollback(struct gi_lock *lk);

/**
 * Write `data` as the whole new content of `path`: hold, write, commit.
 * @return 0, GIT_ELOCKED or -1, as gi_lock_hold() (reported).
 */
int gi_write_file_atomic(const char *path, const void *data, size_t len,
			 const struct gi_lock_opts *opts);

/**
 * For a file written at best (a cache) whose writer goes on without it:
 * say that `path` was not written because its lock stayed through the
 * timeout (a killed writer's), as a warning, with what to do.
 */
void gi_lock_warn_stale(const char *path);

/**
 * Remove every lock file this process holds, now. Only unlink(2):
 * callable from a signal handler, for a process that ends with _exit()
 * (the Claude Code hooks' deadline), where no exit handler runs.
 */
void gi_lock_remove_all(void);

#endif
