/*
 * block.h: the user's files that the agent integration edits (CLAUDE.md,
 * AGENTS.md, $GIT_COMMON_DIR/info/exclude, Claude Code's settings): read
 * and written under the file's lock (util/lockfile.h), so that two
 * installs at once never lose each other's change, and our marked block
 * in them (util/marked-block.h edits the text).
 *
 * The policy for links, for now: a file that is a symbolic link is
 * written through it (the file it points to keeps the user's link).
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
int gi_block_file_put(const char *path, const struct gi_block_style *st,
		      const char *body, int mode, gi_buf *err);
/** The block cut out of the file; the file removed when nothing else
 * was in it. @return a gi_block_result, or -1 (`err` says why). */
int gi_block_file_cut(const char *path, const struct gi_block_style *st,
		      gi_buf *err);

/**
 * Take the lock on `path` (through a symbolic link: on the file it points
 * to) before reading the file to change it, waiting up to
 * GI_AGENT_LOCK_TIMEOUT_MS for another writer. What is committed gets the
 * mode of the file it replaces, else `mode`. Errors of the lock, the
 * write and the commit go to `err`, which must outlive the lock.
 * @return 0, or -1 (`err` says why).
 */
int gi_agent_lock_file(struct gi_lock *lk, const char *path, int mode,
		       gi_buf *err);
/** Write `data` as the locked file's new content and put it in place;
 * the lock is released either way. @return 0, or -1 (`err`). */
int gi_agent_commit_file(struct gi_lock *lk, const char *data, size_t len);

/** Read `path` into `out`. @return 1 read, 0 no such file, -1 (`err`). */
int gi_agent_read_file(const char *path, gi_buf *out, gi_buf *err);

#endif
