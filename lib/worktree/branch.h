/*
 * branch.h: the branches that belong to issues, the base issue work
 * starts from and is measured against ("ahead", "merged"), and where a
 * branch stands against that base. Reads only.
 */
#ifndef GITISSUE_WORKTREE_BRANCH_H
#define GITISSUE_WORKTREE_BRANCH_H

#include <git2.h>

#include "gitissue/util/repo.h"

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
 * Every local branch that belongs to an issue (`out` initialised by the
 * call), sorted by issue, then
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
 * @return 0, GI_EINVALID when `rev` or issue.base names no commit or
 * nothing is found (reported), or -1.
 */
int gi_base_default(struct gi_base *out, struct gi_repo *r, const char *rev);

/**
 * The base of an existing issue branch (NULL: a detached HEAD, which has
 * only the default): `branch.<name>.issueBase` (set
 * when we created the branch) when it still resolves, else the default.
 * `cache`, when not NULL, holds the default between calls (zeroed by the
 * caller at first, released with gi_base_release). With `quiet`, finding
 * no base is not reported (the caller says what it means).
 */
int gi_base_for_branch(struct gi_base *out, struct gi_repo *r,
		       const char *branch, struct gi_base *cache, int quiet);
void gi_base_release(struct gi_base *b);
void gi_base_copy(struct gi_base *dst, const struct gi_base *src);

/* Where an issue branch stands against its base. */
struct gi_branch_state {
	size_t ahead;		/* commits not in the base */
	int has_start;		/* the creation point is known (reflog) */
	git_oid start;		/* where the branch was created */
	int merged;		/* its work is in the base */
	int squashed;		/* ... though its commits are not (a squash
				 * or rebase merge: gi_branch_in_base) */
};

/**
 * Compare branch `branch` (NULL: a detached HEAD) at `tip` with the base
 * commit. "merged" is either of:
 *  - nothing ahead, and the branch moved since it was created (the oldest
 *    entry of its reflog): a fresh branch is not "merged", it is unused;
 *  - commits ahead, but the base already has what they changed
 *    (gi_branch_in_base): a squash or rebase merge.
 * @return 0 or -1 (reported).
 */
int gi_branch_state(struct gi_branch_state *out, git_repository *repo,
		    const char *branch, const git_oid *tip,
		    const git_oid *base);

/* One path that differs between two trees (gi_tree_changes). */
struct gi_tree_change {
	char *path;
	int deleted;		/* not in the new tree */
	git_oid id;		/* in the new tree, when not deleted */
	git_filemode_t mode;
};

struct gi_tree_changes {
	struct gi_tree_change *v;
	size_t nr, alloc;
};

/**
 * The files (blobs, links, submodules) that differ between trees `from`
 * (NULL: the empty tree) and `to`, appended to `out` (zeroed by the
 * caller) in path order. Subtrees with the same id are skipped without
 * being read, so the cost follows what changed, not the size of the
 * tree (libgit2 1.5's tree-to-tree diff reads every tree). No rename
 * detection: a rename is a deleted and an added path.
 * @return 0 or a libgit2 error (not reported).
 */
int gi_tree_changes(struct gi_tree_changes *out, git_repository *repo,
		    const git_tree *from, const git_tree *to);
void gi_tree_changes_release(struct gi_tree_changes *c);

/**
 * Does the base have the changes `ch` (from a branch's merge base to its
 * tip)? For every path, the base tree `base` has the same blob and mode,
 * or no such path when it was deleted. False for no changes.
 */
int gi_tree_has_changes(const git_tree *base,
			const struct gi_tree_changes *ch);

/**
 * Does the base have the branch's work, though not its commits (a squash
 * or a rebase merge)? True when the branch changed something since its
 * merge base with `base`, and for every path it changed, the base's tip
 * has what the branch's tip has (the same blob and mode, or both without
 * the path). It says no when the base changed such a file again later,
 * and yes when the base made the same change independently (nothing of
 * the branch is lost then either).
 * @return 1, 0, or -1 (reported).
 */
int gi_branch_in_base(git_repository *repo, const git_oid *tip,
		      const git_oid *base);

/**
 * The ref that "pushed" is measured against for `branch`: its upstream
 * (branch.<b>.remote and branch.<b>.merge, for a remote), else
 * refs/remotes/<remote>/<branch> for the remote of the base `base_ref`
 * (refs/remotes/<remote>/...), else for `issue.remote`, origin or the
 * only remote. NULL when none is known; caller frees.
 */
char *gi_branch_upstream(struct gi_repo *r, const char *branch,
			 const char *base_ref);

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

#endif
