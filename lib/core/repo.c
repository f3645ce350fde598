/*
 * repo.c: opening the repository the way git does, the user's identity,
 * and the checked-out branch (repo.h).
 */
#include "gitissue/repo.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/config.h"

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

