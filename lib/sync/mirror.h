/*
 * mirror.h: the comments side of `git issue-sync` (issues themselves are
 * github-issues.h).
 *
 * Outbound, local records that GitHub does not have yet go up as one
 * comment per issue per sync (split only past GitHub's size limit), each
 * record followed by a hidden marker `<!-- git-issue:id=<id> -->`. Before
 * posting, the issue's comments are read (conditionally, page by page) and
 * records whose markers are there are skipped: a crash or a lost response
 * after a POST never makes a duplicate, and neither does a deleted cache.
 *
 * Inbound, comments and issue metadata (title, state, labels) become
 * records (comments.h). Their lines are a function of what GitHub returned
 * only (ids are hashes of the GitHub ids and update times), so two clones
 * importing the same comment write the same bytes and the union merge
 * keeps one. An edit is a new version; the newest version of a comment
 * hides the older.
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
		  struct gi_sync_github_report *report);

/** Render records as one comment body (Markdown with markers). */
void gi_mirror_render(gi_buf *out, const struct gi_record *const *recs,
		      size_t nr);

#endif
