/*
 * worktree-ops.c: making and removing issue worktrees (worktree-ops.h).
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
 * through `git worktree remove`, which re-checks for changes itself: a
 * second safety net under ours.
 */
#include "gitissue/worktree/worktree-ops.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/worktree/claim-decide.h"
#include "gitissue/util/config.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/run.h"
#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/scan.h"
#include "worktree/worktree.h"

/*
 * Run argv[0] (looked up on PATH) with `argv`, in `dir` when not NULL.
 * The child's stdout goes to our stderr: our stdout carries only the
 * path, for `cd "$(git issue-worktree N)"`. `env` holds NAME=value pairs
 * to add; with `fresh_repo`, the repository variables are dropped so that
 * git in the child finds the repository from `dir`.
 * @return the exit code, 128+signal, or -1 when it could not start.
 */
static int run(const char *const *argv, const char *dir,
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

/* "hint: ..." on stderr, as git gives advice */
static void hint(const char *fmt, ...) GI_ATTR_PRINTF(1, 2);
static void hint(const char *fmt, ...)
{
	va_list ap;

	fputs("hint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

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

static int branch_exists(struct gi_repo *r, const char *branch, git_oid *tip)
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
static int pick_branch(char **out, struct gi_repo *r, long n,
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
		if (branch_exists(r, opt, &tip)) {
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
	if (theirs->nr && !steal)
		return gi_error("not taking issue %s: someone works on it; "
				"use --steal to work on it anyway",
				gi_label(is->number)),
			hint("git issue-worktree --steal %s",
			     gi_issue_name(is->number,
					   (char[GI_ISSUE_NAME_MAX]){ 0 })),
			GI_ECLAIMED;
	return 0;
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

		rc = run(argv, path, env, 1);
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

int gi_worktree_write_issue(const char *admin, long n)
{
	char name[GI_ISSUE_NAME_MAX];
	gi_buf path = GI_BUF_INIT, tmp = GI_BUF_INIT;
	FILE *f;
	int ret = -1;

	gi_buf_addf(&path, "%s/%s", admin, GI_ISSUE_FILE);
	gi_buf_addf(&tmp, "%s.tmp.%ld", path.buf, (long)getpid());
	f = fopen(tmp.buf, "w");
	if (!f || fprintf(f, "%s\n", gi_issue_name(n, name)) < 0 ||
	    fclose(f) != 0) {
		if (f)
			fclose(f);
		gi_error("unable to write '%s': %s", tmp.buf,
			 strerror(errno));
	} else if (rename(tmp.buf, path.buf) < 0) {
		gi_error("unable to write '%s': %s", path.buf,
			 strerror(errno));
	} else {
		ret = 0;
	}
	if (ret)
		unlink(tmp.buf);
	gi_buf_release(&path);
	gi_buf_release(&tmp);
	return ret;
}

/* The worktree's commit id as text, zeros when unborn. */
static void head_hex(char hex[GIT_OID_HEXSZ + 1], const struct gi_worktree *w)
{
	git_oid zero;

	memset(&zero, 0, sizeof(zero));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, w->has_head ? &w->head : &zero);
}

/*
 * An existing worktree of issue n that this clone has no open claim on
 * (stock git made it, it was released, or a stock `git switch` moved it
 * here): asking for it is taking it, so claim it, and give it the issue
 * in its own right. Failures are warnings: the path is what matters.
 */
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

static void adopt(struct gi_repo *r, const struct gi_worktree *w, long n)
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
	    gi_worktree_write_issue(w->admin, n) < 0)
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

/* What a new worktree will be: decided before anything is made. */
struct add_plan {
	char *branch;
	char *path;
	int exists;		/* the branch exists already */
	struct gi_base base;	/* for a new branch (or a checked --base) */
};

static void add_plan_release(struct add_plan *p)
{
	free(p->branch);
	free(p->path);
	gi_base_release(&p->base);
}

/* Branch, path and base of a new worktree for issue n, all checked. */
static int plan_worktree(struct add_plan *p, struct gi_repo *r,
			 const struct gi_worktree_list *wts,
			 const struct gi_wt_add_opts *opts, const char *title)
{
	const struct gi_worktree *w;
	git_oid tip;
	int err;

	memset(p, 0, sizeof(*p));
	err = pick_branch(&p->branch, r, opts->issue, opts->branch, title);
	if (err)
		return err;
	p->exists = branch_exists(r, p->branch, &tip);
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
			 const struct add_plan *p, long n)
{
	int rc;

	if (p->exists) {
		const char *argv[] = { "git", "worktree", "add", "--quiet",
				       p->path, p->branch, NULL };

		rc = run(argv, NULL, NULL, 0);
	} else {
		const char *argv[] = { "git", "worktree", "add", "--quiet",
				       "--no-track", "-b", p->branch, p->path,
				       git_oid_tostr_s(&p->base.oid), NULL };

		rc = run(argv, NULL, NULL, 0);
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

/*
 * The link makes every command in the worktree know its issue, whatever
 * the branch is called; the base keeps "ahead" and "merged" measured
 * against what the branch was made from.
 */
static int link_branch(struct gi_repo *r, const struct add_plan *p, long n)
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

/* A claim written and decided before anything is made. */
struct early_claim {
	char id[17];		/* "" when it could not be written */
	char *name;		/* the worktree name it names */
};

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
static int claim_first(struct early_claim *ec, struct gi_repo *r,
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
static void claim_undo(struct gi_repo *r, long n, const char *clone,
		       struct early_claim *ec)
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
static void claim_done(struct gi_repo *r, long n, const char *clone,
		       const struct gi_worktree *w, struct early_claim *ec)
{
	struct gi_claim_list ours;
	struct gi_claim_target to;
	size_t i;

	if (gi_worktree_write_issue(w->admin, n) < 0)
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

/* The worktree just made at `path`, as git recorded it. */
static void claim_new(struct gi_wt_add_result *res, struct gi_repo *r,
		      long n, const char *clone, struct early_claim *ec)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *w;

	if (gi_worktree_list(&wts, r) < 0)
		return;
	w = gi_worktree_at(&wts, res->path);
	if (w)
		claim_done(r, n, clone, w, ec);
	else
		gi_warning("issue %s is not recorded in the worktree: no "
			   "worktree at '%s'", gi_label(n), res->path);
	gi_worktree_list_release(&wts);
}

/* What the claim of a new worktree at `p` says, before it is made. */
static void planned_target(struct gi_claim_target *to, char hex[41],
			   struct gi_repo *r, const struct add_plan *p)
{
	const char *slash = strrchr(p->path, '/');
	git_oid tip;

	memset(to, 0, sizeof(*to));
	if (!branch_exists(r, p->branch, &tip))
		git_oid_cpy(&tip, &p->base.oid);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &tip);
	to->path = p->path;
	to->name = slash ? slash + 1 : p->path;	/* git names it so */
	to->branch = p->branch;
	to->commit = hex;
}

int gi_worktree_add(struct gi_wt_add_result *res, struct gi_repo *r,
		    const struct gi_wt_add_opts *opts)
{
	struct gi_worktree_list wts;
	const struct gi_worktree *w;
	struct gi_issue is;
	struct gi_claim_target to;
	struct early_claim ec = { "", NULL };
	struct add_plan plan;
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
			adopt(r, w, n);
		goto done;
	}
	if (gi_issue_load(&is, r, NULL, n) < 0)
		goto done;
	ret = plan_worktree(&plan, r, &wts, opts, is.title);
	if (ret)
		goto done;
	planned_target(&to, hex, r, &plan);
	ret = claim_first(&ec, r, &is, &clone, &to, opts->steal,
			  &res->taken_from);
	if (ret)
		goto done;
	ret = make_worktree(res, r, &plan, n);
	if (ret) {
		if (ret < 0)
			claim_undo(r, n, clone, &ec);
		ret = ret == 1 ? 0 : -1;	/* 1: made meanwhile, reused */
		goto done;
	}
	if (link_branch(r, &plan, n) < 0) {
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
	add_plan_release(&plan);
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

	if (run(argv, NULL, NULL, 0))
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
static int check_leaving(struct gi_repo *r, const struct gi_worktree *w)
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

/* The branch (and base) the worktree `cur` switches to for issue n. */
static int plan_switch(struct add_plan *plan, struct gi_repo *r,
		       const struct gi_worktree_list *wts,
		       const struct gi_worktree *cur,
		       const struct gi_wt_add_opts *opts, const char *title)
{
	const struct gi_worktree *w;
	git_oid tip;
	int ret;

	ret = pick_branch(&plan->branch, r, opts->issue, opts->branch, title);
	if (ret)
		return ret;
	plan->exists = branch_exists(r, plan->branch, &tip);
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
		      const struct gi_worktree *cur, const struct add_plan *p)
{
	if (p->exists) {
		const char *argv[] = { "git", "switch", "--quiet", p->branch,
				       NULL };

		return run(argv, cur->path, NULL, 1);
	} else {
		const char *argv[] = { "git", "switch", "--quiet",
				       "--no-track", "-c", p->branch,
				       git_oid_tostr_s(&p->base.oid), NULL };

		res->new_branch = 1;
		res->base = gi_xstrdup(p->base.name);
		return run(argv, cur->path, NULL, 1);
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
	struct early_claim ec = { "", NULL };
	struct add_plan plan;
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
		adopt(r, cur, n);
		ret = 0;
		goto done;
	}
	w = gi_worktree_for_issue(&wts, n);
	if (w) {
		ret = (gi_error("issue %s already has a worktree at '%s'",
				gi_label(n), w->path), GI_EINVALID);
		goto done;
	}
	if (!opts->force && (ret = check_leaving(r, cur)))
		goto done;
	if (gi_issue_load(&is, r, NULL, n) < 0)
		goto done;
	ret = plan_switch(&plan, r, &wts, cur, opts, is.title);
	if (ret)
		goto done;
	planned_target(&to, hex, r, &plan);
	to.name = gi_worktree_claim_name(cur);
	ret = claim_first(&ec, r, &is, &clone, &to, opts->steal,
			  &res->taken_from);
	if (ret)
		goto done;
	if (run_switch(res, cur, &plan)) {
		claim_undo(r, n, clone, &ec);
		ret = gi_error("'git switch' failed in '%s'; still on issue "
			       "%s", cur->path, gi_label(m));
		goto done;
	}
	res->created = 1;
	res->path = gi_xstrdup(cur->path);
	res->branch = gi_xstrdup(plan.branch);
	if (link_branch(r, &plan, n) < 0) {
		ret = -1;
		goto done;
	}
	if (m)
		release_old(r, m, &clone, cur);
	claim_done(r, n, clone, cur, &ec);
	ret = 0;
done:
	gi_issue_release(&is);
	free(ec.name);
	add_plan_release(&plan);
	gi_worktree_list_release(&wts);
	free(clone);
	return ret;
}
