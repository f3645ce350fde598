/*
 * claim-decide.h: claims that exactly one clone wins, decided by the
 * issue remote (Documentation/design.md, "Claims decided by the remote").
 *
 * A claim is written to the local notes first and remembered as
 * unconfirmed ($GIT_COMMON_DIR/issue-sync/claims). Then the remote
 * decides: fetch and merge its notes; if another clone's open claim on
 * the issue is on the remote and ours is not, ours lost (it reached the
 * remote second): we write a release of ours, naming the winner, and
 * remove nothing. Otherwise we push the notes without force: taken, the
 * claim is confirmed; rejected (someone pushed first), fetch, merge and
 * look again. Unreachable, or out of time (issue.claimTimeout), the claim
 * stays unconfirmed, with a warning, until a later settle (every
 * `git issue-sync` and pre-push hook run starts with one) confirms it or
 * finds that it lost.
 */
#ifndef GITISSUE_WORKTREE_CLAIM_DECIDE_H
#define GITISSUE_WORKTREE_CLAIM_DECIDE_H

#include "gitissue/util/repo.h"

/* issue.claimTimeout: seconds, default and bounds. */
#define GI_CLAIM_TIMEOUT_DEFAULT 10
#define GI_CLAIM_TIMEOUT_MAX 300

enum gi_claim_outcome {
	GI_CLAIM_CONFIRMED,	/* the remote has it: ours */
	GI_CLAIM_LOST,		/* another clone's reached the remote first */
	GI_CLAIM_UNCONFIRMED,	/* not decided yet (offline, out of time) */
};

/* A claim this clone made that the remote has not decided, or that lost. */
struct gi_claim_state {
	long issue;
	char id[65];		/* the claim record's id */
	int steal;		/* made with --steal: never loses */
	enum gi_claim_outcome outcome;
	char *winner;		/* lost: who won ("A U Thor <a@x> in clone
				 * 1a2b..."), else NULL */
};

struct gi_claim_states {
	struct gi_claim_state *v;
	size_t nr, alloc;
	char *remote;		/* the remote that decided, or NULL */
};
void gi_claim_states_release(struct gi_claim_states *s);
/** The states as `git issue-sync --json` gives them ("claims"): an
 * array of {issue, claim, outcome, winner}. */
struct cJSON *gi_claim_states_json(const struct gi_claim_states *s);

/**
 * Remember the claim `id` on issue n (just written locally) as
 * unconfirmed. @return 0 or -1 (reported).
 */
int gi_claim_pending_add(struct gi_repo *r, long n, const char *id,
			 int steal);

/**
 * Decide every unconfirmed claim of this clone by the issue remote, as
 * described above, within issue.claimTimeout. Lost claims are released
 * (one record each) before anything is pushed. `out` (initialised by the
 * call) says what became of each. Without a remote nothing can race us
 * through git: every claim is confirmed.
 * @return 0 (see the outcomes), or -1 (reported).
 */
int gi_claims_settle(struct gi_claim_states *out, struct gi_repo *r);

/**
 * Remember the claim `id` on issue n as unconfirmed and settle (above),
 * saying what became of it: lost is an error naming the winner (the
 * claim released), unconfirmed a warning.
 * @return 0 (confirmed, or not decided yet), or GI_ECLAIMED (lost).
 */
int gi_claim_decide(struct gi_repo *r, long n, const char *id, int steal);

/**
 * What this clone knows of its claims as the remote decided them: the
 * unconfirmed ones and those that lost, from the file alone (no
 * network). @return 0 or -1.
 */
int gi_claims_known(struct gi_claim_states *out, struct gi_repo *r);

/** Forget what became of the claims on issue n (its worktree is gone,
 * or it was claimed again). */
void gi_claim_pending_forget(struct gi_repo *r, long n);

#endif
