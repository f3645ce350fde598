/*
 * util.c: string buffers, checked allocation and git-style diagnostics.
 * Everything here is small on purpose; it is linked into every command.
 */
#include "gitissue/util.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

char gi_buf_empty[1];
static const char *program = "git issue";

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

void gi_buf_addch(gi_buf *b, int c)
{
	gi_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
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
	if (b->alloc) {
		b->len = len;
		b->buf[len] = '\0';
	}
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
	if (fd)
		close(fd);
	return n < 0 ? -1 : 0;
}

void gi_buf_trim_trailing_newlines(gi_buf *b)
{
	while (b->len && (b->buf[b->len - 1] == '\n' ||
			  b->buf[b->len - 1] == '\r'))
		gi_buf_setlen(b, b->len - 1);
}

static void oom(void)
{
	fputs("fatal: out of memory\n", stderr);
	exit(GI_EXIT_FATAL);
}

void *gi_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *gi_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *gi_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *gi_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

char *gi_xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

void gi_set_program(const char *name)
{
	program = name;
}

const char *gi_program(void)
{
	return program;
}

static void report(const char *prefix, const char *fmt, va_list ap)
{
	gi_buf b = GI_BUF_INIT;

	gi_buf_adds(&b, prefix);
	gi_buf_vaddf(&b, fmt, ap);
	gi_buf_addch(&b, '\n');
	fflush(stdout);
	fwrite(b.buf, 1, b.len, stderr);
	gi_buf_release(&b);
}

int gi_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void gi_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning: ", fmt, ap);
	va_end(ap);
}

void gi_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("fatal: ", fmt, ap);
	va_end(ap);
	exit(GI_EXIT_FATAL);
}

const char *gi_git_errmsg(const char *fallback)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : fallback;
}

int gi_parse_ulong(const char *s, unsigned long *out)
{
	unsigned long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (ULONG_MAX - (unsigned long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return 0;
}

void gi_time_now(char out[32])
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 13, ".%06dZ", (int)(tv.tv_usec % 1000000));
}

unsigned int gi_random_u32(void)
{
	char hex[17];

	gi_random_hex(hex);
	return (unsigned int)strtoul(hex + 8, NULL, 16);
}

void gi_random_hex(char out[17])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[8];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* Never expected on Linux; fall back to time and pid. */
		struct timespec ts;
		uint64_t x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (uint64_t)ts.tv_nsec * 2654435761u ^
		    (uint64_t)ts.tv_sec << 20 ^ (uint64_t)getpid() << 40;
		memcpy(r, &x, sizeof(r));
	}
	for (i = 0; i < sizeof(r); i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[16] = '\0';
}
