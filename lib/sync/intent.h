/*
 * intent.h: who does something that must be done once, decided by the
 * git remote. Two clones that would both create the same provisional
 * issue on GitHub (or, later, claim the same issue) each write an intent
 * record and push the notes without force: the push is the
 * compare-and-swap. The intent is written only when, after a fetch and
 * merge, no live intent for the same thing is there, and it reaches the
 * local ref only after the remote took it; a rejected push means someone
 * pushed first: fetch, merge, look again. So the remote holds at most one
 * live intent per thing, and every clone that fetches sees who won.
 */
#ifndef GITISSUE_SYNC_INTENT_H
#define GITISSUE_SYNC_INTENT_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/sync/sync.h"

/* The outcome: who won, from the winning intent record. */
struct gi_decision {
	int ours;		/* this clone does it */
	int made;		/* our intent was written by this call */
	char *id;		/* the winning intent's record id */
	char *time;
	char *clone;		/* NULL when it has none */
	char *author;
	cJSON *extra;		/* a copy of the winning record */
};

/**
 * The live intent for `subject` on issue n in the local notes (after a
 * fetch and merge): not superseded; the oldest when there are several.
 * @return 0 with *out filled (ours when its clone is this clone's
 * issue.cloneId), or GIT_ENOTFOUND.
 */
int gi_intent_find(struct gi_decision *out, struct gi_repo *r, long n,
		   const char *subject);

/**
 * Let `remote` decide who does `subject` (e.g. "create") for issue n.
 * `extra` (may be NULL) is added to our intent record (e.g. the GitHub
 * login); `supersedes` names a stale intent this one takes over.
 * Without a remote (NULL) nobody can race us through git: ours.
 * @return 0 with *out filled, or -1 (reported; e.g. the remote is not
 * reachable: nothing may be done then).
 */
int gi_intent_decide(struct gi_decision *out, struct gi_repo *r,
		     const char *remote, long n, const char *subject,
		     const cJSON *extra, const char *supersedes,
		     const struct gi_sync_opts *opts);

void gi_decision_release(struct gi_decision *d);

/* One issue of a decision for many (gi_intent_decide_many). */
struct gi_intent_ask {
	long issue;		/* in */
	struct gi_decision d;	/* out: who does it; d.ours: we do */
	long until_ms;		/* out, ours: gi_now_ms() by which to be
				 * done (the lease's end); 0: no end */
	int done;		/* in, for gi_intent_done_many: finished */
};

/**
 * gi_intent_decide for one `subject` on many issues, with one push: after
 * a fetch and merge (the first round without the fetch when `fetched`),
 * an issue with another clone's live intent younger than `stale_s`
 * seconds is theirs; one with our own live intent with half its lease
 * left (a run of ours that stopped) is ours as it is; every other gets a
 * new intent of ours, superseding a stale one, all in one commit pushed
 * without force. A live intent is a lease: after `stale_s` anyone may
 * take it over. How long another clone's intent has been live is counted
 * on our clock from when we first saw it, kept in `seen` (an object the
 * caller keeps, e.g. in the sync cache; NULL: by the intent's own time,
 * another machine's clock): a clock far off cannot end a lease early.
 * Without a remote every issue is ours.
 * @return 0 with each ask's `d` (and `until_ms`) filled, or -1 (reported:
 * nothing may be done then). The caller releases each `d`.
 */
int gi_intent_decide_many(struct gi_intent_ask *asks, size_t nr,
			  struct gi_repo *r, const char *remote,
			  const char *subject, long stale_s, int fetched,
			  cJSON *seen, const struct gi_sync_opts *opts);

/**
 * Our intents of the asks that are `done` end: a record each ("done":
 * true, superseding the intent) in the local notes, which the next push
 * takes to the remote; other clones then go on at once instead of waiting
 * for the lease to end. @return 0 or -1 (reported).
 */
int gi_intent_done_many(struct gi_repo *r, const struct gi_intent_ask *asks,
			size_t nr, const char *subject);

#endif
