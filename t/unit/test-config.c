/*
 * test-config: `git -c` settings as git passes them to its children
 * (GIT_CONFIG_PARAMETERS, old and new quoting; GIT_CONFIG_COUNT), and
 * GIT_CONFIG_NOSYSTEM.
 */
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/config.h"
#include "gitissue/util/repo.h"
#include "unit.h"

static int is(const char *key, const char *want)
{
	char *v = gi_config_get(NULL, key);
	int ok = want ? v && !strcmp(v, want) : !v;

	free(v);
	return ok;
}

int main(void)
{
	git_config *cfg = NULL, *sys = NULL;

	setenv("GIT_CONFIG_PARAMETERS",
	       "'issue.github'='o/r' 'Issue.SyncStrict' "
	       "'branch.Feature/X.issue=7' 'issue.quote'='it'\\''s' "
	       "'issue.empty'=", 1);
	CHECK(is("issue.github", "o/r"), "new form 'key'='value'");
	CHECK(is("issue.syncstrict", "true"), "bare key is true, case folded");
	CHECK(is("issue.syncStrict", "true"), "lookup key case folded");
	CHECK(is("branch.Feature/X.issue", "7"), "old form, subsection kept");
	CHECK(is("branch.feature/x.issue", NULL), "subsection case matters");
	CHECK(is("issue.quote", "it's"), "quote inside a value");
	CHECK(is("issue.empty", ""), "empty value");
	CHECK(is("issue.missing", NULL), "unset key");
	CHECK(gi_config_bool(NULL, "issue.syncStrict", 0) == 1, "bool true");

	setenv("GIT_CONFIG_COUNT", "2", 1);
	setenv("GIT_CONFIG_KEY_0", "issue.remote", 1);
	setenv("GIT_CONFIG_VALUE_0", "upstream", 1);
	setenv("GIT_CONFIG_KEY_1", "issue.github", 1);
	setenv("GIT_CONFIG_VALUE_1", "count/loses", 1);
	CHECK(is("issue.remote", "upstream"), "GIT_CONFIG_COUNT entries");
	CHECK(is("issue.github", "o/r"),
	      "GIT_CONFIG_PARAMETERS read after GIT_CONFIG_COUNT wins");
	setenv("GIT_CONFIG_PARAMETERS", "'gc.auto'='12k'", 1);
	CHECK(gi_config_long(NULL, "gc.auto", 1) == 12288, "k suffix");

	/* as git: GIT_CONFIG_NOSYSTEM hides /etc/gitconfig, which libgit2
	 * reads regardless (this can only fail where that file exists) */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	gi_libgit2_init();
	CHECK(!git_config_open_default(&cfg) &&
	      git_config_open_level(&sys, cfg, GIT_CONFIG_LEVEL_SYSTEM) ==
	      GIT_ENOTFOUND, "GIT_CONFIG_NOSYSTEM: no system configuration");
	git_config_free(sys);
	git_config_free(cfg);
	return unit_done();
}
