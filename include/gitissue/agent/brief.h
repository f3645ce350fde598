/*
 * brief.h: the brief an agent reads when a session starts (and after a
 * compaction): `git issue-show --format=markdown` and what
 * `git issue-hook claude session-start` hands to Claude Code.
 *
 * In this order: the issue's title, state and body; its lessons (never
 * cut); the lessons of related issues (every issue mentioned as #N in the
 * body or the records), each under its issue; the most recent other
 * records; who else works on what (one line per open claim elsewhere);
 * how to record a lesson. Claims are never shown as records, authors are
 * names without their email, and text of several lines keeps its lines
 * (fenced).
 *
 * The budget is exact: the brief is never longer than `max` unless the
 * lessons alone are, and then its first line says so. Length is counted
 * in bytes (`--max-bytes`) or, for Claude Code, in UTF-16 code units, as
 * a JavaScript string's length: that is what its 10,000-character cap on
 * hook output counts.
 */
#ifndef GITISSUE_AGENT_BRIEF_H
#define GITISSUE_AGENT_BRIEF_H

#include "gitissue/core/issue.h"

enum gi_brief_unit {
	GI_BRIEF_BYTES,
	GI_BRIEF_UTF16,		/* JavaScript's String.length */
};

struct gi_brief_opts {
	size_t max;		/* 0: no budget */
	enum gi_brief_unit unit;
};

/* At most this many related issues are read for one brief. */
#define GI_BRIEF_MAX_RELATED 20

/** The length of `s` (`len` bytes of valid UTF-8) in `unit`. */
size_t gi_brief_measure(const char *s, size_t len, enum gi_brief_unit unit);

/**
 * Append the brief of the loaded issue `is` to `out`. Related issues and
 * claims are read from the tip of the notes ref of `r`. The brief is
 * valid UTF-8 (bytes that are not become U+FFFD) and has no control
 * characters but newlines (the others in caret notation).
 * @return 0, or -1 when something it needed could not be read (reported;
 * `out` then holds what could be made).
 */
int gi_brief(gi_buf *out, struct gi_repo *r, const struct gi_issue *is,
	     const struct gi_brief_opts *opts);


#endif
