/*
 * repo.c: opening the repository the way git does, the user's identity,
 * and the checked-out branch (repo.h).
 */
#include "gitissue/util/repo.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "util/compat-mbedtls.h"

void gi_libgit2_init(void)
{
	static int done;
	const char *nosystem = getenv("GIT_CONFIG_NOSYSTEM");
	int skip;

	if (!done) {
		gi_compat_mbedtls_keep();
		git_libgit2_init();
		/*
		 * As git: objects are not hashed again when read (git checks
		 * them in fsck, not on every read; the check was a fifth of
		 * reading a note), and objects we create from ids we just
		 * computed or read are not looked up again to see that they
		 * exist (three reads of a note write).
		 */
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
		/* git skips the system configuration under GIT_CONFIG_NOSYSTEM;
		 * libgit2 (1.5 and 1.9 alike) reads /etc/gitconfig regardless */
		if (nosystem && !git_config_parse_bool(&skip, nosystem) && skip)
			git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
					 GIT_CONFIG_LEVEL_SYSTEM, "");
		done = 1;
	}
}

static char *strip_slash(const char *s)
{
	return gi_str_rtrim(gi_xstrdup(s), "/", 1);
}

/*
 * With extensions.worktreeConfig, git reads $GIT_DIR/config.worktree
 * after the repository's config (`git config --worktree` writes there);
 * libgit2 1.5 does not. It goes in at the application level, above the
 * local file, which is where git puts it; `git -c` is still read first
 * (config.c).
 */
static void add_worktree_config(struct gi_repo *r)
{
	git_config *cfg = NULL;
	gi_buf path = GI_BUF_INIT;
	int on = 0;

	if (git_repository_config(&cfg, r->repo) < 0)
		goto done;
	if (git_config_get_bool(&on, cfg, "extensions.worktreeconfig") < 0 ||
	    !on)
		goto done;
	gi_buf_addf(&path, "%s/config.worktree", r->gitdir);
	if (access(path.buf, F_OK) == 0 &&
	    git_config_add_file_ondisk(cfg, path.buf, GIT_CONFIG_LEVEL_APP,
				       r->repo, 0) < 0)
		gi_warning("ignoring '%s': %s", path.buf,
			   gi_git_errmsg("unreadable"));
done:
	git_error_clear();
	gi_buf_release(&path);
	git_config_free(cfg);
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
	add_worktree_config(r);
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
	if (r->worktrees_seen_free)
		r->worktrees_seen_free(r->worktrees_seen);
	git_config_free(r->config);
	git_repository_free(r->repo);
	free(r->workdir);
	free(r->gitdir);
	free(r->commondir);
	memset(r, 0, sizeof(*r));
}

/*
 * Add `s` as git's ident code does (strbuf_addstr_without_crud): without
 * leading or trailing "crud" (blanks, controls, . , : ; < > " \\ '), and
 * without the characters that would break "Name <email>" (<, >, newline).
 */
static void add_without_crud(gi_buf *b, const char *s)
{
	static const char crud[] = ".,:;<>\"\\'";
	const char *end = s + strlen(s);

	while (*s && ((unsigned char)*s <= 32 || strchr(crud, *s)))
		s++;
	while (end > s && ((unsigned char)end[-1] <= 32 ||
			   strchr(crud, end[-1])))
		end--;
	for (; s < end; s++)
		if (*s != '<' && *s != '>' && *s != '\n')
			gi_buf_addch(b, *s);
}

/* The first value of `keys` (environment first when `env` is set). */
static char *first_of(struct gi_repo *r, const char *env,
		      const char *const *keys)
{
	const char *e = env ? getenv(env) : NULL;
	char *v;

	if (e && *e)
		return gi_xstrdup(e);
	for (; *keys; keys++) {
		v = gi_config_get(r, *keys);
		if (v && *v)
			return v;
		free(v);
	}
	return NULL;
}

/* The name from the password database, as git takes it (up to a ',',
 * '&' standing for the login name capitalised). */
static char *gecos_name(const struct passwd *pw)
{
	gi_buf b = GI_BUF_INIT;
	const char *p;

	if (!pw || !pw->pw_gecos)
		return NULL;
	for (p = pw->pw_gecos; *p && *p != ','; p++) {
		if (*p == '&' && pw->pw_name && *pw->pw_name) {
			gi_buf_addch(&b, toupper((unsigned char)*pw->pw_name));
			gi_buf_adds(&b, pw->pw_name + 1);
		} else {
			gi_buf_addch(&b, *p);
		}
	}
	return gi_buf_detach(&b, NULL);
}

char *gi_identity(struct gi_repo *r)
{
	static const char *const name_keys[] = { "author.name", "user.name",
						 NULL };
	static const char *const email_keys[] = { "author.email",
						  "user.email", NULL };
	char *name = first_of(r, "GIT_AUTHOR_NAME", name_keys);
	char *email = first_of(r, "GIT_AUTHOR_EMAIL", email_keys);
	char host[256] = "localhost";
	struct passwd *pw = NULL;
	const char *login = "unknown";
	gi_buf b = GI_BUF_INIT;
	size_t len;

	if (!email && getenv("EMAIL") && *getenv("EMAIL"))
		email = gi_xstrdup(getenv("EMAIL"));
	/* the password database only when something is missing: agents
	 * and CI set both, and the lookup costs a note's start-up */
	if (!name || !email) {
		pw = getpwuid(getuid());
		if (pw && pw->pw_name)
			login = pw->pw_name;
	}
	if (name)
		add_without_crud(&b, name);
	if (!b.len) {
		char *g = gecos_name(pw);

		if (g)
			add_without_crud(&b, g);
		free(g);
	}
	if (!b.len) {
		if (!pw && (pw = getpwuid(getuid())) && pw->pw_name)
			login = pw->pw_name;
		gi_buf_adds(&b, login);
	}
	gi_buf_adds(&b, " <");
	len = b.len;
	if (email)
		add_without_crud(&b, email);
	if (b.len == len) {
		if (!pw && (pw = getpwuid(getuid())) && pw->pw_name)
			login = pw->pw_name;
		gethostname(host, sizeof(host) - 1);
		host[sizeof(host) - 1] = '\0';
		gi_buf_addf(&b, "%s@%s", login, host);
	}
	gi_buf_addch(&b, '>');
	free(name);
	free(email);
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

