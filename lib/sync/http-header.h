/*
 * http-header.h: one header line of an HTTP answer, read (http-header.c).
 */
#ifndef GITISSUE_SYNC_HTTP_HEADER_H
#define GITISSUE_SYNC_HTTP_HEADER_H

#include <stddef.h>

/**
 * The value of header `name` (lowercase) if the `len` bytes of `line`
 * are that header, trimmed of blanks and CRLF, newly allocated; else NULL.
 */
char *gi_http_header_value(const char *line, size_t len, const char *name);

/** The URL of rel="next" in a Link header's value, exactly as given,
 * newly allocated; NULL when there is none. */
char *gi_http_link_next(const char *link);

#endif
