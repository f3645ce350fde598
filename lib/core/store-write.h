/*
 * store-write.h: writing issue notes in refs/notes/issues (store.h):
 * lines appended to one issue's note or to many issues' in one commit,
 * the ref moved with compare-and-swap, retried with a jittered backoff
 * when another writer moved or locked it; and `git gc --auto` after.
 */
#ifndef GITISSUE_CORE_STORE_WRITE_H
#define GITISSUE_CORE_STORE_WRITE_H

#include "gitissue/core/store.h"

/** Options for gi_store_append. */
struct gi_append_opts {
	const char *ref;	/* default GI_NOTES_REF */
	const char *message;	/* notes commit message */
	const char *ident;	/* "name <email>" of the commit; NULL:
				 * gi_identity */
	int max_tries;		/* default 100 */
	/* gi_store_append_many: called with each note blob it writes (its
	 * id and bytes; again on a retry), e.g. to cache what it holds */
	void (*written)(const git_oid *blob, const char *data, size_t len,
			void *payload);
	void *written_payload;
	int tries;		/* out: attempts used */
	size_t added;		/* out: lines that were new */
};

/**
 * Add `lines` (each one record line, no newline) to issue `n`'s note and
 * move the ref with compare-and-swap, retrying with a jittered back-off
 * when another writer moved it first or holds its lock (the retry loop
 * of both append paths). Lines already present are skipped;
 * when nothing is new, nothing is written.
 * @return 0, or -1 (reported).
 */
int gi_store_append(struct gi_repo *r, long n, const struct gi_lines *lines,
		    struct gi_append_opts *opts);

/* One issue's lines for gi_store_append_many. */
struct gi_store_item {
	long issue;
	const struct gi_lines *lines;
	size_t added;		/* out: lines that were new */
};

/**
 * gi_store_append for many issues in one commit (an import of thousands
 * of issues is one write, not thousands). opts->added counts all.
 * @return 0, or -1 (reported).
 */
int gi_store_append_many(struct gi_repo *r, struct gi_store_item *items,
			 size_t nr, struct gi_append_opts *opts);

/**
 * Run `git gc --auto` the way git's own commands do after writing
 * objects, but only when a cheap count of loose objects (git's own
 * estimate) says it would do something: spawning git costs more than the
 * check.
 */
void gi_store_maybe_gc(struct gi_repo *r);

/**
 * Move `ref` from `old` (NULL: must not exist) to `new` atomically.
 * @return 0, GIT_EMODIFIED when someone else moved it, GIT_ELOCKED when
 * its lock file is taken (a writer at work, or one that was killed), or
 * -1 (reported).
 */
int gi_store_cas(struct gi_repo *r, const char *ref, const git_oid *new,
		 const git_oid *old, const char *logmsg);

/**
 * Report a ref that stayed locked through every retry: name the lock
 * file and say how to clear it, as git does. @return -1.
 */
int gi_store_locked_error(struct gi_repo *r, const char *ref);

/* The backoff of the store's retry loops (gi_backoff()): 1 ms, plus up
 * to 1, 2, then 4 ms at random: a writer holds the ref for about 1 ms. */
#define GI_STORE_BACKOFF { 1000, 1000, 4000, 0 }

#endif
