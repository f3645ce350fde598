/*
 * merge-cache.c: the conflicts of merges already made, by the two
 * commits merged (merge-cache.h).
 *
 * The file, issue-cache/merges, in this machine's byte order:
 *
 *   header   "GIIMERGE", version, byte order, the settings' hash, entry
 *            count, checksum
 *   entries  the two commit ids, the number of conflicting paths, their
 *            size, then the paths, each followed by a NUL
 */
#include "worktree/merge-cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cache-file.h"
#include "gitissue/util/config.h"

#define MAGIC "GIIMERGE"
#define VERSION 1
#define HEADER 40
#define ENTRY_HEAD 48
#define FILE_NAME "merges"
/* the newest merges kept: a board's pairs, many times over */
#define MAX_ENTRIES 512

static void fnv(uint64_t *h, const char *s)
{
	const unsigned char *b = (const unsigned char *)(s ? s : "");
	size_t i, len = s ? strlen(s) : 0;

	for (i = 0; i < len; i++) {
		*h ^= b[i];
		*h *= 1099511628211ULL;
	}
	*h ^= s ? 0x5a : 0xa5;
	*h *= 1099511628211ULL;
}

/* The git that PATH finds, by its size and time: another git may merge
 * differently. Not by its path nor inode: run through git, PATH starts
 * with /usr/lib/git-core, whose git is a copy of /usr/bin/git on Debian
 * (same bytes, another inode), and the board (run by either name) must
 * find what git issue-overlap stored. */
static void git_identity(uint64_t *h)
{
	const char *path = getenv("PATH"), *p;
	gi_buf b = GI_BUF_INIT;
	struct stat st;
	char num[64];

	for (p = path; p && *p;) {
		const char *e = strchr(p, ':');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		gi_buf_reset(&b);
		gi_buf_add(&b, p, len);
		gi_buf_adds(&b, "/git");
		if (!stat(b.buf, &st) && S_ISREG(st.st_mode)) {
			snprintf(num, sizeof(num), "%lld %lld",
				 (long long)st.st_size,
				 (long long)st.st_mtime);
			fnv(h, num);
			break;
		}
		p = e ? e + 1 : p + len;
	}
	gi_buf_release(&b);
}

/* What decides a merge's conflicts besides the two commits. */
static uint64_t settings(struct gi_repo *r, const char *engine)
{
	static const char *const keys[] = {
		"merge.renames", "merge.directoryRenames", "merge.renameLimit",
		"diff.renames", "diff.renameLimit", "merge.conflictStyle",
	};
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	fnv(&h, engine);
	for (i = 0; i < GI_ARRAY_SIZE(keys); i++) {
		char *v = gi_config_get(r, keys[i]);

		fnv(&h, v);
		free(v);
	}
	git_identity(&h);
	return h;
}

void gi_merge_cache_load(struct gi_merge_cache *mc, struct gi_repo *r,
			 const char *engine)
{
	gi_buf b = GI_BUF_INIT;
	const unsigned char *h, *p, *end;
	uint64_t nr, i;

	memset(mc, 0, sizeof(*mc));
	mc->settings = settings(r, engine);
	if (gi_cache_file_read(&b, r, FILE_NAME) < 0 || b.len < HEADER)
		goto done;
	h = (const unsigned char *)b.buf;
	nr = gi_cache_get64(h + 24);
	if (!gi_cache_head_ok(h, b.len, MAGIC, VERSION, 32) ||
	    gi_cache_get64(h + 16) != mc->settings || nr > MAX_ENTRIES)
		goto done;
	p = h + HEADER;
	end = h + b.len;
	for (i = 0; i < nr; i++) {
		struct gi_merge_entry *e;
		uint32_t n, size;

		if (end - p < ENTRY_HEAD)
			goto bad;
		n = gi_cache_get32(p + 40);
		size = gi_cache_get32(p + 44);
		if ((size_t)(end - p - ENTRY_HEAD) < size ||
		    (size && p[ENTRY_HEAD + size - 1]) || !size != !n)
			goto bad;
		GI_ALLOC_GROW(mc->v, mc->nr + 1, mc->alloc);
		e = &mc->v[mc->nr++];
		git_oid_fromraw(&e->a, p);
		git_oid_fromraw(&e->b, p + 20);
		e->n = n;
		e->paths = gi_xmalloc(size + 1);
		memcpy(e->paths, p + ENTRY_HEAD, size);
		e->size = size;
		p += ENTRY_HEAD + size;
	}
	if (p == end)
		goto done;
bad:
	gi_merge_cache_release(mc);
	mc->settings = settings(r, engine);
done:
	gi_buf_release(&b);
}

/* Do the paths of an entry count what it says? */
static int count_ok(const struct gi_merge_entry *e)
{
	size_t at = 0, n = 0;

	while (at < e->size) {
		at += strlen(e->paths + at) + 1;
		n++;
	}
	return n == e->n;
}

const struct gi_merge_entry *gi_merge_cache_get(struct gi_merge_cache *mc,
						const git_oid *a,
						const git_oid *b)
{
	size_t i;

	for (i = mc->nr; i-- > 0;)
		if (git_oid_equal(&mc->v[i].a, a) &&
		    git_oid_equal(&mc->v[i].b, b))
			return count_ok(&mc->v[i]) ? &mc->v[i] : NULL;
	return NULL;
}

void gi_merge_cache_put(struct gi_merge_cache *mc, const git_oid *a,
			const git_oid *b, const struct gi_strset *conflicts)
{
	struct gi_merge_entry *e;
	gi_buf p = GI_BUF_INIT;
	size_t i;

	for (i = 0; i < conflicts->nr; i++)
		gi_buf_add(&p, conflicts->v[i], strlen(conflicts->v[i]) + 1);
	GI_ALLOC_GROW(mc->v, mc->nr + 1, mc->alloc);
	e = &mc->v[mc->nr++];
	git_oid_cpy(&e->a, a);
	git_oid_cpy(&e->b, b);
	e->n = conflicts->nr;
	e->size = p.len;
	e->paths = gi_buf_detach(&p, NULL);
	mc->added++;
}

void gi_merge_cache_save(struct gi_merge_cache *mc, struct gi_repo *r)
{
	gi_buf out = GI_BUF_INIT;
	unsigned char h[HEADER], e[ENTRY_HEAD];
	size_t i, from = mc->nr > MAX_ENTRIES ? mc->nr - MAX_ENTRIES : 0;

	if (!mc->added)
		return;
	memset(h, 0, sizeof(h));
	gi_buf_add(&out, h, sizeof(h));
	for (i = from; i < mc->nr; i++) {
		memcpy(e, mc->v[i].a.id, 20);
		memcpy(e + 20, mc->v[i].b.id, 20);
		gi_cache_put32(e + 40, (uint32_t)mc->v[i].n);
		gi_cache_put32(e + 44, (uint32_t)mc->v[i].size);
		gi_buf_add(&out, e, sizeof(e));
		gi_buf_add(&out, mc->v[i].paths, mc->v[i].size);
	}
	gi_cache_head_put((unsigned char *)out.buf, MAGIC, VERSION);
	gi_cache_put64((unsigned char *)out.buf + 16, mc->settings);
	gi_cache_put64((unsigned char *)out.buf + 24, (uint64_t)(mc->nr - from));
	gi_cache_file_seal(r, FILE_NAME, (unsigned char *)out.buf, out.len, 32);
	gi_buf_release(&out);
}

void gi_merge_cache_release(struct gi_merge_cache *mc)
{
	size_t i;

	for (i = 0; i < mc->nr; i++)
		free(mc->v[i].paths);
	free(mc->v);
	memset(mc, 0, sizeof(*mc));
}
