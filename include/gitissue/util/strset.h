/*
 * strset.h: a sorted set of strings without duplicates, built in two
 * steps: add in any order, then finish (sort and drop the duplicates)
 * once; look up and walk `v[0..nr-1]` in byte order after that. The paths
 * a branch changed, the paths an issue names: sets of tens to thousands
 * that are built once and read many times.
 */
#ifndef GITISSUE_UTIL_STRSET_H
#define GITISSUE_UTIL_STRSET_H

#include <stddef.h>

struct gi_strset {
	char **v;		/* owned copies; sorted after finish */
	size_t nr, alloc;
};
#define GI_STRSET_INIT { NULL, 0, 0 }

/** Add a copy of `s` (the set is unsorted until gi_strset_finish()). */
void gi_strset_add(struct gi_strset *set, const char *s);
/** Add a copy of the `len` bytes at `s`. */
void gi_strset_addn(struct gi_strset *set, const char *s, size_t len);
/** Sort (strcmp order) and drop duplicates; again after more adds. */
void gi_strset_finish(struct gi_strset *set);
/** Is `s` in the set? Only after gi_strset_finish(). */
int gi_strset_has(const struct gi_strset *set, const char *s);
/** Free the strings and the array; the set is empty again. */
void gi_strset_release(struct gi_strset *set);

#endif
