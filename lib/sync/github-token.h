/*
 * github-token.h: where the GitHub client's token comes from, and what
 * became of it (github-token.c). The token is never printed.
 */
#ifndef GITISSUE_SYNC_GITHUB_TOKEN_H
#define GITISSUE_SYNC_GITHUB_TOKEN_H

#include "sync/github.h"

/**
 * The token for target `t`: GH_TOKEN / GITHUB_TOKEN for github.com,
 * GH_ENTERPRISE_TOKEN / GITHUB_ENTERPRISE_TOKEN for other hosts, then
 * `gh auth token`, then `git credential fill` (its answer kept in
 * gh->cred), within `deadline_ms` (0: none). gh->token_source names
 * where it came from. @return the token (the caller wipes and frees
 * it), or NULL.
 */
char *gi_github_token_find(struct gi_github *gh,
			   const struct gi_github_target *t, long deadline_ms);

/**
 * After the first answer to an authenticated request, tell git's
 * credential helpers what became of the token they gave, as git does:
 * `approve` when it worked, `reject` after a 401.
 */
void gi_github_token_outcome(struct gi_github *gh, long status);

/** What the token's source is called in messages. */
const char *gi_github_token_source(const struct gi_github *gh);

/** Wipe and free what held a secret. */
void gi_github_token_wipe(gi_buf *b);

/**
 * Which token the client holds, as 8 hex digits of a hash: enough to tell
 * tokens apart in a cache, nothing that could reveal one.
 */
void gi_github_token_key(const struct gi_github *gh, char out[9]);

#endif
