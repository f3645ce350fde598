/*
 * git-issue-reopen: open a closed issue again. Like git issue-close, an
 * `edit` record (gitissue/core/edit.h), seen here at once and mirrored
 * to GitHub by `git issue-sync`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"

static const char *const usage[] = {
	"git issue-reopen [-m <why>] [--json] <n>",
	NULL
};

static const char *why_opt;
static int json;

static const struct gi_option options[] = {
	GI_OPT_STRING('m', "message", &why_opt, "<why>",
		      "why; posted to GitHub as a comment"),
	GI_OPT_BOOL(0, "json", &json, "print the result as JSON"),
	GI_OPT_END(),
};

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_change ch;
	struct gi_issue_edit_result res;
	gi_buf why = GI_BUF_INIT;
	long n;
	int nargs, err, status;

	gi_set_program("git issue-reopen");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options, nargs ?
				    "too many arguments" :
				    "which issue? give its number");
	n = gi_parse_issue_or_die(argv[0]);
	memset(&ch, 0, sizeof(ch));
	ch.state = "open";
	ch.why = why_opt;

	gi_repo_open_or_die(&r);
	err = gi_issue_edit(&r, n, &ch, &res, &why);
	status = gi_issue_edit_status(err, n, &why);
	if (status)
		return status;
	if (json)
		gi_print_json(gi_issue_edit_result_json(&res));
	else if (err)
		fprintf(stderr, "%s is open already\n", gi_label(res.issue));
	else
		fprintf(stderr, "reopened %s; 'git issue-sync' reopens it on "
			"GitHub\n", gi_label(res.issue));
	gi_issue_edit_result_release(&res);
	gi_buf_release(&why);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
