/*
 * raw.c: reading a note's stored bytes without parsing them (raw.h).
 */
#define _GNU_SOURCE	/* memmem */
#include "core/raw.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

static unsigned char fold_table[256];

static void fold_init(void)
{
	int c;

	if (fold_table['A'])
		return;
	for (c = 0; c < 256; c++)
		fold_table[c] = (unsigned char)(c >= 'A' && c <= 'Z' ?
						c - 'A' + 'a' : c);
}

void gi_needle_init(struct gi_needle *n, const char *pat, size_t len,
		    int icase)
{
	size_t i;

	fold_init();
	n->pat = gi_xmalloc(len ? len : 1);
	n->len = len;
	n->icase = icase;
	for (i = 0; i < len; i++)
		n->pat[i] = icase ? fold_table[(unsigned char)pat[i]] :
			(unsigned char)pat[i];
	for (i = 0; i < 256; i++)
		n->skip[i] = len;
	for (i = 0; i + 1 < len; i++) {
		unsigned char c = n->pat[i];

		n->skip[c] = len - 1 - i;
		if (icase && c >= 'a' && c <= 'z')
			n->skip[c - 'a' + 'A'] = len - 1 - i;
	}
}

void gi_needle_release(struct gi_needle *n)
{
	free(n->pat);
	memset(n, 0, sizeof(*n));
}

const char *gi_needle_find(const struct gi_needle *n, const char *hay,
			   size_t len)
{
	const unsigned char *h = (const unsigned char *)hay;
	const unsigned char *pat = n->pat;
	size_t i = 0, last, k;
	unsigned char lastc;

	if (!n->len || n->len > len)
		return NULL;
	if (n->len == 1 && !n->icase)
		return memchr(hay, pat[0], len);
	last = n->len - 1;
	lastc = pat[last];
	if (!n->icase) {
		while (i + last < len) {
			unsigned char c = h[i + last];

			if (c == lastc && !memcmp(h + i, pat, last))
				return hay + i;
			i += n->skip[c];
		}
		return NULL;
	}
	while (i + last < len) {
		unsigned char c = h[i + last];

		if (fold_table[c] == lastc) {
			for (k = 0; k < last && fold_table[h[i + k]] == pat[k];
			     k++)
				;
			if (k == last)
				return hay + i;
		}
		i += n->skip[c];
	}
	return NULL;
}

size_t gi_raw_canonical_escape(const char *p, const char *end)
{
	int hi, lo, v;

	if (end - p < 2)
		return 0;
	switch (p[1]) {
	case '"': case '\\': case 'n': case 't': case 'r':
		return 2;
	case 'u':
		break;
	default:
		return 0;
	}
	/* \u00xx, lowercase, for the controls that have no short form */
	if (end - p < 6 || p[2] != '0' || p[3] != '0')
		return 0;
	if ((p[4] >= 'A' && p[4] <= 'F') || (p[5] >= 'A' && p[5] <= 'F'))
		return 0;
	hi = gi_hexval(p[4]);
	lo = gi_hexval(p[5]);
	if (hi < 0 || lo < 0)
		return 0;
	v = hi * 16 + lo;
	if ((v < 0x20 && v != '\n' && v != '\t' && v != '\r') || v == 0x7f)
		return 6;
	return 0;
}

int gi_raw_has_foreign_escape(const char *line, size_t len)
{
	const char *p = line, *end = line + len;

	while ((p = memchr(p, '\\', (size_t)(end - p)))) {
		size_t k = gi_raw_canonical_escape(p, end);

		if (!k)
			return 1;
		p += k;
	}
	return 0;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			   *p == '\r'))
		p++;
	return p;
}

/*
 * A string from its opening quote: returns the byte after the closing
 * quote, or NULL. With `strict`, only what cJSON reads: the escapes JSON
 * has, no surrogate escapes (cJSON pairs those itself, and may refuse
 * them); *escaped says whether there was any escape.
 */
static const char *scan_string(const char *p, const char *end, int strict,
			       int *escaped)
{
	const char *q = memchr(p + 1, '"', (size_t)(end - p - 1)), *bs;
	int i;

	/* most strings have no escape: the first quote ends them (cJSON,
	 * like JSON, lets controls stand in strings: so do we) */
	if (!q)
		return NULL;
	bs = memchr(p + 1, '\\', (size_t)(q - p - 1));
	if (!bs)
		return q + 1;
	*escaped = 1;
	for (p = bs; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c != '\\')
			continue;
		if (end - p < 2)
			return NULL;
		if (!strict) {
			p++;
			continue;
		}
		switch (p[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			p++;
			continue;
		case 'u':
			if (end - p < 6)
				return NULL;
			for (i = 2; i < 6; i++)
				if (gi_hexval(p[i]) < 0)
					return NULL;
			if (gi_hexval(p[2]) == 0xd && gi_hexval(p[3]) >= 8)
				return NULL;
			p += 5;
			continue;
		default:
			return NULL;
		}
	}
	return NULL;
}

#define MAX_DEPTH 32

/* A number as RFC 8259 has it (and no longer than cJSON reads). */
static const char *scan_number(const char *p, const char *end)
{
	const char *start = p;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0') {
		p++;
	} else if (p < end && *p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return NULL;
	}
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p - start > 32 ? NULL : p;
}

/*
 * Any JSON value from `p` (no leading blanks): returns the byte after it,
 * or NULL. `strict` as for scan_string; without it only the structure is
 * followed (strings and brackets), enough to find where a value ends.
 */
static const char *scan_value(const char *p, const char *end, int strict,
			      int depth)
{
	int escaped = 0;

	if (p >= end)
		return NULL;
	switch (*p) {
	case '"':
		return scan_string(p, end, strict, &escaped);
	case '{':
	case '[': {
		char close = *p == '{' ? '}' : ']';
		int object = *p == '{';

		if (depth >= MAX_DEPTH)
			return NULL;
		p = skip_ws(p + 1, end);
		if (p < end && *p == close)
			return p + 1;
		for (;;) {
			if (object) {
				if (p >= end || *p != '"')
					return NULL;
				p = scan_string(p, end, strict, &escaped);
				if (!p)
					return NULL;
				p = skip_ws(p, end);
				if (p >= end || *p != ':')
					return NULL;
				p = skip_ws(p + 1, end);
			}
			p = scan_value(p, end, strict, depth + 1);
			if (!p)
				return NULL;
			p = skip_ws(p, end);
			if (p < end && *p == ',') {
				p = skip_ws(p + 1, end);
				continue;
			}
			if (p < end && *p == close)
				return p + 1;
			return NULL;
		}
	}
	case 't':
		return end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
	case 'n':
		return end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
	default:
		if (!strict) {
			while (p < end && *p != ',' && *p != '}' && *p != ']' &&
			       *p != ' ' && *p != '\t' && *p != '\n' &&
			       *p != '\r')
				p++;
			return p;
		}
		return scan_number(p, end);
	}
}

int gi_raw_in_text(const char *line, size_t len, size_t off,
		   gi_raw_key_fn machine)
{
	const char *p = line, *end = line + len, *at = line + off;

	p = skip_ws(p, end);
	if (p >= end || *p != '{')
		return 1;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		return at < p ? 0 : 1;
	for (;;) {
		const char *key, *kend, *v;
		int escaped = 0;

		if (p >= end || *p != '"')
			return 1;
		key = p + 1;
		p = scan_string(p, end, 0, &escaped);
		if (!p)
			return 1;
		kend = p - 1;
		if (at < p)
			return 0;	/* in a key, or before it */
		p = skip_ws(p, end);
		if (p >= end || *p != ':')
			return 1;
		v = skip_ws(p + 1, end);
		p = scan_value(v, end, 0, 0);
		if (!p)
			return 1;
		if (at < p) {
			if (at < v || (*v != '"' && *v != '{' && *v != '['))
				return 0;	/* blanks, a number, true... */
			return escaped || !machine(key, (size_t)(kend - key));
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			return 0;	/* after the object: never read */
		return 1;
	}
}

int gi_raw_span_is(const struct gi_raw_span *s, const char *lit)
{
	size_t n = strlen(lit);

	return s->p && s->len == n && !memcmp(s->p, lit, n);
}

/* The member of `out` that key[0..len) names, if any. */
static struct gi_raw_span *wanted(struct gi_raw_record *out, const char *key,
				  size_t len)
{
	switch (len) {
	case 2:
		return !memcmp(key, "id", 2) ? &out->id : NULL;
	case 4:
		return !memcmp(key, "time", 4) ? &out->time :
			!memcmp(key, "kind", 4) ? &out->kind : NULL;
	case 10:
		return !memcmp(key, "supersedes", 10) ? &out->supersedes : NULL;
	case 14:
		if (!memcmp(key, "github_comment", 14))
			out->github_comment = 1;
		return NULL;
	default:
		return NULL;
	}
}

int gi_raw_record_read(struct gi_raw_record *out, const char *line,
		       size_t len)
{
	const char *p = line, *end = line + len;

	memset(out, 0, sizeof(*out));
	p = skip_ws(p, end);
	if (p >= end || *p != '{')
		return -1;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		return skip_ws(p + 1, end) == end ? 0 : -1;
	for (;;) {
		const char *key, *v;
		struct gi_raw_span *want;
		size_t klen;
		int escaped = 0, vesc;

		if (p >= end || *p != '"')
			return -1;
		key = p + 1;
		p = scan_string(p, end, 1, &escaped);
		if (!p)
			return -1;
		klen = (size_t)(p - 1 - key);
		/* an escaped key may read as one of ours: cannot be sure */
		if (escaped)
			return -1;
		want = wanted(out, key, klen);
		p = skip_ws(p, end);
		if (p >= end || *p != ':')
			return -1;
		v = skip_ws(p + 1, end);
		vesc = 0;
		if (v < end && *v == '"')
			p = scan_string(v, end, 1, &vesc);
		else
			p = scan_value(v, end, 1, 1);
		if (!p)
			return -1;
		if (want && !want->p) {
			/* the first of its name is the one cJSON finds */
			if (*v != '"' || vesc)
				return -1;
			want->p = v + 1;
			want->len = (size_t)(p - v - 2);
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			return skip_ws(p + 1, end) == end ? 0 : -1;
		return -1;
	}
}
