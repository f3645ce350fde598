/*
 * render.h: how records look to people and programs: the human view of an
 * issue (lessons first), one-line summaries, and the JSON documents of
 * --json (always with a "version" key). The Markdown brief for agents is
 * in brief.h.
 */
#ifndef GITISSUE_CORE_RENDER_H
#define GITISSUE_CORE_RENDER_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"

/**
 * Append `s` to `out` for a terminal: C0 controls other than newline and
 * tab, and DEL, become caret notation (^[), C1 and bidirectional controls
 * <U+XXXX>, bytes that are not UTF-8 \xNN (gi_utf8_add_printable), so
 * that text imported from elsewhere cannot drive the terminal.
 */
void gi_add_printable(gi_buf *out, const char *s);

/** The rest of a record's heading line, after its time: kind, author,
 * (branch), id and a newline, terminal-safe. */
void gi_add_record_heading(gi_buf *out, const struct gi_record *rec);

/**
 * `text` as an indented block, terminal-safe (gi_add_printable): every
 * line after `indent`, the first also after `label` when not NULL.
 */
void gi_add_indented(gi_buf *out, const char *indent, const char *label,
		     const char *text);

/** A lesson's tried/failed/solution fields, those it has, one labelled
 * block each after `indent` (gi_add_indented). */
void gi_add_lesson_fields(gi_buf *out, const char *indent,
			  const struct gi_record *rec);

/** The same for one cell or line of a table: newlines, tabs and CRs
 * become spaces. */
void gi_add_printable_line(gi_buf *out, const char *s);
/** Who wrote a record, for people: "A U Thor" of "A U Thor <a@x.org>",
 * the email's local part when there is no name, "someone" for none; on
 * one line, printable. */
void gi_add_author_name(gi_buf *out, const char *author);

/**
 * A path for a terminal, as git quotes one (core.quotePath): unchanged
 * when harmless, else in double quotes with \t, \n, \r, \", \\ and octal
 * escapes for other controls, bytes that are not UTF-8 and invisible
 * controls.
 */
void gi_add_quoted(gi_buf *out, const char *s);

/** One line: the record's text (first line), shortened to `width` bytes
 * on a UTF-8 boundary with "..." when cut; controls made printable. */
void gi_record_summary(gi_buf *out, const struct gi_record *rec, size_t width);
/* gi_record_summary in two steps, for summaries kept in a cache: the text
 * it shows (appended to `out`, uncut, as stored), and that text made one
 * printable line of at most `width` bytes. */
void gi_record_summary_text(gi_buf *out, const struct gi_record *rec);
void gi_summary_cut(gi_buf *out, const char *text, size_t width);

/** The human view of an issue: lessons, then the rest in time order. */
void gi_render_issue(gi_buf *out, const struct gi_issue *is);

/** A record as a JSON object (a copy of what is stored, plus flags). */
cJSON *gi_record_json(const struct gi_record *rec);
/** {"version":1,"issue":N,"title":...,"records":[...],"malformed":[...]}
 * with the facts of gi_issue_facts_json. */
cJSON *gi_issue_json(const struct gi_issue *is);
/**
 * What the issue is, into `doc`: "provisional" (the name it had, or
 * null), "on_github", "state_reason", "body", "labels", "assignees",
 * "parent" ({issue, status, error?} or null), "blocked_by" (a list of
 * those), "unlinked" (removals GitHub has not seen). An issue is a number,
 * or a string for a provisional one ("new-1a2b3c4").
 */
void gi_issue_facts_json(cJSON *doc, const struct gi_issue *is);
/**
 * `git issue-list --json`: {"version":1,"issues":[...]}, each issue with
 * its title, state, counts, last activity and the facts above but the
 * body (a list stays small).
 */
cJSON *gi_issue_list_json(const struct gi_issue *const *v, size_t nr);

#endif
