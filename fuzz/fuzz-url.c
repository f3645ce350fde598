/*
 * fuzz-url: a remote URL (any of git's forms) into host, owner and
 * repository; the origin comparison that keeps the token on the API's
 * host; and the terminal escaping of whatever came out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/render.h"
#include "sync/github.h"
#include "sync/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1), *host, *owner, *repo;
	gi_buf out = GI_BUF_INIT;

	memcpy(url, data, size);
	url[size] = '\0';
	if (!gi_github_parse_url(url, &host, &owner, &repo)) {
		if (!*host || !*owner || !*repo)
			abort();
		gi_add_quoted(&out, host);
		gi_add_printable_line(&out, owner);
		gi_add_printable(&out, repo);
		free(host);
		free(owner);
		free(repo);
	}
	/* an origin is the same as itself, or not a URL at all */
	if (gi_github_same_origin(url, "https://api.github.com") &&
	    !gi_github_same_origin("https://api.github.com", url))
		abort();
	gi_add_quoted(&out, url);
	gi_buf_release(&out);
	free(url);
	return 0;
}
