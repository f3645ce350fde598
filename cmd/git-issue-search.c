/*
 * git-issue-search: find records in every issue by a fixed string (case
 * does not matter) or an extended regular expression, optionally only
 * records of some kinds or in some issues. Exits 1 when nothing matches,
 * as grep does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/date.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/util/parallel.h"
#include "gitissue/core/render.h"
#include "gitissue/core/search.h"

static const char *const usage[] = {
	"git issue-search [-E | --extended-regexp] [-i | --ignore-case] [--kind <kind>]... [--issue <n>]... [--json] <pattern>",
	NULL
};

static int extended, icase, json;
static struct gi_strlist kinds, issues;
static long *want;	/* the --issue numbers (static: still reachable when
			 * a bad one dies) */

static const struct gi_option options[] = {
	GI_OPT_BOOL('E', "extended-regexp", &extended,
		    "<pattern> is an extended regular expression"),
	GI_OPT_BOOL('i', "ignore-case", &icase,
		    "with -E, ignore case (fixed strings always do)"),
	GI_OPT_LIST(0, "kind", &kinds, "<kind>",
		    "only records of this kind (repeatable): lesson, tried, "
		    "failed, solution, note, comment, ..."),
	GI_OPT_LIST(0, "issue", &issues, "<n>",
		    "only in this issue (repeatable)"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

/* One hit, as JSON or as a line of text; runs on the search's threads. */
static void add_hit(gi_buf *out, long issue, const struct gi_record *rec,
		    void *payload)
{
	char when[32];

	(void)payload;
	if (json) {
		cJSON *h = cJSON_CreateObject();
		char *s;

		cJSON_AddItemToObject(h, "issue", gi_issue_to_json(issue));
		cJSON_AddItemToObject(h, "record", gi_record_json(rec));
		s = cJSON_PrintUnformatted(h);
		if (!s)
			gi_die("out of memory");
		if (out->len)
			gi_buf_addch(out, ',');
		gi_buf_adds(out, s);
		cJSON_free(s);
		cJSON_Delete(h);
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

static const char *pattern;

/* {"version":1,"pattern":"...","hits":[ as cJSON prints it */
static void print_json_head(void)
{
	cJSON *p = cJSON_CreateString(pattern);
	char *s = cJSON_PrintUnformatted(p);

	if (!s)
		gi_die("out of memory");
	printf("{\"version\":%d,\"pattern\":%s,\"hits\":[", GI_JSON_VERSION,
	       s);
	cJSON_free(s);
	cJSON_Delete(p);
}

/* The hits of one issue, in issue order: written as they come. */
static int flush_hits(const gi_buf *out, void *payload)
{
	int *printed = payload;

	if (json)
		*printed ? fputc(',', stdout) : (print_json_head(), 0);
	fwrite(out->buf, 1, out->len, stdout);
	*printed = 1;
	return 0;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_list list;
	struct gi_matcher m;
	struct gi_search_opts o;
	gi_buf err = GI_BUF_INIT;
	long nhits;
	size_t i;
	int nargs, printed = 0;

	gi_set_program("git issue-search");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options,
				    nargs ? "too many arguments" :
				    "no pattern given");
	if (!*argv[0])
		gi_usage_with_error(usage, options, "empty pattern");
	for (i = 0; i < kinds.nr; i++)
		if (!*kinds.v[i])
			gi_usage_with_error(usage, options, "empty kind");
	if (issues.nr)
		want = gi_xcalloc(issues.nr, sizeof(*want));
	for (i = 0; i < issues.nr; i++)
		want[i] = gi_parse_issue_or_die(issues.v[i]);
	if (gi_matcher_init(&m, argv[0], extended, icase, &err) < 0)
		gi_die("invalid regular expression '%s': %s", argv[0],
		       err.buf);

	gi_parallel_small_windows();	/* before any pack is mapped */
	gi_repo_open_or_die(&r);
	if (gi_store_list(&list, &r, NULL) < 0)
		return GI_EXIT_FATAL;
	if (issues.nr)
		gi_issue_list_only(&list, &r, want, issues.nr);
	memset(&o, 0, sizeof(o));
	o.m = &m;
	o.kinds = kinds.v;
	o.nkinds = kinds.nr;
	o.hit = add_hit;
	o.flush = flush_hits;
	o.payload = &printed;
	pattern = argv[0];
	nhits = gi_search(&r, &list, &o);
	if (nhits < 0) {
		fflush(stdout);
		return GI_EXIT_FATAL;
	}
	if (json) {
		if (!printed)
			print_json_head();
		fputs("]}\n", stdout);
	}
	gi_matcher_release(&m);
	gi_buf_release(&err);
	gi_issue_list_release(&list);
	gi_strlist_release(&kinds);
	gi_strlist_release(&issues);
	free(want);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return nhits ? 0 : 1;
}
