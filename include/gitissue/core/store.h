/*
 * store.h: issue records in the notes ref `refs/notes/issues`.
 *
 * Issue N's note hangs on a fixed anchor object, the blob "git-issue <N>\n",
 * whose id is the same in every clone. The anchors themselves are kept
 * reachable from the notes tree as non-note entries `anchors/<N>`, so that
 * `git gc` keeps them, `git notes prune` keeps the notes, and a fetch of the
 * ref brings them along. Writes append lines and move the ref with
 * compare-and-swap, retrying on a lost race: all worktrees share the ref
 * (lib/core/store-write.h); two notes commits merge by union
 * (lib/core/store-merge.h).
 *
 * This header is the reading side: one issue's note, and every issue that
 * has one.
 */
#ifndef GITISSUE_CORE_STORE_H
#define GITISSUE_CORE_STORE_H

#include <git2.h>

#include "gitissue/core/note.h"
#include "gitissue/util/repo.h"

#define GI_NOTES_REF "refs/notes/issues"
#define GI_ANCHORS_DIR "anchors"

/**
 * Read issue `n`'s note from the notes commit `notes` (NULL: the tip of
 * GI_NOTES_REF). The lines point into storage owned by `out`.
 * @return 0 (an issue with no note gives no lines), or -1 (reported).
 */
int gi_store_read(struct gi_lines *out, struct gi_repo *r,
		  const git_oid *notes, long n);

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

/** Resolve a ref to a commit id. @return 0, GIT_ENOTFOUND or -1. */
int gi_store_tip(git_oid *out, struct gi_repo *r, const char *ref);


#endif
