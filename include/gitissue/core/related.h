/*
 * related.h: the issues related to one issue, as the plan relates them:
 * what blocks it, its parent, the issue it was discovered while working
 * on, its sub-issues, the issues discovered while working on it, its
 * siblings (sub-issues of the same parent), the issues it mentions as
 * #N, the issues that mention it, and the issues it blocks. What one of them learned is
 * likely to matter to the other: the brief (agent/brief.h) and the
 * lessons of the moment (agent/lesson-hook.h) read their lessons.
 *
 * The issue's own relations come from its records; the others (children,
 * siblings, mentions of it, what it blocks) are in other issues' notes,
 * found in one pass over every note: a note is parsed only when its bytes
 * name the issue or its parent as a JSON number or as #N, which most
 * notes do not.
 */
#ifndef GITISSUE_CORE_RELATED_H
#define GITISSUE_CORE_RELATED_H

#include "gitissue/core/issue.h"

/* Why an issue is related, in the order they matter. */
enum gi_related_why {
	GI_RELATED_BLOCKER,	/* it blocks this one */
	GI_RELATED_PARENT,	/* this one is its sub-issue */
	GI_RELATED_CHILD,	/* a sub-issue of this one */
	GI_RELATED_SIBLING,	/* a sub-issue of the same parent */
	GI_RELATED_MENTIONED,	/* this one mentions it as #N */
	GI_RELATED_MENTIONS,	/* it mentions this one as #N */
	GI_RELATED_BLOCKED,	/* this one blocks it */
	/* a relation that blocks nothing: listed after the parent and
	 * after the children, numbered last (lesson-hook.c keeps these
	 * numbers in a file) */
	GI_RELATED_ORIGIN,	/* found while working on it */
	GI_RELATED_DISCOVERED,	/* found while working on this one */
	GI_RELATED_NR
};

struct gi_related_issue {
	long issue;
	enum gi_related_why why;
};

/* Related issues, each once, in the order of the comment above (within
 * one reason: the plan's order, or where they are mentioned, newest
 * record first). */
struct gi_related {
	struct gi_related_issue *v;
	size_t nr, alloc;
	size_t unread;		/* notes that could not be read (reported) */
};

/** A few words for people: "blocks this", "parent", "sub-issue"... */
const char *gi_related_why_name(enum gi_related_why why);

/**
 * The issues related to the loaded issue `is`, from the notes commit
 * `notes` (NULL: the tip of the notes ref); `out` is initialised by the
 * call. A note that cannot be read is reported and counted in `unread`.
 * @return 0, or -1 when the notes cannot be listed (reported; `out`
 * then holds the issue's own relations).
 */
int gi_related_find(struct gi_related *out, struct gi_repo *r,
		    const git_oid *notes, const struct gi_issue *is);
void gi_related_release(struct gi_related *rel);

/**
 * Call `fn` for every "#N" in `s` that stands alone: not after a letter,
 * digit, '_', '&' (an HTML entity), '#' or '/' (owner/repo#N is another
 * repository's), not before a letter, digit or '_'.
 */
void gi_related_mentions(const char *s, void (*fn)(long n, void *payload),
			 void *payload);

#endif
