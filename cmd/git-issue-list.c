/*
 * git-issue-list: every issue that has records, with counts, the time of
 * the last record and the title when one is known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/date.h"
#include "gitissue/issue.h"
#include "gitissue/options.h"
#include "gitissue/render.h"

static const char *const usage[] = {
	"git issue-list [--json]",
	NULL
};

static int json;

static const struct gi_option options[] = {
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

static cJSON *issue_json(const struct gi_issue *is,
			 const struct gi_issue_counts *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "issue", (double)is->number);
	gi_json_add_str_or_null(o, "title", is->title);
	gi_json_add_str_or_null(o, "state", is->state);
	cJSON_AddNumberToObject(o, "records", (double)c->records);
	cJSON_AddNumberToObject(o, "lessons", (double)c->lessons);
	cJSON_AddNumberToObject(o, "malformed", (double)is->malformed);
	gi_json_add_str_or_null(o, "last_activity",
				is->last ? is->last->time : NULL);
	return o;
}

static void issue_line(gi_buf *out, const struct gi_issue *is,
		       const struct gi_issue_counts *c)
{
	char when[32];

	gi_short_time(when, sizeof(when), is->last ? is->last->time : NULL);
	gi_buf_addf(out, "#%-6ld %4zu record%s %3zu lesson%s  ",
		    is->number, c->records, c->records == 1 ? " " : "s",
		    c->lessons, c->lessons == 1 ? " " : "s");
	{
		gi_buf t = GI_BUF_INIT;

		gi_add_printable_line(&t, is->last ? when : "-");
		gi_buf_addf(out, "%-16s  ", t.buf);
		gi_buf_release(&t);
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
	struct gi_issue_list list;
	gi_buf out = GI_BUF_INIT;
	cJSON *doc = NULL, *arr = NULL;
	size_t i;
	int unknown = 0;

	gi_set_program("git issue-list");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	gi_repo_open_or_die(&r);
	if (gi_store_list(&list, &r, NULL) < 0)
		return GI_EXIT_FATAL;
	if (json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
		arr = cJSON_AddArrayToObject(doc, "issues");
	}
	for (i = 0; i < list.nr; i++) {
		struct gi_issue is;
		struct gi_issue_counts c;

		if (!list.v[i].issue) {
			unknown++;
			continue;
		}
		if (gi_issue_load_blob(&is, &r, &list.v[i].note,
				       list.v[i].issue) < 0)
			return GI_EXIT_FATAL;
		gi_issue_counts(&c, &is);
		if (json)
			cJSON_AddItemToArray(arr, issue_json(&is, &c));
		else
			issue_line(&out, &is, &c);
		gi_issue_release(&is);
	}
	if (unknown)
		gi_warning("%d note%s in %s hang on objects that are not issue "
			   "anchors; left alone", unknown,
			   unknown == 1 ? "" : "s", GI_NOTES_REF);
	if (json)
		gi_print_json(doc);
	else
		fwrite(out.buf, 1, out.len, stdout);
	gi_buf_release(&out);
	gi_issue_list_release(&list);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
