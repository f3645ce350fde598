/*
 * git-issue-ready: the open issues that can be started now (not blocked,
 * not claimed anywhere this clone knows of, not in a worktree here), best
 * first, each with what it unblocks and whether it can go on beside the
 * issues mid-task here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gitissue/util/date.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/options.h"
#include "gitissue/worktree/ready.h"
#include "gitissue/worktree/status.h"
#include "gitissue/core/render.h"

static const char *const usage[] = {
	"git issue-ready [--json] [-v | --verbose] [-n <count>] [--label <label>]... [--parent <n>]",
	NULL
};

static int json, verbose;
static long count;
static const char *parent_opt;
static struct gi_strlist labels;

static const struct gi_option options[] = {
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_BOOL('v', "verbose", &verbose,
		    "the verdict against each worktree mid-task, and what "
		    "blocks the blocked"),
	GI_OPT_LONG('n', "count", &count, "<count>",
		    "show at most <count> issues, the best first"),
	GI_OPT_LIST(0, "label", &labels, "<label>",
		    "only issues with this label (repeatable: all of them)"),
	GI_OPT_STRING(0, "parent", &parent_opt, "<n>",
		      "only the sub-issues of issue <n>"),
	GI_OPT_END(),
};

static void add_issues(gi_buf *out, const long *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		gi_buf_addf(out, "%s%s", i ? ", " : "", gi_label(v[i]));
}

/* "    conflicts with #7: "a.c", "b.c"" */
static void against_text(gi_buf *out, const struct gi_ready_item *it,
			 const struct gi_ready_against *ag)
{
	size_t i;

	gi_buf_addf(out, "    %s", gi_ready_verdict_name(ag->verdict));
	gi_buf_adds(out, ag->verdict == GI_VERDICT_SAFE ||
		    ag->verdict == GI_VERDICT_UNKNOWN ? " beside " : " with ");
	gi_buf_adds(out, gi_label(ag->issue));
	if (ag->verdict == GI_VERDICT_UNKNOWN)
		gi_buf_adds(out, ": no branch yet, and its records name no "
			    "paths (add a note \"scope: <path>...\")");
	else if (it->forecast)
		gi_buf_adds(out, " (forecast from the paths its records "
			    "name: no branch yet)");
	for (i = 0; i < ag->paths.nr; i++) {
		gi_buf_adds(out, i ? ", " : ": ");
		gi_add_quoted(out, ag->paths.v[i]);
	}
	gi_buf_addch(out, '\n');
}

/* "conflicts with #7, #9": the verdict and the issues that gave it. */
static void verdict_text(gi_buf *out, const struct gi_ready_item *it)
{
	size_t i, n = 0;

	gi_buf_adds(out, gi_ready_verdict_name(it->verdict));
	if (it->verdict != GI_VERDICT_CONFLICTS &&
	    it->verdict != GI_VERDICT_OVERLAPS)
		return;
	for (i = 0; i < it->nagainst; i++)
		if (it->against[i].verdict == it->verdict)
			gi_buf_addf(out, "%s%s", n++ ? ", " : " with ",
				    gi_label(it->against[i].issue));
}

/*
 * One line per candidate: "#12 safe  [P1] Title (unblocks #14)"; the
 * verdict when work is going on here; with -v, one line more per
 * worktree mid-task.
 */
static void item_text(gi_buf *out, const struct gi_ready_item *it,
		      size_t nmid)
{
	size_t i;

	gi_buf_addf(out, "%s", gi_label(it->issue));
	if (nmid) {
		gi_buf_addch(out, ' ');
		verdict_text(out, it);
	}
	gi_buf_adds(out, "  ");
	if (it->priority) {
		gi_buf_addch(out, '[');
		gi_add_printable(out, it->priority);
		gi_buf_adds(out, "] ");
	}
	gi_add_printable_line(out, it->title ? it->title : "(no title)");
	if (it->nunblocks) {
		gi_buf_adds(out, " (unblocks ");
		add_issues(out, it->unblocks, it->nunblocks);
		if (it->unblocks_all > it->nunblocks)
			gi_buf_addf(out, "; %zu with what they block",
				    it->unblocks_all);
		gi_buf_addch(out, ')');
	}
	gi_buf_addch(out, '\n');
	if (!nmid || !verbose)
		return;
	for (i = 0; i < it->nagainst; i++)
		against_text(out, it, &it->against[i]);
}

/* Merged but open: done for the queue; and, with -v, what blocks what. */
static void done_and_blocked(gi_buf *out, const struct gi_ready *rd)
{
	size_t i, j;

	if (rd->nmerged) {
		gi_buf_adds(out, "merged, not closed (done here): ");
		add_issues(out, rd->merged, rd->nmerged);
		gi_buf_adds(out, "; 'git issue-close <n>' closes one\n");
	}
	for (i = 0; verbose && i < rd->blocked; i++) {
		const struct gi_ready_blocked *b = &rd->blocked_v[i];

		gi_buf_addf(out, "blocked: %s by ", gi_label(b->issue));
		for (j = 0; j < b->nby; j++)
			gi_buf_addf(out, "%s%s (%s)", j ? ", " : "",
				    gi_label(b->by[j]), b->by_state[j]);
		gi_buf_addch(out, '\n');
	}
}

static void freshness(gi_buf *out, const struct gi_ready *rd)
{
	char t[32], age[16];
	struct tm tm;

	if (!rd->fetched) {
		gi_buf_adds(out, "claims of other clones: none known (never "
			    "synced: 'git issue-sync' fetches them)\n");
		return;
	}
	gmtime_r(&rd->fetched, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gi_age(age, sizeof(age), t, rd->now);
	gi_buf_adds(out, "claims of other clones as of the last sync");
	if (rd->remote) {
		gi_buf_adds(out, " with '");
		gi_add_printable(out, rd->remote);
		gi_buf_addch(out, '\'');
	}
	gi_buf_addf(out, ", %s ago (%.10s %.5s UTC)\n", age, t, t + 11);
}

static void print_text(const struct gi_ready *rd)
{
	gi_buf out = GI_BUF_INIT;
	size_t i;

	freshness(&out, rd);
	for (i = 0; i < rd->nr; i++)
		item_text(&out, &rd->v[i], rd->nmid);
	if (rd->total > rd->nr)
		gi_buf_addf(&out, "(%zu more ready)\n", rd->total - rd->nr);
	done_and_blocked(&out, rd);
	if (rd->blocked || rd->claimed || rd->in_worktree || rd->parents)
		gi_buf_addf(&out, "not ready: %zu blocked, %zu claimed, %zu "
			    "in a worktree here, %zu waiting for their "
			    "sub-issues\n", rd->blocked, rd->claimed,
			    rd->in_worktree, rd->parents);
	fwrite(out.buf, 1, out.len, stdout);
	gi_buf_release(&out);
	if (!rd->total)
		fprintf(stderr, "no issue is ready\n");
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_ready rd;
	struct gi_ready_opts o;
	long parent = 0;
	int nargs, ret;

	gi_set_program("git issue-ready");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs)
		gi_usage_with_error(usage, options, "too many arguments");
	if (count < 0)
		gi_die("invalid count %ld: expected 0 or more", count);
	if (parent_opt)
		parent = gi_parse_issue_or_die(parent_opt);
	gi_repo_open_or_die(&r);
	memset(&o, 0, sizeof(o));
	o.count = count;
	o.filter.labels = labels.v;
	o.filter.nlabels = labels.nr;
	o.filter.parent = parent;
	if (gi_ready_collect(&rd, &r, &o) < 0) {
		ret = GI_EXIT_FATAL;
		goto done;
	}
	if (json)
		gi_print_json(gi_ready_json(&rd));
	else
		print_text(&rd);
	/* the seed's warning, as a hint: never a refusal */
	gi_status_advise_workers(rd.nmid, rd.max_workers);
	ret = GI_EXIT_OK;
	gi_ready_release(&rd);
done:
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
