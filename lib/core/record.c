/*
 * record.c: formatting and parsing of record lines.
 *
 * Our own lines are canonical: keys in one fixed order, no spaces, the same
 * escaping everywhere, so that the same record is the same bytes in every
 * clone and a note is exactly what `git notes merge -s cat_sort_uniq` makes
 * of it. Parsing never changes a line: the raw bytes stay what is stored.
 */
#include "gitissue/core/record.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/util/util.h"
#include "util/json-parse.h"

static void add_field(gi_buf *out, const char *key, const char *val)
{
	if (!val)
		return;
	gi_buf_addch(out, ',');
	gi_json_add_string(out, key, strlen(key));
	gi_buf_addch(out, ':');
	gi_json_add_string(out, val, strlen(val));
}

static void add_json_value(gi_buf *out, const cJSON *v);

static int cmp_key(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

static void add_json_object(gi_buf *out, const cJSON *obj, int first)
{
	const cJSON *it;
	const cJSON **members = NULL;
	size_t nr = 0, alloc = 0, i;

	for (it = obj->child; it; it = it->next) {
		GI_ALLOC_GROW(members, nr + 1, alloc);
		members[nr++] = it;
	}
	if (nr)
		qsort(members, nr, sizeof(*members), cmp_key);
	for (i = 0; i < nr; i++) {
		if (!first || i)
			gi_buf_addch(out, ',');
		gi_json_add_string(out, members[i]->string,
				   strlen(members[i]->string));
		gi_buf_addch(out, ':');
		add_json_value(out, members[i]);
	}
	free(members);
}

/* Deterministic JSON for an extra value: sorted keys, no spaces. */
static void add_json_value(gi_buf *out, const cJSON *v)
{
	const cJSON *it;

	if (cJSON_IsString(v)) {
		gi_json_add_string(out, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		/* GitHub ids exceed 2^32: integers print exactly, others
		 * with enough digits to read back the same double */
		double d = v->valuedouble;

		/* the range first: casting 1e999 (inf) to an integer is
		 * undefined; JSON has no infinity, so it becomes null */
		if (!isfinite(d))
			gi_buf_adds(out, "null");
		else if (d < 9007199254740992.0 && d > -9007199254740992.0 &&
			 d == (double)(long long)d)
			gi_buf_addf(out, "%lld", (long long)d);
		else
			gi_buf_addf(out, "%.17g", d);
	} else if (cJSON_IsBool(v)) {
		gi_buf_adds(out, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsArray(v)) {
		gi_buf_addch(out, '[');
		for (it = v->child; it; it = it->next) {
			if (it != v->child)
				gi_buf_addch(out, ',');
			add_json_value(out, it);
		}
		gi_buf_addch(out, ']');
	} else if (cJSON_IsObject(v)) {
		gi_buf_addch(out, '{');
		add_json_object(out, v, 1);
		gi_buf_addch(out, '}');
	} else {
		gi_buf_adds(out, "null");
	}
}

_Static_assert(GI_RECORD_ID_HEXSZ == GI_RANDOM_HEXSZ,
	       "a new record id is gi_random_hex()'s digits");

void gi_record_new_id(char out[GI_RECORD_ID_HEXSZ + 1])
{
	gi_random_hex(out);
}

int gi_record_format(gi_buf *out, const struct gi_record_fields *f)
{
	char now[32], id[GI_RECORD_ID_HEXSZ + 1];

	if (!f->kind || !*f->kind)
		return -1;
	if (!f->time)
		gi_time_now(now);
	if (!f->id)
		gi_record_new_id(id);
	gi_buf_adds(out, "{\"time\":");
	gi_json_add_string(out, f->time ? f->time : now,
			   strlen(f->time ? f->time : now));
	add_field(out, "id", f->id ? f->id : id);
	add_field(out, "kind", f->kind);
	add_field(out, "author", f->author);
	add_field(out, "text", f->text);
	add_field(out, "tried", f->tried);
	add_field(out, "failed", f->failed);
	add_field(out, "solution", f->solution);
	add_field(out, "supersedes", f->supersedes);
	add_field(out, "title", f->title);
	add_field(out, "state", f->state);
	add_field(out, "commit", f->commit);
	add_field(out, "branch", f->branch);
	add_field(out, "worktree", f->worktree);
	if (f->extra && cJSON_IsObject(f->extra))
		add_json_object(out, f->extra, 0);
	gi_buf_addch(out, '}');
	return 0;
}

/* The members a record is read for, in the order of `struct gi_record`. */
static const char *const member_names[] = {
	"time", "id", "kind", "author", "text", "tried", "failed", "solution",
	"supersedes", "title", "state", "branch", "commit", "worktree",
	"github_updated", "github_comment",
};

/*
 * Read the members in one pass over the object (each lookup by name
 * walked the whole object: a tenth of reading an issue). As a lookup
 * would, only the first member of each name counts, and a string member
 * that holds anything else is absent.
 */
static void read_members(struct gi_record *r)
{
	const char **slot[] = {
		&r->time, &r->id, &r->kind, &r->author, &r->text, &r->tried,
		&r->failed, &r->solution, &r->supersedes, &r->title,
		&r->state, &r->branch, &r->commit, &r->worktree,
		&r->gh_updated,
	};
	unsigned int seen = 0;
	const cJSON *it;
	size_t i;

	for (it = r->json->child; it; it = it->next) {
		if (!it->string)
			continue;
		for (i = 0; i < GI_ARRAY_SIZE(member_names); i++)
			if (it->string[0] == member_names[i][0] &&
			    !strcmp(it->string, member_names[i]))
				break;
		if (i == GI_ARRAY_SIZE(member_names) || (seen & (1u << i)))
			continue;
		seen |= 1u << i;
		if (i < GI_ARRAY_SIZE(slot))
			*slot[i] = cJSON_IsString(it) ? it->valuestring : NULL;
		else if (cJSON_IsNumber(it))
			r->gh_comment = it->valuedouble;
	}
}

int gi_record_id_valid(const char *id)
{
	size_t n = 0;

	/* GI_RECORD_ID_ALPHABET by hand: strspn builds its table on every
	 * call, and every record of a note is checked */
	while (id && ((id[n] >= '0' && id[n] <= '9') ||
		      (id[n] >= 'a' && id[n] <= 'z')))
		n++;
	return n && n <= GI_RECORD_ID_MAX && !id[n];
}

int gi_record_parse(struct gi_record *r, const char *line, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->line_len = len;
	r->json = gi_json_parse(line, len);
	if (!r->json || !cJSON_IsObject(r->json))
		goto malformed;
	read_members(r);
	/* an id outside the alphabet could never be matched back (markers on
	 * GitHub, supersedes): such a line is malformed, kept as it is */
	if (!r->time || !r->id || !r->kind || !gi_record_id_valid(r->id))
		goto malformed;
	if (r->supersedes && !gi_record_id_valid(r->supersedes))
		r->supersedes = NULL;	/* names no record */
	return 0;

malformed:
	cJSON_Delete(r->json);
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->line_len = len;
	return -1;
}

void gi_record_release(struct gi_record *r)
{
	cJSON_Delete(r->json);
	r->json = NULL;
}

int gi_record_is_lesson(const struct gi_record *r)
{
	/* by the first letter: most records are notes */
	switch (r->kind ? r->kind[0] : 0) {
	case 'l':
		return !strcmp(r->kind, GI_KIND_LESSON);
	case 't':
		return !strcmp(r->kind, "tried");
	case 'f':
		return !strcmp(r->kind, "failed");
	case 's':
		return !strcmp(r->kind, "solution");
	default:
		return 0;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_comment_version(const void *a, const void *b)
{
	const struct gi_record *x = *(const struct gi_record *const *)a;
	const struct gi_record *y = *(const struct gi_record *const *)b;

	if (x->gh_comment != y->gh_comment)
		return x->gh_comment < y->gh_comment ? -1 : 1;
	return strcmp(x->gh_updated ? x->gh_updated : "",
		      y->gh_updated ? y->gh_updated : "");
}

/* Of the imported versions of one GitHub comment, only the newest shows. */
static void resolve_comment_versions(struct gi_record *r, size_t nr)
{
	struct gi_record **v = NULL;
	size_t n = 0, alloc = 0, i;

	for (i = 0; i < nr; i++)
		if (r[i].json && r[i].gh_comment > 0) {
			GI_ALLOC_GROW(v, n + 1, alloc);
			v[n++] = &r[i];
		}
	if (n > 1) {
		qsort(v, n, sizeof(*v), cmp_comment_version);
		for (i = 0; i + 1 < n; i++)
			if (v[i]->gh_comment == v[i + 1]->gh_comment)
				v[i]->superseded = 1;
	}
	free(v);
}

/* Superseding records, sorted by the id they name; `id` is first. */
struct target {
	const char *id;
	const struct gi_record *by;
};

void gi_records_resolve(struct gi_record *r, size_t nr)
{
	struct target *targets = NULL;
	size_t nt = 0, alloc = 0, i;

	resolve_comment_versions(r, nr);
	for (i = 0; i < nr; i++) {
		if (r[i].json && r[i].supersedes) {
			GI_ALLOC_GROW(targets, nt + 1, alloc);
			targets[nt].id = r[i].supersedes;
			targets[nt++].by = &r[i];
		}
	}
	if (nt) {
		qsort(targets, nt, sizeof(*targets), cmp_str);
		for (i = 0; i < nr; i++) {
			const struct target *t;

			if (!r[i].json)
				continue;
			t = bsearch(&r[i].id, targets, nt, sizeof(*targets),
				    cmp_str);
			if (t) {
				r[i].superseded = 1;
				r[i].superseded_by = t->by;
			}
		}
	}
	free(targets);
}

int gi_record_superseded_by_other(const struct gi_record *rec)
{
	const char *a = rec->author, *b;

	if (!rec->superseded || !rec->superseded_by)
		return 0;
	b = rec->superseded_by->author;
	return !a || !b || strcmp(a, b);
}
