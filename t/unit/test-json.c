/*
 * test-json: gi_json_parse (lib/util/json-parse.c) gives the tree cJSON
 * gives, node by node (type, key, string, number, order), or NULL where
 * cJSON gives NULL: on record lines as the suite writes them, on lines
 * with every kind of JSON value, and on 200,000 random mutations of them
 * (bytes JSON cares about inserted, dropped and replaced).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/util/json.h"
#include "util/json-parse.h"
#include "unit.h"

static const char *const lines[] = {
	"{\"time\":\"2026-01-01T00:00:00.000000Z\",\"id\":\"00000000000000a1\",\"kind\":\"note\",\"author\":\"A <a@example.com>\",\"text\":\"first\\nsecond \\\"q\\\" \\\\ \\t end\"}",
	"{\"time\":\"2026-01-01T00:00:03.000000Z\",\"id\":\"00000000000000a4\",\"kind\":\"issue\",\"title\":\"T\",\"state\":\"open\",\"labels\":[\"P1\",\"bug\"],\"assignees\":[],\"github_id\":3000000057,\"github_issue\":57}",
	"{\"a\":[1,-2,3.5,-0.25e-3,1E+9,0,true,false,null,{\"b\":{}},[]],\"c\":\"\\u00e9\\/\\b\\f\\r\",\"d\":\"caf\xc3\xa9\"}",
	" { \"k\" : [ 1 , 2 ] , \"k\" : \"dup\" } ",
	"{\"n\":12345678901234567890,\"m\":1.5,\"z\":-0}",
	"[\"top\",\"level\"]",
	"\"just a string\"",
	"{}",
	/* names that look like the kept ones (json-parse.c, known_key) */
	"{\"textual\":1,\"tim\":\"x\",\"te\\u0078t\":\"y\",\"id\":{\"id\":2},\"author\":\"\",\"branch\":null,\"kind\" :\"k\",\"\":0}",
};

static int same_tree(const cJSON *a, const cJSON *b)
{
	for (; a || b; a = a->next, b = b->next) {
		if (!a || !b || (a->type & 0xff) != (b->type & 0xff))
			return 0;
		if ((!a->string) != (!b->string) ||
		    (a->string && strcmp(a->string, b->string)))
			return 0;
		if ((!a->valuestring) != (!b->valuestring) ||
		    (a->valuestring && strcmp(a->valuestring, b->valuestring)))
			return 0;
		if (cJSON_IsNumber(a) && (a->valueint != b->valueint ||
		    memcmp(&a->valuedouble, &b->valuedouble, sizeof(double))))
			return 0;
		if (!same_tree(a->child, b->child))
			return 0;
	}
	return 1;
}

/* 1 when both agree on `text`; `*fast` is set when ours built a tree. */
static int agree(const char *text, size_t len)
{
	cJSON *a = gi_json_parse(text, len);
	cJSON *b = cJSON_ParseWithLength(text, len);
	int ok = (!a && !b) || (a && b && same_tree(a, b));

	if (!ok)
		printf("# differs: %.*s\n", (int)len, text);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return ok;
}

static void mutate(char *buf, size_t *len, unsigned *seed)
{
	static const char bytes[] = "\"\\{}[]:,0123456789-+.eEtrufalsn \t\n\x01u\x7f\xc3";
	size_t at = *len ? (size_t)rand_r(seed) % *len : 0;
	int op = rand_r(seed) % 3;
	char c = bytes[rand_r(seed) % (sizeof(bytes) - 1)];

	if (op == 0 && *len < 1000) {
		memmove(buf + at + 1, buf + at, *len - at);
		buf[at] = c;
		(*len)++;
	} else if (op == 1 && *len) {
		memmove(buf + at, buf + at + 1, *len - at - 1);
		(*len)--;
	} else if (*len) {
		buf[at] = c;
	}
}

int main(void)
{
	size_t i, k, bad = 0;
	unsigned seed = 25;
	char buf[1100];

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		bad += !agree(lines[i], strlen(lines[i]));
	CHECK(!bad, "the same tree as cJSON on every sample line");
	for (k = 0, bad = 0; k < 200000 && bad < 5; k++) {
		const char *l = lines[k % (sizeof(lines) / sizeof(lines[0]))];
		size_t len = strlen(l), m, n = 1 + (size_t)rand_r(&seed) % 3;

		memcpy(buf, l, len);
		for (m = 0; m < n; m++)
			mutate(buf, &len, &seed);
		bad += !agree(buf, len);
	}
	CHECK(!bad, "the same answer as cJSON on 200,000 mutated lines");
	return unit_done();
}
