/*
 * branch.c: issue branches, the base they start from and are measured
 * against, and where a branch stands against it (branch.h).
 */
#include "worktree/branch.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/config.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/remote.h"

static int cmp_issue_branch(const void *a, const void *b)
{
	const struct gi_issue_branch *x = a, *y = b;

	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	if (x->linked != y->linked)
		return y->linked - x->linked;
	return strcmp(x->name, y->name);
}

int gi_issue_branches(struct gi_issue_branch_list *out, struct gi_repo *r)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	git_branch_t type;
	int err, ret = -1;

	memset(out, 0, sizeof(*out));
	if (git_branch_iterator_new(&it, r->repo, GIT_BRANCH_LOCAL) < 0) {
		gi_error("unable to list branches: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	while (!(err = git_branch_next(&ref, &type, it))) {
		const char *name;
		long n;
		gi_buf key = GI_BUF_INIT;
		char *linked;

		if (!git_branch_name(&name, ref) &&
		    !gi_branch_issue(r, name, &n, 1) &&
		    !git_reference_resolve(&res, ref)) {
			struct gi_issue_branch *b;

			gi_buf_addf(&key, "branch.%s.issue", name);
			linked = gi_config_get(r, key.buf);
			GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			b = &out->v[out->nr++];
			b->name = gi_xstrdup(name);
			b->issue = n;
			b->linked = linked != NULL;
			git_oid_cpy(&b->tip, git_reference_target(res));
			free(linked);
			gi_buf_release(&key);
			git_reference_free(res);
			res = NULL;
		}
		git_reference_free(ref);
		ref = NULL;
	}
	if (err != GIT_ITEROVER) {
		gi_error("unable to list branches: %s",
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_issue_branch);
	ret = 0;
done:
	git_branch_iterator_free(it);
	if (ret < 0)
		gi_issue_branch_list_release(out);
	return ret;
}

void gi_issue_branch_list_release(struct gi_issue_branch_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void gi_base_release(struct gi_base *b)
{
	free(b->name);
	free(b->ref);
	memset(b, 0, sizeof(*b));
}

void gi_base_copy(struct gi_base *dst, const struct gi_base *src)
{
	dst->name = src->name ? gi_xstrdup(src->name) : NULL;
	dst->ref = src->ref ? gi_xstrdup(src->ref) : NULL;
	git_oid_cpy(&dst->oid, &src->oid);
}

/*
 * Resolve `rev` to a commit. `name` is what people see: the rev as given,
 * or the ref's short name when `shorten`.
 * @return 0 or GIT_ENOTFOUND.
 */
static int resolve_base(struct gi_base *out, git_repository *repo,
			const char *rev, int shorten)
{
	git_object *obj = NULL, *commit = NULL;
	git_reference *ref = NULL;
	int ret = GIT_ENOTFOUND;

	memset(out, 0, sizeof(*out));
	if (git_revparse_ext(&obj, &ref, repo, rev) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		goto done;
	git_oid_cpy(&out->oid, git_object_id(commit));
	if (ref)
		out->ref = gi_xstrdup(git_reference_name(ref));
	out->name = gi_xstrdup(shorten && ref ? git_reference_shorthand(ref) :
			       rev);
	ret = 0;
done:
	git_error_clear();
	git_object_free(commit);
	git_object_free(obj);
	git_reference_free(ref);
	return ret;
}

/* The remote whose default branch is the base, or NULL (remote.h). */
static char *base_remote(struct gi_repo *r)
{
	char *name;

	if (gi_remote_pick(r, NULL, 1, &name) < 0)
		return NULL;
	return name;
}

/* A branch that can serve as a base: born, and not an issue branch. */
static int usable_branch(struct gi_repo *r, const char *branch)
{
	long n;
	gi_buf ref = GI_BUF_INIT;
	git_oid oid;
	int ok;

	if (!branch || !gi_branch_issue(r, branch, &n, 1))
		return 0;
	gi_buf_addf(&ref, "refs/heads/%s", branch);
	ok = !git_reference_name_to_id(&oid, r->repo, ref.buf);
	gi_buf_release(&ref);
	return ok;
}

/* The branch checked out in the main worktree, or NULL. */
static char *main_branch(struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT;
	char *head, *out = NULL;

	gi_buf_addf(&path, "%s/HEAD", r->commondir);
	head = gi_read_line_file(path.buf);
	if (head && !strncmp(head, "ref: refs/heads/", 16))
		out = gi_xstrdup(head + 16);
	free(head);
	gi_buf_release(&path);
	return out;
}

/* `quiet`: finding no base is not said (a bad one always is) */
static int base_default(struct gi_base *out, struct gi_repo *r,
			const char *rev, int quiet)
{
	char *cfg = NULL, *remote = NULL, *mainb = NULL, *cur = NULL;
	gi_buf ref = GI_BUF_INIT;
	git_reference *head = NULL;
	int ret = GI_EINVALID;

	memset(out, 0, sizeof(*out));
	if (rev) {
		if (resolve_base(out, r->repo, rev, 0))
			gi_error("invalid base '%s': not a commit", rev);
		else
			ret = 0;
		goto done;
	}
	cfg = gi_config_get(r, "issue.base");
	if (cfg) {
		if (resolve_base(out, r->repo, cfg, 0))
			gi_error("invalid base '%s' in 'issue.base': not a "
				 "commit", cfg);
		else
			ret = 0;
		goto done;
	}

	mainb = main_branch(r);
	remote = base_remote(r);
	if (remote) {
		/* what `git clone` (or `git remote set-head`) recorded */
		gi_buf_addf(&ref, "refs/remotes/%s/HEAD", remote);
		if (!git_reference_lookup(&head, r->repo, ref.buf) &&
		    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
		    !resolve_base(out, r->repo,
				  git_reference_symbolic_target(head), 1)) {
			ret = 0;
			goto done;
		}
		git_error_clear();
		/* no HEAD recorded: the remote's branch of the same name */
		if (mainb && usable_branch(r, mainb)) {
			gi_buf_reset(&ref);
			gi_buf_addf(&ref, "refs/remotes/%s/%s", remote, mainb);
			if (!resolve_base(out, r->repo, ref.buf, 1)) {
				ret = 0;
				goto done;
			}
		}
	}
	cur = gi_current_branch(r);
	if (usable_branch(r, mainb) || usable_branch(r, cur)) {
		gi_buf_reset(&ref);
		gi_buf_addf(&ref, "refs/heads/%s",
			    usable_branch(r, mainb) ? mainb : cur);
		if (!resolve_base(out, r->repo, ref.buf, 1)) {
			ret = 0;
			goto done;
		}
	}
	if (!quiet)
		gi_error("no base branch found: give one with --base <rev>, or "
			 "set 'issue.base'");
done:
	git_reference_free(head);
	gi_buf_release(&ref);
	free(cfg);
	free(remote);
	free(mainb);
	free(cur);
	return ret;
}

int gi_base_default(struct gi_base *out, struct gi_repo *r, const char *rev)
{
	return base_default(out, r, rev, 0);
}

int gi_base_for_branch(struct gi_base *out, struct gi_repo *r,
		       const char *branch, struct gi_base *cache, int quiet)
{
	gi_buf key = GI_BUF_INIT;
	char *val;
	int err;

	gi_buf_addf(&key, "branch.%s.issueBase", branch ? branch : "");
	val = branch ? gi_config_get(r, key.buf) : NULL;
	gi_buf_release(&key);
	if (val) {
		err = resolve_base(out, r->repo, val, 1);
		free(val);
		if (!err)
			return 0;
	}
	if (!cache)
		return base_default(out, r, NULL, quiet);
	if (!cache->name) {
		err = base_default(cache, r, NULL, quiet);
		if (err)
			return err;
	}
	gi_base_copy(out, cache);
	return 0;
}

int gi_branch_state(struct gi_branch_state *out, git_repository *repo,
		    const char *branch, const git_oid *tip,
		    const git_oid *base)
{
	size_t behind;
	git_reflog *log = NULL;
	gi_buf ref = GI_BUF_INIT;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (git_graph_ahead_behind(&out->ahead, &behind, repo, tip, base) < 0)
		return gi_error("unable to compare '%s' with its base: %s",
				branch ? branch : "HEAD",
				gi_git_errmsg("unknown error"));
	if (out->ahead) {
		int in = gi_branch_in_base(repo, tip, base);

		if (in < 0)
			return -1;
		out->merged = in;
		out->squashed = in;
		return 0;
	}
	if (!branch)
		return 0;	/* detached: no reflog to say it moved */
	gi_buf_addf(&ref, "refs/heads/%s", branch);
	if (!git_reflog_read(&log, repo, ref.buf) &&
	    (n = git_reflog_entrycount(log)) > 0) {
		/* entry 0 is the newest; the oldest is the creation */
		const git_reflog_entry *e = git_reflog_entry_byindex(log,
								     n - 1);

		out->has_start = 1;
		git_oid_cpy(&out->start, git_reflog_entry_id_new(e));
	}
	git_error_clear();
	out->merged = !out->ahead && out->has_start &&
		!git_oid_equal(&out->start, tip);
	git_reflog_free(log);
	gi_buf_release(&ref);
	return 0;
}

static void change_add(struct gi_tree_changes *out, const char *prefix,
		       const git_tree_entry *e, int deleted)
{
	struct gi_tree_change *c;
	gi_buf path = GI_BUF_INIT;

	gi_buf_addf(&path, "%s%s", prefix, git_tree_entry_name(e));
	GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	c = &out->v[out->nr++];
	c->path = gi_buf_detach(&path, NULL);
	c->deleted = deleted;
	git_oid_cpy(&c->id, git_tree_entry_id(e));
	c->mode = git_tree_entry_filemode(e);
}

static int walk_changes(struct gi_tree_changes *out, git_repository *repo,
			const git_tree *a, const git_tree *b,
			const char *prefix);

/* Every file under tree entry `e` (added, or deleted when `deleted`). */
static int one_side(struct gi_tree_changes *out, git_repository *repo,
		    const git_tree_entry *e, const char *prefix, int deleted)
{
	git_tree *t = NULL;
	gi_buf sub = GI_BUF_INIT;
	int err;

	if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		change_add(out, prefix, e, deleted);
		return 0;
	}
	err = git_tree_lookup(&t, repo, git_tree_entry_id(e));
	gi_buf_addf(&sub, "%s%s/", prefix, git_tree_entry_name(e));
	if (!err)
		err = deleted ? walk_changes(out, repo, t, NULL, sub.buf) :
			walk_changes(out, repo, NULL, t, sub.buf);
	gi_buf_release(&sub);
	git_tree_free(t);
	return err;
}

/* git's tree order compares a tree's name as if it ended in '/'. */
static int entry_cmp(const git_tree_entry *x, const git_tree_entry *y)
{
	const char *a = git_tree_entry_name(x), *b = git_tree_entry_name(y);
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
	int c = memcmp(a, b, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > n ? (unsigned char)a[n] :
		git_tree_entry_type(x) == GIT_OBJECT_TREE ? '/' : 0;
	cb = lb > n ? (unsigned char)b[n] :
		git_tree_entry_type(y) == GIT_OBJECT_TREE ? '/' : 0;
	return ca - cb;
}

static int walk_changes(struct gi_tree_changes *out, git_repository *repo,
			const git_tree *a, const git_tree *b,
			const char *prefix)
{
	size_t na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0, i = 0, j = 0;
	int err = 0;

	while (!err && (i < na || j < nb)) {
		const git_tree_entry *x = i < na ?
			git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *y = j < nb ?
			git_tree_entry_byindex(b, j) : NULL;
		int c = !x ? 1 : !y ? -1 : entry_cmp(x, y);

		if (c < 0) {
			err = one_side(out, repo, x, prefix, 1);
			i++;
		} else if (c > 0) {
			err = one_side(out, repo, y, prefix, 0);
			j++;
		} else {
			int tx = git_tree_entry_type(x) == GIT_OBJECT_TREE;
			int ty = git_tree_entry_type(y) == GIT_OBJECT_TREE;

			if (git_oid_equal(git_tree_entry_id(x),
					  git_tree_entry_id(y)) &&
			    git_tree_entry_filemode(x) ==
			    git_tree_entry_filemode(y)) {
				;	/* the same: not even read */
			} else if (tx && ty) {
				git_tree *ta = NULL, *tb = NULL;
				gi_buf sub = GI_BUF_INIT;

				gi_buf_addf(&sub, "%s%s/", prefix,
					    git_tree_entry_name(x));
				err = git_tree_lookup(&ta, repo,
						      git_tree_entry_id(x));
				if (!err)
					err = git_tree_lookup(&tb, repo,
							git_tree_entry_id(y));
				if (!err)
					err = walk_changes(out, repo, ta, tb,
							   sub.buf);
				gi_buf_release(&sub);
				git_tree_free(ta);
				git_tree_free(tb);
			} else if (tx || ty) {
				/* a file became a folder, or back */
				err = one_side(out, repo, x, prefix, 1);
				if (!err)
					err = one_side(out, repo, y, prefix, 0);
			} else {
				change_add(out, prefix, y, 0);
			}
			i++;
			j++;
		}
	}
	return err;
}

int gi_tree_changes(struct gi_tree_changes *out, git_repository *repo,
		    const git_tree *from, const git_tree *to)
{
	return walk_changes(out, repo, from, to, "");
}

void gi_tree_changes_release(struct gi_tree_changes *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->v[i].path);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int gi_tree_has_changes(const git_tree *base,
			const struct gi_tree_changes *ch)
{
	git_tree_entry *e = NULL;
	size_t i;
	int ok = ch->nr > 0, err;

	for (i = 0; i < ch->nr && ok; i++) {
		const struct gi_tree_change *c = &ch->v[i];

		err = git_tree_entry_bypath(&e, base, c->path);
		if (c->deleted)
			ok = err == GIT_ENOTFOUND;
		else
			ok = !err && git_oid_equal(git_tree_entry_id(e),
						   &c->id) &&
				git_tree_entry_filemode(e) == c->mode;
		git_tree_entry_free(e);
		e = NULL;
	}
	git_error_clear();
	return ok;
}

int gi_branch_in_base(git_repository *repo, const git_oid *tip,
		      const git_oid *base)
{
	git_oid mb;
	git_commit *c = NULL;
	git_tree *from = NULL, *to = NULL, *in = NULL;
	struct gi_tree_changes ch = { NULL, 0, 0 };
	int err, ret = -1;

	err = git_merge_base(&mb, repo, tip, base);
	if (err == GIT_ENOTFOUND) {
		ret = 0;	/* unrelated histories */
		goto done;
	}
	if (err < 0 ||
	    git_commit_lookup(&c, repo, &mb) < 0 ||
	    git_commit_tree(&from, c) < 0)
		goto fail;
	git_commit_free(c);
	c = NULL;
	if (git_commit_lookup(&c, repo, tip) < 0 ||
	    git_commit_tree(&to, c) < 0)
		goto fail;
	git_commit_free(c);
	c = NULL;
	if (git_commit_lookup(&c, repo, base) < 0 ||
	    git_commit_tree(&in, c) < 0 ||
	    gi_tree_changes(&ch, repo, from, to) < 0)
		goto fail;
	ret = gi_tree_has_changes(in, &ch);
	goto done;
fail:
	gi_error("unable to compare %s with its base: %s",
		 git_oid_tostr_s(tip), gi_git_errmsg("unknown error"));
	ret = -1;
done:
	git_error_clear();
	gi_tree_changes_release(&ch);
	git_tree_free(from);
	git_tree_free(to);
	git_tree_free(in);
	git_commit_free(c);
	return ret;
}

char *gi_branch_upstream(struct gi_repo *r, const char *branch,
			 const char *base_ref)
{
	gi_buf key = GI_BUF_INIT, ref = GI_BUF_INIT;
	char *remote, *merge = NULL, *out = NULL;
	git_oid oid;

	if (!branch)
		return NULL;
	gi_buf_addf(&key, "branch.%s.remote", branch);
	remote = gi_config_get(r, key.buf);
	gi_buf_reset(&key);
	gi_buf_addf(&key, "branch.%s.merge", branch);
	merge = gi_config_get(r, key.buf);
	if (remote && merge && strcmp(remote, ".") &&
	    !strncmp(merge, "refs/heads/", 11)) {
		gi_buf_addf(&ref, "refs/remotes/%s/%s", remote, merge + 11);
	} else {
		free(remote);
		remote = NULL;
		if (base_ref && !strncmp(base_ref, "refs/remotes/", 13)) {
			const char *p = base_ref + 13;

			remote = gi_xstrndup(p, strcspn(p, "/"));
		} else {
			remote = base_remote(r);
		}
		if (remote)
			gi_buf_addf(&ref, "refs/remotes/%s/%s", remote,
				    branch);
	}
	if (ref.len && !git_reference_name_to_id(&oid, r->repo, ref.buf))
		out = gi_buf_detach(&ref, NULL);
	git_error_clear();
	free(remote);
	free(merge);
	gi_buf_release(&key);
	gi_buf_release(&ref);
	return out;
}

int gi_branch_unpushed(size_t *out, git_repository *repo, const git_oid *tip,
		       const git_oid *base)
{
	git_revwalk *walk = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_oid oid;
	int err, ret = -1;

	*out = 0;
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push(walk, tip) < 0 ||
	    git_revwalk_hide(walk, base) < 0 ||
	    git_reference_iterator_new(&it, repo) < 0)
		goto fail;
	while (!(err = git_reference_next(&ref, it))) {
		/* symbolic ones (origin/HEAD) point at one we also see */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    !strncmp(git_reference_name(ref), "refs/remotes/", 13))
			git_revwalk_hide(walk, git_reference_target(ref));
		git_reference_free(ref);
	}
	if (err != GIT_ITEROVER)
		goto fail;
	while (!(err = git_revwalk_next(&oid, walk)))
		(*out)++;
	if (err != GIT_ITEROVER)
		goto fail;
	ret = 0;
	goto done;
fail:
	gi_error("unable to walk the history of %s: %s",
		 git_oid_tostr_s(tip), gi_git_errmsg("unknown error"));
done:
	git_error_clear();
	git_reference_iterator_free(it);
	git_revwalk_free(walk);
	return ret;
}

#define SLUG_MAX 40

char *gi_issue_branch_name(long n, const char *title)
{
	gi_buf b = GI_BUF_INIT;
	size_t start, cut;
	const char *p;
	char name[GI_ISSUE_NAME_MAX];

	gi_buf_addf(&b, "issue/%s-", gi_issue_name(n, name));
	start = b.len;
	for (p = title ? title : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x80 && isalnum(c))
			gi_buf_addch(&b, tolower(c));
		else if (b.len > start && b.buf[b.len - 1] != '-')
			gi_buf_addch(&b, '-');
	}
	if (b.len - start > SLUG_MAX) {
		/* cut at a word boundary when there is one not too early */
		cut = start + SLUG_MAX;
		while (cut > start + SLUG_MAX / 2 && b.buf[cut] != '-')
			cut--;
		if (b.buf[cut] != '-')
			cut = start + SLUG_MAX;
		gi_buf_setlen(&b, cut);
	}
	gi_buf_rtrim(&b, "-", start);
	if (b.len == start)
		gi_buf_setlen(&b, start - 1);	/* no slug: issue/<N> */
	return gi_buf_detach(&b, NULL);
}

