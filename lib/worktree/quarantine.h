/*
 * quarantine.h: a temporary object directory for the objects a
 * repository writes (quarantine.c), deleted at the end, for git
 * issue-overlap's merges.
 */
#ifndef GITISSUE_WORKTREE_QUARANTINE_H
#define GITISSUE_WORKTREE_QUARANTINE_H

#include <git2.h>

/** A new temporary directory under $TMPDIR (or /tmp); NULL, said. */
char *gi_quarantine_make(void);
/** From now on `repo` writes its objects into `dir`. @return 0, -1 said */
int gi_quarantine_use(git_repository *repo, const char *dir);
/** `dir` and all in it removed (NULL: nothing). */
void gi_quarantine_drop(const char *dir);

#endif
