/*
 * loose.c: writing loose objects as git does (loose.h).
 */
#include "core/loose.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "gitissue/util/config.h"
#include "gitissue/util/util.h"

int gi_loose_os_error(const char *what, const char *path)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s '%s': %s", what, path, strerror(errno));
	git_error_set_str(GIT_ERROR_OS, msg);
	return -1;
}

int gi_compression_level(struct gi_repo *r, const char *key, int def)
{
	const char *const keys[] = { key, "core.compression" };
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(keys); i++) {
		char *v = gi_config_get(r, keys[i]);

		if (v) {
			long l = gi_config_long(r, keys[i], def);

			free(v);
			return l == -1 ? Z_DEFAULT_COMPRESSION :
				l < 0 || l > 9 ? def : (int)l;
		}
	}
	return def;
}

/* git's choice: core.looseCompression, core.compression, else 1. */
static int compression_level(struct gi_repo *r)
{
	static int level = -2;

	if (level == -2)
		level = gi_compression_level(r, "core.looseCompression",
					     Z_BEST_SPEED);
	return level;
}

int gi_deflate_object(gi_buf *out, int level, const char *hdr, size_t hlen,
		      const void *data, size_t len)
{
	z_stream zs;
	size_t total = hlen + len, at = out->len;
	int bits = 9, mem, err;

	while (bits < 15 && ((size_t)1 << bits) < total)
		bits++;
	mem = bits - 7 < 1 ? 1 : bits - 7 > 8 ? 8 : bits - 7;
	memset(&zs, 0, sizeof(zs));
	/* a tree or a commit is small: the fixed codes cost a few bytes and
	 * save building the dynamic ones, most of deflating it */
	if (deflateInit2(&zs, level, Z_DEFLATED, bits, mem,
			 total < 2048 ? Z_FIXED : Z_DEFAULT_STRATEGY) != Z_OK) {
		git_error_set_str(GIT_ERROR_ZLIB, "unable to start deflate");
		return -1;
	}
	gi_buf_grow(out, deflateBound(&zs, (uLong)total));
	zs.next_out = (Bytef *)out->buf + at;
	zs.avail_out = (uInt)(out->alloc - 1 - at);
	err = Z_OK;
	if (hlen) {
		zs.next_in = (Bytef *)hdr;
		zs.avail_in = (uInt)hlen;
		err = deflate(&zs, Z_NO_FLUSH);
	}
	if (err == Z_OK) {
		zs.next_in = (Bytef *)data;
		zs.avail_in = (uInt)len;
		err = deflate(&zs, Z_FINISH);
	}
	if (err != Z_STREAM_END) {
		deflateEnd(&zs);
		git_error_set_str(GIT_ERROR_ZLIB, "unable to deflate object");
		return -1;
	}
	gi_buf_setlen(out, at + zs.total_out);
	deflateEnd(&zs);
	return 0;
}

/* objects/xx/tmp_obj_<random>, the directory made when missing (a gc
 * beside us may remove it again before we open: try again a few times) */
static int open_temp(gi_buf *tmp, const char *dir)
{
	int fd, tries;

	for (tries = 0; tries < 8; tries++) {
		char rnd[GI_RANDOM_HEXSZ + 1];

		gi_random_hex(rnd);
		gi_buf_reset(tmp);
		gi_buf_addf(tmp, "%s/tmp_obj_%s", dir, rnd);
		fd = open(tmp->buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0444);
		if (fd >= 0 || errno != ENOENT)
			return fd;
		if (mkdir(dir, 0777) < 0 && errno != EEXIST)
			return -1;
	}
	return -1;
}

int gi_loose_write(git_oid *out, struct gi_repo *r, git_object_t type,
		   const void *data, size_t len)
{
	gi_buf path = GI_BUF_INIT, tmp = GI_BUF_INIT, z = GI_BUF_INIT;
	char hdr[64], hex[GIT_OID_HEXSZ + 1];
	git_odb *odb = NULL;
	size_t dirlen;
	int hlen, fd = -1, ret = -1;

	if (git_odb_hash(out, data, len, type) < 0)
		return -1;
	if (getenv("GIT_OBJECT_DIRECTORY")) {
		if (git_repository_odb(&odb, r->repo) < 0)
			return -1;
		ret = git_odb_write(out, odb, data, len, type);
		git_odb_free(odb);
		return ret < 0 ? -1 : 0;
	}
	git_oid_tostr(hex, sizeof(hex), out);
	gi_buf_addf(&path, "%s/objects/%.2s", r->commondir, hex);
	dirlen = path.len;
	gi_buf_addf(&path, "/%s", hex + 2);
	if (git_repository_odb(&odb, r->repo) < 0)
		goto done;
	if (git_odb_exists_ext(odb, out, GIT_ODB_LOOKUP_NO_REFRESH)) {
		/* there already (rare for a note): libgit2's write freshens
		 * it, as git does, loose or packed */
		ret = git_odb_write(out, odb, data, len, type) < 0 ? -1 : 0;
		goto done;
	}
	hlen = snprintf(hdr, sizeof(hdr), "%s %zu",
			git_object_type2string(type), len) + 1;
	if (gi_deflate_object(&z, compression_level(r), hdr, (size_t)hlen,
			      data, len) < 0)
		goto done;
	gi_buf_setlen(&path, dirlen);
	fd = open_temp(&tmp, path.buf);
	gi_buf_addf(&path, "/%s", hex + 2);
	if (fd < 0) {
		gi_loose_os_error("unable to create temporary object", tmp.buf);
		goto done;
	}
	if (gi_write_all(fd, z.buf, z.len) < 0) {
		gi_loose_os_error("unable to write", tmp.buf);
		close(fd);
		unlink(tmp.buf);
		goto done;
	}
	if (close(fd) < 0 || rename(tmp.buf, path.buf) < 0) {
		gi_loose_os_error("unable to write object", path.buf);
		unlink(tmp.buf);
		goto done;
	}
	ret = 0;
done:
	git_odb_free(odb);
	gi_buf_release(&path);
	gi_buf_release(&tmp);
	gi_buf_release(&z);
	return ret;
}

struct tree_entry {
	const char *name;
	size_t len;
	unsigned int mode;
	const git_oid *id;
};

struct entries {
	struct tree_entry *v;
	size_t nr, alloc;
};

/* A git_treebuilder_filter callback that removes nothing. */
static int collect(const git_tree_entry *e, void *payload)
{
	struct entries *s = payload;

	GI_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	s->v[s->nr].name = git_tree_entry_name(e);
	s->v[s->nr].len = strlen(s->v[s->nr].name);
	s->v[s->nr].mode = (unsigned int)git_tree_entry_filemode(e);
	s->v[s->nr].id = git_tree_entry_id(e);
	s->nr++;
	return 0;
}

/* git's order: names byte by byte, a tree's as if it ended in '/' */
static int cmp_entry(const void *a, const void *b)
{
	const struct tree_entry *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);
	unsigned char cx, cy;

	if (c)
		return c;
	cx = n < x->len ? (unsigned char)x->name[n] :
		x->mode == GIT_FILEMODE_TREE ? '/' : 0;
	cy = n < y->len ? (unsigned char)y->name[n] :
		y->mode == GIT_FILEMODE_TREE ? '/' : 0;
	return (int)cx - (int)cy;
}

void gi_tree_format(gi_buf *out, git_treebuilder *b)
{
	struct entries s = { NULL, 0, 0 };
	size_t i;

	git_treebuilder_filter(b, collect, &s);
	if (s.nr > 1)
		qsort(s.v, s.nr, sizeof(*s.v), cmp_entry);
	for (i = 0; i < s.nr; i++) {
		gi_buf_addf(out, "%o %s", s.v[i].mode, s.v[i].name);
		gi_buf_add(out, "", 1);
		gi_buf_add(out, s.v[i].id->id, GIT_OID_RAWSZ);
	}
	free(s.v);
}

int gi_loose_write_tree(git_oid *out, struct gi_repo *r, git_treebuilder *b)
{
	gi_buf buf = GI_BUF_INIT;
	int ret;

	gi_tree_format(&buf, b);
	ret = gi_loose_write(out, r, GIT_OBJECT_TREE, buf.buf, buf.len);
	gi_buf_release(&buf);
	return ret;
}

static void add_signature(gi_buf *b, const char *header,
			  const git_signature *sig)
{
	int offset = sig->when.offset;
	char sign = offset < 0 || sig->when.sign == '-' ? '-' : '+';

	if (offset < 0)
		offset = -offset;
	gi_buf_addf(b, "%s %s <%s> %u %c%02d%02d\n", header, sig->name,
		    sig->email, (unsigned int)sig->when.time, sign,
		    offset / 60, offset % 60);
}

void gi_commit_format(gi_buf *b, const git_oid *tree,
		      const git_oid *const *parents, size_t nparents,
		      const git_signature *sig, const char *message)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	gi_buf_addf(b, "tree %s\n", git_oid_tostr(hex, sizeof(hex), tree));
	for (i = 0; i < nparents; i++)
		gi_buf_addf(b, "parent %s\n",
			    git_oid_tostr(hex, sizeof(hex), parents[i]));
	add_signature(b, "author", sig);
	add_signature(b, "committer", sig);
	gi_buf_addch(b, '\n');
	gi_buf_adds(b, message);
}

int gi_loose_write_commit(git_oid *out, struct gi_repo *r,
			  const git_oid *tree, const git_oid *const *parents,
			  size_t nparents, const git_signature *sig,
			  const char *message)
{
	gi_buf b = GI_BUF_INIT;
	int ret;

	gi_commit_format(&b, tree, parents, nparents, sig, message);
	ret = gi_loose_write(out, r, GIT_OBJECT_COMMIT, b.buf, b.len);
	gi_buf_release(&b);
	return ret;
}
