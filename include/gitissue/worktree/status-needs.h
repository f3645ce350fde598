/*
 * status-needs.h: what on the board needs you now: the list above the
 * rows of `git issue-status` and its "needs_you" in --json
 * (status-needs.c). The rows and the list itself are in status.h.
 */
#ifndef GITISSUE_WORKTREE_STATUS_NEEDS_H
#define GITISSUE_WORKTREE_STATUS_NEEDS_H

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"
#include "gitissue/util/strset.h"
#include "gitissue/worktree/status.h"

/** "waiting", "operation", "conflict", "uncommitted", "unrecorded",
 * "blocked", "stale", "next". */
const char *gi_need_name(enum gi_need n);

/**
 * What needs you (`st->needs`), and when a worktree is ready for the
 * next issue, `git issue-ready`'s first pick, for a board `st` that
 * gi_status_collect() made. Not part of the collection: the ready queue
 * collects a board itself, and needs none of this.
 */
void gi_status_needs(struct gi_status *st, struct gi_repo *r);

/** Why row `n->row` needs you, as one line for people (untrusted text
 * from records is in it as it is: the board makes it harmless). */
void gi_status_need_text(gi_buf *out, const struct gi_status *st,
			 const struct gi_status_need *n);

/** The "needs_you" list of `git issue-status --json`. */
struct cJSON *gi_status_needs_json(const struct gi_status *st);

/**
 * `--watch`: tell each need of `st` that the last round (`seen`) did not
 * have, once: with issue.notifyCommand set, run it by the shell for each
 * (GIT_ISSUE_WORKTREE, GIT_ISSUE_ISSUE, GIT_ISSUE_AGENT, GIT_ISSUE_REASON
 * and GIT_ISSUE_TEXT in its environment); `seen` becomes this round's.
 * `quiet` (the first round: the board shows them) tells none.
 * @return how many the caller should ring the bell for: 0 when the
 * command told them.
 */
size_t gi_status_needs_notify(const struct gi_status *st, struct gi_repo *r,
			      struct gi_strset *seen, int quiet);

#endif
