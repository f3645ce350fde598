/*
 * brief.c: the brief an agent reads at the start of a session (brief.h):
 * its parts made as items (brief-parts.h), each measured in the budget's
 * unit, in two forms where a form of one line can stand for the whole;
 * brief-budget.c chooses what fits and brief-print.c prints it.
 *
 * Everything is read from one notes commit (the tip when the brief
 * starts, or the one `--left-out=<commit>` names), so that the brief and
 * what it left out are made from the same records.
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
#include "gitissue/core/store.h"
#include "gitissue/util/utf8.h"
#include "gitissue/worktree/landed.h"
#include "agent/brief-parts.h"
#include "agent/brief-print.h"
#include "agent/brief-text.h"
#include "worktree/claim.h"
#include "worktree/worktree.h"

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

size_t gi_brief_size(const struct brief *b, const char *s)
{
	return gi_brief_measure(s, strlen(s), b->opts->unit);
}

/* An item of one form (its line form is itself). */
static size_t add_item(struct brief *b, gi_buf *text, enum section sec,
		       int group)
{
	struct item *it;

	GI_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	it = &b->v[b->nr];
	memset(it, 0, sizeof(*it));
	it->full_size = gi_brief_measure(text->buf, text->len, b->opts->unit);
	it->full = gi_buf_detach(text, NULL);
	it->sec = sec;
	it->group = group;
	return b->nr++;
}

static int add_group(struct brief *b, gi_buf *heading, long issue,
		     enum gi_related_why why)
{
	struct group *g;

	GI_ALLOC_GROW(b->groups, b->ngroups + 1, b->galloc);
	g = &b->groups[b->ngroups];
	memset(g, 0, sizeof(*g));
	g->size = gi_brief_measure(heading->buf, heading->len, b->opts->unit);
	g->heading = gi_buf_detach(heading, NULL);
	g->issue = issue;
	g->why = why;
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

static const git_oid *notes_of(const struct brief *b)
{
	return b->has_notes ? &b->notes : NULL;
}

/* ------------------------------------------------------ the blockers */

/*
 * "open; claimed by A U Thor, on branch issue/7-x (since ...)"; 1 when
 * the blocker blocks no more (closed, or its branch merged: landed.h).
 */
static int blocker_state(gi_buf *t, struct brief *b, struct gi_repo *r,
			 const struct gi_issue *bl)
{
	struct gi_claim_list claims = { NULL, 0, 0 };
	const char *word = gi_states_word(b->states, bl);
	char *clone = NULL;
	size_t i;

	gi_buf_addf(t, ": %s", word);
	if (!strcmp(word, "closed") || !strcmp(word, "merged"))
		return 1;
	gi_claims_open(&claims, bl);
	if (claims.nr && gi_clone_id(&clone, r, 0) < 0)
		clone = NULL;
	for (i = 0; i < claims.nr; i++) {
		const struct gi_claim *c = &claims.v[i];

		gi_buf_adds(t, i ? "; and by " : "; claimed by ");
		gi_add_author_name(t, c->author);
		if (!gi_claim_is_ours(c, clone)) {
			gi_buf_adds(t, ", in another clone");
		} else if (c->branch) {
			gi_buf_adds(t, ", on branch ");
			gi_brief_text_clean_line(t, c->branch);
		}
		if (c->time) {
			gi_buf_adds(t, " (since ");
			gi_brief_text_time(t, c->time);
			gi_buf_addch(t, ')');
		}
	}
	if (!claims.nr)
		gi_buf_adds(t, "; nobody has claimed it");
	gi_claim_list_release(&claims);
	free(clone);
	return 0;
}

/* One line on a blocker; `bl` NULL when its note could not be read. */
static void blocked_item(struct brief *b, struct gi_repo *r, long n,
			 const struct gi_issue *bl)
{
	gi_buf t = GI_BUF_INIT;
	int done = 0;

	gi_buf_addf(&t, "- %s", gi_label(n));
	if (bl && bl->title) {
		gi_buf_addch(&t, ' ');
		gi_brief_text_clean_line(&t, bl->title);
	}
	if (bl)
		done = blocker_state(&t, b, r, bl);
	else
		gi_buf_adds(&t, ": its notes could not be read");
	gi_buf_addch(&t, '\n');
	add_item(b, &t, SEC_BLOCKED, -1);
	if (!done)
		b->heading[SEC_BLOCKED] = "\n**Blocked by:**\n\n";
}

/* ------------------------------------------------------------ the body */

static void make_body(struct brief *b)
{
	const char *text = gi_issue_body(b->is);
	const struct gi_record *rec = gi_issue_body_record(b->is);
	gi_buf t = GI_BUF_INIT, q = GI_BUF_INIT;
	const char *p, *end;
	size_t alloc = 0, salloc = 0;

	if (!text)
		return;
	gi_buf_adds(&t, "\n_The body");
	if (rec && rec->author) {
		gi_buf_adds(&t, ", by ");
		gi_add_author_name(&t, rec->author);
	} else if (rec && cJSON_GetObjectItemCaseSensitive(rec->json,
							   "github_issue")) {
		gi_buf_adds(&t, ", from GitHub");
	}
	gi_buf_adds(&t, ":_\n\n");
	b->body.intro_size = gi_brief_measure(t.buf, t.len, b->opts->unit);
	b->body.intro = gi_buf_detach(&t, NULL);
	gi_brief_text_quote(&q, "", text, gi_brief_text_trimmed_len(text));
	for (p = q.buf, end = q.buf + q.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)(nl - p) + 1;

		GI_ALLOC_GROW(b->body.lines, b->body.nr + 1, alloc);
		GI_ALLOC_GROW(b->body.sizes, b->body.nr + 1, salloc);
		b->body.lines[b->body.nr] = gi_xstrndup(p, n);
		b->body.sizes[b->body.nr++] = gi_brief_measure(p, n,
							       b->opts->unit);
		p += n;
	}
	gi_buf_release(&q);
}

/* ------------------------------------------------------------ lessons */

/* A lesson or a record, made when first measured (gi_brief_make). */
static void lazy_item(struct brief *b, const struct gi_record *rec,
		      enum section sec, int group)
{
	struct item *it;

	GI_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
	it = &b->v[b->nr++];
	memset(it, 0, sizeof(*it));
	it->rec = rec;
	it->sec = sec;
	it->group = group;
}

void gi_brief_make(struct brief *b, struct item *it)
{
	gi_buf full = GI_BUF_INIT, line = GI_BUF_INIT;
	int same;

	if (it->made || !it->rec)
		return;
	it->made = 1;
	if (it->sec == SEC_RECORDS) {
		gi_brief_text_record(&full, it->rec);
		same = gi_brief_text_record_line(&line, it->rec);
	} else {
		gi_brief_text_lesson(&full, it->rec);
		same = gi_brief_text_lesson_line(&line, it->rec);
	}
	it->full_size = gi_brief_measure(full.buf, full.len, b->opts->unit);
	it->full = gi_buf_detach(&full, NULL);
	if (!same) {
		it->line_size = gi_brief_measure(line.buf, line.len,
						 b->opts->unit);
		it->line = gi_buf_detach(&line, NULL);
	}
	gi_buf_release(&line);
}

static void lesson_item(struct brief *b, const struct gi_record *rec,
			enum section sec, int group)
{
	lazy_item(b, rec, sec, group);
}

/* Keep a related issue loaded as long as the brief: its items point
 * into it. */
static void keep(struct brief *b, struct gi_issue *is)
{
	GI_ALLOC_GROW(b->loaded, b->nloaded + 1, b->loaded_alloc);
	b->loaded[b->nloaded++] = *is;
}

/* The lessons of `is`, newest first. */
static void lesson_items(struct brief *b, const struct gi_issue *is,
			 enum section sec, int group)
{
	size_t i;

	for (i = is->nr; i-- > 0;)
		if (is_valid(&is->rec[i]) && gi_record_is_lesson(&is->rec[i]))
			lesson_item(b, &is->rec[i], sec, group);
}

/* ------------------------------------------------------------ related */

/* "### #7: title (mentioned, open)"; `state` NULL when not read */
static int related_group(struct brief *b, const struct gi_related_issue *ri,
			 const char *title, const char *state)
{
	gi_buf t = GI_BUF_INIT;

	gi_buf_addf(&t, "\n### %s", gi_label(ri->issue));
	if (title) {
		gi_buf_adds(&t, ": ");
		gi_brief_text_clean_line(&t, title);
	}
	gi_buf_addf(&t, " (%s", gi_related_why_name(ri->why));
	if (state)
		gi_buf_addf(&t, ", %s", state);
	gi_buf_adds(&t, ")\n\n");
	return add_group(b, &t, ri->issue, ri->why);
}

int gi_brief_read_group(struct brief *b, struct gi_repo *r, int g)
{
	struct gi_issue ris;

	if (gi_issue_load(&ris, r, notes_of(b), b->groups[g].issue) < 0)
		return -1;
	keep(b, &ris);
	lesson_items(b, &b->loaded[b->nloaded - 1], SEC_RELATED, g);
	b->groups[g].read = 1;
	return 0;
}

/*
 * A relation that blocks nothing and would not show without lessons
 * (discovered-from, either side): the head of the other issue's body,
 * quoted, so each brief says what the other is about.
 */
static void origin_item(struct brief *b, int g, const struct gi_issue *o)
{
	const char *text = gi_issue_body(o);
	gi_buf t = GI_BUF_INIT;
	char *first;

	if (!text) {
		gi_buf_adds(&t, "_No body yet._\n");
	} else {
		first = gi_xstrndup(text, strcspn(text, "\r\n"));
		gi_buf_adds(&t, "> ");
		gi_brief_text_cut_line(&t, first, GI_BRIEF_LINE_MAX);
		gi_buf_addch(&t, '\n');
		free(first);
	}
	add_item(b, &t, SEC_RELATED, g);
}

/*
 * The related issues: every blocker is read (its state is said), the
 * others up to GI_BRIEF_MAX_RELATED in all; those beyond get a group
 * with no items, read only for --left-out.
 */
static void related_items(struct brief *b, struct gi_repo *r)
{
	struct gi_related rel;
	struct gi_issue ris;
	size_t i, nread = 0;
	int g;

	if (gi_related_find(&rel, r, notes_of(b), b->is) < 0 || rel.unread)
		b->read_failed = 1;
	for (i = 0; i < rel.nr; i++) {
		const struct gi_related_issue *ri = &rel.v[i];
		int blocker = ri->why == GI_RELATED_BLOCKER;

		if (!blocker && nread >= GI_BRIEF_MAX_RELATED) {
			related_group(b, ri, NULL, NULL);
			b->unread_related++;
			continue;
		}
		nread++;
		if (gi_issue_load(&ris, r, notes_of(b), ri->issue) < 0) {
			b->read_failed = 1;
			if (blocker)
				blocked_item(b, r, ri->issue, NULL);
			continue;
		}
		if (blocker)
			blocked_item(b, r, ri->issue, &ris);
		g = related_group(b, ri, ris.title,
				  gi_states_word(b->states, &ris));
		b->groups[g].read = 1;
		keep(b, &ris);
		if (ri->why == GI_RELATED_ORIGIN ||
		    ri->why == GI_RELATED_DISCOVERED)
			origin_item(b, g, &b->loaded[b->nloaded - 1]);
		lesson_items(b, &b->loaded[b->nloaded - 1], SEC_RELATED, g);
	}
	gi_related_release(&rel);
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
		gi_add_author_name(&t, author);
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
		gi_buf_adds(&t, " (since ");
		gi_brief_text_time(&t, time);
		gi_buf_addch(&t, ')');
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
		gi_claim_census_bare(&cs, r, &list, b->is);
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

static void head_items(struct brief *b)
{
	const struct gi_issue *is = b->is;
	gi_buf t = GI_BUF_INIT;

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
}

/* The newest records that are neither lessons nor the plan's, in time
 * order (chosen from the end). */
static void record_items(struct brief *b)
{
	const struct gi_issue *is = b->is;
	size_t i;

	for (i = 0; i < is->nr; i++) {
		if (!is_valid(&is->rec[i]) ||
		    gi_record_is_lesson(&is->rec[i]) ||
		    hidden_kind(&is->rec[i]))
			continue;
		lazy_item(b, &is->rec[i], SEC_RECORDS, -1);
	}
}

/* The last line: what every agent in a worktree should know how to do. */
static void help_item(struct brief *b)
{
	gi_buf t = GI_BUF_INIT;
	const char *n = gi_label(b->is->number);

	gi_buf_addf(&t, "\n_Record what you learn: `git issue-note --tried "
		    "<approach> --failed <why> --solution <what worked>`. "
		    "Earlier failures: `git issue-search --kind failed "
		    "<words>`. A follow-up found here: `git issue-new <title> "
		    "--discovered-from %s -m \"...\"`; a step of a roadmap: "
		    "`--parent <n>`, `--blocked-by <n>`. Stay within issue "
		    "%s._\n", n, n);
	b->help = (long)add_item(b, &t, SEC_HELP, -1);
}

static void make_items(struct brief *b, struct gi_repo *r)
{
	int s;

	for (s = 0; s < SEC_NR; s++)
		b->heading[s] = gi_brief_sec_heading[s];
	b->head_full = b->head_short = b->help = -1;
	head_items(b);
	make_body(b);
	lesson_items(b, b->is, SEC_LESSONS, -1);
	if (r)
		related_items(b, r);
	record_items(b);
	if (r)
		others_items(b, r);
	help_item(b);
	for (s = 0; s < SEC_NR; s++)
		b->sec_size[s] = b->heading[s] ? gi_brief_size(b, b->heading[s]) : 0;
}

static void release_brief(struct brief *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++) {
		free(b->v[i].full);
		free(b->v[i].line);
	}
	for (i = 0; i < b->ngroups; i++)
		free(b->groups[i].heading);
	for (i = 0; i < b->body.nr; i++)
		free(b->body.lines[i]);
	for (i = 0; i < b->nloaded; i++)
		gi_issue_release(&b->loaded[i]);
	free(b->loaded);
	free(b->v);
	free(b->groups);
	free(b->body.intro);
	free(b->body.lines);
	free(b->body.sizes);
	free(b->body.part);
	gi_states_free(b->states);
}

int gi_brief(gi_buf *out, struct gi_repo *r, const struct gi_issue *is,
	     const struct gi_brief_opts *opts)
{
	struct brief b;
	struct left_out lo;
	int statement;

	memset(&b, 0, sizeof(b));
	b.opts = opts;
	b.is = is;
	b.states = r ? gi_states_new(r) : NULL;
	if (opts->notes) {
		git_oid_cpy(&b.notes, opts->notes);
		b.has_notes = 1;
	} else if (r) {
		b.has_notes = !gi_store_tip(&b.notes, r, GI_NOTES_REF);
	}
	make_items(&b, r);
	statement = gi_brief_choose(&b, &lo);
	if (opts->left_out)
		gi_brief_print_left_out(out, &b, r, &lo);
	else
		gi_brief_print(out, &b, &lo, statement);
	release_brief(&b);
	return b.read_failed ? -1 : 0;
}
