/*
 * tomltext.h: a TOML file as text, read for its tables (tomltext.c).
 *
 * Codex keeps the user's approval of a hook in its config.toml, as a
 * table `[hooks.state."<key>"]` with `trusted_hash = "sha256:..."`
 * (agent/codex.h). To tell whether our hooks are approved, and to take
 * the approval out again with `git issue-init --uninstall`, the file is
 * read here for where each table's header line is and what key it
 * names, and nothing else: every byte outside what is cut stays as it
 * was, comments and layout included. Lines inside a multi-line string are
 * never taken for headers. A header that cannot be read makes the whole
 * file unreadable to us, so that nothing is cut from a file we may be
 * misreading.
 */
#ifndef AGENT_TOMLTEXT_H
#define AGENT_TOMLTEXT_H

#include <stddef.h>

#include "gitissue/util/buf.h"

/* One table: `[a."b".c]` (or `[[a.b]]`, an array of tables). */
struct gi_tt_table {
	size_t start;		/* its header line */
	size_t body;		/* the line after the header */
	size_t end;		/* the next header line, or the end of text */
	char **key;		/* the key's parts, decoded */
	size_t depth;
	int array;
};

struct gi_tt {
	struct gi_tt_table *v;
	size_t nr;
};

/**
 * The tables of `text` (`len` bytes), in order.
 * @return 0, or -1 when a header line cannot be read (`out` is empty).
 */
int gi_tt_scan(struct gi_tt *out, const char *text, size_t len);
void gi_tt_release(struct gi_tt *t);

/** Is `t` the (non-array) table whose key is the `depth` parts `key`? */
int gi_tt_is(const struct gi_tt_table *t, const char *const *key,
	     size_t depth);

/**
 * The string value of the key `name` written in the body of `t` as
 * `name = "..."` or `name = '...'` on one line, into `out`.
 * @return 1 found, 0 not.
 */
int gi_tt_string(gi_buf *out, const char *text, const struct gi_tt_table *t,
		 const char *name);

/**
 * Where the key-value lines of `t` end: after its last line that is not
 * blank or a comment (a comment after a table is as likely to be about
 * the next one).
 */
size_t gi_tt_content_end(const char *text, const struct gi_tt_table *t);

/** Is the body of `t` blank lines and comments only? */
int gi_tt_empty(const char *text, const struct gi_tt_table *t);

#endif
