/*
 * git-issue-link: relate issues: a parent (sub-issues) and what blocks an
 * issue. The change is a record in the issue's note, so it works offline,
 * travels with the notes and merges like every record; `git issue-sync`
 * mirrors it to GitHub's own sub-issues and dependencies. GitHub's rules
 * are checked here first, so a change GitHub would refuse is refused
 * before anything is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/core/plan.h"

static const char *const usage[] = {
	"git issue-link <n> [--parent <p> | --unlink-parent] [--blocked-by <b>]... [--unblock <b>]...",
	NULL
};

static const char *parent_opt;
static struct gi_strlist blockers, unblocks;
static int unlink_parent;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "parent", &parent_opt, "<p>",
		      "make <n> a sub-issue of <p>"),
	GI_OPT_BOOL(0, "unlink-parent", &unlink_parent,
		    "<n> is no longer a sub-issue of its parent"),
	GI_OPT_LIST(0, "blocked-by", &blockers, "<b>",
		    "<b> blocks <n> (repeatable)"),
	GI_OPT_LIST(0, "unblock", &unblocks, "<b>",
		    "<b> no longer blocks <n> (repeatable)"),
	GI_OPT_END(),
};

/* What the changes did, one line each. */
static void say_changes(long n, const struct gi_link_change *ch, size_t nch)
{
	char a[GI_ISSUE_NAME_MAX], b[GI_ISSUE_NAME_MAX];
	size_t i;

	gi_issue_label(n, a);
	for (i = 0; i < nch; i++) {
		gi_issue_label(ch[i].target, b);
		if (!strcmp(ch[i].op, GI_LINK_OP_PARENT))
			fprintf(stderr, "%s is a sub-issue of %s\n", a, b);
		else if (!strcmp(ch[i].op, GI_LINK_OP_UNPARENT))
			fprintf(stderr, "%s is no longer a sub-issue of %s\n",
				a, b);
		else if (!strcmp(ch[i].op, GI_LINK_OP_BLOCKED_BY))
			fprintf(stderr, "%s is blocked by %s\n", a, b);
		else
			fprintf(stderr, "%s is no longer blocked by %s\n", a,
				b);
	}
	fprintf(stderr, "'git issue-sync' mirrors %s to GitHub\n",
		nch == 1 ? "it" : "them");
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_link_change *ch;
	gi_buf why = GI_BUF_INIT;
	size_t nch = 0, i;
	long n;
	int nargs, err;

	gi_set_program("git issue-link");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options, nargs ?
				    "too many arguments" :
				    "which issue? give its number");
	if (parent_opt && unlink_parent)
		gi_usage_with_error(usage, options, "--parent and "
				    "--unlink-parent cannot be used together");
	if (!parent_opt && !unlink_parent && !blockers.nr && !unblocks.nr)
		gi_usage_with_error(usage, options, "nothing to do: give "
				    "--parent, --unlink-parent, --blocked-by "
				    "or --unblock");
	n = gi_parse_issue_or_die(argv[0]);
	ch = gi_xcalloc(blockers.nr + unblocks.nr + 2, sizeof(*ch));
	if (unlink_parent)
		ch[nch++].op = GI_LINK_OP_UNPARENT;
	if (parent_opt) {
		ch[nch].op = GI_LINK_OP_PARENT;
		ch[nch++].target = gi_parse_issue_or_die(parent_opt);
	}
	for (i = 0; i < unblocks.nr; i++) {
		ch[nch].op = GI_LINK_OP_UNBLOCK;
		ch[nch++].target = gi_parse_issue_or_die(unblocks.v[i]);
	}
	for (i = 0; i < blockers.nr; i++) {
		ch[nch].op = GI_LINK_OP_BLOCKED_BY;
		ch[nch++].target = gi_parse_issue_or_die(blockers.v[i]);
	}

	gi_repo_open_or_die(&r);
	err = gi_plan_link(&r, &n, ch, nch, &why);
	if (err == GI_EINVALID) {
		gi_error("%s", why.buf);
		return GI_EXIT_FAILED;
	}
	if (err < 0)
		return GI_EXIT_FATAL;
	say_changes(n, ch, nch);
	free(ch);
	gi_buf_release(&why);
	gi_strlist_release(&blockers);
	gi_strlist_release(&unblocks);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
