/*
 * git-remote.h: the git side of a sync: the notes ref through the user's
 * own git (fetch, union merge, push without force). See gitissue/sync.h.
 */
#ifndef GITISSUE_SYNC_GIT_REMOTE_H
#define GITISSUE_SYNC_GIT_REMOTE_H

#include "gitissue/util/repo.h"
#include "gitissue/sync/sync.h"

/**
 * Fetch and merge, and with `push` (unless opts->dry_run) push with
 * bounded retries. What was done is added to `report`.
 * @return 0 or -1 (reported).
 */
int gi_sync_git(struct gi_repo *r, const char *remote,
		const struct gi_sync_opts *opts,
		struct gi_sync_git_report *report, int push);

/* The steps alone (lib/sync/intent.c). */
/** Fetch into refs/notes/remotes/<remote>/issues.
 * @return 0, 1 when the remote has no notes, or -1 (reported). */
int gi_git_fetch_notes(struct gi_repo *r, const char *remote,
		       const struct gi_sync_opts *opts);
/** Union-merge `theirs` into the local notes ref (compare-and-swap). */
int gi_git_merge_notes(struct gi_repo *r, const git_oid *theirs,
		       const char *remote, int *changed);
/** Push `src` (a ref or a commit id) to the remote's notes ref, without
 * force. @return 0, 1 rejected (the remote moved), or -1 (reported). */
int gi_git_push_notes(struct gi_repo *r, const char *remote, const char *src,
		      const struct gi_sync_opts *opts);

#endif
