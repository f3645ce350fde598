/*
 * git-issue-search: find records in every issue by a fixed string (case
 * does not matter) or an extended regular expression. Exits 1 when nothing
 * matches, as grep does.
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/issue.h"
#include "gitissue/options.h"
#include "gitissue/render.h"

static const char *const usage[] = {
	"git issue-search [-E | --extended-regexp] [-i | --ignore-case] [--json] <pattern>",
	NULL
};

static int extended, icase, json;

static const struct gi_option options[] = {
	GI_OPT_BOOL('E', "extended-regexp", &extended,
		    "<pattern> is an extended regular expression"),
	GI_OPT_BOOL('i', "ignore-case", &icase,
		    "with -E, ignore case (fixed strings always do)"),
	GI_OPT_BOOL(0, "json", &json, "one JSON document, for programs"),
	GI_OPT_END(),
};

struct matcher {
	const char *fixed;
	size_t fixed_len;
	regex_t re;
	int use_re;
};

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

static int match(const char *s, void *payload)
{
	struct matcher *m = payload;

	if (m->use_re)
		return !regexec(&m->re, s, 0, NULL, 0);
	return ascii_casestr(s, strlen(s), m->fixed, m->fixed_len);
}

/*
 * A fixed string without quote, backslash or control characters appears
 * verbatim in a stored JSON line whenever a field contains it, unless the
 * writer escaped more than it had to (\u00e9, \/): such lines, which have
 * a backslash, are always parsed. So the raw line is a cheap, exact filter
 * before parsing.
 */
static int line_may_match(const struct matcher *m, const struct gi_line *l)
{
	const char *p;

	if (m->use_re || memchr(l->p, '\\', l->len))
		return 1;
	for (p = m->fixed; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			return 1;
	return ascii_casestr(l->p, l->len, m->fixed, m->fixed_len);
}

static int any_may_match(const struct matcher *m, const struct gi_lines *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (line_may_match(m, &l->v[i]))
			return 1;
	return 0;
}

int main(int argc, const char **argv)
{
	struct gi_repo r;
	struct gi_issue_list list;
	struct matcher m = { 0 };
	gi_buf out = GI_BUF_INIT;
	cJSON *doc = NULL, *hits = NULL;
	size_t i, j, nhits = 0;
	int nargs, err;

	gi_set_program("git issue-search");
	nargs = gi_parse_options(argc, argv, options, usage);
	if (nargs != 1)
		gi_usage_with_error(usage, options,
				    nargs ? "too many arguments" :
				    "no pattern given");
	if (!*argv[0])
		gi_usage_with_error(usage, options, "empty pattern");
	if (extended) {
		err = regcomp(&m.re, argv[0], REG_EXTENDED | REG_NOSUB |
			      (icase ? REG_ICASE : 0));
		if (err) {
			char msg[256];

			regerror(err, &m.re, msg, sizeof(msg));
			gi_die("invalid regular expression '%s': %s", argv[0],
			       msg);
		}
		m.use_re = 1;
	} else {
		m.fixed = argv[0];
		m.fixed_len = strlen(argv[0]);
	}

	gi_repo_open_or_die(&r);
	if (gi_store_list(&list, &r, NULL) < 0)
		return GI_EXIT_FATAL;
	if (json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "version", GI_JSON_VERSION);
		cJSON_AddStringToObject(doc, "pattern", argv[0]);
		hits = cJSON_AddArrayToObject(doc, "hits");
	}
	for (i = 0; i < list.nr; i++) {
		struct gi_lines lines = GI_LINES_INIT;
		struct gi_issue is;

		if (!list.v[i].issue)
			continue;
		if (gi_store_read_blob(&lines, &r, &list.v[i].note) < 0)
			return GI_EXIT_FATAL;
		j = any_may_match(&m, &lines);
		gi_lines_release(&lines);
		if (!j)
			continue;
		/* a candidate: parse the whole issue, so that corrections
		 * (superseded and retracted records) are honoured as in show */
		if (gi_issue_load_blob(&is, &r, &list.v[i].note,
				       list.v[i].issue) < 0)
			return GI_EXIT_FATAL;
		for (j = 0; j < is.nr; j++) {
			const struct gi_record *rec = &is.rec[j];

			if (!rec->json || rec->superseded ||
			    !gi_record_matches(rec, match, &m))
				continue;
			nhits++;
			if (json) {
				cJSON *h = cJSON_CreateObject();

				cJSON_AddNumberToObject(h, "issue",
					(double)list.v[i].issue);
				cJSON_AddItemToObject(h, "record",
						      gi_record_json(rec));
				cJSON_AddItemToArray(hits, h);
			} else {
				char when[32];

				gi_short_time(when, sizeof(when), rec->time);
				gi_buf_addf(&out, "#%ld  %s  %s  %s  ",
					    list.v[i].issue, when, rec->kind,
					    rec->id);
				gi_record_summary(&out, rec, 100);
				gi_buf_addch(&out, '\n');
			}
		}
		gi_issue_release(&is);
	}
	if (json)
		gi_print_json(doc);
	else
		fwrite(out.buf, 1, out.len, stdout);
	if (m.use_re)
		regfree(&m.re);
	gi_buf_release(&out);
	gi_issue_list_release(&list);
	gi_repo_release(&r);
	git_libgit2_shutdown();
	return nhits ? 0 : 1;
}
