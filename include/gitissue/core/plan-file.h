/*
 * plan-file.h: a plan file read (issue 24): a roadmap and its children
 * written as Markdown, checked whole before anything is written.
 *
 *     # Modernize the codebase {#roadmap}
 *     labels: roadmap
 *     Body of the roadmap.
 *
 *     ## Move to TypeScript {#ts}
 *     labels: P1, phase-1
 *     Body of the child.
 *
 *     ## Split the monolith
 *     blocked-by: ts, #123
 *
 * The one `#` heading is the roadmap (`# #31`: an existing issue is);
 * each `##` heading is a child of it, or of the item its `parent:` line
 * names. Lines right under a heading may say `labels:` (one line or
 * several), `blocked-by:`, `parent:` and `discovered-from:` (items by
 * key, existing issues as #N; discovered-from names an item above, as it
 * is recorded when the item is made); the rest, up to the next heading, is the body (deeper headings and
 * fenced code included). An item's key is its `{#key}`, else a slug of
 * its title: what makes applying the file again an update, not a copy.
 */
#ifndef GITISSUE_CORE_PLAN_FILE_H
#define GITISSUE_CORE_PLAN_FILE_H

#include <stddef.h>

#include "gitissue/util/buf.h"

/* One `#N` or key named by an item. */
struct gi_plan_ref {
	char *key;		/* NULL when `number` names an existing issue */
	long number;
};

struct gi_plan_item {
	char *key;
	char *title;		/* NULL: an existing issue (`number`) */
	long number;		/* `# #31`; 0: an item to make */
	char *body;		/* "" when none */
	char **labels;
	size_t nlabels;
	struct gi_plan_ref parent;	/* key NULL and number 0: none */
	struct gi_plan_ref discovered_from;	/* an item above, or #N */
	struct gi_plan_ref *blocked_by;
	size_t nblocked_by;
	size_t line;		/* of its heading, from 1 */
};

struct gi_plan_file {
	struct gi_plan_item *v;	/* in the file's order, the roadmap first */
	size_t nr, alloc;
};

/**
 * Read the plan in `text` (`len` bytes) and check it: headings, keys (each
 * once), metadata lines, references (every key known), no cycle of
 * parents or blockers, and GitHub's rules (gi_issue_text_check; 100
 * sub-issues, 8 levels, 50 blockers). Every mistake goes to `err` as
 * "<name>:<line>: <what>", one a line.
 * @return 0, or GI_EINVALID (`out` then holds what was read).
 */
int gi_plan_file_parse(struct gi_plan_file *out, const char *text,
		       size_t len, const char *name, gi_buf *err);
void gi_plan_file_release(struct gi_plan_file *pf);

/** The key a title gets without `{#key}`: lower case, runs of anything
 * but letters and digits as one '-', at most 40 bytes. */
char *gi_plan_file_slug(const char *title);

#endif
