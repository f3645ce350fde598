/*
 * summary-cache.c: the summaries cache file (summary-cache.h).
 *
 * The file, in this machine's byte order (a marker says which):
 *
 *   header   "GIISUMC\0", version, byte order marker, fingerprint,
 *            id size, entry count, pool size, checksum
 *   entries  sorted by note id: id, records, lessons, malformed, flags
 *            (GI_NOTE_*),
 *            and for title, state, last_time, last_text, aliases an
 *            offset and a length into the pool (NO_STRING: none)
 *   pool     the strings, each followed by a NUL
 */
#include "core/summary-cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cache-file.h"
#include "gitissue/util/util.h"
#include "util/lockfile.h"

#define MAGIC "GIISUMC"		/* and its NUL: 8 bytes */
#define VERSION 2
#define BYTE_ORDER_MARK 0x01020304u
#define HEADER_SIZE 48
#define ID_SIZE GIT_OID_RAWSZ
#define NSTR 5
#define ENTRY_SIZE (24 + 4 * 4 + NSTR * 8)
#define NO_STRING GI_CACHE_NO_STRING
#define CACHE_DIR "issue-cache"
#define CACHE_FILE "summaries"

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void cache_path(gi_buf *out, struct gi_repo *r, const char *name)
{
	gi_buf_addf(out, "%s/" CACHE_DIR "%s%s", r->commondir,
		    name ? "/" : "", name ? name : "");
}

/* Do the entries and strings check out? */
static int valid(const struct gi_cache *c)
{
	return gi_cache_entries_valid(c->entries, c->nr, ENTRY_SIZE, 40, NSTR,
				      c->pool, c->pool_len);
}

void gi_cache_load(struct gi_cache *c, struct gi_repo *r,
		   uint64_t fingerprint)
{
	gi_buf path = GI_BUF_INIT, data = GI_BUF_INIT;
	const unsigned char *h;
	uint64_t nr, pool;

	memset(c, 0, sizeof(*c));
	cache_path(&path, r, CACHE_FILE);
	if (gi_buf_read_file(&data, path.buf) < 0 || data.len < HEADER_SIZE)
		goto unusable;
	h = (const unsigned char *)data.buf;
	nr = get32(h + 28);
	pool = get64(h + 32);
	if (memcmp(h, MAGIC, 8) || get32(h + 8) != VERSION ||
	    get32(h + 12) != BYTE_ORDER_MARK ||
	    get64(h + 16) != fingerprint || get32(h + 24) != ID_SIZE ||
	    nr > (data.len - HEADER_SIZE) / ENTRY_SIZE ||
	    pool != data.len - HEADER_SIZE - nr * ENTRY_SIZE ||
	    get64(h + 40) != gi_cache_checksum(h, data.len, 40))
		goto unusable;
	c->len = data.len;
	c->nr = (size_t)nr;
	c->data = gi_buf_detach(&data, NULL);
	c->entries = (const unsigned char *)c->data + HEADER_SIZE;
	c->pool = c->data + HEADER_SIZE + c->nr * ENTRY_SIZE;
	c->pool_len = (size_t)pool;
	if (!valid(c)) {
		free(c->data);
		memset(c, 0, sizeof(*c));
	}
unusable:
	gi_buf_release(&data);
	gi_buf_release(&path);
}

static int cmp_entry(const void *key, const void *e)
{
	return memcmp(key, e, ID_SIZE);
}

static void entry_summary(const struct gi_cache *c, const unsigned char *e,
			  struct gi_summary *out)
{
	char **str[NSTR];
	size_t k;

	memset(out, 0, sizeof(*out));
	git_oid_fromraw(&out->note, e);
	out->records = get32(e + 24);
	out->lessons = get32(e + 28);
	out->malformed = get32(e + 32);
	out->flags = get32(e + 36);
	str[0] = &out->title;
	str[1] = &out->state;
	str[2] = &out->last_time;
	str[3] = &out->last_text;
	str[4] = &out->aliases;
	for (k = 0; k < NSTR; k++) {
		uint32_t off = get32(e + 40 + k * 8);

		*str[k] = get32(e + 44 + k * 8) == NO_STRING ? NULL :
			(char *)c->pool + off;
	}
	out->borrowed = 1;
}

int gi_cache_get(const struct gi_cache *c, const git_oid *note,
		 struct gi_summary *out)
{
	const unsigned char *e;

	memset(out, 0, sizeof(*out));
	if (!c->nr)
		return 0;
	e = bsearch(note->id, c->entries, c->nr, ENTRY_SIZE, cmp_entry);
	if (!e)
		return 0;
	entry_summary(c, e, out);
	return 1;
}

void gi_cache_get_at(const struct gi_cache *c, size_t i,
		     struct gi_summary *out)
{
	entry_summary(c, c->entries + i * ENTRY_SIZE, out);
}

void gi_cache_release(struct gi_cache *c)
{
	free(c->data);
	memset(c, 0, sizeof(*c));
}

static int cmp_summary(const void *a, const void *b)
{
	const struct gi_summary *x = *(const struct gi_summary *const *)a;
	const struct gi_summary *y = *(const struct gi_summary *const *)b;

	return memcmp(x->note.id, y->note.id, ID_SIZE);
}

/*
 * The file is written as it is made, through a buffer, its checksum
 * taken on the way: a cache of 10,000 issues is 2 MB, which a reader that
 * promises to stay within a few MB should not hold twice.
 */
struct out {
	int fd;
	int err;
	size_t at;		/* bytes written so far */
	uint64_t sum;
	unsigned char word[8];	/* a word not yet taken into the sum */
	size_t nword;
	unsigned char buf[65536];
	size_t nbuf;
};

static void out_flush(struct out *o)
{
	if (!o->err && gi_write_all(o->fd, o->buf, o->nbuf) < 0)
		o->err = 1;
	o->nbuf = 0;
}

/* Write and sum, word by word as gi_cache_checksum() reads the file. */
static void out_add(struct out *o, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		o->word[o->nword++] = p[i];
		if (o->nword == 8) {
			uint64_t w;

			memcpy(&w, o->word, 8);
			if (o->at + i + 1 != 48)	/* the checksum's own word */
				o->sum = gi_cache_mix(o->sum, w);
			o->nword = 0;
		}
	}
	o->at += len;
	while (len) {
		size_t n = sizeof(o->buf) - o->nbuf;

		if (n > len)
			n = len;
		memcpy(o->buf + o->nbuf, p, n);
		o->nbuf += n;
		p += n;
		len -= n;
		if (o->nbuf == sizeof(o->buf))
			out_flush(o);
	}
}

static uint64_t out_sum(struct out *o)
{
	uint64_t w = 0;

	if (o->nword) {
		memcpy(&w, o->word, o->nword);
		o->sum = gi_cache_mix(o->sum, w);
	}
	return o->sum;
}

static const char *const *strings(const struct gi_summary *s,
				  const char *str[NSTR])
{
	str[0] = s->title;
	str[1] = s->state;
	str[2] = s->last_time;
	str[3] = s->last_text;
	str[4] = s->aliases;
	return str;
}

/*
 * The summaries sorted, the same note twice (two issues with one note)
 * once: how many are kept in `sorted`, and the size of their strings in
 * `*pool`.
 */
static size_t sort_unique(const struct gi_summary **sorted,
			  const struct gi_summary *v, size_t nr,
			  uint64_t *pool)
{
	size_t i, k, kept = 0;

	for (i = 0; i < nr; i++)
		sorted[i] = &v[i];
	qsort(sorted, nr, sizeof(*sorted), cmp_summary);
	*pool = 0;
	for (i = 0; i < nr; i++) {
		const char *str[NSTR];

		if (i && !cmp_summary(&sorted[kept - 1], &sorted[i]))
			continue;
		sorted[kept++] = sorted[i];
		strings(sorted[i], str);
		for (k = 0; k < NSTR; k++)
			if (str[k])
				*pool += strlen(str[k]) + 1;
	}
	return kept;
}

/* The header, its checksum still 0. */
static void fill_header(unsigned char *h, uint64_t fingerprint, size_t kept,
			uint64_t pool)
{
	memset(h, 0, HEADER_SIZE);
	memcpy(h, MAGIC, 8);
	put32(h + 8, VERSION);
	put32(h + 12, BYTE_ORDER_MARK);
	put64(h + 16, fingerprint);
	put32(h + 24, ID_SIZE);
	put32(h + 28, (uint32_t)kept);
	put64(h + 32, pool);
}

/* The entries, each naming its strings by offset in the pool; then the
 * pool. */
static void write_entries(struct out *o, const struct gi_summary **sorted,
			  size_t kept)
{
	unsigned char e[ENTRY_SIZE];
	uint64_t pool = 0;
	size_t i, k;

	for (i = 0; i < kept; i++) {
		const char *str[NSTR];

		strings(sorted[i], str);
		memset(e, 0, sizeof(e));
		memcpy(e, sorted[i]->note.id, ID_SIZE);
		put32(e + 24, (uint32_t)sorted[i]->records);
		put32(e + 28, (uint32_t)sorted[i]->lessons);
		put32(e + 32, (uint32_t)sorted[i]->malformed);
		put32(e + 36, (uint32_t)sorted[i]->flags);
		for (k = 0; k < NSTR; k++) {
			size_t len = str[k] ? strlen(str[k]) : 0;

			put32(e + 40 + k * 8, str[k] ? (uint32_t)pool : 0);
			put32(e + 44 + k * 8, str[k] ? (uint32_t)len : NO_STRING);
			if (str[k])
				pool += len + 1;
		}
		out_add(o, e, sizeof(e));
	}
	for (i = 0; i < kept; i++) {
		const char *str[NSTR];

		strings(sorted[i], str);
		for (k = 0; k < NSTR; k++)
			if (str[k])
				out_add(o, str[k], strlen(str[k]) + 1);
	}
}

/*
 * A cache is written at best and quietly (a read-only repository reads
 * it and never writes it): a writer that finds another's lock waits for
 * it, a second at most; only a lock that stays that long (a killed
 * writer's) is worth a word, since it would keep the cache old for good.
 */
static const struct gi_lock_opts cache_lock = {
	.flags = GI_LOCK_QUIET, .timeout_ms = 1000
};

void gi_cache_write(struct gi_repo *r, uint64_t fingerprint,
		    const struct gi_summary *v, size_t nr)
{
	const struct gi_summary **sorted;
	struct gi_lock lk = GI_LOCK_INIT;
	gi_buf path = GI_BUF_INIT;
	unsigned char h[HEADER_SIZE];
	struct out *o = gi_xcalloc(1, sizeof(*o));
	size_t kept;
	uint64_t pool;
	int rc;

	sorted = gi_xcalloc(nr ? nr : 1, sizeof(*sorted));
	kept = sort_unique(sorted, v, nr, &pool);
	cache_path(&path, r, NULL);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST)
		goto done;
	gi_buf_reset(&path);
	cache_path(&path, r, CACHE_FILE);
	rc = gi_lock_hold(&lk, path.buf, &cache_lock);
	if (rc == GIT_ELOCKED)
		gi_lock_warn_stale(path.buf);
	if (rc)
		goto done;
	o->fd = gi_lock_fd(&lk);
	o->sum = 0x9e3779b97f4a7c15ULL ^ (HEADER_SIZE + kept * ENTRY_SIZE + pool);
	fill_header(h, fingerprint, kept, pool);
	out_add(o, h, sizeof(h));
	write_entries(o, sorted, kept);
	out_flush(o);
	put64(h + 40, out_sum(o));
	if (o->err || pwrite(o->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		gi_lock_rollback(&lk);
	else
		gi_lock_commit(&lk);
done:
	free(o);
	free(sorted);
	gi_buf_release(&path);
}
