/*
 * mirror.c: records to GitHub comments and back (mirror.h).
 *
 * The cache (sync state, "github" -> "<owner>/<repo>") holds:
 *   mirrored.<n>   the note blob of issue n whose records are all on GitHub
 *   pages.<url>    per comment page: etag, the marker ids on it, next link
 *   known.<n>      issues imported once in full; later only changes
 *   comments_since / issues_since, and per list the etag and next link
 *   of each page (a 304 still leads on to the next page)
 * All of it can be deleted: markers on GitHub are the truth for outbound,
 * and inbound lines are deterministic, so re-importing changes nothing.
 */
#define _GNU_SOURCE
#include "sync/mirror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gitissue/util/date.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "gitissue/core/store.h"
#include "core/store-write.h"
#include "gitissue/util/utf8.h"
#include "gitissue/sync/issues.h"
#include "sync/import.h"

#define MARKER_OPEN "<!-- git-issue:id="
#define MARKER_CLOSE " -->"
/* GitHub refuses comment bodies over 65536 characters. */
#define MAX_BODY 60000

/* --- rendering -------------------------------------------------------- */

static void md_escape_inline(gi_buf *out, const char *s)
{
	/* text stays as written (it is Markdown already for most agents);
	 * only our marker syntax is neutralized so a note cannot forge one */
	const char *p;

	while ((p = strstr(s, "<!--"))) {
		gi_buf_add(out, s, (size_t)(p - s));
		gi_buf_adds(out, "&lt;!--");
		s = p + 4;
	}
	gi_buf_adds(out, s);
}

static void render_one(gi_buf *out, const struct gi_record *rec)
{
	char when[32];
	size_t start = out->len;
	const char *title = !strcmp(rec->kind, GI_KIND_LESSON) ? "Lesson" :
		!strcmp(rec->kind, GI_KIND_RETRACT) ? "Retraction" : "Note";

	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "**%s** · ", title);
	/* the name only: an email address is not ours to publish */
	if (rec->author) {
		const char *lt = strstr(rec->author, " <");
		char *name = gi_xstrndup(rec->author, lt ?
			(size_t)(lt - rec->author) : strlen(rec->author));

		md_escape_inline(out, name);
		free(name);
	} else {
		gi_buf_adds(out, "unknown");
	}
	gi_buf_addf(out, " · %s UTC", when);
	if (rec->branch) {
		gi_buf_adds(out, " · `");
		md_escape_inline(out, rec->branch);
		gi_buf_addch(out, '`');
	}
	gi_buf_adds(out, "\n\n");
	/* ids are checked where records are read (gi_record_parse), but
	 * what goes into a comment is escaped all the same */
	if (rec->supersedes) {
		gi_buf_addf(out, "_%s record `",
			    strcmp(rec->kind, GI_KIND_RETRACT) ?
			    "Replaces" : "Withdraws");
		md_escape_inline(out, rec->supersedes);
		gi_buf_adds(out, "`._\n\n");
	}
	if (rec->tried) {
		gi_buf_adds(out, "- **Tried:** ");
		md_escape_inline(out, rec->tried);
		gi_buf_addch(out, '\n');
	}
	if (rec->failed) {
		gi_buf_adds(out, "- **Failed because:** ");
		md_escape_inline(out, rec->failed);
		gi_buf_addch(out, '\n');
	}
	if (rec->solution) {
		gi_buf_adds(out, "- **Solution:** ");
		md_escape_inline(out, rec->solution);
		gi_buf_addch(out, '\n');
	}
	if ((rec->tried || rec->failed || rec->solution) && rec->text)
		gi_buf_addch(out, '\n');
	if (rec->text) {
		md_escape_inline(out, rec->text);
		gi_buf_addch(out, '\n');
	}
	/* one record larger than a comment may be: cut it, say so, keep the
	 * marker, so that it cannot block the records after it */
	if (out->len - start > MAX_BODY - 200) {
		gi_buf_setlen(out, start + gi_utf8_cut_bytes(out->buf + start,
							     out->len - start,
							     MAX_BODY - 400));
		gi_buf_adds(out, "\n\n_(cut at GitHub's size limit: the whole "
			    "record is in git notes, `git issue-show`)_\n");
	}
	gi_buf_addf(out, "\n" MARKER_OPEN "%s" MARKER_CLOSE "\n", rec->id);
}

void gi_mirror_render(gi_buf *out, const struct gi_record *const *recs,
		      size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (i)
			gi_buf_adds(out, "\n---\n\n");
		render_one(out, recs[i]);
	}
}

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

	while ((p = strstr(p, MARKER_OPEN))) {
		const char *id = p + strlen(MARKER_OPEN);
		size_t n = strspn(id, GI_RECORD_ID_ALPHABET);

		if (n && n <= GI_RECORD_ID_MAX && !strncmp(id + n, MARKER_CLOSE, strlen(MARKER_CLOSE)))
			gi_lines_add_copy(ids, id, n);
		p = id;
	}
}

/* --- imports ---------------------------------------------------------- */

/* "2026-01-02T03:04:05Z" -> "2026-01-02T03:04:05.000000Z" */
static void normalize_time(char *out, size_t size, const char *t)
{
	if (t && strlen(t) == 20 && t[19] == 'Z')
		snprintf(out, size, "%.19s.000000Z", t);
	else
		snprintf(out, size, "%s", t ? t : "1970-01-01T00:00:00.000000Z");
}

/* A deterministic record id from GitHub's facts. */
static void hash_id(char out[17], const char *what, const char *a,
		    const char *b, const char *c)
{
	gi_buf buf = GI_BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];

	gi_buf_addf(&buf, "%s%c%s%c%s%c%s", what, 0, a ? a : "", 0,
		    b ? b : "", 0, c ? c : "");
	git_odb_hash(&oid, buf.buf, buf.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	memcpy(out, hex, 16);
	out[16] = '\0';
	gi_buf_release(&buf);
}

/* Lines to add, per issue, written once at the end of a step. */
struct imports {
	struct imp {
		long issue;
		struct gi_lines lines;
	} *v;
	size_t nr, alloc;
	size_t added;		/* lines that were new (or would be) */
};

static struct imp *imp_for(struct imports *im, long n)
{
	size_t i;

	for (i = 0; i < im->nr; i++)
		if (im->v[i].issue == n)
			return &im->v[i];
	GI_ALLOC_GROW(im->v, im->nr + 1, im->alloc);
	memset(&im->v[im->nr], 0, sizeof(im->v[0]));
	im->v[im->nr].issue = n;
	gi_lines_init(&im->v[im->nr].lines);
	return &im->v[im->nr++];
}

static void imp_add(struct imports *im, long n, const struct gi_record_fields *f)
{
	struct imp *p = imp_for(im, n);
	gi_buf line = GI_BUF_INIT;

	gi_record_format(&line, f);
	gi_lines_add_copy(&p->lines, line.buf, line.len);
	gi_buf_release(&line);
}

static void imp_add_cb(long n, const struct gi_record_fields *f, void *payload)
{
	imp_add(payload, n, f);
}

/* Lines of `lines` that issue n's note does not hold yet. */
static size_t count_new(struct gi_repo *r, long n, const struct gi_lines *lines)
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

/* Write the imports, one append per issue; with dry_run only count. */
static int imports_write(struct imports *im, struct gi_repo *r, int dry_run)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < im->nr; i++) {
		struct gi_append_opts o = { 0 };
		struct imp *p = &im->v[i];

		o.message = "git issue-sync: import from GitHub";
		gi_lines_normalize(&p->lines);
		if (dry_run)
			im->added += count_new(r, p->issue, &p->lines);
		else if (gi_store_append(r, p->issue, &p->lines, &o) < 0)
			ret = -1;
		else
			im->added += o.added;
		gi_lines_release(&p->lines);
	}
	free(im->v);
	im->v = NULL;
	im->nr = im->alloc = 0;
	return ret;
}

/*
 * A comment from GitHub as a record, unless it is one of ours: written by
 * our account and carrying a marker. Everyone else's comments are imported
 * whatever they contain, so that nobody can keep text out of the memory by
 * writing a marker into it.
 */
static void import_comment(struct imports *im, long n, const cJSON *c,
			   const char *login)
{
	struct gi_record_fields f = { 0 };
	const char *body = gi_json_str(c, "body"), *updated = gi_json_str(c, "updated_at");
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(c, "user");
	char time[40], id[17], idnum[32];
	double cid = gi_json_num(c, "id");
	cJSON *extra;

	if (!body || (by_us(c, login) && strstr(body, MARKER_OPEN)))
		return;
	/* an id that is not a whole number a double holds exactly (say
	 * 1e999) cannot name the comment: skip it, say so */
	if (!(cid >= 1 && cid < 9007199254740992.0 && cid == (double)(long long)cid)) {
		gi_warning("a comment of issue #%ld has no usable id; skipped",
			   n);
		return;
	}
	snprintf(idnum, sizeof(idnum), "%.0f", cid);
	normalize_time(time, sizeof(time), gi_json_str(c, "created_at"));
	hash_id(id, "github-comment", idnum, updated, NULL);
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
	imp_add(im, n, &f);
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

static int hex4(const char *p, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * Replace every lone surrogate escape (\ud800 without its pair, a lone
 * \udc00) in JSON text by \ufffd, in place (the same length). cJSON
 * refuses such text whole, so one comment with a lone surrogate made its
 * page "not a JSON list" and stopped the mirror. @return how many.
 */
static size_t repair_surrogates(char *s, size_t len)
{
	size_t i, fixed = 0;
	int in_string = 0;

	for (i = 0; i < len; i++) {
		unsigned int u, lo;

		if (s[i] == '"') {
			in_string = !in_string;
			continue;
		}
		if (!in_string || s[i] != '\\')
			continue;
		if (i + 1 >= len)
			break;
		if (s[i + 1] != 'u') {
			i++;	/* an escaped character, maybe a quote */
			continue;
		}
		if (i + 6 > len || hex4(s + i + 2, &u) < 0) {
			i++;
			continue;
		}
		if (u >= 0xd800 && u <= 0xdbff && i + 12 <= len &&
		    s[i + 6] == '\\' && s[i + 7] == 'u' &&
		    !hex4(s + i + 8, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
			i += 11;	/* a pair: fine */
			continue;
		}
		if (u >= 0xd800 && u <= 0xdfff) {
			memcpy(s + i + 2, "fffd", 4);
			fixed++;
		}
		i += 5;
	}
	return fixed;
}

/*
 * A page as JSON. Text that cJSON refuses only for lone surrogates is
 * read with U+FFFD in their place (deterministic, so every clone imports
 * the same bytes), and that is reported. NULL when it cannot be read.
 */
static cJSON *parse_page(const gi_buf *body, const char *what)
{
	cJSON *doc = cJSON_ParseWithLength(body->buf, body->len);
	char *copy;
	size_t fixed;

	if (doc || !body->len)
		return doc;
	/* all of it: an answer may hold NUL bytes (strndup stopped there and
	 * the repair read past the copy; found by fuzz-comments) */
	copy = gi_xmalloc(body->len + 1);
	memcpy(copy, body->buf, body->len);
	copy[body->len] = '\0';
	fixed = repair_surrogates(copy, body->len);
	if (fixed) {
		doc = cJSON_ParseWithLength(copy, body->len);
		if (doc)
			gi_warning("reading %s: %zu lone UTF-16 surrogate%s in "
				   "the answer, read as U+FFFD", what, fixed,
				   fixed == 1 ? "" : "s");
	}
	free(copy);
	return doc;
}

enum page_result {
	PAGE_NEW,	/* 200: *doc is the list, *entry the new cache entry */
	PAGE_SAME,	/* 304: *entry is the cached entry, still true */
	PAGE_GONE,	/* 404 or 410, when the caller allowed it */
};

/*
 * GET one page of a list, conditionally on the ETag cached for it in
 * `pages` (not when `fresh`). *next is the next page's URL, from the
 * answer or from the cache. Errors are reported naming `what`.
 * @return a page_result, or a negative error.
 */
static int get_page(struct gi_github *gh, cJSON *pages, const char *url,
		    int fresh, int gone_ok, const char *what, cJSON **doc,
		    cJSON **entry, char **next)
{
	struct gi_response resp = { 0 };
	cJSON *page = cJSON_GetObjectItemCaseSensitive(pages, url);
	const char *etag = !fresh && cJSON_IsObject(page) ?
		gi_json_str(page, "etag") : NULL;
	char msg[512];
	int err = gi_github_get(gh, url, etag, &resp), ret;

	*doc = *entry = NULL;
	*next = NULL;
	if (err < 0) {
		ret = err;
	} else if (resp.status == 304 && cJSON_IsObject(page)) {
		*entry = page;
		if (gi_json_str(page, "next"))
			*next = gi_xstrdup(gi_json_str(page, "next"));
		ret = PAGE_SAME;
	} else if (gone_ok && (resp.status == 404 || resp.status == 410)) {
		ret = PAGE_GONE;
	} else if (resp.status != 200) {
		ret = gi_error("reading %s: %s", what,
			       gi_github_message(gh, &resp, msg, sizeof(msg)));
	} else if (!(*doc = parse_page(&resp.body, what)) ||
		   !cJSON_IsArray(*doc)) {
		cJSON_Delete(*doc);
		*doc = NULL;
		ret = gi_error("reading %s: the answer is not a JSON list", what);
	} else {
		*entry = cJSON_CreateObject();
		if (resp.etag)
			cJSON_AddStringToObject(*entry, "etag", resp.etag);
		if (resp.next) {
			cJSON_AddStringToObject(*entry, "next", resp.next);
			*next = gi_xstrdup(resp.next);
		}
		gi_json_set(pages, url, *entry);
		ret = PAGE_NEW;
	}
	gi_response_release(&resp);
	return ret;
}

/*
 * The comments of one page of issue n: marker ids of our account's
 * comments into `markers`, everyone else's comments into `im`.
 */
static void page_comments(const cJSON *doc, long n, const char *login,
			  struct gi_lines *markers, struct imports *im)
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

int gi_mirror_import_page(const char *body, size_t len, const char *login,
			  long n, struct gi_lines *markers,
			  struct gi_lines *lines)
{
	struct imports im = { 0 };
	gi_buf b = GI_BUF_INIT;
	cJSON *doc;
	size_t i, k;

	gi_buf_add(&b, body, len);
	doc = parse_page(&b, "a page");
	gi_buf_release(&b);
	if (!cJSON_IsArray(doc)) {
		cJSON_Delete(doc);
		return gi_error("a page: the answer is not a JSON list");
	}
	page_comments(doc, n, login, markers, &im);
	cJSON_Delete(doc);
	for (i = 0; i < im.nr; i++) {
		for (k = 0; k < im.v[i].lines.nr; k++)
			gi_lines_add_copy(lines, im.v[i].lines.v[k].p,
					  im.v[i].lines.v[k].len);
		gi_lines_release(&im.v[i].lines);
	}
	free(im.v);
	gi_lines_normalize(markers);
	return 0;
}

/*
 * Read every comment page of issue n (conditionally, with the cached ETag
 * of each page): collect the marker ids, import the other comments.
 * fresh: ignore the cache (after a failed POST). 1: the issue is not on
 * GitHub; 0 ok; <0 error (reported).
 */
static int read_issue_comments(struct gi_github *gh, cJSON *ts, long n,
			       struct gi_lines *markers, struct imports *im,
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
		cJSON *doc, *entry, *ids;
		const cJSON *m;
		char *next;
		int rc = get_page(gh, pages, url, fresh, 1, what.buf, &doc,
				  &entry, &next);

		if (rc < 0) {
			ret = rc;
		} else if (rc == PAGE_GONE) {
			ret = 1;
		} else if (rc == PAGE_SAME) {
			cJSON_ArrayForEach(m, cJSON_GetObjectItem(entry,
								  "markers"))
				if (cJSON_IsString(m))
					gi_lines_add_copy(markers, m->valuestring,
						   strlen(m->valuestring));
		} else {
			struct gi_lines here = GI_LINES_INIT;
			size_t k;

			page_comments(doc, n, gh->login, &here, im);
			ids = cJSON_AddArrayToObject(entry, "markers");
			for (k = 0; k < here.nr; k++) {
				char *id = gi_xstrndup(here.v[k].p,
						       here.v[k].len);

				cJSON_AddItemToArray(ids, cJSON_CreateString(id));
				free(id);
				gi_lines_add_copy(markers, here.v[k].p, here.v[k].len);
			}
			gi_lines_release(&here);
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

/* --- outbound --------------------------------------------------------- */

static void set_mirrored(cJSON *ts, long n, const git_oid *blob)
{
	char key[24], hex[GIT_OID_HEXSZ + 1];

	snprintf(key, sizeof(key), "%ld", n);
	git_oid_tostr(hex, sizeof(hex), blob);
	gi_json_set(gi_json_child(ts, "mirrored"), key, cJSON_CreateString(hex));
}

/* POST one comment; on a lost answer, check the markers before retrying. */
static int post_records(struct gi_github *gh, cJSON *ts, long n,
			const struct gi_record **recs, size_t nr,
			struct imports *im, cJSON *posted)
{
	gi_buf body = GI_BUF_INIT, path = GI_BUF_INIT;
	cJSON *req;
	char *json;
	int attempt, ret = -1;
	size_t i;

	gi_mirror_render(&body, recs, nr);
	req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "body", body.buf);
	json = cJSON_PrintUnformatted(req);
	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld/comments",
		    gh->target->owner, gh->target->repo, n);
	for (attempt = 0; attempt < 3; attempt++) {
		struct gi_response resp = { 0 };
		struct gi_lines markers = GI_LINES_INIT;
		int err = gi_github_send(gh, "POST", path.buf, json, &resp);
		char msg[512];

		if (!err && resp.status == 201) {
			gi_response_release(&resp);
			ret = 0;
			break;
		}
		if (err == GI_ERATELIMIT || (!err && resp.status < 500)) {
			if (!err)
				gi_error("posting to issue #%ld: %s", n,
					 gi_github_message(gh, &resp, msg,
							   sizeof(msg)));
			gi_response_release(&resp);
			ret = err == GI_ERATELIMIT ? GI_ERATELIMIT : -1;
			break;
		}
		/* no answer, or a 5xx: the comment may exist. Look first. */
		if (err)
			gi_warning("posting to issue #%ld: %s", n, gh->errbuf);
		else
			gi_warning("posting to issue #%ld: HTTP %ld", n,
				   resp.status);
		gi_response_release(&resp);
		if (read_issue_comments(gh, ts, n, &markers, im, 1) < 0) {
			gi_lines_release(&markers);
			break;
		}
		for (i = 0; i < nr; i++)
			if (!gi_lines_has(&markers, recs[i]->id,
					  strlen(recs[i]->id)))
				break;
		gi_lines_release(&markers);
		if (i == nr) {
			ret = 0;	/* it did land */
			break;
		}
		if (attempt < 2)
			gi_warning("the comment is not on issue #%ld; trying "
				   "again", n);
		else
			gi_error("the comment is not on issue #%ld after %d "
				 "tries; giving up for now", n, attempt + 1);
	}
	if (!ret)
		for (i = 0; i < nr; i++)
			cJSON_AddItemToArray(posted,
					     cJSON_CreateString(recs[i]->id));
	cJSON_free(json);
	cJSON_Delete(req);
	gi_buf_release(&body);
	gi_buf_release(&path);
	return ret;
}

static int mirror_issue(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
			const struct gi_issue_entry *e,
			const struct gi_sync_opts *opts, struct imports *im,
			cJSON *out)
{
	struct gi_issue cur;
	struct gi_lines mirrored = GI_LINES_INIT, markers = GI_LINES_INIT;
	const struct gi_record **todo;
	size_t n, i, start;
	int have_mirrored, ret = 0, rc;
	cJSON *rep = NULL, *posted;

	if (gi_issue_load_blob(&cur, r, &e->note, e->issue) < 0)
		return -1;
	have_mirrored = !gi_pending_read_mirrored(&mirrored, r, ts, e->issue);
	n = gi_pending_records(&cur, have_mirrored ? &mirrored : NULL, NULL,
			       NULL);
	if (!n) {
		if (!opts->dry_run)
			set_mirrored(ts, e->issue, &e->note);
		goto done;
	}
	rc = read_issue_comments(gh, ts, e->issue, &markers, im, 0);
	if (rc == 1) {
		gi_warning("issue #%ld is not on GitHub; its records stay "
			   "local", e->issue);
		goto done;
	}
	if (rc < 0) {
		ret = rc;
		goto done;
	}
	todo = gi_xcalloc(cur.nr + 1, sizeof(*todo));
	n = gi_pending_records(&cur, have_mirrored ? &mirrored : NULL, &markers,
			       todo);
	rep = cJSON_CreateObject();
	cJSON_AddNumberToObject(rep, "issue", (double)e->issue);
	posted = cJSON_AddArrayToObject(rep, opts->dry_run ? "would_post" :
					"posted");
	/* one comment per issue per sync, split only past the size limit */
	for (start = 0; start < n && !ret;) {
		gi_buf body = GI_BUF_INIT;
		size_t count = 0;

		for (i = start; i < n; i++) {
			size_t before = body.len;

			render_one(&body, todo[i]);
			if (count && body.len + 8 > MAX_BODY) {
				gi_buf_setlen(&body, before);
				break;
			}
			count++;
		}
		gi_buf_release(&body);
		if (opts->dry_run) {
			for (i = start; i < start + count; i++)
				cJSON_AddItemToArray(posted,
					cJSON_CreateString(todo[i]->id));
		} else {
			ret = post_records(gh, ts, e->issue, todo + start,
					   count, im, posted);
		}
		start += count;
	}
	if (!ret && !opts->dry_run)
		set_mirrored(ts, e->issue, &e->note);
	free(todo);
	cJSON_AddItemToArray(out, rep);
done:
	gi_lines_release(&markers);
	gi_lines_release(&mirrored);
	gi_issue_release(&cur);
	return ret;
}

/* --- inbound ---------------------------------------------------------- */

/* `since` minus one second, as GitHub's timestamp; 0 when unreadable. */
static int since_before(char out[32], const char *t)
{
	struct tm tm;
	time_t when;

	memset(&tm, 0, sizeof(tm));
	if (!t || !strptime(t, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return 0;
	when = timegm(&tm) - 1;
	gmtime_r(&when, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 1;
}

/* The page cache of the list of `cursor_key`: one per list, dropped when
 * the list's URL (its cursor) changes, so the cache does not grow with
 * every cursor. */
static cJSON *page_cache(cJSON *ts, const char *cursor_key, const char *first)
{
	gi_buf key = GI_BUF_INIT;
	cJSON *list;

	gi_buf_addf(&key, "%s_pages", cursor_key);
	list = gi_json_child(ts, key.buf);
	gi_buf_release(&key);
	if (!gi_json_str(list, "first") || strcmp(gi_json_str(list, "first"), first)) {
		cJSON_DeleteItemFromObjectCaseSensitive(list, "first");
		cJSON_DeleteItemFromObjectCaseSensitive(list, "pages");
		cJSON_AddStringToObject(list, "first", first);
	}
	return gi_json_child(list, "pages");
}

/* After a 304 the next URL cached with the page leads on; its since, if
 * re-anchored, is the anchor now. */
static void anchor_of_next(char *anchor, size_t size, const char *next,
			   const char *base)
{
	const char *sp = strstr(next, "&since=");

	if (sp && strlen(sp + 7) < size && !strncmp(next, base, strlen(base)) &&
	    !strchr(sp + 7, '&'))
		snprintf(anchor, size, "%s", sp + 7);
}

/*
 * Walk a repository-wide list sorted by update time, from `base` with
 * `since` = the cursor, calling `each` for every item.
 *
 * Page offsets are not stable under a walk: an item edited while the walk
 * reads moves to the end, every later item shifts one place, and the one
 * that slides onto a page already read is on no page read (with the
 * cursor past it, it was lost for good). So each next request is
 * re-anchored on the last item seen: `since` = its updated_at (minus a
 * second: GitHub's since may be exclusive), page 1. An item not read yet
 * is updated at or after that, wherever edits and deletions move the
 * others. Only when a whole page shares that second (no progress) is the
 * Link's next page followed, for that one second.
 *
 * Every page is requested conditionally with its own cached ETag, and a
 * 304 leads on to the next URL cached with it. `cursor_key` advances to
 * the newest updated_at seen, only after a whole walk.
 */
static int walk(struct gi_github *gh, cJSON *ts, const char *cursor_key,
		const char *base, const char *since, int anchored,
		void (*each)(const cJSON *item, void *payload), void *payload)
{
	gi_buf b = GI_BUF_INIT;
	cJSON *pages;
	char *url, *newest = NULL, *first, anchor[32] = "";
	int ret = 0, guard = 0;

	gi_buf_adds(&b, base);
	if (since && *since && strlen(since) < sizeof(anchor)) {
		snprintf(anchor, sizeof(anchor), "%s", since);
		gi_buf_addf(&b, "&since=%s", anchor);
	}
	first = gi_buf_detach(&b, NULL);
	url = gi_xstrdup(first);
	pages = page_cache(ts, cursor_key, first);

	while (url && guard++ < 10000) {
		cJSON *doc, *entry;
		const cJSON *it;
		char *next, *page_max = NULL, at[32];
		int rc = get_page(gh, pages, url, 0, 0, first, &doc, &entry,
				  &next);

		if (rc < 0) {
			ret = rc;
		} else if (rc == PAGE_NEW) {
			cJSON_ArrayForEach(it, doc) {
				const char *u = gi_json_str(it, "updated_at");

				each(it, payload);
				if (u && (!page_max || strcmp(u, page_max) > 0))
					page_max = (char *)u;
			}
			if (page_max && (!newest || strcmp(page_max, newest) > 0)) {
				free(newest);
				newest = gi_xstrdup(page_max);
			}
			/* more to read: re-anchor on the last item seen */
			if (anchored && next && since_before(at, page_max) &&
			    strcmp(at, anchor) > 0) {
				free(next);
				gi_buf_reset(&b);
				gi_buf_addf(&b, "%s&since=%s", base, at);
				next = gi_buf_detach(&b, NULL);
				memcpy(anchor, at, sizeof(at));
			}
			cJSON_DeleteItemFromObjectCaseSensitive(entry, "next");
			if (next)
				cJSON_AddStringToObject(entry, "next", next);
			cJSON_Delete(doc);
		} else if (next && anchored) {
			anchor_of_next(anchor, sizeof(anchor), next, base);
		}
		free(url);
		url = ret ? NULL : next;
		if (ret)
			free(next);
	}
	free(url);
	if (!ret && newest)
		gi_json_set(ts, cursor_key, cJSON_CreateString(newest));
	free(newest);
	free(first);
	gi_buf_release(&b);
	return ret;
}

/* A list sorted by update time, from the cursor, re-anchored (above). */
static int walk_list(struct gi_github *gh, cJSON *ts, const char *cursor_key,
		     const char *base, const char *cursor,
		     void (*each)(const cJSON *item, void *payload),
		     void *payload)
{
	char since[32];

	return walk(gh, ts, cursor_key, base,
		    since_before(since, cursor) ? since : NULL, 1, each,
		    payload);
}

struct inbound {
	struct gi_repo *r;
	const struct gi_issue_list *tracked;
	struct imports *im;
	const char *login;	/* the token's account */
};

static void each_comment(const cJSON *c, void *payload)
{
	struct inbound *in = payload;
	long n = issue_from_url(gi_json_str(c, "issue_url"));

	if (n && is_tracked(in->tracked, n))
		import_comment(in->im, n, c, in->login);
}

static int inbound_lists(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
			 const struct gi_issue_list *tracked,
			 struct imports *im)
{
	struct inbound in = { r, tracked, im, gh->login };
	gi_buf url = GI_BUF_INIT;
	int ret = 0;

	gi_buf_addf(&url, "/repos/%s/%s/issues/comments?sort=updated&"
		    "direction=asc&per_page=100", gh->target->owner,
		    gh->target->repo);
	ret = walk_list(gh, ts, "comments_since", url.buf,
			gi_json_str(ts, "comments_since"), each_comment, &in);
	/* issues themselves: lib/sync/issues.c, for every open issue */
	gi_buf_release(&url);
	return ret;
}

/* An issue seen for the first time: its metadata and all its comments. */
static int inbound_new_issue(struct gi_repo *r, struct gi_github *gh,
			     cJSON *ts, long n, struct imports *im)
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
		gi_import_issue_object(r, NULL, doc, imp_add_cb, im);
		cJSON_Delete(doc);
	}
	gi_response_release(&resp);
	if (!ret && read_issue_comments(gh, ts, n, &markers, im, 0) < 0)
		ret = -1;
	gi_lines_release(&markers);
	gi_buf_release(&path);
	return ret;
}

/*
 * Which account's markers to believe: the token's (GET /user, cached per
 * token in the state). Markers cached by a run that trusted another
 * account, or by a version that believed anyone's, are dropped with the
 * blobs recorded as mirrored by them: the comments are read again.
 */
static int trust_markers_of(struct gi_github *gh, struct gi_sync_state *st,
			    cJSON *ts)
{
	const char *login;
	const char *was = gi_json_str(ts, "markers_of");

	if (gi_github_user_cached(gh, gi_json_child(st->doc, "users"),
				  &login) < 0)
		return gi_error("cannot tell our comments from others' without "
				"the token's account; nothing mirrored");
	if (!was || strcasecmp(was, login)) {
		cJSON_DeleteItemFromObjectCaseSensitive(ts, "pages");
		cJSON_DeleteItemFromObjectCaseSensitive(ts, "mirrored");
		gi_json_set(ts, "markers_of", cJSON_CreateString(login));
	}
	return 0;
}

int gi_mirror_run(struct gi_repo *r, struct gi_github *gh,
		  struct gi_sync_state *st, const struct gi_sync_opts *opts,
		  cJSON *report)
{
	struct gi_issue_list list;
	struct imports im = { 0 };
	cJSON *ts = gi_pending_target_state(st, gh->target);
	cJSON *known = gi_json_child(ts, "known");
	cJSON *out = cJSON_AddArrayToObject(report, "issues");
	int ret = 0, err, stop = 0;
	size_t i, imported_inbound;

	if (trust_markers_of(gh, st, ts) < 0)
		return -1;
	if (gi_store_list(&list, r, NULL) < 0)
		return -1;
	gi_plan_keep_tracked(&list, r);

	/* inbound first: what others wrote on GitHub is memory too */
	for (i = 0; i < list.nr && !stop; i++) {
		char key[24];

		if (!list.v[i].issue)
			continue;
		snprintf(key, sizeof(key), "%ld", list.v[i].issue);
		if (cJSON_GetObjectItemCaseSensitive(known, key))
			continue;
		err = inbound_new_issue(r, gh, ts, list.v[i].issue, &im);
		if (gi_github_stops(err))
			stop = 1;
		if (err < 0)
			ret = -1;
		else if (!opts->dry_run)
			gi_json_set(known, key, cJSON_CreateTrue());
	}
	/* a list that cannot be read (reported) does not keep the records
	 * from going up; only a rate limit or a dead server stops all */
	if (!stop) {
		err = inbound_lists(r, gh, ts, &list, &im);
		if (gi_github_stops(err))
			stop = 1;
		if (err < 0)
			ret = -1;
	}
	if (imports_write(&im, r, opts->dry_run) < 0)
		ret = -1;
	imported_inbound = im.added;

	/* outbound, issue by issue: the note blobs may have changed */
	gi_issue_list_release(&list);
	if (gi_store_list(&list, r, NULL) < 0)
		return -1;
	gi_plan_keep_tracked(&list, r);
	for (i = 0; i < list.nr && !stop; i++) {
		if (!list.v[i].issue)
			continue;
		err = mirror_issue(r, gh, ts, &list.v[i], opts, &im, out);
		if (gi_github_stops(err))
			stop = 1;
		if (err < 0)
			ret = -1;
	}
	/* in a dry run nothing was written, so the outbound pass saw again
	 * what the inbound pass counted: count it once */
	if (opts->dry_run)
		im.added = imported_inbound;
	if (imports_write(&im, r, opts->dry_run) < 0)
		ret = -1;
	if (opts->dry_run)
		im.added = imported_inbound;
	cJSON_AddNumberToObject(report, "imported", (double)im.added);
	gi_issue_list_release(&list);
	return ret;
}


/* --- shared with issues.c and links.c --------------------------------- */

void gi_mirror_time(char *out, size_t size, const char *t)
{
	normalize_time(out, size, t);
}

void gi_mirror_hash_id(char out[17], const char *what, const char *a,
		       const char *b, const char *c)
{
	hash_id(out, what, a, b, c);
}

int gi_mirror_walk_list(struct gi_github *gh, cJSON *ts,
			const char *cursor_key, const char *first,
			void (*each)(const cJSON *item, void *payload),
			void *payload)
{
	/* sorted by update time: re-anchored on the last item seen, from
	 * the since= the URL ends with; any other order keeps its place
	 * under edits, so its pages follow the Link header */
	const char *sp = strstr(first, "&since=");
	char *base;
	int ret;

	if (!strstr(first, "sort=updated"))
		return walk(gh, ts, cursor_key, first, NULL, 0, each, payload);
	if (!sp || strchr(sp + 1, '&'))
		return walk(gh, ts, cursor_key, first, NULL, !sp, each,
			    payload);
	base = gi_xstrndup(first, (size_t)(sp - first));
	ret = walk(gh, ts, cursor_key, base, sp + 7, 1, each, payload);
	free(base);
	return ret;
}

void gi_mirror_add_since(gi_buf *url, const char *since)
{
	char buf[32];

	if (since_before(buf, since))
		gi_buf_addf(url, "&since=%s", buf);
}
