/*
 * run.c: child processes with captured output and a deadline (run.h).
 */
#include "gitissue/run.h"
#include "gitissue/repo.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int gi_git(struct gi_repo *r, const char *const *args, gi_buf *out,
	   gi_buf *err, long timeout_ms)
{
	const char **argv;
	struct gi_child c = { 0 };
	size_t n = 0, i;
	int ret;

	while (args[n])
		n++;
	argv = gi_xcalloc(n + 4, sizeof(*argv));
	argv[0] = "git";
	argv[1] = "--git-dir";
	argv[2] = r->gitdir;
	for (i = 0; i < n; i++)
		argv[3 + i] = args[i];
	c.argv = argv;
	c.dir = r->workdir ? r->workdir : r->gitdir;
	c.out = out;
	c.err = err;
	c.timeout_ms = timeout_ms;
	ret = gi_run(&c);
	free(argv);
	return ret;
}

long gi_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int gi_run(struct gi_child *c)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	pid_t pid;
	int status = 0, killed = 0;
	size_t written = 0;
	long deadline = c->timeout_ms ? gi_now_ms() + c->timeout_ms : 0;
	void (*old_pipe)(int);

	if ((c->in && pipe(inp)) || (c->out && pipe(outp)) ||
	    (c->err && pipe(errp)))
		return gi_error("unable to create a pipe: %s", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return gi_error("unable to fork: %s", strerror(errno));
	if (!pid) {
		int devnull = open("/dev/null", O_RDWR);
		size_t i;

		dup2(c->in ? inp[0] : devnull, 0);
		dup2(c->out ? outp[1] : c->out_to_err ? 2 : devnull, 1);
		if (c->err)
			dup2(errp[1], 2);
		if (c->dir && chdir(c->dir) < 0) {
			fprintf(stderr, "error: unable to enter '%s': %s\n",
				c->dir, strerror(errno));
			_exit(127);
		}
		for (i = 0; c->unset_env && c->unset_env[i]; i++)
			unsetenv(c->unset_env[i]);
		for (i = 0; c->env && c->env[i]; i++)
			putenv((char *)c->env[i]);
		/* close everything else, the pipes' other ends included */
		for (i = 3; i < 1024; i++)
			close((int)i);
		execvp(c->argv[0], (char *const *)c->argv);
		fprintf(stderr, "error: unable to run '%s': %s\n", c->argv[0],
			strerror(errno));
		_exit(127);
	}
	old_pipe = signal(SIGPIPE, SIG_IGN);
	if (c->in) {
		close(inp[0]);
		set_nonblock(inp[1]);
	}
	if (c->out) {
		close(outp[1]);
		set_nonblock(outp[0]);
	}
	if (c->err) {
		close(errp[1]);
		set_nonblock(errp[0]);
	}
	if (c->in && !c->in_len) {
		close(inp[1]);
		inp[1] = -1;
	}

	for (;;) {
		struct pollfd p[3];
		int np = 0, timeout = -1, i;
		char buf[8192];

		if (c->in && inp[1] >= 0)
			p[np++] = (struct pollfd){ inp[1], POLLOUT, 0 };
		if (c->out && outp[0] >= 0)
			p[np++] = (struct pollfd){ outp[0], POLLIN, 0 };
		if (c->err && errp[0] >= 0)
			p[np++] = (struct pollfd){ errp[0], POLLIN, 0 };
		if (!np)
			break;
		if (deadline) {
			long left = deadline - gi_now_ms();

			if (left <= 0) {
				kill(pid, SIGKILL);
				killed = 1;
				break;
			}
			timeout = (int)left;
		}
		if (poll(p, (nfds_t)np, timeout) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < np; i++) {
			ssize_t n;

			if (!p[i].revents)
				continue;
			if (p[i].fd == inp[1]) {
				n = write(inp[1], c->in + written,
					  c->in_len - written);
				if (n > 0)
					written += (size_t)n;
				if (n < 0 && errno == EAGAIN)
					continue;
				if (n < 0 || written == c->in_len) {
					close(inp[1]);
					inp[1] = -1;
				}
				continue;
			}
			n = read(p[i].fd, buf, sizeof(buf));
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (n <= 0) {
				close(p[i].fd);
				if (p[i].fd == outp[0])
					outp[0] = -1;
				else
					errp[0] = -1;
				continue;
			}
			gi_buf_add(p[i].fd == outp[0] ? c->out : c->err, buf,
				   (size_t)n);
		}
	}
	if (inp[1] >= 0)
		close(inp[1]);
	if (outp[0] >= 0)
		close(outp[0]);
	if (errp[0] >= 0)
		close(errp[0]);
	/* the pipes may close before the child ends: the deadline holds */
	while (!killed) {
		pid_t w = waitpid(pid, &status, deadline ? WNOHANG : 0);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
		if (deadline && gi_now_ms() >= deadline) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		if (deadline)
			usleep(2000);
	}
	if (killed)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	signal(SIGPIPE, old_pipe);
	if (killed)
		return -2;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}
