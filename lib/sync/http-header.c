/*
 * http-header.c: the pieces of an HTTP answer's header lines that the
 * REST client reads (http-header.h); plain text, no libcurl, apart from
 * github.c, which is near 1,000 lines.
 */
#include "sync/http-header.h"

#include <string.h>
#include <strings.h>

#include "gitissue/util/util.h"

char *gi_http_header_value(const char *line, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	const char *v, *end = line + len;

	if (len <= nlen || strncasecmp(line, name, nlen) || line[nlen] != ':')
		return NULL;
	v = line + nlen + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
			   end[-1] == ' '))
		end--;
	return gi_xstrndup(v, (size_t)(end - v));
}

char *gi_http_link_next(const char *link)
{
	const char *p = link;

	while ((p = strchr(p, '<'))) {
		const char *end = strchr(p, '>'), *semi, *comma;

		if (!end)
			return NULL;
		comma = strchr(end, ',');
		semi = strstr(end, "rel=\"next\"");
		if (semi && (!comma || semi < comma))
			return gi_xstrndup(p + 1, (size_t)(end - p - 1));
		p = end;
	}
	return NULL;
}
