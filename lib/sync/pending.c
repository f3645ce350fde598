/*
 * pending.c: which records GitHub does not have yet, by the cache alone
 * (mirror.h): what `git issue-status` shows offline and what a sync starts
 * from. No network and no libcurl here.
 */
#include "sync/pending.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/json.h"
#include "gitissue/core/remote.h"
#include "gitissue/core/store.h"

int gi_pending_wanted(const struct gi_record *rec)
{
	/* an edit goes up as its own change; only its why is a comment */
	return rec->json && rec->kind &&
	       (!strcmp(rec->kind, GI_KIND_NOTE) ||
		!strcmp(rec->kind, GI_KIND_LESSON) ||
		!strcmp(rec->kind, GI_KIND_RETRACT) ||
		(!strcmp(rec->kind, GI_KIND_EDIT) && rec->text &&
		 *rec->text));
}

int gi_pending_tip_done(struct gi_repo *r, const cJSON *ts, const char *key)
{
	char hex[GIT_OID_HEXSZ + 1];
	const char *done = gi_json_str(ts, key);
	git_oid tip;

	if (!done || gi_store_tip(&tip, r, GI_NOTES_REF))
		return 0;
	git_oid_tostr(hex, sizeof(hex), &tip);
	return !strcmp(done, hex);
}

void gi_pending_tip_remember(struct gi_repo *r, cJSON *ts, const char *key)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid tip;

	if (!ts || gi_store_tip(&tip, r, GI_NOTES_REF))
		return;
	git_oid_tostr(hex, sizeof(hex), &tip);
	gi_json_set(ts, key, cJSON_CreateString(hex));
}

cJSON *gi_pending_target_state(struct gi_sync_state *st,
			       const struct gi_github_target *t)
{
	gi_buf key = GI_BUF_INIT;
	cJSON *g = gi_json_child(st->doc, "github"), *ts;

	gi_buf_addf(&key, "%s/%s", t->owner, t->repo);
	ts = gi_json_child(g, key.buf);
	gi_buf_release(&key);
	return ts;
}

/* The records of `cur` that are wanted and not in `mirrored` nor markers. */
size_t gi_pending_records(const struct gi_issue *cur,
			  const struct gi_lines *mirrored,
			  const struct gi_lines *markers,
			  const struct gi_record **out)
{
	size_t i, n = 0;

	for (i = 0; i < cur->nr; i++) {
		const struct gi_record *rec = &cur->rec[i];

		if (!gi_pending_wanted(rec))
			continue;
		if (mirrored && gi_lines_has(mirrored, rec->line,
					     rec->line_len))
			continue;
		if (markers && gi_lines_has(markers, rec->id, strlen(rec->id)))
			continue;
		if (out)
			out[n] = rec;
		n++;
	}
	return n;
}

/* The note blob last mirrored for issue n; 1 when the cache has none (or
 * names an object this clone no longer has). */
int gi_pending_read_mirrored(struct gi_lines *out, struct gi_repo *r,
			     const cJSON *ts, long n)
{
	char key[24];
	const cJSON *m;
	git_odb *odb = NULL;
	git_oid oid;
	int exists;

	snprintf(key, sizeof(key), "%ld", n);
	m = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(ts, "mirrored"), key);
	if (!cJSON_IsString(m) || git_oid_fromstr(&oid, m->valuestring) < 0 ||
	    git_repository_odb(&odb, r->repo) < 0)
		return 1;
	exists = git_odb_exists(odb, &oid);
	git_odb_free(odb);
	if (!exists || gi_store_read_blob(out, r, &oid) < 0)
		return 1;
	return 0;
}

int gi_pending_open(struct gi_pending *p, struct gi_repo *r)
{
	char *remote = NULL;
	int err;

	memset(p, 0, sizeof(*p));
	/* without a GitHub repository the count means nothing */
	err = gi_remote_pick(r, NULL, 1, &remote) < 0 ||
	      gi_github_target(&p->target, r, remote);
	free(remote);
	if (err)
		return GIT_ENOTFOUND;
	gi_sync_state_peek(&p->st, r);
	p->ts = gi_pending_target_state(&p->st, &p->target);
	p->open = 1;
	return 0;
}

size_t gi_pending_count(struct gi_pending *p, struct gi_repo *r,
			const struct gi_issue *is)
{
	struct gi_lines mirrored = GI_LINES_INIT;
	int have = !gi_pending_read_mirrored(&mirrored, r, p->ts, is->number);
	size_t n = gi_pending_records(is, have ? &mirrored : NULL,
				      NULL, NULL);

	gi_lines_release(&mirrored);
	return n;
}

void gi_pending_close(struct gi_pending *p)
{
	if (p->open) {
		gi_sync_state_close(&p->st);
		gi_github_target_release(&p->target);
	}
	memset(p, 0, sizeof(*p));
}
