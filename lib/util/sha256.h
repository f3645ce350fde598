/*
 * sha256.h: SHA-256 (FIPS 180-4), for the one digest the suite computes
 * that is not git's: the hash Codex keeps of a hook it trusts
 * (agent/codex.h), which must be computed here to tell whether the user
 * approved our hooks without starting Codex. libgit2 builds SHA-256 only
 * as an experiment, and keeps it out of its public headers.
 */
#ifndef GITISSUE_UTIL_SHA256_H
#define GITISSUE_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define GI_SHA256_RAWSZ 32
#define GI_SHA256_HEXSZ 64

struct gi_sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes so far */
	unsigned char block[64];
};

void gi_sha256_init(struct gi_sha256 *c);
void gi_sha256_update(struct gi_sha256 *c, const void *data, size_t len);
void gi_sha256_final(unsigned char out[GI_SHA256_RAWSZ], struct gi_sha256 *c);

/** The digest of `len` bytes at `data` in lowercase hex, NUL-ended. */
void gi_sha256_hex(char out[GI_SHA256_HEXSZ + 1], const void *data,
		   size_t len);

#endif
