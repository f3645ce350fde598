/*
 * worktree-ops.h: making and removing issue worktrees. Worktrees are made
 * and removed by the user's own `git worktree`, so that stock git sees
 * exactly what it would have made itself; everything around that (which
 * branch, where, is it safe, who claimed it) is decided here.
 *
 * Errors: GI_EINVALID (bad input, nothing done), GI_EREFUSED (work
 * would be lost), GI_ECLAIMED (someone else works on it), -1.
 */
#ifndef GITISSUE_WORKTREE_WORKTREE_OPS_H
#define GITISSUE_WORKTREE_WORKTREE_OPS_H

#include "gitissue/util/repo.h"

struct gi_wt_add_opts {
	long issue;
	const char *base;	/* --base, or NULL for the default */
	const char *path;	/* --path, or NULL for the default */
	const char *branch;	/* --branch, or NULL for issue/<N>-<slug> */
	int no_setup;		/* do not run issue.worktreeSetup */
	int steal;		/* proceed over another clone's claim */
	int force;		/* --switch: leave unmerged work behind */
};

struct gi_wt_add_result {
	char *path;		/* the worktree (real path) */
	char *branch;
	char *base;		/* the base's name, when a branch was made */
	int created;		/* 0: it existed and nothing changed */
	int new_branch;
	int setup_status;	/* -1: not run; else the exit code */
	char *taken_from;	/* claimants taken over with --steal */
};

/**
 * The worktree of an issue, made when it does not exist yet: the
 * existing worktree, else one on the branch that belongs to the issue,
 * else on a new branch from the base. Records a claim when it makes one.
 * @return 0 (see res->setup_status), GI_EINVALID, GI_ECLAIMED or
 * -1; reported.
 */
int gi_worktree_add(struct gi_wt_add_result *res, struct gi_repo *r,
		    const struct gi_wt_add_opts *opts);
void gi_wt_add_result_release(struct gi_wt_add_result *res);

/* What happened to one issue worktree on --remove or --prune-merged. */
struct gi_wt_removal {
	long issue;
	char *path;
	char *branch;
	int removed;		/* the worktree is gone */
	int branch_deleted;
	int released;		/* only a left-over claim, released */
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
 * Move the worktree we run in to issue n (`opts->issue`): switch it to
 * n's branch (`opts->branch`, the one that belongs to n, or a new one
 * from the base), record n in it, release this clone's claims of its old
 * issue on it and claim n. Without `opts->force` it refuses (GI_EREFUSED,
 * nothing changed) while the old work is neither merged nor pushed,
 * uncommitted, or an operation is in progress. Another clone's claim on
 * n refuses (GI_ECLAIMED) without `opts->steal`.
 * @return 0, GI_EINVALID, GI_EREFUSED, GI_ECLAIMED or -1; reported.
 */
int gi_worktree_switch(struct gi_wt_add_result *res, struct gi_repo *r,
		       const struct gi_wt_add_opts *opts);

/**
 * End this clone's open claims on issue n (in any of its worktrees),
 * removing nothing and posting nothing. *released says how many.
 * @return 0 or -1 (reported).
 */
int gi_worktree_unclaim(struct gi_repo *r, long n, size_t *released);

/**
 * Record issue n in the worktree admin dir `admin` (GI_ISSUE_FILE, in
 * issue.h), atomically. @return 0 or -1 (reported).
 */
int gi_worktree_write_issue(const char *admin, long n);

#endif
