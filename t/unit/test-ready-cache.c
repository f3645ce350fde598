/*
 * test-ready-cache: the ready queue's plan from its cache
 * (lib/worktree/ready-cache.c) is the plan gi_plan_load makes, whatever
 * the cache holds: cold, warm, after one note changed (its blob id, so
 * only it is read again), and with the file corrupt (read as empty, then
 * written whole again). The notes hold what the facts take: titles,
 * states, labels, relations made here and GitHub's, claims and releases,
 * paths, and a provisional issue joined to its number by aliases, with
 * another issue blocked by the provisional name.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/plan.h"
#include "gitissue/core/store.h"
#include "core/store-write.h"
#include "worktree/claim.h"
#include "worktree/ready-cache.h"
#include "unit.h"

#define T(s) "{\"time\":\"2026-01-01T00:00:" s ".000000Z\","

static const char *const notes[][4] = {
	/* 1: labels, a body naming paths, a parent made here */
	{ "1", T("01") "\"id\":\"0000000000000101\",\"kind\":\"issue\",\"title\":\"Fix lib/a.c\",\"state\":\"open\",\"labels\":[\"P1\",\"bug\"]}",
	  T("02") "\"id\":\"0000000000000102\",\"kind\":\"body\",\"text\":\"see src/x.c:12\"}",
	  T("03") "\"id\":\"0000000000000103\",\"kind\":\"link\",\"op\":\"parent\",\"target\":3}" },
	/* 2: blocked by 1 on GitHub; a claim, one released */
	{ "2", T("04") "\"id\":\"0000000000000201\",\"kind\":\"link-state\",\"blocked_by\":[1]}",
	  T("05") "\"id\":\"0000000000000202\",\"kind\":\"claim\",\"clone\":\"c1\",\"worktree_name\":\"w\"}",
	  T("06") "\"id\":\"0000000000000203\",\"kind\":\"note\",\"text\":\"scope: docs/ lib/\"}" },
	/* 3: closed */
	{ "3", T("07") "\"id\":\"0000000000000301\",\"kind\":\"issue\",\"title\":\"Roadmap\",\"state\":\"closed\"}",
	  NULL, NULL },
	/* new-1a2b3c4, created as 7 */
	{ "new-1a2b3c4", T("08") "\"id\":\"0000000000000401\",\"kind\":\"alias\",\"created_as\":7}",
	  T("09") "\"id\":\"0000000000000402\",\"kind\":\"note\",\"text\":\"first\"}", NULL },
	/* 7: the number, naming its provisional name too */
	{ "7", T("10") "\"id\":\"0000000000000701\",\"kind\":\"alias\",\"provisional\":\"new-1a2b3c4\"}",
	  T("11") "\"id\":\"0000000000000702\",\"kind\":\"issue\",\"title\":\"Made offline\",\"state\":\"open\"}", NULL },
	/* 8: blocked by the provisional name of 7 */
	{ "8", T("12") "\"id\":\"0000000000000801\",\"kind\":\"link\",\"op\":\"blocked-by\",\"target\":\"new-1a2b3c4\"}",
	  NULL, NULL },
};

static int append(struct gi_repo *r, const char *issue, const char *line)
{
	struct gi_lines l;
	long n;
	int ret;

	if (gi_parse_issue(issue, &n) < 0)
		return -1;
	gi_lines_init(&l);
	gi_lines_add_copy(&l, line, strlen(line));
	ret = gi_store_append(r, n, &l, NULL);
	gi_lines_release(&l);
	return ret;
}

static char *labels_of(const struct gi_issue *is)
{
	const struct cJSON *a = gi_issue_strings(is, "labels"), *it;
	gi_buf b = GI_BUF_INIT;

	for (it = a ? a->child : NULL; it; it = it->next)
		gi_buf_addf(&b, "%s\n", it->valuestring);
	return b.len ? gi_buf_detach(&b, NULL) : NULL;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_longs(const long *a, size_t na, const long *b, size_t nb)
{
	return na == nb && (!na || !memcmp(a, b, na * sizeof(*a)));
}

/* Is the ready plan the full one, node by node? */
static int same_plan(const struct gi_plan *full, const struct gi_plan *rp)
{
	size_t i, j;

	if (full->nr != rp->nr)
		return 0;
	for (i = 0; i < full->nr; i++) {
		const struct gi_plan_node *a = &full->v[i], *b = &rp->v[i];
		const struct gi_ready_facts *f = b->data;
		struct gi_claim_list open = { NULL, 0, 0 };
		char *labels = labels_of(&a->is);
		int ok;

		gi_claims_open(&open, &a->is);
		ok = a->is.number == b->is.number && a->known == b->known &&
		     same_str(a->is.title, b->is.title) &&
		     same_str(a->is.state, b->is.state) &&
		     a->is.links.parent.issue == b->is.links.parent.issue &&
		     a->is.links.blocked_by.nr == b->is.links.blocked_by.nr &&
		     same_longs(a->children, a->nchildren, b->children,
				b->nchildren) &&
		     same_longs(a->blocking, a->nblocking, b->blocking,
				b->nblocking) &&
		     (!a->known || (f && f->claims == open.nr &&
				    same_str(labels, f->labels) &&
				    same_str(a->is.nr ? a->is.rec[0].time :
					     NULL, f->created)));
		for (j = 0; ok && j < a->is.links.blocked_by.nr; j++)
			ok = a->is.links.blocked_by.v[j].issue ==
			     b->is.links.blocked_by.v[j].issue;
		gi_claim_list_release(&open);
		free(labels);
		if (!ok) {
			printf("# issue %ld differs\n", a->is.number);
			return 0;
		}
	}
	return 1;
}

static void compare(struct gi_repo *r, size_t want_cached, const char *name)
{
	struct gi_plan full;
	struct gi_ready_plan rp;
	char what[128];

	if (gi_plan_load(&full, r, NULL) < 0 || gi_ready_plan_load(&rp, r) < 0) {
		CHECK(0, name);
		return;
	}
	CHECK(same_plan(&full, &rp.plan), name);
	snprintf(what, sizeof(what), "%s: %zu notes from the cache", name,
		 want_cached);
	CHECK(rp.cached == want_cached, what);
	if (rp.cached != want_cached)
		printf("# %zu from the cache\n", rp.cached);
	gi_ready_plan_release(&rp);
	gi_plan_release(&full);
}

static void corrupt(struct gi_repo *r, long at)
{
	gi_buf path = GI_BUF_INIT;
	FILE *f;

	gi_buf_addf(&path, "%s/issue-cache/ready", r->commondir);
	f = fopen(path.buf, "r+");
	if (f && !fseek(f, at, SEEK_SET))
		fputc('X', f);
	if (f)
		fclose(f);
	gi_buf_release(&path);
}

int main(void)
{
	char dir[] = "/tmp/gi-test-ready-cache.XXXXXX";
	struct gi_repo r;
	size_t i, k;
	int ok = 1;

	if (unit_scratch_repo(&r, dir) < 0)
		return unit_done();
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		for (k = 1; k < 4 && notes[i][k]; k++)
			if (append(&r, notes[i][0], notes[i][k]) < 0)
				ok = 0;
	CHECK(ok, "the notes are written");

	compare(&r, 0, "cold: the plan gi_plan_load makes");
	compare(&r, 6, "warm: the same plan");
	CHECK(!append(&r, "2", T("13") "\"id\":\"0000000000000204\",\"kind\":\"release\",\"claim\":\"0000000000000202\",\"clone\":\"c1\"}"),
	      "a release on issue 2");
	compare(&r, 5, "one note changed: only it is read again");
	corrupt(&r, 300);
	compare(&r, 0, "a corrupt entry: the file is not trusted");
	compare(&r, 6, "and it was written whole again");
	corrupt(&r, 20);
	compare(&r, 0, "another fingerprint: not trusted");
	corrupt(&r, 3);
	compare(&r, 0, "not a cache file: not trusted");

	unit_scratch_done(&r, dir);
	git_libgit2_shutdown();
	return unit_done();
}
