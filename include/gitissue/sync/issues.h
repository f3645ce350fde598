/*
 * issues.h: issues themselves on GitHub. Creating the provisional ones
 * (`git issue-new` offline), never twice; importing every open issue and
 * those closed since the last sync whole (title, state and its reason,
 * labels, assignees, body, database id, parent, sub-issues, blocked-by,
 * blocking), incrementally; and fetching one issue for
 * `git issue-worktree`.
 *
 * Never two issues: the body of an issue we create ends with a hidden
 * marker, <!-- git-issue:new=<7 hex> -->. Before a POST that may not be
 * the first, and after one that failed or went unanswered, the issues
 * the token's account created since the provisional issue was made are
 * searched for it. When other clones may hold the provisional issue (the
 * remote has it), the git remote decides first which clone creates it
 * (sync/intent.h); the others wait for its result, which comes through git as
 * the `alias` records.
 *
 * Imported lines are a function of GitHub's answers (and, for relations,
 * of the newest relation record already held), so two clones importing
 * the same state write the same bytes.
 */
#ifndef GITISSUE_SYNC_ISSUES_H
#define GITISSUE_SYNC_ISSUES_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/sync/sync.h"

struct gi_github;		/* lib/sync/github.h */
struct gi_github_target;	/* lib/sync/target.h */
struct gi_sync_state;		/* lib/sync/sync-cache.h */

#define GI_MARKER_NEW_OPEN "<!-- git-issue:new="
#define GI_MARKER_NEW_CLOSE " -->"
/* An intent to create older than this, with no result, is taken over. */
#define GI_INTENT_STALE_S 600

/* Where imported records go: a line for issue n. */
typedef void gi_import_fn(long n, const struct gi_record_fields *f,
			  void *payload);

/**
 * The records GitHub's issue object `obj` adds to what `cur` holds
 * (NULL: the issue is loaded from the notes): an `issue` record when the
 * title, state, its reason, labels, assignees or ids differ, a `body`
 * record when the body (without our marker) differs.
 */
void gi_issues_import_object(struct gi_repo *r, const struct gi_issue *cur,
			     const cJSON *obj, gi_import_fn *add,
			     void *payload);

/**
 * The issue step of a sync, before the comments (mirror.c): create the
 * provisional issues (decided by `remote` when it has them), import the
 * open issues and those closed since the last sync, the relations of
 * those that changed, then mirror the relations made here (links.c).
 * Fills report.created, report.waiting, report.links, counts.
 * @return 0, or -1 when part of it failed (reported); GI_ERATELIMIT or
 * GI_ETRANSPORT when the mirror should stop.
 */
int gi_issues_sync(struct gi_repo *r, struct gi_github *gh,
		   struct gi_sync_state *st, const struct gi_sync_opts *opts,
		   const char *remote, cJSON *report);

/**
 * Create provisional issue n on GitHub now. `fresh`: it was made by this
 * process a moment ago, so no earlier POST can exist and the marker
 * search before the POST is skipped. *number is set on success.
 * @return 0, or a negative error (reported).
 */
int gi_issues_create(struct gi_repo *r, struct gi_github *gh, long n,
		     int fresh, long *number);

/**
 * For `git issue-new`: create provisional issue n (just written) on
 * GitHub now, and mirror its relations, when a GitHub repository is
 * configured and a token found. *number is set when it was created.
 * @return 0 created, 1 left provisional (said why on stderr when it
 * matters: no token, GitHub unreachable).
 */
int gi_issues_create_now(struct gi_repo *r, long n, long *number);

/**
 * For `git issue-worktree`: issue n has no title here. When a GitHub
 * repository is configured and a token found, GET it and import it (a
 * warning when that fails). @return 1 imported, 0 not attempted or not
 * found, -1 (warned).
 */
int gi_issues_fetch_unknown(struct gi_repo *r, long n);

/**
 * Open a client for this repository's GitHub target, quietly: 0, or
 * GIT_ENOTFOUND (no target), GI_ENOTOKEN, -1. `t` must be released with
 * gi_github_target_release after gi_github_close.
 */
int gi_issues_open_client(struct gi_github *gh,
			  struct gi_github_target *t, struct gi_repo *r,
			  long deadline_ms);

#endif
