/*
 * repo.c: the repository, its configuration and the current issue, read
 * the way git reads them. libgit2 does not see `git -c` settings (they
 * travel in GIT_CONFIG_PARAMETERS and GIT_CONFIG_COUNT); we parse them here
 * so that `git -c issue.remote=x issue-sync` behaves as a git user expects.
 */
#include "gitissue/repo.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/*
 * libgit2 parses the system CA bundle with mbedTLS inside git_libgit2_init
 * (about 4 ms of a 7 ms start on Debian 12). The suite never uses libgit2's
 * own transports: the network goes through the user's git and libcurl. So
 * executables that link this library answer that one call themselves; the
 * interposed definition wins over libmbedx509's for libgit2's call. With a
 * libgit2 built on OpenSSL or without TLS the symbol is simply unused.
 */
struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path);
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

void gi_libgit2_init(void)
{
	static int done;

	const char *nosystem = getenv("GIT_CONFIG_NOSYSTEM");
	int skip;

	if (!done) {
		git_libgit2_init();
		/* git skips the system configuration under GIT_CONFIG_NOSYSTEM;
		 * libgit2 (1.5 and 1.9 alike) reads /etc/gitconfig regardless */
		if (nosystem && !git_config_parse_bool(&skip, nosystem) && skip)
			git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
					 GIT_CONFIG_LEVEL_SYSTEM, "");
		done = 1;
	}
}

static char *xstrdup_or_null(const char *s)
{
	return s ? gi_xstrdup(s) : NULL;
}

static char *strip_slash(const char *s)
{
	char *d = gi_xstrdup(s);
	size_t n = strlen(d);

	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	return d;
}

int gi_repo_open(struct gi_repo *r)
{
	int err;

	memset(r, 0, sizeof(*r));
	gi_libgit2_init();
	err = git_repository_open_ext(&r->repo, NULL,
				      GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (err < 0)
		return err == GIT_ENOTFOUND ? GIT_ENOTFOUND : -1;
	r->bare = git_repository_is_bare(r->repo);
	if (!r->bare && git_repository_workdir(r->repo))
		r->workdir = strip_slash(git_repository_workdir(r->repo));
	else
		r->bare = 1;
	r->gitdir = strip_slash(git_repository_path(r->repo));
	r->commondir = strip_slash(git_repository_commondir(r->repo));
	if (git_repository_config_snapshot(&r->config, r->repo) < 0)
		r->config = NULL;
	return 0;
}

void gi_repo_open_or_die(struct gi_repo *r)
{
	int err = gi_repo_open(r);

	if (err == GIT_ENOTFOUND)
		gi_die("not a git repository (or any of the parent "
		       "directories): .git");
	if (err < 0)
		gi_die("unable to open repository: %s",
		       gi_git_errmsg("unknown error"));
}

void gi_repo_release(struct gi_repo *r)
{
	git_config_free(r->config);
	git_repository_free(r->repo);
	free(r->workdir);
	free(r->gitdir);
	free(r->commondir);
	memset(r, 0, sizeof(*r));
}

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
		val = xstrdup_or_null(e->value);
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

char *gi_identity(struct gi_repo *r)
{
	const char *name = getenv("GIT_AUTHOR_NAME");
	const char *email = getenv("GIT_AUTHOR_EMAIL");
	char *cname = NULL, *cemail = NULL, host[256] = "localhost";
	struct passwd *pw = getpwuid(getuid());
	const char *login = pw && pw->pw_name ? pw->pw_name : "unknown";
	gi_buf b = GI_BUF_INIT;

	if (!name || !*name)
		name = cname = gi_config_get(r, "user.name");
	if (!email || !*email)
		email = cemail = gi_config_get(r, "user.email");
	if (!email || !*email)
		email = getenv("EMAIL");
	if (!name || !*name)
		name = login;
	gi_buf_adds(&b, name);
	gi_buf_adds(&b, " <");
	if (email && *email) {
		gi_buf_adds(&b, email);
	} else {
		gethostname(host, sizeof(host) - 1);
		host[sizeof(host) - 1] = '\0';
		gi_buf_addf(&b, "%s@%s", login, host);
	}
	gi_buf_addch(&b, '>');
	free(cname);
	free(cemail);
	return gi_buf_detach(&b, NULL);
}

char *gi_current_branch(struct gi_repo *r)
{
	git_reference *head = NULL;
	const char *target;
	char *out = NULL;

	if (r->bare)
		return NULL;
	if (git_reference_lookup(&head, r->repo, "HEAD") < 0)
		return NULL;
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		target = git_reference_symbolic_target(head);
		if (!strncmp(target, "refs/heads/", 11))
			out = gi_xstrdup(target + 11);
	}
	git_reference_free(head);
	return out;
}

int gi_parse_issue(const char *s, long *out)
{
	unsigned long v;

	if (s && *s == '#')
		s++;
	if (gi_parse_ulong(s, &v) || v < 1 || v > (unsigned long)GI_ISSUE_MAX)
		return -1;
	*out = (long)v;
	return 0;
}

/* issue/<N> or issue/<N>-<anything> */
static int issue_from_branch_name(const char *branch, long *out)
{
	const char *p;
	char *num;
	int ret;

	if (strncmp(branch, "issue/", 6))
		return -1;
	p = branch + 6;
	if (*p == '#')
		return -1;
	num = gi_xstrndup(p, strcspn(p, "-"));
	ret = gi_parse_issue(num, out);
	free(num);
	return ret;
}

int gi_branch_issue(struct gi_repo *r, const char *branch, long *out,
		    int report)
{
	gi_buf key = GI_BUF_INIT;
	char *val;
	int ret = GIT_ENOTFOUND;

	gi_buf_addf(&key, "branch.%s.issue", branch);
	val = gi_config_get(r, key.buf);
	if (val) {
		if (!gi_parse_issue(val, out))
			ret = 0;
		else if (report)
			ret = gi_error("bad issue number '%s' in '%s'", val,
				       key.buf);
		else
			gi_warning("ignoring bad issue number '%s' in '%s'",
				   val, key.buf);
	} else if (!issue_from_branch_name(branch, out)) {
		ret = 0;
	}
	free(val);
	gi_buf_release(&key);
	return ret;
}

int gi_infer_issue(struct gi_repo *r, long *out)
{
	char *branch = gi_current_branch(r);
	int ret;

	if (!branch)
		return GIT_ENOTFOUND;
	ret = gi_branch_issue(r, branch, out, 1);
	free(branch);
	return ret;
}

static int is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

void gi_maybe_auto_gc(struct gi_repo *r)
{
	long limit = gi_config_long(r, "gc.auto", 6700);
	long threshold, count = 0;
	gi_buf path = GI_BUF_INIT;
	DIR *d;
	struct dirent *e;
	pid_t pid;
	char *argv[] = { "git", "--git-dir", r->gitdir, "gc", "--auto",
			 "--quiet", NULL };
	posix_spawn_file_actions_t fa;
	struct stat sb;

	if (limit <= 0)
		return;
	/* git's estimate: the loose objects in one of 256 fan-out dirs */
	threshold = (limit + 255) / 256;
	gi_buf_addf(&path, "%s/objects/17", r->commondir);
	d = opendir(path.buf);
	gi_buf_release(&path);
	if (!d)
		return;
	while ((e = readdir(d)) && count <= threshold)
		if (strlen(e->d_name) == GIT_OID_HEXSZ - 2 &&
		    is_hex(e->d_name, GIT_OID_HEXSZ - 2))
			count++;
	closedir(d);
	if (count <= threshold)
		return;
	/* a gc is already running (maybe started by another writer); git
	 * itself ignores a gc.pid older than 12 hours as left by a crash */
	gi_buf_addf(&path, "%s/gc.pid", r->commondir);
	count = !stat(path.buf, &sb) && time(NULL) - sb.st_mtime < 12 * 3600;
	gi_buf_release(&path);
	if (count)
		return;

	/*
	 * git gc --auto detaches itself (gc.autoDetach); we only wait for its
	 * foreground part. Its output is housekeeping, not ours to show:
	 * with many writers it races for gc.pid and complains.
	 */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (!posix_spawnp(&pid, "git", &fa, NULL, argv, environ))
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	posix_spawn_file_actions_destroy(&fa);
}
