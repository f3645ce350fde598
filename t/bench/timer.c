/*
 * timer.c: wall-clock time of whole processes, several commands
 * interleaved run by run, for t/bench/run. Built by the benchmark itself.
 *
 *   gi-bench-timer RUNS WARMUP [-C DIR] [-U FILE] [-B SHELL-CMD] [-I FILE]
 *                  [-X STATUS] CMD [ARG...] [-- ...]...
 *
 * Each round runs every command once, in turn, and the order reverses every
 * other round, so a slow moment of a shared machine falls on every command
 * alike. A command is started with posix_spawnp (no shell), its output goes
 * to /dev/null, and the clock (CLOCK_MONOTONIC) runs from just before the
 * spawn to the end of waitpid: that is what a user pays to start and run
 * it, with no sampler of ours inside. The CPU time (user + system) of the
 * child and of the children it waited for (git's dispatched command) comes
 * from wait4: it moves less than wall time when other work shares the
 * machine. -U FILE removes FILE before each run of that command, outside
 * the timed window (a cache, to time a cold run); -B SHELL-CMD runs
 * `sh -c SHELL-CMD` before each run, outside the timed window too (a fresh
 * copy of a repository, to time a first import again); -I FILE is the
 * command's standard input (a hook's JSON), else /dev/null; -X STATUS is
 * an exit status that counts as success besides 0 (git issue-overlap's 1
 * for a conflict). A command that cannot start, dies of a signal or exits
 * with another status counts as a failed run. Prints one line per
 * command:
 *
 *   <median wall us> <min wall us> <failed runs> <median cpu us> <max rss kB>
 *
 * The last is the largest peak resident set of any run (ru_maxrss of the
 * command and the children it waited for: through git, the larger of git
 * and the command it ran).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *dir;
	const char *unlink;
	const char *before;
	const char *input;
	int ok_status;
	char **argv;
	long *us, *cpu;
	long maxrss;
	int failed;
};

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
}

/* -B: the shell command before a run; its failure fails the run */
static int prepare(const struct cmd *c)
{
	char *argv[] = { "sh", "-c", (char *)c->before, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = 0, err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	err = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -1;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

static long run(struct cmd *c, long *cpu)
{
	struct rusage ru;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = 0, err;
	long start, end;

	*cpu = 0;
	if (c->before && prepare(c) < 0) {
		c->failed++;
		return 0;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0,
		c->input ? c->input : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (c->dir)
		posix_spawn_file_actions_addchdir_np(&fa, c->dir);
	if (c->unlink)
		unlink(c->unlink);
	start = now_us();
	err = posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ);
	if (!err)
		while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
			;
	end = now_us();
	*cpu = err ? 0 : tv_us(ru.ru_utime) + tv_us(ru.ru_stime);
	if (!err && ru.ru_maxrss > c->maxrss)
		c->maxrss = ru.ru_maxrss;
	posix_spawn_file_actions_destroy(&fa);
	if (err || !WIFEXITED(status) ||
	    (WEXITSTATUS(status) && WEXITSTATUS(status) != c->ok_status))
		c->failed++;
	return end - start;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static long median(const long *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One option of a command: 1 if `opt` was one (with its `val`) */
static int option(struct cmd *c, const char *opt, const char *val)
{
	if (!strcmp(opt, "-C"))
		c->dir = val;
	else if (!strcmp(opt, "-U"))
		c->unlink = val;
	else if (!strcmp(opt, "-B"))
		c->before = val;
	else if (!strcmp(opt, "-I"))
		c->input = val;
	else if (!strcmp(opt, "-X"))
		c->ok_status = atoi(val);
	else
		return 0;
	return 1;
}

int main(int argc, char **argv)
{
	struct cmd *cmds;
	int runs, warmup, n = 0, i, r;

	if (argc < 4 || (runs = atoi(argv[1])) < 1 ||
	    (warmup = atoi(argv[2])) < 0) {
		fprintf(stderr, "usage: gi-bench-timer <runs> <warmup> "
			"[-C <dir>] [-U <file>] [-B <shell-cmd>] [-I <file>] "
			"[-X <status>] <cmd> [<arg>...] [-- ...]\n");
		return 129;
	}
	cmds = calloc((size_t)argc, sizeof(*cmds));
	if (!cmds)
		return 128;
	for (i = 3; i < argc; n++) {
		while (i + 1 < argc && option(&cmds[n], argv[i], argv[i + 1]))
			i += 2;
		if (i >= argc || !strcmp(argv[i], "--")) {
			fprintf(stderr, "gi-bench-timer: empty command\n");
			return 129;
		}
		cmds[n].argv = &argv[i];
		while (i < argc && strcmp(argv[i], "--"))
			i++;
		if (i < argc)
			argv[i++] = NULL;	/* ends this command's argv */
		cmds[n].us = calloc((size_t)runs, sizeof(long));
		cmds[n].cpu = calloc((size_t)runs, sizeof(long));
		if (!cmds[n].us || !cmds[n].cpu)
			return 128;
	}

	for (r = 0; r < warmup + runs; r++) {
		for (i = 0; i < n; i++) {
			struct cmd *c = &cmds[r % 2 ? n - 1 - i : i];
			long cpu, us = run(c, &cpu);

			if (r >= warmup) {
				c->us[r - warmup] = us;
				c->cpu[r - warmup] = cpu;
			}
		}
	}
	for (i = 0; i < n; i++) {
		long *v = cmds[i].us, *u = cmds[i].cpu;

		qsort(v, (size_t)runs, sizeof(*v), cmp_long);
		qsort(u, (size_t)runs, sizeof(*u), cmp_long);
		printf("%ld %ld %d %ld %ld\n", median(v, runs), v[0],
		       cmds[i].failed, median(u, runs), cmds[i].maxrss);
	}
	return 0;
}
