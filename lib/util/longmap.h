/*
 * longmap.h: a hash map from a long (an issue number) to a size_t (most
 * often an index into the caller's own array), for the places that look
 * an issue up once per issue of an import or a plan: a linear scan there
 * made a first import of 10,000 issues quadratic.
 */
#ifndef GITISSUE_UTIL_LONGMAP_H
#define GITISSUE_UTIL_LONGMAP_H

#include <stddef.h>

struct gi_longmap {
	long *keys;
	size_t *vals;
	unsigned char *used;
	size_t cap;		/* a power of two, or 0 */
	size_t nr;
};

#define GI_LONGMAP_INIT { NULL, NULL, NULL, 0, 0 }

void gi_longmap_init(struct gi_longmap *m);
void gi_longmap_release(struct gi_longmap *m);

/** The value of `key`, or NULL when absent; valid until the next put. */
size_t *gi_longmap_get(const struct gi_longmap *m, long key);
/** Set `key` to `val` (replacing what it had). */
void gi_longmap_put(struct gi_longmap *m, long key, size_t val);

#endif
