/*
 * git-issue-ready: the open issues that can be started now (not blocked,
 * not claimed anywhere this clone knows of, not in a worktree here), best
 * first, each with what it unblocks and whether it can go on beside the
 * issues mid-task here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gitissue/util/date.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/worktree/ready.h"
#include "gitissue/core/render.h"

static const char *const usage[] = {
	"git issue-ready [--json] [-n <count>] [--label <label>]... [--parent <n>]",
	NULL
};

static int json;
static long count;
static const char *parent_opt;
static struct gi_strlist labels;

static const struct gi_option options[] = {
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_LONG('n', "count", &count, "<count>",
		    "show at most <count> issues, the best first"),
	GI_OPT_LIST(0, "label", &labels, "<label>",
		    "only issues with this label (repeatable: all of them)"),
	GI_OPT_STRING(0, "parent", &parent_opt, "<n>",
		      "only the sub-issues of issue <n>"),
	GI_OPT_END(),
};

static cJSON *issues_json(const long *v, size_t nr)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < nr; i++)
		cJSON_AddItemToArray(arr, gi_issue_to_json(v[i]));
	return arr;
}

static cJSON *paths_json(const struct gi_paths *p)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < p->nr; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(p->v[i]));
	return arr;
}

static cJSON *item_json(const struct gi_ready_item *it)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(it->issue));
	gi_json_add_str_or_null(o, "title", it->title);
	gi_json_add_str_or_null(o, "priority", it->priority);
	if (it->rank >= 0)
		cJSON_AddNumberToObject(o, "rank", it->rank);
	else
		cJSON_AddNullToObject(o, "rank");
	cJSON_AddItemToObject(o, "unblocks",
			      issues_json(it->unblocks, it->nunblocks));
	cJSON_AddNumberToObject(o, "unblocks_all", (double)it->unblocks_all);
	gi_json_add_str_or_null(o, "created", it->created);
	gi_json_add_str_or_null(o, "branch", it->branch);
	cJSON_AddStringToObject(o, "verdict",
				gi_ready_verdict_name(it->verdict));
	cJSON_AddBoolToObject(o, "forecast", it->forecast && it->nagainst);
	cJSON_AddItemToObject(o, "named_paths", paths_json(&it->named));
	arr = cJSON_AddArrayToObject(o, "against");
	for (i = 0; i < it->nagainst; i++) {
		cJSON *a = cJSON_CreateObject();

		cJSON_AddItemToObject(a, "issue",
				      gi_issue_to_json(it->against[i].issue));
		cJSON_AddStringToObject(a, "verdict", gi_ready_verdict_name(
						it->against[i].verdict));
		cJSON_AddItemToObject(a, "paths",
				      paths_json(&it->against[i].paths));
		cJSON_AddItemToArray(arr, a);
	}
	return o;
}

static void fetched_json(cJSON *doc, const struct gi_ready *rd)
{
	char t[32];
	struct tm tm;

	gi_json_add_str_or_null(doc, "remote", rd->remote);
	if (!rd->fetched) {
		cJSON_AddNullToObject(doc, "claims_as_of");
		return;
	}
	gmtime_r(&rd->fetched, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(doc, "claims_as_of", t);
}

static void print_json(const struct gi_ready *rd)
{
	cJSON *doc = cJSON_CreateObject(), *arr, *x;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	fetched_json(doc, rd);
	x = cJSON_AddObjectToObject(doc, "not_ready");
	cJSON_AddNumberToObject(x, "blocked", (double)rd->blocked);
	cJSON_AddNumberToObject(x, "claimed", (double)rd->claimed);
	cJSON_AddNumberToObject(x, "in_worktree", (double)rd->in_worktree);
	cJSON_AddNumberToObject(x, "parents", (double)rd->parents);
	cJSON_AddNumberToObject(doc, "total", (double)rd->total);
	cJSON_AddItemToObject(doc, "mid_task",
			      issues_json(rd->mid_task, rd->nmid));
	cJSON_AddNumberToObject(doc, "max_workers", (double)rd->max_workers);
	cJSON_AddBoolToObject(doc, "too_many_workers",
			      rd->max_workers > 0 &&
			      rd->nmid > (size_t)rd->max_workers);
	arr = cJSON_AddArrayToObject(doc, "ready");
	for (i = 0; i < rd->nr; i++)
		cJSON_AddItemToArray(arr, item_json(&rd->v[i]));
	gi_print_json(doc);
}

static void add_issues(gi_buf *out, const long *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (i)
			gi_buf_adds(out, ", ");
		gi_buf_adds(out, gi_label(v[i]));
	}
}

/* "    conflicts with #7: "a.c", "b.c"" */
static void against_text(gi_buf *out, const struct gi_ready_item *it,
			 const struct gi_ready_against *ag)
{
	size_t i;

	gi_buf_adds(out, "    ");
	gi_buf_adds(out, gi_ready_verdict_name(ag->verdict));
	gi_buf_adds(out, ag->verdict == GI_VERDICT_SAFE ||
		    ag->verdict == GI_VERDICT_UNKNOWN ? " beside " : " with ");
	gi_buf_adds(out, gi_label(ag->issue));
	if (ag->verdict == GI_VERDICT_UNKNOWN)
		gi_buf_adds(out, ": no branch yet, and its records name no "
			    "paths (add a note \"scope: <path>...\")");
	else if (it->forecast)
		gi_buf_adds(out, " (forecast from the paths its records "
			    "name: no branch yet)");
	for (i = 0; i < ag->paths.nr; i++) {
		gi_buf_adds(out, i ? ", " : ": ");
		gi_add_quoted(out, ag->paths.v[i]);
	}
	gi_buf_addch(out, '\n');
}

static void item_text(gi_buf *out, const struct gi_ready_item *it,
		      size_t nmid)
{
	size_t i;

	gi_buf_adds(out, gi_label(it->issue));
	if (it->priority) {
		gi_buf_adds(out, " [");
		gi_add_printable(out, it->priority);
		gi_buf_addch(out, ']');
	}
	gi_buf_adds(out, " ");
	gi_add_printable_line(out, it->title ? it->title : "(no title)");
	gi_buf_addch(out, '\n');
	if (it->nunblocks) {
		gi_buf_adds(out, "    unblocks ");
		add_issues(out, it->unblocks, it->nunblocks);
		if (it->unblocks_all > it->nunblocks)
			gi_buf_addf(out, " (%zu with what they block)",
				    it->unblocks_all);
		gi_buf_addch(out, '\n');
	}
	if (!nmid)
		return;
	for (i = 0; i < it->nagainst; i++)
		against_text(out, it, &it->against[i]);
}

static void freshness(gi_buf *out, const struct gi_ready *rd)
{
	char t[32], age[16];
	struct tm tm;

	if (!rd->fetched) {
		gi_buf_adds(out, "claims of other clones: none known (never "
			    "synced: 'git issue-sync' fetches them)\n");
		return;
	}
	gmtime_r(&rd->fetched, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gi_age(age, sizeof(age), t, rd->now);
	gi_buf_adds(out, "claims of other clones as of the last sync");
	if (rd->remote) {
		gi_buf_adds(out, " with '");
		gi_add_printable(out, rd->remote);
		gi_buf_addch(out, '\'');
	}
	gi_buf_addf(out, ", %s ago (%.10s %.5s UTC)\n", age, t, t + 11);
}

static void print_text(const struct gi_ready *rd)
{
	gi_buf out = GI_BUF_INIT;
	size_t i;

	freshness(&out, rd);
	for (i = 0; i < rd->nr; i++)
		item_text(&out, &rd->v[i], rd->nmid);
	if (rd->total > rd->nr)
		gi_buf_addf(&out, "(%zu more ready)\n", rd->total - rd->nr);
	if (rd->blocked || rd->claimed || rd->in_worktree || rd->parents)
		gi_buf_addf(&out, "not ready: %zu blocked, %zu claimed, %zu "
			    "in a worktree here, %zu waiting for their "
			    "sub-issues\n", rd->blocked, rd->claimed,
			    rd->in_worktree, rd->parents);
	fwrite(out.buf, 1, out.len, stdout);
	gi_buf_release(&out);
	if (!rd->total)
		fprintf(stderr, "no issue is ready\n");
}

/* The seed's warning, as a hint: never a refusal. */
static void workers_hint(const struct gi_ready *rd)
{
	if (rd->max_workers <= 0 || rd->nmid <= (size_t)rd->max_workers)
		return;
	fprintf(stderr, "hint: %zu worktrees are mid-task, more than "
		"issue.maxWorkers (%ld): more agents at once is seldom "
		"faster; finish or merge one first\n", rd->nmid,
		rd->max_workers);
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_ready rd;
	struct gi_ready_opts o;
	long parent = 0;
	int nargs, ret;

	gi_set_program("git issue-ready");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs)
		gi_usage_with_error(usage, options, "too many arguments");
	if (count < 0)
		gi_die("invalid count %ld: expected 0 or more", count);
	if (parent_opt)
		parent = gi_parse_issue_or_die(parent_opt);
	gi_repo_open_or_die(&r);
	memset(&o, 0, sizeof(o));
	o.count = count;
	o.labels = labels.v;
	o.nlabels = labels.nr;
	o.parent = parent;
	if (gi_ready_collect(&rd, &r, &o) < 0) {
		ret = GI_EXIT_FATAL;
		goto done;
	}
	if (json)
		print_json(&rd);
	else
		print_text(&rd);
	workers_hint(&rd);
	ret = GI_EXIT_OK;
	gi_ready_release(&rd);
done:
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
