/*
 * git-issue-status: the coordinator's board. One line per issue worktree
 * (and per issue claimed elsewhere) that fits the terminal: issue, state,
 * worktree, commits ahead, files changed, uncommitted files, lessons, the
 * age of the newest activity, title (status.h). It only reads, so it is
 * safe to run every second from a dashboard while agents work.
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
#include "gitissue/worktree/board.h"
#include "gitissue/worktree/status.h"
#include "gitissue/worktree/status-needs.h"
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

static void print_table(const struct gi_status *st)
{
	gi_buf out = GI_BUF_INIT;

	if (st->nr)
		gi_status_board(&out, st, gi_status_columns());
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
 * only reads. A need that was not there the round before rings the bell
 * or runs issue.notifyCommand, once (status-needs.h). On a terminal the screen is cleared and drawn from the
 * top; elsewhere (a log) the boards follow each other, a blank line
 * apart.
 */
static int watch_board(double secs)
{
	struct sigaction sa;
	int tty = isatty(1), ret = GI_EXIT_OK, round = 0;
	gi_buf out = GI_BUF_INIT;
	struct gi_strset seen = GI_STRSET_INIT;

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
		gi_status_needs(&st, &r);
		/* a new need: the bell (on a terminal), or the command */
		if (gi_status_needs_notify(&st, &r, &seen, !round++) && tty)
			gi_buf_addch(&out, '\a');
		if (st.nr)
			gi_status_board(&out, &st, gi_status_columns());
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
	gi_strset_release(&seen);
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
		gi_status_needs(&st, &r);
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
