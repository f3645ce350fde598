/*
 * worktree-remove.h: removing issue worktrees, and ending this clone's
 * claims on an issue. Errors as in worktree-add.h.
 */
#ifndef GITISSUE_WORKTREE_WORKTREE_REMOVE_H
#define GITISSUE_WORKTREE_WORKTREE_REMOVE_H

#include "gitissue/util/repo.h"

struct gi_worktree;

/* What happened to one issue worktree on --remove or --prune-merged. */
struct gi_wt_removal {
	long issue;
	char *path;
	char *branch;
	int removed;		/* the worktree is gone */
	int branch_deleted;
	int released;		/* only a left-over claim, released */
	int merged;		/* its work had landed in the base */
	char *why;		/* why it was kept, or the branch kept */
};

struct gi_wt_removals {
	struct gi_wt_removal *v;
	size_t nr, alloc;
};
void gi_wt_removals_release(struct gi_wt_removals *l);

/**
 * Remove the worktree of issue n, and its branch when everything on it is
 * in the base. Without `force` it refuses (GI_EREFUSED, nothing
 * touched) when the worktree has uncommitted changes or untracked files,
 * or the branch has commits that are neither in the base nor in any
 * remote-tracking branch. With `force` those go, but a branch with
 * commits not in the base is still kept. Records a release. When the
 * issue has no worktree but this clone has left-over claims on it, they
 * are released (entries with `released`).
 * @return 0, GI_EINVALID, GI_EREFUSED or -1; reported.
 */
int gi_worktree_remove(struct gi_wt_removals *out, struct gi_repo *r,
		       long n, int force);

/**
 * Remove every issue worktree that is clean and whose branch is merged
 * into its base (state "merged"); list every issue worktree in `out`,
 * removed or kept with the reason. Also release this clone's left-over
 * claims: those whose worktree is gone or holds another issue now
 * (entries with `released`). `dry_run` decides without removing.
 * @return 0, or -1 when a removal failed (reported; the others are done).
 */
int gi_worktree_prune_merged(struct gi_wt_removals *out, struct gi_repo *r,
			     int dry_run);

/**
 * End this clone's open claims on issue n (in any of its worktrees),
 * removing nothing and posting nothing. *released says how many.
 * @return 0 or -1 (reported).
 */
int gi_worktree_unclaim(struct gi_repo *r, long n, size_t *released);

/**
 * May the worktree `w` leave its issue (for --switch)? Its work must be
 * merged or pushed, and nothing uncommitted or in progress, as for a
 * removal. @return 0, GI_EREFUSED with the reason said, or -1.
 */
int gi_worktree_check_leaving(struct gi_repo *r, const struct gi_worktree *w);

#endif
