/*
 * brief-text.c: records as the text of a brief (brief-text.h): made safe
 * to print and to count (CR LF, bytes that are not UTF-8, controls),
 * multi-line text quoted line by line, authors shortened, a lesson or a
 * record as one item, whole or on one line.
 */
#include "agent/brief-text.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/core/render.h"
#include "gitissue/util/date.h"
#include "gitissue/util/utf8.h"

void gi_brief_text_clean(gi_buf *out, const char *s, size_t len)
{
	gi_buf tmp = GI_BUF_INIT;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (!s[i]) {
			gi_buf_adds(&tmp, "^@");
			i++;
			continue;
		}
		n = gi_utf8_seq(s + i, len - i);
		if (!n) {
			gi_buf_adds(&tmp, "\xef\xbf\xbd");
			i++;
			continue;
		}
		gi_buf_add(&tmp, s + i, n);
		i += n;
	}
	gi_add_printable(out, tmp.buf);
	gi_buf_release(&tmp);
}

void gi_brief_text_clean_line(gi_buf *out, const char *s)
{
	gi_buf tmp = GI_BUF_INIT;
	size_t i;

	gi_brief_text_clean(&tmp, s, strlen(s));
	for (i = 0; i < tmp.len; i++)
		if (tmp.buf[i] == '\n' || tmp.buf[i] == '\t')
			tmp.buf[i] = ' ';
	gi_buf_add(out, tmp.buf, tmp.len);
	gi_buf_release(&tmp);
}

size_t gi_brief_text_trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
		     s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

static int multi_line(const char *s)
{
	return memchr(s, '\n', gi_brief_text_trimmed_len(s)) != NULL;
}

void gi_brief_text_quote(gi_buf *out, const char *indent, const char *s,
			 size_t len)
{
	gi_buf clean = GI_BUF_INIT;
	const char *p, *end;

	gi_brief_text_clean(&clean, s, len);
	p = clean.buf;
	end = clean.buf + clean.len;
	do {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		gi_buf_adds(out, indent);
		gi_buf_addch(out, '>');
		if (n) {
			gi_buf_addch(out, ' ');
			gi_buf_add(out, p, n);
		}
		gi_buf_addch(out, '\n');
		p += n + (nl != NULL);
	} while (p < end);
	gi_buf_release(&clean);
}

void gi_brief_text_cut_line(gi_buf *out, const char *s, size_t max)
{
	size_t n;

	if (gi_utf8_width(s) <= max) {
		gi_buf_adds(out, s);
		return;
	}
	n = gi_utf8_cut_chars(s, max ? max - 1 : 0);
	while (n && s[n - 1] == ' ')
		n--;
	gi_buf_add(out, s, n);
	gi_buf_adds(out, "\xe2\x80\xa6");	/* U+2026 */
}

void gi_brief_text_time(gi_buf *out, const char *time)
{
	char when[64];

	/* a record's time is anyone's string: cut short, and cleaned */
	gi_short_time(when, sizeof(when), time);
	gi_brief_text_clean_line(out, when);
}

/* "_(2026-11-24 09:12, A U Thor)_" */
static void add_when_who(gi_buf *out, const struct gi_record *rec)
{
	gi_buf_adds(out, "_(");
	gi_brief_text_time(out, rec->time);
	if (rec->author) {
		gi_buf_adds(out, ", ");
		gi_add_author_name(out, rec->author);
	}
	gi_buf_adds(out, ")_");
}

static const char *const lesson_label[] = {
	"Tried", "Failed because", "Solution", NULL
};

static void lesson_parts(const char *part[4], const struct gi_record *rec)
{
	part[0] = rec->tried;
	part[1] = rec->failed;
	part[2] = rec->solution;
	part[3] = rec->text;
}

/* The parts of a lesson on one line, labelled, without who and when. */
static void lesson_inline(gi_buf *out, const struct gi_record *rec)
{
	const char *part[4];
	size_t i;

	lesson_parts(part, rec);
	for (i = 0; i < 4; i++) {
		if (!part[i])
			continue;
		if (out->len)
			gi_buf_addch(out, ' ');
		if (lesson_label[i])
			gi_buf_addf(out, "**%s:** ", lesson_label[i]);
		gi_brief_text_clean_line(out, part[i]);
	}
}

void gi_brief_text_lesson(gi_buf *out, const struct gi_record *rec)
{
	const char *part[4];
	gi_buf one = GI_BUF_INIT;
	size_t i;
	int multi = 0;

	lesson_parts(part, rec);
	for (i = 0; i < 4; i++)
		if (part[i] && multi_line(part[i]))
			multi = 1;
	if (!multi) {
		lesson_inline(&one, rec);
		gi_buf_addf(out, "- %s ", one.buf);
		add_when_who(out, rec);
		gi_buf_addch(out, '\n');
		gi_buf_release(&one);
		return;
	}
	gi_buf_adds(out, "- ");
	add_when_who(out, rec);
	gi_buf_addch(out, '\n');
	/* every line ours or quoted: a text of its own gets a label too */
	for (i = 0; i < 4; i++) {
		if (!part[i])
			continue;
		gi_buf_addf(out, "  **%s:**%s", lesson_label[i] ?
			    lesson_label[i] : "Note",
			    multi_line(part[i]) ? "\n" : " ");
		if (multi_line(part[i])) {
			gi_brief_text_quote(out, "  ", part[i],
					    gi_brief_text_trimmed_len(part[i]));
			continue;
		}
		gi_brief_text_clean_line(out, part[i]);
		gi_buf_addch(out, '\n');
	}
}

int gi_brief_text_lesson_line(gi_buf *out, const struct gi_record *rec)
{
	gi_buf one = GI_BUF_INIT;
	const char *part[4];
	size_t i, width;
	int same = 1;

	lesson_parts(part, rec);
	for (i = 0; i < 4; i++)
		if (part[i] && multi_line(part[i]))
			same = 0;
	lesson_inline(&one, rec);
	width = gi_utf8_width(one.buf);
	if (width > GI_BRIEF_LINE_MAX)
		same = 0;
	gi_buf_adds(out, "- ");
	gi_brief_text_cut_line(out, one.buf, GI_BRIEF_LINE_MAX);
	gi_buf_addch(out, ' ');
	add_when_who(out, rec);
	gi_buf_addch(out, '\n');
	gi_buf_release(&one);
	return same;
}

/* A record's heading: "- 2026-11-24 09:12 note (A U Thor)". */
static void record_head(gi_buf *out, const struct gi_record *rec)
{
	gi_buf_adds(out, "- ");
	gi_brief_text_time(out, rec->time);
	gi_buf_addch(out, ' ');
	gi_brief_text_clean_line(out, rec->kind);
	if (rec->author) {
		gi_buf_adds(out, " (");
		gi_add_author_name(out, rec->author);
		gi_buf_addch(out, ')');
	}
}

/* A record's text: its own, or its whole line when it has none (a kind
 * from a newer version, say), in backticks. */
static char *record_text(const struct gi_record *rec, int *raw)
{
	*raw = !rec->text;
	return rec->text ? gi_xstrdup(rec->text) :
		gi_xstrndup(rec->line, rec->line_len);
}

void gi_brief_text_record(gi_buf *out, const struct gi_record *rec)
{
	int raw;
	char *text = record_text(rec, &raw);

	record_head(out, rec);
	if (multi_line(text)) {
		gi_buf_adds(out, ":\n");
		gi_brief_text_quote(out, "  ", text,
				    gi_brief_text_trimmed_len(text));
	} else {
		gi_buf_adds(out, raw ? ": `" : ": ");
		gi_brief_text_clean_line(out, text);
		gi_buf_adds(out, raw ? "`\n" : "\n");
	}
	free(text);
}

int gi_brief_text_record_line(gi_buf *out, const struct gi_record *rec)
{
	gi_buf one = GI_BUF_INIT;
	int raw, same;
	char *text = record_text(rec, &raw);

	gi_brief_text_clean_line(&one, text);
	same = !multi_line(text) &&
		gi_utf8_width(one.buf) <= GI_BRIEF_LINE_MAX;
	record_head(out, rec);
	gi_buf_adds(out, raw ? ": `" : ": ");
	gi_brief_text_cut_line(out, one.buf, GI_BRIEF_LINE_MAX);
	gi_buf_adds(out, raw ? "`\n" : "\n");
	gi_buf_release(&one);
	free(text);
	return same;
}
