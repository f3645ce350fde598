/*
 * git-issue-log: every record of every issue in time order, the newest
 * last, grouped under each issue's heading; filtered by time, issue,
 * kind and author. Paged on a terminal, as `git log` is.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gitissue/util/json.h"
#include "gitissue/core/log.h"
#include "gitissue/util/options.h"
#include "gitissue/util/pager.h"

static const char *const usage[] = {
	"git issue-log [--since=<when>] [--issue <n>]... [--kind <k>]... [--author <a>] [--json] [--no-pager]",
	NULL
};

static const char *since, *author;
static struct gi_strlist issues, kinds;
static long *nums;	/* the --issue numbers (static: still reachable
			 * when a usage error exits) */
static int json, no_pager;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "since", &since, "<when>",
		      "records from then on, in git's date forms "
		      "(yesterday, 2.days.ago, 2026-11-30 09:00)"),
	GI_OPT_LIST(0, "issue", &issues, "<n>",
		    "only this issue (again for more)"),
	GI_OPT_LIST(0, "kind", &kinds, "<k>",
		    "only records of this kind (lesson: every lesson; "
		    "again for more)"),
	GI_OPT_STRING(0, "author", &author, "<a>",
		      "only records whose author contains <a> (case ignored)"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_BOOL(0, "no-pager", &no_pager,
		    "do not page the output, even on a terminal"),
	GI_OPT_END(),
};

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_log_opts o = { 0 };
	struct gi_log log;
	gi_buf out = GI_BUF_INIT;
	size_t i;

	gi_set_program("git issue-log");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	if (issues.nr)
		nums = gi_xcalloc(issues.nr, sizeof(*nums));
	for (i = 0; i < issues.nr; i++)
		nums[i] = gi_parse_issue_or_die(issues.v[i]);
	for (i = 0; i < kinds.nr; i++)
		if (!*kinds.v[i])
			gi_usage_with_error(usage, options, "empty kind");
	o.issues = nums;
	o.nr_issues = issues.nr;
	o.kinds = kinds.v;
	o.nr_kinds = kinds.nr;
	o.author = author;

	gi_repo_open_or_die(&r);
	if (since) {
		if (gi_log_parse_date(&o.since, &r, since) < 0)
			return GI_EXIT_FATAL;
		o.has_since = 1;
	}
	if (gi_log_read(&log, &r, &o) < 0)
		return GI_EXIT_FATAL;
	if (!no_pager)
		gi_pager_start(&r, "issue-log");
	if (json) {
		gi_print_json(gi_log_json(&log));
	} else {
		gi_log_render(&out, &log);
		fwrite(out.buf, 1, out.len, stdout);
	}
	gi_log_release(&log);
	gi_buf_release(&out);
	gi_strlist_release(&issues);
	gi_strlist_release(&kinds);
	free(nums);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
