/*
 * config.h: configuration read the way git reads it, and written to the
 * repository's own file.
 *
 * Reading sees `git -c` settings first (GIT_CONFIG_COUNT/KEY_n/VALUE_n,
 * then GIT_CONFIG_PARAMETERS in both its old and new forms, later ones
 * winning), which libgit2 does not; then the repository's configuration
 * snapshot taken when it was opened.
 *
 * Writing goes to $GIT_COMMON_DIR/config, the one place the suite keeps
 * settings of its own (branch.<name>.issue, issue.cloneId). The snapshot
 * in the repository is not updated by a write.
 */
#ifndef GITISSUE_UTIL_CONFIG_H
#define GITISSUE_UTIL_CONFIG_H

#include "gitissue/util/repo.h"

/**
 * Look up a configuration value (`r` may be NULL: only `git -c` then).
 * @return a new string the caller frees, or NULL when unset; a bare
 * `git -c key` gives "true".
 */
char *gi_config_get(struct gi_repo *r, const char *key);
/** Boolean value with git's spellings; `def` when unset or unparsable
 * (which is warned about, once per key and process). */
int gi_config_bool(struct gi_repo *r, const char *key, int def);
/** Integer value (with k/m/g suffixes); `def` when unset, unparsable or,
 * for the suite's own keys, outside the key's range (lib/util/config.c's
 * table): both warned about, once per key and process. */
long gi_config_long(struct gi_repo *r, const char *key, long def);
/** Read every typed key of the suite, to warn about those with bad
 * values, whoever reads them (the agent hooks say nothing themselves). */
void gi_config_check(struct gi_repo *r);

/**
 * Set `key` to `value` in the repository's local configuration, retrying
 * a little while another process holds config.lock (agents in other
 * worktrees write the same file).
 * @return 0 or -1 (reported).
 */
int gi_config_set_local(struct gi_repo *r, const char *key,
			const char *value);

/**
 * Remove every key of `[section "subsection"]` from the local
 * configuration (what `git config --remove-section` does), e.g. the
 * branch.<name>.* keys of a deleted branch.
 * @return 0 or -1 (reported).
 */
int gi_config_remove_section_local(struct gi_repo *r, const char *section,
				   const char *subsection);

#endif
