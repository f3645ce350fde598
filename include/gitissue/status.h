/*
 * status.h: the coordinator's board. One row per issue worktree and per
 * open claim that has no worktree here: which issue, its title, branch,
 * path, state, and the last note. Collecting it only reads (no lock, no
 * index refresh, no write), so a dashboard can poll it every second while
 * agents commit in the same worktrees.
 */
#ifndef GITISSUE_STATUS_H
#define GITISSUE_STATUS_H

#include <time.h>

#include "gitissue/repo.h"

enum gi_wt_state {
	GI_STATE_MID_TASK,	/* uncommitted changes or commits ahead */
	GI_STATE_READY,		/* clean, nothing ahead: free for new work */
	GI_STATE_MERGED,	/* had commits, all in the base now */
	GI_STATE_MISSING,	/* the worktree folder is gone */
	GI_STATE_CLAIMED,	/* claimed in another clone */
	GI_STATE_BROKEN,	/* could not be read (the reason was said) */
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
	char *base;		/* the base's name, NULL when none */
	char *note_time;	/* the last note, NULL when none */
	char *note_text;	/* its summary line */
	char *claim_author;	/* for claims: who, in which clone */
	char *claim_clone;
	char *claim_time;
	/*
	 * Records not yet mirrored to GitHub, by the sync cache; -1 when no
	 * GitHub repository is configured, and the views leave it out.
	 */
	long pending;
};

struct gi_status {
	struct gi_status_row *v;
	size_t nr, alloc;
	time_t now;		/* when it was collected, for ages */
};

/**
 * Collect the board (`out` initialised by the call), sorted by issue. Worktrees whose branch has no issue
 * are left out.
 * @return 0 or -1 (reported).
 */
int gi_status_collect(struct gi_status *out, struct gi_repo *r);
void gi_status_release(struct gi_status *st);

#endif
