/*
 * summary.h: what git issue-list shows of each issue (its counts, title,
 * state and last record), for every issue at once.
 *
 * A summary depends on the note blob only, so it is kept in a cache keyed
 * by the blob's id ($GIT_COMMON_DIR/issue-cache/, see core/summary-cache.h): an issue
 * whose note did not change since the last list costs a lookup. A note
 * not in the cache is summarised from its raw bytes when every line is a
 * plain record of a few kinds (the usual case: notes and lessons), else
 * by loading the issue as git issue-show does; notes are read over all
 * cores. The counts are exactly gi_issue_counts of the loaded issue.
 *
 * As in the plan (plan.h), a provisional issue created on GitHub and its
 * number are one issue: each summary keeps the aliases its note names,
 * and issues that an alias joins are loaded together, as gi_plan_load
 * does, under the number.
 */
#ifndef GITISSUE_CORE_SUMMARY_H
#define GITISSUE_CORE_SUMMARY_H

#include "gitissue/core/issue.h"
#include "gitissue/core/store.h"

/* The start of the last record's summary text kept: enough for any width
 * a listing cuts it to. */
#define GI_SUMMARY_TEXT_MAX 256

struct gi_summary {
	long issue;
	git_oid note;
	size_t records, lessons, malformed;	/* as gi_issue_counts */
	char *title, *state;	/* as gi_issue's; NULL when unknown */
	char *last_time;	/* the newest valid record's; NULL: none */
	/* gi_record_summary_text of that record: its first line, at most
	 * GI_SUMMARY_TEXT_MAX bytes (cut on a character), followed by a
	 * newline when anything was left out; NULL with last_time */
	char *last_text;
	/* the aliases the note names, from its `alias` records: one line
	 * each, "c<name>" (this issue was created as <name>) or "p<name>"
	 * (this issue was the provisional <name>); NULL when none */
	char *aliases;
	unsigned flags;		/* GI_NOTE_* of the note's bytes (plan.h) */
	int borrowed;		/* the strings belong to the cache */
};

struct gi_summaries {
	struct gi_summary *v;
	size_t nr, alloc;
	size_t unknown;		/* notes on objects that are not anchors */
	size_t cached;		/* how many came from the cache */
	void *keep;		/* the cache the borrowed strings are in */
};

/**
 * Summarise every issue of `list` (entries of issue 0 are counted in
 * `unknown`), using and updating the cache; issues joined by an alias
 * are one summary, under the number. In gi_issue_cmp order (numbers,
 * then provisional issues), as the plan has them.
 * @return 0 or -1 (reported).
 */
int gi_summaries_load(struct gi_summaries *out, struct gi_repo *r,
		      const struct gi_issue_list *list);
void gi_summaries_release(struct gi_summaries *s);

/**
 * The GI_NOTE_* flags (plan.h) of each note of `list`, into `flags`
 * (parallel to the list), from the cache; the notes it lacks are read
 * and cached. @return 0 or -1 (reported).
 */
int gi_summaries_flags(unsigned *flags, struct gi_repo *r,
		       const struct gi_issue_list *list);

/*
 * Note blobs a writer made, summarised from the bytes it wrote and added
 * to the cache (gi_summaries_remember), so that what reads them next in
 * the same sync (and the next git issue-list) does not read them back.
 */
struct gi_summary_batch {
	struct gi_summary *v;
	size_t nr, alloc;
};
/** Summarise note `blob` of bytes `data` into the batch. */
void gi_summary_batch_add(struct gi_summary_batch *b, const git_oid *blob,
			  const char *data, size_t len);
/** Add the batch to the cache (kept with what it holds), and empty it. */
void gi_summaries_remember(struct gi_repo *r, struct gi_summary_batch *b);

/**
 * Summarise one note's bytes (the cache's unit), from the raw lines when
 * it can be done exactly, else through gi_issue_load_data. `out` is
 * initialised by the call (issue and note are left zero).
 */
void gi_summary_of_note(struct gi_summary *out, const char *data, size_t len);
/** The same, always through gi_issue_load_data (what the fast path must
 * agree with; for tests). */
void gi_summary_of_note_loaded(struct gi_summary *out, const char *data,
			       size_t len);
void gi_summary_release(struct gi_summary *s);

#endif
