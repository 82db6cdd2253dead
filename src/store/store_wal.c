/*
 * store_wal.c - reading a -wal file the way SQLite's recovery does (contract in
 * store_int.h), to see what recovery would silently drop.
 *
 * After a crash SQLite rebuilds its index of the -wal from the file: it reads the frames
 * from the start while each one carries the header's salts and a checksum that follows
 * on from the previous one, and stops at the first that does not. A frame damaged while
 * the program ran (a failing disk, another program) therefore hides every transaction
 * after it without any error. Those transactions are still recognisable: frames with
 * the same salts, among them commit frames. The format is in SQLite's file format
 * document (https://sqlite.org/fileformat2.html#walformat).
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/util.h"

#define WAL_HEADER 32
#define WAL_FRAME_HEADER 24
#define WAL_MAGIC 0x377f0682u	/* low bit set: checksums over big-endian words */

/* A 32-bit big-endian number. */
static uint32_t wal_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* SQLite's WAL checksum of n bytes (a multiple of 8), continuing from s[2]. */
static void wal_checksum(int big, const unsigned char *p, size_t n, uint32_t s[2])
{
	uint32_t s0 = s[0], s1 = s[1];

	for (size_t i = 0; i + 8 <= n; i += 8) {
		uint32_t a, b;

		if (big) {
			a = wal_be32(p + i);
			b = wal_be32(p + i + 4);
		} else {
			a = (uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 |
			    (uint32_t)p[i + 1] << 8 | p[i];
			b = (uint32_t)p[i + 7] << 24 | (uint32_t)p[i + 6] << 16 |
			    (uint32_t)p[i + 5] << 8 | p[i + 4];
		}
		s0 += a + s1;
		s1 += b + s0;
	}
	s[0] = s0;
	s[1] = s1;
}

/* Read exactly n bytes; 1 when they were all there, 0 at the end, -1 on error. */
static int wal_read(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		got += (size_t)r;
	}
	return 1;
}

int store_wal_scan(const char *wal, struct store_wal_info *info)
{
	unsigned char hdr[WAL_HEADER], fh[WAL_FRAME_HEADER], *page = NULL;
	uint32_t sum[2] = { 0, 0 }, magic, psize, salt1, salt2;
	int fd, big, r, broken = 0;
	long frame = 0;

	memset(info, 0, sizeof(*info));
	fd = open(wal, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	r = wal_read(fd, hdr, sizeof(hdr));
	if (r <= 0) {
		close(fd);
		return r;
	}
	magic = wal_be32(hdr);
	psize = wal_be32(hdr + 8);
	big = magic & 1;
	/* A header SQLite would not accept makes it ignore the whole file: nothing to lose
	 * that we could recognise. */
	if ((magic & ~1u) != WAL_MAGIC || psize < 512 || psize > 65536 || (psize & (psize - 1))) {
		close(fd);
		return 0;
	}
	wal_checksum(big, hdr, 24, sum);
	if (sum[0] != wal_be32(hdr + 24) || sum[1] != wal_be32(hdr + 28)) {
		close(fd);
		return 0;
	}
	salt1 = wal_be32(hdr + 16);
	salt2 = wal_be32(hdr + 20);
	page = xmalloc(psize);
	while ((r = wal_read(fd, fh, sizeof(fh))) == 1 && (r = wal_read(fd, page, psize)) == 1) {
		int ours = wal_be32(fh + 8) == salt1 && wal_be32(fh + 12) == salt2;
		int commit = wal_be32(fh + 4) != 0;

		frame++;
		if (!broken) {
			uint32_t s[2] = { sum[0], sum[1] };

			wal_checksum(big, fh, 8, s);
			wal_checksum(big, page, psize, s);
			if (ours && s[0] == wal_be32(fh + 16) && s[1] == wal_be32(fh + 20)) {
				sum[0] = s[0];
				sum[1] = s[1];
				info->frames = frame;
				if (commit)
					info->commits++;
				continue;
			}
			/* Recovery stops here; what follows of this generation is lost. */
			broken = 1;
			info->bad_frame = frame;
		}
		/* Frames of an earlier generation (other salts) are old and meant to be
		 * ignored; commit frames of this one after the break are lost saves. */
		if (ours && commit)
			info->lost_commits++;
	}
	free(page);
	close(fd);
	return r < 0 ? -1 : 0;
}
