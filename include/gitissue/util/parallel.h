/*
 * parallel.h: work on many issues over the cores, results in order.
 *
 * The readers that go through every issue (search, list) spend their time
 * inflating and scanning note blobs, work that splits across cores. Each
 * thread gets its own git_repository (libgit2 objects are not shared
 * between threads); items are handed out one at a time, and the result of
 * each item is passed on in item order, one at a time, so that output is
 * the same as from one thread. Finished results waiting for an earlier
 * item are bounded in bytes: a thread that is ahead waits rather than
 * letting them pile up.
 */
#ifndef GITISSUE_UTIL_PARALLEL_H
#define GITISSUE_UTIL_PARALLEL_H

#include <git2.h>
#include <stddef.h>

#include "gitissue/util/repo.h"

struct gi_parallel {
	size_t nr;		/* items 0..nr-1 */
	int threads;		/* 0: one per core, at most GI_PARALLEL_MAX */
	size_t min_items;	/* fewer items than this per thread: fewer
				 * threads (0: 1) */
	size_t max_waiting;	/* bytes of results waiting; 0: no bound */
	/*
	 * Work on item i with `repo`, which belongs to the calling thread;
	 * *bytes: the size of the result it keeps until `done`. Non-zero
	 * stops everything (reported by the callee).
	 */
	int (*work)(git_repository *repo, size_t i, size_t *bytes,
		    void *payload);
	/* Item i is finished: called in item order, never two at once;
	 * may be NULL. Non-zero stops everything. */
	int (*done)(size_t i, void *payload);
	void *payload;
};

#define GI_PARALLEL_MAX 8

/** How many threads `issue.threads` (0 or unset: one per core) gives;
 * *configured says whether it was set to a number. */
int gi_parallel_threads(struct gi_repo *r, int *configured);

/**
 * From now on, read packs through small windows (1 MiB, at most 8 MiB
 * mapped at once). Reading every note touches the whole pack, and with
 * libgit2's default windows (1 GiB) all of it stays mapped, which counts
 * as resident memory. At most 1 MiB mapped (256 KiB windows) kept a
 * search of 100,000 records 1.2 MB smaller, but a pack of 2 MB whose
 * notes are deltas of each other was mapped and unmapped 580 times, under
 * libgit2's lock, by both threads: 1.29 times the wall time of git grep.
 * Process-wide, and only for windows mapped after the call: the commands
 * that read every note call it before anything is read.
 */
void gi_parallel_small_windows(void);

/**
 * Run every item. The calling thread works too, on r->repo.
 * @return 0, or the first non-zero that work or done returned, or -1
 * when a thread could not open the repository (reported).
 */
int gi_parallel_run(struct gi_repo *r, const struct gi_parallel *p);

/**
 * Call fn(i, payload) for every i in 0..nr-1, on one thread per core (at
 * most GI_PARALLEL_MAX, never more than nr; the calling thread works
 * too), items handed out one at a time; returns when all are done. For
 * work that needs no repository of its own or opens its own (worktree
 * scans, child processes): fn must touch only what item i owns. A
 * thread that cannot be started leaves its share to the others.
 */
void gi_parallel_each(size_t nr, void (*fn)(size_t i, void *payload),
		      void *payload);

#endif
