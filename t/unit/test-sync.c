/*
 * test-sync: the sync report (lib/sync/sync-report.c) as --json gives
 * it: each member under the key programs read, a step that did not run
 * left out rather than shown as zero, and the summary's counts there.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/sync/sync-report.h"
#include "gitissue/util/util.h"
#include "unit.h"

/* The value at a path of keys ("github", "plan", "imported"), or NULL. */
static const cJSON *at(const cJSON *doc, const char *a, const char *b,
		       const char *c)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(doc, a);

	if (x && b)
		x = cJSON_GetObjectItemCaseSensitive(x, b);
	if (x && c)
		x = cJSON_GetObjectItemCaseSensitive(x, c);
	return x;
}

static double num(const cJSON *x)
{
	return cJSON_IsNumber(x) ? x->valuedouble : -1;
}

static void test_empty(void)
{
	struct gi_sync_report rep;
	cJSON *doc;

	memset(&rep, 0, sizeof(rep));
	rep.locked = 1;
	doc = gi_sync_report_json(&rep);
	CHECK(num(at(doc, "version", NULL, NULL)) == 1, "a version");
	CHECK(cJSON_IsTrue(at(doc, "locked", NULL, NULL)), "locked");
	CHECK(cJSON_IsFalse(at(doc, "ok", NULL, NULL)), "ok false");
	CHECK(!at(doc, "git", NULL, NULL) && !at(doc, "github", NULL, NULL) &&
	      !at(doc, "dry_run", NULL, NULL), "steps not run: left out");
	cJSON_Delete(doc);
	gi_sync_report_release(&rep);
}

static void fill(struct gi_sync_report *rep)
{
	struct gi_sync_plan_report *p = &rep->github.plan;
	struct gi_sync_posted *posted;

	memset(rep, 0, sizeof(*rep));
	rep->ok = 1;
	rep->remote = gi_xstrdup("origin");
	rep->git.ran = 1;
	rep->git.remote = gi_xstrdup("origin");
	rep->git.pushed = 1;
	rep->git.push_tried = 1;
	rep->git.push_attempts = 2;
	rep->github.ran = 1;
	rep->github.repository = gi_xstrdup("octo/app");
	p->ran = 1;
	p->imported = 6;
	p->created = gi_xcalloc(1, sizeof(*p->created));
	p->created[0].provisional = -0x1a2b3c4;
	p->created[0].number = 57;
	p->ncreated = p->acreated = 1;
	p->links.ran = 1;
	p->links.counted = 1;
	p->links.mirrored = 3;
	p->edits.ran = 1;
	p->edits.patched = 2;
	p->edits.mirrored = 4;
	p->edits.refused = gi_xcalloc(1, sizeof(*p->edits.refused));
	p->edits.refused[0].issue = -0x1a2b3c4;
	p->edits.refused[0].create = 1;
	p->edits.refused[0].message = gi_xstrdup("title is too long");
	p->edits.nrefused = p->edits.arefused = 1;
	rep->github.mirror_ran = 1;
	rep->github.issues = gi_xcalloc(1, sizeof(*rep->github.issues));
	rep->github.nissues = rep->github.aissues = 1;
	posted = &rep->github.issues[0];
	posted->issue = 57;
	posted->ids = gi_xcalloc(1, sizeof(*posted->ids));
	posted->ids[0] = gi_xstrdup("a19f016efd91efab");
	posted->nr = posted->alloc = 1;
	rep->github.imported_counted = 1;
	rep->github.imported = 1;
}

static void test_full(void)
{
	struct gi_sync_report rep;
	const cJSON *x;
	cJSON *doc;

	fill(&rep);
	doc = gi_sync_report_json(&rep);
	CHECK(cJSON_IsTrue(at(doc, "ok", NULL, NULL)), "ok");
	CHECK_STR(cJSON_GetStringValue(at(doc, "remote", NULL, NULL)),
		  "origin", "remote");
	CHECK(cJSON_IsTrue(at(doc, "git", "pushed", NULL)), "git.pushed");
	CHECK(num(at(doc, "git", "push_attempts", NULL)) == 2,
	      "git.push_attempts");
	CHECK(!at(doc, "git", "failed", NULL) &&
	      !at(doc, "git", "merge_retries", NULL),
	      "what did not happen is left out");
	CHECK(num(at(doc, "github", "plan", "imported")) == 6,
	      "github.plan.imported");
	CHECK(num(at(doc, "github", "imported", NULL)) == 1,
	      "github.imported");
	x = at(doc, "github", "plan", "created");
	CHECK(cJSON_GetArraySize(x) == 1 &&
	      !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(
		      cJSON_GetArrayItem(x, 0), "provisional")),
		      "new-1a2b3c4") &&
	      num(cJSON_GetObjectItem(cJSON_GetArrayItem(x, 0), "issue")) ==
	      57, "github.plan.created");
	CHECK(num(at(at(doc, "github", "plan", "links"), "mirrored", NULL,
		     NULL)) == 3 &&
	      cJSON_IsArray(at(at(doc, "github", "plan", "links"), "refused",
			       NULL, NULL)), "github.plan.links");
	x = at(doc, "github", "plan", "edits");
	CHECK(num(cJSON_GetObjectItem(x, "patched")) == 2 &&
	      num(cJSON_GetObjectItem(x, "mirrored")) == 4 &&
	      num(cJSON_GetObjectItem(x, "overridden")) == 0 &&
	      !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(
		      cJSON_GetArrayItem(cJSON_GetObjectItem(x, "refused"), 0),
		      "op")), "create"), "github.plan.edits");
	x = cJSON_GetArrayItem(at(doc, "github", "issues", NULL), 0);
	CHECK(num(cJSON_GetObjectItem(x, "issue")) == 57 &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(x, "posted")) == 1,
	      "github.issues[].posted");
	CHECK(!at(doc, "github", "requests", NULL), "no requests counted");
	cJSON_Delete(doc);

	rep.dry_run = 1;
	doc = gi_sync_report_json(&rep);
	x = cJSON_GetArrayItem(at(doc, "github", "issues", NULL), 0);
	CHECK(cJSON_IsTrue(at(doc, "dry_run", NULL, NULL)) &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(x, "would_post")) == 1 &&
	      !cJSON_GetObjectItem(x, "posted"),
	      "a dry run: would_post");
	cJSON_Delete(doc);
	gi_sync_report_release(&rep);
	CHECK(!rep.remote && !rep.github.issues, "released");
}

int main(void)
{
	test_empty();
	test_full();
	return unit_done();
}
