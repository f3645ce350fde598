/*
 * strset.c: a sorted set of strings (strset.h): an array of copies,
 * sorted and made unique once, looked up by binary search.
 */
#include "gitissue/util/strset.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void gi_strset_add(struct gi_strset *set, const char *s)
{
	gi_strset_addn(set, s, strlen(s));
}

void gi_strset_addn(struct gi_strset *set, const char *s, size_t len)
{
	GI_ALLOC_GROW(set->v, set->nr + 1, set->alloc);
	set->v[set->nr++] = gi_xstrndup(s, len);
}

void gi_strset_finish(struct gi_strset *set)
{
	size_t i, j = 0;

	if (!set->nr)
		return;
	qsort(set->v, set->nr, sizeof(*set->v), cmp_str);
	for (i = 1; i < set->nr; i++) {
		if (!strcmp(set->v[i], set->v[j]))
			free(set->v[i]);
		else
			set->v[++j] = set->v[i];
	}
	set->nr = j + 1;
}

int gi_strset_has(const struct gi_strset *set, const char *s)
{
	return set->nr &&
		bsearch(&s, set->v, set->nr, sizeof(*set->v), cmp_str);
}

void gi_strset_release(struct gi_strset *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		free(set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}
