/*
 * brief-parts.h: the brief as parts, shared by the files that make it
 * (brief.c), choose what fits (brief-budget.c) and print it
 * (brief-print.c); brief-budget.h and brief-print.h are their interfaces.
 *
 * Every part of the brief is an item with one or two forms, each a whole
 * string of valid UTF-8 measured in the budget's unit: the full form, and
 * for lessons and records a form of one line (cut, with an ellipsis, when
 * the text is longer), made when first needed. Sections and groups have headings that are counted
 * once, when their first item is chosen. So the length of the output is
 * the sum of what was chosen: the budget is kept by construction.
 */
#ifndef AGENT_BRIEF_PARTS_H
#define AGENT_BRIEF_PARTS_H

#include <git2.h>

#include "gitissue/agent/brief.h"
#include "gitissue/core/related.h"
#include "gitissue/worktree/landed.h"

enum section {
	SEC_HEAD,	/* title and state */
	SEC_BLOCKED,	/* what blocks it, in which state, who works on it */
	SEC_BODY,	/* the head of the body (b->body, not items) */
	SEC_LESSONS,	/* the issue's lessons, newest first */
	SEC_RELATED,	/* lessons of related issues, by issue */
	SEC_RECORDS,	/* the newest other records */
	SEC_OTHERS,	/* who else works on what */
	SEC_HELP,	/* the last line: how to record, search, create */
	SEC_NR
};

enum form { FORM_NONE, FORM_LINE, FORM_FULL };

struct item {
	const struct gi_record *rec;	/* a lesson or record: made lazily */
	int made;		/* full and line are made */
	char *full;
	size_t full_size;	/* in the budget's unit */
	char *line;		/* NULL: the full form is its own line form */
	size_t line_size;
	enum section sec;
	int group;		/* SEC_RELATED, SEC_BLOCKED: its group; or -1 */
	enum form chosen;
};

/* A related issue: the heading of its lessons. */
struct group {
	long issue;
	enum gi_related_why why;
	char *heading;
	size_t size;
	int open;		/* its heading is counted */
	int read;		/* its note was read (within the limit) */
};

/* The body, quoted line by line, and how much of it is chosen. */
struct body {
	char *intro;		/* "_Body, by X:_" and the blank lines */
	size_t intro_size;
	char **lines;		/* each "> text\n", cleaned */
	size_t *sizes;
	size_t nr;
	size_t chosen;		/* whole lines chosen */
	char *part;		/* a cut first line, when not even one fits */
	size_t part_size;
};

struct brief {
	const struct gi_brief_opts *opts;
	const struct gi_issue *is;
	git_oid notes;		/* the notes commit everything is read from */
	int has_notes;
	struct item *v;
	size_t nr, alloc;
	struct group *groups;
	size_t ngroups, galloc;
	const char *heading[SEC_NR];	/* of each section, or NULL */
	size_t sec_size[SEC_NR];	/* its size */
	int sec_open[SEC_NR];
	long head_full, head_short, help;	/* items; -1 when absent */
	struct body body;
	struct gi_issue *loaded;	/* related issues, kept for their items */
	size_t nloaded, loaded_alloc;
	size_t unread_related;	/* related issues beyond the limit */
	struct gi_states *states;	/* the blockers' and related states */
	int read_failed;
};

/* The headings of the sections, before a brief changes one. */
extern const char *const gi_brief_sec_heading[SEC_NR];

/**
 * Make the forms of `it` when they are not made yet: a lesson or a record
 * is made when it is first measured, so that of 1,000 lessons only those
 * the budget comes to are rendered.
 */
void gi_brief_make(struct brief *b, struct item *it);

/** The size of `s` in the brief's unit. */
size_t gi_brief_size(const struct brief *b, const char *s);

/* Making (brief.c), for --left-out: the lessons of a related issue that
 * was not read, as items of group `g`. @return 0 or -1. */
int gi_brief_read_group(struct brief *b, struct gi_repo *r, int g);

#endif
