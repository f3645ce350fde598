/*
 * claim.c: claim and release records and the census of who works on
 * what (claim.h); the id of this clone is core/clone-id.c.
 */
#define _GNU_SOURCE	/* memmem */
#include "worktree/claim.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/json.h"
#include "worktree/claim-cache.h"

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static void claim_free(struct gi_claim *c)
{
	free(c->id);
	free(c->time);
	free(c->author);
	free(c->clone);
	free(c->worktree);
	free(c->wtname);
	free(c->branch);
}

/* Same clone, same worktree: by name when both have one, else by path. */
static int same_place(const struct gi_claim *c, const char *clone,
		      const char *name, const char *path)
{
	if (!same(c->clone, clone))
		return 0;
	if (c->wtname && name)
		return !strcmp(c->wtname, name);
	return same(c->worktree, path);
}

int gi_claim_names_worktree(const struct gi_claim *c, const char *name,
			    const char *path)
{
	if (c->wtname)
		return same(c->wtname, name);
	return same(c->worktree, path);
}

static void drop(struct gi_claim_list *l, size_t i)
{
	claim_free(&l->v[i]);
	memmove(&l->v[i], &l->v[i + 1], (l->nr - i - 1) * sizeof(*l->v));
	l->nr--;
}

void gi_claims_open(struct gi_claim_list *out, const struct gi_issue *is)
{
	struct gi_claim_list mine = { NULL, 0, 0 };
	const char **ended = NULL;
	size_t nended = 0, alloc = 0, i, j;

	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *clone, *claim, *wtname;

		if (!rec->json || rec->superseded || !rec->kind)
			continue;
		clone = gi_json_str(rec->json, "clone");
		wtname = gi_json_str(rec->json, "worktree_name");
		if (!strcmp(rec->kind, GI_KIND_CLAIM)) {
			struct gi_claim *c;

			for (j = mine.nr; j-- > 0;)
				if (same_place(&mine.v[j], clone, wtname,
					       rec->worktree))
					drop(&mine, j);
			GI_ALLOC_GROW(mine.v, mine.nr + 1, mine.alloc);
			c = &mine.v[mine.nr++];
			c->issue = is->number;
			c->id = gi_xstrdup(rec->id);
			c->time = gi_xstrdup(rec->time);
			c->author = gi_xstrdup_or_null(rec->author);
			c->clone = gi_xstrdup_or_null(clone);
			c->worktree = gi_xstrdup_or_null(rec->worktree);
			c->wtname = gi_xstrdup_or_null(wtname);
			c->branch = gi_xstrdup_or_null(rec->branch);
		} else if (!strcmp(rec->kind, GI_KIND_RELEASE)) {
			claim = gi_json_str(rec->json, "claim");
			if (claim) {
				/* applied below: clocks of clones differ */
				GI_ALLOC_GROW(ended, nended + 1, alloc);
				ended[nended++] = claim;
				continue;
			}
			for (j = mine.nr; j-- > 0;)
				if (same_place(&mine.v[j], clone, wtname,
					       rec->worktree))
					drop(&mine, j);
		}
	}
	for (j = mine.nr; j-- > 0;)
		for (i = 0; i < nended; i++)
			if (!strcmp(mine.v[j].id, ended[i])) {
				drop(&mine, j);
				break;
			}
	for (j = 0; j < mine.nr; j++) {
		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = mine.v[j];
	}
	free(mine.v);
	free(ended);
}

void gi_claim_list_release(struct gi_claim_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		claim_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void census(struct gi_claim_census *out, struct gi_repo *r,
		   const struct gi_issue_list *list,
		   const struct gi_issue *known, int bare)
{
	/* which notes mention claims: from a cache by blob id (most notes
	 * never had a claim, and are neither read nor parsed) */
	unsigned char *mentions = gi_xcalloc(list->nr + 1, 1);
	size_t i;

	memset(out, 0, sizeof(*out));
	gi_claim_mentions(mentions, r, list);
	for (i = 0; i < list->nr; i++) {
		const struct gi_issue_entry *e = &list->v[i];
		struct gi_issue *is = NULL;
		struct gi_claimed *c;

		if (!e->issue || !mentions[i])
			continue;
		if (!known || e->issue != known->number) {
			is = gi_xmalloc(sizeof(*is));
			if ((bare ? gi_issue_load_blob_bare :
			     gi_issue_load_blob)(is, r, &e->note,
						 e->issue) < 0) {
				free(is);
				out->unread++;
				continue;
			}
		}
		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		c = &out->v[out->nr++];
		memset(c, 0, sizeof(*c));
		c->issue = e->issue;
		c->loaded = is;
		c->is = is ? is : known;
		gi_claims_open(&c->claims, c->is);
	}
	free(mentions);
}

void gi_claim_census(struct gi_claim_census *out, struct gi_repo *r,
		     const struct gi_issue_list *list,
		     const struct gi_issue *known)
{
	census(out, r, list, known, 0);
}

void gi_claim_census_bare(struct gi_claim_census *out, struct gi_repo *r,
			  const struct gi_issue_list *list,
			  const struct gi_issue *known)
{
	census(out, r, list, known, 1);
}

const struct gi_claimed *gi_claim_census_get(const struct gi_claim_census *c,
					     long n)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (c->v[i].issue == n)
			return &c->v[i];
	return NULL;
}

void gi_claim_census_release(struct gi_claim_census *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		gi_claim_list_release(&c->v[i].claims);
		if (c->v[i].loaded) {
			gi_issue_release(c->v[i].loaded);
			free(c->v[i].loaded);
		}
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int gi_claim_is_ours(const struct gi_claim *c, const char *clone)
{
	return same(c->clone, clone);
}

const struct gi_claim *gi_claims_other(const struct gi_claim_list *open,
				       const char *clone)
{
	size_t i;

	for (i = 0; i < open->nr; i++)
		if (!gi_claim_is_ours(&open->v[i], clone))
			return &open->v[i];
	return NULL;
}

int gi_claim_write(struct gi_repo *r, long n, const char *clone,
		   const struct gi_claim *ended, size_t nr, const char *why,
		   const struct gi_claim_target *to)
{
	return gi_claim_write_id(r, n, clone, ended, nr, why, to, NULL);
}

int gi_claim_write_id(struct gi_repo *r, long n, const char *clone,
		      const struct gi_claim *ended, size_t nr, const char *why,
		      const struct gi_claim_target *to,
		      char id[GI_RECORD_ID_HEXSZ + 1])
{
	struct gi_record_fields *f = gi_xcalloc(nr + 1, sizeof(*f));
	cJSON **extra = gi_xcalloc(nr + 1, sizeof(*extra));
	gi_buf *text = gi_xcalloc(nr + 1, sizeof(*text));
	char (*ids)[GI_RECORD_ID_HEXSZ + 1] = gi_xcalloc(nr + 1, sizeof(*ids));
	size_t i, k = 0;
	int ret;

	for (i = 0; i < nr; i++, k++) {
		gi_buf_init(&text[k]);
		gi_buf_addf(&text[k], "released: %s", why);
		extra[k] = cJSON_CreateObject();
		cJSON_AddStringToObject(extra[k], "claim", ended[i].id);
		if (ended[i].clone)
			cJSON_AddStringToObject(extra[k], "clone",
						ended[i].clone);
		if (ended[i].wtname)
			cJSON_AddStringToObject(extra[k], "worktree_name",
						ended[i].wtname);
		f[k].kind = GI_KIND_RELEASE;
		f[k].text = text[k].buf;
		/* the released worktree, not the one we run in */
		f[k].worktree = ended[i].worktree;
		f[k].branch = ended[i].branch;
		f[k].extra = extra[k];
	}
	if (to) {
		/* no path in the text: it is for people, and may be shown
		 * anywhere the notes go */
		gi_buf_init(&text[k]);
		gi_buf_adds(&text[k], "claimed: working on it");
		extra[k] = cJSON_CreateObject();
		cJSON_AddStringToObject(extra[k], "clone", clone);
		cJSON_AddStringToObject(extra[k], "worktree_name", to->name);
		if (to->steal)
			cJSON_AddTrueToObject(extra[k], "steal");
		f[k].kind = GI_KIND_CLAIM;
		f[k].text = text[k].buf;
		f[k].worktree = to->path;
		f[k].branch = to->branch;
		f[k].commit = to->commit;
		f[k].extra = extra[k];
		k++;
	}
	ret = k ? gi_issue_add(r, n, f, k, ids) : 0;
	if (!ret && to && id)
		memcpy(id, ids[k - 1], GI_RECORD_ID_HEXSZ + 1);
	for (i = 0; i < k; i++) {
		cJSON_Delete(extra[i]);
		gi_buf_release(&text[i]);
	}
	free(ids);
	free(text);
	free(extra);
	free(f);
	return ret;
}

int gi_claims_ours(struct gi_claim_list *out, struct gi_repo *r, long n,
		   const char *clone, const char *name, const char *path)
{
	struct gi_issue is;
	struct gi_claim_list open = { NULL, 0, 0 };
	size_t i;

	memset(out, 0, sizeof(*out));
	if (gi_issue_load(&is, r, NULL, n) < 0)
		return -1;
	gi_claims_open(&open, &is);
	for (i = 0; i < open.nr; i++) {
		if (gi_claim_is_ours(&open.v[i], clone) &&
		    (!name || gi_claim_names_worktree(&open.v[i], name,
						      path))) {
			GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = open.v[i];
		} else {
			claim_free(&open.v[i]);
		}
	}
	free(open.v);
	gi_issue_release(&is);
	return 0;
}

int gi_claim_release_worktree(struct gi_repo *r, long n, const char *clone,
			      const char *path, const char *name,
			      const char *branch, const char *why)
{
	struct gi_claim_list ours;
	int ret;

	if (gi_claims_ours(&ours, r, n, clone, name, path) < 0)
		return -1;
	if (ours.nr) {
		ret = gi_claim_write(r, n, clone, ours.v, ours.nr, why, NULL);
	} else {
		struct gi_record_fields f;
		cJSON *extra = cJSON_CreateObject();
		gi_buf text = GI_BUF_INIT;

		memset(&f, 0, sizeof(f));
		cJSON_AddStringToObject(extra, "clone", clone);
		if (name)
			cJSON_AddStringToObject(extra, "worktree_name", name);
		gi_buf_addf(&text, "released: %s", why);
		f.kind = GI_KIND_RELEASE;
		f.text = text.buf;
		f.worktree = path;
		f.branch = branch;
		f.extra = extra;
		ret = gi_issue_add(r, n, &f, 1, NULL);
		cJSON_Delete(extra);
		gi_buf_release(&text);
	}
	gi_claim_list_release(&ours);
	return ret;
}
