/*
 * test-util: the shared mechanisms of lib/util: the sorted string set
 * (strset.c), the backoff and the report routine (util.c), and the
 * marked-block editor (marked-block.c) as git hooks use it (its other
 * styles: test-agent.c), SHA-256 (sha256.c) against FIPS 180-4's
 * examples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/run.h"
#include "gitissue/util/strset.h"
#include "gitissue/util/util.h"
#include "util/marked-block.h"
#include "util/sha256.h"
#include "unit.h"

static void test_strset(void)
{
	struct gi_strset s = GI_STRSET_INIT;

	gi_strset_finish(&s);
	CHECK(s.nr == 0 && !gi_strset_has(&s, "a"), "an empty set");
	gi_strset_add(&s, "lib/b.c");
	gi_strset_add(&s, "lib/a.c");
	gi_strset_addn(&s, "lib/b.c and more", 7);
	gi_strset_add(&s, "Makefile");
	gi_strset_add(&s, "lib/a.c");
	gi_strset_finish(&s);
	CHECK(s.nr == 3, "duplicates dropped");
	CHECK(!strcmp(s.v[0], "Makefile") && !strcmp(s.v[1], "lib/a.c") &&
	      !strcmp(s.v[2], "lib/b.c"), "in byte order");
	CHECK(gi_strset_has(&s, "lib/b.c") && gi_strset_has(&s, "Makefile"),
	      "members found");
	CHECK(!gi_strset_has(&s, "lib/c.c") && !gi_strset_has(&s, "lib/"),
	      "others not");
	gi_strset_add(&s, "a");
	gi_strset_add(&s, "lib/a.c");
	gi_strset_finish(&s);
	CHECK(s.nr == 4 && !strcmp(s.v[0], "Makefile") &&
	      !strcmp(s.v[1], "a"), "finished again after more adds");
	gi_strset_release(&s);
	CHECK(s.nr == 0 && !s.v, "released: empty again");
}

static void test_backoff(void)
{
	struct gi_backoff b = { 0, 1000, 4000, 0 };
	long t0 = gi_now_ms();
	int i, ok = 1;

	for (i = 0; i < 20; i++)
		ok &= gi_backoff(&b, i) == 0;
	/* 20 waits of at most 4 ms each */
	CHECK(ok && gi_now_ms() - t0 < 20 * 4 + 200, "waits within the cap");
	b.deadline_ms = gi_now_ms() + 1;
	b.floor_us = 50 * 1000;
	t0 = gi_now_ms();
	CHECK(gi_backoff(&b, 0) < 0 && gi_now_ms() - t0 < 40,
	      "no wait that would pass the deadline");
}

struct seen {
	gi_buf text;
	int nr;
};

static void remember(enum gi_report_kind kind, const char *msg, void *p)
{
	static const char *const name[] = { "E", "W", "F", "H" };
	struct seen *s = p;

	gi_buf_addf(&s->text, "%s[%s]", name[kind], msg);
	s->nr++;
}

static void test_report_routine(void)
{
	struct seen s = { GI_BUF_INIT, 0 };

	gi_set_report_routine(remember, &s);
	CHECK(gi_error("unable to read '%s'", "a\033b") == -1,
	      "gi_error still returns -1");
	gi_warning("two\nlines");
	gi_advise("do %d", 1);
	gi_set_report_routine(NULL, NULL);
	CHECK_STR(s.text.buf, "E[unable to read 'a^[b']W[two\nlines]H[do 1]",
		  "every printer goes through the routine, made safe");
	CHECK(s.nr == 3, "once each");
	gi_buf_release(&s.text);
}

/* What `print` puts on stderr through the default routine. */
static void printed(gi_buf *out, void (*print)(void))
{
	FILE *f = tmpfile();
	int saved = dup(2);
	char buf[256];
	size_t n;

	fflush(stderr);
	dup2(fileno(f), 2);
	print();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	gi_buf_reset(out);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		gi_buf_add(out, buf, n);
	fclose(f);
}

static void two_line_hint(void)
{
	gi_advise("first\nsecond");
}

static void two_line_error(void)
{
	gi_error("first\nsecond");
}

static void test_default_routine(void)
{
	gi_buf b = GI_BUF_INIT;

	printed(&b, two_line_hint);
	CHECK_STR(b.buf, "hint: first\nhint: second\n",
		  "a hint: every line prefixed, as git's advise()");
	printed(&b, two_line_error);
	CHECK_STR(b.buf, "error: first\nsecond\n",
		  "an error: the first line only, as before");
	gi_buf_release(&b);
}

static void test_hook_block(void)
{
	const char *user = "#!/bin/sh\nmake lint\n";
	gi_buf out = GI_BUF_INIT, back = GI_BUF_INIT;

	CHECK(gi_block_put(&out, "#!/bin/sh\n", 10, &gi_block_hook, "a\n") ==
	      GI_BLOCK_ADDED && !strcmp(out.buf, "#!/bin/sh\n## BEGIN "
					"git-issue\na\n## END git-issue\n"),
	      "a hook of ours: the shebang and the block");
	CHECK(gi_block_put(&out, user, strlen(user), &gi_block_hook, "a\n") ==
	      GI_BLOCK_ADDED &&
	      gi_block_put(&back, out.buf, out.len, &gi_block_hook, "b\n") ==
	      GI_BLOCK_UPDATED && strstr(back.buf, "lint\n## BEGIN git-issue\n"
					 "b\n## END git-issue\n"),
	      "after the user's lines, then updated in place");
	CHECK(gi_block_cut(&out, back.buf, back.len, &gi_block_hook) ==
	      GI_BLOCK_REMOVED && !strcmp(out.buf, user),
	      "cut: the user's hook byte for byte");
	CHECK(gi_block_cut(&out, back.buf, back.len, &gi_block_hash) ==
	      GI_BLOCK_ABSENT, "## markers are not # markers");
	gi_buf_release(&out);
	gi_buf_release(&back);
}

/* FIPS 180-4's examples, a message of a million bytes fed in uneven
 * pieces, and the lengths around the padding's edge (55, 56, 64 bytes,
 * checked against sha256sum) */
static void test_sha256(void)
{
	static const char *const long_in =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[GI_SHA256_HEXSZ + 1], a[64];
	unsigned char raw[GI_SHA256_RAWSZ];
	struct gi_sha256 c;
	int i;

	gi_sha256_hex(hex, "abc", 3);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		  "sha256: abc");
	gi_sha256_hex(hex, "", 0);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		  "sha256: empty");
	gi_sha256_hex(hex, long_in, strlen(long_in));
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
		  "sha256: 448 bits");
	memset(a, 'a', sizeof(a));
	gi_sha256_hex(hex, a, 55);
	CHECK_STR(hex, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
		  "sha256: 55 bytes");
	gi_sha256_hex(hex, a, 56);
	CHECK_STR(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
		  "sha256: 56 bytes");
	gi_sha256_hex(hex, a, 64);
	CHECK_STR(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
		  "sha256: 64 bytes");
	gi_sha256_init(&c);
	for (i = 0; i < 1000000; i += 37)
		gi_sha256_update(&c, a, 1000000 - i < 37 ? 1000000 - i : 37);
	gi_sha256_final(raw, &c);
	CHECK(raw[0] == 0xcd && raw[1] == 0xc7 && raw[31] == 0xd0,
	      "sha256: a million a's, in pieces");
}

int main(void)
{
	test_strset();
	test_backoff();
	test_report_routine();
	test_default_routine();
	test_hook_block();
	test_sha256();
	return unit_done();
}
