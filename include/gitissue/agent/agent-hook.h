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
 * It also remembers when the session started (agent/session.h), for:
 *
 * `claude stop`, Claude Code's Stop hook: when the agent is about to stop
 * in the worktree of an issue, and the session changed the worktree
 * (HEAD moved, or the uncommitted work is not what it was at the start)
 * but nobody recorded a note or a lesson on the issue since the start, it
 * prints {"decision": "block", "reason": "<record what you tried, what
 * failed and why, what worked>"}, which keeps the agent going for one
 * more turn. Once per session at most: never on the stop that follows a
 * block (`stop_hook_active`), never again after asking once; never when
 * `issue.askForLessons` is false. Otherwise, and on any error, it prints
 * nothing (the session stops); bounded and exit 0 like SessionStart.
 *
 * `claude post-tool-use`, Claude Code's PostToolUse hook: the lessons of
 * the moment (below).
 *
 * `codex session-start`, `codex stop` and `codex post-tool-use` are the
 * same three for the Codex CLI, whose hooks take the same input and
 * answers (measured with 0.171.0); the brief's budget is counted in
 * bytes, as Codex counts.
 *
 * `post-checkout` is git's hook after `git worktree add`: the new
 * worktree gets what the installed agents need there.
 */
#ifndef GITISSUE_AGENT_AGENT_HOOK_H
#define GITISSUE_AGENT_AGENT_HOOK_H

#include <stddef.h>

#include "gitissue/util/repo.h"

/* Claude Code turns a hook's additionalContext of over 10,000 UTF-16
 * units into a 2,000-unit preview (measured with 2.1.197 and 2.1.337:
 * the string's length, not its bytes nor the JSON around it); Codex cuts
 * one of over 10,000 bytes of UTF-8 to its head and tail (0.171.0: 2,500
 * tokens of 4 bytes, rounded up). The same number in each one's unit:
 * the default budget keeps a margin below it; no budget goes above it. */
#define GI_HOOK_CAP 10000
#define GI_HOOK_MAX_CHARS 9000
#define GI_HOOK_TIMEOUT_MS 5000

/* Which agent runs the hook: what it counts, whose plugin may answer. */
enum gi_hook_agent {
	GI_HOOK_CLAUDE,		/* UTF-16 units; the git-issue plugin */
	GI_HOOK_CODEX,		/* bytes */
};

struct gi_agent_hook_opts {
	/* the brief's budget in the agent's unit; 0: issue.hookMaxChars,
	 * else the default */
	long max;
	/* run by the Claude Code plugin; else, when the plugin is enabled,
	 * a Claude Code hook from a settings file says nothing: the
	 * plugin's answers */
	int plugin;
	enum gi_hook_agent agent;
};

/**
 * The brief's budget in the agent's unit (UTF-16 units for Claude Code,
 * bytes for Codex): `given` when above 0, else issue.hookMaxChars, else
 * GI_HOOK_MAX_CHARS; never above GI_HOOK_CAP. `git issue-show --left-out`
 * takes the same by default.
 */
size_t gi_agent_hook_budget(struct gi_repo *r, long given);

/** Run the SessionStart hook. @return the exit code: always 0. */
int gi_agent_hook_session_start(const struct gi_agent_hook_opts *opts);

/** Run the Stop hook. @return the exit code: always 0. */
int gi_agent_hook_stop(const struct gi_agent_hook_opts *opts);

/**
 * Run the PostToolUse hook: when the tool call (its tool_name and
 * tool_input) touched a file or ran a command that a lesson of the
 * worktree's issue or of a related issue names, and the session was not
 * told that lesson yet, print it as {"hookSpecificOutput":
 * {"hookEventName": "PostToolUse", "additionalContext": ...}}; else
 * nothing (agent/lesson-hook.h). Bounded and exit 0 like the others.
 */
int gi_agent_hook_post_tool_use(const struct gi_agent_hook_opts *opts);

/**
 * UserPromptSubmit, Notification and SessionEnd: they print nothing and
 * record what the session does now (worktree/activity.h), as
 * SessionStart (started), Stop (stopped) and PostToolUse (working) do
 * besides their own work: `working` on a prompt, `waiting` on a
 * permission prompt or a question, `ended`. Only in the worktree of an
 * issue; bounded and exit 0 like the others.
 */
int gi_agent_hook_user_prompt_submit(const struct gi_agent_hook_opts *opts);
int gi_agent_hook_notification(const struct gi_agent_hook_opts *opts);
int gi_agent_hook_session_end(const struct gi_agent_hook_opts *opts);

/* What the Stop hook decided, and why. */
enum gi_stop_verdict {
	GI_STOP_ASK,		/* block once: ask for the lessons */
	GI_STOP_NO_ISSUE,	/* not the worktree of an issue */
	GI_STOP_OFF,		/* issue.askForLessons is false */
	GI_STOP_NO_SESSION,	/* no start known for this session here */
	GI_STOP_ASKED,		/* asked once already */
	GI_STOP_RECORDED,	/* a note or lesson since the start */
	GI_STOP_UNCHANGED,	/* the worktree is as it was */
	GI_STOP_ERROR,		/* something could not be read or written */
};

/**
 * The Stop hook's decision for session `session_id` (untrusted: checked)
 * in the worktree of `r`; with GI_STOP_ASK the session is marked as
 * asked. `*issue` is the worktree's issue (0 when none).
 */
enum gi_stop_verdict gi_agent_stop_verdict(struct gi_repo *r,
					   const char *session_id,
					   long *issue);

/** Run the post-checkout hook with git's three arguments.
 * @return the exit code: always 0. */
int gi_agent_hook_post_checkout(const char *old_head, const char *new_head,
				const char *flag);

#endif
