/*
 * util.c: checked allocation, git-style diagnostics, number parsing,
 * random ids and paths (util.h). Everything here is small on purpose; it
 * is linked into every command.
 */
#include "gitissue/util/util.h"
#include "gitissue/util/utf8.h"

#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static const char *program = "git issue";

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

char *gi_xstrdup_or_null(const char *s)
{
	return s ? gi_xstrdup(s) : NULL;
}

void gi_longs_add(long **v, size_t *nr, size_t *alloc, long x)
{
	if (gi_longs_has(*v, *nr, x))
		return;
	GI_ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = x;
}

int gi_longs_has(const long *v, size_t nr, long x)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

int gi_write_all(int fd, const void *p, size_t len)
{
	const char *s = p;

	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
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
	gi_buf b = GI_BUF_INIT, msg = GI_BUF_INIT;

	/* messages quote records, servers and other clones: data, which
	 * must not drive the terminal (as git's vreportf) */
	gi_buf_vaddf(&msg, fmt, ap);
	gi_buf_adds(&b, prefix);
	gi_utf8_add_printable(&b, msg.buf, msg.len,
			      GI_PRINT_KEEP_NL | GI_PRINT_KEEP_TAB);
	gi_buf_release(&msg);
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

void gi_bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	/* no gi_buf here: a buffer bug may be what brought us here */
	fflush(stdout);
	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
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

char *gi_real_path(const char *path)
{
	char *p = realpath(path, NULL);

	return p ? p : gi_xstrdup(path);
}

char *gi_absolute_path(const char *path)
{
	char cwd[PATH_MAX];
	gi_buf b = GI_BUF_INIT;

	if (*path == '/' || !getcwd(cwd, sizeof(cwd)))
		gi_buf_adds(&b, path);
	else
		gi_buf_addf(&b, "%s/%s", cwd, path);
	gi_buf_rtrim(&b, "/", 1);
	return gi_buf_detach(&b, NULL);
}

char *gi_read_line_file(const char *path)
{
	gi_buf b = GI_BUF_INIT;

	if (gi_buf_read_file(&b, path) < 0) {
		gi_buf_release(&b);
		return NULL;
	}
	gi_buf_rtrim(&b, "\r\n", 0);
	return gi_buf_detach(&b, NULL);
}
