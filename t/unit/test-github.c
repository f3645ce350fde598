/*
 * test-github: the pure parts of the REST client (lib/sync/github.c): error
 * messages from GitHub's answers, headers and Link parsing, and numbers
 * that JSON allows but a record cannot hold (lib/core/record.c).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/record.h"
#include "sync/github.h"
#include "unit.h"

static struct gi_github_target target = {
	"ghe.example.com", "octo", "app", "https://ghe.example.com/api/v3"
};

static const char *message(struct gi_github *gh, long status,
			   const char *body)
{
	static char buf[1024];
	struct gi_response resp = { 0 };

	resp.status = status;
	gi_buf_init(&resp.body);
	gi_buf_adds(&resp.body, body);
	gi_github_message(gh, &resp, buf, sizeof(buf));
	gi_buf_release(&resp.body);
	return buf;
}

static void test_messages(void)
{
	struct gi_github gh;

	memset(&gh, 0, sizeof(gh));
	gh.target = &target;
	CHECK(strstr(message(&gh, 422, "{\"message\":\"Validation Failed\","
			     "\"errors\":[{\"resource\":\"IssueComment\","
			     "\"code\":\"custom\",\"field\":\"body\","
			     "\"message\":\"body is too long (maximum is "
			     "65536 characters)\"}]}"),
		     "Validation Failed (HTTP 422): IssueComment.body: body is "
		     "too long (maximum is 65536 characters)") != NULL,
	      "a 422 says what errors[] says");
	CHECK(strstr(message(&gh, 422, "{\"message\":\"Validation Failed\","
			     "\"errors\":[{\"resource\":\"Issue\",\"field\":"
			     "\"title\",\"code\":\"missing_field\"},"
			     "\"plain text\"]}"),
		     "Issue.title: missing_field; plain text") != NULL,
	      "errors[] items without a message, and plain strings");
	CHECK(strstr(message(&gh, 403, ""), "no message (HTTP 403)") != NULL,
	      "an empty 403 body is a message, not a crash");
	gh.auth = "Authorization: Bearer sekrit-123";
	CHECK(!strstr(message(&gh, 400, "{\"message\":\"bad token sekrit-123, "
			      "sekrit-123 again\"}"), "sekrit"),
	      "a token echoed by the server is redacted");
	CHECK(strstr(message(&gh, 400, "{\"message\":\"bad sekrit-123\"}"),
		     "bad [token] (HTTP 400)") != NULL,
	      "redacted as [token]");
}

static void test_numbers(void)
{
	struct gi_record_fields f = { 0 };
	struct gi_record rec;
	gi_buf line = GI_BUF_INIT;
	cJSON *extra = cJSON_Parse("{\"big\":1e999,\"neg\":-1e999,"
				   "\"huge\":1e300,\"id\":5000000001}");

	f.time = "2026-01-01T00:00:00.000000Z";
	f.id = "0123456789abcdef";
	f.kind = "comment";
	f.extra = extra;
	gi_record_format(&line, &f);
	CHECK(gi_record_parse(&rec, line.buf, line.len) == 0,
	      "a record with out-of-range numbers is still one record");
	CHECK(strstr(line.buf, "\"big\":null") && strstr(line.buf, "\"neg\":null"),
	      "infinities become null");
	CHECK(strstr(line.buf, "\"huge\":1.0000000000000001e+300") != NULL,
	      "a large finite number is written with its digits");
	CHECK(strstr(line.buf, "\"id\":5000000001") != NULL,
	      "ids past 2^32 stay exact");
	gi_record_release(&rec);
	gi_buf_release(&line);
	cJSON_Delete(extra);
}

int main(void)
{
	test_messages();
	test_numbers();
	return unit_done();
}
