/*
 * utf8.h: the little UTF-8 the suite needs: checking, measuring in
 * characters, and cutting text without splitting a character.
 */
#ifndef GITISSUE_UTIL_UTF8_H
#define GITISSUE_UTIL_UTF8_H

#include <stddef.h>

#include "gitissue/util/buf.h"

/** Length of the valid UTF-8 sequence at `s` (at most `n` bytes), or 0
 * for an invalid one (overlong forms and surrogates included). */
size_t gi_utf8_seq(const char *s, size_t n);
/** Does `s` hold only valid UTF-8? */
int gi_utf8_valid(const char *s, size_t len);
/** Characters (not bytes) in the NUL-terminated `s`. */
size_t gi_utf8_width(const char *s);
/** Characters of the NUL-terminated `s` as GitHub and JavaScript count
 * them: UTF-16 code units (a character beyond U+FFFF is two). Never
 * fewer than the code points, so a limit checked in these holds in
 * either count. */
size_t gi_utf16_length(const char *s);
/** The longest prefix of `s` (`len` bytes) of at most `max` bytes that
 * does not end inside a character: its length in bytes. */
size_t gi_utf8_cut_bytes(const char *s, size_t len, size_t max);
/** The byte length of the first `max` characters of `s` (NUL-terminated),
 * or strlen(s) when it is shorter. */
size_t gi_utf8_cut_chars(const char *s, size_t max);

/** The code point of the valid sequence of `n` bytes at `s`
 * (n = gi_utf8_seq(s, ...), not 0). */
unsigned int gi_utf8_decode(const char *s, size_t n);
/** Columns `s` takes on a terminal: two for East Asian wide characters
 * and emoji, none for combining marks and zero-width characters. */
size_t gi_utf8_columns(const char *s);
/** The byte length of the longest prefix of `s` that takes at most `max`
 * columns, never splitting a character from its combining marks. */
size_t gi_utf8_cut_columns(const char *s, size_t max);

/** C1 controls, bidirectional controls and overrides, the Unicode line
 * and paragraph separators, and every default-ignorable code point (zero
 * widths U+200B-U+200D, U+2060, U+FEFF, tags U+E0000-E007F, variation
 * selectors...): invisible to a person, able to change what a terminal
 * shows or to carry text a model reads. */
int gi_utf8_is_invisible_control(unsigned int cp);

#define GI_PRINT_KEEP_NL 1	/* newlines stay (multi-line text) */
#define GI_PRINT_KEEP_TAB 2	/* tabs stay */
#define GI_PRINT_ONE_LINE 4	/* newline, tab, CR not kept: a space */

/**
 * Append `len` bytes of `s` for a terminal: C0 controls and DEL in caret
 * notation (^[), invisible characters (gi_utf8_is_invisible_control) as
 * <U+XXXX>, except one VS15 or VS16 after a shown character (an emoji's
 * presentation), bytes that are not UTF-8 as \xNN; newline, tab and CR
 * as `flags` say (else caret notation too). Text from records and from
 * servers is data: nothing in it may drive the terminal or hide text.
 */
void gi_utf8_add_printable(gi_buf *out, const char *s, size_t len,
			   unsigned int flags);

#endif
