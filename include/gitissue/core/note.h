/*
 * note.h: the content of one issue's note, seen as a set of lines.
 *
 * The stored form is exactly what `git notes merge -s cat_sort_uniq` makes:
 * non-empty lines, sorted bytewise, no duplicates, each ending in a newline.
 * Two clones holding the same records therefore hold the same blob, and the
 * union of two notes is just the union of their lines.
 */
#ifndef GITISSUE_CORE_NOTE_H
#define GITISSUE_CORE_NOTE_H

#include <stddef.h>

#include "gitissue/util/buf.h"

struct gi_line {
	const char *p;		/* not NUL-terminated */
	size_t len;
};

struct gi_lines {
	struct gi_line *v;
	size_t nr, alloc;
	char **chunks;		/* storage handed over with gi_lines_own */
	size_t nchunks, chunks_alloc;
};

#define GI_LINES_INIT { NULL, 0, 0, NULL, 0, 0 }

void gi_lines_init(struct gi_lines *l);
void gi_lines_release(struct gi_lines *l);

/*
 * Every function that adds to a gi_lines appends to what is there: the
 * caller initialises it (GI_LINES_INIT or gi_lines_init) once.
 */

/**
 * Split `data` into lines (pointing into `data`, which must outlive `l`),
 * skipping empty ones, then sort and drop duplicates.
 */
void gi_lines_parse(struct gi_lines *l, const char *data, size_t len);
/** Let `l` free `data` (from malloc) when it is released. */
void gi_lines_own(struct gi_lines *l, char *data);
/** Add one line that points into storage that outlives `l` (no
 * normalizing: call gi_lines_normalize when done adding). */
void gi_lines_add(struct gi_lines *l, const char *p, size_t len);
/** Add a copy of one line, which `l` owns. */
void gi_lines_add_copy(struct gi_lines *l, const char *p, size_t len);
/** Sort bytewise and drop duplicates (what cat_sort_uniq does). */
void gi_lines_normalize(struct gi_lines *l);
/** Add the lines of `other` to `l`, then normalize. */
void gi_lines_union(struct gi_lines *l, const struct gi_lines *other);
/** Does `l` (normalized) hold this exact line? */
int gi_lines_has(const struct gi_lines *l, const char *p, size_t len);
/** Serialize: each line followed by "\n". */
void gi_lines_write(const struct gi_lines *l, gi_buf *out);
/** Bytewise order of two lines, as strcmp would order them. */
int gi_line_cmp(const struct gi_line *a, const struct gi_line *b);

#endif
