/*
 * git-issue-init: set a repository up for the suite: the pre-push hook
 * that runs `git issue-sync --hook`, the fetch refspec that brings the
 * remote's notes along with every fetch, and with --agent the integration
 * that gives agents their issue's brief (agent.h); --trust-hooks asks
 * Codex to record the user's approval of its hooks. --uninstall removes
 * exactly that.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gitissue/agent/agent.h"
#include "gitissue/sync/git-hooks.h"
#include "gitissue/util/options.h"
#include "gitissue/core/remote.h"

static const char *const usage[] = {
	"git issue-init [--remote <name>] [--agent (claude|codex|generic)]... [--trust-hooks] [--uninstall]",
	NULL
};

static const char *remote_opt;
static struct gi_strlist agent_opts;
static int uninstall, trust_hooks;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "remote", &remote_opt, "<name>",
		      "the remote whose notes to fetch (default: issue.remote, origin)"),
	GI_OPT_LIST(0, "agent", &agent_opts, "<agent>",
		    "also set up agents: claude (its hooks, CLAUDE.local.md), "
		    "codex (its hooks, AGENTS.md) or generic (AGENTS.md)"),
	GI_OPT_BOOL(0, "trust-hooks", &trust_hooks,
		    "with --agent codex: ask Codex to record your approval of "
		    "its hooks (as its /hooks screen does)"),
	GI_OPT_BOOL(0, "uninstall", &uninstall,
		    "remove what was installed (with --agent: only that)"),
	GI_OPT_END(),
};

/* Install or remove the agents' parts; the exit code they call for. */
static int agents(struct gi_repo *r, unsigned which)
{
	struct gi_agent_report rep;
	int rc;

	gi_agent_report_init(&rep);
	rc = uninstall ? gi_agent_uninstall(r, which, &rep) :
		gi_agent_install(r, which, trust_hooks ?
				 GI_AGENT_TRUST_HOOKS : 0, &rep);
	fputs(rep.lines.buf, stderr);
	rc = rep.failed ? GI_EXIT_FATAL : rep.refused ? GI_EXIT_FAILED :
		rc < 0 ? GI_EXIT_FATAL : 0;
	gi_agent_report_release(&rep);
	return rc;
}

/* --uninstall without --agent: the agents' parts, the hook block and the
 * fetch refspec. */
static int uninstall_all(struct gi_repo *r, const char *remote)
{
	int rc, ret = agents(r, GI_AGENT_ALL);

	rc = gi_hook_uninstall(r);
	if (rc < 0)
		ret = GI_EXIT_FATAL;
	else
		fprintf(stderr, "%s\n", rc == GI_HOOK_REMOVED ?
			"removed the git-issue block from the pre-push hook" :
			"no git-issue block in the pre-push hook");
	if (remote && (rc = gi_refspec_uninstall(r, remote)) < 0)
		ret = GI_EXIT_FATAL;
	else if (remote && rc)
		fprintf(stderr, "removed the notes fetch refspec of '%s'\n",
			remote);
	return ret;
}

/* The pre-push hook block, and what became of it. */
static int install_hook(struct gi_repo *r)
{
	gi_buf manual = GI_BUF_INIT;
	char *dir = gi_hooks_dir(r);
	int ret = 0;

	switch (gi_hook_install(r, &manual)) {
	case GI_HOOK_INSTALLED:
		fprintf(stderr, "installed the pre-push hook in '%s'\n", dir);
		break;
	case GI_HOOK_ADDED:
		fprintf(stderr, "added the git-issue block to the end of "
			"'%s/pre-push'\n", dir);
		break;
	case GI_HOOK_UPDATED:
		fprintf(stderr, "updated the git-issue block in "
			"'%s/pre-push'\n", dir);
		break;
	case GI_HOOK_UNCHANGED:
		fprintf(stderr, "the pre-push hook is already set up\n");
		break;
	case GI_HOOK_REFUSED:
		fprintf(stderr, "error: '%s/pre-push' exists and may exit "
			"before its end, or is not a shell script: it was "
			"left alone.\nAdd these lines where they run on every "
			"push, after your own checks:\n\n%s\n", dir,
			manual.buf);
		ret = GI_EXIT_FAILED;
		break;
	default:
		ret = GI_EXIT_FATAL;
	}
	free(dir);
	gi_buf_release(&manual);
	return ret;
}

/* The hook block, the fetch refspec, what goes where, the agents. */
static int install_all(struct gi_repo *r, const char *remote, unsigned which)
{
	gi_buf what = GI_BUF_INIT;
	int rc, ret = install_hook(r);

	if (!remote) {
		fprintf(stderr, "no remote yet: run 'git issue-init' again "
			"after adding one, for the notes fetch refspec\n");
	} else {
		rc = gi_refspec_install(r, remote);
		if (rc < 0)
			ret = GI_EXIT_FATAL;
		else if (rc)
			fprintf(stderr, "'git fetch %s' now also fetches "
				"issue notes\n", remote);
	}
	gi_hook_describe_mirror(&what, r, remote);
	fprintf(stderr, "%s\n", what.buf);
	gi_buf_release(&what);
	if (which) {
		rc = agents(r, which);
		if (rc && (!ret || rc > ret))
			ret = rc;
	}
	return ret;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	char *remote = NULL;
	unsigned which = 0, bit;
	size_t i;
	int ret;

	gi_set_program("git issue-init");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	for (i = 0; i < agent_opts.nr; i++) {
		if (gi_agent_parse(agent_opts.v[i], &bit) < 0)
			gi_usage_with_error(usage, options, "unknown agent "
					    "'%s' (claude, codex or generic)",
					    agent_opts.v[i]);
		which |= bit;
	}
	if (trust_hooks && (uninstall || !(which & GI_AGENT_CODEX)))
		gi_usage_with_error(usage, options, "--trust-hooks goes with "
				    "--agent codex, without --uninstall");
	gi_repo_open_or_die(&r);
	if (which && uninstall)
		ret = agents(&r, which);	/* only the agents named */
	else if (gi_remote_pick(&r, remote_opt, 0, &remote) < 0)
		ret = GI_EXIT_FATAL;
	else if (uninstall)
		ret = uninstall_all(&r, remote);
	else
		ret = install_all(&r, remote, which);
	free(remote);
	gi_strlist_release(&agent_opts);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
