/*
 * status.h: the coordinator's board. One row per issue worktree and per
 * open claim that has no worktree here: which issue, its title, branch,
 * path, state, and the last note. Collecting it only reads (no lock, no
 * index refresh, no write), so a dashboard can poll it every second while
 * agents commit in the same worktrees.
 */
#ifndef GITISSUE_WORKTREE_STATUS_H
#define GITISSUE_WORKTREE_STATUS_H

#include <time.h>

#include "gitissue/util/repo.h"
#include "gitissue/worktree/activity.h"

/*
 * The states, each defined in git-issue-status(1). Where several apply,
 * the first of this order wins: missing/broken, an operation in progress,
 * merged, review, mid-task, ready.
 */
enum gi_wt_state {
	GI_STATE_MID_TASK,	/* an open claim here, or work not merged */
	GI_STATE_READY,		/* no open claim, nothing unmerged */
	GI_STATE_MERGED,	/* the base has the work (squash included) */
	GI_STATE_MISSING,	/* the worktree folder is gone */
	GI_STATE_CLAIMED,	/* claimed in another clone */
	GI_STATE_BROKEN,	/* could not be read (the reason was said) */
	GI_STATE_REVIEW,	/* pushed, clean, not merged */
	GI_STATE_REBASING,	/* operations in progress */
	GI_STATE_MERGING,
	GI_STATE_CHERRY_PICKING,
	GI_STATE_REVERTING,
	GI_STATE_BISECTING,
};

const char *gi_wt_state_name(enum gi_wt_state s);

struct gi_status_row {
	long issue;
	enum gi_wt_state state;
	char *title;		/* NULL when unknown */
	char *branch;		/* NULL when detached */
	char *path;
	int main;		/* the main worktree */
	int local;		/* a worktree of this repository */
	int dirty;		/* uncommitted changes or untracked files */
	size_t ahead;		/* commits not in the base */
	int squashed;		/* merged, though its commits are not in the
				 * base (a squash or rebase merge) */
	int claimed;		/* an open claim of this clone on it */
	int stale;		/* mid-task, and no activity for
				 * issue.staleAfter */
	time_t activity;	/* the newest record, commit or file change;
				 * 0 when unknown */
	size_t files_changed;	/* files the branch changed since it left
				 * its base (the merge base) */
	size_t uncommitted;	/* files with uncommitted work */
	size_t lessons;		/* lessons recorded on the issue */
	char *record_time;	/* the issue's newest record, NULL none */
	int closed;		/* the issue is closed */
	char *upstream;		/* what "pushed" is measured against */
	char *base;		/* the base's name, NULL when none */
	char *note_time;	/* the last note, NULL when none */
	char *note_text;	/* its summary line */
	char *claim_author;	/* for claims: who, in which clone */
	char *claim_clone;
	char *claim_time;
	/* this clone's claim as the remote decided it (claim-decide.h) */
	int claim_unconfirmed;	/* not decided yet: offline when made */
	char *claim_lost_to;	/* lost: who holds the issue */
	/* another clone holds the issue too (the claim's, or this clone's
	 * through its worktree): "A U Thor <a@x> in clone 1a2b...", else
	 * NULL; the remote's notes were forced back under a claim */
	char *claim_also;
	/*
	 * Records not yet mirrored to GitHub, by the sync cache; -1 when no
	 * GitHub repository is configured, and the views leave it out.
	 */
	long pending;
	/*
	 * The agent session to show (activity.h: a waiting one first, then
	 * working, stopped...; .state GI_AGENT_NONE when none recorded), and
	 * how many sessions are recorded in the worktree.
	 */
	struct gi_activity agent;
	size_t agent_sessions;
	long blocked_by;	/* an open issue that blocks it, 0: none */
};

/* Why a row needs you, in the order the board lists them. */
enum gi_need {
	GI_NEED_WAITING,	/* its agent waits for permission or input */
	GI_NEED_OPERATION,	/* a rebase, merge... in progress */
	GI_NEED_CONFLICT,	/* its branch conflicts with a sibling's
				 * (row `other`), as a merge made before
				 * found: one need for the pair */
	GI_NEED_UNCOMMITTED,	/* its agent stopped (or is gone) with
				 * uncommitted work */
	GI_NEED_UNRECORDED,	/* its agent stopped, nothing recorded on
				 * the issue since the session started */
	GI_NEED_BLOCKED,	/* blocked, and being worked */
	GI_NEED_STALE,		/* mid-task, no activity for a while */
	GI_NEED_NEXT,		/* merged, its agent stopped: ready for the
				 * next issue */
};

struct gi_status_need {
	size_t row;		/* index into gi_status.v */
	enum gi_need why;
	/* GI_NEED_CONFLICT: the sibling's row, the conflicting paths'
	 * count and the first of them (owned) */
	size_t other;
	size_t npaths;
	char *path;
};

struct gi_status {
	struct gi_status_row *v;
	size_t nr, alloc;
	time_t now;		/* when it was collected, for ages */
	long stale_after;	/* issue.staleAfter, in seconds */
	size_t mid_task;	/* worktrees here mid-task (or rebasing...) */
	long max_workers;	/* issue.maxWorkers (default 3), for a hint */
	char *main_path;	/* the main worktree, NULL when bare */
	struct gi_status_need *needs;	/* what needs you, first first */
	size_t nneeds, aneeds;
	long next_issue;	/* `git issue-ready`'s first pick, when a
				 * row is ready for the next issue; 0 */
	char *next_title;
};

/** Does the state need someone to look (sorted first)? Lower is more. */
int gi_wt_state_rank(const struct gi_status_row *row);

/**
 * Collect the board (`out` initialised by the call), what needs attention
 * first (gi_wt_state_rank), then by issue. Worktrees that belong to no
 * issue are left out, and so are this clone's claims whose worktree is
 * gone or holds another issue (no ghost rows: --prune-merged releases
 * them).
 * @return 0 or -1 (reported).
 */
int gi_status_collect(struct gi_status *out, struct gi_repo *r);
void gi_status_release(struct gi_status *st);

/**
 * The hint (gi_advise()) when more worktrees are mid-task than
 * issue.maxWorkers (`max_workers`, 0 or less: no limit); never a refusal.
 * git issue-status and git issue-ready give it alike.
 */
void gi_status_advise_workers(size_t mid_task, long max_workers);

/** The board as `git issue-status --json` prints it (with "version"). */
struct cJSON *gi_status_json(const struct gi_status *st);

#endif
