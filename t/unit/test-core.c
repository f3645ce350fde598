/*
 * test-core: the small helpers every module leans on: gi_buf trimming and
 * its bound check, UTF-8 cuts, the option parser's command modes and
 * abbreviations, the choice of remote, sets of longs, writing all of
 * a buffer, and the numbers a note names (related-cache.h).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitissue/util/parallel.h"
#include "gitissue/util/buf.h"
#include "gitissue/util/options.h"
#include "gitissue/core/remote.h"
#include "core/related-cache.h"
#include "gitissue/util/utf8.h"
#include "gitissue/util/util.h"
#include "unit.h"

static void test_buf(void)
{
	gi_buf b = GI_BUF_INIT;
	char s[] = "/a/b///";
	pid_t pid;
	int status = 0;

	gi_buf_adds(&b, "\n\nline\r\n\n");
	gi_buf_rtrim(&b, "\r\n", 0);
	gi_buf_ltrim(&b, "\n");
	CHECK_STR(b.buf, "line", "rtrim and ltrim");
	gi_buf_rtrim(&b, "lnei", 1);
	CHECK_STR(b.buf, "l", "rtrim keeps what it must");
	CHECK_STR(gi_str_rtrim(s, "/", 1), "/a/b", "trailing slashes go");
	strcpy(s, "///");
	CHECK_STR(gi_str_rtrim(s, "/", 1), "/", "the root stays");
	gi_buf_reset(&b);
	CHECK(b.len == 0 && !*b.buf, "reset");
	gi_buf_release(&b);
	gi_buf_setlen(&b, 0);
	CHECK(b.buf == gi_buf_empty, "setlen 0 on an empty buffer is fine");

	/* past the allocation is a bug, not a silent no-op */
	fflush(stdout);
	pid = fork();
	if (!pid) {
		freopen("/dev/null", "w", stderr);
		gi_buf_adds(&b, "abc");
		gi_buf_setlen(&b, b.alloc + 5);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	      "setlen past the allocation aborts");
}

static void test_utf8(void)
{
	const char *s = "h\xc3\xa9llo";	/* héllo */

	CHECK(gi_utf8_width(s) == 5, "width counts characters");
	CHECK(gi_utf8_cut_bytes(s, strlen(s), 2) == 1,
	      "a byte cut never splits a character");
	CHECK(gi_utf8_cut_bytes(s, strlen(s), 3) == 3, "cut after it");
	CHECK(gi_utf8_cut_bytes(s, strlen(s), 99) == strlen(s), "no cut");
	CHECK(gi_utf8_cut_chars(s, 2) == 3, "two characters are 3 bytes");
	CHECK(gi_utf8_cut_chars(s, 9) == strlen(s), "shorter than max");
	CHECK(!gi_utf8_valid("\xed\xa0\x80", 3), "a surrogate is invalid");
	CHECK(!gi_utf8_valid("\xc0\xaf", 2), "an overlong form is invalid");
	CHECK(gi_utf8_valid(s, strlen(s)), "valid text");
}

enum { M_NONE, M_ADD, M_REMOVE };
static int mode, quiet, verbose;
static const char *name;
static const char *const usage[] = { "test [options]", NULL };
static const struct gi_option opts[] = {
	GI_OPT_CMDMODE(0, "add", &mode, M_ADD, "add"),
	GI_OPT_CMDMODE(0, "remove", &mode, M_REMOVE, "remove"),
	GI_OPT_BOOL('q', "quiet", &quiet, "quiet"),
	GI_OPT_BOOL(0, "verbose", &verbose, "verbose"),
	GI_OPT_BOOL(0, "verify", &verbose, "verify"),
	GI_OPT_STRING(0, "name", &name, "<n>", "name"),
	GI_OPT_END(),
};

/* Parse in a child: the exit code (129 on a usage error), or 0. */
static int parse(const char *a1, const char *a2)
{
	const char *argv[] = { "test", a1, a2, NULL };
	pid_t pid;
	int status = 0;

	fflush(stdout);
	pid = fork();
	if (!pid) {
		freopen("/dev/null", "w", stderr);
		gi_parse_options(a2 ? 3 : 2, argv, opts, usage);
		_exit(mode * 10 + quiet + (name && !strcmp(name, "x")) * 4);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_options(void)
{
	CHECK(parse("--add", NULL) == 10, "a command mode");
	CHECK(parse("--add", "--add") == 10, "the same mode twice");
	CHECK(parse("--add", "--remove") == 129,
	      "two modes cannot be used together");
	CHECK(parse("--rem", NULL) == 20, "a unique prefix is accepted");
	CHECK(parse("--qui", NULL) == 1, "a prefix of a bool");
	CHECK(parse("--q", "--no-qu") == 0, "a prefix of a --no- form");
	CHECK(parse("--ve", NULL) == 129, "an ambiguous prefix is refused");
	CHECK(parse("--na=x", NULL) == 4, "a prefix with =value");
	CHECK(parse("--bogus", NULL) == 129, "an unknown option");
	CHECK(parse("--no-add", NULL) == 129, "a mode has no --no- form");
}

static void test_remote(void)
{
	char *out = NULL;

	unsetenv("GIT_CONFIG_PARAMETERS");
	setenv("GIT_CONFIG_COUNT", "2", 1);
	setenv("GIT_CONFIG_KEY_0", "remote.up.url", 1);
	setenv("GIT_CONFIG_VALUE_0", "https://example.com/o/r", 1);
	setenv("GIT_CONFIG_KEY_1", "issue.remote", 1);
	setenv("GIT_CONFIG_VALUE_1", "up", 1);
	CHECK(!gi_remote_pick(NULL, NULL, 1, &out) && out &&
	      !strcmp(out, "up"), "issue.remote names the remote");
	free(out);
	CHECK(gi_remote_pick(NULL, "nowhere", 1, &out) == -1 && !out,
	      "a named remote that does not exist is an error");
	setenv("GIT_CONFIG_VALUE_1", "gone", 1);
	CHECK(gi_remote_pick(NULL, NULL, 1, &out) == -1,
	      "so is a configured one");
	setenv("GIT_CONFIG_COUNT", "1", 1);
	CHECK(!gi_remote_pick(NULL, NULL, 1, &out) && !out,
	      "without a repository, nothing else to choose from");
	CHECK(gi_remote_exists(NULL, "up"), "remote.<name>.url is a remote");
	out = gi_remote_url(NULL, "up");
	CHECK(out && !strcmp(out, "https://example.com/o/r"), "its url");
	free(out);
}

static void test_longs(void)
{
	long *v = NULL;
	size_t nr = 0, alloc = 0, i;

	for (i = 0; i < 40; i++)
		gi_longs_add(&v, &nr, &alloc, (long)(i % 20) - 5);
	CHECK(nr == 20, "each long is added once");
	CHECK(v[0] == -5 && v[19] == 14, "in the order first added");
	CHECK(gi_longs_has(v, nr, -5) && gi_longs_has(v, nr, 14),
	      "has what was added");
	CHECK(!gi_longs_has(v, nr, 15) && !gi_longs_has(NULL, 0, 1),
	      "and nothing else");
	free(v);
}

static void test_write_all(void)
{
	static char big[1 << 20];
	gi_buf got = GI_BUF_INIT;
	int fds[2];
	pid_t pid;
	int status = 0;

	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = 'y';
	if (pipe(fds) < 0) {
		CHECK(0, "pipe");
		return;
	}
	/* more than a pipe holds: write(2) returns short, the loop goes on */
	pid = fork();
	if (!pid) {
		close(fds[0]);
		_exit(gi_write_all(fds[1], big, sizeof(big)) ? 1 : 0);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		gi_buf_grow(&got, 65536);
		n = read(fds[0], got.buf + got.len, got.alloc - got.len - 1);
		if (n <= 0)
			break;
		gi_buf_setlen(&got, got.len + (size_t)n);
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "write_all: 0");
	CHECK(got.len == sizeof(big) && !memcmp(got.buf, big, sizeof(big)),
	      "write_all writes every byte");
	CHECK(gi_write_all(-1, "a", 1) == -1, "write_all: -1 on a bad fd");
	gi_buf_release(&got);
}

static void square(size_t i, void *payload)
{
	((size_t *)payload)[i] += i * i + 1;
}

static void test_parallel_each(void)
{
	static size_t v[1000];
	size_t i, bad = 0;

	gi_parallel_each(GI_ARRAY_SIZE(v), square, v);
	for (i = 0; i < GI_ARRAY_SIZE(v); i++)
		bad += v[i] != i * i + 1;
	CHECK(!bad, "parallel_each: every item once, none twice");
	gi_parallel_each(0, square, v);
	CHECK(v[0] == 1, "parallel_each: no items, no call");
}

/* The numbers a note names: whole, after one of ':[,#', in range */
static void test_names_in(void)
{
	static const char s[] =
		"{\"parent\":95,\"blocked_by\":[7,95,3],\"text\":\"#12 x#13 "
		"#014 a14 :2147483647 :2147483648 :99999999999999999999 "
		",0 #8x\"}";
	static const uint32_t want[] = { 3, 7, 8, 12, 13, 95, 2147483647u };
	uint32_t *v;
	size_t nr, i;
	int same;

	gi_names_in(s, sizeof(s) - 1, &v, &nr);
	same = nr == sizeof(want) / sizeof(*want);
	for (i = 0; same && i < nr; i++)
		same = v[i] == want[i];
	CHECK(same, "a note names whole numbers after : [ , #, sorted, once");
	free(v);
	gi_names_in("no numbers", 10, &v, &nr);
	CHECK(!nr && !v, "none named: nothing allocated");
	gi_names_in("#5", 1, &v, &nr);
	CHECK(!nr, "the length is kept to");
	free(v);
}

int main(void)
{
	test_buf();
	test_utf8();
	test_options();
	test_remote();
	test_longs();
	test_write_all();
	test_parallel_each();
	test_names_in();
	return unit_done();
}
