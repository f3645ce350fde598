/*
 * agent-hook.c: `git issue-hook` at work (agent-hook.h).
 *
 * The SessionStart hook must never cost the session anything, so three
 * things hold whatever goes wrong: the answer is ready within the
 * deadline (an interval timer, whose handler writes a prepared answer and
 * ends the process), the exit code is 0 (an exit handler turns an exit
 * from anywhere, even a fatal error deep in the library, into exit 0 with
 * a note), and what the library would say on stderr goes into that note
 * instead: stderr is kept in a temporary file while the hook works. The
 * hook never prints its environment (it holds the session's API key).
 */
#include "gitissue/agent-hook.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "gitissue/agent.h"
#include "gitissue/brief.h"
#include "gitissue/config.h"
#include "gitissue/issue.h"
#include "gitissue/json.h"

/* At most this much of the hook's input is read: it is a few hundred
 * bytes. */
#define MAX_INPUT (1024 * 1024)

/*
 * The answer the timer or the exit handler prints: two buffers, so that
 * a new one is made while the handler may still print the old.
 */
static char *prepared[2];
static size_t prepared_len[2];
static volatile sig_atomic_t current = -1;
static volatile sig_atomic_t answered;
static FILE *captured;	/* stderr while the hook works */
static long hook_issue;

static void hook_json(gi_buf *out, const char *context)
{
	gi_buf_adds(out, "{\"hookSpecificOutput\":{\"hookEventName\":"
		    "\"SessionStart\",\"additionalContext\":");
	gi_json_add_string(out, context, strlen(context));
	gi_buf_adds(out, "}}\n");
}

static void prepare(const char *note)
{
	int next = current == 0 ? 1 : 0;
	gi_buf b = GI_BUF_INIT;

	hook_json(&b, note);
	free(prepared[next]);
	prepared[next] = gi_buf_detach(&b, &prepared_len[next]);
	current = next;
}

static void write_all(const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void on_deadline(int sig)
{
	int c = current;

	(void)sig;
	if (!answered && c >= 0)
		write_all(prepared[c], prepared_len[c]);
	_exit(0);
}

/* The first thing the library said on the captured stderr, one line. */
static void first_complaint(gi_buf *out)
{
	char line[512];

	if (!captured || fflush(stderr) || fseek(captured, 0, SEEK_SET))
		return;
	while (fgets(line, sizeof(line), captured)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "error: ", 7) || !strncmp(line, "fatal: ", 7)) {
			gi_buf_adds(out, strchr(line, ' ') + 1);
			return;
		}
	}
}

static void note(gi_buf *out, const char *what)
{
	gi_buf why = GI_BUF_INIT;

	first_complaint(&why);
	if (hook_issue)
		gi_buf_addf(out, "git-issue: %s for issue %s", what,
			    gi_label(hook_issue));
	else
		gi_buf_addf(out, "git-issue: %s", what);
	if (why.len)
		gi_buf_addf(out, ": %s", why.buf);
	gi_buf_addf(out, " (run 'git issue-show%s --format=markdown' for "
		    "the brief)", hook_issue ? "" : " <n>");
	gi_buf_release(&why);
}

/* An exit from anywhere before the answer: a note, and exit code 0. */
static void at_exit(void)
{
	gi_buf n = GI_BUF_INIT, j = GI_BUF_INIT;

	if (answered)
		_exit(0);
	answered = 1;
	note(&n, "no brief: the hook stopped early");
	hook_json(&j, n.buf);
	write_all(j.buf, j.len);
	_exit(0);
}

static void answer(const char *context)
{
	gi_buf j = GI_BUF_INIT;

	if (context)
		hook_json(&j, context);
	answered = 1;	/* the timer must not print a second answer */
	write_all(j.buf, j.len);
	gi_buf_release(&j);
}

static void start_deadline(long ms)
{
	struct sigaction sa;
	struct itimerval it;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_deadline;
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* The session's directory from the hook's input, when it says. */
static void go_to_session_dir(void)
{
	gi_buf in = GI_BUF_INIT;
	cJSON *doc;
	const char *cwd;
	char buf[65536];
	ssize_t n;

	if (isatty(STDIN_FILENO))
		return;
	while (in.len < MAX_INPUT &&
	       ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0 ||
		(n < 0 && errno == EINTR)))
		if (n > 0)
			gi_buf_add(&in, buf, (size_t)n);
	doc = cJSON_ParseWithLength(in.buf, in.len);
	cwd = gi_json_str(doc, "cwd");
	if (cwd && *cwd && chdir(cwd) < 0)
		gi_warning("unable to enter '%s': %s", cwd, strerror(errno));
	cJSON_Delete(doc);
	gi_buf_release(&in);
}

int gi_agent_hook_session_start(const struct gi_agent_hook_opts *opts)
{
	struct gi_repo r;
	struct gi_issue is;
	struct gi_brief_opts bo = { GI_HOOK_MAX_CHARS, GI_BRIEF_UTF16 };
	gi_buf brief = GI_BUF_INIT, n = GI_BUF_INIT;
	const char *test_sleep = getenv("GIT_ISSUE_TEST_HOOK_SLEEP");
	long timeout, max, issue;
	int err;

	signal(SIGPIPE, SIG_IGN);
	captured = tmpfile();
	if (captured) {
		fflush(stderr);
		dup2(fileno(captured), STDERR_FILENO);
	}
	note(&n, "no brief: the hook took too long");
	prepare(n.buf);
	atexit(at_exit);
	start_deadline(GI_HOOK_TIMEOUT_MS);

	go_to_session_dir();
	err = gi_repo_open(&r);
	if (err == GIT_ENOTFOUND) {
		answer(NULL);	/* not a repository: no issue */
		return 0;
	}
	if (err < 0) {
		gi_buf_reset(&n);
		note(&n, "no brief: the repository could not be opened");
		answer(n.buf);
		return 0;
	}
	timeout = gi_config_long(&r, "issue.hookTimeout", GI_HOOK_TIMEOUT_MS);
	if (timeout > 0 && timeout != GI_HOOK_TIMEOUT_MS)
		start_deadline(timeout);
	max = opts->max_chars > 0 ? opts->max_chars :
		gi_config_long(&r, "issue.hookMaxChars", GI_HOOK_MAX_CHARS);
	bo.max = max > 0 ? (size_t)max : GI_HOOK_MAX_CHARS;

	err = r.bare ? GIT_ENOTFOUND : gi_infer_issue(&r, &issue);
	if (err == GIT_ENOTFOUND) {
		answer(NULL);	/* a worktree of no issue: nothing to say */
		goto done;
	}
	gi_buf_reset(&n);
	if (err < 0) {
		note(&n, "no brief: this worktree's issue is unclear");
		answer(n.buf);
		goto done;
	}
	hook_issue = issue;
	note(&n, "no brief: the hook took too long");
	prepare(n.buf);
	if (test_sleep)
		usleep((useconds_t)atol(test_sleep) * 1000);

	if (gi_issue_load(&is, &r, NULL, issue) < 0) {
		gi_buf_reset(&n);
		note(&n, "no brief: the issue's notes could not be read");
		answer(n.buf);
		goto done;
	}
	if (gi_brief(&brief, &r, &is, &bo) < 0) {
		gi_buf_reset(&n);
		note(&n, "the brief is incomplete: some notes could not be "
		     "read");
		gi_buf_addf(&brief, "\n%s\n", n.buf);
	}
	answer(brief.buf);
	gi_issue_release(&is);
done:
	gi_buf_release(&brief);
	gi_buf_release(&n);
	gi_repo_release(&r);
	return 0;
}

int gi_agent_hook_post_checkout(const char *old_head, const char *new_head,
				const char *flag)
{
	struct gi_repo r;
	gi_buf err = GI_BUF_INIT;

	(void)new_head;
	(void)flag;
	/* a new worktree (or a clone) starts from the null id */
	if (!old_head || !*old_head || old_head[strspn(old_head, "0")])
		return 0;
	if (gi_repo_open(&r) < 0)
		return 0;
	if (r.workdir && gi_agent_setup_worktree(&r, r.workdir, &err) < 0)
		fprintf(stderr, "git-issue: the new worktree has no Claude "
			"Code hook: %s\n", err.buf);
	gi_buf_release(&err);
	gi_repo_release(&r);
	return 0;
}
