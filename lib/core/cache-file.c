/*
 * cache-file.c: reading and replacing the files of issue-cache/
 * (cache-file.h).
 */
#include "core/cache-file.h"

#include <errno.h>
#include <git2.h>
#include <string.h>
#include <sys/stat.h>

#include "gitissue/util/util.h"
#include "util/lockfile.h"

#define CACHE_DIR "issue-cache"

int gi_cache_file_read(gi_buf *out, struct gi_repo *r, const char *name)
{
	gi_buf path = GI_BUF_INIT;
	int ret;

	gi_buf_addf(&path, "%s/" CACHE_DIR "/%s", r->commondir, name);
	ret = gi_buf_read_file(out, path.buf) < 0 ? -1 : 0;
	gi_buf_release(&path);
	return ret;
}

/* As the summaries cache (summary-cache.c): at best and quietly; only a
 * lock that stays a second (a killed writer's) is worth a word. */
static const struct gi_lock_opts cache_lock = {
	.flags = GI_LOCK_QUIET, .timeout_ms = 1000
};

void gi_cache_file_replace(struct gi_repo *r, const char *name,
			   const void *data, size_t len)
{
	gi_buf path = GI_BUF_INIT;

	gi_buf_addf(&path, "%s/" CACHE_DIR, r->commondir);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST)
		goto done;
	gi_buf_addf(&path, "/%s", name);
	if (gi_write_file_atomic(path.buf, data, len, &cache_lock) ==
	    GIT_ELOCKED)
		gi_lock_warn_stale(path.buf);
done:
	gi_buf_release(&path);
}

int gi_cache_entries_valid(const unsigned char *entries, size_t nr,
			   size_t size, size_t at, size_t nstr,
			   const char *pool, size_t pool_len)
{
	size_t i, k;

	for (i = 0; i < nr; i++) {
		const unsigned char *e = entries + i * size;

		if (i && memcmp(e - size, e, GIT_OID_RAWSZ) >= 0)
			return 0;	/* not sorted, or twice */
		for (k = 0; k < nstr; k++) {
			uint32_t off = gi_cache_get32(e + at + k * 8);
			uint32_t len = gi_cache_get32(e + at + 4 + k * 8);

			if (len == GI_CACHE_NO_STRING)
				continue;
			if ((size_t)off >= pool_len ||
			    (size_t)len >= pool_len - off || pool[off + len])
				return 0;
		}
	}
	return 1;
}

uint64_t gi_cache_mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

void gi_cache_head_put(unsigned char *h, const char *magic, uint32_t version)
{
	memset(h, 0, 8);
	memcpy(h, magic, strnlen(magic, 8));
	gi_cache_put32(h + 8, version);
	gi_cache_put32(h + 12, GI_CACHE_BYTE_ORDER);
}

int gi_cache_head_ok(const unsigned char *h, size_t len, const char *magic,
		     uint32_t version, size_t sum_at)
{
	unsigned char want[16];

	if (len < 16 || sum_at > len - 8)
		return 0;
	gi_cache_head_put(want, magic, version);
	return !memcmp(h, want, 16) &&
		gi_cache_get64(h + sum_at) == gi_cache_checksum(h, len, sum_at);
}

void gi_cache_file_seal(struct gi_repo *r, const char *name,
			unsigned char *data, size_t len, size_t sum_at)
{
	gi_cache_put64(data + sum_at, gi_cache_checksum(data, len, sum_at));
	gi_cache_file_replace(r, name, data, len);
}

uint64_t gi_cache_checksum(const void *data, size_t len, size_t skip)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		if (i == skip)
			continue;
		memcpy(&w, p + i, 8);
		h = gi_cache_mix(h, w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		h = gi_cache_mix(h, w);
	}
	return h;
}
