/*
 * pager.h: long output through the user's pager, when stdout is a
 * terminal, the way git pages `git log`.
 *
 * When git runs us as `git issue-<verb>`, git itself has already acted
 * on `pager.issue-<verb>` and `--no-pager`/`--paginate`: with a pager
 * of its own our stdout is a pipe (and we page nothing), with
 * `--no-pager` or `pager.issue-<verb>=false` it sets GIT_PAGER=cat. So
 * the rules below are git's, for when we are run directly too:
 *
 * - stdout is not a terminal: no pager;
 * - `pager.issue-<verb>`: false, no pager; true (or unset), the default
 *   pager; any other value is the pager command;
 * - the default pager is what `git var GIT_PAGER` says (GIT_PAGER,
 *   core.pager, PAGER, then the one git was built with, "less" or
 *   Debian's "pager");
 * - "cat" or an empty command: no pager.
 *
 * The pager runs through /bin/sh, with LESS=FRX and LV=-c unless those
 * are set (git's defaults: quit when one screen is enough, keep colours,
 * do not clear the screen) and GIT_PAGER_IN_USE=true. Our stdout, and
 * stderr when it is the terminal too, go into it; at exit we close them
 * and wait for the pager, so the shell prompt comes back after it.
 */
#ifndef GITISSUE_UTIL_PAGER_H
#define GITISSUE_UTIL_PAGER_H

#include "gitissue/util/repo.h"

/**
 * Start the pager for command `verb` ("issue-log") when the rules above
 * say so. Nothing happens when they do not, or when it cannot start.
 * @return 1 paging, 0 not.
 */
int gi_pager_start(struct gi_repo *r, const char *verb);

#endif
