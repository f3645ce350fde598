/*
 * loose.h: writing loose objects as git does, for the note path.
 *
 * libgit2 writes an object through a general stream: a deflate stream set
 * up for the largest objects (64 KiB of hash table cleared per object), a
 * look for the object that rescans the pack directory when it is not
 * there, a freshen attempt, a temporary file, a link and an unlink. A
 * note writes three small objects, so this writes them directly: the id
 * hashed once, the deflate stream sized to the object, the temporary file
 * in the object's own directory, one rename (an object is its content:
 * replacing the same bytes is harmless). An object that exists already
 * goes to libgit2, which freshens it, as git does, so that a gc running
 * beside us does not prune what we are about to reference.
 *
 * The compression level is git's: core.looseCompression, else
 * core.compression, else 1 (Z_BEST_SPEED). With GIT_OBJECT_DIRECTORY set
 * (a quarantine, say) objects go through libgit2, which honours it.
 */
#ifndef GITISSUE_CORE_LOOSE_H
#define GITISSUE_CORE_LOOSE_H

#include <git2.h>

#include "gitissue/util/buf.h"
#include "gitissue/util/repo.h"

/**
 * Write `data` as an object of `type`; its id goes to `out`.
 * @return 0 or -1 (libgit2's error set, or errno's).
 */
int gi_loose_write(git_oid *out, struct gi_repo *r, git_object_t type,
		   const void *data, size_t len);

/** Set libgit2's error to "<what> '<path>': <errno's message>".
 * @return -1. */
int gi_loose_os_error(const char *what, const char *path);

/** git's compression level: `key` (core.looseCompression,
 * pack.compression), else core.compression, else `def`. */
int gi_compression_level(struct gi_repo *r, const char *key, int def);

/**
 * Deflate `hdr` (hlen bytes, may be 0) and `data` as one zlib stream,
 * appended to `out`, with a stream sized to them (a window and a hash
 * table for 64 KiB cost more to clear than a small object to deflate).
 * @return 0 or -1 (libgit2's error set).
 */
int gi_deflate_object(gi_buf *out, int level, const char *hdr, size_t hlen,
		      const void *data, size_t len);

/** The bytes of the tree a builder holds (entries in git's order),
 * appended to `out`. */
void gi_tree_format(gi_buf *out, git_treebuilder *b);
/** Write the tree a builder holds (gi_tree_format). */
int gi_loose_write_tree(git_oid *out, struct gi_repo *r,
			git_treebuilder *b);

/** The bytes of a commit (gi_loose_write_commit), appended to `b`. */
void gi_commit_format(gi_buf *b, const git_oid *tree,
		      const git_oid *const *parents, size_t nparents,
		      const git_signature *sig, const char *message);

/**
 * Write a commit of `tree` with `parents`, author and committer `sig`, and
 * `message` as it is: the bytes git_commit_create would write.
 */
int gi_loose_write_commit(git_oid *out, struct gi_repo *r,
			  const git_oid *tree, const git_oid *const *parents,
			  size_t nparents, const git_signature *sig,
			  const char *message);

#endif
