/*
 * test-edit: how an issue's edits (close, reopen, title, body, labels)
 * resolve from its records: laid over GitHub's side until mirrored, the
 * newest edit of a field deciding, GitHub's later change of the same field
 * winning and nothing else undoing an edit; a refused creation lifted by a
 * change; GitHub's limits and the body GitHub gets.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/edit.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"
#include "gitissue/util/utf8.h"
#include "unit.h"

/* Issue `n` from these record lines (NULL-terminated). */
static void load(struct gi_issue *is, long n, const char **lines)
{
	struct gi_lines l = GI_LINES_INIT;

	for (; *lines; lines++)
		gi_lines_add_copy(&l, *lines, strlen(*lines));
	gi_lines_normalize(&l);
	gi_issue_load_lines(is, &l, n, NULL, NULL);
}

#define AT(t, id) "{\"time\":\"2026-01-01T00:00:" t ".000000Z\",\"id\":\"" \
	id "\","
/* GitHub's side: an imported issue record */
#define GH(t, id, title, state, labels) AT(t, id) "\"kind\":\"issue\"," \
	"\"title\":\"" title "\",\"state\":\"" state "\",\"github_issue\":5," \
	"\"github_updated\":\"2026-01-01T00:00:" t "Z\",\"labels\":[" labels "]}"

static const char *labels_of(const struct gi_issue *is, char *buf)
{
	const cJSON *it;

	*buf = '\0';
	cJSON_ArrayForEach(it, gi_issue_labels(is)) {
		if (*buf)
			strcat(buf, ",");
		strcat(buf, it->valuestring);
	}
	return buf;
}

static void test_laid_over(void)
{
	struct gi_issue is;
	char buf[128];
	const char *lines[] = {
		GH("01", "00000000000000a1", "Old", "open", "\"bug\""),
		AT("02", "00000000000000e1") "\"kind\":\"edit\",\"title\":\"New\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		AT("03", "00000000000000e2") "\"kind\":\"edit\",\"state\":"
			"\"closed\",\"base\":\"00000000000000a1\",\"field\":"
			"\"state\",\"state_reason\":\"not_planned\"}",
		AT("04", "00000000000000e3") "\"kind\":\"edit\",\"label\":\"ui\","
			"\"op\":\"add\",\"field\":\"label\"}",
		AT("05", "00000000000000e4") "\"kind\":\"edit\",\"label\":\"BUG\","
			"\"op\":\"remove\",\"field\":\"label\"}",
		AT("06", "00000000000000e5") "\"kind\":\"edit\",\"field\":"
			"\"future\",\"x\":1}",
		NULL
	};

	load(&is, 5, lines);
	CHECK_STR(is.title, "New", "a title edit is laid over");
	CHECK_STR(is.state, "closed", "a close too");
	CHECK_STR(is.state_reason, "not_planned", "with its reason");
	CHECK_STR(labels_of(&is, buf), "ui", "labels added and removed");
	CHECK(is.edits.nr == 4 && is.edits.npending == 4,
	      "four edits pending; a field this version does not know is "
	      "kept, not counted");
	CHECK(gi_plan_record_listed(is.edits.v[0].rec) == 0,
	      "an edit without a why is not a listed record");
	gi_issue_release(&is);
}

static void test_mirrored_and_newest(void)
{
	struct gi_issue is;
	const char *lines[] = {
		GH("01", "00000000000000a1", "Old", "open", ""),
		AT("02", "00000000000000e1") "\"kind\":\"edit\",\"title\":\"One\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		AT("03", "00000000000000e2") "\"kind\":\"edit\",\"title\":\"Two\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		AT("04", "00000000000000s1") "\"kind\":\"edit-sync\",\"of\":"
			"\"00000000000000e1\",\"result\":\"mirrored\"}",
		NULL
	};
	const char *after[] = {
		GH("01", "00000000000000a1", "Old", "open", ""),
		AT("02", "00000000000000e1") "\"kind\":\"edit\",\"title\":\"One\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		AT("05", "00000000000000s1") "\"kind\":\"edit-sync\",\"of\":"
			"\"00000000000000e1\",\"result\":\"mirrored\"}",
		GH("09", "00000000000000a2", "Changed on GitHub", "open", ""),
		NULL
	};

	load(&is, 5, lines);
	CHECK_STR(is.title, "Two", "the newest pending edit decides");
	CHECK(is.edits.npending == 1, "a mirrored edit is done");
	gi_issue_release(&is);
	load(&is, 5, after);
	CHECK_STR(is.title, "Changed on GitHub",
		  "after mirroring, GitHub's later change stands");
	CHECK(!is.edits.npending, "nothing pending");
	gi_issue_release(&is);
}

static void test_conflicts(void)
{
	struct gi_issue is;
	char buf[128];
	/* GitHub changed the title at :09, after the edit at :05 */
	const char *later[] = {
		GH("01", "00000000000000a1", "Old", "open", "\"bug\""),
		AT("05", "00000000000000e1") "\"kind\":\"edit\",\"title\":\"Mine\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		AT("06", "00000000000000e2") "\"kind\":\"edit\",\"label\":\"ui\","
			"\"op\":\"add\",\"base\":\"00000000000000a1\",\"field\":"
			"\"label\"}",
		GH("09", "00000000000000a2", "Theirs", "open", "\"bug\""),
		NULL
	};
	/* GitHub changed the title at :03, before the edit at :05 */
	const char *earlier[] = {
		GH("01", "00000000000000a1", "Old", "open", ""),
		GH("03", "00000000000000a2", "Theirs", "open", ""),
		AT("05", "00000000000000e1") "\"kind\":\"edit\",\"title\":\"Mine\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		NULL
	};
	/* GitHub added the same label later, and others */
	const char *label_later[] = {
		GH("01", "00000000000000a1", "Old", "open", "\"ui\""),
		AT("05", "00000000000000e1") "\"kind\":\"edit\",\"label\":\"x\","
			"\"op\":\"add\",\"base\":\"00000000000000a1\",\"field\":"
			"\"label\"}",
		AT("06", "00000000000000e2") "\"kind\":\"edit\",\"label\":\"ui\","
			"\"op\":\"remove\",\"base\":\"00000000000000a1\","
			"\"field\":\"label\"}",
		GH("09", "00000000000000a2", "Old", "open", "\"x\",\"ui\",\"y\""),
		NULL
	};

	load(&is, 5, later);
	CHECK_STR(is.title, "Theirs", "GitHub's later change of the field wins");
	CHECK(is.edits.v[0].loses, "the edit loses");
	CHECK_STR(labels_of(&is, buf), "bug,ui",
		  "an edit of another field still counts");
	CHECK(!is.edits.v[1].loses, "and does not lose");
	gi_issue_release(&is);
	load(&is, 5, earlier);
	CHECK_STR(is.title, "Mine", "an edit newer than GitHub's change wins");
	gi_issue_release(&is);
	load(&is, 5, label_later);
	CHECK_STR(labels_of(&is, buf), "x,y",
		  "a label is there or not: GitHub's change is either the "
		  "edit's own or none, so label edits never conflict");
	CHECK(!is.edits.v[0].loses && !is.edits.v[1].loses,
	      "neither loses");
	gi_issue_release(&is);
}

static void test_refused_create(void)
{
	struct gi_issue is;
	const char *lines[] = {
		AT("01", "00000000000000a1") "\"kind\":\"issue\",\"title\":\"T\","
			"\"state\":\"open\"}",
		AT("02", "00000000000000r1") "\"kind\":\"edit-sync\",\"of\":"
			"\"00000000000000a1\",\"op\":\"create\",\"result\":"
			"\"refused\",\"text\":\"too long\"}",
		NULL
	};
	const char *edited[] = {
		AT("01", "00000000000000a1") "\"kind\":\"issue\",\"title\":\"T\","
			"\"state\":\"open\"}",
		AT("02", "00000000000000r1") "\"kind\":\"edit-sync\",\"of\":"
			"\"00000000000000a1\",\"op\":\"create\",\"result\":"
			"\"refused\",\"text\":\"too long\"}",
		AT("03", "00000000000000e1") "\"kind\":\"edit\",\"title\":\"U\","
			"\"base\":\"00000000000000a1\",\"field\":\"title\"}",
		NULL
	};

	load(&is, -1, lines);
	CHECK(is.edits.create_refused, "refused while unchanged");
	gi_issue_release(&is);
	load(&is, -1, edited);
	CHECK(!is.edits.create_refused, "an edit after the refusal lifts it");
	CHECK_STR(is.edits.last_change->id, "00000000000000e1",
		  "and is what the next try sends");
	gi_issue_release(&is);
}

static void test_limits(void)
{
	gi_buf why = GI_BUF_INIT, body = GI_BUF_INIT;
	char *t = calloc(1, 600), *b = calloc(1, 65600);
	const char *labels[] = { "ok", "" };

	memset(t, 'x', 256);
	CHECK(!gi_issue_text_check(t, NULL, 0, NULL, 0, &why), "256 is legal");
	t[256] = 'x';
	CHECK(gi_issue_text_check(t, NULL, 0, NULL, 0, &why) == GI_EINVALID,
	      "257 is not");
	memset(b, 'x', 65536);
	CHECK(!gi_issue_text_check(NULL, b, 0, NULL, 0, &why), "65536 is");
	CHECK(gi_issue_text_check(NULL, b, 1, NULL, 0, &why) == GI_EINVALID,
	      "what the suite adds counts");
	/* U+1F600 is two UTF-16 units, as GitHub counts it */
	t[0] = '\0';
	for (int i = 0; i < 128; i++)
		strcat(t, "\xf0\x9f\x98\x80");
	CHECK(gi_utf16_length(t) == 256, "an emoji counts twice");
	CHECK(!gi_issue_text_check(t, NULL, 0, NULL, 0, &why),
	      "128 emoji are 256 units: legal");
	strcat(t, "x");
	CHECK(gi_issue_text_check(t, NULL, 0, NULL, 0, &why) == GI_EINVALID,
	      "one more is not");
	CHECK(gi_issue_text_check(NULL, NULL, 0, labels, 2, &why) ==
	      GI_EINVALID, "an empty label is not");
	CHECK(gi_issue_github_added(5, 0, 1) == 32,
	      "a marker and a blank line");
	gi_issue_github_body(&body, "Body", 12, -0x1a2b3c4);
	CHECK_STR(body.buf, "Body\n\n" GI_DISCOVERED_LINE "#12.\n\n"
		  "<!-- git-issue:new=1a2b3c4 -->", "the body GitHub gets");
	CHECK(gi_issue_github_added(4, 12, 1) >= body.len - 4,
	      "never fewer than it adds");
	gi_buf_release(&why);
	gi_buf_release(&body);
	free(t);
	free(b);
}

/* What the suite adds to a body on GitHub is taken off again, and only
 * that: the body here never grows a second origin line. */
static void test_body_strip(void)
{
	gi_buf gh = GI_BUF_INIT, out = GI_BUF_INIT;

	gi_issue_github_body(&gh, "Body\n\nmore", 12, -0x1a2b3c4);
	gi_issue_github_body_strip(&out, gh.buf);
	CHECK_STR(out.buf, "Body\n\nmore", "the line and the marker go");
	gi_buf_reset(&out);
	gi_buf_reset(&gh);
	gi_issue_github_body(&gh, "", 7, -0x1a2b3c4);
	gi_issue_github_body_strip(&out, gh.buf);
	CHECK_STR(out.buf, "", "an empty body stays empty");
	gi_buf_reset(&out);
	gi_buf_reset(&gh);
	gi_issue_github_body(&gh, "", -5, 0);
	CHECK_STR(gh.buf, "", "no line for a provisional origin");
	gi_issue_github_body_strip(&out, GI_DISCOVERED_LINE "#3.");
	CHECK_STR(out.buf, GI_DISCOVERED_LINE "#3.",
		  "without the marker the text is GitHub's own");
	gi_buf_reset(&out);
	gi_issue_github_body_strip(&out, "x\r\n\r\n" GI_DISCOVERED_LINE
				   "#3x.\r\n\r\n<!-- git-issue:new=1 -->");
	CHECK_STR(out.buf, "x\r\n\r\n" GI_DISCOVERED_LINE "#3x.",
		  "a line that is not ours stays");
	gi_buf_reset(&out);
	gi_issue_github_body_strip(&out, NULL);
	CHECK_STR(out.buf, "", "no body");
	gi_buf_release(&gh);
	gi_buf_release(&out);
}

int main(void)
{
	test_laid_over();
	test_mirrored_and_newest();
	test_conflicts();
	test_refused_create();
	test_limits();
	test_body_strip();
	return unit_done();
}
