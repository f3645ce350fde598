/*
 * roadmap.c: the tree of an issue and its sub-issues, with claims
 * (roadmap.h).
 */
#include "gitissue/worktree/roadmap.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/json.h"
#include "gitissue/core/plan-walk.h"
#include "gitissue/core/render.h"
#include "worktree/claim.h"

/* Deeper than GitHub allows means a cycle made by force: stop there. */
#define MAX_LEVELS (GI_PLAN_MAX_DEPTH * 2)

/* "A U Thor" of "A U Thor <a@example.com>" */
static void add_name(gi_buf *out, const char *author)
{
	const char *lt = author ? strstr(author, " <") : NULL;
	char *name;

	if (!author) {
		gi_buf_adds(out, "someone");
		return;
	}
	name = gi_xstrndup(author, lt ? (size_t)(lt - author) : strlen(author));
	gi_add_printable_line(out, name);
	free(name);
}

char *gi_roadmap_clone(struct gi_repo *r)
{
	char *clone = NULL;

	if (gi_clone_id(&clone, r, 0) < 0)
		return NULL;
	return clone;
}

size_t gi_roadmap_claimants(gi_buf *out, const struct gi_issue *is,
			    const char *clone, int *ours)
{
	struct gi_claim_list open = { NULL, 0, 0 };
	size_t i, nr;

	*ours = 0;
	gi_claims_open(&open, is);
	for (i = 0; i < open.nr; i++) {
		int mine = gi_claim_is_ours(&open.v[i], clone);

		if (i)
			gi_buf_adds(out, ", ");
		add_name(out, open.v[i].author);
		if (mine)
			gi_buf_adds(out, " (this clone)");
		*ours |= mine;
	}
	nr = open.nr;
	gi_claim_list_release(&open);
	return nr;
}

/* The node's issue, or NULL when nothing is known of it. */
static const struct gi_issue *known(const struct gi_plan *p, long n)
{
	const struct gi_plan_node *node = gi_plan_get(p, n);

	return node && node->known ? &node->is : NULL;
}

/* "  blocked by #100 (open), #101 (provisional)": what is not done. */
static void blocked_text(gi_buf *out, const struct gi_plan *p,
			 const struct gi_issue *is, const struct gi_landed *l)
{
	const struct gi_link_list *b = &is->links.blocked_by;
	char label[GI_ISSUE_NAME_MAX];
	size_t i, open = 0;

	for (i = 0; i < b->nr; i++) {
		const struct gi_issue *by = known(p, b->v[i].issue);

		if (gi_issue_done(by, l))
			continue;	/* a done blocker blocks no more */
		gi_buf_adds(out, open++ ? ", " : "  blocked by ");
		gi_buf_adds(out, gi_issue_label(b->v[i].issue, label));
		gi_buf_addf(out, " (%s)", gi_issue_state_word(by,
						b->v[i].issue, l));
	}
}

/*
 * Is n one of the `depth` issues above it (a cycle of parents, forced
 * past GitHub's rule)? Then it is named and not shown again: an issue
 * that is its own parent is one line, not sixteen.
 */
static int above(const long *up, int depth, long n)
{
	int i;

	for (i = 0; i < depth; i++)
		if (up[i] == n)
			return 1;
	return 0;
}

static void tree_line(gi_buf *out, const struct gi_plan *p, long n,
		      const char *clone, const struct gi_landed *l,
		      gi_buf *prefix, int last, int top, long *up, int depth)
{
	const struct gi_plan_node *node = gi_plan_get(p, n);
	char label[GI_ISSUE_NAME_MAX];
	gi_buf who = GI_BUF_INIT;
	size_t i, closed, total, plen = prefix->len;
	int ours;

	gi_buf_add(out, prefix->buf, prefix->len);
	if (!top)
		gi_buf_adds(out, last ? "`-- " : "|-- ");
	gi_buf_adds(out, gi_issue_label(n, label));
	if (above(up, depth, n)) {
		gi_buf_adds(out, " (a cycle of parents: shown above)\n");
		return;
	}
	if (!node || !node->known) {
		gi_buf_adds(out, " (not known here: 'git issue-sync' imports "
			    "it)\n");
		return;
	}
	/* one line per issue: another clone's title or state is data, and a
	 * newline in it would forge a line of the tree */
	if (node->is.title) {
		gi_buf_addch(out, ' ');
		gi_add_printable_line(out, node->is.title);
	}
	gi_buf_adds(out, " [");
	gi_add_printable_line(out, gi_landed_get(l, n) &&
			      !gi_issue_closed(&node->is) ? "merged" :
			      node->is.state ? node->is.state : "?");
	gi_buf_addch(out, ']');
	gi_plan_progress(p, n, &closed, &total);
	if (total)
		gi_buf_addf(out, "  %zu/%zu done", closed, total);
	if (gi_roadmap_claimants(&who, &node->is, clone, &ours)) {
		gi_buf_adds(out, "  claimed by ");
		gi_buf_add(out, who.buf, who.len);
	}
	gi_buf_release(&who);
	blocked_text(out, p, &node->is, l);
	if (gi_issue_is_provisional(n))
		gi_buf_adds(out, "  (not on GitHub yet)");
	else if (node->is.links.parent.status != GI_LINK_MIRRORED &&
		 node->is.links.parent.issue && !top)
		gi_buf_adds(out, node->is.links.parent.status ==
			    GI_LINK_REFUSED ? "  (link refused by GitHub)" :
			    "  (link not on GitHub yet)");
	gi_buf_addch(out, '\n');
	if (depth >= MAX_LEVELS) {
		if (node->nchildren)
			gi_buf_addf(out, "%s    ... (deeper than %d levels: "
				    "not shown)\n", prefix->buf, MAX_LEVELS);
		return;
	}
	if (!top)
		gi_buf_adds(prefix, last ? "    " : "|   ");
	up[depth] = n;
	for (i = 0; i < node->nchildren; i++)
		tree_line(out, p, node->children[i], clone, l, prefix,
			  i + 1 == node->nchildren, 0, up, depth + 1);
	gi_buf_setlen(prefix, plen);
}

void gi_roadmap_text(gi_buf *out, const struct gi_plan *p, long n,
		     const char *clone, const struct gi_landed *l)
{
	gi_buf prefix = GI_BUF_INIT;
	long up[MAX_LEVELS + 1];

	tree_line(out, p, gi_plan_canonical(p, n), clone, l, &prefix, 1, 1,
		  up,
		  0);
	gi_buf_release(&prefix);
}

static cJSON *tree_json(const struct gi_plan *p, long n, const char *clone,
			const struct gi_landed *l, long *up, int depth)
{
	const struct gi_plan_node *node = gi_plan_get(p, n);
	cJSON *o = cJSON_CreateObject(), *arr;
	struct gi_claim_list open = { NULL, 0, 0 };
	size_t i, closed, total;
	int here = 0;

	cJSON_AddItemToObject(o, "issue", gi_issue_to_json(n));
	if (above(up, depth, n)) {
		cJSON_AddBoolToObject(o, "cycle", 1);
		return o;
	}
	cJSON_AddBoolToObject(o, "known", node && node->known);
	if (!node || !node->known)
		return o;
	gi_json_add_str_or_null(o, "title", node->is.title);
	gi_json_add_str_or_null(o, "state", node->is.state);
	gi_json_add_str_or_null(o, "state_reason", node->is.state_reason);
	cJSON_AddBoolToObject(o, "merged", gi_landed_get(l, n) != NULL);
	cJSON_AddBoolToObject(o, "on_github", !gi_issue_is_provisional(n));
	if (node->is.links.parent.issue) {
		static const char *const st[] = { "mirrored", "pending",
						  "refused" };

		cJSON_AddStringToObject(o, "link",
					st[node->is.links.parent.status]);
	}
	arr = cJSON_AddArrayToObject(o, "claimed_by");
	gi_claims_open(&open, &node->is);
	for (i = 0; i < open.nr; i++) {
		cJSON *c = cJSON_CreateObject();

		gi_json_add_str_or_null(c, "author", open.v[i].author);
		gi_json_add_str_or_null(c, "clone", open.v[i].clone);
		cJSON_AddBoolToObject(c, "here",
				      gi_claim_is_ours(&open.v[i], clone));
		here |= gi_claim_is_ours(&open.v[i], clone);
		cJSON_AddItemToArray(arr, c);
	}
	gi_claim_list_release(&open);
	cJSON_AddBoolToObject(o, "claimed_here", here);
	arr = cJSON_AddArrayToObject(o, "blocked_by");
	for (i = 0; i < node->is.links.blocked_by.nr; i++) {
		const struct gi_link *k = &node->is.links.blocked_by.v[i];
		cJSON *c = cJSON_CreateObject();

		cJSON_AddItemToObject(c, "issue", gi_issue_to_json(k->issue));
		cJSON_AddStringToObject(c, "state", gi_issue_state_word(
			known(p, k->issue), k->issue, l));
		cJSON_AddItemToArray(arr, c);
	}
	gi_plan_progress(p, n, &closed, &total);
	arr = cJSON_AddObjectToObject(o, "progress");
	cJSON_AddNumberToObject(arr, "closed", (double)closed);
	cJSON_AddNumberToObject(arr, "total", (double)total);
	arr = cJSON_AddArrayToObject(o, "children");
	up[depth] = n;
	if (depth < MAX_LEVELS)
		for (i = 0; i < node->nchildren; i++)
			cJSON_AddItemToArray(arr, tree_json(p, node->children[i],
							    clone, l, up,
							    depth + 1));
	return o;
}

cJSON *gi_roadmap_json(const struct gi_plan *p, long n, const char *clone,
		       const struct gi_landed *l)
{
	cJSON *doc = cJSON_CreateObject();
	long up[MAX_LEVELS + 1];

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddItemToObject(doc, "issue",
			      tree_json(p, gi_plan_canonical(p, n), clone, l,
					up,
					0));
	return doc;
}
