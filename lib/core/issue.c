/*
 * issue.c: the issue a command is about, and its records (issue.h).
 */
#include "gitissue/issue.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/config.h"
#include "gitissue/date.h"

int gi_parse_issue(const char *s, long *out)
{
	unsigned long v;

	if (s && *s == '#')
		s++;
	if (gi_parse_ulong(s, &v) || v < 1 || v > (unsigned long)GI_ISSUE_MAX)
		return -1;
	*out = (long)v;
	return 0;
}

/* issue/<N> or issue/<N>-<anything> */
static int issue_from_branch_name(const char *branch, long *out)
{
	const char *p;
	char *num;
	int ret;

	if (strncmp(branch, "issue/", 6))
		return -1;
	p = branch + 6;
	if (*p == '#')
		return -1;
	num = gi_xstrndup(p, strcspn(p, "-"));
	ret = gi_parse_issue(num, out);
	free(num);
	return ret;
}
int gi_branch_issue(struct gi_repo *r, const char *branch, long *out,
		    int quiet)
{
	gi_buf key = GI_BUF_INIT;
	char *val;
	int ret = GIT_ENOTFOUND;

	gi_buf_addf(&key, "branch.%s.issue", branch);
	val = gi_config_get(r, key.buf);
	if (val) {
		if (!gi_parse_issue(val, out))
			ret = 0;
		else if (!quiet)
			ret = gi_error("bad issue number '%s' in '%s'", val,
				       key.buf);
		else
			gi_warning("ignoring bad issue number '%s' in '%s'",
				   val, key.buf);
	} else if (!issue_from_branch_name(branch, out)) {
		ret = 0;
	}
	free(val);
	gi_buf_release(&key);
	return ret;
}

int gi_infer_issue(struct gi_repo *r, long *out)
{
	char *branch = gi_current_branch(r);
	int ret;

	if (!branch)
		return GIT_ENOTFOUND;
	ret = gi_branch_issue(r, branch, out, 0);
	free(branch);
	return ret;
}

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
	struct gi_append_opts opts = { 0 };
	struct gi_lines lines = GI_LINES_INIT;
	gi_buf line = GI_BUF_INIT;
	size_t i;
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
		gi_buf_reset(&line);
		if (gi_record_format(&line, &g) < 0) {
			gi_error("record without a kind");
			goto done;
		}
		if (ids)
			memcpy(ids[i], g.id, 17);
		gi_lines_add_copy(&lines, line.buf, line.len);
	}
	gi_lines_normalize(&lines);
	opts.ident = prov.author;	/* one identity look-up per note */
	if (gi_store_append(r, n, &lines, &opts) < 0)
		goto done;
	gi_store_maybe_gc(r);
	ret = 0;
done:
	gi_lines_release(&lines);
	gi_buf_release(&line);
	gi_provenance_release(&prov);
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

void gi_issue_load_data(struct gi_issue *is, const char *data, size_t len,
			long n)
{
	char *copy = gi_xmalloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	memset(is, 0, sizeof(*is));
	is->number = n;
	gi_lines_own(&is->lines, copy);
	gi_lines_parse(&is->lines, copy, len);
	parse_all(is);
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

void gi_issue_counts(struct gi_issue_counts *out, const struct gi_issue *is)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < is->nr; i++) {
		if (!is->rec[i].json || is->rec[i].superseded)
			continue;
		out->records++;
		out->lessons += gi_record_is_lesson(&is->rec[i]);
	}
}

int gi_issue_find_record(const struct gi_record **out,
			 const struct gi_issue *is, const char *prefix)
{
	size_t i, len = strlen(prefix), matches = 0;

	*out = NULL;
	if (len < 4)
		return GI_EINVALID;
	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (!rec->json || strncmp(rec->id, prefix, len))
			continue;
		/* the same id twice is one record (an edited copy) */
		if (!*out || strcmp((*out)->id, rec->id))
			matches++;
		*out = rec;
	}
	if (matches > 1) {
		*out = NULL;
		return GIT_EAMBIGUOUS;
	}
	return *out ? 0 : GIT_ENOTFOUND;
}
