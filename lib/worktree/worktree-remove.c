/*
 * worktree-remove.c: removing issue worktrees, and ending this clone's
 * claims without removing anything (worktree-remove.h): only what holds
 * no lost work goes, and a branch only when everything on it is in its
 * base. Removal goes through `git worktree remove`, which re-checks for
 * changes itself: a second safety net under ours.
 */
#include "gitissue/worktree/worktree-remove.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/config.h"
#include "gitissue/worktree/claim-decide.h"
#include "gitissue/worktree/landed.h"
#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/scan.h"
#include "worktree/worktree-make.h"
#include "worktree/worktree.h"

static void set_why(struct gi_wt_removal *rm, const char *fmt, ...)
	GI_ATTR_PRINTF(2, 3);
static void set_why(struct gi_wt_removal *rm, const char *fmt, ...)
{
	gi_buf b = GI_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	gi_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(rm->why);
	rm->why = gi_buf_detach(&b, NULL);
}

/* Are we (our working directory) inside `path`? */
static int inside(const char *path)
{
	char *cwd = gi_real_path("."), *p = gi_real_path(path);
	size_t len = strlen(p);
	int in = !strncmp(cwd, p, len) && (!cwd[len] || cwd[len] == '/');

	free(cwd);
	free(p);
	return in;
}

/*
 * git_branch_delete, less its config cleanup (git_config_rename_section
 * leaks in libgit2 1.5: see local-config.c). Deleting the ref also drops
 * its reflog. Only called once the branch's worktree is gone.
 */
static int delete_branch(struct gi_repo *r, const char *branch)
{
	git_reference *ref = NULL;
	int err = git_branch_lookup(&ref, r->repo, branch, GIT_BRANCH_LOCAL);

	if (!err)
		err = git_reference_delete(ref);
	git_reference_free(ref);
	if (err < 0)
		return gi_warning("unable to delete branch '%s': %s", branch,
				  gi_git_errmsg("unknown error")), -1;
	return gi_config_remove_section_local(r, "branch", branch);
}

enum remove_mode { REMOVE_ONE, REMOVE_MERGED };

/* What is known about a worktree before removing it. */
struct removal_check {
	struct gi_base base;
	int have_base;
	struct gi_branch_state st;
};

/* "it has uncommitted changes and untracked files", or 0 when clean. */
static int has_changes(struct gi_wt_removal *rm, const struct gi_worktree *w)
{
	struct gi_wt_changes ch = { 0, 0 };
	git_repository *wr = NULL;
	int ret = -1;

	if (git_repository_open_ext(&wr, w->path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0 ||
	    gi_worktree_changes(&ch, wr, 0) < 0)
		goto done;
	ret = ch.changes || ch.untracked;
	if (ret)
		set_why(rm, "it has %s%s%s", ch.changes ?
			"uncommitted changes" : "",
			ch.changes && ch.untracked ? " and " : "",
			ch.untracked ? "untracked files" : "");
done:
	git_repository_free(wr);
	return ret;
}

/* Are the branch's commits safe: in the base, or merged for --prune? */
static int commits_kept(struct gi_wt_removal *rm, struct gi_repo *r,
			const struct gi_worktree *w,
			const struct removal_check *k, enum remove_mode mode)
{
	size_t unpushed = 0;

	if (mode == REMOVE_MERGED) {
		if (!k->have_base)
			return set_why(rm, "no base to compare with"), 1;
		if (k->st.ahead && !k->st.squashed)
			return set_why(rm, "%zu commit%s not in '%s'",
				       k->st.ahead, k->st.ahead == 1 ? "" :
				       "s", k->base.name), 1;
		if (!k->st.merged)
			return set_why(rm, "no commits yet"), 1;
		return 0;
	}
	if (!w->has_head)
		return 0;
	if (!k->have_base)
		return set_why(rm, "no base to check its commits against"), 1;
	/* squash-merged: its commits are not in the base, its work is */
	if (k->st.ahead && !k->st.squashed &&
	    gi_branch_unpushed(&unpushed, r->repo, &w->head,
			       &k->base.oid) < 0)
		return -1;
	if (unpushed)
		return set_why(rm, "branch '%s' has %zu commit%s not merged "
			       "into '%s' and not pushed",
			       w->branch ? w->branch : "HEAD", unpushed,
			       unpushed == 1 ? "" : "s", k->base.name), 1;
	return 0;
}

/*
 * May the worktree go? 0 yes; GI_EREFUSED or GI_EINVALID with rm->why
 * set; -1 error (reported).
 */
static int check_removal(struct gi_wt_removal *rm, struct gi_repo *r,
			 const struct gi_worktree *w, struct removal_check *k,
			 struct gi_base *cache, int force,
			 enum remove_mode mode)
{
	int rc;

	if (w->is_main)
		return set_why(rm, "it is the main worktree"),
			mode == REMOVE_ONE ? GI_EINVALID : GI_EREFUSED;
	if (inside(w->path))
		return set_why(rm, "you are in it"),
			mode == REMOVE_ONE ? GI_EINVALID : GI_EREFUSED;
	if (w->locked)
		return set_why(rm, "it is locked (see 'git worktree unlock')"),
			GI_EREFUSED;
	k->have_base = !gi_base_for_branch(&k->base, r, w->branch, cache, 1);
	if (k->have_base && w->has_head &&
	    gi_branch_state(&k->st, r->repo, w->branch, &w->head,
			    &k->base.oid) < 0)
		return -1;
	if (!w->missing && (!force || mode == REMOVE_MERGED)) {
		rc = has_changes(rm, w);
		if (rc)
			return rc < 0 ? -1 : GI_EREFUSED;
	}
	if (mode == REMOVE_MERGED || !force) {
		rc = commits_kept(rm, r, w, k, mode);
		if (rc)
			return rc < 0 ? -1 : GI_EREFUSED;
	}
	return 0;
}

/* `git worktree remove`, then the branch when nothing on it is lost. */
static int do_remove(struct gi_wt_removal *rm, struct gi_repo *r,
		     const struct gi_worktree *w,
		     const struct removal_check *k, int force)
{
	const char *argv[] = { "git", "worktree", "remove",
			       force ? "--force" : w->path,
			       force ? w->path : NULL, NULL };
	char *clone = NULL;

	if (gi_make_run(argv, NULL, NULL, 0))
		return gi_error("'git worktree remove' failed for '%s'",
				w->path);
	rm->removed = 1;
	if (!w->branch) {
		;	/* detached: no branch to keep or delete */
	} else if (k->have_base && w->has_head && !k->st.ahead) {
		/* everything on it is in the base: nothing to lose */
		if (!delete_branch(r, w->branch))
			rm->branch_deleted = 1;
	} else if (k->have_base && k->st.squashed) {
		set_why(rm, "branch '%s' kept: squash-merged, its %zu "
			"commit%s not in '%s' (delete it with 'git branch "
			"-D')", w->branch, k->st.ahead,
			k->st.ahead == 1 ? "" : "s", k->base.name);
	} else if (k->have_base && k->st.ahead) {
		set_why(rm, "branch '%s' kept: %zu commit%s not in '%s'",
			w->branch, k->st.ahead, k->st.ahead == 1 ? "" : "s",
			k->base.name);
	} else {
		set_why(rm, "branch '%s' kept", w->branch);
	}
	if (gi_clone_id(&clone, r, 1) < 0 ||
	    gi_claim_release_worktree(r, w->issue, clone, w->path,
				      gi_worktree_claim_name(w), w->branch,
				      "worktree removed") < 0)
		gi_warning("the release of issue %s was not recorded",
			   gi_label(w->issue));
	free(clone);
	if (k->have_base && k->st.merged && w->branch) {
		/* its work landed: the issue is done, closed or told how */
		struct gi_landed_issue li = { w->issue, w->branch,
					      k->base.name, k->st.squashed };

		rm->merged = 1;
		gi_landed_done(r, &li);
	}
	return 0;
}

/*
 * Decide about one issue worktree and remove it when allowed. Keeping it
 * is GI_EREFUSED with rm->why set; rm->why can also say why the
 * branch was kept after a removal.
 */
static int remove_one(struct gi_wt_removal *rm, struct gi_repo *r,
		      const struct gi_worktree *w, struct gi_base *cache,
		      int force, enum remove_mode mode, int dry_run)
{
	struct removal_check k;
	int ret;

	memset(&k, 0, sizeof(k));
	rm->issue = w->issue;
	rm->path = gi_xstrdup(w->path);
	rm->branch = gi_xstrdup_or_null(w->branch);
	ret = check_removal(rm, r, w, &k, cache, force, mode);
	if (!ret && dry_run)
		rm->removed = 1;
	else if (!ret)
		ret = do_remove(rm, r, w, &k, force);
	git_error_clear();
	gi_base_release(&k.base);
	return ret;
}

static struct gi_wt_removal *new_removal(struct gi_wt_removals *out)
{
	struct gi_wt_removal *rm;

	GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	rm = &out->v[out->nr++];
	memset(rm, 0, sizeof(*rm));
	return rm;
}

/*
 * This clone's open claims on issue n (every issue with n 0) whose
 * worktree is gone or holds another issue now: release them, one
 * removal entry each (released set, removed not).
 */
static int release_stale(struct gi_wt_removals *out, struct gi_repo *r,
			 const struct gi_worktree_list *wts, long n,
			 int dry_run)
{
	struct gi_issue_list issues;
	char *clone = NULL;
	size_t i, j;
	int ret = 0;

	if (gi_clone_id(&clone, r, 0) < 0)
		return -1;
	if (!clone)
		return 0;	/* this clone never claimed anything */
	if (gi_store_list(&issues, r, NULL) < 0) {
		free(clone);
		return -1;
	}
	for (i = 0; i < issues.nr; i++) {
		struct gi_claim_list ours, stale = { NULL, 0, 0 };
		long m = issues.v[i].issue;
		const struct gi_worktree *w = NULL;

		if (!m || (n && m != n))
			continue;
		if (gi_claims_ours(&ours, r, m, clone, NULL, NULL) < 0) {
			ret = -1;
			continue;
		}
		for (j = 0; j < ours.nr; j++) {
			struct gi_wt_removal *rm;
			const struct gi_claim *c = &ours.v[j];

			w = c->wtname ? gi_worktree_named(wts, c->wtname) :
				c->worktree ? gi_worktree_at(wts, c->worktree) :
				NULL;
			if (w && w->issue == m)
				continue;
			rm = new_removal(out);
			rm->issue = m;
			rm->path = gi_xstrdup(w ? w->path : c->worktree ?
					      c->worktree : "");
			rm->branch = gi_xstrdup_or_null(c->branch);
			rm->released = 1;
			if (w)
				set_why(rm, "its worktree holds issue %s "
					"now", gi_label(w->issue));
			else
				set_why(rm, "its worktree is gone");
			GI_ALLOC_GROW(stale.v, stale.nr + 1, stale.alloc);
			stale.v[stale.nr++] = *c;
		}
		if (stale.nr && !dry_run &&
		    gi_claim_write(r, m, clone, stale.v, stale.nr,
				   "its worktree is gone or moved on",
				   NULL) < 0)
			ret = -1;
		free(stale.v);	/* the claims belong to `ours` */
		gi_claim_list_release(&ours);
	}
	gi_issue_list_release(&issues);
	free(clone);
	return ret;
}

int gi_worktree_remove(struct gi_wt_removals *out, struct gi_repo *r,
		       long n, int force)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *w;
	struct gi_wt_removal *rm;
	int ret;

	memset(out, 0, sizeof(*out));
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	w = gi_worktree_for_issue(&wts, n);
	if (!w) {
		/* what is left: claims of ours whose worktree went */
		ret = release_stale(out, r, &wts, n, 0);
		gi_worktree_list_release(&wts);
		if (ret < 0)
			return -1;
		if (!out->nr)
			return gi_error("issue %s has no worktree",
					gi_label(n)), GI_EINVALID;
		return 0;
	}
	rm = new_removal(out);
	ret = remove_one(rm, r, w, NULL, force, REMOVE_ONE, 0);
	if (ret == GI_EINVALID)
		gi_error("not removing '%s': %s", w->path, rm->why);
	else if (ret == GI_EREFUSED)
		gi_error("not removing '%s': %s%s", w->path, rm->why,
			 w->locked ? "" : "; use --force to remove it anyway");
	gi_worktree_list_release(&wts);
	return ret;
}

static int cmp_removal(const void *a, const void *b)
{
	const struct gi_wt_removal *x = a, *y = b;

	return x->issue < y->issue ? -1 : x->issue > y->issue;
}

int gi_worktree_prune_merged(struct gi_wt_removals *out, struct gi_repo *r,
			     int dry_run)
{
	struct gi_worktree_list wts;
	struct gi_base cache;
	size_t i;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	memset(&cache, 0, sizeof(cache));
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	for (i = 0; i < wts.nr; i++) {
		const struct gi_worktree *w = &wts.v[i];

		if (!w->issue || w->is_main)
			continue;
		if (remove_one(new_removal(out), r, w, &cache, 0,
			       REMOVE_MERGED, dry_run) == -1)
			ret = -1;
	}
	if (release_stale(out, r, &wts, 0, dry_run) < 0)
		ret = -1;
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_removal);
	gi_base_release(&cache);
	gi_worktree_list_release(&wts);
	return ret;
}

int gi_worktree_unclaim(struct gi_repo *r, long n, size_t *released)
{
	struct gi_claim_list ours;
	char *clone = NULL;
	int ret;

	*released = 0;
	if (gi_clone_id(&clone, r, 0) < 0)
		return -1;
	if (!clone || gi_claims_ours(&ours, r, n, clone, NULL, NULL) < 0) {
		free(clone);
		return clone ? -1 : 0;
	}
	ret = ours.nr ? gi_claim_write(r, n, clone, ours.v, ours.nr,
				       "released with --release", NULL) : 0;
	if (!ret)
		*released = ours.nr;
	gi_claim_list_release(&ours);
	free(clone);
	return ret;
}

/*
 * May the worktree `w` leave its issue? Its work must be merged or
 * pushed, and nothing uncommitted or in progress. GI_EREFUSED with the
 * reason said, 0, or -1.
 */
int gi_worktree_check_leaving(struct gi_repo *r, const struct gi_worktree *w)
{
	struct gi_wt_removal rm;
	struct removal_check k;
	gi_buf path = GI_BUF_INIT;
	static const char *const ops[] = { "rebase-merge", "rebase-apply",
		"MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "BISECT_LOG" };
	size_t i;
	int rc = 0;

	memset(&rm, 0, sizeof(rm));
	memset(&k, 0, sizeof(k));
	for (i = 0; i < GI_ARRAY_SIZE(ops) && !rc; i++) {
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", w->admin, ops[i]);
		if (access(path.buf, F_OK) == 0) {
			set_why(&rm, "an operation is in progress (%s)",
				ops[i]);
			rc = GI_EREFUSED;
		}
	}
	gi_buf_release(&path);
	if (!rc)
		rc = has_changes(&rm, w);
	if (rc > 0)
		rc = GI_EREFUSED;
	if (!rc) {
		k.have_base = !gi_base_for_branch(&k.base, r, w->branch,
						  NULL, 1);
		if (k.have_base && w->has_head &&
		    gi_branch_state(&k.st, r->repo, w->branch, &w->head,
				    &k.base.oid) < 0)
			rc = -1;
		else if (k.st.merged)
			rc = 0;
		else
			rc = commits_kept(&rm, r, w, &k, REMOVE_ONE);
		if (rc > 0)
			rc = GI_EREFUSED;
	}
	if (rc == GI_EREFUSED)
		gi_error("not leaving issue %s: %s; use --force to switch "
			 "anyway (nothing is lost: the branch stays)",
			 gi_label(w->issue), rm.why);
	gi_base_release(&k.base);
	free(rm.why);
	return rc;
}

void gi_wt_removals_release(struct gi_wt_removals *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].path);
		free(l->v[i].branch);
		free(l->v[i].why);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
