/*
 * worktree-switch.c: moving the worktree we run in to another issue
 * (worktree-switch.h): its work checked as a removal would be, `git
 * switch` to the new issue's branch, the old issue's claims on it ended
 * and the new one claimed.
 */
#include "gitissue/worktree/worktree-switch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/worktree/worktree-remove.h"
#include "worktree/claim.h"
#include "worktree/worktree-make.h"
#include "worktree/worktree.h"

/* The branch (and base) the worktree `cur` switches to for issue n. */
static int plan_switch(struct gi_make_plan *plan, struct gi_repo *r,
		       const struct gi_worktree_list *wts,
		       const struct gi_worktree *cur,
		       const struct gi_wt_add_opts *opts, const char *title)
{
	const struct gi_worktree *w;
	git_oid tip;
	int ret;

	ret = gi_make_pick_branch(&plan->branch, r, opts->issue, opts->branch,
				  title);
	if (ret)
		return ret;
	plan->exists = gi_make_branch_exists(r, plan->branch, &tip);
	plan->path = gi_xstrdup(cur->path);
	if (plan->exists && (w = gi_worktree_on_branch(wts, plan->branch)) &&
	    w != cur)
		return gi_error("branch '%s' is already checked out at '%s'",
				plan->branch, w->path), GI_EINVALID;
	if (!plan->exists)
		return gi_base_default(&plan->base, r, opts->base);
	return 0;
}

/* `git switch` in the worktree `cur`, as planned; nonzero: it failed. */
static int run_switch(struct gi_wt_add_result *res,
		      const struct gi_worktree *cur,
		      const struct gi_make_plan *p)
{
	if (p->exists) {
		const char *argv[] = { "git", "switch", "--quiet", p->branch,
				       NULL };

		return gi_make_run(argv, cur->path, NULL, 1);
	} else {
		const char *argv[] = { "git", "switch", "--quiet",
				       "--no-track", "-c", p->branch,
				       git_oid_tostr_s(&p->base.oid), NULL };

		res->new_branch = 1;
		res->base = gi_xstrdup(p->base.name);
		return gi_make_run(argv, cur->path, NULL, 1);
	}
}

/* The old issue m's claims on the worktree `cur` end here. */
static void release_old(struct gi_repo *r, long m, char **clone,
			const struct gi_worktree *cur)
{
	struct gi_claim_list old = { NULL, 0, 0 };

	if ((!*clone && gi_clone_id(clone, r, 1) < 0) ||
	    gi_claims_ours(&old, r, m, *clone, gi_worktree_claim_name(cur),
			   cur->path) < 0 ||
	    (old.nr && gi_claim_write(r, m, *clone, old.v, old.nr,
				      "its worktree moved on", NULL) < 0))
		gi_warning("the release of issue %s was not recorded",
			   gi_label(m));
	gi_claim_list_release(&old);
}

int gi_worktree_switch(struct gi_wt_add_result *res, struct gi_repo *r,
		       const struct gi_wt_add_opts *opts)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *cur, *w;
	struct gi_issue is;
	struct gi_claim_target to;
	struct gi_early_claim ec = { "", NULL };
	struct gi_make_plan plan;
	char *clone = NULL, hex[GIT_OID_HEXSZ + 1];
	long n = opts->issue, m;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&plan, 0, sizeof(plan));
	memset(&is, 0, sizeof(is));
	res->setup_status = -1;
	if (r->bare || !r->workdir)
		return gi_error("--switch works in a worktree"), GI_EINVALID;
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	cur = gi_worktree_at(&wts, r->workdir);
	if (!cur) {
		ret = (gi_error("'%s' is not a worktree of this repository",
				r->workdir), GI_EINVALID);
		goto done;
	}
	m = cur->issue;
	if (m == n) {
		res->path = gi_xstrdup(cur->path);
		res->branch = gi_xstrdup_or_null(cur->branch);
		gi_make_adopt(r, cur, n);
		ret = 0;
		goto done;
	}
	w = gi_worktree_for_issue(&wts, n);
	if (w) {
		ret = (gi_error("issue %s already has a worktree at '%s'",
				gi_label(n), w->path), GI_EINVALID);
		goto done;
	}
	if (!opts->force && (ret = gi_worktree_check_leaving(r, cur)))
		goto done;
	if (gi_issue_load(&is, r, NULL, n) < 0)
		goto done;
	ret = plan_switch(&plan, r, &wts, cur, opts, is.title);
	if (ret)
		goto done;
	gi_make_planned_target(&to, hex, r, &plan);
	to.name = gi_worktree_claim_name(cur);
	ret = gi_make_claim_first(&ec, r, &is, &clone, &to, opts->steal,
				  &res->taken_from);
	if (ret)
		goto done;
	if (run_switch(res, cur, &plan)) {
		gi_make_claim_undo(r, n, clone, &ec);
		ret = gi_error("'git switch' failed in '%s'; still on issue "
			       "%s", cur->path, gi_label(m));
		goto done;
	}
	res->created = 1;
	res->path = gi_xstrdup(cur->path);
	res->branch = gi_xstrdup(plan.branch);
	if (gi_make_link_branch(r, &plan, n) < 0) {
		ret = -1;
		goto done;
	}
	if (m)
		release_old(r, m, &clone, cur);
	gi_make_claim_done(r, n, clone, cur, &ec);
	ret = 0;
done:
	gi_issue_release(&is);
	free(ec.name);
	gi_make_plan_release(&plan);
	gi_worktree_list_release(&wts);
	free(clone);
	return ret;
}
