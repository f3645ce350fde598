/*
 * editor.h: letting the user write a text in their editor, as
 * `git commit` does: the editor git would use (`git var GIT_EDITOR`), a
 * file in this worktree's git dir with the text and instructions as
 * comment lines, and the comment lines dropped when it comes back.
 */
#ifndef GITISSUE_UTIL_EDITOR_H
#define GITISSUE_UTIL_EDITOR_H

#include "gitissue/util/repo.h"

/**
 * The comment character, from core.commentChar as git reads it: '#' by
 * default; "auto" picks the first of "#;@!$%^&|:" that begins no line of
 * `text` (NULL: none to avoid).
 */
char gi_comment_char(struct gi_repo *r, const char *text);

/**
 * Edit `text` in place: it is written to a file with `instructions` (each
 * line made a comment), the editor runs on the terminal, and the file is
 * read back without its comment lines. GIT_EDITOR=: keeps the text.
 * @return 0, or -1 (reported; `text` is unchanged).
 */
int gi_edit_text(struct gi_repo *r, gi_buf *text, const char *instructions);

/** Append `len` bytes of `s` to `text` as a paragraph: after a blank line
 * unless `text` is empty (git commit's -m). */
void gi_text_add_paragraph(gi_buf *text, const char *s, size_t len);

/** Append file `path` (- for standard input) as a paragraph (-F); dies
 * when it cannot be read. */
void gi_text_add_file(gi_buf *text, const char *path);

#endif
