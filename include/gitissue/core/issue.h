/*
 * issue.h: one issue's records as the commands see them: which issue is
 * meant, writing records with their provenance, and loading all records
 * of an issue parsed and resolved (superseded ones marked, malformed ones
 * kept and counted).
 */
#ifndef GITISSUE_CORE_ISSUE_H
#define GITISSUE_CORE_ISSUE_H

#include "gitissue/core/note.h"
#include "gitissue/core/record.h"
#include "gitissue/util/repo.h"
#include "gitissue/core/store.h"

/* Largest issue number accepted (GitHub's are 32-bit signed). */
#define GI_ISSUE_MAX 2147483647L

/*
 * A provisional issue, made offline (`git issue-new`) before GitHub gave
 * it a number, is named "new-<7 hex digits>" (28 random bits) and held
 * in a `long` as the negated value, so that everything that takes an
 * issue number takes one: 57 is #57, -0x1a2b3c4 is new-1a2b3c4. Its
 * anchor is "git-issue new-1a2b3c4\n", its anchors/ entry and its branch
 * name use the same name.
 */
#define GI_PROVISIONAL_PREFIX "new-"
#define GI_PROVISIONAL_MAX 0x0fffffffL
/* Room for any issue's name or label, NUL included. */
#define GI_ISSUE_NAME_MAX 24

/**
 * Parse an issue: "57", "#57" (1..GI_ISSUE_MAX) or "new-1a2b3c4" (a
 * provisional issue). @return 0 or -1.
 */
int gi_parse_issue(const char *s, long *out);
/** gi_parse_issue of a command-line argument, dying (128) with the one
 * message for it ("invalid issue number '...': expected ...") when it is
 * not an issue. Every command parses its issue arguments with it. */
long gi_parse_issue_or_die(const char *s);

/** Is `n` a provisional issue (not yet on GitHub)? */
#define gi_issue_is_provisional(n) ((n) < 0)

/** The name of issue n as in anchors and branches: "57", "new-1a2b3c4".
 * Returns `buf`. */
const char *gi_issue_name(long n, char buf[GI_ISSUE_NAME_MAX]);
/** The name for people, in every message: "#57", "new-1a2b3c4".
 * Returns `buf`. */
const char *gi_issue_label(long n, char buf[GI_ISSUE_NAME_MAX]);
/** Issue n in JSON: the number 57, or the string "new-1a2b3c4". */
struct cJSON *gi_issue_to_json(long n);
/** The issues v[0..nr-1] as a JSON array of gi_issue_to_json. */
struct cJSON *gi_issues_to_json(const long *v, size_t nr);
/** An issue from JSON as gi_issue_to_json writes it (a number, or a string
 * gi_parse_issue accepts). @return 0 or -1. */
int gi_issue_from_json(const struct cJSON *v, long *out);
/* gi_issue_label into a buffer that lives as long as the enclosing block,
 * for messages: gi_error("issue %s ...", gi_label(n)). */
#define gi_label(n) gi_issue_label((n), (char[GI_ISSUE_NAME_MAX]){ 0 })
/** A fresh provisional issue (random; never 0). */
long gi_provisional_new(void);

/**
 * The issue of `branch`: `branch.<branch>.issue`, else a branch named
 * issue/<N> or issue/<N>-<slug>. A bad configured value is an error
 * (reported, -1); with `quiet` it is only warned about and treated as
 * unset.
 * @return 0 with *out set, GIT_ENOTFOUND, or -1.
 */
int gi_branch_issue(struct gi_repo *r, const char *branch, long *out,
		    int quiet);

/*
 * The file in a worktree's own git dir ($GIT_DIR/issue: .git/issue for
 * the main worktree, .git/worktrees/<name>/issue for a linked one) that
 * gives the worktree its issue in its own right, whatever is checked out.
 * git ignores unknown files there; `git worktree remove` deletes it with
 * the worktree and `git worktree move` keeps it.
 */
#define GI_ISSUE_FILE "issue"

/**
 * The issue recorded in the worktree git dir `gitdir` (GI_ISSUE_FILE).
 * @return 0 with *out set, or GIT_ENOTFOUND (no file, or not a number).
 */
int gi_gitdir_issue(const char *gitdir, long *out);

/**
 * The rule that decides a worktree's issue from what is known: the
 * checked-out branch's issue when it has one (gi_branch_issue), else the
 * worktree's file. A stock `git switch` to another issue's branch is
 * followed; a detached HEAD, a rebase, or a branch of no issue keep the
 * file's issue. @return 0 with *out set, or GIT_ENOTFOUND.
 */
int gi_issue_of_worktree(long file_issue, int has_file, long branch_issue,
			 int has_branch, long *out);

/**
 * Which issue this worktree works on (gi_issue_of_worktree of its file
 * and its checked-out branch).
 * @return 0, GIT_ENOTFOUND (bare, or neither says), or -1.
 */
int gi_infer_issue(struct gi_repo *r, long *out);

/**
 * The issue a command works on: `opt` (from --issue or an argument) when
 * given, else what the worktree's branch says. Dies with a message saying
 * how to name the issue when neither does, 128 on a bad number.
 */
long gi_issue_resolve(struct gi_repo *r, const char *opt);

/**
 * Does this clone know anything of issue n: a record of it (its own, or
 * imported from GitHub) in the notes, other than the bookkeeping of
 * claims and releases (git issue-worktree writes a claim for any number)?
 * A number known nowhere is most likely a typo, which git issue-worktree
 * and git issue-note warn of and git issue-show refuses.
 * @return 1 known, 0 not, -1 (reported).
 */
int gi_issue_known(struct gi_repo *r, long n);

/** The warning for a number known nowhere (here, nor on GitHub when
 * `asked_github`): "probably a typo"; the caller goes on. */
void gi_issue_warn_unknown(long n, int asked_github);

/* Where a record was written from. */
struct gi_provenance {
	char *author;
	char *commit;	/* HEAD's commit, NULL when unborn */
	char *branch;	/* NULL when detached */
	char *worktree;	/* NULL when bare */
};
/** Fill `p` (initialised by the call) for this worktree. */
void gi_provenance_fill(struct gi_provenance *p, struct gi_repo *r);
void gi_provenance_release(struct gi_provenance *p);

/**
 * Format the records `f[0..nr-1]` and append them to issue `n` as one write
 * (provenance fields left NULL are filled in), then run auto-gc when due.
 * The ids written go to `ids` when not NULL.
 * @return 0 or -1 (reported).
 */
int gi_issue_add(struct gi_repo *r, long n, struct gi_record_fields *f,
		 size_t nr, char (*ids)[GI_RECORD_ID_HEXSZ + 1]);

/*
 * Relations, as records (plan.h has the whole picture): an issue's own
 * note holds its parent and what blocks it. A `link` record is a change
 * made here (op "parent", "unparent", "blocked-by", "unblock"; target the
 * other issue); a `link-state` record is what GitHub has; a `link-sync`
 * record says a change was mirrored or refused. The newest change of each
 * relation that GitHub does not have yet is laid over GitHub's state.
 */
enum gi_link_status {
	GI_LINK_MIRRORED,	/* GitHub has it */
	GI_LINK_PENDING,	/* made here, not mirrored yet */
	GI_LINK_REFUSED,	/* GitHub refused it (a 422): not mirrored */
};
enum gi_relation { GI_REL_PARENT, GI_REL_BLOCKED_BY };

struct gi_link {
	long issue;		/* the other end; 0 none */
	enum gi_relation rel;
	enum gi_link_status status;
	const struct gi_record *op;	/* the change, when not mirrored */
	const struct gi_record *result;	/* the refusal, when refused */
	/* the other end's state ("open", "closed", "merged",
	 * "provisional", "unknown"), named by a caller that knows it
	 * (gi_links_name_states, worktree/landed.h); NULL: not said */
	const char *state;
};

struct gi_link_list {
	struct gi_link *v;
	size_t nr, alloc;
};

struct gi_issue_links {
	struct gi_link parent;		/* .issue 0: no parent */
	/* the issue this one was found while working on (its creation
	 * record's `discovered_from`): a relation that blocks nothing and
	 * GitHub has no link for; 0 none */
	long discovered_from;
	struct gi_link_list blocked_by;
	struct gi_link_list removed;	/* removals GitHub has not seen */
	/* GitHub's side, from the newest link-state record */
	const struct gi_record *state;	/* NULL: nothing known */
	long remote_parent;
	long *remote_blocked_by;
	size_t nremote_blocked_by;
	/* changes to mirror: the newest of each relation, oldest first */
	const struct gi_record **todo;
	size_t ntodo;
};

/*
 * Edits made here (gitissue/core/edit.h): each `edit` record of the issue
 * with what became of it. The newest pending edit of a field decides it,
 * laid over GitHub's side, unless GitHub changed the field later.
 */
enum gi_edit_status {
	GI_EDIT_PENDING,	/* not on GitHub yet */
	GI_EDIT_DONE,		/* mirrored, or overridden by GitHub */
	GI_EDIT_FAILED,		/* GitHub refused it */
};

enum gi_edit_field { GI_FIELD_TITLE, GI_FIELD_STATE, GI_FIELD_BODY,
		     GI_FIELD_LABEL };

struct gi_edit {
	const struct gi_record *rec;
	enum gi_edit_field field;
	const char *label;	/* a label edit: the label */
	int adds;		/* a label edit: added (else removed) */
	enum gi_edit_status status;
	const struct gi_record *result;	/* its edit-sync, if any */
	int decides;		/* the newest pending edit of its field */
	int loses;		/* pending, but GitHub changed it later */
};

struct gi_issue_edits {
	struct gi_edit *v;	/* time order */
	size_t nr, alloc;
	size_t npending;
	struct cJSON *labels;	/* labels with the edits laid over; NULL:
				 * no label edit counts (the snapshot's) */
	/* the newest `issue`, `body` or `edit` record: what GitHub is
	 * asked for when the issue is created */
	const struct gi_record *last_change;
	/* a provisional issue GitHub refused to create, unchanged since */
	const struct gi_record *create_refused;
};

/* All records of one issue. */
struct gi_issue {
	long number;		/* after an alias, the number it has now */
	long provisional;	/* the provisional name it had, or 0 */
	struct gi_lines lines;
	struct gi_record *rec;	/* parallel to lines, time order */
	size_t nr;
	size_t malformed;
	const char *title;	/* as it is here (edits laid over), or NULL */
	const char *state;
	const struct gi_record *last;	/* newest valid record */
	/* what the issue is (plan.h), NULL when unknown */
	const struct gi_record *snapshot;	/* GitHub's side: the newest
						 * imported `issue` record, else
						 * the newest one */
	const struct gi_record *body_rec;	/* the same for `body` */
	/* what the issue is here: the snapshot with the edits laid over */
	const char *state_reason;
	const char *body;
	double github_id;	/* GitHub's database id, 0 unknown */
	const struct gi_record *intent;	/* the open create intent */
	struct gi_issue_links links;
	struct gi_issue_edits edits;
};

/**
 * Load (`is` initialised by the call) from the notes ref tip (notes
 * NULL) or a given notes commit. An issue with no note has no records.
 * A provisional issue created on GitHub and its number are one issue:
 * loading either loads both notes (their `alias` records name each
 * other), and is->number is the number.
 * @return 0 or -1 (reported). */
int gi_issue_load(struct gi_issue *is, struct gi_repo *r,
		  const git_oid *notes, long n);
/** Load from a note blob already located (e.g. by gi_store_list); that
 * note only, aliases not followed. */
int gi_issue_load_blob(struct gi_issue *is, struct gi_repo *r,
		       const git_oid *blob, long n);
/**
 * gi_issue_load_blob without what was written down (notes, lessons,
 * comments): their lines are kept but not parsed (their records have no
 * `json`), for a view that names the issue and its claims but not what
 * was said on it (the brief's census of who works on what, where one
 * claimed issue may hold 1,000 notes). A line is one of them when it says
 * "kind":"note" (or lesson, comment) outside a string, as every record
 * writer writes it; any other spelling is parsed.
 */
int gi_issue_load_blob_bare(struct gi_issue *is, struct gi_repo *r,
			    const git_oid *blob, long n);
/** Load from a note's bytes (copied); that note only. */
void gi_issue_load_data(struct gi_issue *is, const char *data, size_t len,
			long n);
/** Load from lines (taken over: `lines` is left empty). */
void gi_issue_load_lines(struct gi_issue *is, struct gi_lines *lines, long n,
			 long (*canon)(long n, void *payload), void *payload);
void gi_issue_release(struct gi_issue *is);

/** Has the issue a record other than claims and releases (gi_issue_known)? */
int gi_issue_has_content(const struct gi_issue *is);

/**
 * The number a provisional issue was created as, from its note's alias
 * record; n itself for a number or a provisional issue not created yet.
 */
long gi_issue_canonical(struct gi_repo *r, const git_oid *notes, long n);

/**
 * Keep in `list` (gi_store_list's, at the notes ref tip) only the notes
 * of the issues `want[0..nwant-1]`, each under any of its names: a
 * provisional issue created on GitHub and its number are one issue, so
 * naming either keeps both notes. The order is kept.
 */
void gi_issue_list_only(struct gi_issue_list *list, struct gi_repo *r,
			const long *want, size_t nwant);

/* What gi_issue_counts counts: valid records that are not superseded. */
struct gi_issue_counts {
	size_t records;
	size_t lessons;
};
void gi_issue_counts(struct gi_issue_counts *out, const struct gi_issue *is);

/**
 * The record of `is` whose id is `prefix` or starts with it (at least 4
 * characters). *out points into `is`.
 * @return 0, GIT_ENOTFOUND, GIT_EAMBIGUOUS, or GI_EINVALID (too short).
 */
int gi_issue_find_record(const struct gi_record **out,
			 const struct gi_issue *is, const char *prefix);

#endif
