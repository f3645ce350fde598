/*
 * agent.h: installing the agent integration (`git issue-init --agent`)
 * and removing exactly what it installed.
 *
 * For Claude Code: the hooks (`git issue-hook claude session-start`,
 * `stop`, `post-tool-use`) in `.claude/settings.local.json` of every
 * worktree, unless the git-issue plugin is enabled (its hooks run in
 * every session already); a block in `CLAUDE.local.md` of every worktree
 * (instructions.h); the lines that keep both out of git in
 * `$GIT_COMMON_DIR/info/exclude`; a block in the post-checkout hook that
 * gives worktrees made later by `git worktree add` the same. For Codex:
 * its hooks (`git issue-hook codex ...`) in the main checkout's
 * `.codex/hooks.json` and an empty `.codex/` in every other worktree
 * (agent/codex.h), the user's approval of them said how to give, or
 * recorded through Codex with GI_AGENT_TRUST_HOOKS. For Codex and any
 * other agent: a block in `AGENTS.md` of every worktree where git does
 * not track it (and in the current one where it does). `issue.agents` in
 * the local configuration remembers which are installed, for `git
 * issue-worktree` and the post-checkout hook.
 */
#ifndef GITISSUE_AGENT_AGENT_H
#define GITISSUE_AGENT_AGENT_H

#include "gitissue/util/repo.h"

enum gi_agent {
	GI_AGENT_CLAUDE = 1,
	GI_AGENT_CODEX = 2,
	GI_AGENT_GENERIC = 4,
	GI_AGENT_ALL = 7,
};

/** "claude", "codex", "generic" to their bit. @return 0 or -1. */
int gi_agent_parse(const char *name, unsigned *out);

/** The agents installed here (`issue.agents`). */
unsigned gi_agent_configured(struct gi_repo *r);

/* What an install or removal did: one line per change, for people. */
struct gi_agent_report {
	gi_buf lines;		/* each line ends with a newline */
	gi_buf manual;		/* a hook block to add by hand, when refused */
	int refused;		/* the post-checkout hook could not be extended */
	int failed;		/* something could not be done (said in lines) */
};
void gi_agent_report_init(struct gi_agent_report *rep);
void gi_agent_report_release(struct gi_agent_report *rep);

/* gi_agent_install's flags */
/* Ask Codex to record the user's approval of our Codex hooks (as its
 * /hooks screen would), instead of saying how to give it. */
#define GI_AGENT_TRUST_HOOKS 0x01

/**
 * Install `agents` for the repository, from the worktree `r` was opened
 * in (a tracked AGENTS.md is changed there only). Everything that can be
 * done is done; what could not be is in `rep`.
 * @return 0, or -1 when anything failed or was refused.
 */
int gi_agent_install(struct gi_repo *r, unsigned agents, unsigned flags,
		     struct gi_agent_report *rep);
int gi_agent_uninstall(struct gi_repo *r, unsigned agents,
		       struct gi_agent_report *rep);

/**
 * A new worktree at `path`: give it what the installed agents
 * (`issue.agents`) need there: the Claude Code hooks, the instructions.
 * @return 1 written, 0 nothing to do, -1 (`err` says why).
 */
int gi_agent_setup_worktree(struct gi_repo *r, const char *path,
			    gi_buf *err);

/** The lines of the CLAUDE.md / AGENTS.md block (newline-terminated). */
void gi_agent_instructions(gi_buf *out);

#endif
