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
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			gi_buf_addch(out, '^');
			gi_buf_addch(out, c == 0x7f ? '?' : c + '@');
		} else {
			gi_buf_addch(out, c);
		}
	}
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

void gi_record_summary_text(gi_buf *out, const struct gi_record *rec)
{
	if (!rec->json) {
		gi_buf_add(out, rec->line, rec->line_len);
	} else if (gi_record_is_lesson(rec) && !rec->text) {
		size_t start = out->len;

		if (rec->tried)
			gi_buf_addf(out, "tried %s; ", rec->tried);
		if (rec->failed)
			gi_buf_addf(out, "failed: %s; ", rec->failed);
		if (rec->solution)
			gi_buf_addf(out, "solution: %s; ", rec->solution);
		if (out->len - start >= 2)	/* the last "; " */
			gi_buf_setlen(out, out->len - 2);
	} else {
		gi_buf_adds(out, main_text(rec));
	}
}

void gi_summary_cut(gi_buf *out, const char *t, size_t width)
{
	size_t n = strcspn(t, "\n"), cut = n;

	if (width > 3 && n > width)
		cut = gi_utf8_cut_bytes(t, n, width - 3);
	{
		char *line = gi_xstrndup(t, cut);

		gi_add_printable(out, line);
		free(line);
	}
	if (cut < n || t[n])
		gi_buf_adds(out, "...");
}

void gi_record_summary(gi_buf *out, const struct gi_record *rec, size_t width)
{
	gi_buf tmp = GI_BUF_INIT;

	gi_record_summary_text(&tmp, rec);
	gi_summary_cut(out, tmp.buf, width);
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
	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "%s  %s  ", when, rec->kind);
	gi_add_printable(out, rec->author ? rec->author : "unknown");
	if (rec->branch) {
		gi_buf_adds(out, "  (");
		gi_add_printable(out, rec->branch);
		gi_buf_addch(out, ')');
	}
	gi_buf_adds(out, "  ");
	gi_add_printable(out, rec->id);
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
}

void gi_render_issue(gi_buf *out, const struct gi_issue *is)
{
	size_t i, lessons = 0, others = 0;

	gi_buf_addf(out, "issue #%ld", is->number);
	if (is->title) {
		gi_buf_adds(out, ": ");
		gi_add_printable(out, is->title);
	}
	if (is->state)
		gi_buf_addf(out, " [%s]", is->state);
	gi_buf_addch(out, '\n');
	for (i = 0; i < is->nr; i++) {
		if (!is->rec[i].json || is->rec[i].superseded)
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
			if (is->rec[i].json && !is->rec[i].superseded &&
			    gi_record_is_lesson(&is->rec[i]))
				render_record(out, &is->rec[i]);
	}
	if (others) {
		gi_buf_adds(out, "\nRecords\n\n");
		for (i = 0; i < is->nr; i++)
			if (is->rec[i].json && !is->rec[i].superseded &&
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
