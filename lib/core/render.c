/*
 * render.c: text and JSON views of records (render.h). The Markdown brief
 * for agents is lib/agent/brief.c.
 *
 * Everything that reaches a terminal goes through gi_add_printable: records
 * may come from GitHub or another clone, and must not drive the terminal.
 */
#include "gitissue/core/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/date.h"
#include "gitissue/core/edit.h"
#include "gitissue/core/plan.h"
#include "gitissue/util/utf8.h"

void gi_add_printable(gi_buf *out, const char *s)
{
	gi_utf8_add_printable(out, s, strlen(s),
			      GI_PRINT_KEEP_NL | GI_PRINT_KEEP_TAB);
}

void gi_add_printable_line(gi_buf *out, const char *s)
{
	gi_utf8_add_printable(out, s, strlen(s), GI_PRINT_ONE_LINE);
}

void gi_add_author_name(gi_buf *out, const char *author)
{
	const char *lt = author ? strchr(author, '<') : NULL;
	size_t n = lt ? (size_t)(lt - author) : author ? strlen(author) : 0;
	char *name;

	while (n && author[n - 1] == ' ')
		n--;
	if (!n && lt) {
		/* "<email>" alone: its local part */
		const char *at = strchr(lt + 1, '@'), *gt = strchr(lt, '>');
		const char *stop = at ? at : gt;

		if (stop && stop > lt + 1) {
			name = gi_xstrndup(lt + 1, (size_t)(stop - lt - 1));
			gi_add_printable_line(out, name);
			free(name);
			return;
		}
	}
	if (!n) {
		gi_buf_adds(out, "someone");
		return;
	}
	name = gi_xstrndup(author, n);
	gi_add_printable_line(out, name);
	free(name);
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
	/* one line of a table: a tab would break its columns */
	gi_utf8_add_printable(out, t, cut, GI_PRINT_ONE_LINE);
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

void gi_add_record_heading(gi_buf *out, const struct gi_record *rec)
{
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
}

/* The indent of a record's text under its heading line. */
#define BLOCK "    "

void gi_add_indented(gi_buf *out, const char *indent, const char *label,
		     const char *text)
{
	const char *p = text;

	do {
		size_t n = strcspn(p, "\n");
		char *line = gi_xstrndup(p, n);

		gi_buf_adds(out, indent);
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

void gi_add_lesson_fields(gi_buf *out, const char *indent,
			  const struct gi_record *rec)
{
	if (rec->tried)
		gi_add_indented(out, indent, "tried:    ", rec->tried);
	if (rec->failed)
		gi_add_indented(out, indent, "failed:   ", rec->failed);
	if (rec->solution)
		gi_add_indented(out, indent, "solution: ", rec->solution);
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
	gi_add_record_heading(out, rec);
	if (gi_record_is_lesson(rec) || rec->tried || rec->failed ||
	    rec->solution) {
		gi_add_lesson_fields(out, BLOCK, rec);
		if (rec->text)
			gi_add_indented(out, BLOCK, NULL, rec->text);
	} else if (rec->kind && !strcmp(rec->kind, GI_KIND_EDIT)) {
		gi_buf reason = GI_BUF_INIT;

		gi_edit_describe(&reason, rec);
		gi_add_indented(out, BLOCK, NULL, reason.buf);
		gi_buf_release(&reason);
		if (rec->text)
			gi_add_indented(out, BLOCK, NULL, rec->text);
	} else if (rec->kind && !strcmp(rec->kind, GI_KIND_RETRACT)) {
		gi_buf_adds(out, "    withdrew record ");
		gi_add_printable(out, rec->supersedes ? rec->supersedes : "?");
		gi_buf_addch(out, '\n');
		if (rec->text)
			gi_add_indented(out, BLOCK, NULL, rec->text);
	} else if (rec->text) {
		gi_add_indented(out, BLOCK, NULL, rec->text);
	} else if (rec->title || rec->state) {
		if (rec->title)
			gi_add_indented(out, BLOCK, "title: ", rec->title);
		if (rec->state)
			gi_add_indented(out, BLOCK, "state: ", rec->state);
	} else {
		char *raw = gi_xstrndup(rec->line, rec->line_len);

		gi_add_indented(out, BLOCK, NULL, raw);
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


/* A record that is shown in the list (not the issue's head). */
/*
 * A superseded record is left out of the view, unless another author
 * superseded it: that is shown, with who did it, never silently hidden
 * (a hostile clone could otherwise retract anyone's lessons).
 */
static int hidden(const struct gi_record *rec)
{
	return rec->superseded && !gi_record_superseded_by_other(rec);
}

static int listed(const struct gi_record *rec)
{
	return rec->json && !hidden(rec) && gi_plan_record_listed(rec);
}

/* "[open]", "[closed as not planned]" */
static void add_state(gi_buf *out, const struct gi_issue *is)
{
	const char *p;

	gi_buf reason = GI_BUF_INIT;

	if (!is->state)
		return;
	/* record fields are data: the state too */
	gi_buf_adds(out, " [");
	gi_add_printable_line(out, is->state);
	if (is->state_reason && gi_issue_closed(is) &&
	    strcmp(is->state_reason, "completed")) {
		gi_buf_adds(out, " as ");
		for (p = is->state_reason; *p; p++)
			gi_buf_addch(&reason, *p == '_' ? ' ' : *p);
		gi_add_printable_line(out, reason.buf);
	}
	gi_buf_addch(out, ']');
	gi_buf_release(&reason);
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
		gi_add_printable_line(out, it->valuestring);
		first = 0;
	}
}

static void add_link(gi_buf *out, const struct gi_link *k)
{
	char label[GI_ISSUE_NAME_MAX];

	gi_buf_adds(out, gi_issue_label(k->issue, label));
	if (k->state)
		gi_buf_addf(out, " (%s)", k->state);
	if (k->status == GI_LINK_PENDING)
		gi_buf_adds(out, " (not on GitHub yet)");
	else if (k->status == GI_LINK_REFUSED)
		gi_buf_adds(out, " (refused by GitHub: not mirrored)");
}

/* The edits GitHub does not have: pending ones by field, refused ones
 * with GitHub's answer. */
static void add_edit_facts(gi_buf *out, const struct gi_issue *is,
			   const char *pre)
{
	const struct gi_issue_edits *e = &is->edits;
	int seen[4] = { 0 }, first = 1;
	size_t i;

	for (i = 0; i < e->nr; i++) {
		const struct gi_edit *x = &e->v[i];

		if (x->status != GI_EDIT_PENDING || !x->decides || x->loses ||
		    seen[x->field]++)
			continue;
		gi_buf_adds(out, first ? pre : ", ");
		if (first)
			gi_buf_adds(out, "not on GitHub yet: ");
		gi_buf_adds(out, gi_edit_field_names[x->field]);
		first = 0;
	}
	if (!first)
		gi_buf_addch(out, '\n');
	for (i = 0; i < e->nr; i++) {
		const struct gi_edit *x = &e->v[i];
		gi_buf what = GI_BUF_INIT;

		if (x->status != GI_EDIT_FAILED)
			continue;
		gi_edit_describe(&what, x->rec);
		gi_buf_addf(out, "%srefused by GitHub: ", pre);
		gi_add_printable_line(out, what.buf);
		gi_buf_adds(out, ": ");
		gi_add_printable_line(out, x->result && x->result->text ?
				      x->result->text : "?");
		gi_buf_addch(out, '\n');
		gi_buf_release(&what);
	}
}

/* What the issue is and how it relates: one line each, when known. */
static void add_facts(gi_buf *out, const struct gi_issue *is, const char *pre)
{
	const struct gi_issue_links *l = &is->links;
	const cJSON *labels = gi_issue_labels(is);
	const cJSON *who = gi_issue_strings(is, "assignees");
	char label[GI_ISSUE_NAME_MAX];
	size_t i;

	if (is->edits.create_refused) {
		gi_buf_addf(out, "%snot on GitHub: GitHub refuses it: ", pre);
		gi_add_printable_line(out, is->edits.create_refused->text ?
				      is->edits.create_refused->text : "?");
		gi_buf_addf(out, "\n%s  ('git issue-edit %s' to change it; "
			    "the next sync tries again)\n", pre,
			    gi_issue_name(is->number, label));
	} else if (gi_issue_is_provisional(is->number)) {
		gi_buf_addf(out, "%snot on GitHub yet: 'git issue-sync' "
			    "creates it\n", pre);
	}
	if (is->provisional)
		gi_buf_addf(out, "%swas %s\n", pre,
			    gi_issue_name(is->provisional, label));
	if (!gi_issue_is_provisional(is->number))
		add_edit_facts(out, is, pre);
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
	if (l->discovered_from)
		gi_buf_addf(out, "%sdiscovered while working on: %s\n", pre,
			    gi_issue_label(l->discovered_from, label));
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
		gi_add_printable_line(out, is->title);
	}
	add_state(out, is);
	gi_buf_addch(out, '\n');
	add_facts(out, is, "");
	if (is->body && *is->body) {
		gi_buf_addch(out, '\n');
		gi_add_indented(out, BLOCK, NULL, is->body);
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

static cJSON *link_json(const struct gi_link *k)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const names[] = { "mirrored", "pending", "refused" };

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(k->issue));
	cJSON_AddStringToObject(o, "status", names[k->status]);
	if (k->state)
		cJSON_AddStringToObject(o, "state", k->state);
	if (k->result && k->result->text)
		cJSON_AddStringToObject(o, "error", k->result->text);
	return o;
}

/* "edits": every edit and what became of it; "create_refused". */
static void edits_json(cJSON *doc, const struct gi_issue *is)
{
	static const char *const names[] = {
		[GI_EDIT_PENDING] = "pending", [GI_EDIT_DONE] = "mirrored",
		[GI_EDIT_FAILED] = "refused",
	};
	cJSON *arr = cJSON_AddArrayToObject(doc, "edits");
	const struct gi_issue_edits *e = &is->edits;
	size_t i;

	for (i = 0; i < e->nr; i++) {
		const struct gi_edit *x = &e->v[i];
		const char *res = x->result ?
			gi_json_str(x->result->json, "result") : NULL;
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "record", x->rec->id);
		cJSON_AddStringToObject(o, "field",
					gi_edit_field_names[x->field]);
		if (x->label)
			cJSON_AddStringToObject(o, "label", x->label);
		cJSON_AddStringToObject(o, "status",
			x->status == GI_EDIT_DONE && res &&
			!strcmp(res, GI_EDIT_OVERRIDDEN) ? GI_EDIT_OVERRIDDEN :
			x->status == GI_EDIT_PENDING && x->loses ?
			"losing" : names[x->status]);
		if (x->status == GI_EDIT_FAILED && x->result->text)
			cJSON_AddStringToObject(o, "error", x->result->text);
		cJSON_AddItemToArray(arr, o);
	}
	gi_json_add_str_or_null(doc, "create_refused", e->create_refused ?
				e->create_refused->text : NULL);
}

void gi_issue_facts_json(cJSON *doc, const struct gi_issue *is)
{
	const cJSON *labels = gi_issue_labels(is);
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
	cJSON_AddItemToObject(doc, "discovered_from", l->discovered_from ?
			      gi_issue_to_json(l->discovered_from) :
			      cJSON_CreateNull());
	edits_json(doc, is);
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

static cJSON *list_item_json(const struct gi_issue *is)
{
	cJSON *o = cJSON_CreateObject();
	struct gi_issue_counts c;

	gi_issue_counts(&c, is);
	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(is->number));
	gi_json_add_str_or_null(o, "title", is->title);
	gi_json_add_str_or_null(o, "state", is->state);
	cJSON_AddNumberToObject(o, "records", (double)c.records);
	cJSON_AddNumberToObject(o, "lessons", (double)c.lessons);
	cJSON_AddNumberToObject(o, "malformed", (double)is->malformed);
	gi_json_add_str_or_null(o, "last_activity",
				is->last ? is->last->time : NULL);
	gi_issue_facts_json(o, is);
	/* the body is for git issue-show: a list stays small */
	cJSON_DeleteItemFromObjectCaseSensitive(o, "body");
	return o;
}

cJSON *gi_issue_list_json(const struct gi_issue *const *v, size_t nr)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *arr;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	arr = cJSON_AddArrayToObject(doc, "issues");
	for (i = 0; i < nr; i++)
		cJSON_AddItemToArray(arr, list_item_json(v[i]));
	return doc;
}
