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

#include "gitissue/util/config.h"
#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
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
		    strcmp(rec->kind, GI_KIND_INTENT))
			continue;
		s = gi_json_str(rec->json, "subject");
		if (s && !strcmp(s, subject))
			best = rec;
	}
	if (!best) {
		gi_issue_release(&is);
		return GIT_ENOTFOUND;
	}
	clone = gi_config_get(r, "issue.cloneId");
	fill(out, best, clone);
	free(clone);
	gi_issue_release(&is);
	return 0;
}

/*
 * This clone's id (issue.cloneId, as claims use it), made when missing:
 * a crashed run must know its own intent when it runs again. Random, not
 * derived as git issue-worktree derives it: the sync lock keeps two runs
 * of this clone from making it at once.
 */
static char *our_clone(struct gi_repo *r)
{
	char *clone = gi_config_get(r, "issue.cloneId");
	char id[GI_RANDOM_HEXSZ + 1];

	if (clone)
		return clone;
	gi_random_hex(id);
	if (gi_config_set_local(r, "issue.cloneId", id) < 0)
		return NULL;
	return gi_xstrdup(id);
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
	char *clone = our_clone(r);

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

/* The intent commit on top of the local tip, in INTENT_REF. */
static int make_intent_commit(git_oid *out, struct gi_repo *r, long n,
			      const gi_buf *line)
{
	struct gi_lines lines = GI_LINES_INIT;
	struct gi_append_opts o = { 0 };
	git_reference *ref = NULL;
	git_oid tip;
	int err;

	if (!git_reference_lookup(&ref, r->repo, INTENT_REF)) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
	err = gi_store_tip(&tip, r, GI_NOTES_REF);
	if (err < 0 && err != GIT_ENOTFOUND)
		return -1;
	if (!err && gi_store_cas(r, INTENT_REF, &tip, NULL,
				 "git issue-sync: intent") < 0)
		return -1;
	gi_lines_add(&lines, line->buf, line->len);
	o.ref = INTENT_REF;
	o.message = "git issue-sync: intent";
	err = gi_store_append(r, n, &lines, &o);
	gi_lines_release(&lines);
	if (err < 0)
		return -1;
	return gi_store_tip(out, r, INTENT_REF);
}

static void drop_intent_ref(struct gi_repo *r)
{
	git_reference *ref = NULL;

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
	char id[GI_RECORD_ID_HEXSZ + 1], hex[GIT_OID_HEXSZ + 1], label[GI_ISSUE_NAME_MAX];
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
		git_oid_tostr(hex, sizeof(hex), &commit);
		rc = gi_git_push_notes(r, remote, hex, opts);
		if (rc < 0)
			goto done;
		if (rc == 1)
			continue;	/* someone pushed first: look again */
		/* the remote took it: now it is ours to keep */
		if (gi_git_merge_notes(r, &commit, remote, &changed) < 0)
			goto done;
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
