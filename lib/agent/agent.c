/*
 * agent.c: installing and removing the agent integration (agent.h).
 *
 * Where the Claude Code hook lives follows from what the CLI reads
 * (t/agents/README.md, measured with 2.1.197 and 2.1.337): the settings
 * files of the directory a session starts in (2.1.337 also the main
 * worktree's local file from anywhere in the repository), and in a linked
 * worktree its own checkout only. A committed .claude/settings.json
 * would reach only the branches that have the commit, and would run the
 * hook for every clone of the project, wanted or not; the user's own
 * settings would run it in every project. So each worktree gets its own
 * uncommitted .claude/settings.local.json: written here into every
 * worktree that exists, by `git issue-worktree` into the ones it makes,
 * and by the post-checkout hook into the ones stock `git worktree add`
 * makes. The git-issue plugin (contrib/agents/claude-plugin) is the other
 * way: its hooks run in every session, in any folder, and when it is
 * enabled no hook goes into the worktrees. The instructions follow the
 * same road (instructions.h). One block in the common info/exclude
 * (shared by all worktrees) keeps these files out of `git status`
 * everywhere. Codex's hooks live in the main checkout's
 * `.codex/hooks.json`, read by every worktree that has a `.codex/`
 * folder (codex.h): the same three roads give each worktree that folder.
 */
#include "gitissue/agent/agent.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/block.h"
#include "agent/claude.h"
#include "agent/codex.h"
#include "agent/codex-trust.h"
#include "agent/instructions.h"
#include "agent/lesson-hook.h"
#include "agent/session.h"
#include "gitissue/util/config.h"
#include "gitissue/sync/git-hooks.h"
#include "gitissue/util/run.h"
#include "gitissue/worktree/activity.h"
#include "worktree/worktree.h"

#define AGENTS_KEY "issue.agents"

static const struct {
	const char *name;
	unsigned bit;
} agent_names[] = {
	{ "claude", GI_AGENT_CLAUDE },
	{ "codex", GI_AGENT_CODEX },
	{ "generic", GI_AGENT_GENERIC },
};

int gi_agent_parse(const char *name, unsigned *out)
{
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(agent_names); i++)
		if (!strcmp(name, agent_names[i].name)) {
			*out = agent_names[i].bit;
			return 0;
		}
	return -1;
}

unsigned gi_agent_configured(struct gi_repo *r)
{
	char *v = gi_config_get(r, AGENTS_KEY), *p, *save = NULL;
	unsigned bits = 0, bit;

	if (!v)
		return 0;
	for (p = strtok_r(v, " ,", &save); p; p = strtok_r(NULL, " ,", &save))
		if (!gi_agent_parse(p, &bit))
			bits |= bit;
	free(v);
	return bits;
}

static int set_configured(struct gi_repo *r, unsigned bits,
			  struct gi_agent_report *rep)
{
	gi_buf v = GI_BUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < GI_ARRAY_SIZE(agent_names); i++)
		if (bits & agent_names[i].bit)
			gi_buf_addf(&v, "%s%s", v.len ? " " : "",
				    agent_names[i].name);
	if (v.len) {
		ret = gi_config_set_local(r, AGENTS_KEY, v.buf);
	} else if (gi_agent_configured(r)) {
		const char *argv[] = { "config", "--unset", AGENTS_KEY, NULL };

		ret = gi_git(r, argv, NULL, NULL, 0) ? -1 : 0;
	}
	if (ret < 0) {
		gi_buf_addf(&rep->lines, "error: unable to set '%s'\n",
			    AGENTS_KEY);
		rep->failed = 1;
	}
	gi_buf_release(&v);
	return ret;
}

void gi_agent_report_init(struct gi_agent_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	gi_buf_init(&rep->lines);
	gi_buf_init(&rep->manual);
}

void gi_agent_report_release(struct gi_agent_report *rep)
{
	gi_buf_release(&rep->lines);
	gi_buf_release(&rep->manual);
}

static void failed(struct gi_agent_report *rep, gi_buf *err)
{
	gi_buf_addf(&rep->lines, "error: %s\n", err->buf);
	gi_buf_reset(err);
	rep->failed = 1;
}

void gi_agent_instructions(gi_buf *out)
{
	gi_buf_adds(out,
		"## Issue memory (git-issue)\n"
		"\n"
		"Each worktree works on one GitHub issue; what agents learn "
		"is kept with the\n"
		"issue in git notes, shared by every worktree and clone.\n"
		"\n"
		"- Read your issue's brief first: `git issue-show "
		"--format=markdown`\n"
		"  (Claude Code and Codex are given it when a session "
		"starts); what it left\n"
		"  out: `git issue-show --left-out`.\n"
		"- Before trying an approach, look for earlier failures:\n"
		"  `git issue-search --kind failed <words>`.\n"
		"- Record what you learn as you go: `git issue-note --tried "
		"\"<approach>\"\n"
		"  --failed \"<why it failed>\" --solution \"<what worked>\"`, "
		"or `git issue-note \"<note>\"`.\n"
		"- A new issue: `git issue-new \"<title>\" -m \"<problem "
		"statement>\"`. A roadmap:\n"
		"  one issue per step with `--parent <n>`, and `--blocked-by "
		"<m>` for a step\n"
		"  that needs another done first.\n"
		"- Found something that is not your issue's job: `git issue-new "
		"\"<title>\"\n"
		"  --discovered-from <n> -m \"...\"`, then go on with yours.\n"
		"- Stay within your issue: the brief says who else works on "
		"what; leave that\n"
		"  to them.\n");
}

/* ---------------------------------------------------------- pieces */

/* What a marked-block change did, said of `what`. */
static void block_report(struct gi_agent_report *rep, int rc,
			 const char *what, gi_buf *err)
{
	switch (rc) {
	case -1:
		failed(rep, err);
		break;
	case GI_BLOCK_CREATED:
		gi_buf_addf(&rep->lines, "wrote '%s'\n", what);
		break;
	case GI_BLOCK_ADDED:
		gi_buf_addf(&rep->lines, "added the git-issue block to the "
			    "end of '%s'\n", what);
		break;
	case GI_BLOCK_UPDATED:
		gi_buf_addf(&rep->lines, "updated the git-issue block in "
			    "'%s'\n", what);
		break;
	case GI_BLOCK_REMOVED:
		gi_buf_addf(&rep->lines, "removed the git-issue block from "
			    "'%s'\n", what);
		break;
	case GI_BLOCK_DELETED:
		gi_buf_addf(&rep->lines, "removed '%s' (it held only the "
			    "git-issue block)\n", what);
		break;
	case GI_INSTRUCTIONS_LINK:
		gi_buf_addf(&rep->lines, "warning: '%s' is a symbolic link: "
			    "left alone\n", what);
		break;
	}
}

/*
 * CLAUDE.md of the worktree init runs in, from before CLAUDE.local.md:
 * its block goes when git does not track the file (a tracked one is the
 * project's, committed so, and left as it is).
 */
static void old_claude_md(struct gi_repo *r, struct gi_agent_report *rep)
{
	gi_buf path = GI_BUF_INIT, err = GI_BUF_INIT;
	int rc;

	struct stat st;

	if (!r->workdir || gi_instructions_tracked(r->workdir, "CLAUDE.md"))
		return;
	gi_buf_addf(&path, "%s/CLAUDE.md", r->workdir);
	/* a link (CLAUDE.md -> AGENTS.md, or anywhere) was never ours */
	if (!lstat(path.buf, &st) && S_ISLNK(st.st_mode)) {
		gi_buf_release(&path);
		return;
	}
	rc = gi_block_file_cut(path.buf, r->workdir, &gi_block_markdown, &err);
	if (rc != GI_BLOCK_ABSENT)
		block_report(rep, rc, path.buf, &err);
	gi_buf_release(&path);
	gi_buf_release(&err);
}

/* The lines of the common info/exclude for `agents`. */
static void exclude_lines(gi_buf *out, unsigned agents)
{
	if (agents & GI_AGENT_CLAUDE)
		gi_buf_adds(out, "/" GI_CLAUDE_SETTINGS "\n/" GI_CLAUDE_LOCAL_MD
			    "\n");
	if (agents & GI_AGENT_CODEX)
		gi_buf_adds(out, "/" GI_CODEX_HOOKS "\n");
	if (agents & (GI_AGENT_CODEX | GI_AGENT_GENERIC))
		gi_buf_adds(out, "/" GI_AGENTS_MD "\n");
}

/* The exclude block for `agents` (none: the block goes). */
static void exclude_file(struct gi_repo *r, unsigned agents,
			 struct gi_agent_report *rep)
{
	gi_buf path = GI_BUF_INIT, err = GI_BUF_INIT, lines = GI_BUF_INIT;
	int rc;

	exclude_lines(&lines, agents);
	gi_buf_addf(&path, "%s/info", r->commondir);
	if (lines.len && mkdir(path.buf, 0777) < 0 && errno != EEXIST) {
		gi_buf_addf(&err, "unable to create '%s': %s", path.buf,
			    strerror(errno));
		failed(rep, &err);
		goto done;
	}
	gi_buf_adds(&path, "/exclude");
	/* the git directory's own file: root NULL, a link followed */
	rc = !lines.len ? gi_block_file_cut(path.buf, NULL, &gi_block_hash,
					    &err) :
		gi_block_file_put(path.buf, NULL, &gi_block_hash, lines.buf,
				  0644, &err);
	if (rc < 0)
		failed(rep, &err);
	else if (rc == GI_BLOCK_ADDED || rc == GI_BLOCK_CREATED ||
		 rc == GI_BLOCK_UPDATED)
		gi_buf_addf(&rep->lines, "the files of the integration are "
			    "ignored in every worktree ('%s')\n", path.buf);
done:
	gi_buf_release(&path);
	gi_buf_release(&err);
	gi_buf_release(&lines);
}

static void post_checkout_body(gi_buf *out)
{
	gi_buf_adds(out,
		"# Added by 'git issue-init --agent'; 'git issue-init "
		"--uninstall' removes it.\n"
		"# Gives a worktree made by 'git worktree add' what the agents "
		"need there\n"
		"# (hooks, instructions). Keeps the status of what ran "
		"before.\n"
		"git_issue_status=$?\n"
		"case \"$1\" in\n"
		"*[!0]*) ;;\n"
		"*)\n"
		"\tif command -v git-issue-hook >/dev/null 2>&1\n"
		"\tthen\n"
		"\t\tgit issue-hook post-checkout \"$1\" \"$2\" \"$3\" "
		"</dev/null || :\n"
		"\tfi ;;\n"
		"esac\n"
		"(exit $git_issue_status)\n");
}

static void post_checkout(struct gi_repo *r, int remove,
			  struct gi_agent_report *rep)
{
	gi_buf block = GI_BUF_INIT;
	char *dir = gi_hooks_dir(r);
	int rc;

	if (remove) {
		rc = gi_hook_file_uninstall(r, "post-checkout");
		if (rc < 0)
			rep->failed = 1;
		else if (rc == GI_HOOK_REMOVED)
			gi_buf_adds(&rep->lines, "removed the git-issue block "
				    "from the post-checkout hook\n");
		goto done;
	}
	post_checkout_body(&block);
	rc = gi_hook_file_install(r, "post-checkout", block.buf, &rep->manual);
	switch (rc) {
	case -1:
		rep->failed = 1;
		break;
	case GI_HOOK_INSTALLED:
		gi_buf_addf(&rep->lines, "installed the post-checkout hook in "
			    "'%s' (new worktrees get the agents' hooks)\n",
			    dir);
		break;
	case GI_HOOK_ADDED:
		gi_buf_addf(&rep->lines, "added the git-issue block to the "
			    "end of '%s/post-checkout'\n", dir);
		break;
	case GI_HOOK_UPDATED:
		gi_buf_addf(&rep->lines, "updated the git-issue block in "
			    "'%s/post-checkout'\n", dir);
		break;
	case GI_HOOK_REFUSED:
		gi_buf_addf(&rep->lines, "error: '%s/post-checkout' exists "
			    "and may exit before its end, or is not a shell "
			    "script: it was left alone.\nAdd these lines "
			    "where they run on every checkout, so that "
			    "worktrees made by 'git worktree add' get the "
			    "agents' hooks:\n\n%s\n", dir, rep->manual.buf);
		rep->refused = 1;
		break;
	}
done:
	gi_buf_release(&block);
	free(dir);
}

/* The Claude Code settings of one worktree; `remove` takes ours out. */
static int one_settings(const char *p, int remove, struct gi_agent_report *rep)
{
	gi_buf err = GI_BUF_INIT;
	int rc = remove ? gi_claude_uninstall(p, &err) :
		gi_claude_install(p, gi_claude_hooks, &err);
	int same = 0;

	switch (rc) {
	case -1:
		failed(rep, &err);
		break;
	case GI_SETTINGS_CREATED:
	case GI_SETTINGS_ADDED:
		gi_buf_addf(&rep->lines, "%s the Claude Code hook to "
			    "'%s/%s'\n", rc == GI_SETTINGS_CREATED ?
			    "wrote" : "added", p, GI_CLAUDE_SETTINGS);
		break;
	case GI_SETTINGS_SHARED:
		gi_buf_addf(&rep->lines, "'%s/%s' runs the hook "
			    "already: '%s' left alone\n", p,
			    GI_CLAUDE_SHARED_SETTINGS, GI_CLAUDE_SETTINGS);
		break;
	case GI_SETTINGS_REMOVED:
		gi_buf_addf(&rep->lines, "removed the Claude Code hook "
			    "from '%s/%s'\n", p, GI_CLAUDE_SETTINGS);
		break;
	case GI_SETTINGS_DELETED:
		gi_buf_addf(&rep->lines, "removed '%s/%s' (it held "
			    "only the hook)\n", p, GI_CLAUDE_SETTINGS);
		break;
	default:
		same = 1;
	}
	gi_buf_release(&err);
	return same;
}

/* The instructions file `name` of one worktree. */
static void one_instructions(const char *p, const char *name, int here,
			     int remove, struct gi_agent_report *rep)
{
	gi_buf err = GI_BUF_INIT, what = GI_BUF_INIT;
	int rc = gi_instructions_place(p, name, here, remove, &err);

	gi_buf_addf(&what, "%s/%s", p, name);
	if (rc == GI_INSTRUCTIONS_TRACKED && !remove)
		gi_buf_addf(&rep->lines, "'%s' is committed on this worktree's "
			    "branch: add the git-issue block there and commit "
			    "it ('git issue-init --agent codex' in that "
			    "worktree)\n", what.buf);
	else if (rc != GI_INSTRUCTIONS_TRACKED && rc != GI_BLOCK_UNCHANGED &&
		 rc != GI_BLOCK_ABSENT)
		block_report(rep, rc, what.buf, &err);
	if (here && rc == GI_BLOCK_CREATED && !strcmp(name, GI_AGENTS_MD))
		gi_buf_addf(&rep->lines, "(ignored in every worktree; to "
			    "commit it: git add -f %s)\n", GI_AGENTS_MD);
	gi_buf_release(&err);
	gi_buf_release(&what);
}

/* One pass over the worktrees: what it does, what it found. */
struct pass {
	struct gi_repo *r;
	unsigned agents;	/* whose files: instructions, hooks */
	int codex;		/* Codex's hooks and folders too */
	int plugin;		/* the Claude Code plugin is enabled */
	int remove;
	int bare;		/* no main checkout: hooks in each worktree */
	struct gi_agent_report *rep;
	struct gi_codex_keys keys;	/* ours in the Codex hooks files */
	char *first_root;	/* the first of those files' folders */
};

static void keep_keys(struct pass *ps, const char *root)
{
	struct gi_codex_keys k;
	size_t i;

	if (gi_codex_keys_read(&k, root) < 0)
		return;
	if (k.nr && !ps->first_root)
		ps->first_root = gi_xstrdup(root);
	ps->keys.v = gi_xrealloc(ps->keys.v, (ps->keys.nr + k.nr) *
				 sizeof(*k.v));
	for (i = 0; i < k.nr; i++)
		ps->keys.v[ps->keys.nr++] = k.v[i];
	free(k.v);
}

static void codex_hooks_report(struct pass *ps, int rc, const char *p,
			       gi_buf *err)
{
	switch (rc) {
	case -1:
		failed(ps->rep, err);
		break;
	case GI_SETTINGS_CREATED:
	case GI_SETTINGS_ADDED:
		gi_buf_addf(&ps->rep->lines, "%s the Codex hooks to '%s/%s'\n",
			    rc == GI_SETTINGS_CREATED ? "wrote" : "added", p,
			    GI_CODEX_HOOKS);
		break;
	case GI_SETTINGS_REMOVED:
		gi_buf_addf(&ps->rep->lines, "removed the Codex hooks from "
			    "'%s/%s'\n", p, GI_CODEX_HOOKS);
		break;
	case GI_SETTINGS_DELETED:
		gi_buf_addf(&ps->rep->lines, "removed '%s/%s' (it held only "
			    "the hooks)\n", p, GI_CODEX_HOOKS);
		break;
	}
}

/*
 * Codex in one worktree: the hooks file where Codex reads it (`root`:
 * the main checkout, or any worktree of a bare repository), else the
 * empty folder that makes Codex read the main checkout's.
 */
static void one_codex(struct pass *ps, const char *p, int root)
{
	gi_buf err = GI_BUF_INIT;
	int rc;

	if (!root) {
		rc = gi_codex_folder(p, ps->remove, &err);
		if (rc < 0)
			failed(ps->rep, &err);
		else if (rc && !ps->remove)
			gi_buf_addf(&ps->rep->lines, "made '%s/%s/' (Codex "
				    "reads the main checkout's hooks there)\n",
				    p, GI_CODEX_FOLDER);
		gi_buf_release(&err);
		return;
	}
	if (ps->remove)
		keep_keys(ps, p);	/* read before they go */
	rc = ps->remove ? gi_codex_uninstall(p, &err) :
		gi_codex_install(p, &err);
	codex_hooks_report(ps, rc, p, &err);
	if (!ps->remove)
		keep_keys(ps, p);
	gi_buf_release(&err);
}

/*
 * What `ps->agents` put in one worktree at `p`: the Claude Code settings
 * (unless the plugin is enabled: its hooks run everywhere already),
 * CLAUDE.local.md, AGENTS.md, Codex's hooks or folder; `remove` takes
 * them out. `here`: the worktree init runs in; `main`: the main one.
 * @return 1 when the Claude Code settings were there as they are already.
 */
static int one_worktree(struct pass *ps, const char *p, int here, int main)
{
	int same = 1;

	if (ps->agents & GI_AGENT_CLAUDE) {
		if (!ps->plugin || ps->remove)
			same = one_settings(p, ps->remove, ps->rep);
		one_instructions(p, GI_CLAUDE_LOCAL_MD, here, ps->remove,
				 ps->rep);
	}
	if (ps->agents & (GI_AGENT_CODEX | GI_AGENT_GENERIC))
		one_instructions(p, GI_AGENTS_MD, here, ps->remove, ps->rep);
	if (ps->codex)
		one_codex(ps, p, main || ps->bare);
	return same;
}

/* The lessons of the moment's index of a worktree (a cache) goes with
 * the hook that made it. */
static void forget_index(const char *admin)
{
	gi_buf path = GI_BUF_INIT;

	if (!admin)
		return;
	gi_buf_addf(&path, "%s/%s", admin, GI_LESSON_INDEX_FILE);
	unlink(path.buf);
	gi_buf_release(&path);
}

static int same_worktree(const char *a, const char *b)
{
	char *ra = gi_real_path(a), *rb = b ? gi_real_path(b) : NULL;
	int same = ra && rb && !strcmp(ra, rb);

	free(ra);
	free(rb);
	return same;
}

/*
 * What the hooks kept in a worktree's git dir goes with the last of
 * them: the lessons of the moment's index (a cache) and the sessions'
 * activity records (worktree/activity.h), which no hook would update or
 * prune now and the board would go on showing. @return how many
 * activity records went.
 */
static int forget_hooks_state(const char *admin, struct gi_agent_report *rep)
{
	int n;

	if (!admin)
		return 0;
	forget_index(admin);
	n = gi_activity_forget_all(admin);
	if (n < 0)
		gi_buf_addf(&rep->lines, "warning: unable to remove "
			    "'%s/%s'\n", admin, GI_ACTIVITY_DIR);
	return n < 0 ? 0 : n;
}

/* Every worktree; `remove` takes ours out again. */
static void every_worktree(struct pass *ps, int hooks_gone)
{
	struct gi_worktree_list l;
	size_t i, same = 0;
	int forgot = 0;

	if (gi_worktree_list(&l, ps->r) < 0) {
		ps->rep->failed = 1;
		return;
	}
	ps->bare = l.bare;
	if (ps->plugin)
		gi_buf_adds(&ps->rep->lines, "the git-issue plugin is enabled "
			    "for Claude Code: its hooks run in every worktree "
			    "and folder, so none are written into the "
			    "worktrees\n");
	for (i = 0; i < l.nr; i++) {
		/* a missing worktree's git dir is still there */
		if (hooks_gone)
			forgot += forget_hooks_state(l.v[i].admin, ps->rep);
		if (l.v[i].missing)
			continue;
		same += one_worktree(ps, l.v[i].path,
				     same_worktree(l.v[i].path, ps->r->workdir),
				     l.v[i].is_main);
	}
	if (forgot)
		gi_buf_addf(&ps->rep->lines, "removed the record%s of %d "
			    "agent session%s from the worktrees' git "
			    "directories ('%s/')\n", forgot == 1 ? "" : "s",
			    forgot, forgot == 1 ? "" : "s", GI_ACTIVITY_DIR);
	if (!ps->remove && !ps->plugin && (ps->agents & GI_AGENT_CLAUDE) &&
	    same && same == l.nr)
		gi_buf_adds(&ps->rep->lines, "the Claude Code hook is in every "
			    "worktree already\n");
	gi_worktree_list_release(&l);
}

static void pass_init(struct pass *ps, struct gi_repo *r, unsigned agents,
		      int remove, struct gi_agent_report *rep)
{
	memset(ps, 0, sizeof(*ps));
	ps->r = r;
	ps->agents = agents;
	ps->codex = !!(agents & GI_AGENT_CODEX);
	ps->remove = remove;
	ps->rep = rep;
	ps->plugin = !remove && (agents & GI_AGENT_CLAUDE) &&
		gi_claude_plugin_enabled(r->workdir ? r->workdir : ".");
}

static void pass_release(struct pass *ps)
{
	gi_codex_keys_release(&ps->keys);
	free(ps->first_root);
}

/* ------------------------------------------------------ Codex's approval */

/* Ask Codex to record the approval of ours in each hooks file. */
static void codex_trust(struct pass *ps)
{
	gi_buf err = GI_BUF_INIT, path = GI_BUF_INIT;
	size_t n;
	int rc;

	if (!ps->first_root)
		return;
	rc = gi_codex_trust(ps->r, ps->first_root, &n, &err);
	gi_codex_config_path(&path);
	if (rc == GI_CODEX_TRUST_RECORDED)
		gi_buf_addf(&ps->rep->lines, "Codex recorded your approval of "
			    "%zu git-issue hook%s in '%s'\n", n,
			    n == 1 ? "" : "s", path.buf);
	else if (rc == GI_CODEX_TRUST_ALREADY)
		gi_buf_adds(&ps->rep->lines, "the git-issue hooks are "
			    "approved in Codex already\n");
	else if (rc == GI_CODEX_TRUST_UNLISTED)
		gi_buf_addf(&ps->rep->lines, "error: Codex does not read the "
			    "hooks of '%s': it reads a project's hooks only "
			    "once you trust the project (run 'codex' there "
			    "and trust it), then run 'git issue-init --agent "
			    "codex --trust-hooks' again\n", ps->first_root);
	else
		gi_buf_addf(&ps->rep->lines, "error: the approval of the "
			    "git-issue hooks was not recorded: %s\n", err.buf);
	if (rc < 0 || rc == GI_CODEX_TRUST_UNLISTED)
		ps->rep->refused = 1;
	gi_buf_release(&err);
	gi_buf_release(&path);
}

/* Say in one line what the user must approve, and how, unless Codex
 * approves all of ours already. */
static void codex_approval(struct pass *ps, int trust)
{
	if (trust) {
		codex_trust(ps);
		return;
	}
	if (!ps->keys.nr || gi_codex_trusted(&ps->keys) == ps->keys.nr)
		return;
	gi_buf_addf(&ps->rep->lines, "Codex runs the git-issue hooks only "
		    "once you approve them: run 'codex' in '%s' (trusting "
		    "the project if it asks) and approve them in /hooks, or "
		    "run 'git issue-init --agent codex --trust-hooks'\n",
		    ps->first_root);
}

/* Take the approval of ours out of the user's Codex config. */
static void codex_untrust(struct pass *ps)
{
	gi_buf err = GI_BUF_INIT, path = GI_BUF_INIT;
	int rc = gi_codex_untrust(ps->r, &ps->keys, &err);

	gi_codex_config_path(&path);
	if (rc < 0)
		failed(ps->rep, &err);
	else if (rc)
		gi_buf_addf(&ps->rep->lines, "took the approval of the "
			    "git-issue hooks out of '%s'\n", path.buf);
	gi_buf_release(&err);
	gi_buf_release(&path);
}

/* ---------------------------------------------------------- the whole */

int gi_agent_install(struct gi_repo *r, unsigned agents, unsigned flags,
		     struct gi_agent_report *rep)
{
	unsigned all = gi_agent_configured(r) | agents;
	struct pass ps;

	/* the exclude lines first: no worktree ever shows the files */
	exclude_file(r, all, rep);
	pass_init(&ps, r, agents, 0, rep);
	every_worktree(&ps, 0);
	if (agents)
		post_checkout(r, 0, rep);
	if (agents & GI_AGENT_CLAUDE)
		old_claude_md(r, rep);
	if (ps.codex)
		codex_approval(&ps, flags & GI_AGENT_TRUST_HOOKS);
	pass_release(&ps);
	set_configured(r, all, rep);
	return rep->failed || rep->refused ? -1 : 0;
}

int gi_agent_uninstall(struct gi_repo *r, unsigned agents,
		       struct gi_agent_report *rep)
{
	unsigned had = gi_agent_configured(r), left = had & ~agents;
	unsigned hooked = GI_AGENT_CLAUDE | GI_AGENT_CODEX;
	struct pass ps;

	pass_init(&ps, r, agents, 1, rep);
	/* AGENTS.md serves both: it goes with the last of them */
	if (left & (GI_AGENT_CODEX | GI_AGENT_GENERIC))
		ps.agents &= ~(unsigned)(GI_AGENT_CODEX | GI_AGENT_GENERIC);
	every_worktree(&ps, (agents & hooked) && !(left & hooked));
	if (ps.codex)
		codex_untrust(&ps);
	pass_release(&ps);
	if (!left)
		post_checkout(r, 1, rep);
	if (agents & GI_AGENT_CLAUDE)
		old_claude_md(r, rep);
	/* what the hooks remembered of sessions: no hook prunes it now */
	if ((agents & hooked) && !(left & hooked) &&
	    gi_session_forget_all(r) > 0)
		gi_buf_addf(&rep->lines, "removed what the hooks remembered "
			    "of sessions ('%s/%s')\n", r->commondir,
			    GI_SESSION_DIR);
	exclude_file(r, left, rep);
	set_configured(r, left, rep);
	return rep->failed ? -1 : 0;
}

/* Is the repository of `r` bare (its worktrees all linked)? */
static int repo_bare(struct gi_repo *r)
{
	struct gi_worktree_list l;
	int bare;

	if (gi_worktree_list(&l, r) < 0)
		return 0;
	bare = l.bare;
	gi_worktree_list_release(&l);
	return bare;
}

int gi_agent_setup_worktree(struct gi_repo *r, const char *path, gi_buf *err)
{
	struct gi_agent_report rep;
	struct pass ps;
	unsigned agents = gi_agent_configured(r);
	int same;

	if (!agents)
		return 0;
	gi_agent_report_init(&rep);
	pass_init(&ps, r, agents, 0, &rep);
	ps.plugin = (agents & GI_AGENT_CLAUDE) &&
		gi_claude_plugin_enabled(path);
	ps.bare = ps.codex && repo_bare(r);
	same = one_worktree(&ps, path, 0, 0);
	pass_release(&ps);
	if (rep.failed) {
		/* the first error line, without its "error: " */
		const char *line = strstr(rep.lines.buf, "error: ");

		gi_buf_add(err, line + 7, strcspn(line + 7, "\n"));
	}
	gi_agent_report_release(&rep);
	return rep.failed ? -1 : !same;
}
