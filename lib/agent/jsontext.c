/*
 * jsontext.c: JSON parsed for its positions, and edits of the text
 * (jsontext.h).
 */
#include "agent/jsontext.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/json.h"
#include "gitissue/util/util.h"

struct parser {
	const char *s;
	size_t len, pos;
	int depth;
	gi_buf *err;
	int failed;
};

static void fail(struct parser *p, const char *what)
{
	size_t i, line = 1, col = 1;

	if (p->failed)
		return;
	p->failed = 1;
	for (i = 0; i < p->pos && i < p->len; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)p->s[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	if (p->pos >= p->len)
		gi_buf_addf(p->err, "line %zu, column %zu: %s (at the end)",
			    line, col, what);
	else
		gi_buf_addf(p->err, "line %zu, column %zu: %s", line, col,
			    what);
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' ||
				   p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' ||
				   p->s[p->pos] == '\r'))
		p->pos++;
}

static int peek(struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int hex4(struct parser *p, unsigned int *out)
{
	unsigned int v = 0;
	int i, h;

	if (p->pos + 4 > p->len) {
		p->pos = p->len;
		fail(p, "expected four hex digits after \\u");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		h = gi_hexval((unsigned char)p->s[p->pos + i]);
		if (h < 0) {
			fail(p, "expected four hex digits after \\u");
			return -1;
		}
		v = v << 4 | (unsigned int)h;
	}
	p->pos += 4;
	*out = v;
	return 0;
}

static void add_utf8(gi_buf *b, unsigned int cp)
{
	if (cp < 0x80) {
		gi_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		gi_buf_addch(b, (int)(0xc0 | cp >> 6));
		gi_buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		gi_buf_addch(b, (int)(0xe0 | cp >> 12));
		gi_buf_addch(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		gi_buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		gi_buf_addch(b, (int)(0xf0 | cp >> 18));
		gi_buf_addch(b, (int)(0x80 | (cp >> 12 & 0x3f)));
		gi_buf_addch(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		gi_buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	}
}

/* A string at p->pos (its opening quote), decoded into `out`. */
static int parse_string(struct parser *p, gi_buf *out)
{
	p->pos++;
	for (;;) {
		int c = peek(p);

		if (c < 0) {
			fail(p, "unterminated string");
			return -1;
		}
		if (c == '"') {
			p->pos++;
			return 0;
		}
		if (c < 0x20) {
			fail(p, "control character in a string");
			return -1;
		}
		if (c != '\\') {
			gi_buf_addch(out, c);
			p->pos++;
			continue;
		}
		p->pos++;
		c = peek(p);
		p->pos++;
		switch (c) {
		case '"': case '\\': case '/':
			gi_buf_addch(out, c);
			break;
		case 'b': gi_buf_addch(out, '\b'); break;
		case 'f': gi_buf_addch(out, '\f'); break;
		case 'n': gi_buf_addch(out, '\n'); break;
		case 'r': gi_buf_addch(out, '\r'); break;
		case 't': gi_buf_addch(out, '\t'); break;
		case 'u': {
			unsigned int cp, lo;

			if (hex4(p, &cp) < 0)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff &&
			    p->pos + 1 < p->len && p->s[p->pos] == '\\' &&
			    p->s[p->pos + 1] == 'u') {
				size_t save = p->pos;

				p->pos += 2;
				if (hex4(p, &lo) < 0)
					return -1;
				if (lo >= 0xdc00 && lo <= 0xdfff)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
						(lo - 0xdc00);
				else
					p->pos = save;
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;	/* a lone surrogate */
			add_utf8(out, cp);
			break;
		}
		default:
			p->pos--;
			fail(p, "bad escape in a string");
			return -1;
		}
	}
}

static int digits(struct parser *p)
{
	size_t start = p->pos;

	while (peek(p) >= '0' && peek(p) <= '9')
		p->pos++;
	return p->pos > start;
}

static int parse_number(struct parser *p)
{
	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0')
		p->pos++;
	else if (!digits(p))
		goto bad;
	if (peek(p) == '.') {
		p->pos++;
		if (!digits(p))
			goto bad;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!digits(p))
			goto bad;
	}
	return 0;
bad:
	fail(p, "bad number");
	return -1;
}

static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->pos + n > p->len || memcmp(p->s + p->pos, word, n)) {
		fail(p, "expected a value");
		return -1;
	}
	p->pos += n;
	return 0;
}

static int parse_value(struct parser *p, struct gi_jt *v);

static struct gi_jt *new_kid(struct gi_jt *v, size_t *alloc)
{
	struct gi_jt *k;

	GI_ALLOC_GROW(v->kids, v->nr + 1, *alloc);
	k = &v->kids[v->nr++];
	memset(k, 0, sizeof(*k));
	return k;
}

static int parse_container(struct parser *p, struct gi_jt *v, int object)
{
	int close = object ? '}' : ']';
	size_t alloc = 0;

	if (++p->depth > GI_JT_MAX_DEPTH) {
		fail(p, "nested too deeply");
		return -1;
	}
	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		p->depth--;
		return 0;
	}
	for (;;) {
		struct gi_jt *k = new_kid(v, &alloc);
		size_t key_start = p->pos;

		if (object) {
			gi_buf key = GI_BUF_INIT;

			if (peek(p) != '"') {
				fail(p, "expected a key in double quotes");
				return -1;
			}
			if (parse_string(p, &key) < 0) {
				gi_buf_release(&key);
				return -1;
			}
			k->key = gi_buf_detach(&key, NULL);
			skip_ws(p);
			if (peek(p) != ':') {
				fail(p, "expected ':'");
				return -1;
			}
			p->pos++;
			skip_ws(p);
		}
		if (parse_value(p, k) < 0)
			return -1;
		k->key_start = key_start;
		skip_ws(p);
		if (peek(p) == ',') {
			p->pos++;
			skip_ws(p);
			continue;
		}
		if (peek(p) == close) {
			p->pos++;
			p->depth--;
			return 0;
		}
		fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
		return -1;
	}
}

static int parse_value(struct parser *p, struct gi_jt *v)
{
	int c = peek(p), ret;

	v->start = v->key_start = p->pos;
	switch (c) {
	case '{':
		v->type = GI_JT_OBJECT;
		ret = parse_container(p, v, 1);
		break;
	case '[':
		v->type = GI_JT_ARRAY;
		ret = parse_container(p, v, 0);
		break;
	case '"': {
		gi_buf s = GI_BUF_INIT;

		v->type = GI_JT_STRING;
		ret = parse_string(p, &s);
		v->str = gi_buf_detach(&s, &v->str_len);
		break;
	}
	case 't':
		v->type = GI_JT_TRUE;
		ret = literal(p, "true");
		break;
	case 'f':
		v->type = GI_JT_FALSE;
		ret = literal(p, "false");
		break;
	case 'n':
		v->type = GI_JT_NULL;
		ret = literal(p, "null");
		break;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			v->type = GI_JT_NUMBER;
			ret = parse_number(p);
		} else {
			fail(p, "expected a value");
			ret = -1;
		}
	}
	v->end = p->pos;
	return ret;
}

int gi_jt_parse(struct gi_jt **out, const char *text, size_t len,
		gi_buf *err)
{
	struct parser p = { text, len, 0, 0, err, 0 };
	struct gi_jt *root = gi_xcalloc(1, sizeof(*root));

	*out = NULL;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		p.pos = 3;
	skip_ws(&p);
	if (parse_value(&p, root) == 0) {
		skip_ws(&p);
		if (p.pos < len)
			fail(&p, "text after the end of the value");
	}
	if (p.failed) {
		gi_jt_free(root);
		return -1;
	}
	*out = root;
	return 0;
}

static void release(struct gi_jt *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		release(&v->kids[i]);
	free(v->kids);
	free(v->key);
	free(v->str);
}

void gi_jt_free(struct gi_jt *v)
{
	if (!v)
		return;
	release(v);
	free(v);
}

const struct gi_jt *gi_jt_get(const struct gi_jt *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != GI_JT_OBJECT)
		return NULL;
	for (i = obj->nr; i-- > 0;)
		if (!strcmp(obj->kids[i].key, key))
			return &obj->kids[i];
	return NULL;
}

int gi_jt_is_str(const struct gi_jt *v, const char *s)
{
	return v && v->type == GI_JT_STRING && v->str_len == strlen(s) &&
		!memcmp(v->str, s, v->str_len);
}

/* ---------------------------------------------------------- rendering */

static void render_scalar(gi_buf *out, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		gi_json_add_string(out, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
			gi_buf_addf(out, "%.0f", v->valuedouble);
		else
			gi_buf_addf(out, "%.17g", v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		gi_buf_adds(out, "true");
	} else if (cJSON_IsFalse(v)) {
		gi_buf_adds(out, "false");
	} else {
		gi_buf_adds(out, "null");
	}
}

void gi_jt_render(gi_buf *out, const cJSON *v, const char *indent,
		  const char *unit)
{
	const cJSON *k;
	int object = cJSON_IsObject(v);
	gi_buf inner = GI_BUF_INIT;

	if (!object && !cJSON_IsArray(v)) {
		render_scalar(out, v);
		return;
	}
	gi_buf_addch(out, object ? '{' : '[');
	if (!v->child) {
		gi_buf_addch(out, object ? '}' : ']');
		return;
	}
	if (indent)
		gi_buf_addf(&inner, "%s%s", indent, unit);
	for (k = v->child; k; k = k->next) {
		if (indent)
			gi_buf_addf(out, "\n%s", inner.buf);
		if (object) {
			gi_json_add_string(out, k->string, strlen(k->string));
			gi_buf_adds(out, ": ");
		}
		gi_jt_render(out, k, indent ? inner.buf : NULL, unit);
		if (k->next)
			gi_buf_adds(out, indent ? "," : ", ");
	}
	if (indent)
		gi_buf_addf(out, "\n%s", indent);
	gi_buf_addch(out, object ? '}' : ']');
	gi_buf_release(&inner);
}

/* ---------------------------------------------------------- editing */

void gi_jt_indent(gi_buf *line, gi_buf *unit, const char *text, size_t pos)
{
	size_t start = pos, i, n;
	const char *p;

	while (start && text[start - 1] != '\n')
		start--;
	for (i = start; text[i] == ' ' || text[i] == '\t'; i++)
		;
	gi_buf_reset(line);
	gi_buf_add(line, text + start, i - start);

	/* one level: the first indented line's indentation */
	gi_buf_reset(unit);
	for (p = strchr(text, '\n'); p; p = strchr(p + 1, '\n')) {
		n = strspn(p + 1, " \t");
		if (n && p[1 + n] && p[1 + n] != '\n' && p[1 + n] != '\r') {
			gi_buf_add(unit, p + 1, n);
			return;
		}
	}
	gi_buf_adds(unit, "  ");
}

static void item_text(gi_buf *out, const char *key, const cJSON *value,
		      const char *indent, const char *unit)
{
	if (key) {
		gi_json_add_string(out, key, strlen(key));
		gi_buf_adds(out, ": ");
	}
	gi_jt_render(out, value, indent, unit);
}

void gi_jt_append_edit(struct gi_jt_edit *e, const char *text,
		       const struct gi_jt *c, const char *key,
		       const cJSON *value)
{
	gi_buf line = GI_BUF_INIT, unit = GI_BUF_INIT;
	const struct gi_jt *last;
	size_t ws;

	gi_buf_init(&e->text);
	if (!c->nr) {
		e->start = e->end = c->start + 1;
		item_text(&e->text, key, value, NULL, NULL);
		return;
	}
	last = &c->kids[c->nr - 1];
	e->start = e->end = last->end;
	/* the blanks before the last item: the separator to copy */
	for (ws = last->key_start; ws > c->start &&
	     strchr(" \t\r\n", text[ws - 1]); ws--)
		;
	gi_buf_addch(&e->text, ',');
	gi_buf_add(&e->text, text + ws, last->key_start - ws);
	if (memchr(text + ws, '\n', last->key_start - ws)) {
		gi_jt_indent(&line, &unit, text, last->key_start);
		item_text(&e->text, key, value, line.buf, unit.buf);
	} else {
		item_text(&e->text, key, value, NULL, NULL);
	}
	gi_buf_release(&line);
	gi_buf_release(&unit);
}

void gi_jt_remove_edit(struct gi_jt_edit *e, const char *text,
		       const struct gi_jt *c, size_t i)
{
	(void)text;
	gi_buf_init(&e->text);
	if (i > 0) {
		e->start = c->kids[i - 1].end;
		e->end = c->kids[i].end;
	} else if (c->nr > 1) {
		e->start = c->kids[0].key_start;
		e->end = c->kids[1].key_start;
	} else {
		e->start = c->kids[0].key_start;
		e->end = c->kids[0].end;
	}
}

void gi_jt_apply(gi_buf *out, const char *text, size_t len,
		 const struct gi_jt_edit *e)
{
	gi_buf_reset(out);
	gi_buf_add(out, text, e->start);
	gi_buf_add(out, e->text.buf, e->text.len);
	gi_buf_add(out, text + e->end, len - e->end);
}

void gi_jt_edit_release(struct gi_jt_edit *e)
{
	gi_buf_release(&e->text);
}
