/*
 * quarantine.h: an object directory for objects that must never reach
 * the repository (quarantine.c). libgit2 writes into it through
 * a loose backend above the repository's own; git reads it as
 * GIT_OBJECT_DIRECTORY with the real one as an alternate.
 */
#ifndef GITISSUE_WORKTREE_QUARANTINE_H
#define GITISSUE_WORKTREE_QUARANTINE_H

#include <git2.h>

#include "gitissue/util/repo.h"

/**
 * The directory: $GIT_COMMON_DIR/issue-cache/work-objects.<day>, kept
 * between runs (one a day), with *temp 0; else (a repository we
 * cannot write to) a new directory under $TMPDIR (else /tmp), with *temp
 * 1: drop it at the end. NULL when neither can be made (reported).
 */
char *gi_quarantine_make(struct gi_repo *r, int *temp);
/** From now on `repo` writes its objects into `dir`. @return 0 or -1
 * (reported). */
int gi_quarantine_use(git_repository *repo, const char *dir);
/** Is the object `id` in `dir` (loose)? */
int gi_quarantine_has(const char *dir, const git_oid *id);
/** Delete `dir` and everything in it (NULL: nothing). */
void gi_quarantine_drop(const char *dir);

#endif
