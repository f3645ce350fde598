/*
 * brief-text.c: records as the text of a brief (brief-text.h): made safe
 * to print and to count (CR LF, bytes that are not UTF-8, controls),
 * multi-line text fenced, authors shortened, a lesson or a record as one
 * item.
 */
#include "agent/brief-text.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/core/render.h"
#include "gitissue/util/date.h"
#include "gitissue/util/utf8.h"


/*
 * Text from records, made safe to print and to count: CR LF becomes LF,
 * bytes that are not UTF-8 become U+FFFD (as JSON output would make them,
 * so the count is the count the reader sees), controls caret notation.
 */
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

/* The same for a one-line place (a title): newlines become spaces. */
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

/* `s` without its trailing newlines and blanks: its length. */
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

/* A fence longer than any run of backticks in `s`, at least three. */
void gi_brief_text_fence(char *out, size_t size, const char *s,
			 size_t len)
{
	size_t i, run = 0, longest = 0, n;

	for (i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = longest + 1 < 3 ? 3 : longest + 1;
	if (n > size - 1)
		n = size - 1;
	memset(out, '`', n);
	out[n] = '\0';
}

/* `text` as a fenced block, every line after `indent`. */
static void add_fenced(gi_buf *out, const char *indent, const char *text,
		       size_t len)
{
	gi_buf clean = GI_BUF_INIT;
	char fence[32];
	const char *p, *end;

	gi_brief_text_clean(&clean, text, len);
	gi_brief_text_fence(fence, sizeof(fence), clean.buf, clean.len);
	gi_buf_addf(out, "%s%s\n", indent, fence);
	p = clean.buf;
	end = clean.buf + clean.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		gi_buf_adds(out, n ? indent : "");
		gi_buf_add(out, p, n);
		gi_buf_addch(out, '\n');
		p += n + (nl != NULL);
	}
	gi_buf_addf(out, "%s%s\n", indent, fence);
	gi_buf_release(&clean);
}

void gi_brief_text_author(gi_buf *out, const char *author)
{
	const char *lt = strchr(author, '<');
	size_t n = lt ? (size_t)(lt - author) : strlen(author);

	while (n && author[n - 1] == ' ')
		n--;
	if (!n && lt) {
		/* "<email>" alone: its local part */
		const char *at = strchr(lt + 1, '@'), *gt = strchr(lt, '>');
		const char *stop = at ? at : gt;

		if (stop && stop > lt + 1) {
			char *local = gi_xstrndup(lt + 1, (size_t)(stop - lt - 1));

			gi_brief_text_clean_line(out, local);
			free(local);
			return;
		}
	}
	if (!n) {
		gi_buf_adds(out, "someone");
		return;
	}
	{
		char *name = gi_xstrndup(author, n);

		gi_brief_text_clean_line(out, name);
		free(name);
	}
}

/* "_(2026-11-24 09:12, A U Thor)_" */
static void add_when_who(gi_buf *out, const struct gi_record *rec)
{
	char when[32];

	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "_(%s", when);
	if (rec->author) {
		gi_buf_adds(out, ", ");
		gi_brief_text_author(out, rec->author);
	}
	gi_buf_adds(out, ")_");
}

void gi_brief_text_lesson(gi_buf *out, const struct gi_record *rec)
{
	const char *label[] = { "Tried", "Failed because", "Solution", NULL };
	const char *part[] = { rec->tried, rec->failed, rec->solution,
			       rec->text };
	int multi = 0;
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(part); i++)
		if (part[i] && multi_line(part[i]))
			multi = 1;
	if (!multi) {
		gi_buf_addch(out, '-');
		for (i = 0; i < GI_ARRAY_SIZE(part); i++) {
			if (!part[i])
				continue;
			if (label[i])
				gi_buf_addf(out, " **%s:**", label[i]);
			gi_buf_addch(out, ' ');
			gi_brief_text_clean_line(out, part[i]);
		}
		gi_buf_addch(out, ' ');
		add_when_who(out, rec);
		gi_buf_addch(out, '\n');
		return;
	}
	gi_buf_adds(out, "- ");
	add_when_who(out, rec);
	gi_buf_addch(out, '\n');
	for (i = 0; i < GI_ARRAY_SIZE(part); i++) {
		if (!part[i])
			continue;
		if (!multi_line(part[i])) {
			gi_buf_adds(out, "  ");
			if (label[i])
				gi_buf_addf(out, "**%s:** ", label[i]);
			gi_brief_text_clean_line(out, part[i]);
			gi_buf_addch(out, '\n');
			continue;
		}
		if (label[i])
			gi_buf_addf(out, "  **%s:**\n", label[i]);
		add_fenced(out, "  ", part[i],
			   gi_brief_text_trimmed_len(part[i]));
	}
}

void gi_brief_text_record(gi_buf *out, const struct gi_record *rec)
{
	char when[32];
	char *raw = NULL;
	const char *text = rec->text;

	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "- %s ", when);
	gi_brief_text_clean_line(out, rec->kind);
	if (rec->author) {
		gi_buf_adds(out, " (");
		gi_brief_text_author(out, rec->author);
		gi_buf_addch(out, ')');
	}
	if (!text)
		text = raw = gi_xstrndup(rec->line, rec->line_len);
	if (multi_line(text)) {
		gi_buf_adds(out, ":\n");
		add_fenced(out, "  ", text, gi_brief_text_trimmed_len(text));
	} else {
		gi_buf_adds(out, ": ");
		if (raw)
			gi_buf_addch(out, '`');
		gi_brief_text_clean_line(out, text);
		if (raw)
			gi_buf_addch(out, '`');
		gi_buf_addch(out, '\n');
	}
	free(raw);
}
