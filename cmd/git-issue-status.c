/*
 * git-issue-status: the coordinator's board. One line per issue worktree
 * (and per issue claimed elsewhere): issue, title, branch, path, state,
 * and the age and text of the last note. It only reads, so it is safe to
 * run every second from a dashboard while agents work.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/util/date.h"
#include "gitissue/util/options.h"
#include "gitissue/core/render.h"
#include "gitissue/worktree/status.h"
#include "gitissue/util/utf8.h"

static const char *const usage[] = {
	"git issue-status [--json] [--watch[=<seconds>]]",
	NULL
};

static int json;
static const char *watch;
static int watching;

static int watch_arg(const char *arg, void *value)
{
	(void)value;
	watching = 1;
	watch = arg;
	return 0;
}

static const struct gi_option options[] = {
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	{ GI_OPT_CALLBACK, 0, "watch", NULL, "<seconds>",
	  "redraw the board every <seconds> (default 2) until Ctrl-C",
	  watch_arg, 1, 0 },
	GI_OPT_END(),
};

#define TITLE_WIDTH 30

/* `s` made harmless for a terminal and cut to `max` characters. */
static char *cell(const char *s, size_t max)
{
	gi_buf b = GI_BUF_INIT;

	gi_add_printable_line(&b, s ? s : "-");
	if (max && gi_utf8_width(b.buf) > max) {
		gi_buf_setlen(&b, gi_utf8_cut_chars(b.buf, max - 3));
		gi_buf_adds(&b, "...");
	}
	return gi_buf_detach(&b, NULL);
}

static void pad(gi_buf *out, const char *s, size_t w)
{
	size_t n = gi_utf8_width(s);

	gi_buf_adds(out, s);
	while (n++ < w + 2)
		gi_buf_addch(out, ' ');
}

enum { C_ISSUE, C_TITLE, C_BRANCH, C_PATH, C_STATE, C_AGE, C_NCOLS };

static void table(gi_buf *out, const struct gi_status *st)
{
	char ***cells = gi_xcalloc(st->nr + 1, sizeof(*cells));
	size_t w[C_NCOLS] = { 0 }, i, c;

	for (i = 0; i < st->nr; i++) {
		const struct gi_status_row *row = &st->v[i];
		char num[32], age[16];

		gi_issue_label(row->issue, num);
		gi_age(age, sizeof(age), row->note_time, st->now);
		cells[i] = gi_xcalloc(C_NCOLS, sizeof(char *));
		cells[i][C_ISSUE] = gi_xstrdup(num);
		cells[i][C_TITLE] = cell(row->title, TITLE_WIDTH);
		cells[i][C_BRANCH] = cell(row->branch, 0);
		cells[i][C_PATH] = cell(row->path, 0);
		cells[i][C_STATE] = row->stale ?
			gi_xstrdup("mid-task (stale)") :
			gi_xstrdup(gi_wt_state_name(row->state));
		cells[i][C_AGE] = gi_xstrdup(age);
		for (c = 0; c < C_NCOLS; c++)
			if (gi_utf8_width(cells[i][c]) > w[c])
				w[c] = gi_utf8_width(cells[i][c]);
	}
	for (i = 0; i < st->nr; i++) {
		const struct gi_status_row *row = &st->v[i];

		for (c = 0; c < C_NCOLS; c++)
			pad(out, cells[i][c], w[c]);
		if (row->note_text)
			gi_buf_adds(out, row->note_text);
		else
			gi_buf_addch(out, '-');
		if (row->pending > 0)
			gi_buf_addf(out, "  (%ld not mirrored)",
				    row->pending);
		if (row->state == GI_STATE_CLAIMED) {
			char *who = cell(row->claim_author, 0);
			char *clone = cell(row->claim_clone, 0);

			gi_buf_addf(out, "  [claimed by %s, clone %s]", who,
				    row->claim_clone ? clone : "?");
			free(who);
			free(clone);
		}
		if (row->state == GI_STATE_MERGED && row->claimed)
			gi_buf_adds(out, "  [done: claim still open]");
		if (row->claim_unconfirmed)
			gi_buf_adds(out, "  [claim not confirmed: "
				    "'git issue-sync' decides it]");
		if (row->claim_lost_to) {
			gi_buf_adds(out, "  [claim lost to ");
			gi_add_printable_line(out, row->claim_lost_to);
			gi_buf_addch(out, ']');
		}
		gi_buf_rtrim(out, " ", 0);
		gi_buf_addch(out, '\n');
		for (c = 0; c < C_NCOLS; c++)
			free(cells[i][c]);
		free(cells[i]);
	}
	free(cells);
}

static void print_table(const struct gi_status *st)
{
	gi_buf out = GI_BUF_INIT;

	table(&out, st);
	fwrite(out.buf, 1, out.len, stdout);
	gi_buf_release(&out);
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Sleep `ms`, waking early on a signal. */
static void pause_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (!interrupted && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * The board redrawn in place every `secs` seconds, as watch(1) would,
 * until Ctrl-C (or SIGTERM): each round opens the repository afresh and
 * only reads. On a terminal the screen is cleared and drawn from the
 * top; elsewhere (a log) the boards follow each other, a blank line
 * apart.
 */
static int watch_board(double secs)
{
	struct sigaction sa;
	int tty = isatty(1), ret = GI_EXIT_OK;
	gi_buf out = GI_BUF_INIT;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!interrupted) {
		struct gi_repo r;
		struct gi_status st;
		char when[32];
		time_t now = time(NULL);
		struct tm tm;

		gi_buf_reset(&out);
		gmtime_r(&now, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
		if (tty)
			gi_buf_adds(&out, "\033[H\033[2J");
		gi_buf_addf(&out, "every %gs: git issue-status    %s\n\n",
			    secs, when);
		gi_repo_open_or_die(&r);
		if (gi_status_collect(&st, &r) < 0) {
			ret = GI_EXIT_FATAL;
			gi_repo_release(&r);
			break;
		}
		if (st.nr)
			table(&out, &st);
		else
			gi_buf_adds(&out, "(no issue worktrees, no claims)\n");
		if (!tty)
			gi_buf_addch(&out, '\n');
		gi_status_release(&st);
		gi_repo_release(&r);
		fwrite(out.buf, 1, out.len, stdout);
		fflush(stdout);
		pause_ms((long)(secs * 1000));
	}
	gi_buf_release(&out);
	return ret;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_status st;
	double secs = 2;
	int ret = GI_EXIT_OK;

	gi_set_program("git issue-status");
	if (gi_parse_options(argc, argv, options, usage))
		gi_usage_with_error(usage, options, "too many arguments");
	if (watching) {
		char *end;

		if (json)
			gi_usage_with_error(usage, options, "--watch is for "
					    "people: not with --json");
		if (watch) {
			secs = strtod(watch, &end);
			if (end == watch || *end || !(secs >= 0.1) ||
			    secs > 86400)
				gi_usage_with_error(usage, options, "invalid "
						    "--watch interval '%s': "
						    "seconds, 0.1 or more",
						    watch);
		}
		ret = watch_board(secs);
		git_libgit2_shutdown();
		return ret;
	}
	gi_repo_open_or_die(&r);
	if (gi_status_collect(&st, &r) < 0) {
		ret = GI_EXIT_FATAL;
	} else {
		if (json)
			gi_print_json(gi_status_json(&st));
		else
			print_table(&st);
		if (!st.nr && !json)
			fprintf(stderr, "no issue worktrees, and no claims: "
				"start one with 'git issue-worktree <n>'\n");
		if (!json)
			gi_status_advise_workers(st.mid_task, st.max_workers);
		gi_status_release(&st);
	}
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return ret;
}
