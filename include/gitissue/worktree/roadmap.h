/*
 * roadmap.h: the plan as people and agents read it. An issue with its
 * sub-issues as a tree, every level with its state, who has claimed it,
 * what blocks it and its progress (closed and all issues below it); and
 * which issues this clone has claimed. The plan (plan.h) knows nothing of
 * claims; this is where the two meet.
 */
#ifndef GITISSUE_WORKTREE_ROADMAP_H
#define GITISSUE_WORKTREE_ROADMAP_H

#include <cjson/cJSON.h>

#include "gitissue/util/buf.h"
#include "gitissue/core/plan.h"
#include "gitissue/worktree/landed.h"

/** This clone's id, or NULL when it never claimed anything (then no
 * claim is ours). Caller frees. */
char *gi_roadmap_clone(struct gi_repo *r);

/**
 * Who has claimed the issue, for people ("A U Thor (this clone), B"),
 * into `out`; *ours set when a claim is this clone's (`clone`, may be
 * NULL). @return how many open claims.
 */
size_t gi_roadmap_claimants(gi_buf *out, const struct gi_issue *is,
			    const char *clone, int *ours);

/** Issue n and everything below it, one line each, as a tree; an issue
 * whose branch landed (`l`, may be NULL) is "[merged]" until closed, and
 * each blocker that is not done is named with its state. */
void gi_roadmap_text(gi_buf *out, const struct gi_plan *p, long n,
		     const char *clone, const struct gi_landed *l);

/**
 * The same as JSON: {"version":1, "issue": {"issue", "title", "state",
 * "state_reason", "merged", "on_github", "claimed_by": [...],
 * "claimed_here", "blocked_by": [{"issue", "state"}...], "progress":
 * {"closed", "total"}, "children": [...]}}.
 */
cJSON *gi_roadmap_json(const struct gi_plan *p, long n, const char *clone,
		       const struct gi_landed *l);

#endif
