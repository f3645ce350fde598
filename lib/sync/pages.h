/*
 * pages.h: GitHub's lists read page by page (pages.c). Each page is
 * asked for with the ETag cached for it (a 304 leads on to the next URL
 * cached with it), and a repository-wide list is walked from a cursor,
 * re-anchored on the last item seen.
 */
#ifndef GITISSUE_SYNC_PAGES_H
#define GITISSUE_SYNC_PAGES_H

#include <cjson/cJSON.h>

#include "gitissue/util/buf.h"
#include "sync/github.h"

/**
 * A page as JSON. Text that cJSON refuses only for lone surrogates is
 * read with U+FFFD in their place (deterministic, so every clone imports
 * the same bytes), and that is reported. NULL when it cannot be read.
 */
cJSON *gi_pages_parse(const gi_buf *body, const char *what);

enum gi_page_result {
	GI_PAGE_NEW,	/* 200: *doc is the list, *entry the new cache entry */
	GI_PAGE_SAME,	/* 304: *entry is the cached entry, still true */
	GI_PAGE_GONE,	/* 404 or 410, when the caller allowed it */
};

/**
 * GET one page of a list, conditionally on the ETag cached for it in
 * `pages` (not when `fresh`; 404 and 410 are GI_PAGE_GONE when
 * `gone_ok`). *next is the next page's URL, from the answer or from the
 * cache. Errors are reported naming `what`.
 * @return a gi_page_result, or a negative error.
 */
int gi_pages_get(struct gi_github *gh, cJSON *pages, const char *url,
		 int fresh, int gone_ok, const char *what, cJSON **doc,
		 cJSON **entry, char **next);

/**
 * Walk a repository-wide list sorted by update time from `base`, from
 * the cursor `cursor` (one second before it; NULL: from the start),
 * re-anchored on the last item seen; `each` is called for every item of
 * a changed page, and `cursor_key` advances to the newest updated_at seen
 * after a whole walk. @return 0 or a negative error (reported).
 */
int gi_pages_walk_from(struct gi_github *gh, cJSON *ts,
		       const char *cursor_key, const char *base,
		       const char *cursor,
		       void (*each)(const cJSON *item, void *payload),
		       void *payload);

/**
 * Walk a repository-wide list from `first`, every page conditional on its
 * cached ETag (a 304 leads on to the cached next page), calling `each`
 * for every item of a changed page; the cursor `cursor_key` advances to
 * the newest updated_at seen. A list sorted by update time
 * (`sort=updated`, `since=` last if any) is re-anchored on the last item
 * seen instead of paged, so that items edited during the walk cannot make
 * others be skipped; other orders follow the Link header.
 * @return 0 or a negative error (reported).
 */
int gi_pages_walk_list(struct gi_github *gh, cJSON *ts,
		       const char *cursor_key, const char *first,
		       void (*each)(const cJSON *item, void *payload),
		       void *payload);

/** "&since=<the cursor minus one second>", when there is a cursor. */
void gi_pages_add_since(gi_buf *url, const char *since);

#endif
