/*
 * pager.c: output through the user's pager, by git's rules (pager.h).
 *
 * After git's pager.c: the pager is a child reading a pipe that becomes
 * our stdout; at exit, or when a signal ends us, stdout is closed so the
 * pager sees the end, and we wait for it, so that the user's shell does
 * not come back while the pager still owns the terminal.
 */
#include "gitissue/util/pager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/util/run.h"

static pid_t pager_pid = -1;
static int pager_has_stderr;

/* git's git_parse_maybe_bool: 1, 0, or -1 when `v` is not a boolean. */
static int maybe_bool(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0", "" };
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(yes); i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (i = 0; i < GI_ARRAY_SIZE(no); i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

/* Close what the pager reads and wait for it: safe in a signal handler. */
static void finish(void)
{
	pid_t pid = pager_pid;

	if (pid < 0)
		return;
	pager_pid = -1;
	close(STDOUT_FILENO);
	if (pager_has_stderr)
		close(STDERR_FILENO);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void at_exit(void)
{
	fflush(stdout);
	fflush(stderr);
	finish();
}

static void on_signal(int sig)
{
	finish();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The pager command, or NULL for none. Caller frees. */
static char *pager_command(struct gi_repo *r, const char *verb)
{
	const char *args[] = { "var", "GIT_PAGER", NULL };
	gi_buf key = GI_BUF_INIT, out = GI_BUF_INIT;
	char *v, *cmd = NULL;
	int b;

	gi_buf_addf(&key, "pager.%s", verb);
	v = gi_config_get(r, key.buf);
	gi_buf_release(&key);
	b = v ? maybe_bool(v) : 1;
	if (!b) {
		free(v);
		return NULL;
	}
	/* as in git: GIT_PAGER, then pager.<verb>, then the rest */
	if (b < 0 && !getenv("GIT_PAGER")) {
		cmd = v;
		v = NULL;
	} else if (!gi_git(r, args, &out, NULL, 10000)) {
		gi_buf_rtrim(&out, "\n", 0);
		cmd = gi_buf_detach(&out, NULL);
	}
	free(v);
	gi_buf_release(&out);
	if (cmd && (!*cmd || !strcmp(cmd, "cat"))) {
		free(cmd);
		cmd = NULL;
	}
	return cmd;
}

int gi_pager_start(struct gi_repo *r, const char *verb)
{
	char *cmd;
	int fd[2];
	pid_t pid;

	if (pager_pid >= 0 || !isatty(STDOUT_FILENO))
		return 0;
	cmd = pager_command(r, verb);
	if (!cmd)
		return 0;
	fflush(stdout);
	fflush(stderr);
	if (pipe(fd) < 0) {
		free(cmd);
		return 0;
	}
	/* neither end may stay open in the pager but as its stdin */
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	/* as git does: we, our children and the pager know it is there */
	setenv("GIT_PAGER_IN_USE", "true", 1);
	pid = fork();
	if (pid < 0) {
		unsetenv("GIT_PAGER_IN_USE");
		close(fd[0]);
		close(fd[1]);
		free(cmd);
		return 0;
	}
	if (!pid) {
		dup2(fd[0], STDIN_FILENO);
		/* git's defaults; what the user set wins */
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	pager_pid = pid;
	dup2(fd[1], STDOUT_FILENO);
	pager_has_stderr = isatty(STDERR_FILENO);
	if (pager_has_stderr)
		dup2(fd[1], STDERR_FILENO);
	close(fd[0]);
	close(fd[1]);
	atexit(at_exit);
	signal(SIGINT, on_signal);
	signal(SIGQUIT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, on_signal);
	return 1;
}
