/*
 * overlap-json.c: the overlap of issues as JSON (overlap-json.h): each
 * side (the issue's branch, base and changed files) and each pair (files
 * both changed, conflicts, and from the plan the chain and the parent).
 */
#include "gitissue/worktree/overlap-json.h"

#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"

static cJSON *side_json(const struct gi_overlap_side *s)
{
	cJSON *x = cJSON_CreateObject();

	cJSON_AddItemToObject(x, "issue", gi_issue_to_json(s->issue));
	gi_json_add_str_or_null(x, "branch", s->branch);
	gi_json_add_str_or_null(x, "base", s->base);
	cJSON_AddBoolToObject(x, "uncommitted", s->uncommitted);
	cJSON_AddBoolToObject(x, "behind", s->behind);
	cJSON_AddItemToObject(x, "changed",
			      gi_json_strings(s->changed.v, s->changed.nr));
	cJSON_AddBoolToObject(x, "base_conflict", s->base_conflicts.nr > 0);
	cJSON_AddItemToObject(x, "base_conflicts",
			      gi_json_strings(s->base_conflicts.v,
					      s->base_conflicts.nr));
	return x;
}

static cJSON *pair_json(const struct gi_overlap *o,
			const struct gi_overlap_pair *p)
{
	const struct gi_overlap_side *a = &o->sides[p->a], *b = &o->sides[p->b];
	cJSON *pair = cJSON_CreateObject(), *x;

	x = cJSON_AddArrayToObject(pair, "issues");
	cJSON_AddItemToArray(x, gi_issue_to_json(a->issue));
	cJSON_AddItemToArray(x, gi_issue_to_json(b->issue));
	x = cJSON_AddArrayToObject(pair, "uncommitted");
	if (a->uncommitted)
		cJSON_AddItemToArray(x, gi_issue_to_json(a->issue));
	if (b->uncommitted)
		cJSON_AddItemToArray(x, gi_issue_to_json(b->issue));
	cJSON_AddBoolToObject(pair, "conflict", p->conflicts.nr > 0);
	cJSON_AddBoolToObject(pair, "sequential", p->nchain > 0);
	cJSON_AddItemToObject(pair, "chain",
			      gi_issues_to_json(p->chain, p->nchain));
	cJSON_AddItemToObject(pair, "chain_states",
			      gi_json_strings((char *const *)p->chain_state, p->nchain));
	if (p->parent)
	{
		cJSON_AddItemToObject(pair, "parent",
				      gi_issue_to_json(p->parent));
		cJSON_AddStringToObject(pair, "parent_state",
					p->parent_state);
	}
	else
		cJSON_AddNullToObject(pair, "parent");
	cJSON_AddItemToObject(pair, "both_changed",
			      gi_json_strings(p->both.v, p->both.nr));
	cJSON_AddItemToObject(pair, "conflicts",
			      gi_json_strings(p->conflicts.v,
					      p->conflicts.nr));
	return pair;
}

cJSON *gi_overlap_json(const struct gi_overlap *o)
{
	cJSON *doc = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	cJSON_AddBoolToObject(doc, "conflict", o->conflict);
	cJSON_AddBoolToObject(doc, "sequential", o->sequential);
	cJSON_AddStringToObject(doc, "engine", o->engine ? o->engine :
				"git merge-tree");
	arr = cJSON_AddArrayToObject(doc, "issues");
	for (i = 0; i < o->nsides; i++)
		cJSON_AddItemToArray(arr, side_json(&o->sides[i]));
	arr = cJSON_AddArrayToObject(doc, "pairs");
	for (i = 0; i < o->npairs; i++)
		cJSON_AddItemToArray(arr, pair_json(o, &o->pairs[i]));
	return doc;
}
