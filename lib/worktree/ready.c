/*
 * ready.c: the ready queue (ready.h).
 *
 * The plan (every issue, its relations) is loaded once; the board
 * (gi_status_collect) says which issues have a worktree here and which
 * are mid-task. The verdicts reuse git issue-overlap's merges, only
 * between the issues shown that have a branch and the mid-task ones; the
 * others are forecast from the paths their records name.
 */
#include "gitissue/worktree/ready.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gitissue/util/config.h"
#include "gitissue/util/json.h"
#include "gitissue/core/plan-walk.h"
#include "gitissue/worktree/status.h"
#include "sync/fetched.h"
#include "worktree/branch.h"
#include "worktree/ready-cache.h"
#include "worktree/wt-cache.h"

#define MAX_RANKS 64

const char *gi_ready_verdict_name(enum gi_ready_verdict v)
{
	switch (v) {
	case GI_VERDICT_SAFE:
		return "safe";
	case GI_VERDICT_UNKNOWN:
		return "unknown";
	case GI_VERDICT_OVERLAPS:
		return "overlaps";
	case GI_VERDICT_CONFLICTS:
		return "conflicts";
	}
	return "unknown";
}

/* --- priority --------------------------------------------------------- */

/* The ranks of issue.priorityLabels: rank[i] is "a|b|c". */
struct scheme {
	char *text;
	char *rank[MAX_RANKS];
	size_t nr;
};

static void scheme_load(struct scheme *s, struct gi_repo *r)
{
	char *p, *save = NULL, *tok;

	memset(s, 0, sizeof(*s));
	s->text = gi_config_get(r, "issue.priorityLabels");
	if (!s->text)
		s->text = gi_xstrdup(GI_PRIORITY_DEFAULT);
	for (p = s->text; (tok = strtok_r(p, ",", &save)) && s->nr < MAX_RANKS;
	     p = NULL)
		s->rank[s->nr++] = tok;
}

/* Does one of the '|'-separated names of `rank` equal `label`? Spaces
 * around a name do not count; case does not either. */
static int rank_has(const char *rank, const char *label)
{
	size_t llen = strlen(label);

	while (*rank) {
		const char *end = strchr(rank, '|'), *b = rank, *e;

		if (!end)
			end = rank + strlen(rank);
		e = end;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - b) == llen && llen &&
		    !strncasecmp(b, label, llen))
			return 1;
		rank = *end ? end + 1 : end;
	}
	return 0;
}

/* The next label of a newline-separated list: its length, *s past it. */
static size_t next_label(const char **s)
{
	const char *e = strchr(*s, '\n');
	size_t len = e ? (size_t)(e - *s) : strlen(*s);

	*s = e ? e + 1 : *s + len;
	return len;
}

static void item_priority(struct gi_ready_item *it, const struct scheme *s,
			  const struct gi_ready_facts *f)
{
	const char *l = f->labels;
	char label[1024];
	size_t i, len;

	it->rank = -1;
	while (l && *l) {
		const char *start = l;

		len = next_label(&l);
		if (len >= sizeof(label))
			continue;
		memcpy(label, start, len);
		label[len] = '\0';
		for (i = 0; i < s->nr; i++)
			if ((it->rank < 0 || (int)i < it->rank) &&
			    rank_has(s->rank[i], label)) {
				it->rank = (int)i;
				free(it->priority);
				it->priority = gi_xstrdup(label);
			}
	}
}

/* --- what each issue is ---------------------------------------------- */

static const struct gi_ready_facts *facts(const struct gi_plan_node *node)
{
	return node->data;
}

/* Is the plan's issue n done: closed, or merged before it was closed? */
static int node_done(const struct gi_plan *p, long n,
		     const struct gi_landed *l)
{
	const struct gi_plan_node *b = gi_plan_get(p, n);

	if (gi_landed_get(l, n))
		return 1;
	return b && b->known && gi_issue_closed(&b->is);
}

/*
 * gi_issue_state_word of the plan's issue n. The ready cache's plan keeps
 * no records (is.nr is 0), so "known" is the node's word that the issue
 * has records: one known and not done is open (or provisional).
 */
static const char *state_word(const struct gi_plan_node *b, long n,
			      const struct gi_landed *l)
{
	if (b && b->known && !gi_issue_closed(&b->is) && !gi_landed_get(l, n))
		return gi_issue_is_provisional(n) ? "provisional" : "open";
	return gi_issue_state_word(b && b->known ? &b->is : NULL, n, l);
}

/*
 * Blocked by an issue that is not done (one not known here counts): the
 * blockers go to out->blocked_v, each with its state. @return 1 blocked.
 */
static int blocked(struct gi_ready *out, const struct gi_plan *p,
		   const struct gi_issue *is)
{
	struct gi_ready_blocked *bl = NULL;
	size_t i;

	for (i = 0; i < is->links.blocked_by.nr; i++) {
		long n = is->links.blocked_by.v[i].issue;
		const struct gi_plan_node *b = gi_plan_get(p, n);

		if (node_done(p, n, &out->landed))
			continue;
		if (!bl) {
			GI_ALLOC_GROW(out->blocked_v, out->blocked + 1,
				      out->ablocked);
			bl = &out->blocked_v[out->blocked++];
			memset(bl, 0, sizeof(*bl));
			bl->issue = is->number;
			bl->by = gi_xcalloc(is->links.blocked_by.nr,
					    sizeof(*bl->by));
			bl->by_state = gi_xcalloc(is->links.blocked_by.nr,
						  sizeof(*bl->by_state));
		}
		bl->by[bl->nby] = n;
		bl->by_state[bl->nby++] = state_word(b, n, &out->landed);
	}
	return bl != NULL;
}

/* A roadmap: an open sub-issue is where the work is, not the parent. */
static int open_children(const struct gi_plan *p,
			 const struct gi_plan_node *node,
			 const struct gi_landed *l)
{
	size_t i;

	for (i = 0; i < node->nchildren; i++)
		if (!node_done(p, node->children[i], l))
			return 1;
	return 0;
}

/* Marks for the walk of what an issue blocks: one generation per walk. */
struct walk {
	unsigned *mark;
	unsigned gen;
	long *stack;
	size_t nstack, astack;
};

static size_t node_index(const struct gi_plan *p, const struct gi_plan_node *n)
{
	return (size_t)(n - p->v);
}

/* The open issues `node` blocks, directly and through chains. */
static size_t blocks_all(const struct gi_plan *p,
			 const struct gi_plan_node *node, struct walk *w,
			 const struct gi_landed *l)
{
	size_t count = 0, i;

	w->gen++;
	w->nstack = 0;
	w->mark[node_index(p, node)] = w->gen;
	for (i = 0; i < node->nblocking; i++) {
		GI_ALLOC_GROW(w->stack, w->nstack + 1, w->astack);
		w->stack[w->nstack++] = node->blocking[i];
	}
	while (w->nstack) {
		const struct gi_plan_node *b =
			gi_plan_get(p, w->stack[--w->nstack]);

		if (!b || w->mark[node_index(p, b)] == w->gen)
			continue;
		w->mark[node_index(p, b)] = w->gen;
		if (node_done(p, b->is.number, l))
			continue;
		count++;
		for (i = 0; i < b->nblocking; i++) {
			GI_ALLOC_GROW(w->stack, w->nstack + 1, w->astack);
			w->stack[w->nstack++] = b->blocking[i];
		}
	}
	return count;
}

static void fill_item(struct gi_ready_item *it, const struct gi_plan *p,
		      const struct gi_plan_node *node, const struct scheme *s,
		      struct walk *w, const struct gi_landed *l)
{
	size_t i, alloc = 0;

	memset(it, 0, sizeof(*it));
	it->issue = node->is.number;
	it->title = gi_xstrdup_or_null(node->is.title);
	item_priority(it, s, facts(node));
	for (i = 0; i < node->nblocking; i++) {
		if (node_done(p, node->blocking[i], l))
			continue;
		GI_ALLOC_GROW(it->unblocks, it->nunblocks + 1, alloc);
		it->unblocks[it->nunblocks++] = node->blocking[i];
	}
	it->unblocks_all = blocks_all(p, node, w, l);
	it->created = gi_xstrdup_or_null(facts(node)->created);
}

/* --- the queue -------------------------------------------------------- */

static int rank_key(const struct gi_ready_item *it)
{
	return it->rank < 0 ? INT_MAX : it->rank;
}

static int cmp_item(const void *a, const void *b)
{
	const struct gi_ready_item *x = a, *y = b;
	int c;

	if (rank_key(x) != rank_key(y))
		return rank_key(x) < rank_key(y) ? -1 : 1;
	if (x->unblocks_all != y->unblocks_all)
		return x->unblocks_all > y->unblocks_all ? -1 : 1;
	if (x->created && y->created && (c = strcmp(x->created, y->created)))
		return c;
	if (!x->created != !y->created)
		return x->created ? -1 : 1;
	return gi_issue_cmp(x->issue, y->issue);
}

static int wanted(const struct gi_plan *p, const struct gi_plan_node *node,
		  const struct gi_ready_opts *o)
{
	return !gi_issue_closed(&node->is) &&
	       gi_plan_filter_match(p, node, &o->filter);
}

/* The issues with a worktree here, and those of them mid-task. */
static int board(struct gi_ready *out, struct gi_repo *r, long **here,
		 size_t *nhere)
{
	struct gi_status st;
	size_t i, ahere = 0, amid = 0;

	*here = NULL;
	*nhere = 0;
	if (gi_status_collect(&st, r) < 0)
		return -1;
	for (i = 0; i < st.nr; i++) {
		const struct gi_status_row *row = &st.v[i];

		if (!row->local)
			continue;
		GI_ALLOC_GROW(*here, *nhere + 1, ahere);
		(*here)[(*nhere)++] = row->issue;
		if ((row->state == GI_STATE_MID_TASK ||
		     row->state >= GI_STATE_REBASING) &&
		    !gi_longs_has(out->mid_task, out->nmid, row->issue)) {
			GI_ALLOC_GROW(out->mid_task, out->nmid + 1, amid);
			out->mid_task[out->nmid++] = row->issue;
		}
	}
	gi_status_release(&st);
	return 0;
}

static void queue(struct gi_ready *out, const struct gi_plan *p,
		  const struct gi_ready_opts *o, const long *here,
		  size_t nhere, const struct scheme *s)
{
	struct walk w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.mark = gi_xcalloc(p->nr + 1, sizeof(*w.mark));
	for (i = 0; i < p->nr; i++) {
		const struct gi_plan_node *node = &p->v[i];

		if (!wanted(p, node, o))
			continue;
		if (gi_landed_get(&out->landed, node->is.number)) {
			GI_ALLOC_GROW(out->merged, out->nmerged + 1,
				      out->amerged);
			out->merged[out->nmerged++] = node->is.number;
		} else if (blocked(out, p, &node->is)) {
			;	/* counted, with its blockers */
		} else if (open_children(p, node, &out->landed)) {
			out->parents++;
		} else if (gi_longs_has(here, nhere, node->is.number)) {
			out->in_worktree++;
		} else if (facts(node)->claims) {
			out->claimed++;
		} else {
			GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			fill_item(&out->v[out->nr++], p, node, s, &w,
				  &out->landed);
		}
	}
	free(w.mark);
	free(w.stack);
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_item);
	out->total = out->nr;
	if (o->count > 0 && out->nr > (size_t)o->count) {
		for (i = (size_t)o->count; i < out->nr; i++) {
			struct gi_ready_item *it = &out->v[i];

			free(it->title);
			free(it->priority);
			free(it->unblocks);
			free(it->created);
		}
		out->nr = (size_t)o->count;
	}
}

/* --- the verdicts ------------------------------------------------------ */

/* A side of the overlap, by issue, or NULL. */
static const struct gi_overlap_side *side_of(const struct gi_overlap *o,
					     long n, size_t *at)
{
	size_t i;

	for (i = 0; i < o->nsides; i++)
		if (o->sides[i].issue == n) {
			*at = i;
			return &o->sides[i];
		}
	return NULL;
}

static const struct gi_overlap_pair *pair_of(const struct gi_overlap *o,
					     size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < o->npairs; i++)
		if ((o->pairs[i].a == a && o->pairs[i].b == b) ||
		    (o->pairs[i].a == b && o->pairs[i].b == a))
			return &o->pairs[i];
	return NULL;
}

static void copy_paths(struct gi_strset *to, const struct gi_strset *from)
{
	size_t i;

	for (i = 0; i < from->nr; i++)
		gi_strset_add(to, from->v[i]);
}

/* Does the named path (a file, or a folder) take in `path`? */
static int covers(const char *named, const char *path)
{
	size_t len = strlen(named);

	if (!strcmp(named, path))
		return 1;
	if (len && named[len - 1] == '/')
		return !strncmp(named, path, len);
	return !strncmp(named, path, len) && path[len] == '/';
}

/* The paths of `changed` that the item names: the forecast. */
static enum gi_ready_verdict forecast(struct gi_ready_against *ag,
				      const struct gi_ready_item *it,
				      const struct gi_strset *changed)
{
	size_t i, j;

	if (!it->named.nr)
		return GI_VERDICT_UNKNOWN;
	for (i = 0; i < changed->nr; i++)
		for (j = 0; j < it->named.nr; j++)
			if (covers(it->named.v[j], changed->v[i])) {
				gi_strset_add(&ag->paths, changed->v[i]);
				break;
			}
	return ag->paths.nr ? GI_VERDICT_OVERLAPS : GI_VERDICT_SAFE;
}

static void judge(struct gi_ready_item *it, const struct gi_overlap *o,
		  const long *mid, size_t nmid)
{
	size_t i, ai = 0, bi = 0;
	const struct gi_overlap_side *a = side_of(o, it->issue, &ai);

	it->forecast = !a;
	it->verdict = GI_VERDICT_SAFE;
	it->against = gi_xcalloc(nmid + 1, sizeof(*it->against));
	for (i = 0; i < nmid; i++) {
		struct gi_ready_against *ag = &it->against[it->nagainst];
		const struct gi_overlap_side *b = side_of(o, mid[i], &bi);
		const struct gi_overlap_pair *pr = a && b ?
			pair_of(o, ai, bi) : NULL;

		if (!b)
			continue;	/* mid-task without a branch */
		ag->issue = mid[i];
		if (pr && pr->conflicts.nr) {
			ag->verdict = GI_VERDICT_CONFLICTS;
			copy_paths(&ag->paths, &pr->conflicts);
		} else if (pr && pr->both.nr) {
			ag->verdict = GI_VERDICT_OVERLAPS;
			copy_paths(&ag->paths, &pr->both);
		} else if (pr) {
			ag->verdict = GI_VERDICT_SAFE;
		} else {
			ag->verdict = forecast(ag, it, &b->changed);
		}
		if (ag->verdict > it->verdict)
			it->verdict = ag->verdict;
		it->nagainst++;
	}
}

/* --- the paths an issue's records name ------------------------------- */

struct names {
	git_tree *head;			/* HEAD's tree, or NULL */
	const struct gi_overlap *o;	/* the mid-task work */
};

static int changed_somewhere(const struct names *nm, const char *path)
{
	size_t i, j;

	for (i = 0; i < nm->o->nsides; i++)
		for (j = 0; j < nm->o->sides[i].changed.nr; j++)
			if (covers(path, nm->o->sides[i].changed.v[j]))
				return 1;
	return 0;
}

static int in_head(const struct names *nm, const char *path)
{
	git_tree_entry *e = NULL;
	int found;

	if (!nm->head)
		return 0;
	found = !git_tree_entry_bypath(&e, nm->head, path);
	git_tree_entry_free(e);
	git_error_clear();
	return found;
}

/*
 * The paths an issue names (ready-cache.h): those of a scope, and those
 * named in text that are paths here (in HEAD, or changed by work in
 * progress).
 */
static void named_paths(struct gi_strset *out, const struct names *nm,
			const struct gi_ready_facts *f)
{
	const char *s = f->paths;

	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s - 1) : strlen(s + 1);
		char *tok = gi_xstrndup(s + 1, len);

		if (*s == 's' || in_head(nm, tok) ||
		    changed_somewhere(nm, tok))
			gi_strset_addn(out, tok, len);
		free(tok);
		s = e ? e + 1 : s + 1 + len;
	}
	gi_strset_finish(out);
}

static git_tree *head_tree(struct gi_repo *r)
{
	git_object *obj = NULL;
	git_tree *t = NULL;

	if (!git_revparse_single(&obj, r->repo, "HEAD^{tree}"))
		t = (git_tree *)obj;
	git_error_clear();
	return t;
}

static int verdicts(struct gi_ready *out, struct gi_repo *r,
		    const struct gi_plan *p)
{
	struct gi_issue_branch_list bl;
	struct gi_overlap o;
	struct names nm;
	long *with = gi_xcalloc(out->nr + 1, sizeof(*with));
	size_t i, j, nwith = 0;
	int ret = -1;

	if (gi_issue_branches(&bl, r) < 0)
		goto done;
	for (i = 0; i < out->nr; i++)
		for (j = 0; j < bl.nr; j++)
			if (bl.v[j].issue == out->v[i].issue) {
				out->v[i].branch = gi_xstrdup(bl.v[j].name);
				with[nwith++] = out->v[i].issue;
				break;
			}
	gi_issue_branch_list_release(&bl);
	if (gi_overlap_against(&o, r, with, nwith, out->mid_task,
			       out->nmid) < 0)
		goto done;
	nm.head = head_tree(r);
	nm.o = &o;
	for (i = 0; i < out->nr; i++) {
		const struct gi_plan_node *node = gi_plan_get(p,
							    out->v[i].issue);

		if (!out->v[i].branch && node && node->data)
			named_paths(&out->v[i].named, &nm, facts(node));
		judge(&out->v[i], &o, out->mid_task, out->nmid);
	}
	git_tree_free(nm.head);
	gi_overlap_release(&o);
	ret = 0;
done:
	free(with);
	return ret;
}

int gi_ready_collect(struct gi_ready *out, struct gi_repo *r,
		     const struct gi_ready_opts *opts)
{
	struct gi_ready_plan rp;
	struct gi_plan *p = &rp.plan;
	struct scheme s;
	long *here = NULL;
	size_t nhere = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->now = time(NULL);
	out->max_workers = gi_config_long(r, "issue.maxWorkers",
					  GI_MAX_WORKERS_DEFAULT);
	gi_fetched_when(r, &out->fetched, &out->remote);
	/* the plan from what each note says, cached by note blob id */
	if (gi_ready_plan_load(&rp, r) < 0)
		return -1;
	if (gi_landed_collect(&out->landed, r) < 0) {
		gi_ready_plan_release(&rp);
		return -1;
	}
	scheme_load(&s, r);
	if (board(out, r, &here, &nhere) < 0)
		goto done;
	queue(out, p, opts, here, nhere, &s);
	if (out->nmid && verdicts(out, r, p) < 0)
		goto done;
	/* what the board and the verdicts learnt of the worktrees */
	gi_wt_cache_save(gi_wt_cache_of(r), r);
	ret = 0;
done:
	free(here);
	free(s.text);
	gi_ready_plan_release(&rp);
	if (ret < 0)
		gi_ready_release(out);
	return ret;
}

void gi_ready_release(struct gi_ready *rd)
{
	size_t i, j;

	for (i = 0; i < rd->nr; i++) {
		struct gi_ready_item *it = &rd->v[i];

		free(it->title);
		free(it->priority);
		free(it->unblocks);
		free(it->created);
		free(it->branch);
		gi_strset_release(&it->named);
		for (j = 0; j < it->nagainst; j++)
			gi_strset_release(&it->against[j].paths);
		free(it->against);
	}
	for (i = 0; i < rd->blocked; i++) {
		free(rd->blocked_v[i].by);
		free(rd->blocked_v[i].by_state);
	}
	free(rd->blocked_v);
	free(rd->merged);
	gi_landed_release(&rd->landed);
	free(rd->v);
	free(rd->mid_task);
	free(rd->remote);
	memset(rd, 0, sizeof(*rd));
}

/* --- the queue as JSON ------------------------------------------------ */

static cJSON *item_json(const struct gi_ready_item *it)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(it->issue));
	gi_json_add_str_or_null(o, "title", it->title);
	gi_json_add_str_or_null(o, "priority", it->priority);
	if (it->rank >= 0)
		cJSON_AddNumberToObject(o, "rank", it->rank);
	else
		cJSON_AddNullToObject(o, "rank");
	cJSON_AddItemToObject(o, "unblocks",
			      gi_issues_to_json(it->unblocks, it->nunblocks));
	cJSON_AddNumberToObject(o, "unblocks_all", (double)it->unblocks_all);
	gi_json_add_str_or_null(o, "created", it->created);
	gi_json_add_str_or_null(o, "branch", it->branch);
	cJSON_AddStringToObject(o, "verdict",
				gi_ready_verdict_name(it->verdict));
	cJSON_AddBoolToObject(o, "forecast", it->forecast && it->nagainst);
	cJSON_AddItemToObject(o, "named_paths",
			      gi_json_strings(it->named.v, it->named.nr));
	arr = cJSON_AddArrayToObject(o, "against");
	for (i = 0; i < it->nagainst; i++) {
		const struct gi_ready_against *ag = &it->against[i];
		cJSON *a = cJSON_CreateObject();

		cJSON_AddItemToObject(a, "issue", gi_issue_to_json(ag->issue));
		cJSON_AddStringToObject(a, "verdict",
					gi_ready_verdict_name(ag->verdict));
		cJSON_AddItemToObject(a, "paths",
				      gi_json_strings(ag->paths.v,
						      ag->paths.nr));
		cJSON_AddItemToArray(arr, a);
	}
	return o;
}

/* Where the claims come from, and how fresh they are. */
static void fetched_json(cJSON *doc, const struct gi_ready *rd)
{
	char t[32];
	struct tm tm;

	gi_json_add_str_or_null(doc, "remote", rd->remote);
	if (!rd->fetched) {
		cJSON_AddNullToObject(doc, "claims_as_of");
		return;
	}
	gmtime_r(&rd->fetched, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(doc, "claims_as_of", t);
}

/* The blocked issues, each with its blockers and their states. */
static cJSON *blocked_json(const struct gi_ready *rd)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, j;

	for (i = 0; i < rd->blocked; i++) {
		const struct gi_ready_blocked *b = &rd->blocked_v[i];
		cJSON *o = cJSON_CreateObject(), *by;

		cJSON_AddItemToObject(o, "issue", gi_issue_to_json(b->issue));
		by = cJSON_AddArrayToObject(o, "by");
		for (j = 0; j < b->nby; j++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddItemToObject(x, "issue",
					      gi_issue_to_json(b->by[j]));
			cJSON_AddStringToObject(x, "state", b->by_state[j]);
			cJSON_AddItemToArray(by, x);
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* Merged into their base, not closed: done for the queue. */
static cJSON *merged_json(const struct gi_ready *rd)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < rd->nmerged; i++) {
		const struct gi_landed_issue *li =
			gi_landed_get(&rd->landed, rd->merged[i]);
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToObject(o, "issue",
				      gi_issue_to_json(rd->merged[i]));
		cJSON_AddStringToObject(o, "branch", li->branch);
		cJSON_AddStringToObject(o, "base", li->base);
		cJSON_AddBoolToObject(o, "squashed", li->squashed);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

cJSON *gi_ready_json(const struct gi_ready *rd)
{
	cJSON *doc = cJSON_CreateObject(), *arr, *x;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	fetched_json(doc, rd);
	x = cJSON_AddObjectToObject(doc, "not_ready");
	cJSON_AddNumberToObject(x, "blocked", (double)rd->blocked);
	cJSON_AddNumberToObject(x, "claimed", (double)rd->claimed);
	cJSON_AddNumberToObject(x, "in_worktree", (double)rd->in_worktree);
	cJSON_AddNumberToObject(x, "parents", (double)rd->parents);
	cJSON_AddNumberToObject(x, "merged", (double)rd->nmerged);
	cJSON_AddItemToObject(doc, "blocked", blocked_json(rd));
	cJSON_AddItemToObject(doc, "merged", merged_json(rd));
	cJSON_AddNumberToObject(doc, "total", (double)rd->total);
	cJSON_AddItemToObject(doc, "mid_task",
			      gi_issues_to_json(rd->mid_task, rd->nmid));
	cJSON_AddNumberToObject(doc, "max_workers", (double)rd->max_workers);
	cJSON_AddBoolToObject(doc, "too_many_workers",
			      rd->max_workers > 0 &&
			      rd->nmid > (size_t)rd->max_workers);
	arr = cJSON_AddArrayToObject(doc, "ready");
	for (i = 0; i < rd->nr; i++)
		cJSON_AddItemToArray(arr, item_json(&rd->v[i]));
	return doc;
}
