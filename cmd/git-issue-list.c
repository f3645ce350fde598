/*
 * git-issue-list: every issue this clone knows (with records, or imported
 * from GitHub), its state, counts, the time of the last record and the
 * title; filtered by state, labels, parent, or claims of this clone.
 *
 * Without filters other than the state (and without --json), the listing
 * comes from summaries of the raw notes, cached by note blob id
 * (summary.h): an issue whose note did not change costs nothing. With
 * them, every issue is loaded as the plan (plan.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/date.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/util/parallel.h"
#include "gitissue/core/plan-walk.h"
#include "gitissue/core/render.h"
#include "gitissue/worktree/roadmap.h"
#include "gitissue/core/summary.h"

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

static int wanted(const struct gi_plan *p, const struct gi_plan_node *node,
		  const struct gi_plan_filter *f, const char *clone)
{
	const struct gi_issue *is = &node->is;

	if (!gi_plan_filter_match(p, node, f))
		return 0;
	if (state == OPEN && (!is->state || strcmp(is->state, "open")))
		return 0;
	if (state == CLOSED && !gi_issue_closed(is))
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

/* `v` right-aligned in `width` columns, as printf's %4zu: printf was a
 * fifth of listing 10,000 issues. */
static void add_number(gi_buf *out, size_t v, int width)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (; width > n; width--)
		gi_buf_addch(out, ' ');
	while (n--)
		gi_buf_addch(out, d[n]);
}

/* `s` left-aligned in `width` bytes, as %-*s; `data`: made printable
 * first (gi_add_printable_line) */
static void add_padded(gi_buf *out, const char *s, size_t width, int data)
{
	size_t start = out->len;

	if (data)
		gi_add_printable_line(out, s);
	else
		gi_buf_adds(out, s);
	while (out->len - start < width)
		gi_buf_addch(out, ' ');
}

/*
 * One line: "%-*s %-6s %4zu record%s %3zu lesson%s  %-16s  " and the
 * title, or the summary of the last record (`last` loaded, or the text
 * a summary keeps).
 */
static void line(gi_buf *out, long n, int width, const char *state,
		 size_t records, size_t lessons, const char *last_time,
		 const char *title, const struct gi_record *last,
		 const char *last_text)
{
	char when[32], label[GI_ISSUE_NAME_MAX];

	gi_short_time(when, sizeof(when), last_time);
	add_padded(out, gi_issue_label(n, label), (size_t)width, 0);
	gi_buf_addch(out, ' ');
	/* record fields are data: the time and state too */
	add_padded(out, state ? state : "-", 6, 1);
	gi_buf_addch(out, ' ');
	add_number(out, records, 4);
	gi_buf_adds(out, records == 1 ? " record  " : " records ");
	add_number(out, lessons, 3);
	gi_buf_adds(out, lessons == 1 ? " lesson   " : " lessons  ");
	add_padded(out, last_time ? when : "-", 16, 1);
	gi_buf_adds(out, "  ");
	if (title)
		gi_add_printable_line(out, title);
	else if (last)
		gi_record_summary(out, last, 60);
	else if (last_text)
		gi_summary_cut(out, last_text, 60);
	gi_buf_addch(out, '\n');
}

static void flush_some(gi_buf *out)
{
	if (out->len > 65536) {
		fwrite(out->buf, 1, out->len, stdout);
		gi_buf_reset(out);
	}
}

/* The listing from summaries: no filter but the state, text only. */
static int list_summaries(struct gi_repo *r, gi_buf *out)
{
	struct gi_issue_list list;
	struct gi_summaries sums;
	char label[GI_ISSUE_NAME_MAX];
	size_t i;
	int width = 7;

	if (gi_store_list(&list, r, NULL) < 0 ||
	    gi_summaries_load(&sums, r, &list) < 0)
		return -1;
	for (i = 0; i < sums.nr; i++) {
		int w = (int)strlen(gi_issue_label(sums.v[i].issue, label));

		if (w > width)
			width = w;
	}
	for (i = 0; i < sums.nr; i++) {
		const struct gi_summary *s = &sums.v[i];

		if (state == OPEN && (!s->state || strcmp(s->state, "open")))
			continue;
		if (state == CLOSED && (!s->state || strcmp(s->state, "closed")))
			continue;
		line(out, s->issue, width, s->state, s->records, s->lessons,
		     s->last_time, s->title, NULL, s->last_text);
		flush_some(out);
	}
	if (sums.unknown)
		gi_warning("%zu note%s in %s hang on objects that are not issue "
			   "anchors; left alone", sums.unknown,
			   sums.unknown == 1 ? "" : "s", GI_NOTES_REF);
	gi_summaries_release(&sums);
	gi_issue_list_release(&list);
	return 0;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_plan plan;
	gi_buf out = GI_BUF_INIT;
	const struct gi_issue **keep;
	size_t nkeep = 0;
	char *clone = NULL, label[GI_ISSUE_NAME_MAX];
	struct gi_plan_filter filter = { NULL, 0, 0 };
	size_t i;
	int width = 7;

	gi_set_program("git issue-list");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	if (parent_opt)
		filter.parent = gi_parse_issue_or_die(parent_opt);
	filter.labels = labels.v;
	filter.nlabels = labels.nr;
	if (!json && !labels.nr && !parent_opt && !mine &&
	    !getenv("GIT_ISSUE_TEST_FULL_LOAD")) {
		gi_parallel_small_windows();	/* before any pack is mapped */
		gi_repo_open_or_die(&r);
		if (list_summaries(&r, &out) < 0)
			return GI_EXIT_FATAL;
		fwrite(out.buf, 1, out.len, stdout);
		gi_buf_release(&out);
		gi_repo_release(&r);
		git_libgit2_shutdown();
		return 0;
	}
	gi_repo_open_or_die(&r);
	if (gi_plan_load(&plan, &r, NULL) < 0)
		return GI_EXIT_FATAL;
	if (mine)
		clone = gi_roadmap_clone(&r);
	keep = gi_xcalloc(plan.nr + 1, sizeof(*keep));
	for (i = 0; i < plan.nr; i++) {
		int w = (int)strlen(gi_issue_label(plan.v[i].is.number, label));

		if (plan.v[i].known && w > width)
			width = w;
	}
	for (i = 0; i < plan.nr; i++) {
		const struct gi_issue *is = &plan.v[i].is;
		struct gi_issue_counts c;

		if (!wanted(&plan, &plan.v[i], &filter, clone))
			continue;
		keep[nkeep++] = is;
		if (json)
			continue;
		gi_issue_counts(&c, is);
		line(&out, is->number, width, is->state, c.records, c.lessons,
		     is->last ? is->last->time : NULL, is->title, is->last,
		     NULL);
	}
	if (plan.unknown)
		gi_warning("%zu note%s in %s hang on objects that are not issue "
			   "anchors; left alone", plan.unknown,
			   plan.unknown == 1 ? "" : "s", GI_NOTES_REF);
	if (json)
		gi_print_json(gi_issue_list_json(keep, nkeep));
	else
		fwrite(out.buf, 1, out.len, stdout);
	free(keep);
	free(clone);
	gi_buf_release(&out);
	gi_strlist_release(&labels);
	gi_plan_release(&plan);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return 0;
}
