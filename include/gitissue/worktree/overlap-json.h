/*
 * overlap-json.h: the overlap of issues (overlap.h) as `git issue-overlap
 * --json` prints it (overlap-json.c). Apart from overlap.c only so that
 * the computation stays under a thousand lines.
 */
#ifndef GITISSUE_WORKTREE_OVERLAP_JSON_H
#define GITISSUE_WORKTREE_OVERLAP_JSON_H

#include <cjson/cJSON.h>

#include "gitissue/worktree/overlap.h"

/** The whole result, with "version": the sides, then the pairs. */
cJSON *gi_overlap_json(const struct gi_overlap *o);

#endif
