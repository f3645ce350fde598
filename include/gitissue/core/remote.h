/*
 * remote.h: which git remote the suite works with, chosen the same way by
 * every command: the one named, else `issue.remote`, else "origin", else
 * the only remote there is.
 *
 * Remotes are read from the configuration (remote.<name>.url), not with
 * git_remote_lookup/git_remote_list: in libgit2 1.5.1 those match config
 * names with a regex whose PCRE2 match data leaks on every non-match.
 */
#ifndef GITISSUE_CORE_REMOTE_H
#define GITISSUE_CORE_REMOTE_H

#include "gitissue/util/repo.h"

/** `remote.<name>.url`, or NULL when there is no such remote. Caller
 * frees. */
char *gi_remote_url(struct gi_repo *r, const char *name);
/** Is there a remote called `name` (one with a URL)? */
int gi_remote_exists(struct gi_repo *r, const char *name);

/**
 * The remote to use: `name` when given, else issue.remote, else "origin"
 * when it exists, else the only remote. *out (caller frees) is NULL when
 * there is none. A remote that is named (by `name` or issue.remote) but
 * does not exist is an error, reported unless `quiet`.
 * @return 0 or -1.
 */
int gi_remote_pick(struct gi_repo *r, const char *name, int quiet,
		   char **out);

#endif
