/*
 * pack-write.h: many new objects written as one pack and its index, as
 * git's own fast paths do (fetch past transfer.unpackLimit, fast-import),
 * instead of a loose file each: a first import of 2,000 issues wrote
 * 4,000 loose objects, 40 system calls an issue and most of its time.
 *
 * Objects are deflated as they are added and kept in memory; finishing
 * writes objects/pack/pack-<checksum>.pack, then its .idx (version 2),
 * each through a temporary file renamed into place, the index last (git
 * and libgit2 find a pack by its index), and makes libgit2 see it. An
 * object added twice is written once. No deltas: the objects of a sync
 * are small and new, and a later `git gc` deltifies them.
 */
#ifndef GITISSUE_CORE_PACK_WRITE_H
#define GITISSUE_CORE_PACK_WRITE_H

#include <git2.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

/* Fewer objects than this go loose: git's transfer.unpackLimit. */
#define GI_PACK_MIN_OBJECTS 100

struct gi_pack_entry {
	git_oid id;
	size_t off, len;	/* in `data`: header and deflated bytes */
};

struct gi_pack {
	struct gi_repo *r;
	struct gi_pack_entry *v;
	size_t nr, alloc;
	gi_buf data;
	int level;		/* of compression; -2: not read yet */
};

/** Can objects go into a pack here? Not into a quarantine
 * (GIT_OBJECT_DIRECTORY), where libgit2 must write them. */
int gi_pack_possible(void);

void gi_pack_init(struct gi_pack *p, struct gi_repo *r);
/** Add an object; its id to `out`. @return 0 or -1 (libgit2's error). */
int gi_pack_add(struct gi_pack *p, git_oid *out, git_object_t type,
		const void *data, size_t len);
/** Write the pack and its index and make them seen; nothing when empty.
 * @return 0 or -1 (libgit2's error set, or errno's). */
int gi_pack_finish(struct gi_pack *p);
void gi_pack_release(struct gi_pack *p);

#endif
