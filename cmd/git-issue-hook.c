/*
 * git-issue-hook: what agents and git run as hooks, installed by
 * `git issue-init --agent claude` and `--agent codex`: the SessionStart
 * hook, which hands the session its issue's brief, the Stop hook, which
 * asks once for the lessons of a session that changed the worktree and
 * recorded nothing, and the PostToolUse hook, which hands the model a
 * lesson that names what a tool call just touched, each for Claude Code
 * and for Codex; the UserPromptSubmit hook (both) and Claude Code's
 * Notification and SessionEnd hooks, which (with the others) record what
 * the session is doing for the board; and git's post-checkout hook, which gives worktrees
 * made by `git worktree add` what the agents need there. None ever fails
 * what runs it. Also git's pre-push hook: `git issue-sync --hook
 * pre-push`, unless nothing is new (this command is static;
 * git-issue-sync loads libcurl).
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
	"git issue-hook [--max-bytes=<n>] codex session-start",
	"git issue-hook codex (stop | post-tool-use | user-prompt-submit |"
	" session-end)",
	"git issue-hook post-checkout <old> <new> <flag>",
	"git issue-hook pre-push <remote> <url>",
	NULL
};

static long max_chars, max_bytes;
static int plugin;

static const struct gi_option options[] = {
	GI_OPT_LONG(0, "max-chars", &max_chars, "<n>",
		    "the brief's budget in characters, as Claude Code counts "
		    "them (default: issue.hookMaxChars, 9000)"),
	GI_OPT_LONG(0, "max-bytes", &max_bytes, "<n>",
		    "the brief's budget in bytes, as Codex counts them "
		    "(default: issue.hookMaxChars, 9000)"),
	GI_OPT_BOOL(0, "plugin", &plugin,
		    "run by the Claude Code plugin (hooks in settings files "
		    "then say nothing)"),
	GI_OPT_END(),
};

/*
 * The agents' hook events, by the names their hooks files give them. An
 * event handler for another event is one more row (and one more entry
 * in gi_claude_hooks[] or gi_codex_hooks[] to install it).
 */
static const struct {
	const char *agent, *name;
	enum gi_hook_agent which;
	int (*run)(const struct gi_agent_hook_opts *opts);
	int budget;	/* takes --max-chars or --max-bytes */
} events[] = {
	{ "claude", "session-start", GI_HOOK_CLAUDE,
	  gi_agent_hook_session_start, 1 },
	{ "claude", "stop", GI_HOOK_CLAUDE, gi_agent_hook_stop, 0 },
	{ "claude", "post-tool-use", GI_HOOK_CLAUDE,
	  gi_agent_hook_post_tool_use, 0 },
	{ "claude", "user-prompt-submit", GI_HOOK_CLAUDE,
	  gi_agent_hook_user_prompt_submit, 0 },
	{ "claude", "notification", GI_HOOK_CLAUDE,
	  gi_agent_hook_notification, 0 },
	{ "claude", "session-end", GI_HOOK_CLAUDE,
	  gi_agent_hook_session_end, 0 },
	{ "codex", "session-start", GI_HOOK_CODEX,
	  gi_agent_hook_session_start, 1 },
	{ "codex", "stop", GI_HOOK_CODEX, gi_agent_hook_stop, 0 },
	{ "codex", "post-tool-use", GI_HOOK_CODEX,
	  gi_agent_hook_post_tool_use, 0 },
	{ "codex", "user-prompt-submit", GI_HOOK_CODEX,
	  gi_agent_hook_user_prompt_submit, 0 },
	{ "codex", "session-end", GI_HOOK_CODEX,
	  gi_agent_hook_session_end, 0 },
};

/* git's hooks: no option of the agents' goes with them. */
static int git_hook(int nargs, const char **argv)
{
	int ret;

	if (max_chars || max_bytes || plugin)
		gi_usage_with_error(usage, options, "--max-chars, --max-bytes "
				    "and --plugin go with an agent's hook");
	if (nargs == 4 && !strcmp(argv[0], "post-checkout")) {
		gi_libgit2_init();
		ret = gi_agent_hook_post_checkout(argv[1], argv[2], argv[3]);
		git_libgit2_shutdown();
		return ret;
	}
	return gi_hook_pre_push(argv[1], argv[2]) ? 1 : 0;
}

/* The options fit the event `i`? */
static void check_event_options(size_t i)
{
	int claude = events[i].which == GI_HOOK_CLAUDE;

	if (plugin && !claude)
		gi_usage_with_error(usage, options,
				    "--plugin goes with 'claude ...'");
	if (max_chars && (!claude || !events[i].budget))
		gi_usage_with_error(usage, options, "--max-chars goes with "
				    "'claude session-start'");
	if (max_bytes && (claude || !events[i].budget))
		gi_usage_with_error(usage, options, "--max-bytes goes with "
				    "'codex session-start'");
}

int main(int argc, const char **argv)
{
	size_t i;
	int nargs, ret;

	gi_set_program("git issue-hook");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (max_chars < 0 || max_bytes < 0)
		gi_usage_with_error(usage, options,
				    "a budget cannot be negative");
	if ((nargs == 4 && !strcmp(argv[0], "post-checkout")) ||
	    (nargs == 3 && !strcmp(argv[0], "pre-push")))
		return git_hook(nargs, argv);
	if (nargs != 2 || (strcmp(argv[0], "claude") &&
			   strcmp(argv[0], "codex")))
		gi_usage_with_error(usage, options, "which hook? 'claude "
				    "<event>', 'codex <event>' (session-start, "
				    "stop, post-tool-use, ...), 'post-checkout' "
				    "or 'pre-push'");
	for (i = 0; i < GI_ARRAY_SIZE(events); i++)
		if (!strcmp(argv[0], events[i].agent) &&
		    !strcmp(argv[1], events[i].name)) {
			struct gi_agent_hook_opts o = { 0 };

			check_event_options(i);
			o.max = events[i].which == GI_HOOK_CLAUDE ?
				max_chars : max_bytes;
			o.plugin = plugin;
			o.agent = events[i].which;
			gi_libgit2_init();
			ret = events[i].run(&o);
			git_libgit2_shutdown();
			return ret;
		}
	gi_usage_with_error(usage, options, "unknown %s hook '%s'",
			    !strcmp(argv[0], "claude") ? "Claude Code" :
			    "Codex", argv[1]);
}
