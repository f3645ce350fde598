/*
 * claim-cache.h: which note blobs mention claims, kept by blob id
 * ($GIT_COMMON_DIR/issue-cache/claims), for the census of claims
 * (claim.h): the board of a repository of 10,000 issues inflated every
 * note to look for the word, 81% of its time at 1,000,000 records. A
 * note's answer depends on its bytes only; a note not in the file is
 * read and the file written again with every listed note. A cache only:
 * a file that is short, corrupt, unsorted or from another machine reads
 * as empty.
 */
#ifndef GITISSUE_WORKTREE_CLAIM_CACHE_H
#define GITISSUE_WORKTREE_CLAIM_CACHE_H

#include "gitissue/core/store.h"

/**
 * For each entry of `list`, whether its note mentions a claim, into
 * `out` (parallel to the list; 0 for entries of no issue). A note that
 * cannot be read counts as mentioning one (its load then says why).
 */
void gi_claim_mentions(unsigned char *out, struct gi_repo *r,
		       const struct gi_issue_list *list);

#endif
