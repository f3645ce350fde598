/*
 * ready.h: which issues can be started now, best first, and whether each
 * can go on beside the work now in progress here (`git issue-ready`).
 *
 * Ready: open (not closed, its branch not merged: landed.h), not blocked
 * by an issue that is not done (closed, or merged before anyone closed it),
 * not claimed by anyone (in any clone, as far as this clone knows: its
 * knowledge of other clones is as fresh as its last fetch of the notes),
 * and not in a worktree of this repository. Ordered by priority (the
 * labels of issue.priorityLabels), then by how many issues it blocks
 * (directly or through a chain), then by age (its oldest record first),
 * then by number.
 *
 * The verdict of each against every issue mid-task here: by git's merge
 * of the two branches (the work in the worktree as it is) when the issue
 * has a branch; else a forecast from the paths its records name (a note
 * "scope: <path>...", or paths in its title, body, notes and lessons
 * that exist in HEAD or that the mid-task work changed); else unknown.
 */
#ifndef GITISSUE_WORKTREE_READY_H
#define GITISSUE_WORKTREE_READY_H

#include <time.h>

#include "gitissue/core/plan-walk.h"
#include "gitissue/worktree/landed.h"
#include "gitissue/worktree/overlap.h"
#include "gitissue/util/repo.h"

/* The default of issue.priorityLabels: ranks, highest first, separated
 * by commas; the labels of one rank separated by '|'. */
#define GI_PRIORITY_DEFAULT \
	"P0|priority:critical|critical,P1|priority:high|high," \
	"P2|priority:medium|medium,P3|priority:low|low"
#define GI_MAX_WORKERS_DEFAULT 3

/* The worst first: conflicts, overlaps, unknown, safe. */
enum gi_ready_verdict {
	GI_VERDICT_SAFE,
	GI_VERDICT_UNKNOWN,
	GI_VERDICT_OVERLAPS,
	GI_VERDICT_CONFLICTS,
};
const char *gi_ready_verdict_name(enum gi_ready_verdict v);

/* The verdict against one issue mid-task here. */
struct gi_ready_against {
	long issue;
	enum gi_ready_verdict verdict;
	struct gi_strset paths;	/* changed by both, or conflicting */
};

struct gi_ready_item {
	long issue;
	char *title;		/* NULL when unknown */
	int rank;		/* priority: 0 highest; -1 no priority label */
	char *priority;		/* the label that gave it, NULL none */
	long *unblocks;		/* open issues it blocks directly */
	size_t nunblocks;
	size_t unblocks_all;	/* directly or through a chain */
	char *created;		/* its oldest record's time, NULL unknown */
	char *branch;		/* its branch, when it has one */
	enum gi_ready_verdict verdict;	/* the worst of `against` */
	int forecast;		/* no branch: from the paths it names */
	struct gi_strset named;	/* those paths */
	struct gi_ready_against *against;
	size_t nagainst;
};

/* An open issue blocked by what is not done yet, and by what. */
struct gi_ready_blocked {
	long issue;
	long *by;		/* its blockers that are not done */
	const char **by_state;	/* their states (gi_issue_state_word) */
	size_t nby;
};

struct gi_ready {
	struct gi_ready_item *v;
	size_t nr, alloc;
	size_t total;		/* ready, before the count */
	size_t blocked, claimed, in_worktree;	/* open, not ready */
	struct gi_ready_blocked *blocked_v;	/* the blocked, by what */
	size_t ablocked;
	/* issues merged into their base but not closed: done, not ready */
	struct gi_landed landed;
	long *merged;		/* those of them open and wanted */
	size_t nmerged, amerged;
	size_t parents;		/* open, with an open sub-issue: a roadmap */
	long *mid_task;		/* issues mid-task in this repository */
	size_t nmid;
	long max_workers;	/* issue.maxWorkers */
	char *remote;		/* the remote last fetched from, or NULL */
	time_t fetched;		/* when; 0: never */
	time_t now;
};

struct gi_ready_opts {
	long count;		/* at most this many; 0: all */
	struct gi_plan_filter filter;	/* labels, parent */
};

/**
 * The ready queue (`out` initialised by the call).
 * @return 0 or -1 (reported).
 */
int gi_ready_collect(struct gi_ready *out, struct gi_repo *r,
		     const struct gi_ready_opts *opts);
void gi_ready_release(struct gi_ready *rd);

/** The queue as `git issue-ready --json` prints it (with "version"). */
struct cJSON *gi_ready_json(const struct gi_ready *rd);

#endif
