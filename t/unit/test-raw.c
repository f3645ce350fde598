/*
 * test-raw: reading notes without parsing them (lib/core/raw.c) and the
 * summaries made that way (lib/core/summary.c), checked against what
 * cJSON and a full load make of the same lines.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/raw.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/record.h"
#include "gitissue/core/summary.h"
#include "unit.h"

static void test_needle(void)
{
	struct gi_needle n;
	const char *hay = "xx Hello World hello";

	gi_needle_init(&n, "hello", 5, 1);
	CHECK(gi_needle_find(&n, hay, strlen(hay)) == hay + 3,
	      "folded: the first occurrence, whatever the case");
	CHECK(gi_needle_find(&n, hay + 4, strlen(hay) - 4) == hay + 15,
	      "folded: the next one");
	CHECK(!gi_needle_find(&n, "hell", 4), "shorter haystack");
	gi_needle_release(&n);

	gi_needle_init(&n, "hello", 5, 0);
	CHECK(gi_needle_find(&n, hay, strlen(hay)) == hay + 15,
	      "exact case: skips Hello");
	gi_needle_release(&n);

	gi_needle_init(&n, "d", 1, 0);
	CHECK(gi_needle_find(&n, hay, strlen(hay)) == hay + 13,
	      "one byte");
	gi_needle_release(&n);

	gi_needle_init(&n, "D", 1, 1);
	CHECK(gi_needle_find(&n, hay, strlen(hay)) == hay + 13,
	      "one byte, folded");
	gi_needle_release(&n);

	gi_needle_init(&n, "lo Wo", 5, 1);
	CHECK(gi_needle_find(&n, hay, strlen(hay)) == hay + 6,
	      "a skip table that handles repeats");
	gi_needle_release(&n);
}

static void test_escapes(void)
{
	static const struct { const char *s; size_t want; } cases[] = {
		{ "\\\"", 2 }, { "\\\\", 2 }, { "\\n", 2 }, { "\\t", 2 },
		{ "\\r", 2 }, { "\\u001b", 6 }, { "\\u007f", 6 },
		{ "\\u001B", 0 }, { "\\u000a", 0 }, { "\\u00e9", 0 },
		{ "\\/", 0 }, { "\\b", 0 }, { "\\u0041", 0 }, { "\\", 0 },
		{ "\\u00", 0 },
	};
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(cases); i++) {
		char name[64];

		snprintf(name, sizeof(name), "canonical escape '%s'",
			 cases[i].s);
		CHECK(gi_raw_canonical_escape(cases[i].s, cases[i].s +
					      strlen(cases[i].s)) ==
		      cases[i].want, name);
	}
	CHECK(gi_raw_has_foreign_escape("a\\u00e9b", 8), "foreign: \\u00e9");
	CHECK(!gi_raw_has_foreign_escape("a\\\\u00e9b", 9),
	      "an escaped backslash before u is canonical");
}

static int machine(const char *key, size_t len)
{
	return (len == 4 && !memcmp(key, "time", 4)) ||
		(len == 4 && !memcmp(key, "kind", 4));
}

static void test_in_text(void)
{
	const char *l = "{\"time\":\"2026 text\",\"kind\":\"note\","
		"\"text\":\"the time\",\"n\":12,\"tags\":[\"a\",{\"x\":\"y\"}]} "
		"\"trailing\"";
	const char *p;

	p = strstr(l, "time");
	CHECK(!gi_raw_in_text(l, strlen(l), (size_t)(p - l), machine),
	      "a key is not text");
	p = strstr(l, "2026");
	CHECK(!gi_raw_in_text(l, strlen(l), (size_t)(p - l), machine),
	      "a machine field is not text");
	p = strstr(l, "the time");
	CHECK(gi_raw_in_text(l, strlen(l), (size_t)(p - l), machine),
	      "a text field is");
	p = strstr(l, "12");
	CHECK(!gi_raw_in_text(l, strlen(l), (size_t)(p - l), machine),
	      "a number is not");
	p = strstr(l, "\"y\"") + 1;
	CHECK(gi_raw_in_text(l, strlen(l), (size_t)(p - l), machine),
	      "a string nested in a searched field is");
	p = strstr(l, "trailing");
	CHECK(!gi_raw_in_text(l, strlen(l), (size_t)(p - l), machine),
	      "after the object is never read");
	CHECK(gi_raw_in_text("not json at all", 15, 4, machine),
	      "a line it cannot follow may hold text");
	CHECK(gi_raw_in_text("{\"a\":\"b\\\"time\\\"\"}", 17, 10, machine),
	      "escaped quotes inside a value");
}

/* Lines that look like records in every way that can go wrong. */
static const char *const lines[] = {
	"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"0000000000000001\",\"kind\":\"note\",\"text\":\"plain\"}",
	"{\"time\":\"2026-01-01T00:00:01.000000Z\",\"id\":\"0000000000000002\",\"kind\":\"lesson\",\"tried\":\"x\",\"failed\":\"y\\nz\"}",
	"{\"time\":\"2026-01-01T00:00:02.000000Z\",\"id\":\"0000000000000003\",\"kind\":\"retract\",\"supersedes\":\"0000000000000001\"}",
	"{\"time\":\"2026-01-01T00:00:03.000000Z\",\"id\":\"0000000000000004\",\"kind\":\"note\",\"supersedes\":\"0000000000000002\",\"text\":\"instead\"}",
	"{\"time\":\"2026-01-01T00:00:04.000000Z\",\"id\":\"0000000000000005\",\"kind\":\"issue\",\"title\":\"T\",\"state\":\"open\"}",
	"{\"time\":\"2026-01-01T00:00:05.000000Z\",\"id\":\"0000000000000006\",\"kind\":\"comment\",\"text\":\"v1\",\"github_comment\":9,\"github_updated\":\"a\"}",
	"{\"time\":\"2026-01-01T00:00:06.000000Z\",\"id\":\"0000000000000007\",\"kind\":\"comment\",\"text\":\"v2\",\"github_comment\":9,\"github_updated\":\"b\"}",
	"{\"time\":\"2026-01-01T00:00:07.000000Z\",\"id\":\"0000000000000008\",\"kind\":\"claim\",\"branch\":\"issue/1\"}",
	"{\"time\":\"2026-01-01T00:00:08.000000Z\",\"id\":\"0000000000000009\",\"kind\":\"tried\",\"text\":\"old form\"}",
	"{\"time\": \"2026-01-01T00:00:09.000000Z\", \"id\": \"000000000000000a\", \"kind\": \"note\", \"text\": \"spaced\"}",
	"{\"time\":\"2026-01-01T00:00:10.000000Z\",\"id\":\"000000000000000b\",\"kind\":\"note\",\"text\":\"caf\\u00e9 a\\/b\"}",
	"{\"time\":\"2026-01-01T00:00:11.000000Z\",\"id\":\"000000000000000c\",\"k\\u0069nd\":\"note\",\"kind\":\"lesson\"}",
	"{\"time\":\"2026-01-01T00:00:12.000000Z\",\"id\":\"000000000000000d\",\"kind\":\"note\",\"kind\":\"lesson\"}",
	"{\"time\":\"2026-01-01T00:00:13.000000Z\",\"id\":\"000000000000000e\",\"kind\":\"note\"} trailing",
	"{\"time\":\"2026-01-01T00:00:14.000000Z\",\"id\":\"000000000000000f\",\"kind\":\"future\",\"x\":[1,2,{\"y\":null}]}",
	"{\"time\":\"2026-01-01T00:00:15.000000Z\",\"id\":\"ID with spaces\",\"kind\":\"note\"}",
	"{\"time\":\"2026-01-01T00:00:16.000000Z\",\"id\":\"0000000000000010\",\"kind\":\"note\",\"supersedes\":7}",
	"{\"time\":\"2026-01-01T00:00:17.000000Z\",\"id\":\"0000000000000011\",\"kind\":\"note\",\"supersedes\":\"0000000000000009\"}",
	"{\"time\":\"2026-01-01T00:00:18.000000Z\",\"kind\":\"note\"}",
	"{\"time\":2026,\"id\":\"0000000000000012\",\"kind\":\"note\"}",
	"{\"time\":\"2026-01-01T00:00:19.000000Z\",\"id\":\"0000000000000013\",\"kind\":\"note\",\"n\":-0.5e+3,\"t\":true,\"f\":false}",
	"{\"time\":\"2026-01-01T00:00:20.000000Z\",\"id\":\"0000000000000014\",\"kind\":\"note\",\"bad\":\"\\x\"}",
	"{\"time\":\"2026-01-01T00:00:21.000000Z\",\"id\":\"0000000000000015\",\"kind\":\"note\",\"s\":\"\\ud83d\\ude00\"}",
	"{\"time\":\"2026-01-01T00:00:22.000000Z\",\"id\":\"0000000000000016\",\"kind\":\"note\",\"n\":01}",
	"{\"time\":\"2026-01-01T00:00:23.000000Z\",\"id\":\"0000000000000017\",\"kind\":\"release\",\"text\":\"tab\there\"}",
	"{\"time\":\"2026-01-01T00:00:24.000000Z\",\"id\":\"0000000000000018\",\"kind\":\"note\",\"text\":\"x\",}",
	"[\"not\",\"an\",\"object\"]",
	"not json",
	"{}",
	"{\"time\":\"2026-01-01T00:00:25.000000Z\",\"id\":\"0000000000000019\",\"kind\":\"note\",\"supersedes\":\"0000000000000019\"}",
	"{\"time\":\"2026-01-01T00:00:26.000000Z\",\"id\":\"000000000000001a\",\"kind\":\"lesson\"}",
};

/* The span is what cJSON reads as that member: absent when absent. */
static int agrees(const struct gi_raw_span *s, const cJSON *obj,
		  const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!s->p)
		return !v;
	return cJSON_IsString(v) && strlen(v->valuestring) == s->len &&
		!memcmp(v->valuestring, s->p, s->len);
}

static void test_record_read(void)
{
	size_t i;
	int agree = 1, some_fast = 0, some_slow = 0;

	for (i = 0; i < GI_ARRAY_SIZE(lines); i++) {
		struct gi_raw_record rr;
		cJSON *j;

		if (gi_raw_record_read(&rr, lines[i], strlen(lines[i]))) {
			some_slow = 1;
			continue;
		}
		some_fast = 1;
		/* what it says about the line, cJSON says too */
		j = cJSON_ParseWithLength(lines[i], strlen(lines[i]));
		if (!cJSON_IsObject(j) || !agrees(&rr.time, j, "time") ||
		    !agrees(&rr.id, j, "id") || !agrees(&rr.kind, j, "kind") ||
		    !agrees(&rr.supersedes, j, "supersedes") ||
		    rr.github_comment !=
		    !!cJSON_GetObjectItemCaseSensitive(j, "github_comment")) {
			printf("# differs: %s\n", lines[i]);
			agree = 0;
		}
		cJSON_Delete(j);
	}
	CHECK(agree, "the raw reader and cJSON agree on every line it reads");
	CHECK(some_fast && some_slow, "some lines read raw, some left to cJSON");
}

static void summary_equal(const char *note, const char *name)
{
	struct gi_summary a, b;
	int same;

	gi_summary_of_note(&a, note, strlen(note));
	gi_summary_of_note_loaded(&b, note, strlen(note));
#define SAME_STR(x, y) ((!(x) && !(y)) || ((x) && (y) && !strcmp((x), (y))))
	same = a.records == b.records && a.lessons == b.lessons &&
		a.malformed == b.malformed && SAME_STR(a.title, b.title) &&
		SAME_STR(a.state, b.state) &&
		SAME_STR(a.last_time, b.last_time) &&
		SAME_STR(a.last_text, b.last_text);
#undef SAME_STR
	if (!same)
		printf("# raw %zu/%zu/%zu %s, loaded %zu/%zu/%zu %s for:\n%s",
		       a.records, a.lessons, a.malformed,
		       a.last_text ? a.last_text : "-", b.records, b.lessons,
		       b.malformed, b.last_text ? b.last_text : "-", note);
	CHECK(same, name);
	gi_summary_release(&a);
	gi_summary_release(&b);
}

/* Random notes from the lines above: the raw summary must be the loaded
 * one, whatever the mix (sorted or not, duplicates, empty lines). */
static void test_summaries(void)
{
	unsigned int seed = 12345;
	int round, ok = 1;
	char *longtext;
	gi_buf note = GI_BUF_INIT;

	for (round = 0; round < 3000 && ok; round++) {
		struct gi_lines l = GI_LINES_INIT;
		size_t i, n;

		gi_buf_reset(&note);
		seed = seed * 1103515245 + 12345;
		n = 1 + (seed >> 16) % 8;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			/* mostly the plain ones, so the raw path runs too */
			gi_buf_adds(&note, lines[(seed >> 16) % 100 < 70 ?
					  (seed >> 8) % 4 :
					  (seed >> 8) % GI_ARRAY_SIZE(lines)]);
			gi_buf_addch(&note, '\n');
		}
		if (round % 2) {	/* stored notes are sorted sets */
			gi_buf reordered = GI_BUF_INIT;

			gi_lines_parse(&l, note.buf, note.len);
			gi_lines_write(&l, &reordered);
			gi_lines_release(&l);
			gi_buf_reset(&note);
			gi_buf_add(&note, reordered.buf, reordered.len);
			gi_buf_release(&reordered);
		}
		{
			struct gi_summary a, b;

			gi_summary_of_note(&a, note.buf, note.len);
			gi_summary_of_note_loaded(&b, note.buf, note.len);
			if (a.records != b.records || a.lessons != b.lessons ||
			    a.malformed != b.malformed ||
			    !a.last_text != !b.last_text ||
			    (a.last_text && strcmp(a.last_text, b.last_text))) {
				printf("# differs for:\n%s", note.buf);
				ok = 0;
			}
			gi_summary_release(&a);
			gi_summary_release(&b);
		}
	}
	CHECK(ok, "3,000 random notes: the raw summary is the loaded one");
	gi_buf_release(&note);

	summary_equal("", "an empty note");
	summary_equal("\n\n", "only empty lines");
	longtext = gi_xmalloc(2000);
	memset(longtext, 'x', 1999);
	longtext[1999] = '\0';
	gi_buf_addf(&note, "{\"time\":\"2026-01-01T00:00:00.000000Z\","
		    "\"id\":\"0000000000000001\",\"kind\":\"note\","
		    "\"text\":\"%s\"}\n", longtext);
	summary_equal(note.buf, "a long last text is cut the same way");
	free(longtext);
	gi_buf_release(&note);
}

int main(void)
{
	test_needle();
	test_escapes();
	test_in_text();
	test_record_read();
	test_summaries();
	return unit_done();
}
