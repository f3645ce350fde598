/*
 * status-needs.c: what on the board needs you now (status.h): an agent
 * waiting for a permission or an answer, a rebase or merge left half
 * done, an agent that stopped with uncommitted work or without recording
 * anything on its issue, a blocked issue being worked, a stale worktree,
 * and a worktree whose agent stopped after its branch was merged: ready
 * for the next issue, which `git issue-ready` picks (computed only then:
 * the queue costs more than the board). Also a branch that conflicts
 * with a sibling's, once for the pair: only as a merge made before found
 * it (merge-cache.h: `git issue-overlap` and `git issue-ready` fill it,
 * by the two commits), never by merging here, which would cost the
 * board a `git merge-tree` per pair on every redraw.
 *
 * The board prints these above its rows and `--json` lists them, with
 * the same sentence, so a status bar says what the board says; `--watch`
 * tells each once, as it comes (the bell, or issue.notifyCommand).
 */
#include "gitissue/worktree/status-needs.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/util/config.h"
#include "gitissue/util/date.h"
#include "gitissue/util/run.h"
#include "gitissue/worktree/ready.h"
#include "worktree/merge-cache.h"

static const char *const need_names[] = {
	[GI_NEED_WAITING] = "waiting",
	[GI_NEED_OPERATION] = "operation",
	[GI_NEED_CONFLICT] = "conflict",
	[GI_NEED_UNCOMMITTED] = "uncommitted",
	[GI_NEED_UNRECORDED] = "unrecorded",
	[GI_NEED_BLOCKED] = "blocked",
	[GI_NEED_STALE] = "stale",
	[GI_NEED_NEXT] = "next",
};

const char *gi_need_name(enum gi_need n)
{
	return (size_t)n < GI_ARRAY_SIZE(need_names) ? need_names[n] : "?";
}

static int agent_stopped(const struct gi_status_row *row)
{
	return row->agent.state == GI_AGENT_STOPPED ||
		row->agent.state == GI_AGENT_GONE;
}

static int agent_busy(const struct gi_status_row *row)
{
	return row->agent.state == GI_AGENT_WORKING ||
		row->agent.state == GI_AGENT_WAITING;
}

/* Nothing recorded on the issue since the session started. */
static int unrecorded(const struct gi_status_row *row, time_t now)
{
	long age;

	if (!row->record_time)
		return 1;
	age = gi_age_seconds(row->record_time, now);
	return age >= 0 && now - age < row->agent.started;
}

/* Why `row` needs you, the first reason only; -1 when it does not. */
static int need_of(const struct gi_status_row *row, time_t now)
{
	if (!row->local || row->state == GI_STATE_MISSING)
		return -1;
	if (row->agent.state == GI_AGENT_WAITING)
		return GI_NEED_WAITING;
	if (row->state >= GI_STATE_REBASING)
		return GI_NEED_OPERATION;
	if (row->state == GI_STATE_MERGED &&
	    (agent_stopped(row) || row->agent.state == GI_AGENT_ENDED))
		return GI_NEED_NEXT;
	if (agent_stopped(row) && row->uncommitted)
		return GI_NEED_UNCOMMITTED;
	if (agent_stopped(row) && row->state != GI_STATE_MERGED &&
	    unrecorded(row, now))
		return GI_NEED_UNRECORDED;
	if (row->blocked_by && (agent_busy(row) ||
				row->state == GI_STATE_MID_TASK))
		return GI_NEED_BLOCKED;
	if (row->stale && !agent_busy(row))
		return GI_NEED_STALE;
	return -1;
}

/* ---------------------------------------------- conflicts with siblings */

/* A row whose branch may conflict with a sibling's: an issue worktree
 * here, on a branch with commits of its own, not merged. */
static int conflict_side(const struct gi_status_row *row)
{
	return row->local && row->branch && row->ahead &&
		(row->state == GI_STATE_MID_TASK ||
		 row->state == GI_STATE_REVIEW);
}

static void add_need(struct gi_status *st, size_t row, enum gi_need why)
{
	GI_ALLOC_GROW(st->needs, st->nneeds + 1, st->aneeds);
	memset(&st->needs[st->nneeds], 0, sizeof(*st->needs));
	st->needs[st->nneeds].row = row;
	st->needs[st->nneeds++].why = why;
}

/* The pair (rows a, b) as a merge of their tips found it, if one did. */
static void pair_conflict(struct gi_status *st, struct gi_merge_cache *mc,
			  size_t a, size_t b, const git_oid *ta,
			  const git_oid *tb)
{
	const struct gi_merge_entry *e = gi_merge_cache_get(mc, ta, tb);
	struct gi_status_need *n;

	if (!e)
		e = gi_merge_cache_get(mc, tb, ta);
	if (!e || !e->n)
		return;
	add_need(st, a, GI_NEED_CONFLICT);
	n = &st->needs[st->nneeds - 1];
	n->other = b;
	n->npaths = e->n;
	n->path = gi_xstrdup(e->paths);
}

/*
 * Each pair of sibling branches whose tips a merge made before found in
 * conflict: the cache's lookups only, and with fewer than two branches
 * with work nothing is read at all.
 */
static void sibling_conflicts(struct gi_status *st, struct gi_repo *r)
{
	struct gi_merge_cache mc;
	gi_buf ref = GI_BUF_INIT;
	size_t *rows, nrows = 0, i, j;
	git_oid *tips;

	rows = gi_xcalloc(st->nr + 1, sizeof(*rows));
	tips = gi_xcalloc(st->nr + 1, sizeof(*tips));
	for (i = 0; i < st->nr; i++) {
		if (!conflict_side(&st->v[i]))
			continue;
		gi_buf_reset(&ref);
		gi_buf_addf(&ref, "refs/heads/%s", st->v[i].branch);
		if (!git_reference_name_to_id(&tips[nrows], r->repo, ref.buf))
			rows[nrows++] = i;
	}
	if (nrows > 1) {
		gi_merge_cache_load(&mc, r, "git merge-tree");
		for (i = 0; i < nrows; i++)
			for (j = i + 1; j < nrows; j++)
				pair_conflict(st, &mc, rows[i], rows[j],
					      &tips[i], &tips[j]);
		gi_merge_cache_release(&mc);
	}
	free(rows);
	free(tips);
	gi_buf_release(&ref);
}

static int cmp_need(const void *a, const void *b)
{
	const struct gi_status_need *x = a, *y = b;

	if (x->why != y->why)
		return (int)x->why - (int)y->why;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* `git issue-ready`'s first pick, for a worktree free for new work. */
static void next_pick(struct gi_status *st, struct gi_repo *r)
{
	struct gi_ready_opts o;
	struct gi_ready rd;

	memset(&o, 0, sizeof(o));
	o.count = 1;
	if (gi_ready_collect(&rd, r, &o) < 0)
		return;
	if (rd.nr) {
		st->next_issue = rd.v[0].issue;
		st->next_title = gi_xstrdup_or_null(rd.v[0].title);
	}
	gi_ready_release(&rd);
}

void gi_status_needs(struct gi_status *st, struct gi_repo *r)
{
	size_t i;
	int why, next = 0;

	for (i = 0; i < st->nr; i++) {
		if ((why = need_of(&st->v[i], st->now)) < 0)
			continue;
		add_need(st, i, (enum gi_need)why);
		next |= why == GI_NEED_NEXT;
	}
	sibling_conflicts(st, r);
	if (st->nneeds > 1)
		qsort(st->needs, st->nneeds, sizeof(*st->needs), cmp_need);
	if (next)
		next_pick(st, r);
}

void gi_status_need_text(gi_buf *out, const struct gi_status *st,
			 const struct gi_status_need *n)
{
	const struct gi_status_row *row = &st->v[n->row];
	const char *agent = row->agent.agent;
	char age[32];

	gi_age_of(age, sizeof(age), (long)(st->now - row->agent.since));
	switch (n->why) {
	case GI_NEED_WAITING:
		gi_buf_addf(out, "%s waits for you (a permission or an "
			    "answer) for %s", agent, age);
		break;
	case GI_NEED_OPERATION:
		gi_buf_addf(out, "%s, not finished: 'git status' there says "
			    "what is next", gi_wt_state_name(row->state));
		break;
	case GI_NEED_CONFLICT:
		gi_buf_addf(out, "its branch conflicts with %s's in %s",
			    gi_label(st->v[n->other].issue), n->path);
		if (n->npaths > 1)
			gi_buf_addf(out, " and %zu more", n->npaths - 1);
		gi_buf_addf(out, " ('git issue-overlap %ld %ld')", row->issue,
			    st->v[n->other].issue);
		break;
	case GI_NEED_UNCOMMITTED:
		gi_buf_addf(out, "%s %s %s ago with %zu uncommitted file%s",
			    agent, row->agent.state == GI_AGENT_GONE ?
			    "was gone" : "stopped", age, row->uncommitted,
			    row->uncommitted == 1 ? "" : "s");
		break;
	case GI_NEED_UNRECORDED:
		gi_buf_addf(out, "%s %s %s ago, nothing recorded on the issue "
			    "since it started", agent,
			    row->agent.state == GI_AGENT_GONE ? "was gone" :
			    "stopped", age);
		break;
	case GI_NEED_BLOCKED:
		gi_buf_addf(out, "blocked by %s, and being worked",
			    gi_label(row->blocked_by));
		break;
	case GI_NEED_STALE:
		gi_age_of(age, sizeof(age), (long)(st->now - row->activity));
		gi_buf_addf(out, "stale: no activity for %s", age);
		break;
	case GI_NEED_NEXT:
		gi_buf_addf(out, "merged and %s done: ready for the next "
			    "issue", agent);
		if (st->next_issue)
			gi_buf_addf(out, " ('git issue-ready' picks %s: %s)",
				    gi_label(st->next_issue),
				    st->next_title ? st->next_title :
				    "(no title)");
		break;
	}
}

cJSON *gi_status_needs_json(const struct gi_status *st)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < st->nneeds; i++) {
		const struct gi_status_row *row = &st->v[st->needs[i].row];
		cJSON *o = cJSON_CreateObject();
		gi_buf text = GI_BUF_INIT;

		cJSON_AddItemToObject(o, "issue", gi_issue_to_json(row->issue));
		cJSON_AddStringToObject(o, "path", row->path);
		cJSON_AddStringToObject(o, "reason",
					gi_need_name(st->needs[i].why));
		gi_status_need_text(&text, st, &st->needs[i]);
		cJSON_AddStringToObject(o, "text", text.buf);
		if (st->needs[i].why == GI_NEED_NEXT && st->next_issue)
			cJSON_AddItemToObject(o, "next",
					      gi_issue_to_json(st->next_issue));
		if (st->needs[i].why == GI_NEED_CONFLICT)
			cJSON_AddItemToObject(o, "with", gi_issue_to_json(
				st->v[st->needs[i].other].issue));
		cJSON_AddItemToArray(arr, o);
		gi_buf_release(&text);
	}
	return arr;
}

/* What makes a need the same from one round to the next. */
static void need_key(gi_buf *out, const struct gi_status *st,
		     const struct gi_status_need *n)
{
	const struct gi_status_row *row = &st->v[n->row];

	gi_buf_reset(out);
	gi_buf_addf(out, "%s\t%ld\t%s\t%s", row->path, row->issue,
		    gi_need_name(n->why), row->agent.session);
	/* a conflict is the pair's, whatever the sessions */
	if (n->why == GI_NEED_CONFLICT)
		gi_buf_addf(out, "\t%ld", st->v[n->other].issue);
}

/* issue.notifyCommand, by the shell, with the need in its environment;
 * its output is not ours to show (the board is on the screen). */
static void run_notify(const char *cmd, const struct gi_status *st,
		       const struct gi_status_need *n)
{
	const struct gi_status_row *row = &st->v[n->row];
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	gi_buf e[5], text = GI_BUF_INIT;
	const char *env[6];
	struct gi_child c;
	size_t i;

	for (i = 0; i < 5; i++)
		gi_buf_init(&e[i]);
	gi_status_need_text(&text, st, n);
	gi_buf_addf(&e[0], "GIT_ISSUE_WORKTREE=%s", row->path);
	gi_buf_addf(&e[1], "GIT_ISSUE_ISSUE=%ld", row->issue);
	gi_buf_addf(&e[2], "GIT_ISSUE_AGENT=%s", row->agent.agent);
	gi_buf_addf(&e[3], "GIT_ISSUE_REASON=%s", gi_need_name(n->why));
	gi_buf_addf(&e[4], "GIT_ISSUE_TEXT=%s", text.buf);
	for (i = 0; i < 5; i++)
		env[i] = e[i].buf;
	env[5] = NULL;
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.env = env;
	c.discard_err = 1;
	c.timeout_ms = 10000;
	if (gi_run(&c) > 0)
		gi_warning("issue.notifyCommand failed for %s",
			   gi_label(row->issue));
	for (i = 0; i < 5; i++)
		gi_buf_release(&e[i]);
	gi_buf_release(&text);
}

size_t gi_status_needs_notify(const struct gi_status *st, struct gi_repo *r,
			      struct gi_strset *seen, int quiet)
{
	struct gi_strset now = GI_STRSET_INIT;
	gi_buf key = GI_BUF_INIT;
	char *cmd = quiet ? NULL : gi_config_get(r, "issue.notifyCommand");
	int have_cmd = cmd && *cmd;
	size_t i, told = 0;

	for (i = 0; i < st->nneeds; i++) {
		need_key(&key, st, &st->needs[i]);
		gi_strset_add(&now, key.buf);
		if (quiet || gi_strset_has(seen, key.buf))
			continue;
		told++;
		if (have_cmd)
			run_notify(cmd, st, &st->needs[i]);
	}
	gi_strset_finish(&now);
	gi_strset_release(seen);
	*seen = now;
	free(cmd);
	gi_buf_release(&key);
	return have_cmd ? 0 : told;
}
