/*
 * brief-budget.c: what of the brief fits its budget (brief-parts.h).
 *
 * The order, and why (Documentation/design.md, "The budget"):
 *
 * 1. The heading (number, title, state), the last line (how to record,
 *    search, create), and what blocks the issue: a few lines that every
 *    agent needs before anything else.
 * 2. The head of the body, the problem statement: a quarter of the room
 *    at most while anything else is waiting, cut after a line.
 * 3. The lessons, newest first (the newest say what the code is
 *    now): whole while the whole ones take at most three fifths of the
 *    room the lessons may use, then one line each, newest first, until
 *    they no longer fit; when every lesson fits on its line, lines become
 *    whole again, newest first, while they fit.
 * 4. The lessons of related issues, in the order of related.h (what
 *    blocks it and its parent first), the same way, half of their room
 *    whole.
 * 5. The newest other records, whole or on one line, none older than
 *    one left out.
 * 6. Who else works on what.
 *
 * A later part is never starved by an earlier one: parts 4, 5 and 6 keep
 * a floor of 15, 8 and 5 percent of the room (or what their lines need,
 * when less), which the parts before them cannot take. Room left at the
 * end goes to the rest of the body. When anything was left out, the
 * choice is made again with room kept for the statement that says what,
 * and how to see it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/brief-budget.h"
#include "agent/brief-print.h"
#include "gitissue/util/utf8.h"

/* The floors of the later parts, in percent of the room. */
static const unsigned floor_pct[SEC_NR] = {
	[SEC_RELATED] = 15,
	[SEC_RECORDS] = 8,
	[SEC_OTHERS] = 5,
};

static size_t form_size(struct brief *b, struct item *it, enum form f)
{
	gi_brief_make(b, it);
	if (f == FORM_LINE && it->line)
		return it->line_size;
	return it->full_size;
}

/* What taking `it` in form `f` costs now, headings included. */
static size_t cost(struct brief *b, struct item *it, enum form f)
{
	size_t c = form_size(b, it, f);

	if (it->chosen != FORM_NONE)	/* an upgrade */
		return c > form_size(b, it, it->chosen) ?
			c - form_size(b, it, it->chosen) : 0;
	if (!b->sec_open[it->sec])
		c += b->sec_size[it->sec];
	if (it->group >= 0 && !b->groups[it->group].open)
		c += b->groups[it->group].size;
	return c;
}

static int take(struct brief *b, struct item *it, enum form f, size_t *used,
		size_t limit)
{
	size_t c = cost(b, it, f);

	if (*used + c > limit)
		return 0;
	*used += c;
	b->sec_open[it->sec] = 1;
	if (it->group >= 0)
		b->groups[it->group].open = 1;
	it->chosen = f;
	return 1;
}

static size_t pct(size_t room, unsigned p)
{
	return room / 100 * p + room % 100 * p / 100;
}

/*
 * The floor a part keeps: its percent of the room, less what of it the
 * part could not use: its items on their lines in the order it takes
 * them (records newest first), headings included, while they fit. A
 * floor too small for the first item is none.
 */
static size_t floor_of(struct brief *b, enum section sec, size_t room)
{
	size_t share = pct(room, floor_pct[sec]), total = 0, k, i, c;
	int *seen = gi_xcalloc(b->ngroups + 1, sizeof(int)), headed = 0;

	for (k = 0; k < b->nr; k++) {
		struct item *it;

		i = sec == SEC_RECORDS ? b->nr - 1 - k : k;
		it = &b->v[i];
		if (it->sec != sec)
			continue;
		c = form_size(b, it, FORM_LINE) +
			(headed ? 0 : b->sec_size[sec]);
		if (it->group >= 0 && !seen[it->group])
			c += b->groups[it->group].size;
		if (total + c > share)
			break;
		total += c;
		headed = 1;
		if (it->group >= 0)
			seen[it->group] = 1;
	}
	free(seen);
	return total;
}

/*
 * Lessons (or related lessons) within `cap`: whole, newest first, while
 * the whole ones stay within `whole_pct` of the room; then one line each
 * until one does not fit; then, when all are in, lines made whole again.
 */
static void lessons_part(struct brief *b, enum section sec, size_t *used,
			 size_t cap, unsigned whole_pct)
{
	size_t i, whole_room = pct(cap > *used ? cap - *used : 0, whole_pct);
	size_t whole_cap = *used + whole_room;
	int all = 1;

	/* whole ones until one does not fit: one too big to be whole in
	 * this room at all (a 50 KB lesson) goes on its line, the next may
	 * still be whole */
	for (i = 0; i < b->nr; i++) {
		struct item *it = &b->v[i];

		if (it->sec != sec || take(b, it, FORM_FULL, used, whole_cap))
			continue;
		if (form_size(b, it, FORM_FULL) > whole_room / 2)
			continue;
		break;
	}
	for (i = 0; i < b->nr; i++) {
		struct item *it = &b->v[i];

		if (it->sec != sec || it->chosen != FORM_NONE)
			continue;
		if (!take(b, it, FORM_LINE, used, cap)) {
			all = 0;
			break;
		}
	}
	for (i = 0; all && i < b->nr; i++)
		if (b->v[i].sec == sec && b->v[i].chosen == FORM_LINE &&
		    b->v[i].line)
			take(b, &b->v[i], FORM_FULL, used, cap);
}

/* The newest records, whole or on a line, none older than a gap. */
static void records_part(struct brief *b, size_t *used, size_t cap)
{
	size_t i;

	for (i = b->nr; i-- > 0;) {
		struct item *it = &b->v[i];

		if (it->sec != SEC_RECORDS)
			continue;
		if (!take(b, it, FORM_FULL, used, cap) &&
		    !take(b, it, FORM_LINE, used, cap))
			break;
	}
}

/* ------------------------------------------------------------ the body */

static const char body_cut_mark[] = "> \xe2\x80\xa6\n";

/* The body's size with its first `k` lines, and the mark when cut. */
static size_t body_size(const struct brief *b, size_t k, size_t part)
{
	size_t i, n = b->body.intro_size + part;

	for (i = 0; i < k; i++)
		n += b->body.sizes[i];
	if (k < b->body.nr)
		n += gi_brief_size(b, body_cut_mark);
	return n;
}

/* As much of the body as fits in `room`: whole lines, or when not one
 * fits, the start of the first. @return its size, 0 for none. */
static size_t body_fit(struct brief *b, size_t room)
{
	const char *first;
	size_t k = 0, n, cut;
	gi_buf t = GI_BUF_INIT;

	free(b->body.part);
	b->body.part = NULL;
	b->body.part_size = 0;
	b->body.chosen = 0;
	if (!b->body.nr || body_size(b, 0, 0) > room)
		return 0;
	while (k < b->body.nr && body_size(b, k + 1, 0) <= room)
		k++;
	b->body.chosen = k;
	if (k)
		return body_size(b, k, 0);
	/* not one line: as many characters of the first as fit */
	first = b->body.lines[0];
	n = strlen(first) - 1;
	cut = n;
	while (cut > 2) {
		cut = gi_utf8_cut_bytes(first, n, cut - 1);
		gi_buf_reset(&t);
		gi_buf_add(&t, first, cut);
		gi_buf_addch(&t, '\n');
		if (body_size(b, 0, gi_brief_size(b, t.buf)) <= room)
			break;
	}
	if (cut > 2) {
		b->body.part_size = gi_brief_size(b, t.buf);
		b->body.part = gi_buf_detach(&t, NULL);
	}
	gi_buf_release(&t);
	return b->body.part ? body_size(b, 0, b->body.part_size) : 0;
}

/* ---------------------------------------------------------- choosing */

static void reset_choice(struct brief *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		b->v[i].chosen = FORM_NONE;
	for (i = 0; i < b->ngroups; i++)
		b->groups[i].open = 0;
	memset(b->sec_open, 0, sizeof(b->sec_open));
	b->body.chosen = 0;
	free(b->body.part);
	b->body.part = NULL;
	b->body.part_size = 0;
}

/* The full size of a part, counted up to `bound` (what is beyond need
 * not be made). */
static size_t sec_full(struct brief *b, enum section sec, size_t bound)
{
	size_t i, n = 0;

	for (i = 0; i < b->nr && n <= bound; i++)
		if (b->v[i].sec == sec)
			n += form_size(b, &b->v[i], FORM_FULL);
	return n;
}

/* Choose within `limit` (SIZE_MAX: everything). @return the size. */
static size_t choose(struct brief *b, size_t limit)
{
	size_t used = 0, room, i, floors[SEC_NR] = { 0 }, body = 0, rest;

	reset_choice(b);
	if (b->head_full < 0 || !take(b, &b->v[b->head_full], FORM_FULL, &used,
				      limit))
		take(b, &b->v[b->head_short], FORM_FULL, &used, limit);
	take(b, &b->v[b->help], FORM_FULL, &used, limit);
	for (i = 0; i < b->nr; i++)
		if (b->v[i].sec == SEC_BLOCKED)
			take(b, &b->v[i], FORM_FULL, &used, limit);
	room = limit > used ? limit - used : 0;
	floors[SEC_RELATED] = floor_of(b, SEC_RELATED, room);
	floors[SEC_RECORDS] = floor_of(b, SEC_RECORDS, room);
	floors[SEC_OTHERS] = floor_of(b, SEC_OTHERS, room);
	rest = sec_full(b, SEC_LESSONS, room);
	if (rest <= room)
		rest += sec_full(b, SEC_RELATED, room);
	if (rest <= room)
		rest += sec_full(b, SEC_RECORDS, room);
	if (rest <= room)
		rest += sec_full(b, SEC_OTHERS, room);
	if (b->body.nr) {
		size_t whole = body_size(b, b->body.nr, 0);

		body = limit == SIZE_MAX || whole + rest <= room ? room :
			pct(room, 25);
		used += body_fit(b, body);
	}
	lessons_part(b, SEC_LESSONS, &used, limit - floors[SEC_RELATED] -
		     floors[SEC_RECORDS] - floors[SEC_OTHERS], 60);
	lessons_part(b, SEC_RELATED, &used, limit - floors[SEC_RECORDS] -
		     floors[SEC_OTHERS], 50);
	records_part(b, &used, limit - floors[SEC_OTHERS]);
	for (i = 0; i < b->nr; i++)
		if (b->v[i].sec == SEC_OTHERS)
			take(b, &b->v[i], FORM_FULL, &used, limit);
	if (b->body.nr && (b->body.chosen < b->body.nr)) {
		/* what is left goes to the rest of the body */
		size_t had = b->body.part ? body_size(b, 0, b->body.part_size) :
			b->body.chosen ? body_size(b, b->body.chosen, 0) : 0;

		used -= had;
		used += body_fit(b, limit - used);
	}
	return used;
}

static void count_left_out(struct left_out *lo, const struct brief *b)
{
	size_t i;

	memset(lo, 0, sizeof(*lo));
	for (i = 0; i < b->nr; i++) {
		const struct item *it = &b->v[i];
		int line = it->chosen == FORM_LINE && it->line;
		int none = it->chosen == FORM_NONE;

		switch (it->sec) {
		case SEC_LESSONS:
			lo->lessons_line += line;
			lo->lessons += none;
			break;
		case SEC_RELATED:
			lo->related_line += line;
			lo->related += none;
			break;
		case SEC_RECORDS:
			lo->records_line += line;
			lo->records += none;
			break;
		case SEC_OTHERS:
			lo->others += none;
			break;
		case SEC_BLOCKED:
			lo->blocked += none;
			break;
		default:
			break;
		}
	}
	lo->unread = b->unread_related;
	lo->title = b->is->title && b->head_full >= 0 &&
		b->v[b->head_full].chosen == FORM_NONE;
	if (b->body.nr && b->body.chosen < b->body.nr)
		lo->body = b->body.chosen || b->body.part ? 1 : 2;
}

static int anything(const struct left_out *lo)
{
	return lo->lessons_line || lo->lessons || lo->related_line ||
		lo->related || lo->unread || lo->records_line ||
		lo->records || lo->others ||
		lo->blocked || lo->title || lo->body;
}

/* The longest statement this brief could need: every count at most. */
static size_t statement_bound(const struct brief *b)
{
	struct left_out lo;
	gi_buf s = GI_BUF_INIT;
	size_t i, n;

	memset(&lo, 0, sizeof(lo));
	for (i = 0; i < b->nr; i++) {
		switch (b->v[i].sec) {
		case SEC_LESSONS:
			lo.lessons++;
			break;
		case SEC_RELATED:
			lo.related++;
			break;
		case SEC_RECORDS:
			lo.records++;
			break;
		case SEC_OTHERS:
			lo.others++;
			break;
		case SEC_BLOCKED:
			lo.blocked++;
			break;
		default:
			break;
		}
	}
	/* 2 and more for plurals, never fewer digits than the real one */
	lo.lessons_line = lo.lessons = lo.lessons < 2 ? 2 : lo.lessons;
	lo.related_line = lo.related = lo.related < 2 ? 2 : lo.related;
	lo.records_line = lo.records = lo.records < 2 ? 2 : lo.records;
	lo.others = lo.others < 2 ? 2 : lo.others;
	lo.blocked = lo.blocked < 2 ? 2 : lo.blocked;
	lo.unread = b->unread_related < 2 ? 2 : b->unread_related;
	lo.title = 1;
	lo.body = 1;	/* the longer of the two wordings */
	gi_brief_statement(&s, b, &lo);
	n = gi_brief_size(b, s.buf);
	gi_buf_release(&s);
	return n;
}

static size_t statement_size(const struct brief *b,
			     const struct left_out *lo)
{
	gi_buf s = GI_BUF_INIT;
	size_t n;

	gi_brief_statement(&s, b, lo);
	n = gi_brief_size(b, s.buf);
	gi_buf_release(&s);
	return n;
}

int gi_brief_choose(struct brief *b, struct left_out *lo)
{
	size_t max = b->opts->max, bound, said, used;

	if (!max) {
		choose(b, SIZE_MAX);
		count_left_out(lo, b);
		return 0;
	}
	choose(b, max);
	count_left_out(lo, b);
	if (!anything(lo))
		return 0;
	bound = statement_bound(b);
	if (bound > max) {
		/* too small even for saying so: the budget wins */
		return 0;
	}
	/*
	 * Again, keeping room for the longest statement this brief could
	 * need; then once more with room for the statement it does need,
	 * kept only when that statement still fits.
	 */
	choose(b, max - bound);
	count_left_out(lo, b);
	said = statement_size(b, lo);
	if (said < bound) {
		used = choose(b, max - said);
		count_left_out(lo, b);
		if (used + statement_size(b, lo) > max) {
			choose(b, max - bound);
			count_left_out(lo, b);
		}
	}
	return anything(lo);
}
