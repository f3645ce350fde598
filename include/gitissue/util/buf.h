/*
 * buf.h: a growing string buffer whose `buf` is never NULL and always
 * NUL-terminated, after git's strbuf. `gi_buf_detach` is the one way to
 * take the string over; everything else leaves it owned by the buffer.
 */
#ifndef GITISSUE_UTIL_BUF_H
#define GITISSUE_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *buf;	/* always NUL-terminated, never NULL */
	size_t len;
	size_t alloc;	/* 0: buf is the shared empty string */
} gi_buf;

extern char gi_buf_empty[];
#define GI_BUF_INIT { gi_buf_empty, 0, 0 }

void gi_buf_init(gi_buf *b);
/** Free the contents; the buffer is left empty and reusable. */
void gi_buf_release(gi_buf *b);
void gi_buf_grow(gi_buf *b, size_t extra);
void gi_buf_add(gi_buf *b, const void *data, size_t len);
void gi_buf_adds(gi_buf *b, const char *s);
/* One character; inline as git's strbuf_addch, since text is shown a
 * character at a time (a tenth of git issue-show was the call). */
static inline void gi_buf_addch(gi_buf *b, int c)
{
	if (b->len + 1 >= b->alloc)
		gi_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}
void gi_buf_addf(gi_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gi_buf_vaddf(gi_buf *b, const char *fmt, va_list ap);
/** Cut (or keep) the string at `len`, which must not pass the allocation
 * (a bug otherwise, as in git's strbuf_setlen). */
void gi_buf_setlen(gi_buf *b, size_t len);
void gi_buf_reset(gi_buf *b);
/** Take ownership of the string; the buffer is left empty. */
char *gi_buf_detach(gi_buf *b, size_t *len);
/** Append a whole file ("-" is standard input); -1 with errno on failure. */
int gi_buf_read_file(gi_buf *b, const char *path);

/** Drop trailing characters that are in `set`, keeping at least `keep`. */
void gi_buf_rtrim(gi_buf *b, const char *set, size_t keep);
/** The same for a plain string, in place; returns `s`. */
char *gi_str_rtrim(char *s, const char *set, size_t keep);
/** Drop leading characters that are in `set`. */
void gi_buf_ltrim(gi_buf *b, const char *set);

#endif
