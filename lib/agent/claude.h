/*
 * claude.h: our hooks in Claude Code's settings files.
 *
 * A session reads `<cwd>/.claude/settings.json` (committed),
 * `<cwd>/.claude/settings.local.json` (not committed) and the user's own;
 * only in the directory it starts in, never a parent, and a linked
 * worktree only sees its own checkout. So every worktree gets the hooks in
 * its own settings.local.json, which is never committed (the common
 * info/exclude ignores it in every worktree).
 *
 * The user's file is edited as text (jsontext.h): our entries are
 * inserted, every other byte stays where it was, and removing them gives
 * the file back byte for byte. Our entries are known by their command
 * ("git issue-hook ..."), not by a key of our own: Claude Code drops a
 * settings file whole, silently, when anything in it fails its
 * validation, so nothing goes in that it does not know.
 */
#ifndef GITISSUE_AGENT_CLAUDE_H
#define GITISSUE_AGENT_CLAUDE_H

#include "gitissue/util/buf.h"

/* One hook group we install: hooks.<event>[] = {matcher, hooks: [...]}. */
struct gi_claude_hook {
	const char *event;	/* "SessionStart" */
	const char *matcher;	/* NULL: none */
	const char *command;
	int timeout;		/* seconds */
};

/* What we install, ended by a NULL event. */
extern const struct gi_claude_hook gi_claude_hooks[];

/* The tools whose use the PostToolUse hook looks at: they read, write or
 * search files, or run a command. */
#define GI_CLAUDE_TOOLS "Read|Edit|MultiEdit|Write|NotebookEdit|Bash|Grep|Glob"

/* Every command of ours starts with this. */
#define GI_CLAUDE_COMMAND_PREFIX "git issue-hook "

/* The plugin of this repository (.claude-plugin/marketplace.json), as
 * enabledPlugins names it: <plugin>@<marketplace>. */
#define GI_CLAUDE_PLUGIN "git-issue@git-issue"

#define GI_CLAUDE_SETTINGS ".claude/settings.local.json"
#define GI_CLAUDE_SHARED_SETTINGS ".claude/settings.json"

enum gi_settings_result {
	GI_SETTINGS_CREATED,	/* a new file */
	GI_SETTINGS_ADDED,	/* added to the user's file */
	GI_SETTINGS_UNCHANGED,	/* everything was there */
	GI_SETTINGS_SHARED,	/* the committed settings.json has them */
	GI_SETTINGS_REMOVED,	/* taken out of the user's file */
	GI_SETTINGS_DELETED,	/* the file was ours alone: removed */
	GI_SETTINGS_ABSENT,	/* nothing of ours there */
};

/**
 * `text` (`len` bytes, NULL: no file) with every hook of `hooks` that it
 * lacks added, into `out`. A hook of ours there with another matcher (an
 * older install) is replaced: all of ours out, then all in.
 * @return 1 changed, 0 nothing to do, -1 (`err` says why: not JSON, or a
 * "hooks" that is not an object...; then nothing may be changed).
 */
int gi_claude_settings_add(gi_buf *out, const char *text, size_t len,
			   const struct gi_claude_hook *hooks, gi_buf *err);

/**
 * `text` without any hook entry of ours (any event), into `out`; lists
 * and objects that held only ours go with them.
 * @return 0 nothing of ours, 1 removed, 2 removed and nothing is left
 * (the file can go), -1 (`err`).
 */
int gi_claude_settings_remove(gi_buf *out, const char *text, size_t len,
			      gi_buf *err);

/** Does `text` hold a hook of ours for `event`? 1, 0, -1 not JSON. */
int gi_claude_settings_has(const char *text, size_t len, const char *event);

/**
 * Install `hooks` in `<worktree>/.claude/settings.local.json`, making
 * .claude/ when needed; only those that the worktree's committed
 * settings.json does not run already (GI_SETTINGS_SHARED when it runs
 * them all).
 * @return a gi_settings_result, or -1 (`err` says why; nothing written).
 */
int gi_claude_install(const char *worktree, const struct gi_claude_hook *hooks,
		      gi_buf *err);
/**
 * Is the git-issue plugin enabled for a session in `dir`: in the user's
 * settings ($CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json)
 * or in `dir`'s project or local settings, the later winning, as Claude
 * Code reads enabledPlugins? Then its hooks run in every session, and
 * hooks of ours in settings files would run a second time: Claude Code
 * runs a command once per settings file set, but a plugin's hooks beside
 * them (measured with 2.1.197 and 2.1.337).
 */
int gi_claude_plugin_enabled(const char *dir);

/** Remove ours from it; a file left empty is removed, and .claude/ when
 * that leaves it empty. @return a gi_settings_result, or -1 (`err`). */
int gi_claude_uninstall(const char *worktree, gi_buf *err);

#endif
