/*
 * plan.c: what each issue is and how issues relate, from their records
 * (plan.h).
 *
 * Per issue, the newest record of each kind decides: `issue` (title,
 * state, labels, assignees, ids), `body`, `link-state` (the relations
 * GitHub has). Changes made here (`link`) are kept per relation (the
 * parent; each blocker): the newest change of a relation that GitHub has
 * not seen (no `link-sync` says "mirrored") is laid over GitHub's state,
 * marked pending, or refused when a `link-sync` says so. A mirrored change
 * is GitHub's state by then, so it no longer counts: GitHub's later edits
 * win over it.
 */
#define _GNU_SOURCE
#include "gitissue/core/plan.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/util/json.h"
#include "gitissue/core/edit.h"
#include "gitissue/core/link-rules.h"
#include "gitissue/core/store.h"
#include "gitissue/core/summary.h"

int gi_plan_kind(const char *kind)
{
	/* by the first letter: this runs for every record shown or listed,
	 * and most are notes, which no plan kind starts like */
	switch (kind ? kind[0] : 0) {
	case 'a':
		return !strcmp(kind, GI_KIND_ALIAS);
	case 'b':
		return !strcmp(kind, GI_KIND_BODY);
	case 'e':
		return !strcmp(kind, GI_KIND_EDIT) ||
		       !strcmp(kind, GI_KIND_EDIT_SYNC);
	case 'i':
		return !strcmp(kind, GI_KIND_ISSUE) ||
		       !strcmp(kind, GI_KIND_INTENT);
	case 'l':
		return !strcmp(kind, GI_KIND_LINK) ||
		       !strcmp(kind, GI_KIND_LINK_STATE) ||
		       !strcmp(kind, GI_KIND_LINK_SYNC);
	default:
		return 0;
	}
}

int gi_plan_record_listed(const struct gi_record *rec)
{
	return !gi_plan_kind(rec->kind) ||
	       (!strcmp(rec->kind, GI_KIND_EDIT) && rec->text && *rec->text);
}

int gi_issue_cmp(long a, long b)
{
	int pa = gi_issue_is_provisional(a), pb = gi_issue_is_provisional(b);

	if (pa != pb)
		return pa ? 1 : -1;
	if (pa) {
		a = -a;
		b = -b;
	}
	return a < b ? -1 : a > b;
}

int gi_issue_made_cmp(long a, const char *made_a, long b,
		      const char *made_b)
{
	int c;

	if (gi_issue_is_provisional(a) && gi_issue_is_provisional(b) &&
	    (made_a || made_b)) {
		if (!made_a || !made_b)
			return made_a ? -1 : 1;
		if ((c = strcmp(made_a, made_b)))
			return c;
	}
	return gi_issue_cmp(a, b);
}

const cJSON *gi_issue_strings(const struct gi_issue *is, const char *key)
{
	const cJSON *a = is->snapshot ?
		cJSON_GetObjectItemCaseSensitive(is->snapshot->json, key) : NULL;

	return cJSON_IsArray(a) ? a : NULL;
}

int gi_issue_closed(const struct gi_issue *is)
{
	return is->state && !strcmp(is->state, "closed");
}

/* Is `s` empty but for blanks and line ends? */
static int blank(const char *s)
{
	return !s[strspn(s, " \t\r\n")];
}

const struct gi_record *gi_issue_body_record(const struct gi_issue *is)
{
	const struct gi_record *found = NULL;
	size_t i;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (!rec->json || rec->superseded || !rec->kind)
			continue;
		if (!strcmp(rec->kind, GI_KIND_BODY) ||
		    (!is->body && !strcmp(rec->kind, GI_KIND_ISSUE) &&
		     gi_json_str(rec->json, "body")))
			found = rec;
	}
	return found;
}

const char *gi_issue_body(const struct gi_issue *is)
{
	const struct gi_record *rec;
	const char *body = is->body;

	if (!body) {
		rec = gi_issue_body_record(is);
		body = rec ? gi_json_str(rec->json, "body") : NULL;
	}
	return body && !blank(body) ? body : NULL;
}

/* --- one issue -------------------------------------------------------- */

/* A record imported from GitHub (an `issue` or `body` record). */
static int imported(const struct gi_record *rec)
{
	return gi_json_str(rec->json, "github_updated") ||
	       gi_json_num(rec->json, "github_issue") > 0;
}

const char *gi_issue_made(const struct gi_issue *is)
{
	size_t i;

	/* the oldest `issue` record written here: its creation, which
	 * later edits (`edit` records) and imports do not move */
	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (rec->json && rec->kind && rec->time &&
		    !strcmp(rec->kind, GI_KIND_ISSUE) && !imported(rec))
			return rec->time;
	}
	return NULL;
}

static long canon_of(long n, long (*canon)(long, void *), void *payload)
{
	return canon && n ? canon(n, payload) : n;
}

/* The origin a creation record names (`discovered_from`), canonical;
 * the issue itself or a name that cannot be read is none. */
static void discovered_from(struct gi_issue *is, const struct gi_record *rec,
			    long (*canon)(long, void *), void *payload)
{
	long n = 0;

	if (gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(rec->json,
			"discovered_from"), &n) || n == is->number ||
	    (is->provisional && n == is->provisional))
		return;
	n = canon_of(n, canon, payload);
	if (n != is->number)
		is->links.discovered_from = n;
}

static void link_push(struct gi_link_list *l, const struct gi_link *k)
{
	GI_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = *k;
}

/* The relation a change is about: the parent, or one blocker. */
static int op_rel(const char *op)
{
	if (!op)
		return -1;
	if (!strcmp(op, GI_LINK_OP_PARENT) || !strcmp(op, GI_LINK_OP_UNPARENT))
		return GI_REL_PARENT;
	if (!strcmp(op, GI_LINK_OP_BLOCKED_BY) ||
	    !strcmp(op, GI_LINK_OP_UNBLOCK))
		return GI_REL_BLOCKED_BY;
	return -1;
}

static int op_adds(const char *op)
{
	return !strcmp(op, GI_LINK_OP_PARENT) ||
	       !strcmp(op, GI_LINK_OP_BLOCKED_BY);
}

struct change {
	const struct gi_record *rec;
	const char *op;
	int rel;
	long target;
	enum gi_link_status status;
	const struct gi_record *result;
	int newest;		/* the newest change of its relation */
};

/* What the link-sync records say about change `c`. */
static void change_status(struct change *c, const struct gi_record **syncs,
			  size_t nsyncs)
{
	size_t i;

	c->status = GI_LINK_PENDING;
	for (i = 0; i < nsyncs; i++) {
		const char *of = gi_json_str(syncs[i]->json, "of");
		const char *res = gi_json_str(syncs[i]->json, "result");

		if (!of || !res || strcmp(of, c->rec->id))
			continue;
		if (!strcmp(res, GI_LINK_MIRRORED_STR)) {
			c->status = GI_LINK_MIRRORED;
			c->result = syncs[i];
			return;	/* a later check found it on GitHub */
		}
		if (!strcmp(res, GI_LINK_REFUSED_STR)) {
			c->status = GI_LINK_REFUSED;
			c->result = syncs[i];
		}
	}
}

static void remote_side(struct gi_issue_links *l,
			long (*canon)(long, void *), void *payload)
{
	const cJSON *j = l->state ? l->state->json : NULL, *it;
	long m;

	if (!j)
		return;
	if (!gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j, "parent"),
				&m))
		l->remote_parent = canon_of(m, canon, payload);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j,
								"blocked_by")) {
		if (gi_issue_from_json(it, &m))
			continue;
		l->remote_blocked_by = gi_xrealloc(l->remote_blocked_by,
			(l->nremote_blocked_by + 1) * sizeof(long));
		l->remote_blocked_by[l->nremote_blocked_by++] =
			canon_of(m, canon, payload);
	}
}

static void resolve_links(struct gi_issue *is, struct change *ch, size_t nch)
{
	struct gi_issue_links *l = &is->links;
	size_t i, j;

	/* the newest change of each relation decides it */
	for (i = 0; i < nch; i++) {
		ch[i].newest = 1;
		for (j = i + 1; j < nch; j++)
			if (ch[j].rel == ch[i].rel &&
			    (ch[i].rel == GI_REL_PARENT ||
			     ch[j].target == ch[i].target)) {
				ch[i].newest = 0;
				break;
			}
	}
	/* GitHub's side first */
	if (l->remote_parent) {
		l->parent.issue = l->remote_parent;
		l->parent.rel = GI_REL_PARENT;
		l->parent.status = GI_LINK_MIRRORED;
	}
	for (i = 0; i < l->nremote_blocked_by; i++) {
		struct gi_link k = { 0 };

		k.issue = l->remote_blocked_by[i];
		k.rel = GI_REL_BLOCKED_BY;
		k.status = GI_LINK_MIRRORED;
		link_push(&l->blocked_by, &k);
	}
	/* then what GitHub has not seen, laid over it */
	for (i = 0; i < nch; i++) {
		struct change *c = &ch[i];
		struct gi_link k = { 0 };

		if (!c->newest || c->status == GI_LINK_MIRRORED)
			continue;
		k.issue = c->target;
		k.rel = (enum gi_relation)c->rel;
		k.status = c->status;
		k.op = c->rec;
		k.result = c->result;
		if (c->status == GI_LINK_PENDING) {
			l->todo = gi_xrealloc(l->todo, (l->ntodo + 1) *
					      sizeof(*l->todo));
			l->todo[l->ntodo++] = c->rec;
		}
		if (c->rel == GI_REL_PARENT) {
			if (op_adds(c->op)) {
				l->parent = k;
			} else {
				/* the parent goes, whichever GitHub has */
				if (!k.issue)
					k.issue = l->parent.issue;
				if (k.issue)
					link_push(&l->removed, &k);
				memset(&l->parent, 0, sizeof(l->parent));
			}
			continue;
		}
		for (j = 0; j < l->blocked_by.nr; j++)
			if (l->blocked_by.v[j].issue == c->target)
				break;
		if (op_adds(c->op)) {
			if (j < l->blocked_by.nr)
				l->blocked_by.v[j] = k;
			else
				link_push(&l->blocked_by, &k);
		} else if (j < l->blocked_by.nr) {
			memmove(&l->blocked_by.v[j], &l->blocked_by.v[j + 1],
				(l->blocked_by.nr - j - 1) *
				sizeof(*l->blocked_by.v));
			l->blocked_by.nr--;
			link_push(&l->removed, &k);
		}
	}
}

void gi_plan_resolve_issue(struct gi_issue *is,
			   long (*canon)(long n, void *payload), void *payload)
{
	struct change *ch = NULL;
	const struct gi_record **syncs = NULL;
	size_t nch = 0, ach = 0, nsyncs = 0, asyncs = 0, i;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *k = rec->kind;

		if (!rec->json || rec->superseded || !k)
			continue;
		if (!strcmp(k, GI_KIND_ISSUE)) {
			double id = gi_json_num(rec->json, "github_id");

			/* GitHub's side: once imported, a record made here
			 * (the creation of a provisional issue) is not,
			 * whatever the clocks say */
			if (!is->snapshot || imported(rec) ||
			    !imported(is->snapshot))
				is->snapshot = rec;
			if (id > 0)
				is->github_id = id;
			if (!is->links.discovered_from)
				discovered_from(is, rec, canon, payload);
		} else if (!strcmp(k, GI_KIND_BODY)) {
			if (!is->body_rec || imported(rec) ||
			    !imported(is->body_rec))
				is->body_rec = rec;
		} else if (!strcmp(k, GI_KIND_LINK_STATE)) {
			is->links.state = rec;
		} else if (!strcmp(k, GI_KIND_LINK_SYNC)) {
			GI_ALLOC_GROW(syncs, nsyncs + 1, asyncs);
			syncs[nsyncs++] = rec;
		} else if (!strcmp(k, GI_KIND_INTENT)) {
			is->intent = rec;
		} else if (!strcmp(k, GI_KIND_LINK)) {
			struct change c = { 0 };
			long t = 0;

			c.rec = rec;
			c.op = gi_json_str(rec->json, "op");
			c.rel = op_rel(c.op);
			if (c.rel < 0 ||
			    (gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(
					rec->json, "target"), &t) &&
			     strcmp(c.op, GI_LINK_OP_UNPARENT)))
				continue;	/* a change we cannot read */
			c.target = canon_of(t, canon, payload);
			GI_ALLOC_GROW(ch, nch + 1, ach);
			ch[nch++] = c;
		}
	}
	if (is->snapshot) {
		is->title = is->snapshot->title;
		is->state = is->snapshot->state;
		is->state_reason = gi_json_str(is->snapshot->json,
					       "state_reason");
	}
	if (is->body_rec)
		is->body = is->body_rec->text ? is->body_rec->text : "";
	gi_edits_resolve(is);
	for (i = 0; i < nch; i++)
		change_status(&ch[i], syncs, nsyncs);
	remote_side(&is->links, canon, payload);
	resolve_links(is, ch, nch);
	free(ch);
	free(syncs);
}

void gi_plan_release_issue(struct gi_issue *is)
{
	struct gi_issue_links *l = &is->links;

	gi_edits_release(&is->edits);
	free(l->blocked_by.v);
	free(l->removed.v);
	free(l->remote_blocked_by);
	free(l->todo);
	memset(l, 0, sizeof(*l));
}

/* --- the plan --------------------------------------------------------- */

static int cmp_node(const void *a, const void *b)
{
	return gi_issue_cmp(((const struct gi_plan_node *)a)->is.number,
			    ((const struct gi_plan_node *)b)->is.number);
}

long gi_plan_canonical(const struct gi_plan *p, long n)
{
	size_t i;

	if (!gi_issue_is_provisional(n))
		return n;
	for (i = 0; i < p->nalias; i++)
		if (p->alias[i].provisional == n)
			return p->alias[i].number;
	return n;
}

static long plan_canon(long n, void *payload)
{
	return gi_plan_canonical(payload, n);
}

struct gi_plan_node *gi_plan_get(const struct gi_plan *p, long n)
{
	struct gi_plan_node key;

	if (!p->nr)
		return NULL;
	key.is.number = gi_plan_canonical(p, n);
	return bsearch(&key, p->v, p->nr, sizeof(*p->v), cmp_node);
}

void gi_plan_add_alias(struct gi_plan *p, long provisional, long number)
{
	size_t i;

	if (!gi_issue_is_provisional(provisional) ||
	    gi_issue_is_provisional(number) || number <= 0)
		return;
	for (i = 0; i < p->nalias; i++)
		if (p->alias[i].provisional == provisional)
			return;
	GI_ALLOC_GROW(p->alias, p->nalias + 1, p->alias_alloc);
	p->alias[p->nalias].provisional = provisional;
	p->alias[p->nalias].number = number;
	p->nalias++;
}

/* A note's lines while loading. */
struct loaded {
	long n;
	struct gi_lines lines;
};

void gi_plan_each_alias(const struct gi_lines *lines,
			void (*fn)(int created_as, long m, void *payload),
			void *payload)
{
	static const char needle[] = "\"kind\":\"" GI_KIND_ALIAS "\"";
	size_t i;

	for (i = 0; i < lines->nr; i++) {
		const struct gi_line *ln = &lines->v[i];
		cJSON *j;
		long m;

		if (ln->len < sizeof(needle) ||
		    !memmem(ln->p, ln->len, needle, sizeof(needle) - 1))
			continue;
		j = cJSON_ParseWithLength(ln->p, ln->len);
		if (!gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
					"created_as"), &m))
			fn(1, m, payload);
		if (!gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
					"provisional"), &m))
			fn(0, m, payload);
		cJSON_Delete(j);
	}
}

struct scan_ctx {
	struct gi_plan *p;
	long n;
};

static void add_named_alias(int created_as, long m, void *payload)
{
	struct scan_ctx *c = payload;

	if (created_as)
		gi_plan_add_alias(c->p, c->n, m);
	else
		gi_plan_add_alias(c->p, m, c->n);
}

static void scan_aliases(struct gi_plan *p, const struct loaded *l)
{
	struct scan_ctx c = { p, l->n };

	gi_plan_each_alias(&l->lines, add_named_alias, &c);
}

/* A node for n, made (without records) when missing; sorts later. */
static struct gi_plan_node *node_for(struct gi_plan *p, long n)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (p->v[i].is.number == n)
			return &p->v[i];
	GI_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	memset(&p->v[p->nr], 0, sizeof(p->v[0]));
	p->v[p->nr].is.number = n;
	return &p->v[p->nr++];
}

static int cmp_long_issue(const void *a, const void *b)
{
	return gi_issue_cmp(*(const long *)a, *(const long *)b);
}

struct made {
	long n;
	const char *made;
};

static int cmp_made(const void *a, const void *b)
{
	const struct made *x = a, *y = b;

	return gi_issue_made_cmp(x->n, x->made, y->n, y->made);
}

/* Children in the order they were made (gi_issue_made_cmp). */
static void sort_children(const struct gi_plan *p, struct gi_plan_node *c)
{
	struct made *v = gi_xcalloc(c->nchildren, sizeof(*v));
	size_t i;

	for (i = 0; i < c->nchildren; i++) {
		const struct gi_plan_node *k = gi_plan_get(p, c->children[i]);

		v[i].n = c->children[i];
		v[i].made = k ? gi_issue_made(&k->is) : NULL;
	}
	qsort(v, c->nchildren, sizeof(*v), cmp_made);
	for (i = 0; i < c->nchildren; i++)
		c->children[i] = v[i].n;
	free(v);
}

void gi_plan_derive(struct gi_plan *p)
{
	size_t i, j, nr, nnamed = 0, anamed = 0;
	long *named = NULL;

	/* stubs first, so that no node moves while we fill them in; the
	 * names are gathered before any is made, as making one moves all */
	nr = p->nr;
	for (i = 0; i < nr; i++) {
		struct gi_issue_links *l = &p->v[i].is.links;

		if (l->parent.issue)
			gi_longs_add(&named, &nnamed, &anamed, l->parent.issue);
		for (j = 0; j < l->blocked_by.nr; j++)
			gi_longs_add(&named, &nnamed, &anamed,
				  l->blocked_by.v[j].issue);
	}
	for (i = 0; i < nnamed; i++)
		node_for(p, named[i]);
	free(named);
	if (p->nr > 1)
		qsort(p->v, p->nr, sizeof(*p->v), cmp_node);
	for (i = 0; i < p->nr; i++) {
		struct gi_plan_node *c = &p->v[i];
		struct gi_issue_links *l = &c->is.links;
		struct gi_plan_node *par;

		if (l->parent.issue && (par = gi_plan_get(p, l->parent.issue)))
			gi_longs_add(&par->children, &par->nchildren,
				  &par->children_alloc, c->is.number);
		for (j = 0; j < l->blocked_by.nr; j++) {
			struct gi_plan_node *b = gi_plan_get(p,
						l->blocked_by.v[j].issue);

			if (b)
				gi_longs_add(&b->blocking, &b->nblocking,
					  &b->blocking_alloc, c->is.number);
		}
	}
	for (i = 0; i < p->nr; i++) {
		struct gi_plan_node *c = &p->v[i];

		if (c->nchildren > 1)
			sort_children(p, c);
		if (c->nblocking > 1)
			qsort(c->blocking, c->nblocking, sizeof(long),
			      cmp_long_issue);
	}
}

int gi_plan_load(struct gi_plan *p, struct gi_repo *r, const git_oid *notes)
{
	struct gi_issue_list list;
	struct loaded *ld;
	size_t i, j, nld = 0;

	memset(p, 0, sizeof(*p));
	if (gi_store_list(&list, r, notes) < 0)
		return -1;
	ld = gi_xcalloc(list.nr + 1, sizeof(*ld));
	for (i = 0; i < list.nr; i++) {
		if (!list.v[i].issue) {
			p->unknown++;
			continue;
		}
		ld[nld].n = list.v[i].issue;
		gi_lines_init(&ld[nld].lines);
		if (gi_store_read_blob(&ld[nld].lines, r, &list.v[i].note) < 0) {
			for (j = 0; j <= nld; j++)
				gi_lines_release(&ld[j].lines);
			free(ld);
			gi_issue_list_release(&list);
			return -1;
		}
		scan_aliases(p, &ld[nld]);
		nld++;
	}
	gi_issue_list_release(&list);
	/* a provisional issue's lines go to the number it became */
	for (i = 0; i < nld; i++) {
		long to = gi_plan_canonical(p, ld[i].n);

		if (to == ld[i].n)
			continue;
		for (j = 0; j < nld && ld[j].n != to; j++)
			;
		if (j == nld) {
			ld[i].n = to;	/* the number's own note is missing */
			continue;
		}
		gi_lines_union(&ld[j].lines, &ld[i].lines);
		for (size_t k = 0; k < ld[i].lines.nchunks; k++)
			gi_lines_own(&ld[j].lines, ld[i].lines.chunks[k]);
		ld[i].lines.nchunks = 0;
		gi_lines_release(&ld[i].lines);
		ld[i].n = 0;
	}
	for (i = 0; i < nld; i++) {
		struct gi_plan_node *node;
		size_t k;

		if (!ld[i].n)
			continue;
		GI_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
		node = &p->v[p->nr++];
		memset(node, 0, sizeof(*node));
		node->known = 1;
		gi_issue_load_lines(&node->is, &ld[i].lines, ld[i].n,
				    plan_canon, p);
		for (k = 0; k < p->nalias; k++)
			if (p->alias[k].number == ld[i].n)
				node->is.provisional = p->alias[k].provisional;
	}
	free(ld);
	gi_plan_derive(p);
	return 0;
}

void gi_plan_release(struct gi_plan *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		gi_issue_release(&p->v[i].is);
		free(p->v[i].children);
		free(p->v[i].blocking);
	}
	free(p->v);
	free(p->alias);
	memset(p, 0, sizeof(*p));
}

static void drop_long(long *v, size_t *nr, long x)
{
	size_t i;

	for (i = 0; i < *nr; i++)
		if (v[i] == x) {
			memmove(&v[i], &v[i + 1], (*nr - i - 1) * sizeof(*v));
			(*nr)--;
			return;
		}
}

void gi_plan_apply(struct gi_plan *p, long n, const char *op, long target)
{
	struct gi_plan_node *node, *t;
	struct gi_issue_links *l;
	struct gi_link k = { 0 };
	size_t i;

	n = gi_plan_canonical(p, n);
	target = gi_plan_canonical(p, target);
	if (!gi_plan_get(p, n) || (target && !gi_plan_get(p, target))) {
		node_for(p, n);
		if (target)
			node_for(p, target);
		qsort(p->v, p->nr, sizeof(*p->v), cmp_node);
	}
	node = gi_plan_get(p, n);
	l = &node->is.links;
	k.issue = target;
	k.status = GI_LINK_PENDING;
	if (!strcmp(op, GI_LINK_OP_PARENT) || !strcmp(op, GI_LINK_OP_UNPARENT)) {
		if (l->parent.issue && (t = gi_plan_get(p, l->parent.issue)))
			drop_long(t->children, &t->nchildren, n);
		memset(&l->parent, 0, sizeof(l->parent));
		if (!strcmp(op, GI_LINK_OP_PARENT)) {
			k.rel = GI_REL_PARENT;
			l->parent = k;
			t = gi_plan_get(p, target);
			gi_longs_add(&t->children, &t->nchildren,
				  &t->children_alloc, n);
		}
		return;
	}
	k.rel = GI_REL_BLOCKED_BY;
	t = gi_plan_get(p, target);
	if (!strcmp(op, GI_LINK_OP_BLOCKED_BY)) {
		link_push(&l->blocked_by, &k);
		gi_longs_add(&t->blocking, &t->nblocking, &t->blocking_alloc, n);
		return;
	}
	for (i = 0; i < l->blocked_by.nr; i++)
		if (l->blocked_by.v[i].issue == target) {
			memmove(&l->blocked_by.v[i], &l->blocked_by.v[i + 1],
				(l->blocked_by.nr - i - 1) *
				sizeof(*l->blocked_by.v));
			l->blocked_by.nr--;
			break;
		}
	drop_long(t->blocking, &t->nblocking, n);
}

/*
 * The `link` records of the changes, after the records `head` (may be
 * none), written to n in one append.
 */
static int write_links(struct gi_repo *r, long n,
		       const struct gi_record_fields *head, size_t nhead,
		       const struct gi_link_change *ch, size_t nch)
{
	struct gi_record_fields *f = gi_xcalloc(nhead + nch + 1, sizeof(*f));
	cJSON **extra = gi_xcalloc(nch + 1, sizeof(*extra));
	size_t i;
	int ret;

	for (i = 0; i < nhead; i++)
		f[i] = head[i];
	for (i = 0; i < nch; i++) {
		extra[i] = cJSON_CreateObject();
		cJSON_AddStringToObject(extra[i], "op", ch[i].op);
		if (ch[i].target)
			cJSON_AddItemToObject(extra[i], "target",
					      gi_issue_to_json(ch[i].target));
		f[nhead + i].kind = GI_KIND_LINK;
		f[nhead + i].extra = extra[i];
	}
	ret = gi_issue_add(r, n, f, nhead + nch, NULL);
	for (i = 0; i < nch; i++)
		cJSON_Delete(extra[i]);
	free(extra);
	free(f);
	return ret;
}

/*
 * Check the changes of n's relations together, each on the plan as the
 * ones before it leave it; each target becomes canonical, an unparent's
 * the parent it removes. @return 0 or GI_EINVALID (why in `why`).
 */
static int check_changes(struct gi_plan *plan, long n,
			 struct gi_link_change *ch, size_t nch, gi_buf *why)
{
	size_t i;
	int ret;

	for (i = 0; i < nch; i++) {
		struct gi_plan_node *node = gi_plan_get(plan, n);

		ch[i].target = gi_plan_canonical(plan, ch[i].target);
		if (!strcmp(ch[i].op, GI_LINK_OP_UNPARENT) && node)
			ch[i].target = node->is.links.parent.issue;
		ret = gi_link_rules_check(plan, n, ch[i].op, ch[i].target,
					  why);
		if (ret)
			return ret;
		gi_plan_apply(plan, n, ch[i].op, ch[i].target);
	}
	return 0;
}

int gi_plan_link(struct gi_repo *r, long *n, struct gi_link_change *ch,
		 size_t nch, gi_buf *why)
{
	struct gi_plan plan;
	int ret;

	if (gi_plan_load(&plan, r, NULL) < 0)
		return -1;
	*n = gi_plan_canonical(&plan, *n);
	ret = check_changes(&plan, *n, ch, nch, why);
	gi_plan_release(&plan);
	return ret ? ret : write_links(r, *n, NULL, 0, ch, nch);
}

/* A provisional name that no note of this clone uses yet. */
static int fresh_name(const struct gi_plan *p, long *out)
{
	int i;

	for (i = 0; i < 100; i++) {
		*out = gi_provisional_new();
		if (!gi_plan_get(p, *out))
			return 0;
	}
	return gi_error("could not find an unused provisional name");
}

/* The spec's relations as changes: the parent, then each blocker. */
static size_t spec_changes(struct gi_link_change *ch,
			   const struct gi_issue_spec *spec)
{
	size_t i, k = 0;

	if (spec->parent) {
		ch[k].op = GI_LINK_OP_PARENT;
		ch[k++].target = spec->parent;
	}
	for (i = 0; i < spec->nblocked_by; i++) {
		ch[k].op = GI_LINK_OP_BLOCKED_BY;
		ch[k++].target = spec->blocked_by[i];
	}
	return k;
}

int gi_plan_new_issue(struct gi_repo *r, const struct gi_issue_spec *spec,
		      long *out, gi_buf *why)
{
	struct gi_link_change *ch = gi_xcalloc(spec->nblocked_by + 2,
					       sizeof(*ch));
	struct gi_record_fields head[2];
	struct gi_plan plan;
	cJSON *issue = cJSON_CreateObject();
	cJSON *labels = cJSON_AddArrayToObject(issue, "labels");
	size_t i, nch = spec_changes(ch, spec);
	int ret = GI_EINVALID;

	/* GitHub's limits, counting the marker the body gets */
	if (gi_issue_text_check(spec->title, spec->body ? spec->body : "",
				gi_issue_github_added(spec->body ?
						      strlen(spec->body) : 0,
						      spec->discovered_from, 1),
				spec->labels, spec->nlabels, why))
		goto done;
	ret = -1;
	if (gi_plan_load(&plan, r, NULL) < 0)
		goto done;
	ret = fresh_name(&plan, out);
	if (!ret)
		ret = check_changes(&plan, *out, ch, nch, why);
	gi_plan_release(&plan);
	if (ret)
		goto done;
	for (i = 0; i < spec->nlabels; i++)
		cJSON_AddItemToArray(labels,
				     cJSON_CreateString(spec->labels[i]));
	memset(head, 0, sizeof(head));
	head[0].kind = GI_KIND_ISSUE;
	head[0].title = spec->title;
	head[0].state = "open";
	if (spec->plan_key)
		cJSON_AddStringToObject(issue, "plan_key", spec->plan_key);
	if (spec->discovered_from)
		cJSON_AddItemToObject(issue, "discovered_from",
				      gi_issue_to_json(spec->discovered_from));
	head[0].extra = issue;
	head[1].kind = GI_KIND_BODY;
	head[1].text = spec->body ? spec->body : "";
	ret = write_links(r, *out, head, 2, ch, nch);
done:
	cJSON_Delete(issue);
	free(ch);
	return ret;
}
