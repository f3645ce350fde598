/*
 * search.h: matching records against what a person looks for: a fixed
 * string (ASCII case-insensitive) or a POSIX extended regular expression,
 * matched against each string value of a record separately, recursively
 * through arrays and objects, never against the machine fields (time, id,
 * kind, commit, supersedes, worktree).
 */
#ifndef GITISSUE_SEARCH_H
#define GITISSUE_SEARCH_H

#include <regex.h>

#include "gitissue/note.h"
#include "gitissue/record.h"

struct gi_matcher {
	const char *fixed;	/* the fixed string, or NULL for a regex */
	size_t fixed_len;
	regex_t re;
	int use_re;
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

/**
 * Could this stored line hold a match? A cheap, exact filter before
 * parsing: a fixed string without quote, backslash or control characters
 * appears verbatim in the line whenever a field holds it (lines with a
 * backslash, where a writer may have escaped more than it had to, are
 * always candidates). A regex makes every line a candidate.
 */
int gi_matcher_line_may_match(const struct gi_matcher *m,
			      const struct gi_line *l);
/** Is any line of `l` a candidate? */
int gi_matcher_lines_may_match(const struct gi_matcher *m,
			       const struct gi_lines *l);

/** Does the record's visible text match? */
int gi_record_matches(const struct gi_record *rec,
		      const struct gi_matcher *m);

#endif
