/*
 * log.c: the records of all issues in time order (log.h).
 *
 * The issues are read as the plan has them (gi_plan_load: each resolved
 * as `git issue-show` resolves it, so a superseded record is known as
 * such, and a provisional issue created on GitHub is one issue with its
 * number), the records that pass the filters are gathered, and one sort
 * puts them in time order:
 * by the record's time as written (our times are fixed-width UTC, so
 * byte order is time order), then by issue number and by place in the
 * issue, so that the order is the same on every run.
 */
#include "gitissue/core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/core/render.h"
#include "gitissue/util/run.h"
#include "gitissue/core/search.h"

int gi_log_parse_date(time_t *out, struct gi_repo *r, const char *when)
{
	gi_buf arg = GI_BUF_INIT, res = GI_BUF_INIT, err = GI_BUF_INIT;
	const char *args[] = { "rev-parse", NULL, NULL };
	unsigned long v;
	int ret = -1;

	/* one argument, --since=<when>: never taken for a revision */
	gi_buf_addf(&arg, "--since=%s", when);
	args[1] = arg.buf;
	if (gi_git(r, args, &res, &err, 10000)) {
		gi_buf_rtrim(&err, "\n", 0);
		gi_error("unable to read the date '%s'%s%s", when,
			 err.len ? ": " : "", err.buf);
		goto done;
	}
	gi_buf_rtrim(&res, "\n", 0);
	if (strncmp(res.buf, "--max-age=", 10) ||
	    gi_parse_ulong(res.buf + 10, &v)) {
		gi_error("unable to read the date '%s'", when);
		goto done;
	}
	*out = (time_t)v;
	ret = 0;
done:
	gi_buf_release(&arg);
	gi_buf_release(&res);
	gi_buf_release(&err);
	return ret;
}

static int wanted_issue(const struct gi_log_opts *o, const struct gi_plan *p,
			long n)
{
	size_t i;

	for (i = 0; i < o->nr_issues; i++)
		if (gi_plan_canonical(p, o->issues[i]) == n)
			return 1;
	return !o->issues;
}

/* Without --kind: every kind but the plan's, which make the issue's
 * head (its heading here) rather than its history. */
static int wanted_kind(const struct gi_log_opts *o,
		       const struct gi_record *rec)
{
	size_t i;

	for (i = 0; i < o->nr_kinds; i++)
		if (!strcmp(o->kinds[i], rec->kind) ||
		    (!strcmp(o->kinds[i], GI_KIND_LESSON) &&
		     gi_record_is_lesson(rec)))
			return 1;
	return !o->nr_kinds && !gi_plan_kind(rec->kind);
}

static int wanted(const struct gi_log_opts *o, const struct gi_matcher *who,
		  const struct gi_record *rec)
{
	time_t t;

	if (!rec->json || !wanted_kind(o, rec))
		return 0;
	if (o->has_since && (gi_record_epoch(rec->time, &t) || t < o->since))
		return 0;
	return !o->author || (rec->author && gi_matcher_match(who, rec->author));
}

static int entry_cmp(const void *a, const void *b)
{
	const struct gi_log_entry *x = a, *y = b;
	int c = strcmp(x->rec->time, y->rec->time);

	if (c)
		return c;
	c = gi_issue_cmp(x->issue->number, y->issue->number);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int gi_log_read(struct gi_log *log, struct gi_repo *r,
		const struct gi_log_opts *opts)
{
	struct gi_matcher who;
	gi_buf err = GI_BUF_INIT;
	size_t i, j;

	memset(log, 0, sizeof(*log));
	memset(&who, 0, sizeof(who));
	log->has_since = opts->has_since;
	log->since = opts->since;
	/* a fixed string never fails to compile */
	if (opts->author &&
	    gi_matcher_init(&who, opts->author, 0, 1, &err) < 0)
		GI_BUG("a fixed string was refused: %s", err.buf);
	gi_buf_release(&err);
	if (gi_plan_load(&log->plan, r, NULL) < 0) {
		if (opts->author)
			gi_matcher_release(&who);
		memset(log, 0, sizeof(*log));
		return -1;
	}
	for (i = 0; i < log->plan.nr; i++) {
		const struct gi_plan_node *node = &log->plan.v[i];
		const struct gi_issue *is = &node->is;

		if (!node->known ||
		    !wanted_issue(opts, &log->plan, is->number))
			continue;
		for (j = 0; j < is->nr; j++) {
			if (!wanted(opts, &who, &is->rec[j]))
				continue;
			GI_ALLOC_GROW(log->v, log->nr + 1, log->alloc);
			log->v[log->nr].issue = is;
			log->v[log->nr].node = i;
			log->v[log->nr].rec = &is->rec[j];
			log->v[log->nr].seq = j;
			log->nr++;
		}
	}
	if (log->nr)
		qsort(log->v, log->nr, sizeof(*log->v), entry_cmp);
	if (opts->author)
		gi_matcher_release(&who);
	return 0;
}

void gi_log_release(struct gi_log *log)
{
	gi_plan_release(&log->plan);
	free(log->v);
	memset(log, 0, sizeof(*log));
}

/* ------------------------------------------------------------ text */

/* The indent of a record's text under its heading line. */
#define BLOCK "      "

static void heading(gi_buf *out, const struct gi_issue *is)
{
	gi_buf_addf(out, "issue %s", gi_label(is->number));
	if (is->title) {
		gi_buf_adds(out, ": ");
		gi_add_printable_line(out, is->title);
	}
	if (is->state) {
		gi_buf_adds(out, " [");
		gi_add_printable_line(out, is->state);
		gi_buf_addch(out, ']');
	}
	gi_buf_addch(out, '\n');
}

static void body(gi_buf *out, const struct gi_record *rec)
{
	gi_add_lesson_fields(out, BLOCK, rec);
	if (!strcmp(rec->kind, GI_KIND_RETRACT)) {
		gi_buf_adds(out, "      withdrew record ");
		gi_add_printable_line(out, rec->supersedes ? rec->supersedes : "?");
		gi_buf_addch(out, '\n');
	} else if (rec->supersedes) {
		gi_buf_adds(out, "      replaces record ");
		gi_add_printable_line(out, rec->supersedes);
		gi_buf_addch(out, '\n');
	}
	if (rec->text && *rec->text)
		gi_add_indented(out, BLOCK, NULL, rec->text);
	if (rec->title)
		gi_add_indented(out, BLOCK, "title: ", rec->title);
	if (rec->state)
		gi_add_indented(out, BLOCK, "state: ", rec->state);
}

/* Does the record have anything body() shows, or is its line all there
 * is (a kind of another version or tool)? Claims and releases need no
 * body: the line above says who and where. */
static int has_body(const struct gi_record *rec)
{
	return rec->tried || rec->failed || rec->solution ||
		(rec->text && *rec->text) ||
		rec->title || rec->state || rec->supersedes ||
		!strcmp(rec->kind, GI_KIND_CLAIM) ||
		!strcmp(rec->kind, GI_KIND_RELEASE);
}

static void record_line(gi_buf *out, const struct gi_record *rec)
{
	char when[32];

	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "%c %s  ", gi_record_is_lesson(rec) ? '*' : ' ',
		    when);
	gi_add_record_heading(out, rec);
	if (has_body(rec)) {
		body(out, rec);
	} else {
		char *raw = gi_xstrndup(rec->line, rec->line_len);

		gi_add_indented(out, BLOCK, NULL, raw);
		free(raw);
	}
}

void gi_log_render(gi_buf *out, const struct gi_log *log)
{
	const struct gi_issue *cur = NULL;
	size_t i;

	for (i = 0; i < log->nr; i++) {
		const struct gi_log_entry *e = &log->v[i];

		if (e->rec->superseded)
			continue;
		if (e->issue != cur) {
			if (cur)
				gi_buf_addch(out, '\n');
			heading(out, e->issue);
			cur = e->issue;
		}
		record_line(out, e->rec);
	}
}

/* ------------------------------------------------------------ JSON */

cJSON *gi_log_json(const struct gi_log *log)
{
	cJSON *doc = cJSON_CreateObject(), *issues, *recs;
	char *seen = gi_xcalloc(log->plan.nr ? log->plan.nr : 1, 1);
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	if (log->has_since) {
		struct tm tm;
		char when[32];

		gmtime_r(&log->since, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cJSON_AddStringToObject(doc, "since", when);
	} else {
		cJSON_AddNullToObject(doc, "since");
	}
	issues = cJSON_AddArrayToObject(doc, "issues");
	recs = cJSON_AddArrayToObject(doc, "records");
	for (i = 0; i < log->nr; i++) {
		const struct gi_log_entry *e = &log->v[i];
		size_t k = e->node;
		cJSON *o = cJSON_CreateObject();

		if (!seen[k]) {
			cJSON *is = cJSON_CreateObject();

			seen[k] = 1;
			cJSON_AddItemToObject(is, "issue",
					      gi_issue_to_json(e->issue->number));
			gi_json_add_str_or_null(is, "title", e->issue->title);
			gi_json_add_str_or_null(is, "state", e->issue->state);
			cJSON_AddItemToArray(issues, is);
		}
		cJSON_AddItemToObject(o, "issue",
				      gi_issue_to_json(e->issue->number));
		cJSON_AddItemToObject(o, "record", gi_record_json(e->rec));
		cJSON_AddItemToArray(recs, o);
	}
	free(seen);
	return doc;
}
