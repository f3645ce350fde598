/*
 * test-record: canonical record lines and their parsing (lib/record.c).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "gitissue/util/json.h"
#include "gitissue/core/record.h"
#include "gitissue/core/render.h"
#include "gitissue/util/utf8.h"
#include "unit.h"

static void test_format(void)
{
	gi_buf b = GI_BUF_INIT;
	struct gi_record_fields f = { 0 };
	cJSON *extra = cJSON_CreateObject();

	f.time = "2026-01-02T03:04:05.000006Z";
	f.id = "0123456789abcdef";
	f.kind = "lesson";
	f.tried = "a \"quoted\" \\ thing";
	f.failed = "tab\there\nnewline";
	f.solution = "esc\x1b bell\x07 del\x7f";
	f.branch = "issue/1";
	cJSON_AddNumberToObject(extra, "zeta", 5000000001.0);
	cJSON_AddStringToObject(extra, "alpha", "x");
	f.extra = extra;
	CHECK(!gi_record_format(&b, &f), "format succeeds");
	CHECK_STR(b.buf,
		  "{\"time\":\"2026-01-02T03:04:05.000006Z\","
		  "\"id\":\"0123456789abcdef\",\"kind\":\"lesson\","
		  "\"tried\":\"a \\\"quoted\\\" \\\\ thing\","
		  "\"failed\":\"tab\\there\\nnewline\","
		  "\"solution\":\"esc\\u001b bell\\u0007 del\\u007f\","
		  "\"branch\":\"issue/1\",\"alpha\":\"x\",\"zeta\":5000000001}",
		  "canonical order, escapes, extra fields sorted, big ints exact");
	cJSON_Delete(extra);

	gi_buf_reset(&b);
	f.extra = NULL;
	f.kind = NULL;
	CHECK(gi_record_format(&b, &f) < 0, "a record needs a kind");
	gi_buf_release(&b);
}

static void test_utf8(void)
{
	gi_buf b = GI_BUF_INIT;

	CHECK(gi_utf8_valid("caf\xc3\xa9", 5), "valid two-byte sequence");
	CHECK(!gi_utf8_valid("caf\xe9", 4), "latin-1 byte is invalid");
	CHECK(!gi_utf8_valid("\xc0\xaf", 2), "overlong form is invalid");
	CHECK(!gi_utf8_valid("\xed\xa0\x80", 3), "surrogate is invalid");
	gi_json_add_string(&b, "a\xe9z", 3);
	CHECK_STR(b.buf, "\"a\xef\xbf\xbdz\"", "invalid byte becomes U+FFFD");
	gi_buf_release(&b);
}

static void test_parse(void)
{
	struct gi_record r;
	const char *good = "{\"time\":\"t\",\"id\":\"i\",\"kind\":\"note\","
			   "\"text\":\"hi\",\"unknown\":{\"x\":1}}";
	const char *noid = "{\"time\":\"t\",\"kind\":\"note\"}";
	const char *junk = "not json at all";
	const char *arr = "[1,2,3]";

	CHECK(!gi_record_parse(&r, good, strlen(good)), "valid record parses");
	CHECK(r.text && !strcmp(r.text, "hi"), "text field read");
	CHECK(r.line == good && r.line_len == strlen(good), "raw line kept");
	gi_record_release(&r);
	CHECK(gi_record_parse(&r, noid, strlen(noid)) < 0, "missing id: malformed");
	CHECK(r.line == noid && !r.json, "malformed keeps the line");
	CHECK(gi_record_parse(&r, junk, strlen(junk)) < 0, "junk: malformed");
	CHECK(gi_record_parse(&r, arr, strlen(arr)) < 0, "array: malformed");
	/* a line is never read past its length */
	CHECK(!gi_record_parse(&r, good, strlen(good)) && r.json,
	      "parse within length");
	gi_record_release(&r);
}

static void test_resolve(void)
{
	const char *lines[] = {
		"{\"time\":\"1\",\"id\":\"a\",\"kind\":\"note\"}",
		"{\"time\":\"2\",\"id\":\"b\",\"kind\":\"note\",\"supersedes\":\"a\"}",
		"{\"time\":\"3\",\"id\":\"c\",\"kind\":\"retract\",\"supersedes\":\"b\"}",
		"{\"time\":\"4\",\"id\":\"d\",\"kind\":\"note\"}",
	};
	struct gi_record r[4];
	size_t i;

	for (i = 0; i < 4; i++)
		gi_record_parse(&r[i], lines[i], strlen(lines[i]));
	gi_records_resolve(r, 4);
	CHECK(r[0].superseded && r[1].superseded, "superseded chain marked");
	CHECK(!r[2].superseded && !r[3].superseded, "others untouched");
	for (i = 0; i < 4; i++)
		gi_record_release(&r[i]);
}

static void test_printable(void)
{
	gi_buf b = GI_BUF_INIT;
	const char *json;

	gi_add_printable(&b, "a\x1b[2Jb\tc\nd\x7f");
	CHECK_STR(b.buf, "a^[[2Jb\tc\nd^?", "controls in caret notation");
	gi_buf_reset(&b);
	gi_add_printable(&b, "x\xc2\x9b" "1m\xe2\x80\xae" "y\x9b" "z\xc3\xa9");
	CHECK_STR(b.buf, "x<U+009B>1m<U+202E>y\\x9bz\xc3\xa9",
		  "C1, bidi override, a stray byte; UTF-8 kept");
	gi_buf_reset(&b);
	/* tag "h", ZWSP, ZWJ, WJ, BOM, soft hyphen, VS17, LS */
	gi_add_printable(&b, "a\xf3\xa0\x81\xa8" "b\xe2\x80\x8b" "c"
			 "\xe2\x80\x8d" "d\xe2\x81\xa0" "e\xef\xbb\xbf"
			 "f\xc2\xad" "g\xf3\xa0\x84\x80" "h\xe2\x80\xa8");
	CHECK_STR(b.buf, "a<U+E0068>b<U+200B>c<U+200D>d<U+2060>e<U+FEFF>"
		  "f<U+00AD>g<U+E0100>h<U+2028>",
		  "invisible characters shown as <U+XXXX>");
	gi_buf_reset(&b);
	/* a heart with VS16 kept; a second VS16, or one after a space, not */
	gi_add_printable(&b, "\xe2\x9d\xa4\xef\xb8\x8f" "\xef\xb8\x8f"
			 " \xef\xb8\x8e");
	CHECK_STR(b.buf, "\xe2\x9d\xa4\xef\xb8\x8f<U+FE0F> <U+FE0E>",
		  "one presentation selector after a shown character kept");
	gi_buf_reset(&b);
	json = "\"a\xf3\xa0\x81\xa8\xe2\x80\x8b\xc3\xa9\"";
	gi_json_add_visible(&b, json, strlen(json));
	CHECK_STR(b.buf, "\"a\\udb40\\udc68\\u200b\xc3\xa9\"",
		  "JSON output: invisible characters as \\u escapes");
	gi_buf_reset(&b);
	{
		char nul[] = "[\"a\\u0000b\", \"\\\\u0000\", \"\\u00001\\u0000";

		CHECK(gi_json_repair_nul(nul, strlen(nul)) == 3,
		      "\\u0000 escapes counted, an escaped backslash not");
		CHECK_STR(nul, "[\"a\\ufffdb\", \"\\\\u0000\", \"\\ufffd1\\ufffd",
			  "\\u0000 escapes become \\ufffd in place");
	}
	{
		/* the eight-byte fast path: each boundary byte at each
		 * position of a long run of ASCII */
		static const struct { char c; const char *shown; } edge[] = {
			{ '\x1f', "^_" }, { '\x7f', "^?" }, { '\x80', "\\x80" },
			{ '\xff', "\\xff" },
			{ ' ', " " }, { '~', "~" },
		};
		char in[24], want[48];
		size_t e, at, bad = 0;

		for (e = 0; e < GI_ARRAY_SIZE(edge); e++)
			for (at = 0; at < 20; at++) {
				memset(in, 'a', 20);
				in[20] = '\0';
				in[at] = edge[e].c;
				snprintf(want, sizeof(want), "%.*s%s%s", (int)at,
					 in, edge[e].shown, in + at + 1);
				gi_buf_reset(&b);
				gi_add_printable(&b, in);
				bad += !!strcmp(b.buf, want);
			}
		CHECK(!bad, "runs of ASCII: a control, DEL or high byte "
		      "anywhere in them is seen");
		gi_buf_reset(&b);
	}
	gi_add_printable_line(&b, "a\tb\nc\rd");
	CHECK_STR(b.buf, "a b c d", "one line: tabs and newlines are spaces");
	gi_buf_reset(&b);
	gi_add_quoted(&b, "plain/path.c");
	CHECK_STR(b.buf, "plain/path.c", "a harmless path unchanged");
	gi_buf_reset(&b);
	gi_add_quoted(&b, "a\tb\n\"\\\x1b" "\xe2\x80\xae\xff");
	CHECK_STR(b.buf, "\"a\\tb\\n\\\"\\\\\\033\\342\\200\\256\\377\"",
		  "a hostile path quoted as git does");
	gi_buf_release(&b);
}

int main(void)
{
	test_format();
	test_utf8();
	test_parse();
	test_resolve();
	test_printable();
	return unit_done();
}
