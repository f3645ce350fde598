/*
 * search.c: matching records, and searching every issue (search.h).
 *
 * The search reads each note's raw bytes and looks for what every
 * matching line must contain before it parses anything, as git grep
 * does:
 *
 *  - a fixed string P appears in a stored line, byte for byte (ASCII
 *    case folded), as it would be written escaped: gi_json_add_string's
 *    escaping works character by character, so a value holding P holds
 *    the escaped P; lines that hold an escape our writer would not emit
 *    (another tool's \u00e9 or \/) are read in full;
 *  - for a regex, the longest run of plain characters that every match
 *    must contain, when there is one, is found the same way;
 *  - a hit of those bytes counts only when it is inside a string value
 *    of a field that is searched (gi_raw_in_text), not in a key, a time,
 *    an id, a kind or a path;
 *  - a regex without anchors must also match the raw line (when the line
 *    has no escapes, its values are in it as they are).
 *
 * Only the lines that pass are parsed, and gi_record_matches decides on
 * the parsed record, exactly as before: the filters only skip lines that
 * cannot match. Records superseded by another are not hits; that is
 * looked at only for notes with hits, and cheaply unless the note holds
 * GitHub comment versions.
 */
#define _GNU_SOURCE	/* memmem, memrchr */
#include "gitissue/core/search.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitissue/util/parallel.h"
#include "core/raw.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/util/utf8.h"
#include "gitissue/util/util.h"

/* Does the regex hold ^, $ (outside brackets) or \` \', whose meaning
 * depends on where a value starts and ends? */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char kind = p[1];

			p += 2;
			while (*p && !(*p == kind && p[1] == ']'))
				p++;
			if (!*p)
				return NULL;
			p += 2;
			continue;
		}
		p++;
	}
	return *p ? p + 1 : NULL;
}

/* After the group that starts at p ('('), or NULL. */
static const char *skip_group(const char *p)
{
	int depth = 0;

	while (*p) {
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p += 2;
			continue;
		}
		if (*p == '[') {
			p = skip_bracket(p);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && !--depth)
			return p + 1;
		p++;
	}
	return NULL;
}

static int regex_anchored(const char *re)
{
	const char *p = re;

	while (*p) {
		if (*p == '\\') {
			if (p[1] == '`' || p[1] == '\'')
				return 1;
			if (!p[1])
				return 1;
			p += 2;
		} else if (*p == '[') {
			p = skip_bracket(p);
			if (!p)
				return 1;
		} else if (*p == '^' || *p == '$') {
			return 1;
		} else {
			p++;
		}
	}
	return 0;
}

/* A character that stands for itself in a stored line. */
static int plain_char(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
}

static void end_run(gi_buf *best, gi_buf *cur)
{
	if (cur->len > best->len) {
		gi_buf_reset(best);
		gi_buf_add(best, cur->buf, cur->len);
	}
	gi_buf_reset(cur);
}

/* An alternation outside groups (nothing is required then), or a
 * pattern this reader cannot follow. */
static int alternation_outside_groups(const char *re)
{
	const char *next;

	for (next = re; *next;) {
		if (*next == '\\') {
			if (!next[1])
				return 1;
			next += 2;
		} else if (*next == '[') {
			next = skip_bracket(next);
			if (!next)
				return 1;
		} else if (*next == '(') {
			next = skip_group(next);
			if (!next)
				return 1;
		} else if (*next == '|' || *next == ')') {
			return 1;
		} else {
			next++;
		}
	}
	return 0;
}

/* The atom at p: in `*lit` its character, or -1 when it stands for no
 * one character. @return where the next begins, or NULL to give up. */
static const char *atom(const char *p, int *lit)
{
	switch (*p) {
	case '\\':
		/* \w \b \< \1 ... are not characters; \. \* are */
		*lit = (p[1] >= '0' && p[1] <= '9') ||
		       (p[1] >= 'a' && p[1] <= 'z') ||
		       (p[1] >= 'A' && p[1] <= 'Z') ||
		       strchr("<>`'", p[1]) ? -1 : (unsigned char)p[1];
		return p + 2;
	case '[':
		*lit = -1;
		return skip_bracket(p);
	case '(':
		*lit = -1;
		return skip_group(p);
	case '.': case '^': case '$':
		*lit = -1;
		return p + 1;
	case '*': case '+': case '?': case '{':
		return NULL;	/* a quantifier with nothing before it */
	default:
		*lit = (unsigned char)*p;
		return p + 1;
	}
}

static int is_quantifier(char c)
{
	return c == '*' || c == '?' || c == '{' || c == '+';
}

/* Past the quantifiers at p; NULL at a '{' that is not closed. */
static const char *skip_quantifiers(const char *p)
{
	while (is_quantifier(*p)) {
		if (*p == '{') {
			p = strchr(p, '}');
			if (!p)
				return NULL;
		}
		p++;
	}
	return p;
}

/*
 * The longest run of characters that every match of the extended regex
 * `re` holds one after the other: top-level atoms that are plain
 * characters and are not made optional or repeated by a quantifier.
 * Empty when the regex has an alternation at the top level, or anything
 * this reading does not follow.
 */
static void regex_literal(gi_buf *best, const char *re)
{
	gi_buf cur = GI_BUF_INIT;
	const char *p = re, *next;
	int lit = -1;

	gi_buf_reset(best);
	if (alternation_outside_groups(re))
		goto give_up;
	while (*p) {
		next = atom(p, &lit);
		if (!next)
			goto give_up;
		if (is_quantifier(*next)) {
			/* the atom may be absent or repeated: the run ends
			 * before it, or (with +) after one of it */
			if (*next == '+' && lit >= 0 && plain_char(lit))
				gi_buf_addch(&cur, lit);
			end_run(best, &cur);
			next = skip_quantifiers(next);
			if (!next)
				goto give_up;
		} else if (lit >= 0 && plain_char(lit)) {
			gi_buf_addch(&cur, lit);
		} else {
			end_run(best, &cur);
		}
		p = next;
	}
	end_run(best, &cur);
	goto done;
give_up:
	gi_buf_reset(best);
done:
	gi_buf_release(&cur);
}

int gi_matcher_init(struct gi_matcher *m, const char *pattern, int extended,
		    int icase, gi_buf *err)
{
	gi_buf lit = GI_BUF_INIT;
	size_t i, len = strlen(pattern);
	int rc, controls = 0;

	memset(m, 0, sizeof(*m));
	if (!extended) {
		m->fixed = pattern;
		m->fixed_len = len;
		for (i = 0; i < len; i++)
			if ((unsigned char)pattern[i] < 0x20 ||
			    pattern[i] == 0x7f)
				controls = 1;
		/* as a stored line holds it; a pattern with controls (which
		 * other writers may leave raw) or bytes that are not UTF-8
		 * (which ours replace) is looked for in every line */
		if (len && !controls && gi_utf8_valid(pattern, len)) {
			gi_json_add_string(&lit, pattern, len);
			m->needle = gi_xmalloc(sizeof(*m->needle));
			gi_needle_init(m->needle, lit.buf + 1, lit.len - 2, 1);
		}
		gi_buf_release(&lit);
		return 0;
	}
	rc = regcomp(&m->re, pattern, REG_EXTENDED | REG_NOSUB |
		     (icase ? REG_ICASE : 0));
	if (rc) {
		char msg[256];

		regerror(rc, &m->re, msg, sizeof(msg));
		gi_buf_adds(err, msg);
		return -1;
	}
	m->use_re = 1;
	m->line_regex = !regex_anchored(pattern);
	regex_literal(&lit, pattern);
	if (lit.len) {
		m->needle = gi_xmalloc(sizeof(*m->needle));
		gi_needle_init(m->needle, lit.buf, lit.len, icase);
	}
	gi_buf_release(&lit);
	return 0;
}

void gi_matcher_release(struct gi_matcher *m)
{
	if (m->use_re)
		regfree(&m->re);
	if (m->needle)
		gi_needle_release(m->needle);
	free(m->needle);
	memset(m, 0, sizeof(*m));
}

static int ascii_casestr(const char *hay, size_t hlen, const char *needle,
			 size_t nlen)
{
	size_t i;

	if (nlen > hlen)
		return 0;
	for (i = 0; i + nlen <= hlen; i++)
		if (!strncasecmp(hay + i, needle, nlen))
			return 1;
	return 0;
}

int gi_matcher_match(const struct gi_matcher *m, const char *s)
{
	if (m->use_re)
		return !regexec(&m->re, s, 0, NULL, 0);
	return ascii_casestr(s, strlen(s), m->fixed, m->fixed_len);
}

/* Fields that are machinery, not something a person would search for. */
static const char *const machine_fields[] = {
	"time", "id", "kind", "commit", "supersedes", "worktree"
};

static int is_machine_field(const char *key)
{
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(machine_fields); i++)
		if (!strcmp(key, machine_fields[i]))
			return 1;
	return 0;
}

static int is_machine_key(const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(machine_fields); i++)
		if (strlen(machine_fields[i]) == len &&
		    !memcmp(key, machine_fields[i], len))
			return 1;
	return 0;
}

static int match_value(const cJSON *v, const struct gi_matcher *m)
{
	const cJSON *it;

	if (cJSON_IsString(v))
		return gi_matcher_match(m, v->valuestring);
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		for (it = v->child; it; it = it->next)
			if (match_value(it, m))
				return 1;
	return 0;
}

int gi_record_matches(const struct gi_record *rec,
		      const struct gi_matcher *m)
{
	const cJSON *it;

	if (!rec->json)
		return 0;
	for (it = rec->json->child; it; it = it->next)
		if (!is_machine_field(it->string) && match_value(it, m))
			return 1;
	return 0;
}

static int part_matches(const struct gi_record *rec,
			const struct gi_matcher *m, const char *part)
{
	const char *v = !strcmp(part, "tried") ? rec->tried :
		!strcmp(part, "failed") ? rec->failed : rec->solution;

	return v && gi_matcher_match(m, v);
}

int gi_record_matches_kinds(const struct gi_record *rec,
			    const struct gi_matcher *m,
			    const char *const *kinds, size_t nkinds)
{
	size_t i;

	if (!rec->json)
		return 0;
	if (!nkinds)
		return gi_record_matches(rec, m);
	for (i = 0; i < nkinds; i++) {
		const char *k = kinds[i];

		if (!strcmp(k, GI_KIND_LESSON)) {
			if (gi_record_is_lesson(rec) &&
			    gi_record_matches(rec, m))
				return 1;
		} else if (!strcmp(k, "tried") || !strcmp(k, "failed") ||
			   !strcmp(k, "solution")) {
			if (!strcmp(rec->kind, k) && gi_record_matches(rec, m))
				return 1;
			if (!strcmp(rec->kind, GI_KIND_LESSON) &&
			    part_matches(rec, m, k))
				return 1;
		} else if (!strcmp(rec->kind, k) &&
			   gi_record_matches(rec, m)) {
			return 1;
		}
	}
	return 0;
}

/* --- searching every issue ------------------------------------------ */

static const char *line_start(const char *buf, const char *p)
{
	const char *nl = p > buf ? memrchr(buf, '\n', (size_t)(p - buf)) :
		NULL;

	return nl ? nl + 1 : buf;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

struct starts {
	const char **v;
	size_t nr, alloc;
};

static void push_start(struct starts *s, const char *p)
{
	if (s->nr && s->v[s->nr - 1] == p)
		return;
	GI_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	s->v[s->nr++] = p;
}

/* The lines holding an escape a canonical writer would not emit. */
static void foreign_lines(struct starts *out, const char *buf,
			  const char *end)
{
	const char *p = buf;

	while (p < end && (p = memchr(p, '\\', (size_t)(end - p)))) {
		size_t k = gi_raw_canonical_escape(p, end);

		if (k) {
			p += k;
			continue;
		}
		push_start(out, line_start(buf, p));
		p = line_end(p, end);
	}
}

/* The lines where the needle is in searchable text. */
static void needle_lines(struct starts *out, const struct gi_needle *n,
			 const char *buf, const char *end)
{
	const char *p = buf, *occ, *ls = NULL, *le = NULL;

	while (p < end && (occ = gi_needle_find(n, p, (size_t)(end - p)))) {
		if (!ls || occ >= le) {
			ls = line_start(buf, occ);
			le = line_end(occ, end);
		}
		if (gi_raw_in_text(ls, (size_t)(le - ls), (size_t)(occ - ls),
				   is_machine_key)) {
			push_start(out, ls);
			p = le;
		} else {
			p = occ + 1;
		}
	}
}

#ifdef REG_STARTEND
static int regex_span(const regex_t *re, const char *p, size_t len)
{
	regmatch_t pm[1];

	pm[0].rm_so = 0;
	pm[0].rm_eo = (regoff_t)len;
	return !regexec(re, p, 1, pm, REG_STARTEND);
}
#else
static int regex_span(const regex_t *re, const char *p, size_t len)
{
	char *s = gi_xstrndup(p, len);
	int hit = !regexec(re, s, 0, NULL, 0);

	free(s);
	return hit;
}
#endif

struct hits {
	struct gi_record *v;
	size_t nr, alloc;
};

static void release_hits(struct hits *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		gi_record_release(&h->v[i]);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/* Parse a candidate line and keep it when it matches. */
static void consider(struct hits *h, const struct gi_search_opts *o,
		     const char *p, size_t len)
{
	const struct gi_matcher *m = o->m;
	struct gi_record rec;

	if (!len)
		return;
	if (m->use_re && m->line_regex && !memchr(p, '\\', len) &&
	    !memchr(p, '\0', len) && !regex_span(&m->re, p, len))
		return;
	if (gi_record_parse(&rec, p, len) < 0 ||
	    !gi_record_matches_kinds(&rec, m, o->kinds, o->nkinds)) {
		gi_record_release(&rec);
		return;
	}
	GI_ALLOC_GROW(h->v, h->nr + 1, h->alloc);
	h->v[h->nr++] = rec;
}

static int cmp_line(const void *a, const void *b)
{
	return gi_line_cmp(a, b);
}

static int cmp_hit(const void *a, const void *b)
{
	const struct gi_record *x = a, *y = b;
	struct gi_line lx = { x->line, x->line_len }, ly = { y->line, y->line_len };

	return gi_line_cmp(&lx, &ly);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Which hits are superseded. Only lines that mention "supersedes" or
 * "github_comment", or hold escapes another writer made (a key could be
 * escaped), can supersede anything; GitHub comment versions are resolved
 * on the whole note, as git issue-show does.
 */
static void mark_superseded(struct hits *h, const char *buf, size_t len,
			    long issue)
{
	struct starts special = { NULL, 0, 0 };
	const char *end = buf + len, *p;
	struct gi_record *recs;
	const char **targets = NULL;
	size_t nt = 0, alloc = 0, i;
	int versions = 0;
	static const char *const keys[] = { "\"supersedes\"",
					    "\"github_comment\"" };

	for (i = 0; i < GI_ARRAY_SIZE(keys); i++)
		for (p = buf; p < end &&
		     (p = memmem(p, (size_t)(end - p), keys[i],
				 strlen(keys[i])));) {
			push_start(&special, line_start(buf, p));
			p = line_end(p, end);
		}
	foreign_lines(&special, buf, end);
	if (!special.nr) {
		free(special.v);
		return;
	}
	recs = gi_xcalloc(special.nr, sizeof(*recs));
	for (i = 0; i < special.nr; i++) {
		const char *ls = special.v[i];

		if (gi_record_parse(&recs[i], ls,
				    (size_t)(line_end(ls, end) - ls)) < 0)
			continue;
		if (recs[i].gh_comment > 0)
			versions = 1;
		if (recs[i].supersedes) {
			GI_ALLOC_GROW(targets, nt + 1, alloc);
			targets[nt++] = recs[i].supersedes;
		}
	}
	if (versions) {
		struct gi_issue is;

		gi_issue_load_data(&is, buf, len, issue);
		for (i = 0; i < h->nr; i++) {
			struct gi_line key = { h->v[i].line, h->v[i].line_len };
			const struct gi_line *at = bsearch(&key, is.lines.v,
				is.lines.nr, sizeof(key), cmp_line);

			if (at)
				h->v[i].superseded =
					is.rec[at - is.lines.v].superseded;
		}
		gi_issue_release(&is);
	} else if (nt) {
		qsort(targets, nt, sizeof(*targets), cmp_str);
		for (i = 0; i < h->nr; i++)
			if (bsearch(&h->v[i].id, targets, nt, sizeof(*targets),
				    cmp_str))
				h->v[i].superseded = 1;
	}
	for (i = 0; i < special.nr; i++)
		gi_record_release(&recs[i]);
	free(recs);
	free(targets);
	free(special.v);
}

static void search_note(gi_buf *out, const struct gi_search_opts *o,
			const char *buf, size_t len, long issue)
{
	const struct gi_matcher *m = o->m;
	const char *end = buf + len, *p;
	struct starts a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct hits h = { NULL, 0, 0 };
	size_t i, j;

	if (!m->needle) {
		for (p = buf; p < end; p++) {
			const char *e = line_end(p, end);

			consider(&h, o, p, (size_t)(e - p));
			p = e;
		}
	} else {
		needle_lines(&a, m->needle, buf, end);
		foreign_lines(&b, buf, end);
		/* both in line order: merge */
		for (i = j = 0; i < a.nr || j < b.nr;) {
			const char *ls;

			if (j >= b.nr || (i < a.nr && a.v[i] < b.v[j]))
				ls = a.v[i++];
			else if (i >= a.nr || b.v[j] < a.v[i])
				ls = b.v[j++];
			else
				ls = (j++, a.v[i++]);
			consider(&h, o, ls, (size_t)(line_end(ls, end) - ls));
		}
		free(a.v);
		free(b.v);
	}
	if (h.nr)
		mark_superseded(&h, buf, len, issue);
	/* in the order, and as many, as a note read as a set of lines has
	 * them (stock git may append out of order, or twice) */
	if (h.nr > 1)
		qsort(h.v, h.nr, sizeof(*h.v), cmp_hit);
	for (i = 0; i < h.nr; i++)
		if (!h.v[i].superseded &&
		    (!i || cmp_hit(&h.v[i - 1], &h.v[i])))
			o->hit(out, issue, &h.v[i], o->payload);
	release_hits(&h);
}

struct search_run {
	const struct gi_search_opts *o;
	const struct gi_issue_list *list;
	gi_buf *out;		/* per item */
	long *hits;		/* per item */
	long total;
};

/* Counts the hits of one note on their way to the caller's callback. */
struct counted {
	const struct gi_search_opts *o;
	long n;
};

static void count_hit(gi_buf *out, long issue, const struct gi_record *rec,
		      void *payload)
{
	struct counted *c = payload;

	c->n++;
	c->o->hit(out, issue, rec, c->o->payload);
}

static int search_work(git_repository *repo, size_t i, size_t *bytes,
		       void *payload)
{
	struct search_run *s = payload;
	const struct gi_issue_entry *e = &s->list->v[i];
	struct gi_search_opts o = *s->o;
	struct counted c = { s->o, 0 };
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	const char *data;
	size_t len;
	int ret = -1;

	if (!e->issue)
		return 0;
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_read(&obj, odb, &e->note) < 0) {
		gi_error("unable to read note %s: %s", git_oid_tostr_s(&e->note),
			 gi_git_errmsg("unknown error"));
		goto done;
	}
	data = git_odb_object_data(obj);
	len = git_odb_object_size(obj);
	o.hit = count_hit;
	o.payload = &c;
	search_note(&s->out[i], &o, data, len, e->issue);
	s->hits[i] = c.n;
	*bytes = s->out[i].len;
	ret = 0;
done:
	git_odb_object_free(obj);
	git_odb_free(odb);
	return ret;
}

static int search_done(size_t i, void *payload)
{
	struct search_run *s = payload;
	int ret = 0;

	s->total += s->hits[i];
	if (s->out[i].len)
		ret = s->o->flush(&s->out[i], s->o->payload);
	gi_buf_release(&s->out[i]);
	return ret;
}

/* Finished results waiting for an earlier issue: at most this many bytes
 * (an issue being searched holds its note and its hits besides). */
#define SEARCH_MAX_WAITING (4u << 20)

long gi_search(struct gi_repo *r, const struct gi_issue_list *list,
	       const struct gi_search_opts *o)
{
	struct search_run s;
	struct gi_parallel p;
	size_t i;
	int err, set = 0;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.list = list;
	s.out = gi_xcalloc(list->nr ? list->nr : 1, sizeof(*s.out));
	s.hits = gi_xcalloc(list->nr ? list->nr : 1, sizeof(*s.hits));
	for (i = 0; i < list->nr; i++)
		gi_buf_init(&s.out[i]);
	memset(&p, 0, sizeof(p));
	p.nr = list->nr;
	p.threads = o->threads ? o->threads : gi_parallel_threads(r, &set);
	/* a thread (and its repository) pays off past a few dozen notes,
	 * unless the number of threads was asked for */
	p.min_items = o->threads || set ? 1 : 32;
	p.max_waiting = SEARCH_MAX_WAITING;
	p.work = search_work;
	p.done = search_done;
	p.payload = &s;
	err = gi_parallel_run(r, &p);
	for (i = 0; i < list->nr; i++)
		gi_buf_release(&s.out[i]);
	free(s.out);
	free(s.hits);
	return err ? -1 : s.total;
}
