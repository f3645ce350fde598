/*
 * pages.c: GitHub's lists, page by page (pages.h): each page asked for
 * with the ETag cached for it, answers with lone surrogates repaired, and
 * the repository-wide lists walked from a cursor, re-anchored on the
 * last item seen so that edits during a walk lose nothing.
 */
#define _GNU_SOURCE
#include "sync/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gitissue/util/json.h"
#include "util/json-parse.h"

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
cJSON *gi_pages_parse(const gi_buf *body, const char *what)
{
	cJSON *doc = gi_json_parse(body->buf, body->len);
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

/*
 * GET one page of a list, conditionally on the ETag cached for it in
 * `pages` (not when `fresh`). *next is the next page's URL, from the
 * answer or from the cache. Errors are reported naming `what`.
 * @return a page_result, or a negative error.
 */
int gi_pages_get(struct gi_github *gh, cJSON *pages, const char *url,
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
		ret = GI_PAGE_SAME;
	} else if (gone_ok && (resp.status == 404 || resp.status == 410)) {
		ret = GI_PAGE_GONE;
	} else if (resp.status != 200) {
		ret = gi_error("reading %s: %s", what,
			       gi_github_message(gh, &resp, msg, sizeof(msg)));
	} else if (!(*doc = gi_pages_parse(&resp.body, what)) ||
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
		ret = GI_PAGE_NEW;
	}
	gi_response_release(&resp);
	return ret;
}

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
		int rc = gi_pages_get(gh, pages, url, 0, 0, first, &doc, &entry,
				      &next);

		if (rc < 0) {
			ret = rc;
		} else if (rc == GI_PAGE_NEW) {
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
int gi_pages_walk_from(struct gi_github *gh, cJSON *ts, const char *cursor_key,
		       const char *base, const char *cursor,
		       void (*each)(const cJSON *item, void *payload),
		       void *payload)
{
	char since[32];

	return walk(gh, ts, cursor_key, base,
		    since_before(since, cursor) ? since : NULL, 1, each,
		    payload);
}

int gi_pages_walk_list(struct gi_github *gh, cJSON *ts,
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

void gi_pages_add_since(gi_buf *url, const char *since)
{
	char buf[32];

	if (since_before(buf, since))
		gi_buf_addf(url, "&since=%s", buf);
}
