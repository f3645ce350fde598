/*
 * json-parse.h: JSON text to a cJSON tree, as cJSON_ParseWithLength makes
 * it, faster on the plain text the suite writes and GitHub sends
 * (json-parse.c).
 */
#ifndef GITISSUE_UTIL_JSON_PARSE_H
#define GITISSUE_UTIL_JSON_PARSE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/**
 * Parse `len` bytes of JSON text as cJSON_ParseWithLength does, to the
 * same tree: the caller owns it (cJSON_Delete). NULL when cJSON would
 * say NULL.
 */
cJSON *gi_json_parse(const char *text, size_t len);

#endif
