/*
 * lesson-hook.h: the lessons of the moment (lesson-hook.c). When an
 * agent's tool call touches a file or runs a command that a lesson of its
 * issue, or of a related issue, names (lesson-terms.h), that lesson is
 * handed to the model right after the call, once per session.
 *
 * What each lesson names is kept in an index in the worktree's git dir,
 * `$GIT_DIR/issue-lesson-index`, made from one notes commit for one
 * issue and made again when either changes: a tool call that matches
 * nothing reads the index and the notes ref's tip, and parses nothing.
 * The lessons told in a session are in `<session file>.told` beside the
 * session's file (agent/session.h), under a lock, so that two tool calls
 * at once never tell one lesson twice.
 */
#ifndef AGENT_LESSON_HOOK_H
#define AGENT_LESSON_HOOK_H

#include "agent/lesson-terms.h"
#include "gitissue/agent/brief.h"
#include "gitissue/util/repo.h"

struct cJSON;

#define GI_LESSON_INDEX_FILE "issue-lesson-index"

/** The terms a tool call touches, from the hook's `tool_name` and
 * `tool_input` (a cJSON object). */
void gi_lessons_terms_of_tool(struct gi_terms *out, const char *tool,
			      const struct cJSON *input);

/**
 * The lessons of issue `issue` (and of its related issues) that name a
 * term of `use` and were not told yet in session `session_id`, as the
 * text for the model, within `max` (counted in `unit`: the agent's);
 * they are marked told.
 * @return 1 with `out` filled, 0 nothing to tell, -1 (reported).
 */
int gi_lessons_of_the_moment(gi_buf *out, struct gi_repo *r, long issue,
			     const char *session_id,
			     const struct gi_terms *use, size_t max,
			     enum gi_brief_unit unit);

#endif
