/*
 * quarantine.h: a temporary object directory for objects that must exist
 * only while a command runs (quarantine.c). libgit2 writes into it through
 * a loose backend above the repository's own; git reads it as
 * GIT_OBJECT_DIRECTORY with the real one as an alternate.
 */
#ifndef GITISSUE_WORKTREE_QUARANTINE_H
#define GITISSUE_WORKTREE_QUARANTINE_H

#include <git2.h>

/** A new directory under $TMPDIR (else /tmp), or NULL (reported). */
char *gi_quarantine_make(void);
/** From now on `repo` writes its objects into `dir`. @return 0 or -1
 * (reported). */
int gi_quarantine_use(git_repository *repo, const char *dir);
/** Delete `dir` and everything in it (NULL: nothing). */
void gi_quarantine_drop(const char *dir);

#endif
