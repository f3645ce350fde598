/*
 * import.c: the records GitHub's issue objects give, and imported records
 * collected per issue and written in one commit (import.h).
 *
 * Imported lines are a function of GitHub's answers, so two clones
 * importing the same state write the same bytes.
 */
#include "sync/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/plan.h"
#include "gitissue/core/store.h"
#include "gitissue/core/summary.h"
#include "gitissue/sync/create.h"
#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "core/store-write.h"

/* --- facts from GitHub as record fields ------------------------------ */

/* "2026-01-02T03:04:05Z" -> "2026-01-02T03:04:05.000000Z" */
void gi_import_time(char *out, size_t size, const char *t)
{
	if (t && strlen(t) == 20 && t[19] == 'Z')
		snprintf(out, size, "%.19s.000000Z", t);
	else
		snprintf(out, size, "%s", t ? t : "1970-01-01T00:00:00.000000Z");
}

/* A deterministic record id from GitHub's facts. */
void gi_import_hash_id(char out[GI_RECORD_ID_HEXSZ + 1], const char *what, const char *a,
		       const char *b, const char *c)
{
	gi_buf buf = GI_BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];

	gi_buf_addf(&buf, "%s%c%s%c%s%c%s", what, 0, a ? a : "", 0,
		    b ? b : "", 0, c ? c : "");
	git_odb_hash(&oid, buf.buf, buf.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	memcpy(out, hex, GI_RECORD_ID_HEXSZ);
	out[GI_RECORD_ID_HEXSZ] = '\0';
	gi_buf_release(&buf);
}

/* --- records from GitHub's issue objects ------------------------------ */

/*
 * The time of a new imported state whose GitHub time is `t`: `t`, or 1 µs
 * after the state `had` when both are of the same second of GitHub's
 * clock (a PATCH right after the POST that created the issue). Otherwise
 * the two would tie and their ids, not their order, would pick the
 * newest. An older state keeps its older time (and loses).
 */
static void state_time(char out[40], const char *t,
		       const struct gi_record *had)
{
	snprintf(out, 40, "%s", t);
	if (had && !strncmp(t, had->time, 19) && strcmp(t, had->time) <= 0)
		gi_time_after(out, had->time, 1);
}

/* The body as it is here: without what the suite adds when it sends one
 * (gi_issue_github_body_strip). */
static char *body_text(const cJSON *obj)
{
	gi_buf out = GI_BUF_INIT;

	gi_issue_github_body_strip(&out, gi_json_str(obj, "body"));
	return gi_buf_detach(&out, NULL);
}

/* The names in an array of strings or of {"name"|"login": ...}. */
static cJSON *names_of(const cJSON *arr, const char *key)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		const char *name = cJSON_IsString(it) ? it->valuestring :
			gi_json_str(it, key);

		if (name)
			cJSON_AddItemToArray(out, cJSON_CreateString(name));
	}
	return out;
}

/* What an `issue` record says, as one comparable string. */
static char *issue_key(const char *title, const char *state,
		       const char *reason, const cJSON *labels,
		       const cJSON *assignees, double id)
{
	cJSON *k = cJSON_CreateObject();
	char *s;

	gi_json_add_str_or_null(k, "title", title);
	gi_json_add_str_or_null(k, "state", state);
	gi_json_add_str_or_null(k, "state_reason", reason);
	cJSON_AddItemToObject(k, "labels", labels ?
			      cJSON_Duplicate(labels, 1) : cJSON_CreateArray());
	cJSON_AddItemToObject(k, "assignees", assignees ?
			      cJSON_Duplicate(assignees, 1) :
			      cJSON_CreateArray());
	cJSON_AddNumberToObject(k, "id", id);
	s = cJSON_PrintUnformatted(k);
	cJSON_Delete(k);
	return s;
}

/* The `issue` record of obj, when it says what the newest of cur does
 * not. */
static void import_issue_record(const struct gi_issue *cur, const cJSON *obj,
				long n, const char *num, const char *time,
				gi_import_fn *add, void *payload)
{
	struct gi_record_fields f;
	const char *title = gi_json_str(obj, "title");
	const char *state = gi_json_str(obj, "state");
	const char *reason = gi_json_str(obj, "state_reason");
	const char *updated = gi_json_str(obj, "updated_at");
	double id = gi_json_num(obj, "id");
	cJSON *labels = names_of(cJSON_GetObjectItemCaseSensitive(obj,
						"labels"), "name");
	cJSON *assignees = names_of(cJSON_GetObjectItemCaseSensitive(obj,
						"assignees"), "login");
	cJSON *extra;
	char *key, *old = NULL, rid[GI_RECORD_ID_HEXSZ + 1], when[40];

	key = issue_key(title, state, reason, labels, assignees, id);
	if (cur->snapshot)
		old = issue_key(cur->snapshot->title, cur->snapshot->state,
				gi_json_str(cur->snapshot->json,
					    "state_reason"),
				gi_issue_strings(cur, "labels"),
				gi_issue_strings(cur, "assignees"),
				gi_json_num(cur->snapshot->json, "github_id"));
	if (old && !strcmp(old, key))
		goto done;
	extra = cJSON_CreateObject();
	cJSON_AddItemToObject(extra, "labels", labels);
	cJSON_AddItemToObject(extra, "assignees", assignees);
	labels = assignees = NULL;
	if (reason)
		cJSON_AddStringToObject(extra, "state_reason", reason);
	cJSON_AddNumberToObject(extra, "github_id", id);
	cJSON_AddNumberToObject(extra, "github_issue", (double)n);
	if (updated)
		cJSON_AddStringToObject(extra, "github_updated", updated);
	if (gi_json_str(obj, "html_url"))
		cJSON_AddStringToObject(extra, "url",
					gi_json_str(obj, "html_url"));
	gi_import_hash_id(rid, "github-issue", updated, num, key);
	state_time(when, time, cur->snapshot);
	memset(&f, 0, sizeof(f));
	f.time = when;
	f.id = rid;
	f.kind = GI_KIND_ISSUE;
	f.title = title;
	f.state = state;
	f.extra = extra;
	add(n, &f, payload);
	cJSON_Delete(extra);
done:
	cJSON_Delete(labels);
	cJSON_Delete(assignees);
	free(key);
	free(old);
}

/* The `body` record of obj, when its body is not the one cur has. */
static void import_body_record(const struct gi_issue *cur, const cJSON *obj,
			       long n, const char *num, const char *time,
			       gi_import_fn *add, void *payload)
{
	struct gi_record_fields f;
	const char *updated = gi_json_str(obj, "updated_at");
	char *body = body_text(obj), rid[GI_RECORD_ID_HEXSZ + 1], when[40];
	/* GitHub's side, not the edits made here laid over it */
	const char *had = cur->body_rec ? (cur->body_rec->text ?
					   cur->body_rec->text : "") : NULL;
	cJSON *extra;

	if (had ? !strcmp(had, body) : !*body)
		goto done;
	extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "github_issue", (double)n);
	if (updated)
		cJSON_AddStringToObject(extra, "github_updated", updated);
	gi_import_hash_id(rid, "github-body", num, updated, body);
	state_time(when, time, cur->body_rec);
	memset(&f, 0, sizeof(f));
	f.time = when;
	f.id = rid;
	f.kind = GI_KIND_BODY;
	f.text = body;
	f.extra = extra;
	add(n, &f, payload);
	cJSON_Delete(extra);
done:
	free(body);
}

void gi_import_issue_object(struct gi_repo *r, const struct gi_issue *cur,
			    const cJSON *obj, gi_import_fn *add,
			    void *payload)
{
	struct gi_issue loaded;
	long n = (long)gi_json_num(obj, "number");
	char time[40], num[32];

	if (n < 1 || n > GI_ISSUE_MAX || !gi_json_str(obj, "title") ||
	    cJSON_GetObjectItemCaseSensitive(obj, "pull_request"))
		return;
	if (!cur) {
		if (gi_issue_load(&loaded, r, NULL, n) < 0)
			memset(&loaded, 0, sizeof(loaded));
		cur = &loaded;
	}
	snprintf(num, sizeof(num), "%ld", n);
	gi_import_time(time, sizeof(time), gi_json_str(obj, "updated_at"));
	import_issue_record(cur, obj, n, num, time, add, payload);
	import_body_record(cur, obj, n, num, time, add, payload);
	if (cur == &loaded)
		gi_issue_release(&loaded);
}

/* --- lines written per issue ------------------------------------------ */

static struct gi_lines *batch_for(struct gi_import_batch *b, long n)
{
	size_t *at = gi_longmap_get(&b->index, n);

	if (at)
		return &b->v[*at].lines;
	gi_longmap_put(&b->index, n, b->nr);
	GI_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	b->v[b->nr].issue = n;
	gi_lines_init(&b->v[b->nr].lines);
	return &b->v[b->nr++].lines;
}

void gi_import_batch_add(long n, const struct gi_record_fields *f,
			 void *payload)
{
	gi_buf line = GI_BUF_INIT;

	gi_record_format(&line, f);
	gi_lines_add_copy(batch_for(payload, n), line.buf, line.len);
	gi_buf_release(&line);
}

void gi_import_batch_add_line(struct gi_import_batch *b, long n,
			      const char *p, size_t len)
{
	gi_lines_add_copy(batch_for(b, n), p, len);
}

/* Lines of `lines` that issue n's note does not hold yet. */
static size_t count_new(struct gi_repo *r, long n,
			const struct gi_lines *lines)
{
	struct gi_lines cur = GI_LINES_INIT;
	size_t k, added = 0;

	if (!gi_store_read(&cur, r, NULL, n))
		for (k = 0; k < lines->nr; k++)
			added += !gi_lines_has(&cur, lines->v[k].p,
					       lines->v[k].len);
	gi_lines_release(&cur);
	return added;
}

/* A gi_append_opts.written: what each note written holds, for the
 * summaries cache. */
static void remember_note(const git_oid *blob, const char *data, size_t len,
			  void *payload)
{
	gi_summary_batch_add(payload, blob, data, len);
}

void gi_import_batch_census(struct gi_import_batch *b, struct gi_repo *r,
			    long *fresh, long *updated)
{
	size_t i;

	*fresh = *updated = 0;
	for (i = 0; i < b->nr; i++) {
		struct gi_lines cur = GI_LINES_INIT;
		struct batch_item *it = &b->v[i];

		gi_lines_normalize(&it->lines);
		if (gi_store_read(&cur, r, NULL, it->issue) < 0)
			continue;
		if (count_new(r, it->issue, &it->lines))
			(*(cur.nr ? updated : fresh))++;
		gi_lines_release(&cur);
	}
}

/* One commit for all; in a dry run only count what is new. */
int gi_import_batch_write(struct gi_import_batch *b, struct gi_repo *r,
			  int dry_run, const char *message)
{
	struct gi_store_item *items = gi_xcalloc(b->nr + 1, sizeof(*items));
	struct gi_append_opts o = { 0 };
	struct gi_summary_batch written = { NULL, 0, 0 };
	size_t i;
	int ret = 0;

	for (i = 0; i < b->nr; i++) {
		struct batch_item *it = &b->v[i];

		gi_lines_normalize(&it->lines);
		items[i].issue = it->issue;
		items[i].lines = &it->lines;
		if (dry_run)
			b->added += count_new(r, it->issue, &it->lines);
	}
	o.message = message;
	o.written = remember_note;
	o.written_payload = &written;
	if (!dry_run && b->nr) {
		if (gi_store_append_many(r, items, b->nr, &o) < 0)
			ret = -1;
		else
			b->added += o.added;
	}
	/* what the rest of the sync reads next: not read back */
	gi_summaries_remember(r, &written);
	free(items);
	gi_import_batch_release(b);
	if (!dry_run && !ret)
		gi_store_maybe_gc(r);
	return ret;
}

int gi_import_batch_write_each(struct gi_import_batch *b, struct gi_repo *r,
			       int dry_run)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < b->nr; i++) {
		struct gi_append_opts o = { 0 };
		struct batch_item *p = &b->v[i];

		o.message = "git issue-sync: import from GitHub";
		gi_lines_normalize(&p->lines);
		if (dry_run)
			b->added += count_new(r, p->issue, &p->lines);
		else if (gi_store_append(r, p->issue, &p->lines, &o) < 0)
			ret = -1;
		else
			b->added += o.added;
	}
	gi_import_batch_release(b);
	return ret;
}

void gi_import_batch_release(struct gi_import_batch *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		gi_lines_release(&b->v[i].lines);
	free(b->v);
	gi_longmap_release(&b->index);
	/* the count is what the caller reads next: keep it */
	b->v = NULL;
	b->nr = b->alloc = 0;
}
