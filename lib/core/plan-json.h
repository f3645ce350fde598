/*
 * plan-json.h: the JSON form of a plan file (plan-file.h) read into its
 * items; gi_plan_file_parse_as then checks them as it checks the Markdown
 * form's, so both forms make the same plan and report the same mistakes.
 *
 * One object, the roadmap, with these members (all optional but a title
 * or an issue, and each once):
 *
 *     "key"              its key; default: a slug of the title, or N
 *     "title"            a string
 *     "issue"            an existing issue as the roadmap: N or "#N"
 *     "body"             a string
 *     "labels"           an array of strings
 *     "blocked-by"       an array of references
 *     "parent"           a reference
 *     "discovered-from"  a reference
 *     "items"            (the roadmap only) an array of objects with the
 *                        members above, its children in order
 *
 * A reference is a key ("ts"), "#N" or the number N. Titles, bodies and
 * labels are trimmed as the Markdown form trims them.
 */
#ifndef GITISSUE_CORE_PLAN_JSON_H
#define GITISSUE_CORE_PLAN_JSON_H

#include "gitissue/core/plan-file.h"

/**
 * Read `len` bytes of `text` as the JSON form into `out` (initialised),
 * each mistake to `err` as "<name>: <path>: <what>" ("<name>:<line>:<col>:
 * ..." when it is not JSON at all).
 * @return the number of mistakes.
 */
int gi_plan_json_read(struct gi_plan_file *out, const char *text, size_t len,
		      const char *name, gi_buf *err);

#endif
