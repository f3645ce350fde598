/*
 * edits.c: the edits made here mirrored to GitHub (edits.h).
 *
 * What to send is what the issue is here (the edits laid over GitHub's
 * side, gitissue/core/edit.h) against GitHub's side: the fields that
 * differ, in one PATCH per issue, so a close with a new title and two
 * labels is one write. An edit GitHub has already, one a later change on
 * GitHub won over, and one replaced by a newer edit of its field cost no
 * request: each gets its `edit-sync` record all the same. A PATCH sets
 * values, so one whose answer was lost is simply sent again at the next
 * sync; only a refusal (400, 422, or GitHub's limits) is final.
 */
#include "sync/edits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/store.h"
#include "gitissue/util/json.h"
#include "sync/links.h"
#include "sync/pending.h"

struct ectx {
	struct gi_repo *r;
	struct gi_github *gh;
	const struct gi_sync_opts *opts;
	struct gi_import_batch out;	/* written at the end, one commit */
	struct gi_sync_edits_report *rep;
	int stop;
};

static void edit_sync(long n, const char *of, const char *result,
		      const char *message, const cJSON *errors, int create,
		      gi_import_fn *add, void *payload)
{
	struct gi_record_fields f;
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "of", of);
	cJSON_AddStringToObject(x, "result", result);
	if (create)
		cJSON_AddStringToObject(x, "op", "create");
	if (errors)
		cJSON_AddItemToObject(x, "errors", cJSON_Duplicate(errors, 1));
	memset(&f, 0, sizeof(f));
	f.kind = GI_KIND_EDIT_SYNC;
	f.text = message;
	f.extra = x;
	add(n, &f, payload);
	cJSON_Delete(x);
}

static void add_refusal(struct gi_sync_edits_report *rep, long n, int create,
			const char *message, const cJSON *errors)
{
	struct gi_sync_edit_refusal *f;

	GI_ALLOC_GROW(rep->refused, rep->nrefused + 1, rep->arefused);
	f = &rep->refused[rep->nrefused++];
	f->issue = n;
	f->create = create;
	f->errors = errors ? cJSON_Duplicate(errors, 1) : NULL;
	f->message = gi_xstrdup(message);
}

void gi_edits_refuse_create(const struct gi_issue *is, const char *message,
			    const cJSON *errors, gi_import_fn *add,
			    void *payload, struct gi_sync_edits_report *report)
{
	long n = is->provisional ? is->provisional : is->number;

	gi_error("GitHub refuses to create %s: %s", gi_label(n), message);
	gi_advise("it stays provisional and is not sent again until it "
		  "changes: shorten it with 'git issue-edit %s --title ...' "
		  "or '--body-file <file>'", gi_label(n));
	if (is->edits.last_change)
		edit_sync(n, is->edits.last_change->id, GI_EDIT_REFUSED,
			  message, errors, 1, add, payload);
	if (report)
		add_refusal(report, n, 1, message, errors);
}

/* --- what to send ----------------------------------------------------- */

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The same labels, whatever the order and case? */
static int same_labels(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;
	int found;

	if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
		return 0;
	cJSON_ArrayForEach(x, a) {
		found = 0;
		cJSON_ArrayForEach(y, b)
			if (cJSON_IsString(x) && cJSON_IsString(y) &&
			    !strcasecmp(x->valuestring, y->valuestring))
				found = 1;
		if (!found)
			return 0;
	}
	return 1;
}

/* The PATCH of `is`: the fields whose value here is not GitHub's; NULL
 * when GitHub has them all. */
static cJSON *patch_of(const struct gi_issue *is)
{
	const struct gi_record *s = is->snapshot;
	const char *gbody = is->body_rec ?
		(is->body_rec->text ? is->body_rec->text : "") : NULL;
	const cJSON *labels = gi_issue_labels(is);
	cJSON *req = cJSON_CreateObject();
	gi_buf body = GI_BUF_INIT;

	if (is->title && !same_str(is->title, s ? s->title : NULL))
		cJSON_AddStringToObject(req, "title", is->title);
	if (is->state && !same_str(is->state, s ? s->state : NULL)) {
		cJSON_AddStringToObject(req, "state", is->state);
		if (!strcmp(is->state, "closed") && is->state_reason)
			cJSON_AddStringToObject(req, "state_reason",
						is->state_reason);
	}
	if (is->body && !same_str(is->body, gbody)) {
		gi_issue_github_body(&body, is->body, is->links.discovered_from,
				     is->provisional);
		cJSON_AddStringToObject(req, "body", body.buf);
	}
	if (!same_labels(labels, gi_issue_strings(is, "labels")))
		cJSON_AddItemToObject(req, "labels", labels ?
				      cJSON_Duplicate(labels, 1) :
				      cJSON_CreateArray());
	gi_buf_release(&body);
	if (!req->child) {
		cJSON_Delete(req);
		return NULL;
	}
	return req;
}

/* GitHub's limits on what `req` sends; the reason in `why`. */
static int over_limits(const cJSON *req, gi_buf *why)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(req, "labels");
	const char **v = gi_xcalloc((size_t)cJSON_GetArraySize(labels) + 1,
				    sizeof(*v));
	const cJSON *it;
	size_t nr = 0;
	int ret;

	cJSON_ArrayForEach(it, labels)
		if (cJSON_IsString(it))
			v[nr++] = it->valuestring;
	ret = gi_issue_text_check(gi_json_str(req, "title"),
				  gi_json_str(req, "body"), 0, v, nr, why);
	free(v);
	return ret;
}

/* --- one issue -------------------------------------------------------- */

/* Every pending edit of `is` is done: on GitHub, or lost to GitHub. */
static void all_done(struct ectx *m, const struct gi_issue *is)
{
	size_t i;

	for (i = 0; i < is->edits.nr; i++) {
		const struct gi_edit *e = &is->edits.v[i];

		if (e->status != GI_EDIT_PENDING)
			continue;
		if (e->loses) {
			edit_sync(is->number, e->rec->id, GI_EDIT_OVERRIDDEN,
				  "changed on GitHub after this edit", NULL, 0,
				  gi_import_batch_add, &m->out);
			m->rep->overridden++;
		} else {
			edit_sync(is->number, e->rec->id, GI_EDIT_MIRRORED,
				  NULL, NULL, 0, gi_import_batch_add, &m->out);
			m->rep->mirrored++;
		}
	}
}

/* GitHub will not take the pending edits of `is`: said once, recorded. */
static void refuse(struct ectx *m, const struct gi_issue *is,
		   const char *message, const cJSON *errors)
{
	size_t i;

	gi_error("GitHub refuses the edit of %s: %s", gi_label(is->number),
		 message);
	gi_advise("it stays here, not sent again; change it with "
		  "'git issue-edit %ld'", is->number);
	for (i = 0; i < is->edits.nr; i++)
		if (is->edits.v[i].status == GI_EDIT_PENDING)
			edit_sync(is->number, is->edits.v[i].rec->id,
				  GI_EDIT_REFUSED, message, errors, 0,
				  gi_import_batch_add, &m->out);
	add_refusal(m->rep, is->number, 0, message, errors);
}

/* PATCH `req` to issue `is`. @return 0 done, 1 refused (recorded), 2
 * left for the next sync, or a stop. */
static int send_patch(struct ectx *m, const struct gi_issue *is,
		      const cJSON *req)
{
	struct gi_response resp = { 0 };
	gi_buf path = GI_BUF_INIT, why = GI_BUF_INIT;
	char *json = cJSON_PrintUnformatted(req);
	cJSON *doc, *errors;
	int err, ret = 0;

	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld", m->gh->target->owner,
		    m->gh->target->repo, is->number);
	err = gi_github_send(m->gh, "PATCH", path.buf, json, &resp);
	if (err == GI_ERATELIMIT || err == GI_ETRANSPORT) {
		m->stop = 1;
		ret = err;
	} else if (!err && resp.status == 200) {
		m->rep->patched++;
		doc = cJSON_ParseWithLength(resp.body.buf, resp.body.len);
		if (doc)
			gi_import_issue_object(m->r, is, doc,
					       gi_import_batch_add, &m->out);
		cJSON_Delete(doc);
	} else if (!err && (resp.status == 400 || resp.status == 404 ||
			    resp.status == 410 || resp.status == 422)) {
		/* invalid, or no such issue: sending it again changes
		 * nothing */
		errors = cJSON_CreateArray();
		gi_github_errors(&why, &resp, errors);
		refuse(m, is, why.buf, errors);
		cJSON_Delete(errors);
		ret = 1;
	} else {
		/* setting values twice is harmless: send it again later */
		if (err)
			gi_warning("editing %s on GitHub: %s; trying again at "
				   "the next sync", gi_label(is->number),
				   m->gh->errbuf);
		else
			gi_warning("editing %s on GitHub: HTTP %ld; trying "
				   "again at the next sync",
				   gi_label(is->number), resp.status);
		ret = 2;
	}
	gi_response_release(&resp);
	gi_buf_release(&path);
	gi_buf_release(&why);
	cJSON_free(json);
	return ret;
}

/* @return 0, -1 (refused: reported), or a stop. */
static int mirror_issue(struct ectx *m, const struct gi_issue *is)
{
	cJSON *req = patch_of(is);
	gi_buf why = GI_BUF_INIT;
	int ret = 0;

	if (req && over_limits(req, &why)) {
		refuse(m, is, why.buf, NULL);
		ret = -1;
	} else if (m->opts->dry_run) {
		m->rep->pending += (long)is->edits.npending;
	} else if (req) {
		ret = send_patch(m, is, req);
		if (!ret)
			all_done(m, is);
		else if (ret == 2)
			m->rep->pending += (long)is->edits.npending;
		ret = ret == 1 ? -1 : ret == 2 ? 0 : ret;
	} else {
		all_done(m, is);
	}
	cJSON_Delete(req);
	gi_buf_release(&why);
	return ret;
}

int gi_edits_mirror(struct gi_repo *r, struct gi_github *gh,
		    const struct gi_sync_opts *opts, cJSON *ts,
		    struct gi_sync_edits_report *report)
{
	struct gi_plan plan;
	struct ectx m;
	size_t i;
	int ret = 0, err;

	report->ran = 1;
	/* nothing was left to mirror at this tip last time */
	if (gi_pending_tip_done(r, ts, "edits_done"))
		return 0;
	if (gi_plan_load(&plan, r, NULL) < 0)
		return -1;
	memset(&m, 0, sizeof(m));
	m.r = r;
	m.gh = gh;
	m.opts = opts;
	m.rep = report;
	for (i = 0; i < plan.nr && !m.stop; i++) {
		const struct gi_issue *is = &plan.v[i].is;

		if (!plan.v[i].known || !is->edits.npending)
			continue;
		if (gi_issue_is_provisional(is->number)) {
			/* created with them, by the step before */
			report->pending += (long)is->edits.npending;
			continue;
		}
		err = mirror_issue(&m, is);
		if (err < 0)
			ret = err;
	}
	gi_plan_release(&plan);
	if (gi_import_batch_write(&m.out, r, opts->dry_run,
				  "git issue-sync: edits mirrored to GitHub") <
	    0)
		ret = -1;
	if (!ret && !m.stop && !report->pending && !opts->dry_run)
		gi_pending_tip_remember(r, ts, "edits_done");
	if (m.stop && !ret)
		ret = GI_ETRANSPORT;
	return ret;
}
