/*
 * search.c: matching records (search.h).
 */
#include "gitissue/search.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <strings.h>

#include "gitissue/util.h"

int gi_matcher_init(struct gi_matcher *m, const char *pattern, int extended,
		    int icase, gi_buf *err)
{
	int rc;

	memset(m, 0, sizeof(*m));
	if (!extended) {
		m->fixed = pattern;
		m->fixed_len = strlen(pattern);
		return 0;
	}
	rc = regcomp(&m->re, pattern, REG_EXTENDED | REG_NOSUB |
		     (icase ? REG_ICASE : 0));
	if (rc) {
		char msg[256];

		regerror(rc, &m->re, msg, sizeof(msg));
		gi_buf_adds(err, msg);
		return -1;
	}
	m->use_re = 1;
	return 0;
}

void gi_matcher_release(struct gi_matcher *m)
{
	if (m->use_re)
		regfree(&m->re);
	memset(m, 0, sizeof(*m));
}

static int ascii_casestr(const char *hay, size_t hlen, const char *needle,
			 size_t nlen)
{
	size_t i;

	if (nlen > hlen)
		return 0;
	for (i = 0; i + nlen <= hlen; i++)
		if (!strncasecmp(hay + i, needle, nlen))
			return 1;
	return 0;
}

int gi_matcher_match(const struct gi_matcher *m, const char *s)
{
	if (m->use_re)
		return !regexec(&m->re, s, 0, NULL, 0);
	return ascii_casestr(s, strlen(s), m->fixed, m->fixed_len);
}

int gi_matcher_line_may_match(const struct gi_matcher *m,
			      const struct gi_line *l)
{
	const char *p;

	if (m->use_re || memchr(l->p, '\\', l->len))
		return 1;
	for (p = m->fixed; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			return 1;
	return ascii_casestr(l->p, l->len, m->fixed, m->fixed_len);
}

int gi_matcher_lines_may_match(const struct gi_matcher *m,
			       const struct gi_lines *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (gi_matcher_line_may_match(m, &l->v[i]))
			return 1;
	return 0;
}

/* Fields that are machinery, not something a person would search for. */
static int is_machine_field(const char *key)
{
	static const char *const skip[] = { "time", "id", "kind", "commit",
					    "supersedes", "worktree" };
	size_t i;

	for (i = 0; i < GI_ARRAY_SIZE(skip); i++)
		if (!strcmp(key, skip[i]))
			return 1;
	return 0;
}

static int match_value(const cJSON *v, const struct gi_matcher *m)
{
	const cJSON *it;

	if (cJSON_IsString(v))
		return gi_matcher_match(m, v->valuestring);
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		for (it = v->child; it; it = it->next)
			if (match_value(it, m))
				return 1;
	return 0;
}

int gi_record_matches(const struct gi_record *rec,
		      const struct gi_matcher *m)
{
	const cJSON *it;

	if (!rec->json)
		return 0;
	for (it = rec->json->child; it; it = it->next)
		if (!is_machine_field(it->string) && match_value(it, m))
			return 1;
	return 0;
}
