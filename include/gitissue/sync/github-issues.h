/*
 * github-issues.h: issues themselves on GitHub, imported: every open issue and
 * those closed since the last sync, whole (title, state and its reason,
 * labels, assignees, body, database id, parent, sub-issues, blocked-by,
 * blocking), incrementally; and one issue fetched for
 * `git issue-worktree`. Creating provisional issues is create.h.
 *
 * Imported lines are a function of GitHub's answers (and, for relations,
 * of the newest relation record already held), so two clones importing
 * the same state write the same bytes.
 */
#ifndef GITISSUE_SYNC_GITHUB_ISSUES_H
#define GITISSUE_SYNC_GITHUB_ISSUES_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/sync/sync.h"

struct gi_github;		/* lib/sync/github.h */
struct gi_github_target;	/* lib/sync/target.h */
struct gi_sync_state;		/* lib/sync/sync-cache.h */

/**
 * The issue step of a sync, before the comments (mirror.c): create the
 * provisional issues (decided by `remote` when it has them; create.h),
 * import the open issues and those closed since the last sync, the
 * relations of those that changed, then mirror the edits made here
 * (edits.c: close, reopen, title, body, labels) and the relations made
 * here (links.c).
 * What was done goes into `report`.
 * @return 0, or -1 when part of it failed (reported); GI_ERATELIMIT or
 * GI_ETRANSPORT when the mirror should stop.
 */
int gi_github_issues_sync(struct gi_repo *r, struct gi_github *gh,
			  struct gi_sync_state *st,
			  const struct gi_sync_opts *opts, const char *remote,
			  struct gi_sync_plan_report *report);

/**
 * For `git issue-worktree`: issue n has no title here. When a GitHub
 * repository is configured and a token found, GET it and import it (a
 * warning when that fails). @return 1 imported, 0 not attempted,
 * GIT_ENOTFOUND when GitHub has no such issue, -1 (warned).
 */
int gi_github_issues_fetch_unknown(struct gi_repo *r, long n);

/**
 * Open a client for this repository's GitHub target, quietly: 0, or
 * GIT_ENOTFOUND (no target), GI_ENOTOKEN, -1. `t` must be released with
 * gi_github_target_release after gi_github_close.
 */
int gi_github_issues_client(struct gi_github *gh,
			    struct gi_github_target *t, struct gi_repo *r,
			    long deadline_ms);

#endif
