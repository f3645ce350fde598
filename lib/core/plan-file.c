/*
 * plan-file.c: a plan file read and checked whole (plan-file.h). The
 * reading is line by line: a heading opens an item, the metadata lines
 * right under it fill its relations, the rest is its body. The checks
 * that need every item (keys, references, cycles, GitHub's counts) run
 * once the file is read, so one run reports every mistake with its line.
 */
#include "gitissue/core/plan-file.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/plan-json.h"
#include "gitissue/core/edit.h"
#include "gitissue/core/plan.h"
#include "gitissue/util/util.h"

#define MAX_SLUG 40

/* What reading needs between lines. */
struct reader {
	struct gi_plan_file *pf;
	const char *name;
	gi_buf *err;
	int errors;
	struct gi_plan_item *cur;	/* the item being read */
	gi_buf body;
	int in_meta;		/* right under the heading */
	char fence[8];		/* the open code fence, "" none */
};

static void mistake(struct reader *rd, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void mistake(struct reader *rd, size_t line, const char *fmt, ...)
{
	va_list ap;
	gi_buf msg = GI_BUF_INIT;

	va_start(ap, fmt);
	gi_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	gi_buf_addf(rd->err, "%s:%zu: %s\n", rd->name, line, msg.buf);
	gi_buf_release(&msg);
	rd->errors++;
}

/* A mistake of item `it` found by the checks: at its line (Markdown), or
 * at the JSON path of `ref` or of the item (the JSON form). */
static void item_mistake(struct reader *rd, const struct gi_plan_item *it,
			 const struct gi_plan_ref *ref, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void item_mistake(struct reader *rd, const struct gi_plan_item *it,
			 const struct gi_plan_ref *ref, const char *fmt, ...)
{
	const char *path = ref && ref->path ? ref->path : it->path;
	va_list ap;
	gi_buf msg = GI_BUF_INIT;

	va_start(ap, fmt);
	gi_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (path)
		gi_buf_addf(rd->err, "%s: %s: %s\n", rd->name, path, msg.buf);
	else
		gi_buf_addf(rd->err, "%s:%zu: %s\n", rd->name, it->line,
			    msg.buf);
	gi_buf_release(&msg);
	rd->errors++;
}

char *gi_plan_file_slug(const char *title)
{
	gi_buf out = GI_BUF_INIT;
	const unsigned char *p;
	int dash = 0;

	for (p = (const unsigned char *)title; *p && out.len < MAX_SLUG; p++) {
		if (isalnum(*p)) {
			if (dash && out.len)
				gi_buf_addch(&out, '-');
			gi_buf_addch(&out, (char)tolower(*p));
			dash = 0;
		} else {
			dash = 1;
		}
	}
	return gi_buf_detach(&out, NULL);
}

char *gi_plan_trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return gi_xstrndup(s, len);
}

int gi_plan_key_ok(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && !strchr("-_.", *k))
			return 0;
	return 1;
}

/* "#123" as a number, else 0. */
static long issue_number(const char *s)
{
	char *end;
	long n;

	if (*s != '#' || !isdigit((unsigned char)s[1]))
		return 0;
	n = strtol(s + 1, &end, 10);
	return *end || n <= 0 ? 0 : n;
}

int gi_plan_ref_parse(struct gi_plan_ref *ref, const char *s, gi_buf *why)
{
	memset(ref, 0, sizeof(*ref));
	if (*s == '#') {
		ref->number = issue_number(s);
		if (!ref->number) {
			gi_buf_addf(why, "'%s' is not an issue number", s);
			return -1;
		}
	} else if (gi_plan_key_ok(s)) {
		ref->key = gi_xstrdup(s);
	} else {
		gi_buf_addf(why, "'%s' is neither a key nor #<number>", s);
		return -1;
	}
	return 0;
}

static int parse_ref(struct reader *rd, size_t line, const char *s,
		     struct gi_plan_ref *ref)
{
	gi_buf why = GI_BUF_INIT;
	int ret = gi_plan_ref_parse(ref, s, &why);

	if (ret)
		mistake(rd, line, "%s", why.buf);
	gi_buf_release(&why);
	return ret;
}

/* The comma-separated values of a metadata line, trimmed: each to fn. */
static void each_value(struct reader *rd, size_t line, const char *what,
		       const char *s,
		       void (*fn)(struct reader *, size_t, const char *))
{
	while (1) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char *v = gi_plan_trimmed(s, len);

		if (!*v)
			mistake(rd, line, "an empty value in '%s:'", what);
		else
			fn(rd, line, v);
		free(v);
		if (!comma)
			break;
		s = comma + 1;
	}
}

int gi_plan_item_add_label(struct gi_plan_item *it, const char *v,
			   gi_buf *why)
{
	size_t k;

	for (k = 0; k < it->nlabels; k++)
		if (!strcasecmp(it->labels[k], v))
			return 0;	/* named twice: one label */
	if (it->nlabels == GI_PLAN_MAX_LABELS) {
		/* a bound on the work of reading an untrusted file */
		gi_buf_addf(why, "more than %d labels", GI_PLAN_MAX_LABELS);
		return -1;
	}
	if (gi_issue_text_check(NULL, NULL, 0, &v, 1, why))
		return -1;
	it->labels = gi_xrealloc(it->labels, (it->nlabels + 1) *
				 sizeof(*it->labels));
	it->labels[it->nlabels++] = gi_xstrdup(v);
	return 0;
}

static void add_label(struct reader *rd, size_t line, const char *v)
{
	gi_buf why = GI_BUF_INIT;

	if (gi_plan_item_add_label(rd->cur, v, &why))
		mistake(rd, line, "%s", why.buf);
	gi_buf_release(&why);
}

static void add_blocker(struct reader *rd, size_t line, const char *v)
{
	struct gi_plan_item *it = rd->cur;
	struct gi_plan_ref ref;

	if (it->nblocked_by > GI_PLAN_MAX_BLOCKED_BY) {
		/* the check says "more than 50"; the rest is not read */
		return;
	}
	if (parse_ref(rd, line, v, &ref))
		return;
	it->blocked_by = gi_xrealloc(it->blocked_by, (it->nblocked_by + 1) *
				     sizeof(*it->blocked_by));
	it->blocked_by[it->nblocked_by++] = ref;
}

static void one_ref(struct reader *rd, size_t line, const char *what,
		    const char *v, struct gi_plan_ref *ref)
{
	char *t = gi_plan_trimmed(v, strlen(v));

	if (ref->key || ref->number)
		mistake(rd, line, "a second '%s:' line", what);
	else if (!*t)
		mistake(rd, line, "'%s:' names nothing", what);
	else if (strchr(t, ','))
		mistake(rd, line, "'%s:' names one issue", what);
	else
		parse_ref(rd, line, t, ref);
	free(t);
}

/* A metadata line under the heading: 1 taken, 0 not one (the body). */
static int meta_line(struct reader *rd, size_t line, const char *s)
{
	static const char *const keys[] = { "labels", "blocked-by", "parent",
					    "discovered-from" };
	size_t k, n;

	for (k = 0; k < GI_ARRAY_SIZE(keys); k++) {
		n = strlen(keys[k]);
		if (!strncasecmp(s, keys[k], n) && s[n] == ':')
			break;
	}
	if (k == GI_ARRAY_SIZE(keys))
		return 0;
	s += n + 1;
	if (k == 0)
		each_value(rd, line, keys[k], s, add_label);
	else if (k == 1)
		each_value(rd, line, keys[k], s, add_blocker);
	else
		one_ref(rd, line, keys[k], s, k == 2 ? &rd->cur->parent :
			&rd->cur->discovered_from);
	return 1;
}

static void end_item(struct reader *rd)
{
	if (rd->cur) {
		free(rd->cur->body);
		rd->cur->body = gi_plan_trimmed(rd->body.buf, rd->body.len);
	}
	gi_buf_reset(&rd->body);
	rd->cur = NULL;
}

/* "Title {#key}", "#31", "Title": a new item at `line`. */
static void heading(struct reader *rd, size_t line, const char *text,
		    int level)
{
	struct gi_plan_file *pf = rd->pf;
	struct gi_plan_item *it;
	char *t = gi_plan_trimmed(text, strlen(text)), *brace;
	size_t len = strlen(t);

	end_item(rd);
	if (level == 1 && pf->nr)
		mistake(rd, line, "a second '#' heading: one roadmap a file "
			"('##' for its children)");
	else if (level == 2 && !pf->nr)
		mistake(rd, line, "a '##' heading before the '#' roadmap");
	GI_ALLOC_GROW(pf->v, pf->nr + 1, pf->alloc);
	it = &pf->v[pf->nr++];
	memset(it, 0, sizeof(*it));
	it->line = line;
	rd->cur = it;
	rd->in_meta = 1;
	brace = strstr(t, "{#");
	if (brace && len && t[len - 1] == '}') {
		t[len - 1] = '\0';
		it->key = gi_xstrdup(brace + 2);
		if (!gi_plan_key_ok(it->key))
			mistake(rd, line, "'{#%s}' is not a key: letters, "
				"digits, '-', '_', '.'", it->key);
		*brace = '\0';
		len = strlen(t);
		while (len && isspace((unsigned char)t[len - 1]))
			t[--len] = '\0';
	}
	if (issue_number(t))
		it->number = issue_number(t);
	else if (*t)
		it->title = gi_xstrdup(t);
	else
		mistake(rd, line, "a heading with no title");
	if (!it->key)
		it->key = it->number ? gi_xstrdup(t + 1) :
			gi_plan_file_slug(t);
	free(t);
}

/* The heading level of `s` for an item (1 or 2), else 0. */
static int heading_level(const char *s)
{
	if (s[0] == '#' && s[1] == ' ')
		return 1;
	if (s[0] == '#' && s[1] == '#' && s[2] == ' ')
		return 2;
	return 0;
}

/* Is `s` a code fence (``` or ~~~), opening or closing `fence`? */
static int fence_line(struct reader *rd, const char *s)
{
	size_t n = strspn(s, "`");

	if (n < 3)
		n = strspn(s, "~");
	if (n < 3 || n >= sizeof(rd->fence))
		return 0;
	if (!*rd->fence) {
		memcpy(rd->fence, s, n);
		rd->fence[n] = '\0';
	} else if (!strncmp(s, rd->fence, strlen(rd->fence))) {
		*rd->fence = '\0';
	}
	return 1;
}

static void one_line(struct reader *rd, size_t line, const char *s)
{
	int level = *rd->fence ? 0 : heading_level(s);

	if (level) {
		heading(rd, line, s + level + 1, level);
		return;
	}
	if (!rd->cur) {
		if (*s && strspn(s, " \t") != strlen(s))
			mistake(rd, line, "text before the first heading");
		return;
	}
	if (rd->in_meta && !*rd->fence && meta_line(rd, line, s))
		return;
	rd->in_meta = 0;
	fence_line(rd, s);
	gi_buf_adds(&rd->body, s);
	gi_buf_addch(&rd->body, '\n');
}

/* --- checks over every item ------------------------------------------ */

/* The index of the item keyed `key`, or -1. */
static long find_key(const struct gi_plan_file *pf, const char *key)
{
	size_t i;

	for (i = 0; i < pf->nr; i++)
		if (pf->v[i].key && !strcmp(pf->v[i].key, key))
			return (long)i;
	return -1;
}

static void check_ref(struct reader *rd, const struct gi_plan_item *it,
		      const struct gi_plan_ref *ref, const char *what)
{
	if (ref->key && find_key(rd->pf, ref->key) < 0)
		item_mistake(rd, it, ref, "%s '%s': no item has that key",
			     what, ref->key);
	else if (ref->key && !strcmp(ref->key, it->key))
		item_mistake(rd, it, ref, "%s names the item itself", what);
}

/* The parent of item i as an index: -1 none or an existing issue. */
static long parent_of(const struct gi_plan_file *pf, size_t i)
{
	const struct gi_plan_ref *p = &pf->v[i].parent;

	if (p->number)
		return -1;
	if (p->key)
		return find_key(pf, p->key);
	return i ? 0 : -1;	/* a child of the roadmap */
}

/* Parents: no cycle, at most GI_PLAN_MAX_DEPTH levels, counted per
 * parent. */
static void check_tree(struct reader *rd)
{
	struct gi_plan_file *pf = rd->pf;
	size_t *kids = gi_xcalloc(pf->nr + 1, sizeof(*kids)), i, depth;
	long p;

	for (i = 0; i < pf->nr; i++) {
		depth = 0;
		for (p = parent_of(pf, i); p >= 0 && depth <= pf->nr;
		     p = parent_of(pf, (size_t)p))
			depth++;
		if (depth > pf->nr)
			item_mistake(rd, &pf->v[i], &pf->v[i].parent,
				     "its parents make a cycle");
		else if (depth > GI_PLAN_MAX_DEPTH)
			item_mistake(rd, &pf->v[i], &pf->v[i].parent,
				     "%zu levels below the roadmap; GitHub "
				     "allows %d", depth, GI_PLAN_MAX_DEPTH);
		if ((p = parent_of(pf, i)) >= 0 &&
		    ++kids[p] == GI_PLAN_MAX_SUB_ISSUES + 1)
			item_mistake(rd, &pf->v[p], NULL, "more than %d "
				     "sub-issues; GitHub allows %d",
				     GI_PLAN_MAX_SUB_ISSUES,
				     GI_PLAN_MAX_SUB_ISSUES);
	}
	free(kids);
}

/* Does item `from` reach item `to` through blocked-by (within the
 * file)? `seen` marks the walk. */
static int blocks_reach(const struct gi_plan_file *pf, size_t from,
			size_t to, char *seen)
{
	size_t k;

	if (from == to)
		return 1;
	if (seen[from])
		return 0;
	seen[from] = 1;
	for (k = 0; k < pf->v[from].nblocked_by; k++) {
		const struct gi_plan_ref *b = &pf->v[from].blocked_by[k];
		long j = b->key ? find_key(pf, b->key) : -1;

		if (j >= 0 && blocks_reach(pf, (size_t)j, to, seen))
			return 1;
	}
	return 0;
}

static void check_blockers(struct reader *rd, size_t i)
{
	struct gi_plan_file *pf = rd->pf;
	const struct gi_plan_item *it = &pf->v[i];
	char *seen;
	size_t k;

	if (it->nblocked_by > GI_PLAN_MAX_BLOCKED_BY)
		item_mistake(rd, it, NULL, "blocked by more than %d issues; "
			     "GitHub allows %d", GI_PLAN_MAX_BLOCKED_BY,
			     GI_PLAN_MAX_BLOCKED_BY);
	for (k = 0; k < it->nblocked_by; k++) {
		const struct gi_plan_ref *b = &it->blocked_by[k];
		long j = b->key ? find_key(pf, b->key) : -1;

		check_ref(rd, it, b, "blocked-by");
		if (j < 0 || (size_t)j == i)
			continue;
		seen = gi_xcalloc(pf->nr + 1, 1);
		if (blocks_reach(pf, (size_t)j, i, seen))
			item_mistake(rd, it, b, "blocked by '%s', which waits "
				     "for it: a cycle", b->key);
		free(seen);
	}
}

/* Item `it` has the key of item `first`, above it. */
static void taken(struct reader *rd, const struct gi_plan_item *it,
		  const struct gi_plan_item *first)
{
	if (it->path)
		item_mistake(rd, it, NULL, "the key '%s' is taken at %s: "
			     "give one with \"key\"", it->key, first->path);
	else
		item_mistake(rd, it, NULL, "the key '%s' is taken at line "
			     "%zu: give one with {#key}", it->key, first->line);
}

/* discovered-from: recorded when the item is made, so an item above. */
static void check_origin(struct reader *rd, size_t i)
{
	const struct gi_plan_item *it = &rd->pf->v[i];
	const struct gi_plan_ref *o = &it->discovered_from;
	long j = o->key ? find_key(rd->pf, o->key) : -1;

	check_ref(rd, it, o, "discovered-from");
	if (j > (long)i)
		item_mistake(rd, it, o, "discovered-from '%s': an item below "
			     "this one; name one above it", o->key);
}

static void check_items(struct reader *rd)
{
	struct gi_plan_file *pf = rd->pf;
	size_t i, j;

	for (i = 0; i < pf->nr; i++) {
		const struct gi_plan_item *it = &pf->v[i];
		gi_buf why = GI_BUF_INIT;

		for (j = 0; j < i; j++)
			if (!strcmp(pf->v[j].key, it->key)) {
				taken(rd, it, &pf->v[j]);
				break;
			}
		if (!*it->key && (it->title || it->number))
			item_mistake(rd, it, NULL, it->path ? "no key: give "
				     "one with \"key\"" : "no key: give one "
				     "with {#key}");
		if (it->title && gi_issue_text_check(it->title, it->body,
				gi_issue_github_added(strlen(it->body),
					it->discovered_from.key ||
					it->discovered_from.number, 1),
				NULL, 0, &why))
			item_mistake(rd, it, NULL, "%s", why.buf);
		gi_buf_release(&why);
		if (i && it->number)
			item_mistake(rd, it, NULL, "only the roadmap may be an "
				     "existing issue");
		if (!i && it->parent.key)
			item_mistake(rd, it, &it->parent, "the roadmap's "
				     "parent is an existing issue (#N), not an "
				     "item");
		check_ref(rd, it, &it->parent, "parent");
		check_origin(rd, i);
		check_blockers(rd, i);
	}
	check_tree(rd);
}

/* The Markdown form, line by line. */
static void read_markdown(struct reader *rd, const char *text, size_t len)
{
	size_t line = 0, at = 0;
	gi_buf s = GI_BUF_INIT;

	gi_buf_init(&rd->body);
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text - at) : len - at;

		line++;
		gi_buf_reset(&s);
		gi_buf_add(&s, text + at, n);
		if (s.len && s.buf[s.len - 1] == '\r')
			gi_buf_setlen(&s, s.len - 1);
		if (memchr(s.buf, '\0', s.len))
			mistake(rd, line, "a NUL byte");
		else
			one_line(rd, line, s.buf);
		at += n + (nl != NULL);
	}
	end_item(rd);
	gi_buf_release(&s);
	gi_buf_release(&rd->body);
	if (!rd->pf->nr)
		mistake(rd, line ? line : 1, "no '#' heading: nothing to "
			"make");
}

/* JSON when the first character that is not a blank is '{'. */
static int looks_json(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && strchr(" \t\r\n", text[i]) && text[i])
		i++;
	return i < len && text[i] == '{';
}

int gi_plan_file_parse_as(struct gi_plan_file *out, const char *text,
			  size_t len, const char *name,
			  enum gi_plan_format format, gi_buf *err)
{
	struct reader rd;

	memset(out, 0, sizeof(*out));
	memset(&rd, 0, sizeof(rd));
	rd.pf = out;
	rd.name = name;
	rd.err = err;
	if (format == GI_PLAN_FORMAT_AUTO)
		format = looks_json(text, len) ? GI_PLAN_FORMAT_JSON :
			GI_PLAN_FORMAT_MARKDOWN;
	if (format == GI_PLAN_FORMAT_JSON)
		rd.errors = gi_plan_json_read(out, text, len, name, err);
	else
		read_markdown(&rd, text, len);
	if (out->nr)
		check_items(&rd);
	return rd.errors ? GI_EINVALID : 0;
}

int gi_plan_file_parse(struct gi_plan_file *out, const char *text,
		       size_t len, const char *name, gi_buf *err)
{
	return gi_plan_file_parse_as(out, text, len, name,
				     GI_PLAN_FORMAT_AUTO, err);
}

static void ref_release(struct gi_plan_ref *ref)
{
	free(ref->key);
	free(ref->path);
}

void gi_plan_file_release(struct gi_plan_file *pf)
{
	size_t i, k;

	for (i = 0; i < pf->nr; i++) {
		struct gi_plan_item *it = &pf->v[i];

		free(it->key);
		free(it->path);
		free(it->title);
		free(it->body);
		for (k = 0; k < it->nlabels; k++)
			free(it->labels[k]);
		free(it->labels);
		for (k = 0; k < it->nblocked_by; k++)
			ref_release(&it->blocked_by[k]);
		free(it->blocked_by);
		ref_release(&it->parent);
		ref_release(&it->discovered_from);
	}
	free(pf->v);
	memset(pf, 0, sizeof(*pf));
}
