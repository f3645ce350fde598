/*
 * plan-walk.c: walks over the plan once it is loaded (plan.h): the
 * progress below an issue, the chain of blockers between two issues,
 * parenthood, and the filters of the listings. Apart from plan.c, which
 * reads the records and derives the plan, as these only read it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/core/plan-walk.h"
#include "gitissue/util/json.h"
#include "gitissue/util/util.h"

/*
 * Every issue below n counted once: `seen` has a flag per node of the
 * plan. A cycle of parents (GitHub refuses them; a forced one must not
 * hang us) ends where it comes back, so an issue that is its own parent
 * has nothing below it, not 33 copies of itself. Deeper than GitHub
 * allows by far, a forced chain is not walked further (the stack).
 */
static void progress_walk(const struct gi_plan *p, long n, size_t *closed,
			  size_t *total, char *seen, int depth)
{
	const struct gi_plan_node *node = gi_plan_get(p, n);
	size_t i;

	if (!node || depth > GI_PLAN_MAX_DEPTH * 4)
		return;
	for (i = 0; i < node->nchildren; i++) {
		const struct gi_plan_node *c = gi_plan_get(p, node->children[i]);

		if (c && seen[c - p->v])
			continue;
		(*total)++;
		if (!c)
			continue;
		seen[c - p->v] = 1;
		if (gi_issue_closed(&c->is))
			(*closed)++;
		progress_walk(p, node->children[i], closed, total, seen,
			      depth + 1);
	}
}

void gi_plan_progress(const struct gi_plan *p, long n, size_t *closed,
		      size_t *total)
{
	const struct gi_plan_node *top = gi_plan_get(p, n);
	char *seen;

	*closed = *total = 0;
	if (!top)
		return;
	seen = gi_xcalloc(p->nr, 1);
	seen[top - p->v] = 1;
	progress_walk(p, n, closed, total, seen, 0);
	free(seen);
}
/* Breadth first from `blocked` along blocked-by: `from[i]` is the issue
 * that queue[i] was reached from (its index), for the way back. */
size_t gi_plan_chain(const struct gi_plan *p, long blocker, long blocked,
		     long **chain)
{
	long *queue = NULL;
	size_t *from = NULL, nq = 0, aq = 0, af = 0, head, i, len = 0, at;

	*chain = NULL;
	blocker = gi_plan_canonical(p, blocker);
	blocked = gi_plan_canonical(p, blocked);
	if (blocker == blocked)
		return 0;
	GI_ALLOC_GROW(queue, 1, aq);
	GI_ALLOC_GROW(from, 1, af);
	queue[nq] = blocked;
	from[nq++] = 0;
	for (head = 0; head < nq; head++) {
		const struct gi_plan_node *node = gi_plan_get(p, queue[head]);

		if (queue[head] == blocker)
			break;
		for (i = 0; node && i < node->is.links.blocked_by.nr; i++) {
			long b = node->is.links.blocked_by.v[i].issue;
			size_t k;

			for (k = 0; k < nq && queue[k] != b; k++)
				;
			if (k < nq)
				continue;	/* seen */
			GI_ALLOC_GROW(queue, nq + 1, aq);
			GI_ALLOC_GROW(from, nq + 1, af);
			queue[nq] = b;
			from[nq++] = head;
		}
	}
	if (head < nq) {
		/* the way back from the blocker is the order of the work */
		for (at = head, len = 1; at; at = from[at])
			len++;
		*chain = gi_xcalloc(len, sizeof(**chain));
		for (at = head, i = 0; i < len; i++, at = from[at])
			(*chain)[i] = queue[at];
	}
	free(queue);
	free(from);
	return len;
}

int gi_plan_is_parent(const struct gi_plan *p, long parent, long child)
{
	const struct gi_plan_node *c = gi_plan_get(p, child);

	return c && c->is.links.parent.issue &&
	       c->is.links.parent.issue == gi_plan_canonical(p, parent);
}

int gi_issue_has_label(const struct gi_issue *is, const char *label)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, gi_issue_labels(is))
		if (cJSON_IsString(it) && !strcasecmp(it->valuestring, label))
			return 1;
	return 0;
}

int gi_plan_filter_match(const struct gi_plan *p,
			 const struct gi_plan_node *node,
			 const struct gi_plan_filter *f)
{
	size_t i;

	if (!node->known)
		return 0;
	for (i = 0; i < f->nlabels; i++)
		if (!(p->has_label ? p->has_label(node, f->labels[i]) :
		      gi_issue_has_label(&node->is, f->labels[i])))
			return 0;
	return !f->parent || node->is.links.parent.issue ==
		gi_plan_canonical(p, f->parent);
}


