/*
 * raw.h: reading a note's stored bytes without parsing them.
 *
 * A note is JSON lines. Reading every line with cJSON costs far more
 * than reading the bytes (an allocation per member, per string), so the
 * readers that touch every issue (search, list) look at the raw bytes
 * first and parse only the lines that matter, as git grep looks at raw
 * lines. Everything here is a filter or a fast path whose result a caller
 * can trust; where these functions cannot be sure, they say so, and the
 * caller parses the line with cJSON (record.h) as before.
 *
 * "Canonical" below means what gi_record_format writes: no spaces, and
 * strings escaped as gi_json_add_string escapes them (\" \\ \n \t \r, and
 * \u00xx in lowercase hex for the other controls and DEL).
 */
#ifndef GITISSUE_CORE_RAW_H
#define GITISSUE_CORE_RAW_H

#include <stddef.h>

#include "gitissue/util/buf.h"

/* Fixed bytes, found with Boyer-Moore-Horspool; ASCII case folded or not. */
struct gi_needle {
	unsigned char *pat;	/* folded to lower case with icase */
	size_t len;
	int icase;
	size_t skip[256];
};

/** Prepare `n` for `pat` (len > 0). */
void gi_needle_init(struct gi_needle *n, const char *pat, size_t len,
		    int icase);
void gi_needle_release(struct gi_needle *n);
/** The first occurrence of the needle in hay[0..len), or NULL. */
const char *gi_needle_find(const struct gi_needle *n, const char *hay,
			   size_t len);

/**
 * The length of the escape at `p` (p[0] is a backslash) when it is one a
 * canonical writer emits, else 0. A line whose escapes are all canonical
 * holds every string exactly as gi_json_add_string would write it.
 */
size_t gi_raw_canonical_escape(const char *p, const char *end);
/** Does line[0..len) hold an escape a canonical writer would not emit? */
int gi_raw_has_foreign_escape(const char *line, size_t len);

/* Is `key` (len bytes, raw) a field no person searches? */
typedef int (*gi_raw_key_fn)(const char *key, size_t len);

/**
 * Could the bytes at `off` of a record line be part of its searchable
 * text: inside a string value of a top-level member whose key `machine`
 * does not name, or inside an array or object under such a member?
 * 0 when `off` is surely elsewhere (a key, a machine field, a number,
 * punctuation); 1 when it may be text, or when the line is not a JSON
 * object this reader follows (the caller then parses it).
 */
int gi_raw_in_text(const char *line, size_t len, size_t off,
		   gi_raw_key_fn machine);

/*
 * The members of a record line that say what the line is, found without
 * parsing (spans into the line; p NULL when absent). Only the first
 * member of each name counts, as in cJSON.
 */
struct gi_raw_span {
	const char *p;
	size_t len;
};

struct gi_raw_record {
	struct gi_raw_span time, id, kind, supersedes;
	int github_comment;	/* a github_comment member is there */
};

/**
 * Read a record line for its time, id, kind and supersedes.
 * @return 0 when the whole line is one strict JSON object (RFC 8259,
 * nesting at most 32 deep, no controls inside strings, nothing after it)
 * and these four members, when present, are strings without escapes:
 * cJSON then reads the line and these values exactly the same way.
 * -1 when this reader cannot be sure of either (parse the line).
 */
int gi_raw_record_read(struct gi_raw_record *out, const char *line,
		       size_t len);

/** Is span `s` exactly the string `lit`? */
int gi_raw_span_is(const struct gi_raw_span *s, const char *lit);

#endif
