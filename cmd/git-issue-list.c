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
#include "gitissue/parallel.h"
#include "gitissue/render.h"
#include "gitissue/summary.h"

static const char *const usage[] = {
	"git issue-list [--json]",
	NULL
};

static int json;

static const struct gi_option options[] = {
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

static cJSON *issue_json(const struct gi_summary *s)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "issue", (double)s->issue);
	gi_json_add_str_or_null(o, "title", s->title);
	gi_json_add_str_or_null(o, "state", s->state);
	cJSON_AddNumberToObject(o, "records", (double)s->records);
	cJSON_AddNumberToObject(o, "lessons", (double)s->lessons);
	cJSON_AddNumberToObject(o, "malformed", (double)s->malformed);
	gi_json_add_str_or_null(o, "last_activity", s->last_time);
	return o;
}

/* `v` right-aligned (left with `left`) in `width` columns, as printf's
 * %4zu and %-6ld: printf was a fifth of listing 10,000 issues. */
static void add_number(gi_buf *out, unsigned long v, int width, int left)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (; !left && width > n; width--)
		gi_buf_addch(out, ' ');
	while (n--) {
		gi_buf_addch(out, d[n]);
		width--;
	}
	for (; left && width > 0; width--)
		gi_buf_addch(out, ' ');
}

static void issue_line(gi_buf *out, const struct gi_summary *s)
{
	char when[32];
	size_t n;

	gi_short_time(when, sizeof(when), s->last_time);
	gi_buf_addch(out, '#');
	add_number(out, (unsigned long)s->issue, 6, 1);
	gi_buf_addch(out, ' ');
	add_number(out, s->records, 4, 0);
	gi_buf_adds(out, s->records == 1 ? " record  " : " records ");
	add_number(out, s->lessons, 3, 0);
	gi_buf_adds(out, s->lessons == 1 ? " lesson   " : " lessons  ");
	n = out->len;
	gi_buf_adds(out, s->last_time ? when : "-");
	while (out->len < n + 16)
		gi_buf_addch(out, ' ');
	gi_buf_adds(out, "  ");
	if (s->title)
		gi_add_printable(out, s->title);
	else if (s->last_text)
		gi_summary_cut(out, s->last_text, 60);
	gi_buf_addch(out, '\n');
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_list list;
	struct gi_summaries sums;
	gi_buf out = GI_BUF_INIT;
	cJSON *doc = NULL, *arr = NULL;
	size_t i;

	gi_set_program("git issue-list");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	gi_parallel_small_windows();	/* before any pack is mapped */
	gi_repo_open_or_die(&r);
	if (gi_store_list(&list, &r, NULL) < 0 ||
	    gi_summaries_load(&sums, &r, &list) < 0)
		return GI_EXIT_FATAL;
	if (json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
		arr = cJSON_AddArrayToObject(doc, "issues");
	}
	for (i = 0; i < sums.nr; i++) {
		if (json) {
			cJSON_AddItemToArray(arr, issue_json(&sums.v[i]));
			continue;
		}
		issue_line(&out, &sums.v[i]);
		if (out.len > 65536) {
			fwrite(out.buf, 1, out.len, stdout);
			gi_buf_reset(&out);
		}
	}
	if (sums.unknown)
		gi_warning("%zu note%s in %s hang on objects that are not "
			   "issue anchors; left alone", sums.unknown,
			   sums.unknown == 1 ? "" : "s", GI_NOTES_REF);
	if (json)
		gi_print_json(doc);
	else
		fwrite(out.buf, 1, out.len, stdout);
	gi_buf_release(&out);
	gi_summaries_release(&sums);
	gi_issue_list_release(&list);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
