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
#include "gitissue/worktree/landed.h"
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

/*
 * May the worktree `cur` leave its issue (unless `force`)? And has that
 * issue's work landed (`landed` filled: it is done, landed.h)?
 * @return 0, GI_EREFUSED (said) or -1.
 */
static int may_leave(struct gi_landed_issue *landed, struct gi_repo *r,
		     const struct gi_worktree *cur, int force)
{
	int ret;

	if (!force && (ret = gi_worktree_check_leaving(r, cur)))
		return ret;
	if (cur->issue && cur->has_head &&
	    gi_landed_branch(landed, r, cur->issue, cur->branch,
			     &cur->head) < 0)
		return -1;
	return 0;
}

/* Switched to n: the old issue's claims end, n's claim is done, and the
 * old issue, when its work landed, is done too. */
static void switched(struct gi_repo *r, long n, char **clone,
		     const struct gi_worktree *cur, struct gi_early_claim *ec,
		     const struct gi_landed_issue *landed)
{
	if (cur->issue)
		release_old(r, cur->issue, clone, cur);
	gi_make_claim_done(r, n, *clone, cur, ec);
	if (landed->issue)
		gi_landed_done(r, landed);
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
	struct gi_landed_issue landed = { 0, NULL, NULL, 0 };
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
	if ((ret = may_leave(&landed, r, cur, opts->force)))
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
	switched(r, n, &clone, cur, &ec, &landed);
	ret = 0;
done:
	gi_landed_issue_release(&landed);
	gi_issue_release(&is);
	free(ec.name);
	gi_make_plan_release(&plan);
	gi_worktree_list_release(&wts);
	free(clone);
	return ret;
}
