/*
 * claim-cache.c: which notes mention claims, kept by note blob id
 * (claim-cache.h).
 *
 * The file, issue-cache/claims, in this machine's byte order:
 *
 *   header   "GIICLMS\0", version, byte order, entry count, checksum
 *   entries  sorted by note id: the id, then 4 bytes: 1 when the note
 *            mentions a claim, 0 when not
 */
#define _GNU_SOURCE	/* memmem */
#include "worktree/claim-cache.h"

#include <stdlib.h>
#include <string.h>

#include "core/cache-file.h"

#define MAGIC "GIICLMS"
#define VERSION 1
#define HEADER 32
#define ENTRY 24
#define FILE_NAME "claims"

/* Does the note's text name a claim? (Every claim and release record
 * does; a note that only says the word costs a parse, no more.) */
static int note_mentions(git_odb *odb, const git_oid *note)
{
	git_odb_object *o = NULL;
	int hit = 1;

	if (odb && !git_odb_read(&o, odb, note))
		hit = memmem(git_odb_object_data(o), git_odb_object_size(o),
			     "\"claim\"", 7) != NULL;
	git_odb_object_free(o);
	git_error_clear();
	return hit;
}

/* The entries of the file, when it checks out; else *nr is 0. */
static const unsigned char *load(gi_buf *b, size_t *nr, struct gi_repo *r)
{
	const unsigned char *h;
	uint64_t n;
	size_t i;

	*nr = 0;
	if (gi_cache_file_read(b, r, FILE_NAME) < 0 || b->len < HEADER)
		return NULL;
	h = (const unsigned char *)b->buf;
	n = gi_cache_get64(h + 16);
	if (!gi_cache_head_ok(h, b->len, MAGIC, VERSION, 24) ||
	    n > (b->len - HEADER) / ENTRY || b->len != HEADER + n * ENTRY)
		return NULL;
	for (i = 1; i < n; i++)
		if (memcmp(h + HEADER + (i - 1) * ENTRY, h + HEADER + i * ENTRY,
			   GIT_OID_RAWSZ) >= 0)
			return NULL;
	*nr = (size_t)n;
	return h + HEADER;
}

static int cmp_id(const void *key, const void *e)
{
	return memcmp(key, e, GIT_OID_RAWSZ);
}

static int cmp_entry(const void *a, const void *b)
{
	return memcmp(a, b, GIT_OID_RAWSZ);
}

/* The file again, with every listed note's answer (ids sorted, once). */
static void save(struct gi_repo *r, const struct gi_issue_list *list,
		 const unsigned char *mentions)
{
	size_t len = HEADER + list->nr * ENTRY, i, n = 0;
	unsigned char *h = gi_xcalloc(len, 1), *e = h + HEADER;

	for (i = 0; i < list->nr; i++) {
		if (!list->v[i].issue)
			continue;
		memcpy(e + n * ENTRY, list->v[i].note.id, GIT_OID_RAWSZ);
		gi_cache_put32(e + n * ENTRY + 20, mentions[i]);
		n++;
	}
	qsort(e, n, ENTRY, cmp_entry);
	for (i = 0; n && i + 1 < n;) {
		if (!memcmp(e + i * ENTRY, e + (i + 1) * ENTRY, GIT_OID_RAWSZ)) {
			memmove(e + i * ENTRY, e + (i + 1) * ENTRY,
				(n - i - 1) * ENTRY);
			n--;
		} else {
			i++;
		}
	}
	len = HEADER + n * ENTRY;
	gi_cache_head_put(h, MAGIC, VERSION);
	gi_cache_put64(h + 16, (uint64_t)n);
	gi_cache_file_seal(r, FILE_NAME, h, len, 24);
	free(h);
}

void gi_claim_mentions(unsigned char *out, struct gi_repo *r,
		       const struct gi_issue_list *list)
{
	gi_buf b = GI_BUF_INIT;
	git_odb *odb = NULL;
	const unsigned char *v;
	size_t nr, i, misses = 0;

	v = load(&b, &nr, r);
	for (i = 0; i < list->nr; i++) {
		const unsigned char *e;

		out[i] = 0;
		if (!list->v[i].issue)
			continue;
		e = nr ? bsearch(list->v[i].note.id, v, nr, ENTRY, cmp_id) :
			NULL;
		if (e) {
			out[i] = gi_cache_get32(e + 20) != 0;
			continue;
		}
		if (!odb && git_repository_odb(&odb, r->repo) < 0)
			odb = NULL;
		out[i] = (unsigned char)note_mentions(odb, &list->v[i].note);
		misses++;
	}
	git_odb_free(odb);
	gi_buf_release(&b);
	if (misses)
		save(r, list, out);
}
