/*
 * link-rules.c: GitHub's rules for sub-issues and blocked-by, checked on
 * the plan as this clone sees it before a change is written
 * (link-rules.h): one parent per issue, no cycle of parents or of
 * blocked-by, at most 100 sub-issues per parent and 8 levels, at most 50
 * issues blocking one issue and 50 blocked by one.
 */
#include "gitissue/core/link-rules.h"

#include <stdlib.h>
#include <string.h>


/* The parents of n, nearest first, up to max; stops on a cycle. */
static size_t ancestors(const struct gi_plan *p, long n, long *out,
			size_t max)
{
	size_t nr = 0, i;
	const struct gi_plan_node *node = gi_plan_get(p, n);

	while (node && node->is.links.parent.issue && nr < max) {
		long up = node->is.links.parent.issue;

		for (i = 0; i < nr; i++)
			if (out[i] == up)
				return nr;
		if (up == n)
			return nr;
		out[nr++] = up;
		node = gi_plan_get(p, up);
	}
	return nr;
}

static size_t subtree_height(const struct gi_plan *p, long n, int depth)
{
	const struct gi_plan_node *node = gi_plan_get(p, n);
	size_t i, h = 0;

	if (!node || depth > GI_PLAN_MAX_DEPTH * 4)
		return 0;
	for (i = 0; i < node->nchildren; i++) {
		size_t c = 1 + subtree_height(p, node->children[i], depth + 1);

		if (c > h)
			h = c;
	}
	return h;
}

/* Is `to` reachable from `from` by blocked-by? */
static int blocked_path(const struct gi_plan *p, long from, long to)
{
	long *stack = NULL, *seen = NULL;
	size_t nstack = 0, astack = 0, nseen = 0, aseen = 0, i;
	int found = 0;

	GI_ALLOC_GROW(stack, 1, astack);
	stack[nstack++] = from;
	while (nstack && !found) {
		long id = stack[--nstack];
		const struct gi_plan_node *node;

		if (id == to) {
			found = 1;
			break;
		}
		for (i = 0; i < nseen && seen[i] != id; i++)
			;
		if (i < nseen)
			continue;
		GI_ALLOC_GROW(seen, nseen + 1, aseen);
		seen[nseen++] = id;
		node = gi_plan_get(p, id);
		if (!node)
			continue;
		for (i = 0; i < node->is.links.blocked_by.nr; i++) {
			GI_ALLOC_GROW(stack, nstack + 1, astack);
			stack[nstack++] = node->is.links.blocked_by.v[i].issue;
		}
	}
	free(stack);
	free(seen);
	return found;
}

/* gi_link_rules_check of a new parent: n (its links l) below target (t). */
static int check_parent(const struct gi_plan *p, long n, long target,
			const struct gi_issue_links *l,
			const struct gi_plan_node *t, gi_buf *why)
{
	char a[GI_ISSUE_NAME_MAX], b[GI_ISSUE_NAME_MAX], c[GI_ISSUE_NAME_MAX];
	long up[GI_PLAN_MAX_DEPTH * 4];
	size_t i, nup;

	gi_issue_label(n, a);
	gi_issue_label(target, b);
	if (l && l->parent.issue == target) {
		gi_buf_addf(why, "issue %s is already a sub-issue of %s", a, b);
		return GI_EINVALID;
	}
	if (l && l->parent.issue) {
		gi_buf_addf(why, "issue %s already has a parent, %s: an issue "
			    "has one parent (unlink it first with 'git "
			    "issue-link %s --unlink-parent')", a,
			    gi_issue_label(l->parent.issue, c),
			    gi_issue_name(n, c));
		return GI_EINVALID;
	}
	nup = ancestors(p, target, up, GI_ARRAY_SIZE(up));
	for (i = 0; i < nup; i++)
		if (up[i] == n) {
			gi_buf_addf(why, "issue %s is above %s already: making "
				    "it a sub-issue of %s would make a cycle",
				    a, b, b);
			return GI_EINVALID;
		}
	if (nup + 1 + subtree_height(p, n, 0) > GI_PLAN_MAX_DEPTH) {
		gi_buf_addf(why, "sub-issues nest at most %d levels deep: %s "
			    "is %zu below the top and %s has %zu below it",
			    GI_PLAN_MAX_DEPTH, b, nup, a,
			    subtree_height(p, n, 0));
		return GI_EINVALID;
	}
	if (t && t->nchildren >= GI_PLAN_MAX_SUB_ISSUES) {
		gi_buf_addf(why, "issue %s has %zu sub-issues already, the "
			    "most GitHub allows (closed ones count)", b,
			    t->nchildren);
		return GI_EINVALID;
	}
	return 0;
}

/* gi_link_rules_check of a new blocker: target (t) blocks n (its links l). */
static int check_blocked_by(const struct gi_plan *p, long n, long target,
			    const struct gi_issue_links *l,
			    const struct gi_plan_node *t, gi_buf *why)
{
	char a[GI_ISSUE_NAME_MAX], b[GI_ISSUE_NAME_MAX];
	size_t i;

	gi_issue_label(n, a);
	gi_issue_label(target, b);
	for (i = 0; l && i < l->blocked_by.nr; i++)
		if (l->blocked_by.v[i].issue == target) {
			gi_buf_addf(why, "issue %s is already blocked by %s",
				    a, b);
			return GI_EINVALID;
		}
	if (blocked_path(p, target, n)) {
		gi_buf_addf(why, "issue %s is blocked by %s already (maybe "
			    "through others): %s blocked by %s would make a "
			    "cycle", b, a, a, b);
		return GI_EINVALID;
	}
	if (l && l->blocked_by.nr >= GI_PLAN_MAX_BLOCKED_BY) {
		gi_buf_addf(why, "issue %s is blocked by %zu issues already, "
			    "the most GitHub allows", a, l->blocked_by.nr);
		return GI_EINVALID;
	}
	if (t && t->nblocking >= GI_PLAN_MAX_BLOCKING) {
		gi_buf_addf(why, "issue %s blocks %zu issues already, the most "
			    "GitHub allows", b, t->nblocking);
		return GI_EINVALID;
	}
	return 0;
}

int gi_link_rules_check(const struct gi_plan *p, long n, const char *op,
			long target, gi_buf *why)
{
	/* looked up before canonical, as they always were */
	const struct gi_plan_node *node = gi_plan_get(p, n);
	const struct gi_plan_node *t = target ? gi_plan_get(p, target) : NULL;
	const struct gi_issue_links *l = node ? &node->is.links : NULL;
	char a[GI_ISSUE_NAME_MAX], b[GI_ISSUE_NAME_MAX];
	size_t i;

	n = gi_plan_canonical(p, n);
	target = gi_plan_canonical(p, target);
	gi_issue_label(n, a);
	gi_issue_label(target, b);
	if (!strcmp(op, GI_LINK_OP_UNPARENT)) {
		if (!l || !l->parent.issue) {
			gi_buf_addf(why, "issue %s has no parent", a);
			return GI_EINVALID;
		}
		return 0;
	}
	if (target == n) {
		gi_buf_addf(why, "issue %s cannot be %s itself", a,
			    !strcmp(op, GI_LINK_OP_PARENT) ?
			    "a sub-issue of" : "blocked by");
		return GI_EINVALID;
	}
	if (!strcmp(op, GI_LINK_OP_PARENT))
		return check_parent(p, n, target, l, t, why);
	if (!strcmp(op, GI_LINK_OP_BLOCKED_BY))
		return check_blocked_by(p, n, target, l, t, why);
	if (!strcmp(op, GI_LINK_OP_UNBLOCK)) {
		for (i = 0; l && i < l->blocked_by.nr; i++)
			if (l->blocked_by.v[i].issue == target)
				return 0;
		gi_buf_addf(why, "issue %s is not blocked by %s", a, b);
		return GI_EINVALID;
	}
	gi_buf_addf(why, "unknown link change '%s'", op);
	return GI_EINVALID;
}
