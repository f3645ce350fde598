/*
 * claim-decide.c: claims decided by the issue remote (claim-decide.h).
 *
 * The rule every clone computes the same way: of two claims of different
 * clones on one issue, the one that reached the remote first holds it.
 * "Reached first" is decided by the push without force, the remote's own
 * compare-and-swap: a clone pushes its claim only after a fetch and merge
 * showed the remote with no open claim of another clone on the issue, and
 * the push is refused when the remote moved since. A clone whose claim
 * is not on the remote while another clone's is has lost, and says so in
 * the notes (a release of its claim, naming the winner) before its claim
 * goes anywhere: so the remote never holds two open claims from these
 * paths, and every clone that fetches sees the same holder. The lost
 * claim and its release reach the remote together, with the next sync. The file
 * $GIT_COMMON_DIR/issue-sync/claims remembers which of this clone's
 * claims the remote has not decided yet, and which lost; it is a
 * memory, not the truth: the truth is in the notes.
 */
#include "gitissue/worktree/claim-decide.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitissue/util/config.h"
#include "gitissue/util/json.h"
#include "gitissue/core/issue.h"
#include "gitissue/core/remote.h"
#include "gitissue/core/render.h"
#include "gitissue/util/run.h"
#include "gitissue/core/store.h"
#include "gitissue/sync/sync.h"
#include "core/store-write.h"
#include "sync/fetched.h"
#include "sync/git-remote.h"
#include "worktree/claim.h"
#include "worktree/worktree.h"

#define CLAIMS_FILE "issue-sync/claims"
#define MAX_ROUNDS 20
#define MAX_FILE (1 << 20)
/* seconds a fetch of the notes counts as fresh enough to push first */
#define PUSH_FIRST_FRESH 120
/* where the commit a claim push carries is made */
#define CLAIM_PUSH_REF "refs/issue-sync/claim"

void gi_claim_states_release(struct gi_claim_states *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].winner);
	free(s->v);
	free(s->remote);
	memset(s, 0, sizeof(*s));
}

cJSON *gi_claim_states_json(const struct gi_claim_states *s)
{
	static const char *const names[] = { "confirmed", "lost",
					     "unconfirmed" };
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < s->nr; i++) {
		const struct gi_claim_state *st = &s->v[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToObject(o, "issue", gi_issue_to_json(st->issue));
		cJSON_AddStringToObject(o, "claim", st->id);
		cJSON_AddStringToObject(o, "outcome", names[st->outcome]);
		gi_json_add_str_or_null(o, "winner", st->winner);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* --- the file --------------------------------------------------------- */

/* "<issue> <id> unconfirmed [steal]" or "<issue> <id> lost <winner>" */
static void parse_line(struct gi_claim_states *s, char *line)
{
	char *issue = strtok(line, " "), *id = strtok(NULL, " ");
	char *what = strtok(NULL, " "), *rest = strtok(NULL, "");
	struct gi_claim_state *st;
	long n;

	if (!issue || !id || !what || gi_parse_issue(issue, &n) < 0 ||
	    !gi_record_id_valid(id) ||
	    (strcmp(what, "unconfirmed") && strcmp(what, "lost")))
		return;	/* not ours to understand: dropped */
	GI_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	st = &s->v[s->nr++];
	memset(st, 0, sizeof(*st));
	st->issue = n;
	snprintf(st->id, sizeof(st->id), "%s", id);
	if (!strcmp(what, "lost")) {
		st->outcome = GI_CLAIM_LOST;
		st->winner = gi_xstrdup(rest ? rest : "someone");
	} else {
		st->outcome = GI_CLAIM_UNCONFIRMED;
		st->steal = rest && !strcmp(rest, "steal");
	}
}

static void read_states(struct gi_claim_states *s, int fd)
{
	gi_buf b = GI_BUF_INIT;
	char chunk[4096], *line, *save = NULL, *p;
	ssize_t got;

	while (b.len < MAX_FILE && (got = read(fd, chunk, sizeof(chunk))) > 0)
		gi_buf_add(&b, chunk, (size_t)got);
	for (p = b.buf; (line = strtok_r(p, "\n", &save)); p = NULL)
		parse_line(s, line);
	gi_buf_release(&b);
}

static int write_states(const struct gi_claim_states *s, int fd)
{
	gi_buf b = GI_BUF_INIT;
	char name[GI_ISSUE_NAME_MAX];
	size_t i;
	int ret = 0;

	for (i = 0; i < s->nr; i++) {
		const struct gi_claim_state *st = &s->v[i];

		if (st->outcome == GI_CLAIM_CONFIRMED)
			continue;
		gi_buf_addf(&b, "%s %s ", gi_issue_name(st->issue, name),
			    st->id);
		if (st->outcome == GI_CLAIM_LOST)
			gi_buf_addf(&b, "lost %s\n", st->winner);
		else
			gi_buf_addf(&b, "unconfirmed%s\n",
				    st->steal ? " steal" : "");
	}
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    (b.len && write(fd, b.buf, b.len) != (ssize_t)b.len))
		ret = gi_error("unable to write the claims file: %s",
			       strerror(errno));
	gi_buf_release(&b);
	return ret;
}

/* The file, open and locked (flock: the kernel lets go when we die). */
static int open_locked(struct gi_repo *r, int create)
{
	gi_buf path = GI_BUF_INIT;
	int fd;

	gi_buf_addf(&path, "%s/issue-sync", r->commondir);
	if (create && mkdir(path.buf, 0777) < 0 && errno != EEXIST) {
		gi_error("unable to create '%s': %s", path.buf,
			 strerror(errno));
		gi_buf_release(&path);
		return -1;
	}
	gi_buf_reset(&path);
	gi_buf_addf(&path, "%s/" CLAIMS_FILE, r->commondir);
	fd = open(path.buf, (create ? O_RDWR | O_CREAT : O_RDWR) | O_CLOEXEC,
		  0666);
	if (fd < 0 && !create && errno == ENOENT) {
		gi_buf_release(&path);
		return -2;	/* no file: nothing to decide */
	}
	if (fd < 0)
		gi_error("unable to open '%s': %s", path.buf, strerror(errno));
	gi_buf_release(&path);
	if (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		close(fd);
		return gi_error("unable to lock the claims file: %s",
				strerror(errno));
	}
	return fd;
}

int gi_claim_pending_add(struct gi_repo *r, long n, const char *id,
			 int steal)
{
	struct gi_claim_states s = { NULL, 0, 0, NULL };
	struct gi_claim_state *st;
	size_t i;
	int fd = open_locked(r, 1), ret;

	if (fd < 0)
		return -1;
	read_states(&s, fd);
	for (i = 0; i < s.nr; i++)
		if (s.v[i].issue == n)	/* a new claim: the old news goes */
			s.v[i].outcome = GI_CLAIM_CONFIRMED;
	GI_ALLOC_GROW(s.v, s.nr + 1, s.alloc);
	st = &s.v[s.nr++];
	memset(st, 0, sizeof(*st));
	st->issue = n;
	snprintf(st->id, sizeof(st->id), "%s", id);
	st->steal = steal;
	st->outcome = GI_CLAIM_UNCONFIRMED;
	ret = write_states(&s, fd);
	close(fd);
	gi_claim_states_release(&s);
	return ret;
}

void gi_claim_pending_forget(struct gi_repo *r, long n)
{
	struct gi_claim_states s = { NULL, 0, 0, NULL };
	size_t i;
	int fd = open_locked(r, 0), changed = 0;

	if (fd < 0)
		return;
	read_states(&s, fd);
	for (i = 0; i < s.nr; i++)
		if (s.v[i].issue == n) {
			s.v[i].outcome = GI_CLAIM_CONFIRMED;
			changed = 1;
		}
	if (changed)
		write_states(&s, fd);
	close(fd);
	gi_claim_states_release(&s);
}

int gi_claims_known(struct gi_claim_states *out, struct gi_repo *r)
{
	gi_buf path = GI_BUF_INIT;
	int fd;

	memset(out, 0, sizeof(*out));
	gi_buf_addf(&path, "%s/" CLAIMS_FILE, r->commondir);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	gi_buf_release(&path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	read_states(out, fd);
	close(fd);
	return 0;
}

/* --- the decision ---------------------------------------------------- */

/* "A U Thor <a@x> in clone 1a2b... (worktree 'issue-7')", printable. */
static char *describe(const struct gi_claim *c)
{
	gi_buf b = GI_BUF_INIT;

	gi_add_printable_line(&b, c->author ? c->author : "someone");
	gi_buf_adds(&b, " in clone ");
	gi_add_printable_line(&b, c->clone ? c->clone : "(unknown)");
	if (c->wtname) {
		gi_buf_adds(&b, " (worktree '");
		gi_add_printable_line(&b, c->wtname);
		gi_buf_adds(&b, "')");
	}
	return gi_buf_detach(&b, NULL);
}

static int has_record(const struct gi_issue *is, const char *id)
{
	size_t i;

	for (i = 0; i < is->nr; i++)
		if (is->rec[i].json && is->rec[i].id &&
		    !strcmp(is->rec[i].id, id))
			return 1;
	return 0;
}

/*
 * Judge one undecided claim by the remote's notes (`theirs`, NULL: the
 * remote has none): on it, ours; another clone's open claim on it and
 * not ours, lost.
 */
static int judge(struct gi_claim_state *st, struct gi_repo *r,
		 const git_oid *theirs, const char *clone)
{
	struct gi_issue is;
	struct gi_claim_list open = { NULL, 0, 0 };
	size_t i;

	if (!theirs)
		return 0;
	if (gi_issue_load(&is, r, theirs, st->issue) < 0)
		return -1;
	if (has_record(&is, st->id)) {
		st->outcome = GI_CLAIM_CONFIRMED;
	} else if (!st->steal) {
		gi_claims_open(&open, &is);
		for (i = 0; i < open.nr; i++)	/* oldest first */
			if (!gi_claim_is_ours(&open.v[i], clone)) {
				st->outcome = GI_CLAIM_LOST;
				st->winner = describe(&open.v[i]);
				break;
			}
		gi_claim_list_release(&open);
	}
	gi_issue_release(&is);
	return 0;
}

/* Our lost claim ends here, in the notes, naming who holds the issue. */
static void release_lost(struct gi_repo *r, const struct gi_claim_state *st,
			 const char *clone)
{
	struct gi_claim_list ours;
	gi_buf why = GI_BUF_INIT;
	size_t i;

	if (gi_claims_ours(&ours, r, st->issue, clone, NULL, NULL) < 0)
		return;
	gi_buf_addf(&why, "lost the claim to %s: its claim reached the "
		    "remote first", st->winner);
	for (i = 0; i < ours.nr; i++)
		if (!strcmp(ours.v[i].id, st->id) &&
		    gi_claim_write(r, st->issue, clone, &ours.v[i], 1, why.buf,
				   NULL) < 0)
			gi_warning("the release of the lost claim on issue %s "
				   "was not recorded", gi_label(st->issue));
	gi_buf_release(&why);
	gi_claim_list_release(&ours);
}

static long claim_deadline(struct gi_repo *r)
{
	long s = gi_config_long(r, "issue.claimTimeout",
				GI_CLAIM_TIMEOUT_DEFAULT);

	if (s < 1)
		s = 1;
	if (s > GI_CLAIM_TIMEOUT_MAX)
		s = GI_CLAIM_TIMEOUT_MAX;
	return gi_now_ms() + s * 1000;
}

/* Wait at random before round `round`, up to a bound that doubles from
 * 20 ms to 1.28 s (gi_backoff()). */
static void backoff(int round, long deadline)
{
	struct gi_backoff b = { 0, 20 * 1000, 1280 * 1000, deadline };

	gi_backoff(&b, round);
}

static size_t undecided(const struct gi_claim_states *s)
{
	size_t i, nr = 0;

	for (i = 0; i < s->nr; i++)
		nr += s->v[i].outcome == GI_CLAIM_UNCONFIRMED;
	return nr;
}

/* One round: fetch, merge, judge; 1 when all is decided, 0 to push, -1
 * when the remote cannot be reached. */
static int look(struct gi_claim_states *s, struct gi_repo *r,
		const struct gi_sync_opts *o, const char *clone)
{
	gi_buf track = GI_BUF_INIT;
	git_oid theirs;
	int rc, have = 0, changed;
	size_t i;

	rc = gi_git_fetch_notes(r, o->remote, o);
	if (rc < 0)
		return -1;
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", o->remote);
	if (!rc && !gi_store_tip(&theirs, r, track.buf)) {
		have = 1;
		if (gi_git_merge_notes(r, &theirs, o->remote, &changed) < 0)
			rc = -1;
	}
	gi_buf_release(&track);
	for (i = 0; i < s->nr && rc >= 0; i++) {
		struct gi_claim_state *st = &s->v[i];

		if (st->outcome != GI_CLAIM_UNCONFIRMED)
			continue;
		if (judge(st, r, have ? &theirs : NULL, clone) < 0)
			rc = -1;
		else if (st->outcome == GI_CLAIM_LOST)
			release_lost(r, st, clone);
	}
	if (rc < 0)
		return -1;
	return undecided(s) ? 0 : 1;
}

/*
 * Before any fetch: does the remote as last fetched (the tracking ref)
 * hold nothing but ours on the undecided claims' issues? Then the claims
 * can be pushed at once: the push without force is the same
 * compare-and-swap, and it is refused when the remote moved since. A
 * claim of another clone seen there is not judged on this (it may be
 * released by now): the caller fetches first. @return 1 to push first.
 */
static int push_first(struct gi_claim_states *s, struct gi_repo *r,
		      const char *remote, const char *clone)
{
	gi_buf track = GI_BUF_INIT;
	git_oid theirs;
	time_t when;
	char *last = NULL;
	size_t i, k;
	int ok;

	/* only while the last fetch is recent (from this remote): an old
	 * view is likely to be refused, a round trip for nothing */
	ok = !gi_fetched_when(r, &when, &last) && last &&
	     !strcmp(last, remote) && time(NULL) - when < PUSH_FIRST_FRESH;
	free(last);
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", remote);
	if (ok && gi_store_tip(&theirs, r, track.buf))
		ok = 0;
	gi_buf_release(&track);
	for (i = 0; i < s->nr && ok; i++) {
		struct gi_claim_list open = { NULL, 0, 0 };
		struct gi_issue is;

		if (s->v[i].outcome != GI_CLAIM_UNCONFIRMED)
			continue;
		if (gi_issue_load(&is, r, &theirs, s->v[i].issue) < 0) {
			ok = 0;
			break;
		}
		gi_claims_open(&open, &is);
		for (k = 0; k < open.nr; k++)
			if (!gi_claim_is_ours(&open.v[k], clone))
				ok = 0;
		gi_claim_list_release(&open);
		gi_issue_release(&is);
	}
	return ok;
}

static void drop_ref(struct gi_repo *r, const char *name)
{
	git_reference *ref = NULL;

	if (!git_reference_lookup(&ref, r->repo, name)) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
	git_error_clear();
}

/*
 * The commit a claim push carries, in CLAIM_PUSH_REF: the remote's notes
 * as last fetched, with this clone's whole note of each undecided
 * claim's issue (the claim and the releases written with it). Not the
 * local notes: they may hold records not pushed yet (a lost claim and
 * its release wait for the next sync), and a claim's push must not carry
 * them (a push of 183 objects took 600 ms, indexed by the remote).
 * @return 0 or -1 (reported).
 */
static int claim_commit(git_oid *out, git_oid *base, int *have_base,
			struct gi_repo *r, const char *remote,
			const struct gi_claim_states *s)
{
	struct gi_store_item *items = gi_xcalloc(s->nr + 1, sizeof(*items));
	struct gi_lines *lines = gi_xcalloc(s->nr + 1, sizeof(*lines));
	struct gi_append_opts o = { 0 };
	gi_buf track = GI_BUF_INIT;
	size_t i, n = 0;
	int ret = -1;

	drop_ref(r, CLAIM_PUSH_REF);
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", remote);
	*have_base = !gi_store_tip(base, r, track.buf);
	if (*have_base && gi_store_cas(r, CLAIM_PUSH_REF, base, NULL,
				       "git issue-worktree: claim") < 0)
		goto done;
	for (i = 0; i < s->nr; i++) {
		if (s->v[i].outcome != GI_CLAIM_UNCONFIRMED)
			continue;
		gi_lines_init(&lines[n]);
		if (gi_store_read(&lines[n], r, NULL, s->v[i].issue) < 0)
			goto done;
		items[n].issue = s->v[i].issue;
		items[n].lines = &lines[n];
		n++;
	}
	o.ref = CLAIM_PUSH_REF;
	o.message = "git issue-worktree: claim";
	if (gi_store_append_many(r, items, n, &o) < 0)
		goto done;
	ret = gi_store_tip(out, r, CLAIM_PUSH_REF) ? -1 : 0;
done:
	for (i = 0; i < n; i++)
		gi_lines_release(&lines[i]);
	free(lines);
	free(items);
	gi_buf_release(&track);
	return ret;
}

/*
 * Push the undecided claims (claim_commit) without force. Taken: the
 * remote is that commit now, which the tracking ref and the local notes
 * take in. @return as gi_git_push_notes: 0 taken, 1 refused, -1 failed.
 */
static int push_claims(const struct gi_claim_states *s, struct gi_repo *r,
		       const char *remote, const struct gi_sync_opts *o)
{
	gi_buf track = GI_BUF_INIT;
	git_oid c, base;
	int rc, changed, have_base, cas;

	if (claim_commit(&c, &base, &have_base, r, remote, s) < 0) {
		drop_ref(r, CLAIM_PUSH_REF);
		return -1;
	}
	rc = gi_git_push_notes(r, remote, CLAIM_PUSH_REF, o);
	drop_ref(r, CLAIM_PUSH_REF);
	if (rc)
		return rc;
	/* the remote is `c` now: so is our view of it, unless a fetch beside
	 * us moved the view meanwhile (then it is newer) */
	gi_buf_addf(&track, "refs/notes/remotes/%s/issues", remote);
	cas = gi_store_cas(r, track.buf, &c, have_base ? &base : NULL,
			   "git issue-worktree: claim pushed");
	/* moved already: git push itself moves it to `c` when the remote's
	 * fetch refspec names it (git issue-init adds one), or a fetch beside
	 * us moved it on; either way it holds `c`, and the notes take `c` in */
	if ((cas < 0 && cas != GIT_EMODIFIED) ||
	    gi_git_merge_notes(r, &c, remote, &changed) < 0)
		gi_warning("the claim reached '%s', but the local notes did "
			   "not take it in: the next sync does", remote);
	gi_buf_release(&track);
	return 0;
}

static void confirm_undecided(struct gi_claim_states *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		if (s->v[i].outcome == GI_CLAIM_UNCONFIRMED)
			s->v[i].outcome = GI_CLAIM_CONFIRMED;
}

/*
 * Rounds until every claim is decided, or the time is up. A round
 * fetches, merges and judges, then pushes the claims still undecided; a
 * claim that lost keeps its release here (it goes with the next sync:
 * a push of it raced the other losers' for nothing). The first round
 * pushes before fetching when the view of the remote is fresh
 * (push_first): the winner makes one round trip, a loser two.
 */
static void decide(struct gi_claim_states *s, struct gi_repo *r,
		   const char *remote, const char *clone)
{
	struct gi_sync_opts o;
	int round, rc, prc, refused_first = 0;

	memset(&o, 0, sizeof(o));
	o.remote = remote;
	o.deadline_ms = claim_deadline(r);
	for (round = 0; round < MAX_ROUNDS; round++) {
		/* after a refused first push the remote has what beat us:
		 * look at once */
		if (round && !refused_first)
			backoff(round, o.deadline_ms);
		refused_first = 0;
		if (gi_now_ms() >= o.deadline_ms)
			break;
		if (!round && push_first(s, r, remote, clone)) {
			prc = push_claims(s, r, remote, &o);
			if (prc == 0)
				confirm_undecided(s);
			if (prc != 1)
				break;
			refused_first = 1;
			continue;	/* the remote moved: look */
		}
		rc = look(s, r, &o, clone);
		if (rc != 0)
			break;	/* decided, or the remote cannot be reached */
		prc = push_claims(s, r, remote, &o);
		if (prc == 1)
			continue;	/* someone pushed first: look again */
		if (prc == 0)
			confirm_undecided(s);
		break;	/* decided; or the push failed: undecided */
	}
}

/* What was undecided at the start, as it is now. */
static void report(struct gi_claim_states *out,
		   const struct gi_claim_states *s, const unsigned char *was)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		struct gi_claim_state *st;

		if (!was[i])
			continue;
		GI_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		st = &out->v[out->nr++];
		*st = s->v[i];
		st->winner = gi_xstrdup_or_null(s->v[i].winner);
	}
}

int gi_claims_settle(struct gi_claim_states *out, struct gi_repo *r)
{
	struct gi_claim_states s = { NULL, 0, 0, NULL };
	unsigned char *was = NULL;
	char *remote = NULL, *clone = NULL;
	size_t i;
	int fd, ret = -1;

	memset(out, 0, sizeof(*out));
	fd = open_locked(r, 0);
	if (fd < 0)
		return fd == -2 ? 0 : -1;
	read_states(&s, fd);
	was = gi_xcalloc(s.nr + 1, 1);
	for (i = 0; i < s.nr; i++)
		was[i] = s.v[i].outcome == GI_CLAIM_UNCONFIRMED;
	if (!undecided(&s)) {
		ret = 0;
		goto done;
	}
	if (gi_remote_pick(r, NULL, 1, &remote) < 0 ||
	    gi_clone_id(&clone, r, 1) < 0)
		goto done;
	if (!remote) {
		/* nobody can race us through git */
		for (i = 0; i < s.nr; i++)
			if (was[i])
				s.v[i].outcome = GI_CLAIM_CONFIRMED;
	} else {
		decide(&s, r, remote, clone);
	}
	report(out, &s, was);
	out->remote = remote;
	remote = NULL;
	ret = write_states(&s, fd);
done:
	close(fd);
	free(was);
	free(remote);
	free(clone);
	gi_claim_states_release(&s);
	return ret;
}

/*
 * Issue n, whose worktree w this clone holds: is it held by another
 * clone too? Claims decided by the remote never give two holders; a
 * remote's notes forced back under a confirmed claim do (a second clone
 * then claimed it on the remote that no longer had ours, and a merge
 * brings both back). Nothing can tell which is right: it is said.
 */
static int warn_contested(struct gi_repo *r, const struct gi_worktree *w,
			  const char *clone)
{
	struct gi_issue is;
	struct gi_claim_list open = { NULL, 0, 0 };
	const struct gi_claim *other;
	size_t i;
	int mine = 0;

	if (gi_issue_load(&is, r, NULL, w->issue) < 0)
		return 0;
	gi_claims_open(&open, &is);
	for (i = 0; i < open.nr; i++)
		mine |= gi_claim_is_ours(&open.v[i], clone) &&
			gi_claim_names_worktree(&open.v[i],
						gi_worktree_claim_name(w),
						w->path);
	other = mine ? gi_claims_other(&open, clone) : NULL;
	if (other) {
		char *who = describe(other);
		char name[GI_ISSUE_NAME_MAX];

		gi_warning("issue %s is held by two clones: this one (clone "
			   "%s) and %s; both claims were confirmed, so the "
			   "remote's notes were forced back between them; "
			   "agree on one: 'git issue-worktree --release %s' in "
			   "the clone that gives it up", gi_label(w->issue),
			   clone, who, gi_issue_name(w->issue, name));
		free(who);
	}
	gi_claim_list_release(&open);
	gi_issue_release(&is);
	return other != NULL;
}

size_t gi_claims_warn_contested(struct gi_repo *r)
{
	struct gi_worktree_list wts;
	char *clone = NULL;
	size_t i, nr = 0;

	if (gi_clone_id(&clone, r, 0) < 0 || !clone)
		return 0;	/* no id: this clone holds nothing */
	if (gi_worktree_list(&wts, r) < 0) {
		free(clone);
		return 0;
	}
	for (i = 0; i < wts.nr; i++)
		if (wts.v[i].issue && !wts.v[i].missing)
			nr += warn_contested(r, &wts.v[i], clone);
	gi_worktree_list_release(&wts);
	free(clone);
	return nr;
}

/* Say what became of the other claims decided with ours. */
static void tell_others(const struct gi_claim_state *st)
{
	if (st->outcome == GI_CLAIM_LOST)
		gi_warning("the claim on issue %s lost to %s: it is released; "
			   "its worktree stays", gi_label(st->issue),
			   st->winner);
}

int gi_claim_decide(struct gi_repo *r, long n, const char *id, int steal)
{
	struct gi_claim_states s;
	size_t i;
	int ret = 0;

	if (gi_claim_pending_add(r, n, id, steal) < 0 ||
	    gi_claims_settle(&s, r) < 0) {
		gi_warning("the claim on issue %s is not confirmed: the next "
			   "'git issue-sync' decides it", gi_label(n));
		return 0;
	}
	for (i = 0; i < s.nr; i++) {
		const struct gi_claim_state *st = &s.v[i];

		if (strcmp(st->id, id)) {
			tell_others(st);
		} else if (st->outcome == GI_CLAIM_LOST) {
			gi_error("not taking issue %s: %s claimed it first (its "
				 "claim reached '%s' before ours, which is "
				 "released); nothing was made", gi_label(n),
				 st->winner, s.remote ? s.remote : "?");
			ret = GI_ECLAIMED;
		} else if (st->outcome == GI_CLAIM_UNCONFIRMED) {
			gi_warning("the claim on issue %s is not confirmed: "
				   "'%s' could not decide it in time (offline?); "
				   "the next 'git issue-sync' confirms it or "
				   "says who holds the issue", gi_label(n),
				   s.remote ? s.remote : "?");
		}
	}
	gi_claim_states_release(&s);
	return ret;
}
