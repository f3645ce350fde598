/*
 * overlap.h: can these issues be worked on side by side? For each pair of
 * active issues: the files both changed since they left their base, and
 * whether merging the two would conflict, with the conflicting paths; and
 * for each issue, whether it still merges into its base.
 *
 * The work is taken as it is: a worktree's uncommitted changes (staged,
 * unstaged and untracked files) count, built into a tree without touching
 * the worktree's index. The merge is git's own, stock
 * `git merge-tree --write-tree` (git 2.38 and newer), with libgit2's
 * merge as the fallback for older git. Nothing of the repository is
 * written: the objects the question needs go to a temporary object
 * directory that is deleted afterwards.
 */
#ifndef GITISSUE_WORKTREE_OVERLAP_H
#define GITISSUE_WORKTREE_OVERLAP_H

#include "gitissue/util/repo.h"
#include "gitissue/util/strset.h"

struct gi_overlap_side {
	long issue;
	char *branch;		/* NULL when detached */
	char *base;		/* the base's name */
	git_oid tip;		/* the commit compared: the branch's, or a
				 * temporary one with the uncommitted work */
	int uncommitted;	/* the worktree's uncommitted work counts */
	int behind;		/* the base moved since the side left it */
	git_oid base_oid;	/* the base's commit */
	struct gi_strset changed;	/* since the merge base with the base */
	struct gi_strset base_conflicts;	/* merging into the base conflicts */
	int no_branch;		/* named, no branch: only the plan speaks */
	int no_work;		/* nothing of its own: its tip is in the base,
				 * nothing uncommitted (merges with anything) */
};

struct gi_overlap_pair {
	size_t a, b;		/* indexes into sides, a < b */
	struct gi_strset both;	/* changed on both sides */
	struct gi_strset conflicts;	/* a merge of the two conflicts here */
	/* from the plan: one blocks the other (directly or through a
	 * chain): the chain in the order of the work, the blocker first */
	long *chain;
	const char **chain_state;	/* each one's state (landed.h) */
	size_t nchain;
	long parent;		/* the one that is the other's parent, or 0 */
	const char *parent_state;
};

struct gi_overlap {
	struct gi_overlap_side *sides;
	size_t nsides, sides_alloc;
	struct gi_overlap_pair *pairs;
	size_t npairs, pairs_alloc;
	int conflict;		/* some pair, or some side with its base */
	int sequential;		/* some pair must be done one after the other */
	const char *engine;	/* "git merge-tree" or "libgit2" */
};

/**
 * Compare issues. With nr 0: every active issue (one with a worktree or
 * a branch, not merged, with work: commits not in the base or
 * uncommitted changes) with every other. With one issue: that issue with
 * every other active one. With several: those issues, pairwise. Each
 * side is also merged into its base (`base`, NULL: each branch's own).
 * Each pair is also looked up in the plan: a pair where one blocks the
 * other (directly or through a chain) is sequential, and is not merged;
 * a parent and its sub-issue are marked. A named issue without a branch
 * is a side with `no_branch` when the plan relates it to every other
 * named issue.
 * @return 0, GI_EINVALID (an issue without a branch and a pair the plan
 * does not answer, a bad base), or -1; reported.
 */
int gi_overlap_compute(struct gi_overlap *out, struct gi_repo *r,
		       const long *issues, size_t nr, const char *base);

/**
 * Compare each of `issues` with each of `against` only (for
 * git issue-ready: the candidates against the issues mid-task), each
 * side with its own base. An issue of either list without a branch is
 * left out (no side), not an error. @return 0 or -1 (reported).
 */
int gi_overlap_against(struct gi_overlap *out, struct gi_repo *r,
		       const long *issues, size_t nr, const long *against,
		       size_t nagainst);
void gi_overlap_release(struct gi_overlap *o);

#endif
