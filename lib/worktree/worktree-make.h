/*
 * worktree-make.h: what making an issue worktree (worktree-add.c) and
 * moving one to another issue (worktree-switch.c) share; removal
 * (worktree-remove.c) runs git the same way. Not for use outside
 * lib/worktree/worktree-*.c.
 */
#ifndef GITISSUE_WORKTREE_WORKTREE_MAKE_H
#define GITISSUE_WORKTREE_WORKTREE_MAKE_H

#include "gitissue/core/issue.h"
#include "gitissue/worktree/worktree-add.h"
#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/worktree.h"

/*
 * Run argv[0] (looked up on PATH) with `argv`, in `dir` when not NULL.
 * The child's stdout goes to our stderr: our stdout carries only the
 * path, for `cd "$(git issue-worktree N)"`. `env` holds NAME=value pairs
 * to add; with `fresh_repo`, the repository variables are dropped so that
 * git in the child finds the repository from `dir`.
 * @return the exit code, 128+signal, or -1 when it could not start.
 */
int gi_make_run(const char *const *argv, const char *dir,
		const char *const *env, int fresh_repo);

/** Does refs/heads/<branch> exist? Its tip goes to *tip. */
int gi_make_branch_exists(struct gi_repo *r, const char *branch,
			  git_oid *tip);

/** The branch for issue n: `opt` (--branch), the one that belongs to it,
 * or a new one named from `title`. @return 0, GI_EINVALID or -1. */
int gi_make_pick_branch(char **out, struct gi_repo *r, long n,
			const char *opt, const char *title);

/*
 * An existing worktree of issue n that this clone has no open claim on
 * (stock git made it, it was released, or a stock `git switch` moved it
 * here): asking for it is taking it, so claim it, and give it the issue
 * in its own right. Failures are warnings: the path is what matters.
 */
void gi_make_adopt(struct gi_repo *r, const struct gi_worktree *w, long n);

/* What a new worktree will be: decided before anything is made. */
struct gi_make_plan {
	char *branch;
	char *path;
	int exists;		/* the branch exists already */
	struct gi_base base;	/* for a new branch (or a checked --base) */
};

/* A claim written and decided before anything is made. */
struct gi_early_claim {
	char id[GI_RECORD_ID_HEXSZ + 1];	/* "" when not written */
	char *name;		/* the worktree name it names */
};

void gi_make_plan_release(struct gi_make_plan *p);

/*
 * Link the branch to issue n (branch.<b>.issue), and a new branch to its
 * base (branch.<b>.issueBase): every command in the worktree knows its
 * issue whatever the branch is called, and "ahead" and "merged" are
 * measured against what the branch was made from. @return 0 or -1.
 */
int gi_make_link_branch(struct gi_repo *r, const struct gi_make_plan *p,
			long n);

/*
 * Check the claims this clone knows of (refuse over others' without
 * `steal`), then release our stale claims, take over others' (`steal`;
 * who they were goes to *taken_from), claim issue is->number for the
 * worktree `to`, and let the remote decide (claim-decide.h): lost is
 * GI_ECLAIMED, with nothing made. A claim that cannot be written must
 * not cost the worktree: a warning. *clone is looked up when NULL.
 */
int gi_make_claim_first(struct gi_early_claim *ec, struct gi_repo *r,
			const struct gi_issue *is, char **clone,
			const struct gi_claim_target *to, int steal,
			char **taken_from);
/** Our early claim, when what it was for could not be made. */
void gi_make_claim_undo(struct gi_repo *r, long n, const char *clone,
			struct gi_early_claim *ec);
/*
 * The worktree `w` is made: record issue n in its admin dir, and when git
 * named it otherwise than the claim says, claim it again under its name.
 */
void gi_make_claim_done(struct gi_repo *r, long n, const char *clone,
			const struct gi_worktree *w,
			struct gi_early_claim *ec);
/** What the claim of a new worktree at `p` says, before it is made
 * (`hex` holds the commit it names). */
void gi_make_planned_target(struct gi_claim_target *to, char hex[41],
			    struct gi_repo *r, const struct gi_make_plan *p);

#endif
