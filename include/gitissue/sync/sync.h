/*
 * sync.h: `git issue-sync`: notes through the git remote, and the mirror to
 * GitHub Issues, with the cache they keep.
 *
 * The git side (lib/sync/git-remote.c) fetches the remote's
 * refs/notes/issues into refs/notes/remotes/<remote>/issues (never into
 * the local ref), union-merges it into refs/notes/issues, and pushes
 * without force, retrying fetch-merge-push when the push is rejected. The
 * network goes through the user's git; the inner push passes --no-verify
 * so that our own pre-push hook does not run again. The GitHub side is
 * lib/sync/mirror.c over the client in lib/sync/github.c.
 *
 * The state under $GIT_COMMON_DIR/issue-sync/ is a cache only: deleting it
 * costs requests, never a duplicate comment (the mirror reads the markers
 * on GitHub before posting).
 */
#ifndef GITISSUE_SYNC_SYNC_H
#define GITISSUE_SYNC_SYNC_H

#include <cjson/cJSON.h>

#include "gitissue/sync/sync-report.h"
#include "gitissue/util/repo.h"

struct gi_sync_opts {
	const char *remote;	/* NULL: issue.remote, origin, the only one */
	int no_github;
	int dry_run;
	int hook;		/* the pre-push hook: bounded, no-op if idle */
	long deadline_ms;	/* gi_now_ms() value to finish by; 0: none */
};

/**
 * The whole sync, as `git issue-sync` runs it; `report` (initialised by
 * the call, released with gi_sync_report_release) says what was done,
 * also when it fails.
 * @return 0 ok, 1 partly failed (reported), -1 fatal.
 */
int gi_sync_run(struct gi_repo *r, const struct gi_sync_opts *opts,
		struct gi_sync_report *report);

#endif
