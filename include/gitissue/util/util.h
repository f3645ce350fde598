/*
 * util.h: what every part of the suite needs: allocation that dies instead
 * of returning NULL, git-style messages (error/warning/die/BUG, hints)
 * through a routine a caller can replace, exit and error codes, strict
 * number parsing, random ids, the one backoff of every retry loop, and
 * paths.
 *
 * String buffers are in buf.h, UTF-8 in utf8.h, times in date.h.
 */
#ifndef GITISSUE_UTIL_UTIL_H
#define GITISSUE_UTIL_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "gitissue/util/buf.h"

#define GI_ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes, as git uses them. */
#define GI_EXIT_OK 0
#define GI_EXIT_FAILED 1
#define GI_EXIT_FATAL 128
#define GI_EXIT_USAGE 129

/*
 * Errors a caller can act on. Functions return 0, -1 (failed, already
 * reported), a libgit2 code where they pass one on unchanged
 * (GIT_ENOTFOUND, GIT_ELOCKED, GIT_EMODIFIED: all above -100), or one of
 * these, which are kept below libgit2's range so the two never collide.
 */
#define GI_EINVALID (-1001)	/* bad input, nothing done: exit 128 */
#define GI_EREFUSED (-1002)	/* work would be lost: exit 1 */
#define GI_ECLAIMED (-1003)	/* someone else works on it: exit 1 */
#define GI_ERATELIMIT (-1101)	/* GitHub: limit reached, stop for now */
#define GI_ENOTOKEN (-1102)	/* GitHub: no token found */
#define GI_ETRANSPORT (-1103)	/* GitHub: no response (connection, time) */

void *gi_xmalloc(size_t n);
void *gi_xcalloc(size_t n, size_t size);
void *gi_xrealloc(void *p, size_t n);
char *gi_xstrdup(const char *s);
char *gi_xstrndup(const char *s, size_t n);
/** A copy of `s`, or NULL when `s` is NULL. */
char *gi_xstrdup_or_null(const char *s);
/* Grow an array to hold at least `nr` items (git's ALLOC_GROW). */
#define GI_ALLOC_GROW(arr, nr, alloc) do { \
	if ((size_t)(nr) > (size_t)(alloc)) { \
		size_t gi_grow_ = ((size_t)(alloc) + 16) * 3 / 2; \
		(alloc) = gi_grow_ > (size_t)(nr) ? gi_grow_ : (size_t)(nr); \
		(arr) = gi_xrealloc((arr), (size_t)(alloc) * sizeof(*(arr))); \
	} \
} while (0)

/** Append `x` to the `*nr` longs of `*v` unless it is among them already. */
void gi_longs_add(long **v, size_t *nr, size_t *alloc, long x);
/** Whether `x` is among the `nr` longs of `v`. */
int gi_longs_has(const long *v, size_t nr, long x);

/**
 * Write all `len` bytes of `p` to `fd`, again after EINTR and after a
 * short write. Only write(2): safe in a signal handler.
 * @return 0, or -1 with errno (unset when write(2) wrote nothing)
 */
int gi_write_all(int fd, const void *p, size_t len);

/** Name used as the prefix of usage messages ("git issue-note"). */
void gi_set_program(const char *name);
const char *gi_program(void);

/* "error: ..." on stderr; returns -1 so callers can `return gi_error(...)`. */
int gi_error(const char *fmt, ...) GI_ATTR_PRINTF(1, 2);
void gi_warning(const char *fmt, ...) GI_ATTR_PRINTF(1, 2);
/* "fatal: ..." on stderr, exit 128. */
void gi_die(const char *fmt, ...) GI_ATTR_PRINTF(1, 2) __attribute__((noreturn));
/*
 * "hint: ..." on stderr, each line of the message so prefixed: advice on
 * what to do next, after an error or on its own (git's advise()).
 */
void gi_advise(const char *fmt, ...) GI_ATTR_PRINTF(1, 2);

/* Which of the printers above a message comes from. */
enum gi_report_kind {
	GI_REPORT_ERROR,	/* gi_error(): "error: " */
	GI_REPORT_WARNING,	/* gi_warning(): "warning: " */
	GI_REPORT_FATAL,	/* gi_die(): "fatal: ", then exit 128 */
	GI_REPORT_HINT,		/* gi_advise(): "hint: " */
};
/*
 * Where gi_error(), gi_warning(), gi_die() and gi_advise() send their
 * message (after git's set_error_routine() and set_die_routine()). `msg`
 * is the whole message, already made safe for a terminal, without its
 * prefix or final newline; it lives until the routine returns. After a
 * GI_REPORT_FATAL routine returns, gi_die() exits with 128 (the routine
 * may exit itself). Set NULL for the default, which prints on stderr.
 */
typedef void gi_report_fn(enum gi_report_kind kind, const char *msg,
			  void *payload);
void gi_set_report_routine(gi_report_fn *fn, void *payload);
/* A bug in this program, not in its input: "BUG: file:line: ...", abort. */
#define GI_BUG(...) gi_bug_at(__FILE__, __LINE__, __VA_ARGS__)
void gi_bug_at(const char *file, int line, const char *fmt, ...)
	GI_ATTR_PRINTF(3, 4) __attribute__((noreturn));
/* The last libgit2 error message, or `fallback`. */
const char *gi_git_errmsg(const char *fallback);

/** Parse a decimal integer strictly (whole string, no sign, no overflow). */
int gi_parse_ulong(const char *s, unsigned long *out);

/** The value of hex digit `c` (either case), or -1. Inline: the raw
 * readers call it per escape. */
static inline int gi_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
/* The length of gi_random_hex()'s digits. */
#define GI_RANDOM_HEXSZ 16
/** GI_RANDOM_HEXSZ lowercase hex digits from the kernel's random source. */
void gi_random_hex(char out[GI_RANDOM_HEXSZ + 1]);
/** A random 32-bit number (for jitter, not for secrets). */
unsigned int gi_random_u32(void);

/*
 * The wait before the next try of a retry loop that collided with another
 * writer (a lock, a ref that moved, a push rejected): at random ("full
 * jitter"), so that writers that collided do not collide again in
 * lockstep, within a bound that doubles with each attempt. The callers
 * differ only in these numbers.
 */
struct gi_backoff {
	long floor_us;		/* always waited, before the random part */
	long first_us;		/* the random part's bound at attempt 0 */
	long max_us;		/* the bound never grows past this */
	long deadline_ms;	/* gi_now_ms() past which no wait starts;
				 * 0: none */
};
/**
 * Sleep before attempt `attempt` (from 0): floor_us plus 1 to
 * min(first_us << attempt, max_us) microseconds, at random; not at all
 * when the wait would end past the deadline.
 * @return 0 after a wait, -1 when the deadline forbade it.
 */
int gi_backoff(const struct gi_backoff *b, int attempt);

/** realpath() when the path exists, else a copy. Caller frees. */
char *gi_real_path(const char *path);
/** The first line of a one-line file (HEAD, gitdir) without its line
 * ending, or NULL when it cannot be read. Caller frees. */
char *gi_read_line_file(const char *path);
/** `path` made absolute against the current directory, trailing slashes
 * dropped (the root stays "/"). Caller frees. */
char *gi_absolute_path(const char *path);

#endif
