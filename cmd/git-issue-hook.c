/*
 * git-issue-hook: what agents and git run as hooks, installed by
 * `git issue-init --agent claude`: Claude Code's SessionStart hook, which
 * hands the session its issue's brief, its Stop hook, which asks once for
 * the lessons of a session that changed the worktree and recorded
 * nothing, its PostToolUse hook, which hands the model a lesson that
 * names what a tool call just touched, its UserPromptSubmit, Notification
 * and SessionEnd hooks, which (with the others) record what the session
 * is doing for the board, and git's post-checkout hook, which gives
 * worktrees made by `git worktree add` those hooks. None ever fails what
 * runs it. Also git's pre-push hook: `git issue-sync --hook pre-push`,
 * unless nothing is new (this command is static; git-issue-sync loads
 * libcurl).
 */
#include <stdio.h>
#include <string.h>

#include "gitissue/agent/agent-hook.h"
#include "gitissue/sync/git-hooks.h"
#include "gitissue/util/options.h"
#include "gitissue/util/repo.h"

static const char *const usage[] = {
	"git issue-hook [--plugin] [--max-chars=<n>] claude session-start",
	"git issue-hook [--plugin] claude (stop | post-tool-use)",
	"git issue-hook [--plugin] claude (user-prompt-submit | notification |"
	" session-end)",
	"git issue-hook post-checkout <old> <new> <flag>",
	"git issue-hook pre-push <remote> <url>",
	NULL
};

static long max_chars;
static int plugin;

static const struct gi_option options[] = {
	GI_OPT_LONG(0, "max-chars", &max_chars, "<n>",
		    "the brief's budget in characters, as Claude Code counts "
		    "them (default: issue.hookMaxChars, 9000)"),
	GI_OPT_BOOL(0, "plugin", &plugin,
		    "run by the Claude Code plugin (hooks in settings files "
		    "then say nothing)"),
	GI_OPT_END(),
};

/* Claude Code's hook events, by the name the settings give them. */
static const struct {
	const char *name;
	int (*run)(const struct gi_agent_hook_opts *opts);
	int budget;	/* takes --max-chars */
} claude_events[] = {
	{ "session-start", gi_agent_hook_session_start, 1 },
	{ "stop", gi_agent_hook_stop, 0 },
	{ "post-tool-use", gi_agent_hook_post_tool_use, 0 },
	{ "user-prompt-submit", gi_agent_hook_user_prompt_submit, 0 },
	{ "notification", gi_agent_hook_notification, 0 },
	{ "session-end", gi_agent_hook_session_end, 0 },
};

int main(int argc, const char **argv)
{
	size_t i;
	int nargs, ret;

	gi_set_program("git issue-hook");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (max_chars < 0)
		gi_usage_with_error(usage, options,
				    "--max-chars cannot be negative");
	if ((nargs == 4 || nargs == 3) && plugin)
		gi_usage_with_error(usage, options,
				    "--plugin goes with 'claude ...'");
	if (nargs == 4 && !strcmp(argv[0], "post-checkout")) {
		if (max_chars)
			gi_usage_with_error(usage, options, "--max-chars "
					    "goes with 'claude session-start'");
		gi_libgit2_init();
		ret = gi_agent_hook_post_checkout(argv[1], argv[2], argv[3]);
		git_libgit2_shutdown();
		return ret;
	}
	if (nargs == 3 && !strcmp(argv[0], "pre-push")) {
		if (max_chars)
			gi_usage_with_error(usage, options, "--max-chars "
					    "goes with 'claude session-start'");
		return gi_hook_pre_push(argv[1], argv[2]) ? 1 : 0;
	}
	if (nargs != 2 || strcmp(argv[0], "claude"))
		gi_usage_with_error(usage, options, "which hook? 'claude "
				    "<event>', 'post-checkout' or 'pre-push'");
	for (i = 0; i < GI_ARRAY_SIZE(claude_events); i++)
		if (!strcmp(argv[1], claude_events[i].name)) {
			if (max_chars && !claude_events[i].budget)
				gi_usage_with_error(usage, options,
						    "--max-chars goes with "
						    "'claude session-start'");
			struct gi_agent_hook_opts o = { max_chars, plugin };

			gi_libgit2_init();
			ret = claude_events[i].run(&o);
			git_libgit2_shutdown();
			return ret;
		}
	gi_usage_with_error(usage, options, "unknown Claude Code hook '%s'",
			    argv[1]);
}
