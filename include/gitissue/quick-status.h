/*
 * quick-status.h: "is this worktree clean?" in the time git status takes,
 * for a board that asks it of twenty worktrees every second.
 *
 * It reads the index file itself and compares stat data only, as git does
 * for an up-to-date index, and answers only when it is sure: clean (every
 * tracked file's stat data match, the index matches HEAD by its cached
 * tree, no untracked file), or dirty (a tracked file is gone, or an
 * untracked file that is not ignored exists). Anything else (a stat
 * mismatch, a racily clean entry, an index feature it does not read) is
 * "unsure", and the caller asks libgit2, which compares contents.
 */
#ifndef GITISSUE_QUICK_STATUS_H
#define GITISSUE_QUICK_STATUS_H

#include <git2.h>
#if LIBGIT2_VER_MAJOR > 1 || LIBGIT2_VER_MINOR >= 8
#include <git2/sys/errors.h>	/* git_error_clear, since libgit2 1.8 */
#endif

enum gi_quick_status {
	GI_QUICK_CLEAN,
	GI_QUICK_DIRTY,
	GI_QUICK_UNSURE,
	GI_QUICK_FOREIGN,	/* a split or sparse index: libgit2 1.5
				 * misreads those, ask git itself */
};

/**
 * Look at the worktree of `wt` (a non-bare repository). Reads only:
 * the index file, stat data, directories, ignore rules, HEAD.
 * @return the answer; never fails (a failure is GI_QUICK_UNSURE).
 */
enum gi_quick_status gi_quick_status(git_repository *wt);

#endif
