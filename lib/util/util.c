/*
 * util.c: checked allocation, git-style diagnostics and the routine they
 * go through, number parsing, random ids, the backoff and paths (util.h).
 * Everything here is small on purpose; it is linked into every command.
 */
#include "gitissue/util/util.h"
#include "gitissue/util/run.h"
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

static const char *const report_prefix[] = {
	[GI_REPORT_ERROR] = "error: ",
	[GI_REPORT_WARNING] = "warning: ",
	[GI_REPORT_FATAL] = "fatal: ",
	[GI_REPORT_HINT] = "hint: ",
};

/* The default routine: the message with its prefix, on stderr, at once;
 * a hint has the prefix on every line, as git's advise() does. */
static void print_report(enum gi_report_kind kind, const char *msg,
			 void *payload)
{
	gi_buf b = GI_BUF_INIT;
	const char *p = msg;

	(void)payload;
	gi_buf_adds(&b, report_prefix[kind]);
	while (kind == GI_REPORT_HINT && strchr(p, '\n')) {
		size_t n = strcspn(p, "\n") + 1;

		gi_buf_add(&b, p, n);
		gi_buf_adds(&b, report_prefix[kind]);
		p += n;
	}
	gi_buf_adds(&b, p);
	gi_buf_addch(&b, '\n');
	fflush(stdout);
	fwrite(b.buf, 1, b.len, stderr);
	gi_buf_release(&b);
}

static gi_report_fn *report_fn = print_report;
static void *report_payload;

void gi_set_report_routine(gi_report_fn *fn, void *payload)
{
	report_fn = fn ? fn : print_report;
	report_payload = fn ? payload : NULL;
}

static void report(enum gi_report_kind kind, const char *fmt, va_list ap)
{
	gi_buf b = GI_BUF_INIT, msg = GI_BUF_INIT;

	/* messages quote records, servers and other clones: data, which
	 * must not drive the terminal (as git's vreportf) */
	gi_buf_vaddf(&msg, fmt, ap);
	gi_utf8_add_printable(&b, msg.buf, msg.len,
			      GI_PRINT_KEEP_NL | GI_PRINT_KEEP_TAB);
	gi_buf_release(&msg);
	report_fn(kind, b.buf, report_payload);
	gi_buf_release(&b);
}

int gi_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(GI_REPORT_ERROR, fmt, ap);
	va_end(ap);
	return -1;
}

void gi_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(GI_REPORT_WARNING, fmt, ap);
	va_end(ap);
}

void gi_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(GI_REPORT_FATAL, fmt, ap);
	va_end(ap);
	exit(GI_EXIT_FATAL);
}

void gi_advise(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(GI_REPORT_HINT, fmt, ap);
	va_end(ap);
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

int gi_backoff(const struct gi_backoff *b, int attempt)
{
	long bound = b->first_us, us;

	while (attempt-- > 0 && bound < b->max_us)
		bound *= 2;
	if (bound > b->max_us)
		bound = b->max_us;
	us = b->floor_us + (bound > 0 ?
			    1 + (long)(gi_random_u32() % (unsigned int)bound) :
			    0);
	if (b->deadline_ms && gi_now_ms() + us / 1000 >= b->deadline_ms)
		return -1;
	usleep((useconds_t)us);
	return 0;
}

unsigned int gi_random_u32(void)
{
	char hex[GI_RANDOM_HEXSZ + 1];

	gi_random_hex(hex);
	return (unsigned int)strtoul(hex + 8, NULL, 16);
}

void gi_random_hex(char out[GI_RANDOM_HEXSZ + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[GI_RANDOM_HEXSZ / 2];
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
	out[GI_RANDOM_HEXSZ] = '\0';
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
