/*
 * test-wt-cache: the key of a worktree's state (worktree/scan-quick.c,
 * gi_scan_key) and the cache of what its work is by that key
 * (worktree/wt-cache.c), in a scratch repository: a file edited, a file
 * made, the index changed, HEAD moved are each another key; an ignored
 * file is not; a change too recent (a time ahead of the clock here, so
 * that no slowness of the machine makes it old) gives no key; what one command put,
 * the next one gets while nothing changed, and not after; the object
 * directory of the work in progress, one a day.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "worktree/quarantine.h"
#include "worktree/scan-quick.h"
#include "worktree/wt-cache.h"
#include "gitissue/util/repo.h"
#include "gitissue/util/util.h"
#include "unit.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int sh(const char *cmd)
{
	return system(cmd) == 0;
}

/* The key of the scratch repository's worktree: 0 when it has one. */
static int key_of(unsigned char key[20])
{
	git_repository *wt = NULL;
	int ret = -1;

	if (!git_repository_open(&wt, "."))
		ret = gi_scan_key(wt, key);
	git_repository_free(wt);
	return ret;
}

/* Does the key change with `cmd`, run in the scratch repository? */
static int changes_key(const char *cmd)
{
	unsigned char a[20], b[20];

	if (key_of(a) || !sh(cmd) || key_of(b))
		return -1;
	return memcmp(a, b, 20) != 0;
}

static void test_key(void)
{
	unsigned char a[20], b[20];

	CHECK(!key_of(a) && !key_of(b) && !memcmp(a, b, 20),
	      "nothing changed: the same key");
	CHECK(changes_key("echo two more >>f") == 1, "a file edited");
	CHECK(changes_key("git add f") == 1, "the index changed");
	CHECK(changes_key("git commit -q -m two") == 1, "HEAD moved");
	CHECK(changes_key("echo new >new.txt") == 1, "an untracked file made");
	CHECK(changes_key("echo more >>new.txt") == 1,
	      "an untracked file edited");
	CHECK(changes_key("mkdir -p sub/deep && echo x >sub/deep/u") == 1,
	      "a file in a new folder");
	CHECK(changes_key("echo y >sub/deep/v") == 1,
	      "a file in an untracked folder");
	CHECK(changes_key("echo junk >junk.log") == 0,
	      "an ignored file: the same key");
	CHECK(changes_key("echo '*.txt' >>.git/info/exclude") == 1,
	      "the ignore rules changed");
	CHECK(changes_key("rm f") == 1, "a tracked file removed");
}

static void test_recent(void)
{
	unsigned char a[20];

	struct timespec t[2];

	unsetenv("GIT_ISSUE_TEST_TRUST_RECENT");
	write_file("f", "just now\n");
	/* ahead of the clock: recent however slow this machine is */
	t[0].tv_sec = t[1].tv_sec = time(NULL) + 3600;
	t[0].tv_nsec = t[1].tv_nsec = 5;
	CHECK(!utimensat(AT_FDCWD, "f", t, 0) && key_of(a) == 1,
	      "a file changed just now: no key to trust");
	t[0].tv_nsec = t[1].tv_nsec = 0;
	CHECK(!utimensat(AT_FDCWD, "f", t, 0) && key_of(a) == 1,
	      "whole seconds (a coarse file system): no key either");
	setenv("GIT_ISSUE_TEST_TRUST_RECENT", "1", 1);
	CHECK(key_of(a) == 0, "trusted (the tests' setting): a key");
}

/* What a new command (a new gi_repo) knows of the worktree. */
static int known(struct gi_wt_known *st)
{
	struct gi_repo r;
	git_repository *wt = NULL;
	int ret = -1;

	if (gi_repo_open(&r) < 0)
		return -1;
	if (!git_repository_open(&wt, ".")) {
		gi_wt_cache_get(gi_wt_cache_of(&r), wt, st);
		ret = st->has_status;
	}
	git_repository_free(wt);
	gi_repo_release(&r);
	return ret;
}

static void put_status(size_t files)
{
	struct gi_repo r;
	git_repository *wt = NULL;
	struct gi_wt_known st;

	if (gi_repo_open(&r) < 0 || git_repository_open(&wt, ".") < 0)
		return;
	gi_wt_cache_get(gi_wt_cache_of(&r), wt, &st);
	st.has_status = 1;
	st.dirty = 1;
	st.files = files;
	st.newest = 1234;
	gi_wt_cache_put(gi_wt_cache_of(&r), &st);
	gi_wt_cache_save(gi_wt_cache_of(&r), &r);
	git_repository_free(wt);
	gi_repo_release(&r);
}

static void test_cache(void)
{
	struct gi_wt_known st;
	struct gi_repo r;
	git_repository *wt = NULL;

	CHECK(known(&st) == 0, "nothing put: nothing known");
	put_status(3);
	CHECK(known(&st) == 1 && st.dirty && st.files == 3 &&
	      st.newest == 1234, "put by one command, got by the next");
	write_file("f", "edited again, longer than before\n");
	CHECK(known(&st) == 0, "a file edited: not known");
	put_status(4);
	CHECK(sh("git add f") && known(&st) == 0, "the index changed");
	put_status(5);
	CHECK(sh("git commit -q -m three") && known(&st) == 0, "HEAD moved");
	put_status(6);
	CHECK(known(&st) == 1 && st.files == 6, "then known again");

	/* within one command the worktree is read once */
	if (gi_repo_open(&r) == 0 && !git_repository_open(&wt, ".")) {
		gi_wt_cache_get(gi_wt_cache_of(&r), wt, &st);
		write_file("f", "edited while the command runs, longer\n");
		gi_wt_cache_get(gi_wt_cache_of(&r), wt, &st);
		CHECK(st.has_status && st.files == 6,
		      "one walk per command: the key it read first");
		git_repository_free(wt);
		gi_repo_release(&r);
	}
	CHECK(known(&st) == 0, "the next command sees the edit");

	put_status(7);
	write_file(".git/issue-cache/worktrees", "GIIWTREE broken");
	CHECK(known(&st) == 0, "a corrupt file: nothing known");
	put_status(8);
	CHECK(known(&st) == 1 && st.files == 8, "and written again");
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The object directory of the work: one a day, the old ones dropped. */
static void test_work_objects(struct gi_repo *r)
{
	long today = (long)(time(NULL) / (24 * 60 * 60));
	char old[64], yesterday[64], now[64], *dir;
	int temp = -1;

	snprintf(old, sizeof(old), ".git/issue-cache/work-objects.%ld",
		 today - 2);
	snprintf(yesterday, sizeof(yesterday),
		 ".git/issue-cache/work-objects.%ld", today - 1);
	snprintf(now, sizeof(now), ".git/issue-cache/work-objects.%ld", today);
	if (!sh("rm -rf .git/issue-cache/work-objects.*") ||
	    !sh("mkdir -p .git/issue-cache/work-objects.5/ab") ||
	    mkdir(old, 0777) < 0 || mkdir(yesterday, 0777) < 0) {
		CHECK(0, "old object directories made");
		return;
	}
	dir = gi_quarantine_make(r, &temp);
	CHECK(dir && !temp && strstr(dir, now + 4) && is_dir(now),
	      "today's directory, in the repository, kept");
	CHECK(!is_dir(old) && !is_dir(".git/issue-cache/work-objects.5"),
	      "the days before yesterday's dropped");
	CHECK(is_dir(yesterday), "yesterday's kept (a run may use it)");
	free(dir);
}

int main(void)
{
	struct gi_repo r;
	char dir[] = "/tmp/gi-unit-wt-cache.XXXXXX";

	setenv("GIT_ISSUE_TEST_TRUST_RECENT", "1", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	if (unit_scratch_repo(&r, dir) < 0)
		return unit_done();
	if (sh("git config user.name Unit && git config user.email u@x && "
	       "echo '*.log' >.gitignore && echo one >f && "
	       "git add f .gitignore && git commit -q -m one")) {
		test_key();
		test_recent();
		test_cache();
		test_work_objects(&r);
	} else {
		CHECK(0, "a first commit");
	}
	unit_scratch_done(&r, dir);
	return unit_done();
}
