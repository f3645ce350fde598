/*
 * merge-cache.h: what `git merge-tree` said of two commits, kept by the
 * two commit ids ($GIT_COMMON_DIR/issue-cache/merges), so that the
 * verdicts of git issue-ready and git issue-overlap merge only what
 * changed since the last run. A merge's conflicts are a function of the
 * two commits (the work in progress of a worktree is a commit of its
 * tree with a fixed author and time: the same work, the same id), of the
 * merge settings and of the git that merged: those are the file's key
 * (another git on PATH, another rename setting: the file is not
 * trusted). A cache only: a file that is short, corrupt or from another
 * machine reads as empty; the newest 512 merges are kept.
 */
#ifndef GITISSUE_WORKTREE_MERGE_CACHE_H
#define GITISSUE_WORKTREE_MERGE_CACHE_H

#include <stdint.h>

#include <git2.h>

#include "gitissue/util/repo.h"
#include "gitissue/util/strset.h"

struct gi_merge_entry {
	git_oid a, b;		/* the commits merged, in that order */
	size_t n;		/* conflicting paths */
	char *paths;		/* each followed by a NUL */
	size_t size;
};

struct gi_merge_cache {
	uint64_t settings;	/* the key besides the commits */
	struct gi_merge_entry *v;	/* oldest first */
	size_t nr, alloc;
	size_t added;
};

/** Read the cache for merges by `engine` ("git merge-tree"). */
void gi_merge_cache_load(struct gi_merge_cache *mc, struct gi_repo *r,
			 const char *engine);
/** The merge of a and b, or NULL when it is not known. */
const struct gi_merge_entry *gi_merge_cache_get(struct gi_merge_cache *mc,
						const git_oid *a,
						const git_oid *b);
/** Remember the merge of a and b. */
void gi_merge_cache_put(struct gi_merge_cache *mc, const git_oid *a,
			const git_oid *b, const struct gi_strset *conflicts);
/** Write the cache when something was added (failures not reported). */
void gi_merge_cache_save(struct gi_merge_cache *mc, struct gi_repo *r);
void gi_merge_cache_release(struct gi_merge_cache *mc);

#endif
