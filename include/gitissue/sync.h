/*
 * sync.h: `git issue-sync`: notes through the git remote, and the mirror to
 * GitHub Issues (github.h, mirror.h), with the state they keep.
 *
 * The git side fetches the remote's refs/notes/issues into
 * refs/notes/remotes/<remote>/issues (never into the local ref), union-
 * merges it into refs/notes/issues, and pushes without force, retrying
 * fetch-merge-push when the push is rejected. The network goes through the
 * user's git; the inner push passes --no-verify so that our own pre-push
 * hook does not run again.
 *
 * The state under $GIT_COMMON_DIR/issue-sync/ is a cache only: deleting it
 * costs requests, never a duplicate comment (mirror.c reads the markers on
 * GitHub before posting).
 */
#ifndef GITISSUE_SYNC_H
#define GITISSUE_SYNC_H

#include <cjson/cJSON.h>

#include "gitissue/repo.h"

struct gi_sync_opts {
	const char *remote;	/* NULL: issue.remote, origin, the only one */
	int no_github;
	int dry_run;
	int hook;		/* the pre-push hook: bounded, no-op if idle */
	long deadline_ms;	/* gi_now_ms() value to finish by; 0: none */
};

/* The persistent cache. `doc` is the JSON document; edit it in place. */
struct gi_sync_state {
	char *path;
	char *lock_path;
	cJSON *doc;
	int locked;
};

/**
 * Load the state and take its lock (another sync running: GIT_ELOCKED,
 * reported). A missing or unreadable state file gives an empty state.
 */
int gi_sync_state_open(struct gi_sync_state *st, struct gi_repo *r);
/** Write the state atomically (temporary file and rename). */
int gi_sync_state_save(struct gi_sync_state *st);
/** Release the lock and free. */
void gi_sync_state_close(struct gi_sync_state *st);
/** Read-only load without the lock (for git issue-status). */
int gi_sync_state_peek(struct gi_sync_state *st, struct gi_repo *r);
/** The object for `key` under `parent`, created when missing. */
cJSON *gi_json_child(cJSON *parent, const char *key);

/**
 * Which remote to sync with: `name`, else issue.remote, else "origin" when
 * it exists, else the only remote. *out is NULL when there is none.
 */
int gi_sync_pick_remote(struct gi_repo *r, const char *name, char **out);

/**
 * The git side: fetch, merge, and (unless dry_run) push with bounded
 * retries. Progress and results go into `report` (a JSON object).
 * @return 0 or -1 (reported).
 */
int gi_sync_git(struct gi_repo *r, const char *remote,
		const struct gi_sync_opts *opts, cJSON *report, int push);

/**
 * The whole sync, as `git issue-sync` runs it. `report` receives what was
 * done (for --json and the summary line).
 * @return 0 ok, 1 partly failed (reported), -1 fatal.
 */
int gi_sync_run(struct gi_repo *r, const struct gi_sync_opts *opts,
		cJSON *report);

#endif
