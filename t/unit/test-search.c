/*
 * test-search: gi_search, which looks at raw bytes before it parses,
 * must find exactly what parsing every record finds (lib/core/search.c).
 * Random notes, written into a scratch repository, with text that
 * collides with keys, machine fields, escapes and other writers' forms;
 * every pattern and --kind set searched both ways, on one thread and on
 * three.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/search.h"
#include "gitissue/core/store.h"
#include "core/store-write.h"
#include "unit.h"

static unsigned int seed = 4242;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 8) % n;
}

static const char *const words[] = {
	"alpha", "Beta", "time", "kind", "note", "2026", "a/b", "caf\xc3\xa9",
	"\"quoted\"", "back\\slash", "tab\tx", "line\nnext", "x:y",
	"0000000000000001", "issue/7", "\xc3\x89""COLE", "text", "lesson",
};

static void add_words(gi_buf *b)
{
	int i, n = 1 + (int)rnd(3);

	for (i = 0; i < n; i++) {
		if (i)
			gi_buf_addch(b, ' ');
		gi_buf_adds(b, words[rnd(GI_ARRAY_SIZE(words))]);
	}
}

/* JSON string contents as another writer might escape them */
static void foreign_escape(gi_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0xc3 && (unsigned char)s[1] == 0xa9) {
			gi_buf_adds(out, "\\u00e9");
			s++;
		} else if (c == '/') {
			gi_buf_adds(out, "\\/");
		} else if (c == '"' || c == '\\') {
			gi_buf_addch(out, '\\');
			gi_buf_addch(out, c);
		} else if (c == '\n') {
			gi_buf_adds(out, "\\n");
		} else if (c == '\t') {
			gi_buf_adds(out, "\\u0009");
		} else {
			gi_buf_addch(out, c);
		}
	}
}

static int nids;

static void one_line(struct gi_lines *l, gi_buf *line)
{
	static const char *const kinds[] = { "note", "lesson", "comment",
					     "tried", "issue", "claim" };
	struct gi_record_fields f = { 0 };
	gi_buf a = GI_BUF_INIT, b = GI_BUF_INIT, c = GI_BUF_INIT;
	char id[GI_RECORD_ID_HEXSZ + 1], time[40];
	char sup[GI_RECORD_ID_HEXSZ + 1];
	int t = (int)rnd(10);

	snprintf(id, sizeof(id), "%016x", ++nids);
	snprintf(time, sizeof(time), "2026-01-01T00:%02d:%02d.000000Z",
		 nids / 60 % 60, nids % 60);
	snprintf(sup, sizeof(sup), "%016x", 1 + (int)rnd((unsigned)nids));
	gi_buf_reset(line);
	add_words(&a);
	add_words(&b);
	if (t < 6) {	/* ours */
		f.time = time;
		f.id = id;
		f.kind = kinds[rnd(GI_ARRAY_SIZE(kinds))];
		f.author = rnd(2) ? "Alpha Person <time@example.com>" : NULL;
		f.branch = rnd(2) ? "issue/7-note" : NULL;
		f.worktree = rnd(2) ? "/tmp/alpha/a/b" : NULL;
		f.commit = rnd(2) ? "0000000000000001aaaa" : NULL;
		if (!strcmp(f.kind, "lesson")) {
			f.tried = a.buf;
			f.failed = rnd(2) ? b.buf : NULL;
			f.solution = rnd(2) ? "note time" : NULL;
		} else {
			f.text = a.buf;
		}
		if (!strcmp(f.kind, "issue"))
			f.title = b.buf;
		if (rnd(5) == 0)
			f.supersedes = sup;
		gi_record_format(line, &f);
	} else if (t < 8) {	/* another tool: spaces, other escapes */
		foreign_escape(&c, a.buf);
		gi_buf_addf(line, "{\"time\": \"%s\", \"id\": \"%s\", "
			    "\"kind\": \"%s\", \"%s\": \"", time, id,
			    rnd(2) ? "note" : "failed",
			    rnd(3) ? "text" : "te\\u0078t");
		gi_buf_add(line, c.buf, c.len);
		gi_buf_addf(line, "\", \"labels\": [\"x\", {\"k\": \"%s\"}]%s}",
			    rnd(2) ? "caf\\u00e9" : "note",
			    rnd(4) ? "" : ", \"supers\\u0065des\": \"0000000000000002\"");
	} else if (t < 9) {	/* a GitHub comment, two versions */
		gi_buf_addf(line, "{\"time\":\"%s\",\"id\":\"%s\","
			    "\"kind\":\"comment\",\"text\":\"%s old\","
			    "\"github_comment\":%d,\"github_updated\":\"1\"}",
			    time, id, rnd(2) ? "alpha" : "time", nids % 3 + 1);
		gi_lines_add_copy(l, line->buf, line->len);
		gi_buf_reset(line);
		snprintf(id, sizeof(id), "%016x", ++nids);
		gi_buf_addf(line, "{\"time\":\"%s\",\"id\":\"%s\","
			    "\"kind\":\"comment\",\"text\":\"alpha new\","
			    "\"github_comment\":%d,\"github_updated\":\"2\"}",
			    time, id, (nids - 1) % 3 + 1);
	} else {	/* not a record */
		gi_buf_addf(line, "alpha time {\"kind\":\"note\",\"text\":\"%s\"",
			    rnd(2) ? "beta" : "x");
	}
	gi_lines_add_copy(l, line->buf, line->len);
	gi_buf_release(&a);
	gi_buf_release(&b);
	gi_buf_release(&c);
}

struct collect {
	gi_buf all;
};

static void hit(gi_buf *out, long issue, const struct gi_record *rec,
		void *payload)
{
	(void)payload;
	gi_buf_addf(out, "%ld %s\n", issue, rec->id);
}

static int flush(const gi_buf *out, void *payload)
{
	struct collect *c = payload;

	gi_buf_add(&c->all, out->buf, out->len);
	return 0;
}

static void expected(gi_buf *out, struct gi_repo *r,
		     const struct gi_issue_list *list,
		     const struct gi_matcher *m, const char *const *kinds,
		     size_t nkinds)
{
	size_t i, j;

	for (i = 0; i < list->nr; i++) {
		struct gi_issue is;

		if (gi_issue_load_blob(&is, r, &list->v[i].note,
				       list->v[i].issue) < 0)
			continue;
		for (j = 0; j < is.nr; j++)
			if (is.rec[j].json && !is.rec[j].superseded &&
			    gi_record_matches_kinds(&is.rec[j], m, kinds,
						    nkinds))
				gi_buf_addf(out, "%ld %s\n", is.number,
					    is.rec[j].id);
		gi_issue_release(&is);
	}
}

int main(void)
{
	static const char *const fixed[] = {
		"alpha", "BETA", "time", "kind", "note", "2026", "a/b",
		"caf\xc3\xa9", "\"quoted\"", "\\", "tab\tx", "x:y",
		"0000000000000001", "issue/7", "\xc3\xa9", "line", "ta", ":",
		"\"", "lesson", "e", "example.com", "text", "labels", "old",
	};
	static const char *const regex[] = {
		"^alpha", "beta$", "a.b", "(al|be)ta", "alpha|time", "caf.",
		"[0-9]{4}", "^", "x:y", "issue/[0-9]", "qu?oted", "line.next",
		"\\<note\\>", "t+ime", "^note time$", "\"quoted\"", "a\\/b",
		"new$", "(old|new)",
	};
	static const char *const kindsets[][3] = {
		{ NULL }, { "lesson", NULL }, { "failed", NULL },
		{ "note", NULL }, { "comment", "tried", NULL },
		{ "issue", NULL }, { "solution", "note", NULL },
	};
	char dir[] = "/tmp/gi-test-search.XXXXXX";
	struct gi_repo r;
	struct gi_issue_list list;
	gi_buf line = GI_BUF_INIT;
	size_t p, k, n;
	int issue, bad = 0, searches = 0, hits = 0;

	if (unit_scratch_repo(&r, dir) < 0)
		return unit_done();
	for (issue = 1; issue <= 40; issue++) {
		struct gi_lines l = GI_LINES_INIT;
		int i, nl = 1 + (int)rnd(12);

		for (i = 0; i < nl; i++)
			one_line(&l, &line);
		gi_lines_normalize(&l);
		if (gi_store_append(&r, issue, &l, NULL) < 0)
			bad = 1;
		gi_lines_release(&l);
	}
	CHECK(!bad, "40 issues of random records written");
	if (gi_store_list(&list, &r, NULL) < 0)
		return unit_done();

	for (p = 0; p < GI_ARRAY_SIZE(fixed) + 2 * GI_ARRAY_SIZE(regex); p++) {
		struct gi_matcher m;
		gi_buf err = GI_BUF_INIT;
		int re = p >= GI_ARRAY_SIZE(fixed);
		size_t ri = re ? (p - GI_ARRAY_SIZE(fixed)) / 2 : 0;
		const char *pat = re ? regex[ri] : fixed[p];

		if (gi_matcher_init(&m, pat, re,
				    re && (p - GI_ARRAY_SIZE(fixed)) % 2,
				    &err) < 0) {
			printf("# bad regex %s: %s\n", pat, err.buf);
			bad = 1;
			continue;
		}
		for (k = 0; k < GI_ARRAY_SIZE(kindsets); k++) {
			struct gi_search_opts o = { 0 };
			gi_buf want = GI_BUF_INIT;
			int threads;

			for (n = 0; kindsets[k][n]; n++)
				;
			expected(&want, &r, &list, &m, kindsets[k], n);
			hits += want.len > 0;
			for (threads = 1; threads <= 3; threads += 2) {
				struct collect c = { GI_BUF_INIT };

				o.m = &m;
				o.kinds = kindsets[k];
				o.nkinds = n;
				o.threads = threads;
				o.hit = hit;
				o.flush = flush;
				o.payload = &c;
				gi_search(&r, &list, &o);
				searches++;
				if (strcmp(c.all.buf, want.buf)) {
					printf("# '%s'%s kinds %zu threads %d:"
					       "\n# want:\n%s# got:\n%s", pat,
					       re ? " (regex)" : "", k,
					       threads, want.buf, c.all.buf);
					bad = 1;
				}
				gi_buf_release(&c.all);
			}
			gi_buf_release(&want);
		}
		gi_matcher_release(&m);
		gi_buf_release(&err);
	}
	printf("# %d searches, %d with hits\n", searches, hits);
	CHECK(!bad, "every search finds what parsing every record finds");
	CHECK(hits > 50, "and many of them find something");

	gi_issue_list_release(&list);
	gi_buf_release(&line);
	unit_scratch_done(&r, dir);
	git_libgit2_shutdown();
	return unit_done();
}
