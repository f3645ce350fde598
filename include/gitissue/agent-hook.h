/*
 * agent-hook.h: what `git issue-hook` does when an agent or git runs it.
 *
 * `claude session-start` is Claude Code's SessionStart hook: it reads the
 * hook's JSON on stdin (session_id, transcript_path, cwd,
 * hook_event_name, source), finds the issue of the worktree the session
 * runs in, and prints {"hookSpecificOutput": {"hookEventName":
 * "SessionStart", "additionalContext": "<the brief>"}}. It never fails a
 * session: in a worktree with no issue it prints nothing; any error
 * becomes a one-line note in the context; it ends within its deadline
 * (issue.hookTimeout) whatever happens; its exit code is always 0.
 *
 * `post-checkout` is git's hook after `git worktree add`: the new
 * worktree gets the Claude Code hook when the integration is installed.
 */
#ifndef GITISSUE_AGENT_HOOK_H
#define GITISSUE_AGENT_HOOK_H

#include <stddef.h>

/* Claude Code turns hook output over 10,000 UTF-16 units into a short
 * preview; the default budget keeps well below it. */
#define GI_HOOK_MAX_CHARS 9000
#define GI_HOOK_TIMEOUT_MS 5000

struct gi_agent_hook_opts {
	long max_chars;		/* 0: issue.hookMaxChars, else the default */
};

/** Run the SessionStart hook. @return the exit code: always 0. */
int gi_agent_hook_session_start(const struct gi_agent_hook_opts *opts);

/** Run the post-checkout hook with git's three arguments.
 * @return the exit code: always 0. */
int gi_agent_hook_post_checkout(const char *old_head, const char *new_head,
				const char *flag);

#endif
