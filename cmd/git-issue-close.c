/*
 * git-issue-close: close an issue, with GitHub's reason (completed, not
 * planned, duplicate) and why. The close is an `edit` record
 * (gi_issue_edit in gitissue/core/edit.h): it works offline and for a
 * provisional issue, every command here sees the issue closed at once
 * (the ready queue, what it blocks), and `git issue-sync` closes it on
 * GitHub, posting the why as a comment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"

static const char *const usage[] = {
	"git issue-close [--reason (completed | not-planned | duplicate)] [-m <why>] [--json] <n>",
	NULL
};

static const char *reason_opt, *why_opt;
static int json;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "reason", &reason_opt, "<reason>",
		      "completed (the default), not-planned or duplicate"),
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
	const char *reason = GI_REASON_COMPLETED;
	long n;
	int nargs, err, status;

	gi_set_program("git issue-close");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options, nargs ?
				    "too many arguments" :
				    "which issue? give its number");
	if (reason_opt && !(reason = gi_close_reason(reason_opt)))
		gi_usage_with_error(usage, options, "unknown reason '%s': "
				    "completed, not-planned or duplicate",
				    reason_opt);
	n = gi_parse_issue_or_die(argv[0]);
	memset(&ch, 0, sizeof(ch));
	ch.state = "closed";
	ch.state_reason = reason;
	ch.why = why_opt;

	gi_repo_open_or_die(&r);
	err = gi_issue_edit(&r, n, &ch, &res, &why);
	status = gi_issue_edit_status(err, n, &why);
	if (status)
		return status;
	if (json)
		gi_print_json(gi_issue_edit_result_json(&res));
	else if (err)
		fprintf(stderr, "%s is closed already\n", gi_label(res.issue));
	else
		fprintf(stderr, "closed %s; 'git issue-sync' closes it on "
			"GitHub\n", gi_label(res.issue));
	gi_issue_edit_result_release(&res);
	gi_buf_release(&why);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
