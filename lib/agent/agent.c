/*
 * agent.c: installing and removing the agent integration (agent.h).
 *
 * Where the Claude Code hook lives follows from what the CLI reads
 * (t/agents/README.md, measured with 2.1.197): the settings files of the
 * directory a session starts in and no other, and in a linked worktree
 * its own checkout only. A committed .claude/settings.json would reach
 * only the branches that have the commit, and would run the hook for
 * every clone of the project, wanted or not; the user's own settings
 * would run it in every project. So each worktree gets its own
 * uncommitted .claude/settings.local.json: written here into every
 * worktree that exists, by `git issue-worktree` into the ones it makes,
 * and by the post-checkout hook into the ones stock `git worktree add`
 * makes. One line in the common info/exclude (shared by all worktrees)
 * keeps the file out of `git status` everywhere.
 */
#include "gitissue/agent/agent.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/block.h"
#include "agent/claude.h"
#include "agent/session.h"
#include "gitissue/util/config.h"
#include "gitissue/sync/git-hooks.h"
#include "gitissue/util/run.h"
#include "worktree/worktree.h"

#define AGENTS_KEY "issue.agents"
#define EXCLUDE_LINE "/" GI_CLAUDE_SETTINGS "\n"

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
		"  (Claude Code is given it when a session starts).\n"
		"- Before trying an approach, look for earlier failures:\n"
		"  `git issue-search --kind failed <words>`.\n"
		"- Record what you learn as you go: `git issue-note --tried "
		"\"<approach>\"\n"
		"  --failed \"<why it failed>\" --solution \"<what worked>\"`, "
		"or `git issue-note \"<note>\"`.\n"
		"- Stay within your issue: the brief says who else works on "
		"what; leave that\n"
		"  to them.\n");
}

/* ---------------------------------------------------------- pieces */

static void top_file(gi_buf *out, struct gi_repo *r, const char *name)
{
	gi_buf_reset(out);
	gi_buf_addf(out, "%s/%s", r->workdir, name);
}

static void instructions_file(struct gi_repo *r, const char *name,
			      int remove, struct gi_agent_report *rep)
{
	gi_buf path = GI_BUF_INIT, body = GI_BUF_INIT, err = GI_BUF_INIT;
	int rc;

	if (!r->workdir)
		return;
	top_file(&path, r, name);
	gi_agent_instructions(&body);
	rc = remove ? gi_block_file_cut(path.buf, &gi_block_markdown, &err) :
		gi_block_file_put(path.buf, &gi_block_markdown, body.buf, 0644,
				  &err);
	switch (rc) {
	case -1:
		failed(rep, &err);
		break;
	case GI_BLOCK_CREATED:
		gi_buf_addf(&rep->lines, "wrote '%s' (commit it: every "
			    "branch made from that commit has it)\n", name);
		break;
	case GI_BLOCK_ADDED:
		gi_buf_addf(&rep->lines, "added the git-issue block to the "
			    "end of '%s'\n", name);
		break;
	case GI_BLOCK_UPDATED:
		gi_buf_addf(&rep->lines, "updated the git-issue block in "
			    "'%s'\n", name);
		break;
	case GI_BLOCK_REMOVED:
		gi_buf_addf(&rep->lines, "removed the git-issue block from "
			    "'%s'\n", name);
		break;
	case GI_BLOCK_DELETED:
		gi_buf_addf(&rep->lines, "removed '%s' (it held only the "
			    "git-issue block)\n", name);
		break;
	}
	gi_buf_release(&path);
	gi_buf_release(&body);
	gi_buf_release(&err);
}

static void exclude_file(struct gi_repo *r, int remove,
			 struct gi_agent_report *rep)
{
	gi_buf path = GI_BUF_INIT, err = GI_BUF_INIT;
	int rc;

	gi_buf_addf(&path, "%s/info", r->commondir);
	if (!remove && mkdir(path.buf, 0777) < 0 && errno != EEXIST) {
		gi_buf_addf(&err, "unable to create '%s': %s", path.buf,
			    strerror(errno));
		failed(rep, &err);
		goto done;
	}
	gi_buf_adds(&path, "/exclude");
	rc = remove ? gi_block_file_cut(path.buf, &gi_block_hash, &err) :
		gi_block_file_put(path.buf, &gi_block_hash, EXCLUDE_LINE,
				  0644, &err);
	if (rc < 0)
		failed(rep, &err);
	else if (rc == GI_BLOCK_ADDED || rc == GI_BLOCK_CREATED)
		gi_buf_addf(&rep->lines, "'%s' is ignored in every worktree "
			    "(info/exclude)\n", GI_CLAUDE_SETTINGS);
done:
	gi_buf_release(&path);
	gi_buf_release(&err);
}

static void post_checkout_body(gi_buf *out)
{
	gi_buf_adds(out,
		"# Added by 'git issue-init --agent claude'; 'git issue-init "
		"--uninstall'\n"
		"# removes it. Gives a worktree made by 'git worktree add' the "
		"Claude Code\n"
		"# hook (.claude/settings.local.json). Keeps the status of "
		"what ran before.\n"
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
			    "'%s' (new worktrees get the Claude Code hook)\n",
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
			    "Claude Code hook:\n\n%s\n", dir, rep->manual.buf);
		rep->refused = 1;
		break;
	}
done:
	gi_buf_release(&block);
	free(dir);
}

/* The settings in every worktree; `remove` takes ours out again. */
static void every_worktree(struct gi_repo *r, int remove,
			   struct gi_agent_report *rep)
{
	struct gi_worktree_list l;
	gi_buf err = GI_BUF_INIT;
	size_t i, same = 0;

	if (gi_worktree_list(&l, r) < 0) {
		rep->failed = 1;
		return;
	}
	for (i = 0; i < l.nr; i++) {
		const char *p = l.v[i].path;
		int rc;

		if (l.v[i].missing)
			continue;
		rc = remove ? gi_claude_uninstall(p, &err) :
			gi_claude_install(p, gi_claude_hooks, &err);
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
				    GI_CLAUDE_SHARED_SETTINGS,
				    GI_CLAUDE_SETTINGS);
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
			same++;
		}
	}
	if (!remove && same && same == l.nr)
		gi_buf_adds(&rep->lines, "the Claude Code hook is in every "
			    "worktree already\n");
	gi_worktree_list_release(&l);
	gi_buf_release(&err);
}

/* ---------------------------------------------------------- the whole */

int gi_agent_install(struct gi_repo *r, unsigned agents,
		     struct gi_agent_report *rep)
{
	if (agents & GI_AGENT_CLAUDE) {
		/* the exclude line first: no worktree ever shows the file */
		exclude_file(r, 0, rep);
		every_worktree(r, 0, rep);
		post_checkout(r, 0, rep);
		instructions_file(r, "CLAUDE.md", 0, rep);
	}
	if (agents & (GI_AGENT_CODEX | GI_AGENT_GENERIC))
		instructions_file(r, "AGENTS.md", 0, rep);
	set_configured(r, gi_agent_configured(r) | agents, rep);
	return rep->failed || rep->refused ? -1 : 0;
}

int gi_agent_uninstall(struct gi_repo *r, unsigned agents,
		       struct gi_agent_report *rep)
{
	unsigned left = gi_agent_configured(r) & ~agents;

	if (agents & GI_AGENT_CLAUDE) {
		every_worktree(r, 1, rep);
		post_checkout(r, 1, rep);
		exclude_file(r, 1, rep);
		instructions_file(r, "CLAUDE.md", 1, rep);
		/* what the hooks remembered of sessions: no hook prunes it now */
		if (gi_session_forget_all(r) > 0)
			gi_buf_addf(&rep->lines, "removed what the hooks "
				    "remembered of sessions ('%s/%s')\n",
				    r->commondir, GI_SESSION_DIR);
	}
	/* AGENTS.md serves both: it goes with the last of them */
	if ((agents & (GI_AGENT_CODEX | GI_AGENT_GENERIC)) &&
	    !(left & (GI_AGENT_CODEX | GI_AGENT_GENERIC)))
		instructions_file(r, "AGENTS.md", 1, rep);
	set_configured(r, left, rep);
	return rep->failed ? -1 : 0;
}

int gi_agent_setup_worktree(struct gi_repo *r, const char *path, gi_buf *err)
{
	int rc;

	if (!(gi_agent_configured(r) & GI_AGENT_CLAUDE))
		return 0;
	rc = gi_claude_install(path, gi_claude_hooks, err);
	if (rc < 0)
		return -1;
	return rc == GI_SETTINGS_CREATED || rc == GI_SETTINGS_ADDED;
}
