/*
 * pack-write.c: objects written as one pack and its index (pack-write.h).
 *
 * The formats are git's (Documentation/gitformat-pack.txt): the pack is
 * "PACK", version 2, the object count, then each object as a type-and-
 * size header and its zlib stream, then the SHA-1 of all that; the index
 * (version 2) is a fan-out table of 256 counts, the sorted ids, a CRC-32
 * of each object's bytes in the pack, their offsets (31 bits, else an
 * index into a table of 64-bit offsets), the pack's checksum, and its own.
 */
#include "core/pack-write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "gitissue/util/util.h"
#include "core/loose.h"
#include "util/sha1.h"

int gi_pack_possible(void)
{
	return !getenv("GIT_OBJECT_DIRECTORY");
}

void gi_pack_init(struct gi_pack *p, struct gi_repo *r)
{
	memset(p, 0, sizeof(*p));
	p->r = r;
	p->level = -2;
	gi_buf_init(&p->data);
}

void gi_pack_release(struct gi_pack *p)
{
	free(p->v);
	gi_buf_release(&p->data);
	memset(p, 0, sizeof(*p));
}

/* The object header: type in bits 4-6 of the first byte, the size in
 * its low 4 bits and 7 bits of each next byte, least significant first. */
static size_t object_header(unsigned char *h, git_object_t type, size_t len)
{
	size_t n = 0;

	h[n] = (unsigned char)(((unsigned)type << 4) | (len & 15));
	len >>= 4;
	while (len) {
		h[n++] |= 0x80;
		h[n] = (unsigned char)(len & 0x7f);
		len >>= 7;
	}
	return n + 1;
}

int gi_pack_add(struct gi_pack *p, git_oid *out, git_object_t type,
		const void *data, size_t len)
{
	struct gi_pack_entry *e;
	unsigned char hdr[16];

	if (git_odb_hash(out, data, len, type) < 0)
		return -1;
	if (p->level == -2)
		p->level = gi_compression_level(p->r, "pack.compression",
						Z_DEFAULT_COMPRESSION);
	GI_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	e = &p->v[p->nr];
	git_oid_cpy(&e->id, out);
	e->off = p->data.len;
	gi_buf_add(&p->data, hdr, object_header(hdr, type, len));
	if (gi_deflate_object(&p->data, p->level, NULL, 0, data, len) < 0) {
		gi_buf_setlen(&p->data, e->off);
		return -1;
	}
	e->len = p->data.len - e->off;
	p->nr++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct gi_pack_entry *x = *(const struct gi_pack_entry *const *)a;
	const struct gi_pack_entry *y = *(const struct gi_pack_entry *const *)b;
	int c = git_oid_cmp(&x->id, &y->id);

	/* of two equal objects the first added is kept (stable) */
	return c ? c : x < y ? -1 : x > y;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A file written through a buffer, its SHA-1 taken on the way. */
struct hfile {
	int fd, err;
	struct gi_sha1 sha;
	gi_buf buf;
};

static void hfile_flush(struct hfile *f)
{
	if (!f->err && gi_write_all(f->fd, f->buf.buf, f->buf.len) < 0)
		f->err = errno ? errno : EIO;
	gi_buf_reset(&f->buf);
}

static void hfile_add(struct hfile *f, const void *data, size_t len)
{
	gi_sha1_update(&f->sha, data, len);
	if (f->buf.len + len > 65536)
		hfile_flush(f);
	if (len > 65536) {
		if (!f->err && gi_write_all(f->fd, data, len) < 0)
			f->err = errno ? errno : EIO;
		return;
	}
	gi_buf_add(&f->buf, data, len);
}

/* The trailer: the checksum of all before it, into `sum` too. */
static int hfile_close(struct hfile *f, unsigned char sum[20])
{
	gi_sha1_final(sum, &f->sha);
	gi_buf_add(&f->buf, sum, 20);
	hfile_flush(f);
	gi_buf_release(&f->buf);
	if (close(f->fd) < 0 && !f->err)
		f->err = errno;
	errno = f->err;
	return f->err ? -1 : 0;
}

static int hfile_open(struct hfile *f, gi_buf *path)
{
	memset(f, 0, sizeof(*f));
	gi_sha1_init(&f->sha);
	gi_buf_init(&f->buf);
	f->fd = mkstemp(path->buf);
	return f->fd < 0 ? -1 : 0;
}

/* The pack of the kept objects; their offsets in it to `offs`, their
 * CRC-32s to `crcs` (both parallel to p->v). */
static int write_pack(struct gi_pack *p, gi_buf *path, uint8_t *keep,
		      size_t kept, uint64_t *offs, uint32_t *crcs,
		      unsigned char sum[20])
{
	unsigned char h[12] = { 'P', 'A', 'C', 'K' };
	struct hfile f;
	uint64_t at = sizeof(h);
	size_t i;

	if (hfile_open(&f, path) < 0)
		return gi_loose_os_error("unable to create temporary pack", path->buf);
	put_be32(h + 4, 2);
	put_be32(h + 8, (uint32_t)kept);
	hfile_add(&f, h, sizeof(h));
	for (i = 0; i < p->nr; i++) {
		const unsigned char *b;

		if (!keep[i])
			continue;
		b = (const unsigned char *)p->data.buf + p->v[i].off;
		offs[i] = at;
		crcs[i] = (uint32_t)crc32(0, b, (uInt)p->v[i].len);
		hfile_add(&f, b, p->v[i].len);
		at += p->v[i].len;
	}
	if (hfile_close(&f, sum) < 0) {
		gi_loose_os_error("unable to write pack", path->buf);
		unlink(path->buf);
		return -1;
	}
	return 0;
}

/* The index of the kept objects, `sorted` by id. */
static int write_index(gi_buf *path, struct gi_pack_entry **sorted,
		       size_t kept, const struct gi_pack *p,
		       const uint64_t *offs, const uint32_t *crcs,
		       const unsigned char pack_sum[20])
{
	static const unsigned char magic[8] = { 0xff, 't', 'O', 'c',
						0, 0, 0, 2 };
	unsigned char b[8], sum[20];
	uint32_t fan[256] = { 0 }, nlarge = 0;
	struct hfile f;
	size_t i;

	if (hfile_open(&f, path) < 0)
		return gi_loose_os_error("unable to create temporary index", path->buf);
	hfile_add(&f, magic, sizeof(magic));
	for (i = 0; i < kept; i++)
		fan[sorted[i]->id.id[0]]++;
	for (i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	for (i = 0; i < 256; i++) {
		put_be32(b, fan[i]);
		hfile_add(&f, b, 4);
	}
	for (i = 0; i < kept; i++)
		hfile_add(&f, sorted[i]->id.id, GIT_OID_RAWSZ);
	for (i = 0; i < kept; i++) {
		put_be32(b, crcs[sorted[i] - p->v]);
		hfile_add(&f, b, 4);
	}
	for (i = 0; i < kept; i++) {
		uint64_t off = offs[sorted[i] - p->v];

		put_be32(b, off < 0x80000000u ? (uint32_t)off :
			 0x80000000u | nlarge++);
		hfile_add(&f, b, 4);
	}
	for (i = 0; i < kept; i++) {
		uint64_t off = offs[sorted[i] - p->v];

		if (off < 0x80000000u)
			continue;
		put_be32(b, (uint32_t)(off >> 32));
		put_be32(b + 4, (uint32_t)off);
		hfile_add(&f, b, 8);
	}
	hfile_add(&f, pack_sum, 20);
	if (hfile_close(&f, sum) < 0) {
		gi_loose_os_error("unable to write pack index", path->buf);
		unlink(path->buf);
		return -1;
	}
	return 0;
}

/* Sort by id; keep the first of each id. @return how many are kept. */
static size_t sort_unique(struct gi_pack *p, struct gi_pack_entry **sorted,
			  uint8_t *keep)
{
	size_t i, kept = 0;

	for (i = 0; i < p->nr; i++)
		sorted[i] = &p->v[i];
	qsort(sorted, p->nr, sizeof(*sorted), cmp_entry);
	for (i = 0; i < p->nr; i++) {
		if (kept && git_oid_equal(&sorted[kept - 1]->id,
					  &sorted[i]->id))
			continue;
		keep[sorted[i] - p->v] = 1;
		sorted[kept++] = sorted[i];
	}
	return kept;
}

/* Rename the temporary pack and index into place, the index last. */
static int install(gi_buf *tmp_pack, gi_buf *tmp_idx, const char *dir,
		   const unsigned char sum[20])
{
	gi_buf dst = GI_BUF_INIT;
	char hex[41];
	size_t i;
	int ret = -1;

	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	gi_buf_addf(&dst, "%s/pack-%s.pack", dir, hex);
	if (chmod(tmp_pack->buf, 0444) < 0 || chmod(tmp_idx->buf, 0444) < 0 ||
	    rename(tmp_pack->buf, dst.buf) < 0) {
		gi_loose_os_error("unable to install pack", dst.buf);
		goto done;
	}
	gi_buf_setlen(&dst, dst.len - 4);
	gi_buf_adds(&dst, "idx");
	if (rename(tmp_idx->buf, dst.buf) < 0) {
		gi_loose_os_error("unable to install pack index", dst.buf);
		goto done;
	}
	ret = 0;
done:
	gi_buf_release(&dst);
	return ret;
}

int gi_pack_finish(struct gi_pack *p)
{
	struct gi_pack_entry **sorted;
	gi_buf dir = GI_BUF_INIT, tp = GI_BUF_INIT, ti = GI_BUF_INIT;
	uint8_t *keep;
	uint64_t *offs;
	uint32_t *crcs;
	unsigned char sum[20];
	git_odb *odb = NULL;
	size_t kept;
	int ret = -1;

	if (!p->nr)
		return 0;
	sorted = gi_xcalloc(p->nr, sizeof(*sorted));
	keep = gi_xcalloc(p->nr, 1);
	offs = gi_xcalloc(p->nr, sizeof(*offs));
	crcs = gi_xcalloc(p->nr, sizeof(*crcs));
	kept = sort_unique(p, sorted, keep);
	gi_buf_addf(&dir, "%s/objects/pack", p->r->commondir);
	if (mkdir(dir.buf, 0777) < 0 && errno != EEXIST) {
		gi_loose_os_error("unable to create", dir.buf);
		goto done;
	}
	gi_buf_addf(&tp, "%s/tmp_pack_XXXXXX", dir.buf);
	gi_buf_addf(&ti, "%s/tmp_idx_XXXXXX", dir.buf);
	if (write_pack(p, &tp, keep, kept, offs, crcs, sum) < 0)
		goto done;
	if (write_index(&ti, sorted, kept, p, offs, crcs, sum) < 0) {
		unlink(tp.buf);
		goto done;
	}
	if (install(&tp, &ti, dir.buf, sum) < 0) {
		unlink(tp.buf);
		unlink(ti.buf);
		goto done;
	}
	/* libgit2 scans the pack directory again only on a miss */
	if (git_repository_odb(&odb, p->r->repo) < 0 || git_odb_refresh(odb) < 0)
		goto done;
	ret = 0;
done:
	git_odb_free(odb);
	gi_buf_release(&dir);
	gi_buf_release(&tp);
	gi_buf_release(&ti);
	free(sorted);
	free(keep);
	free(offs);
	free(crcs);
	return ret;
}
