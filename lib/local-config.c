/*
 * local-config.c: writes to the repository's local configuration
 * (local-config.h). libgit2 takes config.lock the way git does; a writer
 * that finds it taken fails at once, so we retry for a short while instead
 * of failing an agent because another one was linking its branch.
 *
 * Sections are removed key by key, not with git_config_rename_section:
 * in libgit2 1.5 that goes through git_regexp_match, which leaks its
 * pcre2 match data on every entry the pattern does not match.
 */
#include "gitissue/local-config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define LOCK_TRIES 100	/* 10 ms apart: a second at most */

static int open_local(git_config **cfg, git_config **local,
		      struct gi_repo *r)
{
	*cfg = *local = NULL;
	if (git_repository_config(cfg, r->repo) < 0 ||
	    git_config_open_level(local, *cfg, GIT_CONFIG_LEVEL_LOCAL) < 0)
		return -1;
	return 0;
}

int gi_local_config_set(struct gi_repo *r, const char *key,
			const char *value)
{
	git_config *cfg = NULL, *local = NULL;
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int err = -1, tries;

	if (open_local(&cfg, &local, r) < 0)
		goto done;
	for (tries = 0; tries < LOCK_TRIES; tries++) {
		err = git_config_set_string(local, key, value);
		if (err != GIT_ELOCKED)
			break;
		nanosleep(&pause, NULL);
	}
done:
	if (err < 0)
		gi_error("unable to set '%s' in the repository configuration: "
			 "%s", key, gi_git_errmsg("unknown error"));
	git_config_free(local);
	git_config_free(cfg);
	return err < 0 ? -1 : 0;
}

int gi_local_config_remove_section(struct gi_repo *r, const char *section,
				   const char *subsection)
{
	git_config *cfg = NULL, *local = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char **names = NULL;
	size_t nr = 0, alloc = 0, i, slen = strlen(section);
	size_t sublen = strlen(subsection);
	int err = -1;

	if (open_local(&cfg, &local, r) < 0 ||
	    git_config_iterator_new(&it, local) < 0)
		goto done;
	/* section names are case-insensitive, subsections are not */
	while (!git_config_next(&e, it)) {
		const char *n = e->name;

		if (!strncasecmp(n, section, slen) && n[slen] == '.' &&
		    !strncmp(n + slen + 1, subsection, sublen) &&
		    n[slen + 1 + sublen] == '.' &&
		    !strchr(n + slen + sublen + 2, '.')) {
			GI_ALLOC_GROW(names, nr + 1, alloc);
			names[nr++] = gi_xstrdup(n);
		}
	}
	/* deleting while iterating would pull the file from under it */
	for (i = 0; i < nr; i++) {
		err = git_config_delete_entry(local, names[i]);
		if (err == GIT_EEXISTS)	/* several values: all go */
			err = git_config_delete_multivar(local, names[i], ".*");
		if (err < 0 && err != GIT_ENOTFOUND)
			goto done;
	}
	err = 0;
done:
	if (err < 0)
		gi_error("unable to remove '%s.%s' from the repository "
			 "configuration: %s", section, subsection,
			 gi_git_errmsg("unknown error"));
	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	git_config_iterator_free(it);
	git_config_free(local);
	git_config_free(cfg);
	return err < 0 ? -1 : 0;
}
