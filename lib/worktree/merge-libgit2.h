/*
 * merge-libgit2.h: libgit2's in-memory merge of two commits, for git
 * issue-overlap when git cannot merge without a worktree
 * (merge-libgit2.c).
 */
#ifndef GITISSUE_WORKTREE_MERGE_LIBGIT2_H
#define GITISSUE_WORKTREE_MERGE_LIBGIT2_H

#include <git2.h>

#include "gitissue/util/strset.h"

/**
 * Merge commits `a` and `b` in memory (nothing written) with rename
 * limit `limit`; the conflicting paths go into `conflicts` (sorted).
 * @return 0, or -1 (reported)
 */
int gi_merge_libgit2(struct gi_strset *conflicts, git_repository *repo,
		     const git_oid *a, const git_oid *b, long limit);

/** Have `a` and `b` no commit in common (an orphan branch)? */
int gi_merge_unrelated(git_repository *repo, const git_oid *a,
		       const git_oid *b);

#endif
