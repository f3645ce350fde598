/*
 * block.h: the user's files that the agent integration edits (CLAUDE.md,
 * AGENTS.md, $GIT_COMMON_DIR/info/exclude, Claude Code's settings): read
 * and written under the file's lock (util/lockfile.h), so that two
 * installs at once never lose each other's change, and our marked block
 * in them (util/marked-block.h edits the text).
 *
 * The policy for links: a file of a worktree (`root` given) is never
 * written through a symbolic link, neither one at its path nor a folder
 * that leads out of the worktree: a checkout's links are data, and a
 * committed `.claude/settings.local.json -> ~/.claude/settings.json` must
 * not make an install edit the user's own settings. A file of the git
 * directory (`root` NULL: info/exclude) is the user's, set up by them: a
 * link there is written through (the file it points to keeps the link).
 */
#ifndef GITISSUE_AGENT_BLOCK_H
#define GITISSUE_AGENT_BLOCK_H

#include <stddef.h>

#include "gitissue/util/buf.h"
#include "util/lockfile.h"
#include "util/marked-block.h"

/* How long a writer waits for another's lock on one of these files. */
#define GI_AGENT_LOCK_TIMEOUT_MS 1000

/**
 * The block of `st` holding `body` put into the file at `path`, or
 * brought up to date (keeping the file's mode; a new file gets `mode`),
 * read and written under the file's lock.
 * @return a gi_block_result, or -1 (`err` says why).
 */
int gi_block_file_put(const char *path, const char *root,
		      const struct gi_block_style *st, const char *body,
		      int mode, gi_buf *err);
/** The block cut out of the file; the file removed when nothing else
 * was in it. @return a gi_block_result, or -1 (`err` says why). */
int gi_block_file_cut(const char *path, const char *root,
		      const struct gi_block_style *st, gi_buf *err);

/**
 * Take the lock on `path` before reading the file to change it: with a
 * `root` (the worktree), a link at `path` or a folder leading out of
 * `root` is refused (GI_LOCK_NOFOLLOW); without, a link is followed and
 * the file it points to is locked. Waits up to
 * GI_AGENT_LOCK_TIMEOUT_MS for another writer. What is committed gets the
 * mode of the file it replaces, else `mode`. Errors of the lock, the
 * write and the commit go to `err`, which must outlive the lock.
 * @return 0, or -1 (`err` says why).
 */
int gi_agent_lock_file(struct gi_lock *lk, const char *path,
		       const char *root, int mode, gi_buf *err);
/** Write `data` as the locked file's new content and put it in place;
 * the lock is released either way. @return 0, or -1 (`err`). */
int gi_agent_commit_file(struct gi_lock *lk, const char *data, size_t len);

/** Read `path` into `out`. @return 1 read, 0 no such file, -1 (`err`). */
int gi_agent_read_file(const char *path, gi_buf *out, gi_buf *err);

#endif
