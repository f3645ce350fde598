/*
 * intent.c: a decision by the git remote (intent.h).
 *
 * Our intent is appended to a private ref (refs/issue-sync/intent) made at
 * the local notes tip, and that commit is pushed to the remote's notes ref
 * without force. Only when the remote took it is it merged into the local
 * ref: a losing intent never exists anywhere, so no clone ever has to
 * choose between two.
 */
#include "sync/intent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/core/clone-id.h"
#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/util/run.h"
#include "util/lockfile.h"
#include "gitissue/core/store.h"
#include "core/store-write.h"
#include "sync/git-remote.h"

#define INTENT_REF "refs/issue-sync/intent"

void gi_decision_release(struct gi_decision *d)
{
	free(d->id);
	free(d->time);
	free(d->clone);
	free(d->author);
	cJSON_Delete(d->extra);
	memset(d, 0, sizeof(*d));
}

static void fill(struct gi_decision *out, const struct gi_record *rec,
		 const char *our_clone)
{
	const char *clone = gi_json_str(rec->json, "clone");

	memset(out, 0, sizeof(*out));
	out->id = gi_xstrdup(rec->id);
	out->time = gi_xstrdup(rec->time);
	out->clone = gi_xstrdup_or_null(clone);
	out->author = gi_xstrdup_or_null(rec->author);
	out->extra = cJSON_Duplicate(rec->json, 1);
	out->ours = clone && our_clone && !strcmp(clone, our_clone);
}

int gi_intent_find(struct gi_decision *out, struct gi_repo *r, long n,
		   const char *subject)
{
	struct gi_issue is;
	const struct gi_record *best = NULL;
	char *clone;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (gi_issue_load(&is, r, NULL, n) < 0)
		return -1;
	/* records are in time order: the first live one is the oldest */
	for (i = 0; i < is.nr && !best; i++) {
		const struct gi_record *rec = &is.rec[i];
		const char *s;

		if (!rec->json || rec->superseded || !rec->kind ||
		    strcmp(rec->kind, GI_KIND_INTENT) ||
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec->json,
								  "done")))
			continue;	/* "done" ends an intent: no one's */
		s = gi_json_str(rec->json, "subject");
		if (s && !strcmp(s, subject))
			best = rec;
	}
	if (!best) {
		gi_issue_release(&is);
		return GIT_ENOTFOUND;
	}
	if (gi_clone_id(&clone, r, 0) < 0)
		clone = NULL;
	fill(out, best, clone);
	free(clone);
	gi_issue_release(&is);
	return 0;
}

/* Our intent as a record line, with its provenance. */
static void intent_line(gi_buf *line, char id[GI_RECORD_ID_HEXSZ + 1],
			struct gi_repo *r,
			const char *subject, const cJSON *extra,
			const char *supersedes)
{
	struct gi_provenance prov;
	struct gi_record_fields f;
	cJSON *x = extra ? cJSON_Duplicate(extra, 1) : cJSON_CreateObject();
	char *clone = NULL;

	/* made when missing: a crashed run must know its own intent when it
	 * runs again */
	if (gi_clone_id(&clone, r, 1) < 0)
		clone = NULL;
	gi_provenance_fill(&prov, r);
	gi_record_new_id(id);
	gi_json_set(x, "subject", cJSON_CreateString(subject));
	if (clone)
		gi_json_set(x, "clone", cJSON_CreateString(clone));
	memset(&f, 0, sizeof(f));
	f.id = id;
	f.kind = GI_KIND_INTENT;
	f.author = prov.author;
	f.commit = prov.commit;
	f.branch = prov.branch;
	f.worktree = prov.worktree;
	f.supersedes = supersedes;
	f.extra = x;
	gi_record_format(line, &f);
	cJSON_Delete(x);
	free(clone);
	gi_provenance_release(&prov);
}

static void drop_intent_ref(struct gi_repo *r);

/* The lines of `items` in a commit on top of the local tip, in
 * INTENT_REF: what is pushed, and kept only when the remote takes it. */
static int intent_commit(git_oid *out, struct gi_repo *r,
			 struct gi_store_item *items, size_t nr)
{
	struct gi_append_opts o = { 0 };
	git_oid tip;
	int err;

	drop_intent_ref(r);
	err = gi_store_tip(&tip, r, GI_NOTES_REF);
	if (err < 0 && err != GIT_ENOTFOUND)
		return -1;
	if (!err)
		err = gi_store_cas(r, INTENT_REF, &tip, NULL,
				   "git issue-sync: intent");
	/* gi_store_cas says only what its callers cannot retry */
	if (err == GIT_ELOCKED)
		return gi_store_locked_error(r, INTENT_REF);
	if (err == GIT_EMODIFIED)
		return gi_error("unable to update '%s': another writer made "
				"it first", INTENT_REF);
	if (err < 0 && err != GIT_ENOTFOUND)
		return -1;
	o.ref = INTENT_REF;
	o.message = "git issue-sync: intent";
	if (gi_store_append_many(r, items, nr, &o) < 0)
		return -1;
	return gi_store_tip(out, r, INTENT_REF);
}

/* The intent commit of one line for issue n. */
static int make_intent_commit(git_oid *out, struct gi_repo *r, long n,
			      const gi_buf *line)
{
	struct gi_lines lines = GI_LINES_INIT;
	struct gi_store_item item = { 0 };
	int err;

	gi_lines_add(&lines, line->buf, line->len);
	item.issue = n;
	item.lines = &lines;
	err = intent_commit(out, r, &item, 1);
	gi_lines_release(&lines);
	return err;
}

/*
 * Push the intent commit without force: 1 rejected (someone pushed
 * first), 0 taken and merged into the local ref (ours to keep), -1.
 */
static int push_intent(struct gi_repo *r, const char *remote,
		       const git_oid *commit, const struct gi_sync_opts *opts)
{
	char hex[GIT_OID_HEXSZ + 1];
	int rc, changed;

	git_oid_tostr(hex, sizeof(hex), commit);
	rc = gi_git_push_notes(r, remote, hex, opts);
	if (rc)
		return rc;
	return gi_git_merge_notes(r, commit, remote, &changed) < 0 ? -1 : 0;
}

/*
 * INTENT_REF is written by the sync alone, under its lock (sync-cache.h):
 * a lock file found on it is a killed sync's, and is taken over. Left,
 * it failed every later sync that needed an intent, without a word.
 */
static void drop_intent_ref(struct gi_repo *r)
{
	git_reference *ref = NULL;
	gi_buf lock = GI_BUF_INIT;

	gi_buf_addf(&lock, "%s/" INTENT_REF GI_LOCK_SUFFIX, r->commondir);
	if (!unlink(lock.buf))
		gi_warning("removed '%s': a killed sync left it", lock.buf);
	gi_buf_release(&lock);
	if (!git_reference_lookup(&ref, r->repo, INTENT_REF)) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
	git_error_clear();
}

int gi_intent_decide(struct gi_decision *out, struct gi_repo *r,
		     const char *remote, long n, const char *subject,
		     const cJSON *extra, const char *supersedes,
		     const struct gi_sync_opts *opts)
{
	gi_buf track = GI_BUF_INIT, line = GI_BUF_INIT;
	char id[GI_RECORD_ID_HEXSZ + 1], label[GI_ISSUE_NAME_MAX];
	int attempt, rc, changed, ret = -1;
	git_oid theirs, commit;

	memset(out, 0, sizeof(*out));
	if (!remote) {
		out->ours = 1;	/* nobody can race us through git */
		return 0;
	}
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", remote);
	for (attempt = 0; attempt < 5; attempt++) {
		rc = gi_git_fetch_notes(r, remote, opts);
		if (rc < 0)
			goto done;
		if (!rc && !gi_store_tip(&theirs, r, track.buf) &&
		    gi_git_merge_notes(r, &theirs, remote, &changed) < 0)
			goto done;
		rc = gi_intent_find(out, r, n, subject);
		if (!rc && supersedes && !strcmp(out->id, supersedes)) {
			/* the stale one we take over is no one's now */
			gi_decision_release(out);
			rc = GIT_ENOTFOUND;
		}
		if (rc != GIT_ENOTFOUND) {
			ret = rc < 0 ? -1 : 0;
			goto done;
		}
		gi_buf_reset(&line);
		intent_line(&line, id, r, subject, extra, supersedes);
		if (make_intent_commit(&commit, r, n, &line) < 0)
			goto done;
		rc = push_intent(r, remote, &commit, opts);
		if (rc < 0)
			goto done;
		if (rc == 1)
			continue;	/* someone pushed first: look again */
		/* the remote took it: now it is ours to keep */
		rc = gi_intent_find(out, r, n, subject);
		if (rc < 0)
			goto done;
		if (rc == GIT_ENOTFOUND || strcmp(out->id, id)) {
			/* cannot be: the remote had no live intent but ours */
			gi_decision_release(out);
			gi_error("the intent for %s vanished after the push",
				 gi_issue_label(n, label));
			goto done;
		}
		out->ours = 1;
		out->made = 1;
		ret = 0;
		goto done;
	}
	gi_error("deciding %s through '%s': the remote kept moving; run "
		 "'git issue-sync' again", gi_issue_label(n, label), remote);
done:
	drop_intent_ref(r);
	gi_buf_release(&track);
	gi_buf_release(&line);
	return ret;
}

/* --- many issues, one push ------------------------------------------- */

/*
 * How long another clone's intent `d` has been live, in seconds, on our
 * clock: since we first saw it, as kept in `seen` (id -> epoch), so that
 * no clock of another machine counts; without `seen`, by its own time.
 */
static long age_of_theirs(const struct gi_decision *d, cJSON *seen)
{
	const cJSON *first;
	time_t now = time(NULL);

	if (!seen)
		return gi_age_seconds(d->time, now);
	first = cJSON_GetObjectItemCaseSensitive(seen, d->id);
	if (!cJSON_IsNumber(first) || first->valuedouble > (double)now) {
		gi_json_set(seen, d->id, cJSON_CreateNumber((double)now));
		return 0;
	}
	return (long)(now - (time_t)first->valuedouble);
}

/* Forget the sightings of intents a day old: they ended long since. */
static void forget_old_sightings(cJSON *seen)
{
	cJSON *it = seen ? seen->child : NULL, *next;
	double now = (double)time(NULL);

	for (; it; it = next) {
		next = it->next;
		if (!cJSON_IsNumber(it) || now - it->valuedouble > 86400)
			cJSON_Delete(cJSON_DetachItemViaPointer(seen, it));
	}
}

/*
 * What the local notes (just merged with the remote's) say of each ask:
 * theirs (another clone's live intent, not stale), ours (our own live
 * intent, young enough to use), or one to write (*stale_of: the id of
 * the intent it takes over, or NULL). @return how many to write, or -1.
 */
static long look_all(struct gi_intent_ask *asks, size_t nr, char **stale_of,
		     int *need, struct gi_repo *r, const char *subject,
		     long stale_s, cJSON *seen)
{
	size_t i;
	long nneed = 0, age;
	int rc;

	for (i = 0; i < nr; i++) {
		struct gi_decision *d = &asks[i].d;

		gi_decision_release(d);
		free(stale_of[i]);
		stale_of[i] = NULL;
		need[i] = 0;
		rc = gi_intent_find(d, r, asks[i].issue, subject);
		if (rc < 0 && rc != GIT_ENOTFOUND)
			return -1;
		age = rc ? 0 : d->ours ? gi_age_seconds(d->time, time(NULL)) :
			age_of_theirs(d, seen);
		/* ours with half its lease left is used; older, renewed */
		if (!rc && (d->ours ? age < stale_s / 2 : age < stale_s)) {
			asks[i].until_ms = gi_now_ms() +
				(stale_s - age) * 1000;
			continue;
		}
		if (!rc)
			stale_of[i] = gi_xstrdup(d->id);
		gi_decision_release(d);
		need[i] = 1;
		nneed++;
	}
	return nneed;
}

/* Our intents for the asks that need one, in one commit on INTENT_REF
 * at the local tip. */
static int make_intents(git_oid *out, struct gi_intent_ask *asks, size_t nr,
			char **stale_of, const int *need, struct gi_repo *r,
			const char *subject)
{
	struct gi_store_item *items = gi_xcalloc(nr + 1, sizeof(*items));
	struct gi_lines *lines = gi_xcalloc(nr + 1, sizeof(*lines));
	gi_buf line = GI_BUF_INIT;
	size_t i, k = 0;
	char id[GI_RECORD_ID_HEXSZ + 1];
	int err;

	for (i = 0; i < nr; i++) {
		if (!need[i])
			continue;
		gi_buf_reset(&line);
		intent_line(&line, id, r, subject, NULL, stale_of[i]);
		gi_lines_init(&lines[k]);
		gi_lines_add(&lines[k], line.buf, line.len);
		items[k].issue = asks[i].issue;
		items[k].lines = &lines[k];
		k++;
	}
	err = intent_commit(out, r, items, k);
	for (i = 0; i < k; i++)
		gi_lines_release(&lines[i]);
	free(lines);
	free(items);
	gi_buf_release(&line);
	return err;
}

int gi_intent_decide_many(struct gi_intent_ask *asks, size_t nr,
			  struct gi_repo *r, const char *remote,
			  const char *subject, long stale_s, int fetched,
			  cJSON *seen, const struct gi_sync_opts *opts)
{
	gi_buf track = GI_BUF_INIT;
	char **stale_of = gi_xcalloc(nr + 1, sizeof(*stale_of));
	int *need = gi_xcalloc(nr + 1, sizeof(*need));
	int attempt, rc, changed, ret = -1;
	long nneed;
	git_oid theirs, commit;
	size_t i;

	for (i = 0; i < nr; i++)
		memset(&asks[i].d, 0, sizeof(asks[i].d));
	forget_old_sightings(seen);
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues",
		    remote ? remote : "");
	for (attempt = 0; remote && attempt < 5; attempt++) {
		if (attempt || !fetched) {
			rc = gi_git_fetch_notes(r, remote, opts);
			if (rc < 0)
				goto done;
			if (!rc && !gi_store_tip(&theirs, r, track.buf) &&
			    gi_git_merge_notes(r, &theirs, remote,
					       &changed) < 0)
				goto done;
		}
		nneed = look_all(asks, nr, stale_of, need, r, subject,
				 stale_s, seen);
		if (nneed < 0)
			goto done;
		if (!nneed) {
			ret = 0;
			goto done;
		}
		if (make_intents(&commit, asks, nr, stale_of, need, r,
				 subject) < 0)
			goto done;
		rc = push_intent(r, remote, &commit, opts);
		if (rc < 0)
			goto done;
		if (rc == 1)
			continue;	/* someone pushed first: look again */
		/* the remote took them: ours now, here too */
		nneed = look_all(asks, nr, stale_of, need, r, subject,
				 stale_s, seen);
		if (nneed == 0)
			ret = 0;
		else if (nneed > 0)
			gi_error("our intents to post vanished after the push");
		goto done;
	}
	if (!remote) {
		/* nobody can race us through git */
		for (i = 0; i < nr; i++) {
			asks[i].d.ours = 1;
			asks[i].until_ms = 0;
		}
		ret = 0;
	} else {
		gi_error("deciding who posts through '%s': the remote kept "
			 "moving; run 'git issue-sync' again", remote);
	}
done:
	drop_intent_ref(r);
	for (i = 0; i < nr; i++)
		free(stale_of[i]);
	free(stale_of);
	free(need);
	gi_buf_release(&track);
	return ret;
}

int gi_intent_done_many(struct gi_repo *r, const struct gi_intent_ask *asks,
			size_t nr, const char *subject)
{
	struct gi_store_item *items = gi_xcalloc(nr + 1, sizeof(*items));
	struct gi_lines *lines = gi_xcalloc(nr + 1, sizeof(*lines));
	struct gi_append_opts o = { 0 };
	cJSON *done = cJSON_CreateObject();
	gi_buf line = GI_BUF_INIT;
	size_t i, k = 0;
	char id[GI_RECORD_ID_HEXSZ + 1];
	int ret = 0;

	cJSON_AddTrueToObject(done, "done");
	for (i = 0; i < nr; i++) {
		if (!asks[i].done || !asks[i].d.ours || !asks[i].d.id)
			continue;
		gi_buf_reset(&line);
		intent_line(&line, id, r, subject, done, asks[i].d.id);
		gi_lines_init(&lines[k]);
		gi_lines_add(&lines[k], line.buf, line.len);
		items[k].issue = asks[i].issue;
		items[k].lines = &lines[k];
		k++;
	}
	o.message = "git issue-sync: done";
	if (k && gi_store_append_many(r, items, k, &o) < 0)
		ret = -1;
	for (i = 0; i < k; i++)
		gi_lines_release(&lines[i]);
	free(lines);
	free(items);
	cJSON_Delete(done);
	gi_buf_release(&line);
	return ret;
}
