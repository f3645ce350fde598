/*
 * issue.c: the issue a command is about, and its records (issue.h).
 */
#define _GNU_SOURCE	/* memmem */
#include "gitissue/core/issue.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/config.h"
#include "gitissue/util/date.h"
#include "gitissue/core/plan.h"
#include "core/store-write.h"

#define PROVISIONAL_DIGITS 7

/* "new-1a2b3c4": exactly seven lowercase hex digits, not all zero */
static int parse_provisional(const char *s, long *out)
{
	size_t plen = strlen(GI_PROVISIONAL_PREFIX), i;
	long v = 0;

	if (strncmp(s, GI_PROVISIONAL_PREFIX, plen) ||
	    strlen(s + plen) != PROVISIONAL_DIGITS)
		return -1;
	for (i = 0; i < PROVISIONAL_DIGITS; i++) {
		char c = s[plen + i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (c - 'a' + 10);
		else
			return -1;
	}
	if (!v)
		return -1;
	*out = -v;
	return 0;
}

int gi_parse_issue(const char *s, long *out)
{
	unsigned long v;

	if (!s)
		return -1;
	if (*s == 'n')
		return parse_provisional(s, out);
	if (*s == '#')
		s++;
	if (gi_parse_ulong(s, &v) || v < 1 || v > (unsigned long)GI_ISSUE_MAX)
		return -1;
	*out = (long)v;
	return 0;
}

long gi_parse_issue_or_die(const char *s)
{
	long n;

	if (gi_parse_issue(s, &n) < 0)
		gi_die("invalid issue number '%s': expected a whole number "
		       "from 1 to %ld, or a provisional name like new-1a2b3c4",
		       s, GI_ISSUE_MAX);
	return n;
}

/* n (>= 0) in decimal at `p`, NUL-terminated: the end. Not snprintf: a
 * listing or the ready queue names thousands of issues. */
static char *put_decimal(char *p, unsigned long n)
{
	char tmp[24];
	size_t len = 0;

	do {
		tmp[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (len)
		*p++ = tmp[--len];
	*p = '\0';
	return p;
}

const char *gi_issue_name(long n, char buf[GI_ISSUE_NAME_MAX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned long v;
	char *p;
	int i;

	if (n >= 0) {
		put_decimal(buf, (unsigned long)n);
		return buf;
	}
	/* "new-%07lx" */
	v = (unsigned long)-n;
	memcpy(buf, GI_PROVISIONAL_PREFIX, sizeof(GI_PROVISIONAL_PREFIX) - 1);
	p = buf + sizeof(GI_PROVISIONAL_PREFIX) - 1;
	for (i = 60; i > 24 && !(v >> i); i -= 4)
		;
	for (; i >= 0; i -= 4)
		*p++ = hex[(v >> i) & 15];
	*p = '\0';
	return buf;
}

const char *gi_issue_label(long n, char buf[GI_ISSUE_NAME_MAX])
{
	if (n < 0)
		return gi_issue_name(n, buf);
	buf[0] = '#';
	put_decimal(buf + 1, (unsigned long)n);
	return buf;
}

cJSON *gi_issue_to_json(long n)
{
	char name[GI_ISSUE_NAME_MAX];

	if (n < 0)
		return cJSON_CreateString(gi_issue_name(n, name));
	return cJSON_CreateNumber((double)n);
}

cJSON *gi_issues_to_json(const long *v, size_t nr)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < nr; i++)
		cJSON_AddItemToArray(arr, gi_issue_to_json(v[i]));
	return arr;
}

int gi_issue_from_json(const cJSON *v, long *out)
{
	if (cJSON_IsString(v))
		return gi_parse_issue(v->valuestring, out);
	if (cJSON_IsNumber(v) && v->valuedouble >= 1 &&
	    v->valuedouble <= (double)GI_ISSUE_MAX &&
	    v->valuedouble == (double)(long)v->valuedouble) {
		*out = (long)v->valuedouble;
		return 0;
	}
	return -1;
}

long gi_provisional_new(void)
{
	long v;

	do
		v = (long)(gi_random_u32() & (unsigned int)GI_PROVISIONAL_MAX);
	while (!v);
	return -v;
}

/* issue/<N>, issue/<N>-<anything>, issue/new-<hex> and issue/new-<hex>-... */
static int issue_from_branch_name(const char *branch, long *out)
{
	const char *p;
	char *num;
	size_t len;
	int ret;

	if (strncmp(branch, "issue/", 6))
		return -1;
	p = branch + 6;
	if (*p == '#')
		return -1;
	len = strcspn(p, "-");
	if (!strncmp(p, GI_PROVISIONAL_PREFIX, strlen(GI_PROVISIONAL_PREFIX)))
		len = strlen(GI_PROVISIONAL_PREFIX) +
		      strcspn(p + strlen(GI_PROVISIONAL_PREFIX), "-");
	num = gi_xstrndup(p, len);
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

int gi_gitdir_issue(const char *gitdir, long *out)
{
	gi_buf path = GI_BUF_INIT;
	char *line;
	int ret = GIT_ENOTFOUND;

	gi_buf_addf(&path, "%s/%s", gitdir, GI_ISSUE_FILE);
	line = gi_read_line_file(path.buf);
	if (line && !gi_parse_issue(line, out))
		ret = 0;
	free(line);
	gi_buf_release(&path);
	return ret;
}

int gi_issue_of_worktree(long file_issue, int has_file, long branch_issue,
			 int has_branch, long *out)
{
	/*
	 * The file names the issue this worktree was given; a branch that
	 * belongs to another issue wins over it, because checking that
	 * branch out (with stock git) is the user saying so. A detached
	 * HEAD, a rebase, or a branch of no issue keep the file's.
	 */
	if (has_branch)
		*out = branch_issue;
	else if (has_file)
		*out = file_issue;
	else
		return GIT_ENOTFOUND;
	return 0;
}

int gi_infer_issue(struct gi_repo *r, long *out)
{
	char *branch = gi_current_branch(r);
	long fn = 0, bn = 0;
	int has_file, err = GIT_ENOTFOUND;

	has_file = !r->bare && r->gitdir && !gi_gitdir_issue(r->gitdir, &fn);
	if (branch) {
		/* a bad branch.<b>.issue is an error even with the file:
		 * the user said something about this branch we cannot read */
		err = gi_branch_issue(r, branch, &bn, 0);
		free(branch);
		if (err == -1)
			return -1;
	}
	return gi_issue_of_worktree(fn, has_file, bn, !err, out);
}

long gi_issue_resolve(struct gi_repo *r, const char *opt)
{
	long n;
	int err;
	char *branch;

	if (opt)
		return gi_parse_issue_or_die(opt);
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
		 size_t nr, char (*ids)[GI_RECORD_ID_HEXSZ + 1])
{
	struct gi_provenance prov;
	struct gi_append_opts opts = { 0 };
	struct gi_lines lines = GI_LINES_INIT;
	gi_buf line = GI_BUF_INIT;
	size_t i;
	char time[32];
	int ret = -1;

	/* a provisional issue created on GitHub: write under its number */
	if (gi_issue_is_provisional(n))
		n = gi_issue_canonical(r, NULL, n);
	gi_provenance_fill(&prov, r);
	gi_time_now(time);
	for (i = 0; i < nr; i++) {
		struct gi_record_fields g = f[i];
		char id[GI_RECORD_ID_HEXSZ + 1];

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
			memcpy(ids[i], g.id, GI_RECORD_ID_HEXSZ + 1);
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

/* Does the line p[0..len-1] contain `needle`? */
static int line_has(const char *p, size_t len, const char *needle)
{
	return memmem(p, len, needle, strlen(needle)) != NULL;
}

/* Is the line a record of what someone wrote down: a note, a lesson, a
 * comment? (A quote inside a JSON string is escaped: "kind":"note"
 * unescaped is a key and its value, not a record's text.) */
static int written_down(const char *p, size_t len)
{
	return line_has(p, len, "\"kind\":\"" GI_KIND_NOTE "\"") ||
	       line_has(p, len, "\"kind\":\"" GI_KIND_LESSON "\"") ||
	       line_has(p, len, "\"kind\":\"" GI_KIND_COMMENT "\"");
}

/* Parse the records, unless `bare` those written down too */
static void parse_some(struct gi_issue *is, long (*canon)(long, void *),
		       void *payload, int bare)
{
	size_t i;

	is->rec = gi_xcalloc(is->lines.nr + 1, sizeof(*is->rec));
	is->nr = is->lines.nr;
	for (i = 0; i < is->nr; i++) {
		const struct gi_line *l = &is->lines.v[i];

		if (bare && written_down(l->p, l->len))
			continue;
		if (gi_record_parse(&is->rec[i], l->p, l->len) < 0)
			is->malformed++;
	}
	gi_records_resolve(is->rec, is->nr);
	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];

		if (!rec->json || rec->superseded)
			continue;
		/* an intent is the sync's coordination, not activity: every
		 * sync that posts writes two */
		if (!rec->kind || strcmp(rec->kind, GI_KIND_INTENT))
			is->last = rec;
		if (rec->kind && !strcmp(rec->kind, GI_KIND_ISSUE)) {
			if (rec->title)
				is->title = rec->title;
			if (rec->state)
				is->state = rec->state;
		}
	}
	gi_plan_resolve_issue(is, canon, payload);
}

static void parse_all(struct gi_issue *is, long (*canon)(long, void *),
		      void *payload)
{
	parse_some(is, canon, payload, 0);
}

/* The other names that a note's alias records give. */
static size_t alias_names(const struct gi_lines *l, long *out, size_t max)
{
	size_t i, nr = 0;

	for (i = 0; i < l->nr && nr < max; i++) {
		cJSON *j;
		long m;

		if (!line_has(l->v[i].p, l->v[i].len,
			      "\"kind\":\"" GI_KIND_ALIAS "\""))
			continue;
		j = cJSON_ParseWithLength(l->v[i].p, l->v[i].len);
		if (!gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
					"created_as"), &m) ||
		    !gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
					"provisional"), &m))
			out[nr++] = m;
		cJSON_Delete(j);
	}
	return nr;
}

/* Add `other`'s lines to `l`, taking its storage over. */
static void take_lines(struct gi_lines *l, struct gi_lines *other)
{
	size_t i;

	gi_lines_union(l, other);
	for (i = 0; i < other->nchunks; i++)
		gi_lines_own(l, other->chunks[i]);
	other->nchunks = 0;
	gi_lines_release(other);
}

int gi_issue_has_content(const struct gi_issue *is)
{
	size_t i;

	for (i = 0; i < is->nr; i++)
		if (!is->rec[i].kind ||
		    (strcmp(is->rec[i].kind, GI_KIND_CLAIM) &&
		     strcmp(is->rec[i].kind, GI_KIND_RELEASE)))
			return 1;
	return 0;
}

int gi_issue_known(struct gi_repo *r, long n)
{
	struct gi_issue is;
	int known;

	if (gi_issue_load(&is, r, NULL, n) < 0)
		return -1;
	known = gi_issue_has_content(&is);
	gi_issue_release(&is);
	return known;
}

void gi_issue_warn_unknown(long n, int asked_github)
{
	char label[GI_ISSUE_NAME_MAX];

	gi_warning("issue %s is known nowhere (no record here%s): "
		   "probably a typo", gi_issue_label(n, label),
		   asked_github ? ", and GitHub has none" : "");
}

long gi_issue_canonical(struct gi_repo *r, const git_oid *notes, long n)
{
	struct gi_lines l = GI_LINES_INIT;
	long names[4];
	size_t i, nr;

	if (!gi_issue_is_provisional(n) || gi_store_read(&l, r, notes, n) < 0)
		return n;
	nr = alias_names(&l, names, GI_ARRAY_SIZE(names));
	gi_lines_release(&l);
	for (i = 0; i < nr; i++)
		if (!gi_issue_is_provisional(names[i]))
			return names[i];
	return n;
}

void gi_issue_list_only(struct gi_issue_list *list, struct gi_repo *r,
			const long *want, size_t nwant)
{
	long *canon = gi_xcalloc(nwant + 1, sizeof(*canon));
	size_t i, j, k = 0;

	for (j = 0; j < nwant; j++)
		canon[j] = gi_issue_canonical(r, NULL, want[j]);
	for (i = 0; i < list->nr; i++) {
		long n = list->v[i].issue, c;

		if (!n)
			continue;
		c = gi_issue_canonical(r, NULL, n);
		for (j = 0; j < nwant; j++)
			if (c == canon[j])
				break;
		if (j < nwant)
			list->v[k++] = list->v[i];
	}
	list->nr = k;
	free(canon);
}

struct canon_ctx {
	struct gi_repo *r;
	const git_oid *notes;
};

static long canon_by_notes(long n, void *payload)
{
	struct canon_ctx *c = payload;

	return gi_issue_canonical(c->r, c->notes, n);
}

int gi_issue_load(struct gi_issue *is, struct gi_repo *r,
		  const git_oid *notes, long n)
{
	struct canon_ctx ctx = { r, notes };
	long seen[8], names[4];
	size_t nseen = 1, k, i, nr;

	memset(is, 0, sizeof(*is));
	is->number = n;
	if (gi_store_read(&is->lines, r, notes, n) < 0)
		return -1;
	/* follow the aliases: the provisional name and the number are one */
	seen[0] = n;
	for (k = 0; k < nseen; k++) {
		struct gi_lines other = GI_LINES_INIT;

		if (k) {
			if (gi_store_read(&other, r, notes, seen[k]) < 0)
				return -1;
			nr = alias_names(&other, names, GI_ARRAY_SIZE(names));
			take_lines(&is->lines, &other);
		} else {
			nr = alias_names(&is->lines, names, GI_ARRAY_SIZE(names));
		}
		for (i = 0; i < nr; i++) {
			size_t j;

			for (j = 0; j < nseen && seen[j] != names[i]; j++)
				;
			if (j == nseen && nseen < GI_ARRAY_SIZE(seen))
				seen[nseen++] = names[i];
		}
	}
	for (k = 0; k < nseen; k++) {
		if (gi_issue_is_provisional(seen[k]) && !is->provisional)
			is->provisional = seen[k];
		else if (!gi_issue_is_provisional(seen[k]) &&
			 gi_issue_is_provisional(is->number))
			is->number = seen[k];
	}
	if (is->provisional == is->number)
		is->provisional = 0;
	parse_all(is, canon_by_notes, &ctx);
	return 0;
}

static int load_blob(struct gi_issue *is, struct gi_repo *r,
		     const git_oid *blob, long n, int bare)
{
	memset(is, 0, sizeof(*is));
	is->number = n;
	if (gi_store_read_blob(&is->lines, r, blob) < 0)
		return -1;
	parse_some(is, NULL, NULL, bare);
	return 0;
}

int gi_issue_load_blob(struct gi_issue *is, struct gi_repo *r,
		       const git_oid *blob, long n)
{
	return load_blob(is, r, blob, n, 0);
}

int gi_issue_load_blob_bare(struct gi_issue *is, struct gi_repo *r,
			    const git_oid *blob, long n)
{
	return load_blob(is, r, blob, n, 1);
}

void gi_issue_load_data(struct gi_issue *is, const char *data, size_t len,
			long n)
{
	struct gi_lines lines = GI_LINES_INIT;
	char *copy = gi_xmalloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	gi_lines_own(&lines, copy);
	gi_lines_parse(&lines, copy, len);
	gi_issue_load_lines(is, &lines, n, NULL, NULL);
}

void gi_issue_load_lines(struct gi_issue *is, struct gi_lines *lines, long n,
			 long (*canon)(long n, void *payload), void *payload)
{
	memset(is, 0, sizeof(*is));
	is->number = n;
	is->lines = *lines;
	gi_lines_init(lines);
	parse_all(is, canon, payload);
}

void gi_issue_release(struct gi_issue *is)
{
	size_t i;

	gi_plan_release_issue(is);

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
		/* the plan's records are what the issue is, not work on it */
		if (!is->rec[i].json || is->rec[i].superseded ||
		    !gi_plan_record_listed(&is->rec[i]))
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
