/*
 * summary-cache.h: the summaries cache, $GIT_COMMON_DIR/issue-cache/summaries.
 *
 * A cache only: deleting it changes nothing but speed. One file per
 * repository, shared by its worktrees: per note blob id, the summary
 * git issue-list shows (summary.h). It is read whole and trusted only
 * when every count and offset in it checks out; a file that is short,
 * corrupt, from another version or another machine (byte order), or
 * written under other rules (the fingerprint, below) is ignored as if
 * absent. It is replaced, never edited: written whole through its lock
 * file (util/lockfile.h) and renamed over the old one, so a reader sees
 * the old file or the new one whole; a writer that finds another writing
 * waits for it, then writes its own.
 *
 * The fingerprint is computed by the caller from what the summary code
 * does with a fixed set of lines: a build that counts differently gets a
 * different fingerprint and does not trust an older build's file.
 */
#ifndef GITISSUE_CORE_SUMMARY_CACHE_H
#define GITISSUE_CORE_SUMMARY_CACHE_H

#include <stdint.h>

#include "gitissue/core/summary.h"

struct gi_cache {
	char *data;		/* the file as read, NULL when none */
	size_t len;
	size_t nr;		/* entries, sorted by note id */
	const unsigned char *entries;
	const char *pool;
	size_t pool_len;
};

/** Read the cache (an unusable file reads as an empty cache). */
void gi_cache_load(struct gi_cache *c, struct gi_repo *r,
		   uint64_t fingerprint);
/**
 * The cached summary of `note` into `out` (its strings point into `c`,
 * which must outlive it; out->borrowed is set).
 * @return 1 when found, 0 when not.
 */
int gi_cache_get(const struct gi_cache *c, const git_oid *note,
		 struct gi_summary *out);
/** The summary of entry i (< c->nr), as gi_cache_get. */
void gi_cache_get_at(const struct gi_cache *c, size_t i,
		     struct gi_summary *out);
void gi_cache_release(struct gi_cache *c);

/** Replace the cache with these summaries (any order). Failures are not
 * reported: the next reader computes again. */
void gi_cache_write(struct gi_repo *r, uint64_t fingerprint,
		    const struct gi_summary *v, size_t nr);

#endif
