/*
 * utf8.c: checking, measuring and cutting UTF-8 (utf8.h).
 */
#include "gitissue/utf8.h"

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
