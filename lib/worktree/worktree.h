/*
 * worktree.h: which worktrees the repository has, which issue each works
 * on, and where a new one goes. Nothing here writes: git-issue-status
 * polls it every second. Branches and the base are in branch.h, the scan
 * for uncommitted work in scan.h, making and removing worktrees in
 * gitissue/worktree/worktree-add.h.
 */
#ifndef GITISSUE_WORKTREE_WORKTREE_H
#define GITISSUE_WORKTREE_WORKTREE_H

#include <git2.h>

#include "gitissue/util/repo.h"

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
	long issue;		/* its issue (gi_issue_of_worktree), 0: none */
	long file_issue;	/* from its GI_ISSUE_FILE, 0 when none */
	char *admin;		/* its own git dir: $GIT_COMMON_DIR for the
				 * main one, .../worktrees/<name> */
	char *op_branch;	/* detached for a rebase: the branch being
				 * rebased (short name), else NULL */
};

/* What claims call a worktree: its admin dir's name, "main" for the main
 * one. Stable through `git worktree move`, unlike its path. */
const char *gi_worktree_claim_name(const struct gi_worktree *w);

struct gi_worktree_list {
	struct gi_worktree *v;
	size_t nr, alloc;
	char *main_path;	/* main worktree, or the bare git dir */
	int bare;		/* the main repository is bare */
};

/**
 * Every worktree of the repository (`out` initialised by the call), the
 * main one first (left out when
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
/** The worktree that claims call `name` (gi_worktree_claim_name), or
 * NULL. */
const struct gi_worktree *gi_worktree_named(const struct gi_worktree_list *l,
					    const char *name);
/** The worktree that has `branch` checked out, or NULL. */
const struct gi_worktree *gi_worktree_on_branch(
	const struct gi_worktree_list *l, const char *branch);


/**
 * Where the worktree of issue n goes: `issue.worktreeRoot` (relative to
 * the main worktree, ~ expanded), else `<repository>.worktrees`, beside
 * the repository; then `issue-<N>`. Caller frees. NULL (reported) when
 * issue.worktreeRoot has a control character (a newline) in it.
 */
char *gi_worktree_default_path(struct gi_repo *r,
			       const struct gi_worktree_list *l, long n);

#endif
