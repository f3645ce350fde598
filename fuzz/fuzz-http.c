/*
 * fuzz-http: answer headers (ETag, Link, rate limits, Retry-After, Date),
 * one per line of the input, and an error body through the message that
 * is shown to the user (GitHub's message, errors[], token redaction).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/github.h"

static struct gi_github_target target = {
	"github.com", "octo", "app", "https://api.github.com"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gi_response resp = { 0 };
	struct gi_github gh;
	const char *p = (const char *)data, *end = p + size, *sep;
	char buf[512];

	/* the headers, then after a blank line the body */
	sep = memmem(p, size, "\n\n", 2);
	gi_buf_init(&resp.body);
	while (p < (sep ? sep + 1 : end)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p + 1) : (size_t)(end - p);

		gi_github_parse_header(&resp, p, len);
		p += len;
	}
	if (sep)
		gi_buf_add(&resp.body, sep + 2, (size_t)(end - sep - 2));
	memset(&gh, 0, sizeof(gh));
	gh.target = &target;
	gh.auth = "Authorization: Bearer tok-0123";
	resp.status = size ? 400 + data[0] % 30 : 422;
	gi_github_message(&gh, &resp, buf, sizeof(buf));
	if (strstr(buf, "tok-0123"))
		abort();	/* the token is never shown */
	if (resp.next)
		gi_github_same_origin(resp.next, target.api);
	gi_response_release(&resp);
	return 0;
}
