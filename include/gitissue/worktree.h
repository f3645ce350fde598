/*
 * worktree.h: the read side of "one worktree per issue": which worktrees
 * the repository has and which issue each works on, which branches belong
 * to an issue, what the base branch of issue work is, and what state a
 * worktree is in (changes, commits ahead of the base, merged). Nothing
 * here writes: git-issue-status polls these functions every second.
 *
 * Creating and removing worktrees is in worktree-ops.h.
 */
#ifndef GITISSUE_WORKTREE_H
#define GITISSUE_WORKTREE_H

#include <git2.h>

#include "gitissue/repo.h"

/* Errors a caller can act on (outside libgit2's range). */
#define GI_WT_EINVALID (-1001)	/* bad input: the command exits 128 */
#define GI_WT_EREFUSED (-1002)	/* work would be lost: exits 1 */
#define GI_WT_ECLAIMED (-1003)	/* someone else works on it: exits 1 */

/* One worktree of the repository, as git records it. */
struct gi_worktree {
	char *name;		/* in $GIT_COMMON_DIR/worktrees; NULL: main */
	char *path;		/* the working directory, no trailing slash */
	char *branch;		/* short name; NULL when detached */
	git_oid head;		/* valid when has_head (not unborn) */
	int has_head;
	int is_main;
	int missing;		/* its folder is gone: `git worktree prune` */
	int locked;
	long issue;		/* the branch's issue, 0 for none */
};

struct gi_worktree_list {
	struct gi_worktree *v;
	size_t nr, alloc;
	char *main_path;	/* main worktree, or the bare git dir */
	int bare;		/* the main repository is bare */
};

/**
 * Every worktree of the repository, the main one first (left out when
 * the repository is bare), then the linked ones by name. Works from any
 * worktree. Reads only the files git keeps for each worktree.
 * @return 0 or -1 (reported).
 */
int gi_worktree_list(struct gi_worktree_list *out, struct gi_repo *r);
void gi_worktree_list_release(struct gi_worktree_list *l);

/** The first worktree working on issue n (the main one counts), or NULL. */
const struct gi_worktree *gi_worktree_for_issue(
	const struct gi_worktree_list *l, long n);
/** The worktree at `path` (compared as real paths), or NULL. */
const struct gi_worktree *gi_worktree_at(const struct gi_worktree_list *l,
					 const char *path);
/** The worktree that has `branch` checked out, or NULL. */
const struct gi_worktree *gi_worktree_on_branch(
	const struct gi_worktree_list *l, const char *branch);


/* A local branch that belongs to an issue. */
struct gi_issue_branch {
	char *name;		/* short name */
	long issue;
	git_oid tip;
	int linked;		/* by branch.<name>.issue, not only by name */
};

struct gi_issue_branch_list {
	struct gi_issue_branch *v;
	size_t nr, alloc;
};

/**
 * Every local branch that belongs to an issue, sorted by issue, then
 * linked ones first, then by name.
 * @return 0 or -1 (reported).
 */
int gi_issue_branches(struct gi_issue_branch_list *out, struct gi_repo *r);
void gi_issue_branch_list_release(struct gi_issue_branch_list *l);

/*
 * The base of issue work: the commit issue branches start from and are
 * measured against ("ahead", "merged").
 */
struct gi_base {
	char *name;	/* for people: "origin/main", "main", the rev given */
	char *ref;	/* full ref name when the base is a ref, else NULL */
	git_oid oid;	/* the commit */
};

/**
 * The default base: `rev` when given (--base), else `issue.base`, else the
 * remote's default branch (refs/remotes/<remote>/HEAD, the remote being
 * `issue.remote`, else origin, else the only one), else the branch of the
 * main worktree, else the current branch (neither when it is an issue
 * branch). It does not depend on the worktree the command runs in, so
 * every worktree sees the same states.
 * @return 0, GI_WT_EINVALID when `rev` or issue.base names no commit or
 * nothing is found (reported), or -1.
 */
int gi_base_default(struct gi_base *out, struct gi_repo *r, const char *rev);

/**
 * The base of an existing issue branch: `branch.<name>.issueBase` (set
 * when we created the branch) when it still resolves, else the default.
 * `cache`, when not NULL, holds the default between calls (zeroed by the
 * caller at first, released with gi_base_release). With `quiet`, finding
 * no base is not reported (the caller says what it means).
 */
int gi_base_for_branch(struct gi_base *out, struct gi_repo *r,
		       const char *branch, struct gi_base *cache, int quiet);
void gi_base_release(struct gi_base *b);
void gi_base_copy(struct gi_base *dst, const struct gi_base *src);

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
 * when that is conclusive (quick-status.h), else stopping at the first
 * change libgit2 finds.
 * @return 0 or -1 (reported).
 */
int gi_worktree_changes(struct gi_wt_changes *out, git_repository *wt,
			int quick);

/* Where an issue branch stands against its base. */
struct gi_branch_state {
	size_t ahead;		/* commits not in the base */
	int has_start;		/* the creation point is known (reflog) */
	git_oid start;		/* where the branch was created */
	int merged;		/* it has commits and all are in the base */
};

/**
 * Compare branch `branch` at `tip` with the base commit. "merged" needs a
 * branch that moved since it was created (the oldest entry of its
 * reflog): a fresh branch is not "merged", it is unused.
 * @return 0 or -1 (reported).
 */
int gi_branch_state(struct gi_branch_state *out, git_repository *repo,
		    const char *branch, const git_oid *tip,
		    const git_oid *base);

/**
 * Count the commits reachable from `tip` that are neither in `base` nor in
 * any remote-tracking branch: work that exists only here.
 * @return 0 or -1 (reported).
 */
int gi_branch_unpushed(size_t *out, git_repository *repo, const git_oid *tip,
		       const git_oid *base);

/**
 * `issue/<N>-<slug>` from a title: lowercase ASCII letters and digits,
 * everything else one '-', at most 40 characters of slug cut at a '-'.
 * Without a usable title: `issue/<N>`. Caller frees.
 */
char *gi_issue_branch_name(long n, const char *title);

/**
 * Where the worktree of issue n goes: `issue.worktreeRoot` (relative to
 * the main worktree, ~ expanded), else `<repository>.worktrees`, beside
 * the repository; then `issue-<N>`. Caller frees.
 */
char *gi_worktree_default_path(struct gi_repo *r,
			       const struct gi_worktree_list *l, long n);

/** realpath() when the path exists, else a copy. Caller frees. */
char *gi_real_path(const char *path);

#endif
