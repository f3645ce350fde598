/*
 * git-issue-show: everything known about one issue, offline: the problem
 * statement (title, state, body, relations), lessons, then the other
 * records in time order; the Markdown brief for agents (brief.h) within a
 * budget, and with --left-out what that brief left out; one JSON
 * document; or with --tree the roadmap: the issue and its sub-issues at
 * every level, with state, claims, blockers, progress.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/agent/agent-hook.h"
#include "gitissue/agent/brief.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "gitissue/worktree/landed.h"
#include "gitissue/worktree/roadmap.h"

static const char *const usage[] = {
	"git issue-show [<n> | (-i | --issue) <n>] [--json | --format=(text|markdown)] [--max-bytes=<n> | --max-chars=<n>]",
	"git issue-show [<n> | (-i | --issue) <n>] --left-out[=<notes>] [--max-bytes=<n> | --max-chars=<n>]",
	"git issue-show [<n> | (-i | --issue) <n>] --tree [--json]",
	NULL
};

static const char default_format[] = "text";
static const char *format = default_format, *issue_opt, *left_out;
static int format_given;
static long max_bytes, max_chars;
static int json, tree;

static int left_out_given(const char *arg, void *value)
{
	*(const char **)value = arg ? arg : "";
	return 0;
}

static const struct gi_option options[] = {
	GI_OPT_STRING('i', "issue", &issue_opt, "<n>",
		      "the issue (same as the argument)"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_STRING(0, "format", &format, "<fmt>",
		      "text (default) or markdown, the brief for agents"),
	GI_OPT_LONG(0, "max-bytes", &max_bytes, "<n>",
		    "keep the brief within <n> bytes"),
	GI_OPT_LONG(0, "max-chars", &max_chars, "<n>",
		    "keep the brief within <n> characters as Claude Code "
		    "counts them"),
	/* --left-out alone, or --left-out=<notes> */
	{ GI_OPT_CALLBACK, 0, "left-out", &left_out, "<notes>",
	  "what the brief left out, whole (made from the notes commit "
	  "<notes>)", left_out_given, 1, 0 },
	GI_OPT_BOOL(0, "tree", &tree,
		    "the roadmap: the issue and its sub-issues as a tree"),
	GI_OPT_END(),
};

static int show_tree(struct gi_repo *r, long n)
{
	struct gi_plan plan;
	struct gi_landed landed;
	gi_buf out = GI_BUF_INIT;
	char *clone = gi_roadmap_clone(r);

	if (gi_plan_load(&plan, r, NULL) < 0 ||
	    gi_landed_collect(&landed, r) < 0)
		return GI_EXIT_FATAL;
	if (json) {
		gi_print_json(gi_roadmap_json(&plan, n, clone, &landed));
	} else {
		gi_roadmap_text(&out, &plan, n, clone, &landed);
		fwrite(out.buf, 1, out.len, stdout);
	}
	gi_landed_release(&landed);
	free(clone);
	gi_buf_release(&out);
	gi_plan_release(&plan);
	gi_repo_release(r);
	git_libgit2_shutdown();
	return 0;
}

/* The state of each issue it names (parent, blockers): the branches
 * are looked at only when it names one. */
static void name_states(struct gi_repo *r, struct gi_issue *is)
{
	struct gi_landed landed;

	if (!is->links.parent.issue && !is->links.blocked_by.nr)
		return;
	if (gi_landed_collect(&landed, r) < 0)
		return;	/* reported: the states are left unsaid */
	gi_links_name_states(is, r, NULL, &landed);
	gi_landed_release(&landed);
}

/* The notes commit `spec` names (--left-out=<notes>). */
static void notes_commit(git_oid *out, struct gi_repo *r, const char *spec)
{
	git_object *obj, *commit;

	if (git_revparse_single(&obj, r->repo, spec) < 0)
		gi_die("not a notes commit: '%s'", spec);
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		gi_die("not a notes commit: '%s'", spec);
	git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
}

/* The brief's options from the command line (--left-out: the hook's
 * budget unless one is given). */
static void brief_opts(struct gi_brief_opts *bo, struct gi_repo *r,
		       git_oid *notes)
{
	memset(bo, 0, sizeof(*bo));
	bo->unit = max_bytes ? GI_BRIEF_BYTES : GI_BRIEF_UTF16;
	bo->max = max_bytes ? (size_t)max_bytes : (size_t)max_chars;
	if (left_out) {
		bo->left_out = 1;
		if (!max_bytes) {
			bo->max = gi_agent_hook_budget(r, max_chars);
			bo->default_budget = !max_chars;
		}
		if (*left_out) {
			notes_commit(notes, r, left_out);
			bo->notes = notes;
		}
	}
}

static void check_options(int nargs)
{
	if (nargs > 1)
		gi_usage_with_error(usage, options, "too many arguments");
	if (nargs && issue_opt)
		gi_usage_with_error(usage, options,
				    "give the issue once, not as --issue too");
	if (strcmp(format, "text") && strcmp(format, "markdown"))
		gi_usage_with_error(usage, options,
			"unknown format '%s' (text or markdown)", format);
	format_given = format != default_format;
	if (json && (format_given || max_bytes || max_chars || left_out))
		gi_usage_with_error(usage, options, "--json cannot be "
				    "combined with --format, --max-bytes, "
				    "--max-chars or --left-out");
	if (max_bytes < 0 || max_chars < 0)
		gi_usage_with_error(usage, options,
				    "a budget cannot be negative");
	if (max_bytes && max_chars)
		gi_usage_with_error(usage, options, "--max-bytes or "
				    "--max-chars, not both");
	if ((max_bytes || max_chars) && strcmp(format, "markdown") &&
	    !left_out)
		gi_usage_with_error(usage, options, "--max-bytes and "
				    "--max-chars go with --format=markdown or "
				    "--left-out");
	if (left_out && format_given)
		gi_usage_with_error(usage, options,
				    "--left-out is Markdown already");
	if (tree && (format_given || left_out))
		gi_usage_with_error(usage, options,
			"--tree is text or --json, not --format or --left-out");
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue is;
	struct gi_brief_opts bo;
	gi_buf out = GI_BUF_INIT;
	git_oid notes;
	int nargs, markdown, ret = 0;
	long n;
	char label[GI_ISSUE_NAME_MAX];

	gi_set_program("git issue-show");
	nargs = gi_parse_options(argc, argv, options, usage);
	check_options(nargs);
	markdown = !strcmp(format, "markdown") || left_out;

	/* one issue parsed and kept to the end: no frees (json.h) */
	if (!markdown)
		gi_json_arena();
	gi_repo_open_or_die(&r);
	n = gi_issue_resolve(&r, nargs ? argv[0] : issue_opt);
	if (tree)
		return show_tree(&r, n);
	brief_opts(&bo, &r, &notes);
	if (gi_issue_load(&is, &r, bo.notes, n) < 0)
		return GI_EXIT_FATAL;
	/* the text view says so; --json shows what there is (claims) and
	 * the brief is what an agent reads for any number */
	if (!json && !markdown && !gi_issue_has_content(&is)) {
		gi_error("nothing is known of issue %s here: no record, not "
			 "imported ('git issue-sync' imports GitHub's issues)",
			 gi_issue_label(n, label));
		return GI_EXIT_FAILED;
	}
	name_states(&r, &is);
	if (is.malformed)
		gi_warning("issue %s has %zu unreadable line%s, kept as "
			   "they are", gi_issue_label(n, label), is.malformed,
			   is.malformed == 1 ? "" : "s");
	if (json) {
		gi_print_json(gi_issue_json(&is));
	} else {
		if (markdown) {
			if (gi_brief(&out, &r, &is, &bo) < 0)
				ret = GI_EXIT_FATAL;
		} else
			gi_render_issue(&out, &is);
		fwrite(out.buf, 1, out.len, stdout);
	}
	gi_buf_release(&out);
	gi_issue_release(&is);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
