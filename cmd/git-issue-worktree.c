/*
 * git-issue-worktree: one worktree per issue.
 *
 * `git issue-worktree N` gives issue N its own branch and worktree (or
 * finds the ones it has) and prints only the path, for
 * `d=$(git issue-worktree N) && cd "$d"`. --switch moves the worktree we
 * are in to another issue once its work has landed, --release ends a
 * claim, --remove takes a worktree away without ever losing work, and
 * --prune-merged clears those whose work has landed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gitissue/agent/agent.h"
#include "gitissue/core/issue.h"
#include "gitissue/sync/github-issues.h"
#include "gitissue/util/options.h"
#include "gitissue/worktree/worktree-add.h"
#include "gitissue/worktree/worktree-remove.h"
#include "gitissue/worktree/worktree-switch.h"

static const char *const usage[] = {
	"git issue-worktree [--base <rev>] [--path <dir>] [--branch <name>] [--no-setup] [--steal] <n>",
	"git issue-worktree --switch [--base <rev>] [--branch <name>] [--steal] [-f | --force] <n>",
	"git issue-worktree --release [<n>]",
	"git issue-worktree --remove [-f | --force] <n>",
	"git issue-worktree --prune-merged [-n | --dry-run]",
	NULL
};

enum mode { MODE_ADD, MODE_SWITCH, MODE_RELEASE, MODE_REMOVE,
	    MODE_PRUNE_MERGED };

static const char *base, *path, *branch;
static int setup = 1, steal, mode, force, dry_run;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "base", &base, "<rev>",
		      "start a new branch from <rev> (default: the remote's "
		      "default branch)"),
	GI_OPT_STRING(0, "path", &path, "<dir>",
		      "make the worktree at <dir>"),
	GI_OPT_STRING(0, "branch", &branch, "<name>",
		      "use branch <name> (default: issue/<n>-<slug>)"),
	GI_OPT_BOOL(0, "setup", &setup,
		    "run issue.worktreeSetup in a new worktree (default)"),
	GI_OPT_BOOL(0, "steal", &steal,
		    "work on it even if another clone has claimed it"),
	GI_OPT_GROUP("Reusing"),
	GI_OPT_CMDMODE(0, "switch", &mode, MODE_SWITCH,
		       "move this worktree to issue <n>"),
	GI_OPT_CMDMODE(0, "release", &mode, MODE_RELEASE,
		       "end this clone's claim on the issue, removing "
		       "nothing"),
	GI_OPT_GROUP("Removing"),
	GI_OPT_CMDMODE(0, "remove", &mode, MODE_REMOVE,
		       "remove the issue's worktree, and its branch if merged"),
	GI_OPT_BOOL('f', "force", &force,
		    "remove (or leave) even with uncommitted or unpushed "
		    "work"),
	GI_OPT_CMDMODE(0, "prune-merged", &mode, MODE_PRUNE_MERGED,
		       "remove every clean worktree whose branch is merged"),
	GI_OPT_BOOL('n', "dry-run", &dry_run,
		    "with --prune-merged: only say what would go"),
	GI_OPT_END(),
};

static int exit_code(int err)
{
	if (!err)
		return GI_EXIT_OK;
	if (err == GI_EREFUSED || err == GI_ECLAIMED)
		return GI_EXIT_FAILED;
	return GI_EXIT_FATAL;
}

/* What add and switch say first: the exit code of an error, or that the
 * issue was taken over from another worktree (0). */
static int started(int err, const struct gi_wt_add_result *res, long n)
{
	if (err)
		return exit_code(err);
	if (res->taken_from)
		fprintf(stderr, "took issue %s over from %s\n", gi_label(n),
			res->taken_from);
	return 0;
}

static long issue_arg(int nargs, const char **argv)
{
	if (nargs != 1)
		gi_usage_with_error(usage, options, nargs ?
				    "too many arguments" :
				    "which issue? give its number");
	return gi_parse_issue_or_die(argv[0]);
}

/*
 * An issue this clone knows nothing of: ask GitHub once, for the slug.
 * A number known nowhere, here or there, is probably a typo: say so, and
 * do what was asked all the same.
 */
static void fetch_if_unknown(struct gi_repo *r, long n)
{
	struct gi_issue is;
	int known, got = 0;

	if (gi_issue_load(&is, r, NULL, n) < 0)
		return;
	known = is.title != NULL;
	gi_issue_release(&is);
	if (known)
		return;
	got = gi_github_issues_fetch_unknown(r, n);
	if (got != 1 && gi_issue_known(r, n) == 0)
		gi_issue_warn_unknown(n, got == GIT_ENOTFOUND);
}

static int add(struct gi_repo *r, long n)
{
	struct gi_wt_add_opts opts = { 0 };
	struct gi_wt_add_result res;
	int err;

	fetch_if_unknown(r, n);
	opts.issue = n;
	opts.base = base;
	opts.path = path;
	opts.branch = branch;
	opts.no_setup = !setup;
	opts.steal = steal;
	err = started(gi_worktree_add(&res, r, &opts), &res, n);
	if (err)
		return err;
	if (res.created && res.new_branch)
		fprintf(stderr, "made worktree '%s' on new branch '%s' from "
			"'%s'\n", res.path, res.branch, res.base);
	else if (res.created)
		fprintf(stderr, "made worktree '%s' on branch '%s'\n",
			res.path, res.branch);
	if (res.created) {
		/* the agent hooks and instructions, for a session in it */
		gi_buf why = GI_BUF_INIT;

		if (gi_agent_setup_worktree(r, res.path, &why) < 0)
			gi_warning("the agent integration is incomplete in "
				   "'%s': %s", res.path, why.buf);
		gi_buf_release(&why);
	}
	printf("%s\n", res.path);
	err = res.setup_status > 0 ? GI_EXIT_FAILED : GI_EXIT_OK;
	gi_wt_add_result_release(&res);
	return err;
}

static int switch_to(struct gi_repo *r, long n)
{
	struct gi_wt_add_opts opts = { 0 };
	struct gi_wt_add_result res;
	int err;

	fetch_if_unknown(r, n);
	opts.issue = n;
	opts.base = base;
	opts.branch = branch;
	opts.steal = steal;
	opts.force = force;
	err = started(gi_worktree_switch(&res, r, &opts), &res, n);
	if (err)
		return err;
	if (res.created && res.new_branch)
		fprintf(stderr, "switched '%s' to issue %s, on new branch "
			"'%s' from '%s'\n", res.path, gi_label(n), res.branch,
			res.base);
	else if (res.created)
		fprintf(stderr, "switched '%s' to issue %s, on branch "
			"'%s'\n", res.path, gi_label(n), res.branch);
	printf("%s\n", res.path);
	gi_wt_add_result_release(&res);
	return GI_EXIT_OK;
}

static int release(struct gi_repo *r, int nargs, const char **argv)
{
	long n;
	size_t count;

	if (nargs > 1)
		gi_usage_with_error(usage, options, "too many arguments");
	if (nargs)
		n = issue_arg(nargs, argv);
	else
		n = gi_issue_resolve(r, NULL);
	if (gi_worktree_unclaim(r, n, &count) < 0)
		return GI_EXIT_FATAL;
	if (!count) {
		gi_error("this clone has no open claim on issue %s",
			 gi_label(n));
		return GI_EXIT_FAILED;
	}
	fprintf(stderr, "released issue %s%s\n", gi_label(n),
		count > 1 ? " (all of this clone's claims)" : "");
	return GI_EXIT_OK;
}

/* "released the claim on #98 left by '/path': its worktree is gone" */
static void say_released(const struct gi_wt_removal *rm, int dry_run)
{
	fprintf(stderr, "%s the claim on %s%s%s%s: %s\n",
		dry_run ? "would release" : "released", gi_label(rm->issue),
		*rm->path ? " at '" : "", rm->path, *rm->path ? "'" : "",
		rm->why ? rm->why : "left over");
}

static int remove_worktree(struct gi_repo *r, long n)
{
	struct gi_wt_removals out;
	int err = gi_worktree_remove(&out, r, n, force);
	size_t i;

	if (!err && out.nr && out.v[0].released) {
		for (i = 0; i < out.nr; i++)
			say_released(&out.v[i], 0);
	} else if (!err) {
		const struct gi_wt_removal *rm = &out.v[0];

		fprintf(stderr, "removed worktree '%s'\n", rm->path);
		if (rm->branch_deleted)
			fprintf(stderr, "deleted branch '%s'\n", rm->branch);
		else if (rm->why)
			fprintf(stderr, "%s\n", rm->why);
	}
	gi_wt_removals_release(&out);
	return exit_code(err);
}

static int prune(struct gi_repo *r)
{
	struct gi_wt_removals out;
	size_t i;
	int err = gi_worktree_prune_merged(&out, r, dry_run);

	for (i = 0; i < out.nr; i++) {
		const struct gi_wt_removal *rm = &out.v[i];

		if (rm->released)
			say_released(rm, dry_run);
		else if (rm->removed)
			fprintf(stderr, "%s %s '%s' (branch '%s'%s)\n",
				dry_run ? "would remove" : "removed",
				gi_label(rm->issue), rm->path, rm->branch,
				rm->branch_deleted ? ", deleted" : "");
		else
			fprintf(stderr, "kept %s '%s': %s\n", gi_label(rm->issue),
				rm->path, rm->why ? rm->why : "unknown");
	}
	gi_wt_removals_release(&out);
	return err ? GI_EXIT_FAILED : GI_EXIT_OK;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	long n = 0;
	int nargs, ret;

	gi_set_program("git issue-worktree");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (mode != MODE_ADD && (path || !setup))
		gi_usage_with_error(usage, options, "--path and --no-setup "
				    "are for making a worktree");
	if (mode != MODE_ADD && mode != MODE_SWITCH &&
	    (base || branch || steal))
		gi_usage_with_error(usage, options, "--base, --branch and "
				    "--steal are for making or switching a "
				    "worktree");
	if (force && mode != MODE_REMOVE && mode != MODE_SWITCH)
		gi_usage_with_error(usage, options,
				    "--force goes with --remove or --switch");
	if (dry_run && mode != MODE_PRUNE_MERGED)
		gi_usage_with_error(usage, options,
				    "--dry-run goes with --prune-merged");
	if (mode == MODE_PRUNE_MERGED && nargs)
		gi_usage_with_error(usage, options,
				    "--prune-merged takes no issue");

	if (mode != MODE_PRUNE_MERGED && mode != MODE_RELEASE)
		n = issue_arg(nargs, argv);
	gi_repo_open_or_die(&r);
	if (mode == MODE_PRUNE_MERGED)
		ret = prune(&r);
	else if (mode == MODE_REMOVE)
		ret = remove_worktree(&r, n);
	else if (mode == MODE_SWITCH)
		ret = switch_to(&r, n);
	else if (mode == MODE_RELEASE)
		ret = release(&r, nargs, argv);
	else
		ret = add(&r, n);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
