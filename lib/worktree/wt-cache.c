/*
 * wt-cache.c: the states of worktrees already read, by key (wt-cache.h).
 *
 * The file, issue-cache/worktrees, in this machine's byte order:
 *
 *   header   "GIIWTREE", version, byte order, entry count, checksum
 *   entries  the key, flags (what is known), the work's kind, the number
 *            of uncommitted files, the newest change, the work's commit
 */
#include "worktree/wt-cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache-file.h"
#include "worktree/scan-quick.h"

#define MAGIC "GIIWTREE"
#define VERSION 1
#define HEADER 32
#define ENTRY 64
#define FILE_NAME "worktrees"
/* the newest states kept: every worktree's, many edits over */
#define MAX_ENTRIES 256

#define F_STATUS 1u
#define F_DIRTY 2u
#define F_WORK 4u

/* A worktree read in this command, by its folder. */
struct seen {
	char *path;
	enum gi_scan_quick quick;
	unsigned char key[20];
	int keyed;		/* -1: not computed yet */
};

struct gi_wt_cache {
	pthread_mutex_t lock;
	struct gi_wt_known *v;	/* known states, oldest first */
	size_t nr, alloc;
	struct seen *seen;
	size_t nseen, aseen;
	int changed;
};

static void parse(struct gi_wt_cache *c, const gi_buf *b)
{
	const unsigned char *h = (const unsigned char *)b->buf, *p;
	uint64_t nr, i;

	if (b->len < HEADER)
		return;
	nr = gi_cache_get64(h + 16);
	if (!gi_cache_head_ok(h, b->len, MAGIC, VERSION, 24) ||
	    nr > MAX_ENTRIES || b->len != HEADER + nr * ENTRY)
		return;
	c->v = gi_xcalloc(nr + 1, sizeof(*c->v));
	c->alloc = nr + 1;
	for (i = 0, p = h + HEADER; i < nr; i++, p += ENTRY) {
		struct gi_wt_known *st = &c->v[c->nr];
		uint32_t flags = gi_cache_get32(p + 20);
		uint32_t work = gi_cache_get32(p + 24);

		if (work > GI_WORK_UNMERGED)
			continue;
		memcpy(st->key, p, 20);
		st->keyed = 1;
		st->has_status = !!(flags & F_STATUS);
		st->dirty = !!(flags & F_DIRTY);
		st->files = (size_t)gi_cache_get64(p + 28);
		st->newest = (time_t)gi_cache_get64(p + 36);
		st->has_work = !!(flags & F_WORK);
		st->work = (enum gi_wt_work)work;
		git_oid_fromraw(&st->tip, p + 44);
		c->nr++;
	}
}

static void cache_free(void *p)
{
	struct gi_wt_cache *c = p;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nseen; i++)
		free(c->seen[i].path);
	free(c->seen);
	free(c->v);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

struct gi_wt_cache *gi_wt_cache_of(struct gi_repo *r)
{
	struct gi_wt_cache *c = r->worktrees_seen;
	gi_buf b = GI_BUF_INIT;

	if (c)
		return c;
	c = gi_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	if (!gi_cache_file_read(&b, r, FILE_NAME))
		parse(c, &b);
	gi_buf_release(&b);
	r->worktrees_seen = c;
	r->worktrees_seen_free = cache_free;
	return c;
}

/* The known state of `key`, newest first; under the lock. */
static struct gi_wt_known *find(struct gi_wt_cache *c,
				const unsigned char *key)
{
	size_t i;

	for (i = c->nr; i-- > 0;)
		if (!memcmp(c->v[i].key, key, 20))
			return &c->v[i];
	return NULL;
}

/* Fill `out` from what is known of its key; under the lock. */
static void known(struct gi_wt_cache *c, struct gi_wt_known *out)
{
	const struct gi_wt_known *st = out->keyed ? find(c, out->key) : NULL;

	if (st) {
		*out = *st;
		out->keyed = 1;
	}
}

/* This command's record of the worktree at `path`, made on first use
 * with its quick scan; under the lock. */
static struct seen *seen_of(struct gi_wt_cache *c, git_repository *wt,
			    const char *path)
{
	struct seen *sn;
	enum gi_scan_quick q;
	size_t i;

	for (i = 0; i < c->nseen; i++)
		if (!strcmp(c->seen[i].path, path))
			return &c->seen[i];
	/* the walk, outside the lock: worktrees are read side by side */
	pthread_mutex_unlock(&c->lock);
	q = gi_scan_quick(wt);
	pthread_mutex_lock(&c->lock);
	GI_ALLOC_GROW(c->seen, c->nseen + 1, c->aseen);
	sn = &c->seen[c->nseen++];
	sn->path = gi_xstrdup(path);
	sn->quick = q;
	sn->keyed = -1;
	return sn;
}

enum gi_scan_quick gi_wt_cache_quick(struct gi_wt_cache *c,
				     git_repository *wt)
{
	const char *path = git_repository_workdir(wt);
	enum gi_scan_quick q;

	if (!path)
		return GI_SCAN_UNSURE;
	pthread_mutex_lock(&c->lock);
	q = seen_of(c, wt, path)->quick;
	pthread_mutex_unlock(&c->lock);
	return q;
}

void gi_wt_cache_get(struct gi_wt_cache *c, git_repository *wt,
		     struct gi_wt_known *out)
{
	const char *path = git_repository_workdir(wt);
	struct seen *sn;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!path)
		return;
	pthread_mutex_lock(&c->lock);
	sn = seen_of(c, wt, path);
	if (sn->keyed < 0) {
		i = (size_t)(sn - c->seen);
		pthread_mutex_unlock(&c->lock);
		out->keyed = !gi_scan_key(wt, out->key);
		pthread_mutex_lock(&c->lock);
		sn = &c->seen[i];
		memcpy(sn->key, out->key, 20);
		sn->keyed = out->keyed;
	}
	memcpy(out->key, sn->key, 20);
	out->keyed = sn->keyed;
	known(c, out);
	pthread_mutex_unlock(&c->lock);
}

void gi_wt_cache_put(struct gi_wt_cache *c, const struct gi_wt_known *st)
{
	struct gi_wt_known *e;

	if (!st->keyed || (!st->has_status && !st->has_work))
		return;
	pthread_mutex_lock(&c->lock);
	e = find(c, st->key);
	if (!e) {
		GI_ALLOC_GROW(c->v, c->nr + 1, c->alloc);
		e = &c->v[c->nr++];
		memset(e, 0, sizeof(*e));
		memcpy(e->key, st->key, 20);
		e->keyed = 1;
	}
	if ((st->has_status && (!e->has_status || e->dirty != st->dirty ||
				e->files != st->files ||
				e->newest != st->newest)) ||
	    (st->has_work && (!e->has_work || e->work != st->work ||
			      !git_oid_equal(&e->tip, &st->tip))))
		c->changed = 1;	/* else nothing new to write */
	if (st->has_status) {
		e->has_status = 1;
		e->dirty = st->dirty;
		e->files = st->files;
		e->newest = st->newest;
	}
	if (st->has_work) {
		e->has_work = 1;
		e->work = st->work;
		git_oid_cpy(&e->tip, &st->tip);
	}
	pthread_mutex_unlock(&c->lock);
}

void gi_wt_cache_save(struct gi_wt_cache *c, struct gi_repo *r)
{
	gi_buf out = GI_BUF_INIT;
	unsigned char h[HEADER], e[ENTRY];
	size_t i, from = c->nr > MAX_ENTRIES ? c->nr - MAX_ENTRIES : 0;

	if (!c->changed)
		return;
	memset(h, 0, sizeof(h));
	gi_buf_add(&out, h, sizeof(h));
	for (i = from; i < c->nr; i++) {
		const struct gi_wt_known *st = &c->v[i];

		memset(e, 0, sizeof(e));
		memcpy(e, st->key, 20);
		gi_cache_put32(e + 20, (st->has_status ? F_STATUS : 0) |
			       (st->dirty ? F_DIRTY : 0) |
			       (st->has_work ? F_WORK : 0));
		gi_cache_put32(e + 24, (uint32_t)st->work);
		gi_cache_put64(e + 28, (uint64_t)st->files);
		gi_cache_put64(e + 36, (uint64_t)st->newest);
		memcpy(e + 44, st->tip.id, 20);
		gi_buf_add(&out, e, sizeof(e));
	}
	gi_cache_head_put((unsigned char *)out.buf, MAGIC, VERSION);
	gi_cache_put64((unsigned char *)out.buf + 16, (uint64_t)(c->nr - from));
	gi_cache_file_seal(r, FILE_NAME, (unsigned char *)out.buf, out.len, 24);
	c->changed = 0;
	gi_buf_release(&out);
}
