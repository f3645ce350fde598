/*
 * cache-file.h: the files of $GIT_COMMON_DIR/issue-cache/ that the
 * listing, the ready queue and the merges keep (the summaries have their
 * own writer, summary-cache.c): read whole, checked by a checksum,
 * replaced whole through util/lockfile.h, so that a reader sees the old
 * file or the new one whole. A cache only: a file that is missing,
 * short or corrupt reads as no file, and a failed write is not reported
 * (the next reader computes again).
 */
#ifndef GITISSUE_CORE_CACHE_FILE_H
#define GITISSUE_CORE_CACHE_FILE_H

#include <stdint.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

/* The byte order marker every cache file has (a file from a machine of
 * the other order is not trusted). */
#define GI_CACHE_BYTE_ORDER 0x01020304u

/** Read issue-cache/<name> whole into `out`. @return 0, or -1 when
 * there is none (nothing reported). */
int gi_cache_file_read(gi_buf *out, struct gi_repo *r, const char *name);
/** Replace issue-cache/<name> with `data` (failures not reported). */
void gi_cache_file_replace(struct gi_repo *r, const char *name,
			   const void *data, size_t len);

/* A string an entry does not have. */
#define GI_CACHE_NO_STRING 0xffffffffu

/**
 * Do `nr` entries of `size` bytes each, sorted by their first 20 bytes
 * (an object id) with none twice, name `nstr` strings each (at byte `at`
 * of an entry and every 8 bytes after it: an offset into `pool` and a
 * length, or GI_CACHE_NO_STRING) that lie inside the pool and end with a
 * NUL? A file whose counts and offsets do not check out is not read.
 */
int gi_cache_entries_valid(const unsigned char *entries, size_t nr,
			   size_t size, size_t at, size_t nstr,
			   const char *pool, size_t pool_len);

/*
 * The head every file begins with: its magic (8 bytes, NUL padded), its
 * version and GI_CACHE_BYTE_ORDER (4 bytes each); its checksum
 * (gi_cache_checksum, 8 bytes) lies at a byte of the file's own choosing.
 */
void gi_cache_head_put(unsigned char *h, const char *magic, uint32_t version);

/** Do the `len` bytes at `h` begin with that head, and hold their
 * checksum at byte `sum_at`? */
int gi_cache_head_ok(const unsigned char *h, size_t len, const char *magic,
		     uint32_t version, size_t sum_at);

/** Put the checksum of `len` bytes at byte `sum_at` of `data`, then
 * replace issue-cache/<name> with them (gi_cache_file_replace). */
void gi_cache_file_seal(struct gi_repo *r, const char *name,
			unsigned char *data, size_t len, size_t sum_at);

/** One step of gi_cache_checksum (for a writer that sums as it goes). */
uint64_t gi_cache_mix(uint64_t h, uint64_t w);

/** A checksum of `len` bytes, eight at a time, the word at byte `skip`
 * (a multiple of 8: where the checksum itself is kept) left out. */
uint64_t gi_cache_checksum(const void *p, size_t len, size_t skip);

/* Fixed-size fields in this machine's byte order. */
static inline uint32_t gi_cache_get32(const unsigned char *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t gi_cache_get64(const unsigned char *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline void gi_cache_put32(unsigned char *p, uint32_t v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

static inline void gi_cache_put64(unsigned char *p, uint64_t v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

#endif
