/*
 * plan-apply.h: a plan file (core/plan-file.h) applied: its issues made
 * or brought up to date, `git issue-plan` (issue 24). Each issue made
 * from a plan keeps its key (`plan_key`, "<roadmap key>/<item key>", in
 * its creation record), so applying the same file again writes nothing,
 * and an edited file changes exactly the items it changed. An issue not
 * made from the plan is never edited; an item gone from the file is
 * reported, and closed only when asked.
 */
#ifndef GITISSUE_SYNC_PLAN_APPLY_H
#define GITISSUE_SYNC_PLAN_APPLY_H

#include "gitissue/core/plan-file.h"
#include "gitissue/util/repo.h"

struct cJSON;

enum gi_plan_outcome {
	GI_PLAN_KEPT,		/* as the file says already */
	GI_PLAN_CREATED,
	GI_PLAN_UPDATED,	/* its title, body, labels or links */
	GI_PLAN_GONE,		/* made from the plan, not in the file now */
	GI_PLAN_CLOSED,		/* gone, and closed (--close-removed) */
};

struct gi_plan_applied {
	char *key;
	long number;		/* 0: not made (a dry run) */
	enum gi_plan_outcome outcome;
	int on_github;		/* created on GitHub at once */
};

struct gi_plan_file_result {
	struct gi_plan_applied *v;	/* the file's order, then the gone */
	size_t nr, alloc;
	size_t writes;		/* appends to the notes ref */
};

struct gi_plan_file_opts {
	int dry_run;		/* decide, write nothing */
	int close_removed;
	int offline;		/* make provisional issues only */
};

/**
 * Apply `pf` (checked by gi_plan_file_parse). Items are made in the
 * file's order, each with what it can name then; the relations left are
 * written after, per item, as gi_plan_link writes them.
 * @param[out] why  a refusal (a relation GitHub's rules refuse)
 * @return 0, GI_EINVALID (refused; what came before it is written), or
 * -1 (reported).
 */
int gi_plan_file_apply(struct gi_plan_file_result *out, struct gi_repo *r,
		  const struct gi_plan_file *pf,
		  const struct gi_plan_file_opts *opts, gi_buf *why);
void gi_plan_file_result_release(struct gi_plan_file_result *a);

const char *gi_plan_outcome_name(enum gi_plan_outcome o);
/** `--json`: {"items":[{"key","issue","outcome"}],"writes"}. */
struct cJSON *gi_plan_file_result_json(const struct gi_plan_file_result *a);

#endif
