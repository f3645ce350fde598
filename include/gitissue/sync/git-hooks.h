/*
 * git-hooks.h: installing the pre-push hook and the notes fetch refspec, and
 * removing exactly what was installed.
 *
 * A user's existing hook is never overwritten: our lines go in a marked
 * block (## BEGIN git-issue ... ## END git-issue, util/marked-block.h's
 * gi_block_hook) at the end of a shell hook, where they run after the
 * user's own code. A hook we cannot extend
 * safely (not a shell script, or one that may exit or exec before its end)
 * is left alone and the lines to add by hand are printed instead.
 */
#ifndef GITISSUE_SYNC_GIT_HOOKS_H
#define GITISSUE_SYNC_GIT_HOOKS_H

#include "gitissue/util/repo.h"

enum gi_hook_result {
	GI_HOOK_INSTALLED,	/* new hook file */
	GI_HOOK_ADDED,		/* block added to the user's hook */
	GI_HOOK_UPDATED,	/* block was there; brought up to date */
	GI_HOOK_UNCHANGED,
	GI_HOOK_REFUSED,	/* cannot be done safely; see `manual` */
	GI_HOOK_REMOVED,
	GI_HOOK_ABSENT,
};

/** The hooks directory: core.hooksPath, else $GIT_COMMON_DIR/hooks. */
char *gi_hooks_dir(struct gi_repo *r);

/**
 * Install our block in <hooks>/pre-push. With GI_HOOK_REFUSED, `manual`
 * receives the block for the user to add by hand.
 * @return a gi_hook_result, or -1 (reported).
 */
int gi_hook_install(struct gi_repo *r, gi_buf *manual);
/** Remove our block (or our whole hook file). */
int gi_hook_uninstall(struct gi_repo *r);

/**
 * The same for any hook: our block holding `body` (lines, each ending in
 * a newline; the marker lines are added) in <hooks>/<name>, under the
 * same rules. The hook is read and written under its lock
 * (<name>.lock, waited for up to a second). @return a gi_hook_result,
 * or -1 (reported).
 */
int gi_hook_file_install(struct gi_repo *r, const char *name,
			 const char *body, gi_buf *manual);
int gi_hook_file_uninstall(struct gi_repo *r, const char *name);

/**
 * The pre-push hook's body (`git issue-hook pre-push <remote> <url>`):
 * when nothing changed since the last complete sync with that remote,
 * say so and return 0, without loading libcurl or touching the network;
 * otherwise exec `git issue-sync --hook pre-push <remote> <url>`, whose
 * status becomes the hook's. Returns only when there is nothing to do, or
 * when the exec failed (then 1, reported).
 */
int gi_hook_pre_push(const char *remote, const char *url);

/**
 * One line that says what will be posted where: to which remote the
 * records go, and whether and to which GitHub repository they are posted
 * (issue.mirror, issue.github, the remote's URL).
 */
void gi_hook_describe_mirror(gi_buf *out, struct gi_repo *r,
			     const char *remote);

/** Add (or remove) +refs/notes/issues:refs/notes/remotes/<r>/issues.
 * @return 1 changed, 0 already so, -1 error. */
int gi_refspec_install(struct gi_repo *r, const char *remote);
int gi_refspec_uninstall(struct gi_repo *r, const char *remote);

#endif
