/*
 * test-worktree: branch names made from issue titles (lib/worktree.c),
 * which claims are open (lib/claim.c), on hand-made records, and the
 * agent sessions of a worktree (lib/worktree/activity.c) in a scratch
 * folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "worktree/branch.h"
#include "worktree/claim.h"
#include "worktree/worktree.h"
#include "gitissue/core/issue.h"
#include "gitissue/util/repo.h"
#include "gitissue/util/util.h"
#include "gitissue/worktree/activity.h"
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

/* The census's bare load: what was written down is not parsed, a claim
 * that quotes such a record in its text is */
static void test_load_bare(void)
{
	static const char note[] =
		REC("1", "i1", "issue", ",\"title\":\"Bare\",\"state\":\"open\"") "\n"
		REC("2", "c2", "claim", ",\"worktree\":\"/a/1\",\"clone\":\"A\"") "\n"
		REC("3", "l3", "lesson", ",\"tried\":\"x\"") "\n"
		REC("4", "n4", "note", ",\"text\":\"{\\\"kind\\\":\\\"claim\\\"}\"") "\n"
		REC("5", "m5", "comment", ",\"body\":\"hi\"") "\n"
		REC("6", "c6", "claim", ",\"worktree\":\"/b/1\",\"clone\":\"B\","
		    "\"why\":\"\\\"kind\\\":\\\"lesson\\\"\"") "\n";
	char dir[] = "/tmp/gi-test-bare.XXXXXX";
	struct gi_repo r;
	struct gi_issue full, bare;
	struct gi_claim_list open = { NULL, 0, 0 };
	git_oid blob;

	if (unit_scratch_repo(&r, dir) < 0)
		return;
	CHECK(!git_blob_create_from_buffer(&blob, r.repo, note,
					   sizeof(note) - 1), "a note blob");
	CHECK(!gi_issue_load_blob(&full, &r, &blob, 7) && full.nr == 6 &&
	      full.rec[2].json && full.rec[3].json && full.rec[4].json,
	      "the full load parses every record");
	CHECK(!gi_issue_load_blob_bare(&bare, &r, &blob, 7) && bare.nr == 6 &&
	      !bare.rec[2].json && !bare.rec[3].json && !bare.rec[4].json,
	      "the bare load leaves the lesson, note and comment unparsed");
	CHECK(bare.title && !strcmp(bare.title, "Bare") && !bare.malformed,
	      "and keeps the title, nothing malformed");
	gi_claims_open(&open, &bare);
	CHECK(open.nr == 2, "both claims are open, the one quoting a lesson too");
	gi_claim_list_release(&open);
	gi_issue_release(&full);
	gi_issue_release(&bare);
	unit_scratch_done(&r, dir);
}

static void test_claims_by_name(void)
{
	static const char *const lines[] = {
		/* an older claim, by path only */
		REC("1", "c1", "claim", ",\"worktree\":\"/old\",\"clone\":\"A\""),
		/* by name; moved since (another path), still the same one */
		REC("2", "c2", "claim", ",\"worktree\":\"/x/wt\",\"clone\":\"A\",\"worktree_name\":\"wt\""),
		REC("3", "c3", "claim", ",\"worktree\":\"/moved/wt\",\"clone\":\"A\",\"worktree_name\":\"wt\""),
		/* a release without claim id ends the named worktree's */
		REC("4", "c4", "claim", ",\"worktree\":\"/y\",\"clone\":\"A\",\"worktree_name\":\"other\""),
		REC("5", "r5", "release", ",\"worktree\":\"/elsewhere\",\"clone\":\"A\",\"worktree_name\":\"other\""),
		NULL
	};
	struct gi_issue is;
	struct gi_claim_list open = { NULL, 0, 0 };

	load(&is, 6, lines);
	gi_claims_open(&open, &is);
	CHECK(open.nr == 2, "two claims are open");
	CHECK(open.nr == 2 && !strcmp(open.v[0].id, "c1") &&
	      !strcmp(open.v[1].id, "c3"),
	      "a newer claim of the same name replaces the older, whatever "
	      "the path; a release by name ends that name's");
	CHECK(open.nr == 2 && gi_claim_names_worktree(&open.v[1], "wt", "/z") &&
	      !gi_claim_names_worktree(&open.v[1], "main", "/moved/wt"),
	      "a named claim is matched by its name, not its path");
	CHECK(open.nr == 2 && gi_claim_names_worktree(&open.v[0], "any",
							"/old") &&
	      !gi_claim_names_worktree(&open.v[0], "any", "/new"),
	      "an older claim is matched by its path");
	gi_claim_list_release(&open);
	unload(&is);
}

static void test_issue_rule(void)
{
	long n = 0;

	CHECK(!gi_issue_of_worktree(31, 1, 0, 0, &n) && n == 31,
	      "detached or a branch of no issue: the worktree's file");
	CHECK(!gi_issue_of_worktree(31, 1, 120, 1, &n) && n == 120,
	      "a branch of another issue (a stock git switch) wins");
	CHECK(!gi_issue_of_worktree(0, 0, 7, 1, &n) && n == 7,
	      "no file: the branch's issue");
	CHECK(gi_issue_of_worktree(0, 0, 0, 0, &n) == GIT_ENOTFOUND,
	      "neither: none");
}

static int parse(struct gi_activity *a, const char *text)
{
	return gi_activity_parse(a, text, strlen(text));
}

static void test_activity_text(void)
{
	struct gi_activity a, b;
	gi_buf t = GI_BUF_INIT;

	memset(&a, 0, sizeof(a));
	strcpy(a.agent, "claude");
	strcpy(a.session, "0b7e-11_x");
	a.issue = 5;
	a.state = GI_AGENT_WAITING;
	a.started = 100;
	a.since = 200;
	a.updated = 300;
	a.pid = 4242;
	a.pid_start = 987654321ULL;
	gi_activity_format(&t, &a);
	CHECK(!gi_activity_parse(&b, t.buf, t.len), "a record reads back");
	CHECK(!memcmp(&a, &b, sizeof(a)), "every field the same");
	CHECK(parse(&b, "agent claude\nsession ../x\nstate "
				"working\n") < 0, "a path as id: refused");
	CHECK(parse(&b, "agent claude\nsession s\nstate "
				"dancing\n") < 0, "unknown state: refused");
	CHECK(parse(&b, "agent claude\nsession s\n") < 0,
	      "no state: refused");
	CHECK(parse(&b, "agent claude\nsession s\nstate "
				"working\nsince -5\n") < 0,
	      "a negative time: refused");
	CHECK(parse(&b, "agent claude\nsession s\nstate "
				"stopped\nfuture 1\n") == 0,
	      "an unknown key of a later version: left");
	CHECK(gi_agent_state_parse("waiting") == GI_AGENT_WAITING &&
	      gi_agent_state_parse("none") == GI_AGENT_NONE &&
	      !strcmp(gi_agent_state_name(GI_AGENT_GONE), "gone"),
	      "state names both ways");
	CHECK(!gi_activity_id_ok("") && !gi_activity_id_ok("a/b") &&
	      gi_activity_id_ok("3f1c-AB_9"), "session ids");
	gi_buf_release(&t);
}

/* A pid that was a process and is no more: a child that exited. */
static long dead_pid(void)
{
	pid_t p = fork();

	if (!p)
		_exit(0);
	waitpid(p, NULL, 0);
	return (long)p;
}

static void test_activity_files(void)
{
	char dir[] = "/tmp/gi-activity-XXXXXX";
	struct gi_activity_list l;
	unsigned long long start;
	long me;

	if (!mkdtemp(dir)) {
		CHECK(0, "a scratch folder");
		return;
	}
	gi_activity_agent_process(&me, &start);
	CHECK(me > 0 && gi_activity_process_alive(me, start),
	      "the agent's process is found, and alive");
	CHECK(!gi_activity_process_alive(me, start + 1),
	      "a pid of a process started at another time: not it");
	gi_activity_read(&l, dir);
	CHECK(l.nr == 0, "no folder: no session");
	gi_activity_list_release(&l);

	CHECK(!gi_activity_record(dir, "claude", "s1", 5, GI_AGENT_WORKING, me,
				  start, 1000), "recorded");
	CHECK(!gi_activity_record(dir, "claude", "s1", 5, GI_AGENT_WORKING, me,
				  start, 1010), "again");
	CHECK(!gi_activity_record(dir, "claude", "s2", 5, GI_AGENT_STOPPED, me,
				  start, 1020), "a second session");
	CHECK(!gi_activity_record(dir, "claude", "s3", 5, GI_AGENT_WORKING,
				  dead_pid(), 0, 1030), "a session now dead");
	CHECK(gi_activity_record(dir, "claude", "../s", 5, GI_AGENT_WORKING, me,
				 start, 1030) < 0, "a bad id: not recorded");
	gi_activity_read(&l, dir);
	CHECK(l.nr == 3, "three sessions");
	if (l.nr == 3) {
		CHECK_STR(l.v[0].session, "s1", "working first");
		CHECK(l.v[0].since == 1000 && l.v[0].updated == 1010 &&
		      l.v[0].started == 1000,
		      "the same state keeps its since");
		CHECK_STR(l.v[1].session, "s2", "then stopped");
		CHECK(l.v[2].state == GI_AGENT_GONE,
		      "a working session whose process is gone: gone");
	}
	gi_activity_list_release(&l);

	CHECK(!gi_activity_record(dir, "claude", "s2", 5, GI_AGENT_WAITING, me,
				  start, 1040) &&
	      !gi_activity_record(dir, "claude", "s1", 5, GI_AGENT_ENDED, me,
				  start, 1050), "waiting, ended");
	gi_activity_read(&l, dir);
	CHECK(l.nr == 3 && !strcmp(l.v[0].session, "s2") &&
	      l.v[0].state == GI_AGENT_WAITING && l.v[0].since == 1040 &&
	      l.v[0].started == 1020, "waiting first, since the change");
	CHECK(l.nr == 3 && l.v[2].state == GI_AGENT_ENDED,
	      "ended last: whatever its process");
	gi_activity_list_release(&l);
	CHECK(gi_activity_forget_all(dir) == 3, "forget all: three files");
	rmdir(dir);
}

int main(void)
{
	test_names();
	test_claims();
	test_claims_by_name();
	test_load_bare();
	test_issue_rule();
	test_activity_text();
	test_activity_files();
	return unit_done();
}
