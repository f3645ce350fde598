/*
 * related-cache.h: which issue numbers each note names, kept by note blob
 * id, so that finding the issues related to one issue (related.c) reads
 * only the notes that name it, not every note of the repository.
 *
 * A note "names" n where a relation or a mention would: n as a whole
 * number after ':', '[', ',' or '#' (`"parent":95`, `[7,95]`, `#95`).
 * A blob's numbers never change, so an entry never goes stale; the file
 * keeps the notes of the last listing that missed one (the others are
 * dropped as their issues change).
 */
#ifndef GITISSUE_CORE_RELATED_CACHE_H
#define GITISSUE_CORE_RELATED_CACHE_H

#include <git2.h>
#include <stdint.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

struct gi_names_entry {
	git_oid id;
	uint32_t *n;		/* sorted, each once */
	size_t nr;
};

/* One run's look at the cache: the file as read, which of its entries
 * were asked for, and the answers it did not have (all written back by
 * gi_note_names_close when there is one of those). */
struct gi_note_names {
	gi_buf file;
	const unsigned char *v;	/* the file's entries, sorted by id */
	size_t nr;
	const unsigned char *pool;
	size_t pool_nr;		/* numbers in the pool */
	uint32_t *hit;		/* the file's entries asked for, by index */
	size_t hit_nr, hit_alloc;
	struct gi_names_entry *miss;	/* read from the blobs */
	size_t miss_nr, miss_alloc;
	git_odb *odb;
};

/** Read the cache file (a missing or corrupt one reads as empty). */
void gi_note_names_open(struct gi_note_names *c, struct gi_repo *r);

/**
 * Does the note `note` name any of the `k` positive issue numbers `n`?
 * From the cache, else from the blob (remembered for the file).
 * @return 1 yes, 0 no, -1 when the blob cannot be read (reported).
 */
int gi_note_names_any(struct gi_note_names *c, struct gi_repo *r,
		      const git_oid *note, const long *n, size_t k);

/** The numbers the bytes p[0..len-1] name, sorted, each once, into
 * `out` (`*nr` of them; `out` allocated, NULL when none). */
void gi_names_in(const char *p, size_t len, uint32_t **out, size_t *nr);

/** Write the file again when an answer was not in it; free `c`. */
void gi_note_names_close(struct gi_note_names *c, struct gi_repo *r);

#endif
