/*
 * brief.h: the brief an agent reads when a session starts (and after a
 * compaction): `git issue-show --format=markdown` and what
 * `git issue-hook claude session-start` hands to Claude Code.
 *
 * In reading order: the issue's title and state; what blocks it (each
 * blocker's state and who works on it); the head of its body; its
 * lessons, newest first; the lessons of related issues (related.h:
 * blockers, parent, sub-issues, siblings, mentions both ways), each
 * under its issue; the newest other records; who else works on what;
 * one line on how to record a lesson, look for earlier failures and
 * create an issue. Claims are never shown as records, authors are names
 * without their email, and text written by others is quoted line by line
 * and says whose it is.
 *
 * The budget is exact and never exceeded: the output is at most `max`
 * long, counted in bytes (`--max-bytes`) or, for Claude Code, in UTF-16
 * code units, a JavaScript string's length: what its 10,000-unit cap on
 * a hook's additionalContext counts (measured with 2.1.197 and 2.1.337;
 * not the bytes, not the JSON). What does not fit is left out in a
 * designed order (Documentation/design.md, "The budget"), counted at the
 * end, and printed whole by one command: `git issue-show <n>
 * --left-out=<notes commit>`, the same choice made again from the same
 * notes, printed the other way round.
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
	const git_oid *notes;	/* NULL: the tip of the notes ref */
	int left_out;		/* print what the brief leaves out, whole */
	/* the budget is the one `git issue-show --left-out` takes when it
	 * is given none (issue.hookMaxChars): the command names none */
	int default_budget;
};

/* At most this many related issues are read for one brief. */
#define GI_BRIEF_MAX_RELATED 40

/** The length of `s` (`len` bytes of valid UTF-8) in `unit`. */
size_t gi_brief_measure(const char *s, size_t len, enum gi_brief_unit unit);

/**
 * Append the brief of the loaded issue `is` to `out` (with
 * `opts->left_out`, what it leaves out instead). Related issues are read
 * from the notes commit `opts->notes`, claims from the tip of the notes
 * ref; `r` may be NULL (no related issues, no claims: the brief of the
 * issue alone). The output is valid UTF-8 (bytes that are not become
 * U+FFFD) and has no control characters but newlines and tabs.
 * @return 0, or -1 when something it needed could not be read (reported;
 * `out` then holds what could be made).
 */
int gi_brief(gi_buf *out, struct gi_repo *r, const struct gi_issue *is,
	     const struct gi_brief_opts *opts);

#endif
