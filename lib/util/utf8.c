/*
 * utf8.c: checking, measuring and cutting UTF-8 (utf8.h).
 */
#include "gitissue/util/utf8.h"

#include <stdint.h>
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

unsigned int gi_utf8_decode(const char *str, size_t n)
{
	static const unsigned char lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	const unsigned char *s = (const unsigned char *)str;
	unsigned int cp = s[0] & lead[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/*
 * Unicode's default-ignorable code points (DerivedCoreProperties.txt,
 * Unicode 15.1) and the interlinear annotation controls: a terminal and a
 * person see nothing, a model may read them all the same (the tags
 * U+E0020-E007E mirror ASCII). Variation selectors are apart
 * (is_variation_selector): an emoji needs one.
 */
static int is_default_ignorable(unsigned int cp)
{
	return cp == 0x00ad ||				/* soft hyphen */
	       cp == 0x034f ||				/* CGJ */
	       cp == 0x115f || cp == 0x1160 ||		/* Hangul fillers */
	       cp == 0x17b4 || cp == 0x17b5 ||		/* Khmer inherent */
	       (cp >= 0x180b && cp <= 0x180f) ||	/* Mongolian FVS */
	       (cp >= 0x200b && cp <= 0x200d) ||	/* ZWSP, ZWNJ, ZWJ */
	       (cp >= 0x2060 && cp <= 0x2065) ||	/* WJ, invisible ops */
	       (cp >= 0x206a && cp <= 0x206f) ||	/* deprecated formats */
	       cp == 0x3164 || cp == 0xffa0 ||		/* Hangul fillers */
	       cp == 0xfeff ||				/* BOM, ZWNBSP */
	       (cp >= 0xfff0 && cp <= 0xfffb) ||	/* annotation */
	       (cp >= 0x1bca0 && cp <= 0x1bca3) ||	/* shorthand formats */
	       (cp >= 0x1d173 && cp <= 0x1d17a) ||	/* musical formats */
	       (cp >= 0xe0000 && cp <= 0xe00ff) ||	/* tags */
	       (cp >= 0xe01f0 && cp <= 0xe0fff);	/* unassigned */
}

/* VS1-VS16 and VS17-VS256: 256 of them carry a byte each, unseen. */
static int is_variation_selector(unsigned int cp)
{
	return (cp >= 0xfe00 && cp <= 0xfe0f) ||
	       (cp >= 0xe0100 && cp <= 0xe01ef);
}

int gi_utf8_is_invisible_control(unsigned int cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls */
	       cp == 0x061c ||				/* ALM */
	       cp == 0x200e || cp == 0x200f ||		/* LRM, RLM */
	       (cp >= 0x202a && cp <= 0x202e) ||	/* LRE..RLO */
	       (cp >= 0x2066 && cp <= 0x2069) ||	/* LRI..PDI */
	       cp == 0x2028 || cp == 0x2029 ||		/* line, para sep */
	       is_default_ignorable(cp) || is_variation_selector(cp);
}

/*
 * Is the character `cp` shown as <U+XXXX>? Every invisible one, except
 * the text and emoji presentation selectors (VS15, VS16) right after a
 * character that is shown: "❤️" keeps its look, and a run of selectors,
 * or one after nothing visible, cannot carry hidden text.
 */
static int shown_escaped(unsigned int cp, int after_visible)
{
	if ((cp == 0xfe0e || cp == 0xfe0f) && after_visible)
		return 0;
	return gi_utf8_is_invisible_control(cp);
}

/* Are all eight bytes at p printable ASCII (0x20 to 0x7e)? */
static int ascii8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t w;

	memcpy(&w, p, 8);
	/* a byte below 0x20, one of 0x80 and above (its high bit), or 0x7f
	 * (+1 sets its high bit; a carry comes only out of a byte of 0xff,
	 * whose high bit is set already) */
	return !((((w - ones * 0x20) & ~w) | w | (w + ones)) & high);
}

void gi_utf8_add_printable(gi_buf *out, const char *str, size_t len,
			   unsigned int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	char esc[16];
	int after_visible = 0;	/* the last character was shown as is */

	gi_buf_grow(out, len);
	while (i < len) {
		unsigned char c = s[i];
		size_t run = i;

		/* the usual case first: a run of printable ASCII, copied at
		 * once (a byte at a time was most of rendering a note),
		 * looked at eight bytes at a time */
		while (len - run >= 8 && ascii8(s + run))
			run += 8;
		while (run < len && s[run] >= 0x20 && s[run] < 0x7f)
			run++;
		if (run > i) {
			gi_buf_add(out, s + i, run - i);
			after_visible = s[run - 1] != ' ';
			i = run;
			continue;
		}
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
			after_visible = 0;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			gi_buf_addch(out, '^');
			gi_buf_addch(out, c == 0x7f ? '?' : c + '@');
			after_visible = 0;
			i++;
		} else if (!(n = gi_utf8_seq(str + i, len - i))) {
			/* not UTF-8: a lone 0x9b is CSI to some terminals */
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			gi_buf_adds(out, esc);
			after_visible = 0;
			i++;
		} else {
			unsigned int cp = gi_utf8_decode(str + i, n);

			if (shown_escaped(cp, after_visible)) {
				snprintf(esc, sizeof(esc), "<U+%04X>", cp);
				gi_buf_adds(out, esc);
				after_visible = 0;
			} else {
				gi_buf_add(out, s + i, n);
				after_visible = !is_variation_selector(cp);
			}
			i += n;
		}
	}
}

/* --- columns on a terminal ------------------------------------------- */

/* [first, last] code points of one width. */
struct range {
	unsigned int first, last;
};

/* Combining marks and zero-width characters: no column of their own. */
static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef },
};

/* East Asian wide and fullwidth characters, and emoji: two columns. */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x2614, 0x2615 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd },
	{ 0x30000, 0x3fffd },
};

static int in_ranges(unsigned int cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > r[mid].last)
			lo = mid + 1;
		else if (cp < r[mid].first)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* The code point of the sequence at `s` (`len` bytes, valid). */
static unsigned int code_point(const unsigned char *s, size_t len)
{
	unsigned int cp = len == 1 ? s[0] : len == 2 ? s[0] & 0x1fu :
		len == 3 ? s[0] & 0x0fu : s[0] & 0x07u;
	size_t i;

	for (i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3fu);
	return cp;
}

/* Columns of the character at `s` (*len set to its bytes). */
static size_t char_columns(const char *s, size_t *len)
{
	unsigned int cp;

	*len = gi_utf8_seq(s, strnlen(s, 4));
	if (!*len) {
		*len = 1;
		return 1;	/* a stray byte: shown as something */
	}
	cp = code_point((const unsigned char *)s, *len);
	if (in_ranges(cp, zero, sizeof(zero) / sizeof(*zero)))
		return 0;
	if (in_ranges(cp, wide, sizeof(wide) / sizeof(*wide)))
		return 2;
	return 1;
}

size_t gi_utf8_columns(const char *s)
{
	size_t n = 0, len;

	while (*s) {
		n += char_columns(s, &len);
		s += len;
	}
	return n;
}

size_t gi_utf8_cut_columns(const char *s, size_t max)
{
	size_t used = 0, i = 0, len, w;

	while (s[i]) {
		w = char_columns(s + i, &len);
		if (used + w > max)
			break;
		used += w;
		i += len;
	}
	/* a combining mark belongs to the character before it */
	while (s[i] && !char_columns(s + i, &len))
		i += len;
	return i;
}
