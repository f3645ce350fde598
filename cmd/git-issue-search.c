/*
 * git-issue-search: find records in every issue by a fixed string (case
 * does not matter) or an extended regular expression. Exits 1 when nothing
 * matches, as grep does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/date.h"
#include "gitissue/issue.h"
#include "gitissue/options.h"
#include "gitissue/render.h"
#include "gitissue/search.h"

static const char *const usage[] = {
	"git issue-search [-E | --extended-regexp] [-i | --ignore-case] [--json] <pattern>",
	NULL
};

static int extended, icase, json;

static const struct gi_option options[] = {
	GI_OPT_BOOL('E', "extended-regexp", &extended,
		    "<pattern> is an extended regular expression"),
	GI_OPT_BOOL('i', "ignore-case", &icase,
		    "with -E, ignore case (fixed strings always do)"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

/* One hit, as JSON or as a line of text. */
static void add_hit(cJSON *hits, gi_buf *out, long issue,
		    const struct gi_record *rec)
{
	char when[32];

	if (hits) {
		cJSON *h = cJSON_CreateObject();

		cJSON_AddItemToObject(h, "issue", gi_issue_to_json(issue));
		cJSON_AddItemToObject(h, "record", gi_record_json(rec));
		cJSON_AddItemToArray(hits, h);
		return;
	}
	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "%s  ", gi_label(issue));
	gi_add_printable_line(out, when);
	gi_buf_adds(out, "  ");
	gi_add_printable_line(out, rec->kind);
	gi_buf_adds(out, "  ");
	gi_add_printable_line(out, rec->id);
	gi_buf_adds(out, "  ");
	gi_record_summary(out, rec, 100);
	gi_buf_addch(out, '\n');
}

/* The hits in one issue's note; -1 when it cannot be read. */
static int search_issue(size_t *nhits, struct gi_repo *r,
			const struct gi_issue_entry *e,
			const struct gi_matcher *m, cJSON *hits, gi_buf *out)
{
	struct gi_lines lines = GI_LINES_INIT;
	struct gi_issue is;
	size_t j;
	int candidate;

	if (gi_store_read_blob(&lines, r, &e->note) < 0)
		return -1;
	candidate = gi_matcher_lines_may_match(m, &lines);
	gi_lines_release(&lines);
	if (!candidate)
		return 0;
	/* a candidate: parse the whole issue, so that corrections
	 * (superseded and retracted records) are honoured as in show */
	if (gi_issue_load_blob(&is, r, &e->note, e->issue) < 0)
		return -1;
	for (j = 0; j < is.nr; j++) {
		const struct gi_record *rec = &is.rec[j];

		if (!rec->json || rec->superseded ||
		    !gi_record_matches(rec, m))
			continue;
		(*nhits)++;
		add_hit(hits, out, e->issue, rec);
	}
	gi_issue_release(&is);
	return 0;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_list list;
	struct gi_matcher m;
	gi_buf out = GI_BUF_INIT, err = GI_BUF_INIT;
	cJSON *doc = NULL, *hits = NULL;
	size_t i, nhits = 0;
	int nargs;

	gi_set_program("git issue-search");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options,
				    nargs ? "too many arguments" :
				    "no pattern given");
	if (!*argv[0])
		gi_usage_with_error(usage, options, "empty pattern");
	if (gi_matcher_init(&m, argv[0], extended, icase, &err) < 0)
		gi_die("invalid regular expression '%s': %s", argv[0],
		       err.buf);

	gi_repo_open_or_die(&r);
	if (gi_store_list(&list, &r, NULL) < 0)
		return GI_EXIT_FATAL;
	if (json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
		cJSON_AddStringToObject(doc, "pattern", argv[0]);
		hits = cJSON_AddArrayToObject(doc, "hits");
	}
	for (i = 0; i < list.nr; i++)
		if (list.v[i].issue &&
		    search_issue(&nhits, &r, &list.v[i], &m, hits, &out) < 0)
			return GI_EXIT_FATAL;
	if (json)
		gi_print_json(doc);
	else
		fwrite(out.buf, 1, out.len, stdout);
	gi_matcher_release(&m);
	gi_buf_release(&out);
	gi_buf_release(&err);
	gi_issue_list_release(&list);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return nhits ? 0 : 1;
}
