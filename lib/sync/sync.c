/*
 * sync.c: the whole of `git issue-sync` (sync.h): the remote's notes in,
 * GitHub's imports and posts, the notes out, and the cache.
 */
#include "gitissue/sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/config.h"
#include "gitissue/util/json.h"
#include "gitissue/core/remote.h"
#include "gitissue/util/run.h"
#include "gitissue/core/store.h"
#include "sync/git-remote.h"
#include "sync/github.h"
#include "gitissue/sync/github-issues.h"
#include "sync/mirror.h"
#include "sync/sync-cache.h"

/* What to say when the mirror cannot run at all. */
static void github_skipped(cJSON *gh, const char *why)
{
	cJSON_AddStringToObject(gh, "skipped", why);
}

/* Requests made, for --json and the benchmarks. */
static void report_requests(cJSON *ghrep, const struct gi_github *gh)
{
	cJSON *s = gi_json_child(ghrep, "requests");

	cJSON_AddNumberToObject(s, "get", (double)gh->stats.get);
	cJSON_AddNumberToObject(s, "get_304", (double)gh->stats.get_304);
	cJSON_AddNumberToObject(s, "post", (double)gh->stats.post);
	cJSON_AddNumberToObject(s, "patch", (double)gh->stats.patch);
	cJSON_AddNumberToObject(s, "delete", (double)gh->stats.delete_);
	cJSON_AddNumberToObject(s, "retries", (double)gh->stats.retries);
	cJSON_AddNumberToObject(s, "waits", (double)gh->stats.waits);
}

/*
 * The GitHub step: import, then post what is not there yet.
 * @return 0 mirrored, 1 failed or skipped for lack of a token (reported),
 * 2 mirrored but for records another clone is posting (said).
 */
static int mirror_step(struct gi_repo *r, const struct gi_sync_opts *opts,
		       struct gi_sync_state *st, const char *remote,
		       struct gi_github_target *target, cJSON *ghrep)
{
	struct gi_github gh;
	gi_buf full = GI_BUF_INIT;
	long deadline = opts->deadline_ms;
	int err, ret = 1;

	gi_buf_addf(&full, "%s/%s", target->owner, target->repo);
	cJSON_AddStringToObject(ghrep, "repository", full.buf);
	gi_buf_release(&full);
	/* keep a third of the hook's time (up to 3 s) for the push that
	 * follows: the notes matter most */
	if (opts->deadline_ms) {
		long left = opts->deadline_ms - gi_now_ms();
		long keep = left / 3 < 3000 ? left / 3 : 3000;

		deadline = opts->deadline_ms - keep;
	}
	err = gi_github_open(&gh, r, target, deadline);
	if (err == GI_ENOTOKEN) {
		gi_error("no GitHub token for %s: set GH_TOKEN (or "
			 "GH_ENTERPRISE_TOKEN for GitHub Enterprise), log in "
			 "with 'gh auth login', or store one with 'git "
			 "credential approve'; the notes are still synced "
			 "through git", target->host);
		github_skipped(ghrep, "no token");
	} else if (!err) {
		/* the issues themselves (created, imported, linked), then
		 * the records as comments, who posts them decided through
		 * the remote */
		struct gi_sync_opts o = *opts;
		int m = -1;

		o.remote = remote;
		err = gi_github_issues_sync(r, &gh, st, opts, remote, ghrep);
		if (err != GI_ERATELIMIT && err != GI_ETRANSPORT)
			m = gi_mirror_run(r, &gh, st, &o, ghrep);
		if (m >= 0 && !err)
			ret = m ? 2 : 0;
		report_requests(ghrep, &gh);
	}
	gi_github_close(&gh);
	return ret;
}

/* After a complete sync, remember where the notes were. */
static void record_synced(struct gi_repo *r, cJSON *rs)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid tip;

	if (gi_store_tip(&tip, r, GI_NOTES_REF))
		return;
	git_oid_tostr(hex, sizeof(hex), &tip);
	gi_json_set(rs, "synced_tip", cJSON_CreateString(hex));
}

int gi_sync_run(struct gi_repo *r, const struct gi_sync_opts *opts,
		cJSON *report)
{
	struct gi_sync_state st;
	struct gi_github_target target;
	char *remote = NULL;
	cJSON *ghrep, *rs;
	int ret = 0, err, have_target, mirrored = 0, mirror_on, m;

	if (gi_remote_pick(r, opts->remote, 0, &remote) < 0)
		return -1;
	err = gi_sync_state_open(&st, r);
	if (err < 0) {
		free(remote);
		if (err == GIT_ELOCKED)
			cJSON_AddTrueToObject(report, "locked");
		return err == GIT_ELOCKED ? 1 : -1;
	}
	ghrep = gi_json_child(report, "github");
	rs = gi_json_child(gi_json_child(st.doc, "remotes"),
			   remote ? remote : "(none)");
	have_target = !gi_github_target(&target, r, remote);
	/* the privacy switch: nothing at all goes to GitHub, not even a
	 * request for the token's account */
	mirror_on = gi_config_bool(r, "issue.mirror", 1);
	if (opts->hook && gi_sync_state_nothing_new(r, rs)) {
		cJSON_AddTrueToObject(report, "nothing_new");
		goto done;
	}

	/* 1. bring the remote's notes in, so the mirror sees everything */
	if (remote && gi_sync_git(r, remote, opts, report, 0) < 0)
		ret = 1;
	else if (!remote)
		cJSON_AddStringToObject(gi_json_child(report, "git"),
					"skipped", "no remote");
	/* 2. GitHub */
	if (opts->no_github)
		github_skipped(ghrep, "--no-github");
	else if (!mirror_on)
		github_skipped(ghrep, "issue.mirror is false");
	else if (!have_target)
		github_skipped(ghrep, "no GitHub repository: set issue.github "
			       "to <owner>/<repo>");
	else if ((m = mirror_step(r, opts, &st, remote, &target, ghrep)) == 1)
		ret = 1;
	else
		mirrored = m == 0;	/* waiting: the next hook runs again */
	/* 3. push what we have, imports included */
	if (remote && gi_sync_git(r, remote, opts, report, 1) < 0)
		ret = 1;

	/* "nothing new since" holds only when both sides are done: after a
	 * --no-github run the hook must still mirror */
	if (!ret && !opts->dry_run && remote &&
	    (mirrored || !have_target || !mirror_on))
		record_synced(r, rs);
	if (!opts->dry_run && gi_sync_state_save(&st) < 0)
		ret = 1;
done:
	if (have_target)
		gi_github_target_release(&target);
	if (remote)
		cJSON_AddStringToObject(report, "remote", remote);
	free(remote);
	gi_sync_state_close(&st);
	return ret;
}
