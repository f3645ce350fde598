/*
 * run.c: child processes with captured output and a deadline (run.h).
 *
 * gi_run is fork, redirect, exec in the child; in the parent, a poll loop
 * that feeds stdin and drains stdout and stderr until the pipes close or
 * the deadline passes, then the reaping of the child (also bounded).
 */
#include "gitissue/util/run.h"
#include "gitissue/util/repo.h"

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

const char *const gi_local_repo_env[] = {
	"GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_INDEX_FILE",
	"GIT_COMMON_DIR", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_GRAFT_FILE",
	"GIT_SHALLOW_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE",
	NULL
};

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

/* The parent's ends of the child's standard streams; -1 when none. */
struct pipes {
	int in, out, err;
};

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* In the child: streams, directory, environment, then exec. */
static void __attribute__((noreturn)) exec_child(const struct gi_child *c,
						 int in, int out, int err)
{
	int devnull = open("/dev/null", O_RDWR);
	size_t i;

	if (!c->inherit) {
		dup2(in >= 0 ? in : devnull, 0);
		dup2(out >= 0 ? out : c->out_to_err ? 2 : devnull, 1);
		if (err >= 0)
			dup2(err, 2);
		else if (c->discard_err)
			dup2(devnull, 2);
	}
	if (c->dir && chdir(c->dir) < 0) {
		fprintf(stderr, "error: unable to enter '%s': %s\n", c->dir,
			strerror(errno));
		_exit(127);
	}
	for (i = 0; c->clean_repo_env && gi_local_repo_env[i]; i++)
		unsetenv(gi_local_repo_env[i]);
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

/* Fork the child with its pipes; the parent keeps its ends in `p`. */
static pid_t start(const struct gi_child *c, struct pipes *p)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int want_in = (c->in || c->dialog) && !c->inherit;
	int want_out = c->out && !c->inherit;
	int want_err = c->err && !c->inherit;
	pid_t pid;

	p->in = p->out = p->err = -1;
	if ((want_in && pipe(inp)) || (want_out && pipe(outp)) ||
	    (want_err && pipe(errp))) {
		gi_error("unable to create a pipe: %s", strerror(errno));
		pid = -1;
		goto fail;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		gi_error("unable to fork: %s", strerror(errno));
		goto fail;
	}
	if (!pid)
		exec_child(c, inp[0], outp[1], errp[1]);
	close_fd(&inp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[1]);
	p->in = inp[1];
	p->out = outp[0];
	p->err = errp[0];
	if (p->in >= 0 && !c->in_len && !c->dialog)
		close_fd(&p->in);
	if (p->in >= 0)
		set_nonblock(p->in);
	if (p->out >= 0)
		set_nonblock(p->out);
	if (p->err >= 0)
		set_nonblock(p->err);
	return pid;
fail:
	close_fd(&inp[0]);
	close_fd(&inp[1]);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[0]);
	close_fd(&errp[1]);
	return -1;
}

/* What stdin is fed: `in`, then what a dialog adds. */
struct feed {
	gi_buf buf;
	size_t written;
	int done;		/* the dialog is over: close stdin when fed */
};

/* Write what is ready of the feed; close stdin at its end. */
static void feed_in(struct pipes *p, struct feed *f)
{
	ssize_t n = write(p->in, f->buf.buf + f->written,
			  f->buf.len - f->written);

	if (n > 0)
		f->written += (size_t)n;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0 || (f->written == f->buf.len && f->done))
		close_fd(&p->in);
}

/* Move what is ready on stdout or stderr; closes it at its end. A
 * dialog hears what came. @return -1 when the dialog ends it. */
static int drain(const struct gi_child *c, struct pipes *p, int fd,
		 struct feed *f)
{
	char buf[8192];
	ssize_t n;
	int rc;

	n = read(fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		close_fd(fd == p->out ? &p->out : &p->err);
		return 0;
	}
	gi_buf_add(fd == p->out ? c->out : c->err, buf, (size_t)n);
	if (fd != p->out || !c->dialog || f->done)
		return 0;
	rc = c->dialog(c->out, &f->buf, c->payload);
	if (rc < 0)
		return -1;
	f->done = rc > 0;
	if (f->done && f->written == f->buf.len)
		close_fd(&p->in);
	return 0;
}

/*
 * Feed and drain until every pipe is closed. 1: the deadline passed (or
 * the dialog gave up).
 */
static int pump(const struct gi_child *c, struct pipes *p, long deadline)
{
	struct feed f = { GI_BUF_INIT, 0, !c->dialog };
	int late = 0;

	if (c->in_len)
		gi_buf_add(&f.buf, c->in, c->in_len);
	for (;;) {
		struct pollfd fds[3];
		int nfds = 0, timeout = -1, i;

		if (p->in >= 0 && f.written < f.buf.len)
			fds[nfds++] = (struct pollfd){ p->in, POLLOUT, 0 };
		if (p->out >= 0)
			fds[nfds++] = (struct pollfd){ p->out, POLLIN, 0 };
		if (p->err >= 0)
			fds[nfds++] = (struct pollfd){ p->err, POLLIN, 0 };
		if (!nfds)
			break;
		if (deadline) {
			long left = deadline - gi_now_ms();

			if (left <= 0) {
				late = 1;
				break;
			}
			timeout = (int)left;
		}
		if (poll(fds, (nfds_t)nfds, timeout) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < nfds && !late; i++)
			if (fds[i].fd == p->in && fds[i].revents)
				feed_in(p, &f);
			else if (fds[i].revents &&
				 drain(c, p, fds[i].fd, &f) < 0)
				late = 1;
		if (late)
			break;
	}
	gi_buf_release(&f.buf);
	return late;
}

/*
 * Wait for the child; the pipes may close before it ends, so the deadline
 * still holds here. 1 when it had to be killed.
 */
static int reap(pid_t pid, int *status, long deadline, int kill_now)
{
	while (!kill_now) {
		pid_t w = waitpid(pid, status, deadline ? WNOHANG : 0);

		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return 0;
		if (deadline && gi_now_ms() >= deadline)
			kill_now = 1;
		else if (deadline)
			usleep(2000);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return 1;
}

int gi_run(struct gi_child *c)
{
	struct pipes p;
	long deadline = c->timeout_ms ? gi_now_ms() + c->timeout_ms : 0;
	void (*old_pipe)(int);
	int status = 0, late;
	pid_t pid = start(c, &p);

	if (pid < 0)
		return -1;
	old_pipe = signal(SIGPIPE, SIG_IGN);
	late = pump(c, &p, deadline);
	close_fd(&p.in);
	close_fd(&p.out);
	close_fd(&p.err);
	late = reap(pid, &status, deadline, late);
	signal(SIGPIPE, old_pipe);
	if (late)
		return -2;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}
