/*
 * worktree-add.c: making issue worktrees (worktree-add.h).
 *
 * Why `git worktree add` and not git_worktree_add: we compared the two on
 * the same repository (libgit2 1.5, git 2.39). libgit2 writes an absolute
 * `commondir` (git writes "../..", which survives moving the repository),
 * no HEAD reflog for the worktree, no ORIG_HEAD, and checks out without
 * the post-checkout hook, long-running filters (git-lfs), sparse checkout
 * or submodules; nor does it hold the "initializing" lock git takes so a
 * concurrent `git worktree prune` cannot remove a half-made worktree. The
 * index both make is equivalent. Creation is rare and costs one process;
 * being exactly what stock git makes is worth it. Removal likewise goes
 * through `git worktree remove` (worktree-remove.c).
 */
#include "gitissue/worktree/worktree-add.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "gitissue/util/config.h"
#include "gitissue/worktree/claim-decide.h"
#include "worktree/claim.h"
#include "worktree/worktree-make.h"

/* 1 when `path` is missing or an empty directory (git accepts those). */
static int usable_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int empty = 1;

	if (lstat(path, &st) < 0)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode) || !(d = opendir(path)))
		return 0;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

static int same_path(const char *a, const char *b)
{
	char *x = gi_real_path(a), *y = gi_real_path(b);
	int eq = !strcmp(x, y);

	free(x);
	free(y);
	return eq;
}

/* When two of us race to make the same worktree, the loser reuses it. */
static int made_meanwhile(struct gi_wt_add_result *res, struct gi_repo *r,
			  long n)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *w;
	int found = 0;

	if (gi_worktree_list(&wts, r) < 0)
		return 0;
	w = gi_worktree_for_issue(&wts, n);
	if (w && !w->missing) {
		res->path = gi_xstrdup(w->path);
		res->branch = w->branch ? gi_xstrdup(w->branch) : NULL;
		found = 1;
	}
	gi_worktree_list_release(&wts);
	return found;
}

static int run_setup(struct gi_repo *r, const struct gi_worktree_list *wts,
		     long n, const char *path, const char *branch)
{
	char *cmd = gi_config_get(r, "issue.worktreeSetup");
	gi_buf e_issue = GI_BUF_INIT, e_branch = GI_BUF_INIT;
	gi_buf e_main = GI_BUF_INIT;
	const char *env[4];
	int rc;

	if (!cmd || !*cmd) {
		free(cmd);
		return -1;
	}
	/* data for the command goes in the environment, never in its text */
	{
		char name[GI_ISSUE_NAME_MAX];

		gi_buf_addf(&e_issue, "GIT_ISSUE=%s", gi_issue_name(n, name));
	}
	gi_buf_addf(&e_branch, "GIT_ISSUE_BRANCH=%s", branch);
	gi_buf_addf(&e_main, "GIT_ISSUE_MAIN_WORKTREE=%s", wts->main_path);
	env[0] = e_issue.buf;
	env[1] = e_branch.buf;
	env[2] = e_main.buf;
	env[3] = NULL;
	{
		const char *argv[] = { "/bin/sh", "-c", cmd, NULL };

		rc = gi_make_run(argv, path, env, 1);
	}
	if (rc)
		gi_error("the setup command 'issue.worktreeSetup' failed "
			 "(exit code %d) in '%s'; the worktree is kept", rc,
			 path);
	free(cmd);
	gi_buf_release(&e_issue);
	gi_buf_release(&e_branch);
	gi_buf_release(&e_main);
	return rc < 0 ? 127 : rc;
}

/* The existing worktree of the issue, used as it is when the options
 * agree with it. */
static int reuse_worktree(struct gi_wt_add_result *res,
			  const struct gi_worktree *w,
			  const struct gi_wt_add_opts *opts)
{
	long n = opts->issue;

	if (w->missing)
		return gi_error("the worktree of issue %s at '%s' is gone; "
				"clear it with 'git issue-worktree --remove "
				"%s'", gi_label(n), w->path,
				gi_issue_name(n, (char[GI_ISSUE_NAME_MAX]){ 0 })),
			GI_EINVALID;
	if (opts->path && !same_path(opts->path, w->path))
		return gi_error("issue %s already has a worktree at '%s'",
				gi_label(n), w->path), GI_EINVALID;
	if (opts->branch && (!w->branch || strcmp(opts->branch, w->branch)))
		return gi_error("issue %s already has a worktree at '%s', "
				"on branch '%s'", gi_label(n), w->path,
				w->branch ? w->branch : "(none)"),
			GI_EINVALID;
	/* reused as it is: the base it was made from stays */
	if (opts->base)
		gi_warning("issue %s already has a worktree; --base '%s' is "
			   "not applied to it", gi_label(n), opts->base);
	res->path = gi_xstrdup(w->path);
	res->branch = gi_xstrdup_or_null(w->branch);
	return 0;
}

/* Branch, path and base of a new worktree for issue n, all checked. */
static int plan_worktree(struct gi_make_plan *p, struct gi_repo *r,
			 const struct gi_worktree_list *wts,
			 const struct gi_wt_add_opts *opts, const char *title)
{
	const struct gi_worktree *w;
	git_oid tip;
	int err;

	memset(p, 0, sizeof(*p));
	err = gi_make_pick_branch(&p->branch, r, opts->issue, opts->branch,
				  title);
	if (err)
		return err;
	p->exists = gi_make_branch_exists(r, p->branch, &tip);
	if (p->exists && (w = gi_worktree_on_branch(wts, p->branch)))
		return gi_error("branch '%s' is already checked out at '%s'",
				p->branch, w->path), GI_EINVALID;
	p->path = opts->path ? gi_absolute_path(opts->path) :
		gi_worktree_default_path(r, wts, opts->issue);
	if ((w = gi_worktree_at(wts, p->path)))
		return gi_error("'%s' is already a worktree%s%s%s", p->path,
				w->branch ? " (branch '" : "",
				w->branch ? w->branch : "",
				w->branch ? "')" : ""), GI_EINVALID;
	if (!usable_path(p->path))
		return gi_error("'%s' already exists and is not a worktree",
				p->path), GI_EINVALID;
	if (p->exists && opts->base) {
		/* still refuse a base that does not exist */
		if (gi_base_default(&p->base, r, opts->base))
			return GI_EINVALID;
		gi_warning("branch '%s' exists: --base '%s' is not used",
			   p->branch, opts->base);
	} else if (!p->exists && gi_base_default(&p->base, r, opts->base)) {
		return GI_EINVALID;
	}
	return 0;
}

/* `git worktree add` as planned; 1 when another process made it first. */
static int make_worktree(struct gi_wt_add_result *res, struct gi_repo *r,
			 const struct gi_make_plan *p, long n)
{
	int rc;

	if (p->exists) {
		const char *argv[] = { "git", "worktree", "add", "--quiet",
				       p->path, p->branch, NULL };

		rc = gi_make_run(argv, NULL, NULL, 0);
	} else {
		const char *argv[] = { "git", "worktree", "add", "--quiet",
				       "--no-track", "-b", p->branch, p->path,
				       git_oid_tostr_s(&p->base.oid), NULL };

		rc = gi_make_run(argv, NULL, NULL, 0);
		res->new_branch = 1;
		res->base = gi_xstrdup(p->base.name);
	}
	if (rc) {
		if (made_meanwhile(res, r, n))
			return 1;
		return gi_error("'git worktree add' failed for issue %s",
				gi_label(n));
	}
	res->created = 1;
	res->path = gi_real_path(p->path);
	res->branch = gi_xstrdup(p->branch);
	return 0;
}

/* The worktree just made at `path`, as git recorded it. */
static void claim_new(struct gi_wt_add_result *res, struct gi_repo *r,
		      long n, const char *clone, struct gi_early_claim *ec)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *w;

	if (gi_worktree_list(&wts, r) < 0)
		return;
	w = gi_worktree_at(&wts, res->path);
	if (w)
		gi_make_claim_done(r, n, clone, w, ec);
	else
		gi_warning("issue %s is not recorded in the worktree: no "
			   "worktree at '%s'", gi_label(n), res->path);
	gi_worktree_list_release(&wts);
}

/* "#11 (open, claimed by A U Thor)" for an open blocker; 0 when closed
 * (a closed blocker blocks no more). */
static int open_blocker(gi_buf *out, struct gi_repo *r, long n)
{
	struct gi_issue bl;
	struct gi_claim_list claims = { NULL, 0, 0 };
	size_t i;

	if (gi_issue_load(&bl, r, NULL, n) < 0) {
		gi_buf_addf(out, "%s (unreadable)", gi_label(n));
		return 1;
	}
	if (gi_issue_closed(&bl)) {
		gi_issue_release(&bl);
		return 0;
	}
	gi_buf_addf(out, "%s (open", gi_label(n));
	gi_claims_open(&claims, &bl);
	for (i = 0; i < claims.nr; i++) {
		gi_buf_adds(out, i ? ", " : ", claimed by ");
		gi_add_author_name(out, claims.v[i].author);
	}
	gi_buf_addch(out, ')');
	gi_claim_list_release(&claims);
	gi_issue_release(&bl);
	return 1;
}

/* Starting a blocked issue is allowed, but not without a word. */
static void warn_blocked(struct gi_repo *r, const struct gi_issue *is)
{
	gi_buf list = GI_BUF_INIT, one = GI_BUF_INIT;
	size_t i, k = 0;

	for (i = 0; i < is->links.blocked_by.nr; i++) {
		const struct gi_link *l = &is->links.blocked_by.v[i];

		if (l->status == GI_LINK_REFUSED)
			continue;
		gi_buf_reset(&one);
		if (!open_blocker(&one, r, l->issue))
			continue;
		gi_buf_addf(&list, "%s%s", k++ ? " and " : "", one.buf);
	}
	if (k)
		gi_warning("issue %s is blocked by %s: starting it anyway",
			   gi_label(is->number), list.buf);
	gi_buf_release(&list);
	gi_buf_release(&one);
}

int gi_worktree_add(struct gi_wt_add_result *res, struct gi_repo *r,
		    const struct gi_wt_add_opts *opts)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *w;
	struct gi_issue is;
	struct gi_claim_target to;
	struct gi_early_claim ec = { "", NULL };
	struct gi_make_plan plan;
	char *clone = NULL, hex[GIT_OID_HEXSZ + 1];
	long n = opts->issue;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&plan, 0, sizeof(plan));
	memset(&is, 0, sizeof(is));
	res->setup_status = -1;
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	w = gi_worktree_for_issue(&wts, n);
	if (w) {
		ret = reuse_worktree(res, w, opts);
		if (!ret)
			gi_make_adopt(r, w, n);
		goto done;
	}
	if (gi_issue_load(&is, r, NULL, n) < 0)
		goto done;
	ret = plan_worktree(&plan, r, &wts, opts, is.title);
	if (ret)
		goto done;
	warn_blocked(r, &is);
	gi_make_planned_target(&to, hex, r, &plan);
	ret = gi_make_claim_first(&ec, r, &is, &clone, &to, opts->steal,
				  &res->taken_from);
	if (ret)
		goto done;
	ret = make_worktree(res, r, &plan, n);
	if (ret) {
		if (ret < 0)
			gi_make_claim_undo(r, n, clone, &ec);
		ret = ret == 1 ? 0 : -1;	/* 1: made meanwhile, reused */
		goto done;
	}
	if (gi_make_link_branch(r, &plan, n) < 0) {
		ret = -1;
		goto done;
	}
	claim_new(res, r, n, clone, &ec);
	if (!opts->no_setup)
		res->setup_status = run_setup(r, &wts, n, res->path,
					      res->branch);
done:
	gi_issue_release(&is);
	free(ec.name);
	gi_make_plan_release(&plan);
	gi_worktree_list_release(&wts);
	free(clone);
	return ret;
}

void gi_wt_add_result_release(struct gi_wt_add_result *res)
{
	free(res->path);
	free(res->branch);
	free(res->base);
	free(res->taken_from);
	memset(res, 0, sizeof(*res));
}
