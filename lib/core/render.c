/*
 * render.c: text, Markdown and JSON views of records (render.h).
 *
 * Everything that reaches a terminal goes through gi_add_printable: records
 * may come from GitHub or another clone, and must not drive the terminal.
 */
#include "gitissue/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/date.h"
#include "gitissue/plan.h"
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
	{
		char *line = gi_xstrndup(t, cut);

		gi_add_printable(out, line);
		free(line);
	}
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

/* A record that is shown in the list (not the issue's head). */
static int listed(const struct gi_record *rec)
{
	return rec->json && !rec->superseded && !gi_plan_kind(rec->kind);
}

/* "[open]", "[closed as not planned]" */
static void add_state(gi_buf *out, const struct gi_issue *is)
{
	const char *p;

	if (!is->state)
		return;
	gi_buf_addf(out, " [%s", is->state);
	if (is->state_reason && gi_issue_closed(is) &&
	    strcmp(is->state_reason, "completed")) {
		gi_buf_adds(out, " as ");
		for (p = is->state_reason; *p; p++)
			gi_buf_addch(out, *p == '_' ? ' ' : *p);
	}
	gi_buf_addch(out, ']');
}

/* "bug, ui" */
static void add_strings(gi_buf *out, const cJSON *arr)
{
	const cJSON *it;
	int first = 1;

	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			continue;
		if (!first)
			gi_buf_adds(out, ", ");
		gi_add_printable(out, it->valuestring);
		first = 0;
	}
}

static void add_link(gi_buf *out, const struct gi_link *k)
{
	char label[GI_ISSUE_NAME_MAX];

	gi_buf_adds(out, gi_issue_label(k->issue, label));
	if (k->status == GI_LINK_PENDING)
		gi_buf_adds(out, " (not on GitHub yet)");
	else if (k->status == GI_LINK_REFUSED)
		gi_buf_adds(out, " (refused by GitHub: not mirrored)");
}

/* What the issue is and how it relates: one line each, when known. */
static void add_facts(gi_buf *out, const struct gi_issue *is, const char *pre)
{
	const struct gi_issue_links *l = &is->links;
	const cJSON *labels = gi_issue_strings(is, "labels");
	const cJSON *who = gi_issue_strings(is, "assignees");
	char label[GI_ISSUE_NAME_MAX];
	size_t i;

	if (gi_issue_is_provisional(is->number))
		gi_buf_addf(out, "%snot on GitHub yet: 'git issue-sync' "
			    "creates it\n", pre);
	if (is->provisional)
		gi_buf_addf(out, "%swas %s\n", pre,
			    gi_issue_name(is->provisional, label));
	if (labels && cJSON_GetArraySize(labels)) {
		gi_buf_addf(out, "%slabels: ", pre);
		add_strings(out, labels);
		gi_buf_addch(out, '\n');
	}
	if (who && cJSON_GetArraySize(who)) {
		gi_buf_addf(out, "%sassignees: ", pre);
		add_strings(out, who);
		gi_buf_addch(out, '\n');
	}
	if (l->parent.issue) {
		gi_buf_addf(out, "%sparent: ", pre);
		add_link(out, &l->parent);
		gi_buf_addch(out, '\n');
	}
	if (l->blocked_by.nr) {
		gi_buf_addf(out, "%sblocked by: ", pre);
		for (i = 0; i < l->blocked_by.nr; i++) {
			if (i)
				gi_buf_adds(out, ", ");
			add_link(out, &l->blocked_by.v[i]);
		}
		gi_buf_addch(out, '\n');
	}
	for (i = 0; i < l->removed.nr; i++)
		gi_buf_addf(out, "%sno longer %s %s (not on GitHub yet)\n", pre,
			    l->removed.v[i].rel == GI_REL_PARENT ?
			    "a sub-issue of" : "blocked by",
			    gi_issue_label(l->removed.v[i].issue, label));
}

void gi_render_issue(gi_buf *out, const struct gi_issue *is)
{
	size_t i, lessons = 0, others = 0;
	char label[GI_ISSUE_NAME_MAX];

	/* the problem statement first: title, state, body */
	gi_buf_addf(out, "issue %s", gi_issue_label(is->number, label));
	if (is->title) {
		gi_buf_adds(out, ": ");
		gi_add_printable(out, is->title);
	}
	add_state(out, is);
	gi_buf_addch(out, '\n');
	add_facts(out, is, "");
	if (is->body && *is->body) {
		gi_buf_addch(out, '\n');
		add_indented(out, NULL, is->body);
	}
	for (i = 0; i < is->nr; i++) {
		if (!listed(&is->rec[i]))
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
			if (listed(&is->rec[i]) &&
			    gi_record_is_lesson(&is->rec[i]))
				render_record(out, &is->rec[i]);
	}
	if (others) {
		gi_buf_adds(out, "\nRecords\n\n");
		for (i = 0; i < is->nr; i++)
			if (listed(&is->rec[i]) &&
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

/* Markdown-safe one paragraph: newlines folded into spaces. */
static void md_text(gi_buf *out, const char *s)
{
	gi_buf tmp = GI_BUF_INIT;

	for (; *s; s++)
		gi_buf_addch(&tmp, *s == '\n' || *s == '\r' ? ' ' : *s);
	gi_add_printable(out, tmp.buf);
	gi_buf_release(&tmp);
}

static void md_record(gi_buf *out, const struct gi_record *rec)
{
	char when[32];

	gi_short_time(when, sizeof(when), rec->time);
	if (gi_record_is_lesson(rec)) {
		gi_buf_adds(out, "-");
		if (rec->tried) {
			gi_buf_adds(out, " **Tried:** ");
			md_text(out, rec->tried);
		}
		if (rec->failed) {
			gi_buf_adds(out, " **Failed because:** ");
			md_text(out, rec->failed);
		}
		if (rec->solution) {
			gi_buf_adds(out, " **Solution:** ");
			md_text(out, rec->solution);
		}
		if (rec->text) {
			gi_buf_addch(out, ' ');
			md_text(out, rec->text);
		}
	} else {
		gi_buf_addf(out, "- %s %s", when, rec->kind);
		if (rec->author) {
			gi_buf_adds(out, " (");
			md_text(out, rec->author);
			gi_buf_addch(out, ')');
		}
		gi_buf_adds(out, ": ");
		if (rec->kind && !strcmp(rec->kind, GI_KIND_RETRACT)) {
			gi_buf_adds(out, "withdrew record ");
			md_text(out, rec->supersedes ? rec->supersedes : "?");
			if (rec->text) {
				gi_buf_adds(out, ": ");
				md_text(out, rec->text);
			}
		} else if (rec->text) {
			md_text(out, rec->text);
		} else if (rec->title || rec->state) {
			if (rec->title) {
				gi_buf_adds(out, "title ");
				md_text(out, rec->title);
			}
			if (rec->state)
				gi_buf_addf(out, " [%s]", rec->state);
		} else {
			char *raw = gi_xstrndup(rec->line, rec->line_len);

			gi_buf_addch(out, '`');
			md_text(out, raw);
			gi_buf_addch(out, '`');
			free(raw);
		}
		gi_buf_addch(out, '\n');
		return;
	}
	gi_buf_addf(out, " _(%s", when);
	if (rec->author) {
		gi_buf_adds(out, ", ");
		md_text(out, rec->author);
	}
	gi_buf_adds(out, ")_\n");
}

/* Room kept for the notes' heading and the closing lines. */
#define MD_RESERVE 240

/* The body as written (it is Markdown), within what the budget leaves. */
static void add_body_md(gi_buf *out, const struct gi_issue *is,
			size_t max_bytes, size_t lessons)
{
	size_t len = strlen(is->body), room = len;
	char label[GI_ISSUE_NAME_MAX];
	char *cut;

	if (max_bytes) {
		size_t used = out->len + lessons + MD_RESERVE + 2;

		room = used < max_bytes ? max_bytes - used : 0;
	}
	gi_buf_addch(out, '\n');
	if (room >= len) {
		gi_add_printable(out, is->body);
		gi_buf_addch(out, '\n');
		return;
	}
	room = room > 120 ? room - 120 : 0;
	cut = gi_xstrndup(is->body, gi_utf8_cut_bytes(is->body, len, room));
	gi_add_printable(out, cut);
	gi_buf_addf(out, "\n\n_(the body is cut here, at %zu of %zu bytes: "
		    "`git issue-show %s` has it all)_\n", strlen(cut), len,
		    gi_issue_name(is->number, label));
	free(cut);
}

void gi_render_markdown(gi_buf *out, const struct gi_issue *is,
			size_t max_bytes)
{
	gi_buf head = GI_BUF_INIT, item = GI_BUF_INIT;
	size_t i, nothers = 0, kept = 0, budget, start;
	char **items = NULL, label[GI_ISSUE_NAME_MAX];
	int any_lesson = 0;
	gi_buf lessons = GI_BUF_INIT, facts = GI_BUF_INIT;

	/* the problem statement first: title, state, body */
	gi_buf_addf(&head, "# Issue %s", gi_issue_label(is->number, label));
	if (is->title) {
		gi_buf_adds(&head, ": ");
		md_text(&head, is->title);
	}
	add_state(&head, is);
	gi_buf_addch(&head, '\n');
	add_facts(&facts, is, "- ");
	if (facts.len) {
		gi_buf_addch(&head, '\n');
		gi_buf_add(&head, facts.buf, facts.len);
	}
	gi_buf_release(&facts);
	for (i = 0; i < is->nr; i++) {
		if (!is->rec[i].json || is->rec[i].superseded ||
		    !gi_record_is_lesson(&is->rec[i]))
			continue;
		if (!any_lesson)
			gi_buf_adds(&lessons, "\n## Lessons\n\n");
		any_lesson = 1;
		md_record(&lessons, &is->rec[i]);
	}
	/* the body, cut only to leave room for the lessons (never cut) */
	if (is->body && *is->body)
		add_body_md(&head, is, max_bytes, lessons.len);
	gi_buf_add(&head, lessons.buf, lessons.len);
	gi_buf_release(&lessons);

	/* the other records, newest first, as long as they fit */
	items = gi_xcalloc(is->nr + 1, sizeof(*items));
	for (i = 0; i < is->nr; i++) {
		/* title and state are in the heading already */
		if (!listed(&is->rec[i]) || gi_record_is_lesson(&is->rec[i]))
			continue;
		gi_buf_reset(&item);
		md_record(&item, &is->rec[i]);
		items[nothers++] = gi_xstrdup(item.buf);
	}
	/* room for the section heading and the statement of the cut */
	budget = max_bytes;
	start = nothers;
	if (max_bytes) {
		size_t used = head.len + strlen("\n## Notes\n\n") + 120;

		while (start > 0) {
			size_t len = strlen(items[start - 1]);

			if (used + len > budget)
				break;
			used += len;
			start--;
		}
	} else {
		start = 0;
	}
	kept = nothers - start;
	gi_buf_add(out, head.buf, head.len);
	if (kept) {
		gi_buf_adds(out, "\n## Notes\n\n");
		for (i = start; i < nothers; i++)
			gi_buf_adds(out, items[i]);
	}
	if (start)
		gi_buf_addf(out, "\n_%zu older record%s left out to stay within "
			    "%zu bytes: `git issue-show %s` has them all._\n",
			    start, start == 1 ? "" : "s", max_bytes,
			    gi_issue_name(is->number, label));
	else if (max_bytes && out->len > max_bytes)
		gi_buf_addf(out, "\n_The lessons alone exceed %zu bytes; they "
			    "are never cut._\n", max_bytes);
	if (!any_lesson && !nothers)
		gi_buf_adds(out, "\nNo records yet.\n");
	for (i = 0; i < nothers; i++)
		free(items[i]);
	free(items);
	gi_buf_release(&head);
	gi_buf_release(&item);
}

cJSON *gi_record_json(const struct gi_record *rec)
{
	cJSON *o = cJSON_Duplicate(rec->json, 1);

	if (rec->superseded)
		cJSON_AddTrueToObject(o, "superseded");
	return o;
}

static cJSON *link_json(const struct gi_link *k)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const names[] = { "mirrored", "pending", "refused" };

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(k->issue));
	cJSON_AddStringToObject(o, "status", names[k->status]);
	if (k->result && k->result->text)
		cJSON_AddStringToObject(o, "error", k->result->text);
	return o;
}

void gi_issue_facts_json(cJSON *doc, const struct gi_issue *is)
{
	const cJSON *labels = gi_issue_strings(is, "labels");
	const cJSON *who = gi_issue_strings(is, "assignees");
	const struct gi_issue_links *l = &is->links;
	cJSON *arr;
	size_t i;

	if (is->provisional)
		cJSON_AddItemToObject(doc, "provisional",
				      gi_issue_to_json(is->provisional));
	else
		cJSON_AddNullToObject(doc, "provisional");
	cJSON_AddBoolToObject(doc, "on_github",
			      !gi_issue_is_provisional(is->number));
	gi_json_add_str_or_null(doc, "state_reason", is->state_reason);
	gi_json_add_str_or_null(doc, "body", is->body);
	cJSON_AddItemToObject(doc, "labels", labels ?
			      cJSON_Duplicate(labels, 1) : cJSON_CreateArray());
	cJSON_AddItemToObject(doc, "assignees", who ?
			      cJSON_Duplicate(who, 1) : cJSON_CreateArray());
	if (l->parent.issue)
		cJSON_AddItemToObject(doc, "parent", link_json(&l->parent));
	else
		cJSON_AddNullToObject(doc, "parent");
	arr = cJSON_AddArrayToObject(doc, "blocked_by");
	for (i = 0; i < l->blocked_by.nr; i++)
		cJSON_AddItemToArray(arr, link_json(&l->blocked_by.v[i]));
	arr = cJSON_AddArrayToObject(doc, "unlinked");
	for (i = 0; i < l->removed.nr; i++) {
		cJSON *o = link_json(&l->removed.v[i]);

		cJSON_AddStringToObject(o, "relation",
					l->removed.v[i].rel == GI_REL_PARENT ?
					"parent" : "blocked_by");
		cJSON_AddItemToArray(arr, o);
	}
}

cJSON *gi_issue_json(const struct gi_issue *is)
{
	cJSON *doc = cJSON_CreateObject(), *recs, *bad;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddItemToObject(doc, "issue", gi_issue_to_json(is->number));
	if (is->title)
		cJSON_AddStringToObject(doc, "title", is->title);
	else
		cJSON_AddNullToObject(doc, "title");
	if (is->state)
		cJSON_AddStringToObject(doc, "state", is->state);
	else
		cJSON_AddNullToObject(doc, "state");
	gi_issue_facts_json(doc, is);
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
