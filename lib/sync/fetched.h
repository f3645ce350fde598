/*
 * fetched.h: when this clone last heard from the issue remote. Every
 * successful fetch of the notes (git issue-sync, the pre-push hook, a
 * claim decided by the remote) touches $GIT_COMMON_DIR/issue-sync/fetched,
 * which holds the remote's name; its modification time is the time of the
 * fetch. `git issue-ready` says from it how fresh its knowledge of other
 * clones' claims is. Only a hint: a missing file means "never".
 */
#ifndef GITISSUE_SYNC_FETCHED_H
#define GITISSUE_SYNC_FETCHED_H

#include <time.h>

#include "gitissue/util/repo.h"

/** Remember that the notes were just fetched from `remote`: best
 * effort, silent but for a lock a killed writer left (a warning naming
 * it), written whole (util/lockfile.h). */
void gi_fetched_mark(struct gi_repo *r, const char *remote);

/**
 * When the notes were last fetched, and from which remote (*remote,
 * caller frees; NULL when the file names none).
 * @return 0, or GIT_ENOTFOUND (never).
 */
int gi_fetched_when(struct gi_repo *r, time_t *when, char **remote);

#endif
