/*
 * git-issue-plan: apply a plan file (issue 24): a roadmap and its
 * children made, or brought up to date, from one Markdown or JSON file
 * (JSON when it starts with '{', or --format=json). The file
 * is read and checked whole (gi_plan_file_parse, core/plan-file.h) before
 * anything is written; applying it is gi_plan_file_apply (sync/plan-apply.h).
 * This file parses options and prints: key -> issue, one a line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/plan-file.h"
#include "gitissue/sync/plan-apply.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"

static const char *const usage[] = {
	"git issue-plan [-n | --dry-run] [--close-removed] [--offline] [--format=(markdown|json)] [--json] <file>",
	NULL
};

static int dry_run, close_removed, offline, json;
static const char *format_opt;

static const struct gi_option options[] = {
	GI_OPT_BOOL('n', "dry-run", &dry_run,
		    "say what would change; write nothing"),
	GI_OPT_BOOL(0, "close-removed", &close_removed,
		    "close the issues of items gone from the file"),
	GI_OPT_BOOL(0, "offline", &offline,
		    "make the issues here only; 'git issue-sync' creates "
		    "them on GitHub"),
	GI_OPT_STRING(0, "format", &format_opt, "(markdown|json)",
		      "the file's form (default: JSON when it starts with "
		      "'{')"),
	GI_OPT_BOOL(0, "json", &json, "print the result as JSON"),
	GI_OPT_END(),
};

static void print_text(const struct gi_plan_file_result *a)
{
	char name[GI_ISSUE_NAME_MAX];
	size_t i;

	for (i = 0; i < a->nr; i++) {
		const struct gi_plan_applied *x = &a->v[i];

		printf("%s -> %s (%s%s)\n", x->key,
		       x->number ? gi_issue_label(x->number, name) : "?",
		       dry_run && x->outcome != GI_PLAN_KEPT &&
		       x->outcome != GI_PLAN_GONE ? "would be " : "",
		       gi_plan_outcome_name(x->outcome));
	}
	if (!dry_run)
		fprintf(stderr, "%zu write%s\n", a->writes,
			a->writes == 1 ? "" : "s");
}

static enum gi_plan_format format_of(const char *s)
{
	if (!s)
		return GI_PLAN_FORMAT_AUTO;
	if (!strcmp(s, "markdown"))
		return GI_PLAN_FORMAT_MARKDOWN;
	if (!strcmp(s, "json"))
		return GI_PLAN_FORMAT_JSON;
	gi_usage_with_error(usage, options, "--format is markdown or json");
	return GI_PLAN_FORMAT_AUTO;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_plan_file pf;
	struct gi_plan_file_result res;
	struct gi_plan_file_opts o = { 0 };
	gi_buf text = GI_BUF_INIT, err = GI_BUF_INIT;
	enum gi_plan_format format;
	const char *path;
	int nargs, ret;

	gi_set_program("git issue-plan");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options, nargs ? "too many "
				    "arguments" : "no plan file");
	path = argv[0];
	format = format_of(format_opt);
	if (gi_buf_read_file(&text, path) < 0)
		gi_die("cannot read '%s': %s", path, strerror(errno));
	gi_repo_open_or_die(&r);
	ret = gi_plan_file_parse_as(&pf, text.buf, text.len,
				    strcmp(path, "-") ? path : "<stdin>",
				    format, &err);
	if (ret) {
		fputs(err.buf, stderr);
		gi_error("nothing written: the plan has mistakes");
	} else {
		o.dry_run = dry_run;
		o.close_removed = close_removed;
		o.offline = offline;
		ret = gi_plan_file_apply(&res, &r, &pf, &o, &err);
		if (ret == GI_EINVALID)
			gi_error("%s", err.buf);
		if (json)
			gi_print_json(gi_plan_file_result_json(&res));
		else
			print_text(&res);
		gi_plan_file_result_release(&res);
	}
	gi_plan_file_release(&pf);
	gi_buf_release(&text);
	gi_buf_release(&err);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret == GI_EINVALID ? GI_EXIT_FAILED : ret ? GI_EXIT_FATAL : 0;
}
