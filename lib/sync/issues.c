/*
 * issues.c: creating provisional issues on GitHub and importing issues
 * whole (issues.h).
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
#include "gitissue/sync/issues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/remote.h"
#include "gitissue/util/run.h"
#include "gitissue/core/store.h"
#include "core/store-write.h"
#include "sync/intent.h"
#include "sync/github.h"
#include "sync/links.h"
#include "sync/mirror.h"
#include "sync/pending.h"

/* --- records from GitHub's issue objects ------------------------------ */

/* The body without our creation marker (and the blank lines before it). */
static char *body_text(const cJSON *obj)
{
	const char *b = gi_json_str(obj, "body");
	const char *m = b ? strstr(b, GI_MARKER_NEW_OPEN) : NULL;
	gi_buf out = GI_BUF_INIT;

	if (!b)
		return gi_xstrdup("");
	gi_buf_add(&out, b, m ? (size_t)(m - b) : strlen(b));
	if (m) {
		const char *end = strstr(m, GI_MARKER_NEW_CLOSE);

		if (end)
			gi_buf_adds(&out, end + strlen(GI_MARKER_NEW_CLOSE));
		gi_buf_rtrim(&out, "\r\n\t ", 0);
	}
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
	char *key, *old = NULL, rid[17];

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
	gi_mirror_hash_id(rid, "github-issue", updated, num, key);
	memset(&f, 0, sizeof(f));
	f.time = time;
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
	char *body = body_text(obj), rid[17];
	cJSON *extra;

	if (cur->body ? !strcmp(cur->body, body) : !*body)
		goto done;
	extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "github_issue", (double)n);
	if (updated)
		cJSON_AddStringToObject(extra, "github_updated", updated);
	gi_mirror_hash_id(rid, "github-body", num, updated, body);
	memset(&f, 0, sizeof(f));
	f.time = time;
	f.id = rid;
	f.kind = GI_KIND_BODY;
	f.text = body;
	f.extra = extra;
	add(n, &f, payload);
	cJSON_Delete(extra);
done:
	free(body);
}

void gi_issues_import_object(struct gi_repo *r, const struct gi_issue *cur,
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
	gi_mirror_time(time, sizeof(time), gi_json_str(obj, "updated_at"));
	import_issue_record(cur, obj, n, num, time, add, payload);
	import_body_record(cur, obj, n, num, time, add, payload);
	if (cur == &loaded)
		gi_issue_release(&loaded);
}

/* --- lines written per issue ------------------------------------------ */

struct batch {
	struct batch_item {
		long issue;
		struct gi_lines lines;
	} *v;
	size_t nr, alloc;
	size_t added;
};

static struct gi_lines *batch_for(struct batch *b, long n)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		if (b->v[i].issue == n)
			return &b->v[i].lines;
	GI_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	b->v[b->nr].issue = n;
	gi_lines_init(&b->v[b->nr].lines);
	return &b->v[b->nr++].lines;
}

static void batch_add(long n, const struct gi_record_fields *f, void *payload)
{
	gi_buf line = GI_BUF_INIT;

	gi_record_format(&line, f);
	gi_lines_add_copy(batch_for(payload, n), line.buf, line.len);
	gi_buf_release(&line);
}

static void batch_add_line(struct batch *b, long n, const char *p,
			   size_t len)
{
	gi_lines_add_copy(batch_for(b, n), p, len);
}

/* One commit for all; in a dry run only count what is new. */
static int batch_write(struct batch *b, struct gi_repo *r, int dry_run,
		       const char *message)
{
	struct gi_store_item *items = gi_xcalloc(b->nr + 1, sizeof(*items));
	struct gi_append_opts o = { 0 };
	size_t i, k;
	int ret = 0;

	for (i = 0; i < b->nr; i++) {
		struct batch_item *it = &b->v[i];

		gi_lines_normalize(&it->lines);
		items[i].issue = it->issue;
		items[i].lines = &it->lines;
		if (dry_run) {
			struct gi_lines cur = GI_LINES_INIT;

			if (!gi_store_read(&cur, r, NULL, it->issue))
				for (k = 0; k < it->lines.nr; k++)
					b->added += !gi_lines_has(&cur,
						it->lines.v[k].p,
						it->lines.v[k].len);
			gi_lines_release(&cur);
		}
	}
	o.message = message;
	if (!dry_run && b->nr) {
		if (gi_store_append_many(r, items, b->nr, &o) < 0)
			ret = -1;
		else
			b->added += o.added;
	}
	for (i = 0; i < b->nr; i++)
		gi_lines_release(&b->v[i].lines);
	free(items);
	free(b->v);
	memset(b, 0, sizeof(*b));
	if (!dry_run && !ret)
		gi_store_maybe_gc(r);
	return ret;
}

/* --- the client, for commands other than sync ------------------------- */

int gi_issues_open_client(struct gi_github *gh, struct gi_github_target *t,
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

/* --- creating a provisional issue ------------------------------------- */

static void marker_of(gi_buf *out, long n)
{
	char name[GI_ISSUE_NAME_MAX];

	gi_buf_addf(out, GI_MARKER_NEW_OPEN "%s" GI_MARKER_NEW_CLOSE,
		    gi_issue_name(n, name) + strlen(GI_PROVISIONAL_PREFIX));
}

/* "...Z" minus `s` seconds, for GitHub's since= */
static void time_minus(char *out, size_t size, const char *t, long s)
{
	struct tm tm;
	time_t e;

	memset(&tm, 0, sizeof(tm));
	if (!t || !strptime(t, "%Y-%m-%dT%H:%M:%S", &tm)) {
		e = time(NULL) - s;
	} else {
		e = timegm(&tm) - s;
	}
	gmtime_r(&e, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Look for provisional issue n among the issues `login` created on
 * GitHub since `since`: its marker in the body, the author `login`.
 * @return 0 with *found (the issue object, the caller frees) or NULL,
 * or a negative error (reported).
 */
static int find_created(struct gi_github *gh, long n, const char *login,
			const char *since, cJSON **found)
{
	gi_buf url = GI_BUF_INIT, marker = GI_BUF_INIT;
	char from[32];
	char *next;
	int ret = 0, pages = 0;

	*found = NULL;
	/* a login comes from another clone's intent too: only a login */
	if (!*login || strspn(login, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
	    strlen(login))
		return gi_error("not a GitHub login: '%s'", login);
	marker_of(&marker, n);
	time_minus(from, sizeof(from), since, 24 * 3600);
	gi_buf_addf(&url, "/repos/%s/%s/issues?creator=%s&state=all&"
		    "sort=created&direction=desc&since=%s&per_page=100",
		    gh->target->owner, gh->target->repo, login, from);
	next = gi_buf_detach(&url, NULL);
	while (next && !*found && pages++ < 100) {
		struct gi_response resp = { 0 };
		cJSON *doc = NULL;
		const cJSON *it;
		char msg[512];
		int err = gi_github_get(gh, next, NULL, &resp);

		free(next);
		next = NULL;
		if (err < 0) {
			ret = err;
		} else if (resp.status != 200) {
			ret = gi_error("looking for a created issue: %s",
				       gi_github_message(gh, &resp, msg,
							 sizeof(msg)));
		} else if (!(doc = cJSON_ParseWithLength(resp.body.buf,
							 resp.body.len)) ||
			   !cJSON_IsArray(doc)) {
			ret = gi_error("looking for a created issue: the "
				       "answer is not a JSON list");
		} else {
			cJSON_ArrayForEach(it, doc) {
				const char *body = gi_json_str(it, "body");
				const cJSON *user =
					cJSON_GetObjectItemCaseSensitive(it,
									 "user");
				const char *who = gi_json_str(user, "login");

				/* someone else's copy of the marker is not
				 * ours: the creator must be the account */
				if (body && strstr(body, marker.buf) && who &&
				    !strcasecmp(who, login) &&
				    !cJSON_GetObjectItemCaseSensitive(it,
							"pull_request")) {
					*found = cJSON_Duplicate(it, 1);
					break;
				}
			}
			if (resp.next)
				next = gi_xstrdup(resp.next);
		}
		cJSON_Delete(doc);
		gi_response_release(&resp);
		if (ret)
			break;
	}
	free(next);
	gi_buf_release(&marker);
	return ret;
}

/* The POST body for provisional issue `is`. */
static char *create_request(const struct gi_issue *is, long n)
{
	cJSON *req = cJSON_CreateObject();
	const cJSON *labels = gi_issue_strings(is, "labels");
	gi_buf body = GI_BUF_INIT;
	char *json;

	cJSON_AddStringToObject(req, "title", is->title);
	if (is->body && *is->body)
		gi_buf_addf(&body, "%s\n\n", is->body);
	marker_of(&body, n);
	cJSON_AddStringToObject(req, "body", body.buf);
	if (labels && cJSON_GetArraySize(labels))
		cJSON_AddItemToObject(req, "labels", cJSON_Duplicate(labels, 1));
	json = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	gi_buf_release(&body);
	return json;
}

/*
 * Record that provisional issue n is `obj` on GitHub: an alias in both
 * notes (deterministic: the same in every clone that records it), the
 * provisional note's lines copied under the number, the issue imported.
 */
static int record_created(struct gi_repo *r, long n, const cJSON *obj,
			  long *number)
{
	struct gi_lines mine = GI_LINES_INIT;
	struct batch b = { 0 };
	struct gi_record_fields f;
	cJSON *x;
	long m = (long)gi_json_num(obj, "number");
	char name[GI_ISSUE_NAME_MAX], num[32], time[40], id[17];
	size_t i;
	int ret;

	if (m < 1 || m > GI_ISSUE_MAX)
		return gi_error("GitHub's answer has no issue number");
	gi_issue_name(n, name);
	snprintf(num, sizeof(num), "%ld", m);
	gi_mirror_time(time, sizeof(time), gi_json_str(obj, "created_at"));
	if (gi_store_read(&mine, r, NULL, n) < 0)
		return -1;
	for (i = 0; i < mine.nr; i++)
		batch_add_line(&b, m, mine.v[i].p, mine.v[i].len);
	gi_lines_release(&mine);

	memset(&f, 0, sizeof(f));
	f.time = time;
	f.kind = GI_KIND_ALIAS;
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "provisional", name);
	f.extra = x;
	gi_mirror_hash_id(id, "github-alias", name, num, "number");
	f.id = id;
	batch_add(m, &f, &b);
	cJSON_Delete(x);
	gi_issues_import_object(r, NULL, obj, batch_add, &b);

	x = cJSON_CreateObject();
	cJSON_AddNumberToObject(x, "created_as", (double)m);
	f.extra = x;
	gi_mirror_hash_id(id, "github-alias", name, num, "provisional");
	f.id = id;
	batch_add(n, &f, &b);
	cJSON_Delete(x);
	ret = batch_write(&b, r, 0, "git issue-sync: issue created on GitHub");
	if (!ret)
		*number = m;
	return ret;
}

/*
 * One POST of issue n. 0: created (*out is GitHub's object), or maybe
 * created (no answer, a 5xx, or one that is not JSON: look before trying
 * again); otherwise the error to give up with, reported.
 */
static int post_issue(struct gi_github *gh, const char *path,
		      const char *json, const char *label, cJSON **out)
{
	struct gi_response resp = { 0 };
	char msg[512];
	int ret = 0, err = gi_github_send(gh, "POST", path, json, &resp);

	if (!err && resp.status == 201) {
		*out = cJSON_ParseWithLength(resp.body.buf, resp.body.len);
		if (!*out)
			gi_warning("creating %s: GitHub's answer is not JSON",
				   label);
	} else if (err == GI_ERATELIMIT || (!err && resp.status < 500)) {
		if (!err)
			gi_error("creating %s on GitHub: %s", label,
				 gi_github_message(gh, &resp, msg,
						   sizeof(msg)));
		ret = err == GI_ERATELIMIT ? GI_ERATELIMIT : -1;
	} else if (err) {
		gi_warning("creating %s: %s", label, gh->errbuf);
	} else {
		gi_warning("creating %s: HTTP %ld", label, resp.status);
	}
	gi_response_release(&resp);
	return ret;
}

int gi_issues_create(struct gi_repo *r, struct gi_github *gh, long n,
		     int fresh, long *number)
{
	struct gi_issue is;
	gi_buf path = GI_BUF_INIT;
	const char *login = NULL;
	const char *since;
	cJSON *found = NULL;
	char *json = NULL, label[GI_ISSUE_NAME_MAX];
	int attempt, err, ret = -1;

	gi_issue_label(n, label);
	if (gi_issue_load(&is, r, NULL, n) < 0)
		return -1;
	if (!is.title) {
		gi_issue_release(&is);
		return gi_error("%s has no title: nothing to create", label);
	}
	/* the records' time bounds the search: no POST came before them */
	since = is.snapshot ? is.snapshot->time : NULL;
	if (!fresh) {
		err = gi_github_user(gh, &login);
		if (!err)
			err = find_created(gh, n, login, since, &found);
		if (err < 0) {
			ret = err;
			goto done;
		}
	}
	json = create_request(&is, n);
	gi_buf_addf(&path, "/repos/%s/%s/issues", gh->target->owner,
		    gh->target->repo);
	for (attempt = 0; !found && attempt < 3; attempt++) {
		err = post_issue(gh, path.buf, json, label, &found);
		if (err < 0) {
			ret = err;
			goto done;
		}
		if (found)
			break;
		/* it may exist: look first */
		if (!login && (err = gi_github_user(gh, &login)) < 0) {
			ret = err;
			goto done;
		}
		err = find_created(gh, n, login, since, &found);
		if (err < 0) {
			ret = err;
			goto done;
		}
		if (!found && attempt < 2)
			gi_warning("%s is not on GitHub; trying again", label);
	}
	if (!found) {
		gi_error("%s is not on GitHub after 3 tries; giving up for "
			 "now", label);
		goto done;
	}
	ret = record_created(r, n, found, number);
done:
	cJSON_Delete(found);
	cJSON_free(json);
	gi_buf_release(&path);
	gi_issue_release(&is);
	return ret;
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
	cJSON *ts, *fp, *rep;
	const struct gi_sync_opts *opts;
	struct gi_plan plan;
	int plan_loaded;
	struct batch batch;
	struct view *views;
	size_t nviews, aviews;
	char *repo_url;		/* this repository's, as its lists give it */
	long *q_children, *q_blocked, *q_blocking;
	size_t nqc, aqc, nqb, aqb, nqg, aqg;
	int failed, stop;
	long seen, changed;
};

static struct gi_plan *run_plan(struct run *run)
{
	if (!run->plan_loaded) {
		if (gi_plan_load(&run->plan, run->r, NULL) < 0)
			memset(&run->plan, 0, sizeof(run->plan));
		run->plan_loaded = 1;
	}
	return &run->plan;
}

static struct view *view_for(struct run *run, long n)
{
	size_t i;

	for (i = 0; i < run->nviews; i++)
		if (run->views[i].issue == n)
			return &run->views[i];
	GI_ALLOC_GROW(run->views, run->nviews + 1, run->aviews);
	memset(&run->views[run->nviews], 0, sizeof(run->views[0]));
	run->views[run->nviews].issue = n;
	return &run->views[run->nviews++];
}

static void view_time(struct view *v, const cJSON *obj)
{
	char t[40];

	gi_mirror_time(t, sizeof(t), gi_json_str(obj, "updated_at"));
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
	old = gi_json_str(run->fp, key);
	if (old && !strcmp(old, fp.buf))
		goto done;
	run->changed++;
	node = gi_plan_get(run_plan(run), n);
	gi_issues_import_object(run->r, node && node->known ? &node->is : NULL,
				obj, batch_add, &run->batch);
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
		gi_json_set(run->fp, key, cJSON_CreateString(fp.buf));
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

static int stop_error(int err)
{
	return err == GI_ERATELIMIT || err == GI_ETRANSPORT;
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
				run->stop = stop_error(err);
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
				     batch_add, &run->batch);
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
	free(run->q_children);
	free(run->q_blocked);
	free(run->q_blocking);
	free(run->repo_url);
	run->repo_url = NULL;
	if (run->plan_loaded)
		gi_plan_release(&run->plan);
	run->plan_loaded = 0;
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
	err = gi_mirror_walk_list(run->gh, ts, "open_newest", url.buf,
				  each_listed, run);
	if (err < 0) {
		ret = -1;
		run->stop = stop_error(err);
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
		gi_mirror_add_since(&url, since);
		err = gi_mirror_walk_list(run->gh, ts, "closed_since", url.buf,
					  each_listed, run);
		if (err < 0) {
			ret = -1;
			run->stop = stop_error(err);
		}
		free(old_cursor);
	}
	gi_buf_release(&url);
	return ret;
}

/* Lines of created provisional notes not yet under their numbers. */
static int settle_aliases(struct run *run)
{
	struct gi_issue_list list;
	struct batch b = { 0 };
	size_t i, k;

	if (gi_store_list(&list, run->r, NULL) < 0)
		return -1;
	for (i = 0; i < list.nr; i++) {
		struct gi_lines mine = GI_LINES_INIT, theirs = GI_LINES_INIT;
		long n = list.v[i].issue, m;

		if (!gi_issue_is_provisional(n) || !n)
			continue;
		m = gi_issue_canonical(run->r, NULL, n);
		if (gi_issue_is_provisional(m))
			continue;
		if (!gi_store_read_blob(&mine, run->r, &list.v[i].note) &&
		    !gi_store_read(&theirs, run->r, NULL, m))
			for (k = 0; k < mine.nr; k++)
				if (!gi_lines_has(&theirs, mine.v[k].p,
						  mine.v[k].len))
					batch_add_line(&b, m, mine.v[k].p,
						       mine.v[k].len);
		gi_lines_release(&mine);
		gi_lines_release(&theirs);
	}
	gi_issue_list_release(&list);
	return batch_write(&b, run->r, run->opts->dry_run,
			   "git issue-sync: records of a provisional issue");
}

/* Has the remote (as just fetched) got provisional issue n? */
static int remote_has(struct gi_repo *r, const char *remote, long n)
{
	gi_buf track = GI_BUF_INIT;
	struct gi_lines l = GI_LINES_INIT;
	git_oid tip;
	int has = 0;

	if (!remote)
		return 0;
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", remote);
	if (!gi_store_tip(&tip, r, track.buf) &&
	    !gi_store_read(&l, r, &tip, n))
		has = l.nr > 0;
	gi_lines_release(&l);
	gi_buf_release(&track);
	git_error_clear();
	return has;
}

static long age_of(const char *t)
{
	return gi_age_seconds(t, time(NULL));
}

/* Another clone won the right to create n: did it, or is it stale? */
static int theirs_to_create(struct run *run, long n,
			    struct gi_decision *d, const char *remote,
			    cJSON *waiting, long *number)
{
	const char *login = gi_json_str(d->extra, "login");
	char label[GI_ISSUE_NAME_MAX];
	cJSON *found = NULL, *w;
	int err;

	gi_issue_label(n, label);
	/* it may have posted and died before recording: look */
	if (login) {
		err = find_created(run->gh, n, login, d->time, &found);
		if (err < 0)
			return err;
		if (found) {
			err = record_created(run->r, n, found, number);
			cJSON_Delete(found);
			return err < 0 ? err : 1;
		}
	}
	if (age_of(d->time) >= 0 && age_of(d->time) < GI_INTENT_STALE_S) {
		w = cJSON_CreateObject();
		cJSON_AddItemToObject(w, "issue", gi_issue_to_json(n));
		gi_json_add_str_or_null(w, "clone", d->clone);
		gi_json_add_str_or_null(w, "since", d->time);
		cJSON_AddItemToArray(waiting, w);
		fprintf(stderr, "%s is being created on GitHub by %s (since "
			"%s); waiting for it\n", label,
			d->author ? d->author : "another clone", d->time);
		return 0;
	}
	/* stale: take it over, decided by the remote again */
	{
		struct gi_decision again;
		const char *mylogin = NULL;
		cJSON *extra = cJSON_CreateObject();

		if (!gi_github_user(run->gh, &mylogin))
			cJSON_AddStringToObject(extra, "login", mylogin);
		err = gi_intent_decide(&again, run->r, remote, n, "create",
				       extra, d->id, run->opts);
		cJSON_Delete(extra);
		if (err < 0)
			return err;
		err = again.ours ? 2 : 0;
		gi_decision_release(&again);
		if (err == 2)
			gi_warning("%s: the intent of %s to create it is %ld s "
				   "old, taking it over", label,
				   d->author ? d->author : "another clone",
				   age_of(d->time));
		return err;
	}
}

/* A provisional issue (still so after its aliases) with a title. */
static int wants_creating(struct run *run, long n)
{
	struct gi_issue is;
	int has_title;

	if (!n || !gi_issue_is_provisional(n) ||
	    !gi_issue_is_provisional(gi_issue_canonical(run->r, NULL, n)))
		return 0;
	if (gi_issue_load(&is, run->r, NULL, n) < 0)
		return 0;
	has_title = is.title != NULL;
	gi_issue_release(&is);
	return has_title;
}

/* A dry run: the report says n would be created. */
static void report_would_create(struct run *run, long n)
{
	cJSON *c = cJSON_CreateObject();
	cJSON *list = cJSON_GetObjectItem(run->rep, "would_create");

	cJSON_AddItemToObject(c, "provisional", gi_issue_to_json(n));
	if (!list)
		list = cJSON_AddArrayToObject(run->rep, "would_create");
	cJSON_AddItemToArray(list, c);
}

/*
 * Create provisional issue n, unless the remote decides another clone
 * does (other clones have n when the remote has it). *number is set when
 * n is on GitHub now, *by_other when another clone created it. Returns 0
 * or an error, reported.
 */
static int create_one(struct run *run, const char *remote, long n,
		      cJSON *waiting, long *number, int *by_other)
{
	struct gi_decision d;
	char label[GI_ISSUE_NAME_MAX];
	int err = 0, create = 1;

	if (remote_has(run->r, remote, n)) {
		const char *login = NULL;
		cJSON *extra = cJSON_CreateObject();

		if (!gi_github_user(run->gh, &login))
			cJSON_AddStringToObject(extra, "login", login);
		err = gi_intent_decide(&d, run->r, remote, n, "create",
				       extra, NULL, run->opts);
		cJSON_Delete(extra);
		if (err < 0) {
			gi_issue_label(n, label);
			return gi_error("%s stays provisional: the remote '%s' "
					"must decide which clone creates it",
					label, remote);
		}
		if (!d.ours) {
			err = theirs_to_create(run, n, &d, remote, waiting,
					       number);
			create = err == 2;
			*by_other = err == 1;
		}
		gi_decision_release(&d);
		if (err < 0)
			return err;
	}
	if (create && !*number)
		err = gi_issues_create(run->r, run->gh, n, 0, number);
	return err < 0 ? err : 0;
}

/* n is #number on GitHub: in the report, and one line. */
static void report_created(cJSON *created, long n, long number,
			   int by_other)
{
	cJSON *c = cJSON_CreateObject();
	char label[GI_ISSUE_NAME_MAX];

	gi_issue_label(n, label);
	cJSON_AddItemToObject(c, "provisional", gi_issue_to_json(n));
	cJSON_AddNumberToObject(c, "issue", (double)number);
	cJSON_AddItemToArray(created, c);
	if (by_other)
		fprintf(stderr, "%s is #%ld on GitHub (created by another "
			"clone)\n", label, number);
	else
		fprintf(stderr, "created %s on GitHub as #%ld\n", label,
			number);
}

/* Create every provisional issue that has a title and no number. */
static int create_pending(struct run *run, const char *remote)
{
	struct gi_issue_list list;
	cJSON *created = cJSON_AddArrayToObject(run->rep, "created");
	cJSON *waiting = cJSON_AddArrayToObject(run->rep, "waiting");
	size_t i;
	int ret = 0;

	if (gi_store_list(&list, run->r, NULL) < 0)
		return -1;
	for (i = 0; i < list.nr && !run->stop; i++) {
		long n = list.v[i].issue, number = 0;
		int err, by_other = 0;

		if (!wants_creating(run, n))
			continue;
		if (run->opts->dry_run) {
			report_would_create(run, n);
			continue;
		}
		err = create_one(run, remote, n, waiting, &number, &by_other);
		if (err < 0) {
			ret = -1;
			run->stop = stop_error(err);
		}
		if (number)
			report_created(created, n, number, by_other);
	}
	gi_issue_list_release(&list);
	return ret;
}

int gi_issues_sync(struct gi_repo *r, struct gi_github *gh,
		   struct gi_sync_state *st, const struct gi_sync_opts *opts,
		   const char *remote, cJSON *report)
{
	struct run run;
	int ret = 0;

	memset(&run, 0, sizeof(run));
	run.r = r;
	run.gh = gh;
	run.opts = opts;
	run.ts = gi_pending_target_state(st, gh->target);
	run.fp = gi_json_child(run.ts, "issue_fp");
	run.rep = gi_json_child(report, "plan");

	/* 1. provisional issues: created, or their records settled */
	if (create_pending(&run, remote) < 0)
		ret = -1;
	if (!run.stop && settle_aliases(&run) < 0)
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
	cJSON_AddNumberToObject(run.rep, "seen", (double)run.seen);
	cJSON_AddNumberToObject(run.rep, "changed", (double)run.changed);
	run_release(&run);
	if (batch_write(&run.batch, r, opts->dry_run,
			"git issue-sync: import from GitHub") < 0)
		ret = -1;
	cJSON_AddNumberToObject(run.rep, "imported", (double)run.batch.added);
	/* 3. the relations made here */
	if (!run.stop) {
		int err = gi_links_mirror(r, gh, opts, 0, run.ts, run.rep);

		if (err < 0)
			ret = -1;
		run.stop = stop_error(err);
	}
	if (run.stop)
		return GI_ETRANSPORT;
	return ret;
}

int gi_issues_fetch_unknown(struct gi_repo *r, long n)
{
	struct gi_github gh;
	struct gi_github_target t;
	struct gi_response resp = { 0 };
	struct batch b = { 0 };
	gi_buf path = GI_BUF_INIT;
	cJSON *doc;
	char msg[512];
	int err, ret = 0;

	if (gi_issue_is_provisional(n))
		return 0;
	err = gi_issues_open_client(&gh, &t, r, gi_now_ms() + 10000);
	if (err)
		return 0;	/* offline, or no GitHub here: no slug */
	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld", t.owner, t.repo, n);
	err = gi_github_get(&gh, path.buf, NULL, &resp);
	if (err < 0) {
		ret = -1;
	} else if (resp.status == 200 &&
		   (doc = cJSON_ParseWithLength(resp.body.buf, resp.body.len))) {
		gi_issues_import_object(r, NULL, doc, batch_add, &b);
		cJSON_Delete(doc);
		ret = batch_write(&b, r, 0, "git issue-worktree: the issue "
				  "from GitHub") < 0 ? -1 : 1;
	} else if (resp.status != 404) {
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

int gi_issues_create_now(struct gi_repo *r, long n, long *number)
{
	struct gi_github gh;
	struct gi_github_target t;
	struct gi_sync_opts opts = { 0 };
	char label[GI_ISSUE_NAME_MAX];
	cJSON *rep;
	int err;

	gi_issue_label(n, label);
	err = gi_issues_open_client(&gh, &t, r, 0);
	if (err == GIT_ENOTFOUND)
		return 1;	/* no GitHub here: provisional is all there is */
	if (err == GI_ENOTOKEN) {
		fprintf(stderr, "no GitHub token: %s stays provisional; "
			"'git issue-sync' creates it on GitHub\n", label);
		return 1;
	}
	if (err)
		return 1;
	err = gi_issues_create(r, &gh, n, 1, number);
	if (!err) {
		rep = cJSON_CreateObject();
		if (gi_links_mirror(r, &gh, &opts, *number, NULL, rep) < 0)
			gi_warning("the relations of #%ld wait for the next "
				   "'git issue-sync'", *number);
		cJSON_Delete(rep);
	} else {
		fprintf(stderr, "%s stays provisional; 'git issue-sync' "
			"creates it on GitHub\n", label);
	}
	gi_github_close(&gh);
	gi_github_target_release(&t);
	return err ? 1 : 0;
}
