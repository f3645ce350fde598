/*
 * store.h: issue records in the notes ref `refs/notes/issues`.
 *
 * Issue N's note hangs on a fixed anchor object, the blob "git-issue <N>\n",
 * whose id is the same in every clone. The anchors themselves are kept
 * reachable from the notes tree as non-note entries `anchors/<N>`, so that
 * `git gc` keeps them, `git notes prune` keeps the notes, and a fetch of the
 * ref brings them along. Writes append lines and move the ref with
 * compare-and-swap, retrying on a lost race: all worktrees share the ref.
 */
#ifndef GITISSUE_CORE_STORE_H
#define GITISSUE_CORE_STORE_H

#include <git2.h>

#include "gitissue/core/note.h"
#include "gitissue/util/repo.h"

#define GI_NOTES_REF "refs/notes/issues"
#define GI_ANCHORS_DIR "anchors"

/** The anchor blob id of issue `n` (computed, not looked up). */
void gi_anchor_oid(git_oid *out, long n);

/**
 * Read issue `n`'s note from the notes commit `notes` (NULL: the tip of
 * GI_NOTES_REF). The lines point into storage owned by `out`.
 * @return 0 (an issue with no note gives no lines), or -1 (reported).
 */
int gi_store_read(struct gi_lines *out, struct gi_repo *r,
		  const git_oid *notes, long n);

/** Options for gi_store_append. */
struct gi_append_opts {
	const char *ref;	/* default GI_NOTES_REF */
	const char *message;	/* notes commit message */
	const char *ident;	/* "name <email>" of the commit; NULL:
				 * gi_identity */
	int max_tries;		/* default 100 */
	int tries;		/* out: attempts used */
	size_t added;		/* out: lines that were new */
};

/**
 * Add `lines` (each one record line, no newline) to issue `n`'s note and
 * move the ref with compare-and-swap, retrying with a jittered back-off
 * when another writer moved it first. Lines already present are skipped;
 * when nothing is new, nothing is written.
 * @return 0, or -1 (reported).
 */
int gi_store_append(struct gi_repo *r, long n, const struct gi_lines *lines,
		    struct gi_append_opts *opts);

/* One issue's lines for gi_store_append_many. */
struct gi_store_item {
	long issue;
	const struct gi_lines *lines;
	size_t added;		/* out: lines that were new */
};

/**
 * gi_store_append for many issues in one commit (an import of thousands
 * of issues is one write, not thousands). opts->added counts all.
 * @return 0, or -1 (reported).
 */
int gi_store_append_many(struct gi_repo *r, struct gi_store_item *items,
			 size_t nr, struct gi_append_opts *opts);

/* One issue seen while iterating: its number and note blob. */
struct gi_issue_entry {
	long issue;		/* 0 when the anchor is unknown */
	git_oid anchor;
	git_oid note;
};

struct gi_issue_list {
	struct gi_issue_entry *v;
	size_t nr, alloc;
};

/**
 * Every issue that has a note in the notes commit `notes` (NULL: the tip of
 * GI_NOTES_REF), sorted by issue number. Notes whose anchor is not known
 * (not under anchors/ and not in the object store as a "git-issue N" blob)
 * are listed with issue 0 so that callers can report them.
 * @return 0 or -1 (reported).
 */
int gi_store_list(struct gi_issue_list *out, struct gi_repo *r,
		  const git_oid *notes);
void gi_issue_list_release(struct gi_issue_list *l);

/** Read a note blob's lines into `out` (storage owned by `out`). */
int gi_store_read_blob(struct gi_lines *out, struct gi_repo *r,
		       const git_oid *blob);

/**
 * Union-merge two notes commits: per anchor, the union of the lines; the
 * anchors/ entries of both; committed with both parents (`ours` first).
 * If one contains the other, no commit is made and *out is the newer one.
 * @return 0 or -1 (reported).
 */
int gi_store_merge(git_oid *out, struct gi_repo *r, const git_oid *ours,
		   const git_oid *theirs, const char *message);

/**
 * gi_store_merge, naming the other side (`name`, e.g. "the notes of
 * 'origin'") in the warning given when `theirs` descends from `ours` but
 * drops lines of it: such a fast-forward is not taken; the union is
 * committed instead, so no record is ever lost by a merge.
 */
int gi_store_merge_from(git_oid *out, struct gi_repo *r, const git_oid *ours,
			const git_oid *theirs, const char *message,
			const char *name);

/**
 * Run `git gc --auto` the way git's own commands do after writing
 * objects, but only when a cheap count of loose objects (git's own
 * estimate) says it would do something: spawning git costs more than the
 * check.
 */
void gi_store_maybe_gc(struct gi_repo *r);

/** Resolve a ref to a commit id. @return 0, GIT_ENOTFOUND or -1. */
int gi_store_tip(git_oid *out, struct gi_repo *r, const char *ref);

/**
 * Move `ref` from `old` (NULL: must not exist) to `new` atomically.
 * @return 0, GIT_EMODIFIED when someone else moved it, GIT_ELOCKED when
 * its lock file is taken (a writer at work, or one that was killed), or
 * -1 (reported).
 */
int gi_store_cas(struct gi_repo *r, const char *ref, const git_oid *new,
		 const git_oid *old, const char *logmsg);

/**
 * Report a ref that stayed locked through every retry: name the lock
 * file and say how to clear it, as git does. @return -1.
 */
int gi_store_locked_error(struct gi_repo *r, const char *ref);

#endif
