/*
 * mirror.h: the GitHub side of `git issue-sync`.
 *
 * Outbound, local records that GitHub does not have yet go up as one
 * comment per issue per sync (split only past GitHub's size limit), each
 * record followed by a hidden marker `<!-- git-issue:id=<id> -->`. Before
 * posting, the issue's comments are read (conditionally, page by page) and
 * records whose markers are there are skipped: a crash or a lost response
 * after a POST never makes a duplicate, and neither does a deleted cache.
 *
 * Inbound, comments and issue metadata (title, state, labels) become
 * records. Their lines are a function of what GitHub returned only (ids are
 * hashes of the GitHub ids and update times), so two clones importing the
 * same comment write the same bytes and the union merge keeps one. An edit
 * is a new version; the newest version of a comment hides the older.
 */
#ifndef GITISSUE_SYNC_MIRROR_H
#define GITISSUE_SYNC_MIRROR_H

#include "gitissue/core/note.h"
#include "gitissue/core/record.h"
#include "gitissue/sync/sync.h"
#include "sync/github.h"
#include "sync/pending.h"
#include "sync/sync-cache.h"

/**
 * Mirror with the open client `gh`, keeping the cache in `st`; what was
 * done goes into `report`. @return 0, or -1 when part of it failed
 * (reported); what succeeded is kept.
 */
int gi_mirror_run(struct gi_repo *r, struct gi_github *gh,
		  struct gi_sync_state *st, const struct gi_sync_opts *opts,
		  cJSON *report);

/**
 * One page of an issue's comments as GitHub sent it (`len` bytes of JSON),
 * read as the mirror reads it: the marker ids in comments written by
 * `login` go to `markers`, every other comment becomes a record line in
 * `lines` (both initialised by the caller). For tests and fuzzing.
 * @return 0, or -1 when it is not a JSON list (reported).
 */
int gi_mirror_import_page(const char *body, size_t len, const char *login,
			  long n, struct gi_lines *markers,
			  struct gi_lines *lines);

/** Render records as one comment body (Markdown with markers). */
void gi_mirror_render(gi_buf *out, const struct gi_record *const *recs,
		      size_t nr);

/* Shared with lib/sync/issues.c and links.c. */
/** GitHub's "2026-01-02T03:04:05Z" as a record time. */
void gi_mirror_time(char *out, size_t size, const char *t);
/** A record id that is a function of `what` and three facts. */
void gi_mirror_hash_id(char out[17], const char *what, const char *a,
		       const char *b, const char *c);
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
int gi_mirror_walk_list(struct gi_github *gh, cJSON *ts,
			const char *cursor_key, const char *first,
			void (*each)(const cJSON *item, void *payload),
			void *payload);
/** "&since=<the cursor minus one second>", when there is a cursor. */
void gi_mirror_add_since(gi_buf *url, const char *since);

#endif
