/*
 * worktree-make.c: what making an issue worktree (worktree-add.c) and
 * moving one to another issue (worktree-switch.c) share (worktree-make.h):
 * the branch picked and linked to the issue, the claim written and
 * decided before anything is made, the issue recorded in the worktree,
 * and git run for it.
 */
#include "worktree/worktree-make.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/config.h"
#include "gitissue/util/run.h"
#include "gitissue/worktree/claim-decide.h"
#include "util/lockfile.h"
#include "worktree/claim.h"

/*
 * Run argv[0] (looked up on PATH) with `argv`, in `dir` when not NULL.
 * The child's stdout goes to our stderr: our stdout carries only the
 * path, for `cd "$(git issue-worktree N)"`. `env` holds NAME=value pairs
 * to add; with `fresh_repo`, the repository variables are dropped so that
 * git in the child finds the repository from `dir`.
 * @return the exit code, 128+signal, or -1 when it could not start.
 */
int gi_make_run(const char *const *argv, const char *dir,
		const char *const *env, int fresh_repo)
{
	struct gi_child c = { 0 };

	c.argv = argv;
	c.dir = dir;
	c.env = env;
	c.clean_repo_env = fresh_repo;
	c.out_to_err = 1;
	return gi_run(&c);
}

int gi_make_branch_exists(struct gi_repo *r, const char *branch, git_oid *tip)
{
	gi_buf ref = GI_BUF_INIT;
	int ok;

	gi_buf_addf(&ref, "refs/heads/%s", branch);
	ok = !git_reference_name_to_id(tip, r->repo, ref.buf);
	git_error_clear();
	gi_buf_release(&ref);
	return ok;
}

/* The branch for issue n: --branch, the one that belongs to it, or new. */
int gi_make_pick_branch(char **out, struct gi_repo *r, long n,
			const char *opt, const char *title)
{
	struct gi_issue_branch_list bl;
	gi_buf names = GI_BUF_INIT;
	size_t i, hits = 0, linked = 0;
	int valid = 0, ret = GI_EINVALID;
	long m;
	git_oid tip;

	*out = NULL;
	if (opt) {
		if (git_branch_name_is_valid(&valid, opt) < 0 || !valid) {
			git_error_clear();
			return gi_error("'%s' is not a valid branch name", opt),
				GI_EINVALID;
		}
		if (gi_make_branch_exists(r, opt, &tip)) {
			int err = gi_branch_issue(r, opt, &m, 0);

			if (err == -1)
				return GI_EINVALID;
			if (!err && m != n)
				return gi_error("branch '%s' belongs to issue "
						"%s, not %s", opt, gi_label(m),
						gi_label(n)),
					GI_EINVALID;
		}
		*out = gi_xstrdup(opt);
		return 0;
	}
	if (gi_issue_branches(&bl, r) < 0)
		return -1;
	for (i = 0; i < bl.nr; i++) {
		if (bl.v[i].issue != n)
			continue;
		if (!hits++)
			*out = gi_xstrdup(bl.v[i].name);
		linked += bl.v[i].linked;
		gi_buf_addf(&names, "%s'%s'", names.len ? ", " : "",
			    bl.v[i].name);
	}
	/* linked ones sort first: one linked branch is a clear answer */
	if (hits > 1 && linked != 1) {
		gi_error("several branches belong to issue %s: %s; choose "
			 "one with --branch", gi_label(n), names.buf);
		free(*out);
		*out = NULL;
	} else {
		if (!hits)
			*out = gi_issue_branch_name(n, title);
		ret = 0;
	}
	gi_buf_release(&names);
	gi_issue_branch_list_release(&bl);
	return ret;
}

/* "A U Thor <a@x> in clone 1a2b... (worktree 'issue-7') since
 * 2024-05-01 10:00 UTC" */
static void describe_claim(gi_buf *b, const struct gi_claim *c)
{
	gi_buf_addf(b, "%s in clone %s", c->author ? c->author : "someone",
		    c->clone ? c->clone : "(unknown)");
	if (c->wtname)
		gi_buf_addf(b, " (worktree '%s')", c->wtname);
	else if (c->worktree)
		gi_buf_addf(b, " at '%s'", c->worktree);
	gi_buf_addf(b, " since %.10s %.5s UTC", c->time,
		    strlen(c->time) > 16 ? c->time + 11 : "");
}

/*
 * Sort the open claims of issue n into ours (stale: our worktree for n is
 * gone, or we would not be creating one) and others'. Refuse over
 * others' without `steal`.
 */
static int check_claims(struct gi_claim_list *stale,
			struct gi_claim_list *theirs,
			const struct gi_issue *is, const char *clone, int steal)
{
	struct gi_claim_list open = { NULL, 0, 0 };
	gi_buf b = GI_BUF_INIT;
	size_t i;

	gi_claims_open(&open, is);
	for (i = 0; i < open.nr; i++) {
		struct gi_claim_list *to = gi_claim_is_ours(&open.v[i], clone) ?
			stale : theirs;

		GI_ALLOC_GROW(to->v, to->nr + 1, to->alloc);
		to->v[to->nr++] = open.v[i];
	}
	free(open.v);	/* the claims moved to stale and theirs */
	for (i = 0; i < theirs->nr; i++) {
		gi_buf_reset(&b);
		describe_claim(&b, &theirs->v[i]);
		gi_warning("issue %s is claimed by %s", gi_label(is->number),
			   b.buf);
	}
	gi_buf_release(&b);
	if (theirs->nr && !steal) {
		char name[GI_ISSUE_NAME_MAX];

		gi_error("not taking issue %s: someone works on it; use "
			 "--steal to work on it anyway", gi_label(is->number));
		gi_advise("git issue-worktree --steal %s",
			  gi_issue_name(is->number, name));
		return GI_ECLAIMED;
	}
	return 0;
}

/* The worktree's issue file, written whole (util/lockfile.h). */
static int write_issue(const char *admin, long n)
{
	static const struct gi_lock_opts wait = { .timeout_ms = 1000 };
	char name[GI_ISSUE_NAME_MAX];
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT;
	int ret;

	gi_buf_addf(&path, "%s/%s", admin, GI_ISSUE_FILE);
	gi_buf_addf(&text, "%s\n", gi_issue_name(n, name));
	ret = gi_write_file_atomic(path.buf, text.buf, text.len, &wait) ?
		-1 : 0;
	gi_buf_release(&path);
	gi_buf_release(&text);
	return ret;
}

/* The worktree's commit id as text, zeros when unborn. */
static void head_hex(char hex[GIT_OID_HEXSZ + 1], const struct gi_worktree *w)
{
	git_oid zero;

	memset(&zero, 0, sizeof(zero));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, w->has_head ? &w->head : &zero);
}

/* Does another clone hold an open claim on issue n (as known here)? */
static int held_elsewhere(struct gi_repo *r, long n, const char *clone)
{
	struct gi_issue is;
	struct gi_claim_list open = { NULL, 0, 0 };
	size_t i;
	int held = 0;

	if (gi_issue_load(&is, r, NULL, n) < 0)
		return 0;
	gi_claims_open(&open, &is);
	for (i = 0; i < open.nr; i++)
		held |= !gi_claim_is_ours(&open.v[i], clone);
	gi_claim_list_release(&open);
	gi_issue_release(&is);
	return held;
}

/*
 * An existing worktree of issue n that this clone has no open claim on
 * (stock git made it, it was released, or a stock `git switch` moved it
 * here): asking for it is taking it, so claim it, and give it the issue
 * in its own right. Failures are warnings: the path is what matters.
 */
void gi_make_adopt(struct gi_repo *r, const struct gi_worktree *w, long n)
{
	struct gi_claim_list ours;
	struct gi_claim_target to;
	char *clone = NULL;
	char hex[GIT_OID_HEXSZ + 1];

	if (w->missing || !w->admin)
		return;
	/*
	 * Not for the main worktree, found on an issue branch: it goes
	 * back to the project's branch later (which belongs to no issue),
	 * and its file would then keep it, and every note written there,
	 * on this issue. --switch there writes it, being asked to.
	 */
	if (!w->is_main && w->file_issue != n &&
	    write_issue(w->admin, n) < 0)
		gi_warning("issue %s is not recorded in the worktree",
			   gi_label(n));
	if (gi_clone_id(&clone, r, 1) < 0 ||
	    gi_claims_ours(&ours, r, n, clone, gi_worktree_claim_name(w),
			   w->path) < 0) {
		free(clone);
		return;
	}
	if (!ours.nr && held_elsewhere(r, n, clone)) {
		/* e.g. our claim lost the race: the worktree is yours, the
		 * issue another clone's (--steal takes it) */
		gi_warning("issue %s is claimed in another clone: this "
			   "worktree is not claimed", gi_label(n));
	} else if (!ours.nr) {
		head_hex(hex, w);
		memset(&to, 0, sizeof(to));
		to.path = w->path;
		to.name = gi_worktree_claim_name(w);
		to.branch = w->branch;
		to.commit = hex;
		if (gi_claim_write(r, n, clone, NULL, 0, NULL, &to) < 0)
			gi_warning("the claim on issue %s was not recorded",
				   gi_label(n));
	}
	gi_claim_list_release(&ours);
	free(clone);
}

void gi_make_plan_release(struct gi_make_plan *p)
{
	free(p->branch);
	free(p->path);
	gi_base_release(&p->base);
}

/*
 * The link makes every command in the worktree know its issue, whatever
 * the branch is called; the base keeps "ahead" and "merged" measured
 * against what the branch was made from.
 */
int gi_make_link_branch(struct gi_repo *r, const struct gi_make_plan *p, long n)
{
	gi_buf key = GI_BUF_INIT, num = GI_BUF_INIT;
	int ret = -1;

	gi_buf_addf(&key, "branch.%s.issue", p->branch);
	{
		char name[GI_ISSUE_NAME_MAX];

		gi_buf_adds(&num, gi_issue_name(n, name));
	}
	if (gi_config_set_local(r, key.buf, num.buf) < 0)
		goto done;
	if (!p->exists && p->base.ref) {
		gi_buf_reset(&key);
		gi_buf_addf(&key, "branch.%s.issueBase", p->branch);
		if (gi_config_set_local(r, key.buf, p->base.ref) < 0)
			goto done;
	}
	ret = 0;
done:
	gi_buf_release(&key);
	gi_buf_release(&num);
	return ret;
}


static void taken_from_text(char **out, const struct gi_claim_list *theirs)
{
	gi_buf who = GI_BUF_INIT;
	size_t i;

	if (!theirs->nr)
		return;
	for (i = 0; i < theirs->nr; i++)
		gi_buf_addf(&who, "%s%s", i ? ", " : "",
			    theirs->v[i].author ? theirs->v[i].author :
			    "someone");
	*out = gi_buf_detach(&who, NULL);
}

/*
 * Check the claims this clone knows of (refuse over others' without
 * --steal), then release our stale claims, take over others' (--steal),
 * claim issue n for the worktree `name` at `path`, and let the remote
 * decide (claim-decide.h): lost is GI_ECLAIMED, with nothing made. A
 * claim that cannot be written must not cost the worktree: a warning.
 */
int gi_make_claim_first(struct gi_early_claim *ec, struct gi_repo *r,
			const struct gi_issue *is, char **clone,
			const struct gi_claim_target *to, int steal,
			char **taken_from)
{
	struct gi_claim_list stale = { NULL, 0, 0 }, theirs = { NULL, 0, 0 };
	struct gi_claim_target t = *to;
	long n = is->number;
	int ret;

	memset(ec, 0, sizeof(*ec));
	ret = gi_clone_id(clone, r, 0);
	if (!ret)
		ret = check_claims(&stale, &theirs, is, *clone, steal);
	if (ret)
		goto done;
	t.steal = theirs.nr > 0;
	if ((!*clone && gi_clone_id(clone, r, 1) < 0) ||
	    (stale.nr && gi_claim_write(r, n, *clone, stale.v, stale.nr,
					"its worktree is gone", NULL) < 0) ||
	    gi_claim_write_id(r, n, *clone, theirs.v, theirs.nr,
			      "taken over with --steal", &t, ec->id) < 0) {
		gi_warning("the claim on issue %s was not recorded",
			   gi_label(n));
		ec->id[0] = '\0';
		goto done;
	}
	ec->name = gi_xstrdup(to->name);
	taken_from_text(taken_from, &theirs);
	ret = gi_claim_decide(r, n, ec->id, steal);
done:
	gi_claim_list_release(&stale);
	gi_claim_list_release(&theirs);
	return ret;
}

/* Our early claim, when what it was for could not be made. */
void gi_make_claim_undo(struct gi_repo *r, long n, const char *clone,
			struct gi_early_claim *ec)
{
	struct gi_claim_list ours;
	size_t i;

	if (!ec->id[0] || gi_claims_ours(&ours, r, n, clone, NULL, NULL) < 0)
		return;
	for (i = 0; i < ours.nr; i++)
		if (!strcmp(ours.v[i].id, ec->id))
			gi_claim_write(r, n, clone, &ours.v[i], 1,
				       "the worktree could not be made", NULL);
	gi_claim_list_release(&ours);
	gi_claim_pending_forget(r, n);
}

/*
 * The worktree `w` is made: record issue n in its admin dir, and when git
 * named it otherwise than the claim says, claim it again under its name.
 */
void gi_make_claim_done(struct gi_repo *r, long n, const char *clone,
			const struct gi_worktree *w, struct gi_early_claim *ec)
{
	struct gi_claim_list ours;
	struct gi_claim_target to;
	size_t i;

	if (write_issue(w->admin, n) < 0)
		gi_warning("issue %s is not recorded in the worktree",
			   gi_label(n));
	if (!ec->id[0] || !ec->name ||
	    !strcmp(ec->name, gi_worktree_claim_name(w)) ||
	    gi_claims_ours(&ours, r, n, clone, NULL, NULL) < 0)
		return;
	memset(&to, 0, sizeof(to));
	to.path = w->path;
	to.name = gi_worktree_claim_name(w);
	to.branch = w->branch;
	to.commit = git_oid_tostr_s(&w->head);
	for (i = 0; i < ours.nr; i++)
		if (!strcmp(ours.v[i].id, ec->id) &&
		    gi_claim_write(r, n, clone, &ours.v[i], 1,
				   "its worktree got another name", &to) < 0)
			gi_warning("the claim on issue %s was not recorded",
				   gi_label(n));
	gi_claim_list_release(&ours);
}

/* What the claim of a new worktree at `p` says, before it is made. */
void gi_make_planned_target(struct gi_claim_target *to, char hex[41],
			    struct gi_repo *r, const struct gi_make_plan *p)
{
	const char *slash = strrchr(p->path, '/');
	git_oid tip;

	memset(to, 0, sizeof(*to));
	if (!gi_make_branch_exists(r, p->branch, &tip))
		git_oid_cpy(&tip, &p->base.oid);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &tip);
	to->path = p->path;
	to->name = slash ? slash + 1 : p->path;	/* git names it so */
	to->branch = p->branch;
	to->commit = hex;
}
