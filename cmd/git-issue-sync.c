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

static long count_array(const cJSON *issues, const char *key)
{
	const cJSON *it;
	long n = 0;

	cJSON_ArrayForEach(it, issues)
		n += cJSON_GetArraySize(cJSON_GetObjectItem(it, key));
	return n;
}

/* One line that says what happened, for people and for the hook. */
static void summary(gi_buf *out, const cJSON *rep)
{
	const cJSON *g = cJSON_GetObjectItem(rep, "git");
	const cJSON *gh = cJSON_GetObjectItem(rep, "github");
	const cJSON *issues = cJSON_GetObjectItem(gh, "issues");
	const char *rem = cJSON_GetStringValue(cJSON_GetObjectItem(rep,
								   "remote"));
	long posted = count_array(issues, "posted");
	long would = count_array(issues, "would_post");
	const cJSON *imp = cJSON_GetObjectItem(gh, "imported");

	if (cJSON_IsTrue(cJSON_GetObjectItem(rep, "nothing_new"))) {
		gi_buf_adds(out, "nothing new");
		return;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItem(rep, "locked"))) {
		gi_buf_adds(out, "another sync is running; nothing done");
		return;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItem(g, "failed")))
		gi_buf_addf(out, "notes not synced with '%s' (see above)",
			    rem ? rem : "?");
	else if (cJSON_GetObjectItem(g, "skipped"))
		gi_buf_addf(out, "git: %s",
			    cJSON_GetStringValue(cJSON_GetObjectItem(g,
								"skipped")));
	else if (cJSON_IsTrue(cJSON_GetObjectItem(g, "pushed")))
		gi_buf_addf(out, "notes pushed to '%s'", rem ? rem : "?");
	else if (cJSON_IsTrue(cJSON_GetObjectItem(g, "would_push")))
		gi_buf_addf(out, "notes would be pushed to '%s'",
			    rem ? rem : "?");
	else
		gi_buf_addf(out, "notes up to date with '%s'", rem ? rem : "?");
	if (cJSON_GetObjectItem(gh, "skipped")) {
		gi_buf_addf(out, "; GitHub: %s",
			    cJSON_GetStringValue(cJSON_GetObjectItem(gh,
								"skipped")));
		return;
	}
	if (dry_run)
		gi_buf_addf(out, "; %ld record%s would be posted", would,
			    would == 1 ? "" : "s");
	else
		gi_buf_addf(out, "; %ld record%s mirrored", posted,
			    posted == 1 ? "" : "s");
	{
		long w = cJSON_GetArraySize(cJSON_GetObjectItem(gh,
							"waiting_to_post"));

		if (w)
			gi_buf_addf(out, " (%ld issue%s left to another "
				    "clone posting now)", w, w == 1 ? "" : "s");
	}
	/* a mirror that stopped early counted no imports: say none */
	if (cJSON_IsNumber(imp) && imp->valuedouble >= 0 &&
	    imp->valuedouble < 1e15)
		gi_buf_addf(out, ", %ld imported", (long)imp->valuedouble);
	/* the issues themselves, when something happened to them */
	{
		const cJSON *plan = cJSON_GetObjectItem(gh, "plan");
		const cJSON *links = cJSON_GetObjectItem(plan, "links");
		long created = cJSON_GetArraySize(cJSON_GetObjectItem(plan,
								      "created"));
		long waiting = cJSON_GetArraySize(cJSON_GetObjectItem(plan,
								      "waiting"));
		const cJSON *lm = cJSON_GetObjectItem(links, "mirrored");
		/* never cast what may be NaN (a missing number) */
		long linked = cJSON_IsNumber(lm) && lm->valuedouble > 0 &&
			lm->valuedouble < 1e15 ? (long)lm->valuedouble : 0;
		long refused = cJSON_GetArraySize(cJSON_GetObjectItem(links,
								      "refused"));

		if (created)
			gi_buf_addf(out, "; %ld issue%s created", created,
				    created == 1 ? "" : "s");
		if (waiting)
			gi_buf_addf(out, "; %ld issue%s created by another "
				    "clone (waiting)", waiting,
				    waiting == 1 ? "" : "s");
		if (linked > 0)
			gi_buf_addf(out, "; %ld link%s mirrored", linked,
				    linked == 1 ? "" : "s");
		if (refused)
			gi_buf_addf(out, "; %ld link%s refused by GitHub",
				    refused, refused == 1 ? "" : "s");
	}
}

/*
 * The claims this clone made offline (or could not get decided in time)
 * are decided by the remote before anything is pushed: a lost one must
 * be released before its claim goes anywhere (gitissue/worktree/claim-decide.h).
 */
static void settle_claims(struct gi_repo *r, cJSON *report)
{
	static const char *const names[] = { "confirmed", "lost",
					     "unconfirmed" };
	struct gi_claim_states s;
	cJSON *arr;
	size_t i;

	if (gi_claims_settle(&s, r) < 0)
		return;
	if (!s.nr) {
		gi_claim_states_release(&s);
		return;
	}
	arr = cJSON_AddArrayToObject(report, "claims");
	for (i = 0; i < s.nr; i++) {
		const struct gi_claim_state *st = &s.v[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToObject(o, "issue", gi_issue_to_json(st->issue));
		cJSON_AddStringToObject(o, "claim", st->id);
		cJSON_AddStringToObject(o, "outcome", names[st->outcome]);
		gi_json_add_str_or_null(o, "winner", st->winner);
		cJSON_AddItemToArray(arr, o);
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
	gi_claim_states_release(&s);
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_sync_opts opts = { 0 };
	cJSON *report;
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

	report = cJSON_CreateObject();
	cJSON_AddNumberToObject(report, "version", GI_JSON_VERSION);
	if (dry_run)
		cJSON_AddTrueToObject(report, "dry_run");
	if (!dry_run)
		settle_claims(&r, report);
	rc = gi_sync_run(&r, &opts, report);
	/* what the merge brought: an issue two clones hold */
	gi_claims_warn_contested(&r);
	cJSON_AddBoolToObject(report, "ok", rc == 0);
	summary(&line, report);
	if (hook) {
		fprintf(stderr, "git-issue: %s%s\n", line.buf,
			rc ? " (incomplete; see above)" : "");
	} else if (json) {
		gi_print_json(report);
		report = NULL;
	} else {
		printf("%s\n", line.buf);
	}
	cJSON_Delete(report);
	gi_buf_release(&line);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	if (hook)
		return rc && strict ? 1 : 0;
	return rc < 0 ? GI_EXIT_FATAL : rc;
}
