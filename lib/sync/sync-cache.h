/*
 * sync-cache.h: the sync cache, $GIT_COMMON_DIR/issue-sync/state.json, one per
 * repository (all worktrees share it), loaded under a lock so that one
 * sync runs at a time. A cache only: deleting it costs requests, never a
 * duplicate. No libcurl here: git issue-status reads it too.
 */
#ifndef GITISSUE_SYNC_SYNC_CACHE_H
#define GITISSUE_SYNC_SYNC_CACHE_H

#include <cjson/cJSON.h>

#include "gitissue/util/repo.h"

/* The persistent cache. `doc` is the JSON document; edit it in place. */
struct gi_sync_state {
	char *path;
	char *lock_path;
	cJSON *doc;
	int locked;
	int lock_fd;	/* holds the flock(2) while locked */
};

/**
 * Load the state (`st` initialised by the call) and take its lock
 * (another sync running: GIT_ELOCKED, reported). The lock is an flock(2)
 * that the kernel drops when its holder dies, so none is ever left behind. A missing or unreadable
 * state file gives an empty state.
 */
int gi_sync_state_open(struct gi_sync_state *st, struct gi_repo *r);
/** Write the state atomically (its lock file and a rename). */
int gi_sync_state_save(struct gi_sync_state *st);
/** Release the lock and free. */
void gi_sync_state_close(struct gi_sync_state *st);
/** Read-only load without the lock (for git issue-status). */
int gi_sync_state_peek(struct gi_sync_state *st, struct gi_repo *r);

/**
 * Has nothing changed since the last complete sync with the remote whose
 * entry is `rs` (an object of the state's "remotes")? True when the notes
 * ref is where that sync left it, or when there are no notes at all.
 */
int gi_sync_state_nothing_new(struct gi_repo *r, const cJSON *rs);

#endif
