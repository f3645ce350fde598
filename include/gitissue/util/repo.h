/*
 * repo.h: opening the repository the way git would, the user's identity,
 * and the branch the current worktree has checked out.
 *
 * Configuration is in config.h, which issue a worktree works on in
 * issue.h.
 */
#ifndef GITISSUE_UTIL_REPO_H
#define GITISSUE_UTIL_REPO_H

#include <git2.h>
#if LIBGIT2_VER_MAJOR > 1 || LIBGIT2_VER_MINOR >= 8
#include <git2/sys/errors.h>	/* git_error_clear, since libgit2 1.8 */
#endif

#include "gitissue/util/util.h"

struct gi_repo {
	git_repository *repo;
	git_config *config;	/* snapshot taken when opened */
	int bare;
	char *workdir;		/* NULL when bare; no trailing slash */
	char *gitdir;		/* this worktree's git dir */
	char *commondir;	/* shared by all worktrees */
	/*
	 * What this command learnt of its worktrees, read once and shared
	 * by the readers of their work (worktree/wt-cache.c); freed here.
	 */
	void *worktrees_seen;
	void (*worktrees_seen_free)(void *);
};

/** Start libgit2 once per process. Safe to call many times. */
void gi_libgit2_init(void);

/**
 * Open the repository from the environment (GIT_DIR, GIT_WORK_TREE, ...)
 * and the current directory, as git does. `r` is initialised by the call.
 * @return 0, GIT_ENOTFOUND when not in a repository, or -1.
 */
int gi_repo_open(struct gi_repo *r);
/** Open or die with git's wording ("not a git repository"). */
void gi_repo_open_or_die(struct gi_repo *r);
void gi_repo_release(struct gi_repo *r);

/**
 * "Name <email>" of the author, from GIT_AUTHOR_NAME/EMAIL, then user.name /
 * user.email, then the login name and host, as git falls back. Caller
 * frees.
 */
char *gi_identity(struct gi_repo *r);

/** Short name of the checked-out branch, or NULL (detached, unborn,
 * bare). Caller frees. */
char *gi_current_branch(struct gi_repo *r);

#endif
