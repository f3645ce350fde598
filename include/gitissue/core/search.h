/*
 * search.h: matching records against what a person looks for: a fixed
 * string (ASCII case-insensitive) or a POSIX extended regular expression,
 * matched against each string value of a record separately, recursively
 * through arrays and objects, never against keys or the machine fields
 * (time, id, kind, commit, supersedes, worktree).
 *
 * gi_search goes through every issue as git grep goes through blobs: it
 * looks for the pattern (or, for a regex, a string every match must
 * contain) in the raw bytes of each note first and parses only the lines
 * where it may be, over all cores.
 */
#ifndef GITISSUE_CORE_SEARCH_H
#define GITISSUE_CORE_SEARCH_H

#include <regex.h>

#include "gitissue/core/note.h"
#include "gitissue/core/record.h"
#include "gitissue/util/repo.h"
#include "gitissue/core/store.h"

struct gi_needle;

struct gi_matcher {
	const char *fixed;	/* the fixed string, or NULL for a regex */
	size_t fixed_len;
	regex_t re;
	int use_re;
	/* the raw filter: bytes every line with a match holds, when its
	 * escapes are canonical (NULL: every line may hold one) */
	struct gi_needle *needle;
	/* a line with no backslash that the regex does not match anywhere
	 * holds no match (the regex has no ^, $ or buffer anchors) */
	int line_regex;
};

/**
 * Set up `m` (initialised by the call) for `pattern`, a regex when
 * `extended` (case-folded with `icase`). On a bad regex, the reason goes
 * to `err` and -1 is returned; `m` needs no release then.
 * @return 0 or -1.
 */
int gi_matcher_init(struct gi_matcher *m, const char *pattern, int extended,
		    int icase, gi_buf *err);
void gi_matcher_release(struct gi_matcher *m);

/** Does the string `s` match? */
int gi_matcher_match(const struct gi_matcher *m, const char *s);

/** Does the record's visible text match? */
int gi_record_matches(const struct gi_record *rec,
		      const struct gi_matcher *m);

/**
 * Does the record match as one of `kinds` (git issue-search --kind)?
 * "lesson" is every lesson kind (lesson, tried, failed, solution);
 * "tried", "failed" and "solution" are records of that kind, and lessons
 * whose part of that name matches; any other name is that kind. With no
 * kinds, gi_record_matches.
 */
int gi_record_matches_kinds(const struct gi_record *rec,
			    const struct gi_matcher *m,
			    const char *const *kinds, size_t nkinds);

/* What gi_search looks for and where the hits go. */
struct gi_search_opts {
	const struct gi_matcher *m;
	const char *const *kinds;	/* --kind; nkinds 0: every kind */
	size_t nkinds;
	int threads;			/* 0: gi_parallel_threads */
	/*
	 * A hit (a record that matches and is not superseded): append it to
	 * `out`. Called in time order within an issue, on any thread: calls
	 * for two issues may run at the same time, each with its own `out`,
	 * so it must touch nothing shared.
	 */
	void (*hit)(gi_buf *out, long issue, const struct gi_record *rec,
		    void *payload);
	/* The hits of one issue, in issue order, one at a time; non-zero
	 * stops the search. */
	int (*flush)(const gi_buf *out, void *payload);
	void *payload;
};

/**
 * Search the notes of `list` (issue 0 entries are skipped).
 * @return the number of hits, or -1 (reported).
 */
long gi_search(struct gi_repo *r, const struct gi_issue_list *list,
	       const struct gi_search_opts *o);

#endif
