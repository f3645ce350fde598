/*
 * note.c: a note as a sorted, duplicate-free set of lines. See note.h for
 * why this is the stored form.
 */
#include "gitissue/core/note.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

void gi_lines_init(struct gi_lines *l)
{
	struct gi_lines blank = GI_LINES_INIT;

	*l = blank;
}

void gi_lines_release(struct gi_lines *l)
{
	size_t i;

	free(l->v);
	for (i = 0; i < l->nchunks; i++)
		free(l->chunks[i]);
	free(l->chunks);
	gi_lines_init(l);
}

void gi_lines_own(struct gi_lines *l, char *data)
{
	GI_ALLOC_GROW(l->chunks, l->nchunks + 1, l->chunks_alloc);
	l->chunks[l->nchunks++] = data;
}

int gi_line_cmp(const struct gi_line *a, const struct gi_line *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->p, b->p, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int qcmp(const void *a, const void *b)
{
	return gi_line_cmp(a, b);
}

void gi_lines_normalize(struct gi_lines *l)
{
	size_t i, j;

	if (l->nr < 2)
		return;
	/* a stored note is sorted and unique already: one pass says so */
	for (i = 1; i < l->nr && gi_line_cmp(&l->v[i - 1], &l->v[i]) < 0; i++)
		;
	if (i == l->nr)
		return;
	qsort(l->v, l->nr, sizeof(*l->v), qcmp);
	for (i = 1, j = 1; i < l->nr; i++)
		if (gi_line_cmp(&l->v[i], &l->v[j - 1]))
			l->v[j++] = l->v[i];
	l->nr = j;
}

void gi_lines_add(struct gi_lines *l, const char *p, size_t len)
{
	GI_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr].p = p;
	l->v[l->nr].len = len;
	l->nr++;
}

void gi_lines_add_copy(struct gi_lines *l, const char *p, size_t len)
{
	char *copy = gi_xstrndup(p, len);

	gi_lines_own(l, copy);
	gi_lines_add(l, copy, len);
}

void gi_lines_parse(struct gi_lines *l, const char *data, size_t len)
{
	const char *end = data + len, *p = data;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if (e > p)
			gi_lines_add(l, p, (size_t)(e - p));
		p = e + 1;
	}
	gi_lines_normalize(l);
}

void gi_lines_union(struct gi_lines *l, const struct gi_lines *other)
{
	size_t i;

	for (i = 0; i < other->nr; i++)
		gi_lines_add(l, other->v[i].p, other->v[i].len);
	gi_lines_normalize(l);
}

int gi_lines_has(const struct gi_lines *l, const char *p, size_t len)
{
	struct gi_line key = { p, len };

	return l->nr && bsearch(&key, l->v, l->nr, sizeof(*l->v), qcmp);
}

void gi_lines_write(const struct gi_lines *l, gi_buf *out)
{
	size_t i, total = 0;

	for (i = 0; i < l->nr; i++)
		total += l->v[i].len + 1;
	gi_buf_grow(out, total);
	for (i = 0; i < l->nr; i++) {
		gi_buf_add(out, l->v[i].p, l->v[i].len);
		gi_buf_addch(out, '\n');
	}
}
