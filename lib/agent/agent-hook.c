/*
 * agent-hook.c: `git issue-hook` at work (agent-hook.h).
 *
 * Claude Code's hooks must never cost the session anything, so three
 * things hold whatever goes wrong: the answer is ready within the
 * deadline (an interval timer, whose handler writes a prepared answer and
 * ends the process), the exit code is 0 (an exit handler turns an exit
 * from anywhere, even a fatal error deep in the library, into exit 0 with
 * a note), and what the library would say on stderr goes into that note
 * instead: the hook sets the library's report routine (util.h) to keep
 * the first error in memory, and sends the rest of stderr (a child's
 * chatter) to /dev/null while it works. For the Stop hook the prepared
 * answer is silence: the session stops as it would without us. The hooks
 * never print their environment (it holds the session's API key).
 */
#include "gitissue/agent/agent-hook.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "agent/claude.h"
#include "agent/lesson-hook.h"
#include "agent/session.h"
#include "gitissue/agent/agent.h"
#include "gitissue/agent/brief.h"
#include "gitissue/util/config.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/json.h"
#include "gitissue/util/run.h"
#include "gitissue/util/utf8.h"
#include "gitissue/worktree/activity.h"
#include "util/lockfile.h"

/* At most this much of the hook's input is read: it is a few hundred
 * bytes. */
#define MAX_INPUT (1024 * 1024)
/* At most this much of the library's first complaint goes into a note. */
#define MAX_COMPLAINT 504

/*
 * The answer the timer or the exit handler prints: two buffers, so that
 * a new one is made while the handler may still print the old.
 */
static char *prepared[2];
static size_t prepared_len[2];
static volatile sig_atomic_t current = -1;
static volatile sig_atomic_t answered;
static gi_buf complaint = GI_BUF_INIT;	/* the library's first error */
static int complained;
static long hook_issue;
static int silent;	/* the Stop hook: nothing is its answer */
static int trace_fd = -1;	/* the real stderr, for GIT_ISSUE_TRACE */
static long deadline;	/* gi_now_ms() when the timer fires */

static void event_json(gi_buf *out, const char *event, const char *context)
{
	gi_buf_addf(out, "{\"hookSpecificOutput\":{\"hookEventName\":"
		    "\"%s\",\"additionalContext\":", event);
	gi_json_add_string(out, context, strlen(context));
	gi_buf_adds(out, "}}\n");
}

static void hook_json(gi_buf *out, const char *context)
{
	event_json(out, "SessionStart", context);
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

/* What the hook answers, on stdout; a failed write has no one to tell. */
static void write_all(const char *s, size_t len)
{
	(void)gi_write_all(STDOUT_FILENO, s, len);
}

static void on_deadline(int sig)
{
	int c = current;

	(void)sig;
	if (!answered && c >= 0)
		write_all(prepared[c], prepared_len[c]);
	gi_lock_remove_all();	/* _exit() runs no exit handler */
	_exit(0);
}

/*
 * The report routine while the hook works: the first error (or fatal
 * error) the library reports, its first line, is kept for the note; the
 * rest, warnings and hints, is dropped, as stderr is.
 */
static void collect(enum gi_report_kind kind, const char *msg, void *payload)
{
	size_t n = strcspn(msg, "\n");

	(void)payload;
	if (complained || (kind != GI_REPORT_ERROR && kind != GI_REPORT_FATAL))
		return;
	complained = 1;
	if (n > MAX_COMPLAINT)
		n = gi_utf8_cut_bytes(msg, n, MAX_COMPLAINT);
	gi_buf_add(&complaint, msg, n);
}

static void note(gi_buf *out, const char *what)
{
	if (hook_issue)
		gi_buf_addf(out, "git-issue: %s for issue %s", what,
			    gi_label(hook_issue));
	else
		gi_buf_addf(out, "git-issue: %s", what);
	if (complaint.len)
		gi_buf_addf(out, ": %s", complaint.buf);
	gi_buf_addf(out, " (run 'git issue-show%s --format=markdown' for "
		    "the brief)", hook_issue ? "" : " <n>");
}

/* An exit from anywhere before the answer: a note, and exit code 0. */
static void at_exit(void)
{
	gi_buf n = GI_BUF_INIT, j = GI_BUF_INIT;

	/* _exit() runs no other exit handler: our locks go now */
	gi_lock_remove_all();
	if (answered || silent)
		_exit(0);
	answered = 1;
	note(&n, "no brief: the hook stopped early");
	hook_json(&j, n.buf);
	write_all(j.buf, j.len);
	_exit(0);
}

/* Print `json` as the answer (NULL: none); the timer and the exit
 * handler print nothing after it. */
static void answer_json(const gi_buf *json)
{
	answered = 1;	/* the timer must not print a second answer */
	if (json)
		write_all(json->buf, json->len);
}

static void answer(const char *context)
{
	gi_buf j = GI_BUF_INIT;

	if (context)
		hook_json(&j, context);
	answer_json(context ? &j : NULL);
	gi_buf_release(&j);
}

static void start_deadline(long ms)
{
	struct sigaction sa;
	struct itimerval it;

	deadline = gi_now_ms() + ms;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_deadline;
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Milliseconds left before the deadline, less a margin for answering. */
static long time_left(void)
{
	long left = deadline - gi_now_ms() - 100;

	return left > 0 ? left : 0;
}

/*
 * The library's reports kept, the rest of stderr silenced, the exit
 * handler, the deadline: what every Claude Code hook starts with. `note`
 * is what the deadline prints, NULL for nothing.
 */
static void guard(const char *note)
{
	int null;

	signal(SIGPIPE, SIG_IGN);
	if (getenv("GIT_ISSUE_TRACE"))
		trace_fd = dup(STDERR_FILENO);
	gi_set_report_routine(collect, NULL);
	fflush(stderr);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	silent = !note;
	if (note)
		prepare(note);
	atexit(at_exit);
	start_deadline(GI_HOOK_TIMEOUT_MS);
}

/*
 * The hook's input (NULL when there is none or it is not JSON), read
 * whole up to MAX_INPUT, and the session's directory entered when the
 * input names one.
 */
static cJSON *read_input(void)
{
	gi_buf in = GI_BUF_INIT;
	cJSON *doc;
	const char *cwd;
	char buf[65536];
	ssize_t n;

	if (isatty(STDIN_FILENO))
		return NULL;
	while (in.len < MAX_INPUT &&
	       ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0 ||
		(n < 0 && errno == EINTR)))
		if (n > 0)
			gi_buf_add(&in, buf, (size_t)n);
	doc = cJSON_ParseWithLength(in.buf, in.len);
	cwd = gi_json_str(doc, "cwd");
	if (cwd && *cwd && chdir(cwd) < 0)
		gi_warning("unable to enter '%s': %s", cwd, strerror(errno));
	gi_buf_release(&in);
	return doc;
}

/* Read issue.hookTimeout and move the deadline to it. */
static void configured_deadline(struct gi_repo *r)
{
	long timeout = gi_config_long(r, "issue.hookTimeout",
				      GI_HOOK_TIMEOUT_MS);

	if (timeout > 0 && timeout != GI_HOOK_TIMEOUT_MS)
		start_deadline(timeout);
}

static int ask_for_lessons(struct gi_repo *r)
{
	return gi_config_bool(r, "issue.askForLessons", 1);
}

/*
 * What the session is doing now, for the board (worktree/activity.h):
 * only in the worktree of an issue, and only for a session id we take.
 * Never fails the
 * hook: a record that cannot be written is one the board goes without.
 */
static void record_activity(struct gi_repo *r, const cJSON *in,
			    const struct gi_agent_hook_opts *opts,
			    enum gi_agent_state state)
{
	const char *agent = opts->agent == GI_HOOK_CODEX ? "codex" : "claude";
	const char *id = gi_json_str(in, "session_id");
	unsigned long long start;
	long pid, issue;

	if (r->bare || !r->gitdir || !gi_activity_id_ok(id) ||
	    gi_infer_issue(r, &issue) < 0)
		return;
	gi_activity_agent_process(&pid, &start);
	(void)gi_activity_record(r->gitdir, agent, id, issue, state, pid,
				 start, time(NULL));
}

/*
 * Remember the session's start for its Stop hook, after the brief is
 * out: the snapshot costs a `git status`, and a slow one must cost the
 * session nothing but the question at its end.
 */
static void remember_session(struct gi_repo *r, const cJSON *in,
			     const struct gi_agent_hook_opts *opts)
{
	const char *id = gi_json_str(in, "session_id");
	const char *source = gi_json_str(in, "source");

	/* a compaction comes in the middle of a turn: still working */
	if (!source || strcmp(source, "compact"))
		record_activity(r, in, opts, GI_AGENT_STARTED);
	if (gi_session_id_ok(id) && ask_for_lessons(r))
		gi_session_begin(r, id, time_left());
}

/* The unit the agent counts the context in. */
static enum gi_brief_unit unit_of(const struct gi_agent_hook_opts *opts)
{
	return opts->agent == GI_HOOK_CODEX ? GI_BRIEF_BYTES : GI_BRIEF_UTF16;
}

/* Claude Code with the git-issue plugin enabled, and this hook not the
 * plugin's: the plugin's hook answers. */
static int plugin_answers(const struct gi_agent_hook_opts *opts)
{
	return opts->agent == GI_HOOK_CLAUDE && !opts->plugin &&
		gi_claude_plugin_enabled(".");
}

size_t gi_agent_hook_budget(struct gi_repo *r, long given)
{
	long max = given > 0 ? given :
		gi_config_long(r, "issue.hookMaxChars", GI_HOOK_MAX_CHARS);

	/* above the cap Claude Code hands the model a 2 KB preview, and
	 * Codex its head and tail */
	if (max <= 0)
		return GI_HOOK_MAX_CHARS;
	return max > GI_HOOK_CAP ? GI_HOOK_CAP : (size_t)max;
}

/*
 * The brief could not read everything: a note says so at its end, and
 * the brief is made again in the room the note leaves, so that the two
 * together stay within the budget.
 */
static void incomplete(gi_buf *brief, struct gi_repo *r,
		       const struct gi_issue *is, struct gi_brief_opts *bo)
{
	gi_buf n = GI_BUF_INIT, line = GI_BUF_INIT;
	size_t size;

	note(&n, "the brief is incomplete: some notes could not be read");
	gi_buf_addf(&line, "\n%s\n", n.buf);
	size = gi_brief_measure(line.buf, line.len, bo->unit);
	if (size < bo->max) {
		if (gi_brief_measure(brief->buf, brief->len, bo->unit) + size >
		    bo->max) {
			bo->max -= size;
			gi_buf_reset(brief);
			gi_brief(brief, r, is, bo);
		}
		gi_buf_add(brief, line.buf, line.len);
	}
	gi_buf_release(&n);
	gi_buf_release(&line);
}

int gi_agent_hook_session_start(const struct gi_agent_hook_opts *opts)
{
	struct gi_repo r;
	struct gi_issue is;
	struct gi_brief_opts bo = { GI_HOOK_MAX_CHARS, GI_BRIEF_UTF16, NULL,
				    0, 0 };
	gi_buf brief = GI_BUF_INIT, n = GI_BUF_INIT;
	const char *test_sleep = getenv("GIT_ISSUE_TEST_HOOK_SLEEP");
	cJSON *in;
	long issue;
	int err;

	note(&n, "no brief: the hook took too long");
	guard(n.buf);
	in = read_input();
	if (plugin_answers(opts)) {
		answer(NULL);	/* the plugin's hook answers */
		cJSON_Delete(in);
		gi_buf_release(&n);
		return 0;
	}
	err = gi_repo_open(&r);
	if (err == GIT_ENOTFOUND) {
		answer(NULL);	/* not a repository: no issue */
		cJSON_Delete(in);
		return 0;
	}
	if (err < 0) {
		gi_buf_reset(&n);
		note(&n, "no brief: the repository could not be opened");
		answer(n.buf);
		cJSON_Delete(in);
		return 0;
	}
	configured_deadline(&r);
	bo.unit = unit_of(opts);
	bo.max = gi_agent_hook_budget(&r, opts->max);
	bo.default_budget = opts->max <= 0;

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
	if (gi_brief(&brief, &r, &is, &bo) < 0)
		incomplete(&brief, &r, &is, &bo);
	answer(brief.buf);
	gi_issue_release(&is);
	remember_session(&r, in, opts);
done:
	cJSON_Delete(in);
	gi_buf_release(&brief);
	gi_buf_release(&n);
	gi_repo_release(&r);
	return 0;
}

/* ------------------------------------------------------------- Stop */

static void block_json(gi_buf *out, long issue)
{
	gi_buf why = GI_BUF_INIT;

	gi_buf_addf(&why, "git-issue: this session changed the worktree of "
		    "issue %s and recorded nothing on the issue. Before you "
		    "stop, record what you learned for the next agent: what "
		    "you tried, what failed and why, and what worked, in one "
		    "command: git issue-note --tried \"<approach>\" --failed "
		    "\"<why it failed>\" --solution \"<what worked>\" (leave "
		    "out a part you do not have; a plain note: git issue-note "
		    "\"<text>\"). Then stop: you will not be asked again.",
		    gi_label(issue));
	gi_buf_adds(out, "{\"decision\":\"block\",\"reason\":");
	gi_json_add_string(out, why.buf, why.len);
	gi_buf_adds(out, "}\n");
	gi_buf_release(&why);
}

/* Did the worktree change since the session's start (`s`)? */
static int worktree_changed(struct gi_session *s, struct gi_repo *r)
{
	char head[GIT_OID_HEXSZ + 1];
	gi_fingerprint work;

	if (!*s->work) {
		/* the start's status is unknown: only HEAD tells */
		gi_session_snapshot(head, work, r, 0);
		return strcmp(head, s->head) != 0;
	}
	gi_session_snapshot(head, work, r, time_left());
	if (strcmp(head, s->head))
		return 1;
	return *work && strcmp(work, s->work);
}

static const char *const verdict_names[] = {
	[GI_STOP_ASK] = "ask",
	[GI_STOP_NO_ISSUE] = "no issue",
	[GI_STOP_OFF] = "off (issue.askForLessons)",
	[GI_STOP_NO_SESSION] = "no start known for this session",
	[GI_STOP_ASKED] = "asked already",
	[GI_STOP_RECORDED] = "recorded",
	[GI_STOP_UNCHANGED] = "unchanged",
	[GI_STOP_ERROR] = "error",
};

/* GIT_ISSUE_TRACE: the decision, on the real stderr. */
static void trace_verdict(const char *what)
{
	gi_buf t = GI_BUF_INIT;
	ssize_t n;

	if (trace_fd < 0)
		return;
	gi_buf_addf(&t, "git-issue: stop: %s\n", what);
	n = write(trace_fd, t.buf, t.len);
	(void)n;	/* a trace is never worth failing for */
	gi_buf_release(&t);
}

enum gi_stop_verdict gi_agent_stop_verdict(struct gi_repo *r,
					   const char *session_id,
					   long *issue)
{
	struct gi_session s;
	enum gi_stop_verdict v;
	int err;

	*issue = 0;
	if (r->bare || !r->workdir)
		return GI_STOP_NO_ISSUE;
	if (!ask_for_lessons(r))
		return GI_STOP_OFF;
	if (gi_infer_issue(r, issue) < 0)
		return GI_STOP_NO_ISSUE;
	err = gi_session_load(&s, r, session_id);
	if (err)
		return err == GIT_ENOTFOUND ? GI_STOP_NO_SESSION :
			GI_STOP_ERROR;
	if (strcmp(s.worktree, r->workdir))
		v = GI_STOP_NO_SESSION;	/* it started in another worktree */
	else if (s.asked)
		v = GI_STOP_ASKED;
	else if ((err = gi_session_recorded(r, *issue, s.start)))
		v = err < 0 ? GI_STOP_ERROR : GI_STOP_RECORDED;
	else if (!worktree_changed(&s, r))
		v = GI_STOP_UNCHANGED;
	else
		v = GI_STOP_ASK;
	if (v == GI_STOP_ASK) {
		/* asked is written first: if it cannot be, never ask */
		s.asked = 1;
		if (gi_session_save(&s, r, session_id) < 0)
			v = GI_STOP_ERROR;
	}
	gi_session_release(&s);
	return v;
}

int gi_agent_hook_stop(const struct gi_agent_hook_opts *opts)
{
	struct gi_repo r;
	gi_buf out = GI_BUF_INIT;
	const char *test_sleep = getenv("GIT_ISSUE_TEST_HOOK_SLEEP");
	enum gi_stop_verdict v;
	cJSON *in;
	long issue;

	guard(NULL);
	in = read_input();
	/* the stop after our block: let it be, whatever else is true */
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(in,
							  "stop_hook_active"))) {
		trace_verdict("the stop after a block");
		goto quit;
	}
	if (plugin_answers(opts)) {
		trace_verdict("the plugin's hook decides");
		goto quit;
	}
	if (gi_repo_open(&r) < 0) {
		trace_verdict("no repository");
		goto quit;
	}
	configured_deadline(&r);
	/* the stop after our block: let it be, whatever else is true */
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(in,
							  "stop_hook_active"))) {
		trace_verdict("the stop after a block");
		answer_json(NULL);
		record_activity(&r, in, opts, GI_AGENT_STOPPED);
		goto release;
	}
	if (test_sleep)
		usleep((useconds_t)atol(test_sleep) * 1000);
	v = gi_agent_stop_verdict(&r, gi_json_str(in, "session_id"), &issue);
	trace_verdict(verdict_names[v]);
	if (v == GI_STOP_ASK)
		block_json(&out, issue);
	answer_json(out.len ? &out : NULL);
	/* asked for its lessons, the agent goes on */
	record_activity(&r, in, opts, v == GI_STOP_ASK ? GI_AGENT_WORKING :
			GI_AGENT_STOPPED);
release:
	gi_buf_release(&out);
	gi_repo_release(&r);
quit:
	answer_json(NULL);
	cJSON_Delete(in);
	return 0;
}

/* -------------------------------------------------------- PostToolUse */

int gi_agent_hook_post_tool_use(const struct gi_agent_hook_opts *opts)
{
	struct gi_repo r;
	struct gi_terms use = { NULL, 0, 0 };
	gi_buf ctx = GI_BUF_INIT, json = GI_BUF_INIT;
	cJSON *in;
	long issue;

	guard(NULL);
	in = read_input();
	/* what the call touched first: most calls name nothing to look at */
	gi_lessons_terms_of_tool(&use, gi_json_str(in, "tool_name"),
				 cJSON_GetObjectItemCaseSensitive(in,
								  "tool_input"));
	if (!use.nr || plugin_answers(opts) || gi_repo_open(&r) < 0)
		goto quit;
	configured_deadline(&r);
	if (!r.bare && !gi_infer_issue(&r, &issue) &&
	    gi_lessons_of_the_moment(&ctx, &r, issue,
				     gi_json_str(in, "session_id"), &use,
				     gi_agent_hook_budget(&r, 0),
				     unit_of(opts)) > 0) {
		event_json(&json, "PostToolUse", ctx.buf);
		answer_json(&json);
	}
	answer_json(NULL);
	/* a tool ran: a permission asked for was given */
	record_activity(&r, in, opts, GI_AGENT_WORKING);
	gi_repo_release(&r);
quit:
	answer_json(NULL);
	gi_terms_release(&use);
	gi_buf_release(&ctx);
	gi_buf_release(&json);
	cJSON_Delete(in);
	return 0;
}

/* ------------------------------------- the events that only record */

/*
 * UserPromptSubmit, Notification, SessionEnd: what the session does now,
 * and nothing printed. A Notification is Claude Code asking the user: a
 * permission prompt or a question (elicitation_dialog; an older CLI sends
 * no type); "idle_prompt" (a stopped session still waiting, a minute
 * later) and "auth_success" change nothing.
 */
static int record_only(const struct gi_agent_hook_opts *opts,
		       enum gi_agent_state state)
{
	struct gi_repo r;
	const char *type;
	cJSON *in;

	guard(NULL);
	in = read_input();
	type = gi_json_str(in, "notification_type");
	if (state == GI_AGENT_WAITING && type &&
	    strcmp(type, "permission_prompt") &&
	    strcmp(type, "elicitation_dialog"))
		goto quit;
	if (plugin_answers(opts) || gi_repo_open(&r) < 0)
		goto quit;
	configured_deadline(&r);
	record_activity(&r, in, opts, state);
	gi_repo_release(&r);
quit:
	answer_json(NULL);
	cJSON_Delete(in);
	return 0;
}

int gi_agent_hook_user_prompt_submit(const struct gi_agent_hook_opts *opts)
{
	return record_only(opts, GI_AGENT_WORKING);
}

int gi_agent_hook_notification(const struct gi_agent_hook_opts *opts)
{
	return record_only(opts, GI_AGENT_WAITING);
}

int gi_agent_hook_session_end(const struct gi_agent_hook_opts *opts)
{
	return record_only(opts, GI_AGENT_ENDED);
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
		fprintf(stderr, "git-issue: the agent integration is "
			"incomplete in the new worktree: %s\n", err.buf);
	gi_buf_release(&err);
	gi_repo_release(&r);
	return 0;
}
