/*
 * git-issue-sync: exchange issue records with the git remote and mirror
 * them to GitHub Issues. Also the body of the pre-push hook (--hook), which
 * is bounded in time, says one line, and never fails the push unless
 * issue.syncStrict asks it to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/worktree/claim-decide.h"
#include "gitissue/util/config.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/util/options.h"
#include "gitissue/core/remote.h"
#include "gitissue/util/run.h"
#include "gitissue/sync/sync.h"

static const char *const usage[] = {
	"git issue-sync [--remote <name>] [--no-github] [--dry-run] [--json]",
	"git issue-sync --hook pre-push <remote> <url>",
	NULL
};

static const char *remote, *hook;
static int no_github, dry_run, json;

static const struct gi_option options[] = {
	GI_OPT_STRING(0, "remote", &remote, "<name>",
		      "the git remote (default: issue.remote, origin)"),
	GI_OPT_BOOL(0, "no-github", &no_github, "only the git remote"),
	GI_OPT_BOOL(0, "dry-run", &dry_run,
		    "say what would be pushed and posted; change nothing"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_STRING(0, "hook", &hook, "<name>",
		      "run as the named git hook (pre-push)"),
	GI_OPT_END(),
};

/* The records posted (or, in a dry run, that would be). */
static long count_posted(const struct gi_sync_github_report *gh)
{
	long n = 0;
	size_t i;

	for (i = 0; i < gh->nissues; i++)
		n += (long)gh->issues[i].nr;
	return n;
}

/* What happened to the issues themselves, when something did. */
static void summary_plan(gi_buf *out, const struct gi_sync_plan_report *p)
{
	long created = (long)p->ncreated, waiting = (long)p->nwaiting;
	long linked = p->links.mirrored, refused = (long)p->links.nrefused;
	long edited = p->edits.mirrored, erefused = (long)p->edits.nrefused;

	if (p->issues_imported)
		gi_buf_addf(out, "; %ld issue%s imported", p->issues_imported,
			    p->issues_imported == 1 ? "" : "s");
	if (p->issues_updated)
		gi_buf_addf(out, "; %ld issue%s updated", p->issues_updated,
			    p->issues_updated == 1 ? "" : "s");
	if (p->issues_closed)
		gi_buf_addf(out, "; %ld issue%s closed", p->issues_closed,
			    p->issues_closed == 1 ? "" : "s");
	if (created)
		gi_buf_addf(out, "; %ld issue%s created", created,
			    created == 1 ? "" : "s");
	if (waiting)
		gi_buf_addf(out, "; %ld issue%s created by another clone "
			    "(waiting)", waiting, waiting == 1 ? "" : "s");
	if (edited > 0)
		gi_buf_addf(out, "; %ld edit%s mirrored", edited,
			    edited == 1 ? "" : "s");
	if (erefused)
		gi_buf_addf(out, "; %ld change%s refused by GitHub", erefused,
			    erefused == 1 ? "" : "s");
	if (linked > 0)
		gi_buf_addf(out, "; %ld link%s mirrored", linked,
			    linked == 1 ? "" : "s");
	if (refused)
		gi_buf_addf(out, "; %ld link%s refused by GitHub", refused,
			    refused == 1 ? "" : "s");
}

/* One line that says what happened, for people and for the hook. */
static void summary(gi_buf *out, const struct gi_sync_report *rep)
{
	const struct gi_sync_git_report *g = &rep->git;
	const struct gi_sync_github_report *gh = &rep->github;
	const char *rem = rep->remote ? rep->remote : "?";
	long posted = count_posted(gh);

	if (rep->nothing_new) {
		gi_buf_adds(out, "nothing new");
		return;
	}
	if (rep->locked) {
		gi_buf_adds(out, "another sync is running; nothing done");
		return;
	}
	if (g->failed)
		gi_buf_addf(out, "notes not synced with '%s' (see above)", rem);
	else if (g->skipped)
		gi_buf_addf(out, "git: %s", g->skipped);
	else if (g->pushed)
		gi_buf_addf(out, "notes pushed to '%s'", rem);
	else if (g->would_push)
		gi_buf_addf(out, "notes would be pushed to '%s'", rem);
	else
		gi_buf_addf(out, "notes up to date with '%s'", rem);
	if (gh->skipped) {
		gi_buf_addf(out, "; GitHub: %s", gh->skipped);
		return;
	}
	gi_buf_addf(out, rep->dry_run ? "; %ld record%s would be posted" :
		    "; %ld record%s mirrored", posted, posted == 1 ? "" : "s");
	if (gh->nwaiting_to_post)
		gi_buf_addf(out, " (%zu issue%s left to another clone posting "
			    "now)", gh->nwaiting_to_post,
			    gh->nwaiting_to_post == 1 ? "" : "s");
	/* records imported: the issues' and the comments'; a step that
	 * did not get to count says nothing */
	if (gh->imported_counted || gh->plan.ran)
		gi_buf_addf(out, ", %ld imported",
			    gh->imported + gh->plan.imported);
	summary_plan(out, &gh->plan);
}

/*
 * The claims this clone made offline (or could not get decided in time)
 * are decided by the remote before anything is pushed: a lost one must
 * be released before its claim goes anywhere
 * (gitissue/worktree/claim-decide.h).
 */
static void settle_claims(struct gi_repo *r, struct gi_claim_states *s)
{
	size_t i;

	if (gi_claims_settle(s, r) < 0) {
		memset(s, 0, sizeof(*s));
		return;
	}
	for (i = 0; i < s->nr; i++) {
		const struct gi_claim_state *st = &s->v[i];

		if (st->outcome == GI_CLAIM_CONFIRMED)
			fprintf(stderr, "the claim on issue %s is confirmed\n",
				gi_label(st->issue));
		else if (st->outcome == GI_CLAIM_LOST)
			gi_warning("the claim on issue %s lost to %s, whose "
				   "claim reached the remote first: it is "
				   "released; its worktree stays",
				   gi_label(st->issue), st->winner);
		else
			gi_warning("the claim on issue %s is still not "
				   "confirmed", gi_label(st->issue));
	}
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_sync_opts opts = { 0 };
	struct gi_sync_report report;
	struct gi_claim_states claims;
	gi_buf line = GI_BUF_INIT;
	int nargs, rc, strict = 0;
	long timeout;

	gi_set_program("git issue-sync");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (hook && strcmp(hook, "pre-push"))
		gi_usage_with_error(usage, options,
				    "unknown hook '%s' (pre-push)", hook);
	if (hook && nargs != 2)
		gi_usage_with_error(usage, options,
			"--hook pre-push takes <remote> and <url>");
	if (!hook && nargs)
		gi_usage_with_error(usage, options, "too many arguments");

	gi_repo_open_or_die(&r);
	opts.no_github = no_github;
	opts.dry_run = dry_run;
	opts.remote = remote;
	if (hook) {
		/* git passes the remote's name, or the URL when there is
		 * none: only a configured remote has a tracking ref */
		if (gi_remote_exists(&r, argv[0]))
			opts.remote = argv[0];
		opts.hook = 1;
		/* issue.syncTimeout 0 (or less) means no limit */
		timeout = gi_config_long(&r, "issue.syncTimeout", 10);
		opts.deadline_ms = timeout > 0 ? gi_now_ms() + 1000 * timeout :
			0;
		strict = gi_config_bool(&r, "issue.syncStrict", 0);
	}

	memset(&claims, 0, sizeof(claims));
	if (!dry_run)
		settle_claims(&r, &claims);
	rc = gi_sync_run(&r, &opts, &report);
	/* what the merge brought: an issue two clones hold */
	gi_claims_warn_contested(&r);
	summary(&line, &report);
	if (hook) {
		fprintf(stderr, "git-issue: %s%s\n", line.buf,
			rc ? " (incomplete; see above)" : "");
	} else if (json) {
		cJSON *doc = gi_sync_report_json(&report);

		if (claims.nr)
			cJSON_AddItemToObject(doc, "claims",
					      gi_claim_states_json(&claims));
		gi_print_json(doc);
	} else {
		printf("%s\n", line.buf);
	}
	gi_sync_report_release(&report);
	gi_claim_states_release(&claims);
	gi_buf_release(&line);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	if (hook)
		return rc && strict ? 1 : 0;
	return rc < 0 ? GI_EXIT_FATAL : rc;
}
