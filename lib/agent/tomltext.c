/*
 * tomltext.c: a TOML file read for its tables (tomltext.h).
 *
 * Line by line: a line that starts with '[' is a header unless it is
 * inside a multi-line string or a value's brackets that span lines (an
 * array of arrays may put '[' first on a line); on every other line the
 * strings, comments and brackets are followed only so far as to know
 * that. Only header keys and one-line string values are decoded.
 */
#include "agent/tomltext.h"

#include <stdlib.h>
#include <string.h>

#include "gitissue/util/util.h"

struct cursor {
	const char *s;
	size_t pos, end;	/* the line: [pos, end), without its newline */
};

static int at(const struct cursor *c, const char *what)
{
	size_t n = strlen(what);

	return c->pos + n <= c->end && !memcmp(c->s + c->pos, what, n);
}

static void skip_ws(struct cursor *c)
{
	while (c->pos < c->end && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t'))
		c->pos++;
}

static void add_utf8(gi_buf *out, unsigned long cp)
{
	if (cp < 0x80) {
		gi_buf_addch(out, (int)cp);
	} else if (cp < 0x800) {
		gi_buf_addch(out, (int)(0xc0 | cp >> 6));
		gi_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		gi_buf_addch(out, (int)(0xe0 | cp >> 12));
		gi_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		gi_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		gi_buf_addch(out, (int)(0xf0 | cp >> 18));
		gi_buf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
		gi_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		gi_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	}
}

/* One escape of a basic string, after its backslash. -1: not one. */
static int escape(gi_buf *out, struct cursor *c)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *p;
	unsigned long cp = 0;
	size_t n, i;

	if (c->pos >= c->end)
		return -1;
	p = strchr(from, c->s[c->pos]);
	if (p && *p) {
		gi_buf_addch(out, to[p - from]);
		c->pos++;
		return 0;
	}
	n = c->s[c->pos] == 'u' ? 4 : c->s[c->pos] == 'U' ? 8 : 0;
	if (!n || c->pos + 1 + n > c->end)
		return -1;
	for (i = 1; i <= n; i++) {
		char h = c->s[c->pos + i];
		int v = h >= '0' && h <= '9' ? h - '0' :
			h >= 'a' && h <= 'f' ? h - 'a' + 10 :
			h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;

		if (v < 0)
			return -1;
		cp = cp << 4 | (unsigned long)v;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return -1;
	add_utf8(out, cp);
	c->pos += 1 + n;
	return 0;
}

/* A one-line string at the cursor ('"' or '\''), decoded into `out`
 * when not NULL. -1: not a closed string. */
static int string(gi_buf *out, struct cursor *c)
{
	char q = c->s[c->pos++];

	while (c->pos < c->end && c->s[c->pos] != q) {
		if (q == '"' && c->s[c->pos] == '\\') {
			gi_buf tmp = GI_BUF_INIT;
			int rc;

			c->pos++;
			rc = escape(out ? out : &tmp, c);
			gi_buf_release(&tmp);
			if (rc < 0)
				return -1;
			continue;
		}
		if (out)
			gi_buf_addch(out, c->s[c->pos]);
		c->pos++;
	}
	if (c->pos >= c->end)
		return -1;
	c->pos++;
	return 0;
}

static int bare_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		(ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

/* One part of a dotted key, into `out`. -1: none there. */
static int key_part(gi_buf *out, struct cursor *c)
{
	size_t from = c->pos;

	if (c->pos < c->end && (c->s[c->pos] == '"' || c->s[c->pos] == '\''))
		return at(c, "\"\"\"") || at(c, "'''") ? -1 : string(out, c);
	while (c->pos < c->end && bare_char(c->s[c->pos]))
		c->pos++;
	if (c->pos == from)
		return -1;
	gi_buf_add(out, c->s + from, c->pos - from);
	return 0;
}

/* The header line at the cursor (at its '['). -1: not a valid one. */
static int header(struct gi_tt_table *t, struct cursor *c)
{
	gi_buf part = GI_BUF_INIT;

	t->array = at(c, "[[");
	c->pos += t->array ? 2 : 1;
	for (;;) {
		skip_ws(c);
		gi_buf_reset(&part);
		if (key_part(&part, c) < 0)
			break;
		t->key = gi_xrealloc(t->key, (t->depth + 1) * sizeof(*t->key));
		t->key[t->depth++] = gi_buf_detach(&part, NULL);
		skip_ws(c);
		if (c->pos < c->end && c->s[c->pos] == '.') {
			c->pos++;
			continue;
		}
		if (!at(c, t->array ? "]]" : "]"))
			break;
		c->pos += t->array ? 2 : 1;
		skip_ws(c);
		gi_buf_release(&part);
		return c->pos == c->end || c->s[c->pos] == '#' ||
			(c->s[c->pos] == '\r' && c->pos + 1 == c->end) ? 0 : -1;
	}
	gi_buf_release(&part);
	return -1;
}

/*
 * Follow a line that is not a header: strings, comments, and the depth
 * of the brackets of a value that goes on to the next lines. `*multi` is
 * the quote of a multi-line string still open ('"', '\'') or 0.
 */
static void follow(struct cursor *c, char *multi, int *depth)
{
	while (c->pos < c->end) {
		char ch = c->s[c->pos];

		if (*multi) {
			const char *close = *multi == '"' ? "\"\"\"" : "'''";

			if (*multi == '"' && ch == '\\') {
				c->pos += 2;
				continue;
			}
			if (at(c, close)) {
				c->pos += 3;
				/* up to two more quotes belong to the string */
				while (c->pos < c->end && c->s[c->pos] == *multi)
					c->pos++;
				*multi = 0;
				continue;
			}
			c->pos++;
		} else if (ch == '#') {
			return;
		} else if (at(c, "\"\"\"") || at(c, "'''")) {
			*multi = ch;
			c->pos += 3;
		} else if (ch == '"' || ch == '\'') {
			if (string(NULL, c) < 0)
				return;
		} else {
			if (ch == '[' || ch == '{')
				(*depth)++;
			else if ((ch == ']' || ch == '}') && *depth > 0)
				(*depth)--;
			c->pos++;
		}
	}
}

static void table_release(struct gi_tt_table *t)
{
	size_t i;

	for (i = 0; i < t->depth; i++)
		free(t->key[i]);
	free(t->key);
}

int gi_tt_scan(struct gi_tt *out, const char *text, size_t len)
{
	struct cursor c = { text, 0, 0 };
	size_t line = 0, alloc = 0;
	char multi = 0;
	int depth = 0;

	memset(out, 0, sizeof(*out));
	while (line < len) {
		const char *nl = memchr(text + line, '\n', len - line);
		size_t next = nl ? (size_t)(nl - text) + 1 : len;

		c.pos = line;
		c.end = nl ? (size_t)(nl - text) : len;
		skip_ws(&c);
		if (!multi && !depth && c.pos < c.end && text[c.pos] == '[') {
			struct gi_tt_table t = { line, next, len, NULL, 0, 0 };

			if (header(&t, &c) < 0) {
				table_release(&t);
				gi_tt_release(out);
				return -1;
			}
			if (out->nr)
				out->v[out->nr - 1].end = line;
			if (out->nr == alloc) {
				alloc = alloc ? 2 * alloc : 8;
				out->v = gi_xrealloc(out->v,
						     alloc * sizeof(*out->v));
			}
			out->v[out->nr++] = t;
		} else {
			follow(&c, &multi, &depth);
		}
		line = next;
	}
	return 0;
}

void gi_tt_release(struct gi_tt *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		table_release(&t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int gi_tt_is(const struct gi_tt_table *t, const char *const *key,
	     size_t depth)
{
	size_t i;

	if (t->array || t->depth != depth)
		return 0;
	for (i = 0; i < depth; i++)
		if (strcmp(t->key[i], key[i]))
			return 0;
	return 1;
}

/* Each line of the body of `t`: `fn` gets the cursor after its leading
 * blanks; a non-zero return stops the walk and is returned. */
static int each_line(const char *text, const struct gi_tt_table *t,
		     int (*fn)(struct cursor *c, size_t line, void *data),
		     void *data)
{
	struct cursor c = { text, 0, 0 };
	size_t line = t->body;
	int rc;

	while (line < t->end) {
		const char *nl = memchr(text + line, '\n', t->end - line);

		c.pos = line;
		c.end = nl ? (size_t)(nl - text) : t->end;
		skip_ws(&c);
		rc = fn(&c, line, data);
		if (rc)
			return rc;
		line = nl ? c.end + 1 : t->end;
	}
	return 0;
}

static int is_content(const struct cursor *c)
{
	return c->pos < c->end && c->s[c->pos] != '#' &&
		!(c->s[c->pos] == '\r' && c->pos + 1 == c->end);
}

struct lookup {
	const char *name;
	gi_buf *out;
};

static int find_string(struct cursor *c, size_t line, void *data)
{
	struct lookup *l = data;
	gi_buf key = GI_BUF_INIT;
	int found = 0;

	(void)line;
	if (key_part(&key, c) == 0 && !strcmp(key.buf, l->name)) {
		skip_ws(c);
		if (c->pos < c->end && c->s[c->pos] == '=') {
			c->pos++;
			skip_ws(c);
			gi_buf_reset(l->out);
			found = c->pos < c->end && !at(c, "\"\"\"") &&
				!at(c, "'''") &&
				(c->s[c->pos] == '"' || c->s[c->pos] == '\'') &&
				string(l->out, c) == 0;
		}
	}
	gi_buf_release(&key);
	return found;
}

int gi_tt_string(gi_buf *out, const char *text, const struct gi_tt_table *t,
		 const char *name)
{
	struct lookup l = { name, out };

	return each_line(text, t, find_string, &l);
}

static int note_content(struct cursor *c, size_t line, void *data)
{
	size_t *end = data;

	(void)line;
	if (is_content(c))
		*end = c->end + 1;	/* after its newline */
	return 0;
}

size_t gi_tt_content_end(const char *text, const struct gi_tt_table *t)
{
	size_t end = t->body;

	each_line(text, t, note_content, &end);
	return end > t->end ? t->end : end;
}

static int any_content(struct cursor *c, size_t line, void *data)
{
	(void)line;
	(void)data;
	return is_content(c);
}

int gi_tt_empty(const char *text, const struct gi_tt_table *t)
{
	return !each_line(text, t, any_content, NULL);
}
