/*
 * store-write.c: writing issue notes: moving the notes ref with
 * compare-and-swap, appending lines to one issue's note or to many in one
 * commit (one retry loop for both), and `git gc --auto` after writes
 * (store-write.h).
 */
#include "core/store-write.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/loose.h"
#include "core/notes-tree.h"
#include "core/pack-write.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/config.h"
#include "gitissue/util/run.h"

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

/* gi_store_cas, but GI_WRITE_AGAIN, unreported, when the object vanished */
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
		return GI_WRITE_AGAIN;
	if (err < 0)
		return gi_error("unable to update '%s': %s", ref,
				gi_git_errmsg("unknown error"));
	return 0;
}

int gi_store_cas(struct gi_repo *r, const char *ref, const git_oid *new,
		 const git_oid *old, const char *logmsg)
{
	int err = store_cas(r, ref, new, old, logmsg);

	if (err == GI_WRITE_AGAIN)
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
	struct gi_notes_edit edit;
	git_oid blob, tree_id, blob_anchor;
	const git_oid *parents[1] = { old }, *anchor;
	int err;

	if (gi_loose_write(&blob, a->r, GIT_OBJECT_BLOB, content->buf,
			   content->len) < 0)
		return gi_notes_write_failed("unable to write note");
	if (gi_notes_edit_init(&edit, a->r, base) < 0)
		return gi_error("unable to read notes tree: %s",
				gi_git_errmsg("unknown error"));
	/* the anchor blob, unless anchors/ records it (then it is there
	 * and reachable: nothing to write, nothing to freshen) */
	anchor = gi_notes_edit_get_anchor(&edit, a->name);
	err = anchor && git_oid_equal(anchor, &a->anchor) ? 0 :
		gi_notes_write_anchor(&blob_anchor, a->r, a->n);
	if (!err)
		err = gi_notes_edit_set_note(&edit, &a->anchor, &blob);
	if (!err)
		err = gi_notes_edit_set_anchor(&edit, a->name, &a->anchor);
	if (!err)
		err = gi_notes_edit_write(&tree_id, &edit);
	gi_notes_edit_release(&edit);
	if (err < 0)
		return err;
	if (gi_loose_write_commit(commit_id, a->r, &tree_id, parents,
				  old ? 1 : 0, a->sig, a->message) < 0)
		return gi_notes_write_failed("unable to create notes commit");
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
	if (have_old && gi_notes_tree(&base, a->r, &old) < 0)
		goto done;
	git_oid_tostr(hex, sizeof(hex), &a->anchor);
	if (base && gi_notes_find(&note, a->r->repo, base, hex) &&
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

/*
 * One attempt of an append. @return 0 moved, 1 nothing new, or what
 * append_retry tries again (GIT_EMODIFIED, GIT_ELOCKED, GI_WRITE_AGAIN),
 * or -1 (reported).
 */
typedef int append_attempt_fn(void *payload, size_t *added);

/*
 * The one retry loop of both append paths: an attempt that lost the race
 * for the ref, found it locked by another writer, or whose objects a
 * concurrent gc removed, is made again after a backoff, up to
 * opts->max_tries (100) times. A lock that stays is named (it may be a
 * killed writer's).
 */
static int append_retry(struct gi_repo *r, const char *ref,
			struct gi_append_opts *opts,
			append_attempt_fn *attempt_fn, void *payload)
{
	static const struct gi_backoff wait = GI_STORE_BACKOFF;
	int max_tries = opts && opts->max_tries ? opts->max_tries : 100;
	int attempt, err = -1;
	size_t added = 0;

	for (attempt = 0; attempt < max_tries; attempt++) {
		if (opts)
			opts->tries = attempt + 1;
		err = attempt_fn(payload, &added);
		if (err != GIT_EMODIFIED && err != GIT_ELOCKED &&
		    err != GI_WRITE_AGAIN)
			break;
		gi_backoff(&wait, attempt);
	}
	if (opts)
		opts->added = added;
	/* a lock that stays is not a lost race: name it */
	if (err == GIT_ELOCKED)
		return gi_store_locked_error(r, ref);
	if (err == GIT_EMODIFIED)
		return gi_error("gave up updating '%s' after %d tries: other "
				"writers kept moving it", ref, max_tries);
	if (err == GI_WRITE_AGAIN)
		return gi_error("unable to write objects after %d tries: %s",
				max_tries, gi_git_errmsg("unknown error"));
	return err < 0 ? -1 : 0;
}

struct append_one {
	struct append_ctx *a;
	const struct gi_lines *lines;
};

static int append_one_attempt(void *payload, size_t *added)
{
	struct append_one *o = payload;

	return append_once(o->a, o->lines, added);
}

int gi_store_append(struct gi_repo *r, long n, const struct gi_lines *lines,
		    struct gi_append_opts *opts)
{
	struct append_ctx a;
	struct append_one o = { &a, lines };
	int err;

	memset(&a, 0, sizeof(a));
	a.r = r;
	a.n = n;
	a.ref = opts && opts->ref ? opts->ref : GI_NOTES_REF;
	gi_issue_name(n, a.name);
	snprintf(a.logmsg, sizeof(a.logmsg), "git issue-note: issue %s",
		 a.name);
	a.message = opts && opts->message ? opts->message : a.logmsg;
	gi_notes_anchor(&a.anchor, n);
	if (opts && opts->ident)
		err = gi_notes_signature_of(&a.sig, opts->ident);
	else
		err = gi_notes_signature(&a.sig, r);
	if (err < 0)
		return -1;
	/* the reflog's identity too: libgit2 would look it up again */
	git_repository_set_ident(r->repo, a.sig->name, a.sig->email);
	err = append_retry(r, a.ref, opts, append_one_attempt, &o);
	git_repository_set_ident(r->repo, NULL, NULL);
	git_signature_free(a.sig);
	return err;
}

/*
 * Issue item->issue's new lines into `edit`, over `base` (the tip's tree,
 * or NULL). @return how many lines are new, or -1.
 */
static long add_item(struct gi_notes_edit *edit, struct gi_repo *r,
		     git_tree *base, const struct gi_store_item *item,
		     const struct gi_append_opts *opts)
{
	struct gi_lines cur = GI_LINES_INIT;
	gi_buf content = GI_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1], name[GI_ISSUE_NAME_MAX];
	const git_oid *known;
	git_oid anchor, note, blob;
	long n = -1;

	gi_notes_anchor(&anchor, item->issue);
	git_oid_tostr(hex, sizeof(hex), &anchor);
	if (base && gi_notes_find(&note, r->repo, base, hex) &&
	    gi_store_read_blob(&cur, r, &note) < 0)
		goto done;
	n = (long)count_new(&cur, item->lines);
	if (!n)
		goto done;
	gi_lines_union(&cur, item->lines);
	gi_lines_write(&cur, &content);
	/* the anchor blob, unless anchors/ records it (then it is there
	 * and reachable) */
	gi_issue_name(item->issue, name);
	known = gi_notes_edit_get_anchor(edit, name);
	if ((!known || !git_oid_equal(known, &anchor)) &&
	    gi_notes_edit_write_anchor(edit, &anchor, item->issue) < 0)
		n = -1;
	else if (gi_notes_edit_object(edit, &blob, GIT_OBJECT_BLOB,
				      content.buf, content.len) < 0)
		n = gi_notes_write_failed("unable to write note");
	else if (gi_notes_edit_set_note(edit, &anchor, &blob) < 0 ||
		 gi_notes_edit_set_anchor(edit, name, &anchor) < 0)
		n = -1;
	else if (opts && opts->written)
		opts->written(&blob, content.buf, content.len,
			      opts->written_payload);
done:
	gi_buf_release(&content);
	gi_lines_release(&cur);
	return n;
}

/* The notes commit of the edit, written where the edit writes. */
static int edit_commit(git_oid *out, struct gi_notes_edit *edit,
		       const git_oid *tree_id, const git_oid *old,
		       const char *message)
{
	const git_oid *parents[1] = { old };
	git_signature *sig = NULL;
	gi_buf b = GI_BUF_INIT;
	int ret;

	if (gi_notes_signature(&sig, edit->r) < 0)
		return -1;
	gi_commit_format(&b, tree_id, parents, old ? 1 : 0, sig, message);
	ret = gi_notes_edit_object(edit, out, GIT_OBJECT_COMMIT, b.buf, b.len);
	if (ret < 0)
		ret = gi_notes_write_failed("unable to create notes commit");
	gi_buf_release(&b);
	git_signature_free(sig);
	return ret;
}

/*
 * One attempt of gi_store_append_many: every issue's new lines in one
 * tree edit and one commit, its objects in one pack when there are many
 * (pack-write.h), else loose. Same results as append_once.
 */
static int append_many_once(struct gi_repo *r, struct gi_store_item *items,
			    size_t nr, const char *ref, const char *message,
			    const struct gi_append_opts *opts, size_t *added)
{
	struct gi_notes_edit edit;
	struct gi_pack pack;
	git_tree *base = NULL;
	git_oid old, tree_id, commit_id;
	int err, have_old, edit_ready = 0, ret = -1;
	size_t i;

	*added = 0;
	err = gi_store_tip(&old, r, ref);
	if (err < 0 && err != GIT_ENOTFOUND)
		return -1;
	have_old = !err;
	if (have_old && gi_notes_tree(&base, r, &old) < 0)
		return -1;
	gi_pack_init(&pack, r);
	if (gi_notes_edit_init(&edit, r, base) < 0) {
		gi_error("unable to read notes tree: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	edit_ready = 1;
	/* a note and an anchor per issue */
	if (2 * nr >= GI_PACK_MIN_OBJECTS && gi_pack_possible())
		edit.pack = &pack;
	for (i = 0; i < nr; i++) {
		long n;

		items[i].added = 0;
		n = add_item(&edit, r, base, &items[i], opts);
		if (n < 0) {
			ret = n == GI_WRITE_AGAIN ? GI_WRITE_AGAIN : -1;
			goto done;
		}
		items[i].added = (size_t)n;
		*added += (size_t)n;
	}
	if (!*added) {
		ret = 1;
		goto done;
	}
	err = gi_notes_edit_write(&tree_id, &edit);
	if (!err)
		err = edit_commit(&commit_id, &edit, &tree_id,
				  have_old ? &old : NULL, message);
	if (!err && gi_pack_finish(&pack) < 0)
		err = gi_notes_write_failed("unable to write objects");
	if (err < 0) {
		ret = err;
		goto done;
	}
	ret = store_cas(r, ref, &commit_id, have_old ? &old : NULL,
			message);
done:
	if (edit_ready)
		gi_notes_edit_release(&edit);
	gi_pack_release(&pack);
	git_tree_free(base);
	return ret;
}

struct append_many {
	struct gi_repo *r;
	struct gi_store_item *items;
	size_t nr;
	const char *ref, *message;
	const struct gi_append_opts *opts;
};

static int append_many_attempt(void *payload, size_t *added)
{
	struct append_many *m = payload;

	return append_many_once(m->r, m->items, m->nr, m->ref, m->message,
				m->opts, added);
}

int gi_store_append_many(struct gi_repo *r, struct gi_store_item *items,
			 size_t nr, struct gi_append_opts *opts)
{
	struct append_many m = { r, items, nr, NULL, NULL, opts };

	m.ref = opts && opts->ref ? opts->ref : GI_NOTES_REF;
	m.message = opts && opts->message ? opts->message :
		"git issue-note: several issues";
	return append_retry(r, m.ref, opts, append_many_attempt, &m);
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
		    gi_notes_is_hex(e->d_name))
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
