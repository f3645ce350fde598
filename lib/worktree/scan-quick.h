/*
 * scan-quick.h: the fast path of the worktree scan (scan.h): "is this
 * worktree clean?" in the time git status takes, for a board that asks it
 * of twenty worktrees every second.
 *
 * It reads the index file itself and compares stat data only, as git does
 * for an up-to-date index, and answers only when it is sure: clean (every
 * tracked file's stat data match, the index matches HEAD by its cached
 * tree, no untracked file), or dirty (a tracked file is gone, or an
 * untracked file that is not ignored exists). Anything else (a stat
 * mismatch, a racily clean entry, an index feature it does not read) is
 * "unsure", and the caller asks libgit2, which compares contents.
 */
#ifndef GITISSUE_WORKTREE_SCAN_QUICK_H
#define GITISSUE_WORKTREE_SCAN_QUICK_H

#include <git2.h>
#if LIBGIT2_VER_MAJOR > 1 || LIBGIT2_VER_MINOR >= 8
#include <git2/sys/errors.h>	/* git_error_clear, since libgit2 1.8 */
#endif

enum gi_scan_quick {
	GI_SCAN_CLEAN,
	GI_SCAN_DIRTY,
	GI_SCAN_UNSURE,
	GI_SCAN_FOREIGN,	/* a split or sparse index: libgit2 1.5
				 * misreads those, ask git itself */
};

/**
 * Look at the worktree of `wt` (a non-bare repository). Reads only:
 * the index file, stat data, directories, ignore rules, HEAD.
 * @return the answer; never fails (a failure is GI_SCAN_UNSURE).
 */
enum gi_scan_quick gi_scan_quick(git_repository *wt);

/**
 * The key of the worktree's state, for caches of what its uncommitted
 * work is (wt-cache.h), in one walk as gi_scan_quick's: a hash of HEAD,
 * the stat data of the index, of every tracked file and of every
 * untracked file that is not ignored, and of the files that decide what
 * is ignored or how a file is read. Equal keys, the same work (as git
 * trusts an index entry whose stat data match). A change in the last
 * 100 ms (two seconds on a file system that keeps whole seconds) is too
 * recent to trust: no key then.
 * @return 0 with `out` set, or 1 when there is no key to trust (recent
 * changes, a submodule or nested repository, an index we do not read, an
 * error): compute, and keep nothing.
 */
int gi_scan_key(git_repository *wt, unsigned char out[20]);

#endif
