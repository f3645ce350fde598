/*
 * issue.h: one issue's records as the commands see them: which issue is
 * meant, writing records with their provenance, and loading all records
 * of an issue parsed and resolved (superseded ones marked, malformed ones
 * kept and counted).
 */
#ifndef GITISSUE_ISSUE_H
#define GITISSUE_ISSUE_H

#include "gitissue/note.h"
#include "gitissue/record.h"
#include "gitissue/repo.h"
#include "gitissue/store.h"

/* Largest issue number accepted (GitHub's are 32-bit signed). */
#define GI_ISSUE_MAX 2147483647L

/**
 * Parse an issue number: decimal, 1..GI_ISSUE_MAX, optionally with a
 * leading '#'. @return 0 or -1.
 */
int gi_parse_issue(const char *s, long *out);

/**
 * The issue of `branch`: `branch.<branch>.issue`, else a branch named
 * issue/<N> or issue/<N>-<slug>. A bad configured value is an error
 * (reported, -1); with `quiet` it is only warned about and treated as
 * unset.
 * @return 0 with *out set, GIT_ENOTFOUND, or -1.
 */
int gi_branch_issue(struct gi_repo *r, const char *branch, long *out,
		    int quiet);

/**
 * Which issue this worktree works on: gi_branch_issue of the checked-out
 * branch. @return 0, GIT_ENOTFOUND (detached, bare, unlinked), or -1.
 */
int gi_infer_issue(struct gi_repo *r, long *out);

/**
 * The issue a command works on: `opt` (from --issue or an argument) when
 * given, else what the worktree's branch says. Dies with a message saying
 * how to name the issue when neither does, 128 on a bad number.
 */
long gi_issue_resolve(struct gi_repo *r, const char *opt);

/* Where a record was written from. */
struct gi_provenance {
	char *author;
	char *commit;	/* HEAD's commit, NULL when unborn */
	char *branch;	/* NULL when detached */
	char *worktree;	/* NULL when bare */
};
/** Fill `p` (initialised by the call) for this worktree. */
void gi_provenance_fill(struct gi_provenance *p, struct gi_repo *r);
void gi_provenance_release(struct gi_provenance *p);

/**
 * Format the records `f[0..nr-1]` and append them to issue `n` as one write
 * (provenance fields left NULL are filled in), then run auto-gc when due.
 * The ids written go to `ids` (each 17 bytes) when not NULL.
 * @return 0 or -1 (reported).
 */
int gi_issue_add(struct gi_repo *r, long n, struct gi_record_fields *f,
		 size_t nr, char (*ids)[17]);

/* All records of one issue. */
struct gi_issue {
	long number;
	struct gi_lines lines;
	struct gi_record *rec;	/* parallel to lines, time order */
	size_t nr;
	size_t malformed;
	const char *title;	/* latest issue/title record, or NULL */
	const char *state;
	const struct gi_record *last;	/* newest valid record */
};

/** Load (`is` initialised by the call) from the notes ref tip (notes
 * NULL) or a given notes commit. An issue with no note has no records.
 * @return 0 or -1 (reported). */
int gi_issue_load(struct gi_issue *is, struct gi_repo *r,
		  const git_oid *notes, long n);
/** Load from a note blob already located (e.g. by gi_store_list). */
int gi_issue_load_blob(struct gi_issue *is, struct gi_repo *r,
		       const git_oid *blob, long n);
/** Load from a note's bytes (copied). */
void gi_issue_load_data(struct gi_issue *is, const char *data, size_t len,
			long n);
void gi_issue_release(struct gi_issue *is);

/* What gi_issue_counts counts: valid records that are not superseded. */
struct gi_issue_counts {
	size_t records;
	size_t lessons;
};
void gi_issue_counts(struct gi_issue_counts *out, const struct gi_issue *is);

/**
 * The record of `is` whose id is `prefix` or starts with it (at least 4
 * characters). *out points into `is`.
 * @return 0, GIT_ENOTFOUND, GIT_EAMBIGUOUS, or GI_EINVALID (too short).
 */
int gi_issue_find_record(const struct gi_record **out,
			 const struct gi_issue *is, const char *prefix);

#endif
