/*
 * plan-walk.h: walks over a loaded plan (plan.h): the progress below an
 * issue, the chain of blockers between two issues, parenthood, and which
 * issues a listing keeps (git issue-list, git issue-ready).
 */
#ifndef GITISSUE_CORE_PLAN_WALK_H
#define GITISSUE_CORE_PLAN_WALK_H

#include "gitissue/core/plan.h"

/** Closed and all issues below n, at every level (n not counted). */
void gi_plan_progress(const struct gi_plan *p, long n, size_t *closed,
		      size_t *total);

/**
 * Must `blocker` be done before `blocked`: does `blocker` block it,
 * directly or through a chain of blocked-by (whatever the issues' states)?
 * The shortest chain goes to *chain (caller frees): blocker first, then
 * each issue that the one before blocks, `blocked` last.
 * @return the length of the chain (2 or more), or 0 (*chain NULL).
 */
size_t gi_plan_chain(const struct gi_plan *p, long blocker, long blocked,
		     long **chain);

/** Is `parent` the parent of `child` (directly)? */
int gi_plan_is_parent(const struct gi_plan *p, long parent, long child);

/* Which issues a listing keeps, besides their state (git issue-list,
 * git issue-ready). */
struct gi_plan_filter {
	const char *const *labels;	/* each of these (case does not count) */
	size_t nlabels;
	long parent;		/* sub-issues of this issue only; 0: any */
};

/** Has `is` the label `label` (case does not count)? */
int gi_issue_has_label(const struct gi_issue *is, const char *label);
/**
 * Does `node` pass `f`: an issue with records, with every label of `f`
 * and, when `f->parent` is set, a sub-issue of it (a provisional name
 * meaning the number it was created as)?
 */
int gi_plan_filter_match(const struct gi_plan *p,
			 const struct gi_plan_node *node,
			 const struct gi_plan_filter *f);

#endif
