/*
 * test-lockfile: files written whole through a lock file
 * (lib/util/lockfile.c): one writer at a time, all or nothing, the lock
 * removed on every way out but SIGKILL, and what a caller asks about
 * symbolic links.
 */
#include <errno.h>
#include <fcntl.h>
#include <git2/errors.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/run.h"
#include "gitissue/util/util.h"
#include "util/lockfile.h"
#include "unit.h"

#define WRITERS 6
#define ROUNDS 25

static char dir[] = "/tmp/gi-test-lockfile-XXXXXX";

static char *at(const char *name)
{
	static char path[4][512];
	static int n;

	n = (n + 1) % 4;
	snprintf(path[n], sizeof(path[n]), "%s/%s", dir, name);
	return path[n];
}

static int exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

static int has(const char *path, const char *text)
{
	gi_buf b = GI_BUF_INIT;
	int same = !gi_buf_read_file(&b, path) && !strcmp(b.buf, text);

	gi_buf_release(&b);
	return same;
}

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (int)(st.st_mode & 07777);
}

static void test_write(void)
{
	struct gi_lock_opts o = { 0 };
	struct gi_lock lk = GI_LOCK_INIT;

	CHECK(!gi_write_file_atomic(at("a"), "one\n", 4, NULL) &&
	      has(at("a"), "one\n") && !exists(at("a.lock")),
	      "a new file, no lock left");
	o.flags = GI_LOCK_KEEP_MODE;
	o.mode = 0755;
	CHECK(!gi_write_file_atomic(at("x"), "#!/bin/sh\n", 10, &o) &&
	      mode_of(at("x")) == 0755, "a new file gets `mode`");
	chmod(at("x"), 0700);
	CHECK(!gi_write_file_atomic(at("x"), "#!/bin/sh\n:\n", 12, &o) &&
	      mode_of(at("x")) == 0700 && has(at("x"), "#!/bin/sh\n:\n"),
	      "KEEP_MODE: the replaced file's mode");
	o.flags = GI_LOCK_FSYNC;
	o.mode = 0;
	CHECK(!gi_write_file_atomic(at("a"), "two\n", 4, &o) &&
	      has(at("a"), "two\n"), "with fsync");

	CHECK(!gi_lock_hold(&lk, at("a"), NULL) && exists(at("a.lock")),
	      "held: the lock file is there");
	CHECK(!gi_lock_write(&lk, "thr", 3) &&
	      pwrite(gi_lock_fd(&lk), "T", 1, 0) == 1 &&
	      !gi_lock_write(&lk, "ee\n", 3), "written in parts, and by fd");
	CHECK(has(at("a"), "two\n"), "the target unchanged before commit");
	CHECK(!gi_lock_commit(&lk) && has(at("a"), "Three\n") && !lk.f &&
	      !exists(at("a.lock")), "committed");
	gi_lock_hold(&lk, at("a"), NULL);
	gi_lock_write(&lk, "four\n", 5);
	gi_lock_rollback(&lk);
	CHECK(has(at("a"), "Three\n") && !exists(at("a.lock")) && !lk.f,
	      "rolled back: the target as it was, no lock");
}

static void test_locked(void)
{
	struct gi_lock_opts o = { 0 };
	gi_buf err = GI_BUF_INIT, want = GI_BUF_INIT;
	long t0;

	close(open(at("a.lock"), O_WRONLY | O_CREAT, 0666));
	o.err = &err;
	CHECK(gi_write_file_atomic(at("a"), "x\n", 2, &o) == GIT_ELOCKED,
	      "another writer's lock: GIT_ELOCKED");
	gi_buf_addf(&want, "unable to create '%s': File exists; another "
		    "git-issue process seems to be writing '%s'; if none is "
		    "running, one was killed while it wrote: remove '%s' and "
		    "try again", at("a.lock"), at("a"), at("a.lock"));
	CHECK_STR(err.buf, want.buf, "named, with what to do (git's words)");
	CHECK(has(at("a"), "Three\n") && exists(at("a.lock")),
	      "the target and the other lock untouched");
	gi_buf_reset(&err);
	o.timeout_ms = 150;
	t0 = gi_now_ms();
	CHECK(gi_write_file_atomic(at("a"), "x\n", 2, &o) == GIT_ELOCKED &&
	      gi_now_ms() - t0 >= 100, "a timeout: waited, then locked");
	gi_buf_reset(&err);
	o.flags = GI_LOCK_QUIET;
	CHECK(gi_write_file_atomic(at("a"), "x\n", 2, &o) == GIT_ELOCKED &&
	      !err.len, "quiet: nothing said");
	o.flags = GI_LOCK_TAKE_OVER;
	o.timeout_ms = 0;
	CHECK(!gi_write_file_atomic(at("t"), "t\n", 2, &o) &&
	      !gi_write_file_atomic(at("a"), "Three\n", 6, &o) &&
	      has(at("a"), "Three\n") && !exists(at("a.lock")) && !err.len,
	      "TAKE_OVER: a lock found is taken over");
	gi_buf_release(&err);
	gi_buf_release(&want);
}

/* In a child: hold the lock on `path` and end as `how` says. */
static pid_t child_holding(const char *path, const char *how)
{
	struct gi_lock lk = GI_LOCK_INIT;
	int ready[2];
	pid_t pid;
	char c;

	if (pipe(ready) < 0)
		return -1;
	pid = fork();
	if (pid) {
		close(ready[1]);
		if (read(ready[0], &c, 1) != 1)
			c = 0;
		close(ready[0]);
		return pid;
	}
	close(ready[0]);
	if (gi_lock_hold(&lk, path, NULL) || gi_lock_write(&lk, "new\n", 4))
		_exit(3);
	if (write(ready[1], "1", 1) != 1)
		_exit(3);
	if (!strcmp(how, "die")) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 2);
		gi_die("dying with the lock held");
	}
	if (!strcmp(how, "exit"))
		exit(0);
	if (!strcmp(how, "sleep-commit")) {
		usleep(100 * 1000);
		_exit(gi_lock_commit(&lk) ? 1 : 0);
	}
	for (;;)
		pause();
}

static int ended_by(pid_t pid, int sig)
{
	int status;

	if (sig)
		kill(pid, sig);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) :
		WEXITSTATUS(status);
}

static void test_cleanup(void)
{
	struct gi_lock_opts o = { 0 };
	gi_buf err = GI_BUF_INIT;
	pid_t pid;

	pid = child_holding(at("b"), "pause");
	CHECK(exists(at("b.lock")) && ended_by(pid, SIGTERM) == 1000 + SIGTERM,
	      "SIGTERM: raised again after the cleanup");
	CHECK(!exists(at("b.lock")), "SIGTERM: the lock removed");
	pid = child_holding(at("b"), "pause");
	CHECK(ended_by(pid, SIGINT) == 1000 + SIGINT &&
	      !exists(at("b.lock")), "SIGINT: the lock removed");
	pid = child_holding(at("b"), "pause");
	CHECK(ended_by(pid, SIGHUP) == 1000 + SIGHUP &&
	      !exists(at("b.lock")), "SIGHUP: the lock removed");
	pid = child_holding(at("b"), "die");
	CHECK(ended_by(pid, 0) == 128 && !exists(at("b.lock")),
	      "die(): exit 128, the lock removed");
	pid = child_holding(at("b"), "exit");
	CHECK(ended_by(pid, 0) == 0 && !exists(at("b.lock")) &&
	      !exists(at("b")), "exit without a commit: nothing written");
	pid = child_holding(at("b"), "pause");
	CHECK(ended_by(pid, SIGKILL) == 1000 + SIGKILL && exists(at("b.lock")),
	      "SIGKILL: the lock stays");
	o.err = &err;
	CHECK(gi_write_file_atomic(at("b"), "x\n", 2, &o) == GIT_ELOCKED &&
	      strstr(err.buf, "b.lock': File exists") &&
	      strstr(err.buf, "remove '"), "and the next writer is told what "
	      "to do");
	unlink(at("b.lock"));
	pid = child_holding(at("b"), "sleep-commit");
	o.timeout_ms = 10000;
	CHECK(!gi_write_file_atomic(at("b"), "after\n", 6, &o) &&
	      ended_by(pid, 0) == 0 && has(at("b"), "after\n"),
	      "with a timeout: waits for the holder, then writes");
	gi_buf_release(&err);
}

/* Each writer appends its lines under the lock: none may be lost. */
static void writer(int k)
{
	struct gi_lock_opts o = { 0 };
	int i;

	o.timeout_ms = 30000;
	for (i = 0; i < ROUNDS; i++) {
		struct gi_lock lk = GI_LOCK_INIT;
		gi_buf b = GI_BUF_INIT;

		if (gi_lock_hold(&lk, at("shared"), &o))
			_exit(1);
		if (gi_buf_read_file(&b, at("shared")) < 0 && errno != ENOENT)
			_exit(2);
		gi_buf_addf(&b, "%d %d\n", k, i);
		if (gi_lock_write(&lk, b.buf, b.len) || gi_lock_commit(&lk))
			_exit(3);
		gi_buf_release(&b);
	}
	_exit(0);
}

static void test_concurrent(void)
{
	pid_t pid[WRITERS];
	gi_buf b = GI_BUF_INIT;
	int k, ok = 1, lines = 0;
	const char *p;

	for (k = 0; k < WRITERS; k++) {
		pid[k] = fork();
		if (!pid[k])
			writer(k);
	}
	for (k = 0; k < WRITERS; k++)
		ok &= ended_by(pid[k], 0) == 0;
	CHECK(ok, "concurrent writers: every write succeeded");
	gi_buf_read_file(&b, at("shared"));
	for (p = b.buf; (p = strchr(p, '\n')); p++)
		lines++;
	CHECK(lines == WRITERS * ROUNDS, "concurrent writers: no write lost");
	CHECK(!exists(at("shared.lock")), "concurrent writers: no lock left");
	gi_buf_release(&b);
}

static void test_short_write(void)
{
	pid_t pid = fork();
	char big[8192];

	if (!pid) {
		struct rlimit rl = { 4096, 4096 };
		struct gi_lock_opts o = { GI_LOCK_QUIET };

		memset(big, 'x', sizeof(big));
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		_exit(gi_write_file_atomic(at("a"), big, sizeof(big), &o) == -1 ?
		      0 : 1);
	}
	CHECK(ended_by(pid, 0) == 0, "a short write is an error");
	CHECK(has(at("a"), "Three\n") && !exists(at("a.lock")),
	      "after a short write: the target as it was, no lock");
}

static void test_links(void)
{
	struct gi_lock_opts o = { 0 };
	gi_buf err = GI_BUF_INIT;
	char *root = gi_xstrdup(at("root"));

	mkdir(root, 0777);
	mkdir(at("root/in"), 0777);
	mkdir(at("out"), 0777);
	gi_write_file_atomic(at("out/target"), "theirs\n", 7, NULL);
	symlink(at("out/target"), at("root/link"));
	symlink(at("out"), at("root/away"));
	symlink(at("root/in"), at("root/inside"));

	o.flags = GI_LOCK_NOFOLLOW;
	o.root = root;
	o.err = &err;
	CHECK(gi_write_file_atomic(at("root/link"), "x\n", 2, &o) == -1 &&
	      strstr(err.buf, "is a symbolic link") &&
	      has(at("out/target"), "theirs\n"), "NOFOLLOW: a link refused");
	gi_buf_reset(&err);
	CHECK(gi_write_file_atomic(at("root/away/target"), "x\n", 2, &o) == -1 &&
	      strstr(err.buf, "leads out of") &&
	      has(at("out/target"), "theirs\n") &&
	      !exists(at("out/target.lock")),
	      "NOFOLLOW: a parent that leads out of the root refused");
	CHECK(!gi_write_file_atomic(at("root/inside/f"), "in\n", 3, &o) &&
	      has(at("root/in/f"), "in\n"),
	      "NOFOLLOW: a parent link that stays inside is fine");
	o.root = NULL;
	CHECK(!gi_write_file_atomic(at("root/away/target"), "x\n", 2, &o) &&
	      has(at("out/target"), "x\n"), "NOFOLLOW without a root: "
	      "parents are not checked");
	o.flags = GI_LOCK_DEREF;
	CHECK(!gi_write_file_atomic(at("root/link"), "deref\n", 6, &o) &&
	      has(at("out/target"), "deref\n") && exists(at("root/link")) &&
	      !exists(at("root/link.lock")), "DEREF: the link's target written");
	o.flags = 0;
	CHECK(!gi_write_file_atomic(at("root/link"), "mine\n", 5, &o) &&
	      has(at("out/target"), "deref\n") && has(at("root/link"), "mine\n"),
	      "the default: the link replaced by the file");
	gi_buf_release(&err);
	free(root);
}

static void test_ignored_signal(void)
{
	struct gi_lock lk = GI_LOCK_INIT;
	struct sigaction sa;

	signal(SIGPIPE, SIG_IGN);
	gi_lock_hold(&lk, at("c"), NULL);
	sigaction(SIGPIPE, NULL, &sa);
	CHECK(sa.sa_handler == SIG_IGN, "an ignored signal stays ignored");
	raise(SIGPIPE);
	CHECK(exists(at("c.lock")), "and takes no lock away");
	gi_lock_rollback(&lk);
	signal(SIGPIPE, SIG_DFL);
}

int main(void)
{
	gi_buf rm = GI_BUF_INIT;
	int rc;

	if (!mkdtemp(dir))
		return 1;
	test_write();
	test_locked();
	test_cleanup();
	test_concurrent();
	test_short_write();
	test_links();
	test_ignored_signal();
	rc = unit_done();
	gi_buf_addf(&rm, "rm -rf '%s'", dir);
	if (system(rm.buf))
		rc = 1;
	gi_buf_release(&rm);
	return rc;
}
