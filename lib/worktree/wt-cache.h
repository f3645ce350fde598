/*
 * wt-cache.h: what a worktree's uncommitted work is, kept by the key of
 * its state ($GIT_COMMON_DIR/issue-cache/worktrees), so that the board
 * (status.c) and the verdicts of overlap.c read each worktree once per
 * command and compare nothing when it has not changed since the last run.
 *
 * The key (scan-quick.h, gi_scan_key) is a hash of HEAD and of the stat
 * data of the index, of every tracked file and every untracked file that
 * is not ignored: a file edited, the index changed or HEAD moved is
 * another key. It is computed once per command and worktree (one walk),
 * however many readers ask. A cache only: a file that is short, corrupt or
 * from another machine reads as empty; the newest 256 worktree states are
 * kept.
 */
#ifndef GITISSUE_WORKTREE_WT_CACHE_H
#define GITISSUE_WORKTREE_WT_CACHE_H

#include <stddef.h>
#include <time.h>

#include <git2.h>

#include "gitissue/util/repo.h"
#include "worktree/scan-quick.h"

/* What the overlap's reading of a worktree's work found. */
enum gi_wt_work {
	GI_WORK_NONE,		/* nothing uncommitted, or touched only */
	GI_WORK_TIP,		/* a commit of the work on top of HEAD */
	GI_WORK_FOREIGN,	/* a split or sparse index: not compared */
	GI_WORK_UNMERGED,	/* unmerged paths: not compared */
};

/* One worktree's state, and what is known of it. */
struct gi_wt_known {
	unsigned char key[20];
	int keyed;		/* 0: no key (too recent...): keep nothing */
	int has_status;		/* the board's answers, below, are known */
	int dirty;		/* anything uncommitted (untracked too) */
	size_t files;		/* how many files, when dirty */
	time_t newest;		/* their newest change */
	int has_work;		/* the overlap's answers are known */
	enum gi_wt_work work;
	git_oid tip;		/* GI_WORK_TIP: the commit of the work */
};

struct gi_wt_cache;

/**
 * The cache of this command for the repository `r`, read on first use
 * and kept until gi_repo_release. Call it before going parallel; the
 * functions below may then run side by side.
 */
struct gi_wt_cache *gi_wt_cache_of(struct gi_repo *r);

/**
 * Is the worktree `wt` clean, as gi_scan_quick says: asked once per
 * command. A clean worktree needs no key: there is nothing to cache.
 */
enum gi_scan_quick gi_wt_cache_quick(struct gi_wt_cache *c,
				     git_repository *wt);

/**
 * The state of the worktree `wt`: its key (one walk per command) and
 * what the cache knows for that key (has_status, has_work).
 */
void gi_wt_cache_get(struct gi_wt_cache *c, git_repository *wt,
		     struct gi_wt_known *out);

/** Remember what `st` knows (has_status, has_work) under its key. */
void gi_wt_cache_put(struct gi_wt_cache *c, const struct gi_wt_known *st);

/** Write the file when something was put (failures not reported). */
void gi_wt_cache_save(struct gi_wt_cache *c, struct gi_repo *r);

#endif
