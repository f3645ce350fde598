/*
 * config.c: reading configuration as git does, `git -c` included, and
 * writing the repository's local configuration (config.h).
 *
 * libgit2 does not see `git -c` settings (they travel in
 * GIT_CONFIG_PARAMETERS and GIT_CONFIG_COUNT); we parse them here so that
 * `git -c issue.remote=x issue-sync` behaves as a git user expects.
 *
 * Writing: libgit2 takes config.lock the way git does; a writer that finds
 * it taken fails at once, so we retry for a short while instead of failing
 * an agent because another one was linking its branch. Sections are
 * removed key by key, not with git_config_rename_section: in libgit2 1.5
 * that goes through git_regexp_match, which leaks its pcre2 match data on
 * every entry the pattern does not match.
 */
#include "gitissue/util/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gitissue/util/run.h"

/*
 * Canonical form of a config key: section and variable lowercased, the
 * subsection (between the first and last dot) kept as it is.
 */
static char *canon_key(const char *key, size_t len)
{
	char *k = gi_xstrndup(key, len);
	char *first = strchr(k, '.'), *last = strrchr(k, '.'), *p;

	for (p = k; *p && (!first || p < first); p++)
		*p = (char)tolower((unsigned char)*p);
	if (last)
		for (p = last; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return k;
}

/* One single-quoted word of GIT_CONFIG_PARAMETERS, as git's sq_dequote. */
static const char *sq_word(const char *s, gi_buf *out)
{
	if (*s != '\'')
		return NULL;
	s++;
	for (;;) {
		if (!*s)
			return NULL;
		if (*s != '\'') {
			gi_buf_addch(out, *s++);
			continue;
		}
		/* a quote ends the word unless it is '\'' */
		if (s[1] == '\\' && s[2] == '\'' && s[3] == '\'') {
			gi_buf_addch(out, '\'');
			s += 4;
			continue;
		}
		return s + 1;
	}
}

/*
 * Find `key` in the command-line configuration. Later settings win, and
 * GIT_CONFIG_PARAMETERS is read after GIT_CONFIG_COUNT, as git does.
 * Sets *found; *val is NULL for a bare `-c key` (boolean true).
 */
static void env_config(const char *key, int *found, char **val)
{
	const char *env, *p;
	unsigned long count = 0, i;
	gi_buf k = GI_BUF_INIT, v = GI_BUF_INIT;
	char name[64];

	env = getenv("GIT_CONFIG_COUNT");
	if (env && !gi_parse_ulong(env, &count)) {
		for (i = 0; i < count; i++) {
			const char *ek, *ev;
			char *ck;

			snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%lu", i);
			ek = getenv(name);
			snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%lu", i);
			ev = getenv(name);
			if (!ek || !ev)
				continue;
			ck = canon_key(ek, strlen(ek));
			if (!strcmp(ck, key)) {
				free(*val);
				*val = gi_xstrdup(ev);
				*found = 1;
			}
			free(ck);
		}
	}

	env = getenv("GIT_CONFIG_PARAMETERS");
	for (p = env; p && *p;) {
		const char *eq;
		char *ck;
		int has_value = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		gi_buf_reset(&k);
		gi_buf_reset(&v);
		p = sq_word(p, &k);
		if (!p)
			break;
		if (*p == '=') {
			/* new form: 'key'='value' (or 'key'= for empty) */
			has_value = 1;
			p++;
			if (*p == '\'') {
				p = sq_word(p, &v);
				if (!p)
					break;
			}
		} else if ((eq = strchr(k.buf, '='))) {
			/* old form: 'key=value' */
			has_value = 1;
			gi_buf_adds(&v, eq + 1);
			gi_buf_setlen(&k, (size_t)(eq - k.buf));
		}
		ck = canon_key(k.buf, k.len);
		if (!strcmp(ck, key)) {
			free(*val);
			*val = has_value ? gi_xstrdup(v.buf) : NULL;
			*found = 1;
		}
		free(ck);
	}
	gi_buf_release(&k);
	gi_buf_release(&v);
}

/* Like gi_config_get, but tells a bare `-c key` (value NULL) apart. */
static int config_lookup(struct gi_repo *r, const char *key, char **out)
{
	char *ck = canon_key(key, strlen(key));
	int found = 0;
	char *val = NULL;
	git_config_entry *e = NULL;

	env_config(ck, &found, &val);
	if (!found && r && r->config &&
	    !git_config_get_entry(&e, r->config, ck)) {
		found = 1;
		val = gi_xstrdup_or_null(e->value);
		git_config_entry_free(e);
	}
	free(ck);
	*out = val;
	return found;
}

char *gi_config_get(struct gi_repo *r, const char *key)
{
	char *v;

	if (!config_lookup(r, key, &v))
		return NULL;
	return v ? v : gi_xstrdup("true");
}

int gi_config_bool(struct gi_repo *r, const char *key, int def)
{
	char *v;
	int ret = def, b;

	if (!config_lookup(r, key, &v))
		return def;
	if (!v)
		return 1;
	if (!git_config_parse_bool(&b, v))
		ret = b;
	else
		gi_warning("bad boolean config value '%s' for '%s'", v, key);
	free(v);
	return ret;
}

long gi_config_long(struct gi_repo *r, const char *key, long def)
{
	char *v;
	int64_t n;
	long ret = def;

	if (!config_lookup(r, key, &v) || !v)
		return def;
	if (!git_config_parse_int64(&n, v))
		ret = (long)n;
	else
		gi_warning("bad numeric config value '%s' for '%s'", v, key);
	free(v);
	return ret;
}

#define LOCK_WAIT_MS 1000	/* for another writer of the config */

static int open_local(git_config **cfg, git_config **local,
		      struct gi_repo *r)
{
	*cfg = *local = NULL;
	if (git_repository_config(cfg, r->repo) < 0 ||
	    git_config_open_level(local, *cfg, GIT_CONFIG_LEVEL_LOCAL) < 0)
		return -1;
	return 0;
}

int gi_config_set_local(struct gi_repo *r, const char *key,
			const char *value)
{
	git_config *cfg = NULL, *local = NULL;
	struct gi_backoff wait = { 0, 1000, 20000, 0 };
	int err = -1, tries;

	if (open_local(&cfg, &local, r) < 0)
		goto done;
	wait.deadline_ms = gi_now_ms() + LOCK_WAIT_MS;
	for (tries = 0;; tries++) {
		err = git_config_set_string(local, key, value);
		if (err != GIT_ELOCKED || gi_backoff(&wait, tries) < 0)
			break;
	}
done:
	if (err < 0)
		gi_error("unable to set '%s' in the repository configuration: "
			 "%s", key, gi_git_errmsg("unknown error"));
	git_config_free(local);
	git_config_free(cfg);
	return err < 0 ? -1 : 0;
}

int gi_config_remove_section_local(struct gi_repo *r, const char *section,
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
