/*
 * render.c: text and JSON views of records (render.h). The Markdown brief
 * for agents is lib/agent/brief.c.
 *
 * Everything that reaches a terminal goes through gi_add_printable: records
 * may come from GitHub or another clone, and must not drive the terminal.
 */
#include "gitissue/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/date.h"
#include "gitissue/utf8.h"

void gi_add_printable(gi_buf *out, const char *s)
{
	gi_utf8_add_printable(out, s, strlen(s),
			      GI_PRINT_KEEP_NL | GI_PRINT_KEEP_TAB);
}

void gi_add_printable_line(gi_buf *out, const char *s)
{
	gi_utf8_add_printable(out, s, strlen(s), GI_PRINT_ONE_LINE);
}

/* Does a path need quoting: a byte a terminal or a parser could trip on? */
static int needs_quotes(const char *s)
{
	size_t i = 0, len = strlen(s), n;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			return 1;
		if (c < 0x80) {
			i++;
			continue;
		}
		n = gi_utf8_seq(s + i, len - i);
		if (!n)
			return 1;
		{
			gi_buf cp = GI_BUF_INIT;
			int bad;

			gi_utf8_add_printable(&cp, s + i, n, 0);
			bad = cp.len != n || memcmp(cp.buf, s + i, n);
			gi_buf_release(&cp);
			if (bad)
				return 1;
		}
		i += n;
	}
	return 0;
}

void gi_add_quoted(gi_buf *out, const char *s)
{
	size_t i = 0, len = strlen(s), n, k;

	if (!needs_quotes(s)) {
		gi_buf_adds(out, s);
		return;
	}
	/* as git's quote_c_style: "a\tb", octal for the other bytes */
	gi_buf_addch(out, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		gi_buf tmp = GI_BUF_INIT;

		if (c == '\t' || c == '\n' || c == '\r' || c == '"' ||
		    c == '\\') {
			gi_buf_addch(out, '\\');
			gi_buf_addch(out, c == '\t' ? 't' : c == '\n' ? 'n' :
				     c == '\r' ? 'r' : c);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			gi_buf_addf(out, "\\%03o", c);
			i++;
			continue;
		}
		if (c < 0x80) {
			gi_buf_addch(out, c);
			i++;
			continue;
		}
		n = gi_utf8_seq(s + i, len - i);
		if (n)
			gi_utf8_add_printable(&tmp, s + i, n, 0);
		if (n && tmp.len == n && !memcmp(tmp.buf, s + i, n)) {
			gi_buf_add(out, s + i, n);
		} else {
			/* not UTF-8, or an invisible control: its bytes */
			if (!n)
				n = 1;
			for (k = 0; k < n; k++)
				gi_buf_addf(out, "\\%03o",
					    (unsigned char)s[i + k]);
		}
		gi_buf_release(&tmp);
		i += n;
	}
	gi_buf_addch(out, '"');
}

/* The main text of a record, for summaries and search hits. */
static const char *main_text(const struct gi_record *rec)
{
	if (rec->text)
		return rec->text;
	if (rec->solution)
		return rec->solution;
	if (rec->failed)
		return rec->failed;
	if (rec->tried)
		return rec->tried;
	if (rec->title)
		return rec->title;
	return "";
}

void gi_record_summary(gi_buf *out, const struct gi_record *rec, size_t width)
{
	gi_buf tmp = GI_BUF_INIT;
	const char *t;
	size_t n, cut;

	if (!rec->json) {
		gi_buf_add(&tmp, rec->line, rec->line_len);
		t = tmp.buf;
	} else if (gi_record_is_lesson(rec) && !rec->text) {
		if (rec->tried)
			gi_buf_addf(&tmp, "tried %s; ", rec->tried);
		if (rec->failed)
			gi_buf_addf(&tmp, "failed: %s; ", rec->failed);
		if (rec->solution)
			gi_buf_addf(&tmp, "solution: %s; ", rec->solution);
		if (tmp.len >= 2)	/* the last "; " */
			gi_buf_setlen(&tmp, tmp.len - 2);
		t = tmp.buf;
	} else {
		t = main_text(rec);
	}
	n = strcspn(t, "\n");
	cut = n;
	if (width > 3 && n > width)
		cut = gi_utf8_cut_bytes(t, n, width - 3);
	/* one line of a table: a tab would break its columns */
	gi_utf8_add_printable(out, t, cut, GI_PRINT_ONE_LINE);
	if (cut < n || t[n])
		gi_buf_adds(out, "...");
	gi_buf_release(&tmp);
}

static void add_indented(gi_buf *out, const char *label, const char *text)
{
	const char *p = text;

	do {
		size_t n = strcspn(p, "\n");
		char *line = gi_xstrndup(p, n);

		gi_buf_adds(out, "    ");
		if (label) {
			gi_buf_adds(out, label);
			label = NULL;
		}
		gi_add_printable(out, line);
		gi_buf_addch(out, '\n');
		free(line);
		p += n;
		if (*p)
			p++;
	} while (*p);
}

static void render_record(gi_buf *out, const struct gi_record *rec)
{
	char when[32];

	if (!rec->json) {
		char *raw = gi_xstrndup(rec->line, rec->line_len);

		gi_buf_adds(out, "  ");
		gi_add_printable(out, raw);
		gi_buf_addch(out, '\n');
		free(raw);
		return;
	}
	/* every field of a record is data, the machine ones too */
	gi_short_time(when, sizeof(when), rec->time);
	gi_add_printable_line(out, when);
	gi_buf_adds(out, "  ");
	gi_add_printable_line(out, rec->kind);
	gi_buf_adds(out, "  ");
	gi_add_printable_line(out, rec->author ? rec->author : "unknown");
	if (rec->branch) {
		gi_buf_adds(out, "  (");
		gi_add_printable_line(out, rec->branch);
		gi_buf_addch(out, ')');
	}
	gi_buf_adds(out, "  ");
	gi_add_printable_line(out, rec->id);
	gi_buf_addch(out, '\n');
	if (gi_record_is_lesson(rec) || rec->tried || rec->failed ||
	    rec->solution) {
		if (rec->tried)
			add_indented(out, "tried:    ", rec->tried);
		if (rec->failed)
			add_indented(out, "failed:   ", rec->failed);
		if (rec->solution)
			add_indented(out, "solution: ", rec->solution);
		if (rec->text)
			add_indented(out, NULL, rec->text);
	} else if (rec->kind && !strcmp(rec->kind, GI_KIND_RETRACT)) {
		gi_buf_adds(out, "    withdrew record ");
		gi_add_printable(out, rec->supersedes ? rec->supersedes : "?");
		gi_buf_addch(out, '\n');
		if (rec->text)
			add_indented(out, NULL, rec->text);
	} else if (rec->text) {
		add_indented(out, NULL, rec->text);
	} else if (rec->title || rec->state) {
		if (rec->title)
			add_indented(out, "title: ", rec->title);
		if (rec->state)
			add_indented(out, "state: ", rec->state);
	} else {
		char *raw = gi_xstrndup(rec->line, rec->line_len);

		add_indented(out, NULL, raw);
		free(raw);
	}
	if (gi_record_superseded_by_other(rec)) {
		const struct gi_record *by = rec->superseded_by;

		gi_buf_addf(out, "    (%s by ", by->kind &&
			    !strcmp(by->kind, GI_KIND_RETRACT) ? "retracted" :
			    "replaced");
		gi_add_printable_line(out, by->author ? by->author : "unknown");
		gi_buf_adds(out, ", record ");
		gi_add_printable_line(out, by->id);
		gi_buf_adds(out, ")\n");
	}
}

/*
 * A superseded record is left out of the view, unless another author
 * superseded it: that is shown, with who did it, never silently hidden
 * (a hostile clone could otherwise retract anyone's lessons).
 */
static int hidden(const struct gi_record *rec)
{
	return rec->superseded && !gi_record_superseded_by_other(rec);
}

void gi_render_issue(gi_buf *out, const struct gi_issue *is)
{
	size_t i, lessons = 0, others = 0;

	gi_buf_addf(out, "issue #%ld", is->number);
	if (is->title) {
		gi_buf_adds(out, ": ");
		gi_add_printable_line(out, is->title);
	}
	if (is->state) {
		gi_buf_adds(out, " [");
		gi_add_printable_line(out, is->state);
		gi_buf_addch(out, ']');
	}
	gi_buf_addch(out, '\n');
	for (i = 0; i < is->nr; i++) {
		if (!is->rec[i].json || hidden(&is->rec[i]))
			continue;
		if (gi_record_is_lesson(&is->rec[i]))
			lessons++;
		else
			others++;
	}
	if (!lessons && !others && !is->malformed) {
		gi_buf_adds(out, "\nno records\n");
		return;
	}
	if (lessons) {
		gi_buf_adds(out, "\nLessons\n\n");
		for (i = 0; i < is->nr; i++)
			if (is->rec[i].json && !hidden(&is->rec[i]) &&
			    gi_record_is_lesson(&is->rec[i]))
				render_record(out, &is->rec[i]);
	}
	if (others) {
		gi_buf_adds(out, "\nRecords\n\n");
		for (i = 0; i < is->nr; i++)
			if (is->rec[i].json && !hidden(&is->rec[i]) &&
			    !gi_record_is_lesson(&is->rec[i]))
				render_record(out, &is->rec[i]);
	}
	if (is->malformed) {
		gi_buf_addf(out, "\nUnreadable lines (%zu, kept as they are)\n\n",
			    is->malformed);
		for (i = 0; i < is->nr; i++)
			if (!is->rec[i].json)
				render_record(out, &is->rec[i]);
	}
}

cJSON *gi_record_json(const struct gi_record *rec)
{
	cJSON *o = cJSON_Duplicate(rec->json, 1);

	if (rec->superseded)
		cJSON_AddTrueToObject(o, "superseded");
	if (rec->superseded_by)
		cJSON_AddStringToObject(o, "superseded_by",
					rec->superseded_by->id);
	return o;
}

cJSON *gi_issue_json(const struct gi_issue *is)
{
	cJSON *doc = cJSON_CreateObject(), *recs, *bad;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddNumberToObject(doc, "issue", (double)is->number);
	if (is->title)
		cJSON_AddStringToObject(doc, "title", is->title);
	else
		cJSON_AddNullToObject(doc, "title");
	if (is->state)
		cJSON_AddStringToObject(doc, "state", is->state);
	else
		cJSON_AddNullToObject(doc, "state");
	recs = cJSON_AddArrayToObject(doc, "records");
	bad = cJSON_AddArrayToObject(doc, "malformed");
	for (i = 0; i < is->nr; i++) {
		if (is->rec[i].json) {
			cJSON_AddItemToArray(recs, gi_record_json(&is->rec[i]));
		} else {
			char *raw = gi_xstrndup(is->rec[i].line,
						is->rec[i].line_len);

			cJSON_AddItemToArray(bad, cJSON_CreateString(raw));
			free(raw);
		}
	}
	return doc;
}
