/*
 * import.h: records imported from GitHub (import.c): record times and
 * ids made from GitHub's facts, the `issue` and `body` records an issue
 * object gives, and a batch that collects imported lines per issue and
 * writes them.
 */
#ifndef GITISSUE_SYNC_IMPORT_H
#define GITISSUE_SYNC_IMPORT_H

#include <cjson/cJSON.h>

#include "gitissue/core/issue.h"
#include "gitissue/core/record.h"
#include "util/longmap.h"

/** GitHub's "2026-01-02T03:04:05Z" as a record time. */
void gi_import_time(char *out, size_t size, const char *t);
/** A record id that is a function of `what` and three facts: the same
 * in every clone that imports the same answer. */
void gi_import_hash_id(char out[GI_RECORD_ID_HEXSZ + 1], const char *what, const char *a,
		       const char *b, const char *c);

/* Where imported records go: a line for issue n. */
typedef void gi_import_fn(long n, const struct gi_record_fields *f,
			  void *payload);

/**
 * The records GitHub's issue object `obj` adds to what `cur` holds
 * (NULL: the issue is loaded from the notes): an `issue` record when the
 * title, state, its reason, labels, assignees or ids differ, a `body`
 * record when the body (without our creation marker) differs.
 */
void gi_import_issue_object(struct gi_repo *r, const struct gi_issue *cur,
			    const cJSON *obj, gi_import_fn *add,
			    void *payload);

/* Imported lines, per issue, written once at the end of a step. Starts
 * zeroed; its lines emptied by gi_import_batch_write, which keeps the
 * count. */
struct gi_import_batch {
	struct batch_item {
		long issue;
		struct gi_lines lines;
	} *v;
	size_t nr, alloc;
	struct gi_longmap index;	/* issue -> its item */
	size_t added;
};

/** Free what the batch holds, written or not (idempotent); `added`,
 * the count, is kept. */
void gi_import_batch_release(struct gi_import_batch *b);

/** A gi_import_fn: the record as a line of issue n, into the batch
 * `payload`. */
void gi_import_batch_add(long n, const struct gi_record_fields *f,
			 void *payload);
/** A line as it is, for issue n. */
void gi_import_batch_add_line(struct gi_import_batch *b, long n,
			      const char *p, size_t len);
/**
 * Before the batch is written: how many of its issues gain records and
 * had none here (`fresh`: imported), and how many gain records and had
 * some (`updated`). Reads each issue's note once.
 */
void gi_import_batch_census(struct gi_import_batch *b, struct gi_repo *r,
			    long *fresh, long *updated);

/**
 * Write every issue's lines in one commit with `message`, then gc --auto;
 * a dry run only counts what is new. b->added counts the new lines and is
 * kept; the lines are emptied either way. @return 0 or -1 (reported).
 */
int gi_import_batch_write(struct gi_import_batch *b, struct gi_repo *r,
			  int dry_run, const char *message);

/**
 * Write every issue's lines in an append of its own (the mirror's
 * imports: an issue's lines are its own commit); a dry run only counts.
 * b->added counts the new lines and is kept; the lines are emptied.
 * @return 0 or -1 (reported).
 */
int gi_import_batch_write_each(struct gi_import_batch *b, struct gi_repo *r,
			       int dry_run);

#endif
