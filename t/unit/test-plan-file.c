/*
 * test-plan-file.c: the plan file read and checked (core/plan-file.h):
 * the roadmap of issue 24 at full size (14 children in 4 phases, P0-P3,
 * 7 blocked-by links, one child under another), then each kind of
 * mistake reported with its line and nothing else taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitissue/core/plan-file.h"
#include "gitissue/util/util.h"
#include "unit.h"

static const char roadmap[] =
	"# Modernize the codebase {#roadmap}\n"
	"labels: roadmap\n"
	"Goals: a typed, split, observable codebase.\n"
	"\n"
	"### Success metrics\n"
	"- build under 5 minutes\n"
	"\n"
	"## Move to TypeScript {#ts}\n"
	"labels: P0, phase-1\n"
	"Convert the core modules.\n"
	"\n"
	"## Strict compiler options {#strict}\n"
	"labels: P1, phase-1\n"
	"blocked-by: ts\n"
	"\n"
	"## Lint rules\n"
	"labels: P2, phase-1\n"
	"\n"
	"## Split the monolith {#split}\n"
	"labels: P1, phase-2\n"
	"blocked-by: ts, #123\n"
	"```\n"
	"## not a heading: in a fence\n"
	"```\n"
	"\n"
	"## Extract the billing service {#billing}\n"
	"labels: P1, phase-2\n"
	"parent: split\n"
	"blocked-by: split\n"
	"\n"
	"## Extract the search service {#search}\n"
	"labels: P2, phase-2\n"
	"blocked-by: split\n"
	"\n"
	"## Message queue {#queue}\n"
	"labels: P2, phase-2\n"
	"\n"
	"## Tracing {#tracing}\n"
	"labels: P1, phase-3\n"
	"blocked-by: queue\n"
	"\n"
	"## Metrics dashboards {#dashboards}\n"
	"labels: P2, phase-3\n"
	"blocked-by: tracing\n"
	"\n"
	"## Alerting {#alerting}\n"
	"labels: P3, phase-3\n"
	"discovered-from: tracing\n"
	"\n"
	"## Load tests {#load}\n"
	"labels: P2, phase-4\n"
	"\n"
	"## Canary deploys {#canary}\n"
	"labels: P1, phase-4\n"
	"blocked-by: load\n"
	"\n"
	"## Runbooks {#runbooks}\n"
	"labels: P3, phase-4\n"
	"\n"
	"## Retire the old build {#retire}\n"
	"labels: P3, phase-4\n";

static void test_roadmap(void)
{
	struct gi_plan_file pf;
	gi_buf err = GI_BUF_INIT;
	size_t i, blocked = 0;

	CHECK(!gi_plan_file_parse(&pf, roadmap, strlen(roadmap), "plan.md",
				  &err), "the roadmap is read");
	CHECK_STR(err.buf, "", "no mistake");
	CHECK(pf.nr == 15, "the roadmap and 14 children");
	CHECK_STR(pf.v[0].title, "Modernize the codebase", "the roadmap");
	CHECK(!strncmp(pf.v[0].body, "Goals:", 6) &&
	      strstr(pf.v[0].body, "### Success metrics"),
	      "a deeper heading is body");
	CHECK_STR(pf.v[3].key, "lint-rules", "a slug without {#key}");
	CHECK(pf.v[4].nblocked_by == 2 && pf.v[4].blocked_by[1].number == 123,
	      "a key and an existing issue");
	CHECK(strstr(pf.v[4].body, "## not a heading"), "fenced text is body");
	CHECK_STR(pf.v[5].parent.key, "split", "a child under a child");
	CHECK_STR(pf.v[10].discovered_from.key, "tracing",
		  "discovered-from: a metadata line");
	CHECK_STR(pf.v[10].body, "", "and not body");
	for (i = 0; i < pf.nr; i++)
		blocked += pf.v[i].nblocked_by;
	CHECK(blocked == 8, "7 blocked-by links between items, one outside");
	CHECK(pf.v[2].line == 12, "the heading's line");
	gi_plan_file_release(&pf);
	gi_buf_release(&err);
}

/* The mistakes `text` makes, as reported. */
static void mistakes(const char *text, const char *expect, const char *name)
{
	struct gi_plan_file pf;
	gi_buf err = GI_BUF_INIT;
	int ret = gi_plan_file_parse(&pf, text, strlen(text), "p", &err);

	CHECK(ret == GI_EINVALID, name);
	if (strcmp(err.buf, expect))
		fprintf(stderr, "# got:\n%s# expected:\n%s", err.buf, expect);
	CHECK_STR(err.buf, expect, name);
	gi_plan_file_release(&pf);
	gi_buf_release(&err);
}

static void test_mistakes(void)
{
	char *long_title = calloc(1, 400);

	mistakes("", "p:1: no '#' heading: nothing to make\n", "empty");
	mistakes("hello\n# R\n", "p:1: text before the first heading\n",
		 "text before");
	mistakes("# R\n## A\nblocked-by: b\n",
		 "p:2: blocked-by 'b': no item has that key\n", "unknown key");
	mistakes("# R\n## A {#a}\nblocked-by: b\n## B {#b}\nblocked-by: a\n",
		 "p:2: blocked by 'b', which waits for it: a cycle\n"
		 "p:4: blocked by 'a', which waits for it: a cycle\n",
		 "a cycle of blockers");
	mistakes("# R\n## A {#a}\nparent: b\n## B {#b}\nparent: a\n",
		 "p:2: its parents make a cycle\np:4: its parents make a "
		 "cycle\n", "a cycle of parents");
	mistakes("# R\n## A\nlabels: x, , y\n",
		 "p:3: an empty value in 'labels:'\n", "a bad label line");
	mistakes("# R\n## A\n## A\n",
		 "p:3: the key 'a' is taken at line 2: give one with {#key}\n",
		 "a key twice");
	mistakes("# R\n# S\n", "p:2: a second '#' heading: one roadmap a "
		 "file ('##' for its children)\n", "two roadmaps");
	memset(long_title, 'x', 300);
	{
		gi_buf t = GI_BUF_INIT;

		gi_buf_addf(&t, "# R\n## %s {#long}\n", long_title);
		mistakes(t.buf, "p:2: the title is 300 characters; GitHub's "
			 "limit is 256\n", "over GitHub's limit");
		gi_buf_release(&t);
	}
	mistakes("# R\n## A\nblocked-by: #x\n",
		 "p:3: '#x' is not an issue number\n", "a bad number");
	free(long_title);
}

/* The same roadmap in the JSON form. */
static const char roadmap_json[] =
	"{\"key\": \"roadmap\", \"title\": \"Modernize the codebase\",\n"
	" \"labels\": [\"roadmap\"],\n"
	" \"body\": \"Goals: a typed, split, observable codebase.\\n\\n"
	"### Success metrics\\n- build under 5 minutes\\n\",\n"
	" \"items\": [\n"
	"  {\"key\": \"ts\", \"title\": \"Move to TypeScript\", "
	"\"labels\": [\"P0\", \"phase-1\"], "
	"\"body\": \"Convert the core modules.\"},\n"
	"  {\"key\": \"strict\", \"title\": \"Strict compiler options\", "
	"\"labels\": [\"P1\", \"phase-1\"], \"blocked-by\": [\"ts\"]},\n"
	"  {\"title\": \"Lint rules\", \"labels\": [\"P2\", \"phase-1\"]},\n"
	"  {\"key\": \"split\", \"title\": \"Split the monolith\", "
	"\"labels\": [\"P1\", \"phase-2\"], \"blocked-by\": [\"ts\", 123], "
	"\"body\": \"```\\n## not a heading: in a fence\\n```\"},\n"
	"  {\"key\": \"billing\", \"title\": \"Extract the billing service\", "
	"\"labels\": [\"P1\", \"phase-2\"], \"parent\": \"split\", "
	"\"blocked-by\": [\"split\"]},\n"
	"  {\"key\": \"search\", \"title\": \"Extract the search service\", "
	"\"labels\": [\"P2\", \"phase-2\"], \"blocked-by\": [\"split\"]},\n"
	"  {\"key\": \"queue\", \"title\": \"Message queue\", "
	"\"labels\": [\"P2\", \"phase-2\"]},\n"
	"  {\"key\": \"tracing\", \"title\": \"Tracing\", "
	"\"labels\": [\"P1\", \"phase-3\"], \"blocked-by\": [\"queue\"]},\n"
	"  {\"key\": \"dashboards\", \"title\": \"Metrics dashboards\", "
	"\"labels\": [\"P2\", \"phase-3\"], \"blocked-by\": [\"tracing\"]},\n"
	"  {\"key\": \"alerting\", \"title\": \"Alerting\", "
	"\"labels\": [\"P3\", \"phase-3\"], \"discovered-from\": \"tracing\"},\n"
	"  {\"key\": \"load\", \"title\": \"Load tests\", "
	"\"labels\": [\"P2\", \"phase-4\"]},\n"
	"  {\"key\": \"canary\", \"title\": \"Canary deploys\", "
	"\"labels\": [\"P1\", \"phase-4\"], \"blocked-by\": [\"load\"]},\n"
	"  {\"key\": \"runbooks\", \"title\": \"Runbooks\", "
	"\"labels\": [\"P3\", \"phase-4\"]},\n"
	"  {\"key\": \"retire\", \"title\": \"Retire the old build\", "
	"\"labels\": [\"P3\", \"phase-4\"]}\n"
	" ]}\n";

static int same_ref(const struct gi_plan_ref *a, const struct gi_plan_ref *b)
{
	return a->number == b->number && !a->key == !b->key &&
	       (!a->key || !strcmp(a->key, b->key));
}

/* Do a and b say the same of every item (not where they say it)? */
static int same_plan(const struct gi_plan_file *a,
		     const struct gi_plan_file *b)
{
	size_t i, k;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++) {
		const struct gi_plan_item *x = &a->v[i], *y = &b->v[i];

		if (strcmp(x->key, y->key) || !x->title != !y->title ||
		    (x->title && strcmp(x->title, y->title)) ||
		    x->number != y->number || strcmp(x->body, y->body) ||
		    x->nlabels != y->nlabels ||
		    x->nblocked_by != y->nblocked_by ||
		    !same_ref(&x->parent, &y->parent) ||
		    !same_ref(&x->discovered_from, &y->discovered_from))
			return 0;
		for (k = 0; k < x->nlabels; k++)
			if (strcmp(x->labels[k], y->labels[k]))
				return 0;
		for (k = 0; k < x->nblocked_by; k++)
			if (!same_ref(&x->blocked_by[k], &y->blocked_by[k]))
				return 0;
	}
	return 1;
}

static void test_json(void)
{
	struct gi_plan_file md, js, forced;
	gi_buf err = GI_BUF_INIT;

	CHECK(!gi_plan_file_parse(&md, roadmap, strlen(roadmap), "plan.md",
				  &err), "the Markdown form");
	CHECK(!gi_plan_file_parse(&js, roadmap_json, strlen(roadmap_json),
				  "plan.json", &err), "the JSON form, by its {");
	CHECK_STR(err.buf, "", "no mistake");
	CHECK(same_plan(&md, &js), "both forms make the same plan");
	CHECK_STR(js.v[4].blocked_by[0].path, "items[3].blocked-by[0]",
		  "a reference knows where it is");
	CHECK(gi_plan_file_parse_as(&forced, roadmap_json,
				    strlen(roadmap_json), "p",
				    GI_PLAN_FORMAT_MARKDOWN, &err) ==
	      GI_EINVALID, "--format=markdown reads JSON as Markdown");
	gi_plan_file_release(&md);
	gi_plan_file_release(&js);
	gi_plan_file_release(&forced);
	gi_buf_release(&err);
}

/* The mistakes `text` makes in the JSON form, as reported. */
static void json_mistakes(const char *text, const char *expect,
			  const char *name)
{
	struct gi_plan_file pf;
	gi_buf err = GI_BUF_INIT;
	int ret = gi_plan_file_parse_as(&pf, text, strlen(text), "p.json",
					GI_PLAN_FORMAT_JSON, &err);

	CHECK(ret == GI_EINVALID, name);
	if (strcmp(err.buf, expect))
		fprintf(stderr, "# got:\n%s# expected:\n%s", err.buf, expect);
	CHECK_STR(err.buf, expect, name);
	gi_plan_file_release(&pf);
	gi_buf_release(&err);
}

static void test_json_mistakes(void)
{
	json_mistakes("{\"title\": \"R\",\n \"items\": [}\n",
		      "p.json:2:12: not valid JSON\n", "not JSON: line, column");
	json_mistakes("[]", "p.json: (roadmap): an object is expected\n",
		      "not an object");
	json_mistakes("{\"title\": \"R\"} x",
		      "p.json:1:16: text after the plan's object\n",
		      "text after it");
	json_mistakes("{\"title\": \"R\", \"items\": [{\"title\": \"A\"}, "
		      "{\"title\": \"B\", \"blocked-by\": [\"a\", \"x\"]}]}",
		      "p.json: items[1].blocked-by[1]: blocked-by 'x': no item "
		      "has that key\n", "an unknown key, at its path");
	json_mistakes("{\"title\": \"R\", \"items\": [{\"title\": 5, "
		      "\"labels\": \"P1\", \"size\": 3, \"items\": []}]}",
		      "p.json: items[0]: unknown member \"size\"\n"
		      "p.json: items[0]: unknown member \"items\": items are "
		      "the roadmap's\n"
		      "p.json: items[0].title: a string is expected\n"
		      "p.json: items[0]: no \"title\"\n"
		      "p.json: items[0].labels: an array is expected\n",
		      "types and members");
	json_mistakes("{\"title\": \"R\", \"items\": [{\"title\": \"A\"}, "
		      "{\"title\": \"A\", \"labels\": [\" \"], "
		      "\"parent\": \"#0\"}]}",
		      "p.json: items[1].labels[0]: an empty label\n"
		      "p.json: items[1].parent: '#0' is not an issue number\n"
		      "p.json: items[1]: the key 'a' is taken at items[0]: "
		      "give one with \"key\"\n", "labels, refs, keys");
	json_mistakes("{\"title\": \"R\", \"items\": [{\"key\": \"a\", "
		      "\"title\": \"A\", \"discovered-from\": \"b\"}, "
		      "{\"key\": \"b\", \"title\": \"B\", "
		      "\"discovered-from\": 1.5}]}",
		      "p.json: items[1].discovered-from: not an issue number\n"
		      "p.json: items[0].discovered-from: discovered-from 'b': "
		      "an item below this one; name one above it\n",
		      "discovered-from");
	json_mistakes("{\"issue\": 31, \"title\": \"R\", \"key\": \"a b\", "
		      "\"title\": \"S\"}",
		      "p.json: (roadmap): \"title\" given twice\n"
		      "p.json: (roadmap): a \"title\" or an \"issue\", not "
		      "both\n"
		      "p.json: key: 'a b' is not a key: letters, digits, '-', "
		      "'_', '.'\n", "the roadmap's identity");
}

static void test_slug(void)
{
	char *s = gi_plan_file_slug("  Move to TypeScript (phase 1)! ");

	CHECK_STR(s, "move-to-typescript-phase-1", "a slug");
	free(s);
}

int main(void)
{
	test_roadmap();
	test_mistakes();
	test_json();
	test_json_mistakes();
	test_slug();
	return unit_done();
}
