/*
 * git-issue-overlap: can these issues be worked on at the same time
 * without conflicts? For each pair of active issues, their work as it is
 * (uncommitted changes included), the files both changed and whether a
 * merge of the two would conflict, by git's own merge; and whether each
 * still merges into its base; and from the plan, the pairs where one
 * must be done before the other (sequential) and parents. Exit 0 when
 * every pair can run together, 1 when some cannot (a conflict, or
 * sequential), so scripts can decide which issues to hand out together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/worktree/overlap.h"
#include "gitissue/worktree/overlap-json.h"
#include "gitissue/core/render.h"

static const char *const usage[] = {
	"git issue-overlap [--base <rev>] [--json] [<n>...]",
	NULL
};

static const char *base;
static int json;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "base", &base, "<rev>",
		      "compare against <rev> (default: each branch's base)"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

static void add_path(gi_buf *out, const char *path, int conflict)
{
	gi_buf_addch(out, '\t');
	gi_add_quoted(out, path);
	if (conflict)
		gi_buf_adds(out, "\t(conflict)");
	gi_buf_addch(out, '\n');
}

/* "sequential: #1, then #5, then #2", "conflict", ...; "; #1 is the
 * parent of #2" */
static void pair_verdict(gi_buf *out, const struct gi_overlap *o,
			 const struct gi_overlap_pair *p)
{
	size_t i;

	if (p->nchain) {
		gi_buf_adds(out, "sequential: ");
		for (i = 0; i < p->nchain; i++)
			gi_buf_addf(out, "%s%s (%s)", i ? ", then " : "",
				    gi_label(p->chain[i]), p->chain_state[i]);
		gi_buf_addf(out, " (%s blocks %s%s)", gi_label(p->chain[0]),
			    gi_label(p->chain[p->nchain - 1]),
			    p->nchain > 2 ? " through a chain" : "");
	} else if (o->sides[p->a].no_branch || o->sides[p->b].no_branch) {
		gi_buf_adds(out, "not merged (no branch yet)");
	} else {
		gi_buf_adds(out, p->conflicts.nr ? "conflict" :
			    p->both.nr ? "no conflict" : "disjoint");
	}
	if (p->parent)
		gi_buf_addf(out, "; %s (%s) is the parent of %s",
			    gi_label(p->parent), p->parent_state,
			    gi_label(p->parent == o->sides[p->a].issue ?
				     o->sides[p->b].issue :
				     o->sides[p->a].issue));
	gi_buf_addch(out, '\n');
}

/*
 * "#1 and #2: conflict", then one line per file changed on both sides,
 * conflicting ones marked; "disjoint" when they share no file.
 */
static void print_text(const struct gi_overlap *o)
{
	gi_buf out = GI_BUF_INIT;
	size_t i, j;

	for (i = 0; i < o->npairs; i++) {
		const struct gi_overlap_pair *p = &o->pairs[i];
		int hit;

		gi_buf_addf(&out, "%s%s and %s%s: ",
			    gi_label(o->sides[p->a].issue),
			    o->sides[p->a].uncommitted ? " (uncommitted)" : "",
			    gi_label(o->sides[p->b].issue),
			    o->sides[p->b].uncommitted ? " (uncommitted)" : "");
		pair_verdict(&out, o, p);
		for (j = 0; j < p->both.nr; j++) {
			size_t k;

			hit = 0;
			for (k = 0; k < p->conflicts.nr && !hit; k++)
				hit = !strcmp(p->conflicts.v[k],
						      p->both.v[j]);
			add_path(&out, p->both.v[j], hit);
		}
		/* a conflict on a path only one side names (a rename) */
		for (j = 0; j < p->conflicts.nr; j++) {
			size_t k;
			int listed = 0;

			for (k = 0; k < p->both.nr && !listed; k++)
				listed = !strcmp(p->both.v[k],
						 p->conflicts.v[j]);
			if (!listed)
				add_path(&out, p->conflicts.v[j], 1);
		}
	}
	/* each side that no longer merges into its base */
	for (i = 0; i < o->nsides; i++) {
		const struct gi_overlap_side *sd = &o->sides[i];

		if (!sd->base_conflicts.nr)
			continue;
		gi_buf_addf(&out, "%s%s and ", gi_label(sd->issue),
			    sd->uncommitted ? " (uncommitted)" : "");
		gi_add_printable(&out, sd->base);
		gi_buf_addf(&out, ": conflict (%s is behind '",
			    gi_label(sd->issue));
		gi_add_printable(&out, sd->base);
		gi_buf_adds(&out, "' and would conflict there: rebase "
			    "first)\n");
		for (j = 0; j < sd->base_conflicts.nr; j++)
			add_path(&out, sd->base_conflicts.v[j], 1);
	}
	fwrite(out.buf, 1, out.len, stdout);
	gi_buf_release(&out);
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_overlap o;
	long *issues;
	int nargs, i, err, ret;

	gi_set_program("git issue-overlap");
	nargs = gi_parse_options(argc, argv, options, usage);
	issues = gi_xcalloc((size_t)nargs + 1, sizeof(*issues));
	for (i = 0; i < nargs; i++)
		issues[i] = gi_parse_issue_or_die(argv[i]);
	gi_repo_open_or_die(&r);
	err = gi_overlap_compute(&o, &r, issues, (size_t)nargs, base);
	free(issues);
	if (err) {
		ret = GI_EXIT_FATAL;
		goto done;
	}
	if (json)
		gi_print_json(gi_overlap_json(&o));
	else
		print_text(&o);
	if (!json && !o.npairs)
		fprintf(stderr, "%s: nothing to compare\n", o.nsides ?
			"only one active issue" : "no active issues");
	ret = o.conflict || o.sequential ? GI_EXIT_FAILED : GI_EXIT_OK;
	gi_overlap_release(&o);
done:
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
