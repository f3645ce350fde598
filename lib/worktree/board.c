/*
 * board.c: the board as people read it (board.h):
 * one row per worktree that fits the terminal, and a few lines under it
 * for what a row cannot say in its cells.
 *
 * A row is a list of cells, one per column of `columns[]`; each column
 * knows its heading and alignment, and one (the title) takes the width
 * that is left and is cut, by display width (wide characters take two
 * columns, combining marks none), never wrapped. The agent column
 * (agent, state, age) is there only when a worktree has an agent session
 * recorded. Above the rows, what needs you (status-needs.c), one line
 * each.
 */
#include "gitissue/worktree/board.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/render.h"
#include "gitissue/util/date.h"
#include "gitissue/util/utf8.h"
#include "gitissue/worktree/status-needs.h"

#define MIN_COLUMNS 40

enum col { C_ISSUE, C_STATE, C_AGENT, C_WORKTREE, C_AHEAD, C_FILES, C_DIRTY,
	   C_LESSONS, C_AGE, C_TITLE, C_NCOLS };

static const struct column {
	const char *head;
	int right;		/* numbers align right */
	int gap;		/* spaces before it */
} cols[C_NCOLS] = {
	[C_ISSUE] = { "ISSUE", 0, 0 },
	[C_STATE] = { "STATE", 0, 2 },
	[C_AGENT] = { "AGENT", 0, 2 },
	[C_WORKTREE] = { "WORKTREE", 0, 2 },
	[C_AHEAD] = { "AHEAD", 1, 2 },
	[C_FILES] = { "FILES", 1, 1 },
	[C_DIRTY] = { "DIRTY", 1, 1 },
	[C_LESSONS] = { "LESSONS", 1, 1 },
	[C_AGE] = { "AGE", 1, 1 },
	[C_TITLE] = { "TITLE", 0, 2 },
};

size_t gi_status_columns(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (env && *env) {
		n = strtol(env, &end, 10);
		if (!*end && n > 0)
			return (size_t)n;
	}
	if (isatty(1) && !ioctl(1, TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	return 80;
}

/* `s` made harmless for a terminal, on one line. */
static char *printable(const char *s)
{
	gi_buf b = GI_BUF_INIT;

	gi_add_printable_line(&b, s ? s : "-");
	return gi_buf_detach(&b, NULL);
}

/* Cut `s` in place to `max` columns, "..." marking the cut. */
static void cut(char *s, size_t max)
{
	if (gi_utf8_columns(s) <= max)
		return;
	if (max <= 3) {
		s[gi_utf8_cut_columns(s, max)] = '\0';
		return;
	}
	strcpy(s + gi_utf8_cut_columns(s, max - 3), "...");
}

/* The folder's name: "issue-95", or "(main)" for the main checkout. */
static char *folder(const struct gi_status *st,
		    const struct gi_status_row *row)
{
	const char *slash;
	size_t len;

	if (row->state == GI_STATE_CLAIMED) {
		/* another clone's: its id (from its records: made harmless,
		 * cut to 8 columns), the whole of it said under the board */
		gi_buf b = GI_BUF_INIT;
		char *id = printable(row->claim_clone ? row->claim_clone :
				     "?");

		cut(id, 8);
		gi_buf_addf(&b, "clone %s", id);
		free(id);
		return gi_buf_detach(&b, NULL);
	}
	if (row->main)
		return gi_xstrdup("(main)");
	len = st->main_path ? strlen(st->main_path) : 0;
	if (len && !strncmp(row->path, st->main_path, len) &&
	    row->path[len] == '/')
		return printable(row->path + len + 1);	/* inside it */
	slash = strrchr(row->path, '/');
	return printable(slash ? slash + 1 : row->path);
}

/* The issue a folder's name says ("issue-100" says 100), or 0. */
static long folder_issue(const char *name)
{
	const char *p = strrchr(name, '/');
	char *end;
	long n;

	p = p ? p + 1 : name;
	if (strncmp(p, "issue-", 6))
		return 0;
	n = strtol(p + 6, &end, 10);
	return end != p + 6 && (!*end || *end == '-') ? n : 0;
}

static char *number(const struct gi_status_row *row, size_t v)
{
	char buf[32];

	if (!row->local || row->state == GI_STATE_MISSING)
		return gi_xstrdup("-");
	snprintf(buf, sizeof(buf), "%zu", v);
	return gi_xstrdup(buf);
}

/* "claude working 3m": the agent session shown, its state, for how
 * long; "-" when none is recorded. */
static char *agent_cell(const struct gi_status *st,
			const struct gi_status_row *row)
{
	gi_buf b = GI_BUF_INIT;
	char age[32];

	if (row->agent.state == GI_AGENT_NONE)
		return gi_xstrdup("-");
	gi_age_of(age, sizeof(age), (long)(st->now - row->agent.since));
	gi_buf_addf(&b, "%s %s %s", row->agent.agent,
		    gi_agent_state_name(row->agent.state), age);
	return gi_buf_detach(&b, NULL);
}

static void fill_row(char **cells, const struct gi_status *st,
		     const struct gi_status_row *row)
{
	char buf[32];

	gi_issue_label(row->issue, buf);
	cells[C_ISSUE] = gi_xstrdup(buf);
	cells[C_STATE] = gi_xstrdup(row->stale ? "stale" :
				    gi_wt_state_name(row->state));
	cells[C_AGENT] = agent_cell(st, row);
	cells[C_WORKTREE] = folder(st, row);
	if (folder_issue(cells[C_WORKTREE]) &&
	    folder_issue(cells[C_WORKTREE]) != row->issue) {
		size_t n = strlen(cells[C_WORKTREE]);

		cells[C_WORKTREE] = gi_xrealloc(cells[C_WORKTREE], n + 2);
		strcpy(cells[C_WORKTREE] + n, "*");
	}
	cells[C_AHEAD] = number(row, row->ahead);
	cells[C_FILES] = number(row, row->files_changed);
	cells[C_DIRTY] = number(row, row->uncommitted);
	snprintf(buf, sizeof(buf), "%zu", row->lessons);
	cells[C_LESSONS] = gi_xstrdup(buf);
	if (row->activity)
		gi_age_of(buf, sizeof(buf), (long)(st->now - row->activity));
	else
		gi_age(buf, sizeof(buf), row->claim_time, st->now);
	cells[C_AGE] = gi_xstrdup(buf);
	cells[C_TITLE] = printable(row->title ? row->title : "(no title)");
}

/*
 * The width of every column but the title, the title getting what is
 * left of `columns` (nothing on a very narrow terminal, where the line
 * is cut at the edge instead).
 */
static void widths(size_t *w, char ***cells, size_t nr, size_t columns,
		   const int *hide)
{
	size_t i, c, fixed = 0;

	for (c = 0; c < C_NCOLS; c++) {
		if (hide[c])
			continue;
		w[c] = strlen(cols[c].head);
		for (i = 0; i < nr; i++)
			if (gi_utf8_columns(cells[i][c]) > w[c])
				w[c] = gi_utf8_columns(cells[i][c]);
		fixed += cols[c].gap + (c == C_TITLE ? 0 : w[c]);
	}
	if (fixed >= columns)
		w[C_TITLE] = 0;
	else if (w[C_TITLE] > columns - fixed)
		w[C_TITLE] = columns - fixed;
}

static void add_line(gi_buf *out, char **cells, const size_t *w,
		     size_t columns, const int *hide)
{
	size_t c, start = out->len, n;

	for (c = 0; c < C_NCOLS; c++) {
		if (hide[c])
			continue;
		cut(cells[c], w[c]);
		n = gi_utf8_columns(cells[c]);
		gi_buf_addf(out, "%*s", cols[c].gap, "");
		if (cols[c].right)
			gi_buf_addf(out, "%*s", (int)(w[c] - n), "");
		gi_buf_adds(out, cells[c]);
		if (!cols[c].right && c + 1 < C_NCOLS)
			gi_buf_addf(out, "%*s", (int)(w[c] - n), "");
	}
	/* the last guard: nothing wraps, whatever the widths said */
	gi_buf_setlen(out, start + gi_utf8_cut_columns(out->buf + start,
							columns));
	gi_buf_rtrim(out, " ", 0);
	gi_buf_addch(out, '\n');
}

/* One line under the board, cut to the width. */
static void say(gi_buf *out, size_t columns, const char *fmt, ...)
	GI_ATTR_PRINTF(3, 4);
static void say(gi_buf *out, size_t columns, const char *fmt, ...)
{
	gi_buf line = GI_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	gi_buf_vaddf(&line, fmt, ap);
	va_end(ap);
	cut(line.buf, columns);
	gi_buf_adds(out, line.buf);
	gi_buf_addch(out, '\n');
	gi_buf_release(&line);
}

/* What a row's cells cannot say: one line each, under the board. */
static void notes(gi_buf *out, const struct gi_status *st, char ***cells,
		  size_t columns)
{
	size_t i;

	for (i = 0; i < st->nr; i++) {
		const struct gi_status_row *row = &st->v[i];
		const char *n = cells[i][C_ISSUE];
		char *who;

		if (row->state == GI_STATE_MERGED && !row->closed)
			say(out, columns, "%s: merged into %s, still open: "
			    "'git issue-close %s'", n,
			    row->base ? row->base : "its base", n[0] == '#' ?
			    n + 1 : n);
		if (row->state == GI_STATE_MERGED && row->claimed)
			say(out, columns, "%s: done, its claim still open: "
			    "'git issue-worktree --prune-merged' ends it", n);
		if (row->state == GI_STATE_CLAIMED) {
			char *clone = printable(row->claim_clone);

			who = printable(row->claim_author);
			say(out, columns, "%s: claimed by %s in clone %s", n,
			    who, clone);
			free(who);
			free(clone);
		}
		if (row->claim_unconfirmed)
			say(out, columns, "%s: claim not confirmed: 'git "
			    "issue-sync' decides it", n);
		if (row->claim_lost_to) {
			who = printable(row->claim_lost_to);
			say(out, columns, "%s: claim lost to %s", n, who);
			free(who);
		}
		if (row->claim_also) {
			who = printable(row->claim_also);
			say(out, columns, "%s: two clones hold it: also %s", n,
			    who);
			say(out, columns, "%s: keep one: 'git issue-worktree "
			    "--release %s' in the other clone", n,
			    n[0] == '#' ? n + 1 : n);
			free(who);
		}
		if (strchr(cells[i][C_WORKTREE], '*') && row->local)
			say(out, columns, "%s: in folder '%.*s', made for "
			    "another issue", n,
			    (int)strcspn(cells[i][C_WORKTREE], "*"),
			    cells[i][C_WORKTREE]);
		if (row->pending > 0)
			say(out, columns, "%s: %ld record%s not on GitHub "
			    "yet", n, row->pending, row->pending == 1 ? "" :
			    "s");
	}
}

/* What needs you, above the rows: the issue, the folder, why. */
static void needs(gi_buf *out, const struct gi_status *st, char ***cells,
		  size_t columns)
{
	gi_buf text = GI_BUF_INIT;
	size_t i;
	char *line;

	if (!st->nneeds)
		return;
	say(out, columns, "needs you:");
	for (i = 0; i < st->nneeds; i++) {
		size_t r = st->needs[i].row;

		gi_buf_reset(&text);
		gi_status_need_text(&text, st, &st->needs[i]);
		line = printable(text.buf);
		say(out, columns, "  %s %.*s: %s", cells[r][C_ISSUE],
		    (int)strcspn(cells[r][C_WORKTREE], "*"),
		    cells[r][C_WORKTREE], line);
		free(line);
	}
	gi_buf_addch(out, '\n');
	gi_buf_release(&text);
}

void gi_status_board(gi_buf *out, const struct gi_status *st,
		     size_t columns)
{
	int hide[C_NCOLS] = { 0 };
	char ***cells = gi_xcalloc(st->nr + 2, sizeof(*cells));
	char *head[C_NCOLS];
	gi_buf foot = GI_BUF_INIT;
	size_t w[C_NCOLS], i, c;

	if (columns < MIN_COLUMNS)
		columns = MIN_COLUMNS;
	for (c = 0; c < C_NCOLS; c++)
		head[c] = gi_xstrdup(cols[c].head);
	for (i = 0; i < st->nr; i++) {
		cells[i] = gi_xcalloc(C_NCOLS, sizeof(char *));
		fill_row(cells[i], st, &st->v[i]);
	}
	hide[C_AGENT] = 1;
	for (i = 0; i < st->nr; i++)
		if (st->v[i].agent.state != GI_AGENT_NONE)
			hide[C_AGENT] = 0;
	notes(&foot, st, cells, columns);	/* before the cells are cut */
	needs(out, st, cells, columns);
	widths(w, cells, st->nr, columns, hide);
	add_line(out, head, w, columns, hide);
	for (i = 0; i < st->nr; i++)
		add_line(out, cells[i], w, columns, hide);
	gi_buf_add(out, foot.buf, foot.len);
	gi_buf_release(&foot);
	for (i = 0; i < st->nr; i++) {
		for (c = 0; c < C_NCOLS; c++)
			free(cells[i][c]);
		free(cells[i]);
	}
	for (c = 0; c < C_NCOLS; c++)
		free(head[c]);
	free(cells);
}
