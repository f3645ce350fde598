/*
 * utf8.c: checking, measuring and cutting UTF-8 (utf8.h).
 */
#include "gitissue/util/utf8.h"

#include <stdio.h>
#include <string.h>

size_t gi_utf8_seq(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, i;
	unsigned int cp;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int gi_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = gi_utf8_seq(s + i, len - i);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

/* A continuation byte: never the start of a character. */
static int is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

size_t gi_utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += !is_cont(*s);
	return n;
}

size_t gi_utf16_length(const char *s)
{
	size_t n = 0, len = strlen(s), i = 0, k;

	while (i < len) {
		k = gi_utf8_seq(s + i, len - i);
		/* a byte that is not UTF-8 is stored as U+FFFD: one unit */
		n += k == 4 ? 2 : 1;
		i += k ? k : 1;
	}
	return n;
}

size_t gi_utf8_cut_bytes(const char *s, size_t len, size_t max)
{
	size_t cut;

	if (len <= max)
		return len;
	cut = max;
	while (cut && is_cont(s[cut]))
		cut--;
	return cut;
}

size_t gi_utf8_cut_chars(const char *s, size_t max)
{
	size_t i, chars = 0;

	for (i = 0; s[i]; i++)
		if (!is_cont(s[i]) && chars++ == max)
			return i;
	return i;
}

/* The code point of the valid sequence of `n` bytes at `s`. */
static unsigned int decode(const unsigned char *s, size_t n)
{
	static const unsigned char lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned int cp = s[0] & lead[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

int gi_utf8_is_invisible_control(unsigned int cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls */
	       cp == 0x061c ||				/* ALM */
	       cp == 0x200e || cp == 0x200f ||		/* LRM, RLM */
	       (cp >= 0x202a && cp <= 0x202e) ||	/* LRE..RLO */
	       (cp >= 0x2066 && cp <= 0x2069) ||	/* LRI..PDI */
	       cp == 0x2028 || cp == 0x2029;		/* line, para sep */
}

void gi_utf8_add_printable(gi_buf *out, const char *str, size_t len,
			   unsigned int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	char esc[16];

	gi_buf_grow(out, len);
	while (i < len) {
		unsigned char c = s[i];

		if (c == '\n' || c == '\t' || c == '\r') {
			if (c == '\n' && (flags & GI_PRINT_KEEP_NL))
				gi_buf_addch(out, '\n');
			else if (c == '\t' && (flags & GI_PRINT_KEEP_TAB))
				gi_buf_addch(out, '\t');
			else if (flags & GI_PRINT_ONE_LINE)
				gi_buf_addch(out, ' ');
			else
				gi_buf_adds(out, c == '\n' ? "^J" :
					    c == '\t' ? "^I" : "^M");
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			gi_buf_addch(out, '^');
			gi_buf_addch(out, c == 0x7f ? '?' : c + '@');
			i++;
		} else if (c < 0x80) {
			gi_buf_addch(out, c);
			i++;
		} else if (!(n = gi_utf8_seq(str + i, len - i))) {
			/* not UTF-8: a lone 0x9b is CSI to some terminals */
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			gi_buf_adds(out, esc);
			i++;
		} else {
			unsigned int cp = decode(s + i, n);

			if (gi_utf8_is_invisible_control(cp)) {
				snprintf(esc, sizeof(esc), "<U+%04X>", cp);
				gi_buf_adds(out, esc);
			} else {
				gi_buf_add(out, s + i, n);
			}
			i += n;
		}
	}
}
