/*
 * store-merge.h: the union merge of two notes commits (store.h): what
 * `git issue-sync` does with the notes it fetched.
 */
#ifndef GITISSUE_CORE_STORE_MERGE_H
#define GITISSUE_CORE_STORE_MERGE_H

#include "gitissue/core/store.h"

/**
 * Union-merge two notes commits: per anchor, the union of the lines; the
 * anchors/ entries of both; committed with both parents (`ours` first).
 * If one contains the other, no commit is made and *out is the newer one.
 * @return 0 or -1 (reported).
 */
int gi_store_merge(git_oid *out, struct gi_repo *r, const git_oid *ours,
		   const git_oid *theirs, const char *message);

/**
 * gi_store_merge, naming the other side (`name`, e.g. "the notes of
 * 'origin'") in the warning given when `theirs` descends from `ours` but
 * drops lines of it: such a fast-forward is not taken; the union is
 * committed instead, so no record is ever lost by a merge.
 */
int gi_store_merge_from(git_oid *out, struct gi_repo *r, const git_oid *ours,
			const git_oid *theirs, const char *message,
			const char *name);

#endif
