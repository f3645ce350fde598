/*
 * brief-budget.h: what of the brief fits its budget (brief-budget.c), and
 * what was left out.
 */
#ifndef AGENT_BRIEF_BUDGET_H
#define AGENT_BRIEF_BUDGET_H

#include "agent/brief-parts.h"

/* What was shortened or left out, for the statement and --left-out. */
struct left_out {
	size_t lessons_line, lessons;	/* shortened to a line; left out */
	size_t related_line, related;
	size_t unread;			/* related issues not read */
	size_t records_line, records;
	size_t others, blocked;
	int title, body;		/* body: 1 its end, 2 all of it */
};

/**
 * Choose the items of `b` within its budget and count what was left out.
 * The output is never over the budget: when it is too small for the
 * statement of what was left out, the statement is left out too.
 * @return 1 when the statement fits and anything was left out, else 0.
 */
int gi_brief_choose(struct brief *b, struct left_out *lo);

#endif
