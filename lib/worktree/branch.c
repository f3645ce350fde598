/*
 * branch.c: issue branches, the base they start from and are measured
 * against, and where a branch stands against it (branch.h).
 */
#include "worktree/branch.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/config.h"
#include "gitissue/issue.h"
#include "gitissue/remote.h"

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

	gi_buf_addf(&key, "branch.%s.issueBase", branch);
	val = gi_config_get(r, key.buf);
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
				branch, gi_git_errmsg("unknown error"));
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

