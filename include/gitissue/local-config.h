/*
 * local-config.h: writing the repository's own configuration file
 * ($GIT_COMMON_DIR/config), the one place the worktree commands keep
 * state: branch.<name>.issue links and issue.cloneId. repo.h only reads.
 */
#ifndef GITISSUE_LOCAL_CONFIG_H
#define GITISSUE_LOCAL_CONFIG_H

#include "gitissue/repo.h"

/**
 * Set `key` to `value` in the repository's local configuration, retrying
 * a little while another process holds config.lock (agents in other
 * worktrees write the same file). The snapshot in `r` is not updated.
 * @return 0 or -1 (reported).
 */
int gi_local_config_set(struct gi_repo *r, const char *key,
			const char *value);

/**
 * Remove every key of `[section "subsection"]` from the local
 * configuration (what `git config --remove-section` does), e.g. the
 * branch.<name>.* keys of a deleted branch.
 * @return 0 or -1 (reported).
 */
int gi_local_config_remove_section(struct gi_repo *r, const char *section,
				   const char *subsection);

#endif
