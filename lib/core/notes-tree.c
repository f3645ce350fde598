/*
 * notes-tree.c: the notes tree of refs/notes/issues, read and edited by
 * hand, and its commits (notes-tree.h).
 *
 * We edit the notes tree ourselves instead of going through git_note_*:
 * libgit2's note iterator does not skip non-note entries (our anchors/),
 * and git_note_create force-writes the ref, silently dropping a concurrent
 * writer's note. Trees may come from stock git with fan-out (xx/yyyy...);
 * we read any fan-out and write new notes at the fan-out level the tree
 * already uses, as git and libgit2 both do.
 */
#include "core/notes-tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loose.h"
#include "core/pack-write.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/store.h"

int gi_notes_write_failed(const char *what)
{
	const git_error *e = git_error_last();

	if (e && e->message &&
	    (strstr(e->message, "failed to rename lockfile") ||
	     strstr(e->message, "unable to create temporary object")) &&
	    strstr(e->message, "No such file or directory"))
		return GI_WRITE_AGAIN;
	return gi_error("%s: %s", what, gi_git_errmsg("unknown error"));
}

/* "git-issue 57\n", "git-issue new-1a2b3c4\n" */
static int anchor_text(char buf[48], long n)
{
	char name[GI_ISSUE_NAME_MAX];

	return snprintf(buf, 48, "git-issue %s\n", gi_issue_name(n, name));
}

void gi_notes_anchor(git_oid *out, long n)
{
	char buf[48];
	int len = anchor_text(buf, n);

	git_odb_hash(out, buf, (size_t)len, GIT_OBJECT_BLOB);
}

int gi_notes_write_anchor(git_oid *out, struct gi_repo *r, long n)
{
	char buf[48], label[GI_ISSUE_NAME_MAX];
	int len = anchor_text(buf, n);

	char what[80];

	if (gi_loose_write(out, r, GIT_OBJECT_BLOB, buf, (size_t)len) < 0) {
		snprintf(what, sizeof(what), "unable to write anchor of issue "
			 "%s", gi_issue_label(n, label));
		return gi_notes_write_failed(what);
	}
	return 0;
}

/* The tree of notes commit `notes`, or of the ref's tip; *tree NULL when
 * there is no notes ref yet. */
int gi_notes_tree(git_tree **tree, struct gi_repo *r, const git_oid *notes)
{
	git_oid tip;
	git_commit *c = NULL;
	int err;

	*tree = NULL;
	if (!notes) {
		err = gi_store_tip(&tip, r, GI_NOTES_REF);
		if (err == GIT_ENOTFOUND)
			return 0;
		if (err < 0)
			return -1;
		notes = &tip;
	}
	if (git_commit_lookup(&c, r->repo, notes) < 0 ||
	    git_commit_tree(tree, c) < 0) {
		git_commit_free(c);
		return gi_error("unable to read notes commit %s: %s",
				git_oid_tostr_s(notes),
				gi_git_errmsg("unknown error"));
	}
	git_commit_free(c);
	return 0;
}

/*
 * Find the note for object `hex` in a notes tree with any fan-out.
 * @return 1 with *out set, 0 when there is none.
 */
int gi_notes_find(git_oid *out, git_repository *repo, const git_tree *tree,
		  const char *hex)
{
	size_t k = 0;
	git_tree *sub = NULL, *cur = (git_tree *)tree;
	int found = 0;

	while (k < GIT_OID_HEXSZ) {
		const git_tree_entry *e = git_tree_entry_byname(cur, hex + k);
		char two[3] = { hex[k], hex[k + 1], 0 };
		git_tree *next;

		if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(out, git_tree_entry_id(e));
			found = 1;
			break;
		}
		e = git_tree_entry_byname(cur, two);
		if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE ||
		    git_tree_lookup(&next, repo, git_tree_entry_id(e)) < 0)
			break;
		git_tree_free(sub);
		cur = sub = next;
		k += 2;
	}
	git_tree_free(sub);
	return found;
}

/* Does `tree` hold fan-out subtrees (two hex digits) at its top? */
static int tree_fanned(const git_tree *tree)
{
	size_t i, n = tree ? git_tree_entrycount(tree) : 0;

	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);

		if (strlen(name) == 2 && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    gi_notes_is_hex(name))
			return 1;
	}
	return 0;
}

int gi_notes_edit_init(struct gi_notes_edit *t, struct gi_repo *r,
		       git_tree *base)
{
	const git_tree_entry *e;

	memset(t, 0, sizeof(*t));
	t->r = r;
	if (git_treebuilder_new(&t->root, r->repo, base) < 0)
		return -1;
	e = base ? git_tree_entry_byname(base, GI_ANCHORS_DIR) : NULL;
	if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&t->anchors_base, r->repo,
			    git_tree_entry_id(e)) < 0) {
		git_treebuilder_free(t->root);
		t->root = NULL;
		return -1;
	}
	t->fanned = tree_fanned(base);
	return 0;
}

void gi_notes_edit_release(struct gi_notes_edit *t)
{
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(t->subs); i++)
		git_treebuilder_free(t->subs[i]);
	git_treebuilder_free(t->root);
	git_treebuilder_free(t->anchors);
	git_tree_free(t->anchors_base);
}

int gi_notes_edit_object(struct gi_notes_edit *t, git_oid *out,
			 git_object_t type, const void *data, size_t len)
{
	if (t->pack)
		return gi_pack_add(t->pack, out, type, data, len);
	return gi_loose_write(out, t->r, type, data, len);
}

/* The tree a builder holds, written where the edit writes. */
static int edit_write_tree(struct gi_notes_edit *t, git_oid *out,
			   git_treebuilder *b)
{
	gi_buf buf = GI_BUF_INIT;
	int ret;

	gi_tree_format(&buf, b);
	ret = gi_notes_edit_object(t, out, GIT_OBJECT_TREE, buf.buf, buf.len);
	gi_buf_release(&buf);
	return ret;
}

int gi_notes_edit_write_anchor(struct gi_notes_edit *t, git_oid *out, long n)
{
	char buf[48], label[GI_ISSUE_NAME_MAX], what[80];
	int len = anchor_text(buf, n);

	if (gi_notes_edit_object(t, out, GIT_OBJECT_BLOB, buf,
				 (size_t)len) < 0) {
		snprintf(what, sizeof(what), "unable to write anchor of issue "
			 "%s", gi_issue_label(n, label));
		return gi_notes_write_failed(what);
	}
	return 0;
}

/* Does this builder level hold fan-out subtrees (two hex digits)? */
struct fanout_probe {
	int found;
};

int gi_notes_is_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* A git_treebuilder_filter callback that removes nothing. */
static int probe_cb(const git_tree_entry *e, void *payload)
{
	struct fanout_probe *p = payload;
	const char *name = git_tree_entry_name(e);

	if (strlen(name) == 2 && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    gi_notes_is_hex(name))
		p->found = 1;
	return 0;
}

/*
 * Set the note for `hex` (from offset k) to `blob` in builder `b`, whose
 * subtrees follow git's fan-out. Returns 0 or -1.
 */
static int set_note_in(struct gi_repo *r, git_treebuilder *b,
		       const char *hex, size_t k, const git_oid *blob)
{
	git_repository *repo = r->repo;
	const git_tree_entry *e = git_treebuilder_get(b, hex + k);
	char two[3] = { hex[k], hex[k + 1], 0 };
	git_tree *sub = NULL;
	git_treebuilder *sb = NULL;
	git_oid sub_id;
	struct fanout_probe probe = { 0 };
	int ret = -1;

	if (e || k + 2 >= GIT_OID_HEXSZ)
		return git_treebuilder_insert(NULL, b, hex + k, blob,
					      GIT_FILEMODE_BLOB);
	e = git_treebuilder_get(b, two);
	if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
			return -1;
	} else {
		git_treebuilder_filter(b, probe_cb,
				       &probe);
		if (!probe.found)
			return git_treebuilder_insert(NULL, b, hex + k, blob,
						      GIT_FILEMODE_BLOB);
	}
	if (git_treebuilder_new(&sb, repo, sub) < 0 ||
	    set_note_in(r, sb, hex, k + 2, blob) < 0 ||
	    gi_loose_write_tree(&sub_id, r, sb) < 0 ||
	    git_treebuilder_insert(NULL, b, two, &sub_id, GIT_FILEMODE_TREE) < 0)
		goto done;
	ret = 0;
done:
	git_treebuilder_free(sb);
	git_tree_free(sub);
	return ret;
}

/*
 * The builder of the root's subtree `two` ("xx"), kept open for the whole
 * edit and written once by gi_notes_edit_write: an import of thousands of
 * notes into a fanned-out tree wrote a subtree per note.
 */
static int edit_sub(git_treebuilder **out, struct gi_notes_edit *t,
		    const char *two)
{
	size_t i = (size_t)(gi_hexval(two[0]) << 4 | gi_hexval(two[1]));
	const git_tree_entry *e;
	git_tree *sub = NULL;
	int err;

	if (!t->subs[i]) {
		e = git_treebuilder_get(t->root, two);
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&sub, t->r->repo, git_tree_entry_id(e)) < 0)
			return -1;
		err = git_treebuilder_new(&t->subs[i], t->r->repo, sub);
		git_tree_free(sub);
		if (err < 0)
			return -1;
	}
	*out = t->subs[i];
	return 0;
}

int gi_notes_edit_set_note(struct gi_notes_edit *t, const git_oid *anchor,
			   const git_oid *blob)
{
	char hex[GIT_OID_HEXSZ + 1], two[3];
	git_treebuilder *sb;
	int err;

	git_oid_tostr(hex, sizeof(hex), anchor);
	/* a note at the top (a flat tree, or a mixed one) stays there */
	if (!t->fanned || git_treebuilder_get(t->root, hex))
		err = git_treebuilder_insert(NULL, t->root, hex, blob,
					     GIT_FILEMODE_BLOB);
	else {
		memcpy(two, hex, 2);
		two[2] = '\0';
		err = edit_sub(&sb, t, two);
		if (!err)
			err = set_note_in(t->r, sb, hex, 2, blob);
	}
	if (err < 0)
		return gi_notes_write_failed("unable to update notes tree");
	return 0;
}

/* The anchor recorded under anchors/<name>, or NULL. */
const git_oid *gi_notes_edit_get_anchor(struct gi_notes_edit *t,
					const char *name)
{
	const git_tree_entry *e = t->anchors ?
		git_treebuilder_get(t->anchors, name) :
		t->anchors_base ? git_tree_entry_byname(t->anchors_base, name) :
		NULL;

	return e ? git_tree_entry_id(e) : NULL;
}

int gi_notes_edit_set_anchor(struct gi_notes_edit *t, const char *name,
			     const git_oid *anchor)
{
	const git_oid *cur = gi_notes_edit_get_anchor(t, name);

	if (cur && git_oid_equal(cur, anchor))
		return 0;
	if ((!t->anchors &&
	     git_treebuilder_new(&t->anchors, t->r->repo, t->anchors_base) < 0) ||
	    git_treebuilder_insert(NULL, t->anchors, name, anchor,
				   GIT_FILEMODE_BLOB) < 0)
		return gi_error("unable to record anchor '%s': %s", name,
				gi_git_errmsg("unknown error"));
	return 0;
}

/*
 * Past this many notes directly in the root, the root moves to git's 2/38
 * fan-out (xx/yyyy...), as git itself does: a write then rewrites a root
 * of at most 257 entries and one small subtree, not a root of thousands.
 */
#define FANOUT_THRESHOLD 256

struct flat_notes {
	struct { char name[GIT_OID_HEXSZ + 1]; git_oid id; } *v;
	size_t nr, alloc;
};

/* A git_treebuilder_filter callback that removes nothing. */
static int collect_flat(const git_tree_entry *e, void *payload)
{
	struct flat_notes *f = payload;
	const char *name = git_tree_entry_name(e);

	if (strlen(name) == GIT_OID_HEXSZ &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    gi_notes_is_hex(name)) {
		GI_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
		memcpy(f->v[f->nr].name, name, GIT_OID_HEXSZ + 1);
		git_oid_cpy(&f->v[f->nr].id, git_tree_entry_id(e));
		f->nr++;
	}
	return 0;
}

/* Move the root's notes into xx/ subtrees once there are too many (into
 * the subtrees' open builders: gi_notes_edit_write writes them). */
static int edit_fan_out(struct gi_notes_edit *t)
{
	struct flat_notes f = { NULL, 0, 0 };
	size_t i;
	int ret = -1;

	git_treebuilder_filter(t->root, collect_flat, &f);
	if (f.nr <= FANOUT_THRESHOLD) {
		free(f.v);
		return 0;
	}
	for (i = 0; i < f.nr; i++) {
		char two[3] = { f.v[i].name[0], f.v[i].name[1], 0 };
		git_treebuilder *sb;

		if (edit_sub(&sb, t, two) < 0 ||
		    git_treebuilder_insert(NULL, sb, f.v[i].name + 2,
					   &f.v[i].id, GIT_FILEMODE_BLOB) < 0 ||
		    git_treebuilder_remove(t->root, f.v[i].name) < 0)
			goto done;
	}
	t->fanned = 1;
	ret = 0;
done:
	free(f.v);
	if (ret < 0)
		gi_error("unable to fan the notes tree out: %s",
			 gi_git_errmsg("unknown error"));
	return ret;
}

int gi_notes_edit_write(git_oid *tree_out, struct gi_notes_edit *t)
{
	git_oid id;
	size_t i;

	if (edit_fan_out(t) < 0)
		return -1;
	for (i = 0; i < GI_ARRAY_SIZE(t->subs); i++) {
		char two[3];

		if (!t->subs[i])
			continue;
		snprintf(two, sizeof(two), "%02x", (unsigned)i);
		if (edit_write_tree(t, &id, t->subs[i]) < 0)
			return gi_notes_write_failed("unable to write notes "
						     "tree");
		if (git_treebuilder_insert(NULL, t->root, two, &id,
					   GIT_FILEMODE_TREE) < 0)
			return gi_error("unable to update notes tree: %s",
					gi_git_errmsg("unknown error"));
	}
	if (t->anchors && git_treebuilder_entrycount(t->anchors) &&
	    (edit_write_tree(t, &id, t->anchors) < 0 ||
	     git_treebuilder_insert(NULL, t->root, GI_ANCHORS_DIR, &id,
				    GIT_FILEMODE_TREE) < 0))
		return gi_notes_write_failed("unable to write anchors");
	if (edit_write_tree(t, tree_out, t->root) < 0)
		return gi_notes_write_failed("unable to write notes tree");
	return 0;
}

/* A signature for now from "name <email>" (what gi_identity gives). */
int gi_notes_signature_of(git_signature **sig, const char *ident)
{
	char *id = gi_xstrdup(ident), *lt = strrchr(id, '<');
	int ret = -1;

	if (lt && lt > id && lt[strlen(lt) - 1] == '>') {
		lt[-1] = '\0';
		lt[strlen(lt) - 1] = '\0';
		ret = git_signature_now(sig, id, lt + 1);
	}
	free(id);
	if (ret < 0)
		return gi_error("invalid identity '%s': %s", ident,
				gi_git_errmsg("not 'name <email>'"));
	return 0;
}

int gi_notes_signature(git_signature **sig, struct gi_repo *r)
{
	char *id = gi_identity(r);
	int ret = gi_notes_signature_of(sig, id);

	free(id);
	return ret;
}

int gi_notes_commit(git_oid *out, struct gi_repo *r, const git_oid *tree_id,
		    const git_oid **parent_ids, size_t nparents,
		    const char *message)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	const git_commit *parents[2] = { NULL, NULL };
	size_t i;
	int ret = -1;

	if (gi_notes_signature(&sig, r) < 0)
		return -1;
	if (git_tree_lookup(&tree, r->repo, tree_id) < 0)
		goto fail;
	for (i = 0; i < nparents; i++)
		if (git_commit_lookup((git_commit **)&parents[i], r->repo,
				      parent_ids[i]) < 0)
			goto fail;
	if (git_commit_create(out, r->repo, NULL, sig, sig, NULL, message,
			      tree, nparents, parents) < 0)
		goto fail;
	ret = 0;
	goto done;
fail:
	ret = gi_notes_write_failed("unable to create notes commit");
done:
	for (i = 0; i < nparents; i++)
		git_commit_free((git_commit *)parents[i]);
	git_tree_free(tree);
	git_signature_free(sig);
	return ret;
}

/* Collect every note of a (fan-out) notes tree: anchor -> note blob. */
int gi_notes_walk(struct gi_issue_list *out, git_repository *repo,
		  git_tree *tree, char *prefix, size_t plen)
{
	size_t i, n = git_tree_entrycount(tree);

	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		size_t len = strlen(name);

		if (plen + len > GIT_OID_HEXSZ || !gi_notes_is_hex(name))
			continue;
		memcpy(prefix + plen, name, len);
		prefix[plen + len] = '\0';
		if (plen + len == GIT_OID_HEXSZ &&
		    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			memset(&out->v[out->nr], 0, sizeof(out->v[0]));
			git_oid_fromstr(&out->v[out->nr].anchor, prefix);
			git_oid_cpy(&out->v[out->nr].note,
				    git_tree_entry_id(e));
			out->nr++;
		} else if (len == 2 &&
			   git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_tree *sub;
			int err;

			if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
				return gi_error("unable to read notes tree: %s",
						gi_git_errmsg("unknown error"));
			err = gi_notes_walk(out, repo, sub, prefix, plen + 2);
			git_tree_free(sub);
			if (err < 0)
				return -1;
		}
	}
	return 0;
}
