/*
 * brief.c: the brief an agent reads at the start of a session (brief.h).
 *
 * Every part is made first as a list of items, each measured in the
 * budget's unit; then the items are chosen in the order of what matters
 * most (the lessons always, then the title, the instructions, the body,
 * who else works on what, related lessons, the newest records), and
 * printed in the reading order. Lengths add up exactly because every item
 * is whole, valid UTF-8: the sum of the chosen items and their headings is
 * the length of the output, so the budget is kept by construction, not by
 * trimming afterwards.
 */
#include "gitissue/agent/brief.h"

#include <git2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/date.h"
#include "gitissue/util/json.h"
#include "gitissue/core/plan.h"
#include "gitissue/core/render.h"
#include "gitissue/util/utf8.h"
#include "agent/brief-text.h"
#include "worktree/claim.h"
#include "worktree/worktree.h"

enum section {
	SEC_HEAD,
	SEC_BODY,
	SEC_LESSONS,
	SEC_RELATED,
	SEC_RECORDS,
	SEC_OTHERS,
	SEC_HELP,
	SEC_NR
};

/* Printed before the first item of a section that has items. */
static const char *const sec_heading[SEC_NR] = {
	[SEC_LESSONS] = "\n## Lessons\n\n",
	[SEC_RELATED] = "\n## Lessons of related issues\n",
	[SEC_RECORDS] = "\n## Recent records\n\n",
	[SEC_OTHERS] = "\n## Who else is working on what\n\n",
};

struct item {
	char *text;
	size_t size;		/* in the budget's unit */
	enum section sec;
	int group;		/* SEC_RELATED: its issue's group; else -1 */
	int chosen;
};

struct group {
	char *heading;
	size_t size;
	int open;
};

struct brief {
	const struct gi_brief_opts *opts;
	const struct gi_issue *is;
	struct item *v;
	size_t nr, alloc;
	struct group *groups;
	size_t ngroups, galloc;
	size_t sec_size[SEC_NR];
	int sec_open[SEC_NR];
	/* the title lines, full and short; -1 when absent */
	long head_full, head_short, help;
	/* selection order of the related lessons and of the records */
	size_t *rel_order, nrel, rel_alloc;
	size_t *rec_order, nrec;
	/* the body, its lines measured; the part chosen */
	char *body;
	size_t body_len, body_chosen;
	char fence[32];
	int body_cut;
	int read_failed;
};

size_t gi_brief_measure(const char *s, size_t len, enum gi_brief_unit unit)
{
	size_t i, n = 0;

	if (unit == GI_BRIEF_BYTES)
		return len;
	/* a 4-byte sequence is a surrogate pair; anything else one unit */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) == 0x80)
			continue;
		n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}

static size_t measure(const struct brief *b, const char *s)
{
	return gi_brief_measure(s, strlen(s), b->opts->unit);
}

static size_t add_item(struct brief *b, gi_buf *text, enum section sec,
		       int group)
{
	struct item *it;

	GI_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	it = &b->v[b->nr];
	memset(it, 0, sizeof(*it));
	it->size = gi_brief_measure(text->buf, text->len, b->opts->unit);
	it->text = gi_buf_detach(text, NULL);
	it->sec = sec;
	it->group = group;
	return b->nr++;
}

static int add_group(struct brief *b, gi_buf *heading)
{
	struct group *g;

	GI_ALLOC_GROW(b->groups, b->ngroups + 1, b->galloc);
	g = &b->groups[b->ngroups];
	g->size = gi_brief_measure(heading->buf, heading->len, b->opts->unit);
	g->heading = gi_buf_detach(heading, NULL);
	g->open = 0;
	return (int)b->ngroups++;
}

static int is_valid(const struct gi_record *rec)
{
	return rec->json && !rec->superseded && rec->kind;
}

static int is_kind(const struct gi_record *rec, const char *kind)
{
	return !strcmp(rec->kind, kind);
}

/* Records that are not shown as records: the heading has the issue
 * records (the plan's: title, body, relations), the last section the
 * claims. */
static int hidden_kind(const struct gi_record *rec)
{
	return gi_plan_kind(rec->kind) || is_kind(rec, GI_KIND_CLAIM) ||
		is_kind(rec, GI_KIND_RELEASE) ||
		is_kind(rec, GI_KIND_RETRACT);
}

/* The issue's body: the newest `body` record (plan.h), else the "body"
 * of its newest issue record that has one. */
static const char *issue_body(const struct gi_issue *is)
{
	const char *body = is->body;
	size_t i;

	if (body)
		return gi_brief_text_trimmed_len(body) ? body : NULL;
	for (i = 0; i < is->nr; i++) {
		const struct gi_record *rec = &is->rec[i];
		const char *s;

		if (!is_valid(rec) || !is_kind(rec, GI_KIND_ISSUE))
			continue;
		s = gi_json_str(rec->json, "body");
		if (s)
			body = s;
	}
	return body && gi_brief_text_trimmed_len(body) ? body : NULL;
}

/* ---------------------------------------------------------- related */

struct related {
	long n[GI_BRIEF_MAX_RELATED];
	const char *why[GI_BRIEF_MAX_RELATED];
	size_t nr;
};

static void add_related(struct related *rel, long self, long n,
			const char *why)
{
	size_t i;

	if (n == self || rel->nr == GI_BRIEF_MAX_RELATED)
		return;
	for (i = 0; i < rel->nr; i++)
		if (rel->n[i] == n)
			return;
	rel->n[rel->nr] = n;
	rel->why[rel->nr++] = why;
}

/*
 * Every "#N" in `s` that stands alone: not after a letter, digit, '&'
 * (an HTML entity), '#' or '/' (owner/repo#N is another repository's),
 * not before a letter or digit.
 */
static void scan_mentions(struct related *rel, long self, const char *s)
{
	const char *p;

	if (!s)
		return;
	for (p = strchr(s, '#'); p; p = strchr(p + 1, '#')) {
		const char *q = p + 1;
		char prev = p > s ? p[-1] : ' ';
		long n = 0;

		if ((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') ||
		    (prev >= '0' && prev <= '9') || prev == '&' || prev == '#' ||
		    prev == '/' || prev == '_')
			continue;
		if (*q < '1' || *q > '9')
			continue;
		while (*q >= '0' && *q <= '9' && n <= GI_ISSUE_MAX)
			n = n * 10 + (*q++ - '0');
		if (n > GI_ISSUE_MAX || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z') || *q == '_')
			continue;
		add_related(rel, self, n, "mentioned");
	}
}

static void find_related(struct related *rel, const struct gi_issue *is,
			 const char *body)
{
	size_t i;

	memset(rel, 0, sizeof(*rel));
	/* the plan's own relations first: what must land before this one
	 * learned things this one needs, and so did the roadmap above it */
	for (i = 0; i < is->links.blocked_by.nr; i++)
		if (is->links.blocked_by.v[i].status != GI_LINK_REFUSED)
			add_related(rel, is->number,
				    is->links.blocked_by.v[i].issue,
				    "blocks this");
	if (is->links.parent.issue &&
	    is->links.parent.status != GI_LINK_REFUSED)
		add_related(rel, is->number, is->links.parent.issue, "parent");
	scan_mentions(rel, is->number, body);
	for (i = is->nr; i-- > 0;) {
		const struct gi_record *rec = &is->rec[i];

		if (!is_valid(rec) || is_kind(rec, GI_KIND_CLAIM) ||
		    is_kind(rec, GI_KIND_RELEASE))
			continue;
		scan_mentions(rel, is->number, rec->text);
		scan_mentions(rel, is->number, rec->tried);
		scan_mentions(rel, is->number, rec->failed);
		scan_mentions(rel, is->number, rec->solution);
		scan_mentions(rel, is->number, rec->title);
	}
}

static void related_items(struct brief *b, struct gi_repo *r,
			  const struct related *rel)
{
	size_t i, j, start;
	gi_buf t = GI_BUF_INIT;

	for (i = 0; i < rel->nr; i++) {
		struct gi_issue ris;
		int g = -1;

		if (gi_issue_load(&ris, r, NULL, rel->n[i]) < 0) {
			b->read_failed = 1;
			continue;
		}
		start = b->nr;
		for (j = 0; j < ris.nr; j++) {
			if (!is_valid(&ris.rec[j]) ||
			    !gi_record_is_lesson(&ris.rec[j]))
				continue;
			if (g < 0) {
				gi_buf_addf(&t, "\n### %s",
					    gi_label(ris.number));
				if (ris.title) {
					gi_buf_adds(&t, ": ");
					gi_brief_text_clean_line(&t, ris.title);
				}
				gi_buf_addf(&t, " (%s)\n\n", rel->why[i]);
				g = add_group(b, &t);
			}
			gi_brief_text_lesson(&t, &ris.rec[j]);
			add_item(b, &t, SEC_RELATED, g);
		}
		/* chosen issue by issue, the newest lessons first */
		for (j = b->nr; j-- > start;) {
			GI_ALLOC_GROW(b->rel_order, b->nrel + 1, b->rel_alloc);
			b->rel_order[b->nrel++] = j;
		}
		gi_issue_release(&ris);
	}
	gi_buf_release(&t);
}

/* ----------------------------------------------------- who works where */

static int same_path(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static void other_line(struct brief *b, long n, const char *title,
		       int this_issue, const char *author, int other_clone,
		       const char *branch, const char *time)
{
	gi_buf t = GI_BUF_INIT;
	char when[32];

	gi_buf_addf(&t, "- %s", gi_label(n));
	if (this_issue) {
		gi_buf_adds(&t, " (this issue) is also claimed by ");
	} else {
		if (title) {
			gi_buf_addch(&t, ' ');
			gi_brief_text_clean_line(&t, title);
		}
		gi_buf_adds(&t, ": ");
	}
	if (author) {
		gi_brief_text_author(&t, author);
		if (other_clone)
			gi_buf_adds(&t, ", in another clone");
		else if (branch)
			gi_buf_adds(&t, ", on branch ");
	} else {
		/* a worktree of stock git: no claim, no author */
		gi_buf_adds(&t, branch ? "a worktree on branch " : "a worktree");
	}
	if (branch && !other_clone)
		gi_brief_text_clean_line(&t, branch);
	if (time) {
		gi_short_time(when, sizeof(when), time);
		gi_buf_addf(&t, " (since %s)", when);
	}
	gi_buf_addch(&t, '\n');
	add_item(b, &t, SEC_OTHERS, -1);
}

/*
 * One line per open claim on another issue, and per claim of another
 * clone or worktree on this one.
 */
static void claim_lines(struct brief *b, struct gi_repo *r,
			const char *clone, const char *here,
			const struct gi_claim_census *cs)
{
	size_t i, j;

	for (i = 0; i < cs->nr; i++) {
		const struct gi_claimed *ci = &cs->v[i];
		int this_issue = ci->is == b->is;

		for (j = 0; j < ci->claims.nr; j++) {
			const struct gi_claim *c = &ci->claims.v[j];
			int ours = gi_claim_is_ours(c, clone);

			if (this_issue && ours &&
			    (same_path(c->worktree, r->workdir) ||
			     same_path(c->worktree, here)))
				continue;
			other_line(b, ci->issue, ci->is->title, this_issue,
				   c->author, !ours, c->branch, c->time);
		}
	}
}

/* Has this clone an open claim on issue n in the worktree at `path`? */
static int claimed_at(const struct gi_claim_census *cs, long n,
		      const char *clone, const char *path)
{
	const struct gi_claimed *ci = gi_claim_census_get(cs, n);
	size_t j;

	for (j = 0; ci && j < ci->claims.nr; j++)
		if (gi_claim_is_ours(&ci->claims.v[j], clone) &&
		    same_path(ci->claims.v[j].worktree, path))
			return 1;
	return 0;
}

/* The worktrees of this repository that work on another issue without a
 * claim of ours (made by stock git). */
static void unclaimed_lines(struct brief *b, struct gi_repo *r,
			    const char *clone, const char *here,
			    const struct gi_claim_census *cs)
{
	struct gi_worktree_list wts;
	size_t i;

	if (gi_worktree_list(&wts, r) < 0) {
		b->read_failed = 1;
		return;
	}
	for (i = 0; i < wts.nr; i++) {
		const struct gi_worktree *w = &wts.v[i];
		struct gi_issue other;

		if (!w->issue || w->missing || w->issue == b->is->number ||
		    same_path(w->path, here) ||
		    claimed_at(cs, w->issue, clone, w->path))
			continue;
		if (gi_issue_load(&other, r, NULL, w->issue) < 0) {
			b->read_failed = 1;
			continue;
		}
		other_line(b, w->issue, other.title, 0, NULL, 0, w->branch,
			   NULL);
		gi_issue_release(&other);
	}
	gi_worktree_list_release(&wts);
}

/* Who else works on what: claims, then unclaimed worktrees. */
static void others_items(struct brief *b, struct gi_repo *r)
{
	struct gi_issue_list list;
	struct gi_claim_census cs;
	char *clone = NULL, *here = r->workdir ? gi_real_path(r->workdir) :
		NULL;

	if (gi_clone_id(&clone, r, 0) < 0 ||
	    gi_store_list(&list, r, NULL) < 0) {
		b->read_failed = 1;
	} else {
		gi_claim_census(&cs, r, &list, b->is);
		if (cs.unread)
			b->read_failed = 1;
		claim_lines(b, r, clone, here, &cs);
		unclaimed_lines(b, r, clone, here, &cs);
		gi_claim_census_release(&cs);
		gi_issue_list_release(&list);
	}
	free(clone);
	free(here);
}

/* ---------------------------------------------------------- the parts */

static void make_items(struct brief *b, struct gi_repo *r)
{
	const struct gi_issue *is = b->is;
	gi_buf t = GI_BUF_INIT;
	struct related rel;
	const char *body = issue_body(is);
	size_t i, alloc = 0;
	int s;

	for (s = 0; s < SEC_NR; s++)
		b->sec_size[s] = sec_heading[s] ? measure(b, sec_heading[s]) : 0;

	gi_buf_addf(&t, "# Issue %s", gi_label(is->number));
	if (is->title) {
		gi_buf_adds(&t, ": ");
		gi_brief_text_clean_line(&t, is->title);
	}
	if (is->state) {
		gi_buf_adds(&t, " [");
		gi_brief_text_clean_line(&t, is->state);
		gi_buf_addch(&t, ']');
	}
	gi_buf_addch(&t, '\n');
	b->head_full = (long)add_item(b, &t, SEC_HEAD, -1);
	gi_buf_addf(&t, "# Issue %s\n", gi_label(is->number));
	b->head_short = (long)add_item(b, &t, SEC_HEAD, -1);

	if (body) {
		gi_buf_reset(&t);
		gi_brief_text_clean(&t, body, gi_brief_text_trimmed_len(body));
		b->body_len = t.len;
		gi_brief_text_fence(b->fence, sizeof(b->fence), t.buf, t.len);
		b->body = gi_buf_detach(&t, NULL);
	}

	for (i = 0; i < is->nr; i++) {
		if (!is_valid(&is->rec[i]) ||
		    !gi_record_is_lesson(&is->rec[i]))
			continue;
		gi_brief_text_lesson(&t, &is->rec[i]);
		add_item(b, &t, SEC_LESSONS, -1);
	}

	find_related(&rel, is, body);
	related_items(b, r, &rel);

	for (i = 0; i < is->nr; i++) {
		if (!is_valid(&is->rec[i]) ||
		    gi_record_is_lesson(&is->rec[i]) ||
		    hidden_kind(&is->rec[i]))
			continue;
		gi_brief_text_record(&t, &is->rec[i]);
		GI_ALLOC_GROW(b->rec_order, b->nrec + 1, alloc);
		b->rec_order[b->nrec++] = add_item(b, &t, SEC_RECORDS, -1);
	}

	others_items(b, r);

	gi_buf_addf(&t, "\n_Record what you learn: `git issue-note --tried "
		    "<approach> --failed <why> --solution <what worked>` "
		    "(or `git issue-note <text>`). Before trying an approach, "
		    "look for earlier failures: `git issue-search --kind "
		    "failed <words>`. Stay within issue %s._\n",
		    gi_label(is->number));
	b->help = (long)add_item(b, &t, SEC_HELP, -1);
	gi_buf_release(&t);
}

/* ---------------------------------------------------------- choosing */

static size_t cost(const struct brief *b, const struct item *it)
{
	size_t c = it->size;

	if (!b->sec_open[it->sec])
		c += b->sec_size[it->sec];
	if (it->group >= 0 && !b->groups[it->group].open)
		c += b->groups[it->group].size;
	return c;
}

static void take(struct brief *b, struct item *it, size_t *used)
{
	*used += cost(b, it);
	b->sec_open[it->sec] = 1;
	if (it->group >= 0)
		b->groups[it->group].open = 1;
	it->chosen = 1;
}

static int take_if_fits(struct brief *b, struct item *it, size_t *used,
			size_t limit)
{
	if (*used + cost(b, it) > limit)
		return 0;
	take(b, it, used);
	return 1;
}

/* The body item for its first `len` bytes: fence, text, fence. */
static void body_text(gi_buf *out, const struct brief *b, size_t len)
{
	gi_buf_addf(out, "\n%s\n", b->fence);
	gi_buf_add(out, b->body, len);
	gi_buf_addf(out, "\n%s\n", b->fence);
}

static size_t body_size(const struct brief *b, size_t len)
{
	return measure(b, "\n") * 2 + measure(b, b->fence) * 2 +
		measure(b, "\n") * 2 +
		gi_brief_measure(b->body, len, b->opts->unit);
}

/*
 * The longest start of the body that fits in `room`: cut after a line
 * when one ends in the second half of what fits, else after the last
 * whole character.
 */
static size_t body_fit(const struct brief *b, size_t room)
{
	size_t frame = body_size(b, 0), have, i, last_nl = 0, n;

	if (body_size(b, b->body_len) <= room)
		return b->body_len;
	if (room <= frame)
		return 0;
	have = frame;
	for (i = 0; i < b->body_len; i += n) {
		n = gi_utf8_seq(b->body + i, b->body_len - i);
		if (!n)
			n = 1;
		if (have + gi_brief_measure(b->body + i, n, b->opts->unit) >
		    room)
			break;
		have += gi_brief_measure(b->body + i, n, b->opts->unit);
		if (b->body[i] == '\n')
			last_nl = i;
	}
	if (last_nl && last_nl >= i / 2)
		return last_nl;
	return i;
}

static size_t optional_total(const struct brief *b)
{
	size_t i, total = 0;
	int s, seen[SEC_NR] = { 0 };

	for (i = 0; i < b->nr; i++) {
		s = b->v[i].sec;
		if (s == SEC_HEAD || s == SEC_HELP || s == SEC_LESSONS)
			continue;
		total += b->v[i].size + (seen[s] ? 0 : b->sec_size[s]);
		seen[s] = 1;
	}
	for (i = 0; i < b->ngroups; i++)
		total += b->groups[i].size;
	return total;
}

static void reset_choice(struct brief *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		b->v[i].chosen = 0;
	for (i = 0; i < b->ngroups; i++)
		b->groups[i].open = 0;
	memset(b->sec_open, 0, sizeof(b->sec_open));
	b->body_chosen = 0;
	b->body_cut = 0;
}

/* Choose within `limit` (SIZE_MAX: everything). The lessons first. */
static size_t choose(struct brief *b, size_t limit)
{
	size_t used = 0, i, room;

	reset_choice(b);
	for (i = 0; i < b->nr; i++)
		if (b->v[i].sec == SEC_LESSONS)
			take(b, &b->v[i], &used);
	if (!take_if_fits(b, &b->v[b->head_full], &used, limit))
		take_if_fits(b, &b->v[b->head_short], &used, limit);
	take_if_fits(b, &b->v[b->help], &used, limit);
	if (b->body) {
		room = limit > used ? limit - used : 0;
		if (limit != SIZE_MAX &&
		    body_size(b, b->body_len) + optional_total(b) > room) {
			/* the body shares the room with what comes after */
			size_t others = optional_total(b), half = room / 2;

			room = others < room - half ? room - others : half;
		}
		b->body_chosen = body_fit(b, room);
		b->body_cut = b->body_chosen < b->body_len;
		if (b->body_chosen)
			used += body_size(b, b->body_chosen);
	}
	for (i = 0; i < b->nr; i++)
		if (b->v[i].sec == SEC_OTHERS)
			take_if_fits(b, &b->v[i], &used, limit);
	for (i = 0; i < b->nrel; i++)
		take_if_fits(b, &b->v[b->rel_order[i]], &used, limit);
	/* the newest records, as many as fit, none older than a gap */
	for (i = b->nrec; i-- > 0;)
		if (!take_if_fits(b, &b->v[b->rec_order[i]], &used, limit))
			break;
	return used;
}

struct left_out {
	size_t records, related, others;
	int title, body;
};

static void count_left_out(struct left_out *lo, const struct brief *b)
{
	size_t i;

	memset(lo, 0, sizeof(*lo));
	for (i = 0; i < b->nr; i++) {
		if (b->v[i].chosen)
			continue;
		if (b->v[i].sec == SEC_RECORDS)
			lo->records++;
		else if (b->v[i].sec == SEC_RELATED)
			lo->related++;
		else if (b->v[i].sec == SEC_OTHERS)
			lo->others++;
	}
	lo->title = b->is->title && !b->v[b->head_full].chosen;
	lo->body = !b->body || !b->body_cut ? 0 : b->body_chosen ? 1 : 2;
}

static int anything_left_out(const struct left_out *lo)
{
	return lo->records || lo->related || lo->others || lo->title ||
		lo->body;
}

static const char *unit_name(const struct brief *b)
{
	return b->opts->unit == GI_BRIEF_BYTES ? "bytes" : "characters";
}

static void plural(gi_buf *out, int *first, size_t n, const char *one,
		   const char *many)
{
	if (!n)
		return;
	gi_buf_addf(out, "%s%zu %s", *first ? "" : ", ", n,
		    n == 1 ? one : many);
	*first = 0;
}

static void statement(gi_buf *out, const struct brief *b,
		      const struct left_out *lo)
{
	int first = 1;

	gi_buf_addf(out, "\n_Left out for the budget of %zu %s: ",
		    b->opts->max, unit_name(b));
	plural(out, &first, lo->records, "older record", "older records");
	plural(out, &first, lo->related, "related lesson",
	       "related lessons");
	plural(out, &first, lo->others, "line on others at work",
	       "lines on others at work");
	if (lo->body) {
		gi_buf_addf(out, "%s%s", first ? "" : ", ", lo->body == 2 ?
			    "the body" : "the end of the body");
		first = 0;
	}
	if (lo->title)
		gi_buf_addf(out, "%sthe title", first ? "" : ", ");
	gi_buf_addf(out, ". `git issue-show %s` has it all._\n",
		    gi_issue_name(b->is->number, (char[GI_ISSUE_NAME_MAX]){ 0 }));
}

/* The longest statement this brief could need: every count at most. */
static size_t statement_bound(const struct brief *b)
{
	struct left_out lo;
	gi_buf s = GI_BUF_INIT;
	size_t i, n;

	memset(&lo, 0, sizeof(lo));
	for (i = 0; i < b->nr; i++) {
		if (b->v[i].sec == SEC_RECORDS)
			lo.records++;
		else if (b->v[i].sec == SEC_RELATED)
			lo.related++;
		else if (b->v[i].sec == SEC_OTHERS)
			lo.others++;
	}
	/* 2 and more for plurals, never fewer digits than the real one */
	lo.records = lo.records < 2 ? 2 : lo.records;
	lo.related = lo.related < 2 ? 2 : lo.related;
	lo.others = lo.others < 2 ? 2 : lo.others;
	lo.title = 1;
	lo.body = 1;	/* the longer of the two wordings */
	statement(&s, b, &lo);
	n = measure(b, s.buf);
	gi_buf_release(&s);
	return n;
}

/* ---------------------------------------------------------- printing */

static void print_section(gi_buf *out, struct brief *b, enum section sec)
{
	size_t i;
	int headed = 0, group = -1;

	for (i = 0; i < b->nr; i++) {
		struct item *it = &b->v[i];

		if (it->sec != sec || !it->chosen)
			continue;
		if (!headed && sec_heading[sec])
			gi_buf_adds(out, sec_heading[sec]);
		headed = 1;
		if (it->group >= 0 && it->group != group) {
			gi_buf_adds(out, b->groups[it->group].heading);
			group = it->group;
		}
		gi_buf_adds(out, it->text);
	}
}

static void print_brief(gi_buf *out, struct brief *b)
{
	print_section(out, b, SEC_HEAD);
	if (b->body_chosen)
		body_text(out, b, b->body_chosen);
	print_section(out, b, SEC_LESSONS);
	print_section(out, b, SEC_RELATED);
	print_section(out, b, SEC_RECORDS);
	print_section(out, b, SEC_OTHERS);
	print_section(out, b, SEC_HELP);
}

static void release_brief(struct brief *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		free(b->v[i].text);
	for (i = 0; i < b->ngroups; i++)
		free(b->groups[i].heading);
	free(b->v);
	free(b->groups);
	free(b->rel_order);
	free(b->rec_order);
	free(b->body);
}

int gi_brief(gi_buf *out, struct gi_repo *r, const struct gi_issue *is,
	     const struct gi_brief_opts *opts)
{
	struct brief b;
	struct left_out lo;
	size_t lessons = 0, i, max = opts->max, bound;

	memset(&b, 0, sizeof(b));
	b.opts = opts;
	b.is = is;
	make_items(&b, r);

	for (i = 0; i < b.nr; i++)
		if (b.v[i].sec == SEC_LESSONS)
			lessons += b.v[i].size;
	if (lessons)
		lessons += b.sec_size[SEC_LESSONS];

	if (!max) {
		choose(&b, SIZE_MAX);
		print_brief(out, &b);
	} else if (lessons > max) {
		/* the lessons alone: say so first, and show nothing else */
		reset_choice(&b);
		b.v[b.head_full].chosen = 1;
		for (i = 0; i < b.nr; i++)
			if (b.v[i].sec == SEC_LESSONS)
				b.v[i].chosen = 1;
		gi_buf_addf(out, "_The lessons of issue %s alone take %zu "
			    "%s, more than the %zu allowed: they are never "
			    "cut, so nothing else is shown. `git issue-show "
			    "%s` has the rest._\n\n", gi_label(is->number),
			    lessons, unit_name(&b), max,
			    gi_issue_name(is->number,
					  (char[GI_ISSUE_NAME_MAX]){ 0 }));
		print_brief(out, &b);
	} else {
		choose(&b, max);
		count_left_out(&lo, &b);
		bound = statement_bound(&b);
		if (anything_left_out(&lo) && bound <= max - lessons) {
			/* again, keeping room to say what was left out */
			choose(&b, max - bound);
			count_left_out(&lo, &b);
		} else if (anything_left_out(&lo)) {
			/* a budget too small even for saying so */
			memset(&lo, 0, sizeof(lo));
		}
		print_brief(out, &b);
		if (anything_left_out(&lo))
			statement(out, &b, &lo);
	}
	release_brief(&b);
	return b.read_failed ? -1 : 0;
}
