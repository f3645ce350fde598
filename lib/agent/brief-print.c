/*
 * brief-print.c: the brief as chosen, the statement of what it left out
 * with the one command that shows it, and what that command prints: the
 * same choice, printed the other way round (brief-parts.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/brief-print.h"

const char *const gi_brief_sec_heading[SEC_NR] = {
	[SEC_BLOCKED] = "\n**Blockers, all closed:**\n\n",
	[SEC_LESSONS] = "\n## Lessons\n\n",
	[SEC_RELATED] = "\n## Lessons of related issues\n",
	[SEC_RECORDS] = "\n## Recent records\n\n",
	[SEC_OTHERS] = "\n## Who else is working on what\n\n",
};

static const char *form_text(const struct item *it, enum form f)
{
	return f == FORM_LINE && it->line ? it->line : it->full;
}

/* Was `it` left out, or cut to its line? */
static int left(const struct item *it)
{
	return it->chosen == FORM_NONE || (it->chosen == FORM_LINE && it->line);
}

static void print_section(gi_buf *out, const struct brief *b,
			  enum section sec)
{
	size_t i;
	int headed = 0, group = -1;

	for (i = 0; i < b->nr; i++) {
		const struct item *it = &b->v[i];

		if (it->sec != sec || it->chosen == FORM_NONE)
			continue;
		if (!headed && b->heading[sec])
			gi_buf_adds(out, b->heading[sec]);
		headed = 1;
		if (it->group >= 0 && it->group != group) {
			gi_buf_adds(out, b->groups[it->group].heading);
			group = it->group;
		}
		gi_buf_adds(out, form_text(it, it->chosen));
	}
}

static void print_body(gi_buf *out, const struct brief *b)
{
	size_t i;

	if (!b->body.chosen && !b->body.part)
		return;
	gi_buf_adds(out, b->body.intro);
	for (i = 0; i < b->body.chosen; i++)
		gi_buf_adds(out, b->body.lines[i]);
	if (b->body.part)
		gi_buf_adds(out, b->body.part);
	if (b->body.chosen < b->body.nr)
		gi_buf_adds(out, "> \xe2\x80\xa6\n");
}

void gi_brief_print(gi_buf *out, const struct brief *b,
		    const struct left_out *lo, int with_statement)
{
	print_section(out, b, SEC_HEAD);
	print_section(out, b, SEC_BLOCKED);
	print_body(out, b);
	print_section(out, b, SEC_LESSONS);
	print_section(out, b, SEC_RELATED);
	print_section(out, b, SEC_RECORDS);
	print_section(out, b, SEC_OTHERS);
	print_section(out, b, SEC_HELP);
	if (with_statement)
		gi_brief_statement(out, b, lo);
}

/* ------------------------------------------------------ the statement */

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

/* `git issue-show <n> --left-out=<notes> [--max-...=<n>]` */
static void command(gi_buf *out, const struct brief *b)
{
	char name[GI_ISSUE_NAME_MAX], hex[13];

	gi_buf_addf(out, "git issue-show %s --left-out",
		    gi_issue_name(b->is->number, name));
	if (b->has_notes) {
		git_oid_tostr(hex, sizeof(hex), &b->notes);
		gi_buf_addf(out, "=%s", hex);
	}
	if (b->opts->unit == GI_BRIEF_BYTES)
		gi_buf_addf(out, " --max-bytes=%zu", b->opts->max);
	else if (!b->opts->default_budget)
		gi_buf_addf(out, " --max-chars=%zu", b->opts->max);
}

void gi_brief_statement(gi_buf *out, const struct brief *b,
			const struct left_out *lo)
{
	int first = 1;

	gi_buf_addf(out, "\n_Left out for the budget of %zu %s: ",
		    b->opts->max, unit_name(b));
	plural(out, &first, lo->blocked, "blocker", "blockers");
	if (lo->body) {
		gi_buf_addf(out, "%s%s", first ? "" : ", ", lo->body == 2 ?
			    "the body" : "the end of the body");
		first = 0;
	}
	plural(out, &first, lo->lessons_line, "lesson cut to a line",
	       "lessons cut to a line");
	plural(out, &first, lo->lessons, "lesson", "lessons");
	plural(out, &first, lo->related_line,
	       "lesson of a related issue cut to a line",
	       "lessons of related issues cut to a line");
	plural(out, &first, lo->related, "lesson of a related issue",
	       "lessons of related issues");
	plural(out, &first, lo->unread, "related issue not read",
	       "related issues not read");
	plural(out, &first, lo->records_line, "record cut to a line",
	       "records cut to a line");
	plural(out, &first, lo->records, "older record", "older records");
	plural(out, &first, lo->others, "line on others at work",
	       "lines on others at work");
	if (lo->title)
		gi_buf_addf(out, "%sthe title", first ? "" : ", ");
	gi_buf_adds(out, ". All of it, whole: `");
	command(out, b);
	gi_buf_adds(out, "`._\n");
}

/* ---------------------------------------------------------- --left-out */

static int print_left(gi_buf *out, struct brief *b, enum section sec,
		      int group, const char *heading)
{
	size_t i;
	int n = 0;

	for (i = 0; i < b->nr; i++) {
		struct item *it = &b->v[i];

		if (it->sec != sec || !left(it) ||
		    (group >= 0 && it->group != group))
			continue;
		if (!n++ && heading)
			gi_buf_adds(out, heading);
		gi_brief_make(b, it);
		gi_buf_adds(out, it->full);
	}
	return n;
}

static void left_body(gi_buf *out, const struct brief *b,
		      const struct left_out *lo)
{
	size_t i;

	if (!lo->body)
		return;
	if (lo->body == 2 || b->body.part) {
		gi_buf_adds(out, "\n## The body\n");
		gi_buf_adds(out, b->body.intro);
		i = 0;
	} else {
		gi_buf_addf(out, "\n## The body, from its line %zu\n\n",
			    b->body.chosen + 1);
		i = b->body.chosen;
	}
	for (; i < b->body.nr; i++)
		gi_buf_adds(out, b->body.lines[i]);
}

static void left_related(gi_buf *out, struct brief *b, struct gi_repo *r)
{
	size_t g;
	int headed = 0;

	for (g = 0; g < b->ngroups; g++) {
		size_t before = out->len;

		if (!b->groups[g].read && r &&
		    gi_brief_read_group(b, r, (int)g) < 0)
			b->read_failed = 1;
		if (!headed)
			gi_buf_adds(out, b->heading[SEC_RELATED]);
		if (print_left(out, b, SEC_RELATED, (int)g,
			       b->groups[g].heading)) {
			headed = 1;
			continue;
		}
		gi_buf_setlen(out, before);
	}
}

void gi_brief_print_left_out(gi_buf *out, struct brief *b,
			     struct gi_repo *r, const struct left_out *lo)
{
	char hex[13] = "";

	if (b->has_notes)
		git_oid_tostr(hex, sizeof(hex), &b->notes);
	gi_buf_addf(out, "# Left out of the brief of issue %s\n\n_",
		    gi_label(b->is->number));
	if (b->opts->max)
		gi_buf_addf(out, "Its budget: %zu %s", b->opts->max,
			    unit_name(b));
	else
		gi_buf_adds(out, "It had no budget");
	if (*hex)
		gi_buf_addf(out, "; made from the notes at %s", hex);
	gi_buf_adds(out, ". What it left out or cut to a line follows, "
		    "whole._\n");
	if (lo->title)
		gi_buf_addf(out, "\n%s", b->v[b->head_full].full);
	print_left(out, b, SEC_BLOCKED, -1, "\n## Blocked by\n\n");
	left_body(out, b, lo);
	print_left(out, b, SEC_LESSONS, -1, b->heading[SEC_LESSONS]);
	left_related(out, b, r);
	print_left(out, b, SEC_RECORDS, -1, "\n## Older records\n\n");
	print_left(out, b, SEC_OTHERS, -1, b->heading[SEC_OTHERS]);
	if (!lo->title && !lo->blocked && !lo->body && !lo->lessons_line &&
	    !lo->lessons && !lo->related_line && !lo->related && !lo->unread &&
	    !lo->records_line && !lo->records && !lo->others)
		gi_buf_adds(out, "\n_Nothing was left out._\n");
}
