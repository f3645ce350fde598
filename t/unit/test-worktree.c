/*
 * test-worktree: branch names made from issue titles (lib/worktree.c) and
 * which claims are open (lib/claim.c), on hand-made records.
 */
#include <stdlib.h>
#include <string.h>

#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/worktree.h"
#include "unit.h"

static int name_is(long n, const char *title, const char *want)
{
	char *got = gi_issue_branch_name(n, title);
	int ok = !strcmp(got, want);

	free(got);
	return ok;
}

static void test_names(void)
{
	CHECK(name_is(31, "Fix the X-Frame-Options header!",
		      "issue/31-fix-the-x-frame-options-header"),
	      "slug: lowercase, runs of other characters become one '-'");
	CHECK(name_is(7, NULL, "issue/7"), "no title: issue/<n>");
	CHECK(name_is(7, "", "issue/7"), "empty title: issue/<n>");
	CHECK(name_is(7, "!!! ???", "issue/7"), "no letters: issue/<n>");
	CHECK(name_is(8, "Café crème: ça marche", "issue/8-caf-cr-me-a-marche"),
	      "non-ASCII letters are dropped, not mangled");
	CHECK(name_is(9, "refs/heads/../.lock ~^:?*[\\",
		      "issue/9-refs-heads-lock"),
	      "nothing that git refuses in a ref name survives");
	CHECK(name_is(10, "Make the status board fast with twenty worktrees "
		      "of a big repository",
		      "issue/10-make-the-status-board-fast-with-twenty"),
	      "long titles are cut at a word boundary");
	CHECK(name_is(11, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
		      "issue/11-abcdefghijklmnopqrstuvwxyzabcdefghijklmn"),
	      "one long word is cut at the limit");
}

/* A loaded issue from record lines (time order). */
static void load(struct gi_issue *is, long n, const char *const *lines)
{
	size_t i;

	memset(is, 0, sizeof(*is));
	is->number = n;
	for (i = 0; lines[i]; i++)
		;
	is->nr = i;
	is->rec = calloc(i + 1, sizeof(*is->rec));
	for (i = 0; i < is->nr; i++)
		gi_record_parse(&is->rec[i], lines[i], strlen(lines[i]));
	gi_records_resolve(is->rec, is->nr);
}

static void unload(struct gi_issue *is)
{
	size_t i;

	for (i = 0; i < is->nr; i++)
		gi_record_release(&is->rec[i]);
	free(is->rec);
}

#define REC(t, id, kind, rest) \
	"{\"time\":\"2026-01-01T00:00:0" t ".000000Z\",\"id\":\"" id \
	"\",\"kind\":\"" kind "\"" rest "}"

static void test_claims(void)
{
	static const char *const lines[] = {
		REC("1", "c1", "claim", ",\"worktree\":\"/a/1\",\"clone\":\"A\""),
		REC("2", "c2", "claim", ",\"worktree\":\"/b/1\",\"clone\":\"B\""),
		/* released by id, though its clock says before the claim */
		REC("0", "r3", "release", ",\"claim\":\"c3\",\"clone\":\"C\""),
		REC("3", "c3", "claim", ",\"worktree\":\"/c/1\",\"clone\":\"C\""),
		/* a newer claim of the same clone and path replaces c1 */
		REC("4", "c4", "claim", ",\"worktree\":\"/a/1\",\"clone\":\"A\""),
		/* no claim id: ends earlier claims of that clone and path */
		REC("5", "r5", "release", ",\"worktree\":\"/b/1\",\"clone\":\"B\""),
		REC("6", "c6", "claim", ",\"worktree\":\"/d/1\",\"clone\":\"D\""),
		REC("7", "x7", "retract", ",\"supersedes\":\"c6\""),
		NULL
	};
	struct gi_issue is;
	struct gi_claim_list open = { NULL, 0, 0 };

	load(&is, 5, lines);
	gi_claims_open(&open, &is);
	CHECK(open.nr == 1, "one claim is open");
	CHECK(open.nr && !strcmp(open.v[0].id, "c4"),
	      "the newest claim of clone A");
	CHECK(open.nr && gi_claim_is_ours(&open.v[0], "A") &&
	      !gi_claim_is_ours(&open.v[0], "B") &&
	      !gi_claim_is_ours(&open.v[0], NULL), "ours is by clone id");
	CHECK(open.nr && open.v[0].issue == 5 &&
	      !strcmp(open.v[0].worktree, "/a/1"), "issue and worktree kept");
	gi_claim_list_release(&open);
	unload(&is);
}

int main(void)
{
	test_names();
	test_claims();
	return unit_done();
}
