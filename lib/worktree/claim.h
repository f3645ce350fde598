/*
 * claim.h: who works on an issue, and where. Creating an issue worktree
 * writes a `claim` record on the issue, removing it writes a `release`.
 * They are ordinary records in the issue's note, so they travel with the
 * notes to every clone: an agent in another clone sees the claim before
 * it starts on the same issue.
 *
 * A claim carries the worktree path and branch in the known fields and,
 * in its extra fields, "clone": the id of the clone it was made in. A
 * release names the claim it ends ("claim": its id) and its clone.
 */
#ifndef GITISSUE_WORKTREE_CLAIM_H
#define GITISSUE_WORKTREE_CLAIM_H

#include "gitissue/issue.h"

/* An open claim: a claim record that no release has ended. */
struct gi_claim {
	long issue;
	char *id;		/* the claim record's id */
	char *time;
	char *author;		/* NULL when the record has none */
	char *clone;		/* NULL when the record has none */
	char *worktree;
	char *branch;
};

struct gi_claim_list {
	struct gi_claim *v;
	size_t nr, alloc;
};

/**
 * This clone's id (`issue.cloneId`). When unset and `create`, one is made
 * and stored in the local configuration; without `create`, *out is NULL
 * (no claim can be ours then: making one sets the id first).
 * @return 0 or -1 (reported).
 */
int gi_clone_id(char **out, struct gi_repo *r, int create);

/**
 * Append to `out` (initialised by the caller) the open claims of the loaded issue `is`, oldest first.
 * A release ends the claim whose id it names whatever the clocks of the
 * two clones say; a release without one ends the earlier claims of the
 * same clone and worktree. A newer claim of the same clone and worktree
 * replaces an older one.
 */
void gi_claims_open(struct gi_claim_list *out, const struct gi_issue *is);
void gi_claim_list_release(struct gi_claim_list *l);

/** Was this claim made in the clone with id `clone` (may be NULL)? */
int gi_claim_is_ours(const struct gi_claim *c, const char *clone);

/**
 * In one write to issue n: a release of each of `ended[0..nr-1]` (with
 * the reason `why`, e.g. "taken over"), then, when `path` is not NULL, a
 * claim of this clone on worktree `path` and `branch` at `commit`.
 * @return 0 or -1 (reported).
 */
int gi_claim_write(struct gi_repo *r, long n, const char *clone,
		   const struct gi_claim *ended, size_t nr, const char *why,
		   const char *path, const char *branch, const char *commit);

/**
 * A release of this clone's claims on the worktree `path` of issue n: one
 * record per open claim, or one naming the clone and path when there is
 * none (a worktree made by stock git), so the removal is always recorded.
 * @return 0 or -1 (reported).
 */
int gi_claim_release_path(struct gi_repo *r, long n, const char *clone,
			  const char *path, const char *branch,
			  const char *why);

#endif
