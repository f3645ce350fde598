/*
 * related.c: the issues related to one issue (related.h).
 *
 * Its own relations are in its records: blockers, parent and origin (the plan's
 * resolution of its links), and the #N it mentions. The rest is in the
 * notes of the others: a child's note names its parent, a blocked issue's
 * note its blocker, a mention is in the text of whoever mentions. Finding
 * those means looking at every note, so the look is cheap: the note's
 * bytes are searched for the issue (and its parent) as a JSON number
 * (`"parent":95`, `[7,95]`) or as `#95`, and only a note that has one is
 * parsed, and then judged by the plan's own rules (the newest change of
 * a relation, a refused one not counting).
 */
#define _GNU_SOURCE	/* memmem */
#include "gitissue/core/related.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/plan.h"
#include "gitissue/core/store.h"
#include "core/related-cache.h"

static const char *const why_names[GI_RELATED_NR] = {
	[GI_RELATED_BLOCKER] = "blocks this",
	[GI_RELATED_PARENT] = "parent",
	[GI_RELATED_CHILD] = "sub-issue",
	[GI_RELATED_SIBLING] = "sibling: same parent",
	[GI_RELATED_MENTIONED] = "mentioned",
	[GI_RELATED_MENTIONS] = "mentions this",
	[GI_RELATED_BLOCKED] = "blocked by this",
	[GI_RELATED_ORIGIN] = "this was discovered while working on it",
	[GI_RELATED_DISCOVERED] = "discovered while working on this",
};

const char *gi_related_why_name(enum gi_related_why why)
{
	return why < GI_RELATED_NR ? why_names[why] : "related";
}

static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_';
}

void gi_related_mentions(const char *s, void (*fn)(long n, void *payload),
			 void *payload)
{
	const char *p;

	if (!s)
		return;
	for (p = strchr(s, '#'); p; p = strchr(p + 1, '#')) {
		const char *q = p + 1;
		char prev = p > s ? p[-1] : ' ';
		long n = 0;

		if (is_word(prev) || prev == '&' || prev == '#' || prev == '/')
			continue;
		if (*q < '1' || *q > '9')
			continue;
		while (*q >= '0' && *q <= '9' && n <= GI_ISSUE_MAX)
			n = n * 10 + (*q++ - '0');
		if (n > GI_ISSUE_MAX || is_word(*q))
			continue;
		fn(n, payload);
	}
}

/* --------------------------------------------------------- the list */

static int has(const struct gi_related *rel, long n)
{
	size_t i;

	for (i = 0; i < rel->nr; i++)
		if (rel->v[i].issue == n)
			return 1;
	return 0;
}

static void add(struct gi_related *rel, long self, long n,
		enum gi_related_why why)
{
	if (!n || n == self || has(rel, n))
		return;
	GI_ALLOC_GROW(rel->v, rel->nr + 1, rel->alloc);
	rel->v[rel->nr].issue = n;
	rel->v[rel->nr++].why = why;
}

struct mention_ctx {
	struct gi_related *rel;
	long self;
};

static void mentioned(long n, void *payload)
{
	struct mention_ctx *m = payload;

	add(m->rel, m->self, n, GI_RELATED_MENTIONED);
}

static int counts(const struct gi_record *rec)
{
	return rec->json && !rec->superseded && rec->kind &&
		strcmp(rec->kind, GI_KIND_CLAIM) &&
		strcmp(rec->kind, GI_KIND_RELEASE);
}

/* Every #N in the body and in the text of the records, newest first. */
static void scan_text(const struct gi_issue *is,
		      void (*fn)(long n, void *payload), void *payload)
{
	size_t i;

	gi_related_mentions(gi_issue_body(is), fn, payload);
	for (i = is->nr; i-- > 0;) {
		const struct gi_record *rec = &is->rec[i];

		if (!counts(rec))
			continue;
		gi_related_mentions(rec->text, fn, payload);
		gi_related_mentions(rec->tried, fn, payload);
		gi_related_mentions(rec->failed, fn, payload);
		gi_related_mentions(rec->solution, fn, payload);
		gi_related_mentions(rec->title, fn, payload);
	}
}

/* ------------------------------------------------------ other notes */

/*
 * Do the bytes of a note name issue n where a relation or a mention
 * would: as a JSON number after ':', '[' or ',', or after '#', and not
 * followed by a digit; a provisional issue by its name in quotes.
 */
static int names(const char *p, size_t len, long n)
{
	char num[GI_ISSUE_NAME_MAX + 2];
	const char *end = p + len, *q;
	size_t k;

	if (!n)
		return 0;
	if (gi_issue_is_provisional(n)) {
		num[0] = '"';
		gi_issue_name(n, num + 1);
		k = strlen(num);
		num[k++] = '"';
		return memmem(p, len, num, k) != NULL;
	}
	gi_issue_name(n, num);
	k = strlen(num);
	for (q = p; (q = memmem(q, (size_t)(end - q), num, k)); q += k) {
		char before = q > p ? q[-1] : ' ';
		char after = q + k < end ? q[k] : ' ';

		if ((before == ':' || before == '[' || before == ',' ||
		     before == '#') && !(after >= '0' && after <= '9'))
			return 1;
	}
	return 0;
}

struct scan {
	struct gi_related *rel;
	const struct gi_issue *is;
	long parent;
	struct gi_note_names names;	/* which notes name what, cached */
	long want[3];		/* the issue, its old name, its parent, > 0 */
	size_t nwant;
	int provisional;	/* one of them is named only by a string */
	/* found in the other notes, by reason, then merged in order */
	struct gi_related found[GI_RELATED_NR];
};

static int is_self(const struct gi_issue *is, long n)
{
	return n && (n == is->number || n == is->provisional);
}

struct self_hit {
	long self;
	int hit;
};

static void mentions_self(long n, void *payload)
{
	struct self_hit *h = payload;

	h->hit |= n == h->self;
}

/* Judge the note of issue `other`, parsed. */
static void judge(struct scan *s, const struct gi_issue *other)
{
	const struct gi_issue_links *l = &other->links;
	long n = other->number, self = s->is->number;
	struct self_hit h = { self, 0 };
	size_t i;

	if (l->parent.issue && l->parent.status != GI_LINK_REFUSED) {
		if (is_self(s->is, l->parent.issue))
			add(&s->found[GI_RELATED_CHILD], self, n,
			    GI_RELATED_CHILD);
		else if (s->parent && l->parent.issue == s->parent)
			add(&s->found[GI_RELATED_SIBLING], self, n,
			    GI_RELATED_SIBLING);
	}
	if (is_self(s->is, l->discovered_from))
		add(&s->found[GI_RELATED_DISCOVERED], self, n,
		    GI_RELATED_DISCOVERED);
	for (i = 0; i < l->blocked_by.nr; i++)
		if (l->blocked_by.v[i].status != GI_LINK_REFUSED &&
		    is_self(s->is, l->blocked_by.v[i].issue))
			add(&s->found[GI_RELATED_BLOCKED], self, n,
			    GI_RELATED_BLOCKED);
	/* a provisional issue has no #N to be mentioned by */
	if (self > 0) {
		scan_text(other, mentions_self, &h);
		if (h.hit)
			add(&s->found[GI_RELATED_MENTIONS], self, n,
			    GI_RELATED_MENTIONS);
	}
}

/* Look for issue n in the other notes: by the cache when it has a
 * number, in the note's bytes when it is provisional (a string). */
static void want(struct scan *s, long n)
{
	if (gi_issue_is_provisional(n))
		s->provisional = 1;
	else if (n > 0)
		s->want[s->nwant++] = n;
}

/* One note of another issue: parsed only when its bytes name us (which
 * numbers a note names is cached by its blob id: related-cache.h). */
static int look(struct scan *s, struct gi_repo *r,
		const struct gi_issue_entry *e)
{
	struct gi_issue other;
	git_blob *blob;
	int hit;

	if (!e->issue || is_self(s->is, e->issue))
		return 0;
	hit = gi_note_names_any(&s->names, r, &e->note, s->want, s->nwant);
	if (hit < 0 || (!hit && !s->provisional))
		return hit;
	if (git_blob_lookup(&blob, r->repo, &e->note) < 0)
		return gi_error("unable to read the note of issue %s: %s",
				gi_label(e->issue),
				gi_git_errmsg("unknown error"));
	hit = hit || names(git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), s->is->number) ||
		names(git_blob_rawcontent(blob),
		      (size_t)git_blob_rawsize(blob), s->is->provisional) ||
		names(git_blob_rawcontent(blob),
		      (size_t)git_blob_rawsize(blob), s->parent);
	if (hit)
		gi_issue_load_data(&other, git_blob_rawcontent(blob),
				   (size_t)git_blob_rawsize(blob), e->issue);
	git_blob_free(blob);
	if (!hit)
		return 0;
	judge(s, &other);
	gi_issue_release(&other);
	return 0;
}

int gi_related_find(struct gi_related *out, struct gi_repo *r,
		    const git_oid *notes, const struct gi_issue *is)
{
	struct gi_issue_list list = { NULL, 0, 0 };
	struct mention_ctx m = { out, is->number };
	struct scan s;
	size_t i, j;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.rel = out;
	s.is = is;
	for (i = 0; i < is->links.blocked_by.nr; i++)
		if (is->links.blocked_by.v[i].status != GI_LINK_REFUSED)
			add(out, is->number, is->links.blocked_by.v[i].issue,
			    GI_RELATED_BLOCKER);
	if (is->links.parent.issue &&
	    is->links.parent.status != GI_LINK_REFUSED) {
		s.parent = is->links.parent.issue;
		add(out, is->number, s.parent, GI_RELATED_PARENT);
	}
	add(out, is->number, is->links.discovered_from, GI_RELATED_ORIGIN);
	want(&s, is->number);
	want(&s, is->provisional);
	want(&s, s.parent);
	if (gi_store_list(&list, r, notes) < 0) {
		ret = -1;
	} else {
		gi_note_names_open(&s.names, r);
		for (i = 0; i < list.nr; i++)
			if (look(&s, r, &list.v[i]) < 0)
				out->unread++;
		gi_note_names_close(&s.names, r);
	}
	/* children before what it mentions: the roadmap is the plan; then
	 * the follow-ups found while working on it */
	for (j = 0; j < s.found[GI_RELATED_CHILD].nr; j++)
		add(out, is->number, s.found[GI_RELATED_CHILD].v[j].issue,
		    GI_RELATED_CHILD);
	for (j = 0; j < s.found[GI_RELATED_DISCOVERED].nr; j++)
		add(out, is->number, s.found[GI_RELATED_DISCOVERED].v[j].issue,
		    GI_RELATED_DISCOVERED);
	for (j = 0; j < s.found[GI_RELATED_SIBLING].nr; j++)
		add(out, is->number, s.found[GI_RELATED_SIBLING].v[j].issue,
		    GI_RELATED_SIBLING);
	scan_text(is, mentioned, &m);
	for (i = GI_RELATED_MENTIONS; i <= GI_RELATED_BLOCKED; i++)
		for (j = 0; j < s.found[i].nr; j++)
			add(out, is->number, s.found[i].v[j].issue,
			    (enum gi_related_why)i);
	for (i = 0; i < GI_RELATED_NR; i++)
		gi_related_release(&s.found[i]);
	gi_issue_list_release(&list);
	return ret;
}

void gi_related_release(struct gi_related *rel)
{
	free(rel->v);
	memset(rel, 0, sizeof(*rel));
}
