/*
 * links.h: relations on GitHub. The changes made here (`link` records)
 * are mirrored to GitHub's own sub-issues and dependencies, which name
 * issues by database id, not number; each mirrored or refused change
 * gets a `link-sync` record, and what GitHub has then a `link-state`
 * record. A refusal (a 422) is reported with GitHub's errors[] and the
 * change stays, marked as not mirrored; it is not sent again.
 */
#ifndef GITISSUE_SYNC_LINKS_H
#define GITISSUE_SYNC_LINKS_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/sync/sync.h"
#include "sync/import.h"
#include "sync/github.h"

/**
 * A `link-state` record for issue n: GitHub has `parent` (0: none) and
 * `blocked` (any order), when that differs from what `cur` (NULL:
 * nothing known) holds. Its time is `time` (GitHub's), or 1 µs after the
 * newest link-state `cur` has when that is not earlier: the newest state
 * is always the last one learned, even within one second of GitHub's
 * clock, and two clones that learn the same thing from the same state
 * write the same line.
 */
void gi_links_state_write(struct gi_repo *r, const struct gi_issue *cur,
			  long n, long parent, const long *blocked,
			  size_t nblocked, const char *time, gi_import_fn *add,
			  void *payload);

/**
 * Mirror the changes made here that GitHub does not have (every issue's,
 * or only issue `only`'s when not 0), one request each, in the order
 * they were made. Results go into `report`. `ts` (may be NULL) is the
 * cache: a notes tip with nothing to mirror is remembered, so the next
 * sync reads no note for this.
 * @return 0, -1 (reported), GI_ERATELIMIT or GI_ETRANSPORT.
 */
int gi_links_mirror(struct gi_repo *r, struct gi_github *gh,
		    const struct gi_sync_opts *opts, long only, cJSON *ts,
		    struct gi_sync_links_report *report);

/** GitHub's "message" and errors[] of an error answer, for people; the
 * errors[] as strings into `errors` when not NULL. */
void gi_github_errors(gi_buf *out, const struct gi_response *resp,
		      cJSON *errors);

#endif
