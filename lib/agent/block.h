/*
 * block.h: a marked block of lines that we own in a file that is the
 * user's (CLAUDE.md, AGENTS.md, $GIT_COMMON_DIR/info/exclude): added at
 * the end, brought up to date in place, and cut out again so that the
 * file is byte for byte what it was. When the file did not end with a
 * newline, adding the block adds one, and the BEGIN line says so, so that
 * removing the block removes that newline too.
 */
#ifndef GITISSUE_AGENT_BLOCK_H
#define GITISSUE_AGENT_BLOCK_H

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
 * @return a gi_block_result.
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

/**
 * The same on a file, written through a temporary file and a rename
 * (keeping the mode; a new file gets `mode`).
 * @return a gi_block_result, or -1 (`err` says why).
 */
int gi_block_file_put(const char *path, const struct gi_block_style *st,
		      const char *body, int mode, gi_buf *err);
int gi_block_file_cut(const char *path, const struct gi_block_style *st,
		      gi_buf *err);

/**
 * Write `data` to `path` through `<path>.git-issue.tmp` and a rename,
 * with the mode of the file it replaces (through a symbolic link: the
 * file it points to), else `mode`. @return 0, or -1 (`err` says why).
 */
int gi_agent_write_file(const char *path, const char *data, size_t len,
			int mode, gi_buf *err);

/** Read `path` into `out`. @return 1 read, 0 no such file, -1 (`err`). */
int gi_agent_read_file(const char *path, gi_buf *out, gi_buf *err);

#endif
