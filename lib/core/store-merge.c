/*
 * store-merge.c: the union merge of two notes commits, which never loses
 * a record (store-merge.h).
 */
#include "core/store-merge.h"

#include <stdlib.h>
#include <string.h>

#include "core/notes-tree.h"
#include "core/store-write.h"
#include "gitissue/core/issue.h"

/* The union of two note blobs, written as a blob. */
static int union_blobs(git_oid *out, struct gi_repo *r, const git_oid *a,
		       const git_oid *b)
{
	struct gi_lines la = GI_LINES_INIT, lb = GI_LINES_INIT;
	gi_buf content = GI_BUF_INIT;
	int ret = -1;

	if (gi_store_read_blob(&la, r, a) < 0 ||
	    gi_store_read_blob(&lb, r, b) < 0)
		goto done;
	gi_lines_union(&la, &lb);
	gi_lines_write(&la, &content);
	if (git_blob_create_from_buffer(out, r->repo, content.buf,
					content.len) < 0) {
		ret = gi_notes_write_failed("unable to write note");
		goto done;
	}
	ret = 0;
done:
	gi_buf_release(&content);
	gi_lines_release(&la);
	gi_lines_release(&lb);
	return ret;
}

static int cmp_anchor_only(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct gi_issue_entry *)a)->anchor,
			   &((const struct gi_issue_entry *)b)->anchor);
}

/* Their notes into `edit`: taken as they are, or united with ours. */
static int merge_notes(struct gi_notes_edit *edit, struct gi_repo *r,
		       const struct gi_issue_list *on,
		       const struct gi_issue_list *tn)
{
	size_t i;

	for (i = 0; i < tn->nr; i++) {
		struct gi_issue_entry *mine = on->nr ? bsearch(&tn->v[i],
			on->v, on->nr, sizeof(*on->v), cmp_anchor_only) : NULL;
		git_oid blob;
		int err = 0;

		if (mine && git_oid_equal(&mine->note, &tn->v[i].note))
			continue;
		if (!mine)
			git_oid_cpy(&blob, &tn->v[i].note);
		else
			err = union_blobs(&blob, r, &mine->note,
					  &tn->v[i].note);
		if (!err)
			err = gi_notes_edit_set_note(edit, &tn->v[i].anchor,
						     &blob);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Their anchors/ entries that we lack, into `edit`. */
static int merge_anchors(struct gi_notes_edit *edit, struct gi_repo *r,
			 const git_tree_entry *e)
{
	git_tree *theirs = NULL;
	size_t j;
	int ret = -1;

	if (git_tree_lookup(&theirs, r->repo, git_tree_entry_id(e)) < 0) {
		gi_error("unable to read anchors: %s",
			 gi_git_errmsg("unknown error"));
		return -1;
	}
	for (j = 0; j < git_tree_entrycount(theirs); j++) {
		const git_tree_entry *a = git_tree_entry_byindex(theirs, j);
		git_oid want;
		long num;

		/* a wrong entry of theirs is not carried into our tree */
		if (gi_parse_issue(git_tree_entry_name(a), &num) < 0)
			continue;
		gi_notes_anchor(&want, num);
		if (!git_oid_equal(&want, git_tree_entry_id(a)))
			continue;
		if (!gi_notes_edit_get_anchor(edit, git_tree_entry_name(a)) &&
		    gi_notes_edit_set_anchor(edit, git_tree_entry_name(a),
					     git_tree_entry_id(a)) < 0)
			goto done;
	}
	ret = 0;
done:
	git_tree_free(theirs);
	return ret;
}

/* Their non-note entries (anchors/ and anything else) that we lack. */
static int merge_extras(struct gi_notes_edit *edit, struct gi_repo *r,
			git_tree *tt)
{
	size_t i;

	for (i = 0; i < git_tree_entrycount(tt); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tt, i);
		const char *name = git_tree_entry_name(e);

		if (gi_notes_is_hex(name) &&
		    (strlen(name) == 2 || strlen(name) == GIT_OID_HEXSZ))
			continue;
		if (!strcmp(name, GI_ANCHORS_DIR) &&
		    git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			if (merge_anchors(edit, r, e) < 0)
				return -1;
		} else if (!git_treebuilder_get(edit->root, name) &&
			   git_treebuilder_insert(NULL, edit->root, name,
				git_tree_entry_id(e),
				git_tree_entry_filemode(e)) < 0) {
			return gi_error("unable to merge entry '%s': %s", name,
					gi_git_errmsg("unknown error"));
		}
	}
	return 0;
}

/*
 * Lines of `ours` that `theirs` lacks, per issue, reported as what
 * `name` tried to remove. A note that theirs has as a tree or a gitlink,
 * or not at all, counts whole. @return the count, or -1 (reported).
 */
static long report_dropped(struct gi_repo *r, const git_oid *ours,
			   const git_oid *theirs, const char *name)
{
	struct gi_issue_list on = { 0 };
	git_tree *tt = NULL;
	long total = 0;
	size_t i, k;

	if (gi_store_list(&on, r, ours) < 0 ||
	    gi_notes_tree(&tt, r, theirs) < 0) {
		gi_issue_list_release(&on);
		return -1;
	}
	for (i = 0; i < on.nr; i++) {
		struct gi_lines mine = GI_LINES_INIT, other = GI_LINES_INIT;
		char hex[GIT_OID_HEXSZ + 1];
		git_oid note;
		long n = 0;

		git_oid_tostr(hex, sizeof(hex), &on.v[i].anchor);
		if (tt && gi_notes_find(&note, r->repo, tt, hex)) {
			if (git_oid_equal(&note, &on.v[i].note))
				continue;
			if (gi_store_read_blob(&other, r, &note) < 0)
				goto fail;
		}
		if (gi_store_read_blob(&mine, r, &on.v[i].note) < 0) {
			gi_lines_release(&other);
			goto fail;
		}
		for (k = 0; k < mine.nr; k++)
			n += !gi_lines_has(&other, mine.v[k].p, mine.v[k].len);
		if (n) {
			if (on.v[i].issue)
				gi_warning("%s drops %ld record%s of issue #%ld "
					   "that this clone has; kept", name, n,
					   n == 1 ? "" : "s", on.v[i].issue);
			else
				gi_warning("%s drops %ld line%s of the note on "
					   "%s; kept", name, n, n == 1 ? "" : "s",
					   hex);
		}
		total += n;
		gi_lines_release(&mine);
		gi_lines_release(&other);
	}
	gi_issue_list_release(&on);
	git_tree_free(tt);
	return total;
fail:
	gi_issue_list_release(&on);
	git_tree_free(tt);
	return -1;
}

int gi_store_merge(git_oid *out, struct gi_repo *r, const git_oid *ours,
		   const git_oid *theirs, const char *message)
{
	return gi_store_merge_from(out, r, ours, theirs, message, NULL);
}

int gi_store_merge_from(git_oid *out, struct gi_repo *r, const git_oid *ours,
			const git_oid *theirs, const char *message,
			const char *name)
{
	static const struct gi_backoff wait = GI_STORE_BACKOFF;
	git_tree *ot = NULL, *tt = NULL;
	struct gi_issue_list on = { 0 }, tn = { 0 };
	struct gi_notes_edit edit;
	int edit_ready = 0, ret = -1, attempt;
	git_oid tree_id;
	const git_oid *parents[2] = { ours, theirs };
	char prefix[GIT_OID_HEXSZ + 1];

	if (git_oid_equal(ours, theirs) ||
	    git_graph_descendant_of(r->repo, ours, theirs) == 1) {
		git_oid_cpy(out, ours);
		return 0;
	}
	/*
	 * A fast-forward is taken as it is only when it keeps every line of
	 * ours: sync never deletes records, so a remote that descends from
	 * us but drops lines (or puts a tree or a gitlink where a note was)
	 * gets the union like any other, and is told about.
	 */
	if (git_graph_descendant_of(r->repo, theirs, ours) == 1) {
		long dropped = report_dropped(r, ours, theirs,
					      name ? name : "the other side");

		if (dropped < 0)
			return -1;
		if (!dropped) {
			git_oid_cpy(out, theirs);
			return 0;
		}
	}
	if (gi_notes_tree(&ot, r, ours) < 0 ||
	    gi_notes_tree(&tt, r, theirs) < 0)
		goto done;
	if (gi_notes_walk(&on, r->repo, ot, prefix, 0) < 0 ||
	    gi_notes_walk(&tn, r->repo, tt, prefix, 0) < 0)
		goto done;
	qsort(on.v, on.nr, sizeof(*on.v), cmp_anchor_only);
	if (gi_notes_edit_init(&edit, r, ot) < 0) {
		gi_error("unable to read notes tree: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	edit_ready = 1;
	/* a write that a concurrent gc broke is tried again, a few times */
	for (attempt = 0; attempt < 20; attempt++) {
		ret = merge_notes(&edit, r, &on, &tn);
		if (!ret)
			ret = merge_extras(&edit, r, tt);
		if (!ret)
			ret = gi_notes_edit_write(&tree_id, &edit);
		if (!ret)
			ret = gi_notes_commit(out, r, &tree_id, parents, 2,
					      message ? message :
					      "git issue-sync: merge notes");
		if (ret != GI_WRITE_AGAIN)
			break;
		gi_backoff(&wait, attempt);
	}
	if (ret == GI_WRITE_AGAIN)
		ret = gi_error("unable to write objects: %s",
			       gi_git_errmsg("unknown error"));
	ret = ret < 0 ? -1 : 0;
done:
	if (edit_ready)
		gi_notes_edit_release(&edit);
	gi_issue_list_release(&on);
	gi_issue_list_release(&tn);
	git_tree_free(ot);
	git_tree_free(tt);
	return ret;
}
