/*
 * target.c: which GitHub repository and API a clone mirrors to (github.h):
 * issue.github and issue.githubApi, else the remote's URL in any of git's
 * forms. No network and no libcurl here.
 */
#include "sync/target.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/config.h"
#include "gitissue/core/remote.h"

static void strip_git_suffix(char *s)
{
	size_t n = strlen(gi_str_rtrim(s, "/", 0));

	if (n > 4 && !strcmp(s + n - 4, ".git"))
		s[n - 4] = '\0';
}

int gi_github_parse_url(const char *url, char **host, char **owner,
			char **repo)
{
	const char *p = url, *h, *path, *slash;
	char *hostpart = NULL, *tail = NULL, *at, *colon;
	int ret = -1;

	*host = *owner = *repo = NULL;
	if (strstr(p, "://")) {
		p = strstr(p, "://") + 3;
		h = p;
		path = strchr(p, '/');
		if (!path)
			return -1;
		hostpart = gi_xstrndup(h, (size_t)(path - h));
		path++;
	} else {
		/* scp-like: [user@]host:owner/repo; a local path has no ':' */
		colon = strchr(p, ':');
		slash = strchr(p, '/');
		if (!colon || (slash && slash < colon))
			return -1;
		hostpart = gi_xstrndup(p, (size_t)(colon - p));
		path = colon + 1;
	}
	/* drop user@ and :port */
	at = strrchr(hostpart, '@');
	if (at)
		memmove(hostpart, at + 1, strlen(at + 1) + 1);
	colon = strchr(hostpart, ':');
	if (colon)
		*colon = '\0';
	if (!*hostpart)
		goto done;
	tail = gi_xstrdup(path);
	strip_git_suffix(tail);
	/* owner/repo: the last two path components (GHE may prefix) */
	{
		char *last = strrchr(tail, '/');
		char *prev;

		if (!last || !last[1])
			goto done;
		*last = '\0';
		prev = strrchr(tail, '/');
		*owner = gi_xstrdup(prev ? prev + 1 : tail);
		*repo = gi_xstrdup(last + 1);
		if (!**owner) {
			free(*owner);
			free(*repo);
			*owner = *repo = NULL;
			goto done;
		}
	}
	for (at = hostpart; *at; at++)
		*at = (char)tolower((unsigned char)*at);
	*host = hostpart;
	hostpart = NULL;
	ret = 0;
done:
	free(hostpart);
	free(tail);
	return ret;
}

/* issue.github's "<owner>/<repo>"; a bad value is warned about. */
static int parse_owner_repo(const char *conf, char **owner, char **repo)
{
	const char *slash = strchr(conf, '/');

	if (!slash || slash == conf || !slash[1] || strchr(slash + 1, '/')) {
		gi_warning("issue.github should be <owner>/<repo>, not '%s'",
			   conf);
		return -1;
	}
	*owner = gi_xstrndup(conf, (size_t)(slash - conf));
	*repo = gi_xstrdup(slash + 1);
	strip_git_suffix(*repo);
	return 0;
}

const char *gi_url_userinfo(const char *url, size_t *len)
{
	const char *auth = strstr(url, "://"), *end, *at;

	if (!auth)
		return NULL;
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	/* the last '@' of the authority: a password may hold one */
	for (at = end; at > auth && at[-1] != '@'; at--)
		;
	if (at == auth)
		return NULL;
	*len = (size_t)(at - auth);
	return auth;
}

void gi_url_add_shown(gi_buf *out, const char *url)
{
	size_t len;
	const char *ui = gi_url_userinfo(url, &len);

	if (!ui) {
		gi_buf_adds(out, url);
		return;
	}
	gi_buf_add(out, url, (size_t)(ui - url));
	gi_buf_adds(out, ui + len);
}

/*
 * The API base and the host whose token is used. The host must be the
 * one the requests go to: the API's host when issue.githubApi is set,
 * else github.com when issue.github names the repository (it names a
 * github.com repository unless issue.githubApi says otherwise), else the
 * remote's host. Never the remote's host for another API: its git
 * credentials would be sent there. Takes `api` and `remote_host` over.
 */
static void api_and_host(struct gi_github_target *t, char *api,
			 char *remote_host, int named)
{
	char *host = named ? NULL : remote_host;
	gi_buf b = GI_BUF_INIT;

	if (named)
		free(remote_host);
	if (api) {
		char *h = NULL, *o = NULL, *rr = NULL;

		free(host);
		host = NULL;
		t->api = gi_str_rtrim(api, "/", 0);
		gi_buf_addf(&b, "%s/x/y", t->api);
		if (!gi_github_parse_url(b.buf, &h, &o, &rr))
			host = h;
		free(o);
		free(rr);
		gi_buf_reset(&b);
		if (host && !strcmp(host, "api.github.com")) {
			free(host);
			host = NULL;
		}
	}
	if (!host)
		host = gi_xstrdup("github.com");
	if (!t->api) {
		if (!strcmp(host, "github.com"))
			gi_buf_adds(&b, "https://api.github.com");
		else
			gi_buf_addf(&b, "https://%s/api/v3", host);
		t->api = gi_buf_detach(&b, NULL);
	}
	gi_buf_release(&b);
	t->host = host;
}

int gi_github_target(struct gi_github_target *t, struct gi_repo *r,
		     const char *remote)
{
	char *conf = gi_config_get(r, "issue.github");
	char *url = gi_remote_url(r, remote);
	char *host = NULL, *owner = NULL, *repo = NULL;

	memset(t, 0, sizeof(*t));
	if (url)
		gi_github_parse_url(url, &host, &owner, &repo);
	free(url);
	if (conf) {
		free(owner);
		free(repo);
		owner = repo = NULL;
		parse_owner_repo(conf, &owner, &repo);
	}
	if (!owner || !repo) {
		free(host);
		free(owner);
		free(repo);
		free(conf);
		return GIT_ENOTFOUND;
	}
	api_and_host(t, gi_config_get(r, "issue.githubApi"), host, !!conf);
	t->owner = owner;
	t->repo = repo;
	free(conf);
	return 0;
}

void gi_github_target_release(struct gi_github_target *t)
{
	free(t->host);
	free(t->owner);
	free(t->repo);
	free(t->api);
	memset(t, 0, sizeof(*t));
}

