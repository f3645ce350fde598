/*
 * util.h: the few helpers every part of the suite needs: a growing string
 * buffer whose `buf` is never NULL (after git's strbuf), allocation that dies
 * instead of returning NULL, and git-style messages (error/warning/die).
 */
#ifndef GITISSUE_UTIL_H
#define GITISSUE_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define GI_ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes, as git uses them. */
#define GI_EXIT_OK 0
#define GI_EXIT_FAILED 1
#define GI_EXIT_FATAL 128
#define GI_EXIT_USAGE 129

typedef struct {
	char *buf;	/* always NUL-terminated, never NULL */
	size_t len;
	size_t alloc;
} gi_buf;

extern char gi_buf_empty[];
#define GI_BUF_INIT { gi_buf_empty, 0, 0 }

void gi_buf_init(gi_buf *b);
/** Free the contents; the buffer is left empty and reusable. */
void gi_buf_release(gi_buf *b);
void gi_buf_grow(gi_buf *b, size_t extra);
void gi_buf_add(gi_buf *b, const void *data, size_t len);
void gi_buf_adds(gi_buf *b, const char *s);
void gi_buf_addch(gi_buf *b, int c);
void gi_buf_addf(gi_buf *b, const char *fmt, ...) GI_ATTR_PRINTF(2, 3);
void gi_buf_vaddf(gi_buf *b, const char *fmt, va_list ap);
void gi_buf_setlen(gi_buf *b, size_t len);
void gi_buf_reset(gi_buf *b);
/** Take ownership of the string; the buffer is left empty. */
char *gi_buf_detach(gi_buf *b, size_t *len);
/** Read a whole file ("-" is standard input); -1 with errno on failure. */
int gi_buf_read_file(gi_buf *b, const char *path);
void gi_buf_trim_trailing_newlines(gi_buf *b);

void *gi_xmalloc(size_t n);
void *gi_xcalloc(size_t n, size_t size);
void *gi_xrealloc(void *p, size_t n);
char *gi_xstrdup(const char *s);
char *gi_xstrndup(const char *s, size_t n);
/* Grow an array to hold at least `nr` items (git's ALLOC_GROW). */
#define GI_ALLOC_GROW(arr, nr, alloc) do { \
	if ((size_t)(nr) > (size_t)(alloc)) { \
		size_t gi_grow_ = ((size_t)(alloc) + 16) * 3 / 2; \
		(alloc) = gi_grow_ > (size_t)(nr) ? gi_grow_ : (size_t)(nr); \
		(arr) = gi_xrealloc((arr), (size_t)(alloc) * sizeof(*(arr))); \
	} \
} while (0)

/** Name used as the prefix of usage messages ("git issue-note"). */
void gi_set_program(const char *name);
const char *gi_program(void);

/* "error: ..." on stderr; returns -1 so callers can `return gi_error(...)`. */
int gi_error(const char *fmt, ...) GI_ATTR_PRINTF(1, 2);
void gi_warning(const char *fmt, ...) GI_ATTR_PRINTF(1, 2);
/* "fatal: ..." on stderr, exit 128. */
void gi_die(const char *fmt, ...) GI_ATTR_PRINTF(1, 2) __attribute__((noreturn));
/* The last libgit2 error message, or `fallback`. */
const char *gi_git_errmsg(const char *fallback);

/** Parse a decimal integer strictly (whole string, no sign, no overflow). */
int gi_parse_ulong(const char *s, unsigned long *out);

/** Current time as "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" (UTC, 27 chars + NUL). */
void gi_time_now(char out[32]);
/** 16 lowercase hex digits from the kernel's random source. */
void gi_random_hex(char out[17]);
/** A random 32-bit number (for jitter, not for secrets). */
unsigned int gi_random_u32(void);

#endif
