/*
 * json.h: the few things every JSON user in the suite does with cJSON:
 * typed getters that never fail, setting a member whether or not it
 * exists, writing a string literal, and printing a document.
 *
 * Ownership is cJSON's: a parsed tree belongs to the caller (cJSON_Delete),
 * an item added to an object belongs to the object.
 */
#ifndef GITISSUE_UTIL_JSON_H
#define GITISSUE_UTIL_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "gitissue/util/buf.h"

/* Every JSON document a command prints carries "version": this. */
#define GI_JSON_VERSION 1

/** The string member `key` of `obj`, or NULL (absent, not a string, or
 * `obj` NULL). It lives as long as `obj`. */
const char *gi_json_str(const cJSON *obj, const char *key);
/** The number member `key` of `obj`, or 0. */
double gi_json_num(const cJSON *obj, const char *key);
/** The object member `key` of `parent`, made (replacing a non-object)
 * when missing. It belongs to `parent`. */
cJSON *gi_json_child(cJSON *parent, const char *key);
/** Set member `key` of `obj` to `v` (which `obj` takes over). */
void gi_json_set(cJSON *obj, const char *key, cJSON *v);
/** Add the string member `key`, or null when `s` is NULL. */
void gi_json_add_str_or_null(cJSON *obj, const char *key, const char *s);
/** The strings v[0..nr-1] as a JSON array. */
cJSON *gi_json_strings(char *const *v, size_t nr);

/** Append `s` (`len` bytes) as a JSON string literal, quotes included:
 * `"` and `\`, \n \t \r, other C0 controls and DEL escaped; UTF-8 kept;
 * bytes that are not UTF-8 become U+FFFD. */
void gi_json_add_string(gi_buf *out, const char *s, size_t len);

/** Print `doc` on one line to stdout and free it. */
void gi_print_json(cJSON *doc);

/**
 * From now on, cJSON allocates from a growing arena and frees nothing
 * until the process exits. For a command that parses one issue's records
 * and keeps them to the end (git issue-show): malloc and free were a
 * fifth of its time. Not for anything that parses without bound.
 */
void gi_json_arena(void);

#endif
