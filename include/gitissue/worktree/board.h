/*
 * board.h: the board for people (`git issue-status`, `--watch`): the rows
 * of gi_status_collect (status.h) as lines that fit a terminal.
 */
#ifndef GITISSUE_WORKTREE_BOARD_H
#define GITISSUE_WORKTREE_BOARD_H

#include <stddef.h>

#include "gitissue/util/buf.h"
#include "gitissue/worktree/status.h"

/**
 * The board for people, into `out`: one row per worktree that fits
 * `columns` (titles cut by display width, never wrapped; at least 40),
 * a header, then one line per thing to say of a row (a merged issue still
 * open, a claim not confirmed or lost, a folder named for another issue,
 * records not mirrored). Text from records is made harmless.
 */
void gi_status_board(gi_buf *out, const struct gi_status *st,
		     size_t columns);

/** The width the board should fit: $COLUMNS, else the terminal's on
 * stdout, else 80. */
size_t gi_status_columns(void);

#endif
