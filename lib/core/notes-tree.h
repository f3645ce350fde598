/*
 * notes-tree.h: the notes tree of refs/notes/issues, as the store's
 * readers and writers share it: the anchors, finding and listing notes in
 * a tree of any fan-out, editing a tree (fan-out kept), and writing the
 * commit. Not for use outside lib/core/store*.c.
 */
#ifndef GITISSUE_CORE_NOTES_TREE_H
#define GITISSUE_CORE_NOTES_TREE_H

#include <git2.h>

#include "gitissue/core/store.h"

struct gi_pack;

/*
 * An object write that failed only because a concurrent `git gc` removed
 * the empty fan-out directory between libgit2's mkdir and its rename:
 * worth trying again, and not worth a message until the tries run out
 * (2 of 400 writes failed so beside gc). The message is libgit2's, the
 * same in 1.5 and 1.9, or loose.c's when the directory vanished through
 * all of its own tries (the likely cause of one t1410 failure in make
 * test under load; its output was not kept, the test now prints it).
 */
#define GI_WRITE_AGAIN (-1900)

/** Report a failed object write, unless it is worth trying again.
 * @return GI_WRITE_AGAIN (unreported) or -1 (reported as `what`). */
int gi_notes_write_failed(const char *what);

/** The anchor blob id of issue `n` (computed, not looked up). */
void gi_notes_anchor(git_oid *out, long n);
/** Write issue n's anchor blob. @return 0, GI_WRITE_AGAIN or -1. */
int gi_notes_write_anchor(git_oid *out, struct gi_repo *r, long n);

/** The tree of notes commit `notes`, or of the ref's tip; *tree NULL
 * when there is no notes ref yet. @return 0 or -1 (reported). */
int gi_notes_tree(git_tree **tree, struct gi_repo *r, const git_oid *notes);

/**
 * Find the note for object `hex` in a notes tree with any fan-out.
 * @return 1 with *out set, 0 when there is none.
 */
int gi_notes_find(git_oid *out, git_repository *repo, const git_tree *tree,
		  const char *hex);

/** Collect every note of a (fan-out) notes tree into `out` (anchor and
 * note blob; issue 0), below `prefix` (room for GIT_OID_HEXSZ + 1) of
 * length plen. @return 0 or -1 (reported). */
int gi_notes_walk(struct gi_issue_list *out, git_repository *repo,
		  git_tree *tree, char *prefix, size_t plen);

/** Is `s` all lowercase hex digits? */
int gi_notes_is_hex(const char *s);

/*
 * Editing a notes tree: a builder for the root, kept open across several
 * changes so that a merge of many notes rewrites the root once. The
 * anchors/ tree gets a builder only when an anchor is really added: with
 * a thousand issues, rewriting it on every note was a third of a write.
 */
struct gi_notes_edit {
	struct gi_repo *r;
	git_treebuilder *root;
	git_tree *anchors_base;		/* anchors/ as it was, or NULL */
	git_treebuilder *anchors;	/* made on the first change */
	int fanned;			/* the root holds xx/ subtrees */
	git_treebuilder *subs[256];	/* the xx/ subtrees changed, open */
	struct gi_pack *pack;		/* where new objects go; NULL:
					 * loose (set by the caller) */
};

/** Start editing `base` (NULL: an empty tree). @return 0 or -1. */
int gi_notes_edit_init(struct gi_notes_edit *t, struct gi_repo *r,
		       git_tree *base);
void gi_notes_edit_release(struct gi_notes_edit *t);
/** Write an object where the edit writes its own (its pack, or loose).
 * @return 0 or -1 (libgit2's error set). */
int gi_notes_edit_object(struct gi_notes_edit *t, git_oid *out,
			 git_object_t type, const void *data, size_t len);
/** Write issue n's anchor blob where the edit writes.
 * @return 0, GI_WRITE_AGAIN or -1 (reported). */
int gi_notes_edit_write_anchor(struct gi_notes_edit *t, git_oid *out,
			       long n);
/** Hang note `blob` on `anchor`, at the fan-out the tree uses.
 * @return 0, GI_WRITE_AGAIN or -1 (reported). */
int gi_notes_edit_set_note(struct gi_notes_edit *t, const git_oid *anchor,
			   const git_oid *blob);
/** The anchor recorded under anchors/<name>, or NULL. */
const git_oid *gi_notes_edit_get_anchor(struct gi_notes_edit *t,
					const char *name);
/** Record `anchor` as anchors/<name>. @return 0 or -1 (reported). */
int gi_notes_edit_set_anchor(struct gi_notes_edit *t, const char *name,
			     const git_oid *anchor);
/** Write the edited tree (fanned out past 256 notes in the root).
 * @return 0, GI_WRITE_AGAIN or -1 (reported). */
int gi_notes_edit_write(git_oid *tree_out, struct gi_notes_edit *t);

/** A signature for now from "name <email>" (what gi_identity gives).
 * @return 0 or -1 (reported). */
int gi_notes_signature_of(git_signature **sig, const char *ident);
/** A signature for now from the user's identity (gi_identity). */
int gi_notes_signature(git_signature **sig, struct gi_repo *r);
/** A notes commit of `tree_id` over `nparents` (at most 2) parents,
 * signed by the user. @return 0, GI_WRITE_AGAIN or -1 (reported). */
int gi_notes_commit(git_oid *out, struct gi_repo *r, const git_oid *tree_id,
		    const git_oid **parent_ids, size_t nparents,
		    const char *message);

#endif
