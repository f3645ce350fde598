/*
 * remote.c: choosing the git remote (remote.h).
 */
#include "gitissue/core/remote.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/config.h"

char *gi_remote_url(struct gi_repo *r, const char *name)
{
	gi_buf key = GI_BUF_INIT;
	char *url;

	if (!name || !*name)
		return NULL;
	gi_buf_addf(&key, "remote.%s.url", name);
	url = gi_config_get(r, key.buf);
	gi_buf_release(&key);
	return url;
}

int gi_remote_exists(struct gi_repo *r, const char *name)
{
	char *url = gi_remote_url(r, name);

	free(url);
	return url != NULL;
}

/* The only remote with a URL, or NULL when there are none or several. */
static char *only_remote(struct gi_repo *r)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char *name = NULL;
	size_t count = 0;

	if (!r || !r->config ||
	    git_config_iterator_new(&it, r->config) < 0)
		return NULL;
	while (!git_config_next(&e, it)) {
		size_t len = strlen(e->name);

		if (strncmp(e->name, "remote.", 7) || len < 12 ||
		    strcmp(e->name + len - 4, ".url"))
			continue;
		/* the same remote may have several urls */
		if (name && !strncmp(name, e->name + 7, len - 11) &&
		    !name[len - 11])
			continue;
		count++;
		free(name);
		name = gi_xstrndup(e->name + 7, len - 11);
	}
	git_config_iterator_free(it);
	git_error_clear();
	if (count != 1) {
		free(name);
		name = NULL;
	}
	return name;
}

int gi_remote_pick(struct gi_repo *r, const char *name, int quiet,
		   char **out)
{
	char *conf = NULL;

	*out = NULL;
	if (!name)
		name = conf = gi_config_get(r, "issue.remote");
	if (name) {
		int ok = gi_remote_exists(r, name);

		if (ok)
			*out = gi_xstrdup(name);
		else if (!quiet)
			gi_error("no such remote '%s'", name);
		free(conf);
		return ok ? 0 : -1;
	}
	if (gi_remote_exists(r, "origin")) {
		*out = gi_xstrdup("origin");
		return 0;
	}
	*out = only_remote(r);
	return 0;
}
