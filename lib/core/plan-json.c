/*
 * plan-json.c: the JSON form of a plan file read into items
 * (plan-json.h). cJSON parses the text (bounded: its nesting limit); each
 * member is then taken with its type checked, every mistake reported at
 * its JSON path, so that one run says them all, as the Markdown reader
 * does with lines. What the two forms share (keys, references, labels)
 * is plan-file.c's.
 */
#include "core/plan-json.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"
#include "gitissue/util/util.h"

struct jr {
	struct gi_plan_file *pf;
	const char *name;
	gi_buf *err;
	int errors;
};

static void mistake(struct jr *j, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void mistake(struct jr *j, const char *path, const char *fmt, ...)
{
	va_list ap;

	gi_buf_addf(j->err, "%s: %s: ", j->name, path);
	va_start(ap, fmt);
	gi_buf_vaddf(j->err, fmt, ap);
	va_end(ap);
	gi_buf_addch(j->err, '\n');
	j->errors++;
}

static char *path_of(const char *base, const char *member, long index)
{
	gi_buf p = GI_BUF_INIT;

	gi_buf_adds(&p, base);
	if (member)
		gi_buf_addf(&p, "%s%s", *base ? "." : "", member);
	if (index >= 0)
		gi_buf_addf(&p, "[%ld]", index);
	return gi_buf_detach(&p, NULL);
}

/* A string member, trimmed, or NULL (a mistake when not a string). */
static char *string_of(struct jr *j, const cJSON *o, const char *member,
		       const char *path)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, member);
	char *p;

	if (!v)
		return NULL;
	if (cJSON_IsString(v))
		return gi_plan_trimmed(v->valuestring, strlen(v->valuestring));
	p = path_of(path, member, -1);
	mistake(j, p, "a string is expected");
	free(p);
	return NULL;
}

/* N or "#N" of an existing issue: N, else 0. */
static long number_of(const cJSON *v)
{
	struct gi_plan_ref ref;
	gi_buf why = GI_BUF_INIT;
	long n = 0;

	if (cJSON_IsNumber(v) && v->valuedouble >= 1 &&
	    v->valuedouble <= (double)GI_ISSUE_MAX &&
	    v->valuedouble == (double)(long)v->valuedouble)
		return (long)v->valuedouble;
	if (cJSON_IsString(v) && v->valuestring[0] == '#' &&
	    !gi_plan_ref_parse(&ref, v->valuestring, &why))
		n = ref.number;
	gi_buf_release(&why);
	return n;
}

/* A reference at `path`: 0, or -1 (reported). */
static int ref_of(struct jr *j, const cJSON *v, const char *path,
		  struct gi_plan_ref *ref)
{
	gi_buf why = GI_BUF_INIT;
	int ret = 0;

	memset(ref, 0, sizeof(*ref));
	if (cJSON_IsNumber(v)) {
		ref->number = number_of(v);
		if (!ref->number)
			mistake(j, path, "not an issue number");
		ret = ref->number ? 0 : -1;
	} else if (!cJSON_IsString(v)) {
		mistake(j, path, "a key, \"#N\" or a number is expected");
		ret = -1;
	} else if (gi_plan_ref_parse(ref, v->valuestring, &why)) {
		mistake(j, path, "%s", why.buf);
		ret = -1;
	}
	if (!ret)
		ref->path = gi_xstrdup(path);
	gi_buf_release(&why);
	return ret;
}

static void one_ref(struct jr *j, const cJSON *o, const char *member,
		    const char *path, struct gi_plan_ref *ref)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, member);
	char *p;

	if (!v)
		return;
	p = path_of(path, member, -1);
	ref_of(j, v, p, ref);
	free(p);
}

/* The array member `member`: each element to fn, with its path. */
static void each(struct jr *j, struct gi_plan_item *it, const cJSON *o,
		 const char *member, const char *path,
		 void (*fn)(struct jr *, struct gi_plan_item *,
			    const cJSON *, const char *))
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, member), *v;
	char *p = path_of(path, member, -1);
	long k = 0;

	if (arr && !cJSON_IsArray(arr))
		mistake(j, p, "an array is expected");
	else
		cJSON_ArrayForEach(v, arr) {
			char *e = path_of(path, member, k++);

			fn(j, it, v, e);
			free(e);
		}
	free(p);
}

static void label(struct jr *j, struct gi_plan_item *it, const cJSON *v,
		  const char *path)
{
	gi_buf why = GI_BUF_INIT;
	char *t;

	if (!cJSON_IsString(v)) {
		mistake(j, path, "a string is expected");
		return;
	}
	t = gi_plan_trimmed(v->valuestring, strlen(v->valuestring));
	if (!*t)
		mistake(j, path, "an empty label");
	else if (gi_plan_item_add_label(it, t, &why))
		mistake(j, path, "%s", why.buf);
	free(t);
	gi_buf_release(&why);
}

static void blocker(struct jr *j, struct gi_plan_item *it, const cJSON *v,
		    const char *path)
{
	struct gi_plan_ref ref;

	if (it->nblocked_by > GI_PLAN_MAX_BLOCKED_BY)
		return;		/* the check says "more than 50" */
	if (ref_of(j, v, path, &ref))
		return;
	it->blocked_by = gi_xrealloc(it->blocked_by, (it->nblocked_by + 1) *
				     sizeof(*it->blocked_by));
	it->blocked_by[it->nblocked_by++] = ref;
}

/* Every member known (the roadmap's "items" too), and once. */
static void check_members(struct jr *j, const cJSON *o, const char *path,
			  int roadmap)
{
	static const char *const known[] = {
		"key", "title", "issue", "body", "labels", "blocked-by",
		"parent", "discovered-from", "items"
	};
	const cJSON *m, *n;
	size_t k;

	/* twice as many as there are: the search for twins stays cheap */
	if (cJSON_GetArraySize(o) > 2 * (int)GI_ARRAY_SIZE(known)) {
		mistake(j, path, "%d members; a plan item has at most %zu",
			cJSON_GetArraySize(o), GI_ARRAY_SIZE(known));
		return;
	}
	cJSON_ArrayForEach(m, o) {
		for (k = 0; k < GI_ARRAY_SIZE(known); k++)
			if (!strcmp(m->string, known[k]))
				break;
		if (k == GI_ARRAY_SIZE(known) || (!roadmap && k == 8))
			mistake(j, path, "unknown member \"%s\"%s", m->string,
				k == 8 ? ": items are the roadmap's" : "");
		for (n = o->child; n != m; n = n->next)
			if (!strcmp(n->string, m->string)) {
				mistake(j, path, "\"%s\" given twice",
					m->string);
				break;
			}
	}
}

/* The title or the existing issue, and the key. */
static void identity(struct jr *j, struct gi_plan_item *it, const cJSON *o,
		     const char *path)
{
	const cJSON *issue = cJSON_GetObjectItemCaseSensitive(o, "issue");
	char *key = string_of(j, o, "key", path), *p;

	it->title = string_of(j, o, "title", path);
	if (issue && !(it->number = number_of(issue))) {
		p = path_of(path, "issue", -1);
		mistake(j, p, "not an issue number");
		free(p);
	}
	if (it->title && issue)
		mistake(j, it->path, "a \"title\" or an \"issue\", not both");
	else if (it->title && !*it->title)
		mistake(j, it->path, "an empty title");
	else if (!it->title && !issue)
		mistake(j, it->path, "no \"title\"");
	if (key && !gi_plan_key_ok(key)) {
		p = path_of(path, "key", -1);
		mistake(j, p, "'%s' is not a key: letters, digits, '-', "
			"'_', '.'", key);
		free(p);
	}
	if (key) {
		it->key = key;
	} else if (it->number) {
		gi_buf k = GI_BUF_INIT;

		gi_buf_addf(&k, "%ld", it->number);
		it->key = gi_buf_detach(&k, NULL);
	} else {
		it->key = gi_plan_file_slug(it->title ? it->title : "");
	}
}

static void item(struct jr *j, const cJSON *o, const char *path, int roadmap)
{
	struct gi_plan_item *it;

	if (!cJSON_IsObject(o)) {
		mistake(j, *path ? path : "(roadmap)", "an object is expected");
		return;
	}
	check_members(j, o, *path ? path : "(roadmap)", roadmap);
	GI_ALLOC_GROW(j->pf->v, j->pf->nr + 1, j->pf->alloc);
	it = &j->pf->v[j->pf->nr++];
	memset(it, 0, sizeof(*it));
	it->path = gi_xstrdup(*path ? path : "(roadmap)");
	identity(j, it, o, path);
	it->body = string_of(j, o, "body", path);
	if (!it->body)
		it->body = gi_xstrdup("");
	each(j, it, o, "labels", path, label);
	each(j, it, o, "blocked-by", path, blocker);
	one_ref(j, o, "parent", path, &it->parent);
	one_ref(j, o, "discovered-from", path, &it->discovered_from);
}

/* "<name>:<line>:<column>: not JSON" at the byte cJSON stopped at. */
static void not_json(struct jr *j, const char *text, size_t at,
		     const char *what)
{
	size_t line = 1, col = 1, i;

	for (i = 0; i < at; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	gi_buf_addf(j->err, "%s:%zu:%zu: %s\n", j->name, line, col, what);
	j->errors++;
}

int gi_plan_json_read(struct gi_plan_file *out, const char *text, size_t len,
		      const char *name, gi_buf *err)
{
	struct jr j = { out, name, err, 0 };
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	const cJSON *items, *v;
	long k = 0;

	memset(out, 0, sizeof(*out));
	if (!doc) {
		not_json(&j, text, end && end >= text ?
			 (size_t)(end - text) : 0, "not valid JSON");
		return j.errors;
	}
	while (end && (size_t)(end - text) < len &&
	       strchr(" \t\r\n", *end) && *end)
		end++;
	if (end && (size_t)(end - text) < len)
		not_json(&j, text, (size_t)(end - text),
			 "text after the plan's object");
	item(&j, doc, "", 1);
	items = cJSON_IsObject(doc) ?
		cJSON_GetObjectItemCaseSensitive(doc, "items") : NULL;
	if (items && !cJSON_IsArray(items))
		mistake(&j, "items", "an array is expected");
	else
		cJSON_ArrayForEach(v, items) {
			char *p = path_of("", "items", k++);

			item(&j, v, p, 0);
			free(p);
		}
	cJSON_Delete(doc);
	return j.errors;
}
