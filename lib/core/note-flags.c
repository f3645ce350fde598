/*
 * note-flags.c: which issues have work, read from a note's raw bytes
 * (note-flags.h): a record that is not the plan's means comments to
 * mirror, a link record a change that may wait to be mirrored. Apart
 * from plan.c, which is near 1,000 lines.
 */
#define _GNU_SOURCE	/* memmem */
#include "gitissue/core/note-flags.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/record.h"
#include "gitissue/core/summary.h"
#include "gitissue/util/util.h"

/* Is this line a record that is not the plan's (a note, a lesson, a
 * claim, a comment...)? Read raw: the kind is in every valid line. */
static int line_has_work(const char *line, size_t len)
{
	static const char key[] = "\"kind\":\"";
	const char *p = memmem(line, len, key, sizeof(key) - 1);
	const char *end = line + len, *q;
	char kind[32];

	if (!p)
		return 1;	/* malformed: someone's work */
	p += sizeof(key) - 1;
	q = memchr(p, '"', (size_t)(end - p));
	if (!q || (size_t)(q - p) >= sizeof(kind))
		return 1;
	memcpy(kind, p, (size_t)(q - p));
	kind[q - p] = '\0';
	if (!gi_plan_kind(kind))
		return 1;
	/* an edit that says why is posted as a comment */
	return !strcmp(kind, GI_KIND_EDIT) &&
		memmem(line, len, "\"text\":", 7) != NULL;
}

unsigned gi_plan_note_flags(const char *data, size_t len)
{
	static const char link[] = "\"kind\":\"" GI_KIND_LINK "\"";
	const char *p = data, *end = data + len;
	unsigned flags = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		/* empty lines are no lines (gi_lines_parse) */
		if (e > p && line_has_work(p, (size_t)(e - p)))
			flags |= GI_NOTE_WORK;
		/* any mention, not only the first: one too many costs a
		 * plan load, one too few would lose a change */
		if (e > p && memmem(p, (size_t)(e - p), link, sizeof(link) - 1))
			flags |= GI_NOTE_LINKS;
		p = e + 1;
	}
	return flags;
}

void gi_plan_keep_tracked(struct gi_issue_list *list, struct gi_repo *r)
{
	unsigned *flags = gi_xcalloc(list->nr + 1, sizeof(*flags));
	size_t i, j = 0;

	/* from the summaries cache: an import just wrote it, so a sync
	 * does not read back every note it wrote */
	if (gi_summaries_flags(flags, r, list) < 0)
		for (i = 0; i < list->nr; i++)
			flags[i] = GI_NOTE_WORK;
	for (i = 0; i < list->nr; i++)
		if (list->v[i].issue > 0 && (flags[i] & GI_NOTE_WORK))
			list->v[j++] = list->v[i];
	list->nr = j;
	free(flags);
}
