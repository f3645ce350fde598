/*
 * cache-file.c: reading and replacing the files of issue-cache/
 * (cache-file.h).
 */
#include "core/cache-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitissue/util/util.h"

#define CACHE_DIR "issue-cache"

int gi_cache_file_read(gi_buf *out, struct gi_repo *r, const char *name)
{
	gi_buf path = GI_BUF_INIT;
	int ret;

	gi_buf_addf(&path, "%s/" CACHE_DIR "/%s", r->commondir, name);
	ret = gi_buf_read_file(out, path.buf) < 0 ? -1 : 0;
	gi_buf_release(&path);
	return ret;
}

void gi_cache_file_replace(struct gi_repo *r, const char *name,
			   const void *data, size_t len)
{
	gi_buf path = GI_BUF_INIT, tmp = GI_BUF_INIT;
	int fd;

	gi_buf_addf(&path, "%s/" CACHE_DIR, r->commondir);
	if (mkdir(path.buf, 0777) < 0 && errno != EEXIST)
		goto done;
	gi_buf_addf(&path, "/%s", name);
	gi_buf_addf(&tmp, "%s.tmp-%ld-%08x", path.buf, (long)getpid(),
		    gi_random_u32());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		goto done;
	if (gi_write_all(fd, data, len) < 0) {
		close(fd);
		unlink(tmp.buf);
		goto done;
	}
	if (close(fd) < 0 || rename(tmp.buf, path.buf) < 0)
		unlink(tmp.buf);
done:
	gi_buf_release(&path);
	gi_buf_release(&tmp);
}

static uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

uint64_t gi_cache_checksum(const void *data, size_t len, size_t skip)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		if (i == skip)
			continue;
		memcpy(&w, p + i, 8);
		h = mix(h, w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		h = mix(h, w);
	}
	return h;
}
