/*
 * worktree-switch.h: moving the worktree we run in to another issue.
 * Errors as in worktree-add.h.
 */
#ifndef GITISSUE_WORKTREE_WORKTREE_SWITCH_H
#define GITISSUE_WORKTREE_WORKTREE_SWITCH_H

#include "gitissue/worktree/worktree-add.h"

/**
 * Move the worktree we run in to issue n (`opts->issue`): switch it to
 * n's branch (`opts->branch`, the one that belongs to n, or a new one
 * from the base), record n in it, release this clone's claims of its old
 * issue on it and claim n. Without `opts->force` it refuses (GI_EREFUSED,
 * nothing changed) while the old work is neither merged nor pushed,
 * uncommitted, or an operation is in progress. Another clone's claim on
 * n refuses (GI_ECLAIMED) without `opts->steal`.
 * @return 0, GI_EINVALID, GI_EREFUSED, GI_ECLAIMED or -1; reported.
 */
int gi_worktree_switch(struct gi_wt_add_result *res, struct gi_repo *r,
		       const struct gi_wt_add_opts *opts);

#endif
