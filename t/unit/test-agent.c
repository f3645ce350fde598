/*
 * test-agent: JSON as text (lib/agent/jsontext.c), our hooks in Claude
 * Code's settings (lib/agent/claude.c), marked blocks
 * (lib/util/marked-block.c) in the user's files, written under their lock
 * (lib/agent/block.c), the brief's measure (lib/agent/brief.c), the
 * session files of the Stop hook (lib/agent/session.c), and what lessons
 * and tool calls name (lib/agent/lesson-terms.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/block.h"
#include "agent/claude.h"
#include "agent/jsontext.h"
#include "agent/lesson-terms.h"
#include "agent/session.h"
#include "gitissue/agent/brief.h"
#include "unit.h"

static int parses(const char *s)
{
	struct gi_jt *v;
	gi_buf err = GI_BUF_INIT;
	int ok = gi_jt_parse(&v, s, strlen(s), &err) == 0;

	gi_jt_free(v);
	gi_buf_release(&err);
	return ok;
}

static void test_parse(void)
{
	struct gi_jt *v;
	gi_buf err = GI_BUF_INIT;
	const char *s = "{\"a\": [1, -2.5e3, true, false, null], "
		"\"k\\u00e9y\": \"\\ud83d\\ude00\\n\", \"a\": {}}";
	char deep[2 * GI_JT_MAX_DEPTH + 8];
	size_t i;

	CHECK(gi_jt_parse(&v, s, strlen(s), &err) == 0, "a valid document");
	CHECK(v->type == GI_JT_OBJECT && v->nr == 3, "three members");
	CHECK(gi_jt_get(v, "a") == &v->kids[2], "the last of a duplicate key");
	CHECK_STR(v->kids[1].key, "k\xc3\xa9y", "an escaped key, decoded");
	CHECK(gi_jt_is_str(&v->kids[1], "\xf0\x9f\x98\x80\n"),
	      "a surrogate pair, decoded");
	CHECK(v->kids[0].key_start == 1 && v->kids[0].start == 6 &&
	      v->kids[0].end == 36, "positions of a member");
	gi_jt_free(v);

	CHECK(!parses("{\"a\": 1,}"), "a trailing comma");
	CHECK(!parses("{a: 1}"), "a bare key");
	CHECK(!parses("[01]"), "a leading zero");
	CHECK(!parses("[1.]"), "a bare decimal point");
	CHECK(!parses("\"a\tb\""), "a raw tab in a string");
	CHECK(!parses("[1] [2]"), "two values");
	CHECK(!parses("// c\n{}"), "a comment");
	CHECK(!parses(""), "nothing");
	CHECK(parses("\xef\xbb\xbf {}\r\n"), "a byte order mark and CRLF");
	for (i = 0; i <= GI_JT_MAX_DEPTH; i++)
		deep[i] = '[';
	deep[i] = '\0';
	CHECK(!parses(deep), "nesting past the limit is refused");

	gi_buf_reset(&err);
	CHECK(gi_jt_parse(&v, "{\n  \"a\" 1\n}", 11, &err) < 0 &&
	      !strcmp(err.buf, "line 2, column 7: expected ':'"),
	      "the error says where");
	gi_buf_release(&err);
}

/* add, then remove: the original text again, byte for byte */
static int round_trip(const char *orig, const char *name)
{
	gi_buf added = GI_BUF_INIT, back = GI_BUF_INIT, err = GI_BUF_INIT;
	int ok;

	ok = gi_claude_settings_add(&added, orig, strlen(orig),
				    gi_claude_hooks, &err) == 1 &&
		parses(added.buf) &&
		gi_claude_settings_has(added.buf, added.len,
				       "SessionStart") == 1 &&
		gi_claude_settings_remove(&back, added.buf, added.len,
					  &err) >= 1 &&
		!strcmp(back.buf, orig);
	CHECK(ok, name);
	gi_buf_release(&added);
	gi_buf_release(&back);
	gi_buf_release(&err);
	return ok;
}

static void test_settings(void)
{
	gi_buf out = GI_BUF_INIT, again = GI_BUF_INIT, err = GI_BUF_INIT;
	const char *user = "{\n  \"hooks\": {\n    \"SessionStart\": [\n"
		"      {\"hooks\": [{\"type\": \"command\", \"command\": "
		"\"echo hi\"}]}\n    ]\n  }\n}\n";

	round_trip(user, "after a user's SessionStart hook, and back");
	round_trip("{\"model\":\"x\"}", "a compact file, and back");
	round_trip("{\n\t\"a\": [\n\t\t1\n\t]\n}", "tabs, and back");
	round_trip("{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": "
		   "\"command\", \"command\": \"echo\"}]}]}, \"x\": 1}",
		   "a user's Stop hook, and back");
	round_trip("{\"hooks\": {\"PreToolUse\": []}, \"x\": 1}",
		   "another event, and back");

	CHECK(gi_claude_settings_add(&out, user, strlen(user),
				     gi_claude_hooks, &err) == 1,
	      "added to a user file");
	CHECK(strstr(out.buf, "\"echo hi\"}]},\n      {\n        "
		     "\"hooks\": [") != NULL,
	      "on its own line, indented as the one before");
	CHECK(gi_claude_settings_add(&again, out.buf, out.len,
				     gi_claude_hooks, &err) == 0,
	      "a second time: nothing to do");
	CHECK(gi_claude_settings_has(out.buf, out.len, "Stop") == 1 &&
	      strstr(out.buf, "\"Stop\": [\n      {\n        \"hooks\": [\n"
		     "          {\n            \"type\": \"command\",\n"
		     "            \"command\": \"git issue-hook claude stop\","
		     "\n            \"timeout\": 10\n") != NULL,
	      "the Stop hook: its own list, no matcher, a timeout");
	{
		/* an install from before the Stop hook: it is added */
		const struct gi_claude_hook start_only[] = {
			gi_claude_hooks[0], { NULL, NULL, NULL, 0 }
		};

		CHECK(gi_claude_settings_add(&again, NULL, 0, start_only,
					     &err) == 1 &&
		      gi_claude_settings_has(again.buf, again.len, "Stop") == 0 &&
		      gi_claude_settings_add(&out, again.buf, again.len,
					     gi_claude_hooks, &err) == 1 &&
		      gi_claude_settings_has(out.buf, out.len, "Stop") == 1,
		      "an older install gets the Stop hook");
	}
	{
		/* an install with the matcher of four sources: replaced,
		 * the user's own hook kept where it was */
		const char *old =
			"{\"hooks\": {\"SessionStart\": [{\"hooks\": [{\"type\": "
			"\"command\", \"command\": \"echo mine\"}]}, "
			"{\"matcher\": \"startup|resume|clear|compact\", "
			"\"hooks\": [{\"type\": \"command\", \"command\": "
			"\"git issue-hook claude session-start\", "
			"\"timeout\": 10}]}]}, \"x\": 1}";

		CHECK(gi_claude_settings_add(&out, old, strlen(old),
					     gi_claude_hooks, &err) == 1 &&
		      !strstr(out.buf, "startup|resume") &&
		      strstr(out.buf, "{\"hooks\": {\"SessionStart\": "
			     "[{\"hooks\": [{\"type\": \"command\", "
			     "\"command\": \"echo mine\"}]}") &&
		      gi_claude_settings_has(out.buf, out.len,
					     "PostToolUse") == 1 &&
		      gi_claude_settings_add(&again, out.buf, out.len,
					     gi_claude_hooks, &err) == 0,
		      "an older matcher is replaced, once");
	}

	gi_buf_reset(&err);
	CHECK(gi_claude_settings_add(&out, "{\"hooks\": 3}", 12,
				     gi_claude_hooks, &err) < 0 &&
	      strstr(err.buf, "not an object"), "hooks not an object");
	gi_buf_reset(&err);
	CHECK(gi_claude_settings_add(&out, "[]", 2, gi_claude_hooks,
				     &err) < 0 &&
	      strstr(err.buf, "not a JSON object"), "not an object at all");

	/* one of ours inside a user's group: only that entry goes */
	{
		const char *mixed = "{\"hooks\": {\"SessionStart\": [{\"hooks\": "
			"[{\"type\": \"command\", \"command\": \"a\"}, "
			"{\"type\": \"command\", \"command\": "
			"\"git issue-hook claude session-start\"}]}]}}";

		CHECK(gi_claude_settings_remove(&out, mixed, strlen(mixed),
						&err) == 1 &&
		      !strcmp(out.buf, "{\"hooks\": {\"SessionStart\": "
			      "[{\"hooks\": [{\"type\": \"command\", "
			      "\"command\": \"a\"}]}]}}"),
		      "ours out of a mixed group");
	}
	CHECK(gi_claude_settings_add(&out, NULL, 0, gi_claude_hooks, &err) == 1 &&
	      gi_claude_settings_remove(&again, out.buf, out.len, &err) == 2,
	      "a file of ours alone: nothing left");
	gi_buf_release(&out);
	gi_buf_release(&again);
	gi_buf_release(&err);
}

static void test_block(void)
{
	gi_buf out = GI_BUF_INIT, back = GI_BUF_INIT;

	CHECK(gi_block_put(&out, "a\nb", 3, &gi_block_markdown, "x\n") ==
	      GI_BLOCK_ADDED &&
	      !strcmp(out.buf, "a\nb\n<!-- BEGIN git-issue (newline added) "
		      "-->\nx\n<!-- END git-issue -->\n"),
	      "a block after a last line without a newline");
	CHECK(gi_block_cut(&back, out.buf, out.len, &gi_block_markdown) ==
	      GI_BLOCK_REMOVED && !strcmp(back.buf, "a\nb"),
	      "cut again: the newline goes too");
	CHECK(gi_block_put(&back, out.buf, out.len, &gi_block_markdown,
			   "x\n") == GI_BLOCK_UNCHANGED, "the same again");
	CHECK(gi_block_put(&back, out.buf, out.len, &gi_block_markdown,
			   "y\n") == GI_BLOCK_UPDATED &&
	      strstr(back.buf, "(newline added) -->\ny\n"),
	      "updated in place, the mark kept");
	CHECK(gi_block_put(&out, NULL, 0, &gi_block_hash, "/x\n") ==
	      GI_BLOCK_CREATED &&
	      gi_block_cut(&back, out.buf, out.len, &gi_block_hash) ==
	      GI_BLOCK_DELETED, "a file of the block alone");
	gi_buf_release(&out);
	gi_buf_release(&back);
}

#define BLOCK_WRITERS 6
#define BLOCK_ROUNDS 20

/* One writer's block in the shared file, put again and again. */
static void block_writer(const char *path, int k)
{
	char begin[32], end[32], body[32];
	struct gi_block_style st = { begin, "", end };
	gi_buf err = GI_BUF_INIT;
	int i;

	snprintf(begin, sizeof(begin), "# BEGIN writer %d", k);
	snprintf(end, sizeof(end), "# END writer %d", k);
	for (i = 0; i < BLOCK_ROUNDS; i++) {
		snprintf(body, sizeof(body), "round %d\n", i);
		if (gi_block_file_put(path, &st, body, 0644, &err) < 0)
			_exit(1);
	}
	_exit(0);
}

/*
 * Concurrent installs edit one file of the user's: each takes the lock
 * before it reads, so none loses another's block (with one fixed temp
 * name and fopen("w"), they wrote over each other). A lock a killed
 * writer left is named, with what to do.
 */
static void test_block_files(void)
{
	char dir[] = "/tmp/gi-test-block-XXXXXX";
	gi_buf path = GI_BUF_INIT, text = GI_BUF_INIT, want = GI_BUF_INIT;
	gi_buf err = GI_BUF_INIT;
	pid_t pid[BLOCK_WRITERS];
	int k, status, ok = 1;

	if (!CHECK(mkdtemp(dir), "a scratch folder"))
		return;
	gi_buf_addf(&path, "%s/CLAUDE.md", dir);
	for (k = 0; k < BLOCK_WRITERS; k++) {
		pid[k] = fork();
		if (!pid[k])
			block_writer(path.buf, k);
	}
	for (k = 0; k < BLOCK_WRITERS; k++)
		ok &= waitpid(pid[k], &status, 0) == pid[k] &&
			WIFEXITED(status) && !WEXITSTATUS(status);
	CHECK(ok, "concurrent block writers: every write succeeded");
	gi_buf_read_file(&text, path.buf);
	for (k = 0; k < BLOCK_WRITERS; k++) {
		gi_buf_reset(&want);
		gi_buf_addf(&want, "# BEGIN writer %d\nround %d\n"
			    "# END writer %d\n", k, BLOCK_ROUNDS - 1, k);
		ok &= strstr(text.buf, want.buf) != NULL;
	}
	CHECK(ok, "concurrent block writers: no block lost");
	gi_buf_addch(&path, '.');
	gi_buf_adds(&path, "lock");
	CHECK(access(path.buf, F_OK) < 0, "no lock left behind");

	close(open(path.buf, O_WRONLY | O_CREAT, 0666));
	gi_buf_setlen(&path, path.len - 5);
	CHECK(gi_block_file_put(path.buf, &gi_block_markdown, "x\n", 0644,
				&err) == -1 &&
	      strstr(err.buf, "CLAUDE.md.lock': File exists") &&
	      strstr(err.buf, "remove '"), "a lock left behind: named, "
	      "with what to do");
	gi_buf_reset(&text);
	gi_buf_addf(&text, "rm -rf '%s'", dir);
	CHECK(!system(text.buf), "the scratch folder removed");
	gi_buf_release(&path);
	gi_buf_release(&text);
	gi_buf_release(&want);
	gi_buf_release(&err);
}

static void test_measure(void)
{
	const char *s = "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80";

	CHECK(gi_brief_measure(s, strlen(s), GI_BRIEF_BYTES) == 10,
	      "bytes");
	CHECK(gi_brief_measure(s, strlen(s), GI_BRIEF_UTF16) == 5,
	      "UTF-16 units: a 4-byte character counts two");
}

static void test_session(void)
{
	struct gi_session s, back;
	gi_buf text = GI_BUF_INIT;
	char longest[GI_SESSION_ID_MAX + 2];

	CHECK(gi_session_id_ok("a4603ca1-1b2c-4d5e-8f90-123456789abc"),
	      "a UUID is a session id");
	CHECK(gi_session_id_ok("A_b-9"), "letters, digits, - and _");
	CHECK(!gi_session_id_ok(NULL) && !gi_session_id_ok(""),
	      "none, or empty: not one");
	CHECK(!gi_session_id_ok("../x") && !gi_session_id_ok("a/b") &&
	      !gi_session_id_ok(".") && !gi_session_id_ok("a b") &&
	      !gi_session_id_ok("a\nb") && !gi_session_id_ok("\xc3\xa9"),
	      "dots, slashes, blanks, controls, other bytes: not one");
	memset(longest, 'x', sizeof(longest));
	longest[GI_SESSION_ID_MAX] = '\0';
	CHECK(gi_session_id_ok(longest), "the longest id");
	longest[GI_SESSION_ID_MAX] = 'x';
	longest[GI_SESSION_ID_MAX + 1] = '\0';
	CHECK(!gi_session_id_ok(longest), "one longer: not one");

	memset(&s, 0, sizeof(s));
	s.worktree = "/w/issue-\"7\"";
	strcpy(s.start, "2026-11-24T09:12:41.052311Z");
	strcpy(s.head, "0123456789012345678901234567890123456789");
	strcpy(s.work, "");
	s.asked = 1;
	gi_session_format(&text, &s);
	CHECK(!gi_session_parse(&back, text.buf, text.len) &&
	      !strcmp(back.worktree, s.worktree) &&
	      !strcmp(back.start, s.start) && !strcmp(back.head, s.head) &&
	      !*back.work && back.asked, "a session file, and back");
	gi_session_release(&back);
	CHECK(gi_session_parse(&back, "{}", 2) < 0 &&
	      gi_session_parse(&back, "x", 1) < 0, "not a session file");
	gi_buf_reset(&text);
	gi_buf_adds(&text, "{\"version\":2,\"worktree\":\"/w\",\"start\":\"s\","
		    "\"head\":\"\",\"work\":\"\",\"asked\":false}");
	CHECK(gi_session_parse(&back, text.buf, text.len) < 0,
	      "another version: not read");
	gi_buf_reset(&text);
	gi_buf_adds(&text, "{\"version\":1,\"worktree\":\"/w\",\"start\":\"s\","
		    "\"head\":\"01234567890123456789012345678901234567890\","
		    "\"work\":\"\",\"asked\":false}");
	CHECK(gi_session_parse(&back, text.buf, text.len) < 0,
	      "a head too long for its field: not read");
	gi_buf_reset(&text);
	gi_buf_adds(&text, "{\"version\":1,\"worktree\":\"/w\",\"start\":\"s\","
		    "\"head\":\"\",\"work\":\"\",\"asked\":\"no\"}");
	CHECK(gi_session_parse(&back, text.buf, text.len) < 0,
	      "asked not a boolean: not read");
	gi_buf_release(&text);
}

/* The terms of `text` (a lesson), as "p:x c:y ..." */
static char *lesson_terms(const char *text)
{
	struct gi_terms t = { NULL, 0, 0 };
	gi_buf out = GI_BUF_INIT;
	size_t i;

	gi_terms_of_lesson(&t, text);
	for (i = 0; i < t.nr; i++)
		gi_buf_addf(&out, "%s%c:%s", i ? " " : "", t.v[i].kind,
			    t.v[i].text);
	gi_terms_release(&t);
	return gi_buf_detach(&out, NULL);
}

static int meets(const char *lesson, const char *path, const char *cmd)
{
	struct gi_terms l = { NULL, 0, 0 }, u = { NULL, 0, 0 };
	int hit;

	gi_terms_of_lesson(&l, lesson);
	if (path)
		gi_terms_add(&u, GI_TERM_PATH, path, strlen(path));
	if (cmd)
		gi_terms_of_command(&u, cmd);
	hit = gi_terms_match(&l, &u) != NULL;
	gi_terms_release(&l);
	gi_terms_release(&u);
	return hit;
}

static void test_terms(void)
{
	static const struct {
		const char *text, *terms;
	} cases[] = {
		{ "edit nginx.conf, then reload", "p:nginx.conf" },
		{ "see src/app.c:42 and (lib/x.h).", "p:src/app.c p:lib/x.h" },
		{ "the .env file and the Makefile", "p:.env p:Makefile" },
		{ "e.g. this, i.e. that, v1.2 and 2.1.197", "" },
		{ "and/or client/server", "" },
		{ "/etc/hosts and ~/.bashrc and ./run.sh", "p:/etc/hosts "
		  "p:~/.bashrc p:run.sh" },
		{ "http://example.com/a.html is a URL", "" },
		{ "run `npm ci --offline` then `make -j8`",
		  "c:npm ci c:make" },
		{ "to make it faster", "" },
		{ "`cat foo.txt` and `sudo FOO=1 docker compose up`",
		  "p:foo.txt c:docker compose" },
		{ "`git issue-note --tried x` and ``git rebase -i``",
		  "c:git rebase" },
		{ "a glob **/*.conf", "" },
	};
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(cases); i++) {
		char *got = lesson_terms(cases[i].text);

		CHECK_STR(got, cases[i].terms, cases[i].text);
		free(got);
	}
	CHECK(meets("nginx.conf", "/etc/nginx/nginx.conf", NULL),
	      "a file name meets a path ending in it");
	CHECK(meets("/etc/nginx/nginx.conf", "nginx.conf", NULL),
	      "and the other way round");
	CHECK(meets("src/app.c", "/w/src/app.c", NULL) &&
	      !meets("src/app.c", "/w/lib/app.c", NULL) &&
	      !meets("src/app.c", "/w/xsrc/app.c", NULL),
	      "folders meet at a '/'");
	CHECK(!meets("nginx.conf", "/w/nginx.conf.bak", NULL),
	      "a longer name does not meet");
	CHECK(meets("`npm ci`", NULL, "cd x && npm ci --offline") &&
	      !meets("`npm ci`", NULL, "npm install") &&
	      !meets("`npm ci`", NULL, "npm") &&
	      meets("`npm`", NULL, "npm ci"),
	      "a command meets a call that starts with its words");
	CHECK(meets("`make`", NULL, "/usr/bin/make all") &&
	      meets("`make`", NULL, "FOO=1 timeout 30 make"),
	      "a command's path, variables and wrappers do not count");
	CHECK(meets("edit nginx.conf", NULL, "vim conf/nginx.conf"),
	      "a shell command names paths too");
}

int main(void)
{
	test_parse();
	test_settings();
	test_block();
	test_block_files();
	test_measure();
	test_session();
	test_terms();
	return unit_done();
}
