/*
 * landed.c: the issues whose branch is merged into its base, and the
 * state word every view names beside an issue it mentions (landed.h).
 *
 * Merged is the board's rule (gi_branch_state, "The merged-state rule" in
 * design.md): nothing ahead of the base and the branch moved since it was
 * made, or a squash or rebase merge (the base has the branch's changes).
 * One issue with several branches has landed when one of them has.
 */
#include "gitissue/worktree/landed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/plan.h"
#include "gitissue/util/config.h"
#include "worktree/branch.h"

static int cmp_landed(const void *a, const void *b)
{
	const struct gi_landed_issue *x = a, *y = b;

	return gi_issue_cmp(x->issue, y->issue);
}

/* Has branch `b` landed in its base? 1 yes (filled), 0 no, -1 error. */
static int branch_landed(struct gi_landed_issue *out, struct gi_repo *r,
			 const struct gi_issue_branch *b,
			 struct gi_base *cache);

int gi_landed_branch(struct gi_landed_issue *out, struct gi_repo *r,
		     long n, const char *branch, const git_oid *tip)
{
	struct gi_issue_branch b;

	memset(out, 0, sizeof(*out));
	if (!branch)
		return 0;	/* detached: the board's rule needs a branch */
	b.name = (char *)branch;
	b.issue = n;
	b.tip = *tip;
	b.linked = 0;
	return branch_landed(out, r, &b, NULL);
}

void gi_landed_issue_release(struct gi_landed_issue *li)
{
	free(li->branch);
	free(li->base);
	memset(li, 0, sizeof(*li));
}

void gi_landed_done(struct gi_repo *r, const struct gi_landed_issue *li)
{
	struct gi_issue is;
	char label[GI_ISSUE_NAME_MAX];
	int open;

	if (gi_issue_load(&is, r, NULL, li->issue) < 0)
		return;
	open = !gi_issue_closed(&is);
	gi_issue_release(&is);
	if (!open)
		return;
	/* off by default: a pull request that says "Fixes #N" closes the
	 * issue on GitHub already, and the sync brings that back */
	if (!gi_config_bool(r, "issue.closeOnMerge", 0)) {
		gi_landed_advise_close(li);
		return;
	}
	if (!gi_issue_close(r, li->issue, GI_REASON_COMPLETED, NULL))
		fprintf(stderr, "closed issue %s: merged into '%s' "
			"(issue.closeOnMerge)\n",
			gi_issue_label(li->issue, label), li->base);
}

static int branch_landed(struct gi_landed_issue *out, struct gi_repo *r,
			 const struct gi_issue_branch *b,
			 struct gi_base *cache)
{
	struct gi_base base;
	struct gi_branch_state st;
	int ret = 0;

	memset(&base, 0, sizeof(base));
	if (gi_base_for_branch(&base, r, b->name, cache, 1))
		return 0;	/* no base: nothing to have landed in */
	if (gi_branch_state(&st, r->repo, b->name, &b->tip, &base.oid) < 0) {
		ret = -1;
	} else if (st.merged) {
		out->issue = b->issue;
		out->branch = gi_xstrdup(b->name);
		out->base = gi_xstrdup(base.name);
		out->squashed = st.squashed;
		ret = 1;
	}
	gi_base_release(&base);
	return ret;
}

int gi_landed_collect(struct gi_landed *out, struct gi_repo *r)
{
	struct gi_issue_branch_list bl;
	struct gi_base cache;
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&cache, 0, sizeof(cache));
	if (gi_issue_branches(&bl, r) < 0)
		return -1;
	for (i = 0; i < bl.nr; i++) {
		struct gi_landed_issue li;
		int got;

		if (gi_landed_get(out, bl.v[i].issue))
			continue;	/* one landed branch is enough */
		got = branch_landed(&li, r, &bl.v[i], &cache);
		if (got < 0)
			goto done;
		if (!got)
			continue;
		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = li;
		/* gi_issue_branches sorts by issue: the array stays sorted */
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_landed);
	ret = 0;
done:
	gi_base_release(&cache);
	gi_issue_branch_list_release(&bl);
	if (ret < 0)
		gi_landed_release(out);
	return ret;
}

void gi_landed_release(struct gi_landed *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		gi_landed_issue_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const struct gi_landed_issue *gi_landed_get(const struct gi_landed *l,
					    long n)
{
	size_t i;

	for (i = 0; l && i < l->nr; i++)
		if (l->v[i].issue == n)
			return &l->v[i];
	return NULL;
}

int gi_issue_done(const struct gi_issue *is, const struct gi_landed *l)
{
	if (!is)
		return 0;
	return gi_issue_closed(is) || gi_landed_get(l, is->number) != NULL;
}

const char *gi_issue_state_word(const struct gi_issue *is, long n,
				const struct gi_landed *l)
{
	if (is && gi_issue_closed(is))
		return "closed";
	if (gi_landed_get(l, n))
		return "merged";
	if (!is || !is->nr)
		return gi_issue_is_provisional(n) ? "provisional" : "unknown";
	return gi_issue_is_provisional(n) ? "provisional" : "open";
}

struct gi_states {
	struct gi_repo *r;
	struct gi_issue_branch_list bl;
	struct gi_base cache;
	int listed;		/* 1 listed, -1 the listing failed, 0 not yet */
};

struct gi_states *gi_states_new(struct gi_repo *r)
{
	struct gi_states *s = gi_xcalloc(1, sizeof(*s));

	s->r = r;
	return s;
}

const char *gi_states_word(struct gi_states *s, const struct gi_issue *is)
{
	struct gi_landed one;
	const char *word;
	size_t i;

	if (s && !s->listed)
		s->listed = gi_issue_branches(&s->bl, s->r) < 0 ? -1 : 1;
	if (!s || gi_issue_closed(is) || s->listed < 0)
		return gi_issue_state_word(is, is->number, NULL);
	memset(&one, 0, sizeof(one));
	for (i = 0; i < s->bl.nr && !one.nr; i++) {
		struct gi_landed_issue li;

		if (s->bl.v[i].issue != is->number ||
		    branch_landed(&li, s->r, &s->bl.v[i], &s->cache) != 1)
			continue;
		one.v = gi_xcalloc(1, sizeof(*one.v));
		one.v[one.nr++] = li;
	}
	word = gi_issue_state_word(is, is->number, &one);
	gi_landed_release(&one);
	return word;
}

void gi_states_free(struct gi_states *s)
{
	if (!s)
		return;
	if (s->listed > 0)
		gi_issue_branch_list_release(&s->bl);
	gi_base_release(&s->cache);
	free(s);
}

const char *gi_issue_state_here(struct gi_repo *r, const struct gi_issue *is)
{
	struct gi_states *s;
	const char *word;

	if (gi_issue_closed(is))
		return gi_issue_state_word(is, is->number, NULL);
	s = gi_states_new(r);
	word = gi_states_word(s, is);
	gi_states_free(s);
	return word;
}

/* Name one link's state, from the plan or the notes. */
static void name_state(struct gi_link *k, struct gi_repo *r,
		       const struct gi_plan *p, const struct gi_landed *l)
{
	const struct gi_plan_node *node;
	struct gi_issue is;

	if (!k->issue)
		return;
	if (p) {
		node = gi_plan_get(p, k->issue);
		k->state = gi_issue_state_word(node && node->known ?
					       &node->is : NULL, k->issue, l);
		return;
	}
	if (gi_issue_load(&is, r, NULL, k->issue) < 0) {
		k->state = "unknown";
		return;
	}
	k->state = gi_issue_state_word(&is, k->issue, l);
	gi_issue_release(&is);
}

void gi_links_name_states(struct gi_issue *is, struct gi_repo *r,
			  const struct gi_plan *p, const struct gi_landed *l)
{
	size_t i;

	name_state(&is->links.parent, r, p, l);
	for (i = 0; i < is->links.blocked_by.nr; i++)
		name_state(&is->links.blocked_by.v[i], r, p, l);
}

void gi_landed_advise_close(const struct gi_landed_issue *li)
{
	char label[GI_ISSUE_NAME_MAX], name[GI_ISSUE_NAME_MAX];

	gi_advise("issue %s is merged into '%s'%s but still open: close it "
		  "with 'git issue-close %s' (or set issue.closeOnMerge)",
		  gi_issue_label(li->issue, label), li->base,
		  li->squashed ? " (squashed)" : "",
		  gi_issue_name(li->issue, name));
}
