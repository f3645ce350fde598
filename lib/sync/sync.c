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

/* Requests made, for --json and the benchmarks. */
static void report_requests(struct gi_sync_github_report *rep,
			    const struct gi_github *gh)
{
	struct gi_sync_requests *q = &rep->requests;

	rep->have_requests = 1;
	q->get = gh->stats.get;
	q->get_304 = gh->stats.get_304;
	q->post = gh->stats.post;
	q->patch = gh->stats.patch;
	q->delete_ = gh->stats.delete_;
	q->retries = gh->stats.retries;
	q->waits = gh->stats.waits;
}

/*
 * The GitHub step: import, then post what is not there yet.
 * @return 0 mirrored, 1 failed or skipped for lack of a token (reported).
 */
static int mirror_step(struct gi_repo *r, const struct gi_sync_opts *opts,
		       struct gi_sync_state *st, const char *remote,
		       struct gi_github_target *target,
		       struct gi_sync_github_report *ghrep)
{
	struct gi_github gh;
	gi_buf full = GI_BUF_INIT;
	long deadline = opts->deadline_ms;
	int err, ret = 1;

	gi_buf_addf(&full, "%s/%s", target->owner, target->repo);
	ghrep->repository = gi_buf_detach(&full, NULL);
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
		ghrep->skipped = "no token";
	} else if (!err) {
		/* the issues themselves (created, imported, linked), then
		 * the records as comments */
		err = gi_github_issues_sync(r, &gh, st, opts, remote,
					    &ghrep->plan);
		if (err != GI_ERATELIMIT && err != GI_ETRANSPORT &&
		    !gi_mirror_run(r, &gh, st, opts, ghrep) && !err)
			ret = 0;
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

static int sync_run(struct gi_repo *r, const struct gi_sync_opts *opts,
		    struct gi_sync_report *report)
{
	struct gi_sync_state st;
	struct gi_github_target target;
	struct gi_sync_github_report *ghrep = &report->github;
	char *remote = NULL;
	cJSON *rs;
	int ret = 0, err, have_target, mirrored = 0, mirror_on;

	if (gi_remote_pick(r, opts->remote, 0, &remote) < 0)
		return -1;
	err = gi_sync_state_open(&st, r);
	if (err < 0) {
		free(remote);
		if (err == GIT_ELOCKED)
			report->locked = 1;
		return err == GIT_ELOCKED ? 1 : -1;
	}
	ghrep->ran = 1;
	rs = gi_json_child(gi_json_child(st.doc, "remotes"),
			   remote ? remote : "(none)");
	have_target = !gi_github_target(&target, r, remote);
	/* the privacy switch: nothing at all goes to GitHub, not even a
	 * request for the token's account */
	mirror_on = gi_config_bool(r, "issue.mirror", 1);
	if (opts->hook && gi_sync_state_nothing_new(r, rs)) {
		report->nothing_new = 1;
		goto done;
	}

	/* 1. bring the remote's notes in, so the mirror sees everything */
	if (remote && gi_sync_git(r, remote, opts, &report->git, 0) < 0) {
		ret = 1;
	} else if (!remote) {
		report->git.ran = 1;
		report->git.skipped = "no remote";
	}
	/* 2. GitHub */
	if (opts->no_github)
		ghrep->skipped = "--no-github";
	else if (!mirror_on)
		ghrep->skipped = "issue.mirror is false";
	else if (!have_target)
		ghrep->skipped = "no GitHub repository: set issue.github to "
				 "<owner>/<repo>";
	else if (mirror_step(r, opts, &st, remote, &target, ghrep))
		ret = 1;
	else
		mirrored = 1;
	/* 3. push what we have, imports included */
	if (remote && gi_sync_git(r, remote, opts, &report->git, 1) < 0)
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
	report->remote = remote;
	gi_sync_state_close(&st);
	return ret;
}

int gi_sync_run(struct gi_repo *r, const struct gi_sync_opts *opts,
		struct gi_sync_report *report)
{
	int ret;

	memset(report, 0, sizeof(*report));
	report->dry_run = opts->dry_run;
	ret = sync_run(r, opts, report);
	report->ok = ret == 0;
	return ret;
}
