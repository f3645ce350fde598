/*
 * scan.h: uncommitted work in a worktree, found without refreshing or
 * writing the index and without taking any lock.
 */
#ifndef GITISSUE_WORKTREE_SCAN_H
#define GITISSUE_WORKTREE_SCAN_H

#include <git2.h>
#include <time.h>

#include "worktree/scan-quick.h"

/* What a worktree holds that is not in a commit. */
struct gi_wt_changes {
	int changes;	/* staged or unstaged changes to tracked files */
	int untracked;	/* untracked files that are not ignored */
};

/**
 * Look for uncommitted work in the worktree `wt`, without refreshing or
 * writing the index and without taking any lock (libgit2 compares stat
 * data and hashes only what stat cannot decide). With `quick`, only
 * "anything?" is answered (reported as `changes`): from stat data alone
 * when that is conclusive (scan-quick.h), else stopping at the first
 * change libgit2 finds.
 * @return 0 or -1 (reported).
 */
int gi_worktree_changes(struct gi_wt_changes *out, git_repository *wt,
			int quick);
/** The same, when gi_scan_quick has answered `scanned` already. */
int gi_worktree_changes_after(struct gi_wt_changes *out, git_repository *wt,
			      int quick, enum gi_scan_quick scanned);

/**
 * The uncommitted work of the worktree `wt`: how many files differ (staged,
 * unstaged, untracked and not ignored, each path once), and the newest
 * modification time among them (lstat; the index file's for staged
 * changes). Reads only; costs a full comparison.
 * @return 0 with *files and *newest set (0 when nothing changed), or -1
 * (not reported).
 */
int gi_worktree_uncommitted(git_repository *wt, size_t *files,
			    time_t *newest);

#endif
