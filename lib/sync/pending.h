/*
 * pending.h: which records GitHub does not have yet, by the cache alone
 * (offline): what `git issue-status` shows and what a sync starts from.
 * No network and no libcurl here.
 */
#ifndef GITISSUE_SYNC_PENDING_H
#define GITISSUE_SYNC_PENDING_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "sync/sync-cache.h"
#include "sync/target.h"

/* Which records go to GitHub: notes, lessons and retractions. Imported
 * comments and metadata, and claims (coordination between worktrees),
 * do not. */
int gi_pending_wanted(const struct gi_record *rec);

/*
 * Counting records not yet mirrored, by the cache alone (offline), for
 * many issues at once: the cache and the target are read once.
 */
struct gi_pending {
	struct gi_sync_state st;
	struct gi_github_target target;
	cJSON *ts;
	int open;
};

/** @return 0, or GIT_ENOTFOUND when no GitHub repository is configured
 * (the count means nothing then; close is still safe). */
int gi_pending_open(struct gi_pending *p, struct gi_repo *r);
/** Records of `is` not yet on GitHub, by the cache. */
size_t gi_pending_count(struct gi_pending *p, struct gi_repo *r,
			const struct gi_issue *is);
void gi_pending_close(struct gi_pending *p);

/* Shared by mirror.c, links.c, edits.c and pending.c. */
/**
 * Was nothing left to do at the notes ref's tip the last time a step
 * looked (the tip the cache `ts` holds under `key`, say "links_done")?
 * Then the step need read no note.
 */
int gi_pending_tip_done(struct gi_repo *r, const cJSON *ts, const char *key);
/** Remember the notes ref's tip as done under `key` in `ts`. */
void gi_pending_tip_remember(struct gi_repo *r, cJSON *ts, const char *key);
/** The cache object of target `t` in `st` (made when missing). */
cJSON *gi_pending_target_state(struct gi_sync_state *st,
			       const struct gi_github_target *t);
/** Add to `out` the lines of the note blob last mirrored for issue n.
 * @return 0, or 1 when the cache has none (or names an object this clone
 * no longer has). */
int gi_pending_read_mirrored(struct gi_lines *out, struct gi_repo *r,
			     const cJSON *ts, long n);
/** The records of `cur` that are wanted and in neither `mirrored` nor
 * `markers` (either may be NULL), into `out` (room for cur->nr, or NULL
 * to count only). @return how many. */
size_t gi_pending_records(const struct gi_issue *cur,
			  const struct gi_lines *mirrored,
			  const struct gi_lines *markers,
			  const struct gi_record **out);

#endif
