/*
 * store.c: reading and writing issue notes in refs/notes/issues.
 *
 * We edit the notes tree ourselves instead of going through git_note_*:
 * libgit2's note iterator does not skip non-note entries (our anchors/),
 * and git_note_create force-writes the ref, silently dropping a concurrent
 * writer's note. Trees may come from stock git with fan-out (xx/yyyy...);
 * we read any fan-out and write new notes at the fan-out level the tree
 * already uses, as git and libgit2 both do.
 */
#include "gitissue/core/store.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/loose.h"
#include "gitissue/util/config.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/run.h"

/*
 * An object write that failed only because a concurrent `git gc` removed
 * the empty fan-out directory between libgit2's mkdir and its rename:
 * worth trying again, and not worth a message until the tries run out
 * (2 of 400 writes failed so beside gc). The message is libgit2's, the
 * same in 1.5 and 1.9, or loose.c's when the directory vanished through
 * all of its own tries (the likely cause of one t1410 failure in make
 * test under load; its output was not kept, the test now prints it).
 */
#define WRITE_AGAIN (-1900)

static int object_write_failed(const char *what)
{
	const git_error *e = git_error_last();

	if (e && e->message &&
	    (strstr(e->message, "failed to rename lockfile") ||
	     strstr(e->message, "unable to create temporary object")) &&
	    strstr(e->message, "No such file or directory"))
		return WRITE_AGAIN;
	return gi_error("%s: %s", what, gi_git_errmsg("unknown error"));
}

/* "git-issue 57\n", "git-issue new-1a2b3c4\n" */
static int anchor_text(char buf[48], long n)
{
	char name[GI_ISSUE_NAME_MAX];

	return snprintf(buf, 48, "git-issue %s\n", gi_issue_name(n, name));
}

void gi_anchor_oid(git_oid *out, long n)
{
	char buf[48];
	int len = anchor_text(buf, n);

	git_odb_hash(out, buf, (size_t)len, GIT_OBJECT_BLOB);
}

static int write_anchor(git_oid *out, struct gi_repo *r, long n)
{
	char buf[48], label[GI_ISSUE_NAME_MAX];
	int len = anchor_text(buf, n);

	char what[80];

	if (gi_loose_write(out, r, GIT_OBJECT_BLOB, buf, (size_t)len) < 0) {
		snprintf(what, sizeof(what), "unable to write anchor of issue "
			 "%s", gi_issue_label(n, label));
		return object_write_failed(what);
	}
	return 0;
}

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

/* The tree of notes commit `notes`, or of the ref's tip; *tree NULL when
 * there is no notes ref yet. */
static int notes_tree(git_tree **tree, struct gi_repo *r, const git_oid *notes)
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
static int find_note(git_oid *out, git_repository *repo, const git_tree *tree,
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

	if (notes_tree(&tree, r, notes) < 0)
		return -1;
	if (!tree)
		return 0;
	gi_anchor_oid(&anchor, n);
	git_oid_tostr(hex, sizeof(hex), &anchor);
	if (find_note(&note, r->repo, tree, hex))
		ret = gi_store_read_blob(out, r, &note);
	git_tree_free(tree);
	return ret;
}

/*
 * Editing a notes tree: a builder for the root, kept open across several
 * changes so that a merge of many notes rewrites the root once. The
 * anchors/ tree gets a builder only when an anchor is really added: with
 * a thousand issues, rewriting it on every note was a third of a write.
 */
struct tree_edit {
	struct gi_repo *r;
	git_treebuilder *root;
	git_tree *anchors_base;		/* anchors/ as it was, or NULL */
	git_treebuilder *anchors;	/* made on the first change */
};

static int edit_init(struct tree_edit *t, struct gi_repo *r, git_tree *base)
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
	return 0;
}

static void edit_release(struct tree_edit *t)
{
	git_treebuilder_free(t->root);
	git_treebuilder_free(t->anchors);
	git_tree_free(t->anchors_base);
}

/* Does this builder level hold fan-out subtrees (two hex digits)? */
struct fanout_probe {
	int found;
};

static int is_hex(const char *s)
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
	    is_hex(name))
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

static int edit_set_note(struct tree_edit *t, const git_oid *anchor,
			 const git_oid *blob)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), anchor);
	if (set_note_in(t->r, t->root, hex, 0, blob) < 0)
		return object_write_failed("unable to update notes tree");
	return 0;
}

/* The anchor recorded under anchors/<name>, or NULL. */
static const git_oid *edit_get_anchor(struct tree_edit *t, const char *name)
{
	const git_tree_entry *e = t->anchors ?
		git_treebuilder_get(t->anchors, name) :
		t->anchors_base ? git_tree_entry_byname(t->anchors_base, name) :
		NULL;

	return e ? git_tree_entry_id(e) : NULL;
}

static int edit_set_anchor(struct tree_edit *t, const char *name,
			   const git_oid *anchor)
{
	const git_oid *cur = edit_get_anchor(t, name);

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
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB && is_hex(name)) {
		GI_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
		memcpy(f->v[f->nr].name, name, GIT_OID_HEXSZ + 1);
		git_oid_cpy(&f->v[f->nr].id, git_tree_entry_id(e));
		f->nr++;
	}
	return 0;
}

static int cmp_flat(const void *a, const void *b)
{
	return strcmp(a, b);	/* name is the first member */
}

/* Move the root's notes into xx/ subtrees once there are too many. */
static int edit_fan_out(struct tree_edit *t)
{
	struct flat_notes f = { NULL, 0, 0 };
	size_t i = 0, j;
	int ret = -1;

	git_treebuilder_filter(t->root, collect_flat, &f);
	if (f.nr <= FANOUT_THRESHOLD) {
		free(f.v);
		return 0;
	}
	qsort(f.v, f.nr, sizeof(*f.v), cmp_flat);
	while (i < f.nr) {
		char two[3] = { f.v[i].name[0], f.v[i].name[1], 0 };
		git_treebuilder *sb = NULL;
		const git_tree_entry *e = git_treebuilder_get(t->root, two);
		git_tree *sub = NULL;
		git_oid sub_id;
		int err;

		/* a subtree may exist already (a mixed tree) */
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&sub, t->r->repo, git_tree_entry_id(e)) < 0)
			goto done;
		err = git_treebuilder_new(&sb, t->r->repo, sub);
		git_tree_free(sub);
		if (err < 0)
			goto done;
		for (j = i; j < f.nr && !strncmp(f.v[j].name, two, 2); j++)
			if (git_treebuilder_insert(NULL, sb, f.v[j].name + 2,
						   &f.v[j].id,
						   GIT_FILEMODE_BLOB) < 0 ||
			    git_treebuilder_remove(t->root, f.v[j].name) < 0) {
				git_treebuilder_free(sb);
				goto done;
			}
		err = gi_loose_write_tree(&sub_id, t->r, sb);
		git_treebuilder_free(sb);
		if (err < 0 || git_treebuilder_insert(NULL, t->root, two,
					&sub_id, GIT_FILEMODE_TREE) < 0)
			goto done;
		i = j;
	}
	ret = 0;
done:
	free(f.v);
	if (ret < 0)
		gi_error("unable to fan the notes tree out: %s",
			 gi_git_errmsg("unknown error"));
	return ret;
}

static int edit_write(git_oid *tree_out, struct tree_edit *t)
{
	git_oid aid;

	if (t->anchors && git_treebuilder_entrycount(t->anchors) &&
	    (gi_loose_write_tree(&aid, t->r, t->anchors) < 0 ||
	     git_treebuilder_insert(NULL, t->root, GI_ANCHORS_DIR, &aid,
				    GIT_FILEMODE_TREE) < 0))
		return object_write_failed("unable to write anchors");
	if (edit_fan_out(t) < 0)
		return -1;
	if (gi_loose_write_tree(tree_out, t->r, t->root) < 0)
		return object_write_failed("unable to write notes tree");
	return 0;
}

/* A signature for now from "name <email>" (what gi_identity gives). */
static int signature_of(git_signature **sig, const char *ident)
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

static int make_signature(git_signature **sig, struct gi_repo *r)
{
	char *id = gi_identity(r);
	int ret = signature_of(sig, id);

	free(id);
	return ret;
}

static int make_commit(git_oid *out, struct gi_repo *r, const git_oid *tree_id,
		       const git_oid **parent_ids, size_t nparents,
		       const char *message)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	const git_commit *parents[2] = { NULL, NULL };
	size_t i;
	int ret = -1;

	if (make_signature(&sig, r) < 0)
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
	ret = object_write_failed("unable to create notes commit");
done:
	for (i = 0; i < nparents; i++)
		git_commit_free((git_commit *)parents[i]);
	git_tree_free(tree);
	git_signature_free(sig);
	return ret;
}

static int object_present(struct gi_repo *r, const git_oid *id)
{
	git_odb *odb = NULL;
	int present;

	if (git_repository_odb(&odb, r->repo) < 0)
		return 1;	/* cannot tell: report the ref's own error */
	present = git_odb_exists(odb, id);
	git_odb_free(odb);
	return present;
}

/* gi_store_cas, but WRITE_AGAIN, unreported, when the object vanished */
static int store_cas(struct gi_repo *r, const char *ref, const git_oid *new,
		     const git_oid *old, const char *logmsg)
{
	git_reference *out = NULL;
	git_oid zero;
	int err;

	memset(&zero, 0, sizeof(zero));
	/*
	 * force=1 with an expected value: libgit2 compares under the ref's
	 * lock. The zero id as the expected value makes creation atomic too
	 * (a NULL current_id checks existence before taking the lock).
	 */
	err = git_reference_create_matching(&out, r->repo, ref, new, 1,
					    old ? old : &zero, logmsg);
	git_reference_free(out);
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS)
		return GIT_EMODIFIED;
	if (err == GIT_ELOCKED)
		return GIT_ELOCKED;
	/*
	 * libgit2 refuses a target that is not in the object store. The
	 * object was written a moment ago, so a concurrent `git gc` or
	 * `git prune` took it as unreachable (seen once in ~3,000 writes
	 * of t1410 under load): write it again, quietly.
	 */
	if (err < 0 && !object_present(r, new))
		return WRITE_AGAIN;
	if (err < 0)
		return gi_error("unable to update '%s': %s", ref,
				gi_git_errmsg("unknown error"));
	return 0;
}

int gi_store_cas(struct gi_repo *r, const char *ref, const git_oid *new,
		 const git_oid *old, const char *logmsg)
{
	int err = store_cas(r, ref, new, old, logmsg);

	if (err == WRITE_AGAIN)
		return gi_error("unable to update '%s': %s vanished from the "
				"object store (a concurrent gc?); try again",
				ref, git_oid_tostr_s(new));
	return err;
}

int gi_store_locked_error(struct gi_repo *r, const char *ref)
{
	gi_buf lock = GI_BUF_INIT;
	struct stat sb;
	int ret;

	gi_buf_addf(&lock, "%s/%s.lock", r->commondir, ref);
	if (!stat(lock.buf, &sb))
		ret = gi_error("unable to update '%s': '%s' exists; another git "
			       "process seems to be running in this "
			       "repository, or one was killed: if none is "
			       "running, remove that file and try again", ref,
			       lock.buf);
	else
		ret = gi_error("unable to update '%s': it stayed locked by "
			       "another writer; try again", ref);
	gi_buf_release(&lock);
	return ret;
}

/* 1 ms plus up to 1-5 ms of jitter, growing with the attempts, so that
 * writers that collided do not collide again in lockstep. */
static void backoff(int attempt)
{
	unsigned int scale = attempt < 4 ? (unsigned int)attempt + 1 : 4;

	usleep((useconds_t)(1000 + gi_random_u32() % (1000u * scale)));
}

/* What every attempt of one append shares. */
struct append_ctx {
	struct gi_repo *r;
	long n;
	const char *ref;
	const char *message;	/* of the notes commit */
	char logmsg[64];	/* of the ref update */
	char name[24];		/* the issue number, the anchors/ entry */
	git_oid anchor;
	git_signature *sig;	/* of the notes commit */
};

/* Lines of `lines` that `cur` does not hold. */
static size_t count_new(const struct gi_lines *cur,
			const struct gi_lines *lines)
{
	size_t i, added = 0;

	for (i = 0; i < lines->nr; i++)
		if (!gi_lines_has(cur, lines->v[i].p, lines->v[i].len))
			added++;
	return added;
}

/* Blob, tree and commit for issue a->n's new note `content` over `old`
 * (NULL: the ref does not exist yet; `base` its tree). */
static int write_note_commit(git_oid *commit_id, struct append_ctx *a,
			     git_tree *base, const git_oid *old,
			     const gi_buf *content)
{
	struct tree_edit edit;
	git_oid blob, tree_id, blob_anchor;
	const git_oid *parents[1] = { old }, *anchor;
	int err;

	if (gi_loose_write(&blob, a->r, GIT_OBJECT_BLOB, content->buf,
			   content->len) < 0)
		return object_write_failed("unable to write note");
	if (edit_init(&edit, a->r, base) < 0)
		return gi_error("unable to read notes tree: %s",
				gi_git_errmsg("unknown error"));
	/* the anchor blob, unless anchors/ records it (then it is there
	 * and reachable: nothing to write, nothing to freshen) */
	anchor = edit_get_anchor(&edit, a->name);
	err = anchor && git_oid_equal(anchor, &a->anchor) ? 0 :
		write_anchor(&blob_anchor, a->r, a->n);
	if (!err)
		err = edit_set_note(&edit, &a->anchor, &blob);
	if (!err)
		err = edit_set_anchor(&edit, a->name, &a->anchor);
	if (!err)
		err = edit_write(&tree_id, &edit);
	edit_release(&edit);
	if (err < 0)
		return err;
	if (gi_loose_write_commit(commit_id, a->r, &tree_id, parents,
				  old ? 1 : 0, a->sig, a->message) < 0)
		return object_write_failed("unable to create notes commit");
	return 0;
}

/*
 * One attempt: read the tip, add what is new, move the ref.
 * @return 0 moved, 1 nothing new (the ref is left alone), GIT_EMODIFIED
 * when another writer moved it first, or -1 (reported).
 */
static int append_once(struct append_ctx *a, const struct gi_lines *lines,
		       size_t *added)
{
	struct gi_lines cur = GI_LINES_INIT;
	gi_buf content = GI_BUF_INIT;
	git_tree *base = NULL;
	git_oid old, commit_id, note;
	char hex[GIT_OID_HEXSZ + 1];
	int err, have_old, ret = -1;

	err = gi_store_tip(&old, a->r, a->ref);
	if (err < 0 && err != GIT_ENOTFOUND)
		goto done;
	have_old = !err;
	if (have_old && notes_tree(&base, a->r, &old) < 0)
		goto done;
	git_oid_tostr(hex, sizeof(hex), &a->anchor);
	if (base && find_note(&note, a->r->repo, base, hex) &&
	    gi_store_read_blob(&cur, a->r, &note) < 0)
		goto done;
	*added = count_new(&cur, lines);
	if (!*added) {
		ret = 1;
		goto done;
	}
	gi_lines_union(&cur, lines);
	gi_lines_write(&cur, &content);
	err = write_note_commit(&commit_id, a, base, have_old ? &old : NULL,
				&content);
	if (err < 0) {
		ret = err;
		goto done;
	}
	ret = store_cas(a->r, a->ref, &commit_id, have_old ? &old : NULL,
			a->logmsg);
done:
	gi_buf_release(&content);
	gi_lines_release(&cur);
	git_tree_free(base);
	return ret;
}

int gi_store_append(struct gi_repo *r, long n, const struct gi_lines *lines,
		    struct gi_append_opts *opts)
{
	struct append_ctx a;
	int max_tries = opts && opts->max_tries ? opts->max_tries : 100;
	int attempt, err = -1;
	size_t added = 0;

	memset(&a, 0, sizeof(a));
	a.r = r;
	a.n = n;
	a.ref = opts && opts->ref ? opts->ref : GI_NOTES_REF;
	gi_issue_name(n, a.name);
	snprintf(a.logmsg, sizeof(a.logmsg), "git issue-note: issue %s",
		 a.name);
	a.message = opts && opts->message ? opts->message : a.logmsg;
	gi_anchor_oid(&a.anchor, n);
	if (opts && opts->ident)
		err = signature_of(&a.sig, opts->ident);
	else
		err = make_signature(&a.sig, r);
	if (err < 0)
		return -1;
	/* the reflog's identity too: libgit2 would look it up again */
	git_repository_set_ident(r->repo, a.sig->name, a.sig->email);
	for (attempt = 0; attempt < max_tries; attempt++) {
		if (opts)
			opts->tries = attempt + 1;
		err = append_once(&a, lines, &added);
		if (err != GIT_EMODIFIED && err != GIT_ELOCKED &&
		    err != WRITE_AGAIN)
			break;
		backoff(attempt);
	}
	if (opts)
		opts->added = added;
	git_repository_set_ident(r->repo, NULL, NULL);
	git_signature_free(a.sig);
	/* a lock that stays is not a lost race: name it */
	if (err == GIT_ELOCKED)
		return gi_store_locked_error(r, a.ref);
	if (err == GIT_EMODIFIED)
		return gi_error("gave up updating '%s' after %d tries: other "
				"writers kept moving it", a.ref, max_tries);
	if (err == WRITE_AGAIN)
		return gi_error("unable to write objects after %d tries: %s",
				max_tries, gi_git_errmsg("unknown error"));
	return err < 0 ? -1 : 0;
}

/*
 * One attempt of gi_store_append_many: every issue's new lines in one
 * tree edit and one commit. Same results as append_once.
 */
static int append_many_once(struct gi_repo *r, struct gi_store_item *items,
			    size_t nr, const char *ref, const char *message,
			    size_t *added)
{
	struct tree_edit edit;
	git_tree *base = NULL;
	git_oid old, tree_id, commit_id;
	const git_oid *parents[1] = { &old };
	int err, have_old, edit_ready = 0, ret = -1;
	size_t i;

	*added = 0;
	err = gi_store_tip(&old, r, ref);
	if (err < 0 && err != GIT_ENOTFOUND)
		return -1;
	have_old = !err;
	if (have_old && notes_tree(&base, r, &old) < 0)
		return -1;
	if (edit_init(&edit, r, base) < 0) {
		gi_error("unable to read notes tree: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	edit_ready = 1;
	for (i = 0; i < nr; i++) {
		struct gi_lines cur = GI_LINES_INIT;
		gi_buf content = GI_BUF_INIT;
		char hex[GIT_OID_HEXSZ + 1], name[GI_ISSUE_NAME_MAX];
		git_oid anchor, note, blob;
		size_t n;

		items[i].added = 0;
		if (write_anchor(&anchor, r, items[i].issue) < 0)
			goto done;
		git_oid_tostr(hex, sizeof(hex), &anchor);
		if (base && find_note(&note, r->repo, base, hex) &&
		    gi_store_read_blob(&cur, r, &note) < 0)
			goto done;
		n = count_new(&cur, items[i].lines);
		if (n) {
			gi_lines_union(&cur, items[i].lines);
			gi_lines_write(&cur, &content);
			if (git_blob_create_from_buffer(&blob, r->repo,
					content.buf, content.len) < 0) {
				gi_error("unable to write note: %s",
					 gi_git_errmsg("unknown error"));
				n = 0;
				err = -1;
			} else if (edit_set_note(&edit, &anchor, &blob) < 0 ||
				   edit_set_anchor(&edit, gi_issue_name(
						items[i].issue, name),
						&anchor) < 0) {
				err = -1;
			}
		}
		gi_buf_release(&content);
		gi_lines_release(&cur);
		if (err == -1)
			goto done;
		items[i].added = n;
		*added += n;
	}
	if (!*added) {
		ret = 1;
		goto done;
	}
	if (edit_write(&tree_id, &edit) < 0 ||
	    make_commit(&commit_id, r, &tree_id, parents, have_old ? 1 : 0,
			message) < 0)
		goto done;
	ret = store_cas(r, ref, &commit_id, have_old ? &old : NULL,
			message);
done:
	if (edit_ready)
		edit_release(&edit);
	git_tree_free(base);
	return ret;
}

int gi_store_append_many(struct gi_repo *r, struct gi_store_item *items,
			 size_t nr, struct gi_append_opts *opts)
{
	const char *ref = opts && opts->ref ? opts->ref : GI_NOTES_REF;
	const char *message = opts && opts->message ? opts->message :
		"git issue-note: several issues";
	int max_tries = opts && opts->max_tries ? opts->max_tries : 100;
	int attempt, err = -1;
	size_t added = 0;

	for (attempt = 0; attempt < max_tries; attempt++) {
		if (opts)
			opts->tries = attempt + 1;
		err = append_many_once(r, items, nr, ref, message, &added);
		if (err != GIT_EMODIFIED && err != WRITE_AGAIN)
			break;
		backoff(attempt);
	}
	if (opts)
		opts->added = added;
	if (err == GIT_EMODIFIED)
		return gi_error("gave up updating '%s' after %d tries: other "
				"writers kept moving it", ref, max_tries);
	return err < 0 ? -1 : 0;
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
			   git_tree *root)
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
		gi_anchor_oid(&want, num);
		if (!git_oid_equal(&want, git_tree_entry_id(a))) {
			char label[GI_ISSUE_NAME_MAX];

			gi_warning("%s/%s in %s is not the anchor of issue %s; "
				   "ignored", GI_ANCHORS_DIR,
				   git_tree_entry_name(a), GI_NOTES_REF,
				   gi_issue_label(num, label));
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

/* Collect every note of a (fan-out) notes tree: anchor -> note blob. */
static int walk_notes(struct gi_issue_list *out, git_repository *repo,
		      git_tree *tree, char *prefix, size_t plen)
{
	size_t i, n = git_tree_entrycount(tree);

	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		size_t len = strlen(name);

		if (plen + len > GIT_OID_HEXSZ || !is_hex(name))
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
			err = walk_notes(out, repo, sub, prefix, plen + 2);
			git_tree_free(sub);
			if (err < 0)
				return -1;
		}
	}
	return 0;
}

static int list_tree(struct gi_issue_list *out, struct gi_repo *r,
		     git_tree *tree)
{
	struct anchor_map map = { NULL, 0, 0 };
	char prefix[GIT_OID_HEXSZ + 1];
	size_t i;

	if (read_anchor_map(&map, r->repo, tree) < 0 ||
	    walk_notes(out, r->repo, tree, prefix, 0) < 0) {
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

int gi_store_list(struct gi_issue_list *out, struct gi_repo *r,
		  const git_oid *notes)
{
	git_tree *tree;
	int ret;

	memset(out, 0, sizeof(*out));
	if (notes_tree(&tree, r, notes) < 0)
		return -1;
	if (!tree)
		return 0;
	ret = list_tree(out, r, tree);
	git_tree_free(tree);
	return ret;
}

void gi_issue_list_release(struct gi_issue_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

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
		ret = object_write_failed("unable to write note");
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
static int merge_notes(struct tree_edit *edit, struct gi_repo *r,
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
			err = edit_set_note(edit, &tn->v[i].anchor, &blob);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Their anchors/ entries that we lack, into `edit`. */
static int merge_anchors(struct tree_edit *edit, struct gi_repo *r,
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
		gi_anchor_oid(&want, num);
		if (!git_oid_equal(&want, git_tree_entry_id(a)))
			continue;
		if (!edit_get_anchor(edit, git_tree_entry_name(a)) &&
		    edit_set_anchor(edit, git_tree_entry_name(a),
				    git_tree_entry_id(a)) < 0)
			goto done;
	}
	ret = 0;
done:
	git_tree_free(theirs);
	return ret;
}

/* Their non-note entries (anchors/ and anything else) that we lack. */
static int merge_extras(struct tree_edit *edit, struct gi_repo *r,
			git_tree *tt)
{
	size_t i;

	for (i = 0; i < git_tree_entrycount(tt); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tt, i);
		const char *name = git_tree_entry_name(e);

		if (is_hex(name) &&
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

	if (gi_store_list(&on, r, ours) < 0 || notes_tree(&tt, r, theirs) < 0) {
		gi_issue_list_release(&on);
		return -1;
	}
	for (i = 0; i < on.nr; i++) {
		struct gi_lines mine = GI_LINES_INIT, other = GI_LINES_INIT;
		char hex[GIT_OID_HEXSZ + 1];
		git_oid note;
		long n = 0;

		git_oid_tostr(hex, sizeof(hex), &on.v[i].anchor);
		if (tt && find_note(&note, r->repo, tt, hex)) {
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
	git_tree *ot = NULL, *tt = NULL;
	struct gi_issue_list on = { 0 }, tn = { 0 };
	struct tree_edit edit;
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
	if (notes_tree(&ot, r, ours) < 0 || notes_tree(&tt, r, theirs) < 0)
		goto done;
	if (walk_notes(&on, r->repo, ot, prefix, 0) < 0 ||
	    walk_notes(&tn, r->repo, tt, prefix, 0) < 0)
		goto done;
	qsort(on.v, on.nr, sizeof(*on.v), cmp_anchor_only);
	if (edit_init(&edit, r, ot) < 0) {
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
			ret = edit_write(&tree_id, &edit);
		if (!ret)
			ret = make_commit(out, r, &tree_id, parents, 2, message ?
					  message : "git issue-sync: merge notes");
		if (ret != WRITE_AGAIN)
			break;
		backoff(attempt);
	}
	if (ret == WRITE_AGAIN)
		ret = gi_error("unable to write objects: %s",
			       gi_git_errmsg("unknown error"));
	ret = ret < 0 ? -1 : 0;
done:
	if (edit_ready)
		edit_release(&edit);
	gi_issue_list_release(&on);
	gi_issue_list_release(&tn);
	git_tree_free(ot);
	git_tree_free(tt);
	return ret;
}

void gi_store_maybe_gc(struct gi_repo *r)
{
	long limit = gi_config_long(r, "gc.auto", 6700);
	long threshold, count = 0;
	gi_buf path = GI_BUF_INIT;
	DIR *d;
	struct dirent *e;
	const char *argv[] = { "git", "--git-dir", r->gitdir, "gc", "--auto",
			       "--quiet", NULL };
	struct gi_child c = { 0 };
	struct stat sb;

	if (limit <= 0)
		return;
	/* git's estimate: the loose objects in one of 256 fan-out dirs */
	threshold = (limit + 255) / 256;
	gi_buf_addf(&path, "%s/objects/17", r->commondir);
	d = opendir(path.buf);
	gi_buf_release(&path);
	if (!d)
		return;
	while ((e = readdir(d)) && count <= threshold)
		if (strlen(e->d_name) == GIT_OID_HEXSZ - 2 &&
		    is_hex(e->d_name))
			count++;
	closedir(d);
	if (count <= threshold)
		return;
	/* a gc is already running (maybe started by another writer); git
	 * itself ignores a gc.pid older than 12 hours as left by a crash */
	gi_buf_addf(&path, "%s/gc.pid", r->commondir);
	count = !stat(path.buf, &sb) && time(NULL) - sb.st_mtime < 12 * 3600;
	gi_buf_release(&path);
	if (count)
		return;

	/*
	 * git gc --auto detaches itself (gc.autoDetach); we only wait for its
	 * foreground part. Its output is housekeeping, not ours to show:
	 * with many writers it races for gc.pid and complains.
	 */
	c.argv = argv;
	c.discard_err = 1;
	gi_run(&c);
}
