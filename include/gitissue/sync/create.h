/*
 * create.h: creating provisional issues (`git issue-new` offline) on
 * GitHub, never twice.
 *
 * Never two issues: the body of an issue we create ends with a hidden
 * marker, <!-- git-issue:new=<7 hex> -->. Before a POST that may not be
 * the first, and after one that failed or went unanswered, the issues
 * the token's account created since the provisional issue was made are
 * searched for it. When other clones may hold the provisional issue (the
 * remote has it), the git remote decides first which clone creates it
 * (sync/intent.h); the others wait for its result, which comes through
 * git as the `alias` records.
 */
#ifndef GITISSUE_SYNC_CREATE_H
#define GITISSUE_SYNC_CREATE_H

#include <cjson/cJSON.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"
#include "gitissue/sync/sync.h"

struct gi_github;		/* lib/sync/github.h */

/* An intent to create older than this, with no result, is taken over. */
#define GI_INTENT_STALE_S 600

/**
 * Create provisional issue n on GitHub now. `fresh`: it was made by this
 * process a moment ago, so no earlier POST can exist and the marker
 * search before the POST is skipped. *number is set on success. An issue
 * over GitHub's limits is not sent, and one GitHub refuses (400, 422) is
 * not sent again until it changes: both are recorded and go into
 * `report` (may be NULL).
 * @return 0, or a negative error (reported).
 */
int gi_create_issue(struct gi_repo *r, struct gi_github *gh, long n,
		    int fresh, long *number,
		    struct gi_sync_edits_report *report);

/**
 * Create provisional issue n (just written) on GitHub now, and mirror its
 * relations, when a GitHub repository is configured and a token found.
 * *number is set when it was created.
 * @return 0 created, 1 left provisional (said why on stderr when it
 * matters: no token, GitHub unreachable).
 */
int gi_create_now(struct gi_repo *r, long n, long *number);

/* What gi_create_new made. */
struct gi_new_issue {
	long provisional;	/* the name it was written under */
	long number;		/* its number on GitHub; 0: still provisional */
};

/**
 * Create an issue (`git issue-new`; call it once per issue to make
 * several): written here first as a provisional issue with its records
 * (gi_plan_new_issue in gitissue/core/plan.h), so it is complete whatever
 * happens next; then, unless spec->offline, created on GitHub at once
 * with its relations (gi_create_now). Offline, or without GitHub, it
 * stays provisional and `git issue-sync` creates it later, never twice.
 * `out` is filled by the call.
 * @param[out] why  why a relation is refused (appended to)
 * @return 0, GI_EINVALID (a relation refused: nothing written), or -1
 * (failed, reported).
 */
int gi_create_new(struct gi_new_issue *out, struct gi_repo *r,
		  const struct gi_issue_spec *spec, gi_buf *why);

/** `git issue-new --json`: the issue made, its provisional name, whether
 * it is on GitHub, the title. */
cJSON *gi_new_issue_json(const struct gi_new_issue *res,
			 const struct gi_issue_spec *spec);

/**
 * The sync's first step: create every provisional issue that has a title
 * and no number, unless `remote` (which has it) decides that another
 * clone does; a dry run only lists them (report->would_create). Fills
 * report->created and report->waiting. *stop is set when the sync should
 * stop (rate limit, GitHub unreachable).
 * @return 0, or -1 when one failed (reported).
 */
int gi_create_pending(struct gi_repo *r, struct gi_github *gh,
		      const struct gi_sync_opts *opts, const char *remote,
		      struct gi_sync_plan_report *report, int *stop);

/**
 * The records of provisional issues created meanwhile (by this clone or
 * another), copied under their numbers where missing; a dry run only
 * counts them. @return 0 or -1 (reported).
 */
int gi_create_settle_aliases(struct gi_repo *r,
			     const struct gi_sync_opts *opts);

#endif
