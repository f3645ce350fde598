/*
 * edit.c: closing, reopening and editing an issue as records, and those
 * records laid over GitHub's side of the issue (edit.h); GitHub's limits
 * on an issue's text, and the body GitHub gets.
 *
 * An edit is one field: the newest pending edit of a field decides it.
 * Each records the GitHub record it was made over (its base), so that a
 * change made on GitHub meanwhile is seen for what it is: GitHub's value
 * differs from both the base and the edit. Only then are the times
 * compared (GitHub's updated_at against the edit's), and only for that
 * field; a comment on GitHub, which moves updated_at too, never undoes an
 * edit made here.
 */
#define _GNU_SOURCE
#include "gitissue/core/edit.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/core/plan.h"
#include "gitissue/util/json.h"
#include "gitissue/util/utf8.h"

const char *gi_close_reason(const char *s)
{
	if (!s)
		return NULL;
	if (!strcmp(s, GI_REASON_COMPLETED))
		return GI_REASON_COMPLETED;
	if (!strcmp(s, "not-planned") || !strcmp(s, GI_REASON_NOT_PLANNED))
		return GI_REASON_NOT_PLANNED;
	if (!strcmp(s, GI_REASON_DUPLICATE))
		return GI_REASON_DUPLICATE;
	return NULL;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int has_label(const cJSON *arr, const char *label)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && !strcasecmp(it->valuestring, label))
			return 1;
	return 0;
}

const cJSON *gi_issue_labels(const struct gi_issue *is)
{
	return is->edits.labels ? is->edits.labels :
		gi_issue_strings(is, "labels");
}

/* --- reading the records ---------------------------------------------- */

const char *const gi_edit_field_names[] = {
	[GI_FIELD_TITLE] = GI_EDIT_FIELD_TITLE,
	[GI_FIELD_STATE] = GI_EDIT_FIELD_STATE,
	[GI_FIELD_BODY] = GI_EDIT_FIELD_BODY,
	[GI_FIELD_LABEL] = GI_EDIT_FIELD_LABEL,
};

/* The field of an edit record, when it is one this version knows and the
 * record carries its value; else -1 (kept, not counted). */
static int field_of(const struct gi_record *rec)
{
	const char *f = gi_json_str(rec->json, "field");
	const char *op = gi_json_str(rec->json, "op");

	if (!f)
		return -1;
	if (!strcmp(f, GI_EDIT_FIELD_TITLE) && rec->title && *rec->title)
		return GI_FIELD_TITLE;
	if (!strcmp(f, GI_EDIT_FIELD_STATE) && rec->state &&
	    (!strcmp(rec->state, "open") || !strcmp(rec->state, "closed")))
		return GI_FIELD_STATE;
	if (!strcmp(f, GI_EDIT_FIELD_BODY) && gi_json_str(rec->json, "body"))
		return GI_FIELD_BODY;
	if (!strcmp(f, GI_EDIT_FIELD_LABEL) &&
	    gi_json_str(rec->json, "label") && op &&
	    (!strcmp(op, "add") || !strcmp(op, "remove")))
		return GI_FIELD_LABEL;
	return -1;
}

static void collect(struct gi_issue *is)
{
	struct gi_issue_edits *e = &is->edits;
	size_t i;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		struct gi_edit *x;
		int field;

		if (!rec->json || rec->superseded || !rec->kind ||
		    strcmp(rec->kind, GI_KIND_EDIT) ||
		    (field = field_of(rec)) < 0)
			continue;
		GI_ALLOC_GROW(e->v, e->nr + 1, e->alloc);
		x = &e->v[e->nr++];
		memset(x, 0, sizeof(*x));
		x->rec = rec;
		x->field = (enum gi_edit_field)field;
		x->label = gi_json_str(rec->json, "label");
		x->adds = !same_str(gi_json_str(rec->json, "op"), "remove");
	}
}

/* What the edit-sync records say about each edit. */
static void results(struct gi_issue *is)
{
	struct gi_issue_edits *e = &is->edits;
	size_t i, j;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *of, *res;

		if (!rec->json || rec->superseded || !rec->kind ||
		    strcmp(rec->kind, GI_KIND_EDIT_SYNC))
			continue;
		of = gi_json_str(rec->json, "of");
		res = gi_json_str(rec->json, "result");
		if (!of || !res)
			continue;
		for (j = 0; j < e->nr; j++) {
			struct gi_edit *x = &e->v[j];

			if (strcmp(x->rec->id, of) || x->status == GI_EDIT_DONE)
				continue;
			if (!strcmp(res, GI_EDIT_MIRRORED) ||
			    !strcmp(res, GI_EDIT_OVERRIDDEN)) {
				x->status = GI_EDIT_DONE;
				x->result = rec;
			} else if (!strcmp(res, GI_EDIT_REFUSED)) {
				x->status = GI_EDIT_FAILED;
				x->result = rec;
			}
		}
	}
}

/*
 * A provisional issue GitHub refused to create stays refused while the
 * newest of its `issue`, `body` and `edit` records is the one the refusal
 * names: a change made after it (git issue-edit) lifts it.
 */
static void create_refusal(struct gi_issue *is)
{
	const struct gi_record *newest = NULL;
	size_t i;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (rec->json && !rec->superseded && rec->kind &&
		    (!strcmp(rec->kind, GI_KIND_ISSUE) ||
		     !strcmp(rec->kind, GI_KIND_BODY) ||
		     !strcmp(rec->kind, GI_KIND_EDIT)))
			newest = rec;
	}
	is->edits.last_change = newest;
	for (i = 0; newest && i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (rec->json && rec->kind &&
		    !strcmp(rec->kind, GI_KIND_EDIT_SYNC) &&
		    same_str(gi_json_str(rec->json, "op"), "create") &&
		    same_str(gi_json_str(rec->json, "result"),
			     GI_EDIT_REFUSED) &&
		    same_str(gi_json_str(rec->json, "of"), newest->id))
			is->edits.create_refused = rec;
	}
}

/* --- laying the edits over GitHub's side ------------------------------ */

static const struct gi_record *record_by_id(const struct gi_issue *is,
					    const char *id)
{
	size_t i;

	for (i = 0; id && i < is->nr; i++)
		if (is->rec[i].json && !strcmp(is->rec[i].id, id))
			return &is->rec[i];
	return NULL;
}

/* The newest pending edit of `field`, marked as deciding it. */
static struct gi_edit *decider(struct gi_issue_edits *e,
			       enum gi_edit_field field)
{
	size_t i;

	for (i = e->nr; i-- > 0;)
		if (e->v[i].status == GI_EDIT_PENDING &&
		    e->v[i].field == field) {
			e->v[i].decides = 1;
			return &e->v[i];
		}
	return NULL;
}

/*
 * Does GitHub's value win over edit d? Only when GitHub changed it since
 * d's base (`changed`: its value differs from the base's and from d's)
 * and GitHub's record is newer than d.
 */
static int github_wins(const struct gi_edit *d, int changed,
		       const struct gi_record *github)
{
	return changed && github && strcmp(github->time, d->rec->time) > 0;
}

static void resolve_text(struct gi_issue *is, enum gi_edit_field field)
{
	struct gi_edit *d = decider(&is->edits, field);
	const struct gi_record *base, *github;
	const char *g, *v, *b;

	if (!d)
		return;
	base = record_by_id(is, gi_json_str(d->rec->json, "base"));
	if (field == GI_FIELD_BODY) {
		github = is->body_rec;
		g = is->body ? is->body : "";
		v = gi_json_str(d->rec->json, "body");
		b = base ? (base->text ? base->text : "") : NULL;
	} else if (field == GI_FIELD_TITLE) {
		github = is->snapshot;
		g = is->title;
		v = d->rec->title;
		b = base ? base->title : NULL;
	} else {
		github = is->snapshot;
		g = is->state;
		v = d->rec->state;
		b = base ? base->state : NULL;
	}
	d->loses = github_wins(d, base && !same_str(g, b) && !same_str(g, v),
			       github);
	if (d->loses)
		return;
	if (field == GI_FIELD_BODY) {
		is->body = v;
	} else if (field == GI_FIELD_TITLE) {
		is->title = v;
	} else if (!same_str(g, v)) {
		is->state = v;
		is->state_reason = !strcmp(v, "closed") ?
			gi_json_str(d->rec->json, "state_reason") : NULL;
	}
}

static void drop_label(cJSON *arr, const char *label)
{
	int i = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		if (cJSON_IsString(it) && !strcasecmp(it->valuestring, label)) {
			cJSON_DeleteItemFromArray(arr, i);
			return;
		}
		i++;
	}
}

/* Is e->v[i] the newest pending edit of its label? */
static int newest_of_label(const struct gi_issue_edits *e, size_t i)
{
	size_t j;

	for (j = i + 1; j < e->nr; j++)
		if (e->v[j].field == GI_FIELD_LABEL &&
		    e->v[j].status == GI_EDIT_PENDING &&
		    !strcasecmp(e->v[j].label, e->v[i].label))
			return 0;
	return 1;
}

static void resolve_labels(struct gi_issue *is)
{
	struct gi_issue_edits *e = &is->edits;
	const cJSON *snap = gi_issue_strings(is, "labels");
	size_t i;

	for (i = 0; i < e->nr; i++) {
		struct gi_edit *x = &e->v[i];
		const struct gi_record *base;
		int g, b;

		if (x->field != GI_FIELD_LABEL ||
		    x->status != GI_EDIT_PENDING || !newest_of_label(e, i))
			continue;
		x->decides = 1;
		base = record_by_id(is, gi_json_str(x->rec->json, "base"));
		g = has_label(snap, x->label);
		b = base && has_label(cJSON_GetObjectItemCaseSensitive(
				base->json, "labels"), x->label);
		x->loses = github_wins(x, base && g != b && g != x->adds,
				       is->snapshot);
		if (x->loses)
			continue;
		if (!e->labels)
			e->labels = snap ? cJSON_Duplicate(snap, 1) :
				cJSON_CreateArray();
		if (x->adds && !has_label(e->labels, x->label))
			cJSON_AddItemToArray(e->labels,
					     cJSON_CreateString(x->label));
		else if (!x->adds)
			drop_label(e->labels, x->label);
	}
}

void gi_edits_resolve(struct gi_issue *is)
{
	struct gi_issue_edits *e = &is->edits;
	size_t i;

	collect(is);
	create_refusal(is);
	if (!e->nr)
		return;
	results(is);
	for (i = 0; i < e->nr; i++)
		e->npending += e->v[i].status == GI_EDIT_PENDING;
	resolve_text(is, GI_FIELD_TITLE);
	resolve_text(is, GI_FIELD_STATE);
	resolve_text(is, GI_FIELD_BODY);
	resolve_labels(is);
}

void gi_edits_release(struct gi_issue_edits *e)
{
	free(e->v);
	cJSON_Delete(e->labels);
	memset(e, 0, sizeof(*e));
}

/* --- writing ---------------------------------------------------------- */

static cJSON *edit_extra(const char *field, const struct gi_record *base)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "field", field);
	if (base)
		cJSON_AddStringToObject(x, "base", base->id);
	return x;
}

/* Is `label` among the first `n` of `v` (case does not count)? */
static int named_before(const char *const *v, size_t n, const char *label)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(v[i], label))
			return 1;
	return 0;
}

static size_t label_fields(struct gi_record_fields *f,
			   const struct gi_issue *is,
			   const char *const *v, size_t nr, int adds)
{
	const cJSON *now = gi_issue_labels(is);
	size_t i, k = 0;

	for (i = 0; i < nr; i++) {
		cJSON *x;

		if (named_before(v, i, v[i]) || has_label(now, v[i]) == adds)
			continue;
		x = edit_extra(GI_EDIT_FIELD_LABEL, is->snapshot);
		cJSON_AddStringToObject(x, "label", v[i]);
		cJSON_AddStringToObject(x, "op", adds ? "add" : "remove");
		f[k].kind = GI_KIND_EDIT;
		f[k++].extra = x;
	}
	return k;
}

size_t gi_edit_fields(struct gi_record_fields *f, const struct gi_issue *is,
		      const struct gi_issue_change *ch)
{
	size_t k = 0;
	cJSON *x;

	if (ch->title && !same_str(is->title, ch->title)) {
		f[k].kind = GI_KIND_EDIT;
		f[k].title = ch->title;
		f[k++].extra = edit_extra(GI_EDIT_FIELD_TITLE, is->snapshot);
	}
	if (ch->state && !same_str(is->state, ch->state)) {
		x = edit_extra(GI_EDIT_FIELD_STATE, is->snapshot);
		if (ch->state_reason && !strcmp(ch->state, "closed"))
			cJSON_AddStringToObject(x, "state_reason",
						ch->state_reason);
		f[k].kind = GI_KIND_EDIT;
		f[k].state = ch->state;
		f[k++].extra = x;
	}
	if (ch->body && !same_str(is->body ? is->body : "", ch->body)) {
		x = edit_extra(GI_EDIT_FIELD_BODY, is->body_rec);
		cJSON_AddStringToObject(x, "body", ch->body);
		f[k].kind = GI_KIND_EDIT;
		f[k++].extra = x;
	}
	k += label_fields(f + k, is, ch->add_labels, ch->nadd_labels, 1);
	k += label_fields(f + k, is, ch->remove_labels, ch->nremove_labels, 0);
	if (k && ch->why && *ch->why)
		f[0].text = ch->why;
	return k;
}

void gi_edit_fields_release(struct gi_record_fields *f, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		cJSON_Delete((cJSON *)f[i].extra);
}

void gi_issue_edit_result_release(struct gi_issue_edit_result *res)
{
	free(res->title);
	free(res->state);
	free(res->state_reason);
	memset(res, 0, sizeof(*res));
}

cJSON *gi_issue_edit_result_json(const struct gi_issue_edit_result *res)
{
	cJSON *doc = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddItemToObject(doc, "issue", gi_issue_to_json(res->issue));
	arr = cJSON_AddArrayToObject(doc, "changed");
	for (i = 0; i < res->nfields; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(res->fields[i]));
	gi_json_add_str_or_null(doc, "title", res->title);
	gi_json_add_str_or_null(doc, "state", res->state);
	gi_json_add_str_or_null(doc, "state_reason", res->state_reason);
	return doc;
}

/* The change itself makes sense: no label both added and removed. */
static int change_check(const struct gi_issue_change *ch,
			const struct gi_issue *is, gi_buf *why)
{
	size_t i, added = 0;

	for (i = 0; i < ch->nadd_labels; i++)
		if (named_before(ch->remove_labels, ch->nremove_labels,
				 ch->add_labels[i])) {
			gi_buf_addf(why, "label '%s' is both added and "
				    "removed", ch->add_labels[i]);
			return GI_EINVALID;
		}
	if (ch->body)
		added = gi_issue_github_added(strlen(ch->body),
					      is->links.discovered_from,
					      is->provisional ||
					      gi_issue_is_provisional(
						      is->number));
	if (ch->title && !*ch->title) {
		gi_buf_adds(why, "the title is empty");
		return GI_EINVALID;
	}
	if (gi_issue_text_check(ch->title, ch->body, added, ch->add_labels,
				ch->nadd_labels, why))
		return GI_EINVALID;
	return 0;
}

static void fill_result(struct gi_issue_edit_result *out,
			const struct gi_issue *is,
			const struct gi_record_fields *f, size_t k)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->issue = is->number;
	for (i = 0; i < k && out->nfields < GI_ARRAY_SIZE(out->fields); i++) {
		const char *field = gi_json_str(f[i].extra, "field");
		size_t j;

		for (j = 0; j < out->nfields; j++)
			if (!strcmp(out->fields[j], field))
				break;
		if (j == out->nfields)
			out->fields[out->nfields++] =
				!strcmp(field, GI_EDIT_FIELD_TITLE) ?
				GI_EDIT_FIELD_TITLE :
				!strcmp(field, GI_EDIT_FIELD_STATE) ?
				GI_EDIT_FIELD_STATE :
				!strcmp(field, GI_EDIT_FIELD_BODY) ?
				GI_EDIT_FIELD_BODY : GI_EDIT_FIELD_LABEL;
	}
}

int gi_issue_edit(struct gi_repo *r, long n, const struct gi_issue_change *ch,
		  struct gi_issue_edit_result *out, gi_buf *why)
{
	struct gi_issue is;
	struct gi_record_fields *f;
	size_t k;
	int ret;

	if (out)
		memset(out, 0, sizeof(*out));
	if (gi_issue_load(&is, r, NULL, n) < 0)
		return -1;
	if (!is.nr) {
		gi_issue_release(&is);
		return GIT_ENOTFOUND;
	}
	ret = change_check(ch, &is, why);
	if (ret) {
		gi_issue_release(&is);
		return ret;
	}
	f = gi_xcalloc(ch->nadd_labels + ch->nremove_labels + 4, sizeof(*f));
	k = gi_edit_fields(f, &is, ch);
	ret = k ? gi_issue_add(r, is.number, f, k, NULL) : 1;
	if (out && ret >= 0) {
		fill_result(out, &is, f, k);
		out->title = gi_xstrdup_or_null(ch->title ? ch->title :
						is.title);
		out->state = gi_xstrdup_or_null(ch->state ? ch->state :
						is.state);
		out->state_reason = gi_xstrdup_or_null(
			!out->state || strcmp(out->state, "closed") ? NULL :
			ch->state ? ch->state_reason : is.state_reason);
	}
	gi_edit_fields_release(f, k);
	free(f);
	gi_issue_release(&is);
	return ret;
}

void gi_edit_describe(gi_buf *out, const struct gi_record *rec)
{
	const char *reason = gi_json_str(rec->json, "state_reason");
	const char *p;

	switch (field_of(rec)) {
	case GI_FIELD_TITLE:
		gi_buf_addf(out, "title: %s", rec->title);
		break;
	case GI_FIELD_STATE:
		if (strcmp(rec->state, "closed")) {
			gi_buf_adds(out, "reopened");
			break;
		}
		gi_buf_adds(out, "closed");
		if (!reason || !strcmp(reason, GI_REASON_COMPLETED))
			break;
		gi_buf_adds(out, " as ");
		for (p = reason; *p; p++)
			gi_buf_addch(out, *p == '_' ? ' ' : *p);
		break;
	case GI_FIELD_BODY:
		gi_buf_adds(out, "body changed");
		break;
	case GI_FIELD_LABEL:
		gi_buf_addf(out, "label %s: %s",
			    same_str(gi_json_str(rec->json, "op"), "add") ?
			    "added" : "removed",
			    gi_json_str(rec->json, "label"));
		break;
	default:
		gi_buf_adds(out, "an edit this version does not know");
	}
}

int gi_issue_edit_status(int err, long n, const gi_buf *why)
{
	if (err == GIT_ENOTFOUND) {
		gi_error("issue %s is not known here; 'git issue-sync' "
			 "imports it", gi_label(n));
		return GI_EXIT_FAILED;
	}
	if (err == GI_EINVALID) {
		gi_error("%s", why->buf);
		return GI_EXIT_FAILED;
	}
	return err < 0 ? GI_EXIT_FATAL : GI_EXIT_OK;
}

int gi_issue_close(struct gi_repo *r, long n, const char *reason,
		   const char *why)
{
	struct gi_issue_change ch;
	gi_buf err = GI_BUF_INIT;
	int ret;

	memset(&ch, 0, sizeof(ch));
	ch.state = "closed";
	ch.state_reason = reason ? reason : GI_REASON_COMPLETED;
	ch.why = why;
	ret = gi_issue_edit(r, n, &ch, NULL, &err);
	if (ret == GI_EINVALID)
		ret = gi_error("%s", err.buf);
	gi_buf_release(&err);
	return ret;
}

int gi_issue_reopen(struct gi_repo *r, long n, const char *why)
{
	struct gi_issue_change ch;
	gi_buf err = GI_BUF_INIT;
	int ret;

	memset(&ch, 0, sizeof(ch));
	ch.state = "open";
	ch.why = why;
	ret = gi_issue_edit(r, n, &ch, NULL, &err);
	if (ret == GI_EINVALID)
		ret = gi_error("%s", err.buf);
	gi_buf_release(&err);
	return ret;
}

/* --- GitHub's limits and the body it gets ----------------------------- */

static int label_check(const char *label, gi_buf *why)
{
	const char *p;
	size_t len;

	if (!*label) {
		gi_buf_adds(why, "a label is empty");
		return GI_EINVALID;
	}
	for (p = label; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			gi_buf_adds(why, "a label has a control character");
			return GI_EINVALID;
		}
	len = gi_utf16_length(label);
	if (len > GI_GITHUB_LABEL_MAX) {
		gi_buf_addf(why, "label '%.*s...' is %zu characters; GitHub's "
			    "limit is %d", 20, label, len,
			    GI_GITHUB_LABEL_MAX);
		return GI_EINVALID;
	}
	return 0;
}

int gi_issue_text_check(const char *title, const char *body, size_t added,
			const char *const *labels, size_t nlabels,
			gi_buf *why)
{
	size_t i, len;

	if (title) {
		if (strchr(title, '\n')) {
			gi_buf_adds(why, "the title is one line");
			return GI_EINVALID;
		}
		len = gi_utf16_length(title);
		if (len > GI_GITHUB_TITLE_MAX) {
			gi_buf_addf(why, "the title is %zu characters; "
				    "GitHub's limit is %d", len,
				    GI_GITHUB_TITLE_MAX);
			return GI_EINVALID;
		}
	}
	if (body) {
		len = gi_utf16_length(body) + added;
		if (len > GI_GITHUB_BODY_MAX) {
			gi_buf_addf(why, "the body is %zu characters with the "
				    "%zu that git-issue adds; GitHub's limit "
				    "is %d", len, added, GI_GITHUB_BODY_MAX);
			return GI_EINVALID;
		}
	}
	for (i = 0; i < nlabels; i++)
		if (label_check(labels[i], why))
			return GI_EINVALID;
	return 0;
}

void gi_issue_github_body(gi_buf *out, const char *body, long from,
			  long provisional)
{
	char name[GI_ISSUE_NAME_MAX];

	if (body && *body)
		gi_buf_adds(out, body);
	if (from > 0) {
		if (out->len)
			gi_buf_adds(out, "\n\n");
		gi_buf_addf(out, GI_DISCOVERED_LINE "%s.",
			    gi_issue_label(from, name));
	}
	if (provisional) {
		if (out->len)
			gi_buf_adds(out, "\n\n");
		gi_buf_addf(out, GI_MARKER_NEW_OPEN "%s" GI_MARKER_NEW_CLOSE,
			    gi_issue_name(provisional, name) +
			    strlen(GI_PROVISIONAL_PREFIX));
	}
}

/* Does the text end with the line gi_issue_github_body writes for a
 * discovered-from relation ("Discovered while working on #N.")? Its
 * length, else 0. */
static size_t discovered_tail(const char *s, size_t len)
{
	size_t at = len, k = strlen(GI_DISCOVERED_LINE);

	while (at && s[at - 1] != '\n')
		at--;
	if (len - at < k + 3 || strncmp(s + at, GI_DISCOVERED_LINE, k) ||
	    s[at + k] != '#' || s[len - 1] != '.' ||
	    strspn(s + at + k + 1, "0123456789") != len - at - k - 2)
		return 0;
	return len - at;
}

void gi_issue_github_body_strip(gi_buf *out, const char *github_body)
{
	const char *m = github_body ? strstr(github_body, GI_MARKER_NEW_OPEN) :
		NULL;
	const char *end = m ? strstr(m, GI_MARKER_NEW_CLOSE) : NULL;
	size_t start = out->len;

	if (!github_body)
		return;
	if (!m) {
		gi_buf_adds(out, github_body);
		return;
	}
	gi_buf_add(out, github_body, (size_t)(m - github_body));
	gi_buf_rtrim(out, "\r\n\t ", start);
	gi_buf_setlen(out, out->len - discovered_tail(out->buf + start,
						      out->len - start));
	if (end)
		gi_buf_adds(out, end + strlen(GI_MARKER_NEW_CLOSE));
	gi_buf_rtrim(out, "\r\n\t ", start);
}

size_t gi_issue_github_added(size_t body_len, long from, int marker)
{
	/* the longest name an issue can have: "#2147483647" or "new-..." */
	size_t parts = (body_len > 0) + (from != 0) + (marker != 0);
	size_t n = parts > 1 ? 2 * (parts - 1) : 0;

	if (from)
		n += strlen(GI_DISCOVERED_LINE) + 11 + 1;
	if (marker)
		n += strlen(GI_MARKER_NEW_OPEN) + 7 +
		     strlen(GI_MARKER_NEW_CLOSE);
	return n;
}
