/*
 * sha256.h - SHA-256 (FIPS 180-4), for naming the files the district receives.
 *
 * glibc has no hash functions and a library would be a dependency for forty lines;
 * this one is tested against the standard's vectors. Streaming: init, update any
 * number of times, final. sha256_hex hashes one buffer into 64 lowercase hex digits.
 */
#ifndef TB_SHA256_H
#define TB_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
/* The digest as 32 bytes; c must be initialised again before reuse. */
void sha256_final(struct sha256 *c, unsigned char out[32]);
/* The digest of one buffer as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char out[65]);
/* 32 bytes as 64 lowercase hex digits and a NUL. */
void sha256_tohex(const unsigned char dig[32], char out[65]);

#endif
