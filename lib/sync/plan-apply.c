/*
 * plan-apply.c: a plan file applied (plan-apply.h). Three steps: find
 * the issues made from this plan before (their creation records carry
 * the key), make or update each item in the file's order, then bring
 * every item's relations to what the file says. Each step writes only
 * what differs, so a second run of the same file writes nothing.
 */
#include "gitissue/sync/plan-apply.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/plan.h"
#include "gitissue/sync/create.h"
#include "gitissue/util/json.h"
#include "gitissue/util/util.h"

struct ctx {
	struct gi_repo *r;
	const struct gi_plan_file *pf;
	const struct gi_plan_file_opts *o;
	struct gi_plan_file_result *out;
	gi_buf prefix;		/* "<roadmap key>/" */
	long *num;		/* each item's issue; 0 not made */
	gi_buf *why;
};

const char *gi_plan_outcome_name(enum gi_plan_outcome o)
{
	static const char *const names[] = { "kept", "created", "updated",
					     "gone", "closed" };

	return names[o];
}

static struct gi_plan_applied *add(struct gi_plan_file_result *a, const char *key,
				   long n, enum gi_plan_outcome o)
{
	struct gi_plan_applied *x;

	GI_ALLOC_GROW(a->v, a->nr + 1, a->alloc);
	x = &a->v[a->nr++];
	memset(x, 0, sizeof(*x));
	x->key = gi_xstrdup(key);
	x->number = n;
	x->outcome = o;
	return x;
}

/* The plan key an issue was made with ("<plan>/<key>"), or NULL. */
static const char *plan_key_of(const struct gi_issue *is)
{
	size_t i;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *k;

		if (rec->json && rec->kind &&
		    !strcmp(rec->kind, GI_KIND_ISSUE) &&
		    (k = gi_json_str(rec->json, "plan_key")))
			return k;
	}
	return NULL;
}

static long item_of(const struct gi_plan_file *pf, const char *key)
{
	size_t i;

	for (i = 0; i < pf->nr; i++)
		if (!strcmp(pf->v[i].key, key))
			return (long)i;
	return -1;
}

/* The issues made from this plan before: by item, and the gone ones
 * (open still) at the end of the result. */
static int find_made(struct ctx *c, struct gi_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nr; i++) {
		const struct gi_issue *is = &plan->v[i].is;
		const char *k = plan_key_of(is);
		long at;

		if (!k || strncmp(k, c->prefix.buf, c->prefix.len))
			continue;
		at = item_of(c->pf, k + c->prefix.len);
		if (at >= 0 && !c->pf->v[at].number)
			c->num[at] = is->number;
		else if (at < 0 && !gi_issue_closed(is))
			add(c->out, k + c->prefix.len, is->number,
			    GI_PLAN_GONE);
	}
	return 0;
}

/* An item's reference as an issue: 0 when not made yet. */
static long resolve(const struct ctx *c, const struct gi_plan_ref *ref)
{
	long at;

	if (ref->number)
		return ref->number;
	if (!ref->key)
		return 0;
	at = item_of(c->pf, ref->key);
	return at < 0 ? 0 : c->num[at];
}

/* The parent item i should have: its parent: line, else the roadmap. */
static long parent_wanted(const struct ctx *c, size_t i)
{
	const struct gi_plan_ref *p = &c->pf->v[i].parent;

	if (p->key || p->number)
		return resolve(c, p);
	return i ? c->num[0] : 0;
}

/* --- making and updating ---------------------------------------------- */

static int create_item(struct ctx *c, size_t i)
{
	const struct gi_plan_item *it = &c->pf->v[i];
	struct gi_issue_spec spec;
	struct gi_new_issue made;
	long *blocked = gi_xcalloc(it->nblocked_by + 1, sizeof(*blocked));
	gi_buf key = GI_BUF_INIT;
	size_t k, nb = 0;
	int ret = 0;

	for (k = 0; k < it->nblocked_by; k++)
		if ((blocked[nb] = resolve(c, &it->blocked_by[k])))
			nb++;
	gi_buf_addf(&key, "%s%s", c->prefix.buf, it->key);
	memset(&spec, 0, sizeof(spec));
	spec.title = it->title;
	spec.body = it->body;
	spec.labels = (const char *const *)it->labels;
	spec.nlabels = it->nlabels;
	spec.parent = parent_wanted(c, i);
	spec.blocked_by = blocked;
	spec.nblocked_by = nb;
	spec.discovered_from = resolve(c, &it->discovered_from);
	spec.offline = c->o->offline;
	spec.plan_key = key.buf;
	memset(&made, 0, sizeof(made));
	if (!c->o->dry_run) {
		ret = gi_create_new(&made, c->r, &spec, c->why);
		if (!ret) {
			c->num[i] = made.number ? made.number :
				made.provisional;
			c->out->writes++;
		}
	}
	if (!ret)
		add(c->out, it->key, c->num[i], GI_PLAN_CREATED)->on_github =
			made.number != 0;
	gi_buf_release(&key);
	free(blocked);
	return ret;
}

/* The labels of `is` the item does not have. */
static size_t labels_to_remove(const char **out, const struct gi_issue *is,
			       const struct gi_plan_item *it)
{
	const cJSON *l;
	size_t n = 0, k;

	cJSON_ArrayForEach(l, gi_issue_labels(is)) {
		if (!cJSON_IsString(l))
			continue;
		for (k = 0; k < it->nlabels; k++)
			if (!strcasecmp(it->labels[k], l->valuestring))
				break;
		if (k == it->nlabels)
			out[n++] = l->valuestring;
	}
	return n;
}

/* Title, body, labels of a made item as the file says: 1 changed. */
static int update_fields(struct ctx *c, const struct gi_issue *is,
			 const struct gi_plan_item *it)
{
	const cJSON *labels = gi_issue_labels(is);
	const char **gone = gi_xcalloc((size_t)cJSON_GetArraySize(labels) +
				       1, sizeof(*gone));
	struct gi_issue_change ch;
	struct gi_record_fields *f;
	size_t nf;
	int ret;

	memset(&ch, 0, sizeof(ch));
	ch.title = it->title;
	ch.body = it->body;
	ch.add_labels = (const char *const *)it->labels;
	ch.nadd_labels = it->nlabels;
	ch.remove_labels = gone;
	ch.nremove_labels = labels_to_remove(gone, is, it);
	f = gi_xcalloc(it->nlabels + ch.nremove_labels + 4, sizeof(*f));
	nf = gi_edit_fields(f, is, &ch);
	gi_edit_fields_release(f, nf);
	free(f);
	ret = nf > 0;
	if (nf && !c->o->dry_run) {
		int err = gi_issue_edit(c->r, is->number, &ch, NULL, c->why);

		ret = err < 0 ? err : !err;
		if (ret > 0)
			c->out->writes++;
	}
	free(gone);
	return ret;
}

/* The relation changes item i needs (room for nblocked_by + the
 * current blockers + 1). */
static size_t link_changes(const struct ctx *c, const struct gi_plan *plan,
			   size_t i, const struct gi_issue *is,
			   struct gi_link_change *ch)
{
	const struct gi_plan_item *it = &c->pf->v[i];
	const struct gi_link_list *cur = &is->links.blocked_by;
	long p = parent_wanted(c, i), want[GI_PLAN_MAX_BLOCKED_BY + 1];
	size_t n = 0, nw = 0, k, j;

	if (p && gi_plan_canonical(plan, p) !=
	    gi_plan_canonical(plan, is->links.parent.issue)) {
		ch[n].op = GI_LINK_OP_PARENT;
		ch[n++].target = p;
	}
	for (k = 0; k < it->nblocked_by && nw < GI_PLAN_MAX_BLOCKED_BY; k++)
		if ((want[nw] = resolve(c, &it->blocked_by[k])))
			want[nw] = gi_plan_canonical(plan, want[nw]), nw++;
	for (k = 0; k < nw; k++) {
		for (j = 0; j < cur->nr; j++)
			if (gi_plan_canonical(plan, cur->v[j].issue) == want[k])
				break;
		if (j == cur->nr) {
			ch[n].op = GI_LINK_OP_BLOCKED_BY;
			ch[n++].target = want[k];
		}
	}
	for (j = 0; j < cur->nr; j++) {
		long b = gi_plan_canonical(plan, cur->v[j].issue);

		for (k = 0; k < nw && want[k] != b; k++)
			;
		if (k == nw) {
			ch[n].op = GI_LINK_OP_UNBLOCK;
			ch[n++].target = b;
		}
	}
	return n;
}

/* --- the steps --------------------------------------------------------- */

/* Make or update every item, in the file's order. */
static int items(struct ctx *c, struct gi_plan *plan)
{
	size_t i;
	int err;

	for (i = 0; i < c->pf->nr; i++) {
		const struct gi_plan_item *it = &c->pf->v[i];
		struct gi_plan_node *node;

		if (it->number) {
			c->num[i] = it->number;
			add(c->out, it->key, it->number, GI_PLAN_KEPT);
			continue;
		}
		if (!c->num[i]) {
			if ((err = create_item(c, i)))
				return err;
			continue;
		}
		node = gi_plan_get(plan, c->num[i]);
		err = node ? update_fields(c, &node->is, it) : 0;
		if (err < 0)
			return err;
		add(c->out, it->key, c->num[i],
		    err ? GI_PLAN_UPDATED : GI_PLAN_KEPT);
	}
	return 0;
}

/* Every made item's relations as the file says. */
static int links(struct ctx *c)
{
	struct gi_plan plan;
	size_t i;
	int err = 0;

	if (gi_plan_load(&plan, c->r, NULL) < 0)
		return -1;
	for (i = 0; i < c->pf->nr && !err; i++) {
		struct gi_plan_node *node = c->num[i] ?
			gi_plan_get(&plan, c->num[i]) : NULL;
		struct gi_link_change *ch;
		size_t nch;
		long n = c->num[i];

		if (!node || c->pf->v[i].number)
			continue;
		ch = gi_xcalloc(c->pf->v[i].nblocked_by +
				node->is.links.blocked_by.nr + 2, sizeof(*ch));
		nch = link_changes(c, &plan, i, &node->is, ch);
		if (nch && !c->o->dry_run) {
			err = gi_plan_link(c->r, &n, ch, nch, c->why);
			if (!err)
				c->out->writes++;
		}
		if (nch && !err && c->out->v[i].outcome == GI_PLAN_KEPT)
			c->out->v[i].outcome = GI_PLAN_UPDATED;
		free(ch);
	}
	gi_plan_release(&plan);
	return err;
}

/* The items gone from the file: closed when asked. */
static int gone(struct ctx *c)
{
	size_t i;
	int err;

	for (i = c->pf->nr; i < c->out->nr; i++) {
		struct gi_plan_applied *x = &c->out->v[i];

		if (!c->o->close_removed)
			continue;
		if (!c->o->dry_run) {
			err = gi_issue_close(c->r, x->number,
					     GI_REASON_NOT_PLANNED,
					     "removed from the plan");
			if (err < 0)
				return err;
			c->out->writes += !err;
		}
		x->outcome = GI_PLAN_CLOSED;
	}
	return 0;
}

int gi_plan_file_apply(struct gi_plan_file_result *out, struct gi_repo *r,
		  const struct gi_plan_file *pf,
		  const struct gi_plan_file_opts *opts, gi_buf *why)
{
	struct ctx c = { r, pf, opts, out, GI_BUF_INIT, NULL, why };
	struct gi_plan plan;
	struct gi_plan_file_result gone_first;
	int err;

	memset(out, 0, sizeof(*out));
	if (!pf->nr)
		return 0;
	gi_buf_addf(&c.prefix, "%s/", pf->v[0].key);
	c.num = gi_xcalloc(pf->nr + 1, sizeof(*c.num));
	if (gi_plan_load(&plan, r, NULL) < 0) {
		free(c.num);
		return -1;
	}
	/* the gone ones are found first, listed after the items */
	memset(&gone_first, 0, sizeof(gone_first));
	c.out = &gone_first;
	find_made(&c, &plan);
	c.out = out;
	err = items(&c, &plan);
	gi_plan_release(&plan);
	if (!err)
		err = links(&c);
	if (gone_first.nr) {
		GI_ALLOC_GROW(out->v, out->nr + gone_first.nr, out->alloc);
		memcpy(out->v + out->nr, gone_first.v,
		       gone_first.nr * sizeof(*out->v));
		out->nr += gone_first.nr;
	}
	free(gone_first.v);
	if (!err)
		err = gone(&c);
	gi_buf_release(&c.prefix);
	free(c.num);
	return err;
}

void gi_plan_file_result_release(struct gi_plan_file_result *a)
{
	size_t i;

	for (i = 0; i < a->nr; i++)
		free(a->v[i].key);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

cJSON *gi_plan_file_result_json(const struct gi_plan_file_result *a)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(doc, "items");
	size_t i;

	cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
	for (i = 0; i < a->nr; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "key", a->v[i].key);
		cJSON_AddItemToObject(o, "issue",
				      a->v[i].number ?
				      gi_issue_to_json(a->v[i].number) :
				      cJSON_CreateNull());
		cJSON_AddStringToObject(o, "outcome",
					gi_plan_outcome_name(a->v[i].outcome));
		cJSON_AddBoolToObject(o, "on_github", a->v[i].on_github);
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_AddNumberToObject(doc, "writes", (double)a->writes);
	return doc;
}
