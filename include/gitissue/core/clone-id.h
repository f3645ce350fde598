/*
 * clone-id.h: the id that says "this clone" in records other clones read
 * (claims, intents), kept in the local configuration as issue.cloneId
 * with the stamp of the git directory it was made for
 * (issue.cloneIdStamp), so that a copy of the clone (cp -a, rsync, a
 * container image) is told from the clone and gets an id of its own.
 */
#ifndef GITISSUE_CORE_CLONE_ID_H
#define GITISSUE_CORE_CLONE_ID_H

#include "gitissue/util/repo.h"

/* An id: 16 lowercase hexadecimal digits. */
#define GI_CLONE_ID_HEXSZ 16

/** Is `id` the form of a clone id (16 lowercase hexadecimal digits)? */
int gi_clone_id_valid(const char *id);

/**
 * This clone's id (`issue.cloneId`). When unset and `create`, one is made
 * and stored in the local configuration; without `create`, *out is NULL
 * (no claim can be ours then: making one sets the id first). An id that
 * is not of the form, or that was made for another git directory (this
 * clone is a copy), is never returned, with a warning: two copies must
 * never both take a claim as theirs. With `create` it is replaced by one
 * of this clone's own; without, *out is NULL and nothing is written (the
 * board writes nothing).
 * @return 0 or -1 (reported).
 */
int gi_clone_id(char **out, struct gi_repo *r, int create);

#endif
