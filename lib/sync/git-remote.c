/*
 * git-remote.c: the notes ref through the user's own git: fetch into the
 * tracking ref, union-merge into the local ref, push without force
 * (git-remote.h).
 */
#include "sync/git-remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/run.h"
#include "gitissue/core/store.h"
#include "core/store-merge.h"
#include "core/store-write.h"
#include "sync/fetch-local.h"
#include "sync/fetched.h"

/* Pushes before giving up when other clones keep pushing first. */
#define MAX_PUSHES 12

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

/* Say why git failed ("fetching notes from 'origin' failed: ..."). */
static int git_failed(int rc, gi_buf *err, const char *what,
		      const char *remote)
{
	if (rc == -2)
		return gi_error("%s '%s' timed out", what, remote);
	gi_buf_rtrim(err, "\r\n", 0);
	return gi_error("%s '%s' failed: %s", what, remote, err->buf);
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

	tracking_ref(&spec, remote);
	/* a repository on this machine: in the process */
	ret = gi_fetch_local(r, remote, spec.buf);
	if (ret != GI_FETCH_LOCAL_NO)
		goto done;
	gi_buf_reset(&spec);
	gi_buf_addf(&spec, "+" GI_NOTES_REF ":");
	tracking_ref(&spec, remote);
	args[6] = spec.buf;
	rc = run_git(r, opts, args, NULL, &err);
	if (rc == 0)
		ret = 0;
	else if (strstr(err.buf, "couldn't find remote ref"))
		ret = 1;
	else
		ret = git_failed(rc, &err, "fetching notes from", remote);
done:
	if (ret >= 0)
		gi_fetched_mark(r, remote);	/* for git issue-ready */
	gi_buf_release(&spec);
	gi_buf_release(&err);
	return ret;
}

/*
 * Sleep before attempt `attempt` (0-based) of a retry loop: up to
 * `base_ms` << attempt, capped at `cap_ms`, at random; never past the
 * deadline (gi_backoff()).
 */
static void backoff(const struct gi_sync_opts *opts, int attempt,
		    long base_ms, long cap_ms)
{
	struct gi_backoff b = { 0, base_ms * 1000, cap_ms * 1000,
				opts->deadline_ms };

	gi_backoff(&b, attempt);
}

/*
 * Union-merge `theirs` into the local ref, compare-and-swap, retrying when
 * a local writer moved the ref meanwhile. *changed tells whether it moved.
 */
static int merge_into_local(struct gi_repo *r, const git_oid *theirs,
			    const char *remote,
			    const struct gi_sync_opts *opts, int *changed,
			    int *retries)
{
	git_oid ours, merged;
	char msg[256], name[256];
	int attempt, err = 0;

	*changed = 0;
	snprintf(msg, sizeof(msg), "git issue-sync: merge notes from '%s'",
		 remote);
	snprintf(name, sizeof(name), "the notes of '%s'", remote);
	for (attempt = 0; attempt < 50; attempt++) {
		if (attempt) {
			(*retries)++;
			backoff(opts, attempt, 2, 200);
		}
		err = gi_store_tip(&ours, r, GI_NOTES_REF);
		if (err < 0 && err != GIT_ENOTFOUND)
			return -1;
		if (err == GIT_ENOTFOUND)
			git_oid_cpy(&merged, theirs);
		else if (gi_store_merge_from(&merged, r, &ours, theirs, msg,
					     name) < 0)
			return -1;
		if (!err && git_oid_equal(&merged, &ours))
			return 0;
		err = gi_store_cas(r, GI_NOTES_REF, &merged,
				   err == GIT_ENOTFOUND ? NULL : &ours, msg);
		if (!err) {
			*changed = 1;
			return 0;
		}
		if (err != GIT_EMODIFIED && err != GIT_ELOCKED)
			return -1;
	}
	if (err == GIT_ELOCKED)
		return gi_store_locked_error(r, GI_NOTES_REF);
	return gi_error("gave up merging notes from '%s' after %d tries: "
			"writers in this clone kept moving the local ref; "
			"nothing was lost: run 'git issue-sync' again", remote,
			attempt);
}

/* 0 pushed, 1 rejected (the remote moved), -1 failed (reported). */
static int push_src(struct gi_repo *r, const char *remote, const char *src,
		    const struct gi_sync_opts *opts)
{
	gi_buf out = GI_BUF_INIT, err = GI_BUF_INIT, spec = GI_BUF_INIT;
	/* --no-verify: this push must not run our own pre-push hook */
	const char *args[] = { "push", "--quiet", "--porcelain", "--no-verify",
			       remote, NULL, NULL };
	int rc, ret;

	gi_buf_addf(&spec, "%s:" GI_NOTES_REF, src);
	args[5] = spec.buf;

	rc = run_git(r, opts, args, &out, &err);
	if (rc == 0)
		ret = 0;
	else if (strstr(out.buf, "[rejected]") ||
		 strstr(out.buf, "[remote rejected]") ||
		 strstr(err.buf, "fetch first") ||
		 strstr(err.buf, "non-fast-forward"))
		ret = 1;
	else
		ret = git_failed(rc, &err, "pushing notes to", remote);
	gi_buf_release(&out);
	gi_buf_release(&err);
	gi_buf_release(&spec);
	return ret;
}

static int push(struct gi_repo *r, const char *remote,
		const struct gi_sync_opts *opts)
{
	return push_src(r, remote, GI_NOTES_REF, opts);
}

/* Has the remote (its notes `theirs` as just fetched, when have_theirs)
 * all that the local notes have? */
static int remote_has_all(struct gi_repo *r, int have_theirs,
			  const git_oid *theirs)
{
	git_oid ours;

	if (gi_store_tip(&ours, r, GI_NOTES_REF))
		return 1;	/* we have nothing */
	return have_theirs &&
	       (git_oid_equal(&ours, theirs) ||
		git_graph_descendant_of(r->repo, theirs, &ours) == 1);
}

int gi_sync_git(struct gi_repo *r, const char *remote,
		const struct gi_sync_opts *opts, struct gi_sync_git_report *g,
		int do_push)
{
	gi_buf track = GI_BUF_INIT;
	int attempt, rc, ret = -1, changed, pushes = 0, merge_retries = 0;
	git_oid theirs;

	tracking_ref(&track, remote);
	g->ran = 1;
	if (!g->remote)
		g->remote = gi_xstrdup(remote);
	for (attempt = 0; attempt < MAX_PUSHES; attempt++) {
		int have_theirs;

		/*
		 * Rejected: another clone pushed first. Many clones share one
		 * remote (the hub every team has); those that lost together
		 * must not come back together: wait at random, up to a bound
		 * that doubles (100 ms, 200 ms, ... 3.2 s), within the
		 * deadline.
		 */
		if (attempt)
			backoff(opts, attempt - 1, 100, 3200);

		/* a dry run touches nothing, not even the tracking ref: it
		 * compares with the remote as last fetched */
		rc = opts->dry_run ? 0 : fetch(r, remote, opts);
		if (rc < 0)
			goto done;
		have_theirs = rc == 0 &&
			      !gi_store_tip(&theirs, r, track.buf);
		if (have_theirs && !opts->dry_run) {
			if (merge_into_local(r, &theirs, remote, opts, &changed,
					     &merge_retries) < 0)
				goto done;
			if (changed)
				g->merged = 1;
		}
		if (!do_push) {
			ret = 0;
			goto done;
		}
		if (remote_has_all(r, have_theirs, &theirs)) {
			ret = 0;
			goto done;
		}
		if (opts->dry_run) {
			g->would_push = 1;
			ret = 0;
			goto done;
		}
		rc = push(r, remote, opts);
		pushes++;
		if (rc < 0)
			goto done;
		if (rc == 0) {
			g->pushed = 1;
			ret = 0;
			goto done;
		}
		/* rejected: someone pushed first; fetch, merge, try again */
	}
	gi_error("pushing notes to '%s' was rejected %d times: other clones "
		 "kept pushing first; nothing is lost (the local notes keep every "
		 "record): run 'git issue-sync' again", remote, pushes);
done:
	if (do_push) {
		g->push_tried = 1;
		g->push_attempts = pushes;
	}
	g->merge_retries += merge_retries;
	if (ret < 0)
		g->failed = 1;
	gi_buf_release(&track);
	return ret;
}


/* The steps one by one, for a decision by the remote (intent.c). */
int gi_git_fetch_notes(struct gi_repo *r, const char *remote,
		       const struct gi_sync_opts *opts)
{
	return fetch(r, remote, opts);
}

int gi_git_merge_notes(struct gi_repo *r, const git_oid *theirs,
		       const char *remote, int *changed)
{
	static const struct gi_sync_opts no_deadline;
	int retries = 0;

	return merge_into_local(r, theirs, remote, &no_deadline, changed,
				&retries);
}

int gi_git_push_notes(struct gi_repo *r, const char *remote, const char *src,
		      const struct gi_sync_opts *opts)
{
	return push_src(r, remote, src, opts);
}
