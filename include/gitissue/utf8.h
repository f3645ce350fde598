/*
 * utf8.h: the little UTF-8 the suite needs: checking, measuring in
 * characters, and cutting text without splitting a character.
 */
#ifndef GITISSUE_UTF8_H
#define GITISSUE_UTF8_H

#include <stddef.h>

/** Length of the valid UTF-8 sequence at `s` (at most `n` bytes), or 0
 * for an invalid one (overlong forms and surrogates included). */
size_t gi_utf8_seq(const char *s, size_t n);
/** Does `s` hold only valid UTF-8? */
int gi_utf8_valid(const char *s, size_t len);
/** Characters (not bytes) in the NUL-terminated `s`. */
size_t gi_utf8_width(const char *s);
/** The longest prefix of `s` (`len` bytes) of at most `max` bytes that
 * does not end inside a character: its length in bytes. */
size_t gi_utf8_cut_bytes(const char *s, size_t len, size_t max);
/** The byte length of the first `max` characters of `s` (NUL-terminated),
 * or strlen(s) when it is shorter. */
size_t gi_utf8_cut_chars(const char *s, size_t max);

#endif
