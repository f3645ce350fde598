/*
 * json-parse.c: JSON text to a cJSON tree, faster than cJSON on the lines
 * the suite writes (json.h, gi_json_parse).
 *
 * cJSON reads a string a byte at a time, twice (to measure it, then to
 * copy it), and that was most of loading an issue. This reader copies a
 * string's runs at once and builds the same nodes with cJSON's own
 * allocator, so cJSON_Delete frees them. It reads a strict part of JSON
 * only (RFC 8259; no \u escapes, no controls in strings, numbers of at
 * most 24 characters, nesting at most 64 deep, nothing after the value
 * but spaces), where cJSON reads every byte the same way; for anything
 * else it leaves the text to cJSON, whose answer counts. t/unit/test-core
 * compares the two trees on mutated record lines.
 */
#include "util/json-parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64
#define MAX_NUMBER 24

struct rd {
	const char *p, *end;
	int unsure;		/* leave it to cJSON */
};

static void skip_space(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
				 *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* Has the word a byte that is '"', '\\' or below 0x20? (The bit tricks
 * of "Bit Twiddling Hacks": a zero byte of w ^ c, a byte below n.) */
static int special8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return !!((((q - ones) & ~q) | ((b - ones) & ~b) |
		   ((w - ones * 0x20) & ~w)) & high);
}

/* A string at r->p (its quote), decoded into cJSON's memory. */
static char *string(struct rd *r)
{
	const char *s = r->p + 1, *e = s;
	char *out, *o;

	/* the usual string: no escape, no control; eight bytes at a time */
	while (r->end - e >= 8) {
		uint64_t w;

		memcpy(&w, e, 8);
		if (special8(w))
			break;
		e += 8;
	}
	while (e < r->end && *e != '"' && *e != '\\' &&
	       (unsigned char)*e >= 0x20)
		e++;
	if (e < r->end && *e == '"') {
		out = cJSON_malloc((size_t)(e - s) + 1);
		if (!out)
			return NULL;
		memcpy(out, s, (size_t)(e - s));
		out[e - s] = '\0';
		r->p = e + 1;
		return out;
	}
	/* with escapes: at most as long as the text */
	for (e = s; e < r->end && *e != '"'; e++) {
		if ((unsigned char)*e < 0x20)
			goto unsure;
		if (*e == '\\' && ++e == r->end)
			goto unsure;
	}
	if (e == r->end)
		goto unsure;
	out = o = cJSON_malloc((size_t)(e - s) + 1);
	if (!out)
		return NULL;
	for (; s < e; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '"': case '\\': case '/':
			*o++ = *s;
			break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		default:	/* \u, or no escape at all */
			cJSON_free(out);
			goto unsure;
		}
	}
	*o = '\0';
	r->p = e + 1;
	return out;
unsure:
	r->unsure = 1;
	return NULL;
}

/* An RFC 8259 number, as cJSON reads it (strtod, valueint clamped). */
static cJSON *number(struct rd *r)
{
	const char *s = r->p, *q = s;
	char buf[MAX_NUMBER + 1];
	cJSON *item;

	if (q < r->end && *q == '-')
		q++;
	if (q < r->end && *q == '0')
		q++;
	else if (q < r->end && *q >= '1' && *q <= '9')
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	else
		goto unsure;
	if (q < r->end && *q == '.') {
		if (++q == r->end || *q < '0' || *q > '9')
			goto unsure;
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		if (++q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (q == r->end || *q < '0' || *q > '9')
			goto unsure;
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q - s > MAX_NUMBER)
		goto unsure;
	memcpy(buf, s, (size_t)(q - s));
	buf[q - s] = '\0';
	item = cJSON_CreateNumber(0);
	if (item)
		cJSON_SetNumberHelper(item, strtod(buf, NULL));
	r->p = q;
	return item;
unsure:
	r->unsure = 1;
	return NULL;
}

static cJSON *value(struct rd *r, int depth);

/* An array or an object at r->p. */
/*
 * The names every record has, kept once: a key that is one of them
 * points at it (cJSON_StringIsConst: never freed) instead of a copy, six
 * allocations a record fewer. @return the name, r->p past its quote, or
 * NULL (r->p unchanged).
 */
static const char *known_key(struct rd *r)
{
	static const char *const names[] = {
		"time", "id", "kind", "author", "text", "branch",
	};
	const char *s = r->p + 1;
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		n = strlen(names[i]);
		if ((size_t)(r->end - s) > n && s[n] == '"' &&
		    !memcmp(s, names[i], n)) {
			r->p = s + n + 1;
			return names[i];
		}
	}
	return NULL;
}

static cJSON *container(struct rd *r, int depth, int object)
{
	cJSON *c = object ? cJSON_CreateObject() : cJSON_CreateArray();
	char close = object ? '}' : ']';

	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return c;
	}
	while (c && !r->unsure) {
		char *key = NULL;
		const char *name = NULL;
		cJSON *v;

		if (object) {
			if (r->p == r->end || *r->p != '"' ||
			    (!(name = known_key(r)) && !(key = string(r))))
				break;
			skip_space(r);
			if (r->p == r->end || *r->p != ':') {
				cJSON_free(key);
				break;
			}
			r->p++;
			skip_space(r);
		}
		v = value(r, depth + 1);
		if (!v) {
			cJSON_free(key);
			break;
		}
		if (name) {
			v->string = (char *)name;
			v->type |= cJSON_StringIsConst;
		} else {
			v->string = key;
		}
		cJSON_AddItemToArray(c, v);
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return c;
		}
		break;
	}
	r->unsure = 1;
	cJSON_Delete(c);
	return NULL;
}

static int literal(struct rd *r, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n))
		return 0;
	r->p += n;
	return 1;
}

static cJSON *value(struct rd *r, int depth)
{
	cJSON *item;
	char *s;

	if (r->p == r->end || depth > MAX_DEPTH) {
		r->unsure = 1;
		return NULL;
	}
	switch (*r->p) {
	case '{':
		return container(r, depth, 1);
	case '[':
		return container(r, depth, 0);
	case '"':
		s = string(r);
		if (!s)
			return NULL;
		item = cJSON_CreateNull();
		if (!item) {
			cJSON_free(s);
			return NULL;
		}
		item->type = cJSON_String;
		item->valuestring = s;
		return item;
	case 't':
		if (literal(r, "true"))
			return cJSON_CreateTrue();
		break;
	case 'f':
		if (literal(r, "false"))
			return cJSON_CreateFalse();
		break;
	case 'n':
		if (literal(r, "null"))
			return cJSON_CreateNull();
		break;
	default:
		return number(r);
	}
	r->unsure = 1;
	return NULL;
}

cJSON *gi_json_parse(const char *text, size_t len)
{
	struct rd r = { text, text + len, 0 };
	cJSON *v;

	skip_space(&r);
	v = value(&r, 0);
	skip_space(&r);
	if (v && !r.unsure && r.p == r.end)
		return v;
	cJSON_Delete(v);
	return cJSON_ParseWithLength(text, len);
}
