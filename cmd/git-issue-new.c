/*
 * git-issue-new: create an issue (gi_create_new in gitissue/sync/create.h):
 * this file gathers the title and the body and prints the result.
 *
 * The issue is written first as a provisional issue (new-<7 hex>) whose
 * records hold its title, labels, body and relations, so that it is
 * complete here whatever happens next. Online (a GitHub repository and a
 * token, and no --offline) it is then created on GitHub at once and its
 * number printed; offline the provisional name is printed, which every
 * command takes wherever an issue number goes, and `git issue-sync`
 * creates it on GitHub later, never twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/editor.h"
#include "gitissue/core/issue.h"
#include "gitissue/sync/create.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"
#include "gitissue/util/utf8.h"

static const char *const usage[] = {
	"git issue-new [-m <body>]... [-F <file>] [-e] [--label <label>]... [--parent <n>] [--blocked-by <n>]... [--discovered-from <n>] [--offline] [--json] <title>...",
	NULL
};

static const char *file_opt, *parent_opt, *from_opt;
static struct gi_strlist messages, labels, blockers;
static int edit, offline, json;

static const struct gi_option options[] = {
	GI_OPT_LIST('m', "message", &messages, "<body>",
		    "the body (the problem statement); several -m make "
		    "paragraphs"),
	GI_OPT_STRING('F', "file", &file_opt, "<file>",
		      "take the body from <file> (- for standard input)"),
	GI_OPT_BOOL('e', "edit", &edit, "write the body in your editor"),
	GI_OPT_LIST(0, "label", &labels, "<label>", "add a label"),
	GI_OPT_GROUP("Relations"),
	GI_OPT_STRING(0, "parent", &parent_opt, "<n>",
		      "make it a sub-issue of issue <n>"),
	GI_OPT_LIST(0, "blocked-by", &blockers, "<n>",
		    "issue <n> blocks it (repeatable)"),
	GI_OPT_STRING(0, "discovered-from", &from_opt, "<n>",
		      "found while working on issue <n> (blocks nothing)"),
	GI_OPT_GROUP("Output"),
	GI_OPT_BOOL(0, "offline", &offline,
		    "create it here only; 'git issue-sync' creates it on "
		    "GitHub"),
	GI_OPT_BOOL(0, "json", &json, "print the result as JSON"),
	GI_OPT_END(),
};

/* The body from -m, -F and -e, in that order. */
static void gather_body(gi_buf *body, struct gi_repo *r, const char *title)
{
	gi_buf why = GI_BUF_INIT;
	size_t k;

	for (k = 0; k < messages.nr; k++)
		gi_text_add_paragraph(body, messages.v[k],
				      strlen(messages.v[k]));
	if (file_opt)
		gi_text_add_file(body, file_opt);
	gi_buf_addf(&why, "Write the body of the new issue \"%s\" above: the "
		    "problem, what done looks like.", title);
	if (edit && gi_edit_text(r, body, why.buf) < 0)
		exit(GI_EXIT_FAILED);
	gi_buf_release(&why);
	gi_buf_rtrim(body, "\r\n\t ", 0);
	gi_buf_ltrim(body, "\r\n");
	if (memchr(body->buf, '\0', body->len))
		gi_die("a NUL byte in the body is not allowed");
	if (!gi_utf8_valid(body->buf, body->len))
		gi_warning("the body is not valid UTF-8; invalid bytes are "
			   "stored as U+FFFD");
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_spec spec;
	struct gi_new_issue res;
	gi_buf title = GI_BUF_INIT, body = GI_BUF_INIT, why = GI_BUF_INIT;
	char name[GI_ISSUE_NAME_MAX];
	long *blocked;
	int nargs, i, err;
	size_t k;

	gi_set_program("git issue-new");
	nargs = gi_parse_options(argc, argv, options, usage);
	for (i = 0; i < nargs; i++) {
		if (i)
			gi_buf_addch(&title, ' ');
		gi_buf_adds(&title, argv[i]);
	}
	gi_buf_rtrim(&title, " \t\r\n", 0);
	gi_buf_ltrim(&title, " \t\r\n");
	if (!title.len)
		gi_usage_with_error(usage, options, "the issue needs a title");
	if (strchr(title.buf, '\n'))
		gi_usage_with_error(usage, options,
				    "the title is one line; the body goes "
				    "with -m, -F or -e");
	memset(&spec, 0, sizeof(spec));
	if (parent_opt)
		spec.parent = gi_parse_issue_or_die(parent_opt);
	if (from_opt)
		spec.discovered_from = gi_parse_issue_or_die(from_opt);
	blocked = gi_xcalloc(blockers.nr + 1, sizeof(*blocked));
	for (k = 0; k < blockers.nr; k++)
		blocked[k] = gi_parse_issue_or_die(blockers.v[k]);

	gi_repo_open_or_die(&r);
	gather_body(&body, &r, title.buf);
	spec.title = title.buf;
	spec.body = body.buf;
	spec.labels = labels.v;
	spec.nlabels = labels.nr;
	spec.blocked_by = blocked;
	spec.nblocked_by = blockers.nr;
	spec.offline = offline;
	err = gi_create_new(&res, &r, &spec, &why);
	if (err == GI_EINVALID) {
		gi_error("%s", why.buf);
		return GI_EXIT_FAILED;
	}
	if (err)
		return GI_EXIT_FATAL;

	if (json)
		gi_print_json(gi_new_issue_json(&res, &spec));
	else if (res.number)
		printf("%ld\n", res.number);
	else
		printf("%s\n", gi_issue_name(res.provisional, name));
	free(blocked);
	gi_buf_release(&title);
	gi_buf_release(&body);
	gi_buf_release(&why);
	gi_strlist_release(&messages);
	gi_strlist_release(&labels);
	gi_strlist_release(&blockers);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
