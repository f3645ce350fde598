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
#ifndef GITISSUE_MIRROR_H
#define GITISSUE_MIRROR_H

#include "gitissue/github.h"
#include "gitissue/note.h"
#include "gitissue/record.h"
#include "gitissue/sync.h"

struct gi_issue;

/* Which records go to GitHub: notes, lessons and retractions. Imported
 * comments and metadata, and claims (coordination between worktrees),
 * do not. */
int gi_mirror_wanted(const struct gi_record *rec);

/**
 * Mirror with the open client `gh`, keeping the cache in `st`; what was
 * done goes into `report`. @return 0, or -1 when part of it failed
 * (reported); what succeeded is kept.
 */
int gi_mirror_run(struct gi_repo *r, struct gi_github *gh,
		  struct gi_sync_state *st, const struct gi_sync_opts *opts,
		  cJSON *report);

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

/* Shared by mirror.c and pending.c. */
cJSON *gi_mirror_target_state(struct gi_sync_state *st,
			      const struct gi_github_target *t);
int gi_mirror_read_mirrored(struct gi_lines *out, struct gi_repo *r,
			    const cJSON *ts, long n);
size_t gi_mirror_pending_records(const struct gi_issue *cur,
				 const struct gi_lines *mirrored,
				 const struct gi_lines *markers,
				 const struct gi_record **out);

/** Render records as one comment body (Markdown with markers). */
void gi_mirror_render(gi_buf *out, const struct gi_record *const *recs,
		      size_t nr);

#endif
