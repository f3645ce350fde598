/*
 * sha1.h: SHA-1 of a byte stream (FIPS 180-4), for the checksums of the
 * pack files we write (core/pack-write.c): a pack's trailer and its
 * index's are SHA-1 of the file's bytes, which libgit2 does not offer
 * (git_odb_hash hashes an object, header included). Not for object ids:
 * those come from libgit2, whose SHA-1 detects collisions.
 */
#ifndef GITISSUE_UTIL_SHA1_H
#define GITISSUE_UTIL_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct gi_sha1 {
	uint32_t h[5];
	uint64_t len;		/* bytes taken so far */
	unsigned char block[64];
	size_t nblock;
};

void gi_sha1_init(struct gi_sha1 *c);
void gi_sha1_update(struct gi_sha1 *c, const void *data, size_t len);
void gi_sha1_final(unsigned char out[20], struct gi_sha1 *c);

#endif
