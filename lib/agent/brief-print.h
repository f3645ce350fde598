/*
 * brief-print.h: the brief as chosen, the statement of what it left out,
 * and what --left-out prints (brief-print.c).
 */
#ifndef AGENT_BRIEF_PRINT_H
#define AGENT_BRIEF_PRINT_H

#include "agent/brief-budget.h"

/** The brief as chosen, and the statement when `with_statement`. */
void gi_brief_print(gi_buf *out, const struct brief *b,
		    const struct left_out *lo, int with_statement);
/** The statement of what was left out, and the command that shows it. */
void gi_brief_statement(gi_buf *out, const struct brief *b,
			const struct left_out *lo);
/** Everything that was shortened or left out, whole (--left-out). */
void gi_brief_print_left_out(gi_buf *out, struct brief *b,
			     struct gi_repo *r, const struct left_out *lo);

#endif
