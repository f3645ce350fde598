/*
 * landed.h: the issues whose work has landed. An issue whose branch is
 * merged into its base (a merge, a fast-forward, a squash or a rebase
 * merge, as the board detects them: gi_branch_state) is done for the
 * ready queue and for the issues it blocks before anyone closes it; and
 * wherever an issue is named beside another (a blocker, a parent), its
 * state is named with it: open, closed, merged or provisional.
 */
#ifndef GITISSUE_WORKTREE_LANDED_H
#define GITISSUE_WORKTREE_LANDED_H

#include "gitissue/core/issue.h"
#include "gitissue/util/repo.h"

struct gi_plan;

/* An issue with a branch merged into its base. */
struct gi_landed_issue {
	long issue;
	char *branch;		/* the merged branch */
	char *base;		/* its base, for people ("origin/main") */
	int squashed;		/* merged though its commits are not in the
				 * base: a squash or rebase merge */
};

struct gi_landed {
	struct gi_landed_issue *v;	/* sorted by issue */
	size_t nr, alloc;
};

/**
 * Every issue with a local branch merged into its base (`out`
 * initialised by the call). Reads only: branches, their bases, the
 * commits and trees between. Uncommitted work in a worktree does not
 * count here (the board shows it).
 * @return 0 or -1 (reported).
 */
int gi_landed_collect(struct gi_landed *out, struct gi_repo *r);
void gi_landed_release(struct gi_landed *l);

/** Issue n's entry, or NULL when its work has not landed. */
const struct gi_landed_issue *gi_landed_get(const struct gi_landed *l,
					    long n);

/**
 * Is the issue done: closed, or (still open) merged? `is` NULL: an issue
 * with no record here, not done.
 */
int gi_issue_done(const struct gi_issue *is, const struct gi_landed *l);

/**
 * The issue's state in one word: "closed", "merged" (open, its branch in
 * its base), "provisional" (open, not on GitHub yet), "open", or
 * "unknown" (`is` NULL or without records). A static string.
 */
const char *gi_issue_state_word(const struct gi_issue *is, long n,
				const struct gi_landed *l);

/** gi_issue_state_word for one issue, its own branches looked at. */
const char *gi_issue_state_here(struct gi_repo *r, const struct gi_issue *is);

/*
 * The same for a view that names many issues (a brief names its blockers
 * and up to 30 related issues): the branches are listed once, at the first
 * question, and the bases they are judged against are looked up once.
 */
struct gi_states;

/** A view's states of repository `r`; nothing is read yet. */
struct gi_states *gi_states_new(struct gi_repo *r);

/** gi_issue_state_here, the branches listed once for all the calls; `s`
 * NULL: no branch looked at. */
const char *gi_states_word(struct gi_states *s, const struct gi_issue *is);

void gi_states_free(struct gi_states *s);

/**
 * Name the state of every issue `is` names (its parent and blockers) in
 * their links (`state`), from the plan `p` when given, else loaded.
 */
void gi_links_name_states(struct gi_issue *is, struct gi_repo *r,
			  const struct gi_plan *p, const struct gi_landed *l);

/** "hint: issue #N is merged into B but open: ..." (gi_advise). */
void gi_landed_advise_close(const struct gi_landed_issue *li);

/**
 * Has issue n's branch `branch` at `tip` landed in its base? (NULL
 * branch: a detached HEAD, no.) @return 1 (`out` filled; release it), 0,
 * or -1 (reported).
 */
int gi_landed_branch(struct gi_landed_issue *out, struct gi_repo *r,
		     long n, const char *branch, const git_oid *tip);
void gi_landed_issue_release(struct gi_landed_issue *li);

/**
 * A worktree leaves an issue whose work landed (--switch, --remove,
 * --prune-merged): when the issue is still open, close it as completed
 * (gi_issue_close: an edit record, mirrored at the sync) when
 * issue.closeOnMerge is true, else say how (the default).
 */
void gi_landed_done(struct gi_repo *r, const struct gi_landed_issue *li);

#endif
