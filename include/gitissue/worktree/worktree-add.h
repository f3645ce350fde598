/*
 * worktree-add.h: making issue worktrees. Worktrees are made (and
 * removed, worktree-remove.h; moved to another issue, worktree-switch.h)
 * by the user's own `git worktree`, so that stock git sees exactly what
 * it would have made itself; everything around that (which branch,
 * where, is it safe, who claimed it) is decided here.
 *
 * Errors: GI_EINVALID (bad input, nothing done), GI_EREFUSED (work
 * would be lost), GI_ECLAIMED (someone else works on it), -1.
 */
#ifndef GITISSUE_WORKTREE_WORKTREE_ADD_H
#define GITISSUE_WORKTREE_WORKTREE_ADD_H

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

#endif
