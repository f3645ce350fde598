/*
 * test-note: a note as a set of lines, as cat_sort_uniq makes it
 * (lib/note.c), and the small helpers it leans on (lib/util.c).
 */
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/note.h"
#include "gitissue/util/repo.h"
#include "unit.h"

static char *join(const struct gi_lines *l)
{
	gi_buf b = GI_BUF_INIT;

	gi_lines_write(l, &b);
	return gi_buf_detach(&b, NULL);
}

static void test_lines(void)
{
	struct gi_lines a = GI_LINES_INIT, b = GI_LINES_INIT;
	const char *x = "c\n\na\nb\na\n";
	const char *y = "d\nb\n\n";
	char *s;

	gi_lines_parse(&a, x, strlen(x));
	s = join(&a);
	CHECK_STR(s, "a\nb\nc\n", "sorted, unique, empty lines dropped");
	free(s);
	gi_lines_parse(&b, y, strlen(y));
	gi_lines_union(&a, &b);
	s = join(&a);
	CHECK_STR(s, "a\nb\nc\nd\n", "union of two notes");
	free(s);
	CHECK(gi_lines_has(&a, "c", 1), "has a present line");
	CHECK(!gi_lines_has(&a, "e", 1), "has not an absent line");
	gi_lines_release(&a);
	gi_lines_release(&b);

	/* a prefix sorts before the longer line, as strcmp orders them */
	gi_lines_parse(&a, "ab\na\n", 5);
	s = join(&a);
	CHECK_STR(s, "a\nab\n", "prefix first");
	free(s);
	gi_lines_release(&a);

	/* no trailing newline: the last line still counts */
	gi_lines_parse(&a, "z\ny", 3);
	s = join(&a);
	CHECK_STR(s, "y\nz\n", "last line without newline");
	free(s);
	gi_lines_release(&a);
}

static void test_buf(void)
{
	gi_buf b = GI_BUF_INIT;
	char *s;
	size_t len;
	int i;

	CHECK(b.buf && !*b.buf, "empty buffer is an empty string");
	for (i = 0; i < 1000; i++)
		gi_buf_addf(&b, "%d,", i);
	CHECK(b.len == strlen(b.buf), "length tracks content");
	CHECK(!strncmp(b.buf + b.len - 4, "999,", 4), "formatted growth");
	s = gi_buf_detach(&b, &len);
	CHECK(b.buf && !b.len && len == strlen(s), "detach leaves it empty");
	free(s);
}

static void test_parse_numbers(void)
{
	long n = 0;
	unsigned long u;

	CHECK(!gi_parse_issue("31", &n) && n == 31, "31");
	CHECK(!gi_parse_issue("#31", &n) && n == 31, "#31");
	CHECK(!gi_parse_issue("2147483647", &n), "largest");
	CHECK(gi_parse_issue("2147483648", &n) < 0, "too large");
	CHECK(gi_parse_issue("0", &n) < 0, "zero");
	CHECK(gi_parse_issue("-1", &n) < 0, "negative");
	CHECK(gi_parse_issue("abc", &n) < 0, "letters");
	CHECK(gi_parse_issue("", &n) < 0, "empty");
	CHECK(gi_parse_issue("1 ", &n) < 0, "trailing space");
	CHECK(gi_parse_ulong("99999999999999999999999", &u) < 0, "overflow");
}

int main(void)
{
	test_lines();
	test_buf();
	test_parse_numbers();
	return unit_done();
}
