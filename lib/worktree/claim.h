/*
 * claim.h: who works on an issue, and where. Creating an issue worktree
 * writes a `claim` record on the issue, removing it writes a `release`.
 * They are ordinary records in the issue's note, so they travel with the
 * notes to every clone: an agent in another clone sees the claim before
 * it starts on the same issue.
 *
 * A claim names the claimed worktree by two extra fields, "clone" (the
 * id of the clone it was made in) and "worktree_name" (the worktree's
 * admin dir name, "main" for the main worktree: see
 * gi_worktree_claim_name), and the branch in the known field. Its text
 * names no local path. Claims written before worktree_name existed name
 * the worktree by its path, in the provenance field `worktree`; they are
 * still matched that way. A release names the claim it ends ("claim":
 * its id) and carries the same clone and worktree fields.
 *
 * Claims and releases travel with the notes but are never mirrored to
 * GitHub (gi_pending_wanted).
 */
#ifndef GITISSUE_WORKTREE_CLAIM_H
#define GITISSUE_WORKTREE_CLAIM_H

#include "gitissue/core/clone-id.h"
#include "gitissue/core/issue.h"

/* An open claim: a claim record that no release has ended. */
struct gi_claim {
	long issue;
	char *id;		/* the claim record's id */
	char *time;
	char *author;		/* NULL when the record has none */
	char *clone;		/* NULL when the record has none */
	char *worktree;		/* the path, as the claiming clone saw it */
	char *wtname;		/* worktree_name; NULL in older claims */
	char *branch;
};

struct gi_claim_list {
	struct gi_claim *v;
	size_t nr, alloc;
};

/**
 * Append to `out` (initialised by the caller) the open claims of the loaded issue `is`, oldest first.
 * A release ends the claim whose id it names whatever the clocks of the
 * two clones say; a release without one ends the earlier claims of the
 * same clone and worktree. A newer claim of the same clone and worktree
 * replaces an older one.
 */
void gi_claims_open(struct gi_claim_list *out, const struct gi_issue *is);
void gi_claim_list_release(struct gi_claim_list *l);

/* One issue's open claims, as a census found them. */
struct gi_claimed {
	long issue;
	const struct gi_issue *is;	/* loaded: `known`, or the census's */
	struct gi_issue *loaded;	/* the census's own copy, or NULL */
	struct gi_claim_list claims;	/* open, oldest first; may be none */
};

/* Who works on what: the claims of every issue. */
struct gi_claim_census {
	struct gi_claimed *v;	/* in the order of the list */
	size_t nr, alloc;
	size_t unread;		/* issues with claims whose note failed */
};

/**
 * The census of claims (`out` initialised by the call): every issue of
 * `list` whose note mentions a claim, loaded, with its open claims. Most
 * notes never had a claim and are not parsed. `known` (may be NULL) is
 * an issue the caller has loaded already (with its aliases): it is used
 * for its number instead of that note. A note that cannot be read is
 * reported and counted in `unread`.
 */
void gi_claim_census(struct gi_claim_census *out, struct gi_repo *r,
		     const struct gi_issue_list *list,
		     const struct gi_issue *known);
/**
 * The same, the issues loaded without their lessons
 * (gi_issue_load_blob_bare): for a view that names who works on what,
 * not what they learned.
 */
void gi_claim_census_bare(struct gi_claim_census *out, struct gi_repo *r,
			  const struct gi_issue_list *list,
			  const struct gi_issue *known);
/** The census's entry of issue n, or NULL. */
const struct gi_claimed *gi_claim_census_get(const struct gi_claim_census *c,
					     long n);
void gi_claim_census_release(struct gi_claim_census *c);

/** Was this claim made in the clone with id `clone` (may be NULL)? */
int gi_claim_is_ours(const struct gi_claim *c, const char *clone);

/**
 * The first (oldest) of the `open` claims made in another clone than
 * `clone`, or NULL. Two clones never both hold an issue through claims
 * decided by the remote; a remote's notes forced back under a confirmed
 * claim can make it so, and then this is the other holder.
 */
const struct gi_claim *gi_claims_other(const struct gi_claim_list *open,
				       const char *clone);

/**
 * Does claim `c` name the worktree called `name` at `path`? By name when
 * the claim has one, else (an older claim) by path.
 */
int gi_claim_names_worktree(const struct gi_claim *c, const char *name,
			    const char *path);

/* The worktree a new claim is on. */
struct gi_claim_target {
	const char *path;	/* provenance: where it is on this machine */
	const char *name;	/* gi_worktree_claim_name */
	const char *branch;
	const char *commit;
	int steal;		/* taken over with --steal: said in the claim */
};

/**
 * In one write to issue n: a release of each of `ended[0..nr-1]` (with
 * the reason `why`, e.g. "taken over"), then, when `to` is not NULL, a
 * claim of this clone on that worktree.
 * @return 0 or -1 (reported).
 */
int gi_claim_write(struct gi_repo *r, long n, const char *clone,
		   const struct gi_claim *ended, size_t nr, const char *why,
		   const struct gi_claim_target *to);
/** The same, and the new claim's record id to `id` (when `to`). */
int gi_claim_write_id(struct gi_repo *r, long n, const char *clone,
		      const struct gi_claim *ended, size_t nr, const char *why,
		      const struct gi_claim_target *to,
		      char id[GI_RECORD_ID_HEXSZ + 1]);

/**
 * A release of this clone's claims on the worktree `name` at `path` of
 * issue n: one record per open claim, or one naming the clone and
 * worktree when there is none (a worktree made by stock git), so the
 * removal is always recorded.
 * @return 0 or -1 (reported).
 */
int gi_claim_release_worktree(struct gi_repo *r, long n, const char *clone,
			      const char *path, const char *name,
			      const char *branch, const char *why);

/**
 * This clone's open claims on issue n (`out` initialised by the call);
 * with `name`, only those on that worktree (gi_claim_names_worktree).
 * @return 0 or -1 (reported).
 */
int gi_claims_ours(struct gi_claim_list *out, struct gi_repo *r, long n,
		   const char *clone, const char *name, const char *path);

#endif
