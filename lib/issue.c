/*
 * issue.c: the issue a command is about, and its records. See issue.h.
 */
#include "gitissue/issue.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

long gi_issue_resolve(struct gi_repo *r, const char *opt)
{
	long n;
	int err;
	char *branch;

	if (opt) {
		if (gi_parse_issue(opt, &n) < 0)
			gi_die("invalid issue number '%s': expected a whole "
			       "number from 1 to %ld", opt, GI_ISSUE_MAX);
		return n;
	}
	err = gi_infer_issue(r, &n);
	if (!err)
		return n;
	if (err != GIT_ENOTFOUND)
		exit(GI_EXIT_FATAL);
	branch = gi_current_branch(r);
	if (r->bare)
		gi_die("no issue given: in a bare repository, name it with "
		       "--issue <n>");
	if (!branch)
		gi_die("no issue given, and HEAD is detached: name it with "
		       "--issue <n>");
	gi_die("no issue given, and branch '%s' is not linked to one: use "
	       "--issue <n>, or link the branch with 'git config "
	       "branch.%s.issue <n>', or name it issue/<n>-<slug>",
	       branch, branch);
}

void gi_provenance_fill(struct gi_provenance *p, struct gi_repo *r)
{
	git_oid head;
	char hex[GIT_OID_HEXSZ + 1];

	memset(p, 0, sizeof(*p));
	p->author = gi_identity(r);
	if (!r->bare && !git_reference_name_to_id(&head, r->repo, "HEAD")) {
		git_oid_tostr(hex, sizeof(hex), &head);
		p->commit = gi_xstrdup(hex);
	}
	p->branch = gi_current_branch(r);
	if (r->workdir)
		p->worktree = gi_xstrdup(r->workdir);
}

void gi_provenance_release(struct gi_provenance *p)
{
	free(p->author);
	free(p->commit);
	free(p->branch);
	free(p->worktree);
	memset(p, 0, sizeof(*p));
}

int gi_issue_add(struct gi_repo *r, long n, struct gi_record_fields *f,
		 size_t nr, char (*ids)[17])
{
	struct gi_provenance prov;
	struct gi_lines lines = GI_LINES_INIT;
	gi_buf buf = GI_BUF_INIT;
	size_t i, *ends = gi_xcalloc(nr, sizeof(*ends));
	char time[32];
	int ret = -1;

	gi_provenance_fill(&prov, r);
	gi_time_now(time);
	for (i = 0; i < nr; i++) {
		struct gi_record_fields g = f[i];
		char id[17];

		if (!g.time)
			g.time = time;
		if (!g.id) {
			gi_record_new_id(id);
			g.id = id;
		}
		if (!g.author)
			g.author = prov.author;
		if (!g.commit)
			g.commit = prov.commit;
		if (!g.branch)
			g.branch = prov.branch;
		if (!g.worktree)
			g.worktree = prov.worktree;
		if (gi_record_format(&buf, &g) < 0) {
			gi_error("record without a kind");
			goto done;
		}
		if (ids)
			memcpy(ids[i], g.id, 17);
		ends[i] = buf.len;
		gi_buf_addch(&buf, '\n');
	}
	/* the lines point into buf, which lives until the write is done */
	for (i = 0; i < nr; i++) {
		size_t start = i ? ends[i - 1] + 1 : 0;

		GI_ALLOC_GROW(lines.v, lines.nr + 1, lines.alloc);
		lines.v[lines.nr].p = buf.buf + start;
		lines.v[lines.nr].len = ends[i] - start;
		lines.nr++;
	}
	gi_lines_normalize(&lines);
	if (gi_store_append(r, n, &lines, NULL) < 0)
		goto done;
	gi_maybe_auto_gc(r);
	ret = 0;
done:
	gi_lines_release(&lines);
	gi_buf_release(&buf);
	gi_provenance_release(&prov);
	free(ends);
	return ret;
}

static void parse_all(struct gi_issue *is)
{
	size_t i;

	is->rec = gi_xcalloc(is->lines.nr, sizeof(*is->rec));
	is->nr = is->lines.nr;
	for (i = 0; i < is->nr; i++)
		if (gi_record_parse(&is->rec[i], is->lines.v[i].p,
				    is->lines.v[i].len) < 0)
			is->malformed++;
	gi_records_resolve(is->rec, is->nr);
	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (!rec->json || rec->superseded)
			continue;
		is->last = rec;
		if (rec->kind && !strcmp(rec->kind, GI_KIND_ISSUE)) {
			if (rec->title)
				is->title = rec->title;
			if (rec->state)
				is->state = rec->state;
		}
	}
}

int gi_issue_load(struct gi_issue *is, struct gi_repo *r,
		  const git_oid *notes, long n)
{
	memset(is, 0, sizeof(*is));
	is->number = n;
	if (gi_store_read(&is->lines, r, notes, n) < 0)
		return -1;
	parse_all(is);
	return 0;
}

int gi_issue_load_blob(struct gi_issue *is, struct gi_repo *r,
		       const git_oid *blob, long n)
{
	memset(is, 0, sizeof(*is));
	is->number = n;
	if (gi_store_read_blob(&is->lines, r, blob) < 0)
		return -1;
	parse_all(is);
	return 0;
}

void gi_issue_release(struct gi_issue *is)
{
	size_t i;

	for (i = 0; i < is->nr; i++)
		gi_record_release(&is->rec[i]);
	free(is->rec);
	gi_lines_release(&is->lines);
	memset(is, 0, sizeof(*is));
}

/* Fields that are machinery, not something a person would search for. */
static int is_machine_field(const char *key)
{
	static const char *const skip[] = { "time", "id", "kind", "commit",
					    "supersedes", "worktree" };
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(skip); i++)
		if (!strcmp(key, skip[i]))
			return 1;
	return 0;
}

static int match_value(const cJSON *v, int (*match)(const char *, void *),
		       void *payload)
{
	const cJSON *it;

	if (cJSON_IsString(v))
		return match(v->valuestring, payload);
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		for (it = v->child; it; it = it->next)
			if (match_value(it, match, payload))
				return 1;
	return 0;
}

int gi_record_matches(const struct gi_record *rec,
		      int (*match)(const char *s, void *payload),
		      void *payload)
{
	const cJSON *it;

	if (!rec->json)
		return 0;
	for (it = rec->json->child; it; it = it->next)
		if (!is_machine_field(it->string) &&
		    match_value(it, match, payload))
			return 1;
	return 0;
}
