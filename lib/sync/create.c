/*
 * create.c: creating provisional issues on GitHub, never twice
 * (create.h): one now, for `git issue-new`, or every one that has a title
 * and no number yet, in a sync, decided by the git remote when other
 * clones have it (intent.h); and the records of a created provisional
 * issue settled under its number.
 */
#define _GNU_SOURCE
#include "gitissue/sync/create.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gitissue/core/plan.h"
#include "gitissue/core/store.h"
#include "gitissue/sync/github-issues.h"
#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "sync/edits.h"
#include "sync/github.h"
#include "sync/import.h"
#include "sync/intent.h"
#include "sync/links.h"
#include "sync/target.h"

/* What the steps of a sync's creating share. */
struct run {
	struct gi_repo *r;
	struct gi_github *gh;
	const struct gi_sync_opts *opts;
	struct gi_sync_plan_report *rep;
	int stop;
};

/* --- creating a provisional issue ------------------------------------- */

static void marker_of(gi_buf *out, long n)
{
	char name[GI_ISSUE_NAME_MAX];

	gi_buf_addf(out, GI_MARKER_NEW_OPEN "%s" GI_MARKER_NEW_CLOSE,
		    gi_issue_name(n, name) + strlen(GI_PROVISIONAL_PREFIX));
}

/*
 * GitHub's since= for a record written at `t` (NULL: now), with a day to
 * spare: in the server's time. The record's age is measured on our clock
 * (which wrote it, or another clone's within the day to spare) and taken
 * from the server's now: a clock far ahead of GitHub's made a `since` in
 * the server's future, the search found nothing, and the issue was
 * created twice.
 */
static void since_for(char *out, size_t size, struct gi_github *gh,
		      const char *t)
{
	long age = t ? gi_age_seconds(t, time(NULL)) : 0;
	time_t e;
	struct tm tm;

	if (age < 0)
		age = 0;	/* written "in the future": a clock ahead */
	e = (time_t)(gi_github_server_now(gh) - age - 24 * 3600);
	gmtime_r(&e, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Look for provisional issue n among the issues `login` created on
 * GitHub since `since`: its marker in the body, the author `login`.
 * @return 0 with *found (the issue object, the caller frees) or NULL,
 * or a negative error (reported).
 */
static int find_created(struct gi_github *gh, long n, const char *login,
			const char *since, cJSON **found)
{
	gi_buf url = GI_BUF_INIT, marker = GI_BUF_INIT;
	char from[32];
	char *next;
	int ret = 0, pages = 0;

	*found = NULL;
	/* a login comes from another clone's intent too: only a login */
	if (!*login || strspn(login, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
	    strlen(login))
		return gi_error("not a GitHub login: '%s'", login);
	marker_of(&marker, n);
	since_for(from, sizeof(from), gh, since);
	gi_buf_addf(&url, "/repos/%s/%s/issues?creator=%s&state=all&"
		    "sort=created&direction=desc&since=%s&per_page=100",
		    gh->target->owner, gh->target->repo, login, from);
	next = gi_buf_detach(&url, NULL);
	while (next && !*found && pages++ < 100) {
		struct gi_response resp = { 0 };
		cJSON *doc = NULL;
		const cJSON *it;
		char msg[512];
		int err = gi_github_get(gh, next, NULL, &resp);

		free(next);
		next = NULL;
		if (err < 0) {
			ret = err;
		} else if (resp.status != 200) {
			ret = gi_error("looking for a created issue: %s",
				       gi_github_message(gh, &resp, msg,
							 sizeof(msg)));
		} else if (!(doc = cJSON_ParseWithLength(resp.body.buf,
							 resp.body.len)) ||
			   !cJSON_IsArray(doc)) {
			ret = gi_error("looking for a created issue: the "
				       "answer is not a JSON list");
		} else {
			cJSON_ArrayForEach(it, doc) {
				const char *body = gi_json_str(it, "body");
				const cJSON *user =
					cJSON_GetObjectItemCaseSensitive(it,
									 "user");
				const char *who = gi_json_str(user, "login");

				/* someone else's copy of the marker is not
				 * ours: the creator must be the account */
				if (body && strstr(body, marker.buf) && who &&
				    !strcasecmp(who, login) &&
				    !cJSON_GetObjectItemCaseSensitive(it,
							"pull_request")) {
					*found = cJSON_Duplicate(it, 1);
					break;
				}
			}
			if (resp.next)
				next = gi_xstrdup(resp.next);
		}
		cJSON_Delete(doc);
		gi_response_release(&resp);
		if (ret)
			break;
	}
	free(next);
	gi_buf_release(&marker);
	return ret;
}

/* The POST body for provisional issue `is`. */
static char *create_request(const struct gi_issue *is, long n)
{
	cJSON *req = cJSON_CreateObject();
	const cJSON *labels = gi_issue_labels(is);
	gi_buf body = GI_BUF_INIT;
	char *json;

	cJSON_AddStringToObject(req, "title", is->title);
	gi_issue_github_body(&body, is->body, is->links.discovered_from, n);
	cJSON_AddStringToObject(req, "body", body.buf);
	if (labels && cJSON_GetArraySize(labels))
		cJSON_AddItemToObject(req, "labels", cJSON_Duplicate(labels, 1));
	json = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	gi_buf_release(&body);
	return json;
}

/*
 * Record that provisional issue n is `obj` on GitHub: an alias in both
 * notes (deterministic: the same in every clone that records it), the
 * provisional note's lines copied under the number, the issue imported.
 */
static int record_created(struct gi_repo *r, long n, const cJSON *obj,
			  long *number)
{
	struct gi_lines mine = GI_LINES_INIT;
	struct gi_import_batch b = { 0 };
	struct gi_record_fields f;
	cJSON *x;
	long m = (long)gi_json_num(obj, "number");
	char name[GI_ISSUE_NAME_MAX], num[32], time[40],
		id[GI_RECORD_ID_HEXSZ + 1];
	size_t i;
	int ret;

	if (m < 1 || m > GI_ISSUE_MAX)
		return gi_error("GitHub's answer has no issue number");
	gi_issue_name(n, name);
	snprintf(num, sizeof(num), "%ld", m);
	gi_import_time(time, sizeof(time), gi_json_str(obj, "created_at"));
	if (gi_store_read(&mine, r, NULL, n) < 0)
		return -1;
	for (i = 0; i < mine.nr; i++)
		gi_import_batch_add_line(&b, m, mine.v[i].p, mine.v[i].len);
	gi_lines_release(&mine);

	memset(&f, 0, sizeof(f));
	f.time = time;
	f.kind = GI_KIND_ALIAS;
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "provisional", name);
	f.extra = x;
	gi_import_hash_id(id, "github-alias", name, num, "number");
	f.id = id;
	gi_import_batch_add(m, &f, &b);
	cJSON_Delete(x);
	gi_import_issue_object(r, NULL, obj, gi_import_batch_add, &b);

	x = cJSON_CreateObject();
	cJSON_AddNumberToObject(x, "created_as", (double)m);
	f.extra = x;
	gi_import_hash_id(id, "github-alias", name, num, "provisional");
	f.id = id;
	gi_import_batch_add(n, &f, &b);
	cJSON_Delete(x);
	ret = gi_import_batch_write(&b, r, 0,
				    "git issue-sync: issue created on GitHub");
	if (!ret)
		*number = m;
	return ret;
}

/*
 * One POST of issue n. 0: created (*out is GitHub's object), or maybe
 * created (no answer, a 5xx, or one that is not JSON: look before trying
 * again); 1: refused for good (a 400 or 422: GitHub's message in
 * `refusal`, its errors[] in `errors`); otherwise the error to give up
 * with, reported.
 */
static int post_issue(struct gi_github *gh, const char *path,
		      const char *json, const char *label, cJSON **out,
		      gi_buf *refusal, cJSON *errors)
{
	struct gi_response resp = { 0 };
	char msg[512];
	int ret = 0, err = gi_github_send(gh, "POST", path, json, &resp);

	if (!err && resp.status == 201) {
		*out = cJSON_ParseWithLength(resp.body.buf, resp.body.len);
		if (!*out)
			gi_warning("creating %s: GitHub's answer is not JSON",
				   label);
	} else if (!err && (resp.status == 400 || resp.status == 422)) {
		gi_github_errors(refusal, &resp, errors);
		ret = 1;
	} else if (err == GI_ERATELIMIT || (!err && resp.status < 500)) {
		if (!err)
			gi_error("creating %s on GitHub: %s", label,
				 gi_github_message(gh, &resp, msg,
						   sizeof(msg)));
		ret = err == GI_ERATELIMIT ? GI_ERATELIMIT : -1;
	} else if (err) {
		gi_warning("creating %s: %s", label, gh->errbuf);
	} else {
		gi_warning("creating %s: HTTP %ld", label, resp.status);
	}
	gi_response_release(&resp);
	return ret;
}

/*
 * GitHub will never take issue `is` as it is: recorded, so that it is
 * not sent again until it changes, and said once with how to fix it.
 */
static int refused(struct gi_repo *r, const struct gi_issue *is,
		   const char *message, const cJSON *errors,
		   struct gi_sync_edits_report *report)
{
	struct gi_import_batch b = { 0 };

	gi_edits_refuse_create(is, message, errors, gi_import_batch_add, &b,
			       report);
	gi_import_batch_write(&b, r, 0, "git issue-sync: GitHub refuses to "
			      "create an issue");
	return -1;
}

/* GitHub's limits on the issue as the POST would send it. */
static int over_limits(const struct gi_issue *is, const char *json,
		       gi_buf *why)
{
	cJSON *req = cJSON_Parse(json);
	const cJSON *labels = gi_issue_labels(is), *it;
	const char **v = gi_xcalloc((size_t)cJSON_GetArraySize(labels) + 1,
				    sizeof(*v));
	size_t nr = 0;
	int ret;

	cJSON_ArrayForEach(it, labels)
		if (cJSON_IsString(it))
			v[nr++] = it->valuestring;
	ret = gi_issue_text_check(is->title, gi_json_str(req, "body"), 0, v,
				  nr, why);
	free(v);
	cJSON_Delete(req);
	return ret;
}

/* A POST of provisional issue n and what it leads to. */
struct posting {
	struct gi_github *gh;
	long n;
	const char *json, *since;
	const char *login;	/* the token's account, once asked */
	cJSON *found;		/* GitHub's issue object */
	gi_buf refusal;		/* GitHub's message, on a 400 or 422 */
	cJSON *errors;		/* its errors[] */
};

/*
 * POST until the issue is found on GitHub, three POSTs at most, looking
 * for the marker after each that may have landed unanswered.
 * @return 0 (p->found, or NULL after 3 tries: reported), 1 refused, or a
 * negative error.
 */
static int post_until_found(struct posting *p, const char *label)
{
	gi_buf path = GI_BUF_INIT;
	int attempt, err = 0;

	gi_buf_addf(&path, "/repos/%s/%s/issues", p->gh->target->owner,
		    p->gh->target->repo);
	for (attempt = 0; !p->found && attempt < 3; attempt++) {
		err = post_issue(p->gh, path.buf, p->json, label, &p->found,
				 &p->refusal, p->errors);
		if (err || p->found)
			break;
		/* it may exist: look first */
		if (!p->login && (err = gi_github_user(p->gh, &p->login)) < 0)
			break;
		err = find_created(p->gh, p->n, p->login, p->since, &p->found);
		if (err < 0)
			break;
		if (!p->found && attempt < 2)
			gi_warning("%s is not on GitHub; trying again", label);
	}
	if (!err && !p->found)
		gi_error("%s is not on GitHub after 3 tries; giving up for "
			 "now", label);
	gi_buf_release(&path);
	return err;
}

int gi_create_issue(struct gi_repo *r, struct gi_github *gh, long n,
		    int fresh, long *number,
		    struct gi_sync_edits_report *report)
{
	struct gi_issue is;
	struct posting p = { gh, n, NULL, NULL, NULL, NULL, GI_BUF_INIT, NULL };
	char label[GI_ISSUE_NAME_MAX];
	int err, ret = -1;

	gi_issue_label(n, label);
	if (gi_issue_load(&is, r, NULL, n) < 0)
		return -1;
	if (!is.title) {
		gi_issue_release(&is);
		return gi_error("%s has no title: nothing to create", label);
	}
	p.json = create_request(&is, n);
	p.errors = cJSON_CreateArray();
	/* what GitHub would refuse is not sent (an older version, or
	 * another clone's, may have written it) */
	if (over_limits(&is, p.json, &p.refusal)) {
		ret = refused(r, &is, p.refusal.buf, NULL, report);
		goto done;
	}
	/* the records' time bounds the search: no POST came before them */
	p.since = is.snapshot ? is.snapshot->time : NULL;
	if (!fresh) {
		err = gi_github_user(gh, &p.login);
		if (!err)
			err = find_created(gh, n, p.login, p.since, &p.found);
		if (err < 0) {
			ret = err;
			goto done;
		}
	}
	err = p.found ? 0 : post_until_found(&p, label);
	if (err == 1)
		ret = refused(r, &is, p.refusal.buf, p.errors, report);
	else if (err < 0)
		ret = err;
	else if (p.found)
		ret = record_created(r, n, p.found, number);
done:
	cJSON_Delete(p.found);
	cJSON_Delete(p.errors);
	cJSON_free((char *)p.json);
	gi_buf_release(&p.refusal);
	gi_issue_release(&is);
	return ret;
}


/* Lines of created provisional notes not yet under their numbers. */
static int settle_aliases(struct run *run)
{
	struct gi_issue_list list;
	struct gi_import_batch b = { 0 };
	size_t i, k;

	if (gi_store_list(&list, run->r, NULL) < 0)
		return -1;
	for (i = 0; i < list.nr; i++) {
		struct gi_lines mine = GI_LINES_INIT, theirs = GI_LINES_INIT;
		long n = list.v[i].issue, m;

		if (!gi_issue_is_provisional(n) || !n)
			continue;
		m = gi_issue_canonical(run->r, NULL, n);
		if (gi_issue_is_provisional(m))
			continue;
		if (!gi_store_read_blob(&mine, run->r, &list.v[i].note) &&
		    !gi_store_read(&theirs, run->r, NULL, m))
			for (k = 0; k < mine.nr; k++)
				if (!gi_lines_has(&theirs, mine.v[k].p,
						  mine.v[k].len))
					gi_import_batch_add_line(&b, m,
						mine.v[k].p, mine.v[k].len);
		gi_lines_release(&mine);
		gi_lines_release(&theirs);
	}
	gi_issue_list_release(&list);
	return gi_import_batch_write(&b, run->r, run->opts->dry_run,
				     "git issue-sync: records of a provisional "
				     "issue");
}

/* Has the remote (as just fetched) got provisional issue n? */
static int remote_has(struct gi_repo *r, const char *remote, long n)
{
	gi_buf track = GI_BUF_INIT;
	struct gi_lines l = GI_LINES_INIT;
	git_oid tip;
	int has = 0;

	if (!remote)
		return 0;
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", remote);
	if (!gi_store_tip(&tip, r, track.buf) &&
	    !gi_store_read(&l, r, &tip, n))
		has = l.nr > 0;
	gi_lines_release(&l);
	gi_buf_release(&track);
	git_error_clear();
	return has;
}

static long age_of(const char *t)
{
	return gi_age_seconds(t, time(NULL));
}

/* Another clone won the right to create n: did it, or is it stale? */
static int theirs_to_create(struct run *run, long n,
			    struct gi_decision *d, const char *remote,
			    long *number)
{
	const char *login = gi_json_str(d->extra, "login");
	char label[GI_ISSUE_NAME_MAX];
	cJSON *found = NULL;
	struct gi_sync_plan_report *p = run->rep;
	int err;

	gi_issue_label(n, label);
	/* it may have posted and died before recording: look */
	if (login) {
		err = find_created(run->gh, n, login, d->time, &found);
		if (err < 0)
			return err;
		if (found) {
			err = record_created(run->r, n, found, number);
			cJSON_Delete(found);
			return err < 0 ? err : 1;
		}
	}
	if (age_of(d->time) >= 0 && age_of(d->time) < GI_INTENT_STALE_S) {
		GI_ALLOC_GROW(p->waiting, p->nwaiting + 1, p->awaiting);
		p->waiting[p->nwaiting].issue = n;
		p->waiting[p->nwaiting].clone = gi_xstrdup_or_null(d->clone);
		p->waiting[p->nwaiting++].since = gi_xstrdup_or_null(d->time);
		fprintf(stderr, "%s is being created on GitHub by %s (since "
			"%s); waiting for it\n", label,
			d->author ? d->author : "another clone", d->time);
		return 0;
	}
	/* stale: take it over, decided by the remote again */
	{
		struct gi_decision again;
		const char *mylogin = NULL;
		cJSON *extra = cJSON_CreateObject();

		if (!gi_github_user(run->gh, &mylogin))
			cJSON_AddStringToObject(extra, "login", mylogin);
		err = gi_intent_decide(&again, run->r, remote, n, "create",
				       extra, d->id, run->opts);
		cJSON_Delete(extra);
		if (err < 0)
			return err;
		err = again.ours ? 2 : 0;
		gi_decision_release(&again);
		if (err == 2)
			gi_warning("%s: the intent of %s to create it is %ld s "
				   "old, taking it over", label,
				   d->author ? d->author : "another clone",
				   age_of(d->time));
		return err;
	}
}

/* A provisional issue to create: when it was made here, its parent. */
struct wanted {
	long n;
	long parent;		/* 0: none */
	long from;		/* discovered from it; 0: none */
	char made[40];		/* its `issue` record's time */
	int state;		/* ordering: 0 new, 1 being placed, 2 placed */
};

/* A provisional issue (still so after its aliases) with a title, that
 * GitHub has not refused since its last change: 1 and *w filled. */
static int wants_creating(struct run *run, long n, struct wanted *w)
{
	struct gi_issue is;
	int wants;

	if (!n || !gi_issue_is_provisional(n) ||
	    !gi_issue_is_provisional(gi_issue_canonical(run->r, NULL, n)))
		return 0;
	if (gi_issue_load(&is, run->r, NULL, n) < 0)
		return 0;
	wants = is.title != NULL && !is.edits.create_refused;
	memset(w, 0, sizeof(*w));
	w->n = n;
	w->parent = is.links.parent.issue;
	w->from = is.links.discovered_from;
	snprintf(w->made, sizeof(w->made), "%s",
		 gi_issue_made(&is) ? gi_issue_made(&is) : "");
	gi_issue_release(&is);
	return wants;
}

static int cmp_made(const void *a, const void *b)
{
	const struct wanted *x = a, *y = b;

	return gi_issue_made_cmp(x->n, *x->made ? x->made : NULL,
				 y->n, *y->made ? y->made : NULL);
}

/* Place v[i] in `order`, its parent first when it is to be created too,
 * and the issue it was discovered from (its body names that one's
 * number); a cycle, which the relation rules refuse, stops at the issue
 * met twice. */
static void place(struct wanted *v, size_t nr, size_t i, long *order,
		  size_t *nord)
{
	size_t k;

	if (v[i].state)
		return;
	v[i].state = 1;
	for (k = 0; (v[i].parent || v[i].from) && k < nr; k++)
		if (v[k].n == v[i].parent || v[k].n == v[i].from)
			place(v, nr, k, order, nord);
	v[i].state = 2;
	order[(*nord)++] = v[i].n;
}

/*
 * The provisional issues to create, in the order they were made here
 * (gi_issue_made_cmp, the order of a parent's children too), a parent before its children (issue 19
 * item 3: in the order of their hex names, a roadmap got numbers after
 * its own children). Numbers on GitHub then follow that order, and so
 * does GitHub's sub-issue order: the links are mirrored in the order of
 * the children's numbers.
 * @return how many, in *out (to free).
 */
static size_t creation_order(struct run *run,
			     const struct gi_issue_list *list, long **out)
{
	struct wanted *v = gi_xcalloc(list->nr + 1, sizeof(*v));
	size_t i, nr = 0, nord = 0;

	for (i = 0; i < list->nr; i++)
		if (wants_creating(run, list->v[i].issue, &v[nr]))
			nr++;
	qsort(v, nr, sizeof(*v), cmp_made);
	*out = gi_xcalloc(nr + 1, sizeof(**out));
	for (i = 0; i < nr; i++)
		place(v, nr, i, *out, &nord);
	free(v);
	return nord;
}

/* A dry run: the report says n would be created. */
static void report_would_create(struct run *run, long n)
{
	struct gi_sync_plan_report *p = run->rep;

	GI_ALLOC_GROW(p->would_create, p->nwould_create + 1,
		      p->awould_create);
	p->would_create[p->nwould_create++] = n;
}

/*
 * Create provisional issue n, unless the remote decides another clone
 * does (other clones have n when the remote has it). *number is set when
 * n is on GitHub now, *by_other when another clone created it. Returns 0
 * or an error, reported.
 */
static int create_one(struct run *run, const char *remote, long n,
		      long *number, int *by_other)
{
	struct gi_decision d;
	char label[GI_ISSUE_NAME_MAX];
	int err = 0, create = 1;

	if (remote_has(run->r, remote, n)) {
		const char *login = NULL;
		cJSON *extra = cJSON_CreateObject();

		if (!gi_github_user(run->gh, &login))
			cJSON_AddStringToObject(extra, "login", login);
		err = gi_intent_decide(&d, run->r, remote, n, "create",
				       extra, NULL, run->opts);
		cJSON_Delete(extra);
		if (err < 0) {
			gi_issue_label(n, label);
			return gi_error("%s stays provisional: the remote '%s' "
					"must decide which clone creates it",
					label, remote);
		}
		if (!d.ours) {
			err = theirs_to_create(run, n, &d, remote, number);
			create = err == 2;
			*by_other = err == 1;
		}
		gi_decision_release(&d);
		if (err < 0)
			return err;
	}
	if (create && !*number)
		err = gi_create_issue(run->r, run->gh, n, 0, number,
				      &run->rep->edits);
	return err < 0 ? err : 0;
}

/* n is #number on GitHub: in the report, and one line. */
static void report_created(struct gi_sync_plan_report *p, long n,
			   long number, int by_other)
{
	char label[GI_ISSUE_NAME_MAX];

	gi_issue_label(n, label);
	GI_ALLOC_GROW(p->created, p->ncreated + 1, p->acreated);
	p->created[p->ncreated].provisional = n;
	p->created[p->ncreated++].number = number;
	if (by_other)
		fprintf(stderr, "%s is #%ld on GitHub (created by another "
			"clone)\n", label, number);
	else
		fprintf(stderr, "created %s on GitHub as #%ld\n", label,
			number);
}

/* Create every provisional issue that has a title and no number. */
static int create_pending(struct run *run, const char *remote)
{
	struct gi_issue_list list;
	long *order = NULL;
	size_t i, nr;
	int ret = 0;

	if (gi_store_list(&list, run->r, NULL) < 0)
		return -1;
	nr = creation_order(run, &list, &order);
	for (i = 0; i < nr && !run->stop; i++) {
		long n = order[i], number = 0;
		int err, by_other = 0;

		if (run->opts->dry_run) {
			report_would_create(run, n);
			continue;
		}
		err = create_one(run, remote, n, &number, &by_other);
		if (err < 0) {
			ret = -1;
			run->stop = gi_github_stops(err);
		}
		if (number)
			report_created(run->rep, n, number, by_other);
	}
	free(order);
	gi_issue_list_release(&list);
	return ret;
}

int gi_create_pending(struct gi_repo *r, struct gi_github *gh,
		      const struct gi_sync_opts *opts, const char *remote,
		      struct gi_sync_plan_report *report, int *stop)
{
	struct run run = { r, gh, opts, report, 0 };
	int ret = create_pending(&run, remote);

	*stop = run.stop;
	return ret;
}

int gi_create_settle_aliases(struct gi_repo *r,
			     const struct gi_sync_opts *opts)
{
	struct run run = { r, NULL, opts, NULL, 0 };

	return settle_aliases(&run);
}

int gi_create_now(struct gi_repo *r, long n, long *number)
{
	struct gi_github gh;
	struct gi_github_target t;
	struct gi_sync_opts opts = { 0 };
	struct gi_sync_report rep;
	char label[GI_ISSUE_NAME_MAX];
	int err;

	gi_issue_label(n, label);
	err = gi_github_issues_client(&gh, &t, r, 0);
	if (err == GIT_ENOTFOUND)
		return 1;	/* no GitHub here: provisional is all there is */
	if (err == GI_ENOTOKEN) {
		fprintf(stderr, "no GitHub token: %s stays provisional; "
			"'git issue-sync' creates it on GitHub\n", label);
		return 1;
	}
	if (err)
		return 1;
	err = gi_create_issue(r, &gh, n, 1, number, NULL);
	if (!err) {
		memset(&rep, 0, sizeof(rep));
		if (gi_links_mirror(r, &gh, &opts, *number, NULL,
				    &rep.github.plan.links) < 0)
			gi_warning("the relations of #%ld wait for the next "
				   "'git issue-sync'", *number);
		gi_sync_report_release(&rep);
	} else {
		fprintf(stderr, "%s stays provisional; 'git issue-sync' "
			"creates it on GitHub\n", label);
	}
	gi_github_close(&gh);
	gi_github_target_release(&t);
	return err ? 1 : 0;
}

/* --- git issue-new ---------------------------------------------------- */

int gi_create_new(struct gi_new_issue *out, struct gi_repo *r,
		  const struct gi_issue_spec *spec, gi_buf *why)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = gi_plan_new_issue(r, spec, &out->provisional, why);
	if (ret)
		return ret;
	if (spec->offline ||
	    gi_create_now(r, out->provisional, &out->number))
		out->number = 0;
	return 0;
}

cJSON *gi_new_issue_json(const struct gi_new_issue *res,
			 const struct gi_issue_spec *spec)
{
	cJSON *doc = cJSON_CreateObject();
	char name[GI_ISSUE_NAME_MAX];

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddItemToObject(doc, "issue", gi_issue_to_json(res->number ?
							   res->number :
							   res->provisional));
	cJSON_AddStringToObject(doc, "provisional",
				gi_issue_name(res->provisional, name));
	cJSON_AddBoolToObject(doc, "on_github", res->number != 0);
	cJSON_AddStringToObject(doc, "title", spec->title);
	return doc;
}
