/*
 * quarantine.c: a temporary object directory that takes every object a
 * command writes, as git's receive-pack makes one (quarantine.h); what
 * git issue-overlap and git issue-ready write for their merges goes there
 * and is deleted with it.
 */
#define _GNU_SOURCE	/* mkdtemp, nftw */
#include "worktree/quarantine.h"

#include <ftw.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "gitissue/util/util.h"

/* Above the loose (1) and pack (2) backends: first asked to write. */
#define QUARANTINE_PRIORITY 1000

char *gi_quarantine_make(void)
{
	const char *tmp = getenv("TMPDIR");
	gi_buf b = GI_BUF_INIT;

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
