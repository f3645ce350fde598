/*
 * sync-report.c: what a sync did (struct gi_sync_report) as
 * `git issue-sync --json` prints it, and freeing it. The steps fill the
 * struct; this file is the one place that knows the JSON keys, so a key
 * cannot drift between the step that fills it and the reader.
 */
#include "gitissue/sync/sync-report.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"

static cJSON *git_json(const struct gi_sync_git_report *g)
{
	cJSON *o = cJSON_CreateObject();

	if (g->skipped)
		cJSON_AddStringToObject(o, "skipped", g->skipped);
	if (g->remote)
		cJSON_AddStringToObject(o, "remote", g->remote);
	if (g->merged)
		cJSON_AddTrueToObject(o, "merged");
	if (g->would_push)
		cJSON_AddTrueToObject(o, "would_push");
	if (g->pushed)
		cJSON_AddTrueToObject(o, "pushed");
	if (g->push_tried)
		cJSON_AddNumberToObject(o, "push_attempts", g->push_attempts);
	if (g->merge_retries)
		cJSON_AddNumberToObject(o, "merge_retries", g->merge_retries);
	if (g->failed)
		cJSON_AddTrueToObject(o, "failed");
	return o;
}

static cJSON *links_json(const struct gi_sync_links_report *l)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	if (!l->counted)
		return o;
	arr = cJSON_AddArrayToObject(o, "refused");
	for (i = 0; i < l->nrefused; i++) {
		const struct gi_sync_refusal *f = &l->refused[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddItemToObject(x, "issue", gi_issue_to_json(f->issue));
		gi_json_add_str_or_null(x, "op", f->op);
		cJSON_AddItemToObject(x, "target", gi_issue_to_json(f->target));
		cJSON_AddItemToObject(x, "errors", f->errors ?
				      cJSON_Duplicate(f->errors, 1) :
				      cJSON_CreateArray());
		gi_json_add_str_or_null(x, "message", f->message);
		cJSON_AddItemToArray(arr, x);
	}
	cJSON_AddNumberToObject(o, "mirrored", (double)l->mirrored);
	cJSON_AddNumberToObject(o, "pending", (double)l->pending);
	return o;
}

static cJSON *edits_json(const struct gi_sync_edits_report *e)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddNumberToObject(o, "patched", (double)e->patched);
	cJSON_AddNumberToObject(o, "mirrored", (double)e->mirrored);
	cJSON_AddNumberToObject(o, "overridden", (double)e->overridden);
	cJSON_AddNumberToObject(o, "pending", (double)e->pending);
	arr = cJSON_AddArrayToObject(o, "refused");
	for (i = 0; i < e->nrefused; i++) {
		const struct gi_sync_edit_refusal *f = &e->refused[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddItemToObject(x, "issue", gi_issue_to_json(f->issue));
		cJSON_AddStringToObject(x, "op", f->create ? "create" : "edit");
		cJSON_AddItemToObject(x, "errors", f->errors ?
				      cJSON_Duplicate(f->errors, 1) :
				      cJSON_CreateArray());
		gi_json_add_str_or_null(x, "message", f->message);
		cJSON_AddItemToArray(arr, x);
	}
	return o;
}

static cJSON *plan_json(const struct gi_sync_plan_report *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *created = cJSON_AddArrayToObject(o, "created");
	cJSON *waiting = cJSON_AddArrayToObject(o, "waiting");
	size_t i;

	for (i = 0; i < p->ncreated; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddItemToObject(x, "provisional",
				      gi_issue_to_json(p->created[i].provisional));
		cJSON_AddNumberToObject(x, "issue",
					(double)p->created[i].number);
		cJSON_AddItemToArray(created, x);
	}
	for (i = 0; i < p->nwaiting; i++) {
		cJSON *x = cJSON_CreateObject();

		cJSON_AddItemToObject(x, "issue",
				      gi_issue_to_json(p->waiting[i].issue));
		gi_json_add_str_or_null(x, "clone", p->waiting[i].clone);
		gi_json_add_str_or_null(x, "since", p->waiting[i].since);
		cJSON_AddItemToArray(waiting, x);
	}
	if (p->nwould_create) {
		cJSON *arr = cJSON_AddArrayToObject(o, "would_create");

		for (i = 0; i < p->nwould_create; i++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddItemToObject(x, "provisional",
				gi_issue_to_json(p->would_create[i]));
			cJSON_AddItemToArray(arr, x);
		}
	}
	cJSON_AddNumberToObject(o, "seen", (double)p->seen);
	cJSON_AddNumberToObject(o, "changed", (double)p->changed);
	cJSON_AddNumberToObject(o, "imported", (double)p->imported);
	if (p->edits.ran)
		cJSON_AddItemToObject(o, "edits", edits_json(&p->edits));
	cJSON_AddNumberToObject(o, "issues_imported",
				(double)p->issues_imported);
	cJSON_AddNumberToObject(o, "issues_updated",
				(double)p->issues_updated);
	cJSON_AddNumberToObject(o, "issues_closed", (double)p->issues_closed);
	if (p->links.ran)
		cJSON_AddItemToObject(o, "links", links_json(&p->links));
	return o;
}

static cJSON *requests_json(const struct gi_sync_requests *q)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "get", (double)q->get);
	cJSON_AddNumberToObject(o, "get_304", (double)q->get_304);
	cJSON_AddNumberToObject(o, "post", (double)q->post);
	cJSON_AddNumberToObject(o, "patch", (double)q->patch);
	cJSON_AddNumberToObject(o, "delete", (double)q->delete_);
	cJSON_AddNumberToObject(o, "retries", (double)q->retries);
	cJSON_AddNumberToObject(o, "waits", (double)q->waits);
	return o;
}

/* "issues": each issue's records posted, or that a dry run would post. */
static cJSON *posted_json(const struct gi_sync_github_report *g, int dry_run)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, j;

	for (i = 0; i < g->nissues; i++) {
		const struct gi_sync_posted *p = &g->issues[i];
		cJSON *x = cJSON_CreateObject(), *ids;

		cJSON_AddItemToObject(x, "issue", gi_issue_to_json(p->issue));
		ids = cJSON_AddArrayToObject(x, dry_run ? "would_post" :
					     "posted");
		for (j = 0; j < p->nr; j++)
			cJSON_AddItemToArray(ids, cJSON_CreateString(p->ids[j]));
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

/* "waiting_to_post": issues whose records another clone is posting. */
static cJSON *waits_json(const struct gi_sync_github_report *g)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < g->nwaiting_to_post; i++) {
		const struct gi_sync_post_wait *w = &g->waiting_to_post[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddItemToObject(x, "issue", gi_issue_to_json(w->issue));
		cJSON_AddNumberToObject(x, "records", (double)w->records);
		gi_json_add_str_or_null(x, "clone", w->clone);
		gi_json_add_str_or_null(x, "author", w->author);
		gi_json_add_str_or_null(x, "since", w->since);
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static cJSON *github_json(const struct gi_sync_github_report *g, int dry_run)
{
	cJSON *o = cJSON_CreateObject();

	if (g->skipped)
		cJSON_AddStringToObject(o, "skipped", g->skipped);
	if (g->repository)
		cJSON_AddStringToObject(o, "repository", g->repository);
	if (g->plan.ran)
		cJSON_AddItemToObject(o, "plan", plan_json(&g->plan));
	if (g->mirror_ran) {
		cJSON_AddItemToObject(o, "issues", posted_json(g, dry_run));
		cJSON_AddItemToObject(o, "waiting_to_post", waits_json(g));
	}
	if (g->imported_counted)
		cJSON_AddNumberToObject(o, "imported", (double)g->imported);
	if (g->have_requests)
		cJSON_AddItemToObject(o, "requests",
				      requests_json(&g->requests));
	return o;
}

cJSON *gi_sync_report_json(const struct gi_sync_report *rep)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	if (rep->dry_run)
		cJSON_AddTrueToObject(doc, "dry_run");
	if (rep->locked)
		cJSON_AddTrueToObject(doc, "locked");
	if (rep->github.ran)
		cJSON_AddItemToObject(doc, "github",
				      github_json(&rep->github, rep->dry_run));
	if (rep->nothing_new)
		cJSON_AddTrueToObject(doc, "nothing_new");
	if (rep->git.ran)
		cJSON_AddItemToObject(doc, "git", git_json(&rep->git));
	if (rep->remote)
		cJSON_AddStringToObject(doc, "remote", rep->remote);
	cJSON_AddBoolToObject(doc, "ok", rep->ok);
	if (rep->incomplete)
		cJSON_AddStringToObject(doc, "incomplete", rep->incomplete);
	return doc;
}

static void plan_release(struct gi_sync_plan_report *p)
{
	size_t i;

	for (i = 0; i < p->nwaiting; i++) {
		free(p->waiting[i].clone);
		free(p->waiting[i].since);
	}
	for (i = 0; i < p->links.nrefused; i++) {
		free(p->links.refused[i].op);
		free(p->links.refused[i].message);
		cJSON_Delete(p->links.refused[i].errors);
	}
	free(p->links.refused);
	for (i = 0; i < p->edits.nrefused; i++) {
		free(p->edits.refused[i].message);
		cJSON_Delete(p->edits.refused[i].errors);
	}
	free(p->edits.refused);
	free(p->created);
	free(p->waiting);
	free(p->would_create);
}

void gi_sync_report_release(struct gi_sync_report *rep)
{
	size_t i, j;

	plan_release(&rep->github.plan);
	for (i = 0; i < rep->github.nissues; i++) {
		for (j = 0; j < rep->github.issues[i].nr; j++)
			free(rep->github.issues[i].ids[j]);
		free(rep->github.issues[i].ids);
	}
	free(rep->github.issues);
	for (i = 0; i < rep->github.nwaiting_to_post; i++) {
		free(rep->github.waiting_to_post[i].clone);
		free(rep->github.waiting_to_post[i].author);
		free(rep->github.waiting_to_post[i].since);
	}
	free(rep->github.waiting_to_post);
	free(rep->github.repository);
	free(rep->git.remote);
	free(rep->remote);
	memset(rep, 0, sizeof(*rep));
}
