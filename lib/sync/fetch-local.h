/*
 * fetch-local.h: the notes of a remote that is a repository on this
 * machine (a plain absolute path), fetched in the process instead of
 * through `git fetch` and its four helper processes (fetch-local.c).
 */
#ifndef GITISSUE_SYNC_FETCH_LOCAL_H
#define GITISSUE_SYNC_FETCH_LOCAL_H

#include "gitissue/util/repo.h"

/* Not done here: fetch through git (not a local path, a URL rewrite
 * configured, the repository cannot be read by libgit2). */
#define GI_FETCH_LOCAL_NO 2

/**
 * Copy the notes of `remote` into this clone and move `track` to them,
 * as `git fetch <remote> +refs/notes/issues:<track>` does.
 * @return 0 fetched, 1 the remote has no notes, or GI_FETCH_LOCAL_NO
 * (nothing reported: the caller runs git).
 */
int gi_fetch_local(struct gi_repo *r, const char *remote, const char *track);

#endif
