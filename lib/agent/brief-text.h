/*
 * brief-text.h: records as the text of a brief (brief-text.c). Every
 * function appends to `out` text that is whole, valid UTF-8 and free of
 * controls, so that what is counted is what the reader gets.
 *
 * Text written by others (bodies, comments, notes and lessons, from
 * GitHub or any clone) is quoted: a text of several lines is a block of
 * lines that each begin with "> ", whatever they hold, so that no line of
 * it can pass for a line of the brief (a fence could be closed by the
 * text it fences); a text of one line stays inline in an item of ours,
 * with its newlines made spaces. Either way the item says whose it is.
 */
#ifndef AGENT_BRIEF_TEXT_H
#define AGENT_BRIEF_TEXT_H

#include "gitissue/core/record.h"
#include "gitissue/util/buf.h"

/* The longest line form of a lesson or record, in characters. */
#define GI_BRIEF_LINE_MAX 240

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
/**
 * `len` bytes of `s`, cleaned, as a quote: every line `indent` "> " and
 * the line (`indent` ">" for an empty one), each ending in a newline.
 */
void gi_brief_text_quote(gi_buf *out, const char *indent, const char *s,
			 size_t len);
/** A record's time as "2026-11-24 09:12", cleaned (it is anyone's). */
void gi_brief_text_time(gi_buf *out, const char *time);
/** `s` (cleaned, one line) cut to `max` characters, an ellipsis ending
 * it when cut. */
void gi_brief_text_cut_line(gi_buf *out, const char *s, size_t max);

/** A lesson as one item of the brief: what was tried, why it failed,
 * the solution, when and by whom; multi-line parts quoted. */
void gi_brief_text_lesson(gi_buf *out, const struct gi_record *rec);
/** The same on one line of at most about GI_BRIEF_LINE_MAX characters.
 * @return 1 when it is the full form too (nothing cut or joined). */
int gi_brief_text_lesson_line(gi_buf *out, const struct gi_record *rec);
/** A record (a note, a comment...) as one item of the brief. */
void gi_brief_text_record(gi_buf *out, const struct gi_record *rec);
/** The same on one line. @return 1 when it is the full form too. */
int gi_brief_text_record_line(gi_buf *out, const struct gi_record *rec);

#endif
