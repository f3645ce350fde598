/*
 * jsontext.h: JSON as text, for editing a user's file without touching a
 * byte we do not mean to. cJSON gives a tree and prints it again in its
 * own layout; a settings file edited that way loses its formatting, the
 * order of its keys and its numbers as written. Here the parse only
 * validates (strict RFC 8259) and says where every value, key and
 * separator is, so that an edit inserts or cuts text at those places.
 */
#ifndef GITISSUE_AGENT_JSONTEXT_H
#define GITISSUE_AGENT_JSONTEXT_H

#include <stddef.h>

#include "gitissue/util/buf.h"

struct cJSON;

enum gi_jt_type {
	GI_JT_NULL,
	GI_JT_FALSE,
	GI_JT_TRUE,
	GI_JT_NUMBER,
	GI_JT_STRING,
	GI_JT_ARRAY,
	GI_JT_OBJECT,
};

/* One value in the text. Offsets are bytes from the start of the text. */
struct gi_jt {
	enum gi_jt_type type;
	size_t start, end;	/* the value: [start, end) */
	size_t key_start;	/* an object member: where its key starts;
				 * otherwise == start */
	char *key;		/* an object member's key, decoded */
	char *str;		/* a string's value, decoded (may hold NULs:
				 * str_len) */
	size_t str_len;
	struct gi_jt *kids;	/* members or elements, in order */
	size_t nr;
};

/* Deeper nesting is refused: a hostile file must not exhaust the stack. */
#define GI_JT_MAX_DEPTH 200

/**
 * Parse `text` (`len` bytes; a leading UTF-8 byte order mark is skipped).
 * *out is the root value, freed with gi_jt_free.
 * @return 0, or -1 with `err` saying what and where ("line 3, column 7:
 * expected ',' or '}'").
 */
int gi_jt_parse(struct gi_jt **out, const char *text, size_t len,
		gi_buf *err);
void gi_jt_free(struct gi_jt *v);

/** The member `key` of an object (the last, as JavaScript reads
 * duplicates), or NULL. */
const struct gi_jt *gi_jt_get(const struct gi_jt *obj, const char *key);

/** Is `v` a string equal to `s`? */
int gi_jt_is_str(const struct gi_jt *v, const char *s);

/*
 * An edit: replace [start, end) of the text with `text`. Inserting is an
 * edit with start == end.
 */
struct gi_jt_edit {
	size_t start, end;
	gi_buf text;
};

/**
 * The edit that adds `value` (member `key` of an object, or an element of
 * an array when `key` is NULL) after the last item of `container`. After
 * an item on a line of its own the new one gets a line of its own, laid
 * out over several lines with the text's indentation; otherwise it
 * follows on the same line, on one line. In an empty container it goes
 * right after the opening bracket, on one line.
 */
void gi_jt_append_edit(struct gi_jt_edit *e, const char *text,
		       const struct gi_jt *container, const char *key,
		       const struct cJSON *value);

/** `value` as JSON text: on one line (`indent` NULL), or over several,
 * its inner lines after `indent` plus `unit` per level. */
void gi_jt_render(gi_buf *out, const struct cJSON *value, const char *indent,
		  const char *unit);

/**
 * The edit that removes member or element `i` of `container` with one
 * separator: from the end of the one before it, or, for the first, up to
 * the start of the next. The exact inverse of gi_jt_append_edit.
 */
void gi_jt_remove_edit(struct gi_jt_edit *e, const char *text,
		       const struct gi_jt *container, size_t i);

/** The indentation of the line on which `pos` is, and one level of
 * indentation as the text uses it (two spaces when it cannot tell). */
void gi_jt_indent(gi_buf *line, gi_buf *unit, const char *text, size_t pos);

/** Apply `e` to `text` (`len` bytes): the result in `out`. */
void gi_jt_apply(gi_buf *out, const char *text, size_t len,
		 const struct gi_jt_edit *e);

void gi_jt_edit_release(struct gi_jt_edit *e);

#endif
