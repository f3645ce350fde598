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
	if (memcmp(h, MAGIC, 8) || gi_cache_get32(h + 8) != VERSION ||
	    gi_cache_get32(h + 12) != GI_CACHE_BYTE_ORDER ||
	    n > (len - HEADER) / ENTRY || pn > (len - HEADER) / 4 ||
	    len != HEADER + n * ENTRY + pn * 4 ||
	    gi_cache_get64(h + 24) != gi_cache_checksum(h, len, 24))
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

/* This run's entry for `note`, made from the file or from the blob. */
static struct gi_names_entry *entry_of(struct gi_note_names *c,
				       struct gi_repo *r, const git_oid *note)
{
	const unsigned char *e = c->nr ?
		bsearch(note->id, c->v, c->nr, ENTRY, cmp_id) : NULL;
	struct gi_names_entry *x;
	git_odb_object *o = NULL;
	size_t i;

	GI_ALLOC_GROW(c->run, c->run_nr + 1, c->run_alloc);
	x = &c->run[c->run_nr];
	memset(x, 0, sizeof(*x));
	git_oid_cpy(&x->id, note);
	if (e) {
		const unsigned char *p = c->pool + 4 * gi_cache_get32(e + 24);

		x->nr = gi_cache_get32(e + 28);
		x->n = x->nr ? gi_xmalloc(x->nr * sizeof(*x->n)) : NULL;
		for (i = 0; i < x->nr; i++)
			x->n[i] = gi_cache_get32(p + 4 * i);
		c->run_nr++;
		return x;
	}
	if ((!c->odb && git_repository_odb(&c->odb, r->repo) < 0) ||
	    git_odb_read(&o, c->odb, note) < 0) {
		gi_error("unable to read note %s: %s", git_oid_tostr_s(note),
			 gi_git_errmsg("unknown error"));
		return NULL;
	}
	gi_names_in(git_odb_object_data(o), git_odb_object_size(o), &x->n,
		    &x->nr);
	git_odb_object_free(o);
	c->misses++;
	c->run_nr++;
	return x;
}

int gi_note_names_any(struct gi_note_names *c, struct gi_repo *r,
		      const git_oid *note, const long *n, size_t k)
{
	const struct gi_names_entry *x = entry_of(c, r, note);
	size_t i;

	if (!x)
		return -1;
	for (i = 0; i < k; i++) {
		uint32_t want = (uint32_t)n[i];

		if (n[i] > 0 && n[i] <= GI_ISSUE_MAX &&
		    bsearch(&want, x->n, x->nr, sizeof(*x->n), cmp_u32))
			return 1;
	}
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct gi_names_entry *x = a, *y = b;

	return git_oid_cmp(&x->id, &y->id);
}

/* The file again, of this run's entries (sorted, each id once). */
static void save(struct gi_note_names *c, struct gi_repo *r)
{
	size_t i, n = 0, pn = 0, len;
	unsigned char *h, *e, *p;

	qsort(c->run, c->run_nr, sizeof(*c->run), cmp_entry);
	for (i = 0; i < c->run_nr; i++)
		if (!i || git_oid_cmp(&c->run[i - 1].id, &c->run[i].id)) {
			c->run[n++] = c->run[i];
			pn += c->run[i].nr;
		} else {
			free(c->run[i].n);
		}
	c->run_nr = n;
	len = HEADER + n * ENTRY + pn * 4;
	h = gi_xcalloc(len, 1);
	e = h + HEADER;
	p = e + n * ENTRY;
	for (i = 0, pn = 0; i < n; i++, e += ENTRY) {
		size_t j;

		memcpy(e, c->run[i].id.id, GIT_OID_RAWSZ);
		gi_cache_put32(e + 24, (uint32_t)pn);
		gi_cache_put32(e + 28, (uint32_t)c->run[i].nr);
		for (j = 0; j < c->run[i].nr; j++, pn++)
			gi_cache_put32(p + 4 * pn, c->run[i].n[j]);
	}
	memcpy(h, MAGIC, 8);
	gi_cache_put32(h + 8, VERSION);
	gi_cache_put32(h + 12, GI_CACHE_BYTE_ORDER);
	gi_cache_put64(h + 16, (uint64_t)n);
	gi_cache_put64(h + 32, (uint64_t)pn);
	gi_cache_put64(h + 24, gi_cache_checksum(h, len, 24));
	gi_cache_file_replace(r, FILE_NAME, h, len);
	free(h);
}

void gi_note_names_close(struct gi_note_names *c, struct gi_repo *r)
{
	size_t i;

	if (c->misses)
		save(c, r);
	for (i = 0; i < c->run_nr; i++)
		free(c->run[i].n);
	free(c->run);
	git_odb_free(c->odb);
	gi_buf_release(&c->file);
	memset(c, 0, sizeof(*c));
}
