/*
 * sync.c: the git side of `git issue-sync`, its cached state, and the
 * whole run (sync.h). The GitHub side is in mirror.c.
 */
#include "gitissue/sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/github.h"
#include "gitissue/mirror.h"
#include "gitissue/run.h"
#include "gitissue/store.h"

static long time_left(const struct gi_sync_opts *opts)
{
	long left;

	if (!opts->deadline_ms)
		return 0;
	left = opts->deadline_ms - gi_now_ms();
	return left > 1 ? left : 1;
}

/* Run git in this repository, within the sync's time. */
static int run_git(struct gi_repo *r, const struct gi_sync_opts *opts,
		   const char **args, gi_buf *out, gi_buf *err)
{
	return gi_git(r, args, out, err, time_left(opts));
}

static void tracking_ref(gi_buf *b, const char *remote)
{
	gi_buf_addf(b, "refs/notes/remotes/%s/issues", remote);
}

/* 0 fetched, 1 the remote has no notes yet, -1 failed (reported). */
static int fetch(struct gi_repo *r, const char *remote,
		 const struct gi_sync_opts *opts)
{
	gi_buf spec = GI_BUF_INIT, err = GI_BUF_INIT;
	const char *args[] = { "fetch", "--quiet", "--no-tags",
			       "--no-write-fetch-head", "--no-auto-gc",
			       remote, NULL, NULL };
	int rc, ret;

	gi_buf_addf(&spec, "+" GI_NOTES_REF ":");
	tracking_ref(&spec, remote);
	args[6] = spec.buf;
	rc = run_git(r, opts, args, NULL, &err);
	if (rc == 0)
		ret = 0;
	else if (strstr(err.buf, "couldn't find remote ref"))
		ret = 1;
	else if (rc == -2)
		ret = gi_error("fetching notes from '%s' timed out", remote);
	else {
		gi_buf_trim_trailing_newlines(&err);
		ret = gi_error("fetching notes from '%s' failed: %s", remote,
			       err.buf);
	}
	gi_buf_release(&spec);
	gi_buf_release(&err);
	return ret;
}

/*
 * Union-merge `theirs` into the local ref, compare-and-swap, retrying when
 * a local writer moved the ref meanwhile. *changed tells whether it moved.
 */
static int merge_into_local(struct gi_repo *r, const git_oid *theirs,
			    const char *remote, int *changed)
{
	git_oid ours, merged;
	char msg[256];
	int attempt, err;

	*changed = 0;
	snprintf(msg, sizeof(msg), "git issue-sync: merge notes from '%s'",
		 remote);
	for (attempt = 0; attempt < 20; attempt++) {
		err = gi_store_tip(&ours, r, GI_NOTES_REF);
		if (err < 0 && err != GIT_ENOTFOUND)
			return -1;
		if (err == GIT_ENOTFOUND)
			git_oid_cpy(&merged, theirs);
		else if (gi_store_merge(&merged, r, &ours, theirs, msg) < 0)
			return -1;
		if (!err && git_oid_equal(&merged, &ours))
			return 0;
		err = gi_store_cas(r, GI_NOTES_REF, &merged,
				   err == GIT_ENOTFOUND ? NULL : &ours, msg);
		if (!err) {
			*changed = 1;
			return 0;
		}
		if (err != GIT_EMODIFIED)
			return -1;
	}
	return gi_error("gave up merging notes: the local ref kept moving");
}

/* 0 pushed, 1 rejected (the remote moved), -1 failed (reported). */
static int push(struct gi_repo *r, const char *remote,
		const struct gi_sync_opts *opts)
{
	gi_buf out = GI_BUF_INIT, err = GI_BUF_INIT;
	/* --no-verify: this push must not run our own pre-push hook */
	const char *args[] = { "push", "--quiet", "--porcelain", "--no-verify",
			       remote, GI_NOTES_REF ":" GI_NOTES_REF, NULL };
	int rc, ret;

	rc = run_git(r, opts, args, &out, &err);
	if (rc == 0)
		ret = 0;
	else if (strstr(out.buf, "[rejected]") ||
		 strstr(out.buf, "[remote rejected]") ||
		 strstr(err.buf, "fetch first") ||
		 strstr(err.buf, "non-fast-forward"))
		ret = 1;
	else if (rc == -2)
		ret = gi_error("pushing notes to '%s' timed out", remote);
	else {
		gi_buf_trim_trailing_newlines(&err);
		ret = gi_error("pushing notes to '%s' failed: %s", remote,
			       err.buf);
	}
	gi_buf_release(&out);
	gi_buf_release(&err);
	return ret;
}

int gi_sync_git(struct gi_repo *r, const char *remote,
		const struct gi_sync_opts *opts, cJSON *report, int do_push)
{
	gi_buf track = GI_BUF_INIT;
	cJSON *g = gi_json_child(report, "git");
	int attempt, rc, ret = -1, changed, pushes = 0;
	git_oid theirs, ours;

	tracking_ref(&track, remote);
	if (!cJSON_GetObjectItem(g, "remote"))
		cJSON_AddStringToObject(g, "remote", remote);
	for (attempt = 0; attempt < 5; attempt++) {
		int have_theirs, have_ours;

		/* a dry run touches nothing, not even the tracking ref: it
		 * compares with the remote as last fetched */
		rc = opts->dry_run ? 0 : fetch(r, remote, opts);
		if (rc < 0)
			goto done;
		have_theirs = rc == 0 &&
			      !gi_store_tip(&theirs, r, track.buf);
		if (have_theirs && !opts->dry_run) {
			if (merge_into_local(r, &theirs, remote, &changed) < 0)
				goto done;
			if (changed && !cJSON_GetObjectItem(g, "merged"))
				cJSON_AddTrueToObject(g, "merged");
		}
		if (!do_push) {
			ret = 0;
			goto done;
		}
		have_ours = !gi_store_tip(&ours, r, GI_NOTES_REF);
		if (!have_ours || (have_theirs &&
				   (git_oid_equal(&ours, &theirs) ||
				    git_graph_descendant_of(r->repo, &theirs,
							    &ours) == 1))) {
			ret = 0;	/* the remote has all we have */
			goto done;
		}
		if (opts->dry_run) {
			cJSON_AddTrueToObject(g, "would_push");
			ret = 0;
			goto done;
		}
		rc = push(r, remote, opts);
		pushes++;
		if (rc < 0)
			goto done;
		if (rc == 0) {
			cJSON_AddTrueToObject(g, "pushed");
			ret = 0;
			goto done;
		}
		/* rejected: someone pushed first; fetch, merge, try again */
	}
	gi_error("pushing notes to '%s' was rejected %d times; run "
		 "'git issue-sync' again", remote, pushes);
done:
	if (do_push)
		cJSON_AddNumberToObject(g, "push_attempts", pushes);
	if (ret < 0 && !cJSON_GetObjectItem(g, "failed"))
		cJSON_AddTrueToObject(g, "failed");
	gi_buf_release(&track);
	return ret;
}

/* What to say when the mirror cannot run at all. */
static void github_skipped(cJSON *gh, const char *why)
{
	cJSON_AddStringToObject(gh, "skipped", why);
}

int gi_sync_run(struct gi_repo *r, const struct gi_sync_opts *opts,
		cJSON *report)
{
	struct gi_sync_state st;
	struct gi_github_target target;
	struct gi_github gh;
	char *remote = NULL;
	cJSON *ghrep, *remotes, *rs;
	git_oid tip;
	char hex[GIT_OID_HEXSZ + 1] = "";
	int ret = 0, err, have_target, gh_open = 0, mirrored = 0;
	int have_target_cfg;
	long gh_deadline;

	if (gi_sync_pick_remote(r, opts->remote, &remote) < 0)
		return -1;
	err = gi_sync_state_open(&st, r);
	if (err < 0) {
		free(remote);
		return err == GIT_ELOCKED ? 1 : -1;
	}
	ghrep = gi_json_child(report, "github");
	remotes = gi_json_child(st.doc, "remotes");
	rs = gi_json_child(remotes, remote ? remote : "(none)");
	have_target = !gi_github_target(&target, r, remote);
	have_target_cfg = have_target;
	if (have_target && opts->no_github) {
		gi_github_target_release(&target);
		have_target = 0;
	}

	/* the hook with nothing new since the last full sync: no network */
	if (opts->hook && !gi_store_tip(&tip, r, GI_NOTES_REF)) {
		const cJSON *last = cJSON_GetObjectItem(rs, "synced_tip");

		git_oid_tostr(hex, sizeof(hex), &tip);
		if (cJSON_IsString(last) && !strcmp(last->valuestring, hex)) {
			cJSON_AddTrueToObject(report, "nothing_new");
			goto done;
		}
	} else if (opts->hook) {
		cJSON_AddTrueToObject(report, "nothing_new");
		goto done;
	}

	/* 1. bring the remote's notes in, so the mirror sees everything */
	if (remote) {
		if (gi_sync_git(r, remote, opts, report, 0) < 0)
			ret = 1;
	} else {
		cJSON_AddStringToObject(gi_json_child(report, "git"),
					"skipped", "no remote");
	}

	/* 2. GitHub: import, then post what is not there yet */
	if (opts->no_github) {
		github_skipped(ghrep, "--no-github");
	} else if (!have_target) {
		github_skipped(ghrep, "no GitHub repository: set issue.github "
			       "to <owner>/<repo>");
	} else {
		gi_buf full = GI_BUF_INIT;

		gi_buf_addf(&full, "%s/%s", target.owner, target.repo);
		cJSON_AddStringToObject(ghrep, "repository", full.buf);
		gi_buf_release(&full);
		/* keep a third of the hook's time (up to 3 s) for the push
		 * that follows: the notes matter most */
		gh_deadline = opts->deadline_ms;
		if (opts->deadline_ms) {
			long left = opts->deadline_ms - gi_now_ms();
			long keep = left / 3 < 3000 ? left / 3 : 3000;

			gh_deadline = opts->deadline_ms - keep;
		}
		err = gi_github_open(&gh, r, &target, gh_deadline);
		if (err == GI_ENOTOKEN) {
			gi_error("no GitHub token for %s: set GH_TOKEN (or "
				 "GH_ENTERPRISE_TOKEN for GitHub Enterprise), "
				 "log in with 'gh auth login', or store one "
				 "with 'git credential approve'; the notes "
				 "are still synced through git", target.host);
			github_skipped(ghrep, "no token");
			ret = 1;
		} else if (err < 0) {
			ret = 1;
		} else {
			gh_open = 1;
			if (gi_mirror_run(r, &gh, &st, opts, ghrep) < 0)
				ret = 1;
			else
				mirrored = 1;
		}
	}

	/* 3. push what we have, imports included */
	if (remote && gi_sync_git(r, remote, opts, report, 1) < 0)
		ret = 1;

	/* "nothing new since" holds only when both sides are done: after a
	 * --no-github run the hook must still mirror */
	if (!ret && !opts->dry_run && remote && (mirrored || !have_target_cfg) &&
	    !gi_store_tip(&tip, r, GI_NOTES_REF)) {
		git_oid_tostr(hex, sizeof(hex), &tip);
		cJSON_DeleteItemFromObjectCaseSensitive(rs, "synced_tip");
		cJSON_AddStringToObject(rs, "synced_tip", hex);
	}
	if (!opts->dry_run && gi_sync_state_save(&st) < 0)
		ret = 1;
done:
	if (gh_open) {
		cJSON *s = gi_json_child(ghrep, "requests");

		cJSON_AddNumberToObject(s, "get", (double)gh.stats.get);
		cJSON_AddNumberToObject(s, "get_304", (double)gh.stats.get_304);
		cJSON_AddNumberToObject(s, "post", (double)gh.stats.post);
		cJSON_AddNumberToObject(s, "patch", (double)gh.stats.patch);
		cJSON_AddNumberToObject(s, "retries", (double)gh.stats.retries);
		cJSON_AddNumberToObject(s, "waits", (double)gh.stats.waits);
		gi_github_close(&gh);
	}
	if (have_target)
		gi_github_target_release(&target);
	if (remote)
		cJSON_AddStringToObject(report, "remote", remote);
	free(remote);
	gi_sync_state_close(&st);
	return ret;
}
