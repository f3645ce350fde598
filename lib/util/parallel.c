/*
 * parallel.c: work on many issues over the cores, results in order
 * (parallel.h).
 */
#include "gitissue/util/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/util/util.h"

int gi_parallel_threads(struct gi_repo *r, int *configured)
{
	long n = gi_config_long(r, "issue.threads", 0);

	*configured = n > 0;
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > GI_PARALLEL_MAX ? GI_PARALLEL_MAX : (int)n;
}

void gi_parallel_small_windows(void)
{
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)1 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)8 << 20);
}

struct run {
	const struct gi_parallel *p;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;		/* next item to hand out */
	size_t next_done;	/* next item for p->done */
	unsigned char *finished;
	size_t *bytes;
	size_t waiting;		/* bytes of finished items not yet done */
	int flushing;		/* a thread is calling p->done */
	int err;
};

/* With the lock held: pass on every finished item that is next in line. */
static void flush(struct run *s)
{
	while (!s->err && !s->flushing && s->next_done < s->p->nr &&
	       s->finished[s->next_done]) {
		size_t i = s->next_done;
		int err = 0;

		s->flushing = 1;
		pthread_mutex_unlock(&s->lock);
		if (s->p->done)
			err = s->p->done(i, s->p->payload);
		pthread_mutex_lock(&s->lock);
		s->flushing = 0;
		s->waiting -= s->bytes[i];
		s->next_done++;
		if (err && !s->err)
			s->err = err;
		pthread_cond_broadcast(&s->cond);
	}
}

static void work_loop(struct run *s, git_repository *repo)
{
	const struct gi_parallel *p = s->p;

	pthread_mutex_lock(&s->lock);
	while (!s->err && s->next < p->nr) {
		size_t i = s->next, bytes = 0;
		int err;

		/* far ahead of the output: wait for it (the thread that has
		 * the next item in line never waits) */
		if (p->max_waiting && s->waiting > p->max_waiting &&
		    i > s->next_done) {
			pthread_cond_wait(&s->cond, &s->lock);
			continue;
		}
		s->next++;
		pthread_mutex_unlock(&s->lock);
		err = p->work(repo, i, &bytes, p->payload);
		pthread_mutex_lock(&s->lock);
		if (err && !s->err)
			s->err = err;
		s->finished[i] = 1;
		s->bytes[i] = bytes;
		s->waiting += bytes;
		flush(s);
		pthread_cond_broadcast(&s->cond);
	}
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static void *thread_main(void *arg)
{
	struct run *s = arg;
	git_repository *repo = NULL;

	if (git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV,
				    NULL) < 0) {
		pthread_mutex_lock(&s->lock);
		if (!s->err)
			s->err = gi_error("unable to open repository: %s",
					  gi_git_errmsg("unknown error"));
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		return NULL;
	}
	work_loop(s, repo);
	git_repository_free(repo);
	return NULL;
}

int gi_parallel_run(struct gi_repo *r, const struct gi_parallel *p)
{
	struct run s;
	pthread_t tid[GI_PARALLEL_MAX];
	size_t min = p->min_items ? p->min_items : 1, n, started = 0, i;

	n = p->threads > 0 ? (size_t)p->threads : 1;
	if (n > GI_PARALLEL_MAX)
		n = GI_PARALLEL_MAX;
	if (n > (p->nr + min - 1) / min)
		n = (p->nr + min - 1) / min;
	memset(&s, 0, sizeof(s));
	s.p = p;
	s.finished = gi_xcalloc(p->nr ? p->nr : 1, 1);
	s.bytes = gi_xcalloc(p->nr ? p->nr : 1, sizeof(*s.bytes));
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.cond, NULL);
	for (i = 1; i < n; i++)
		if (!pthread_create(&tid[started], NULL, thread_main, &s))
			started++;
	work_loop(&s, r->repo);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	/* a thread may have stopped with items finished but not passed on */
	pthread_mutex_lock(&s.lock);
	flush(&s);
	pthread_mutex_unlock(&s.lock);
	pthread_cond_destroy(&s.cond);
	pthread_mutex_destroy(&s.lock);
	free(s.finished);
	free(s.bytes);
	return s.err;
}

struct each {
	void (*fn)(size_t i, void *payload);
	void *payload;
	size_t nr, next;
	pthread_mutex_t lock;
};

static void *each_loop(void *arg)
{
	struct each *e = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&e->lock);
		i = e->next++;
		pthread_mutex_unlock(&e->lock);
		if (i >= e->nr)
			return NULL;
		e->fn(i, e->payload);
	}
}

void gi_parallel_each(size_t nr, void (*fn)(size_t i, void *payload),
		      void *payload)
{
	struct each e = { fn, payload, nr, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t tid[GI_PARALLEL_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 1 ? (size_t)cpus : 1, started = 0, i;

	if (n > GI_PARALLEL_MAX)
		n = GI_PARALLEL_MAX;
	if (n > nr)
		n = nr;
	for (i = 1; i < n; i++)
		if (!pthread_create(&tid[started], NULL, each_loop, &e))
			started++;
	each_loop(&e);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&e.lock);
}
