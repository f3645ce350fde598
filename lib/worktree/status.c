/*
 * status.c: collecting the board of issue worktrees (status.h).
 *
 * Cost per worktree: reading its HEAD file, one stat-only pass over its
 * index and folder that stops at the first change (scan-quick.c), and
 * a walk of the commits between the branch and its base; worktrees are
 * inspected in parallel. Issues are loaded from the notes only when a row
 * needs them or their note mentions a claim.
 */
#define _GNU_SOURCE	/* memmem */
#include "gitissue/status.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/date.h"
#include "gitissue/issue.h"
#include "gitissue/render.h"
#include "sync/pending.h"
#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/scan.h"
#include "worktree/worktree.h"

#define NOTE_WIDTH 60

const char *gi_wt_state_name(enum gi_wt_state s)
{
	switch (s) {
	case GI_STATE_MID_TASK:
		return "mid-task";
	case GI_STATE_READY:
		return "ready";
	case GI_STATE_MERGED:
		return "merged";
	case GI_STATE_MISSING:
		return "missing";
	case GI_STATE_CLAIMED:
		return "claimed";
	case GI_STATE_BROKEN:
		return "broken";
	}
	return "unknown";
}

/* Issues loaded on demand, at most once, from the notes list. */
struct issue_cache {
	struct gi_issue_list list;
	struct gi_issue *is;	/* parallel to list.v */
	char *loaded;
};

static const struct gi_issue *cached_issue(struct issue_cache *c,
					   struct gi_repo *r, long n)
{
	size_t i;

	for (i = 0; i < c->list.nr; i++)
		if (c->list.v[i].issue == n)
			break;
	if (i == c->list.nr)
		return NULL;	/* no records at all */
	if (!c->loaded[i]) {
		if (gi_issue_load_blob(&c->is[i], r, &c->list.v[i].note,
				       n) < 0)
			return NULL;
		c->loaded[i] = 1;
	}
	return &c->is[i];
}

/* Records that are bookkeeping, not something someone wrote down. */
static int is_note(const struct gi_record *rec)
{
	static const char *const skip[] = { GI_KIND_CLAIM, GI_KIND_RELEASE,
					    GI_KIND_ISSUE, GI_KIND_RETRACT };
	size_t i;

	if (!rec->json || rec->superseded || !rec->kind)
		return 0;
	for (i = 0; i < GI_ARRAY_SIZE(skip); i++)
		if (!strcmp(rec->kind, skip[i]))
			return 0;
	return 1;
}

static void fill_issue(struct gi_status_row *row, const struct gi_issue *is)
{
	size_t i;

	if (!is)
		return;
	if (is->title)
		row->title = gi_xstrdup(is->title);
	for (i = is->nr; i-- > 0;) {
		gi_buf b = GI_BUF_INIT;

		if (!is_note(&is->rec[i]))
			continue;
		gi_record_summary(&b, &is->rec[i], NOTE_WIDTH);
		row->note_text = gi_buf_detach(&b, NULL);
		row->note_time = gi_xstrdup(is->rec[i].time);
		break;
	}
}

static struct gi_status_row *new_row(struct gi_status *st, long issue)
{
	struct gi_status_row *row;

	GI_ALLOC_GROW(st->v, st->nr + 1, st->alloc);
	row = &st->v[st->nr++];
	memset(row, 0, sizeof(*row));
	row->issue = issue;
	row->pending = -1;
	return row;
}

/*
 * One worktree to inspect. The base is resolved beforehand, in the main
 * thread; a worker touches only its own repository object (libgit2
 * objects are not to be shared between threads) and its own row.
 */
struct inspect_job {
	const struct gi_worktree *w;
	struct gi_status_row *row;
	struct gi_base base;
	int have_base;
	int err;
};

static void inspect(struct inspect_job *job)
{
	const struct gi_worktree *w = job->w;
	struct gi_status_row *row = job->row;
	git_repository *wr = NULL;
	struct gi_wt_changes ch;
	struct gi_branch_state bs;

	if (w->missing) {
		row->state = GI_STATE_MISSING;
		return;
	}
	/* until it is read, it is broken: one unreadable worktree must not
	 * blank the whole board */
	job->err = -1;
	row->state = GI_STATE_BROKEN;
	if (git_repository_open_ext(&wr, w->path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		gi_error("unable to open the worktree '%s': %s", w->path,
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	if (gi_worktree_changes(&ch, wr, 1) < 0)
		goto done;
	row->dirty = ch.changes || ch.untracked;
	row->state = row->dirty ? GI_STATE_MID_TASK : GI_STATE_READY;
	/* no base (a repository with only issue branches): dirty or not */
	if (job->have_base) {
		if (gi_branch_state(&bs, wr, w->branch, &w->head,
				    &job->base.oid) < 0)
			goto done;
		row->ahead = bs.ahead;
		if (bs.ahead)
			row->state = GI_STATE_MID_TASK;
		else if (bs.merged && !row->dirty)
			row->state = GI_STATE_MERGED;
	}
	job->err = 0;
done:
	git_error_clear();
	git_repository_free(wr);
}

struct pool {
	struct inspect_job *jobs;
	size_t nr, next;
	pthread_mutex_t lock;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->nr)
			return NULL;
		inspect(&p->jobs[i]);
	}
}

#define MAX_THREADS 8

/*
 * Inspect the worktrees side by side: the time goes into lstat and
 * getdents, which the kernel serves from several cores at once (git's
 * preload-index does the same inside one worktree).
 */
static void inspect_all(struct inspect_job *jobs, size_t nr)
{
	struct pool p = { jobs, nr, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t tid[MAX_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 1 ? (size_t)cpus : 1, started = 0, i;

	if (n > MAX_THREADS)
		n = MAX_THREADS;
	if (n > nr)
		n = nr;
	for (i = 1; i < n; i++)
		if (!pthread_create(&tid[started], NULL, worker, &p))
			started++;
	worker(&p);	/* this thread works too */
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&p.lock);
}

/* Does a note blob mention claims at all? Saves parsing most issues. */
static int mentions_claims(struct gi_repo *r, const git_oid *note)
{
	git_blob *blob;
	int hit = 1;

	if (!git_blob_lookup(&blob, r->repo, note)) {
		hit = memmem(git_blob_rawcontent(blob),
			     (size_t)git_blob_rawsize(blob), "\"claim\"",
			     7) != NULL;
		git_blob_free(blob);
	}
	git_error_clear();
	return hit;
}

static int cmp_row(const void *a, const void *b)
{
	const struct gi_status_row *x = a, *y = b;

	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	if (x->local != y->local)
		return y->local - x->local;
	return strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

static void claim_rows(struct gi_status *st, struct gi_repo *r,
		       struct issue_cache *c,
		       const struct gi_worktree_list *wts, const char *clone)
{
	size_t i, j;

	for (i = 0; i < c->list.nr; i++) {
		const struct gi_issue *is;
		struct gi_claim_list claims = { NULL, 0, 0 };
		long n = c->list.v[i].issue;

		if (!n || !mentions_claims(r, &c->list.v[i].note))
			continue;
		is = cached_issue(c, r, n);
		if (!is)
			continue;
		gi_claims_open(&claims, is);
		for (j = 0; j < claims.nr; j++) {
			const struct gi_claim *cl = &claims.v[j];
			const struct gi_worktree *w = NULL;
			struct gi_status_row *row;
			int ours = gi_claim_is_ours(cl, clone);

			if (ours && cl->worktree)
				w = gi_worktree_at(wts, cl->worktree);
			if (w && w->issue == n)
				continue;	/* shown as a worktree */
			row = new_row(st, n);
			row->state = ours ? GI_STATE_MISSING :
				GI_STATE_CLAIMED;
			row->path = gi_xstrdup(cl->worktree ? cl->worktree :
					       "");
			row->branch = cl->branch ? gi_xstrdup(cl->branch) :
				NULL;
			row->claim_author = cl->author ?
				gi_xstrdup(cl->author) : NULL;
			row->claim_clone = cl->clone ? gi_xstrdup(cl->clone) :
				NULL;
			row->claim_time = gi_xstrdup(cl->time);
			fill_issue(row, is);
		}
		gi_claim_list_release(&claims);
	}
}

static void issue_cache_release(struct issue_cache *c)
{
	size_t i;

	for (i = 0; i < c->list.nr; i++)
		if (c->loaded && c->loaded[i])
			gi_issue_release(&c->is[i]);
	free(c->is);
	free(c->loaded);
	gi_issue_list_release(&c->list);
	memset(c, 0, sizeof(*c));
}

/*
 * A row and an inspection job per issue worktree. The rows are all made
 * first, so that they do not move while the workers fill them; the bases
 * are resolved here, in the main thread.
 */
static struct inspect_job *worktree_rows(struct gi_status *out,
					 struct gi_repo *r,
					 const struct gi_worktree_list *wts,
					 struct issue_cache *c,
					 struct gi_base *cache, size_t *njobs)
{
	struct inspect_job *jobs;
	size_t i;

	for (i = 0; i < wts->nr; i++) {
		const struct gi_worktree *w = &wts->v[i];
		struct gi_status_row *row;

		if (!w->issue)
			continue;
		row = new_row(out, w->issue);
		row->branch = gi_xstrdup_or_null(w->branch);
		row->path = gi_xstrdup(w->path);
		row->main = w->is_main;
		row->local = 1;
		fill_issue(row, cached_issue(c, r, w->issue));
	}
	jobs = gi_xcalloc(out->nr + 1, sizeof(*jobs));
	for (i = 0, *njobs = 0; i < wts->nr; i++) {
		struct inspect_job *job;

		if (!wts->v[i].issue)
			continue;
		job = &jobs[*njobs];
		job->w = &wts->v[i];
		job->row = &out->v[(*njobs)++];
		if (job->w->has_head && !job->w->missing &&
		    !gi_base_for_branch(&job->base, r, job->w->branch, cache,
					1)) {
			job->have_base = 1;
			job->row->base = gi_xstrdup(job->base.name);
		}
	}
	return jobs;
}

/* Records not yet on GitHub, by the sync cache (offline), read once for
 * the board; with no GitHub repository the count is left out (-1). */
static void count_pending(struct gi_status *out, struct gi_repo *r,
			  struct issue_cache *c)
{
	struct gi_pending pend;
	int have = !gi_pending_open(&pend, r);
	size_t i;

	for (i = 0; i < out->nr; i++) {
		const struct gi_issue *is = have ?
			cached_issue(c, r, out->v[i].issue) : NULL;

		out->v[i].pending = !have ? -1 : is ?
			(long)gi_pending_count(&pend, r, is) : 0;
	}
	gi_pending_close(&pend);
}

int gi_status_collect(struct gi_status *out, struct gi_repo *r)
{
	struct gi_worktree_list wts;
	struct issue_cache c;
	struct gi_base cache;
	struct inspect_job *jobs = NULL;
	char *clone = NULL;
	size_t i, njobs = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(&cache, 0, sizeof(cache));
	out->now = time(NULL);
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	if (gi_store_list(&c.list, r, NULL) < 0)
		goto done;
	c.is = gi_xcalloc(c.list.nr + 1, sizeof(*c.is));
	c.loaded = gi_xcalloc(c.list.nr + 1, 1);
	/* without an id, this clone has never claimed anything */
	if (gi_clone_id(&clone, r, 0) < 0)
		goto done;
	jobs = worktree_rows(out, r, &wts, &c, &cache, &njobs);
	inspect_all(jobs, njobs);
	claim_rows(out, r, &c, &wts, clone);
	count_pending(out, r, &c);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_row);
	ret = 0;
done:
	for (i = 0; i < njobs; i++)
		gi_base_release(&jobs[i].base);
	free(jobs);
	issue_cache_release(&c);
	gi_base_release(&cache);
	gi_worktree_list_release(&wts);
	free(clone);
	if (ret < 0)
		gi_status_release(out);
	return ret;
}

void gi_status_release(struct gi_status *st)
{
	size_t i;

	for (i = 0; i < st->nr; i++) {
		struct gi_status_row *row = &st->v[i];

		free(row->title);
		free(row->branch);
		free(row->path);
		free(row->base);
		free(row->note_time);
		free(row->note_text);
		free(row->claim_author);
		free(row->claim_clone);
		free(row->claim_time);
	}
	free(st->v);
	memset(st, 0, sizeof(*st));
}
