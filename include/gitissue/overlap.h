/*
 * overlap.h: can these issues be worked on side by side? For each pair of
 * issue branches: the files both changed since they left their base, and
 * whether merging the two would conflict, with the conflicting paths.
 * Everything happens in memory: no worktree, index, ref or object of the
 * repository is written.
 */
#ifndef GITISSUE_OVERLAP_H
#define GITISSUE_OVERLAP_H

#include "gitissue/repo.h"

/* A sorted set of paths. */
struct gi_paths {
	char **v;
	size_t nr, alloc;
};
void gi_paths_release(struct gi_paths *p);

struct gi_overlap_side {
	long issue;
	char *branch;
	char *base;		/* the base's name */
	git_oid tip;
	struct gi_paths changed;	/* since the merge base with the base */
};

struct gi_overlap_pair {
	size_t a, b;		/* indexes into sides, a < b */
	struct gi_paths both;	/* changed on both sides */
	struct gi_paths conflicts;	/* a merge of the two conflicts here */
};

struct gi_overlap {
	struct gi_overlap_side *sides;
	size_t nsides, sides_alloc;
	struct gi_overlap_pair *pairs;
	size_t npairs, pairs_alloc;
	int conflict;		/* some pair conflicts */
};

/**
 * Compare the issues `issues[0..nr-1]` (nr 0: every issue with a worktree
 * or a branch), each through its branch (the one checked out in its
 * worktree first), against `base` (NULL: each branch's own base).
 * @return 0, GI_EINVALID (an issue without a branch, a bad base), or
 * -1; reported.
 */
int gi_overlap_compute(struct gi_overlap *out, struct gi_repo *r,
		       const long *issues, size_t nr, const char *base);
void gi_overlap_release(struct gi_overlap *o);

#endif
