/*
 * repo.h: opening the repository the way git would, reading configuration
 * the way git would (including `git -c`, which libgit2 does not see), the
 * user's identity, and which issue the current worktree is working on.
 */
#ifndef GITISSUE_REPO_H
#define GITISSUE_REPO_H

#include <git2.h>
#if LIBGIT2_VER_MAJOR > 1 || LIBGIT2_VER_MINOR >= 8
#include <git2/sys/errors.h>	/* git_error_clear, since libgit2 1.8 */
#endif

#include "gitissue/util.h"

/* Largest issue number accepted (GitHub's are 32-bit signed). */
#define GI_ISSUE_MAX 2147483647L

struct gi_repo {
	git_repository *repo;
	git_config *config;	/* snapshot */
	int bare;
	char *workdir;		/* NULL when bare; no trailing slash */
	char *gitdir;		/* this worktree's git dir */
	char *commondir;	/* shared by all worktrees */
};

/**
 * Start libgit2 once per process. Safe to call many times.
 */
void gi_libgit2_init(void);

/**
 * Open the repository from the environment (GIT_DIR, GIT_WORK_TREE, ...)
 * and the current directory, as git does.
 * @return 0, GIT_ENOTFOUND when not in a repository, or -1.
 */
int gi_repo_open(struct gi_repo *r);
/** Open or die with git's wording ("not a git repository"). */
void gi_repo_open_or_die(struct gi_repo *r);
void gi_repo_release(struct gi_repo *r);

/**
 * Look up a configuration value: `git -c` and GIT_CONFIG_COUNT first, then
 * the repository's configuration.
 * @return a new string the caller frees, or NULL when unset.
 */
char *gi_config_get(struct gi_repo *r, const char *key);
/** Boolean value with git's spellings; `def` when unset or unparsable. */
int gi_config_bool(struct gi_repo *r, const char *key, int def);
/** Integer value (with k/m/g suffixes); `def` when unset or unparsable. */
long gi_config_long(struct gi_repo *r, const char *key, long def);

/**
 * "Name <email>" of the author, from GIT_AUTHOR_NAME/EMAIL, then user.name /
 * user.email, then the login name and host, as git falls back.
 */
char *gi_identity(struct gi_repo *r);

/** Short name of the checked-out branch, or NULL (detached, unborn: see
 * gi_repo_unborn_branch). Caller frees. */
char *gi_current_branch(struct gi_repo *r);

/**
 * Parse an issue number: decimal, 1..GI_ISSUE_MAX, optionally with a
 * leading '#'. @return 0 or -1.
 */
int gi_parse_issue(const char *s, long *out);

/**
 * The issue of `branch`: `branch.<branch>.issue`, else a branch named
 * issue/<N> or issue/<N>-<slug>. A bad configured value is an error
 * (reported, -1) with `report`, else a warning and GIT_ENOTFOUND.
 * @return 0 with *out set, GIT_ENOTFOUND, or -1.
 */
int gi_branch_issue(struct gi_repo *r, const char *branch, long *out,
		    int report);

/**
 * Which issue this worktree works on: gi_branch_issue of the checked-out
 * branch. @return 0, GIT_ENOTFOUND (detached, bare, unlinked), or -1.
 */
int gi_infer_issue(struct gi_repo *r, long *out);

/**
 * Run `git gc --auto` in the background the way git's own commands do
 * after writing objects, but only when a cheap count of loose objects says
 * it would do something: spawning git costs more than the check.
 */
void gi_maybe_auto_gc(struct gi_repo *r);

#endif
