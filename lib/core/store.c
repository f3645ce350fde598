/*
 * store.c: reading issue notes in refs/notes/issues: one issue's note,
 * and the list of every issue that has one (store.h). Writing is in
 * store-write.c, the union merge in store-merge.c, the notes tree itself
 * in notes-tree.c.
 */
#include "gitissue/core/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache-file.h"
#include "core/notes-tree.h"
#include "gitissue/core/issue.h"

int gi_store_tip(git_oid *out, struct gi_repo *r, const char *ref)
{
	int err = git_reference_name_to_id(out, r->repo, ref);

	if (err == GIT_ENOTFOUND)
		return GIT_ENOTFOUND;
	if (err < 0)
		return gi_error("unable to read '%s': %s", ref,
				gi_git_errmsg("unknown error"));
	return 0;
}

int gi_store_read_blob(struct gi_lines *out, struct gi_repo *r,
		       const git_oid *blob)
{
	git_blob *b;
	size_t len;
	char *copy;

	if (git_blob_lookup(&b, r->repo, blob) < 0)
		return gi_error("unable to read note %s: %s",
				git_oid_tostr_s(blob),
				gi_git_errmsg("unknown error"));
	len = (size_t)git_blob_rawsize(b);
	copy = gi_xmalloc(len + 1);
	memcpy(copy, git_blob_rawcontent(b), len);
	copy[len] = '\0';
	git_blob_free(b);
	gi_lines_own(out, copy);
	gi_lines_parse(out, copy, len);
	return 0;
}

int gi_store_read(struct gi_lines *out, struct gi_repo *r,
		  const git_oid *notes, long n)
{
	git_tree *tree;
	git_oid anchor, note;
	char hex[GIT_OID_HEXSZ + 1];
	int ret = 0;

	if (gi_notes_tree(&tree, r, notes) < 0)
		return -1;
	if (!tree)
		return 0;
	gi_notes_anchor(&anchor, n);
	git_oid_tostr(hex, sizeof(hex), &anchor);
	if (gi_notes_find(&note, r->repo, tree, hex))
		ret = gi_store_read_blob(out, r, &note);
	git_tree_free(tree);
	return ret;
}

static int cmp_entry_issue(const void *a, const void *b)
{
	const struct gi_issue_entry *x = a, *y = b;

	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	return git_oid_cmp(&x->anchor, &y->anchor);
}

/* The anchors/ map: anchor id -> issue number, sorted by id. */
struct anchor_map {
	struct gi_issue_entry *v;
	size_t nr, alloc;
};

static int cmp_entry_anchor(const void *a, const void *b)
{
	const struct gi_issue_entry *x = a, *y = b;

	return git_oid_cmp(&x->anchor, &y->anchor);
}

static int read_anchor_map(struct anchor_map *m, git_repository *repo,
			   git_tree *root, int *warned)
{
	const git_tree_entry *e = git_tree_entry_byname(root, GI_ANCHORS_DIR);
	git_tree *at;
	size_t i, n;

	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	if (git_tree_lookup(&at, repo, git_tree_entry_id(e)) < 0)
		return gi_error("unable to read anchors: %s",
				gi_git_errmsg("unknown error"));
	n = git_tree_entrycount(at);
	for (i = 0; i < n; i++) {
		const git_tree_entry *a = git_tree_entry_byindex(at, i);
		git_oid want;
		long num;

		if (gi_parse_issue(git_tree_entry_name(a), &num) < 0)
			continue;
		/*
		 * The anchor of N is computed, so an entry is checked, not
		 * trusted: swapped or forged entries (another clone's notes
		 * are data) would send a note to the wrong GitHub issue. The
		 * note's number then comes from its anchor blob.
		 */
		gi_notes_anchor(&want, num);
		if (!git_oid_equal(&want, git_tree_entry_id(a))) {
			char label[GI_ISSUE_NAME_MAX];

			gi_warning("%s/%s in %s is not the anchor of issue %s; "
				   "ignored", GI_ANCHORS_DIR,
				   git_tree_entry_name(a), GI_NOTES_REF,
				   gi_issue_label(num, label));
			*warned = 1;
			continue;
		}
		GI_ALLOC_GROW(m->v, m->nr + 1, m->alloc);
		m->v[m->nr].issue = num;
		git_oid_cpy(&m->v[m->nr].anchor, git_tree_entry_id(a));
		m->nr++;
	}
	git_tree_free(at);
	qsort(m->v, m->nr, sizeof(*m->v), cmp_entry_anchor);
	return 0;
}

/* An anchor not listed under anchors/ (a stock `git notes merge` keeps
 * only the local side's non-note entries): read the blob itself. */
static long anchor_from_blob(git_repository *repo, const git_oid *id)
{
	git_blob *b;
	long n = 0;
	char buf[40];
	size_t len;

	if (git_blob_lookup(&b, repo, id) < 0)
		return 0;
	len = (size_t)git_blob_rawsize(b);
	if (len > 10 && len < sizeof(buf) &&
	    !memcmp(git_blob_rawcontent(b), "git-issue ", 10)) {
		memcpy(buf, git_blob_rawcontent(b), len);
		buf[len] = '\0';
		if (buf[len - 1] == '\n') {
			buf[len - 1] = '\0';
			if (gi_parse_issue(buf + 10, &n) < 0)
				n = 0;
		}
	}
	git_blob_free(b);
	return n;
}

static int list_tree(struct gi_issue_list *out, struct gi_repo *r,
		     git_tree *tree, int *warned)
{
	struct anchor_map map = { NULL, 0, 0 };
	char prefix[GIT_OID_HEXSZ + 1];
	size_t i;

	if (read_anchor_map(&map, r->repo, tree, warned) < 0 ||
	    gi_notes_walk(out, r->repo, tree, prefix, 0) < 0) {
		free(map.v);
		return -1;
	}
	for (i = 0; i < out->nr; i++) {
		struct gi_issue_entry *hit = map.nr ? bsearch(&out->v[i],
			map.v, map.nr, sizeof(*map.v), cmp_entry_anchor) : NULL;

		out->v[i].issue = hit ? hit->issue :
			anchor_from_blob(r->repo, &out->v[i].anchor);
	}
	free(map.v);
	qsort(out->v, out->nr, sizeof(*out->v), cmp_entry_issue);
	return 0;
}

/*
 * The listing of a notes tree is a function of the tree (its id names
 * its content, anchors included), so it is kept by tree id in
 * issue-cache/listing, which holds the last one listed (a second listing
 * in one process, as git issue-ready makes, reads it too):
 *
 *   "GIILIST\0", version, byte order, the tree id, 4 bytes of zeros,
 *   the entry count, the checksum; then per entry the anchor id, the
 *   note id and the issue (64 bits)
 *
 * A listing that warned (a forged anchors/ entry) is not kept, so that
 * every listing of that tree warns again.
 */
#define LIST_MAGIC "GIILIST"
#define LIST_VERSION 1
#define LIST_HEADER 56
#define LIST_ENTRY 48
#define LIST_FILE "listing"

/* The listing of `tree` from issue-cache/listing. @return 1 when it
 * was there and checks out, else 0. */
static int disk_get(struct gi_issue_list *out, struct gi_repo *r,
		    const git_oid *tree)
{
	gi_buf data = GI_BUF_INIT;
	const unsigned char *h;
	uint64_t nr;
	size_t i;
	int ok = 0;

	if (gi_cache_file_read(&data, r, LIST_FILE) < 0 ||
	    data.len < LIST_HEADER)
		goto done;
	h = (const unsigned char *)data.buf;
	nr = gi_cache_get64(h + 40);
	if (memcmp(h, LIST_MAGIC, 8) || gi_cache_get32(h + 8) != LIST_VERSION ||
	    gi_cache_get32(h + 12) != GI_CACHE_BYTE_ORDER ||
	    memcmp(h + 16, tree->id, GIT_OID_RAWSZ) ||
	    nr > (data.len - LIST_HEADER) / LIST_ENTRY ||
	    data.len != LIST_HEADER + nr * LIST_ENTRY ||
	    gi_cache_get64(h + 48) != gi_cache_checksum(h, data.len, 48))
		goto done;
	out->v = gi_xcalloc((size_t)nr + 1, sizeof(*out->v));
	for (i = 0; i < nr; i++) {
		const unsigned char *e = h + LIST_HEADER + i * LIST_ENTRY;

		git_oid_fromraw(&out->v[i].anchor, e);
		git_oid_fromraw(&out->v[i].note, e + 20);
		out->v[i].issue = (long)(int64_t)gi_cache_get64(e + 40);
	}
	out->nr = out->alloc = (size_t)nr;
	ok = 1;
done:
	gi_buf_release(&data);
	return ok;
}

static void disk_set(struct gi_repo *r, const git_oid *tree,
		     const struct gi_issue_list *l)
{
	size_t len = LIST_HEADER + l->nr * LIST_ENTRY, i;
	unsigned char *h = gi_xcalloc(len, 1);

	memcpy(h, LIST_MAGIC, 8);
	gi_cache_put32(h + 8, LIST_VERSION);
	gi_cache_put32(h + 12, GI_CACHE_BYTE_ORDER);
	memcpy(h + 16, tree->id, GIT_OID_RAWSZ);
	gi_cache_put64(h + 40, (uint64_t)l->nr);
	for (i = 0; i < l->nr; i++) {
		unsigned char *e = h + LIST_HEADER + i * LIST_ENTRY;

		memcpy(e, l->v[i].anchor.id, GIT_OID_RAWSZ);
		memcpy(e + 20, l->v[i].note.id, GIT_OID_RAWSZ);
		gi_cache_put64(e + 40, (uint64_t)(int64_t)l->v[i].issue);
	}
	gi_cache_put64(h + 48, gi_cache_checksum(h, len, 48));
	gi_cache_file_replace(r, LIST_FILE, h, len);
	free(h);
}

/* The tree id of notes commit `notes` (NULL: the ref's tip), without
 * reading the tree. @return 0, 1 when there is no notes ref, or -1. */
static int notes_tree_id(git_oid *out, struct gi_repo *r,
			 const git_oid *notes)
{
	git_commit *c = NULL;
	git_oid tip;
	int err;

	if (!notes) {
		err = gi_store_tip(&tip, r, GI_NOTES_REF);
		if (err == GIT_ENOTFOUND)
			return 1;
		if (err < 0)
			return -1;
		notes = &tip;
	}
	if (git_commit_lookup(&c, r->repo, notes) < 0)
		return gi_error("unable to read notes commit %s: %s",
				git_oid_tostr_s(notes),
				gi_git_errmsg("unknown error"));
	git_oid_cpy(out, git_commit_tree_id(c));
	git_commit_free(c);
	return 0;
}

int gi_store_list(struct gi_issue_list *out, struct gi_repo *r,
		  const git_oid *notes)
{
	git_tree *tree;
	git_oid id;
	int ret, warned = 0;

	memset(out, 0, sizeof(*out));
	ret = notes_tree_id(&id, r, notes);
	if (ret)
		return ret < 0 ? -1 : 0;
	if (disk_get(out, r, &id))
		return 0;
	if (git_tree_lookup(&tree, r->repo, &id) < 0)
		return gi_error("unable to read notes tree %s: %s",
				git_oid_tostr_s(&id),
				gi_git_errmsg("unknown error"));
	ret = list_tree(out, r, tree, &warned);
	git_tree_free(tree);
	if (!ret && !warned)
		disk_set(r, &id, out);
	return ret;
}

void gi_issue_list_release(struct gi_issue_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
