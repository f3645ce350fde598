/*
 * git-issue-edit: change an issue's title, body or labels. Each changed
 * field is an `edit` record (gi_issue_edit in gitissue/core/edit.h),
 * checked against GitHub's limits first, seen here at once, and mirrored
 * by `git issue-sync` (a provisional issue is created with it). This file
 * gathers the new values and prints the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/editor.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"
#include "gitissue/util/utf8.h"

static const char *const usage[] = {
	"git issue-edit [--title <title>] [--body <body> | --body-file <file> | -e] [--add-label <label>]... [--remove-label <label>]... [-m <why>] [--json] <n>",
	NULL
};

static const char *title_opt, *body_opt, *file_opt, *why_opt;
static struct gi_strlist add_labels, remove_labels;
static int edit, json;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "title", &title_opt, "<title>", "the new title"),
	GI_OPT_STRING(0, "body", &body_opt, "<body>", "the new body"),
	GI_OPT_STRING('F', "body-file", &file_opt, "<file>",
		      "the new body from <file> (- for standard input)"),
	GI_OPT_BOOL('e', "edit", &edit, "edit the body in your editor"),
	GI_OPT_LIST(0, "add-label", &add_labels, "<label>",
		    "add a label (repeatable)"),
	GI_OPT_LIST(0, "remove-label", &remove_labels, "<label>",
		    "remove a label (repeatable)"),
	GI_OPT_STRING('m', "message", &why_opt, "<why>",
		      "why; posted to GitHub as a comment"),
	GI_OPT_BOOL(0, "json", &json, "print the result as JSON"),
	GI_OPT_END(),
};

/* The new body from --body, --body-file or the editor; NULL: unchanged. */
static char *gather_body(struct gi_repo *r, long n)
{
	gi_buf body = GI_BUF_INIT;

	if (!body_opt && !file_opt && !edit)
		return NULL;
	if (body_opt)
		gi_buf_adds(&body, body_opt);
	else if (file_opt)
		gi_text_add_file(&body, file_opt);
	if (edit) {
		struct gi_issue is;

		if (!body_opt && !file_opt &&
		    !gi_issue_load(&is, r, NULL, n)) {
			gi_buf_adds(&body, is.body ? is.body : "");
			gi_issue_release(&is);
		}
		if (gi_edit_text(r, &body, "Edit the body of the issue "
				 "above: the problem, what done looks like.") <
		    0)
			exit(GI_EXIT_FAILED);
	}
	gi_buf_rtrim(&body, "\r\n\t ", 0);
	gi_buf_ltrim(&body, "\r\n");
	if (memchr(body.buf, '\0', body.len))
		gi_die("a NUL byte in the body is not allowed");
	if (!gi_utf8_valid(body.buf, body.len))
		gi_warning("the body is not valid UTF-8; invalid bytes are "
			   "stored as U+FFFD");
	return gi_buf_detach(&body, NULL);
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_change ch;
	struct gi_issue_edit_result res;
	gi_buf why = GI_BUF_INIT;
	char *body;
	long n;
	int nargs, err, status;

	gi_set_program("git issue-edit");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options, nargs ?
				    "too many arguments" :
				    "which issue? give its number");
	if (!!body_opt + !!file_opt > 1 || (body_opt && edit))
		gi_usage_with_error(usage, options, "--body, --body-file and "
				    "-e cannot be used together (except -F "
				    "with -e)");
	if (!title_opt && !body_opt && !file_opt && !edit && !add_labels.nr &&
	    !remove_labels.nr)
		gi_usage_with_error(usage, options, "nothing to do: give "
				    "--title, --body, --body-file, -e, "
				    "--add-label or --remove-label");
	n = gi_parse_issue_or_die(argv[0]);

	gi_repo_open_or_die(&r);
	body = gather_body(&r, n);
	memset(&ch, 0, sizeof(ch));
	ch.title = title_opt;
	ch.body = body;
	ch.add_labels = add_labels.v;
	ch.nadd_labels = add_labels.nr;
	ch.remove_labels = remove_labels.v;
	ch.nremove_labels = remove_labels.nr;
	ch.why = why_opt;
	err = gi_issue_edit(&r, n, &ch, &res, &why);
	status = gi_issue_edit_status(err, n, &why);
	if (status)
		return status;
	if (json)
		gi_print_json(gi_issue_edit_result_json(&res));
	else if (err)
		fprintf(stderr, "%s: nothing to change\n",
			gi_label(res.issue));
	else
		fprintf(stderr, "edited %s; 'git issue-sync' mirrors it to "
			"GitHub\n", gi_label(res.issue));
	free(body);
	gi_issue_edit_result_release(&res);
	gi_buf_release(&why);
	gi_strlist_release(&add_labels);
	gi_strlist_release(&remove_labels);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
