/*
 * longmap.c: a hash map from long to size_t, open addressing with linear
 * probing, kept at most half full (longmap.h).
 */
#include "util/longmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

void gi_longmap_init(struct gi_longmap *m)
{
	memset(m, 0, sizeof(*m));
}

void gi_longmap_release(struct gi_longmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	memset(m, 0, sizeof(*m));
}

/* Issue numbers are dense: mix the bits so that they spread. */
static size_t slot_of(long key, size_t cap)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static size_t find(const struct gi_longmap *m, long key)
{
	size_t i = slot_of(key, m->cap);

	while (m->used[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t *gi_longmap_get(const struct gi_longmap *m, long key)
{
	size_t i;

	if (!m->nr)
		return NULL;
	i = find(m, key);
	return m->used[i] ? &m->vals[i] : NULL;
}

static void grow(struct gi_longmap *m)
{
	struct gi_longmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->nr = 0;
	m->keys = gi_xcalloc(m->cap, sizeof(*m->keys));
	m->vals = gi_xcalloc(m->cap, sizeof(*m->vals));
	m->used = gi_xcalloc(m->cap, 1);
	for (i = 0; i < old.cap; i++)
		if (old.used[i])
			gi_longmap_put(m, old.keys[i], old.vals[i]);
	gi_longmap_release(&old);
}

void gi_longmap_put(struct gi_longmap *m, long key, size_t val)
{
	size_t i;

	if ((m->nr + 1) * 2 > m->cap)
		grow(m);
	i = find(m, key);
	if (!m->used[i]) {
		m->used[i] = 1;
		m->keys[i] = key;
		m->nr++;
	}
	m->vals[i] = val;
}
