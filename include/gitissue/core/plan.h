/*
 * plan.h: the issues as the plan. What each issue is (title, state and
 * its reason, body, labels, assignees, GitHub's database id) and how the
 * issues relate (parent and sub-issues, blocked-by and blocking), all
 * resolved from the records of every note, with a provisional issue and
 * the number it was created as made one. Claims are not here: they are
 * the worktrees' business (lib/worktree/claim.c). The ready queue and the
 * lessons of related issues build on this.
 *
 * Relations are records in the note of the issue they belong to: a
 * child's note says who its parent is, a blocked issue's note says what
 * blocks it. Children and what an issue blocks are derived here. A change
 * made here (`link`) that GitHub does not have yet is laid over what
 * GitHub has (`link-state`), so the plan is the same offline and online;
 * see gitissue/issue.h.
 */
#ifndef GITISSUE_CORE_PLAN_H
#define GITISSUE_CORE_PLAN_H

#include "gitissue/util/buf.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/store.h"

/* GitHub's rules for links, enforced before any request. */
#define GI_PLAN_MAX_SUB_ISSUES 100	/* per parent, closed ones count */
#define GI_PLAN_MAX_DEPTH 8		/* levels below a top-level issue */
#define GI_PLAN_MAX_BLOCKED_BY 50
#define GI_PLAN_MAX_BLOCKING 50

/* The ops of a `link` record. */
#define GI_LINK_OP_PARENT "parent"
#define GI_LINK_OP_UNPARENT "unparent"
#define GI_LINK_OP_BLOCKED_BY "blocked-by"
#define GI_LINK_OP_UNBLOCK "unblock"

/* The results of a `link-sync` record. */
#define GI_LINK_MIRRORED_STR "mirrored"
#define GI_LINK_REFUSED_STR "refused"

/** Is `kind` one of the plan's record kinds (issue, body, link...)? They
 * make an issue's head, not its list of records. */
int gi_plan_kind(const char *kind);
/** Is `rec` (valid) work on the issue, listed and counted as a record:
 * not of a plan kind, or an edit that says why (git issue-close -m)? */
int gi_plan_record_listed(const struct gi_record *rec);

/**
 * What `is` (its records parsed) is and its own relations: fills the
 * plan fields of struct gi_issue. `canon` maps another issue to the
 * number it has now (a provisional issue created on GitHub); NULL keeps
 * issues as written. Called by the gi_issue_load functions.
 */
void gi_plan_resolve_issue(struct gi_issue *is,
			   long (*canon)(long n, void *payload), void *payload);
void gi_plan_release_issue(struct gi_issue *is);

/** The string array member `key` ("labels", "assignees") of the newest
 * issue record, or NULL. */
const struct cJSON *gi_issue_strings(const struct gi_issue *is,
				     const char *key);
/** The labels of `is` as they are here: the snapshot's with the edits
 * made here laid over (gitissue/core/edit.h), or NULL. */
const struct cJSON *gi_issue_labels(const struct gi_issue *is);
/** Is the issue closed? */
int gi_issue_closed(const struct gi_issue *is);
/**
 * The issue's body, the problem statement: the newest `body` record,
 * else the "body" of its newest `issue` record that has one; NULL when
 * there is none, or only blanks.
 */
const char *gi_issue_body(const struct gi_issue *is);
/** The record gi_issue_body takes it from (for its author), or NULL. */
const struct gi_record *gi_issue_body_record(const struct gi_issue *is);

/** Numbers in ascending order, then provisional issues (by name). */
int gi_issue_cmp(long a, long b);
/**
 * The order issues were made in, the one rule for a parent's children
 * (git issue-show --tree) and for the sync's creation order: numbers
 * ascending (GitHub numbers issues as they are made), then provisional
 * issues by `made_a`/`made_b` (gi_issue_made; NULL, unknown, last), then
 * by name. A plan file's items are made in the file's order, so they
 * keep it.
 */
int gi_issue_made_cmp(long a, const char *made_a, long b,
		      const char *made_b);
/** When `is` was made here: the time of its oldest `issue` record not
 * imported from GitHub, or NULL. */
const char *gi_issue_made(const struct gi_issue *is);

/* One issue of the plan. */
struct gi_plan_node {
	struct gi_issue is;	/* its records (both notes of an alias) */
	int known;		/* 0: no records, only named by a relation */
	long *children;		/* in gi_issue_made_cmp order */
	size_t nchildren, children_alloc;
	long *blocking;		/* issues this one blocks */
	size_t nblocking, blocking_alloc;
	void *data;		/* the caller's, in a plan it built */
};

struct gi_plan_alias {
	long provisional;
	long number;
};

/* Every issue this clone knows, resolved. */
struct gi_plan {
	struct gi_plan_node *v;	/* gi_issue_cmp order */
	size_t nr, alloc;
	struct gi_plan_alias *alias;
	size_t nalias, alias_alloc;
	size_t unknown;		/* notes on objects that are not anchors */
	/* has a node a label: NULL, its issue record says (gi_plan_load);
	 * a plan built from something else says how */
	int (*has_label)(const struct gi_plan_node *node, const char *label);
};

/**
 * Load every issue from the notes commit `notes` (NULL: the tip of the
 * notes ref). `p` is initialised by the call. @return 0 or -1 (reported).
 */
int gi_plan_load(struct gi_plan *p, struct gi_repo *r, const git_oid *notes);
void gi_plan_release(struct gi_plan *p);

/*
 * A plan built by a caller from what it knows of each issue (the ready
 * queue's cache): nodes appended to p->v with is.number, is.title,
 * is.state and is.links.parent and blocked_by, `known` and `data`; the
 * aliases added as the notes name them, in list order.
 */
/** Record that `provisional` was created as `number` (the first alias
 * named for a provisional issue counts, as gi_plan_load reads them). */
void gi_plan_add_alias(struct gi_plan *p, long provisional, long number);
/**
 * The aliases a note's lines name, as gi_plan_load reads them: every
 * line holding "kind":"alias", whatever else it is, in line order; `fn`
 * gets created_as (the number this issue was created as: 1) and
 * provisional (the provisional name it had: 0) in that order.
 */
void gi_plan_each_alias(const struct gi_lines *lines,
			void (*fn)(int created_as, long m, void *payload),
			void *payload);
/** Stub nodes for the issues named but not known, the order, children
 * and what each blocks: what gi_plan_load does after loading. */
void gi_plan_derive(struct gi_plan *p);

/** The number a provisional issue was created as, else n itself. */
long gi_plan_canonical(const struct gi_plan *p, long n);
/** The node of issue n (after gi_plan_canonical), or NULL. */
struct gi_plan_node *gi_plan_get(const struct gi_plan *p, long n);

/**
 * Apply a change to the plan in memory only (so that several changes of
 * one command are checked together): the relation is laid over as a
 * pending one. Stub nodes are made for issues without records.
 */
void gi_plan_apply(struct gi_plan *p, long n, const char *op, long target);

/** One change of an issue's relations (git issue-link). */
struct gi_link_change {
	const char *op;		/* GI_LINK_OP_* */
	long target;		/* the other issue; 0 for an unparent */
};

/**
 * Change issue `*n`'s relations by `ch[0..nch-1]`: every change checked
 * together (gi_link_rules_check in link-rules.h, each on the plan as the
 * ones before it leave it) before anything is written, then all of them
 * written as `link` records of `*n` in one append.
 * `*n` and each target become canonical; an unparent's target becomes the
 * parent it removes.
 * @param[out] why  why a change is refused (appended to)
 * @return 0 written, GI_EINVALID refused (nothing written), or -1
 * (failed, reported).
 */
int gi_plan_link(struct gi_repo *r, long *n, struct gi_link_change *ch,
		 size_t nch, gi_buf *why);

/* What a new issue is: the records `git issue-new` writes. */
struct gi_issue_spec {
	const char *title;		/* one line, not empty */
	const char *body;		/* the problem statement; NULL: empty */
	const char *const *labels;
	size_t nlabels;
	long parent;			/* 0: none */
	const long *blocked_by;		/* the issues that block it */
	size_t nblocked_by;
	long discovered_from;	/* found while working on it (a relation
				 * that blocks nothing); 0: none */
	int offline;	/* gi_create_new (sync/create.h): not on GitHub now */
	const char *plan_key;	/* "<plan>/<key>" of git issue-plan, recorded
				 * in the issue record; NULL: none */
};

/**
 * Write a new provisional issue under a name no note here uses (*out):
 * its `issue` record (the title, state open, the labels, the issue it
 * was discovered from), its `body` record, and a `link` record for the
 * parent and for each blocker, all in one append. GitHub's limits on the title, body and labels
 * (gi_issue_text_check in edit.h) and the relations are checked first,
 * together, as gi_plan_link checks them; nothing is written when one is
 * refused.
 * Creating it on GitHub is the sync's (gi_create_new).
 * @param[out] why  why a relation is refused (appended to)
 * @return 0 written, GI_EINVALID refused, or -1 (failed, reported).
 */
int gi_plan_new_issue(struct gi_repo *r, const struct gi_issue_spec *spec,
		      long *out, gi_buf *why);


#endif
