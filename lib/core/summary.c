/*
 * summary.c: what git issue-list shows of every issue (summary.h).
 */
#define _GNU_SOURCE	/* memmem */
#include "gitissue/core/summary.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/summary-cache.h"
#include "core/raw.h"
#include "gitissue/util/parallel.h"
#include "gitissue/core/note-flags.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "gitissue/util/utf8.h"

void gi_summary_release(struct gi_summary *s)
{
	if (!s->borrowed) {
		free(s->title);
		free(s->state);
		free(s->last_time);
		free(s->last_text);
		free(s->aliases);
	}
	memset(s, 0, sizeof(*s));
}

/* The summary text of the last record, as summary.h says it is kept. */
static void set_last(struct gi_summary *s, const struct gi_record *rec)
{
	gi_buf t = GI_BUF_INIT;
	size_t n, cut;

	s->last_time = gi_xstrdup(rec->time);
	gi_record_summary_text(&t, rec);
	n = strcspn(t.buf, "\n");
	cut = n > GI_SUMMARY_TEXT_MAX ?
		gi_utf8_cut_bytes(t.buf, n, GI_SUMMARY_TEXT_MAX) : n;
	if (cut < t.len) {
		gi_buf_setlen(&t, cut);
		gi_buf_addch(&t, '\n');
	}
	s->last_text = gi_buf_detach(&t, NULL);
}

/* The summary of a loaded issue (`out` initialised by the call). */
static void summary_of_issue(struct gi_summary *out, const struct gi_issue *is)
{
	struct gi_issue_counts c;

	memset(out, 0, sizeof(*out));
	gi_issue_counts(&c, is);
	out->records = c.records;
	out->lessons = c.lessons;
	out->malformed = is->malformed;
	out->title = gi_xstrdup_or_null(is->title);
	out->state = gi_xstrdup_or_null(is->state);
	if (is->last)
		set_last(out, is->last);
}

/*
 * The aliases a note names, found as gi_plan_load finds them (plan.c,
 * scan_aliases): lines holding "kind":"alias", read for created_as and
 * provisional, whatever else they are.
 */
static void note_aliases(struct gi_summary *out, const char *data,
			 size_t len)
{
	static const char needle[] = "\"kind\":\"" GI_KIND_ALIAS "\"";
	const char *p = data, *end = data + len, *hit;
	gi_buf a = GI_BUF_INIT;

	while (p < end && (hit = memmem(p, (size_t)(end - p), needle,
					sizeof(needle) - 1))) {
		const char *ls = hit, *le = memchr(hit, '\n',
						    (size_t)(end - hit));
		char name[GI_ISSUE_NAME_MAX];
		cJSON *j;
		long m;

		while (ls > data && ls[-1] != '\n')
			ls--;
		if (!le)
			le = end;
		j = cJSON_ParseWithLength(ls, (size_t)(le - ls));
		if (!gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
					"created_as"), &m))
			gi_buf_addf(&a, "c%s\n", gi_issue_name(m, name));
		if (!gi_issue_from_json(cJSON_GetObjectItemCaseSensitive(j,
					"provisional"), &m))
			gi_buf_addf(&a, "p%s\n", gi_issue_name(m, name));
		cJSON_Delete(j);
		p = le;
	}
	out->aliases = a.len ? gi_buf_detach(&a, NULL) : NULL;
	gi_buf_release(&a);
}

void gi_summary_of_note_loaded(struct gi_summary *out, const char *data,
			       size_t len)
{
	struct gi_issue is;

	gi_issue_load_data(&is, data, len, 0);
	summary_of_issue(out, &is);
	gi_issue_release(&is);
	note_aliases(out, data, len);
	out->flags = gi_plan_note_flags(data, len);
}

/* Our ids: 16 lowercase hex digits (valid under every id rule). */
static int plain_id(const struct gi_raw_span *s)
{
	size_t i;

	if (!s->p || s->len != 16)
		return 0;
	for (i = 0; i < 16; i++)
		if (!((s->p[i] >= '0' && s->p[i] <= '9') ||
		      (s->p[i] >= 'a' && s->p[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * The kinds whose records only count (no title, state or versions):
 * 1 for a note, retraction, claim or release, 2 for the lesson kinds,
 * 0 for any other.
 */
static int plain_kind(const struct gi_raw_span *k)
{
	static const char *const counted[] = {
		GI_KIND_NOTE, GI_KIND_RETRACT, GI_KIND_CLAIM, GI_KIND_RELEASE,
	};
	static const char *const lessons[] = {
		GI_KIND_LESSON, "tried", "failed", "solution",
	};
	size_t i;

	if (k->len == 4 && !memcmp(k->p, GI_KIND_NOTE, 4))
		return 1;	/* by far the most */
	for (i = 0; i < GI_ARRAY_SIZE(lessons); i++)
		if (gi_raw_span_is(k, lessons[i]))
			return 2;
	for (i = 0; i < GI_ARRAY_SIZE(counted); i++)
		if (gi_raw_span_is(k, counted[i]))
			return 1;
	return 0;
}

struct plain_line {
	const char *p;
	size_t len;
	const char *id;		/* 16 bytes */
	int lesson;
};

static int cmp_id16(const void *a, const void *b)
{
	return memcmp(*(const char *const *)a, *(const char *const *)b, 16);
}

/*
 * The summary from the raw lines, when the note is sorted and every line
 * a strict record of a plain kind with one of our ids: then a record is
 * superseded exactly when another names its id, and nothing sets a title
 * or a state. -1 when the note is anything else.
 */
static int summary_from_raw(struct gi_summary *out, const char *data,
			    size_t len)
{
	const char *p = data, *end = data + len;
	struct plain_line *lines = NULL;
	const char **targets = NULL;
	size_t nr = 0, alloc = 0, nt = 0, talloc = 0, i, last = 0;
	int ret = -1, have_last = 0, kind;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		struct gi_raw_record rr;
		struct gi_line cur, prev;

		if (!e)
			e = end;
		cur.p = p;
		cur.len = (size_t)(e - p);
		if (!cur.len)
			goto done;	/* stored notes have no empty lines */
		if (nr) {
			prev.p = lines[nr - 1].p;
			prev.len = lines[nr - 1].len;
			if (gi_line_cmp(&prev, &cur) >= 0)
				goto done;	/* not a set: normalise first */
		}
		if (gi_raw_record_read(&rr, p, cur.len) < 0 || !rr.time.p ||
		    !plain_id(&rr.id) || !rr.kind.p ||
		    !(kind = plain_kind(&rr.kind)) || rr.github_comment ||
		    (rr.supersedes.p && !plain_id(&rr.supersedes)))
			goto done;
		GI_ALLOC_GROW(lines, nr + 1, alloc);
		lines[nr].p = p;
		lines[nr].len = cur.len;
		lines[nr].id = rr.id.p;
		lines[nr].lesson = kind == 2;
		nr++;
		if (rr.supersedes.p) {
			GI_ALLOC_GROW(targets, nt + 1, talloc);
			targets[nt++] = rr.supersedes.p;
		}
		p = e + 1;
	}
	if (nt)
		qsort(targets, nt, sizeof(*targets), cmp_id16);
	memset(out, 0, sizeof(*out));
	for (i = 0; i < nr; i++) {
		if (nt && bsearch(&lines[i].id, targets, nt, sizeof(*targets),
				  cmp_id16))
			continue;
		out->records++;
		out->lessons += lines[i].lesson;
		last = i;
		have_last = 1;
	}
	if (have_last) {
		struct gi_record rec;

		if (gi_record_parse(&rec, lines[last].p, lines[last].len) < 0) {
			/* cannot be: the line read as a record above */
			gi_record_release(&rec);
			memset(out, 0, sizeof(*out));
			goto done;
		}
		set_last(out, &rec);
		gi_record_release(&rec);
	}
	ret = 0;
done:
	free(lines);
	free(targets);
	return ret;
}

void gi_summary_of_note(struct gi_summary *out, const char *data, size_t len)
{
	if (summary_from_raw(out, data, len) < 0) {
		gi_summary_of_note_loaded(out, data, len);
	} else {
		note_aliases(out, data, len);
		out->flags = gi_plan_note_flags(data, len);
	}
}

/*
 * A fingerprint of what the summary code makes of a note holding one of
 * everything that counts differently: a build whose rules differ does not
 * trust the summaries another build cached.
 */
static const char fingerprint_note[] =
	"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000a1\",\"kind\":\"note\",\"author\":\"A <a@example.com>\",\"text\":\"first\\nsecond\"}\n"
	"{\"time\":\"2026-01-01T00:00:01.000000Z\",\"id\":\"00000000000000a2\",\"kind\":\"lesson\",\"tried\":\"t\",\"failed\":\"f\",\"solution\":\"s\"}\n"
	"{\"time\":\"2026-01-01T00:00:02.000000Z\",\"id\":\"00000000000000a3\",\"kind\":\"retract\",\"author\":\"B <b@example.com>\",\"supersedes\":\"00000000000000a1\"}\n"
	"{\"time\":\"2026-01-01T00:00:03.000000Z\",\"id\":\"00000000000000a4\",\"kind\":\"issue\",\"title\":\"T\",\"state\":\"open\"}\n"
	"{\"time\":\"2026-01-01T00:00:04.000000Z\",\"id\":\"00000000000000a5\",\"kind\":\"comment\",\"text\":\"v1\",\"github_comment\":7,\"github_updated\":\"2026-01-01T00:00:04Z\"}\n"
	"{\"time\":\"2026-01-01T00:00:05.000000Z\",\"id\":\"00000000000000a6\",\"kind\":\"comment\",\"text\":\"v2\",\"github_comment\":7,\"github_updated\":\"2026-01-01T00:00:05Z\"}\n"
	"{\"time\":\"2026-01-01T00:00:06.000000Z\",\"id\":\"00000000000000a7\",\"kind\":\"claim\",\"branch\":\"issue/1\"}\n"
	"{\"time\":\"2026-01-01T00:00:07.000000Z\",\"id\":\"00000000000000a8\",\"kind\":\"tried\",\"text\":\"x\"}\n"
	"{\"time\":\"2026-01-01T00:00:08.000000Z\",\"id\":\"ID with spaces\",\"kind\":\"note\",\"text\":\"odd id\"}\n"
	"{\"time\":\"2026-01-01T00:00:09.000000Z\",\"id\":\"00000000000000a9\",\"kind\":\"alias\",\"created_as\":57,\"provisional\":\"new-1a2b3c4\"}\n"
	"{\"time\":\"2026-01-01T00:00:10.000000Z\",\"id\":\"00000000000000aa\",\"kind\":\"body\",\"text\":\"the body\"}\n"
	"{\"time\":\"2026-01-01T00:00:11.000000Z\",\"id\":\"00000000000000ab\",\"kind\":\"link\",\"op\":\"parent\",\"target\":5}\n"
	"{\"time\":\"2026-01-01T00:00:12.000000Z\",\"id\":\"00000000000000ac\",\"kind\":\"edit\",\"title\":\"T2\",\"base\":\"00000000000000a4\",\"field\":\"title\"}\n"
	"{\"time\":\"2026-01-01T00:00:13.000000Z\",\"id\":\"00000000000000ad\",\"kind\":\"edit\",\"state\":\"closed\",\"text\":\"why\",\"field\":\"state\"}\n"
	"not a record\n";

static void fnv(uint64_t *h, const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++) {
		*h ^= b[i];
		*h *= 1099511628211ULL;
	}
}

static void fnv_str(uint64_t *h, const char *s)
{
	fnv(h, s ? s : "", s ? strlen(s) + 1 : 1);
	if (!s)
		fnv(h, "\1", 1);
}

static uint64_t fingerprint(void)
{
	static const char *const more[] = {
		/* the last record superseded, a lesson without parts */
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000b1\",\"kind\":\"lesson\"}\n"
		"{\"time\":\"2026-01-01T00:00:01.000000Z\",\"id\":\"00000000000000b2\",\"kind\":\"retract\",\"supersedes\":\"00000000000000b2\"}\n",
		/* only the plan's records: no work */
		"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000c1\",\"kind\":\"issue\",\"title\":\"T\",\"state\":\"open\"}\n",
	};
	uint64_t h = 14695981039346656037ULL;
	struct gi_summary s;
	size_t i;

	for (i = 0; i <= GI_ARRAY_SIZE(more); i++) {
		const char *note = i ? more[i - 1] : fingerprint_note;
		uint64_t n[4];

		gi_summary_of_note_loaded(&s, note, strlen(note));
		n[0] = s.records;
		n[1] = s.lessons;
		n[2] = s.malformed;
		n[3] = s.flags;
		fnv(&h, n, sizeof(n));
		fnv_str(&h, s.title);
		fnv_str(&h, s.state);
		fnv_str(&h, s.last_time);
		fnv_str(&h, s.last_text);
		fnv_str(&h, s.aliases);
		gi_summary_release(&s);
	}
	fnv(&h, &(size_t){ GI_SUMMARY_TEXT_MAX }, sizeof(size_t));
	return h;
}

/* The fingerprint, computed once per process. */
static uint64_t summary_fingerprint(void)
{
	static uint64_t fp;
	static int done;

	if (!done) {
		fp = fingerprint();
		done = 1;
	}
	return fp;
}

struct load_run {
	const struct gi_issue_list *list;
	struct gi_summary *v;	/* parallel to the list */
	const size_t *todo;	/* indexes into the list */
};

static int summarise(git_repository *repo, size_t i, size_t *bytes,
		     void *payload)
{
	struct load_run *s = payload;
	size_t k = s->todo[i];
	const struct gi_issue_entry *e = &s->list->v[k];
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	int ret = 0;

	*bytes = 0;
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_read(&obj, odb, &e->note) < 0) {
		ret = gi_error("unable to read note %s: %s",
			       git_oid_tostr_s(&e->note),
			       gi_git_errmsg("unknown error"));
	} else {
		gi_summary_of_note(&s->v[k], git_odb_object_data(obj),
				   git_odb_object_size(obj));
	}
	git_oid_cpy(&s->v[k].note, &e->note);
	s->v[k].issue = e->issue;
	git_odb_object_free(obj);
	git_odb_free(odb);
	return ret;
}

struct alias {
	long provisional;
	long number;
};

struct aliases {
	struct alias *v;
	size_t nr, alloc;
};

/* as plan.c's add_alias: the first one named for a provisional issue */
static void add_alias(struct aliases *a, long provisional, long number)
{
	size_t i;

	if (!gi_issue_is_provisional(provisional) ||
	    gi_issue_is_provisional(number) || number <= 0)
		return;
	for (i = 0; i < a->nr; i++)
		if (a->v[i].provisional == provisional)
			return;
	GI_ALLOC_GROW(a->v, a->nr + 1, a->alloc);
	a->v[a->nr].provisional = provisional;
	a->v[a->nr++].number = number;
}

static long canonical(const struct aliases *a, long n)
{
	size_t i;

	for (i = 0; gi_issue_is_provisional(n) && i < a->nr; i++)
		if (a->v[i].provisional == n)
			return a->v[i].number;
	return n;
}

static int cmp_summary_issue(const void *a, const void *b)
{
	return gi_issue_cmp(((const struct gi_summary *)a)->issue,
			    ((const struct gi_summary *)b)->issue);
}

/*
 * A provisional issue created on GitHub and its number are one issue, as
 * in gi_plan_load: one summary under the number, of the notes loaded
 * together when both have one. Then the gi_issue_cmp order.
 */
static int join_aliases(struct gi_summaries *out, struct gi_repo *r)
{
	struct aliases a = { NULL, 0, 0 };
	size_t i, j, n = 0;
	int ret = 0;

	for (i = 0; i < out->nr; i++) {
		const char *p = out->v[i].aliases;

		while (p && *p) {
			const char *e = strchr(p, '\n');
			char *name = gi_xstrndup(p + 1, e ? (size_t)(e - p - 1) :
						 strlen(p + 1));
			long m;

			if (!gi_parse_issue(name, &m)) {
				if (*p == 'c')
					add_alias(&a, out->v[i].issue, m);
				else
					add_alias(&a, m, out->v[i].issue);
			}
			free(name);
			p = e ? e + 1 : p + strlen(p);
		}
	}
	for (i = 0; i < out->nr; i++) {
		long to = canonical(&a, out->v[i].issue);
		struct gi_lines lines = GI_LINES_INIT;
		struct gi_issue is;
		int joined = 0;

		if (!out->v[i].issue || to == out->v[i].issue)
			continue;
		/* every note that is issue `to`, its own first */
		for (j = 0; j < out->nr; j++)
			if (j != i && out->v[j].issue &&
			    canonical(&a, out->v[j].issue) == to)
				joined = 1;
		if (!joined) {
			out->v[i].issue = to;	/* the number has no note */
			continue;
		}
		for (j = 0; j < out->nr && ret >= 0; j++) {
			if (!out->v[j].issue ||
			    canonical(&a, out->v[j].issue) != to)
				continue;
			ret = gi_store_read_blob(&lines, r, &out->v[j].note);
			gi_summary_release(&out->v[j]);
		}
		if (ret < 0) {
			gi_lines_release(&lines);
			break;
		}
		gi_issue_load_lines(&is, &lines, to, NULL, NULL);
		summary_of_issue(&out->v[i], &is);
		out->v[i].issue = to;
		gi_issue_release(&is);
	}
	/* drop the summaries joined into another */
	for (i = 0; i < out->nr; i++)
		if (out->v[i].issue)
			out->v[n++] = out->v[i];
	out->nr = n;
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_summary_issue);
	free(a.v);
	return ret;
}

/*
 * Every listed note's summary into v (parallel to the list; issue 0 left
 * empty): from the cache, the others read over the cores. How many came
 * from the cache to *cached; the cache is rewritten when any was read.
 * @return 0 or -1 (reported).
 */
static int load_listed(struct gi_summary *v, struct gi_cache *cache,
		       struct gi_repo *r, const struct gi_issue_list *list,
		       size_t *cached)
{
	struct load_run run;
	struct gi_parallel p;
	size_t *todo, ntodo = 0, i;
	int threads, set, err;

	*cached = 0;
	todo = gi_xcalloc(list->nr ? list->nr : 1, sizeof(*todo));
	for (i = 0; i < list->nr; i++) {
		if (!list->v[i].issue)
			continue;
		if (gi_cache_get(cache, &list->v[i].note, &v[i])) {
			v[i].issue = list->v[i].issue;
			(*cached)++;
		} else {
			todo[ntodo++] = i;
		}
	}
	memset(&run, 0, sizeof(run));
	run.list = list;
	run.v = v;
	run.todo = todo;
	memset(&p, 0, sizeof(p));
	threads = gi_parallel_threads(r, &set);
	p.nr = ntodo;
	p.threads = threads;
	p.min_items = set ? 1 : 32;
	p.work = summarise;
	p.payload = &run;
	err = gi_parallel_run(r, &p);
	free(todo);
	if (!err && ntodo) {
		struct gi_summary *known = gi_xcalloc(list->nr + 1,
						      sizeof(*known));
		size_t n = 0;

		for (i = 0; i < list->nr; i++)
			if (list->v[i].issue)
				known[n++] = v[i];
		gi_cache_write(r, summary_fingerprint(), known, n);
		free(known);
	}
	return err ? -1 : 0;
}

int gi_summaries_load(struct gi_summaries *out, struct gi_repo *r,
		      const struct gi_issue_list *list)
{
	struct gi_cache *cache = gi_xcalloc(1, sizeof(*cache));
	size_t i, n = 0;
	int err;

	memset(out, 0, sizeof(*out));
	gi_cache_load(cache, r, summary_fingerprint());
	out->v = gi_xcalloc(list->nr ? list->nr : 1, sizeof(*out->v));
	err = load_listed(out->v, cache, r, list, &out->cached);
	/* the listed issues, in order, without the unknown ones */
	for (i = 0; i < list->nr; i++) {
		if (!list->v[i].issue) {
			out->unknown++;
			continue;
		}
		out->v[n++] = out->v[i];
	}
	out->nr = n;
	out->alloc = list->nr;
	out->keep = cache;
	if (err) {
		gi_summaries_release(out);
		return -1;
	}
	if (join_aliases(out, r) < 0) {
		gi_summaries_release(out);
		return -1;
	}
	return 0;
}

int gi_summaries_flags(unsigned *flags, struct gi_repo *r,
		       const struct gi_issue_list *list)
{
	struct gi_cache cache;
	struct gi_summary *v = gi_xcalloc(list->nr + 1, sizeof(*v));
	size_t i, cached;
	int err;

	gi_cache_load(&cache, r, summary_fingerprint());
	err = load_listed(v, &cache, r, list, &cached);
	for (i = 0; i < list->nr; i++) {
		flags[i] = v[i].flags;
		gi_summary_release(&v[i]);
	}
	free(v);
	gi_cache_release(&cache);
	return err;
}

void gi_summary_batch_add(struct gi_summary_batch *b, const git_oid *blob,
			  const char *data, size_t len)
{
	GI_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	gi_summary_of_note(&b->v[b->nr], data, len);
	git_oid_cpy(&b->v[b->nr].note, blob);
	b->nr++;
}

void gi_summaries_remember(struct gi_repo *r, struct gi_summary_batch *b)
{
	struct gi_cache cache;
	struct gi_summary *all;
	uint64_t fp = summary_fingerprint();
	size_t i, n = 0;

	if (b->nr) {
		gi_cache_load(&cache, r, fp);
		all = gi_xcalloc(cache.nr + b->nr, sizeof(*all));
		/* one id twice says the same twice: its bytes decide */
		for (i = 0; i < b->nr; i++)
			all[n++] = b->v[i];
		for (i = 0; i < cache.nr; i++)
			gi_cache_get_at(&cache, i, &all[n++]);
		gi_cache_write(r, fp, all, n);
		free(all);
		gi_cache_release(&cache);
	}
	for (i = 0; i < b->nr; i++)
		gi_summary_release(&b->v[i]);
	free(b->v);
	memset(b, 0, sizeof(*b));
}

void gi_summaries_release(struct gi_summaries *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		gi_summary_release(&s->v[i]);
	free(s->v);
	if (s->keep) {
		gi_cache_release(s->keep);
		free(s->keep);
	}
	memset(s, 0, sizeof(*s));
}
