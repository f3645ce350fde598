/*
 * ready-cache.c: the ready queue's plan from a cache of what each note
 * blob says (ready-cache.h).
 *
 * The file, in this machine's byte order:
 *
 *   header   "GIIREDY\0", version, byte order, fingerprint, entry
 *            count, pool size, checksum
 *   entries  sorted by note id: id, flags, claims, 4 bytes of zeros,
 *            then an offset and a length into the pool for each string
 *            (NO_STRING: none)
 *   pool     the strings, each followed by a NUL
 */
#include "worktree/ready-cache.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cache-file.h"
#include "gitissue/util/json.h"
#include "util/longmap.h"
#include "worktree/claim.h"

#define MAGIC "GIIREDY"
#define VERSION 1
#define HEADER 48
#define NSTR 8
#define ENTRY (32 + NSTR * 8)
#define NO_STRING GI_CACHE_NO_STRING
#define FILE_NAME "ready"
#define MAX_TOKEN 4096

/* a blocker or the parent is a provisional issue: an alias elsewhere may
 * give it a number, and the plan then resolves this note with it */
#define READY_FACT_PROVREF 1u
/* not kept in the cache (a label holds a newline) */
#define READY_FACT_NOCACHE 2u

/* --- the facts of one note -------------------------------------------- */

static int path_char(unsigned char c)
{
	return c > ' ' && c < 0x7f && !strchr("\"'`,;()[]{}<>|*?", c);
}

/*
 * Every token of `text` that may be a path, as a line of `out`: every
 * token in a scope ("s"), else one with a '/' or a '.' ("c"), whether it
 * is one here is decided by the queue on each run (ready.c).
 */
static void scan_text(gi_buf *out, const char *text, int scope)
{
	const unsigned char *s = (const unsigned char *)text;

	while (s && *s) {
		const unsigned char *colon;
		size_t len = 0;

		while (*s && !path_char(*s))
			s++;
		while (path_char(s[len]))
			len++;
		if (!len)
			break;
		while (len && strchr(".:!", s[len - 1]))
			len--;	/* the end of a sentence */
		if (len >= 2 && s[0] == '.' && s[1] == '/') {
			s += 2;
			len -= 2;
		}
		colon = memchr(s, ':', len);
		if (colon && (size_t)(colon - s) + 2 < len &&
		    colon[1] == '/' && colon[2] == '/')
			len = 0;	/* a URL */
		else if (colon)
			len = (size_t)(colon - s);	/* "a.c:12" */
		if (len && len < MAX_TOKEN &&
		    (scope || memchr(s, '/', len) || memchr(s, '.', len))) {
			gi_buf_addch(out, scope ? 's' : 'c');
			gi_buf_add(out, s, len);
			gi_buf_addch(out, '\n');
		}
		while (path_char(*s))
			s++;
	}
}

/* "scope: lib/a.c lib/b/" */
static const char *scope_of(const char *text)
{
	while (text && (*text == ' ' || *text == '\n'))
		text++;
	if (!text || strncasecmp(text, "scope:", 6))
		return NULL;
	return text + 6;
}

static char *named_paths(const struct gi_issue *is)
{
	gi_buf out = GI_BUF_INIT;
	size_t i;

	scan_text(&out, is->title, 0);
	scan_text(&out, is->body, 0);
	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *scope;

		if (!rec->json || rec->superseded || !rec->kind ||
		    (strcmp(rec->kind, GI_KIND_NOTE) &&
		     strcmp(rec->kind, GI_KIND_COMMENT) &&
		     !gi_record_is_lesson(rec)))
			continue;
		scope = scope_of(rec->text);
		scan_text(&out, scope ? scope : rec->text, scope != NULL);
		scan_text(&out, rec->tried, 0);
		scan_text(&out, rec->failed, 0);
		scan_text(&out, rec->solution, 0);
	}
	return out.len ? gi_buf_detach(&out, NULL) : NULL;
}

static void add_name(gi_buf *out, long n)
{
	char name[GI_ISSUE_NAME_MAX];

	gi_buf_adds(out, gi_issue_name(n, name));
	gi_buf_addch(out, '\n');
}

static char *detach_or_null(gi_buf *b)
{
	return b->len ? gi_buf_detach(b, NULL) : NULL;
}

/* Does a link or the newest link-state of `is` name a provisional
 * issue? */
static int names_provisional(const struct gi_issue *is)
{
	const cJSON *j = is->links.state ? is->links.state->json : NULL, *it;
	const cJSON *blocked = j ? cJSON_GetObjectItemCaseSensitive(j,
						"blocked_by") : NULL;
	size_t i;
	long m;

	if (j && !gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
				     "parent"), &m) && m < 0)
		return 1;
	cJSON_ArrayForEach(it, blocked)
		if (!gi_issue_from_json(it, &m) && m < 0)
			return 1;
	for (i = 0; i < is->nr; i++)
		if (is->rec[i].json && is->rec[i].kind &&
		    !strcmp(is->rec[i].kind, GI_KIND_LINK) &&
		    !gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(
				is->rec[i].json, "target"), &m) && m < 0)
			return 1;
	return 0;
}

static void add_alias_line(int created_as, long m, void *payload)
{
	char name[GI_ISSUE_NAME_MAX];

	gi_buf_addf(payload, "%c%s\n", created_as ? 'c' : 'p',
		    gi_issue_name(m, name));
}

/* The aliases the lines name, as gi_plan_load reads them. */
static char *aliases_of(const struct gi_lines *lines)
{
	gi_buf a = GI_BUF_INIT;

	gi_plan_each_alias(lines, add_alias_line, &a);
	return detach_or_null(&a);
}

static void facts_of_issue(struct gi_ready_facts *f, const struct gi_issue *is)
{
	struct gi_claim_list open = { NULL, 0, 0 };
	gi_buf b = GI_BUF_INIT;
	const cJSON *l;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->owned = 1;
	f->title = gi_xstrdup_or_null(is->title);
	f->state = gi_xstrdup_or_null(is->state);
	cJSON_ArrayForEach(l, gi_issue_labels(is)) {
		if (!cJSON_IsString(l))
			continue;
		if (strchr(l->valuestring, '\n'))
			f->flags |= READY_FACT_NOCACHE;
		gi_buf_adds(&b, l->valuestring);
		gi_buf_addch(&b, '\n');
	}
	f->labels = detach_or_null(&b);
	for (i = 0; i < is->nr; i++)
		if (is->rec[i].json && is->rec[i].time) {
			f->created = gi_xstrdup(is->rec[i].time);
			break;
		}
	gi_claims_open(&open, is);
	f->claims = open.nr;
	gi_claim_list_release(&open);
	if (is->links.parent.issue) {
		add_name(&b, is->links.parent.issue);
		gi_buf_setlen(&b, b.len - 1);
		f->parent = gi_buf_detach(&b, NULL);
	}
	for (i = 0; i < is->links.blocked_by.nr; i++)
		add_name(&b, is->links.blocked_by.v[i].issue);
	f->blocked = detach_or_null(&b);
	f->paths = named_paths(is);
	f->aliases = aliases_of(&is->lines);
	if (names_provisional(is))
		f->flags |= READY_FACT_PROVREF;
	gi_buf_release(&b);
}

void gi_ready_facts_of_note(struct gi_ready_facts *out, const char *data,
			    size_t len)
{
	struct gi_issue is;

	gi_issue_load_data(&is, data, len, 0);
	facts_of_issue(out, &is);
	gi_issue_release(&is);
}

void gi_ready_facts_release(struct gi_ready_facts *f)
{
	if (f->owned) {
		free((char *)f->title);
		free((char *)f->state);
		free((char *)f->labels);
		free((char *)f->created);
		free((char *)f->paths);
		free((char *)f->blocked);
		free((char *)f->parent);
		free((char *)f->aliases);
	}
	memset(f, 0, sizeof(*f));
}

/* --- the cache file --------------------------------------------------- */

static const char **strings(const struct gi_ready_facts *f,
			    const char *s[NSTR])
{
	s[0] = f->title;
	s[1] = f->state;
	s[2] = f->labels;
	s[3] = f->created;
	s[4] = f->paths;
	s[5] = f->blocked;
	s[6] = f->parent;
	s[7] = f->aliases;
	return s;
}

static void set_strings(struct gi_ready_facts *f, const char *s[NSTR])
{
	f->title = s[0];
	f->state = s[1];
	f->labels = s[2];
	f->created = s[3];
	f->paths = s[4];
	f->blocked = s[5];
	f->parent = s[6];
	f->aliases = s[7];
}

struct cache {
	const unsigned char *entries;
	size_t nr;
	const char *pool;
	size_t pool_len;
};

/* Do the entries and their strings check out? */
static int cache_valid(const struct cache *c)
{
	return gi_cache_entries_valid(c->entries, c->nr, ENTRY, 32, NSTR,
				      c->pool, c->pool_len);
}

/* The cache file, checked; *data keeps it. Empty when unusable. */
static void cache_load(struct cache *c, char **data, struct gi_repo *r,
		       uint64_t fp)
{
	gi_buf b = GI_BUF_INIT;
	const unsigned char *h;
	uint64_t nr, pool;

	memset(c, 0, sizeof(*c));
	*data = NULL;
	if (gi_cache_file_read(&b, r, FILE_NAME) < 0 || b.len < HEADER)
		goto done;
	h = (const unsigned char *)b.buf;
	nr = gi_cache_get64(h + 24);
	pool = gi_cache_get64(h + 32);
	if (!gi_cache_head_ok(h, b.len, MAGIC, VERSION, 40) ||
	    gi_cache_get64(h + 16) != fp ||
	    nr > (b.len - HEADER) / ENTRY ||
	    pool != b.len - HEADER - nr * ENTRY)
		goto done;
	c->nr = (size_t)nr;
	c->entries = h + HEADER;
	c->pool = (const char *)h + HEADER + c->nr * ENTRY;
	c->pool_len = (size_t)pool;
	if (!cache_valid(c)) {
		memset(c, 0, sizeof(*c));
		goto done;
	}
	*data = gi_buf_detach(&b, NULL);
done:
	gi_buf_release(&b);
}

static int cmp_id(const void *key, const void *e)
{
	return memcmp(key, e, GIT_OID_RAWSZ);
}

static int cache_get(const struct cache *c, const git_oid *note,
		     struct gi_ready_facts *f)
{
	const unsigned char *e = c->nr ? bsearch(note->id, c->entries, c->nr,
						 ENTRY, cmp_id) : NULL;
	const char *s[NSTR];
	size_t k;

	if (!e)
		return 0;
	memset(f, 0, sizeof(*f));
	f->flags = gi_cache_get32(e + 20);
	f->claims = gi_cache_get32(e + 24);
	for (k = 0; k < NSTR; k++)
		s[k] = gi_cache_get32(e + 36 + k * 8) == NO_STRING ? NULL :
			c->pool + gi_cache_get32(e + 32 + k * 8);
	set_strings(f, s);
	return 1;
}

struct keep {
	const git_oid *id;
	const struct gi_ready_facts *f;
};

static int cmp_keep(const void *a, const void *b)
{
	return git_oid_cmp(((const struct keep *)a)->id,
			   ((const struct keep *)b)->id);
}

/* Replace the cache with the facts of these notes (not the NOCACHE
 * ones); one id twice is kept once. */
static void cache_write(struct gi_repo *r, uint64_t fp, struct keep *k,
			size_t nr)
{
	gi_buf out = GI_BUF_INIT, pool = GI_BUF_INIT;
	unsigned char h[HEADER], e[ENTRY];
	size_t i, j, kept = 0;

	qsort(k, nr, sizeof(*k), cmp_keep);
	for (i = 0; i < nr; i++)
		if (!(k[i].f->flags & READY_FACT_NOCACHE) &&
		    (!kept || !git_oid_equal(k[kept - 1].id, k[i].id)))
			k[kept++] = k[i];
	memset(h, 0, sizeof(h));
	gi_buf_add(&out, h, sizeof(h));
	for (i = 0; i < kept; i++) {
		const char *s[NSTR];

		strings(k[i].f, s);
		memset(e, 0, sizeof(e));
		memcpy(e, k[i].id->id, GIT_OID_RAWSZ);
		gi_cache_put32(e + 20, k[i].f->flags);
		gi_cache_put32(e + 24, (uint32_t)k[i].f->claims);
		for (j = 0; j < NSTR; j++) {
			gi_cache_put32(e + 32 + j * 8, (uint32_t)pool.len);
			gi_cache_put32(e + 36 + j * 8, s[j] ?
				       (uint32_t)strlen(s[j]) : NO_STRING);
			if (s[j])
				gi_buf_add(&pool, s[j], strlen(s[j]) + 1);
		}
		gi_buf_add(&out, e, sizeof(e));
	}
	gi_buf_add(&out, pool.buf, pool.len);
	gi_cache_head_put((unsigned char *)out.buf, MAGIC, VERSION);
	gi_cache_put64((unsigned char *)out.buf + 16, fp);
	gi_cache_put64((unsigned char *)out.buf + 24, (uint64_t)kept);
	gi_cache_put64((unsigned char *)out.buf + 32, (uint64_t)pool.len);
	gi_cache_file_seal(r, FILE_NAME, (unsigned char *)out.buf, out.len, 40);
	gi_buf_release(&out);
	gi_buf_release(&pool);
}

/* --- the fingerprint --------------------------------------------------- */

/*
 * What this build makes of notes holding one of everything the facts
 * take: a build that reads them differently does not trust the facts
 * another build cached.
 */
static const char sample[] =
	"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000a1\",\"kind\":\"issue\",\"title\":\"Fix lib/a.c\",\"state\":\"open\",\"labels\":[\"P1\",\"bug\"],\"assignees\":[]}\n"
	"{\"time\":\"2026-01-01T00:00:01.000000Z\",\"id\":\"00000000000000a2\",\"kind\":\"body\",\"text\":\"See src/x.c:12 and https://example.com/a.b.\"}\n"
	"{\"time\":\"2026-01-01T00:00:02.000000Z\",\"id\":\"00000000000000a3\",\"kind\":\"link\",\"op\":\"parent\",\"target\":5}\n"
	"{\"time\":\"2026-01-01T00:00:03.000000Z\",\"id\":\"00000000000000a4\",\"kind\":\"link\",\"op\":\"blocked-by\",\"target\":\"new-1a2b3c4\"}\n"
	"{\"time\":\"2026-01-01T00:00:04.000000Z\",\"id\":\"00000000000000a5\",\"kind\":\"link-state\",\"parent\":7,\"blocked_by\":[8,9]}\n"
	"{\"time\":\"2026-01-01T00:00:05.000000Z\",\"id\":\"00000000000000a6\",\"kind\":\"claim\",\"clone\":\"c1\",\"worktree_name\":\"w1\",\"branch\":\"issue/1\"}\n"
	"{\"time\":\"2026-01-01T00:00:06.000000Z\",\"id\":\"00000000000000a7\",\"kind\":\"claim\",\"clone\":\"c2\",\"worktree_name\":\"w2\",\"branch\":\"issue/1\"}\n"
	"{\"time\":\"2026-01-01T00:00:07.000000Z\",\"id\":\"00000000000000a8\",\"kind\":\"release\",\"claim\":\"00000000000000a6\",\"clone\":\"c1\"}\n"
	"{\"time\":\"2026-01-01T00:00:08.000000Z\",\"id\":\"00000000000000a9\",\"kind\":\"alias\",\"created_as\":57,\"provisional\":\"new-1a2b3c4\"}\n"
	"{\"time\":\"2026-01-01T00:00:09.000000Z\",\"id\":\"00000000000000aa\",\"kind\":\"note\",\"text\":\"scope: lib/ docs\"}\n"
	"{\"time\":\"2026-01-01T00:00:10.000000Z\",\"id\":\"00000000000000ab\",\"kind\":\"lesson\",\"tried\":\"./configure\",\"failed\":\"see Makefile.am!\",\"solution\":\"x\"}\n"
	"{\"time\":\"2026-01-01T00:00:11.000000Z\",\"id\":\"00000000000000ac\",\"kind\":\"edit\",\"title\":\"T2\",\"base\":\"00000000000000a1\",\"field\":\"title\"}\n"
	"{\"time\":\"2026-01-01T00:00:12.000000Z\",\"id\":\"00000000000000ad\",\"kind\":\"edit\",\"field\":\"label\",\"op\":\"add\",\"label\":\"P2\"}\n"
	"not a record\n";

static void fnv(uint64_t *h, const char *s)
{
	const unsigned char *b = (const unsigned char *)(s ? s : "");
	size_t i, len = s ? strlen(s) + 1 : 0;

	for (i = 0; i < len; i++) {
		*h ^= b[i];
		*h *= 1099511628211ULL;
	}
	*h ^= s ? 0x5a : 0xa5;
	*h *= 1099511628211ULL;
}

static uint64_t fingerprint(void)
{
	static uint64_t fp;
	struct gi_ready_facts f;
	const char *s[NSTR];
	char n[64];
	size_t k;

	if (fp)
		return fp;
	fp = 14695981039346656037ULL;
	gi_ready_facts_of_note(&f, sample, strlen(sample));
	snprintf(n, sizeof(n), "%u %zu %d", f.flags, f.claims, MAX_TOKEN);
	fnv(&fp, n);
	strings(&f, s);
	for (k = 0; k < NSTR; k++)
		fnv(&fp, s[k]);
	gi_ready_facts_release(&f);
	return fp;
}

/* --- the plan ---------------------------------------------------------- */

/* A node made from facts, under number n (its canonical one). */
static void add_node(struct gi_plan *p, long n,
		     struct gi_ready_facts *f)
{
	struct gi_plan_node *node;
	const char *s = f->blocked;
	size_t k;
	long m;

	GI_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	node = &p->v[p->nr++];
	memset(node, 0, sizeof(*node));
	node->known = 1;
	node->data = f;
	node->is.number = n;
	node->is.title = f->title;
	node->is.state = f->state;
	if (f->parent && !gi_parse_issue(f->parent, &m)) {
		node->is.links.parent.issue = m;
		node->is.links.parent.rel = GI_REL_PARENT;
	}
	while (s && *s) {
		const char *e = strchr(s, '\n');
		char name[GI_ISSUE_NAME_MAX];
		size_t len = e ? (size_t)(e - s) : strlen(s);
		struct gi_link_list *bl = &node->is.links.blocked_by;

		if (len < sizeof(name)) {
			memcpy(name, s, len);
			name[len] = '\0';
			if (!gi_parse_issue(name, &m)) {
				GI_ALLOC_GROW(bl->v, bl->nr + 1, bl->alloc);
				memset(&bl->v[bl->nr], 0, sizeof(bl->v[0]));
				bl->v[bl->nr].issue = m;
				bl->v[bl->nr++].rel = GI_REL_BLOCKED_BY;
			}
		}
		s = e ? e + 1 : s + len;
	}
	for (k = 0; k < p->nalias; k++)
		if (p->alias[k].number == n)
			node->is.provisional = p->alias[k].provisional;
}

/* A plan's has_label: the facts' labels, case not counting. */
static int facts_have_label(const struct gi_plan_node *node,
			    const char *label)
{
	const struct gi_ready_facts *f = node->data;
	const char *l = f ? f->labels : NULL;
	size_t want = strlen(label);

	while (l && *l) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);

		if (len == want && !strncasecmp(l, label, len))
			return 1;
		l += len + (e ? 1 : 0);
	}
	return 0;
}

/* The aliases every note names, in list order (as gi_plan_load). */
static void add_aliases(struct gi_plan *p, const struct gi_issue_list *l,
			const struct gi_ready_facts *f)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		const char *s = f[i].aliases;

		while (l->v[i].issue && s && *s) {
			const char *e = strchr(s, '\n');
			char *name = gi_xstrndup(s + 1, e ? (size_t)(e - s - 1) :
						 strlen(s + 1));
			long m;

			if (!gi_parse_issue(name, &m)) {
				if (*s == 'c')
					gi_plan_add_alias(p, l->v[i].issue, m);
				else
					gi_plan_add_alias(p, m, l->v[i].issue);
			}
			free(name);
			s = e ? e + 1 : s + strlen(s);
		}
	}
}

static long canon_cb(long n, void *payload)
{
	return gi_plan_canonical(payload, n);
}

/*
 * The facts of issue `to` loaded whole, as gi_plan_load loads it: the
 * notes of list entries `idx[0..n-1]` in one, provisional issues
 * resolved through the aliases. @return 0 or -1 (reported).
 */
static int load_whole(struct gi_ready_facts *out, struct gi_repo *r,
		      const struct gi_plan *p, long to,
		      const struct gi_issue_list *l, const size_t *idx,
		      size_t n)
{
	struct gi_lines lines = GI_LINES_INIT, one;
	struct gi_issue is;
	size_t i, k;

	for (i = 0; i < n; i++) {
		gi_lines_init(&one);
		if (gi_store_read_blob(&one, r, &l->v[idx[i]].note) < 0) {
			gi_lines_release(&one);
			gi_lines_release(&lines);
			return -1;
		}
		gi_lines_union(&lines, &one);
		for (k = 0; k < one.nchunks; k++)
			gi_lines_own(&lines, one.chunks[k]);
		one.nchunks = 0;
		gi_lines_release(&one);
	}
	gi_issue_load_lines(&is, &lines, to, canon_cb, (void *)p);
	facts_of_issue(out, &is);
	gi_issue_release(&is);
	return 0;
}

/* The facts of every listed note: from the cache, else from the blob.
 * @return how many were not in the cache, or -1 (reported). */
static long note_facts(struct gi_ready_plan *rp, struct gi_repo *r,
		       const struct gi_issue_list *l, const struct cache *c)
{
	git_odb *odb = NULL;
	long misses = 0;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		git_odb_object *o = NULL;

		if (!l->v[i].issue)
			continue;
		if (cache_get(c, &l->v[i].note, &rp->facts[i])) {
			rp->cached++;
			continue;
		}
		if ((!odb && git_repository_odb(&odb, r->repo) < 0) ||
		    git_odb_read(&o, odb, &l->v[i].note) < 0) {
			git_odb_free(odb);
			return gi_error("unable to read note %s: %s",
					git_oid_tostr_s(&l->v[i].note),
					gi_git_errmsg("unknown error"));
		}
		gi_ready_facts_of_note(&rp->facts[i], git_odb_object_data(o),
				       git_odb_object_size(o));
		git_odb_object_free(o);
		misses++;
	}
	git_odb_free(odb);
	return misses;
}

static void remember(struct gi_repo *r, const struct gi_issue_list *l,
		     const struct gi_ready_facts *f)
{
	struct keep *k = gi_xcalloc(l->nr + 1, sizeof(*k));
	size_t i, n = 0;

	for (i = 0; i < l->nr; i++)
		if (l->v[i].issue) {
			k[n].id = &l->v[i].note;
			k[n++].f = &f[i];
		}
	cache_write(r, fingerprint(), k, n);
	free(k);
}

/*
 * The nodes: one per issue, from its note's facts; an issue whose notes
 * an alias joins, or whose note names a provisional issue while aliases
 * exist, loaded whole. @return 0 or -1 (reported).
 */
static int build(struct gi_ready_plan *rp, struct gi_repo *r,
		 const struct gi_issue_list *l)
{
	struct gi_plan *p = &rp->plan;
	struct gi_longmap groups = GI_LONGMAP_INIT;
	size_t *idx = gi_xcalloc(l->nr + 1, sizeof(*idx));
	size_t i, j, *count;
	int ret = 0;

	add_aliases(p, l, rp->facts);
	for (i = 0; i < l->nr; i++) {
		long to = gi_plan_canonical(p, l->v[i].issue);

		if (!l->v[i].issue)
			continue;
		count = gi_longmap_get(&groups, to);
		gi_longmap_put(&groups, to, count ? *count + 1 : 1);
	}
	for (i = 0; i < l->nr && !ret; i++) {
		long to = gi_plan_canonical(p, l->v[i].issue);
		struct gi_ready_facts *f = &rp->facts[i];
		size_t n = 0;

		if (!l->v[i].issue)
			continue;
		count = gi_longmap_get(&groups, to);
		if (!*count)
			continue;	/* joined into an earlier node */
		if (*count == 1 && !(p->nalias && (f->flags &
						   READY_FACT_PROVREF))) {
			add_node(p, to, f);
			continue;
		}
		for (j = i; j < l->nr; j++)
			if (l->v[j].issue &&
			    gi_plan_canonical(p, l->v[j].issue) == to)
				idx[n++] = j;
		*count = 0;
		f = &rp->facts[rp->nfacts++];
		ret = load_whole(f, r, p, to, l, idx, n);
		if (!ret)
			add_node(p, to, f);
	}
	gi_longmap_release(&groups);
	free(idx);
	return ret;
}

int gi_ready_plan_load(struct gi_ready_plan *rp, struct gi_repo *r)
{
	struct gi_issue_list list;
	struct cache c;
	long misses;
	int ret = -1;

	memset(rp, 0, sizeof(*rp));
	if (gi_store_list(&list, r, NULL) < 0)
		return -1;
	cache_load(&c, &rp->cache, r, fingerprint());
	/* a note's own facts each, then those of issues loaded whole */
	rp->facts = gi_xcalloc(2 * list.nr + 1, sizeof(*rp->facts));
	rp->nfacts = list.nr;
	misses = note_facts(rp, r, &list, &c);
	if (misses < 0)
		goto done;
	if (misses)
		remember(r, &list, rp->facts);
	if (build(rp, r, &list) < 0)
		goto done;
	gi_plan_derive(&rp->plan);
	rp->plan.has_label = facts_have_label;
	ret = 0;
done:
	gi_issue_list_release(&list);
	if (ret < 0)
		gi_ready_plan_release(rp);
	return ret;
}

void gi_ready_plan_release(struct gi_ready_plan *rp)
{
	size_t i;

	gi_plan_release(&rp->plan);
	for (i = 0; i < rp->nfacts; i++)
		gi_ready_facts_release(&rp->facts[i]);
	free(rp->facts);
	free(rp->cache);
	memset(rp, 0, sizeof(*rp));
}
