/*
 * test-plan: provisional names (one parser, one printer each, JSON both
 * ways), their order, and how one issue's relations resolve from its
 * records: GitHub's state, changes made here laid over it until
 * mirrored, refusals kept, the newest change of a relation deciding.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/plan.h"
#include "unit.h"

static void test_names(void)
{
	char buf[GI_ISSUE_NAME_MAX];
	long n = 0;
	cJSON *j;

	CHECK(!gi_parse_issue("57", &n) && n == 57, "57");
	CHECK(!gi_parse_issue("#57", &n) && n == 57, "#57");
	CHECK(!gi_parse_issue("new-1a2b3c4", &n) && n == -0x1a2b3c4,
	      "new-1a2b3c4 is the negated value");
	CHECK_STR(gi_issue_name(n, buf), "new-1a2b3c4", "its name");
	CHECK_STR(gi_issue_label(n, buf), "new-1a2b3c4", "its label");
	CHECK_STR(gi_issue_label(57, buf), "#57", "a number's label");
	CHECK_STR(gi_issue_name(57, buf), "57", "a number's name");
	CHECK(!gi_parse_issue("new-0000001", &n) && n == -1, "the smallest");
	CHECK_STR(gi_issue_name(-1, buf), "new-0000001", "printed in 7 digits");
	CHECK(gi_parse_issue("new-0000000", &n) < 0, "zero is no name");
	CHECK(gi_parse_issue("new-1A2B3C4", &n) < 0, "uppercase: one name each");
	CHECK(gi_parse_issue("new-1a2b3c", &n) < 0, "six digits");
	CHECK(gi_parse_issue("new-1a2b3c4d", &n) < 0, "eight digits");
	CHECK(gi_parse_issue("#new-1a2b3c4", &n) < 0, "no # before a name");
	CHECK(gi_parse_issue("0", &n) < 0, "0");
	CHECK(gi_parse_issue("2147483648", &n) < 0, "past 2^31-1");
	CHECK(gi_parse_issue(NULL, &n) < 0, "NULL");

	j = gi_issue_to_json(-0x1a2b3c4);
	CHECK(cJSON_IsString(j) && !strcmp(j->valuestring, "new-1a2b3c4"),
	      "a provisional issue is a JSON string");
	CHECK(!gi_issue_from_json(j, &n) && n == -0x1a2b3c4, "and back");
	cJSON_Delete(j);
	j = gi_issue_to_json(57);
	CHECK(cJSON_IsNumber(j), "a number is a JSON number");
	CHECK(!gi_issue_from_json(j, &n) && n == 57, "and back");
	cJSON_Delete(j);
	j = cJSON_CreateNumber(1.5);
	CHECK(gi_issue_from_json(j, &n) < 0, "1.5 is no issue");
	cJSON_Delete(j);

	for (n = 0; n < 1000; n++) {
		long p = gi_provisional_new(), back;

		if (p >= 0 || -p > GI_PROVISIONAL_MAX ||
		    gi_parse_issue(gi_issue_name(p, buf), &back) || back != p)
			break;
	}
	CHECK(n == 1000, "fresh names parse back to themselves");

	CHECK(gi_issue_cmp(2, 10) < 0, "numbers in order");
	CHECK(gi_issue_cmp(10, -1) < 0, "numbers before provisional ones");
	CHECK(gi_issue_cmp(-1, -2) < 0, "provisional ones by name");
	CHECK(!gi_issue_cmp(-5, -5), "equal");
}

/* Issue `n` from these record lines (NULL-terminated). */
static void load(struct gi_issue *is, long n, const char **lines)
{
	struct gi_lines l = GI_LINES_INIT;

	for (; *lines; lines++)
		gi_lines_add_copy(&l, *lines, strlen(*lines));
	gi_lines_normalize(&l);
	gi_issue_load_lines(is, &l, n, NULL, NULL);
}

#define T(s) "{\"time\":\"2026-01-01T00:00:0" s ".000000Z\",\"id\":"

static void test_links(void)
{
	struct gi_issue is;
	const char *github[] = {
		T("1") "\"a1\",\"kind\":\"link-state\",\"parent\":3,"
		"\"blocked_by\":[4,5]}",
		NULL
	};
	const char *pending[] = {
		T("1") "\"a1\",\"kind\":\"link-state\",\"parent\":3,"
		"\"blocked_by\":[4,5]}",
		T("2") "\"b1\",\"kind\":\"link\",\"op\":\"unblock\",\"target\":4}",
		T("3") "\"b2\",\"kind\":\"link\",\"op\":\"blocked-by\","
		"\"target\":\"new-00000aa\"}",
		NULL
	};
	const char *mirrored[] = {
		T("1") "\"a1\",\"kind\":\"link\",\"op\":\"parent\",\"target\":3}",
		T("2") "\"a2\",\"kind\":\"link-sync\",\"of\":\"a1\","
		"\"result\":\"mirrored\"}",
		T("3") "\"a3\",\"kind\":\"link-state\",\"parent\":3}",
		/* then someone removed it on GitHub: GitHub wins */
		T("4") "\"a4\",\"kind\":\"link-state\"}",
		NULL
	};
	const char *refused[] = {
		T("1") "\"a1\",\"kind\":\"link\",\"op\":\"parent\",\"target\":3}",
		T("2") "\"a2\",\"kind\":\"link-sync\",\"of\":\"a1\","
		"\"result\":\"refused\",\"text\":\"one parent\"}",
		NULL
	};
	const char *newest[] = {
		T("1") "\"a1\",\"kind\":\"link\",\"op\":\"parent\",\"target\":3}",
		T("2") "\"a2\",\"kind\":\"link-sync\",\"of\":\"a1\","
		"\"result\":\"refused\",\"text\":\"one parent\"}",
		T("3") "\"a3\",\"kind\":\"link\",\"op\":\"unparent\"}",
		NULL
	};

	load(&is, 9, github);
	CHECK(is.links.parent.issue == 3 &&
	      is.links.parent.status == GI_LINK_MIRRORED, "GitHub's parent");
	CHECK(is.links.blocked_by.nr == 2 && !is.links.ntodo,
	      "GitHub's blockers, nothing to do");
	gi_issue_release(&is);

	load(&is, 9, pending);
	CHECK(is.links.blocked_by.nr == 2 &&
	      is.links.blocked_by.v[0].issue == 5 &&
	      is.links.blocked_by.v[1].issue == -0xaa &&
	      is.links.blocked_by.v[1].status == GI_LINK_PENDING,
	      "a removal and an addition laid over GitHub's");
	CHECK(is.links.removed.nr == 1 && is.links.removed.v[0].issue == 4,
	      "the removal is shown until mirrored");
	CHECK(is.links.ntodo == 2, "both to mirror");
	gi_issue_release(&is);

	load(&is, 9, mirrored);
	CHECK(!is.links.parent.issue && !is.links.ntodo,
	      "a mirrored change no longer counts: GitHub's later state wins");
	gi_issue_release(&is);

	load(&is, 9, refused);
	CHECK(is.links.parent.issue == 3 &&
	      is.links.parent.status == GI_LINK_REFUSED &&
	      is.links.parent.result && !strcmp(is.links.parent.result->text,
						"one parent"),
	      "a refused change stays, marked, with the reason");
	CHECK(!is.links.ntodo, "and is not sent again");
	gi_issue_release(&is);

	load(&is, 9, newest);
	CHECK(!is.links.parent.issue && is.links.ntodo == 1,
	      "a newer change of the same relation replaces a refused one");
	gi_issue_release(&is);
}

static void test_facts(void)
{
	struct gi_issue is;
	const char *lines[] = {
		T("1") "\"a1\",\"kind\":\"issue\",\"title\":\"Old\","
		"\"state\":\"open\",\"labels\":[\"bug\"]}",
		T("2") "\"a2\",\"kind\":\"body\",\"text\":\"first\"}",
		T("3") "\"a3\",\"kind\":\"issue\",\"title\":\"New\","
		"\"state\":\"closed\",\"state_reason\":\"not_planned\","
		"\"github_id\":3000000001,\"labels\":[\"ui\"]}",
		T("4") "\"a4\",\"kind\":\"body\",\"text\":\"second\"}",
		NULL
	};
	const cJSON *labels;

	load(&is, 9, lines);
	CHECK(!strcmp(is.title, "New") && gi_issue_closed(&is) &&
	      !strcmp(is.state_reason, "not_planned"), "the newest issue record");
	CHECK(!strcmp(is.body, "second"), "the newest body");
	CHECK(is.github_id == 3000000001.0, "the database id, exactly");
	labels = gi_issue_strings(&is, "labels");
	CHECK(labels && cJSON_GetArraySize(labels) == 1 &&
	      !strcmp(cJSON_GetArrayItem(labels, 0)->valuestring, "ui"),
	      "the newest labels");
	CHECK(gi_plan_kind("link-state") && !gi_plan_kind("note") &&
	      !gi_plan_kind(NULL), "which kinds are the plan's");
	gi_issue_release(&is);
}

int main(void)
{
	test_names();
	test_links();
	test_facts();
	return unit_done();
}
