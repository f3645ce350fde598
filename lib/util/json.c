/*
 * json.c: cJSON helpers shared by every module (json.h).
 */
#include "gitissue/util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/utf8.h"
#include "gitissue/util/util.h"

const char *gi_json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) :
		NULL;

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double gi_json_num(const cJSON *obj, const char *key)
{
	const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) :
		NULL;

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

cJSON *gi_json_child(cJSON *parent, const char *key)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(parent, key);

	if (!cJSON_IsObject(c)) {
		cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
		c = cJSON_AddObjectToObject(parent, key);
	}
	return c;
}

void gi_json_set(cJSON *obj, const char *key, cJSON *v)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v);
	else
		cJSON_AddItemToObject(obj, key, v);
}

void gi_json_add_str_or_null(cJSON *obj, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(obj, key, s);
	else
		cJSON_AddNullToObject(obj, key);
}

cJSON *gi_json_strings(char *const *v, size_t nr)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < nr; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
	return arr;
}

static const char hexdig[] = "0123456789abcdef";

void gi_json_add_string(gi_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	gi_buf_grow(out, len + 2);
	gi_buf_addch(out, '"');
	while (i < len) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			gi_buf_addch(out, '\\');
			gi_buf_addch(out, c);
		} else if (c == '\n') {
			gi_buf_add(out, "\\n", 2);
		} else if (c == '\t') {
			gi_buf_add(out, "\\t", 2);
		} else if (c == '\r') {
			gi_buf_add(out, "\\r", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char esc[7] = { '\\', 'u', '0', '0',
					hexdig[c >> 4], hexdig[c & 15], 0 };
			gi_buf_add(out, esc, 6);
		} else if (c < 0x80) {
			gi_buf_addch(out, c);
		} else {
			n = gi_utf8_seq(s + i, len - i);
			if (!n) {
				gi_buf_adds(out, "\xef\xbf\xbd");
				i++;
				continue;
			}
			gi_buf_add(out, p + i, n);
			i += n;
			continue;
		}
		i++;
	}
	gi_buf_addch(out, '"');
}

void gi_print_json(cJSON *doc)
{
	char *s = cJSON_PrintUnformatted(doc);

	if (!s)
		gi_die("out of memory");
	fputs(s, stdout);
	fputc('\n', stdout);
	cJSON_free(s);
	cJSON_Delete(doc);
}

/* The arena: chunks kept in a list, freed at exit. */
struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	/* the memory follows, aligned as malloc's */
	max_align_t data[];
};

static struct arena_chunk *arena;

#define ARENA_CHUNK (256u << 10)

static void *arena_alloc(size_t n)
{
	size_t align = sizeof(max_align_t);
	struct arena_chunk *c = arena;

	n = (n + align - 1) / align * align;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = arena;
		arena = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

static void arena_free(void *p)
{
	(void)p;
}

static void arena_release(void)
{
	while (arena) {
		struct arena_chunk *next = arena->next;

		free(arena);
		arena = next;
	}
}

void gi_json_arena(void)
{
	cJSON_Hooks hooks = { arena_alloc, arena_free };
	static int done;

	if (done)
		return;
	done = 1;
	cJSON_InitHooks(&hooks);
	atexit(arena_release);
}
