/*
 * lockfile.c: files written whole through "<path>.lock" and a rename,
 * one writer at a time; the lock files removed at exit and on signals
 * (lockfile.h). The one place in lib/ outside the loose-object writer
 * that calls rename(2).
 */
#include "util/lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <git2/errors.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/run.h"
#include "gitissue/util/util.h"

/* One lock held: on the list the exit and signal handlers walk. */
struct gi_lock_file {
	struct gi_lock_file *volatile next;
	char *lock_path;	/* "<path>.lock" */
	char *path;		/* what the commit replaces */
	char *shown;		/* the path the caller named */
	pid_t owner;		/* a forked child never removes it */
	int fd;
	int mode;		/* chmod at commit; 0: none */
	int failed;		/* errno of a failed write; the commit fails */
	unsigned flags;
	gi_buf *err;
};

static struct gi_lock_file *volatile held;
static pthread_mutex_t held_mutex = PTHREAD_MUTEX_INITIALIZER;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static struct sigaction chained[GI_ARRAY_SIZE(cleanup_signals)];

void gi_lock_remove_all(void)
{
	struct gi_lock_file *f;
	pid_t me = getpid();

	for (f = held; f; f = f->next)
		if (f->owner == me)
			unlink(f->lock_path);
}

static void remove_at_exit(void)
{
	gi_lock_remove_all();
}

/* Remove our locks, then let the signal do what it did before us. */
static void remove_on_signal(int sig)
{
	int saved = errno;
	size_t i;

	gi_lock_remove_all();
	for (i = 0; i < GI_ARRAY_SIZE(cleanup_signals); i++)
		if (cleanup_signals[i] == sig)
			sigaction(sig, &chained[i], NULL);
	raise(sig);
	errno = saved;
}

/*
 * Our handler in front of whatever each signal had, again at every hold:
 * a handler set since (the pager's) is chained to, not lost. A signal
 * the process ignores stays ignored: removing the locks of a process
 * that goes on would leave its writes unguarded.
 */
static void install_handlers(void)
{
	static int at_exit_set;
	size_t i;

	if (!at_exit_set) {
		atexit(remove_at_exit);
		at_exit_set = 1;
	}
	for (i = 0; i < GI_ARRAY_SIZE(cleanup_signals); i++) {
		struct sigaction cur, sa;

		if (sigaction(cleanup_signals[i], NULL, &cur) < 0 ||
		    cur.sa_handler == remove_on_signal ||
		    cur.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = remove_on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(cleanup_signals[i], &sa, &chained[i]);
	}
}

/* The list changes with our signals blocked, one thread at a time. */
static void list_lock(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < GI_ARRAY_SIZE(cleanup_signals); i++)
		sigaddset(&set, cleanup_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
	pthread_mutex_lock(&held_mutex);
}

static void list_unlock(const sigset_t *old)
{
	pthread_mutex_unlock(&held_mutex);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void list_remove(struct gi_lock_file *f)
{
	struct gi_lock_file *volatile *p;

	for (p = &held; *p; p = &(*p)->next)
		if (*p == f) {
			*p = f->next;
			break;
		}
}

/* Report unless quiet: into `err` when the caller gave one. @return -1 */
static int report(unsigned flags, gi_buf *err, const char *fmt, ...)
	GI_ATTR_PRINTF(3, 4);
static int report(unsigned flags, gi_buf *err, const char *fmt, ...)
{
	gi_buf msg = GI_BUF_INIT;
	va_list ap;

	if (flags & GI_LOCK_QUIET)
		return -1;
	va_start(ap, fmt);
	gi_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (err)
		gi_buf_add(err, msg.buf, msg.len);
	else
		gi_error("%s", msg.buf);
	gi_buf_release(&msg);
	return -1;
}

/* What to do about a lock that stayed; `sep` between its sentences. */
static void locked_advice(gi_buf *out, const char *path, const char *lock,
			  const char *sep)
{
	gi_buf_addf(out, "another git-issue process seems to be writing "
		    "'%s';%sif none is running, one was killed while it "
		    "wrote:%sremove '%s' and try again", path, sep, sep, lock);
}

/* Another writer's lock stayed: git's message, and what to do. */
static int report_locked(const struct gi_lock_file *f)
{
	gi_buf advice = GI_BUF_INIT;

	if (f->flags & GI_LOCK_QUIET)
		return GIT_ELOCKED;
	if (f->err) {
		gi_buf_addf(f->err, "unable to create '%s': %s; ",
			    f->lock_path, strerror(EEXIST));
		locked_advice(f->err, f->shown, f->lock_path, " ");
	} else {
		gi_error("unable to create '%s': %s", f->lock_path,
			 strerror(EEXIST));
		locked_advice(&advice, f->shown, f->lock_path, "\n");
		gi_advise("%s", advice.buf);
	}
	gi_buf_release(&advice);
	return GIT_ELOCKED;
}

void gi_lock_warn_stale(const char *path)
{
	gi_buf lock = GI_BUF_INIT, advice = GI_BUF_INIT;

	gi_buf_addf(&lock, "%s" GI_LOCK_SUFFIX, path);
	gi_warning("'%s' not updated: '%s' exists", path, lock.buf);
	locked_advice(&advice, path, lock.buf, "\n");
	gi_advise("%s", advice.buf);
	gi_buf_release(&lock);
	gi_buf_release(&advice);
}

/* Is the folder `dir` (resolved) `root` (resolved) or inside it? */
static int within(const char *dir, const char *root)
{
	size_t n = strlen(root);

	if (n == 1 && *root == '/')
		return 1;
	return !strncmp(dir, root, n) && (!dir[n] || dir[n] == '/');
}

/* GI_LOCK_NOFOLLOW: is `path` a link, or its folder outside the root? */
static int refuse_links(const char *path, const struct gi_lock_opts *o)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *root;
	struct stat st;
	int ret = 0;

	if (!lstat(path, &st) && S_ISLNK(st.st_mode))
		return report(o->flags, o->err, "'%s' is a symbolic link; "
			      "not writing through it", path);
	if (!o->root)
		return 0;
	dir = slash ? gi_xstrndup(path, slash == path ? 1 :
				  (size_t)(slash - path)) : gi_xstrdup(".");
	real = realpath(dir, NULL);
	root = realpath(o->root, NULL);
	if (!real || !root)
		ret = report(o->flags, o->err, "unable to resolve '%s': %s",
			     real ? o->root : dir, strerror(errno));
	else if (!within(real, root))
		ret = report(o->flags, o->err, "'%s' leads out of '%s'; not "
			     "writing there", path, o->root);
	free(dir);
	free(real);
	free(root);
	return ret;
}

static struct gi_lock_file *lock_file_new(const char *path,
					  const struct gi_lock_opts *o)
{
	struct gi_lock_file *f = gi_xcalloc(1, sizeof(*f));
	gi_buf b = GI_BUF_INIT;
	struct stat st;

	f->path = o->flags & GI_LOCK_DEREF ? realpath(path, NULL) : NULL;
	if (!f->path)
		f->path = gi_xstrdup(path);
	f->shown = gi_xstrdup(path);
	gi_buf_addf(&b, "%s" GI_LOCK_SUFFIX, f->path);
	f->lock_path = gi_buf_detach(&b, NULL);
	f->owner = getpid();
	f->fd = -1;
	f->flags = o->flags;
	f->err = o->err;
	f->mode = o->mode;
	if ((o->flags & GI_LOCK_KEEP_MODE) && !stat(f->path, &st))
		f->mode = (int)(st.st_mode & 07777);
	return f;
}

static void lock_file_free(struct gi_lock_file *f)
{
	free(f->lock_path);
	free(f->path);
	free(f->shown);
	free(f);
}

/* Create the lock file and put it on the list in one step: a signal
 * between the two would leave it behind. */
static int create_listed(struct gi_lock_file *f)
{
	sigset_t old;

	list_lock(&old);
	f->fd = open(f->lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		     0666);
	if (f->fd >= 0) {
		f->next = held;
		held = f;
	}
	list_unlock(&old);
	return f->fd;
}

int gi_lock_hold(struct gi_lock *lk, const char *path,
		 const struct gi_lock_opts *opts)
{
	static const struct gi_lock_opts none;
	const struct gi_lock_opts *o = opts ? opts : &none;
	struct gi_backoff wait = { 0, 1000, 50000, 0 };
	struct gi_lock_file *f;
	int attempt, ret;

	if (lk->f)
		GI_BUG("a second lock on '%s' through one gi_lock", path);
	if ((o->flags & GI_LOCK_NOFOLLOW) && refuse_links(path, o) < 0)
		return -1;
	f = lock_file_new(path, o);
	install_handlers();
	if (o->timeout_ms > 0)
		wait.deadline_ms = gi_now_ms() + o->timeout_ms;
	for (attempt = 0;; attempt++) {
		if (create_listed(f) >= 0) {
			lk->f = f;
			return 0;
		}
		if (errno == EEXIST && (o->flags & GI_LOCK_TAKE_OVER) &&
		    !attempt && !unlink(f->lock_path))
			continue;	/* a killed writer's: ours now */
		if (errno != EEXIST || o->timeout_ms <= 0 ||
		    gi_backoff(&wait, attempt) < 0)
			break;
	}
	if (errno == EEXIST)
		ret = report_locked(f);
	else
		ret = report(f->flags, f->err, "unable to create '%s': %s",
			     f->lock_path, strerror(errno));
	lock_file_free(f);
	return ret;
}

int gi_lock_fd(const struct gi_lock *lk)
{
	return lk->f ? lk->f->fd : -1;
}

int gi_lock_write(struct gi_lock *lk, const void *p, size_t len)
{
	struct gi_lock_file *f = lk->f;

	if (!f)
		GI_BUG("a write without the lock");
	if (f->failed)
		return -1;
	errno = 0;
	if (!gi_write_all(f->fd, p, len))
		return 0;
	/* write(2) wrote nothing and said nothing: the disk is full */
	f->failed = errno ? errno : ENOSPC;
	return report(f->flags, f->err, "unable to write '%s': %s", f->shown,
		      strerror(f->failed));
}

/* Off the list (with the rename, when `rename_it` is set, in the same
 * step), the lock file gone, the state freed. @return 0 or -1 (errno) */
static int release(struct gi_lock *lk, int rename_it)
{
	struct gi_lock_file *f = lk->f;
	sigset_t old;
	int ret = 0, saved = 0;

	list_lock(&old);
	if (f->fd >= 0 && close(f->fd) < 0 && rename_it) {
		ret = -1;
		saved = errno;
	}
	f->fd = -1;
	if (rename_it && !ret && rename(f->lock_path, f->path) < 0) {
		ret = -1;
		saved = errno;
	}
	if (!rename_it || ret)
		unlink(f->lock_path);
	list_remove(f);
	list_unlock(&old);
	lock_file_free(f);
	lk->f = NULL;
	errno = saved;
	return ret;
}

int gi_lock_commit(struct gi_lock *lk)
{
	struct gi_lock_file *f = lk->f;
	unsigned flags;
	gi_buf *err;
	char *shown;
	int failed;

	if (!f)
		GI_BUG("a commit without the lock");
	failed = f->failed;
	if (!failed && f->mode && fchmod(f->fd, (mode_t)f->mode) < 0)
		failed = errno;
	if (!failed && (f->flags & GI_LOCK_FSYNC) && fsync(f->fd) < 0)
		failed = errno;
	if (failed) {
		/* a failed write was reported when it failed */
		if (!f->failed)
			report(f->flags, f->err, "unable to write '%s': %s",
			       f->shown, strerror(failed));
		release(lk, 0);
		return -1;
	}
	flags = f->flags;
	err = f->err;
	shown = gi_xstrdup(f->shown);
	if (release(lk, 1) < 0) {
		failed = errno;
		report(flags, err, "unable to write '%s': %s", shown,
		       strerror(failed));
	}
	free(shown);
	return failed ? -1 : 0;
}

void gi_lock_rollback(struct gi_lock *lk)
{
	if (lk->f)
		release(lk, 0);
}

int gi_write_file_atomic(const char *path, const void *data, size_t len,
			 const struct gi_lock_opts *opts)
{
	struct gi_lock lk = GI_LOCK_INIT;
	int ret = gi_lock_hold(&lk, path, opts);

	if (ret)
		return ret;
	if (gi_lock_write(&lk, data, len) < 0) {
		gi_lock_rollback(&lk);
		return -1;
	}
	return gi_lock_commit(&lk);
}
