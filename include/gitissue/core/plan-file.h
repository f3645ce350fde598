/*
 * plan-file.h: a plan file read (issue 24): a roadmap and its children
 * written as Markdown or JSON, checked whole before anything is written.
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
 * is recorded when the item is made); the rest, up to the next heading,
 * is the body (deeper headings and fenced code included). An item's key
 * is its `{#key}`, else a slug of its title: what makes applying the file
 * again an update, not a copy.
 *
 * The JSON form says the same (core/plan-json.h):
 *
 *     {"key": "roadmap", "title": "Modernize the codebase",
 *      "labels": ["roadmap"], "body": "Body of the roadmap.",
 *      "items": [{"key": "ts", "title": "Move to TypeScript",
 *                 "labels": ["P1", "phase-1"]},
 *                {"title": "Split the monolith",
 *                 "blocked-by": ["ts", "#123"]}]}
 */
#ifndef GITISSUE_CORE_PLAN_FILE_H
#define GITISSUE_CORE_PLAN_FILE_H

#include <stddef.h>

#include "gitissue/util/buf.h"

/* One `#N` or key named by an item. */
struct gi_plan_ref {
	char *key;		/* NULL when `number` names an existing issue */
	long number;
	char *path;		/* in the JSON form, where it is; else NULL */
};

struct gi_plan_item {
	char *key;
	char *path;		/* in the JSON form, "items[3]"; else NULL */
	char *title;		/* NULL: an existing issue (`number`) */
	long number;		/* `# #31`; 0: an item to make */
	char *body;		/* "" when none */
	char **labels;
	size_t nlabels;
	struct gi_plan_ref parent;	/* key NULL and number 0: none */
	struct gi_plan_ref discovered_from;	/* an item above, or #N */
	struct gi_plan_ref *blocked_by;
	size_t nblocked_by;
	size_t line;		/* of its heading, from 1 (0: JSON) */
};

struct gi_plan_file {
	struct gi_plan_item *v;	/* in the file's order, the roadmap first */
	size_t nr, alloc;
};

enum gi_plan_format {
	GI_PLAN_FORMAT_AUTO,	/* JSON when it starts with '{' (blanks aside) */
	GI_PLAN_FORMAT_MARKDOWN,
	GI_PLAN_FORMAT_JSON,
};

/**
 * Read the plan in `text` (`len` bytes) and check it: headings, keys (each
 * once), metadata lines, references (every key known), no cycle of
 * parents or blockers, and GitHub's rules (gi_issue_text_check; 100
 * sub-issues, 8 levels, 50 blockers). Every mistake goes to `err`, one a
 * line: "<name>:<line>: <what>" in the Markdown form, "<name>: <path>:
 * <what>" in the JSON form ("plan.json: items[3].blocked-by[0]: ...").
 * Both forms make the same items of the same plan.
 * @return 0, or GI_EINVALID (`out` then holds what was read).
 */
int gi_plan_file_parse_as(struct gi_plan_file *out, const char *text,
			  size_t len, const char *name,
			  enum gi_plan_format format, gi_buf *err);
/** gi_plan_file_parse_as, the form told by the text. */
int gi_plan_file_parse(struct gi_plan_file *out, const char *text,
		       size_t len, const char *name, gi_buf *err);
void gi_plan_file_release(struct gi_plan_file *pf);

/** The key a title gets without `{#key}`: lower case, runs of anything
 * but letters and digits as one '-', at most 40 bytes. */
char *gi_plan_file_slug(const char *title);

/* Labels an item may have: a bound on the work of reading a file, not a
 * rule of GitHub's. */
#define GI_PLAN_MAX_LABELS 100

/* What both forms' readers share. */
/** A copy of `len` bytes of `s` without the blanks around them. */
char *gi_plan_trimmed(const char *s, size_t len);
/** Is `k` a key as `{#key}` may spell it: letters, digits, '-', '_', '.'? */
int gi_plan_key_ok(const char *k);
/** `s` ("<key>" or "#<n>") as a reference: 0, or -1 with why in `why`. */
int gi_plan_ref_parse(struct gi_plan_ref *ref, const char *s, gi_buf *why);
/** Add label `v` to `it` (once, case ignored) unless GitHub would
 * refuse it: 0, or -1 with why in `why`. */
int gi_plan_item_add_label(struct gi_plan_item *it, const char *v,
			   gi_buf *why);

#endif
