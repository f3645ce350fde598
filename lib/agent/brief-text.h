/*
 * brief-text.h: records as the text of a brief (brief-text.c). Every
 * function appends to `out` text that is whole, valid UTF-8 and free of
 * controls, so that what is counted is what the reader gets.
 */
#ifndef GITISSUE_AGENT_BRIEF_TEXT_H
#define GITISSUE_AGENT_BRIEF_TEXT_H

#include "gitissue/core/record.h"
#include "gitissue/util/buf.h"

/*
 * Text from records, made safe to print and to count: CR LF becomes LF,
 * bytes that are not UTF-8 become U+FFFD (as JSON output would make them,
 * so the count is the count the reader sees), controls caret notation.
 */
void gi_brief_text_clean(gi_buf *out, const char *s, size_t len);
/** The same for a one-line place (a title): newlines become spaces. */
void gi_brief_text_clean_line(gi_buf *out, const char *s);
/** `s` without its trailing newlines and blanks: its length. */
size_t gi_brief_text_trimmed_len(const char *s);
/** A fence longer than any run of backticks in `s`, at least three. */
void gi_brief_text_fence(char *out, size_t size, const char *s,
			 size_t len);
/** "Name <email>" shortened to "Name" (the email's local part when
 * there is no name). */
void gi_brief_text_author(gi_buf *out, const char *author);
/** A lesson as one item of the brief: what was tried, why it failed,
 * the solution, and when and by whom. */
void gi_brief_text_lesson(gi_buf *out, const struct gi_record *rec);
/** A record (a note, a comment...) as one item of the brief. */
void gi_brief_text_record(gi_buf *out, const struct gi_record *rec);

#endif
