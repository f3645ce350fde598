/*
 * git-issue-list: every issue this clone knows (with records, or imported
 * from GitHub), its state, counts, the time of the last record and the
 * title; filtered by state, labels, parent, or claims of this clone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/date.h"
#include "gitissue/issue.h"
#include "gitissue/options.h"
#include "gitissue/plan.h"
#include "gitissue/render.h"
#include "gitissue/roadmap.h"

static const char *const usage[] = {
	"git issue-list [--open | --closed] [--label <label>]... [--parent <n>] [--mine] [--json]",
	NULL
};

enum state_filter { ANY, OPEN, CLOSED };

static int json, state, mine;
static const char *parent_opt;
static struct gi_strlist labels;

static const struct gi_option options[] = {
	GI_OPT_CMDMODE(0, "open", &state, OPEN, "only open issues"),
	GI_OPT_CMDMODE(0, "closed", &state, CLOSED, "only closed issues"),
	GI_OPT_LIST(0, "label", &labels, "<label>",
		    "only issues with this label (repeatable: all of them)"),
	GI_OPT_STRING(0, "parent", &parent_opt, "<n>",
		      "only the sub-issues of issue <n>"),
	GI_OPT_BOOL(0, "mine", &mine, "only issues claimed in this clone"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

static int has_label(const struct gi_issue *is, const char *want)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, gi_issue_strings(is, "labels"))
		if (cJSON_IsString(it) && !strcasecmp(it->valuestring, want))
			return 1;
	return 0;
}

static int wanted(const struct gi_plan_node *node, long parent,
		  const char *clone)
{
	const struct gi_issue *is = &node->is;
	size_t i;

	if (!node->known)
		return 0;
	if (state == OPEN && (!is->state || strcmp(is->state, "open")))
		return 0;
	if (state == CLOSED && !gi_issue_closed(is))
		return 0;
	for (i = 0; i < labels.nr; i++)
		if (!has_label(is, labels.v[i]))
			return 0;
	if (parent && is->links.parent.issue != parent)
		return 0;
	if (mine) {
		gi_buf who = GI_BUF_INIT;
		int ours = 0;

		gi_roadmap_claimants(&who, is, clone, &ours);
		gi_buf_release(&who);
		if (!ours)
			return 0;
	}
	return 1;
}

static cJSON *issue_json(const struct gi_issue *is,
			 const struct gi_issue_counts *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(is->number));
	gi_json_add_str_or_null(o, "title", is->title);
	gi_json_add_str_or_null(o, "state", is->state);
	cJSON_AddNumberToObject(o, "records", (double)c->records);
	cJSON_AddNumberToObject(o, "lessons", (double)c->lessons);
	cJSON_AddNumberToObject(o, "malformed", (double)is->malformed);
	gi_json_add_str_or_null(o, "last_activity",
				is->last ? is->last->time : NULL);
	gi_issue_facts_json(o, is);
	/* the body is for git issue-show: a list stays small */
	cJSON_DeleteItemFromObjectCaseSensitive(o, "body");
	return o;
}

static void issue_line(gi_buf *out, const struct gi_issue *is,
		       const struct gi_issue_counts *c, int width)
{
	char when[32], label[GI_ISSUE_NAME_MAX];

	gi_short_time(when, sizeof(when), is->last ? is->last->time : NULL);
	{
		gi_buf t = GI_BUF_INIT, st = GI_BUF_INIT;

		/* record fields are data: the time and state too */
		gi_add_printable_line(&t, is->last ? when : "-");
		gi_add_printable_line(&st, is->state ? is->state : "-");
		gi_buf_addf(out, "%-*s %-6s %4zu record%s %3zu lesson%s  %-16s  ",
			    width, gi_issue_label(is->number, label), st.buf,
			    c->records, c->records == 1 ? " " : "s", c->lessons,
			    c->lessons == 1 ? " " : "s", t.buf);
		gi_buf_release(&t);
		gi_buf_release(&st);
	}
	if (is->title)
		gi_add_printable_line(out, is->title);
	else if (is->last)
		gi_record_summary(out, is->last, 60);
	gi_buf_addch(out, '\n');
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_plan plan;
	gi_buf out = GI_BUF_INIT;
	cJSON *doc = NULL, *arr = NULL;
	char *clone = NULL, label[GI_ISSUE_NAME_MAX];
	long parent = 0;
	size_t i;
	int width = 7;

	gi_set_program("git issue-list");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	if (parent_opt && gi_parse_issue(parent_opt, &parent) < 0)
		gi_die("invalid issue '%s': expected a number or a provisional "
		       "name like new-1a2b3c4", parent_opt);
	gi_repo_open_or_die(&r);
	if (gi_plan_load(&plan, &r, NULL) < 0)
		return GI_EXIT_FATAL;
	parent = gi_plan_canonical(&plan, parent);
	if (mine)
		clone = gi_roadmap_clone(&r);
	if (json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
		arr = cJSON_AddArrayToObject(doc, "issues");
	}
	for (i = 0; i < plan.nr; i++) {
		int w = (int)strlen(gi_issue_label(plan.v[i].is.number, label));

		if (plan.v[i].known && w > width)
			width = w;
	}
	for (i = 0; i < plan.nr; i++) {
		const struct gi_issue *is = &plan.v[i].is;
		struct gi_issue_counts c;

		if (!wanted(&plan.v[i], parent, clone))
			continue;
		gi_issue_counts(&c, is);
		if (json)
			cJSON_AddItemToArray(arr, issue_json(is, &c));
		else
			issue_line(&out, is, &c, width);
	}
	if (plan.unknown)
		gi_warning("%zu note%s in %s hang on objects that are not issue "
			   "anchors; left alone", plan.unknown,
			   plan.unknown == 1 ? "" : "s", GI_NOTES_REF);
	if (json)
		gi_print_json(doc);
	else
		fwrite(out.buf, 1, out.len, stdout);
	free(clone);
	gi_buf_release(&out);
	gi_strlist_release(&labels);
	gi_plan_release(&plan);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
