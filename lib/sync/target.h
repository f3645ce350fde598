/*
 * target.h: which GitHub repository and API a clone mirrors to:
 * issue.github and issue.githubApi, else the remote's URL in any of git's
 * forms. No network and no libcurl here.
 */
#ifndef GITISSUE_SYNC_TARGET_H
#define GITISSUE_SYNC_TARGET_H

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

struct gi_github_target {
	char *host;	/* web host, e.g. github.com */
	char *owner;
	char *repo;
	char *api;	/* API base without trailing slash */
};

/**
 * Parse a remote URL (https://, ssh://, git://, scp-like user@host:path,
 * with or without .git) into host, owner and repository.
 * @return 0, or -1 when it does not look like host/owner/repo.
 */
int gi_github_parse_url(const char *url, char **host, char **owner,
			char **repo);

/**
 * The user name and password of a URL ("https://user:secret@host/"), or
 * NULL when it has none: where they start, and *len their length with
 * the '@'. Only a URL with "://" has any.
 */
const char *gi_url_userinfo(const char *url, size_t *len);

/** `url` without its user name and password, for a message: a URL is
 * never shown with them (as git shows remote URLs). */
void gi_url_add_shown(gi_buf *out, const char *url);

/**
 * The GitHub repository of this clone (`t` initialised by the call): issue.github (owner/repo), else the
 * remote's URL; the API base from issue.githubApi, else api.github.com for
 * github.com, else https://HOST/api/v3 (GitHub Enterprise).
 * @return 0, or GIT_ENOTFOUND when nothing names a GitHub repository.
 */
int gi_github_target(struct gi_github_target *t, struct gi_repo *r,
		     const char *remote);
void gi_github_target_release(struct gi_github_target *t);

#endif
