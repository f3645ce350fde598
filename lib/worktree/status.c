/*
 * status.c: collecting the board of issue worktrees (status.h).
 *
 * Cost per worktree: reading its HEAD file, one stat-only pass over its
 * index and folder that stops at the first change (scan-quick.c), and
 * a walk of the commits between the branch and its base, and the agent
 * sessions its hooks recorded in its git dir (activity.h); worktrees are
 * inspected in parallel. Issues are loaded from the notes only when a row
 * needs them or their note mentions a claim.
 */
#include "gitissue/worktree/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/worktree/claim-decide.h"
#include "gitissue/worktree/landed.h"
#include "gitissue/worktree/status-needs.h"
#include "gitissue/util/config.h"
#include "gitissue/util/parallel.h"
#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "sync/pending.h"
#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/scan.h"
#include "worktree/worktree.h"

#define NOTE_WIDTH 60

const char *gi_wt_state_name(enum gi_wt_state s)
{
	switch (s) {
	case GI_STATE_MID_TASK:
		return "mid-task";
	case GI_STATE_READY:
		return "ready";
	case GI_STATE_MERGED:
		return "merged";
	case GI_STATE_MISSING:
		return "missing";
	case GI_STATE_CLAIMED:
		return "claimed";
	case GI_STATE_BROKEN:
		return "broken";
	case GI_STATE_REVIEW:
		return "review";
	case GI_STATE_REBASING:
		return "rebasing";
	case GI_STATE_MERGING:
		return "merging";
	case GI_STATE_CHERRY_PICKING:
		return "cherry-picking";
	case GI_STATE_REVERTING:
		return "reverting";
	case GI_STATE_BISECTING:
		return "bisecting";
	}
	return "unknown";
}

int gi_wt_state_rank(const struct gi_status_row *row)
{
	switch (row->state) {
	case GI_STATE_BROKEN:
	case GI_STATE_MISSING:
		return 0;
	case GI_STATE_REBASING:
	case GI_STATE_MERGING:
	case GI_STATE_CHERRY_PICKING:
	case GI_STATE_REVERTING:
	case GI_STATE_BISECTING:
		return 1;
	case GI_STATE_MID_TASK:
		return row->stale ? 2 : 5;
	case GI_STATE_MERGED:
		return 3;	/* done: the worktree can take new work */
	case GI_STATE_REVIEW:
		return 4;
	case GI_STATE_CLAIMED:
		return 6;
	case GI_STATE_READY:
		return 7;
	}
	return 8;
}

/*
 * Issues loaded on demand, at most once, from the notes list; those with
 * claims were loaded by the census.
 */
struct issue_cache {
	struct gi_issue_list list;
	struct gi_claim_census claims;
	struct gi_issue *is;	/* parallel to list.v */
	char *loaded;
};

static const struct gi_issue *cached_issue(struct issue_cache *c,
					   struct gi_repo *r, long n)
{
	const struct gi_claimed *cl = gi_claim_census_get(&c->claims, n);
	size_t i;

	if (cl)
		return cl->is;
	for (i = 0; i < c->list.nr; i++)
		if (c->list.v[i].issue == n)
			break;
	if (i == c->list.nr)
		return NULL;	/* no records at all */
	if (!c->loaded[i]) {
		if (gi_issue_load_blob(&c->is[i], r, &c->list.v[i].note,
				       n) < 0)
			return NULL;
		c->loaded[i] = 1;
	}
	return &c->is[i];
}

/* Records that are bookkeeping, not something someone wrote down. */
static int is_note(const struct gi_record *rec)
{
	static const char *const skip[] = { GI_KIND_CLAIM, GI_KIND_RELEASE,
					    GI_KIND_ISSUE, GI_KIND_RETRACT };
	size_t i;

	if (!rec->json || rec->superseded || !rec->kind)
		return 0;
	for (i = 0; i < GI_ARRAY_SIZE(skip); i++)
		if (!strcmp(rec->kind, skip[i]))
			return 0;
	return 1;
}

static void fill_issue(struct gi_status_row *row, const struct gi_issue *is)
{
	struct gi_issue_counts counts;
	size_t i;

	if (!is)
		return;
	if (is->title)
		row->title = gi_xstrdup(is->title);
	row->closed = gi_issue_closed(is);
	gi_issue_counts(&counts, is);
	row->lessons = counts.lessons;
	/* claims and releases are the suite's bookkeeping, not activity */
	for (i = is->nr; i-- > 0;)
		if (is->rec[i].json && is->rec[i].time && is->rec[i].kind &&
		    strcmp(is->rec[i].kind, GI_KIND_CLAIM) &&
		    strcmp(is->rec[i].kind, GI_KIND_RELEASE)) {
			row->record_time = gi_xstrdup(is->rec[i].time);
			break;
		}
	for (i = is->nr; i-- > 0;) {
		gi_buf b = GI_BUF_INIT;

		if (!is_note(&is->rec[i]))
			continue;
		gi_record_summary(&b, &is->rec[i], NOTE_WIDTH);
		row->note_text = gi_buf_detach(&b, NULL);
		row->note_time = gi_xstrdup(is->rec[i].time);
		break;
	}
}

static struct gi_status_row *new_row(struct gi_status *st, long issue)
{
	struct gi_status_row *row;

	GI_ALLOC_GROW(st->v, st->nr + 1, st->alloc);
	row = &st->v[st->nr++];
	memset(row, 0, sizeof(*row));
	row->issue = issue;
	row->pending = -1;
	return row;
}

/*
 * One worktree to inspect. The base and the upstream are resolved
 * beforehand, in the main thread; a worker touches only its own
 * repository object (libgit2 objects are not to be shared between
 * threads) and its own row.
 */
struct inspect_job {
	const struct gi_worktree *w;
	struct gi_status_row *row;
	struct gi_base base;
	int have_base;
	git_oid upstream;
	int have_upstream;
	time_t now;
	long stale_after;
	int err;
};

/* The operation in progress in a worktree's admin dir, as git keeps it. */
static int operation(const char *admin, enum gi_wt_state *out)
{
	static const struct {
		const char *file;
		enum gi_wt_state state;
	} ops[] = {
		{ "rebase-merge", GI_STATE_REBASING },
		{ "rebase-apply", GI_STATE_REBASING },
		{ "MERGE_HEAD", GI_STATE_MERGING },
		{ "CHERRY_PICK_HEAD", GI_STATE_CHERRY_PICKING },
		{ "REVERT_HEAD", GI_STATE_REVERTING },
		{ "BISECT_LOG", GI_STATE_BISECTING },
	};
	gi_buf path = GI_BUF_INIT;
	size_t i;
	int hit = 0;

	for (i = 0; i < GI_ARRAY_SIZE(ops) && !hit; i++) {
		gi_buf_reset(&path);
		gi_buf_addf(&path, "%s/%s", admin, ops[i].file);
		if (access(path.buf, F_OK) == 0) {
			*out = ops[i].state;
			hit = 1;
		}
	}
	gi_buf_release(&path);
	return hit;
}

static time_t commit_time(git_repository *repo, const git_oid *oid)
{
	git_commit *c = NULL;
	time_t t = 0;

	if (!git_commit_lookup(&c, repo, oid))
		t = (time_t)git_commit_time(c);
	git_commit_free(c);
	git_error_clear();
	return t;
}

/*
 * The last activity: the issue's newest record (a note, a lesson, an
 * import; not a claim), HEAD's commit, and the newest uncommitted file change; and
 * how many files are uncommitted (a full comparison, only when the quick
 * scan found something).
 */
static void mark_stale(struct inspect_job *job, git_repository *wr,
		       const char *record_time)
{
	struct gi_status_row *row = job->row;
	time_t t;
	long age;

	if (record_time &&
	    (age = gi_age_seconds(record_time, job->now)) >= 0)
		row->activity = job->now - age;
	if (job->w->has_head) {
		t = commit_time(wr, &job->w->head);
		if (t > row->activity)
			row->activity = t;
	}
	if (row->dirty &&
	    !gi_worktree_uncommitted(wr, &row->uncommitted, &t) &&
	    t > row->activity)
		row->activity = t;
	row->stale = row->state == GI_STATE_MID_TASK &&
		job->stale_after > 0 && row->activity &&
		job->now - row->activity >= job->stale_after;
}

/* Files the branch at `tip` changed since it left `base`. */
static size_t files_changed(git_repository *wr, const git_oid *tip,
			    const git_oid *base)
{
	git_oid mb;
	git_commit *a = NULL, *b = NULL;
	git_tree *ta = NULL, *tb = NULL;
	struct gi_tree_changes ch;
	size_t n = 0;

	memset(&ch, 0, sizeof(ch));
	if (!git_merge_base(&mb, wr, tip, base) &&
	    !git_commit_lookup(&a, wr, &mb) && !git_commit_tree(&ta, a) &&
	    !git_commit_lookup(&b, wr, tip) && !git_commit_tree(&tb, b) &&
	    !gi_tree_changes(&ch, wr, ta, tb))
		n = ch.nr;
	gi_tree_changes_release(&ch);
	git_tree_free(ta);
	git_tree_free(tb);
	git_commit_free(a);
	git_commit_free(b);
	git_error_clear();
	return n;
}

/*
 * The session to show of those recorded in a worktree's git dir: of the
 * row's issue (a folder switched to another issue keeps its old
 * sessions, which are not this issue's), the list's first.
 */
static void read_agents(struct gi_status_row *row, const char *admin)
{
	struct gi_activity_list l;
	size_t i;

	gi_activity_read(&l, admin);
	for (i = 0; i < l.nr; i++) {
		if (l.v[i].issue && l.v[i].issue != row->issue)
			continue;
		if (!row->agent_sessions++)
			row->agent = l.v[i];
	}
	gi_activity_list_release(&l);
}

static void inspect(struct inspect_job *job)
{
	const struct gi_worktree *w = job->w;
	struct gi_status_row *row = job->row;
	git_repository *wr = NULL;
	struct gi_wt_changes ch;
	struct gi_branch_state bs;
	enum gi_wt_state op;
	int in_op, pushed = 0, merged = 0;

	if (w->missing) {
		row->state = GI_STATE_MISSING;
		return;
	}
	read_agents(row, w->admin);
	/* until it is read, it is broken: one unreadable worktree must not
	 * blank the whole board */
	job->err = -1;
	row->state = GI_STATE_BROKEN;
	if (git_repository_open_ext(&wr, w->path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		gi_error("unable to open the worktree '%s': %s", w->path,
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	in_op = operation(w->admin, &op);
	if (gi_worktree_changes(&ch, wr, 1) < 0)
		goto done;
	row->dirty = ch.changes || ch.untracked;
	/* no base (a repository with only issue branches): dirty or not */
	if (job->have_base && w->has_head) {
		if (gi_branch_state(&bs, wr, w->branch, &w->head,
				    &job->base.oid) < 0)
			goto done;
		row->ahead = bs.ahead;
		if (bs.ahead)
			row->files_changed = files_changed(wr, &w->head,
							   &job->base.oid);
		merged = bs.merged && !row->dirty;
		row->squashed = merged && bs.squashed;
		pushed = bs.ahead && job->have_upstream &&
			(git_oid_equal(&job->upstream, &w->head) ||
			 git_graph_descendant_of(wr, &job->upstream,
						 &w->head) == 1);
	}
	if (in_op)
		row->state = op;
	else if (merged)
		row->state = GI_STATE_MERGED;
	else if (pushed && !row->dirty)
		row->state = GI_STATE_REVIEW;
	else if (row->dirty || row->ahead || row->claimed)
		row->state = GI_STATE_MID_TASK;
	else
		row->state = GI_STATE_READY;
	mark_stale(job, wr, row->record_time);
	job->err = 0;
done:
	git_error_clear();
	git_repository_free(wr);
}

static void inspect_one(size_t i, void *payload)
{
	inspect(&((struct inspect_job *)payload)[i]);
}

/*
 * Inspect the worktrees side by side: the time goes into lstat and
 * getdents, which the kernel serves from several cores at once (git's
 * preload-index does the same inside one worktree).
 */
static void inspect_all(struct inspect_job *jobs, size_t nr)
{
	gi_parallel_each(nr, inspect_one, jobs);
}

static int cmp_row(const void *a, const void *b)
{
	const struct gi_status_row *x = a, *y = b;
	int rx = gi_wt_state_rank(x), ry = gi_wt_state_rank(y);

	if (rx != ry)
		return rx - ry;
	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	if (x->local != y->local)
		return y->local - x->local;
	return strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

/* Has this clone an open claim on issue n in worktree w? */
static int claimed_here(const struct gi_claim_census *a, long n,
			const struct gi_worktree *w, const char *clone)
{
	const struct gi_claimed *c = gi_claim_census_get(a, n);
	size_t j;

	for (j = 0; c && j < c->claims.nr; j++) {
		const struct gi_claim *cl = &c->claims.v[j];

		if (gi_claim_is_ours(cl, clone) &&
		    gi_claim_names_worktree(cl, gi_worktree_claim_name(w),
					    w->path))
			return 1;
	}
	return 0;
}

/*
 * Who else holds issue n than clone `clone` ("A U Thor <a@x> in clone
 * 1a2b..."), or NULL: two holders come only from a remote's notes forced
 * back under a confirmed claim, and the board says so on both rows.
 */
static char *also_held(const struct gi_claim_census *a, long n,
		       const char *clone)
{
	const struct gi_claimed *c = gi_claim_census_get(a, n);
	const struct gi_claim *o = c ? gi_claims_other(&c->claims, clone) :
		NULL;
	gi_buf b = GI_BUF_INIT;

	if (!o)
		return NULL;
	gi_buf_addf(&b, "%s in clone %s", o->author ? o->author : "someone",
		    o->clone ? o->clone : "?");
	return gi_buf_detach(&b, NULL);
}

/*
 * A row per open claim of another clone. This clone's claims are shown
 * through its worktrees; one whose worktree is gone or holds another
 * issue now is left over (no ghost row), and --prune-merged releases it.
 */
static void claim_rows(struct gi_status *st, const struct gi_claim_census *a,
		       const char *clone)
{
	size_t i, j;

	for (i = 0; i < a->nr; i++) {
		for (j = 0; j < a->v[i].claims.nr; j++) {
			const struct gi_claim *cl = &a->v[i].claims.v[j];
			struct gi_status_row *row;

			if (gi_claim_is_ours(cl, clone))
				continue;
			row = new_row(st, a->v[i].issue);
			row->state = GI_STATE_CLAIMED;
			row->path = gi_xstrdup(cl->worktree ? cl->worktree :
					       "");
			row->branch = gi_xstrdup_or_null(cl->branch);
			row->claim_author = gi_xstrdup_or_null(cl->author);
			row->claim_clone = gi_xstrdup_or_null(cl->clone);
			row->claim_time = gi_xstrdup(cl->time);
			if (cl->clone)
				row->claim_also = also_held(a, a->v[i].issue,
							    cl->clone);
			fill_issue(row, a->v[i].is);
		}
	}
}

static void issue_cache_release(struct issue_cache *c)
{
	size_t i;

	for (i = 0; i < c->list.nr; i++)
		if (c->loaded && c->loaded[i])
			gi_issue_release(&c->is[i]);
	free(c->is);
	free(c->loaded);
	gi_claim_census_release(&c->claims);
	gi_issue_list_release(&c->list);
	memset(c, 0, sizeof(*c));
}

/* An issue that blocks issue `n` and is not done: closed, or its branch
 * merged (landed.h; one with no records is not known to be done), or 0. */
static long open_blocker(struct issue_cache *c, struct gi_repo *r, long n)
{
	const struct gi_issue *is = cached_issue(c, r, n), *b;
	const char *word;
	size_t i;

	for (i = 0; is && i < is->links.blocked_by.nr; i++) {
		long by = is->links.blocked_by.v[i].issue;

		if (by <= 0)
			continue;
		b = cached_issue(c, r, by);
		word = b ? gi_issue_state_here(r, b) : "unknown";
		if (strcmp(word, "closed") && strcmp(word, "merged"))
			return by;
	}
	return 0;
}

/*
 * A row and an inspection job per issue worktree. The rows are all made
 * first, so that they do not move while the workers fill them; the bases
 * and upstreams are resolved here, in the main thread.
 */
static struct inspect_job *worktree_rows(struct gi_status *out,
					 struct gi_repo *r,
					 const struct gi_worktree_list *wts,
					 struct issue_cache *c,
					 const char *clone,
					 struct gi_base *cache, size_t *njobs)
{
	struct inspect_job *jobs;
	size_t i;

	for (i = 0; i < wts->nr; i++) {
		const struct gi_worktree *w = &wts->v[i];
		struct gi_status_row *row;

		if (!w->issue)
			continue;
		row = new_row(out, w->issue);
		row->branch = gi_xstrdup_or_null(w->branch ? w->branch :
						 w->op_branch);
		row->path = gi_xstrdup(w->path);
		row->main = w->is_main;
		row->local = 1;
		row->claimed = claimed_here(&c->claims, w->issue, w, clone);
		if (row->claimed)
			row->claim_also = also_held(&c->claims, w->issue,
						    clone);
		fill_issue(row, cached_issue(c, r, w->issue));
		row->blocked_by = open_blocker(c, r, w->issue);
	}
	jobs = gi_xcalloc(out->nr + 1, sizeof(*jobs));
	for (i = 0, *njobs = 0; i < wts->nr; i++) {
		struct inspect_job *job;
		const char *branch;
		char *up;

		if (!wts->v[i].issue)
			continue;
		job = &jobs[*njobs];
		job->w = &wts->v[i];
		job->row = &out->v[(*njobs)++];
		job->now = out->now;
		job->stale_after = out->stale_after;
		branch = job->w->branch ? job->w->branch : job->w->op_branch;
		if (!job->w->has_head || job->w->missing)
			continue;
		if (!gi_base_for_branch(&job->base, r, branch, cache, 1)) {
			job->have_base = 1;
			job->row->base = gi_xstrdup(job->base.name);
		}
		up = gi_branch_upstream(r, branch, job->base.ref);
		if (up && !git_reference_name_to_id(&job->upstream, r->repo,
						    up)) {
			job->have_upstream = 1;
			job->row->upstream = up;
			up = NULL;
		}
		git_error_clear();
		free(up);
	}
	return jobs;
}

/* issue.staleAfter: seconds, or with s, m, h, d; default 2h. */
static long stale_after(struct gi_repo *r)
{
	char *v = gi_config_get(r, "issue.staleAfter");
	long out = 2 * 3600;
	char *end;

	if (v) {
		long n = strtol(v, &end, 10);
		long unit = !*end ? 1 : !strcmp(end, "s") ? 1 :
			!strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600 :
			!strcmp(end, "d") ? 86400 : 0;

		if (end == v || !unit)
			gi_warning("ignoring bad 'issue.staleAfter' value "
				   "'%s': expected seconds, or a number with "
				   "s, m, h or d", v);
		else
			out = n * unit;
	}
	free(v);
	return out;
}

/* Records not yet on GitHub, by the sync cache (offline), read once for
 * the board; with no GitHub repository the count is left out (-1). */
static void count_pending(struct gi_status *out, struct gi_repo *r,
			  struct issue_cache *c)
{
	struct gi_pending pend;
	int have = !gi_pending_open(&pend, r);
	size_t i;

	for (i = 0; i < out->nr; i++) {
		const struct gi_issue *is = have ?
			cached_issue(c, r, out->v[i].issue) : NULL;

		out->v[i].pending = !have ? -1 : is ?
			(long)gi_pending_count(&pend, r, is) : 0;
	}
	gi_pending_close(&pend);
}

/* What the remote made of this clone's claims, from the claims file. */
static void claim_outcomes(struct gi_status *out, struct gi_repo *r)
{
	struct gi_claim_states s;
	size_t i, j;

	if (gi_claims_known(&s, r) < 0)
		return;
	for (i = 0; i < out->nr; i++) {
		struct gi_status_row *row = &out->v[i];

		for (j = 0; j < s.nr && row->local; j++) {
			if (s.v[j].issue != row->issue)
				continue;
			if (s.v[j].outcome == GI_CLAIM_UNCONFIRMED &&
			    row->claimed)
				row->claim_unconfirmed = 1;
			else if (s.v[j].outcome == GI_CLAIM_LOST &&
				 !row->claimed && !row->claim_lost_to)
				row->claim_lost_to = gi_xstrdup(s.v[j].winner);
		}
	}
	gi_claim_states_release(&s);
}

/* For the hint of issue.maxWorkers: worktrees here with work going on. */
static void count_mid_task(struct gi_status *out, struct gi_repo *r)
{
	size_t i;

	out->max_workers = gi_config_long(r, "issue.maxWorkers", 3);
	for (i = 0; i < out->nr; i++)
		if (out->v[i].local &&
		    (out->v[i].state == GI_STATE_MID_TASK ||
		     out->v[i].state >= GI_STATE_REBASING))
			out->mid_task++;
}

int gi_status_collect(struct gi_status *out, struct gi_repo *r)
{
	struct gi_worktree_list wts;
	struct issue_cache c;
	struct gi_base cache;
	struct inspect_job *jobs = NULL;
	char *clone = NULL;
	size_t i, njobs = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(&cache, 0, sizeof(cache));
	/* the board is where a bad key of any part shows: the agent hooks
	 * keep their stderr to themselves */
	gi_config_check(r);
	out->now = time(NULL);
	out->stale_after = stale_after(r);
	if (gi_worktree_list(&wts, r) < 0)
		return -1;
	for (i = 0; i < wts.nr; i++)
		if (wts.v[i].is_main && !out->main_path)
			out->main_path = gi_xstrdup(wts.v[i].path);
	if (gi_store_list(&c.list, r, NULL) < 0)
		goto done;
	c.is = gi_xcalloc(c.list.nr + 1, sizeof(*c.is));
	c.loaded = gi_xcalloc(c.list.nr + 1, 1);
	/* without an id, this clone has never claimed anything */
	if (gi_clone_id(&clone, r, 0) < 0)
		goto done;
	gi_claim_census(&c.claims, r, &c.list, NULL);
	jobs = worktree_rows(out, r, &wts, &c, clone, &cache, &njobs);
	inspect_all(jobs, njobs);
	claim_rows(out, &c.claims, clone);
	count_pending(out, r, &c);
	count_mid_task(out, r);
	claim_outcomes(out, r);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_row);
	ret = 0;
done:
	for (i = 0; i < njobs; i++)
		gi_base_release(&jobs[i].base);
	free(jobs);
	issue_cache_release(&c);
	gi_base_release(&cache);
	gi_worktree_list_release(&wts);
	free(clone);
	if (ret < 0)
		gi_status_release(out);
	return ret;
}

void gi_status_advise_workers(size_t mid_task, long max_workers)
{
	if (max_workers > 0 && mid_task > (size_t)max_workers)
		gi_advise("%zu worktrees are mid-task, more than "
			  "issue.maxWorkers (%ld): more agents at once is "
			  "seldom faster; finish or merge one first", mid_task,
			  max_workers);
}

void gi_status_release(struct gi_status *st)
{
	size_t i;

	for (i = 0; i < st->nr; i++) {
		struct gi_status_row *row = &st->v[i];

		free(row->title);
		free(row->branch);
		free(row->path);
		free(row->base);
		free(row->upstream);
		free(row->note_time);
		free(row->note_text);
		free(row->record_time);
		free(row->claim_author);
		free(row->claim_clone);
		free(row->claim_time);
		free(row->claim_lost_to);
		free(row->claim_also);
	}
	free(st->v);
	free(st->main_path);
	for (i = 0; i < st->nneeds; i++)
		free(st->needs[i].path);
	free(st->needs);
	free(st->next_title);
	memset(st, 0, sizeof(*st));
}

/* --- the board as JSON ------------------------------------------------ */

/* The last note and the claim of a row, null when there is none. */
static void row_note_claim_json(cJSON *o, const struct gi_status_row *row,
				time_t now)
{
	cJSON *x;

	if (row->note_time) {
		x = cJSON_AddObjectToObject(o, "last_note");
		cJSON_AddStringToObject(x, "time", row->note_time);
		cJSON_AddNumberToObject(x, "age", (double)
					gi_age_seconds(row->note_time, now));
		cJSON_AddStringToObject(x, "text", row->note_text);
	} else {
		cJSON_AddNullToObject(o, "last_note");
	}
	if (row->claim_time) {
		x = cJSON_AddObjectToObject(o, "claim");
		gi_json_add_str_or_null(x, "author", row->claim_author);
		gi_json_add_str_or_null(x, "clone", row->claim_clone);
		cJSON_AddStringToObject(x, "time", row->claim_time);
	} else {
		cJSON_AddNullToObject(o, "claim");
	}
	/* this clone's claim, as the remote decided it */
	if (row->local)
		cJSON_AddStringToObject(o, "claim_decision",
			row->claim_lost_to ? "lost" :
			row->claim_unconfirmed ? "unconfirmed" :
			row->claimed ? "confirmed" : "none");
	if (row->claim_lost_to)
		cJSON_AddStringToObject(o, "claim_lost_to",
					row->claim_lost_to);
	gi_json_add_str_or_null(o, "also_claimed_by", row->claim_also);
}

static void add_time(cJSON *o, const char *key, time_t t)
{
	char buf[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(o, key, buf);
}

/* The agent session shown, null when none is recorded. */
static void row_agent_json(cJSON *o, const struct gi_status_row *row,
			   time_t now)
{
	const struct gi_activity *a = &row->agent;
	cJSON *x;

	cJSON_AddNumberToObject(o, "agent_sessions",
				(double)row->agent_sessions);
	if (a->state == GI_AGENT_NONE) {
		cJSON_AddNullToObject(o, "agent");
		return;
	}
	x = cJSON_AddObjectToObject(o, "agent");
	cJSON_AddStringToObject(x, "name", a->agent);
	cJSON_AddStringToObject(x, "session", a->session);
	cJSON_AddStringToObject(x, "state", gi_agent_state_name(a->state));
	add_time(x, "since", a->since);
	cJSON_AddNumberToObject(x, "age", (double)(now - a->since));
	add_time(x, "started", a->started);
	if (a->pid > 0)
		cJSON_AddNumberToObject(x, "pid", (double)a->pid);
	else
		cJSON_AddNullToObject(x, "pid");
}

static cJSON *row_json(const struct gi_status_row *row, time_t now)
{
	int inspected = row->local && row->state != GI_STATE_MISSING;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(row->issue));
	gi_json_add_str_or_null(o, "title", row->title);
	gi_json_add_str_or_null(o, "branch", row->branch);
	cJSON_AddStringToObject(o, "path", row->path);
	cJSON_AddStringToObject(o, "state", gi_wt_state_name(row->state));
	cJSON_AddBoolToObject(o, "main", row->main);
	cJSON_AddBoolToObject(o, "local", row->local);
	if (inspected) {
		cJSON_AddBoolToObject(o, "dirty", row->dirty);
		cJSON_AddNumberToObject(o, "ahead", (double)row->ahead);
		cJSON_AddNumberToObject(o, "files_changed",
					(double)row->files_changed);
		cJSON_AddNumberToObject(o, "uncommitted",
					(double)row->uncommitted);
	} else {
		cJSON_AddNullToObject(o, "dirty");
		cJSON_AddNullToObject(o, "ahead");
		cJSON_AddNullToObject(o, "files_changed");
		cJSON_AddNullToObject(o, "uncommitted");
	}
	cJSON_AddNumberToObject(o, "lessons", (double)row->lessons);
	cJSON_AddBoolToObject(o, "stale", row->stale);
	cJSON_AddBoolToObject(o, "squashed", row->squashed);
	cJSON_AddBoolToObject(o, "claimed", row->claimed);
	if (row->activity) {
		char t[32];
		struct tm tm;

		gmtime_r(&row->activity, &tm);
		strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cJSON_AddStringToObject(o, "last_activity", t);
		cJSON_AddNumberToObject(o, "activity_age",
					(double)(now - row->activity));
	} else {
		cJSON_AddNullToObject(o, "last_activity");
		cJSON_AddNullToObject(o, "activity_age");
	}
	gi_json_add_str_or_null(o, "base", row->base);
	gi_json_add_str_or_null(o, "upstream", row->upstream);
	row_note_claim_json(o, row, now);
	row_agent_json(o, row, now);
	if (row->blocked_by)
		cJSON_AddItemToObject(o, "blocked_by",
				      gi_issue_to_json(row->blocked_by));
	else
		cJSON_AddNullToObject(o, "blocked_by");
	/* left out until sync can count it (see status.h) */
	if (row->pending >= 0)
		cJSON_AddNumberToObject(o, "unmirrored", (double)row->pending);
	return o;
}

cJSON *gi_status_json(const struct gi_status *st)
{
	cJSON *doc = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddNumberToObject(doc, "mid_task", (double)st->mid_task);
	cJSON_AddNumberToObject(doc, "max_workers", (double)st->max_workers);
	cJSON_AddItemToObject(doc, "needs_you", gi_status_needs_json(st));
	arr = cJSON_AddArrayToObject(doc, "worktrees");
	for (i = 0; i < st->nr; i++)
		cJSON_AddItemToArray(arr, row_json(&st->v[i], st->now));
	return doc;
}
