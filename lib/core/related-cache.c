/*
 * related-cache.c: which issue numbers each note names, kept by note blob
 * id (related-cache.h).
 *
 * The file, issue-cache/names, in this machine's byte order:
 *
 *   header   "GIINAME\0", version, byte order, entry count, checksum,
 *            then the count of numbers in the pool (40 bytes)
 *   entries  sorted by note id: the id, 4 bytes unused, then the index
 *            of its first number in the pool and how many (32 bytes)
 *   pool     the numbers, 4 bytes each, sorted within an entry
 *
 * At 10,000 issues and 1,000,000 records a brief read every note to find
 * who mentions its issue (340 M instructions, 92% inflating); with the
 * file it reads the notes that name it.
 */
#define _GNU_SOURCE	/* memmem */
#include "core/related-cache.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/util.h"
#include "core/cache-file.h"

#define MAGIC "GIINAME"
#define VERSION 1
#define HEADER 40
#define ENTRY 32
#define FILE_NAME "names"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void gi_names_in(const char *p, size_t len, uint32_t **out, size_t *nr)
{
	size_t i = 0, alloc = 0, n = 0, k;
	uint32_t *v = NULL;

	while (i < len) {
		size_t s = i, e;
		uint64_t num = 0;

		if (!is_digit(p[i])) {
			i++;
			continue;
		}
		for (e = s; e < len && is_digit(p[e]); e++)
			if (num <= (uint64_t)GI_ISSUE_MAX)
				num = num * 10 + (uint64_t)(p[e] - '0');
		i = e;
		/* a whole number after one of the four, as related.c's
		 * names() finds it: no leading zero, in range */
		if (!s || !strchr(":[,#", p[s - 1]) || p[s] == '0' ||
		    num > (uint64_t)GI_ISSUE_MAX)
			continue;
		GI_ALLOC_GROW(v, n + 1, alloc);
		v[n++] = (uint32_t)num;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_u32);
	for (i = k = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	/* a note of 100 records names the minute of each: a few dozen
	 * numbers kept of hundreds found */
	if (k < alloc) {
		if (!k) {
			free(v);
			v = NULL;
		} else {
			v = gi_xrealloc(v, k * sizeof(*v));
		}
	}
	*out = v;
	*nr = k;
}

void gi_note_names_open(struct gi_note_names *c, struct gi_repo *r)
{
	const unsigned char *h;
	uint64_t n, pn;
	size_t i, len;

	memset(c, 0, sizeof(*c));
	gi_buf_init(&c->file);
	if (gi_cache_file_read(&c->file, r, FILE_NAME) < 0 ||
	    c->file.len < HEADER)
		return;
	h = (const unsigned char *)c->file.buf;
	len = c->file.len;
	n = gi_cache_get64(h + 16);
	pn = gi_cache_get64(h + 32);
	if (!gi_cache_head_ok(h, len, MAGIC, VERSION, 24) ||
	    n > (len - HEADER) / ENTRY || pn > (len - HEADER) / 4 ||
	    len != HEADER + n * ENTRY + pn * 4)
		return;
	for (i = 0; i < n; i++) {
		const unsigned char *e = h + HEADER + i * ENTRY;
		uint64_t at = gi_cache_get32(e + 24), nr = gi_cache_get32(e + 28);

		if ((i && memcmp(e - ENTRY, e, GIT_OID_RAWSZ) >= 0) ||
		    at > pn || nr > pn - at)
			return;		/* not sorted, or outside the pool */
	}
	c->v = h + HEADER;
	c->nr = (size_t)n;
	c->pool = c->v + n * ENTRY;
	c->pool_nr = (size_t)pn;
}

static int cmp_id(const void *key, const void *e)
{
	return memcmp(key, e, GIT_OID_RAWSZ);
}

/* Is `want` among the nr sorted numbers at p (the file's pool)? */
static int pool_has(const unsigned char *p, size_t nr, uint32_t want)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t v = gi_cache_get32(p + 4 * mid);

		if (v == want)
			return 1;
		if (v < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The numbers of a note the file does not have, from its blob. */
static struct gi_names_entry *read_note(struct gi_note_names *c,
					struct gi_repo *r, const git_oid *note)
{
	struct gi_names_entry *x;
	git_odb_object *o = NULL;

	if ((!c->odb && git_repository_odb(&c->odb, r->repo) < 0) ||
	    git_odb_read(&o, c->odb, note) < 0) {
		gi_error("unable to read note %s: %s", git_oid_tostr_s(note),
			 gi_git_errmsg("unknown error"));
		return NULL;
	}
	GI_ALLOC_GROW(c->miss, c->miss_nr + 1, c->miss_alloc);
	x = &c->miss[c->miss_nr++];
	git_oid_cpy(&x->id, note);
	gi_names_in(git_odb_object_data(o), git_odb_object_size(o), &x->n,
		    &x->nr);
	git_odb_object_free(o);
	return x;
}

int gi_note_names_any(struct gi_note_names *c, struct gi_repo *r,
		      const git_oid *note, const long *n, size_t k)
{
	const unsigned char *e = c->nr ?
		bsearch(note->id, c->v, c->nr, ENTRY, cmp_id) : NULL;
	const struct gi_names_entry *x = NULL;
	size_t i;

	if (e) {
		GI_ALLOC_GROW(c->hit, c->hit_nr + 1, c->hit_alloc);
		c->hit[c->hit_nr++] = (uint32_t)((size_t)(e - c->v) / ENTRY);
	} else if (!(x = read_note(c, r, note))) {
		return -1;
	}
	for (i = 0; i < k; i++) {
		uint32_t want = (uint32_t)n[i];

		if (n[i] <= 0 || n[i] > GI_ISSUE_MAX)
			continue;
		if (e ? pool_has(c->pool + 4 * gi_cache_get32(e + 24),
				 gi_cache_get32(e + 28), want) :
		    (x->nr && bsearch(&want, x->n, x->nr, sizeof(*x->n),
				      cmp_u32)))
			return 1;
	}
	return 0;
}

/* An entry of the file to write: its id and its numbers, from the old
 * file's pool (`p`) or read this run (`own`). */
struct out_entry {
	const unsigned char *id;
	const unsigned char *p;
	const uint32_t *own;
	size_t nr;
};

static int cmp_out(const void *a, const void *b)
{
	return memcmp(((const struct out_entry *)a)->id,
		      ((const struct out_entry *)b)->id, GIT_OID_RAWSZ);
}

/* Write the header and the entries of `o` (n of them, pn numbers). */
static void write_file(struct gi_repo *r, const struct out_entry *o,
		       size_t n, size_t pn)
{
	size_t len = HEADER + n * ENTRY + pn * 4, i, j, at = 0;
	unsigned char *h = gi_xcalloc(len, 1), *e = h + HEADER;
	unsigned char *p = e + n * ENTRY;

	for (i = 0; i < n; i++, e += ENTRY) {
		memcpy(e, o[i].id, GIT_OID_RAWSZ);
		gi_cache_put32(e + 24, (uint32_t)at);
		gi_cache_put32(e + 28, (uint32_t)o[i].nr);
		for (j = 0; j < o[i].nr; j++, at++)
			gi_cache_put32(p + 4 * at, o[i].own ? o[i].own[j] :
				       gi_cache_get32(o[i].p + 4 * j));
	}
	gi_cache_head_put(h, MAGIC, VERSION);
	gi_cache_put64(h + 16, (uint64_t)n);
	gi_cache_put64(h + 32, (uint64_t)pn);
	gi_cache_file_seal(r, FILE_NAME, h, len, 24);
	free(h);
}

/* The file again, of this run's entries (sorted, each id once). */
static void save(struct gi_note_names *c, struct gi_repo *r)
{
	size_t nr = c->hit_nr + c->miss_nr, i, n = 0, pn = 0;
	struct out_entry *o = gi_xcalloc(nr + 1, sizeof(*o));

	for (i = 0; i < c->hit_nr; i++) {
		const unsigned char *e = c->v + (size_t)c->hit[i] * ENTRY;

		o[i].id = e;
		o[i].p = c->pool + 4 * gi_cache_get32(e + 24);
		o[i].nr = gi_cache_get32(e + 28);
	}
	for (i = 0; i < c->miss_nr; i++) {
		o[c->hit_nr + i].id = c->miss[i].id.id;
		o[c->hit_nr + i].own = c->miss[i].n;
		o[c->hit_nr + i].nr = c->miss[i].nr;
	}
	qsort(o, nr, sizeof(*o), cmp_out);
	for (i = 0; i < nr; i++)
		if (!n || memcmp(o[n - 1].id, o[i].id, GIT_OID_RAWSZ)) {
			o[n++] = o[i];
			pn += o[i].nr;
		}
	write_file(r, o, n, pn);
	free(o);
}

void gi_note_names_close(struct gi_note_names *c, struct gi_repo *r)
{
	size_t i;

	if (c->miss_nr)
		save(c, r);
	for (i = 0; i < c->miss_nr; i++)
		free(c->miss[i].n);
	free(c->miss);
	free(c->hit);
	git_odb_free(c->odb);
	gi_buf_release(&c->file);
	memset(c, 0, sizeof(*c));
}
