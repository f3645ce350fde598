/*
 * marked-block.h: a marked block of lines that we own in a file that is
 * someone else's (a git hook, CLAUDE.md, AGENTS.md, info/exclude): added
 * at the end, brought up to date in place, and cut out again so that the
 * file is byte for byte what it was. When the file did not end with a
 * newline, adding the block adds one, and the BEGIN line says so
 * (" (newline added)"), so that removing the block removes that newline
 * too. The one editor of such blocks: lib/sync (git hooks) and lib/agent
 * (the agent's files) both use it. Text in, text out: writing the file
 * is the caller's (under its lock, lockfile.h).
 */
#ifndef GITISSUE_UTIL_MARKED_BLOCK_H
#define GITISSUE_UTIL_MARKED_BLOCK_H

#include <stddef.h>

#include "gitissue/util/buf.h"

/* How the marker lines look in one kind of file. */
struct gi_block_style {
	const char *begin;	/* a BEGIN line starts with this */
	const char *close;	/* and ends with this ("" or " -->") */
	const char *end;	/* the whole END line */
};

extern const struct gi_block_style gi_block_markdown;	/* <!-- ... --> */
extern const struct gi_block_style gi_block_hash;	/* # ... */
extern const struct gi_block_style gi_block_hook;	/* ## ... (git hooks) */

enum gi_block_result {
	GI_BLOCK_CREATED,	/* a new file, only the block */
	GI_BLOCK_ADDED,		/* added at the end of the file */
	GI_BLOCK_UPDATED,	/* was there, brought up to date */
	GI_BLOCK_UNCHANGED,
	GI_BLOCK_REMOVED,
	GI_BLOCK_DELETED,	/* the file was only the block: removed */
	GI_BLOCK_ABSENT,
};

/**
 * `text` (NULL: no file) with the block holding `body` (lines, each
 * ending in a newline) added or brought up to date: into `out`.
 * @return a gi_block_result: CREATED, ADDED, UPDATED or UNCHANGED.
 */
int gi_block_put(gi_buf *out, const char *text, size_t len,
		 const struct gi_block_style *st, const char *body);

/**
 * `text` without the block, into `out`.
 * @return GI_BLOCK_REMOVED, GI_BLOCK_DELETED (nothing else was in it) or
 * GI_BLOCK_ABSENT.
 */
int gi_block_cut(gi_buf *out, const char *text, size_t len,
		 const struct gi_block_style *st);

#endif
