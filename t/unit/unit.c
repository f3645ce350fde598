/*
 * unit.c: the TAP producer behind unit.h, and its scratch repository.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

static int count, failed;

int unit_check(int cond, const char *name, const char *file, int line)
{
	count++;
	printf("%sok %d - %s\n", cond ? "" : "not ", count, name);
	if (!cond) {
		failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

int unit_done(void)
{
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}

int unit_scratch_repo(struct gi_repo *r, char *dir)
{
	git_repository *repo;

	if (!mkdtemp(dir) || chdir(dir) < 0) {
		CHECK(0, "a scratch directory");
		return -1;
	}
	gi_libgit2_init();
	if (git_repository_init(&repo, ".", 0) < 0) {
		CHECK(0, "a scratch repository");
		return -1;
	}
	git_repository_free(repo);
	setenv("GIT_AUTHOR_NAME", "Unit", 1);
	setenv("GIT_AUTHOR_EMAIL", "unit@example.com", 1);
	if (gi_repo_open(r) < 0) {
		CHECK(0, "open the scratch repository");
		return -1;
	}
	return 0;
}

void unit_scratch_done(struct gi_repo *r, const char *dir)
{
	gi_buf cmd = GI_BUF_INIT;

	gi_repo_release(r);
	if (chdir("/") == 0) {
		gi_buf_addf(&cmd, "rm -rf '%s'", dir);
		if (system(cmd.buf))
			printf("# could not remove %s\n", dir);
	}
	gi_buf_release(&cmd);
}
