/*
 * test-config: `git -c` settings as git passes them to its children
 * (GIT_CONFIG_PARAMETERS, old and new quoting; GIT_CONFIG_COUNT).
 */
#include <stdlib.h>
#include <string.h>

#include "gitissue/config.h"
#include "gitissue/repo.h"
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
	return unit_done();
}
