/*
 * mirror.c: records to GitHub comments, and the whole mirror step of a
 * sync (mirror.h): comments read first (comments.c), then each issue's
 * records that GitHub lacks posted as one comment.
 *
 * The cache (sync state, "github" -> "<owner>/<repo>") holds:
 *   mirrored.<n>   the note blob of issue n whose records are all on GitHub
 *   pages.<url>    per comment page: etag, the marker ids on it, next link
 *   known.<n>      issues imported once in full; later only changes
 *   comments_since / issues_since, and per list the etag and next link
 *   of each page (a 304 still leads on to the next page; pages.c)
 * All of it can be deleted: markers on GitHub are the truth for outbound,
 * and inbound lines are deterministic, so re-importing changes nothing.
 */
#include "sync/mirror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/note-flags.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "gitissue/core/store.h"
#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/util/utf8.h"
#include "gitissue/sync/create.h"
#include "gitissue/util/run.h"
#include "sync/comments.h"
#include "sync/import.h"
#include "sync/intent.h"

/* GitHub refuses comment bodies over 65536 characters. */
#define MAX_BODY 60000

/* --- rendering -------------------------------------------------------- */

static void md_escape_inline(gi_buf *out, const char *s)
{
	/* text stays as written (it is Markdown already for most agents);
	 * only our marker syntax is neutralized so a note cannot forge one */
	const char *p;

	while ((p = strstr(s, "<!--"))) {
		gi_buf_add(out, s, (size_t)(p - s));
		gi_buf_adds(out, "&lt;!--");
		s = p + 4;
	}
	gi_buf_adds(out, s);
}

static void render_one(gi_buf *out, const struct gi_record *rec)
{
	char when[32];
	size_t start = out->len;
	const char *title = !strcmp(rec->kind, GI_KIND_LESSON) ? "Lesson" :
		!strcmp(rec->kind, GI_KIND_RETRACT) ? "Retraction" :
		!strcmp(rec->kind, GI_KIND_EDIT) ? "Edit" : "Note";

	gi_short_time(when, sizeof(when), rec->time);
	gi_buf_addf(out, "**%s** · ", title);
	/* the name only: an email address is not ours to publish */
	if (rec->author) {
		const char *lt = strstr(rec->author, " <");
		char *name = gi_xstrndup(rec->author, lt ?
			(size_t)(lt - rec->author) : strlen(rec->author));

		md_escape_inline(out, name);
		free(name);
	} else {
		gi_buf_adds(out, "unknown");
	}
	gi_buf_addf(out, " · %s UTC", when);
	if (rec->branch) {
		gi_buf_adds(out, " · `");
		md_escape_inline(out, rec->branch);
		gi_buf_addch(out, '`');
	}
	gi_buf_adds(out, "\n\n");
	/* ids are checked where records are read (gi_record_parse), but
	 * what goes into a comment is escaped all the same */
	if (rec->supersedes) {
		gi_buf_addf(out, "_%s record `",
			    strcmp(rec->kind, GI_KIND_RETRACT) ?
			    "Replaces" : "Withdraws");
		md_escape_inline(out, rec->supersedes);
		gi_buf_adds(out, "`._\n\n");
	}
	if (!strcmp(rec->kind, GI_KIND_EDIT)) {
		gi_buf what = GI_BUF_INIT;

		gi_edit_describe(&what, rec);
		gi_buf_adds(out, "_");
		md_escape_inline(out, what.buf);
		gi_buf_adds(out, "_\n\n");
		gi_buf_release(&what);
	}
	if (rec->tried) {
		gi_buf_adds(out, "- **Tried:** ");
		md_escape_inline(out, rec->tried);
		gi_buf_addch(out, '\n');
	}
	if (rec->failed) {
		gi_buf_adds(out, "- **Failed because:** ");
		md_escape_inline(out, rec->failed);
		gi_buf_addch(out, '\n');
	}
	if (rec->solution) {
		gi_buf_adds(out, "- **Solution:** ");
		md_escape_inline(out, rec->solution);
		gi_buf_addch(out, '\n');
	}
	if ((rec->tried || rec->failed || rec->solution) && rec->text)
		gi_buf_addch(out, '\n');
	if (rec->text) {
		md_escape_inline(out, rec->text);
		gi_buf_addch(out, '\n');
	}
	/* one record larger than a comment may be: cut it, say so, keep the
	 * marker, so that it cannot block the records after it */
	if (out->len - start > MAX_BODY - 200) {
		gi_buf_setlen(out, start + gi_utf8_cut_bytes(out->buf + start,
							     out->len - start,
							     MAX_BODY - 400));
		gi_buf_adds(out, "\n\n_(cut at GitHub's size limit: the whole "
			    "record is in git notes, `git issue-show`)_\n");
	}
	gi_buf_addf(out, "\n" GI_MARKER_ID_OPEN "%s" GI_MARKER_ID_CLOSE "\n",
		    rec->id);
}

void gi_mirror_render(gi_buf *out, const struct gi_record *const *recs,
		      size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (i)
			gi_buf_adds(out, "\n---\n\n");
		render_one(out, recs[i]);
	}
}

/* --- outbound --------------------------------------------------------- */

static void set_mirrored(cJSON *ts, long n, const git_oid *blob)
{
	char key[24], hex[GIT_OID_HEXSZ + 1];

	snprintf(key, sizeof(key), "%ld", n);
	git_oid_tostr(hex, sizeof(hex), blob);
	gi_json_set(gi_json_child(ts, "mirrored"), key, cJSON_CreateString(hex));
}

static void add_posted(struct gi_sync_posted *p, const char *id)
{
	GI_ALLOC_GROW(p->ids, p->nr + 1, p->alloc);
	p->ids[p->nr++] = gi_xstrdup(id);
}

/*
 * Is our lease on issue n (until `until_ms`, 0: none) too near its end for
 * a POST, which may take the whole request timeout? Then it is said: a
 * POST still in flight when another clone takes the issue over could
 * land after that clone read the markers.
 */
static int lease_over(const struct gi_github *gh, long until_ms, long n)
{
	if (!until_ms || gi_now_ms() + gh->timeout_ms < until_ms)
		return 0;
	gi_error("posting to issue #%ld: our turn to post ran out (other "
		 "clones may post now); the next sync goes on", n);
	return 1;
}

/*
 * POST one comment; on a lost answer, check the markers before retrying.
 * Never past `until_ms` (0: no end), the end of our lease on the issue:
 * after it another clone may take the issue over.
 */
static int post_records(struct gi_github *gh, cJSON *ts, long n,
			const struct gi_record **recs, size_t nr,
			struct gi_import_batch *im,
			struct gi_sync_posted *posted, long until_ms)
{
	gi_buf body = GI_BUF_INIT, path = GI_BUF_INIT;
	cJSON *req;
	char *json;
	int attempt, ret = -1;
	size_t i;

	gi_mirror_render(&body, recs, nr);
	req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "body", body.buf);
	json = cJSON_PrintUnformatted(req);
	gi_buf_addf(&path, "/repos/%s/%s/issues/%ld/comments",
		    gh->target->owner, gh->target->repo, n);
	for (attempt = 0; attempt < 3; attempt++) {
		struct gi_response resp = { 0 };
		struct gi_lines markers = GI_LINES_INIT;
		int err;
		char msg[512];

		if (lease_over(gh, until_ms, n))
			break;
		err = gi_github_send(gh, "POST", path.buf, json, &resp);

		if (!err && resp.status == 201) {
			gi_response_release(&resp);
			ret = 0;
			break;
		}
		if (err == GI_ERATELIMIT || (!err && resp.status < 500)) {
			if (!err)
				gi_error("posting to issue #%ld: %s", n,
					 gi_github_message(gh, &resp, msg,
							   sizeof(msg)));
			gi_response_release(&resp);
			ret = err == GI_ERATELIMIT ? GI_ERATELIMIT : -1;
			break;
		}
		/* no answer, or a 5xx: the comment may exist. Look first. */
		if (err)
			gi_warning("posting to issue #%ld: %s", n, gh->errbuf);
		else
			gi_warning("posting to issue #%ld: HTTP %ld", n,
				   resp.status);
		gi_response_release(&resp);
		if (gi_comments_read(gh, ts, n, &markers, im, 1) < 0) {
			gi_lines_release(&markers);
			break;
		}
		for (i = 0; i < nr; i++)
			if (!gi_lines_has(&markers, recs[i]->id,
					  strlen(recs[i]->id)))
				break;
		gi_lines_release(&markers);
		if (i == nr) {
			ret = 0;	/* it did land */
			break;
		}
		if (attempt < 2)
			gi_warning("the comment is not on issue #%ld; trying "
				   "again", n);
		else
			gi_error("the comment is not on issue #%ld after %d "
				 "tries; giving up for now", n, attempt + 1);
	}
	if (!ret)
		for (i = 0; i < nr; i++)
			add_posted(posted, recs[i]->id);
	cJSON_free(json);
	cJSON_Delete(req);
	gi_buf_release(&body);
	gi_buf_release(&path);
	return ret;
}

/*
 * What issue e still needs on GitHub, into *todo (the caller frees it and
 * releases `cur`): its records less those the cache has as mirrored and
 * those whose markers are on GitHub, read now. None, and the cache says
 * the note is mirrored. @return how many, or a negative error.
 */
static long todo_of(struct gi_issue *cur, const struct gi_record ***todo,
		    struct gi_repo *r, struct gi_github *gh, cJSON *ts,
		    const struct gi_issue_entry *e,
		    const struct gi_sync_opts *opts, struct gi_import_batch *im)
{
	struct gi_lines mirrored = GI_LINES_INIT, markers = GI_LINES_INIT;
	int have_mirrored, rc;
	long n;

	*todo = NULL;
	if (gi_issue_load_blob(cur, r, &e->note, e->issue) < 0) {
		memset(cur, 0, sizeof(*cur));
		return -1;
	}
	have_mirrored = !gi_pending_read_mirrored(&mirrored, r, ts, e->issue);
	n = (long)gi_pending_records(cur, have_mirrored ? &mirrored : NULL,
				     NULL, NULL);
	if (n) {
		rc = gi_comments_read(gh, ts, e->issue, &markers, im, 0);
		if (rc == 1) {
			gi_warning("issue #%ld is not on GitHub; its records "
				   "stay local", e->issue);
			n = 0;
			goto done;
		}
		if (rc < 0) {
			n = rc;
			goto done;
		}
		*todo = gi_xcalloc(cur->nr + 1, sizeof(**todo));
		n = (long)gi_pending_records(cur, have_mirrored ? &mirrored :
					     NULL, &markers, *todo);
	}
	if (!n && !opts->dry_run)
		set_mirrored(ts, e->issue, &e->note);
done:
	gi_lines_release(&markers);
	gi_lines_release(&mirrored);
	return n;
}

static int mirror_issue(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
			const struct gi_issue_entry *e,
			const struct gi_sync_opts *opts,
			struct gi_import_batch *im,
			struct gi_sync_github_report *out, long until_ms)
{
	struct gi_issue cur;
	const struct gi_record **todo;
	long n = todo_of(&cur, &todo, r, gh, ts, e, opts, im);
	struct gi_sync_posted *posted;
	size_t i, start;
	int ret = 0;

	if (n <= 0) {
		free(todo);
		gi_issue_release(&cur);
		return n < 0 ? (int)n : 0;
	}
	/* in the report even when posting fails: what did go up is said */
	GI_ALLOC_GROW(out->issues, out->nissues + 1, out->aissues);
	posted = &out->issues[out->nissues++];
	memset(posted, 0, sizeof(*posted));
	posted->issue = e->issue;
	/* one comment per issue per sync, split only past the size limit */
	for (start = 0; start < (size_t)n && !ret;) {
		gi_buf body = GI_BUF_INIT;
		size_t count = 0;

		for (i = start; i < (size_t)n; i++) {
			size_t before = body.len;

			render_one(&body, todo[i]);
			if (count && body.len + 8 > MAX_BODY) {
				gi_buf_setlen(&body, before);
				break;
			}
			count++;
		}
		gi_buf_release(&body);
		if (opts->dry_run) {
			for (i = start; i < start + count; i++)
				add_posted(posted, todo[i]->id);
		} else {
			ret = post_records(gh, ts, e->issue, todo + start,
					   count, im, posted, until_ms);
		}
		start += count;
	}
	if (!ret && !opts->dry_run)
		set_mirrored(ts, e->issue, &e->note);
	free(todo);
	gi_issue_release(&cur);
	return ret;
}

/* How many records issue e lacks on GitHub, markers read (todo_of). */
static long wanted_now(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
		       const struct gi_issue_entry *e,
		       const struct gi_sync_opts *opts,
		       struct gi_import_batch *im)
{
	struct gi_issue cur;
	const struct gi_record **todo;
	long n = todo_of(&cur, &todo, r, gh, ts, e, opts, im);

	free(todo);
	gi_issue_release(&cur);
	return n;
}

/* Another clone posts issue n's records: said, and in the report. */
static void wait_for(struct gi_sync_github_report *rep, long n, long count,
		     const struct gi_decision *d)
{
	struct gi_sync_post_wait *w;

	fprintf(stderr, "issue #%ld: %ld record%s wait%s for %s in clone %s, "
		"posting them since %s\n", n, count, count == 1 ? "" : "s",
		count == 1 ? "s" : "", d->author ? d->author : "another clone",
		d->clone ? d->clone : "?", d->time ? d->time : "?");
	GI_ALLOC_GROW(rep->waiting_to_post, rep->nwaiting_to_post + 1,
		      rep->awaiting_to_post);
	w = &rep->waiting_to_post[rep->nwaiting_to_post++];
	w->issue = n;
	w->records = count;
	w->clone = gi_xstrdup_or_null(d->clone);
	w->author = gi_xstrdup_or_null(d->author);
	w->since = gi_xstrdup_or_null(d->time);
}

/*
 * The records that go up. Which clone posts an issue's records is decided
 * through the git remote, as issue creation is (intent.h). An issue that
 * lacks records on GitHub after a look at its markers gets an intent
 * "post", all such issues in one push without force; the clone whose
 * intent the remote took reads the markers again (the look before the
 * intent proves nothing: another clone may have posted since) and posts,
 * then ends its intent with a "done" record that the sync's last push
 * carries. An issue with another clone's live intent waits: its records
 * are that clone's to post now, or ours at the next sync. An intent is a
 * lease (GI_INTENT_STALE_S): a clone that died holding one is taken over
 * after it, markers read first as always. @return -1 (part failed), or
 * how many issues wait for another clone.
 */
static int outbound(struct gi_repo *r, struct gi_github *gh, cJSON *ts,
		    const struct gi_issue_list *list,
		    const struct gi_sync_opts *opts,
		    struct gi_import_batch *im,
		    struct gi_sync_github_report *out, int *stop)
{
	struct gi_intent_ask *asks = gi_xcalloc(list->nr + 1, sizeof(*asks));
	const struct gi_issue_entry **ent = gi_xcalloc(list->nr + 1,
						       sizeof(*ent));
	long *count = gi_xcalloc(list->nr + 1, sizeof(*count));
	size_t i, nask = 0;
	int ret = 0, waited = 0, err;

	for (i = 0; i < list->nr && !*stop; i++) {
		const struct gi_issue_entry *e = &list->v[i];
		long n;

		if (!e->issue)
			continue;
		/* the markers first: an issue whose records are all on
		 * GitHub (a new clone, a deleted cache) needs no intent */
		n = opts->dry_run ? 0 : wanted_now(r, gh, ts, e, opts, im);
		if (n > 0) {
			asks[nask].issue = e->issue;
			count[nask] = n;
			ent[nask++] = e;
			continue;
		}
		err = n < 0 ? (int)n : !opts->dry_run ? 0 :
			mirror_issue(r, gh, ts, e, opts, im, out, 0);
		if (gi_github_stops(err))
			*stop = 1;
		if (err < 0)
			ret = -1;
	}
	if (nask && !*stop &&
	    gi_intent_decide_many(asks, nask, r, opts->remote, "post",
				  GI_INTENT_STALE_S, 1,
				  gi_json_child(ts, "intents_seen"), opts) < 0) {
		ret = -1;	/* nobody may post what the remote did not
				 * give us */
		nask = 0;
	}
	for (i = 0; i < nask && !*stop; i++) {
		if (!asks[i].d.ours) {
			wait_for(out, asks[i].issue, count[i], &asks[i].d);
			waited++;
			continue;
		}
		err = mirror_issue(r, gh, ts, ent[i], opts, im, out,
				   asks[i].until_ms);
		if (gi_github_stops(err))
			*stop = 1;
		if (err < 0)
			ret = -1;
		else
			asks[i].done = 1;
	}
	if (nask && gi_intent_done_many(r, asks, nask, "post") < 0)
		ret = -1;
	for (i = 0; i < nask; i++)
		gi_decision_release(&asks[i].d);
	free(asks);
	free(ent);
	free(count);
	return ret < 0 ? -1 : waited;
}

/*
 * Which account's markers to believe: the token's (GET /user, cached per
 * token in the state). Markers cached by a run that trusted another
 * account, or by a version that believed anyone's, are dropped with the
 * blobs recorded as mirrored by them: the comments are read again.
 */
static int trust_markers_of(struct gi_github *gh, struct gi_sync_state *st,
			    cJSON *ts)
{
	const char *login;
	const char *was = gi_json_str(ts, "markers_of");

	if (gi_github_user_cached(gh, gi_json_child(st->doc, "users"),
				  &login) < 0)
		return gi_error("cannot tell our comments from others' without "
				"the token's account; nothing mirrored");
	if (!was || strcasecmp(was, login)) {
		cJSON_DeleteItemFromObjectCaseSensitive(ts, "pages");
		cJSON_DeleteItemFromObjectCaseSensitive(ts, "mirrored");
		gi_json_set(ts, "markers_of", cJSON_CreateString(login));
	}
	return 0;
}

int gi_mirror_run(struct gi_repo *r, struct gi_github *gh,
		  struct gi_sync_state *st, const struct gi_sync_opts *opts,
		  struct gi_sync_github_report *report)
{
	struct gi_issue_list list;
	struct gi_import_batch im = { 0 };
	cJSON *ts = gi_pending_target_state(st, gh->target);
	cJSON *known = gi_json_child(ts, "known");
	int ret = 0, err, stop = 0, waited;
	size_t i, imported_inbound;

	report->mirror_ran = 1;
	if (trust_markers_of(gh, st, ts) < 0)
		return -1;
	if (gi_store_list(&list, r, NULL) < 0)
		return -1;
	gi_plan_keep_tracked(&list, r);

	/* inbound first: what others wrote on GitHub is memory too */
	for (i = 0; i < list.nr && !stop; i++) {
		char key[24];

		if (!list.v[i].issue)
			continue;
		snprintf(key, sizeof(key), "%ld", list.v[i].issue);
		if (cJSON_GetObjectItemCaseSensitive(known, key))
			continue;
		err = gi_comments_new_issue(r, gh, ts, list.v[i].issue, &im);
		if (gi_github_stops(err))
			stop = 1;
		if (err < 0)
			ret = -1;
		else if (!opts->dry_run)
			gi_json_set(known, key, cJSON_CreateTrue());
	}
	/* a list that cannot be read (reported) does not keep the records
	 * from going up; only a rate limit or a dead server stops all */
	if (!stop) {
		err = gi_comments_inbound(r, gh, ts, &list, &im);
		if (gi_github_stops(err))
			stop = 1;
		if (err < 0)
			ret = -1;
	}
	if (gi_import_batch_write_each(&im, r, opts->dry_run) < 0)
		ret = -1;
	imported_inbound = im.added;

	/* outbound, issue by issue: the note blobs may have changed */
	gi_issue_list_release(&list);
	if (gi_store_list(&list, r, NULL) < 0)
		return -1;
	gi_plan_keep_tracked(&list, r);
	waited = outbound(r, gh, ts, &list, opts, &im, report, &stop);
	if (waited < 0)
		ret = -1;
	/* in a dry run nothing was written, so the outbound pass saw again
	 * what the inbound pass counted: count it once */
	if (opts->dry_run)
		im.added = imported_inbound;
	if (gi_import_batch_write_each(&im, r, opts->dry_run) < 0)
		ret = -1;
	if (opts->dry_run)
		im.added = imported_inbound;
	report->imported_counted = 1;
	report->imported = (long)im.added;
	gi_issue_list_release(&list);
	return ret < 0 ? -1 : waited > 0;
}
