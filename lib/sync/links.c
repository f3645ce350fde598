/*
 * links.c: relations mirrored to GitHub's sub-issues and dependencies,
 * and GitHub's side of them as records (links.h).
 *
 * Each change is checked against what GitHub has (the newest link-state)
 * before any request: a change GitHub already has is recorded as
 * mirrored without one. After a 422, a 404 or no answer the relation is
 * read back from GitHub: a change that took effect anyway (another clone
 * mirrored it first) is mirrored, one that did not is refused (422) or
 * left for the next sync (no answer).
 */
#include "sync/links.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/core/note-flags.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/store.h"
#include "gitissue/core/summary.h"
#include "core/store-write.h"
#include "sync/mirror.h"
#include "sync/pending.h"

/* --- GitHub's side as a record ---------------------------------------- */

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

void gi_links_state_write(struct gi_repo *r, const struct gi_issue *cur,
			  long n, long parent, const long *blocked,
			  size_t nblocked, const char *time, gi_import_fn *add,
			  void *payload)
{
	const struct gi_issue_links *l = cur ? &cur->links : NULL;
	long *sorted = gi_xcalloc(nblocked + 1, sizeof(long));
	long *old = NULL;
	size_t i, nold = l ? l->nremote_blocked_by : 0;
	struct gi_record_fields f;
	cJSON *x, *arr;
	char *content, t[40], id[GI_RECORD_ID_HEXSZ + 1];
	char name[GI_ISSUE_NAME_MAX];
	int same;

	(void)r;
	if (nblocked) {
		memcpy(sorted, blocked, nblocked * sizeof(long));
		qsort(sorted, nblocked, sizeof(long), cmp_long);
	}
	if (nold) {
		old = gi_xcalloc(nold, sizeof(long));
		memcpy(old, l->remote_blocked_by, nold * sizeof(long));
		qsort(old, nold, sizeof(long), cmp_long);
	}
	same = (l ? l->remote_parent : 0) == parent && nold == nblocked &&
	       (!nold || !memcmp(old, sorted, nold * sizeof(long)));
	free(old);
	/* nothing known and nothing there: no record for every issue */
	if (same && (!l || l->state || (!parent && !nblocked))) {
		free(sorted);
		return;
	}
	x = cJSON_CreateObject();
	if (parent)
		cJSON_AddItemToObject(x, "parent", gi_issue_to_json(parent));
	arr = cJSON_AddArrayToObject(x, "blocked_by");
	for (i = 0; i < nblocked; i++)
		cJSON_AddItemToArray(arr, gi_issue_to_json(sorted[i]));
	content = cJSON_PrintUnformatted(x);
	if (time && *time)
		snprintf(t, sizeof(t), "%s", time);
	else
		gi_time_now(t);
	if (l && l->state && strcmp(t, l->state->time) <= 0)
		gi_time_after(t, l->state->time, 1);
	gi_import_hash_id(id, "github-link-state", gi_issue_name(n, name), t,
			  content);
	memset(&f, 0, sizeof(f));
	f.time = t;
	f.id = id;
	f.kind = GI_KIND_LINK_STATE;
	f.extra = x;
	add(n, &f, payload);
	cJSON_free(content);
	cJSON_Delete(x);
	free(sorted);
}

void gi_github_errors(gi_buf *out, const struct gi_response *resp,
		      cJSON *errors)
{
	cJSON *j = resp->body.len ?
		cJSON_ParseWithLength(resp->body.buf, resp->body.len) : NULL;
	const cJSON *it;
	const char *m = gi_json_str(j, "message");

	gi_buf_addf(out, "%s (HTTP %ld)", m ? m : "no message", resp->status);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "errors")) {
		gi_buf line = GI_BUF_INIT;

		if (cJSON_IsString(it)) {
			gi_buf_adds(&line, it->valuestring);
		} else if (gi_json_str(it, "message")) {
			gi_buf_adds(&line, gi_json_str(it, "message"));
		} else {
			gi_buf_addf(&line, "%s", gi_json_str(it, "code") ?
				    gi_json_str(it, "code") : "error");
			if (gi_json_str(it, "field"))
				gi_buf_addf(&line, " (%s)",
					    gi_json_str(it, "field"));
		}
		gi_buf_addf(out, ": %s", line.buf);
		if (errors)
			cJSON_AddItemToArray(errors,
					     cJSON_CreateString(line.buf));
		gi_buf_release(&line);
	}
	cJSON_Delete(j);
}

/* --- mirroring -------------------------------------------------------- */

/* Lines per issue, written at the end. */
struct out {
	struct out_item {
		long issue;
		struct gi_lines lines;
	} *v;
	size_t nr, alloc;
};

static void out_add(long n, const struct gi_record_fields *f, void *payload)
{
	struct out *o = payload;
	gi_buf line = GI_BUF_INIT;
	size_t i;

	for (i = 0; i < o->nr && o->v[i].issue != n; i++)
		;
	if (i == o->nr) {
		GI_ALLOC_GROW(o->v, o->nr + 1, o->alloc);
		o->v[i].issue = n;
		gi_lines_init(&o->v[i].lines);
		o->nr++;
	}
	gi_record_format(&line, f);
	gi_lines_add_copy(&o->v[i].lines, line.buf, line.len);
	gi_buf_release(&line);
}

static int out_write(struct out *o, struct gi_repo *r)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < o->nr; i++) {
		struct gi_append_opts a = { 0 };

		gi_lines_normalize(&o->v[i].lines);
		a.message = "git issue-sync: links mirrored to GitHub";
		if (gi_store_append(r, o->v[i].issue, &o->v[i].lines, &a) < 0)
			ret = -1;
		gi_lines_release(&o->v[i].lines);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
	return ret;
}

/* GitHub's side of one issue while its changes are mirrored. */
struct side {
	long parent;
	long *blocked;
	size_t nblocked;
	int changed;
};

struct mctx {
	struct gi_repo *r;
	struct gi_github *gh;
	struct gi_plan *plan;
	struct out out;
	struct gi_sync_links_report *rep;
	size_t refused;		/* refusals in this run */
	long mirrored, pending;
	long *touched;		/* issues whose relations we changed */
	size_t ntouched;
	int stop;
};

static void touch(struct mctx *m, long n)
{
	m->touched = gi_xrealloc(m->touched, (m->ntouched + 1) * sizeof(long));
	m->touched[m->ntouched++] = n;
}

/*
 * What we changed on GitHub makes the cached pages of the issue lists
 * stale in a way their ETags cannot show: when GitHub goes back to what
 * a cached page said (someone undoes our change there), the page answers
 * 304 and the change would never be seen. Forget them.
 */
static void forget_pages(struct mctx *m, cJSON *ts)
{
	cJSON *fp = cJSON_GetObjectItemCaseSensitive(ts, "issue_fp");
	char key[32];
	size_t i;

	if (!ts || !m->ntouched)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(ts, "open_newest_pages");
	cJSON_DeleteItemFromObjectCaseSensitive(ts, "closed_since_pages");
	for (i = 0; fp && i < m->ntouched; i++) {
		snprintf(key, sizeof(key), "%ld", m->touched[i]);
		cJSON_DeleteItemFromObjectCaseSensitive(fp, key);
	}
}

static void side_remove(struct side *s, long t)
{
	size_t i;

	for (i = 0; i < s->nblocked; i++)
		if (s->blocked[i] == t) {
			memmove(&s->blocked[i], &s->blocked[i + 1],
				(s->nblocked - i - 1) * sizeof(long));
			s->nblocked--;
			s->changed = 1;
			return;
		}
}

static int side_has(const struct side *s, long t)
{
	size_t i;

	for (i = 0; i < s->nblocked; i++)
		if (s->blocked[i] == t)
			return 1;
	return 0;
}

static void side_add(struct side *s, long t)
{
	if (side_has(s, t))
		return;
	s->blocked = gi_xrealloc(s->blocked, (s->nblocked + 1) * sizeof(long));
	s->blocked[s->nblocked++] = t;
	s->changed = 1;
}

/* GitHub's database id of issue n: from its records, else asked. */
static double database_id(struct mctx *m, long n)
{
	struct gi_plan_node *node = gi_plan_get(m->plan, n);
	struct gi_response resp = { 0 };
	gi_buf path = GI_BUF_INIT;
	cJSON *doc;
	double id = 0;
	int err;

	if (node && node->is.github_id > 0)
		return node->is.github_id;
	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld", m->gh->target->owner,
		    m->gh->target->repo, n);
	err = gi_github_get(m->gh, path.buf, NULL, &resp);
	if (gi_github_stops(err))
		m->stop = 1;
	if (!err && resp.status == 200 &&
	    (doc = cJSON_ParseWithLength(resp.body.buf, resp.body.len))) {
		id = gi_json_num(doc, "id");
		gi_import_issue_object(m->r, node ? &node->is : NULL, doc,
				       out_add, &m->out);
		cJSON_Delete(doc);
	}
	gi_response_release(&resp);
	gi_buf_release(&path);
	return id;
}

/* GitHub's parent of n now (0: none), or -1 when it cannot be told. */
static long read_parent(struct mctx *m, long n)
{
	struct gi_response resp = { 0 };
	gi_buf path = GI_BUF_INIT;
	cJSON *doc;
	long p = -1;

	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld/parent",
		    m->gh->target->owner, m->gh->target->repo, n);
	if (!gi_github_get(m->gh, path.buf, NULL, &resp)) {
		if (resp.status == 404)
			p = 0;
		else if (resp.status == 200 &&
			 (doc = cJSON_ParseWithLength(resp.body.buf,
						      resp.body.len))) {
			p = (long)gi_json_num(doc, "number");
			cJSON_Delete(doc);
		}
	}
	gi_response_release(&resp);
	gi_buf_release(&path);
	return p;
}

/* Is n blocked by t on GitHub now? 1, 0, or -1 when it cannot be told. */
static int read_blocked(struct mctx *m, long n, long t)
{
	gi_buf path = GI_BUF_INIT;
	char *url;
	int found = -1, pages = 0;

	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld/dependencies/blocked_by?"
		    "per_page=100", m->gh->target->owner, m->gh->target->repo,
		    n);
	url = gi_buf_detach(&path, NULL);
	while (url && pages++ < 10) {
		struct gi_response resp = { 0 };
		cJSON *doc = NULL;
		const cJSON *it;

		if (gi_github_get(m->gh, url, NULL, &resp) < 0 ||
		    resp.status != 200 ||
		    !(doc = cJSON_ParseWithLength(resp.body.buf,
						  resp.body.len))) {
			found = -1;
			free(url);
			url = NULL;
		} else {
			if (found < 0)
				found = 0;
			cJSON_ArrayForEach(it, doc)
				if ((long)gi_json_num(it, "number") == t)
					found = 1;
			free(url);
			url = resp.next && found < 1 ?
				gi_xstrdup(resp.next) : NULL;
		}
		cJSON_Delete(doc);
		gi_response_release(&resp);
	}
	free(url);
	return found;
}

static void record_sync(struct mctx *m, long n, const struct gi_record *op,
			const char *result, const char *message,
			cJSON *errors)
{
	struct gi_record_fields f;
	cJSON *x = cJSON_CreateObject();

	cJSON_AddStringToObject(x, "of", op->id);
	cJSON_AddStringToObject(x, "result", result);
	if (errors)
		cJSON_AddItemToObject(x, "errors", cJSON_Duplicate(errors, 1));
	memset(&f, 0, sizeof(f));
	f.kind = GI_KIND_LINK_SYNC;
	f.text = message;
	f.extra = x;
	out_add(n, &f, &m->out);
	cJSON_Delete(x);
	if (!strcmp(result, GI_LINK_MIRRORED_STR))
		m->mirrored++;
}

/* What a change is, for messages: "#5 under #3", "#5 blocked by #4". */
static void describe(gi_buf *out, long n, const char *op, long t)
{
	char a[GI_ISSUE_NAME_MAX], b[GI_ISSUE_NAME_MAX];

	gi_issue_label(n, a);
	gi_issue_label(t, b);
	if (!strcmp(op, GI_LINK_OP_PARENT))
		gi_buf_addf(out, "%s as a sub-issue of %s", a, b);
	else if (!strcmp(op, GI_LINK_OP_UNPARENT))
		gi_buf_addf(out, "%s no longer a sub-issue of %s", a, b);
	else if (!strcmp(op, GI_LINK_OP_BLOCKED_BY))
		gi_buf_addf(out, "%s blocked by %s", a, b);
	else
		gi_buf_addf(out, "%s no longer blocked by %s", a, b);
}

static void refuse(struct mctx *m, long n, const struct gi_record *op,
		   const char *opname, long t, const struct gi_response *resp)
{
	gi_buf what = GI_BUF_INIT, why = GI_BUF_INIT;
	cJSON *errors = cJSON_CreateArray();
	struct gi_sync_links_report *l = m->rep;
	struct gi_sync_refusal *f;

	describe(&what, n, opname, t);
	gi_github_errors(&why, resp, errors);
	gi_error("GitHub refused %s: %s; the link stays here, not mirrored",
		 what.buf, why.buf);
	record_sync(m, n, op, GI_LINK_REFUSED_STR, why.buf, errors);
	GI_ALLOC_GROW(l->refused, l->nrefused + 1, l->arefused);
	f = &l->refused[l->nrefused++];
	f->issue = n;
	f->op = gi_xstrdup_or_null(opname);
	f->target = t;
	f->errors = errors;
	f->message = gi_buf_detach(&why, NULL);
	m->refused++;
	gi_buf_release(&what);
}

/* A link change, as mirror_one acts on it. */
struct change {
	const char *op;	/* GI_LINK_OP_* */
	long t;		/* the other issue, canonical */
	int parent;	/* a parent (or its removal), else a blocker */
	int adds;	/* adds the link, else removes it */
};

static void change_of(struct mctx *m, const struct gi_record *op,
		      const struct side *s, struct change *c)
{
	c->op = gi_json_str(op->json, "op");
	c->t = 0;
	gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(op->json,
							    "target"), &c->t);
	c->t = gi_plan_canonical(m->plan, c->t);
	c->parent = !strcmp(c->op, GI_LINK_OP_PARENT) ||
		    !strcmp(c->op, GI_LINK_OP_UNPARENT);
	c->adds = !strcmp(c->op, GI_LINK_OP_PARENT) ||
		  !strcmp(c->op, GI_LINK_OP_BLOCKED_BY);
	if (!strcmp(c->op, GI_LINK_OP_UNPARENT) && !c->t)
		c->t = s->parent;
}

/* Is GitHub's side `s` already as the change wants it? */
static int change_there(const struct side *s, const struct change *c)
{
	if (c->parent)
		return c->adds ? s->parent == c->t :
			!c->t || s->parent != c->t;
	return c->adds ? side_has(s, c->t) : !side_has(s, c->t);
}

/* The request that makes the change of n on GitHub, by database ids. */
static void change_request(struct mctx *m, long n, const struct change *c,
			   double nid, double tid, gi_buf *path, gi_buf *body)
{
	const char *o = m->gh->target->owner, *rp = m->gh->target->repo;

	if (c->parent) {
		/* the parent's list, by the child's id */
		gi_buf_addf(path, "/repos/%s/%s/issues/%ld/%s", o, rp, c->t,
			    c->adds ? "sub_issues" : "sub_issue");
		gi_buf_addf(body, "{\"sub_issue_id\":%.0f}", nid);
	} else if (c->adds) {
		gi_buf_addf(path, "/repos/%s/%s/issues/%ld/dependencies/"
			    "blocked_by", o, rp, n);
		gi_buf_addf(body, "{\"issue_id\":%.0f}", tid);
	} else {
		gi_buf_addf(path, "/repos/%s/%s/issues/%ld/dependencies/"
			    "blocked_by/%.0f", o, rp, n, tid);
	}
}

/*
 * The request was refused, not found, or had no answer: what GitHub has
 * decides. @return 0 it took effect anyway, 2 refused (recorded), 1 left
 * for later, or a stop.
 */
static int change_failed(struct mctx *m, long n, const struct gi_record *op,
			 const struct change *c, struct side *s, int err,
			 const struct gi_response *resp, const char *what)
{
	int now;

	if (c->parent) {
		long p = read_parent(m, n);

		now = p < 0 ? -1 : c->adds ? p == c->t : p != c->t;
		if (p >= 0)
			s->parent = p, s->changed = 1;
	} else {
		int b = read_blocked(m, n, c->t);

		now = b < 0 ? -1 : c->adds ? b == 1 : b == 0;
	}
	if (now == 1)
		return 0;
	if (!err && resp->status >= 400 && resp->status < 500 && now == 0) {
		refuse(m, n, op, c->op, c->t, resp);
		return 2;
	}
	if (err)
		gi_warning("mirroring %s: %s; trying again at the next sync",
			   what, m->gh->errbuf);
	else
		gi_warning("mirroring %s: HTTP %ld; trying again at the next "
			   "sync", what, resp->status);
	m->pending++;
	if (err == GI_ETRANSPORT) {
		m->stop = 1;
		return GI_ETRANSPORT;
	}
	return 1;
}

/* The change of n is on GitHub: in its side, in a record, and said. */
static void change_done(struct mctx *m, long n, const struct gi_record *op,
			const struct change *c, struct side *s,
			const char *what)
{
	if (c->parent)
		s->parent = c->adds ? c->t : 0;
	else if (c->adds)
		side_add(s, c->t);
	else
		side_remove(s, c->t);
	s->changed = 1;
	record_sync(m, n, op, GI_LINK_MIRRORED_STR, NULL, NULL);
	fprintf(stderr, "mirrored %s\n", what);
	touch(m, n);
	touch(m, c->t);
}

/*
 * One change of issue n. `s` is GitHub's side, updated as changes land.
 * @return 0 done (mirrored or refused), 1 left for later, or a stop.
 */
static int mirror_one(struct mctx *m, long n, const struct gi_record *op,
		      struct side *s)
{
	struct gi_response resp = { 0 };
	gi_buf path = GI_BUF_INIT, body = GI_BUF_INIT, what = GI_BUF_INIT;
	struct change c;
	double nid, tid;
	int err, ret;

	change_of(m, op, s, &c);
	if (gi_issue_is_provisional(c.t)) {
		m->pending++;
		return 1;	/* waits until t is created */
	}
	/* already as wanted on GitHub: no request */
	if (change_there(s, &c)) {
		record_sync(m, n, op, GI_LINK_MIRRORED_STR,
			    "GitHub has it already", NULL);
		return 0;
	}
	nid = database_id(m, n);
	tid = database_id(m, c.t);
	if (m->stop)
		return GI_ETRANSPORT;
	if (nid <= 0 || tid <= 0) {
		/* a buffer each: both names are in one message */
		gi_warning("%s: no GitHub id for %s; the link waits",
			   gi_label(n), gi_label(nid <= 0 ? n : c.t));
		m->pending++;
		return 1;
	}
	change_request(m, n, &c, nid, tid, &path, &body);
	err = gi_github_send(m->gh, c.adds ? "POST" : "DELETE", path.buf,
			     body.len ? body.buf : NULL, &resp);
	describe(&what, n, c.op, c.t);
	if (err == GI_ERATELIMIT) {
		ret = GI_ERATELIMIT;
		m->stop = 1;
	} else if (!err && (resp.status == 200 || resp.status == 201)) {
		ret = 0;
	} else {
		ret = change_failed(m, n, op, &c, s, err, &resp, what.buf);
	}
	if (!ret)
		change_done(m, n, op, &c, s, what.buf);
	gi_response_release(&resp);
	gi_buf_release(&path);
	gi_buf_release(&body);
	gi_buf_release(&what);
	return ret == 2 ? 0 : ret;
}

/*
 * The changes to mirror of one issue, from GitHub's side as the plan
 * knows it; the link state written when that side changed. @return 0,
 * or the error that ended them.
 */
static int mirror_issue(struct mctx *m, struct gi_plan_node *node)
{
	const struct gi_issue_links *l = &node->is.links;
	struct side s = { 0 };
	long n = node->is.number;
	size_t k;
	int err, ret = 0;

	s.parent = l->remote_parent;
	if (l->nremote_blocked_by) {
		s.blocked = gi_xcalloc(l->nremote_blocked_by, sizeof(long));
		memcpy(s.blocked, l->remote_blocked_by,
		       l->nremote_blocked_by * sizeof(long));
		s.nblocked = l->nremote_blocked_by;
	}
	for (k = 0; k < l->ntodo && !m->stop; k++) {
		err = mirror_one(m, n, l->todo[k], &s);
		if (err < 0) {
			ret = err;
			break;
		}
	}
	if (s.changed) {
		char now[32];

		gi_time_now(now);
		gi_links_state_write(m->r, &node->is, n, s.parent, s.blocked,
				     s.nblocked, now, out_add, &m->out);
	}
	free(s.blocked);
	return ret;
}

/* 1 when no note holds a `link` record (by the summaries cache), 0 when
 * one may, -1 on an error (reported). */
static int no_link_records(struct gi_repo *r)
{
	struct gi_issue_list list;
	unsigned *flags;
	size_t i;
	int ret = 1;

	if (gi_store_list(&list, r, NULL) < 0)
		return -1;
	flags = gi_xcalloc(list.nr + 1, sizeof(*flags));
	if (gi_summaries_flags(flags, r, &list) < 0)
		ret = -1;
	for (i = 0; i < list.nr && ret == 1; i++)
		if (flags[i] & GI_NOTE_LINKS)
			ret = 0;
	free(flags);
	gi_issue_list_release(&list);
	return ret;
}

int gi_links_mirror(struct gi_repo *r, struct gi_github *gh,
		    const struct gi_sync_opts *opts, long only, cJSON *ts,
		    struct gi_sync_links_report *report)
{
	struct gi_plan plan;
	struct mctx m;
	size_t i;
	int ret = 0, err;

	report->ran = 1;
	/* nothing was left to mirror at this tip last time */
	if (!only && gi_pending_tip_done(r, ts, "links_done"))
		return 0;
	err = no_link_records(r);
	if (err < 0)
		return -1;
	/* no note holds a change to mirror: the plan is not needed (a
	 * sync after an import of thousands read every note back here) */
	if (err)
		memset(&plan, 0, sizeof(plan));
	else if (gi_plan_load(&plan, r, NULL) < 0)
		return -1;
	memset(&m, 0, sizeof(m));
	m.r = r;
	m.gh = gh;
	m.plan = &plan;
	m.rep = report;
	report->counted = 1;
	for (i = 0; i < plan.nr && !m.stop; i++) {
		struct gi_plan_node *node = &plan.v[i];
		const struct gi_issue_links *l = &node->is.links;
		long n = node->is.number;

		if (!node->known || !l->ntodo || (only && n != only))
			continue;
		if (gi_issue_is_provisional(n)) {
			m.pending += l->ntodo;	/* waits for its number */
			continue;
		}
		if (opts->dry_run) {
			m.pending += l->ntodo;
			continue;
		}
		err = mirror_issue(&m, node);
		if (err < 0)
			ret = err;
	}
	if (out_write(&m.out, r) < 0)
		ret = -1;
	forget_pages(&m, ts);
	free(m.touched);
	/* a refusal was reported: the sync did not do all it was asked */
	if (!ret && m.refused)
		ret = -1;
	report->mirrored += m.mirrored;
	report->pending += m.pending;
	gi_plan_release(&plan);
	/* remember a tip with nothing left, so the next sync reads nothing */
	if (!only && !m.stop && !m.pending && !opts->dry_run)
		gi_pending_tip_remember(r, ts, "links_done");
	if (m.stop && !ret)
		ret = GI_ETRANSPORT;
	return ret;
}
