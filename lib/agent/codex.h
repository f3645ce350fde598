/*
 * codex.h: our hooks for the Codex CLI (codex.c), and the user's approval
 * of them (codex-trust.c).
 *
 * Where they live follows from what Codex reads (t/agents/README.md,
 * measured with 0.171.0): a project's hooks are `.codex/hooks.json` (in
 * Claude Code's format) beside its config, read only when the user
 * trusts the project; in a linked worktree Codex reads them from the
 * same folder of the main checkout, but only when the worktree has a
 * `.codex/` folder of its own (stock `git worktree add` makes none); with
 * no main checkout (a bare repository) each worktree's own file. So the
 * hooks go into `<main checkout>/.codex/hooks.json` (kept out of git by
 * the common info/exclude), and every worktree gets an empty `.codex/`
 * (which git never shows): from `git issue-init`, `git issue-worktree`
 * and the post-checkout hook, as Claude Code's settings do. With a bare
 * repository, each worktree gets the file.
 *
 * Codex runs a hook only once the user has approved it: it keeps, in
 * its config.toml, a hash of each approved hook's definition under a key
 * naming the file, the event and the hook's place in it. Nothing here
 * writes that: init says what to approve and how, and with
 * `--trust-hooks` asks Codex itself to record it (codex-trust.h).
 */
#ifndef AGENT_CODEX_H
#define AGENT_CODEX_H

#include "agent/claude.h"
#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

#define GI_CODEX_FOLDER ".codex"
#define GI_CODEX_HOOKS ".codex/hooks.json"
/* Every hook command of ours for Codex starts with this. */
#define GI_CODEX_COMMAND_PREFIX "git issue-hook codex "

/* What we install, ended by a NULL event (Claude Code's format). */
extern const struct gi_claude_hook gi_codex_hooks[];

/* One hook of ours as Codex knows it. */
struct gi_codex_key {
	char *key;	/* "<hooks file>:<event>:<group>:<handler>" */
	char *hash;	/* "sha256:<hex>", of its definition */
	char *command;
};

struct gi_codex_keys {
	struct gi_codex_key *v;
	size_t nr;
};

/**
 * Our hooks in `<root>/.codex/hooks.json` (the file named by its real
 * path, as Codex names it), in the file's order.
 * @return 0 (none when there is no file), -1 when it is not JSON.
 */
int gi_codex_keys_read(struct gi_codex_keys *out, const char *root);
void gi_codex_keys_release(struct gi_codex_keys *k);

/**
 * The hash Codex keeps of one hook (measured: SHA-256 of the compact JSON,
 * keys sorted, of the event in snake case, the handler with its defaults
 * and the group's matcher), as "sha256:<hex>", into `out`. `event` is the
 * name in hooks.json ("SessionStart"); `matcher` NULL for none; `status`
 * NULL and `limit` < 0 when the handler does not set them.
 */
void gi_codex_hash(gi_buf *out, const char *event, const char *matcher,
		   const char *command, long timeout, int async,
		   const char *status, long limit);

/**
 * Install our hooks in `<root>/.codex/hooks.json`, editing the user's
 * file as text (claude.h), never through a symbolic link.
 * @return a gi_settings_result, or -1 (`err` says why; nothing written).
 */
int gi_codex_install(const char *root, gi_buf *err);
/** Take ours out; a file left empty goes, and `.codex/` when empty.
 * @return a gi_settings_result, or -1 (`err`). */
int gi_codex_uninstall(const char *root, gi_buf *err);

/**
 * The empty `.codex/` a linked worktree needs for Codex to read the main
 * checkout's hooks: made, or with `remove` removed when it is empty.
 * @return 1 done, 0 nothing to do, -1 (`err`).
 */
int gi_codex_folder(const char *worktree, int remove, gi_buf *err);

/** The user's Codex config: $CODEX_HOME/config.toml, else
 * ~/.codex/config.toml. */
void gi_codex_config_path(gi_buf *out);

/** How many of `k` the user's config approves with their current hash
 * (read as text: a form of the file we do not read counts as not). */
size_t gi_codex_trusted(const struct gi_codex_keys *k);

#endif
