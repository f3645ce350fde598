/*
 * test-target: which GitHub repository a remote URL names (lib/target.c),
 * in every form git accepts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync/target.h"
#include "gitissue/util/repo.h"
#include "unit.h"

static void check(const char *url, const char *host, const char *owner,
		  const char *repo)
{
	char *h, *o, *r;
	int ok = !gi_github_parse_url(url, &h, &o, &r);

	if (!host) {
		CHECK(!ok, url);
	} else {
		CHECK(ok && !strcmp(h, host) && !strcmp(o, owner) &&
		      !strcmp(r, repo), url);
	}
	if (ok) {
		free(h);
		free(o);
		free(r);
	}
}

/* The target of a scratch repository with the given config. */
static void target_case(const char *url, const char *github, const char *api,
			const char *want_host, const char *want_api,
			const char *name)
{
	char dir[] = "/tmp/gi-unit-target-XXXXXX";
	git_repository *repo;
	git_config *cfg;
	struct gi_repo r;
	struct gi_github_target t;
	char cwd[4096];
	int ok;

	if (!mkdtemp(dir) || !getcwd(cwd, sizeof(cwd)) ||
	    git_repository_init(&repo, dir, 0) < 0 ||
	    git_repository_config(&cfg, repo) < 0) {
		CHECK(0, name);
		return;
	}
	git_config_set_string(cfg, "remote.origin.url", url);
	if (github)
		git_config_set_string(cfg, "issue.github", github);
	if (api)
		git_config_set_string(cfg, "issue.githubApi", api);
	git_config_free(cfg);
	git_repository_free(repo);
	ok = !chdir(dir) && !gi_repo_open(&r) &&
	     !gi_github_target(&t, &r, "origin");
	CHECK(ok && !strcmp(t.host, want_host) && !strcmp(t.api, want_api),
	      name);
	if (ok) {
		gi_github_target_release(&t);
		gi_repo_release(&r);
	}
	if (chdir(cwd) < 0)
		return;
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return;
	}
}

int main(void)
{
	check("https://github.com/octo/app.git", "github.com", "octo", "app");
	check("https://github.com/octo/app", "github.com", "octo", "app");
	check("https://user@github.com/octo/app/", "github.com", "octo", "app");
	check("ssh://git@github.com/octo/app.git", "github.com", "octo", "app");
	check("ssh://git@github.com:22/octo/app.git", "github.com", "octo",
	      "app");
	check("git@github.com:octo/app.git", "github.com", "octo", "app");
	check("github.com:octo/app", "github.com", "octo", "app");
	check("https://GHE.Example.com/team/tool.git", "ghe.example.com",
	      "team", "tool");
	check("git@ghe.example.com:team/tool", "ghe.example.com", "team",
	      "tool");
	check("https://git.example.com/scm/team/tool.git", "git.example.com",
	      "team", "tool");
	check("/srv/git/app.git", NULL, NULL, NULL);
	check("../origin.git", NULL, NULL, NULL);
	check("file:///srv/git/app.git", NULL, NULL, NULL);
	check("https://github.com/", NULL, NULL, NULL);
	check("https://github.com/onlyowner", NULL, NULL, NULL);

	gi_libgit2_init();
	unsetenv("GIT_DIR");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	target_case("git@github.com:octo/app.git", NULL, NULL, "github.com",
		    "https://api.github.com", "github.com remote");
	target_case("git@ghe.example.com:team/tool.git", NULL, NULL,
		    "ghe.example.com", "https://ghe.example.com/api/v3",
		    "GitHub Enterprise remote: /api/v3");
	target_case("https://git.example.com/team/tool.git", "octo/app", NULL,
		    "github.com", "https://api.github.com",
		    "issue.github names a github.com repository, not the "
		    "remote's host (whose credentials must not be sent)");
	target_case("https://git.example.com/team/tool.git", "octo/app",
		    "http://127.0.0.1:8080/", "127.0.0.1",
		    "http://127.0.0.1:8080",
		    "issue.githubApi decides the host");
	target_case("git@ghe.example.com:team/tool.git", NULL,
		    "https://api.github.com", "github.com",
		    "https://api.github.com", "api.github.com is github.com");
	git_libgit2_shutdown();
	return unit_done();
}
