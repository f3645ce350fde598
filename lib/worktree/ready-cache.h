/*
 * ready-cache.h: the plan as the ready queue needs it, from a cache of
 * what each note blob says, keyed by the blob's id
 * ($GIT_COMMON_DIR/issue-cache/ready), so that `git issue-ready` reads
 * and parses only the notes that changed since the last run.
 *
 * Per note blob, with no issue number in it (the blob's bytes decide):
 * its title, state, labels, parent and blockers as the plan resolves them,
 * how many claims are open, its oldest record's time, the paths its
 * records name (before the check against HEAD and the work in progress,
 * which is made on every run), and the aliases it names. A provisional
 * issue created on GitHub and its number are one issue: issues whose
 * notes an alias joins, and notes that name a provisional issue another
 * note gives a number, are loaded whole as gi_plan_load does (rare). A
 * cache only: a file that is short, corrupt, from another build (its
 * fingerprint) or another machine reads as empty; it never changes what
 * the queue says (t/unit/test-ready-cache.c compares with a full load).
 */
#ifndef GITISSUE_WORKTREE_READY_CACHE_H
#define GITISSUE_WORKTREE_READY_CACHE_H

#include "gitissue/core/plan.h"

/* What the ready queue needs of one issue (node->data of its plan). */
struct gi_ready_facts {
	unsigned flags;		/* READY_FACT_*, in ready-cache.c */
	size_t claims;		/* claims open */
	const char *title, *state;	/* NULL: unknown */
	const char *labels;	/* newline-separated, NULL: none */
	const char *created;	/* the oldest record's time, or NULL */
	/* paths its records name, a line each: "s<path>" named in a
	 * "scope:" note (counts as it is), "c<path>" named in text (counts
	 * when it is in HEAD or the work in progress changed it) */
	const char *paths;
	const char *blocked;	/* its blockers' names, newline-separated */
	const char *parent;	/* its parent's name, or NULL */
	const char *aliases;	/* as gi_summary's: "c<name>" / "p<name>" */
	int owned;		/* the strings are this struct's to free */
};

/* The plan, and what its nodes' data points into. */
struct gi_ready_plan {
	struct gi_plan plan;
	struct gi_ready_facts *facts;	/* the notes' and the joined ones' */
	size_t nfacts;
	char *cache;		/* the cache file as read */
	size_t cached;		/* notes found in it */
};

/**
 * Load the plan of the notes ref's tip for the ready queue: every node's
 * `data` is its struct gi_ready_facts; node->is has the number, title,
 * state, parent and blockers only (no records). Updates the cache when a
 * note was not in it. @return 0 or -1 (reported).
 */
int gi_ready_plan_load(struct gi_ready_plan *rp, struct gi_repo *r);
void gi_ready_plan_release(struct gi_ready_plan *rp);

/** The facts of a note's bytes (what the cache keeps; for tests). */
void gi_ready_facts_of_note(struct gi_ready_facts *out, const char *data,
			    size_t len);
void gi_ready_facts_release(struct gi_ready_facts *f);

#endif
