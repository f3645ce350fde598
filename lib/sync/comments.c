/*
 * comments.c: GitHub comments to records (comments.h): an issue's
 * comment pages read for our markers and for everyone else's comments,
 * the repository-wide list of comments changed since the last sync, and
 * an issue seen for the first time read whole.
 */
#include "sync/comments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "sync/pages.h"

/*
 * Is comment `c` written by the account the token belongs to? Only such
 * comments are believed to carry our markers: anyone can write
 * "<!-- git-issue:id=... -->" in a comment. GitHub logins are not case
 * sensitive.
 */
static int by_us(const cJSON *c, const char *login)
{
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(c, "user");
	const char *who = user ? gi_json_str(user, "login") : NULL;

	return login && who && !strcasecmp(who, login);
}

/* Every marker id in a comment body, added to `ids`. */
static void collect_markers(struct gi_lines *ids, const char *body)
{
	const char *p = body;

	while ((p = strstr(p, GI_MARKER_ID_OPEN))) {
		const char *id = p + strlen(GI_MARKER_ID_OPEN);
		size_t n = strspn(id, GI_RECORD_ID_ALPHABET);

		if (n && n <= GI_RECORD_ID_MAX &&
		    !strncmp(id + n, GI_MARKER_ID_CLOSE,
			     strlen(GI_MARKER_ID_CLOSE)))
			gi_lines_add_copy(ids, id, n);
		p = id;
	}
}

/*
 * A comment from GitHub as a record, unless it is one of ours: written by
 * our account and carrying a marker. Everyone else's comments are imported
 * whatever they contain, so that nobody can keep text out of the memory by
 * writing a marker into it.
 */
static void import_comment(struct gi_import_batch *im, long n, const cJSON *c,
			   const char *login)
{
	struct gi_record_fields f = { 0 };
	const char *body = gi_json_str(c, "body"), *updated = gi_json_str(c, "updated_at");
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(c, "user");
	char time[40], id[GI_RECORD_ID_HEXSZ + 1], idnum[32];
	double cid = gi_json_num(c, "id");
	cJSON *extra;

	if (!body || (by_us(c, login) && strstr(body, GI_MARKER_ID_OPEN)))
		return;
	/* an id that is not a whole number a double holds exactly (say
	 * 1e999) cannot name the comment: skip it, say so */
	if (!(cid >= 1 && cid < 9007199254740992.0 && cid == (double)(long long)cid)) {
		gi_warning("a comment of issue #%ld has no usable id; skipped",
			   n);
		return;
	}
	snprintf(idnum, sizeof(idnum), "%.0f", cid);
	gi_import_time(time, sizeof(time), gi_json_str(c, "created_at"));
	gi_import_hash_id(id, "github-comment", idnum, updated, NULL);
	extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "github_comment", cid);
	if (updated)
		cJSON_AddStringToObject(extra, "github_updated", updated);
	if (gi_json_str(c, "html_url"))
		cJSON_AddStringToObject(extra, "url", gi_json_str(c, "html_url"));
	f.time = time;
	f.id = id;
	f.kind = GI_KIND_COMMENT;
	f.author = user ? gi_json_str(user, "login") : NULL;
	f.text = body;
	f.extra = extra;
	gi_import_batch_add(n, &f, im);
	cJSON_Delete(extra);
}

/* --- the cache -------------------------------------------------------- */

static int is_tracked(const struct gi_issue_list *l, long n)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (l->v[i].issue == n)
			return 1;
	return 0;
}

/* Issue number from ".../issues/<n>" */
static long issue_from_url(const char *url)
{
	const char *p = url ? strrchr(url, '/') : NULL;
	long n;

	if (!p || gi_parse_issue(p + 1, &n) < 0)
		return 0;
	return n;
}

/*
 * The comments of one page of issue n: marker ids of our account's
 * comments into `markers`, everyone else's comments into `im`.
 */
static void page_comments(const cJSON *doc, long n, const char *login,
			  struct gi_lines *markers, struct gi_import_batch *im)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, doc) {
		const char *body = gi_json_str(c, "body");

		if (!body)
			continue;
		if (by_us(c, login))
			collect_markers(markers, body);
		import_comment(im, n, c, login);
	}
}

int gi_comments_import_page(const char *body, size_t len, const char *login,
			    long n, struct gi_lines *markers,
			    struct gi_lines *lines)
{
	struct gi_import_batch im = { 0 };
	gi_buf b = GI_BUF_INIT;
	cJSON *doc;
	size_t i, k;

	gi_buf_add(&b, body, len);
	doc = gi_pages_parse(&b, "a page");
	gi_buf_release(&b);
	if (!cJSON_IsArray(doc)) {
		cJSON_Delete(doc);
		return gi_error("a page: the answer is not a JSON list");
	}
	page_comments(doc, n, login, markers, &im);
	cJSON_Delete(doc);
	for (i = 0; i < im.nr; i++)
		for (k = 0; k < im.v[i].lines.nr; k++)
			gi_lines_add_copy(lines, im.v[i].lines.v[k].p,
					  im.v[i].lines.v[k].len);
	gi_import_batch_release(&im);
	gi_lines_normalize(markers);
	return 0;
}

/* The marker ids cached with a page that did not change (a 304). */
static void cached_markers(const cJSON *entry, struct gi_lines *markers)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItem(entry, "markers"))
		if (cJSON_IsString(m))
			gi_lines_add_copy(markers, m->valuestring,
					  strlen(m->valuestring));
}

/* A page read anew: its comments, and its marker ids, also kept in its
 * cache entry for the next 304. */
static void take_page(const cJSON *doc, cJSON *entry, long n,
		      const char *login, struct gi_lines *markers,
		      struct gi_import_batch *im)
{
	struct gi_lines here = GI_LINES_INIT;
	cJSON *ids = cJSON_AddArrayToObject(entry, "markers");
	size_t k;

	page_comments(doc, n, login, &here, im);
	for (k = 0; k < here.nr; k++) {
		char *id = gi_xstrndup(here.v[k].p, here.v[k].len);

		cJSON_AddItemToArray(ids, cJSON_CreateString(id));
		free(id);
		gi_lines_add_copy(markers, here.v[k].p, here.v[k].len);
	}
	gi_lines_release(&here);
}

/*
 * Read every comment page of issue n (conditionally, with the cached ETag
 * of each page): collect the marker ids, import the other comments.
 * fresh: ignore the cache (after a failed POST). 1: the issue is not on
 * GitHub; 0 ok; <0 error (reported).
 */
int gi_comments_read(struct gi_github *gh, cJSON *ts, long n,
		     struct gi_lines *markers, struct gi_import_batch *im,
		     int fresh)
{
	cJSON *pages = gi_json_child(ts, "pages");
	gi_buf first = GI_BUF_INIT, what = GI_BUF_INIT;
	char *url;
	int ret = 0;

	gi_buf_addf(&first, "/repos/%s/%s/issues/%ld/comments?per_page=100",
		    gh->target->owner, gh->target->repo, n);
	url = gi_buf_detach(&first, NULL);
	gi_buf_addf(&what, "the comments of issue #%ld", n);
	while (url) {
		cJSON *doc, *entry;
		char *next;
		int rc = gi_pages_get(gh, pages, url, fresh, 1, what.buf, &doc,
				      &entry, &next);

		if (rc < 0) {
			ret = rc;
		} else if (rc == GI_PAGE_GONE) {
			ret = 1;
		} else if (rc == GI_PAGE_SAME) {
			cached_markers(entry, markers);
		} else {
			take_page(doc, entry, n, gh->login, markers, im);
			cJSON_Delete(doc);
		}
		free(url);
		url = ret ? NULL : next;
		if (ret)
			free(next);
	}
	gi_buf_release(&what);
	gi_lines_normalize(markers);
	return ret;
}

struct inbound {
	struct gi_repo *r;
	const struct gi_issue_list *tracked;
	struct gi_import_batch *im;
	const char *login;	/* the token's account */
};

static void each_comment(const cJSON *c, void *payload)
{
	struct inbound *in = payload;
	long n = issue_from_url(gi_json_str(c, "issue_url"));

	if (n && is_tracked(in->tracked, n))
		import_comment(in->im, n, c, in->login);
}

int gi_comments_inbound(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
			const struct gi_issue_list *tracked,
			struct gi_import_batch *im)
{
	struct inbound in = { r, tracked, im, gh->login };
	gi_buf url = GI_BUF_INIT;
	int ret = 0;

	gi_buf_addf(&url, "/repos/%s/%s/issues/comments?sort=updated&"
		    "direction=asc&per_page=100", gh->target->owner,
		    gh->target->repo);
	ret = gi_pages_walk_from(gh, ts, "comments_since", url.buf,
				 gi_json_str(ts, "comments_since"),
				 each_comment, &in);
	/* issues themselves: lib/sync/github-issues.c, every open issue */
	gi_buf_release(&url);
	return ret;
}

/* An issue seen for the first time: its metadata and all its comments. */
int gi_comments_new_issue(struct gi_repo *r, struct gi_github *gh,
			  cJSON *ts, long n, struct gi_import_batch *im)
{
	struct gi_response resp = { 0 };
	struct gi_lines markers = GI_LINES_INIT;
	gi_buf path = GI_BUF_INIT;
	cJSON *doc;
	int err, ret = 0;

	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld", gh->target->owner,
		    gh->target->repo, n);
	err = gi_github_get(gh, path.buf, NULL, &resp);
	if (err < 0)
		ret = err;
	else if (resp.status == 200 &&
		 (doc = cJSON_ParseWithLength(resp.body.buf, resp.body.len))) {
		gi_import_issue_object(r, NULL, doc, gi_import_batch_add, im);
		cJSON_Delete(doc);
	}
	gi_response_release(&resp);
	if (!ret && gi_comments_read(gh, ts, n, &markers, im, 0) < 0)
		ret = -1;
	gi_lines_release(&markers);
	gi_buf_release(&path);
	return ret;
}
