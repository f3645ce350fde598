/*
 * log.h: every record of every issue in one stream, in time order (the
 * newest last, as `git log --reverse` prints), filtered by time, issue,
 * kind and author: what `git issue-log` prints for the morning catch-up
 * ("what did the agents learn since yesterday?").
 *
 * Times are given in git's own date forms ("yesterday", "2.days.ago",
 * "2026-11-30 09:00", ...): git parses them (`git rev-parse --since`),
 * so they mean exactly what they mean to `git log --since`, and git's
 * test clock (GIT_TEST_DATE_NOW) fixes "now" for tests.
 */
#ifndef GITISSUE_CORE_LOG_H
#define GITISSUE_CORE_LOG_H

#include <cjson/cJSON.h>
#include <time.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"

/**
 * A date in any form `git log --since` takes, as seconds since the
 * epoch, by asking git. Like git, a date git cannot read means now.
 * @return 0, or -1 (reported).
 */
int gi_log_parse_date(time_t *out, struct gi_repo *r, const char *when);

/* What to show. Every filter given must match; a list matches when any
 * of its values does. */
struct gi_log_opts {
	int has_since;
	time_t since;			/* records at or after it */
	const long *issues;		/* NULL: every issue; a provisional
					 * name finds the number it became */
	size_t nr_issues;
	const char *const *kinds;	/* "lesson" is every lesson kind */
	size_t nr_kinds;
	const char *author;		/* a fixed string, ASCII case ignored */
};

/* One record shown, and its issue. */
struct gi_log_entry {
	const struct gi_issue *issue;
	size_t node;			/* the issue's place in the plan */
	const struct gi_record *rec;
	size_t seq;			/* its place in its issue */
};

struct gi_log {
	struct gi_plan plan;		/* every issue, aliases joined */
	struct gi_log_entry *v;		/* in time order */
	size_t nr, alloc;
	int has_since;
	time_t since;
};

/**
 * Read every issue as the plan has it (a provisional issue created on
 * GitHub and its number are one issue) and choose the records to show;
 * superseded ones are kept, marked (the text view leaves them out, the
 * JSON view says so). The records that make an issue's head in
 * `git issue-show` (gi_plan_kind: issue, body, link...) are left out
 * unless `kinds` names their kind. Malformed lines are not records and
 * are left out (`git issue-show` reports them). `log` is initialised by
 * the call, and left empty on failure.
 * @return 0, or -1 (reported).
 */
int gi_log_read(struct gi_log *log, struct gi_repo *r,
		const struct gi_log_opts *opts);
void gi_log_release(struct gi_log *log);

/**
 * The text view: a heading with the issue's number, title and state
 * each time the issue changes from the record before, then its records;
 * a lesson's line starts with '*'. Every field goes through
 * gi_add_printable.
 */
void gi_log_render(gi_buf *out, const struct gi_log *log);

/** {"version":1,"since":...,"issues":[{"issue","title","state"}],
 * "records":[{"issue":N,"record":{...}}]}, the records in time order. */
cJSON *gi_log_json(const struct gi_log *log);

#endif
