/*
 * buf.c: the growing string buffer (buf.h).
 */
#include "gitissue/util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/util/util.h"

char gi_buf_empty[1];

void gi_buf_init(gi_buf *b)
{
	b->buf = gi_buf_empty;
	b->len = b->alloc = 0;
}

void gi_buf_release(gi_buf *b)
{
	if (b->alloc)
		free(b->buf);
	gi_buf_init(b);
}

void gi_buf_grow(gi_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;

	if (want <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	b->alloc = want < 64 ? 64 : want;
	if (b->alloc < want * 3 / 2)
		b->alloc = want * 3 / 2;
	b->buf = gi_xrealloc(b->buf, b->alloc);
	if (!b->len)
		b->buf[0] = '\0';
}

void gi_buf_add(gi_buf *b, const void *data, size_t len)
{
	gi_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void gi_buf_adds(gi_buf *b, const char *s)
{
	gi_buf_add(b, s, strlen(s));
}

void gi_buf_vaddf(gi_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc ? b->alloc - b->len : 0,
		      fmt, cp);
	va_end(cp);
	if (n < 0)
		gi_die("vsnprintf failed");
	if ((size_t)n + 1 > (b->alloc ? b->alloc - b->len : 0)) {
		gi_buf_grow(b, (size_t)n);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void gi_buf_addf(gi_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gi_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void gi_buf_setlen(gi_buf *b, size_t len)
{
	if (len > (b->alloc ? b->alloc - 1 : 0))
		GI_BUG("gi_buf_setlen(%zu) beyond the allocation (%zu)", len,
		       b->alloc);
	if (!b->alloc)
		return;	/* the shared empty string stays as it is */
	b->len = len;
	b->buf[len] = '\0';
}

void gi_buf_reset(gi_buf *b)
{
	gi_buf_setlen(b, 0);
}

char *gi_buf_detach(gi_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		gi_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	gi_buf_init(b);
	return s;
}

int gi_buf_read_file(gi_buf *b, const char *path)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	for (;;) {
		gi_buf_grow(b, 8192);
		n = read(fd, b->buf + b->len, b->alloc - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b->len += (size_t)n;
	}
	b->buf[b->len] = '\0';
	if (fd) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return n < 0 ? -1 : 0;
}

static size_t rtrim_len(const char *s, size_t len, const char *set,
			size_t keep)
{
	while (len > keep && strchr(set, s[len - 1]))
		len--;
	return len;
}

void gi_buf_rtrim(gi_buf *b, const char *set, size_t keep)
{
	gi_buf_setlen(b, rtrim_len(b->buf, b->len, set, keep));
}

char *gi_str_rtrim(char *s, const char *set, size_t keep)
{
	s[rtrim_len(s, strlen(s), set, keep)] = '\0';
	return s;
}

void gi_buf_ltrim(gi_buf *b, const char *set)
{
	size_t start = 0;

	while (start < b->len && strchr(set, b->buf[start]))
		start++;
	if (!start)
		return;
	memmove(b->buf, b->buf + start, b->len - start);
	gi_buf_setlen(b, b->len - start);
}
