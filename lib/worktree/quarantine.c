/*
 * quarantine.c: an object directory apart from the repository's that
 * takes every object a command writes, as git's receive-pack makes one
 * (quarantine.h); what git issue-overlap and git issue-ready write for
 * the work in progress and their merges goes there, never into the
 * repository. It is kept between runs (issue-cache/work-objects.<day>):
 * the same work in progress is then a commit already there, which the
 * worktrees' cache (wt-cache.h) names, and nothing is written; a new day
 * starts with a new directory.
 */
#define _GNU_SOURCE	/* mkdtemp, nftw */
#include "worktree/quarantine.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/util/util.h"

/* Above the loose (1) and pack (2) backends: first asked to write. */
#define QUARANTINE_PRIORITY 1000

/*
 * One directory a day, work-objects.<day>: a new day starts empty, and
 * the directories of the days before yesterday's are deleted (yesterday's
 * may still serve a run that started before midnight). Work known by the
 * worktrees' cache and not in today's directory is written again.
 */
#define DAY_SECONDS (24 * 60 * 60)
#define PREFIX "work-objects."

static void drop_old_days(const char *cache_dir, long today)
{
	DIR *d = opendir(cache_dir);
	struct dirent *e;
	gi_buf path = GI_BUF_INIT;

	while (d && (e = readdir(d))) {
		char *end;
		long day;

		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)))
			continue;
		day = strtol(e->d_name + strlen(PREFIX), &end, 10);
		if (*end || day >= today - 1)
			continue;
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", cache_dir, e->d_name);
		gi_quarantine_drop(path.buf);
	}
	if (d)
		closedir(d);
	gi_buf_release(&path);
}

/* Today's directory, made; NULL when it cannot be (a read-only
 * repository). */
static char *kept_dir(struct gi_repo *r)
{
	gi_buf dir = GI_BUF_INIT;
	long today = (long)(time(NULL) / DAY_SECONDS);
	size_t len;

	gi_buf_addf(&dir, "%s/issue-cache", r->commondir);
	if (mkdir(dir.buf, 0777) < 0 && errno != EEXIST)
		goto fail;
	len = dir.len;
	gi_buf_addf(&dir, "/" PREFIX "%ld", today);
	if (!mkdir(dir.buf, 0777)) {
		dir.buf[len] = '\0';
		drop_old_days(dir.buf, today);
		dir.buf[len] = '/';
	} else if (errno != EEXIST) {
		goto fail;
	}
	return gi_buf_detach(&dir, NULL);
fail:
	gi_buf_release(&dir);
	return NULL;
}

int gi_quarantine_has(const char *dir, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	gi_buf path = GI_BUF_INIT;
	int ok;

	git_oid_tostr(hex, sizeof(hex), id);
	gi_buf_addf(&path, "%s/%.2s/%s", dir, hex, hex + 2);
	ok = !access(path.buf, F_OK);
	gi_buf_release(&path);
	return ok;
}

char *gi_quarantine_make(struct gi_repo *r, int *temp)
{
	const char *tmp = getenv("TMPDIR");
	gi_buf b = GI_BUF_INIT;
	char *kept = kept_dir(r);

	*temp = !kept;
	if (kept)
		return kept;

	gi_buf_addf(&b, "%s/git-issue-overlap.XXXXXX", tmp && *tmp ? tmp :
		    "/tmp");
	if (!mkdtemp(b.buf)) {
		gi_error("unable to make a temporary directory '%s'", b.buf);
		gi_buf_release(&b);
		return NULL;
	}
	return gi_buf_detach(&b, NULL);
}

int gi_quarantine_use(git_repository *repo, const char *dir)
{
	git_odb *odb = NULL;
	git_odb_backend *b = NULL;
	int err = git_repository_odb(&odb, repo);

	if (!err)
		err = git_odb_backend_loose(&b, dir, -1, 0, 0, 0);
	if (!err) {
		err = git_odb_add_backend(odb, b, QUARANTINE_PRIORITY);
		if (err < 0)
			b->free(b);
	}
	git_odb_free(odb);	/* the repository keeps it */
	if (err < 0)
		return gi_error("unable to set up a temporary object store: "
				"%s", gi_git_errmsg("unknown error"));
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void gi_quarantine_drop(const char *dir)
{
	if (dir)
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
