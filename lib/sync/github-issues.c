/*
 * github-issues.c: the incremental import of GitHub's issues
 * (github-issues.h): the open ones and those closed since the last sync,
 * whole, and the relation lists of those whose summaries changed, taken
 * into link-state records; one issue fetched for `git issue-worktree`.
 * Provisional issues are created first (create.c); records come from
 * import.c.
 *
 * The cache (sync state, "github" -> "<owner>/<repo>") holds for this:
 *   open_pages, closed_since_pages   per list: each page's etag, next link
 *   open_newest, closed_since        the newest updated_at seen
 *   issue_fp.<n>   what issue n looked like when last imported: updated_at,
 *                  its summaries of sub-issues and dependencies, its
 *                  parent: an unchanged issue on a changed page costs
 *                  nothing, and the relation lists are read only for
 *                  issues whose summaries changed
 * All of it can be deleted: imports are deterministic, so importing again
 * writes nothing new; it costs requests.
 */
#define _GNU_SOURCE
#include "gitissue/sync/github-issues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gitissue/core/plan.h"
#include "gitissue/core/remote.h"
#include "gitissue/core/store.h"
#include "gitissue/sync/create.h"
#include "gitissue/util/json.h"
#include "gitissue/util/run.h"
#include "sync/edits.h"
#include "sync/github.h"
#include "sync/import.h"
#include "sync/links.h"
#include "sync/pages.h"
#include "sync/pending.h"
#include "sync/target.h"
#include "util/longmap.h"

/* --- the client, for commands other than sync ------------------------- */

int gi_github_issues_client(struct gi_github *gh, struct gi_github_target *t,
			    struct gi_repo *r, long deadline_ms)
{
	char *remote = NULL;
	int err;

	memset(gh, 0, sizeof(*gh));
	if (gi_remote_pick(r, NULL, 1, &remote) < 0)
		remote = NULL;
	err = gi_github_target(t, r, remote);
	free(remote);
	if (err)
		return GIT_ENOTFOUND;
	err = gi_github_open(gh, r, t, deadline_ms);
	if (err) {
		gi_github_close(gh);
		gi_github_target_release(t);
	}
	return err;
}

/* --- the run ---------------------------------------------------------- */

/* GitHub's relations of one issue, as learned in this run. */
struct view {
	long issue;
	int have_parent;
	long parent;
	int have_blocked;	/* the whole list was read */
	long *blocked;
	size_t nblocked, ablocked;
	long *add, *del;	/* single edges, from a blocker's list */
	size_t nadd, aadd, ndel, adel;
	char time[40];		/* GitHub's updated_at of what told us */
};

struct run {
	struct gi_repo *r;
	struct gi_github *gh;
	cJSON *ts, *fp;
	const struct gi_sync_opts *opts;
	struct gi_plan plan;
	int plan_loaded;
	struct gi_import_batch batch;
	struct view *views;
	size_t nviews, aviews;
	struct gi_longmap view_at;	/* issue -> index in views */
	/* the fingerprints of issue_fp, by issue: looked up and set once
	 * per issue (a search of the cJSON object was quadratic) */
	cJSON **fps;
	size_t nfps, afps;
	struct gi_longmap fp_at;	/* issue -> index in fps */
	char *repo_url;		/* this repository's, as its lists give it */
	long *q_children, *q_blocked, *q_blocking;
	size_t nqc, aqc, nqb, aqb, nqg, aqg;
	int failed, stop;
	int plan_ok;		/* the plan holds every note */
	long seen, changed;
	long closed;		/* open here, closed on GitHub: a close */
};

static struct gi_plan *run_plan(struct run *run)
{
	if (!run->plan_loaded) {
		if (gi_plan_load(&run->plan, run->r, NULL) < 0)
			memset(&run->plan, 0, sizeof(run->plan));
		else
			run->plan_ok = 1;
		run->plan_loaded = 1;
	}
	return &run->plan;
}

static struct view *view_for(struct run *run, long n)
{
	size_t *at = gi_longmap_get(&run->view_at, n);

	if (at)
		return &run->views[*at];
	gi_longmap_put(&run->view_at, n, run->nviews);
	GI_ALLOC_GROW(run->views, run->nviews + 1, run->aviews);
	memset(&run->views[run->nviews], 0, sizeof(run->views[0]));
	run->views[run->nviews].issue = n;
	return &run->views[run->nviews++];
}

static void view_time(struct view *v, const cJSON *obj)
{
	char t[40];

	gi_import_time(t, sizeof(t), gi_json_str(obj, "updated_at"));
	if (strcmp(t, v->time) > 0)
		memcpy(v->time, t, sizeof(t));
}

/*
 * The number of an issue of this repository from its API URL, else 0.
 * The repository's URL is the one its own issue lists give (they hold
 * only its issues, also after a rename, when our configured name is the
 * old one); before any, the configured owner and name.
 */
static long number_in_repo(const struct run *run, const char *url)
{
	gi_buf tail = GI_BUF_INIT;
	const char *p = NULL;
	long n = 0;

	if (!url)
		return 0;
	if (run->repo_url) {
		size_t len = strlen(run->repo_url);

		if (!strncasecmp(url, run->repo_url, len) &&
		    !strncmp(url + len, "/issues/", 8))
			p = url + len + 8;
	} else {
		gi_buf_addf(&tail, "/repos/%s/%s/issues/",
			    run->gh->target->owner, run->gh->target->repo);
		p = strcasestr(url, tail.buf);
		if (p)
			p += tail.len;
	}
	if (!p || gi_parse_issue(p, &n) < 0 || gi_issue_is_provisional(n))
		n = 0;
	gi_buf_release(&tail);
	return n;
}

/* Is `obj` (from a relation list) an issue of this repository? */
static int in_repo(const struct run *run, const cJSON *obj)
{
	const char *ru = gi_json_str(obj, "repository_url");
	long n = (long)gi_json_num(obj, "number");

	if (run->repo_url && ru)
		return !strcasecmp(ru, run->repo_url);
	return n > 0 && number_in_repo(run, gi_json_str(obj, "url")) == n;
}

static double sub_num(const cJSON *obj, const char *o, const char *k)
{
	return gi_json_num(cJSON_GetObjectItemCaseSensitive(obj, o), k);
}

/* What decides whether an issue changed, as one string. */
static void fingerprint(gi_buf *out, const cJSON *obj, gi_buf *links)
{
	const cJSON *pu = cJSON_GetObjectItemCaseSensitive(obj,
							   "parent_issue_url");

	gi_buf_addf(links, "s%.0f/%.0f d%.0f/%.0f b%.0f/%.0f p%s",
		    sub_num(obj, "sub_issues_summary", "total"),
		    sub_num(obj, "sub_issues_summary", "completed"),
		    sub_num(obj, "issue_dependencies_summary",
			    "total_blocked_by"),
		    sub_num(obj, "issue_dependencies_summary", "blocked_by"),
		    sub_num(obj, "issue_dependencies_summary",
			    "total_blocking"),
		    sub_num(obj, "issue_dependencies_summary", "blocking"),
		    cJSON_IsString(pu) ? pu->valuestring : "-");
	gi_buf_addf(out, "%s %s", gi_json_str(obj, "updated_at") ?
		    gi_json_str(obj, "updated_at") : "?", links->buf);
}

/* Index the fingerprints of the sync state once. */
static void fps_index(struct run *run)
{
	cJSON *it;

	cJSON_ArrayForEach(it, run->fp) {
		long n;

		if (!cJSON_IsString(it) || gi_parse_issue(it->string, &n) < 0 ||
		    gi_longmap_get(&run->fp_at, n))
			continue;
		gi_longmap_put(&run->fp_at, n, run->nfps);
		GI_ALLOC_GROW(run->fps, run->nfps + 1, run->afps);
		run->fps[run->nfps++] = it;
	}
}

static const char *fp_get(struct run *run, long n)
{
	size_t *at = gi_longmap_get(&run->fp_at, n);

	return at ? run->fps[*at]->valuestring : NULL;
}

static void fp_set(struct run *run, long n, const char *key, const char *v)
{
	size_t *at = gi_longmap_get(&run->fp_at, n);
	cJSON *item;

	if (at) {
		cJSON_SetValuestring(run->fps[*at], v);
		return;
	}
	item = cJSON_CreateString(v);
	cJSON_AddItemToObject(run->fp, key, item);
	gi_longmap_put(&run->fp_at, n, run->nfps);
	GI_ALLOC_GROW(run->fps, run->nfps + 1, run->afps);
	run->fps[run->nfps++] = item;
}

/* The part of an old fingerprint about one summary ("s", "d", "b"). */
static int part_changed(const char *old, const char *now, char which)
{
	char key[3] = { ' ', which, 0 };
	const char *a = old ? strstr(old, key) : NULL;
	const char *b = strstr(now, key);

	if (!a || !b)
		return 1;
	return strcspn(a + 1, " ") != strcspn(b + 1, " ") ||
	       strncmp(a + 1, b + 1, strcspn(b + 1, " "));
}

/* Import issue n's object into the batch; count a close (open here,
 * closed on GitHub) for the report. */
static void import_one(struct run *run, const struct gi_plan_node *node,
		       const cJSON *obj, long n)
{
	const char *state = gi_json_str(obj, "state");
	struct gi_issue none;

	if (node && node->known && !gi_issue_closed(&node->is) && state &&
	    !strcmp(state, "closed"))
		run->closed++;
	/* the plan holds every note: an issue it does not know has none (a
	 * first import of thousands loaded each one's missing note) */
	memset(&none, 0, sizeof(none));
	none.number = n;
	gi_import_issue_object(run->r, node && node->known ? &node->is :
			       run->plan_ok ? &none : NULL, obj,
			       gi_import_batch_add, &run->batch);
}

/*
 * One issue object: import it, learn its relations. `own`: from this
 * repository's own issue lists (else a relation list, which may name
 * issues of other repositories: those are left out).
 */
static void take_object(struct run *run, const cJSON *obj, int own)
{
	gi_buf fp = GI_BUF_INIT, links = GI_BUF_INIT;
	long n = (long)gi_json_num(obj, "number");
	const char *old;
	struct gi_plan_node *node;
	const cJSON *pu;
	char key[32];
	struct view *v;
	size_t i;

	if (n < 1 || n > GI_ISSUE_MAX ||
	    cJSON_GetObjectItemCaseSensitive(obj, "pull_request") ||
	    (!own && !in_repo(run, obj)))
		return;
	if (own && !run->repo_url && gi_json_str(obj, "repository_url"))
		run->repo_url = gi_xstrdup(gi_json_str(obj, "repository_url"));
	run->seen++;
	snprintf(key, sizeof(key), "%ld", n);
	fingerprint(&fp, obj, &links);
	old = fp_get(run, n);
	if (old && !strcmp(old, fp.buf))
		goto done;
	run->changed++;
	node = gi_plan_get(run_plan(run), n);
	import_one(run, node, obj, n);
	v = view_for(run, n);
	view_time(v, obj);
	pu = cJSON_GetObjectItemCaseSensitive(obj, "parent_issue_url");
	if (pu) {
		v->have_parent = 1;
		v->parent = cJSON_IsString(pu) ?
			number_in_repo(run, pu->valuestring) : 0;
	}
	if (sub_num(obj, "sub_issues_summary", "total") > 0) {
		if (!old || part_changed(old, fp.buf, 's'))
			gi_longs_add(&run->q_children, &run->nqc, &run->aqc, n);
	} else if (node) {
		/* none any more: its children here lose it */
		for (i = 0; i < node->nchildren; i++) {
			struct gi_plan_node *c = gi_plan_get(&run->plan,
							     node->children[i]);
			struct view *cv;

			if (!c || c->is.links.remote_parent != n)
				continue;
			cv = view_for(run, c->is.number);
			if (!cv->have_parent) {
				cv->have_parent = 1;
				cv->parent = 0;
				view_time(cv, obj);
			}
		}
		v = view_for(run, n);
	}
	if (sub_num(obj, "issue_dependencies_summary", "total_blocked_by") > 0) {
		if (!old || part_changed(old, fp.buf, 'd'))
			gi_longs_add(&run->q_blocked, &run->nqb, &run->aqb, n);
	} else {
		v->have_blocked = 1;
		v->nblocked = 0;
	}
	if (sub_num(obj, "issue_dependencies_summary", "total_blocking") > 0 &&
	    (!old || part_changed(old, fp.buf, 'b')))
		gi_longs_add(&run->q_blocking, &run->nqg, &run->aqg, n);
	if (!run->opts->dry_run)
		fp_set(run, n, key, fp.buf);
done:
	gi_buf_release(&fp);
	gi_buf_release(&links);
}

static void each_listed(const cJSON *item, void *payload)
{
	take_object(payload, item, 1);
}

/* Every page of one relation list (not conditional: it changed). */
static int read_list(struct run *run, const char *first, const char *what,
		     cJSON **out)
{
	char *url = gi_xstrdup(first);
	int ret = 0, pages = 0;

	*out = cJSON_CreateArray();
	while (url && pages++ < 100) {
		struct gi_response resp = { 0 };
		cJSON *doc = NULL, *it;
		char msg[512];
		int err = gi_github_get(run->gh, url, NULL, &resp);

		free(url);
		url = NULL;
		if (err < 0) {
			ret = err;
		} else if (resp.status == 404 || resp.status == 410) {
			ret = 0;	/* gone meanwhile */
		} else if (resp.status != 200) {
			ret = gi_error("reading %s: %s", what,
				       gi_github_message(run->gh, &resp, msg,
							 sizeof(msg)));
		} else if (!(doc = cJSON_ParseWithLength(resp.body.buf,
							 resp.body.len)) ||
			   !cJSON_IsArray(doc)) {
			ret = gi_error("reading %s: the answer is not a JSON "
				       "list", what);
		} else {
			while ((it = cJSON_DetachItemFromArray(doc, 0)))
				cJSON_AddItemToArray(*out, it);
			if (resp.next)
				url = gi_xstrdup(resp.next);
		}
		cJSON_Delete(doc);
		gi_response_release(&resp);
		if (ret)
			break;
	}
	free(url);
	return ret;
}

/* Which relation list of an issue read_relation reads. */
enum relation { REL_CHILDREN, REL_BLOCKED_BY, REL_BLOCKING };

/* The sub-issues of p: their parent is p, and p's children that GitHub
 * no longer lists there have no parent on GitHub. */
static void take_children(struct run *run, long p, const cJSON *items)
{
	struct gi_plan_node *node;
	const cJSON *it;
	long *seen = NULL;
	size_t j, nseen = 0, aseen = 0;

	cJSON_ArrayForEach(it, items) {
		long c = (long)gi_json_num(it, "number");
		struct view *v;

		if (!in_repo(run, it))
			continue;
		take_object(run, it, 0);
		v = view_for(run, c);
		v->have_parent = 1;
		v->parent = p;
		view_time(v, it);
		gi_longs_add(&seen, &nseen, &aseen, c);
	}
	node = gi_plan_get(run_plan(run), p);
	for (j = 0; node && j < node->nchildren; j++) {
		struct gi_plan_node *c = gi_plan_get(&run->plan,
						     node->children[j]);
		struct view *v;

		if (!c || c->is.links.remote_parent != p ||
		    gi_longs_has(seen, nseen, c->is.number))
			continue;
		v = view_for(run, c->is.number);
		if (!v->have_parent)
			v->have_parent = 1, v->parent = 0;
	}
	free(seen);
}

/* What blocks n: the whole list, replacing what was known. */
static void take_blocked_by(struct run *run, long n, const cJSON *items)
{
	const cJSON *it;
	struct view *v;

	cJSON_ArrayForEach(it, items)
		if (in_repo(run, it))
			take_object(run, it, 0);
	v = view_for(run, n);
	v->have_blocked = 1;
	v->nblocked = 0;
	cJSON_ArrayForEach(it, items)
		if (in_repo(run, it))
			gi_longs_add(&v->blocked, &v->nblocked, &v->ablocked,
				  (long)gi_json_num(it, "number"));
}

/* What n blocks: each listed issue gains n among its blockers, and each
 * that GitHub said n blocked but no longer lists loses it. */
static void take_blocking(struct run *run, long n, const cJSON *items)
{
	struct gi_plan_node *node;
	const cJSON *it;
	long *seen = NULL;
	size_t j, nseen = 0, aseen = 0;

	cJSON_ArrayForEach(it, items) {
		long m = (long)gi_json_num(it, "number");
		struct view *v;

		if (!in_repo(run, it))
			continue;
		take_object(run, it, 0);
		v = view_for(run, m);
		gi_longs_add(&v->add, &v->nadd, &v->aadd, n);
		view_time(v, it);
		gi_longs_add(&seen, &nseen, &aseen, m);
	}
	node = gi_plan_get(run_plan(run), n);
	for (j = 0; node && j < node->nblocking; j++) {
		long m = node->blocking[j];
		struct gi_plan_node *b = gi_plan_get(&run->plan, m);
		struct view *v;

		if (!b || gi_longs_has(seen, nseen, m) ||
		    !gi_longs_has(b->is.links.remote_blocked_by,
			       b->is.links.nremote_blocked_by, n))
			continue;
		v = view_for(run, m);
		gi_longs_add(&v->del, &v->ndel, &v->adel, n);
	}
	free(seen);
}

/* One relation list of issue n, read whole and taken into the views. */
static int read_relation(struct run *run, enum relation kind, long n)
{
	static const char *const path[] = {
		[REL_CHILDREN] = "sub_issues",
		[REL_BLOCKED_BY] = "dependencies/blocked_by",
		[REL_BLOCKING] = "dependencies/blocking",
	};
	gi_buf url = GI_BUF_INIT, what = GI_BUF_INIT;
	cJSON *items;
	int err;

	gi_buf_addf(&url, "/repos/%s/%s/issues/%ld/%s?per_page=100",
		    run->gh->target->owner, run->gh->target->repo, n,
		    path[kind]);
	switch (kind) {
	case REL_CHILDREN:
		gi_buf_addf(&what, "the sub-issues of #%ld", n);
		break;
	case REL_BLOCKED_BY:
		gi_buf_addf(&what, "what blocks #%ld", n);
		break;
	case REL_BLOCKING:
		gi_buf_addf(&what, "what #%ld blocks", n);
		break;
	}
	err = read_list(run, url.buf, what.buf, &items);
	if (!err) {
		switch (kind) {
		case REL_CHILDREN:
			take_children(run, n, items);
			break;
		case REL_BLOCKED_BY:
			take_blocked_by(run, n, items);
			break;
		case REL_BLOCKING:
			take_blocking(run, n, items);
			break;
		}
	}
	cJSON_Delete(items);
	gi_buf_release(&url);
	gi_buf_release(&what);
	return err;
}

/*
 * The relation lists of the issues whose summaries changed. Reading one
 * takes the issues it lists (take_object), which may queue more: the
 * queues are read through the run, never copied, so those are read too.
 */
static int read_relations(struct run *run)
{
	const struct {
		enum relation kind;
		long *const *q;
		const size_t *nq;
	} queues[] = {
		{ REL_CHILDREN, &run->q_children, &run->nqc },
		{ REL_BLOCKED_BY, &run->q_blocked, &run->nqb },
		{ REL_BLOCKING, &run->q_blocking, &run->nqg },
	};
	size_t k, i;
	int ret = 0;

	for (k = 0; k < GI_ARRAY_SIZE(queues); k++)
		for (i = 0; i < *queues[k].nq && !run->stop; i++) {
			int err = read_relation(run, queues[k].kind,
						(*queues[k].q)[i]);

			if (err < 0) {
				ret = -1;
				run->stop = gi_github_stops(err);
			}
		}
	return ret;
}

/* The new link-state records, where GitHub's side changed. */
static void write_views(struct run *run)
{
	size_t i, j;

	for (i = 0; i < run->nviews; i++) {
		struct view *v = &run->views[i];
		struct gi_plan_node *node = gi_plan_get(run_plan(run),
							v->issue);
		const struct gi_issue_links *l = node ? &node->is.links : NULL;
		long parent = l ? l->remote_parent : 0;
		long *blocked = NULL;
		size_t nb = 0, ab = 0;

		if (v->have_parent)
			parent = v->parent;
		if (v->have_blocked) {
			for (j = 0; j < v->nblocked; j++)
				gi_longs_add(&blocked, &nb, &ab, v->blocked[j]);
		} else {
			for (j = 0; l && j < l->nremote_blocked_by; j++)
				if (!gi_longs_has(v->del, v->ndel,
					       l->remote_blocked_by[j]))
					gi_longs_add(&blocked, &nb, &ab,
						  l->remote_blocked_by[j]);
			for (j = 0; j < v->nadd; j++)
				gi_longs_add(&blocked, &nb, &ab, v->add[j]);
		}
		gi_links_state_write(run->r, node ? &node->is : NULL,
				     v->issue, parent, blocked, nb, v->time,
				     gi_import_batch_add, &run->batch);
		free(blocked);
	}
}

static void run_release(struct run *run)
{
	size_t i;

	for (i = 0; i < run->nviews; i++) {
		free(run->views[i].blocked);
		free(run->views[i].add);
		free(run->views[i].del);
	}
	free(run->views);
	gi_longmap_release(&run->view_at);
	free(run->fps);
	run->fps = NULL;
	run->nfps = run->afps = 0;
	gi_longmap_release(&run->fp_at);
	free(run->q_children);
	free(run->q_blocked);
	free(run->q_blocking);
	free(run->repo_url);
	run->repo_url = NULL;
	if (run->plan_loaded)
		gi_plan_release(&run->plan);
	run->plan_loaded = run->plan_ok = 0;
	run->views = NULL;
	run->nviews = run->aviews = 0;
	run->q_children = run->q_blocked = run->q_blocking = NULL;
	run->nqc = run->aqc = run->nqb = run->aqb = run->nqg = run->aqg = 0;
}


/* The open issues, then those closed since the last sync. */
static int import_lists(struct run *run)
{
	gi_buf url = GI_BUF_INIT;
	cJSON *ts = run->ts;
	const char *since;
	char *old_cursor;
	int err, ret = 0;

	gi_buf_addf(&url, "/repos/%s/%s/issues?state=open&sort=created&"
		    "direction=asc&per_page=100", run->gh->target->owner,
		    run->gh->target->repo);
	err = gi_pages_walk_list(run->gh, ts, "open_newest", url.buf,
				 each_listed, run);
	if (err < 0) {
		ret = -1;
		run->stop = gi_github_stops(err);
	}
	/* the first sync starts the closed list where the open list ends:
	 * what was closed before it is not open work */
	since = gi_json_str(ts, "closed_since");
	if (!since && gi_json_str(ts, "open_newest"))
		gi_json_set(ts, "closed_since",
			    cJSON_CreateString(gi_json_str(ts, "open_newest")));
	else if (!ret) {
		old_cursor = gi_xstrdup_or_null(since);
		gi_buf_reset(&url);
		gi_buf_addf(&url, "/repos/%s/%s/issues?state=closed&"
			    "sort=updated&direction=asc&per_page=100",
			    run->gh->target->owner, run->gh->target->repo);
		gi_pages_add_since(&url, since);
		err = gi_pages_walk_list(run->gh, ts, "closed_since", url.buf,
					 each_listed, run);
		if (err < 0) {
			ret = -1;
			run->stop = gi_github_stops(err);
		}
		free(old_cursor);
	}
	gi_buf_release(&url);
	return ret;
}


int gi_github_issues_sync(struct gi_repo *r, struct gi_github *gh,
			  struct gi_sync_state *st,
			  const struct gi_sync_opts *opts, const char *remote,
			  struct gi_sync_plan_report *report)
{
	struct run run;
	int ret = 0;

	memset(&run, 0, sizeof(run));
	run.r = r;
	run.gh = gh;
	run.opts = opts;
	run.ts = gi_pending_target_state(st, gh->target);
	run.fp = gi_json_child(run.ts, "issue_fp");
	fps_index(&run);
	report->ran = 1;

	/* 1. provisional issues: created, or their records settled */
	if (gi_create_pending(r, gh, opts, remote, report, &run.stop) < 0)
		ret = -1;
	if (!run.stop && gi_create_settle_aliases(r, opts) < 0)
		ret = -1;
	/* 2. what GitHub has */
	if (!run.stop) {
		if (import_lists(&run) < 0)
			ret = -1;
		if (!run.stop && read_relations(&run) < 0)
			ret = -1;
		write_views(&run);
		if (ret < 0 || run.stop) {
			/* what failed must be read again: forget the pages */
			cJSON_DeleteItemFromObjectCaseSensitive(run.ts,
							"open_newest_pages");
			cJSON_DeleteItemFromObjectCaseSensitive(run.ts,
							"closed_since_pages");
			cJSON_DeleteItemFromObjectCaseSensitive(run.ts,
								"issue_fp");
		}
	}
	report->seen = run.seen;
	report->changed = run.changed;
	report->issues_closed = run.closed;
	run_release(&run);
	gi_import_batch_census(&run.batch, r, &report->issues_imported,
			       &report->issues_updated);
	if (gi_import_batch_write(&run.batch, r, opts->dry_run,
				  "git issue-sync: import from GitHub") < 0)
		ret = -1;
	report->imported = (long)run.batch.added;
	/* 3. the edits made here, over what GitHub has now */
	if (!run.stop) {
		int err = gi_edits_mirror(r, gh, opts, run.ts,
					  &report->edits);

		if (err < 0)
			ret = -1;
		run.stop = gi_github_stops(err);
	}
	/* 4. the relations made here */
	if (!run.stop) {
		int err = gi_links_mirror(r, gh, opts, 0, run.ts,
					  &report->links);

		if (err < 0)
			ret = -1;
		run.stop = gi_github_stops(err);
	}
	if (run.stop)
		return GI_ETRANSPORT;
	return ret;
}


int gi_github_issues_fetch_unknown(struct gi_repo *r, long n)
{
	struct gi_github gh;
	struct gi_github_target t;
	struct gi_response resp = { 0 };
	struct gi_import_batch b = { 0 };
	gi_buf path = GI_BUF_INIT;
	cJSON *doc;
	char msg[512];
	int err, ret = 0;

	if (gi_issue_is_provisional(n))
		return 0;
	err = gi_github_issues_client(&gh, &t, r, gi_now_ms() + 10000);
	if (err)
		return 0;	/* offline, or no GitHub here: no slug */
	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld", t.owner, t.repo, n);
	err = gi_github_get(&gh, path.buf, NULL, &resp);
	if (err < 0) {
		ret = -1;
	} else if (resp.status == 200 &&
		   (doc = cJSON_ParseWithLength(resp.body.buf, resp.body.len))) {
		gi_import_issue_object(r, NULL, doc, gi_import_batch_add, &b);
		cJSON_Delete(doc);
		ret = gi_import_batch_write(&b, r, 0, "git issue-worktree: "
					    "the issue from GitHub") < 0 ?
			-1 : 1;
	} else if (resp.status == 404 || resp.status == 410) {
		ret = GIT_ENOTFOUND;	/* GitHub knows no such issue */
	} else {
		gi_warning("could not read issue #%ld from GitHub: %s", n,
			   gi_github_message(&gh, &resp, msg, sizeof(msg)));
		ret = -1;
	}
	gi_response_release(&resp);
	gi_buf_release(&path);
	gi_github_close(&gh);
	gi_github_target_release(&t);
	return ret;
}
